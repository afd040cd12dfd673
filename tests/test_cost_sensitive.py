"""CostSensitiveClassifier: the decision of least expected cost, under a target prior."""

import pickle

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import make_classification
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import FixedThresholdClassifier, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_classweight import (
    ClassBalancedWeighter,
    CostSensitiveClassifier,
    LogitAdjustedClassifier,
    WeightedClassifier,
    class_weight_from_costs,
)
from sklearn_classweight._costs import elkan_threshold

X, y = make_classification(
    n_samples=2000,
    n_features=8,
    n_informative=5,
    n_classes=4,
    n_clusters_per_class=1,
    weights=[0.6, 0.25, 0.1, 0.05],
    class_sep=0.8,
    random_state=0,
)
X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)
y_binary_train, y_binary_test = (y_train == 3).astype(int), (y_test == 3).astype(int)
RNG = np.random.default_rng(0)
COSTS_4 = RNG.uniform(1, 10, size=(4, 4)) * (1 - np.eye(4))


def test_predict_is_the_argmin_of_the_expected_cost_by_hand():
    clf = CostSensitiveClassifier(LogisticRegression(), COSTS_4).fit(X_train, y_train)
    proba = LogisticRegression().fit(X_train, y_train).predict_proba(X_test)
    risk = proba @ COSTS_4
    assert_allclose(clf.expected_cost(X_test), risk)
    assert_array_equal(clf.predict(X_test), risk.argmin(axis=1))
    assert_allclose(clf.predict_proba(X_test), proba)


def test_the_cost_rule_costs_less_than_argmax_on_unseen_data():
    clf = CostSensitiveClassifier(LogisticRegression(), COSTS_4).fit(X_train, y_train)
    argmax = clf.estimator_.predict(X_test)
    assert COSTS_4[y_test, clf.predict(X_test)].mean() < (
        COSTS_4[y_test, argmax].mean()
    )


@pytest.mark.parametrize(
    "model", [LogisticRegression(), HistGradientBoostingClassifier(max_iter=30)]
)
def test_binary_decisions_equal_fixed_threshold_at_elkans_threshold(model):
    clf = CostSensitiveClassifier(model).fit(X_train, y_binary_train)
    frozen = FrozenEstimator(clf.estimator_)
    rng = np.random.default_rng(1)
    for _ in range(60):
        false_positive, false_negative = rng.uniform(0.01, 20, size=2)
        c00, c11 = rng.uniform(-1, 1, size=2)
        costs = np.array([[c00, c00 + false_positive], [c11 + false_negative, c11]])
        reference = FixedThresholdClassifier(
            frozen, threshold=elkan_threshold(costs), response_method="predict_proba"
        ).fit(X_train, y_binary_train)
        assert_array_equal(
            clf.set_params(cost_matrix=costs).predict(X_test),
            reference.predict(X_test),
        )


def test_a_gain_on_the_diagonal_moves_the_decision_as_its_regret_says():
    # A right call on class 1 earns 4: the same regrets as C_FN = 5, C_FP = 1.
    gains = np.array([[0.0, 1.0], [1.0, -4.0]])
    costs = np.array([[0.0, 1.0], [5.0, 0.0]])
    clf = CostSensitiveClassifier(cost_matrix=gains).fit(X_train, y_binary_train)
    assert_array_equal(
        clf.predict(X_test), clf.set_params(cost_matrix=costs).predict(X_test)
    )


def test_a_dict_cost_matrix_is_keyed_by_labels():
    names = np.array(["dog", "eel", "cat", "ant"])
    labels_train = names[y_train]
    cost_dict = {
        (names[i], names[j]): COSTS_4[i, j]
        for i in range(4)
        for j in range(4)
        if i != j
    }
    by_dict = CostSensitiveClassifier(cost_matrix=cost_dict).fit(X_train, labels_train)
    # The array form is in the order of classes_ (sorted labels).
    order = np.argsort(names)
    by_array = CostSensitiveClassifier(cost_matrix=COSTS_4[np.ix_(order, order)]).fit(
        X_train, labels_train
    )
    assert_array_equal(by_dict.classes_, np.sort(names))
    assert_array_equal(by_dict.predict(X_test), by_array.predict(X_test))


