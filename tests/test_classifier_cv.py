"""WeightedClassifierCV as a user meets it: what it fits, how it selects, how it composes."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score, f1_score
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

import sklearn_classweight._classifier_cv as classifier_cv
import sklearn_classweight._weighter as weighter_module
from sklearn_classweight import (
    ClassBalancedWeighter,
    FocalWeighter,
    WeightedClassifier,
    WeightedClassifierCV,
)
from sklearn_classweight._cv_selection import corrected_standard_error, select_candidate

X, y = make_classification(
    n_samples=300,
    n_features=6,
    n_informative=4,
    n_classes=3,
    weights=[0.75, 0.2, 0.05],
    random_state=0,
)
SCHEMES = {"weighter__scheme": ["ins", "isns", "uniform"]}


def small_search(**params):
    """A quick search: 3 schemes, 3 stratified folds repeated (300 samples < 1000)."""
    return WeightedClassifierCV(
        LogisticRegression(), param_grid=SCHEMES, cv=3, random_state=0, **params
    )


# --- fitted attributes ------------------------------------------------------------


def test_fitted_attributes_describe_the_selected_candidate():
    search = small_search().fit(X, y)
    assert search.best_params_ == search.cv_results_["params"][search.best_index_]
    assert (
        search.best_score_ == search.cv_results_["mean_test_score"][search.best_index_]
    )
    assert isinstance(search.best_estimator_, WeightedClassifier)
    assert search.estimator_ is search.best_estimator_.estimator_
    assert search.weighter_ is search.best_estimator_.weighter_
    assert search.weighter_.scheme == search.best_params_["weighter__scheme"]
    assert_array_equal(search.classes_, [0, 1, 2])
    assert_array_equal(search.predict(X), search.best_estimator_.predict(X))


def test_cv_results_has_the_keys_of_grid_search_cv():
    search = small_search().fit(X, y)
    reference = GridSearchCV(
        WeightedClassifier(LogisticRegression(), ClassBalancedWeighter()),
        SCHEMES,
        cv=StratifiedKFold(3),
        scoring="balanced_accuracy",
    ).fit(X, y)
    ours = {k for k in search.cv_results_ if not k.startswith("split")}
    theirs = {k for k in reference.cv_results_ if not k.startswith("split")}
    assert ours == theirs
    assert search.n_splits_ == 9  # 3 folds x 3 repeats
    splits = np.column_stack(
        [search.cv_results_[f"split{i}_test_score"] for i in range(search.n_splits_)]
    )
    assert_allclose(splits.mean(axis=1), search.cv_results_["mean_test_score"])
    assert (
        search.cv_results_["param_weighter__scheme"].tolist()
        == SCHEMES["weighter__scheme"]
    )
    assert search.cv_results_["rank_test_score"].min() == 1


def test_same_split_scores_as_grid_search_cv_on_the_same_folds():
    folds = list(StratifiedKFold(3).split(X, y))
    search = WeightedClassifierCV(
        LogisticRegression(), param_grid=SCHEMES, cv=folds
    ).fit(X, y)
    reference = GridSearchCV(
        WeightedClassifier(LogisticRegression(), ClassBalancedWeighter()),
        SCHEMES,
        cv=folds,
        scoring="balanced_accuracy",
    ).fit(X, y)
    assert_allclose(
        search.cv_results_["mean_test_score"], reference.cv_results_["mean_test_score"]
    )


def test_refit_false_keeps_the_search_but_cannot_predict():
    search = small_search(refit=False).fit(X, y)
    assert "weighter__scheme" in search.best_params_
    assert not hasattr(search, "best_estimator_")
    assert not hasattr(search, "predict")


# --- the selection rule -----------------------------------------------------------


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


def test_search_keeps_ins_unless_another_candidate_is_clearly_better():
    X_rare, y_rare = make_classification(
        n_samples=400,
        n_features=5,
        n_informative=3,
        weights=[0.93],
        flip_y=0,
        class_sep=1.5,
        random_state=0,
    )
    # INS first: "no weighting" is clearly worse on balanced accuracy, INS is kept
    ins_first = WeightedClassifierCV(
        LogisticRegression(),
        param_grid={"weighter__scheme": ["ins", "uniform"]},
        cv=4,
        random_state=0,
    ).fit(X_rare, y_rare)
    assert ins_first.best_params_ == {"weighter__scheme": "ins"}
    # no weighting as the reference: INS beats it by far more than one SE
    uniform_first = (
        clone(ins_first)
        .set_params(param_grid={"weighter__scheme": ["uniform", "ins"]})
        .fit(X_rare, y_rare)
    )
    scores = uniform_first.cv_results_["mean_test_score"]
    assert scores[1] > scores[0] + 0.05
    assert uniform_first.best_params_ == {"weighter__scheme": "ins"}
    # a single-sample class: the scores are blind to it, the reference is kept
    y_singleton = y_rare.copy()
    y_singleton[0] = 2
    blind = clone(uniform_first).fit(X_rare, y_singleton)
    assert blind.best_params_ == {"weighter__scheme": "uniform"}
    assert 2 in blind.classes_


def test_user_given_folds_that_never_validate_a_class_keep_the_reference():
    rare = np.flatnonzero(y == 2)
    others = np.setdiff1d(np.arange(len(y)), rare)
    folds = [
        (np.concatenate([others[i::2], rare]), others[1 - i :: 2]) for i in range(2)
    ]
    search = WeightedClassifierCV(
        LogisticRegression(),
        param_grid={"weighter__scheme": ["uniform", "ins"]},
        cv=folds,
    ).fit(X, y)
    assert search.best_params_ == {"weighter__scheme": "uniform"}


# --- honest scoring ---------------------------------------------------------------


def test_validation_folds_are_scored_without_the_class_weights():
    """The score of a fold is the plain metric of the fold model's predictions."""
    folds = list(StratifiedKFold(3).split(X, y))
    search = WeightedClassifierCV(
        LogisticRegression(), param_grid={"weighter__scheme": ["ins"]}, cv=folds
    ).fit(X, y)
    train, test = folds[0]
    model = WeightedClassifier(LogisticRegression()).fit(X[train], y[train])
    unweighted = balanced_accuracy_score(y[test], model.predict(X[test]))
    assert search.cv_results_["split0_test_score"][0] == pytest.approx(unweighted)


