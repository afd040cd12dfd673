"""Guard-rails: classes= for classes a fit may not see, max_ratio= for extreme tails,
and the documented single-class decision."""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import GridSearchCV, KFold, cross_validate

from sklearn_classweight import (
    ClassBalancedWeighter,
    WeightedClassifier,
    class_balanced_sample_weight,
)

# --- classes= -----------------------------------------------------------------


def test_a_reserved_absent_class_is_weighted_like_the_rarest_present_one():
    y = ["cat"] * 6 + ["dog"] * 2
    weighter = ClassBalancedWeighter(classes=["cat", "dog", "eel"]).fit(y)
    assert_array_equal(weighter.classes_, ["cat", "dog", "eel"])
    assert_array_equal(weighter.class_counts_, [6, 2, 0])
    cat, dog, eel = weighter.class_weight_
    assert eel == dog == max(cat, dog)
    # The absent class does not change the fitted data's weights: still mean 1.
    assert_allclose(weighter.transform(y).mean(), 1.0)
    assert_allclose(weighter.transform(y), class_balanced_sample_weight(y))
    # A later y that contains the reserved class can be weighted.
    assert_allclose(weighter.transform(["eel", "cat"]), [eel, cat])


@pytest.mark.parametrize("scheme", ["ins", "isns", "ens", "power", "uniform"])
def test_reserved_classes_get_finite_weights_under_every_scheme(scheme):
    weighter = ClassBalancedWeighter(scheme, beta=0.9, power=2.0, classes=[0, 1, 2, 3])
    weighter.fit([0, 0, 0, 0, 2])
    assert np.all(np.isfinite(weighter.class_weight_)) and np.all(
        weighter.class_weight_ > 0
    )
    assert (
        weighter.class_weight_[1]
        == weighter.class_weight_[3]
        == weighter.class_weight_.max()
    )
    if scheme == "ens":
        assert_allclose(
            weighter.effective_num_, [1 + 0.9 + 0.81 + 0.729, 0, 1, 0], rtol=1e-15
        )


def test_reserved_classes_with_dict_and_callable_schemes():
    dict_scheme = {0: 1.0, 1: 4.0, 2: 2.0}
    weighter = ClassBalancedWeighter(
        dict_scheme, normalize=None, classes=[0, 1, 2]
    ).fit([0, 2])
    assert_array_equal(
        weighter.class_weight_, [1.0, 4.0, 2.0]
    )  # a dict value is used as is
    seen = []

    def inverse(counts):
        seen.append(counts)
        return 1 / counts

    weighter = ClassBalancedWeighter(inverse, normalize=None, classes=[0, 1, 2]).fit(
        [0, 0, 2]
    )
    assert_array_equal(seen[0], [2, 1])  # the callable sees the present classes only
    assert_array_equal(weighter.class_weight_, [0.5, 1.0, 1.0])


def test_a_cross_validation_fold_missing_a_rare_class():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(60, 3))
    y = np.array([0] * 30 + [1] * 26 + [2] * 4)  # class 2 only in the last fold
    X[:, 0] += y
    folds = KFold(n_splits=3)  # unshuffled: the last fold holds all of class 2
    model = WeightedClassifier(
        LogisticRegression(), ClassBalancedWeighter(classes=[0, 1, 2])
    )
    result = cross_validate(
        model,
        X,
        y,
        cv=folds,
        return_estimator=True,
        return_indices=True,
        error_score="raise",
    )
    for fitted, test in zip(result["estimator"], result["indices"]["test"]):
        weighter = fitted.weighter_
        assert_array_equal(weighter.classes_, [0, 1, 2])
        assert np.all(np.isfinite(weighter.class_weight_)) and np.all(
            weighter.class_weight_ > 0
        )
        # The held-out fold can be weighted by the weighter fitted without it.
        assert np.all(weighter.transform(y[test]) > 0)
    train, test = result["indices"]["train"][2], result["indices"]["test"][2]
    assert_array_equal(result["estimator"][2].weighter_.class_counts_, [30, 10, 0])

    # Without classes=, the weighter of that fold cannot weight its held-out part.
    unreserved = WeightedClassifier(LogisticRegression()).fit(X[train], y[train])
    with pytest.raises(ValueError, match=r"labels not seen during fit: \[2\]"):
        unreserved.weighter_.transform(y[test])


