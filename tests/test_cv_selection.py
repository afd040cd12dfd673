"""The folds and the selection rule of WeightedClassifierCV, as plain functions."""

import numpy as np
import pytest
from numpy.testing import assert_array_equal
from scipy import stats
from sklearn.model_selection import GroupKFold, StratifiedKFold

from sklearn_classweight._cv_selection import (
    corrected_standard_error,
    make_splits,
    one_se_factor,
    select_candidate,
    select_pair,
    shift_metric_name,
)

# --- the folds ----------------------------------------------------------------


def test_integer_cv_is_unshuffled_stratified_folds_by_default():
    y = np.repeat([0, 1, 2], [40, 12, 6])
    X = np.zeros((len(y), 1))
    splits, n_unvalidated = make_splits(5, X, y)
    expected = list(StratifiedKFold(5).split(X, y))
    assert len(splits) == 5 and n_unvalidated == 0
    for (train, test), (train_sk, test_sk) in zip(splits, expected):
        assert_array_equal(train, train_sk)
        assert_array_equal(test, test_sk)


def test_random_state_shuffles_the_integer_folds():
    y = np.repeat([0, 1], [40, 12])
    X = np.zeros((len(y), 1))
    first = make_splits(3, X, y, random_state=0)[0]
    again = make_splits(3, X, y, random_state=0)[0]
    other = make_splits(3, X, y, random_state=1)[0]
    assert_array_equal(first[0][1], again[0][1])
    assert not np.array_equal(first[0][1], other[0][1])
    assert not np.array_equal(first[0][1], make_splits(3, X, y)[0][0][1])


def test_folds_are_capped_by_the_smallest_class():
    y = np.repeat([0, 1], [40, 3])
    splits, _ = make_splits(5, np.zeros((len(y), 1)), y)
    assert len(splits) == 3
    assert all(np.isin(1, y[test]) for _, test in splits)


def test_a_single_sample_class_stays_in_every_training_fold():
    y = np.array([0] * 10 + [1] * 6 + [2])
    splits, n_unvalidated = make_splits(3, np.zeros((len(y), 1)), y)
    single = len(y) - 1
    assert n_unvalidated == 1
    assert all(single in train and single not in test for train, test in splits)


def test_every_class_with_a_single_sample_is_an_error():
    with pytest.raises(ValueError, match="Every class of y has a single sample"):
        make_splits(3, np.zeros((3, 1)), np.array([0, 1, 2]))


def test_groups_reach_a_group_splitter_and_its_folds_respect_them():
    rng = np.random.RandomState(0)
    y = rng.randint(0, 2, size=60)
    groups = np.repeat(np.arange(12), 5)
    splits, _ = make_splits(
        GroupKFold(3), np.zeros((60, 1)), y, split_params={"groups": groups}
    )
    assert len(splits) == 3
    for train, test in splits:
        assert not set(groups[train]) & set(groups[test])
    with pytest.raises(ValueError, match="groups"):
        make_splits(GroupKFold(3), np.zeros((60, 1)), y)


def test_user_folds_that_never_validate_a_class_are_counted():
    y = np.array([0, 0, 0, 0, 1, 1])
    folds = [
        (np.array([0, 1, 4, 5]), np.array([2, 3])),
        (np.array([2, 3, 4, 5]), np.array([0, 1])),
    ]
    assert make_splits(folds, np.zeros((6, 1)), y)[1] == 1


# --- the rule -------------------------------------------------------------------


def test_reference_is_kept_when_the_best_wins_by_noise():
    scores = np.array(
        [
            [0.80, 0.70, 0.90, 0.75, 0.85, 0.78],  # reference (INS)
            [0.82, 0.69, 0.93, 0.74, 0.88, 0.78],  # mean +0.01, within the noise
        ]
    )
    assert select_candidate(scores, "one_se", test_train_ratio=0.25) == 0
    assert select_candidate(scores, "best", test_train_ratio=0.25) == 1


def test_a_candidate_that_wins_on_every_split_is_selected():
    scores = np.array(
        [
            [0.80, 0.70, 0.90, 0.75, 0.85, 0.78],
            [0.82, 0.69, 0.93, 0.74, 0.88, 0.78],
            [0.84, 0.75, 0.93, 0.80, 0.88, 0.83],  # +0.04 with little spread
        ]
    )
    assert select_candidate(scores, "one_se", test_train_ratio=0.25) == 2


