"""LogitAdjustedClassifier: train unweighted, shift the scores by tau * log(prior)."""

import numpy as np
import pytest
import sklearn
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression, RidgeClassifier, SGDClassifier
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import GridSearchCV, StratifiedKFold, train_test_split
from sklearn.svm import SVC, LinearSVC
from sklearn.tree import DecisionTreeRegressor
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_classweight import LogitAdjustedClassifier

X, y = make_classification(
    n_samples=3000,
    n_features=8,
    n_informative=5,
    n_classes=4,
    n_clusters_per_class=1,
    weights=[0.8, 0.12, 0.05, 0.03],
    class_sep=0.7,
    random_state=0,
)
X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)


def test_formula_by_hand():
    tau = 0.7
    clf = LogitAdjustedClassifier(LogisticRegression(), tau=tau).fit(X_train, y_train)
    prior = np.bincount(y_train) / len(y_train)
    assert_allclose(clf.class_prior_, prior)
    raw = LogisticRegression().fit(X_train, y_train).predict_proba(X_test)
    adjusted = raw / prior**tau
    adjusted /= adjusted.sum(axis=1, keepdims=True)
    assert_allclose(clf.predict_proba(X_test), adjusted)
    assert_allclose(clf.predict_log_proba(X_test), np.log(adjusted))
    # Multiclass scores are the adjusted log-probabilities.
    assert_allclose(clf.decision_function(X_test), np.log(adjusted), rtol=1e-10)
    assert_array_equal(clf.predict(X_test), adjusted.argmax(axis=1))


def test_binary_decision_function_is_the_adjusted_log_odds():
    y_binary = (y_train == 3).astype(int)
    clf = LogitAdjustedClassifier(LogisticRegression()).fit(X_train, y_binary)
    prior = clf.class_prior_
    log_odds = LogisticRegression().fit(X_train, y_binary).decision_function(X_test)
    assert_allclose(
        clf.decision_function(X_test), log_odds - np.log(prior[1] / prior[0])
    )
    assert_array_equal(
        clf.predict(X_test), (clf.decision_function(X_test) > 0).astype(int)
    )


def test_tau_zero_is_the_unadjusted_estimator():
    clf = LogitAdjustedClassifier(LogisticRegression(), tau=0.0).fit(X_train, y_train)
    reference = LogisticRegression().fit(X_train, y_train)
    assert_allclose(clf.predict_proba(X_test), reference.predict_proba(X_test))
    assert_array_equal(clf.predict(X_test), reference.predict(X_test))


def test_multiclass_adjustment_raises_balanced_accuracy():
    unadjusted = LogitAdjustedClassifier(tau=0.0).fit(X_train, y_train)
    adjusted = LogitAdjustedClassifier(tau=1.0).fit(X_train, y_train)
    assert balanced_accuracy_score(y_test, adjusted.predict(X_test)) > (
        balanced_accuracy_score(y_test, unadjusted.predict(X_test)) + 0.02
    )
    # The rarest class is predicted more often, not only the minority of two.
    assert (adjusted.predict(X_test) == 3).sum() > (
        unadjusted.predict(X_test) == 3
    ).sum()


def test_tau_tuned_by_cross_validation():
    search = GridSearchCV(
        LogitAdjustedClassifier(LogisticRegression()),
        {"tau": [0.0, 0.5, 1.0, 1.5]},
        scoring="balanced_accuracy",
        cv=StratifiedKFold(3),
    ).fit(X_train, y_train)
    scores = search.cv_results_["mean_test_score"]
    assert search.best_params_["tau"] > 0
    assert scores.max() > scores[0] + 0.05  # tau=0 is clearly worse
    assert_array_equal(search.predict(X_test), search.best_estimator_.predict(X_test))


def test_sample_weight_weights_the_priors_and_reaches_the_estimator():
    sample_weight = np.where(y_train == 0, 0.5, 1.0)
    clf = LogitAdjustedClassifier(LogisticRegression()).fit(
        X_train, y_train, sample_weight=sample_weight
    )
    totals = np.bincount(y_train, weights=sample_weight)
    assert_allclose(clf.class_prior_, totals / totals.sum())
    reference = LogisticRegression().fit(X_train, y_train, sample_weight=sample_weight)
    assert_allclose(clf.estimator_.coef_, reference.coef_)