def test_costs_that_depend_on_the_example_are_a_callable_of_X():
    def costs(X):
        matrix = np.zeros((len(X), 2, 2))
        matrix[:, 0, 1] = 1.0
        matrix[:, 1, 0] = np.where(X[:, 0] > 0, 50.0, 0.5)  # big or small amounts
        return matrix

    clf = CostSensitiveClassifier(cost_matrix=costs).fit(X_train, y_binary_train)
    predicted = clf.predict(X_test)
    proba = clf.predict_proba(X_test)[:, 1]
    big = X_test[:, 0] > 0
    assert_array_equal(predicted[big], proba[big] >= 1 / 51)
    assert_array_equal(predicted[~big], proba[~big] >= 1 / 1.5)
    assert clf.expected_cost(X_test).shape == (len(X_test), 2)


def test_a_callable_returning_the_wrong_shape_is_an_error_naming_it():
    clf = CostSensitiveClassifier(cost_matrix=lambda X: np.zeros((2, 2))).fit(
        X_train, y_binary_train
    )
    with pytest.raises(ValueError, match=r"cost_matrix\(X\) returned shape \(2, 2\)"):
        clf.predict(X_test)


def test_abstain_where_review_is_cheaper_than_either_mistake():
    review = np.array([[0.0, 1.0, 0.2], [5.0, 0.0, 0.2]])
    clf = CostSensitiveClassifier(cost_matrix=review).fit(X_train, y_binary_train)
    predicted = clf.predict(X_test)
    risk = clf.expected_cost(X_test)
    assert risk.shape == (len(X_test), 3)
    assert_array_equal(predicted, np.array([0, 1, -1])[risk.argmin(axis=1)])
    assert 0 < np.mean(predicted == -1) < 1
    # Abstaining rows are the uncertain ones.
    proba = clf.predict_proba(X_test)[:, 1]
    assert proba[predicted == -1].min() > proba[predicted == 0].max()
    # String classes abstain as "abstain", or as the label asked for.
    names = np.array(["ok", "fraud"])
    clf = CostSensitiveClassifier(cost_matrix=review).fit(
        X_train, names[y_binary_train]
    )
    assert "abstain" in set(clf.predict(X_test))
    clf.set_params(abstain_label="review")
    assert "review" in set(clf.predict(X_test))


def test_the_abstain_label_must_not_be_a_class():
    review = [[0.0, 1.0, 0.2], [5.0, 0.0, 0.2]]
    with pytest.raises(ValueError, match="abstain_label=1 is also a class label"):
        CostSensitiveClassifier(cost_matrix=review, abstain_label=1).fit(
            X_train, y_binary_train
        )
    # Classes -1 and 1 need a label of their own to abstain; without one,
    # -1 is simply a class.
    signed = 2 * y_binary_train - 1
    with pytest.raises(ValueError, match="default abstain_label .-1. is a class"):
        CostSensitiveClassifier(cost_matrix=review).fit(X_train, signed)
    clf = CostSensitiveClassifier(cost_matrix=review, abstain_label=0).fit(
        X_train, signed
    )
    decisions = set(clf.predict(X_test).tolist())
    assert 0 in decisions and decisions <= {-1, 0, 1}
    assert set(clf.set_params(cost_matrix=[[0, 1], [5, 0]]).predict(X_test)) == {-1, 1}


def test_target_prior_moves_the_posterior_before_the_costs():
    target = np.array([0.25, 0.25, 0.25, 0.25])
    clf = CostSensitiveClassifier(
        LogisticRegression(), COSTS_4, target_prior=target
    ).fit(X_train, y_train)
    proba = LogisticRegression().fit(X_train, y_train).predict_proba(X_test)
    shifted = proba * target / clf.class_prior_
    shifted /= shifted.sum(axis=1, keepdims=True)
    assert_allclose(clf.predict_proba(X_test), shifted)
    assert_array_equal(clf.predict(X_test), (shifted @ COSTS_4).argmin(axis=1))
    # "balanced" and the zero-one cost: LogitAdjustedClassifier's decisions.
    balanced = clf.set_params(cost_matrix=None, target_prior="balanced")
    reference = LogitAdjustedClassifier(LogisticRegression()).fit(X_train, y_train)
    assert_array_equal(balanced.predict(X_test), reference.predict(X_test))


