"""WeightedClassifier around XGBoost's XGBClassifier.

The weights reach the booster through ``sample_weight``: the model is the one
XGBoost builds from the same weights passed by hand. ``scale_pos_weight`` is
one binary special case of class weights, at a scale XGBoost cares about
(see doc/user_guide/interoperability.rst).
"""

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.preprocessing import LabelEncoder
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_classweight import (
    ClassBalancedWeighter,
    WeightedClassifier,
    class_balanced_sample_weight,
)

xgboost = pytest.importorskip("xgboost")

# Small, single-threaded boosters keep the tests fast and deterministic.
FAST = dict(n_estimators=5, max_depth=3, n_jobs=1, random_state=0)


def majority_weighs_one(class_counts):
    """XGBoost's recommended scale_pos_weight (and LightGBM's is_unbalance) as a scheme."""
    return class_counts.max() / class_counts


@pytest.fixture
def binary():
    return make_classification(n_samples=300, weights=[0.9], random_state=0)


def test_weights_reach_the_booster(binary):
    X, y = binary
    weighter = ClassBalancedWeighter("isns")
    clf = WeightedClassifier(xgboost.XGBClassifier(**FAST), weighter=weighter).fit(X, y)

    by_hand = xgboost.XGBClassifier(**FAST).fit(
        X, y, sample_weight=class_balanced_sample_weight(y, scheme="isns")
    )
    unweighted = xgboost.XGBClassifier(**FAST).fit(X, y)

    def trees(model):
        return model.get_booster().get_dump(with_stats=True)

    assert trees(clf.estimator_) == trees(by_hand)
    assert trees(clf.estimator_) != trees(unweighted)


def test_multiclass_weights_reach_the_booster():
    X, y = make_classification(
        n_samples=300, n_classes=3, n_informative=4, weights=[0.8, 0.15], random_state=0
    )
    clf = WeightedClassifier(xgboost.XGBClassifier(**FAST)).fit(X, y)
    by_hand = xgboost.XGBClassifier(**FAST).fit(
        X, y, sample_weight=class_balanced_sample_weight(y)
    )
    np.testing.assert_array_equal(clf.predict_proba(X), by_hand.predict_proba(X))


@pytest.mark.parametrize("tree_method", ["exact", "approx"])
def test_scale_pos_weight_is_majority_weighs_one(binary, tree_method):
    X, y = binary
    n_negative, n_positive = np.bincount(y)
    ours = WeightedClassifier(
        xgboost.XGBClassifier(**FAST, tree_method=tree_method),
        weighter=ClassBalancedWeighter(majority_weighs_one, normalize=None),
    ).fit(X, y)
    theirs = xgboost.XGBClassifier(
        **FAST, tree_method=tree_method, scale_pos_weight=n_negative / n_positive
    ).fit(X, y)
    np.testing.assert_allclose(
        ours.predict_proba(X), theirs.predict_proba(X), atol=1e-6
    )


def test_with_hist_sample_weights_also_move_the_bin_boundaries(binary):
    # XGBoost's default tree_method="hist" builds its quantile sketch with the
    # sample weights (scale_pos_weight does not enter it), so the two differ
    # by more than rounding even though the loss is the same.
    X, y = binary
    n_negative, n_positive = np.bincount(y)
    ours = WeightedClassifier(
        xgboost.XGBClassifier(**FAST, tree_method="hist"),
        weighter=ClassBalancedWeighter(majority_weighs_one, normalize=None),
    ).fit(X, y)
    theirs = xgboost.XGBClassifier(
        **FAST, tree_method="hist", scale_pos_weight=n_negative / n_positive
    ).fit(X, y)
    assert not np.allclose(ours.predict_proba(X), theirs.predict_proba(X), atol=1e-3)


def test_weight_scale_matters_through_reg_lambda_and_min_child_weight(binary):
    # reg_lambda and min_child_weight are in units of summed weight (hessian):
    # mean-normalised weights and majority-weighs-one weights have the same
    # ratios but give different models, unless both penalties are zero.
    X, y = binary

    def fit(normalize, **params):
        scheme = "ins" if normalize else majority_weighs_one
        return (
            WeightedClassifier(
                xgboost.XGBClassifier(**FAST, **params),
                weighter=ClassBalancedWeighter(scheme, normalize=normalize),
            )
            .fit(X, y)
            .predict_proba(X)
        )

    assert not np.allclose(fit("mean"), fit(None), atol=1e-3)
    no_penalty = dict(reg_lambda=0.0, min_child_weight=0.0)
    np.testing.assert_allclose(
        fit("mean", **no_penalty), fit(None, **no_penalty), atol=1e-6
    )


def test_string_labels_need_encoding_first(binary):
    # XGBClassifier only accepts labels 0..n_classes-1; encode them first.
    X, y = binary
    labels = np.array(["healthy", "sick"])[y]
    with pytest.raises(ValueError, match="Invalid classes"):
        WeightedClassifier(xgboost.XGBClassifier(**FAST)).fit(X, labels)
    encoder = LabelEncoder().fit(labels)
    clf = WeightedClassifier(xgboost.XGBClassifier(**FAST)).fit(
        X, encoder.transform(labels)
    )
    assert set(encoder.inverse_transform(clf.predict(X))) == {"healthy", "sick"}


# Checks that fail because of XGBoost itself, not the wrapper. The bare
# XGBClassifier fails them too, or opts out of them with its no_validation tag.
LABELS_NOT_0_TO_K = (
    "XGBClassifier only accepts labels 0..n_classes-1 and these checks use "
    "other labels (e.g. [1, 2] or strings)"
)
OWN_ERROR_WORDING = (
    "XGBoost's C++ core raises its own error message, not the wording the "
    "check expects (the bare XGBClassifier skips this check: no_validation tag)"
)
XGBOOST_XFAILS = {
    "check_estimators_dtypes": LABELS_NOT_0_TO_K,
    "check_sample_weights_pandas_series": LABELS_NOT_0_TO_K,
    "check_sample_weights_not_an_array": LABELS_NOT_0_TO_K,
    "check_sample_weights_shape": LABELS_NOT_0_TO_K,
    "check_sample_weights_not_overwritten": LABELS_NOT_0_TO_K,
    "check_classifier_data_not_an_array": LABELS_NOT_0_TO_K,
    "check_classifiers_classes": LABELS_NOT_0_TO_K,
    "check_fit2d_1sample": LABELS_NOT_0_TO_K,
    "check_fit2d_1feature": LABELS_NOT_0_TO_K,
    "check_n_features_in_after_fitting": OWN_ERROR_WORDING,
    "check_estimators_empty_data_messages": OWN_ERROR_WORDING,
    "check_fit2d_predict1d": OWN_ERROR_WORDING,
    # The bare XGBClassifier fails this check too (it claims multilabel support).
    "check_classifiers_multilabel_output_format_predict": (
        "XGBClassifier predicts float64 labels for an int64 multilabel target"
    ),
}


@parametrize_with_checks(
    [WeightedClassifier(xgboost.XGBClassifier(n_estimators=3, max_depth=3, n_jobs=1))],
    expected_failed_checks=lambda estimator: XGBOOST_XFAILS,
)
def test_sklearn_compatible_around_xgboost(estimator, check):
    check(estimator)
