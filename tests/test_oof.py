"""What FocalWeighter and DifficultyWeighter share: folds, determinism,
small classes, validation and the base weighter they modulate."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from sklearn_classweight import (
    ClassBalancedWeighter,
    DifficultyWeighter,
    FocalWeighter,
    WeightedClassifier,
)

BOTH = [FocalWeighter, DifficultyWeighter]
EXPONENT = {FocalWeighter: "gamma", DifficultyWeighter: "tau"}

X_HARD, Y_HARD = make_classification(
    n_samples=240,
    n_classes=3,
    n_informative=3,
    weights=[0.7, 0.2],
    class_sep=0.6,
    random_state=0,
)
FOLDS = list(StratifiedKFold(3, shuffle=True, random_state=0).split(X_HARD, Y_HARD))


class ProbaFromX(ClassifierMixin, BaseEstimator):
    """Predicts the probabilities written in X: out-of-fold p_t known by hand."""

    def fit(self, X, y, sample_weight=None):
        self.classes_ = np.unique(y)
        return self

    def predict_proba(self, X):
        return np.asarray(X, dtype=float)

    def predict(self, X):
        return self.classes_[np.argmax(X, axis=1)]


X_HAND = np.array(
    [[0.9, 0.1], [0.5, 0.5], [0.2, 0.8], [0.3, 0.7], [0.6, 0.4], [0.1, 0.9]]
)
Y_HAND = np.array([0, 0, 1, 1, 1, 1])


# --- deterministic by default, shuffled on request ---------------------------


@pytest.mark.parametrize("make", BOTH)
def test_two_fits_of_the_default_give_identical_weights_and_predictions(make):
    X, y = make_classification(
        n_samples=200, weights=[0.85], flip_y=0.05, random_state=1
    )
    first = WeightedClassifier(LogisticRegression(), make()).fit(X, y)
    second = WeightedClassifier(LogisticRegression(), make()).fit(X, y)
    assert_array_equal(
        first.estimator_.coef_, second.estimator_.coef_
    )  # same weights, same model
    assert_array_equal(first.predict_proba(X), second.predict_proba(X))
    if make is FocalWeighter:
        assert_array_equal(
            first.weighter_.sample_weight_, second.weighter_.sample_weight_
        )
    else:
        assert_array_equal(
            first.weighter_.class_weight_, second.weighter_.class_weight_
        )


def _weights(weighter):
    return weighter.fit_transform(Y_HARD, X=X_HARD, estimator=LogisticRegression())


@pytest.mark.parametrize("make", BOTH)
def test_an_int_cv_means_unshuffled_stratified_folds(make):
    assert_array_equal(_weights(make(cv=3)), _weights(make(cv=StratifiedKFold(3))))


@pytest.mark.parametrize("make", BOTH)
def test_random_state_asks_for_shuffled_folds_with_that_seed(make):
    shuffled = StratifiedKFold(3, shuffle=True, random_state=0)
    assert_array_equal(
        _weights(make(cv=3, random_state=0)), _weights(make(cv=shuffled))
    )
    assert_array_equal(
        _weights(make(cv=3, random_state=0)), _weights(make(cv=3, random_state=0))
    )
    assert not np.array_equal(
        _weights(make(cv=3, random_state=0)), _weights(make(cv=3, random_state=1))
    )
    assert not np.array_equal(
        _weights(make(cv=3, random_state=0)), _weights(make(cv=3))
    )


# --- out of fold ---------------------------------------------------------------


def test_no_leakage_flipping_a_label_leaves_its_prediction():
    X, y = make_classification(n_samples=60, random_state=0)
    splits = [(np.arange(30, 60), np.arange(30)), (np.arange(30), np.arange(30, 60))]
    uniform = ClassBalancedWeighter("uniform")
    focal = FocalWeighter(base=uniform, cv=splits)
    focal.fit(y, X=X, estimator=LogisticRegression())
    flipped = y.copy()
    flipped[0] = 1 - y[0]
    again = FocalWeighter(base=uniform, cv=splits).fit(
        flipped, X=X, estimator=LogisticRegression()
    )
    # The model that scores sample 0 never saw it: its label only changes p_t.
    assert_allclose(again.true_class_proba_[0], 1 - focal.true_class_proba_[0])
    assert_allclose(again.true_class_proba_[1:30], focal.true_class_proba_[1:30])


@pytest.mark.parametrize("make", BOTH)
def test_zero_exponent_equals_base_exactly(make):
    X, y = make_classification(n_samples=120, weights=[0.8], random_state=0)
    weighter = make(cv=3, **{EXPONENT[make]: 0})
    weights = weighter.fit_transform(y, X=X, estimator=LogisticRegression())
    assert_array_equal(weights, ClassBalancedWeighter().fit_transform(y))


@pytest.mark.parametrize("make", BOTH)
def test_max_ratio_one_equals_base_exactly(make):
    weights = _weights(make(cv=3, max_ratio=1))
    assert_allclose(weights, ClassBalancedWeighter().fit_transform(Y_HARD), rtol=1e-12)


# --- classes too small to cross-validate --------------------------------------


X_SMALL, Y_SMALL = make_classification(
    n_samples=41, n_classes=3, n_informative=3, weights=[0.5, 0.475], random_state=0
)
Y_SMALL = np.r_[np.zeros(20, int), np.ones(20, int), [2]]  # class 2: one sample


def test_a_single_sample_class_keeps_its_base_weight_under_focal():
    focal = FocalWeighter(max_ratio=None)
    weights = focal.fit_transform(Y_SMALL, X=X_SMALL, estimator=LogisticRegression())
    base = ClassBalancedWeighter().fit_transform(Y_SMALL)
    assert np.isnan(focal.true_class_proba_[40])  # not cross-validated
    assert not np.isnan(focal.true_class_proba_[:40]).any()
    assert weights[40] == pytest.approx(base[40])


def test_a_single_sample_class_gets_the_typical_difficulty():
    weighter = DifficultyWeighter(max_ratio=None).fit(
        Y_SMALL, X=X_SMALL, estimator=LogisticRegression()
    )
    assert np.isnan(weighter.recall_[2]) and not np.isnan(weighter.recall_[:2]).any()
    geometric_mean = np.sqrt(weighter.difficulty_weight_[:2].prod())
    assert weighter.difficulty_weight_[2] == pytest.approx(geometric_mean)


@pytest.mark.parametrize("make", BOTH)
def test_binary_with_a_single_minority_sample_returns_the_base_weights(make):
    # One class left to cross-validate: nothing to tell apart.
    X, y = X_SMALL[:21], np.r_[np.zeros(20, int), [1]]
    weights = make().fit_transform(y, X=X, estimator=LogisticRegression())
    assert_array_equal(weights, ClassBalancedWeighter().fit_transform(y))


# --- the base weighter ---------------------------------------------------------


@pytest.mark.parametrize("make", BOTH)
def test_another_base_weighter_is_what_gets_modulated(make):
    ens = ClassBalancedWeighter("ens", beta=0.99)
    identity = make(base=ens, cv=FOLDS, **{EXPONENT[make]: 0})
    assert_array_equal(
        _weights(identity),
        ClassBalancedWeighter("ens", beta=0.99).fit_transform(Y_HARD),
    )
    weighter = make(base=ens, cv=FOLDS)
    weights = _weights(weighter)
    assert weighter.base_weighter_.scheme == "ens"
    base = weighter.base_weighter_.transform(Y_HARD)
    assert weights.mean() == pytest.approx(base.mean())  # the base's scale is kept
    assert ens.get_params() == ClassBalancedWeighter("ens", beta=0.99).get_params()


class FeatureNormWeighter(BaseEstimator):
    """A third-party, X-aware base: weight grows with the row's norm."""

    def fit_transform(self, y, sample_weight=None, *, X=None):
        norms = np.linalg.norm(X, axis=1)
        return norms / norms.mean()


