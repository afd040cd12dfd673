"""
=====================================================
Class weights for gradient boosting
=====================================================

:class:`~sklearn.ensemble.GradientBoostingClassifier` has no
``class_weight`` parameter, and
:class:`~sklearn.ensemble.HistGradientBoostingClassifier` offers only
``"balanced"`` (INS) or a fixed dict. Both accept ``sample_weight`` in
``fit``, so :class:`~sklearn_classweight.WeightedClassifier` gives them
every scheme, tunable in a grid search.

We train both boosters on an imbalanced three-class problem, unweighted and
with INS and ISNS weights, and compare balanced accuracy and the recall of
the rarest class on a held-out set.
"""

# %%
# An imbalanced three-class problem
# ---------------------------------
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_classification
from sklearn.ensemble import GradientBoostingClassifier, HistGradientBoostingClassifier
from sklearn.metrics import balanced_accuracy_score, recall_score
from sklearn.model_selection import train_test_split

from sklearn_classweight import ClassBalancedWeighter, WeightedClassifier

X, y = make_classification(
    n_samples=3000,
    n_features=20,
    n_informative=8,
    n_classes=3,
    n_clusters_per_class=2,
    weights=[0.90, 0.08, 0.02],
    flip_y=0.01,
    class_sep=1.5,
    random_state=0,
)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.5, stratify=y, random_state=0
)
print("training class sizes:", np.bincount(y_train))

# %%
# Wrapping the boosters
# ---------------------
# The wrapper clones the booster and passes the class-balancing weights to
# its ``fit`` as ``sample_weight``; everything else (early stopping,
# ``predict_proba``, ...) is the booster's own.
boosters = {
    "GradientBoosting": GradientBoostingClassifier(n_estimators=50, random_state=0),
    "HistGradientBoosting": HistGradientBoostingClassifier(
        max_iter=60, learning_rate=0.05, max_leaf_nodes=8, random_state=0
    ),
}
weighters = {
    "unweighted": None,
    "ISNS": ClassBalancedWeighter("isns"),
    "INS": ClassBalancedWeighter("ins"),
}
results = {}
for booster_name, booster in boosters.items():
    for weighter_name, weighter in weighters.items():
        model = (
            booster
            if weighter is None
            else WeightedClassifier(booster, weighter=weighter)
        )
        y_pred = model.fit(X_train, y_train).predict(X_test)
        results[booster_name, weighter_name] = (
            balanced_accuracy_score(y_test, y_pred),
            recall_score(y_test, y_pred, labels=[2], average="macro"),
        )
        print(
            f"{booster_name:21s} {weighter_name:10s} balanced accuracy "
            f"{results[booster_name, weighter_name][0]:.3f}, rarest-class recall "
            f"{results[booster_name, weighter_name][1]:.3f}"
        )

# %%
# Results
# -------
fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
width = 0.25
for ax, metric_index, metric in zip(
    axes, (0, 1), ("balanced accuracy", "recall of the rarest class")
):
    for offset, weighter_name in enumerate(weighters):
        values = [results[b, weighter_name][metric_index] for b in boosters]
        bars = ax.bar(
            np.arange(len(boosters)) + (offset - 1) * width,
            values,
            width,
            label=weighter_name,
        )
        ax.bar_label(bars, fmt="%.2f", fontsize=8)
    ax.set_xticks(np.arange(len(boosters)), list(boosters))
    ax.set(title=metric, ylim=(0, 1.05))
axes[1].legend(loc="upper right")
fig.tight_layout()

# %%
# Same weights as ``class_weight="balanced"``
# -------------------------------------------
# For :class:`~sklearn.ensemble.HistGradientBoostingClassifier`, INS with the
# default ``normalize="mean"`` is exactly its own ``class_weight="balanced"``:
# the same per-sample weights, hence the same model.
native = HistGradientBoostingClassifier(
    max_iter=60, class_weight="balanced", random_state=0
)
wrapped = WeightedClassifier(
    HistGradientBoostingClassifier(max_iter=60, random_state=0),
    weighter=ClassBalancedWeighter("ins"),
)
same = np.allclose(
    native.fit(X_train, y_train).predict_proba(X_test),
    wrapped.fit(X_train, y_train).predict_proba(X_test),
)
print("class_weight='balanced' and WeightedClassifier(INS) agree:", same)