def test_grid_search_over_max_ratio_with_folds_missing_a_rare_class():
    rng = np.random.RandomState(1)
    X = rng.normal(size=(90, 2))
    y = np.append(np.tile([0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0], 8), [2, 2])
    X[:, 0] += y
    search = GridSearchCV(
        WeightedClassifier(
            LogisticRegression(), ClassBalancedWeighter(classes=[0, 1, 2])
        ),
        {"weighter__max_ratio": [None, 5.0, 20.0]},
        cv=KFold(n_splits=3),  # unshuffled: class 2 lies in the last fold only
        scoring="accuracy",
        error_score="raise",
    ).fit(X, y)
    assert np.all(np.isfinite(search.cv_results_["mean_test_score"]))
    assert_array_equal(search.best_estimator_.weighter_.classes_, [0, 1, 2])


# --- max_ratio= ----------------------------------------------------------------


def test_max_ratio_caps_an_extreme_long_tail():
    counts = np.array([100_000, 1_000, 10, 1])
    y = np.repeat(np.arange(4), counts)
    plain = ClassBalancedWeighter().fit(y)
    assert_allclose(plain.class_weight_.max() / plain.class_weight_.min(), 1e5)
    capped = ClassBalancedWeighter(max_ratio=100.0).fit(y)
    ratio = capped.class_weight_ / capped.class_weight_.min()
    assert_allclose(ratio, [1, 100, 100, 100])
    # The cap is applied before normalize: the mean weight is still 1.
    assert_allclose(capped.transform(y).mean(), 1.0)


@pytest.mark.parametrize("scheme", ["ins", "isns", "ens", "power"])
@pytest.mark.parametrize("max_ratio", [1.0, 1.5, 10.0])
def test_max_ratio_bounds_the_ratio_and_keeps_the_order(scheme, max_ratio):
    y = np.repeat(np.arange(5), [500, 120, 40, 7, 1])
    raw = ClassBalancedWeighter(scheme, beta=0.99, power=1.5).fit(y).class_weight_
    capped = ClassBalancedWeighter(scheme, beta=0.99, power=1.5, max_ratio=max_ratio)
    weights = capped.fit(y).class_weight_
    assert weights.max() / weights.min() <= max_ratio * (1 + 1e-12)
    assert np.all(np.diff(weights) >= 0)  # rarer classes still weigh at least as much
    if max_ratio == 1.0:
        assert_allclose(weights, 1.0)
    uncapped = raw.max() / raw.min() <= max_ratio
    assert uncapped == np.allclose(weights, raw)


def test_max_ratio_and_reserved_classes_together():
    weighter = ClassBalancedWeighter(classes=[0, 1, 2], max_ratio=3.0).fit(
        [0] * 50 + [1]
    )
    assert_allclose(weighter.class_weight_ / weighter.class_weight_[0], [1, 3, 3])


# --- a single class ------------------------------------------------------------


@pytest.mark.parametrize(
    "normalize, expected", [("mean", 1.0), ("sum", 1.0), ("max", 1.0), (None, 1 / 4)]
)
def test_a_single_class_gives_uniform_weights_and_a_warning(normalize, expected):
    with pytest.warns(UserWarning, match=r"single class \('spam'\).*no effect"):
        weighter = ClassBalancedWeighter(normalize=normalize).fit(["spam"] * 4)
    assert_array_equal(weighter.classes_, ["spam"])
    assert_allclose(weighter.transform(["spam"] * 4), expected)


def test_a_single_class_is_left_to_the_classifier():
    # The weights are fine; whether one class can be learned is the
    # estimator's call (LogisticRegression says no, a dummy would say yes).
    X = np.zeros((4, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        with pytest.raises(ValueError, match="only one class"):
            WeightedClassifier(LogisticRegression()).fit(X, [3, 3, 3, 3])


@pytest.mark.parametrize(
    "call, match",
    [
        (
            lambda: WeightedClassifier().fit(None, [0, 1]),
            r"X must be array-like with one row per sample.*got NoneType",
        ),
        (
            lambda: WeightedClassifier(SGDClassifier()).partial_fit(
                None, [0, 1], classes=[0, 1]
            ),
            r"X must be array-like with one row per sample.*got NoneType",
        ),
        (
            lambda: ClassBalancedWeighter().partial_fit([0, 1], classes=[]),
            r"classes is empty: list every class that can occur",
        ),
        (
            lambda: ClassBalancedWeighter().partial_fit(["a"], classes=[0, 1]),
            r"y contains labels \['a'\] that are not in classes=\[0, 1\]",
        ),
    ],
    ids=["fit X None", "partial_fit X None", "empty classes", "labels of another type"],
)
def test_bad_stream_inputs_name_the_parameter(call, match):
    with pytest.raises((TypeError, ValueError), match=match):
        call()