def test_the_users_sample_weight_weights_the_validation_score():
    sample_weight = np.random.RandomState(1).uniform(0.2, 2.0, size=len(y))
    folds = list(StratifiedKFold(3).split(X, y))
    search = WeightedClassifierCV(
        LogisticRegression(), param_grid={"weighter__scheme": ["ins"]}, cv=folds
    ).fit(X, y, sample_weight=sample_weight)
    train, test = folds[0]
    model = WeightedClassifier(LogisticRegression()).fit(
        X[train], y[train], sample_weight=sample_weight[train]
    )
    expected = balanced_accuracy_score(
        y[test], model.predict(X[test]), sample_weight=sample_weight[test]
    )
    assert search.cv_results_["split0_test_score"][0] == pytest.approx(expected)
    refitted = WeightedClassifier(LogisticRegression()).fit(
        X, y, sample_weight=sample_weight
    )
    assert_allclose(search.estimator_.coef_, refitted.estimator_.coef_)


@pytest.mark.parametrize("scoring", ["macro_f1", "f1_macro", "accuracy"])
def test_scoring_by_name(scoring):
    folds = list(StratifiedKFold(3).split(X, y))
    search = WeightedClassifierCV(
        LogisticRegression(),
        param_grid={"weighter__scheme": ["ins"]},
        cv=folds,
        scoring=scoring,
    ).fit(X, y)
    train, test = folds[0]
    pred = (
        WeightedClassifier(LogisticRegression())
        .fit(X[train], y[train])
        .predict(X[test])
    )
    expected = (
        np.mean(pred == y[test])
        if scoring == "accuracy"
        else f1_score(y[test], pred, average="macro")
    )
    assert search.cv_results_["split0_test_score"][0] == pytest.approx(expected)


def test_unknown_scoring_is_rejected_by_name():
    with pytest.raises(ValueError, match="scoring"):
        WeightedClassifierCV(scoring="balanced_acc").fit(X, y)


