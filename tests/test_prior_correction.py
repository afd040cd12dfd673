"""WeightedClassifier(prior_correction=...): undo the class weights in predict_proba."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_classweight import ClassBalancedWeighter, FocalWeighter, WeightedClassifier
from sklearn_classweight._prior_correction import prior_corrected_proba

X, y = make_classification(
    n_samples=4000,
    n_features=8,
    n_informative=5,
    n_classes=3,
    n_clusters_per_class=1,
    weights=[0.85, 0.12, 0.03],
    class_sep=0.8,
    random_state=0,
)
X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)


def test_correction_restores_calibration_of_logistic_regression():
    weighted = WeightedClassifier(LogisticRegression()).fit(X_train, y_train)
    corrected = WeightedClassifier(LogisticRegression(), prior_correction=True).fit(
        X_train, y_train
    )
    rare = 2
    prior = np.mean(y_train == rare)
    weighted_proba, corrected_proba = (
        weighted.predict_proba(X_test),
        corrected.predict_proba(X_test),
    )
    # Balanced weights inflate the rare class's probability far above its
    # prior; the correction brings the mean back to about the prior...
    assert weighted_proba[:, rare].mean() > 5 * prior
    assert corrected_proba[:, rare].mean() == pytest.approx(prior, rel=0.5)
    # ...and lowers the log-loss, to about that of the unweighted model.
    unweighted = LogisticRegression().fit(X_train, y_train).predict_proba(X_test)
    assert log_loss(y_test, corrected_proba) < 0.5 * log_loss(y_test, weighted_proba)
    assert log_loss(y_test, corrected_proba) < 1.2 * log_loss(y_test, unweighted)


def test_corrected_proba_is_proba_over_class_weight_renormalised():
    weighter = ClassBalancedWeighter("isns")
    clf = WeightedClassifier(LogisticRegression(), weighter, prior_correction=True)
    clf.fit(X_train, y_train)
    raw = clf.estimator_.predict_proba(X_test)
    by_hand = raw / clf.weighter_.class_weight_
    by_hand /= by_hand.sum(axis=1, keepdims=True)
    assert_allclose(clf.predict_proba(X_test), by_hand)
    assert_allclose(clf.predict_log_proba(X_test), np.log(by_hand))


def test_correction_does_not_depend_on_the_scale_of_the_weights():
    proba = np.array([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]])
    class_weight = np.array([0.5, 2.0, 8.0])
    assert_allclose(
        prior_corrected_proba(proba, class_weight),
        prior_corrected_proba(proba, 7 * class_weight),
    )
    assert_allclose(prior_corrected_proba(proba, class_weight).sum(axis=1), 1.0)


def test_predict_stays_the_weighted_models_unless_asked():
    weighted = WeightedClassifier(LogisticRegression()).fit(X_train, y_train)
    corrected = WeightedClassifier(LogisticRegression(), prior_correction=True).fit(
        X_train, y_train
    )
    assert_array_equal(corrected.predict(X_test), weighted.predict(X_test))
    assert_allclose(
        corrected.decision_function(X_test), weighted.decision_function(X_test)
    )
    assert corrected.score(X_test, y_test) == weighted.score(X_test, y_test)
    # The corrected argmax is the unweighted decision rule: fewer rare predictions.
    assert (corrected.predict_proba(X_test).argmax(axis=1) == 2).sum() < (
        corrected.predict(X_test) == 2
    ).sum()


def test_prior_correction_all_also_corrects_predict_and_score():
    clf = WeightedClassifier(LogisticRegression(), prior_correction="all").fit(
        X_train, y_train
    )
    expected = clf.classes_[clf.predict_proba(X_test).argmax(axis=1)]
    assert_array_equal(clf.predict(X_test), expected)
    assert clf.score(X_test, y_test) == np.mean(expected == y_test)


def test_string_labels_and_pipeline():
    labels = np.array(["common", "medium", "rare"])[y_train]
    clf = WeightedClassifier(
        make_pipeline(StandardScaler(), LogisticRegression()), prior_correction=True
    ).fit(X_train, labels)
    raw = clf.estimator_.predict_proba(X_test) / clf.weighter_.class_weight_
    assert_allclose(clf.predict_proba(X_test), raw / raw.sum(axis=1, keepdims=True))


def test_estimator_without_predict_proba_is_an_error_before_training():
    clf = WeightedClassifier(LinearSVC(), prior_correction=True)
    with pytest.raises(
        ValueError, match="prior_correction=True corrects predict_proba.*LinearSVC"
    ):
        clf.fit(X_train, y_train)
    assert not hasattr(clf, "estimator_")  # no model was trained only to be refused


def test_weighter_without_class_weights_is_an_error_at_fit():
    clf = WeightedClassifier(
        LogisticRegression(), FocalWeighter(cv=2), prior_correction=True
    )
    with pytest.raises(
        ValueError, match="prior_correction needs per-class weights.*FocalWeighter"
    ):
        clf.fit(X_train[:300], y_train[:300])


def test_multi_output_target_is_an_error():
    from sklearn.ensemble import RandomForestClassifier

    Y = np.column_stack([y_train == 2, y_train == 1]).astype(int)
    clf = WeightedClassifier(
        RandomForestClassifier(n_estimators=5), prior_correction=True
    )
    with pytest.raises(ValueError, match="prior_correction supports 1-D targets only"):
        clf.fit(X_train, Y)


def test_off_by_default():
    assert WeightedClassifier().prior_correction is False


@parametrize_with_checks(
    [
        WeightedClassifier(LogisticRegression(), prior_correction=True),
        WeightedClassifier(LogisticRegression(), prior_correction="all"),
    ]
)
def test_sklearn_compatible(estimator, check):
    check(estimator)
