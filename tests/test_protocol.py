"""The weighter protocol: how WeightedClassifier asks any weighter for weights."""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from sklearn_classweight import ClassBalancedWeighter
from sklearn_classweight._protocol import fit_weighter

y = np.array([0, 0, 0, 1])


class ConstantWeighter(BaseEstimator):
    """A third-party weighter: fit_transform(y) -> one weight per sample."""

    def __init__(self, value=1.0, shape=None):
        self.value = value
        self.shape = shape

    def fit_transform(self, y):
        return np.full(self.shape or len(y), self.value)


class ContextWeighter(BaseEstimator):
    """Names X and estimator in fit_transform, so it is given them."""

    def fit_transform(self, y, sample_weight=None, *, X=None, estimator=None):
        self.seen_ = (X, estimator, sample_weight)
        return np.ones(len(y))


def test_the_class_balanced_weighter_is_the_whole_protocol():
    assert_allclose(
        fit_weighter(ClassBalancedWeighter(), y, sample_weight=np.ones(4)),
        [2 / 3, 2 / 3, 2 / 3, 2],
    )


def test_context_is_passed_only_to_weighters_that_name_it():
    X, estimator = np.zeros((4, 1)), LogisticRegression()
    weighter = ContextWeighter()
    fit_weighter(weighter, y, X=X, estimator=estimator)
    assert weighter.seen_[0] is X and weighter.seen_[1] is estimator
    assert_allclose(fit_weighter(ConstantWeighter(), y, X=X), np.ones(4))


@pytest.mark.parametrize(
    "weighter, kwargs, error, match",
    [
        (StandardScaler(), {}, TypeError, "is a feature transformer"),
        (
            ConstantWeighter(),
            {"sample_weight": np.ones(4)},
            TypeError,
            "does not accept",
        ),
        (ConstantWeighter(shape=3), {}, ValueError, r"shape \(4,\)"),
        (ConstantWeighter(value=np.nan), {}, ValueError, "NaN, infinite"),
        (ConstantWeighter(value=0.0), {}, ValueError, "all zero"),
    ],
    ids=["transformer", "no-sample-weight", "shape", "nan", "zero"],
)
def test_a_weighter_breaking_the_protocol_is_named(weighter, kwargs, error, match):
    with pytest.raises(error, match=match):
        fit_weighter(weighter, y, **kwargs)


class RunningCountWeighter(BaseEstimator):
    """A third-party streaming weighter: running counts, 1 / count per sample."""

    def partial_fit(self, y, sample_weight=None, classes=None):
        if not hasattr(self, "classes_"):
            self.classes_ = np.asarray(classes)
            self.counts_ = np.zeros(len(self.classes_))
        y = np.asarray(y)
        if not np.isin(y, self.classes_).all():
            raise ValueError("y has labels outside classes")
        self.counts_ = self.counts_ + (y[:, None] == self.classes_).sum(axis=0)
        return self

    def transform(self, y):
        return 1.0 / self.counts_[np.searchsorted(self.classes_, y)]


@pytest.mark.parametrize(
    "weighter",
    [ClassBalancedWeighter(), RunningCountWeighter()],
    ids=["ClassBalancedWeighter", "third-party"],
)
def test_a_streaming_step_changes_nothing_until_committed(weighter):
    from sklearn_classweight._protocol import partial_fit_weighter

    weighter.partial_fit([0, 0, 1], classes=[0, 1])
    counts = dict(vars(weighter))
    weights, sample_weight, commit = partial_fit_weighter(weighter, [0, 1, 1, 1])
    assert sample_weight is None and weights.shape == (4,)
    for name, value in counts.items():  # prepared, not taken in
        assert np.array_equal(getattr(weighter, name), value)
    kept = commit()
    assert kept.classes_.tolist() == [0, 1]
    counted = getattr(kept, "class_counts_", getattr(kept, "counts_", None))
    assert counted.tolist() == [3, 4]
