"""
=====================================================
Weighting vs random over- and under-sampling
=====================================================

The two classic alternatives to weighting are to duplicate minority samples
at random (over-sampling) or to drop majority samples at random
(under-sampling) until the classes are balanced. In expectation, random
over-sampling optimises the same objective as INS weighting, but on a data
set that is larger (slower to fit) and full of exact duplicates;
under-sampling is fast but throws data away, and its result depends on which
samples were dropped.

We compare the three on the same data: quality on a held-out set, over
several random seeds, and fit time. The resamplers come from
`imbalanced-learn <https://imbalanced-learn.org>`_ when it is installed, and
otherwise from a small numpy implementation below.
"""

# %%
# Resamplers
# ----------
import time

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score, f1_score
from sklearn.model_selection import train_test_split

from sklearn_classweight import ClassBalancedWeighter, WeightedClassifier


def random_resample(X, y, *, kind, random_state):
    """Resample every class to the size of the largest ("over") or smallest
    ("under") class, drawing rows at random."""
    rng = np.random.default_rng(random_state)
    classes, counts = np.unique(y, return_counts=True)
    target = counts.max() if kind == "over" else counts.min()
    rows = []
    for label, count in zip(classes, counts):
        members = np.flatnonzero(y == label)
        if kind == "over":
            extra = rng.choice(members, size=target - count, replace=True)
            rows.append(np.concatenate([members, extra]))
        else:
            rows.append(rng.choice(members, size=target, replace=False))
    rows = np.concatenate(rows)
    return X[rows], y[rows]


try:
    from imblearn.over_sampling import RandomOverSampler
    from imblearn.under_sampling import RandomUnderSampler

    def resample(X, y, *, kind, random_state):
        sampler = RandomOverSampler if kind == "over" else RandomUnderSampler
        return sampler(random_state=random_state).fit_resample(X, y)

    source = "imbalanced-learn"
except ImportError:
    resample = random_resample
    source = "numpy fallback"
print("resamplers from:", source)

# %%
# Data and models
# ---------------
# Four classes with 2 % of the samples in the rarest one; 40,000 training
# samples. All models fit the same
# :class:`~sklearn.linear_model.LogisticRegression`.
X, y = make_classification(
    n_samples=60_000,
    n_features=30,
    n_informative=10,
    n_classes=4,
    n_clusters_per_class=1,
    weights=[0.75, 0.15, 0.08, 0.02],
    class_sep=1.0,
    random_state=0,
)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, train_size=40_000, stratify=y, random_state=0
)
print("training class sizes:", np.bincount(y_train))


def fit_and_score(method, seed):
    estimator = LogisticRegression(max_iter=1000)
    X_fit, y_fit = X_train, y_train
    if method in ("over-sampling", "under-sampling"):
        kind = "over" if method == "over-sampling" else "under"
        X_fit, y_fit = resample(X_train, y_train, kind=kind, random_state=seed)
    elif method == "weighting (INS)":
        estimator = WeightedClassifier(estimator, weighter=ClassBalancedWeighter("ins"))
    start = time.perf_counter()  # time the fit only; resampling itself is cheap here
    estimator.fit(X_fit, y_fit)
    fit_time = time.perf_counter() - start
    y_pred = estimator.predict(X_test)
    return {
        "balanced accuracy": balanced_accuracy_score(y_test, y_pred),
        "macro-F1": f1_score(y_test, y_pred, average="macro"),
        "fit time (s)": fit_time,
        "training rows": len(y_fit),
    }


methods = ["unweighted", "weighting (INS)", "over-sampling", "under-sampling"]
seeds = range(3)
runs = {method: [fit_and_score(method, seed) for seed in seeds] for method in methods}

# %%
# Results
# -------
# The bars are the mean over three seeds (the seed changes which rows the
# resamplers draw; unweighted and weighting are deterministic); the error bars
# span the lowest and highest run.
metrics = ["balanced accuracy", "macro-F1", "fit time (s)"]
print(f"{'method':17s}" + "".join(f"{m:>20s}" for m in metrics + ["training rows"]))
for method in methods:
    means = [
        np.mean([run[m] for run in runs[method]]) for m in metrics + ["training rows"]
    ]
    print(f"{method:17s}" + "".join(f"{value:20.3f}" for value in means))

fig, axes = plt.subplots(1, 3, figsize=(12, 3.8))
colors = ["0.6", "C0", "C1", "C2"]
for ax, metric in zip(axes, metrics):
    values = np.array([[run[metric] for run in runs[method]] for method in methods])
    mean = values.mean(axis=1)
    error = np.clip(
        np.vstack([mean - values.min(axis=1), values.max(axis=1) - mean]), 0, None
    )
    ax.bar(np.arange(len(methods)), mean, yerr=error, color=colors, capsize=3)
    ax.set_xticks(
        np.arange(len(methods)),
        [m.replace(" ", "\n", 1).replace("-", "-\n", 1) for m in methods],
        fontsize=8,
    )
    ax.set_title(metric)
    if metric != "fit time (s)":
        ax.set_ylim(min(0.5, mean.min() - 0.05), 1)
fig.suptitle(f"LogisticRegression, 40,000 training rows (resamplers: {source})")
fig.tight_layout()

# %%
# Weighting and random over-sampling reach the same quality (they optimise
# the same objective in expectation), but over-sampling fits on about three
# times as many rows. Under-sampling is the fastest and, for a linear model
# with close to a thousand samples left in its rarest class, loses little
# here; but it discards nine rows in ten, and its score depends on the draw.
#
# All three rebalancing methods raise balanced accuracy and lower macro-F1
# compared with no rebalancing: they buy recall on the rare classes with
# precision. Which trade is right depends on the cost of each kind of error;
# weighting makes the trade tunable (see the schemes and ``beta``) without
# changing the data. Fit times depend on the machine; their ratios follow
# mostly from the number of training rows.