@pytest.mark.parametrize("make", BOTH)
def test_an_x_aware_third_party_base_receives_x(make):
    weighter = make(base=FeatureNormWeighter(), cv=FOLDS, **{EXPONENT[make]: 0})
    norms = np.linalg.norm(X_HARD, axis=1)
    assert_allclose(_weights(weighter), norms / norms.mean())


# --- errors ------------------------------------------------------------------


@pytest.mark.parametrize("make", BOTH)
def test_standalone_without_estimator_explains(make):
    with pytest.raises(ValueError, match="needs the training features X and an"):
        make().fit_transform(Y_HAND)


@pytest.mark.parametrize("make", BOTH)
def test_x_and_y_of_different_lengths_is_an_error(make):
    with pytest.raises(ValueError, match="X has 5 rows but y has 6 labels"):
        make().fit_transform(Y_HAND, X=X_HAND[:5], estimator=ProbaFromX())


@pytest.mark.parametrize("make", BOTH)
def test_more_folds_than_the_largest_class_is_an_error_naming_cv(make):
    with pytest.raises(ValueError, match=r"cv=5 stratified folds .*at most 4"):
        make().fit_transform(Y_HAND, X=X_HAND, estimator=ProbaFromX())


@pytest.mark.parametrize("make", BOTH)
@pytest.mark.parametrize(
    "params, name",
    [
        ({"min_factor": 2}, "min_factor"),
        ({"max_ratio": 0.5}, "max_ratio"),
        ({"max_ratio": "2"}, "max_ratio"),
        ({"cv": "five"}, "cv"),
        ({"base": "ins"}, "base"),
        ({"random_state": "zero"}, "random_state"),
    ],
)
def test_bad_common_parameters_are_named(make, params, name):
    with pytest.raises(ValueError, match=f"'{name}' parameter of {make.__name__}"):
        make(**params).fit_transform(Y_HAND, X=X_HAND, estimator=ProbaFromX())


