"""
=====================================================
Focal and difficulty weights: where they help or hurt
=====================================================

:class:`~sklearn_classweight.FocalWeighter` and
:class:`~sklearn_classweight.DifficultyWeighter` weight training samples by
how hard the wrapped model finds them, measured on out-of-fold predictions
(see :ref:`ug_adaptive_weights`). Hard, overlapping classes are where one
would hope they help. We compare them with plain INS class weights on such a
problem, for a linear model and for gradient boosting, over a few random
splits, and look at what the focal weights do to the linear model.
"""

# %%
# Overlapping classes with a rare class
# -------------------------------------
# A binary problem, 10 % positives, each class made of three clusters that
# overlap with the other class's clusters.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_classification
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import train_test_split
from threadpoolctl import threadpool_limits

from sklearn_classweight import (
    ClassBalancedWeighter,
    DifficultyWeighter,
    FocalWeighter,
    WeightedClassifier,
)


def make_problem(seed):
    X, y = make_classification(
        n_samples=1500,
        n_features=6,
        n_informative=4,
        n_clusters_per_class=3,
        weights=[0.9],
        class_sep=1.0,
        random_state=seed,
    )
    return train_test_split(X, y, test_size=0.5, stratify=y, random_state=seed)


# %%
# Five weighters, two models, three splits
# ----------------------------------------
# ``gamma=0`` would be INS exactly; we try a mild and the classic focusing
# exponent, and the difficulty weights with a fixed and the dynamic exponent.
# Three folds keep the out-of-fold step cheap (each fit costs ``cv + 1`` fits).
weighters = {
    "INS": ClassBalancedWeighter(),
    "focal 0.5": FocalWeighter(gamma=0.5, cv=3, random_state=0),
    "focal 2": FocalWeighter(gamma=2, cv=3, random_state=0),
    "difficulty 1": DifficultyWeighter(tau=1, cv=3, random_state=0),
    "difficulty dyn.": DifficultyWeighter(tau="dynamic", cv=3, random_state=0),
}
models = {
    "logistic regression": LogisticRegression(),
    "gradient boosting": HistGradientBoostingClassifier(max_iter=50, random_state=0),
}
seeds = [0, 1, 2]
scores = {model: {name: [] for name in weighters} for model in models}
# On 750 training samples, one thread is faster than OpenMP's parallel
# overhead in the ~50 boosting fits below.
with threadpool_limits(1):
    for seed in seeds:
        X_train, X_test, y_train, y_test = make_problem(seed)
        for model_name, model in models.items():
            for name, weighter in weighters.items():
                clf = WeightedClassifier(model, weighter).fit(X_train, y_train)
                score = balanced_accuracy_score(y_test, clf.predict(X_test))
                scores[model_name][name].append(score)

print(f"balanced accuracy on held-out data, mean (min-max) over {len(seeds)} splits")
for model_name, by_weighter in scores.items():
    print(model_name)
    for name, values in by_weighter.items():
        print(
            f"  {name:16s} {np.mean(values):.3f} ({min(values):.3f}-{max(values):.3f})"
        )

# %%
# The same numbers as bars:
fig, axes = plt.subplots(1, 2, figsize=(9, 3.5), sharey=True)
for ax, (model_name, by_weighter) in zip(axes, scores.items()):
    names = list(by_weighter)
    means = [np.mean(by_weighter[name]) for name in names]
    ax.bar(names, means, color=["grey"] + ["tab:blue"] * 2 + ["tab:orange"] * 2)
    ax.axhline(0.5, color="black", linestyle=":", linewidth=1)
    ax.set_title(model_name)
    ax.tick_params(axis="x", labelrotation=30)
axes[0].set_ylabel("balanced accuracy")
fig.tight_layout()

# %%
# What focal weights do to a linear model
# ---------------------------------------
# On overlapping classes the samples a linear model gets wrong lie on the
# wrong side of its boundary. Focal weights move the weight onto them: the
# larger ``gamma``, the larger the share of the weight on samples that were
# misclassified out of fold. Once that share passes one half, the best linear
# fit of the weighted data points the other way: the coefficients turn
# against those of the INS model (cosine near -1) and the model predicts
# worse than chance.
X_train, X_test, y_train, y_test = make_problem(0)
ins = WeightedClassifier(LogisticRegression()).fit(X_train, y_train)
print("gamma  weight on OOF mistakes  cos(coef, INS coef)  balanced accuracy")
for gamma in [0, 0.5, 1, 2]:
    clf = WeightedClassifier(
        LogisticRegression(), FocalWeighter(gamma=gamma, cv=3, random_state=0)
    ).fit(X_train, y_train)
    focal = clf.weighter_
    wrong = focal.true_class_proba_ < 0.5
    share = focal.sample_weight_[wrong].sum() / focal.sample_weight_.sum()
    coef, ins_coef = clf.estimator_.coef_[0], ins.estimator_.coef_[0]
    cosine = coef @ ins_coef / (np.linalg.norm(coef) * np.linalg.norm(ins_coef))
    score = balanced_accuracy_score(y_test, clf.predict(X_test))
    print(f"{gamma:5.1f}  {share:22.2f}  {cosine:19.2f}  {score:17.3f}")

# %%
# Reading the results
# -------------------
# On this problem, over three splits (the numbers printed above):
#
# - **Logistic regression: no help, and focal ``gamma=2`` is a disaster.**
#   ``gamma=0.5`` is indistinguishable from INS (0.776 vs 0.779); both
#   difficulty variants are a little worse (0.747, 0.759); ``gamma=2`` drops
#   balanced accuracy to 0.24, below the 0.5 of a constant prediction,
#   because the weights flip the linear model as the last table shows.
# - **Gradient boosting: a small gain.** Difficulty weights (0.848, 0.844)
#   and focal ``gamma=0.5`` (0.836) score a little above INS (0.829); focal
#   ``gamma=2`` is worse (0.782). On three splits these gains are smaller
#   than the spread between splits; over the ten seeds of the benchmark,
#   difficulty weights beat INS for gradient boosting on every seed of the
#   hard problems (by about 0.03 balanced accuracy). A flexible model can
#   fit the hard regions without giving up the easy ones, which is why it is
#   not flipped.
#
# ``benchmarks/adaptive_methods.py`` repeats the comparison over ten seeds on
# easy, hard and noisy three-class problems (see :ref:`ug_adaptive_when`).
# Keep ``gamma=0`` / ``tau=0`` (the base weights exactly) among the
# candidates of a grid search, and let validation decide.
