"""
==========================================================
Boosted trees: let the tuner choose the shift, and see why
==========================================================

For a gradient-boosted model, weighting the loss is not the only correction
for a rare class: train the model on the data as it is, then shift its class
scores by ``-tau * log(prior)`` (post-hoc logit adjustment, Menon et al.,
2021). ``tau=1`` is the Bayes rule for the balanced error when the
probabilities are calibrated; boosted trees trained on a tiny class often
need more. :class:`~sklearn_classweight.WeightedClassifierCV` fits the
model once per fold, scores every fold model at a grid of shifts ``tau`` at
no extra fit, and keeps ``tau=1`` unless another shift beats it clearly,
split by split. :class:`~sklearn_classweight.ShiftCurveDisplay` shows what
it saw.
"""

# %%
# A rare positive class
# ---------------------
# 3 % positives, some label noise; half of the data is held out.
from sklearn.datasets import make_classification
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import train_test_split

from sklearn_classweight import (
    LogitAdjustedClassifier,
    ShiftCurveDisplay,
    WeightedClassifierCV,
)

X, y = make_classification(
    n_samples=6000,
    n_features=20,
    n_informative=6,
    weights=[0.97],
    flip_y=0.02,
    class_sep=0.8,
    random_state=0,
)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.5, stratify=y, random_state=0
)
base = HistGradientBoostingClassifier(max_iter=50, random_state=0)

# %%
# The search
# ----------
# By default the one candidate is the booster without weights (no
# ``sample_weight`` at all), scored at 13 shifts from 0 to 3: 5 fits on the
# folds, plus the refit of the selected pair. To compare weightings too, pass
# e.g. ``param_grid={"weighter__scheme": ["uniform", "ins"]}``.
search = WeightedClassifierCV(base).fit(X_train, y_train)
print("selected:", search.best_params_)
evidence = search.selection_evidence_
print(
    f"reference tau={evidence['reference_params']['tau']:g}: "
    f"{evidence['reference_score']:.3f}; best pair tau="
    f"{evidence['challenger_params']['tau']:g}: gain {evidence['mean_gain']:+.3f}, "
    f"threshold {evidence['threshold']:.3f} -> {evidence['reason']}"
)

# %%
# What the tuner saw: the mean validation score at every shift, with a band
# of one standard error, the reference (``tau=1``) and the selected pair.
# A curve still rising at the right edge would say the grid of ``taus`` is
# too short (``selection_evidence_["tau_at_grid_edge"]`` says so too).
display = ShiftCurveDisplay.from_estimator(search)
display.ax_.set_title("Each fold model scored at every shift")

# %%
# ``best_params_`` are parameters of ``best_estimator_``, the refitted
# ``LogitAdjustedClassifier``: ``clone(search.best_estimator_).set_params(
# **search.best_params_)`` is the selected model. ``pair_results_`` ranks
# every (candidate, ``tau``) pair.
#
# Held out
# --------
# Against scikit-learn's own ``class_weight="balanced"`` and a fixed
# ``LogitAdjustedClassifier(tau=1)`` on the same booster:
models = {
    'class_weight="balanced"': HistGradientBoostingClassifier(
        max_iter=50, random_state=0, class_weight="balanced"
    ),
    "LogitAdjustedClassifier(tau=1)": LogitAdjustedClassifier(base, tau=1.0),
    "WeightedClassifierCV()": search,
}
for name, model in models.items():
    if model is not search:
        model.fit(X_train, y_train)
    score = balanced_accuracy_score(y_test, model.predict(X_test))
    print(f"{name:32s} balanced accuracy {score:.3f}")

# %%
# How often the tuner's choice pays, for which model, and at what cost, is
# measured over many tasks in ``benchmarks/quality.py`` and
# ``benchmarks/tuner_cost.py``; the user guide's "Choosing weights and a
# shift by cross-validation" page quotes them.