# --- determinism and parallelism --------------------------------------------------


def test_n_jobs_2_gives_the_same_search_as_n_jobs_1():
    serial = small_search(n_jobs=1).fit(X, y)
    parallel = small_search(n_jobs=2).fit(X, y)
    for i in range(serial.n_splits_):
        assert_allclose(
            serial.cv_results_[f"split{i}_test_score"],
            parallel.cv_results_[f"split{i}_test_score"],
        )
    assert serial.best_params_ == parallel.best_params_


def test_random_state_fixes_the_repeated_folds():
    first = small_search().fit(X, y).cv_results_["split4_test_score"]
    again = small_search().fit(X, y).cv_results_["split4_test_score"]
    other = (
        WeightedClassifierCV(
            LogisticRegression(), param_grid=SCHEMES, cv=3, random_state=1
        )
        .fit(X, y)
        .cv_results_["split4_test_score"]
    )
    assert_array_equal(first, again)
    assert not np.array_equal(first, other)


def test_verbose_reports_progress_like_grid_search_cv(capsys):
    small_search(verbose=2).fit(X, y)
    out = capsys.readouterr().out
    assert "Fitting 9 folds for each of 3 candidates, totalling 27 fits" in out
    assert "[CV 1/9; 1/3] END weighter__scheme=ins;, score=" in out
    assert out.count("END ") == 27
    assert "Selected candidate" in out


def test_silent_by_default(capsys):
    small_search().fit(X, y)
    assert capsys.readouterr().out == ""


# --- counting once per fold -------------------------------------------------------


def test_fold_counts_are_computed_once_per_fold_not_per_candidate(monkeypatch):
    calls = {"search": 0, "weighter": 0}
    original = classifier_cv.count_classes

    def counting(name):
        def count_classes(*args, **kwargs):
            calls[name] += 1
            return original(*args, **kwargs)

        return count_classes

    monkeypatch.setattr(classifier_cv, "count_classes", counting("search"))
    monkeypatch.setattr(weighter_module, "count_classes", counting("weighter"))
    search = small_search().fit(X, y)
    n_candidates = len(SCHEMES["weighter__scheme"])
    # the whole data's counts, then one per fold: never one per candidate
    assert calls["search"] == search.n_splits_ + 1
    assert calls["search"] < n_candidates * search.n_splits_
    assert calls["weighter"] == 1  # only the refit of the selected candidate


def test_reused_counts_give_the_weights_a_fresh_weighter_gives():
    folds = list(StratifiedKFold(3).split(X, y))
    grid = {"weighter__scheme": ["ens"], "weighter__beta": [0.9, 0.999]}
    search = WeightedClassifierCV(LogisticRegression(), param_grid=grid, cv=folds).fit(
        X, y
    )
    reference = GridSearchCV(
        WeightedClassifier(LogisticRegression(), ClassBalancedWeighter()),
        grid,
        cv=folds,
        scoring="balanced_accuracy",
    ).fit(X, y)
    for i in range(3):
        assert_allclose(
            search.cv_results_[f"split{i}_test_score"],
            reference.cv_results_[f"split{i}_test_score"],
        )


# --- search spaces ----------------------------------------------------------------


def test_default_grid_scales_beta_to_the_largest_class():
    search = WeightedClassifierCV(LogisticRegression(), cv=3, random_state=0).fit(X, y)
    n_max = np.bincount(y).max()
    betas = sorted(
        p["weighter__beta"]
        for p in search.cv_results_["params"]
        if "weighter__beta" in p
    )
    assert_allclose(
        1 / (1 - np.array(betas)),
        [0.1 * n_max, 0.3 * n_max, n_max, 3 * n_max],
        rtol=1e-2,
    )
    schemes = {p["weighter__scheme"] for p in search.cv_results_["params"]}
    assert schemes == {"ins", "uniform", "isns", "ens", "power"}
    assert search.cv_results_["params"][0] == {"weighter__scheme": "ins"}