def test_the_correction_makes_the_rule_stricter_than_the_naive_standard_error():
    # improvements alternate +0.03 / -0.01: mean 0.01, naive SE 0.0089,
    # corrected SE 0.0141 (6 splits, validation a quarter of training)
    scores = np.array([[0.80] * 6, [0.83, 0.79, 0.83, 0.79, 0.83, 0.79]])
    improvement = scores[1] - scores[0]
    naive = improvement.std(ddof=1) / np.sqrt(6)
    corrected = corrected_standard_error(improvement, 0.25)
    assert naive < improvement.mean() < corrected
    assert corrected == pytest.approx(np.sqrt((1 / 6 + 0.25) * improvement.var(ddof=1)))
    assert select_candidate(scores, "one_se", test_train_ratio=0.25) == 0


def test_a_class_no_fold_validates_keeps_the_reference():
    scores = np.array([[0.5, 0.5, 0.5], [0.9, 0.9, 0.9]])
    assert (
        select_candidate(scores, "one_se", test_train_ratio=0.25, n_unvalidated=1) == 0
    )
    assert select_candidate(scores, "one_se", test_train_ratio=0.25) == 1


# --- (candidate, shift) pairs ---------------------------------------------------


def _cv_results(scores_by_tau):
    """cv_results_ of 2 candidates on 4 splits, from {tau: (2, 4) scores}."""
    results = {"params": [{"weighter__scheme": "ins"}, {"weighter__scheme": "uniform"}]}
    for tau, scores in scores_by_tau.items():
        for j in range(4):
            results[f"split{j}_test_{shift_metric_name(tau)}"] = np.asarray(scores)[
                :, j
            ]
    return results


def test_metric_names_keep_grid_search_cvs_score_for_the_unshifted_models():
    assert shift_metric_name(0.0) == "score"
    assert shift_metric_name(0) == "score"
    assert shift_metric_name(1.5) == "score_tau_1.5"


def test_a_clearly_better_shifted_pair_is_selected():
    ins = [0.80, 0.70, 0.90, 0.75]
    results = _cv_results(
        {
            0.0: [ins, [0.60, 0.55, 0.70, 0.58]],
            1.0: [ins, [0.86, 0.77, 0.95, 0.81]],  # no weighting, shifted: +0.06
        }
    )
    assert select_pair(results, [0.0, 1.0], "one_se", test_train_ratio=0.25) == (1, 1)
    # the same pair is blind to a class no fold validates: reference kept
    assert select_pair(
        results, [0.0, 1.0], "one_se", test_train_ratio=0.25, n_unvalidated=1
    ) == (0, 0)


def test_ties_go_to_the_reference_and_to_the_smaller_shift():
    ins = [0.80, 0.70, 0.90, 0.75]
    better = [0.85, 0.75, 0.95, 0.80]
    results = _cv_results({0.0: [ins, ins], 0.5: [ins, better], 1.0: [ins, better]})
    # INS is trained under balanced classes: its shifted scores tie with tau=0
    assert select_pair(results, [0.0, 0.5, 1.0], "best", test_train_ratio=0.25) == (
        1,
        1,
    )
    tied = _cv_results({0.0: [ins, ins], 1.0: [ins, ins]})
    assert select_pair(tied, [0.0, 1.0], "best", test_train_ratio=0.25) == (0, 0)
    assert select_pair(tied, [0.0, 1.0], "one_se", test_train_ratio=0.25) == (0, 0)


def test_one_standard_error_is_a_student_t_quantile_with_few_splits():
    # d = +0.02 on 3 of 4 splits, -0.015 on one: mean 0.0113, corrected SE 0.0104,
    # 1.20 SE = 0.0124
    scores = np.array([[0.80] * 4, [0.82, 0.82, 0.82, 0.785]])
    improvement = scores[1] - scores[0]
    standard_error = corrected_standard_error(improvement, 0.1)
    factor = one_se_factor(4)
    assert factor == pytest.approx(stats.t.ppf(stats.norm.cdf(1), 3))
    assert standard_error < improvement.mean() < factor * standard_error
    assert select_candidate(scores, "one_se", test_train_ratio=0.1) == 0
    assert one_se_factor(10_000) == pytest.approx(1.0, abs=1e-3)


def test_two_splits_never_leave_the_reference():
    scores = np.array([[0.5, 0.5], [0.9, 0.91]])
    assert select_candidate(scores, "one_se", test_train_ratio=1.0) == 0
    assert select_candidate(scores, "best", test_train_ratio=1.0) == 1
    three = np.array([[0.5, 0.5, 0.5], [0.9, 0.91, 0.9]])
    assert select_candidate(three, "one_se", test_train_ratio=0.5) == 1
