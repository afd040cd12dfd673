"""
==================================================================
Precision-recall curves and calibration, with and without weights
==================================================================

Class weights change what a model is trained to predict. A model fitted with
class-balancing weights learns the probabilities of a world where the
classes are balanced: its ``predict_proba`` over-estimates the rare class.
Its *ranking* of the samples, and so its precision-recall curve, can change
too, and not always for the better.

This example shows both effects on a binary problem with 5 % positives, and a
simple way to get calibrated probabilities back from the weighted model.
"""

# %%
# Data and models
# ---------------
import matplotlib.pyplot as plt
from sklearn.calibration import CalibrationDisplay
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    average_precision_score,
    brier_score_loss,
    precision_recall_curve,
    precision_score,
    recall_score,
)
from sklearn.model_selection import train_test_split

from sklearn_classweight import ClassBalancedWeighter, WeightedClassifier

X, y = make_classification(
    n_samples=20_000,
    n_features=20,
    n_informative=5,
    weights=[0.95],
    class_sep=0.8,
    random_state=0,
)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.5, stratify=y, random_state=0
)

unweighted = LogisticRegression().fit(X_train, y_train)
weighted = WeightedClassifier(
    LogisticRegression(), weighter=ClassBalancedWeighter("ins")
).fit(X_train, y_train)
print("class weights:", weighted.weighter_.class_weight_.round(2))

# %%
# Undoing the weights' effect on the probabilities
# ------------------------------------------------
# For a model that can represent the true probabilities, weighting class
# ``c`` by ``w_c`` multiplies its predicted odds by ``w_c``. Dividing each
# predicted probability by its class weight and renormalising then gives back
# probabilities for the real class frequencies (the prior correction of
# Elkan, 2001, and Saerens et al., 2002). Real models are only approximately
# right, so the correction is approximate too.


def unweight_proba(proba, class_weight):
    """Map probabilities learned under class weights back to the data's priors."""
    corrected = proba / class_weight
    return corrected / corrected.sum(axis=1, keepdims=True)


proba = {
    "unweighted": unweighted.predict_proba(X_test),
    "weighted (INS)": weighted.predict_proba(X_test),
    "weighted, prior-corrected": unweight_proba(
        weighted.predict_proba(X_test), weighted.weighter_.class_weight_
    ),
}
for name, p in proba.items():
    print(
        f"{name:26s} mean P(positive) {p[:, 1].mean():.3f} "
        f"(true rate {y_test.mean():.3f}), Brier score {brier_score_loss(y_test, p[:, 1]):.4f}, "
        f"recall at 0.5 {recall_score(y_test, p[:, 1] >= 0.5):.3f}"
    )

# %%
# Precision-recall curves
# -----------------------
# The dots mark the operating point ``predict`` picks (threshold 0.5).
# Weighting moves it far towards recall: 0.83 instead of 0.52. The curves
# themselves differ too: here the weighted model ranks *worse* (lower average
# precision). A linear model cannot fit this data exactly, and the weighted
# loss makes it fit the region where the rare class lives at the expense of
# the confident top of the ranking. So weighting is not free for ranking
# metrics; if all you need is another operating point of a good ranking,
# move the threshold instead. The prior-corrected probabilities below are a
# monotone map of the weighted ones, so they share the weighted model's curve.
fig, ax = plt.subplots(figsize=(6.5, 5))
for (name, p), color in zip(list(proba.items())[:2], ["0.4", "C0"]):
    precision, recall, _ = precision_recall_curve(y_test, p[:, 1])
    average_precision = average_precision_score(y_test, p[:, 1])
    ax.step(
        recall,
        precision,
        where="post",
        color=color,
        label=f"{name} (AP = {average_precision:.2f})",
    )
    predicted = p[:, 1] >= 0.5
    ax.plot(
        recall_score(y_test, predicted),
        precision_score(y_test, predicted),
        "o",
        color=color,
        ms=8,
    )
ax.set(
    xlabel="recall",
    ylabel="precision",
    title="Precision-recall on the test set (dots: predict)",
)
ax.legend(loc="upper right")
fig.tight_layout()

# %%
# Reliability diagram
# -------------------
# The weighted model's probabilities for the positive class are far above the
# observed frequencies; the prior correction brings them back close to the
# diagonal, without refitting anything (compare the Brier scores printed
# above). Note that the corrected model, like the unweighted one, needs a
# threshold below 0.5 to recall most positives.
fig, ax = plt.subplots(figsize=(6.5, 5))
for (name, p), color in zip(proba.items(), ["0.4", "C0", "C1"]):
    CalibrationDisplay.from_predictions(
        y_test, p[:, 1], n_bins=10, strategy="quantile", name=name, ax=ax, color=color
    )
ax.set_title("Calibration on the test set")
ax.legend(loc="upper left")
fig.tight_layout()

# %%
# In short: use class weights to train a model that recognises the rare
# class; if you also need probabilities, correct them as above
# (``prior_correction=True``), and pick the decision threshold for your costs,
# e.g. with :class:`~sklearn.model_selection.TunedThresholdClassifierCV`.
# Wrapping the weighted model in
# :class:`~sklearn.calibration.CalibratedClassifierCV` calibrates too, but its
# ``predict`` then gives back the unweighted model's decisions (see
# :ref:`sphx_glr_auto_examples_plot_prior_correction.py`).