def test_without_costs_or_shift_it_is_the_model():
    clf = CostSensitiveClassifier(LogisticRegression()).fit(X_train, y_train)
    reference = LogisticRegression().fit(X_train, y_train)
    assert_array_equal(clf.predict(X_test), reference.predict(X_test))


def test_zero_one_costs_on_a_calibrated_margin_model_decide_by_its_posterior():
    # cost_matrix=None is the zero-one cost: on calibrated probabilities the
    # decision of least expected cost is their argmax, which for a margin
    # model need not be the model's own predict.
    clf = CostSensitiveClassifier(LinearSVC()).fit(X_train, y_train)
    proba = clf.predict_proba(X_test)
    assert proba.shape == (len(X_test), 4)
    assert_array_equal(clf.predict(X_test), clf.classes_[proba.argmax(axis=1)])
    explicit = CostSensitiveClassifier(LinearSVC(), cost_matrix=1 - np.eye(4))
    assert_array_equal(
        clf.predict(X_test), explicit.fit(X_train, y_train).predict(X_test)
    )


def test_costs_and_priors_change_after_fit_without_a_refit():
    clf = CostSensitiveClassifier(LogisticRegression()).fit(X_train, y_train)
    model = clf.estimator_
    clf.set_params(cost_matrix=COSTS_4, target_prior="balanced").predict(X_test)
    assert clf.estimator_ is model


@pytest.mark.parametrize(
    "params, match",
    [
        ({"cost_matrix": np.ones((3, 3))}, r"cost_matrix has shape \(3, 3\)"),
        ({"cost_matrix": np.full((4, 4), np.nan)}, "cost_matrix has NaN"),
        ({"cost_matrix": {(0, 9): 1.0}}, r"cost_matrix names labels \[9\]"),
        ({"target_prior": [0.5, 0.5, 0.0, 0.0]}, "target_prior has a zero"),
        ({"target_prior": [0.5, 0.5, 0.5, 0.5]}, "target_prior sums to 2"),
    ],
)
def test_bad_costs_or_priors_are_errors_that_change_no_fitted_state(params, match):
    with pytest.raises(ValueError, match=match):
        CostSensitiveClassifier(**params).fit(X_train, y_train)
    clf = CostSensitiveClassifier(cost_matrix=COSTS_4).fit(X_train, y_train)
    before = pickle.dumps(clf)
    expected = clf.predict(X_test)
    with pytest.raises(ValueError, match=match):
        clf.set_params(**params).predict(X_test)
    with pytest.raises(ValueError, match=match):
        clf.fit(X_train, y_train)
    clf.set_params(cost_matrix=COSTS_4, target_prior="train")
    assert pickle.dumps(clf) == before
    assert_array_equal(clf.predict(X_test), expected)


@pytest.mark.parametrize(
    "estimator",
    [
        LogisticRegression(class_weight="balanced"),
        LogisticRegression(class_weight=class_weight_from_costs([[0, 1], [5, 0]])),
        make_pipeline(StandardScaler(), LogisticRegression(class_weight="balanced")),
        HistGradientBoostingClassifier(class_weight="balanced"),
        WeightedClassifier(LogisticRegression()),
        WeightedClassifier(
            LogisticRegression(),
            weighter=ClassBalancedWeighter(
                scheme=class_weight_from_costs([[0, 1], [5, 0]])
            ),
        ),
        LogitAdjustedClassifier(LogisticRegression()),
    ],
)
def test_a_model_trained_with_class_weights_is_refused(estimator):
    with pytest.raises(ValueError, match="second time|shift them again") as error:
        CostSensitiveClassifier(estimator, [[0, 1], [5, 0]]).fit(
            X_train, y_binary_train
        )
    assert "estimator" in str(error.value)


