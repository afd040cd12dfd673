"""The folds and the selection rule of WeightedClassifierCV, as plain functions."""

import numpy as np
import pytest
from numpy.testing import assert_array_equal
from scipy import stats
from sklearn.model_selection import GroupKFold, StratifiedKFold

from sklearn_classweight._cv_selection import (
    DEFAULT_TAUS,
    corrected_standard_error,
    make_splits,
    one_se_factor,
    pair_split_scores,
    rank_scores,
    reference_tau,
    reference_tau_index,
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


def select(scores, selection="one_se", **params):
    """The selected row only."""
    params.setdefault("test_train_ratio", 0.25)
    return select_pair(np.asarray(scores), selection, **params)[0]


def test_reference_is_kept_when_the_best_wins_by_noise():
    scores = [
        [0.80, 0.70, 0.90, 0.75, 0.85, 0.78],  # reference
        [0.82, 0.69, 0.93, 0.74, 0.88, 0.78],  # mean +0.01, within the noise
    ]
    assert select(scores) == 0
    assert select(scores, "best") == 1


def test_a_candidate_that_wins_on_every_split_is_selected():
    scores = [
        [0.80, 0.70, 0.90, 0.75, 0.85, 0.78],
        [0.82, 0.69, 0.93, 0.74, 0.88, 0.78],
        [0.84, 0.75, 0.93, 0.80, 0.88, 0.83],  # +0.04 with little spread
    ]
    index, evidence = select_pair(np.array(scores), "one_se", test_train_ratio=0.25)
    assert index == 2
    assert evidence["mean_gain"] == pytest.approx(0.25 / 6)
    assert evidence["mean_gain"] > evidence["threshold"] > 0
    assert evidence["reason"] == (
        "the challenger beats the reference by more than the threshold"
    )


def test_the_reference_can_be_any_row():
    scores = np.array([[0.60] * 4, [0.80, 0.70, 0.90, 0.75], [0.82, 0.69, 0.90, 0.76]])
    # the middle row as reference: the last one wins by noise only
    index, evidence = select_pair(scores, "one_se", reference=1, test_train_ratio=0.25)
    assert index == 1
    assert evidence["reference_score"] == pytest.approx(0.7875)
    assert evidence["challenger_index"] == 2


def test_the_correction_makes_the_rule_stricter_than_the_naive_standard_error():
    # improvements alternate +0.03 / -0.01: mean 0.01, naive SE 0.0089,
    # corrected SE 0.0141 (6 splits, validation a quarter of training)
    scores = np.array([[0.80] * 6, [0.83, 0.79, 0.83, 0.79, 0.83, 0.79]])
    improvement = scores[1] - scores[0]
    naive = improvement.std(ddof=1) / np.sqrt(6)
    corrected = corrected_standard_error(improvement, 0.25)
    assert naive < improvement.mean() < corrected
    assert corrected == pytest.approx(np.sqrt((1 / 6 + 0.25) * improvement.var(ddof=1)))
    assert select(scores) == 0


def test_a_class_no_fold_validates_keeps_the_reference():
    scores = [[0.5, 0.5, 0.5], [0.9, 0.9, 0.9]]
    assert select(scores, n_unvalidated=1) == 0
    assert select(scores) == 1


def test_one_standard_error_is_a_student_t_quantile_with_few_splits():
    # d = +0.02 on 3 of 4 splits, -0.015 on one: mean 0.0113, corrected SE 0.0104,
    # 1.20 SE = 0.0124
    scores = np.array([[0.80] * 4, [0.82, 0.82, 0.82, 0.785]])
    improvement = scores[1] - scores[0]
    standard_error = corrected_standard_error(improvement, 0.1)
    factor = one_se_factor(4)
    assert factor == pytest.approx(stats.t.ppf(stats.norm.cdf(1), 3))
    assert standard_error < improvement.mean() < factor * standard_error
    assert select(scores, test_train_ratio=0.1) == 0
    assert one_se_factor(10_000) == pytest.approx(1.0, abs=1e-3)


def test_two_splits_never_leave_the_reference():
    assert select([[0.5, 0.5], [0.9, 0.91]], test_train_ratio=1.0) == 0
    assert select([[0.5, 0.5], [0.9, 0.91]], "best", test_train_ratio=1.0) == 1
    assert select([[0.5, 0.5, 0.5], [0.9, 0.91, 0.9]], test_train_ratio=0.5) == 1


@pytest.mark.parametrize("selection", ["one_se", "best"])
def test_a_nan_score_is_never_selected(selection):
    # np.argmax takes NaN for the maximum; the rule must not
    scores = np.array([[0.7, 0.7, 0.7], [np.nan, 0.9, 0.9], [0.8, 0.8, 0.8]])
    assert select(scores, selection) == 2
    # and a NaN reference gives way to the best pair with a score
    assert select(scores, selection, reference=1) == 2
    with pytest.raises(ValueError, match="NaN validation score"):
        select(np.full((2, 3), np.nan), selection)


def test_ties_go_to_the_reference_then_to_the_earlier_pair():
    scores = np.array([[0.8, 0.7, 0.9], [0.8, 0.7, 0.9], [0.8, 0.7, 0.9]])
    assert select(scores, reference=1) == 1
    assert select(scores, "best", reference=1) == 0


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


def test_pairs_are_candidates_then_shifts():
    ins = [0.80, 0.70, 0.90, 0.75]
    uniform, shifted = [0.60, 0.55, 0.70, 0.58], [0.86, 0.77, 0.95, 0.81]
    results = _cv_results({0.0: [ins, uniform], 1.0: [ins, shifted]})
    pairs = pair_split_scores(results, [0.0, 1.0])
    assert_array_equal(pairs, [ins, ins, uniform, shifted])
    assert select(pairs, reference=0) == 3
    assert select(pairs, reference=0, n_unvalidated=1) == 0


def test_the_reference_shift_is_the_one_closest_to_one():
    assert DEFAULT_TAUS[reference_tau_index(DEFAULT_TAUS)] == 1.0
    assert reference_tau_index([0.0, 0.5, 1.5]) == 1  # ties: the smaller shift
    assert reference_tau_index([0.0]) == 0


def test_the_reference_shift_is_right_for_the_metric():
    assert reference_tau("balanced_accuracy") == 1.0  # the balanced error
    assert reference_tau("f1_macro") == reference_tau("jaccard_weighted") == 0.5
    assert reference_tau("accuracy") == reference_tau("neg_log_loss") == 0.0
    assert reference_tau(lambda estimator, X, y: 0.0) == 1.0


def test_the_default_shifts_are_fine_and_reach_well_beyond_one():
    taus = np.asarray(DEFAULT_TAUS)
    assert taus[0] == 0 and taus.max() >= 3
    assert np.all(np.diff(taus) <= 0.25 + 1e-12)


def test_ranks_put_nan_last_and_share_ties():
    assert_array_equal(rank_scores([0.5, np.nan, 0.9, 0.5]), [2, 4, 1, 2])


def test_a_class_with_few_validation_samples_keeps_the_reference():
    # one sample of the rare class per fold: a whole sample is a step of the
    # score, and a pair that catches the 5 by luck looks clearly better
    scores = [[0.8, 0.9, 0.85, 0.8, 0.9], [1.0, 1.0, 1.0, 1.0, 1.0]]
    index, evidence = select_pair(
        np.array(scores), "one_se", test_train_ratio=0.25, fewest_validated=5
    )
    assert index == 0
    assert "only 5 validation samples" in evidence["reason"]
    assert select(scores, fewest_validated=20) == 1
    assert select(scores, "best", fewest_validated=5) == 1
