"""WeightedClassifier as the last step of an imbalanced-learn pipeline.

imbalanced-learn's samplers change the training set only during ``fit``; a
WeightedClassifier after one computes its weights on the *resampled* labels,
so it corrects only the imbalance the sampler left (nothing is counted twice).
"""

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from sklearn_classweight import ClassBalancedWeighter, WeightedClassifier

pytest.importorskip("imblearn")
from imblearn.over_sampling import SMOTE  # noqa: E402
from imblearn.pipeline import make_pipeline  # noqa: E402
from imblearn.under_sampling import RandomUnderSampler  # noqa: E402


@pytest.fixture
def data():
    X, y = make_classification(
        n_samples=1000,
        n_classes=3,
        n_informative=4,
        weights=[0.8, 0.15],
        random_state=0,
    )
    assert np.bincount(y).tolist() == [796, 155, 49]
    return X, y


def test_weights_are_computed_on_the_resampled_labels(data):
    X, y = data
    sampler = RandomUnderSampler(sampling_strategy={0: 300}, random_state=0)
    pipe = make_pipeline(sampler, WeightedClassifier()).fit(X, y)

    clf = pipe[-1]
    np.testing.assert_array_equal(clf.weighter_.class_counts_, [300, 155, 49])
    # The same model as resampling by hand, then weighting.
    X_resampled, y_resampled = sampler.fit_resample(X, y)
    by_hand = WeightedClassifier().fit(X_resampled, y_resampled)
    np.testing.assert_allclose(clf.estimator_.coef_, by_hand.estimator_.coef_)
    np.testing.assert_array_equal(pipe.predict(X), by_hand.predict(X))


def test_a_fully_balancing_sampler_leaves_nothing_to_weight(data):
    X, y = data
    pipe = make_pipeline(RandomUnderSampler(random_state=0), WeightedClassifier()).fit(
        X, y
    )
    clf = pipe[-1]
    np.testing.assert_array_equal(clf.weighter_.class_counts_, [49, 49, 49])
    np.testing.assert_allclose(clf.weighter_.class_weight_, 1.0)


def test_partial_oversampling_then_weighting(data):
    # SMOTE brings the rarest class to 200 synthetic-augmented samples; ISNS
    # weights then soften the remaining 796 : 155 : 200 imbalance.
    X, y = data
    pipe = make_pipeline(
        SMOTE(sampling_strategy={2: 200}, random_state=0),
        WeightedClassifier(LogisticRegression(), ClassBalancedWeighter("isns")),
    ).fit(X, y)
    weighter = pipe[-1].weighter_
    np.testing.assert_array_equal(weighter.class_counts_, [796, 155, 200])
    assert (
        weighter.class_weight_[0]
        < weighter.class_weight_[2]
        < weighter.class_weight_[1]
    )
    # Prediction never resamples: one prediction per input row.
    assert pipe.predict(X).shape == y.shape


def test_user_sample_weight_cannot_cross_a_sampler(data):
    # imbalanced-learn's samplers do not resample sample_weight, so weights
    # for the original rows no longer match the resampled ones.
    X, y = data
    pipe = make_pipeline(RandomUnderSampler(random_state=0), WeightedClassifier())
    with pytest.raises(ValueError, match="sample_weight.shape"):
        pipe.fit(X, y, weightedclassifier__sample_weight=np.ones(len(y)))


def test_the_sampler_belongs_outside_the_weighted_classifier(data):
    # Inside, the weights would be computed for the rows before resampling.
    X, y = data
    inside = WeightedClassifier(
        make_pipeline(RandomUnderSampler(random_state=0), LogisticRegression())
    )
    with pytest.raises(ValueError, match="sample_weight"):
        inside.fit(X, y)