def test_weighter_objects_are_searchable_including_focal_weights():
    grid = [
        {"weighter": [ClassBalancedWeighter("ins")]},
        {
            "weighter": [FocalWeighter(cv=3, random_state=0)],
            "weighter__gamma": [1.0, 2.0],
        },
    ]
    search = WeightedClassifierCV(
        LogisticRegression(), param_grid=grid, cv=3, selection="best", random_state=0
    ).fit(X, y)
    params = search.cv_results_["params"]
    assert [type(p["weighter"]).__name__ for p in params] == [
        "ClassBalancedWeighter",
        "FocalWeighter",
        "FocalWeighter",
    ]
    assert [p.get("weighter__gamma") for p in params] == [None, 1.0, 2.0]
    assert np.all(np.isfinite(search.cv_results_["mean_test_score"]))
    assert type(search.weighter_) is type(search.best_params_["weighter"])
    # the grid's objects are cloned, never fitted in place
    assert not hasattr(grid[1]["weighter"][0], "classes_")


def test_focal_candidate_scores_equal_a_grid_search_over_focal_weights():
    folds = list(StratifiedKFold(3).split(X, y))
    grid = {
        "weighter": [FocalWeighter(cv=3, random_state=0)],
        "weighter__gamma": [0.0, 2.0],
    }
    search = WeightedClassifierCV(LogisticRegression(), param_grid=grid, cv=folds).fit(
        X, y
    )
    reference = GridSearchCV(
        WeightedClassifier(LogisticRegression(), ClassBalancedWeighter()),
        grid,
        cv=folds,
        scoring="balanced_accuracy",
    ).fit(X, y)
    assert_allclose(
        search.cv_results_["mean_test_score"], reference.cv_results_["mean_test_score"]
    )


def test_estimator_parameters_are_searchable():
    search = WeightedClassifierCV(
        LogisticRegression(),
        param_grid={"estimator__C": [0.01, 1.0]},
        cv=3,
        selection="best",
        random_state=0,
    ).fit(X, y)
    assert search.estimator_.C == search.best_params_["estimator__C"]


def test_bad_param_grid_names_the_fix():
    with pytest.raises(ValueError, match="not parameters of WeightedClassifier"):
        WeightedClassifierCV(param_grid={"scheme": ["ins"]}).fit(X, y)
    with pytest.raises(ValueError, match="param_grid"):
        WeightedClassifierCV(param_grid={"weighter__scheme": []}).fit(X, y)


# --- composition ------------------------------------------------------------------


def test_pipeline_estimator_and_pipeline_around_the_search():
    inner = WeightedClassifierCV(
        make_pipeline(StandardScaler(), LogisticRegression()),
        param_grid=SCHEMES,
        cv=3,
        random_state=0,
    ).fit(X, y)
    assert inner.predict_proba(X).shape == (len(y), 3)
    outer = make_pipeline(StandardScaler(), small_search()).fit(X, y)
    assert outer.score(X, y) > 0.5


def test_grid_search_and_cross_validation_over_the_search():
    outer = GridSearchCV(
        small_search(), {"estimator__C": [0.1, 1.0]}, cv=2, scoring="balanced_accuracy"
    ).fit(X, y)
    assert outer.best_estimator_.estimator_.C == outer.best_params_["estimator__C"]
    scores = cross_val_score(small_search(), X, y, cv=2, scoring="balanced_accuracy")
    assert np.all(scores > 0.4)


def test_clone_and_string_labels():
    labels = np.array(["common", "middle", "rare"])[y]
    search = clone(small_search()).fit(X, labels)
    assert_array_equal(search.classes_, ["common", "middle", "rare"])
    assert set(search.predict(X)) <= set(labels)


# --- scikit-learn's estimator checks ------------------------------------------


@parametrize_with_checks(
    [
        WeightedClassifierCV(
            LogisticRegression(),
            param_grid={"weighter__scheme": ["ins", "uniform"]},
            cv=2,
            random_state=0,
        ),
        WeightedClassifierCV(
            make_pipeline(StandardScaler(), LogisticRegression()),
            param_grid={"weighter__scheme": ["ins"]},
            cv=2,
            random_state=0,
        ),
    ]
)
def test_sklearn_compatible(estimator, check):
    check(estimator)
