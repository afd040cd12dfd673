"""
==============================================================================
Calibrated probabilities after weighting: prior correction vs logit adjustment
==============================================================================

Class-balancing weights buy recall on the rare class and cost calibration:
the weighted model predicts the rare class far more often than it occurs.
Two ways to have both, compared here for a linear model and for gradient
boosting on a binary problem with 3 % positives:

- ``WeightedClassifier(..., prior_correction=True)`` trains with the weights
  and divides ``predict_proba`` by them afterwards, ``p_c ∝ p̂_c / w_c``
  (Elkan, 2001; Saerens et al., 2002); ``predict`` keeps the weighted model's
  decisions;
- :class:`~sklearn_classweight.LogitAdjustedClassifier` trains *without*
  weights and shifts the scores by ``-tau * log(prior_c)`` (Menon et al.,
  2021): its decisions favour the rare class like weighting does, while the
  unweighted model's probabilities stay available in ``estimator_``.

See :ref:`ug_probabilities` for why weighting shifts the probabilities, and
:ref:`ug_calibration_multilabel_fallback` for when to use which.
"""

# %%
# Data and models
# ---------------
import matplotlib.pyplot as plt
import numpy as np
from sklearn.calibration import CalibratedClassifierCV, CalibrationDisplay
from sklearn.datasets import make_classification
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score, brier_score_loss, log_loss
from sklearn.model_selection import GridSearchCV, train_test_split

from sklearn_classweight import LogitAdjustedClassifier, WeightedClassifier

X, y = make_classification(
    n_samples=12_000,
    n_features=10,
    n_informative=5,
    n_redundant=2,
    weights=[0.967],
    class_sep=0.8,
    random_state=0,
)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.5, stratify=y, random_state=0
)
print(
    f"positives: {y_train.mean():.3f} of the training set, {y_test.mean():.3f} of the test set"
)

bases = {
    "LogisticRegression": LogisticRegression(),
    "HistGradientBoosting": HistGradientBoostingClassifier(random_state=0),
}
models = {}
for base_name, base in bases.items():
    weighted = WeightedClassifier(base).fit(X_train, y_train)
    corrected = WeightedClassifier(base, prior_correction=True).fit(X_train, y_train)
    adjusted = LogitAdjustedClassifier(base, tau=1.0).fit(X_train, y_train)
    models[base_name] = {
        "unweighted (= logit-adjusted .estimator_)": adjusted.estimator_,
        "weighted": weighted,
        "weighted, prior_correction=True": corrected,
        "logit-adjusted, tau=1": adjusted,
    }

# %%
# What each one predicts
# ----------------------
# ``mean p(rare)`` should equal the positive rate of the test set (printed
# above) for calibrated probabilities; log-loss and Brier score are lower for better
# probabilities; balanced accuracy scores ``predict``.
for base_name, variants in models.items():
    print(base_name)
    for name, model in variants.items():
        proba = model.predict_proba(X_test)[:, 1]
        print(
            f"  {name:42s} mean p(rare) {proba.mean():.3f}  "
            f"log-loss {log_loss(y_test, proba):.3f}  "
            f"Brier {brier_score_loss(y_test, proba):.4f}  "
            f"balanced accuracy {balanced_accuracy_score(y_test, model.predict(X_test)):.3f}"
        )

# %%
# Reliability diagrams
# --------------------
fig, axes = plt.subplots(1, 2, figsize=(11, 4.8), sharey=True)
for ax, (base_name, variants) in zip(axes, models.items()):
    for name, model in variants.items():
        CalibrationDisplay.from_predictions(
            y_test, model.predict_proba(X_test)[:, 1], n_bins=10, name=name, ax=ax
        )
    ax.set_title(base_name)
    ax.legend(loc="upper left", fontsize=8)
fig.tight_layout()