@pytest.mark.parametrize("weighter_class", BOTH)
def test_the_classifier_is_passed_as_estimator_by_keyword(weighter_class):
    """The fit method takes the weighter protocol's own name, estimator=,
    by keyword too: scikit-learn's _fit_context wrapper does not stand in
    the way (see _compat.fit_context)."""
    weighter = weighter_class(cv=3)
    by_keyword = weighter._fit(
        Y_HARD, None, X=X_HARD, estimator=LogisticRegression(), n_iter=1
    )
    assert_allclose(
        by_keyword,
        weighter_class(cv=3).fit_transform(
            Y_HARD, X=X_HARD, estimator=LogisticRegression()
        ),
    )


def test_the_tuner_and_the_out_of_fold_weighters_build_the_same_folds():
    """One home for stratified folds: with every class large enough, the
    folds of make_splits are those the out-of-fold weighters predict on."""
    from sklearn_classweight._cv_selection import make_splits
    from sklearn_classweight._folds import stratified_folds

    codes = np.unique(Y_HARD, return_inverse=True)[1]
    tuner_splits, _ = make_splits(3, X_HARD, Y_HARD, random_state=0)
    measured, singletons, folds = stratified_folds(codes, 3, random_state=0)
    assert measured.shape == Y_HARD.shape and singletons.shape == (0,)
    for (train, test), (fold_train, fold_test) in zip(tuner_splits, folds):
        assert_array_equal(train, fold_train)
        assert_array_equal(test, fold_test)
    weighter = FocalWeighter(cv=3, random_state=0)
    assert_array_equal(
        [test for _, test in weighter._splits(X_HARD, Y_HARD, codes)[1]],
        [test for _, test in folds],
    )
