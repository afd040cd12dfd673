"""WeightedClassifier around CatBoost's CatBoostClassifier.

CatBoost's ``auto_class_weights="Balanced"`` is INS with the smallest class
weight at 1 (``w_c = max_k W_k / W_c``, ``W_c`` the summed object weights of
class c), and ``"SqrtBalanced"`` is ISNS on the same scale: the library's
schemes with ``normalize="min"``. The scale is part of the model, because
CatBoost's ``l2_leaf_reg`` is absolute (doc/user_guide/04_normalisation.rst).
"""

import numpy as np
import pytest
from sklearn.datasets import make_classification

from sklearn_classweight import ClassBalancedWeighter, WeightedClassifier

catboost = pytest.importorskip("catboost")

# Small, single-threaded boosters keep the tests fast and deterministic.
FAST = dict(
    iterations=20,
    depth=3,
    random_seed=0,
    thread_count=1,
    verbose=False,
    allow_writing_files=False,
)


@pytest.fixture
def three_classes():
    return make_classification(
        n_samples=400,
        n_classes=3,
        n_informative=4,
        weights=[0.85, 0.12],
        random_state=0,
    )


@pytest.mark.parametrize(
    "auto, scheme", [("Balanced", "ins"), ("SqrtBalanced", "isns")]
)
@pytest.mark.parametrize("with_sample_weight", [False, True])
def test_normalize_min_is_catboost_auto_class_weights(
    three_classes, auto, scheme, with_sample_weight
):
    X, y = three_classes
    # Object weights are folded into the class sizes by both (integer weights:
    # see the next test for fractional ones).
    sample_weight = np.arange(len(y)) % 3 + 1.0 if with_sample_weight else None
    ours = WeightedClassifier(
        catboost.CatBoostClassifier(**FAST),
        ClassBalancedWeighter(scheme, normalize="min"),
    ).fit(X, y, sample_weight=sample_weight)
    theirs = catboost.CatBoostClassifier(**FAST, auto_class_weights=auto).fit(
        X, y, sample_weight=sample_weight
    )
    assert np.abs(ours.predict_proba(X) - theirs.predict_proba(X)).max() <= 1e-6


def test_catboost_truncates_fractional_class_totals(three_classes):
    # CatBoost takes the integer part of each class's total object weight
    # before the ratios; the library uses the exact totals, so with
    # fractional object weights the two differ slightly.
    X, y = three_classes
    sample_weight = np.linspace(0.5, 2.0, len(y))
    theirs = catboost.CatBoostClassifier(**FAST, auto_class_weights="Balanced")
    theirs.fit(X, y, sample_weight=sample_weight)
    totals = np.bincount(y, weights=sample_weight)
    exact = ClassBalancedWeighter("ins", normalize="min").fit_counts(totals)
    truncated = ClassBalancedWeighter("ins", normalize="min").fit_counts(
        np.floor(totals)
    )
    catboost_weights = theirs.get_all_params()["class_weights"]
    np.testing.assert_allclose(catboost_weights, truncated.class_weight_, rtol=1e-6)
    assert not np.allclose(catboost_weights, exact.class_weight_, rtol=1e-3)


def test_the_scale_of_the_weights_changes_a_catboost_model(three_classes):
    # Same ratios, another scale: a different model, since l2_leaf_reg does
    # not scale with the weights.
    X, y = three_classes
    proba = {
        normalize: WeightedClassifier(
            catboost.CatBoostClassifier(**FAST),
            ClassBalancedWeighter(normalize=normalize),
        )
        .fit(X, y)
        .predict_proba(X)
        for normalize in ["min", "mean"]
    }
    assert np.abs(proba["min"] - proba["mean"]).max() > 1e-3