# %%
# For :class:`~sklearn.linear_model.LogisticRegression` the picture is the
# one the theory predicts. Weighting inflates the rare class: mean p(rare)
# about 0.3 for a 3.7 % class, the curve far below the diagonal, log-loss
# nearly four times that of the unweighted model. The prior correction
# brings mean p(rare) and the log-loss back to about the unweighted model's,
# and keeps the weighted model's decisions (same balanced accuracy). (The
# upper bins hold few samples: read the curves' right half as noisy.)
#
# The logit-adjusted classifier's ``predict_proba`` is as far off as the
# weighted one, by design: it gives the probabilities for *balanced* classes
# (``∝ p̂_c / prior_c``), which is what makes its argmax favour the rare
# class. Its calibrated probabilities are those of its ``estimator_``, the
# unweighted model; its balanced accuracy is close to the weighted model's,
# without training with weights.
#
# Gradient boosting behaves differently. It fits the training set closely,
# so the weights move its probabilities much less than ``p̂_c ∝ w_c p_c``
# assumes (mean p(rare) 0.04, not 0.3), and dividing by the class weights
# anyway *over*-corrects: mean p(rare) drops well below the positive rate and
# the log-loss gets worse than both the weighted and the unweighted model's.
# Here logit adjustment gives the best balanced accuracy. Check a
# reliability diagram like this one before relying on the correction for a
# flexible model; ``benchmarks/calibration.py`` repeats the comparison over
# seeds and problems.

# %%
# Why not ``CalibratedClassifierCV``?
# -----------------------------------
# Wrapping the weighted model in
# :class:`~sklearn.calibration.CalibratedClassifierCV` also gives calibrated
# probabilities, but its calibrator is fitted on held-out folds *without* the
# class weights, and its ``predict`` is the argmax of the calibrated
# probabilities: the unweighted model's decision rule. It undoes the
# weighting. ``prior_correction=True`` reaches the same log-loss and keeps the
# weighted model's decisions.
calibrated = CalibratedClassifierCV(WeightedClassifier(LogisticRegression()))
calibrated.fit(X_train, y_train)
for name, model in {
    "weighted": models["LogisticRegression"]["weighted"],
    "weighted, prior_correction=True": models["LogisticRegression"][
        "weighted, prior_correction=True"
    ],
    "CalibratedClassifierCV(weighted)": calibrated,
    "unweighted": models["LogisticRegression"][
        "unweighted (= logit-adjusted .estimator_)"
    ],
}.items():
    proba = model.predict_proba(X_test)[:, 1]
    print(
        f"{name:35s} log-loss {log_loss(y_test, proba):.3f}  balanced accuracy "
        f"{balanced_accuracy_score(y_test, model.predict(X_test)):.3f}"
    )

# %%
# Tuning ``tau`` by cross-validation
# ----------------------------------
# ``tau`` only acts at prediction time, and any scikit-learn search tunes it
# (refitting the estimator for every value: cheap for a linear model). Here
# for balanced accuracy, for which ``tau=1`` is optimal in theory if the
# unweighted model is calibrated.
search = GridSearchCV(
    LogitAdjustedClassifier(LogisticRegression()),
    {"tau": [0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5]},
    scoring="balanced_accuracy",
)
search.fit(X_train, y_train)
for tau, score in zip(
    search.cv_results_["param_tau"], search.cv_results_["mean_test_score"]
):
    print(f"tau={tau:.2f}: balanced accuracy {score:.3f}")
print("best:", search.best_params_)
print(
    "test balanced accuracy of the tuned model:",
    round(balanced_accuracy_score(y_test, search.predict(X_test)), 3),
)
print("class priors:", np.round(search.best_estimator_.class_prior_, 3))

# %%
# The cross-validated scores are flat between 0.5 and 1 and fall quickly
# beyond: a larger ``tau`` trades the common class's recall for the rare
# one's. The tuned value is not guaranteed to beat ``tau=1`` on new data
# (compare the test score above with the table at the top).