def test_with_metadata_routing_sample_weight_follows_the_estimators_request():
    sample_weight = np.where(y_train == 0, 0.5, 1.0)
    totals = np.bincount(y_train, weights=sample_weight)
    with sklearn.config_context(enable_metadata_routing=True):
        requested = LogisticRegression().set_fit_request(sample_weight=True)
        not_requested = LogisticRegression().set_fit_request(sample_weight=False)
        weighted = LogitAdjustedClassifier(requested).fit(
            X_train, y_train, sample_weight=sample_weight
        )
        unweighted = LogitAdjustedClassifier(not_requested).fit(
            X_train, y_train, sample_weight=sample_weight
        )
    # The priors always use the weights; the estimator only if it asked.
    assert_allclose(weighted.class_prior_, totals / totals.sum())
    assert_allclose(unweighted.class_prior_, totals / totals.sum())
    reference = LogisticRegression().fit(X_train, y_train, sample_weight=sample_weight)
    assert_allclose(weighted.estimator_.coef_, reference.coef_)
    assert_allclose(
        unweighted.estimator_.coef_, LogisticRegression().fit(X_train, y_train).coef_
    )


def test_a_margin_model_is_calibrated_before_it_is_shifted():
    # LinearSVC's decision_function is a margin, not a log-probability:
    # its out-of-fold margins are mapped to probabilities first, then shifted.
    clf = LogitAdjustedClassifier(LinearSVC()).fit(X_train, y_train)
    assert clf.calibrator_ is not None
    calibrated = clf.calibrator_.predict_proba(X_test)
    adjusted = calibrated / clf.class_prior_
    adjusted /= adjusted.sum(axis=1, keepdims=True)
    assert_allclose(clf.predict_proba(X_test), adjusted)
    assert_array_equal(clf.predict(X_test), adjusted.argmax(axis=1))
    # The calibrated model is the one refitted on all the training data.
    reference = LinearSVC().fit(X_train, y_train)
    assert_allclose(clf.estimator_.coef_, reference.coef_)


@pytest.mark.parametrize("margin_model", [LinearSVC(), RidgeClassifier(), SVC()])
def test_the_default_shift_does_not_wreck_margin_models(margin_model):
    # Shifting raw margins by -log(prior) predicted the rare class for every
    # row (balanced accuracy 0.50); calibrated first, the shift matches the
    # model trained with class_weight="balanced".
    X, y = make_classification(
        n_samples=6000, weights=[0.95], flip_y=0.02, random_state=0
    )
    X_fit, X_eval, y_fit, y_eval = train_test_split(
        X, y, stratify=y, test_size=0.5, random_state=0
    )
    adjusted = LogitAdjustedClassifier(margin_model).fit(X_fit, y_fit)
    balanced = clone(margin_model).set_params(class_weight="balanced")
    balanced.fit(X_fit, y_fit)
    y_pred = adjusted.predict(X_eval)
    assert set(np.unique(y_pred)) == {0, 1}
    assert balanced_accuracy_score(y_eval, y_pred) >= (
        balanced_accuracy_score(y_eval, balanced.predict(X_eval)) - 0.01
    )


@pytest.mark.parametrize(
    "model",
    [
        SGDClassifier(loss="modified_huber", random_state=0),
        LinearSVC(),
        LogisticRegression(),
    ],
    ids=["modified_huber", "LinearSVC", "LogisticRegression"],
)
@pytest.mark.parametrize("no_shift", [{"tau": 0.0}, {"target_prior": "train"}])
def test_without_a_shift_every_output_is_the_models_own(model, no_shift):
    # SGD(modified_huber)'s predict is not the argmax of its predict_proba, and
    # a calibrated margin model's calibrated argmax is not its predict: with
    # nothing to shift, the wrapper must answer as the model itself.
    clf = LogitAdjustedClassifier(model, **no_shift).fit(X_train, y_train)
    reference = clone(model).fit(X_train, y_train)
    assert_array_equal(clf.predict(X_test), reference.predict(X_test))
    for method in ("predict_proba", "decision_function"):
        if hasattr(reference, method):
            assert_allclose(
                getattr(clf, method)(X_test), getattr(reference, method)(X_test)
            )


