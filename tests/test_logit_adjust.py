"""LogitAdjustedClassifier: train unweighted, shift the scores by tau * log(prior)."""

import numpy as np
import pytest
import sklearn
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import GridSearchCV, StratifiedKFold, train_test_split
from sklearn.svm import LinearSVC
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
    assert_allclose(
        clf.decision_function(X_test), np.log(raw) - tau * np.log(prior), rtol=1e-10
    )
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


def test_decision_function_only_estimator():
    clf = LogitAdjustedClassifier(LinearSVC()).fit(X_train, y_train)
    assert not hasattr(clf, "predict_proba")
    scores = LinearSVC().fit(X_train, y_train).decision_function(X_test)
    assert_allclose(clf.decision_function(X_test), scores - np.log(clf.class_prior_))
    assert_array_equal(
        clf.predict(X_test), clf.decision_function(X_test).argmax(axis=1)
    )


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
