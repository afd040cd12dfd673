"""WeightedClassifier around LightGBM's LGBMClassifier.

The weights reach the booster through ``sample_weight``: the model is the one
LightGBM builds from the same weights passed by hand. Our default equals
LightGBM's ``class_weight="balanced"``; ``is_unbalance`` is a different thing
(see doc/user_guide/interoperability.rst).
"""

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_classweight import (
    ClassBalancedWeighter,
    WeightedClassifier,
    class_balanced_sample_weight,
)

lightgbm = pytest.importorskip("lightgbm")

# Small, single-threaded boosters keep the tests fast and deterministic.
FAST = dict(n_estimators=5, n_jobs=1, verbose=-1, random_state=0)


def majority_weighs_one(class_counts):
    """LightGBM's is_unbalance (and XGBoost's scale_pos_weight) as a scheme."""
    return class_counts.max() / class_counts


@pytest.fixture
def binary():
    return make_classification(n_samples=300, weights=[0.9], random_state=0)


@pytest.fixture
def three_classes():
    return make_classification(
        n_samples=300, n_classes=3, n_informative=4, weights=[0.8, 0.15], random_state=0
    )


def test_weights_reach_the_booster(binary):
    X, y = binary
    weighter = ClassBalancedWeighter("ens", beta=0.99)
    clf = WeightedClassifier(lightgbm.LGBMClassifier(**FAST), weighter=weighter).fit(
        X, y
    )

    by_hand = lightgbm.LGBMClassifier(**FAST).fit(
        X, y, sample_weight=class_balanced_sample_weight(y, scheme="ens", beta=0.99)
    )
    unweighted = lightgbm.LGBMClassifier(**FAST).fit(X, y)
    assert (
        clf.estimator_.booster_.model_to_string() == by_hand.booster_.model_to_string()
    )
    assert (
        clf.estimator_.booster_.model_to_string()
        != unweighted.booster_.model_to_string()
    )


def test_default_is_lightgbm_class_weight_balanced(three_classes):
    X, y = three_classes
    ours = WeightedClassifier(lightgbm.LGBMClassifier(**FAST)).fit(X, y)
    theirs = lightgbm.LGBMClassifier(**FAST, class_weight="balanced").fit(X, y)
    np.testing.assert_array_equal(ours.predict_proba(X), theirs.predict_proba(X))


def test_user_sample_weight_counts_in_the_class_sizes_unlike_lightgbm(three_classes):
    # LightGBM computes class_weight="balanced" from unweighted counts, then
    # multiplies by sample_weight; we balance the *weighted* class sizes, so a
    # weight of 2 means the same as repeating the row.
    X, y = three_classes
    sample_weight = np.where(np.arange(len(y)) % 3 == 0, 3.0, 1.0)
    ours = WeightedClassifier(lightgbm.LGBMClassifier(**FAST)).fit(
        X, y, sample_weight=sample_weight
    )
    by_hand = lightgbm.LGBMClassifier(**FAST).fit(
        X,
        y,
        sample_weight=sample_weight
        * class_balanced_sample_weight(y, sample_weight=sample_weight),
    )
    theirs = lightgbm.LGBMClassifier(**FAST, class_weight="balanced").fit(
        X, y, sample_weight=sample_weight
    )
    np.testing.assert_array_equal(ours.predict_proba(X), by_hand.predict_proba(X))
    assert not np.allclose(ours.predict_proba(X), theirs.predict_proba(X))


def test_is_unbalance_reweights_gradients_but_starts_from_the_unweighted_prior(binary):
    X, y = binary
    # is_unbalance gives the majority class weight 1 and the minority
    # n_majority / n_minority ...
    same_weights = WeightedClassifier(
        lightgbm.LGBMClassifier(**FAST, boost_from_average=False),
        weighter=ClassBalancedWeighter(majority_weighs_one, normalize=None),
    ).fit(X, y)
    is_unbalance = lightgbm.LGBMClassifier(
        **FAST, boost_from_average=False, is_unbalance=True
    ).fit(X, y)
    np.testing.assert_allclose(
        same_weights.predict_proba(X), is_unbalance.predict_proba(X), atol=1e-6
    )
    # ... but its initial score is the unweighted log-odds, sample weights'
    # is the weighted one, so with LightGBM's default boost_from_average=True
    # the models differ.
    start = dict(n_estimators=1, learning_rate=1e-9, verbose=-1)
    weighted_start = WeightedClassifier(lightgbm.LGBMClassifier(**start)).fit(X, y)
    is_unbalance_start = lightgbm.LGBMClassifier(**start, is_unbalance=True).fit(X, y)
    assert weighted_start.predict_proba(X[:1])[0, 1] == pytest.approx(0.5)
    assert is_unbalance_start.predict_proba(X[:1])[0, 1] == pytest.approx(y.mean())


# Every check passes: WeightedClassifier even fixes LightGBM's own two
# failures (check_all_zero_sample_weights_error, check_no_attributes_set_in_init)
# because it validates sample_weight and only stores its parameters in __init__.
@parametrize_with_checks(
    [WeightedClassifier(lightgbm.LGBMClassifier(n_estimators=3, n_jobs=1, verbose=-1))]
)
def test_sklearn_compatible_around_lightgbm(estimator, check):
    check(estimator)


def test_is_unbalance_weights_are_ins_with_normalize_min_but_not_its_start(binary):
    # LightGBM's binary objective multiplies the gradients of the minority by
    # n_majority / n_minority (ins with the smallest weight at 1, counted on
    # unweighted rows), but BoostFromScore starts from the log-odds of the
    # labels weighted by sample_weight only: the unweighted prior. Passed as
    # sample_weight, the same weights also move the start to log-odds 0.
    X, y = binary
    weighter = ClassBalancedWeighter("ins", normalize="min")
    np.testing.assert_allclose(
        weighter.fit(y).class_weight_, [1.0, (y == 0).sum() / (y == 1).sum()]
    )

    def both(**params):
        ours = WeightedClassifier(lightgbm.LGBMClassifier(**FAST, **params), weighter)
        theirs = lightgbm.LGBMClassifier(**FAST, **params, is_unbalance=True)
        return ours.fit(X, y).predict_proba(X), theirs.fit(X, y).predict_proba(X)

    ours, theirs = both(boost_from_average=False)
    np.testing.assert_allclose(ours, theirs, atol=1e-6)
    ours, theirs = both()
    assert np.abs(ours - theirs).max() > 0.05
