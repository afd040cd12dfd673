"""FocalWeighter and DifficultyWeighter, as a user calls them."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from sklearn_classweight import (
    ClassBalancedWeighter,
    DifficultyWeighter,
    FocalWeighter,
    WeightedClassifier,
)


class ProbaFromX(ClassifierMixin, BaseEstimator):
    """Predicts the probabilities written in X: out-of-fold p_t known by hand."""

    def fit(self, X, y, sample_weight=None):
        self.classes_ = np.unique(y)
        return self

    def predict_proba(self, X):
        return np.asarray(X, dtype=float)

    def predict(self, X):
        return self.classes_[np.argmax(X, axis=1)]


X_HAND = np.array([[0.9, 0.1], [0.5, 0.5], [0.2, 0.8], [0.3, 0.7], [0.6, 0.4], [0.1, 0.9]])
Y_HAND = np.array([0, 0, 1, 1, 1, 1])
UNIFORM = ClassBalancedWeighter("uniform")


def test_focal_formula_by_hand():
    focal = FocalWeighter(gamma=2, base=UNIFORM, cv=2, random_state=0, min_factor=0)
    weights = focal.fit_transform(Y_HAND, X=X_HAND, estimator=ProbaFromX())
    p_t = np.array([0.9, 0.5, 0.8, 0.7, 0.4, 0.9])
    assert_allclose(focal.true_class_proba_, p_t)
    raw = (1 - p_t) ** 2
    assert_allclose(weights, raw * 6 / raw.sum())  # mean 1, like the base


def test_difficulty_formula_by_hand():
    weighter = DifficultyWeighter(tau=2, base=UNIFORM, cv=2, random_state=0)
    weights = weighter.fit_transform(Y_HAND, X=X_HAND, estimator=ProbaFromX())
    # predictions: 0, (tie) 0, 1, 1, 0, 1 -> recall 1.0 for class 0, 0.75 for class 1
    assert_allclose(weighter.recall_, [1.0, 0.75])
    raw = np.array([1e-3, 1e-3, 0.0625, 0.0625, 0.0625, 0.0625])
    assert_allclose(weights, raw * 6 / raw.sum())
    assert_allclose(weighter.transform(Y_HAND), weights)


@pytest.mark.parametrize("weighter", [FocalWeighter(gamma=0), DifficultyWeighter(tau=0)])
def test_zero_exponent_equals_base_exactly(weighter):
    X, y = make_classification(n_samples=120, weights=[0.8], random_state=0)
    weights = weighter.set_params(cv=3).fit_transform(
        y, X=X, estimator=LogisticRegression()
    )
    assert_array_equal(weights, ClassBalancedWeighter().fit_transform(y))


def test_no_leakage_flipping_a_label_leaves_its_prediction():
    X, y = make_classification(n_samples=60, random_state=0)
    splits = [(np.arange(30, 60), np.arange(30)), (np.arange(30), np.arange(30, 60))]
    focal = FocalWeighter(base=UNIFORM, cv=splits)
    focal.fit(y, X=X, estimator=LogisticRegression())
    flipped = y.copy()
    flipped[0] = 1 - y[0]
    again = FocalWeighter(base=UNIFORM, cv=splits).fit(
        flipped, X=X, estimator=LogisticRegression()
    )
    # The model that scores sample 0 never saw it: its label only changes p_t.
    assert_allclose(again.true_class_proba_[0], 1 - focal.true_class_proba_[0])
    assert_allclose(again.true_class_proba_[1:30], focal.true_class_proba_[1:30])


def test_standalone_without_estimator_explains():
    with pytest.raises(ValueError, match="needs the training features X and an unfitted"):
        FocalWeighter().fit_transform(Y_HAND)


def test_weighted_classifier_with_focal_runs_and_is_deterministic():
    X, y = make_classification(n_samples=200, weights=[0.85], flip_y=0.05, random_state=1)
    clf = WeightedClassifier(LogisticRegression(), FocalWeighter(cv=3, random_state=0))
    first = clf.fit(X, y).weighter_.sample_weight_
    assert_array_equal(clf.fit(X, y).weighter_.sample_weight_, first)
    assert_allclose(first.mean(), 1.0)
