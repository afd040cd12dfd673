"""What the meta-estimators share: type checks, tags, and where weights go."""

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.naive_bayes import MultinomialNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.utils import get_tags

from sklearn_classweight import WeightedClassifier
from sklearn_classweight._meta import (
    check_accepts_sample_weight,
    check_is_classifier,
    check_one_label_per_row,
    pipeline_sample_weight_params,
    sample_weight_requests,
)


def test_a_regressor_or_a_class_is_refused_by_name():
    with pytest.raises(TypeError, match=r"estimator=LinearRegression\(\) is not one"):
        check_is_classifier(LinearRegression(), "WeightedClassifier")
    with pytest.raises(TypeError, match=r"is a class; pass an instance.*SVC\(\)"):
        check_is_classifier(SVC, "WeightedClassifier")


def test_the_wrapper_accepts_what_the_wrapped_estimator_accepts():
    assert get_tags(WeightedClassifier(MultinomialNB())).input_tags.positive_only
    assert not get_tags(
        WeightedClassifier(LogisticRegression())
    ).input_tags.positive_only
    assert get_tags(WeightedClassifier(SVC(kernel="precomputed"))).input_tags.pairwise


def test_weights_go_to_the_last_step_and_user_weights_to_earlier_steps():
    pipeline = make_pipeline(StandardScaler(), LogisticRegression())
    weights, user = np.array([1.0, 2.0]), np.array([3.0, 4.0])
    params = pipeline_sample_weight_params(pipeline, weights, user)
    assert params.keys() == {
        "standardscaler__sample_weight",
        "logisticregression__sample_weight",
    }
    assert params["standardscaler__sample_weight"] is user
    assert params["logisticregression__sample_weight"] is weights
    assert pipeline_sample_weight_params(LogisticRegression(), weights, None) == {
        "sample_weight": weights
    }


def test_the_requests_routing_needs_are_spelled_out():
    pipeline = make_pipeline(StandardScaler(), LogisticRegression())
    assert sample_weight_requests(pipeline) == (
        "StandardScaler().set_fit_request(sample_weight=False), "
        "LogisticRegression().set_fit_request(sample_weight=True)"
    )


def test_an_estimator_without_sample_weight_is_refused_with_the_fallback_named():
    with pytest.raises(TypeError, match="fallback='resample'"):
        check_accepts_sample_weight(
            make_pipeline(StandardScaler(), KNeighborsClassifier())
        )


def test_one_label_per_row():
    with pytest.raises(ValueError, match="X has 3 rows but y has 2 labels"):
        check_one_label_per_row(np.zeros((3, 1)), [0, 1])
