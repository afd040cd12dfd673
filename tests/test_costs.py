"""Cost matrices, the cost scorer and class weights from costs."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, cross_validate

from sklearn_classweight import (
    ClassBalancedWeighter,
    CostSensitiveClassifier,
    WeightedClassifier,
    WeightedClassifierCV,
    class_weight_from_costs,
    make_cost_scorer,
)
from sklearn_classweight._costs import (
    bayes_decision,
    check_cost_matrix,
    elkan_threshold,
    expected_cost,
)

X, y = make_classification(
    n_samples=1200, n_features=6, weights=[0.85], class_sep=0.8, random_state=0
)
COSTS = np.array([[0.0, 1.0], [5.0, 0.0]])


def test_a_dict_is_keyed_by_labels_and_unnamed_pairs_cost_nothing():
    classes = np.array(["fraud", "ok"])
    matrix = check_cost_matrix(
        {("ok", "fraud"): 1.0, ("fraud", "ok"): 50.0, ("fraud", "fraud"): -2.0},
        classes,
    )
    assert_array_equal(matrix, [[-2.0, 50.0], [1.0, 0.0]])


def test_the_abstain_column_can_be_named_in_a_dict():
    matrix = check_cost_matrix(
        {(0, 1): 1.0, (1, 0): 5.0, (0, -1): 0.2, (1, -1): 0.2}, np.array([0, 1])
    )
    assert_array_equal(matrix, [[0.0, 1.0, 0.2], [5.0, 0.0, 0.2]])


@pytest.mark.parametrize(
    "cost_matrix, error, match",
    [
        (np.ones((3, 3)), ValueError, r"cost_matrix has shape \(3, 3\).*2 classes"),
        (np.ones((2, 4)), ValueError, r"cost_matrix has shape \(2, 4\)"),
        (np.array([[0, np.nan], [1, 0]]), ValueError, "cost_matrix has NaN"),
        (np.array([[0, np.inf], [1, 0]]), ValueError, "cost_matrix has NaN"),
        ({(0, 7): 1.0}, ValueError, r"cost_matrix names labels \[7\]"),
        ({0: 1.0}, ValueError, "cost_matrix keys must be"),
        ({(0, 1): "a lot"}, TypeError, "cost_matrix has a cost 'a lot'"),
        ("zero-one", TypeError, "cost_matrix must be"),
    ],
)
def test_a_bad_cost_matrix_is_an_error_naming_it(cost_matrix, error, match):
    with pytest.raises(error, match=match):
        check_cost_matrix(cost_matrix, np.array([0, 1]))


def test_expected_cost_and_the_bayes_rule_by_hand():
    proba = np.array([[0.9, 0.1], [0.7, 0.3]])
    assert_allclose(expected_cost(proba, COSTS), [[0.5, 0.9], [1.5, 0.7]])
    assert_array_equal(bayes_decision(proba, COSTS), [0, 1])
    # Per-row matrices: the second row's false negative is free.
    per_row = np.stack([COSTS, [[0.0, 1.0], [0.0, 0.0]]])
    assert_allclose(expected_cost(proba, per_row), [[0.5, 0.9], [0.0, 0.7]])
    assert_array_equal(bayes_decision(proba, per_row), [0, 0])


def test_elkan_threshold_is_the_point_of_equal_risk():
    threshold = elkan_threshold([[0.5, 2.0], [7.0, -1.0]])
    proba = np.array([[1 - threshold, threshold]])
    risk = expected_cost(proba, np.array([[0.5, 2.0], [7.0, -1.0]]))
    assert_allclose(risk[0, 0], risk[0, 1])


def test_the_scorer_is_the_negative_mean_cost():
    model = LogisticRegression().fit(X, y)
    predicted = model.predict(X)
    expected = -np.mean(COSTS[y, predicted])
    assert make_cost_scorer(COSTS)(model, X, y) == pytest.approx(expected)
    weights = np.linspace(0.5, 2, len(y))
    assert make_cost_scorer(COSTS)(model, X, y, sample_weight=weights) == (
        pytest.approx(-np.average(COSTS[y, predicted], weights=weights))
    )
    # A dict keyed by labels gives the same score.
    assert make_cost_scorer({(0, 1): 1, (1, 0): 5})(model, X, y) == pytest.approx(
        expected
    )


def test_the_scorer_takes_costs_that_depend_on_the_example():
    amount = np.abs(X[:, 0]) * 100  # a transaction's amount, read from X

    def costs(X):
        matrix = np.zeros((len(X), 2, 2))
        matrix[:, 0, 1] = 5.0  # reviewing a legitimate transaction
        matrix[:, 1, 0] = np.abs(X[:, 0]) * 100  # a missed fraud loses its amount
        return matrix

    model = LogisticRegression().fit(X, y)
    predicted = model.predict(X)
    expected = np.where(
        (y == 1) & (predicted == 0), amount, np.where((y == 0) & (predicted == 1), 5, 0)
    )
    assert make_cost_scorer(costs)(model, X, y) == pytest.approx(-expected.mean())


def test_the_scorer_charges_abstentions_their_column():
    review = [[0.0, 1.0, 0.3], [5.0, 0.0, 0.3]]
    clf = CostSensitiveClassifier(cost_matrix=review).fit(X, y)
    predicted = clf.predict(X)
    assert np.any(predicted == -1)
    columns = np.where(predicted == -1, 2, predicted)
    assert make_cost_scorer(review)(clf, X, y) == pytest.approx(
        -np.mean(np.asarray(review)[y, columns])
    )
    with pytest.raises(ValueError, match="no abstain column"):
        make_cost_scorer(COSTS)(clf, X, y)


def test_the_scorer_works_in_grid_search_and_cross_validate():
    scorer = make_cost_scorer(COSTS)
    search = GridSearchCV(
        CostSensitiveClassifier(LogisticRegression(), COSTS),
        {"estimator__C": [0.01, 1.0]},
        scoring=scorer,
    ).fit(X, y)
    # the score is the negative mean cost of the selected candidate's folds
    assert search.best_score_ == pytest.approx(
        search.cv_results_["mean_test_score"][search.best_index_]
    )
    scores = cross_validate(
        CostSensitiveClassifier(LogisticRegression(), COSTS), X, y, scoring=scorer
    )["test_score"]
    argmax_scores = cross_validate(LogisticRegression(), X, y, scoring=scorer)[
        "test_score"
    ]
    # Deciding with the costs costs less than ignoring them.
    assert scores.mean() > argmax_scores.mean()


def test_weighted_classifier_cv_selects_for_the_least_cost():
    search = WeightedClassifierCV(
        LogisticRegression(), scoring=make_cost_scorer(COSTS)
    ).fit(X, y)
    assert search.best_score_ == pytest.approx(
        search.cv_results_[f"mean_test_score_tau_{search.best_tau_:g}"][
            search.best_index_
        ]
    )
    # on the same folds, the selected shift costs less than the argmax
    argmax = cross_validate(LogisticRegression(), X, y, scoring=make_cost_scorer(COSTS))
    assert search.best_score_ > argmax["test_score"].mean()


@pytest.mark.parametrize("cost_matrix", [np.ones((2, 3, 1)), [[1, 2, 3, 4]], "x"])
def test_make_cost_scorer_checks_the_matrix(cost_matrix):
    with pytest.raises((ValueError, TypeError), match="cost_matrix"):
        make_cost_scorer(cost_matrix)


def test_binary_weights_from_costs_are_the_misclassification_costs():
    assert class_weight_from_costs(COSTS) == {0: 1.0, 1: 5.0}
    # The diagonal is a cost paid either way: only the regret counts.
    assert class_weight_from_costs([[1.0, 3.0], [9.0, -1.0]]) == {0: 1.0, 1: 5.0}
    assert class_weight_from_costs(
        {("ok", "fraud"): 2, ("fraud", "ok"): 10}
    ) == pytest.approx({"fraud": 5.0, "ok": 1.0})


def test_weights_from_a_consistent_matrix_reproduce_every_pairwise_ratio():
    w = np.array([1.0, 3.0, 7.0])
    # C[i, j] = w_i is consistent: misclassifying i costs w_i, whatever j.
    costs = np.repeat(w[:, None], 3, axis=1) * (1 - np.eye(3))
    weights = class_weight_from_costs(costs)
    assert_allclose(list(weights.values()), w)


def test_an_inconsistent_matrix_warns_and_uses_row_sums():
    costs = np.array([[0, 1, 10], [1, 0, 1], [1, 10, 0]], dtype=float)
    with pytest.warns(UserWarning, match="not consistent"):
        weights = class_weight_from_costs(costs)
    assert_allclose(list(weights.values()), np.array([11, 2, 11]) / 2)


@pytest.mark.parametrize(
    "cost_matrix, match",
    [
        ([[0, -1], [5, 0]], "negative regret"),
        ([[0, 0], [5, 0]], r"classes \[0\] no cost"),
        ([[0, 1, 0.2], [5, 0, 0.2]], "abstain column"),
    ],
)
def test_weights_from_costs_refuse_what_weights_cannot_express(cost_matrix, match):
    with pytest.raises(ValueError, match=match):
        class_weight_from_costs(cost_matrix)


def test_weights_from_costs_plug_into_the_weighter_and_sklearn():
    weights = class_weight_from_costs(COSTS)
    weighted = WeightedClassifier(
        LogisticRegression(), weighter=ClassBalancedWeighter(scheme=weights)
    ).fit(X, y)
    assert weighted.weighter_.class_weight_[1] / weighted.weighter_.class_weight_[
        0
    ] == pytest.approx(5.0)
    native = LogisticRegression(class_weight=weights).fit(X, y)
    assert (native.predict(X) == 1).sum() > (
        LogisticRegression().fit(X, y).predict(X) == 1
    ).sum()


def test_tuned_threshold_classifier_cv_takes_the_scorer_of_a_fixed_matrix():
    from sklearn.model_selection import TunedThresholdClassifierCV

    tuned = TunedThresholdClassifierCV(
        LogisticRegression(), scoring=make_cost_scorer(COSTS)
    ).fit(X, y)
    # The tuned threshold lands near Elkan's 1/6 for C_FN = 5, C_FP = 1.
    assert 0.05 < tuned.best_threshold_ < 0.35


def test_a_fixed_matrix_needs_every_class_in_the_scored_labels():
    model = LogisticRegression().fit(X, y)
    three = np.eye(3)
    with pytest.raises(ValueError, match="cost_matrix has 3 rows but y_true has 2"):
        make_cost_scorer(three)(model, X, y)
    # Scored with string labels and explicit classes.
    names = np.array(["legit", "fraud"])
    named = LogisticRegression().fit(X, names[y])
    order = make_cost_scorer(COSTS[::-1, ::-1], classes=["fraud", "legit"])
    assert order(named, X, names[y]) == pytest.approx(
        make_cost_scorer(COSTS)(model, X, y)
    )