@pytest.mark.parametrize(
    "estimator",
    [
        WeightedClassifier(LogisticRegression(), prior_correction=True),
        WeightedClassifier(
            LogisticRegression(), weighter=ClassBalancedWeighter(scheme="uniform")
        ),
        LogitAdjustedClassifier(LogisticRegression(), tau=0.0),
    ],
)
def test_models_whose_probabilities_are_not_reweighted_are_accepted(estimator):
    clf = CostSensitiveClassifier(estimator, [[0, 1], [5, 0]]).fit(
        X_train, y_binary_train
    )
    assert_allclose(clf.class_prior_, np.bincount(y_binary_train) / len(y_binary_train))


def test_sample_weight_weights_the_prior_and_reaches_the_model():
    weights = np.where(y_binary_train == 1, 3.0, 1.0)
    clf = CostSensitiveClassifier().fit(X_train, y_binary_train, sample_weight=weights)
    counts = np.bincount(y_binary_train, weights=weights)
    assert_allclose(clf.class_prior_, counts / counts.sum())
    reference = LogisticRegression().fit(X_train, y_binary_train, sample_weight=weights)
    assert_allclose(clf.predict_proba(X_test), reference.predict_proba(X_test))


def test_train_posterior_mean_is_the_mean_trusted_posterior():
    clf = CostSensitiveClassifier().fit(X_train, y_train)
    assert_allclose(
        clf.train_posterior_mean_, clf.estimator_.predict_proba(X_train).mean(axis=0)
    )


@parametrize_with_checks(
    [
        CostSensitiveClassifier(LogisticRegression()),
        CostSensitiveClassifier(HistGradientBoostingClassifier(max_iter=20)),
        CostSensitiveClassifier(LogisticRegression(), target_prior="balanced"),
    ],
    # HGB included: in this wrapper it passes the sample-weight equivalence
    # checks that scikit-learn lists as expected failures for HGB itself.
)
def test_sklearn_compatible(estimator, check):
    check(estimator)


def test_per_row_costs_read_a_named_column_of_a_dataframe():
    pd = pytest.importorskip("pandas")
    from sklearn.compose import ColumnTransformer

    frame = pd.DataFrame(X_train[:, :4], columns=["a", "b", "c", "d"])
    frame["amount"] = np.abs(X_train[:, 4]) * 100

    def costs(X):
        matrix = np.zeros((len(X), 2, 2))
        matrix[:, 0, 1] = 5.0
        matrix[:, 1, 0] = X["amount"].to_numpy()
        return matrix

    model = make_pipeline(
        ColumnTransformer([("features", StandardScaler(), ["a", "b", "c", "d"])]),
        LogisticRegression(),
    )
    clf = CostSensitiveClassifier(model, costs).fit(frame, y_binary_train)
    proba = clf.predict_proba(frame)[:, 1]
    expected = proba * frame["amount"].to_numpy() >= 5.0 * (1 - proba)
    assert_array_equal(clf.predict(frame), expected.astype(int))


def test_with_metadata_routing_sample_weight_follows_the_models_request():
    import sklearn

    weights = np.where(y_binary_train == 1, 3.0, 1.0)
    with sklearn.config_context(enable_metadata_routing=True):
        clf = CostSensitiveClassifier(
            LogisticRegression().set_fit_request(sample_weight=True), [[0, 1], [5, 0]]
        ).fit(X_train, y_binary_train, sample_weight=weights)
        reference = LogisticRegression().fit(
            X_train, y_binary_train, sample_weight=weights
        )
        assert_allclose(clf.predict_proba(X_test), reference.predict_proba(X_test))


def test_a_margin_model_is_calibrated_and_its_prior_can_be_estimated():
    from sklearn_classweight import estimate_target_prior

    clf = CostSensitiveClassifier(LinearSVC(), COSTS_4).fit(X_train, y_train)
    assert clf.calibrator_ is not None
    assert_allclose(clf.predict_proba(X_test).sum(axis=1), 1.0)
    prior = estimate_target_prior(clf, X_test, significance=None)
    assert prior.shape == (4,) and np.isclose(prior.sum(), 1.0)
    assert np.abs(prior - clf.class_prior_).sum() < 0.2  # same distribution