def test_target_prior_moves_the_posterior_to_a_deployment_prior():
    target = np.array([0.4, 0.3, 0.2, 0.1])
    clf = LogitAdjustedClassifier(target_prior=target).fit(X_train, y_train)
    raw = clf.estimator_.predict_proba(X_test)
    expected = raw * target / clf.class_prior_
    expected /= expected.sum(axis=1, keepdims=True)
    assert_allclose(clf.predict_proba(X_test), expected)
    # A dict by label is the same prior; setting it needs no refit.
    coef = clf.estimator_.coef_.copy()
    clf.set_params(target_prior=dict(zip(clf.classes_, target)))
    assert_allclose(clf.predict_proba(X_test), expected)
    assert_array_equal(clf.estimator_.coef_, coef)
    # "balanced" is the default: the shift of tau=1.
    balanced = clf.set_params(target_prior="balanced").predict_proba(X_test)
    by_hand = raw / clf.class_prior_
    assert_allclose(balanced, by_hand / by_hand.sum(axis=1, keepdims=True))


@pytest.mark.parametrize(
    "target_prior, match",
    [
        ([0.5, 0.5], "shape"),
        ([0.5, 0.3, 0.1, 0.0], "zero"),
        ([0.5, 0.3, 0.1, 0.2], "sums to 1.1"),
        ([0.5, 0.3, np.nan, 0.2], "non-finite"),
        ({0: 0.5, 1: 0.5, 2: 0.0, 7: 0.0}, r"labels \[7\]"),
        ({0: 0.5, 1: 0.5}, r"no share for the classes \[2, 3\]"),
        ("uniform", "target_prior"),
    ],
)
def test_a_bad_target_prior_is_an_error_that_changes_nothing(target_prior, match):
    with pytest.raises((ValueError, TypeError), match=match):
        LogitAdjustedClassifier(target_prior=target_prior).fit(X_train, y_train)
    clf = LogitAdjustedClassifier().fit(X_train, y_train)
    before = clf.predict_proba(X_test)
    clf.set_params(target_prior=target_prior)
    with pytest.raises((ValueError, TypeError), match=match):
        clf.predict(X_test)
    assert_allclose(
        clf.set_params(target_prior="balanced").predict_proba(X_test), before
    )


@pytest.mark.parametrize(
    "class_weight, prior",
    [("balanced", [0.25, 0.25, 0.25, 0.25]), ({1: 2.0, 3: 10.0}, None)],
)
def test_a_model_with_its_own_class_weight_is_not_corrected_twice(class_weight, prior):
    # LogisticRegression(class_weight="balanced") was trained under balanced
    # classes: shifting it again by -log(data prior) would correct twice.
    model = LogisticRegression(class_weight=class_weight)
    clf = LogitAdjustedClassifier(model).fit(X_train, y_train)
    if prior is None:
        counts = np.bincount(y_train) * np.array([1.0, 2.0, 1.0, 10.0])
        prior = counts / counts.sum()
    assert_allclose(clf.class_prior_, prior)
    if class_weight == "balanced":  # nothing to shift: the model as trained
        reference = clone(model).fit(X_train, y_train)
        assert_array_equal(clf.predict(X_test), reference.predict(X_test))


def test_a_failed_refit_leaves_the_fitted_model_as_it_was():
    clf = LogitAdjustedClassifier().fit(X_train, y_train)
    coef = clf.estimator_.coef_.copy()
    clf.set_params(target_prior=[0.5, 0.5, 0.0, 0.0])
    with pytest.raises(ValueError, match="target_prior"):
        clf.fit(X_train[:, :5], y_train)
    assert clf.n_features_in_ == X_train.shape[1]
    assert_array_equal(clf.estimator_.coef_, coef)


def test_calibration_none_refuses_a_margin_model():
    with pytest.raises(TypeError, match="calibration=None"):
        LogitAdjustedClassifier(LinearSVC(), calibration=None).fit(X_train, y_train)


def _dask_booster(name):
    pytest.importorskip("dask.dataframe")  # both boosters' dask modules need it
    if name == "xgboost":
        xgboost_dask = pytest.importorskip("xgboost.dask")
        return xgboost_dask.DaskXGBClassifier(n_estimators=10, max_depth=3, n_jobs=1)
    lightgbm = pytest.importorskip("lightgbm")
    return lightgbm.DaskLGBMClassifier(n_estimators=10, num_leaves=7, verbose=-1)


@pytest.mark.parametrize("booster", ["xgboost", "lightgbm"])
def test_on_dask_collections_the_outputs_are_lazy(client, booster):
    da = pytest.importorskip("dask.array")
    model = _dask_booster(booster)
    X_dask = da.from_array(X_train, chunks=(500, -1))
    y_dask = da.from_array(y_train, chunks=500)
    clf = LogitAdjustedClassifier(model).fit(X_dask, y_dask)
    assert_allclose(clf.class_prior_, np.bincount(y_train) / len(y_train))
    X_eval = da.from_array(X_test, chunks=(300, -1))
    proba = clf.predict_proba(X_eval)
    labels = clf.predict(X_eval)
    assert isinstance(proba, da.Array) and isinstance(labels, da.Array)
    assert proba.chunks[0] == X_eval.chunks[0]
    raw = np.asarray(clf.estimator_.predict_proba(X_eval).compute())
    expected = raw / clf.class_prior_
    expected /= expected.sum(axis=1, keepdims=True)
    assert_allclose(proba.compute(), expected, rtol=1e-6)
    assert_array_equal(labels.compute(), expected.argmax(axis=1))


def test_on_dask_collections_a_margin_model_is_refused(client):
    da = pytest.importorskip("dask.array")
    X_dask = da.from_array(X_train, chunks=(500, -1))
    y_dask = da.from_array(y_train, chunks=500)
    with pytest.raises(TypeError, match="needs a model with predict_proba"):
        LogitAdjustedClassifier(LinearSVC()).fit(X_dask, y_dask)


def test_string_labels():
    names = np.array(["a", "b", "c", "d"])
    clf = LogitAdjustedClassifier().fit(X_train, names[y_train])
    assert_array_equal(clf.classes_, names)
    assert set(clf.predict(X_test)) <= set(names)


def test_estimator_without_scores_is_a_type_error():
    with pytest.raises(TypeError, match="neither predict_proba nor decision_function"):
        LogitAdjustedClassifier(DecisionTreeRegressor()).fit(X_train, y_train)


def test_one_label_per_row_of_X():
    with pytest.raises(
        ValueError,
        match=r"X has 10 rows but y has 9 labels\. Pass one label per row of X",
    ):
        LogitAdjustedClassifier().fit(X_train[:10], y_train[:9])


def test_negative_tau_is_rejected():
    with pytest.raises(ValueError, match="tau"):
        LogitAdjustedClassifier(tau=-1.0).fit(X_train, y_train)


def expected_failed_checks(estimator):
    if isinstance(
        estimator.estimator, LinearSVC
    ):  # scikit-learn lists these for LinearSVC
        reason = (
            "LinearSVC's sample_weight is not equivalent to repeating rows (#16298)"
        )
        return {
            "check_sample_weight_equivalence_on_dense_data": reason,
            "check_sample_weight_equivalence_on_sparse_data": reason,
        }
    return {}


@parametrize_with_checks(
    [LogitAdjustedClassifier(), LogitAdjustedClassifier(LinearSVC(), tau=0.5)],
    expected_failed_checks=expected_failed_checks,
)
def test_sklearn_compatible(estimator, check):
    check(estimator)
