"""WeightedClassifierCV as a user meets it: what it fits, how it selects, how it composes."""

import numpy as np
import pytest
import sklearn
from _versions import SKLEARN_1_6, SPARSE_CHECK_ON_DENSE_ONLY_PIPELINE
from numpy.testing import assert_allclose, assert_array_equal
from scipy.stats import rankdata
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score, f1_score
from sklearn.model_selection import (
    GridSearchCV,
    GroupKFold,
    StratifiedKFold,
    cross_val_score,
)
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_classweight import (
    ClassBalancedWeighter,
    FocalWeighter,
    LogitAdjustedClassifier,
    WeightedClassifier,
    WeightedClassifierCV,
)

X, y = make_classification(
    n_samples=300,
    n_features=6,
    n_informative=4,
    n_classes=3,
    weights=[0.75, 0.2, 0.05],
    random_state=0,
)
SCHEMES = {"weighter__scheme": ["ins", "isns", "uniform"]}
FOLDS = list(StratifiedKFold(3).split(X, y))


def small_search(**params):
    """A quick search: 3 schemes, 3 stratified folds, the default shifts."""
    return WeightedClassifierCV(
        LogisticRegression(), param_grid=SCHEMES, cv=3, **params
    )


class CountingLogisticRegression(LogisticRegression):
    """LogisticRegression that counts its fits and its predict_proba calls."""

    calls = {"fit": 0, "predict_proba": 0}

    def fit(self, X, y, sample_weight=None):
        type(self).calls["fit"] += 1
        return super().fit(X, y, sample_weight=sample_weight)

    def predict_proba(self, X):
        type(self).calls["predict_proba"] += 1
        return super().predict_proba(X)


# --- fitted attributes ------------------------------------------------------------


def test_fitted_attributes_describe_the_selected_pair():
    search = small_search(selection="best").fit(X, y)
    assert search.best_params_ == search.cv_results_["params"][search.best_index_]
    name = "score" if search.best_tau_ == 0 else f"score_tau_{search.best_tau_:g}"
    assert (
        search.best_score_
        == search.cv_results_[f"mean_test_{name}"][search.best_index_]
    )
    # "best" picks the highest mean over every (candidate, tau) pair
    means = [
        search.cv_results_[k] for k in search.cv_results_ if k.startswith("mean_test")
    ]
    assert search.best_score_ == pytest.approx(np.max(means))
    best = search.best_estimator_
    assert isinstance(best, LogitAdjustedClassifier)
    assert isinstance(best.estimator_, WeightedClassifier)
    assert best.tau == search.best_tau_
    assert search.estimator_ is best.estimator_.estimator_
    assert search.weighter_ is best.estimator_.weighter_
    assert search.weighter_.scheme == search.best_params_["weighter__scheme"]
    assert_allclose(search.class_prior_, best.class_prior_)
    assert_array_equal(search.classes_, [0, 1, 2])
    assert_array_equal(search.predict(X), best.predict(X))
    assert_allclose(search.predict_proba(X), best.predict_proba(X))
    assert search.refit_time_ > 0


def test_cv_results_are_grid_search_cvs_for_the_unshifted_models():
    search = WeightedClassifierCV(
        LogisticRegression(), param_grid=SCHEMES, taus=[0.0], cv=FOLDS
    ).fit(X, y)
    reference = GridSearchCV(
        WeightedClassifier(LogisticRegression(), ClassBalancedWeighter()),
        SCHEMES,
        cv=FOLDS,
        scoring="balanced_accuracy",
    ).fit(X, y)
    assert set(search.cv_results_) == set(reference.cv_results_)
    for key in ("mean_test_score", "split0_test_score", "rank_test_score"):
        assert_allclose(search.cv_results_[key], reference.cv_results_[key])
    assert search.cv_results_["params"] == reference.cv_results_["params"]
    assert (
        search.cv_results_["param_weighter__scheme"].tolist()
        == SCHEMES["weighter__scheme"]
    )


def test_every_shift_has_its_columns():
    search = small_search(taus=[0.0, 0.5, 1.0]).fit(X, y)
    for name in ("score", "score_tau_0.5", "score_tau_1"):
        for stat in ("mean_test", "std_test", "rank_test", "split2_test"):
            assert f"{stat}_{name}" in search.cv_results_
    assert search.n_splits_ == 3


def test_ranks_are_grid_search_cvs_equal_means_share_the_best_rank():
    search = WeightedClassifierCV(
        LogisticRegression(),
        param_grid={"weighter__scheme": ["ins", "ins", "uniform"]},
        taus=[0.0],
        cv=3,
    ).fit(X, y)
    mean = search.cv_results_["mean_test_score"]
    assert mean[0] == mean[1] > mean[2]
    assert_array_equal(search.cv_results_["rank_test_score"], [1, 1, 3])
    assert_array_equal(
        search.cv_results_["rank_test_score"], rankdata(-mean, method="min")
    )


def test_refit_false_keeps_the_search_but_cannot_predict():
    search = small_search(refit=False).fit(X, y)
    refitted = small_search().fit(X, y)
    assert search.best_params_ == refitted.best_params_
    assert search.best_tau_ == refitted.best_tau_
    assert not hasattr(search, "best_estimator_")
    assert not hasattr(search, "predict")
    assert_array_equal(search.classes_, [0, 1, 2])


# --- the bugs of the hand-written search ------------------------------------------


def test_every_candidate_is_validated_beta_above_one_is_the_weighters_error():
    with pytest.raises(
        ValueError, match="The 'beta' parameter of ClassBalancedWeighter"
    ):
        ClassBalancedWeighter("ens", beta=1.5).fit(y)
    search = WeightedClassifierCV(
        LogisticRegression(),
        param_grid={"weighter__scheme": ["ens"], "weighter__beta": [0.5, 1.5]},
        cv=3,
    )
    with pytest.raises(
        ValueError,
        match=r"The 'beta' parameter of ClassBalancedWeighter must be .* Got 1.5",
    ):
        search.fit(X, y)


GROUPS = np.arange(len(y)) % 10


def test_groups_reach_the_splitter():
    search = WeightedClassifierCV(
        LogisticRegression(), param_grid=SCHEMES, taus=[0.0], cv=GroupKFold(3)
    ).fit(X, y, groups=GROUPS)
    reference = GridSearchCV(
        WeightedClassifier(LogisticRegression(), ClassBalancedWeighter()),
        SCHEMES,
        cv=GroupKFold(3),
        scoring="balanced_accuracy",
    ).fit(X, y, groups=GROUPS)
    assert search.n_splits_ == 3
    for j in range(3):
        assert_allclose(
            search.cv_results_[f"split{j}_test_score"],
            reference.cv_results_[f"split{j}_test_score"],
        )
    with pytest.raises(ValueError, match="groups"):
        clone(search).fit(X, y)


@pytest.mark.skipif(
    SKLEARN_1_6, reason="GridSearchCV passes sample_weight to the scorer from 1.7 on"
)
def test_groups_and_sample_weight_with_metadata_routing():
    sample_weight = np.random.RandomState(1).uniform(0.5, 2.0, size=len(y))
    search = WeightedClassifierCV(
        LogisticRegression(), param_grid=SCHEMES, cv=GroupKFold(3)
    )
    off = clone(search).fit(X, y, sample_weight=sample_weight, groups=GROUPS)
    with sklearn.config_context(enable_metadata_routing=True):
        on = clone(search).fit(X, y, sample_weight=sample_weight, groups=GROUPS)
    assert_allclose(
        on.cv_results_["mean_test_score"], off.cv_results_["mean_test_score"]
    )
    assert_allclose(
        on.cv_results_["mean_test_score_tau_1"],
        off.cv_results_["mean_test_score_tau_1"],
    )
    assert on.best_params_ == off.best_params_ and on.best_tau_ == off.best_tau_
    assert_allclose(on.predict_proba(X), off.predict_proba(X))


# --- the shift stage --------------------------------------------------------------


@pytest.mark.parametrize("tau", [0.5, 1.0])
def test_the_shift_stage_reproduces_logit_adjusted_classifier(tau):
    search = WeightedClassifierCV(
        LogisticRegression(),
        param_grid={"weighter__scheme": ["uniform"]},
        taus=[tau],
        cv=FOLDS,
    ).fit(X, y)
    assert search.best_tau_ == tau
    adjusted = LogitAdjustedClassifier(LogisticRegression(), tau=tau).fit(X, y)
    assert_array_equal(search.predict(X), adjusted.predict(X))
    assert_allclose(search.predict_proba(X), adjusted.predict_proba(X), rtol=1e-6)
    assert_allclose(
        search.decision_function(X), adjusted.decision_function(X), rtol=1e-6
    )
    # and every fold score is that of LogitAdjustedClassifier on the fold
    name = f"score_tau_{tau:g}"
    for j, (train, test) in enumerate(FOLDS):
        fold = LogitAdjustedClassifier(LogisticRegression(), tau=tau).fit(
            X[train], y[train]
        )
        expected = balanced_accuracy_score(y[test], fold.predict(X[test]))
        assert search.cv_results_[f"split{j}_test_{name}"][0] == pytest.approx(expected)


def test_the_shift_uses_the_prior_each_candidate_was_trained_under():
    grid = {"weighter__scheme": ["ins", "uniform", "ens"], "weighter__beta": [0.99]}
    search = WeightedClassifierCV(
        LogisticRegression(), param_grid=grid, taus=[0.0, 1.0], cv=FOLDS
    ).fit(X, y)
    results = search.cv_results_
    # INS trains under balanced classes: shifting it changes nothing
    assert_array_equal(
        [results[f"split{j}_test_score_tau_1"][0] for j in range(3)],
        [results[f"split{j}_test_score"][0] for j in range(3)],
    )
    train, test = FOLDS[0]
    counts = np.bincount(y[train]).astype(float)
    ens = WeightedClassifier(
        LogisticRegression(), ClassBalancedWeighter("ens", beta=0.99)
    )
    model = LogitAdjustedClassifier(ens, tau=1.0).fit(X[train], y[train])
    trained_prior = counts * model.estimator_.weighter_.class_weight_
    assert_allclose(model.class_prior_, trained_prior / trained_prior.sum())
    expected = balanced_accuracy_score(y[test], model.predict(X[test]))
    assert results["split0_test_score_tau_1"][2] == pytest.approx(expected)


def test_each_candidate_is_fitted_once_per_fold_whatever_the_number_of_taus():
    calls = CountingLogisticRegression.calls
    for taus in ([0.0], [0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0]):
        calls.update(fit=0, predict_proba=0)
        search = WeightedClassifierCV(
            CountingLogisticRegression(), param_grid=SCHEMES, taus=taus, cv=3
        ).fit(X, y)
        n_fold_fits = len(SCHEMES["weighter__scheme"]) * search.n_splits_
        assert calls["fit"] == n_fold_fits + 1  # and one refit
        assert calls["predict_proba"] == n_fold_fits  # one call per fold model


def test_tau_zero_is_the_unshifted_model():
    search = WeightedClassifierCV(
        LogisticRegression(), param_grid={"weighter__scheme": ["isns"]}, taus=[0.0]
    ).fit(X, y)
    model = WeightedClassifier(LogisticRegression(), ClassBalancedWeighter("isns")).fit(
        X, y
    )
    assert search.best_tau_ == 0.0
    assert_array_equal(search.predict(X), model.predict(X))
    assert_allclose(search.predict_proba(X), model.predict_proba(X))
    assert_allclose(search.predict_log_proba(X), model.predict_log_proba(X))


def test_predict_agrees_with_predict_proba_and_decision_function():
    search = WeightedClassifierCV(
        LogisticRegression(), param_grid={"weighter__scheme": ["uniform"]}, taus=[1.5]
    ).fit(X, y)
    proba = search.predict_proba(X)
    assert_allclose(proba.sum(axis=1), 1.0)
    assert_array_equal(search.predict(X), search.classes_[proba.argmax(axis=1)])
    assert_allclose(search.predict_log_proba(X), np.log(proba))
    assert_array_equal(search.decision_function(X).argmax(axis=1), proba.argmax(axis=1))
    unshifted = search.best_estimator_.estimator_.predict(X)
    assert (search.predict(X) == 2).sum() > (unshifted == 2).sum()  # rare class


@pytest.mark.parametrize("n_classes", [2, 3])
def test_decision_function_only_estimators(n_classes):
    X_svc, y_svc = make_classification(
        n_samples=300,
        n_features=6,
        n_informative=4,
        n_classes=n_classes,
        weights=[0.8] + [0.2 / (n_classes - 1)] * (n_classes - 1),
        random_state=0,
    )
    search = WeightedClassifierCV(
        LinearSVC(), param_grid={"weighter__scheme": ["uniform"]}, taus=[1.0]
    ).fit(X_svc, y_svc)
    assert not hasattr(search, "predict_proba")
    raw = LinearSVC().fit(X_svc, y_svc).decision_function(X_svc)
    log_prior = np.log(search.class_prior_)
    if n_classes == 2:
        expected = raw - (log_prior[1] - log_prior[0])
        assert_array_equal(search.predict(X_svc), (expected > 0).astype(int))
    else:
        expected = raw - log_prior
        assert_array_equal(search.predict(X_svc), expected.argmax(axis=1))
    assert_allclose(search.decision_function(X_svc), expected, rtol=1e-5, atol=1e-8)
    assert np.isfinite(search.cv_results_["mean_test_score_tau_1"]).all()


# --- the selection rule in the estimator ------------------------------------------


X_RARE, Y_RARE = make_classification(
    n_samples=400,
    n_features=5,
    n_informative=3,
    weights=[0.93],
    flip_y=0,
    class_sep=1.5,
    random_state=0,
)


def test_search_keeps_ins_unless_another_candidate_is_clearly_better():
    # INS first: "no weighting" is clearly worse on balanced accuracy, INS is kept
    ins_first = WeightedClassifierCV(
        LogisticRegression(),
        param_grid={"weighter__scheme": ["ins", "uniform"]},
        taus=[0.0],
        cv=4,
    ).fit(X_RARE, Y_RARE)
    assert ins_first.best_params_ == {"weighter__scheme": "ins"}
    # no weighting as the reference: INS beats it by far more than one SE
    uniform_first = (
        clone(ins_first)
        .set_params(param_grid={"weighter__scheme": ["uniform", "ins"]})
        .fit(X_RARE, Y_RARE)
    )
    scores = uniform_first.cv_results_["mean_test_score"]
    assert scores[1] > scores[0] + 0.05
    assert uniform_first.best_params_ == {"weighter__scheme": "ins"}


def test_a_single_sample_class_keeps_the_reference():
    y_single = Y_RARE.copy()
    y_single[0] = 2
    blind = WeightedClassifierCV(
        LogisticRegression(),
        param_grid={"weighter__scheme": ["uniform", "ins"]},
        cv=4,
    ).fit(X_RARE, y_single)
    best = blind.cv_results_["mean_test_score"].argmax()
    assert blind.cv_results_["params"][best] == {"weighter__scheme": "ins"}
    assert blind.best_params_ == {"weighter__scheme": "uniform"}
    assert blind.best_tau_ == 0.0
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
    assert search.best_tau_ == 0.0


# --- honest scoring ---------------------------------------------------------------


def test_validation_folds_are_scored_without_the_class_weights():
    """The score of a fold is the plain metric of the fold model's predictions."""
    search = WeightedClassifierCV(
        LogisticRegression(), param_grid={"weighter__scheme": ["ins"]}, cv=FOLDS
    ).fit(X, y)
    train, test = FOLDS[0]
    model = WeightedClassifier(LogisticRegression()).fit(X[train], y[train])
    unweighted = balanced_accuracy_score(y[test], model.predict(X[test]))
    assert search.cv_results_["split0_test_score"][0] == pytest.approx(unweighted)


@pytest.mark.skipif(
    SKLEARN_1_6, reason="GridSearchCV passes sample_weight to the scorer from 1.7 on"
)
def test_the_users_sample_weight_weights_the_validation_score():
    sample_weight = np.random.RandomState(1).uniform(0.2, 2.0, size=len(y))
    search = WeightedClassifierCV(
        LogisticRegression(), param_grid={"weighter__scheme": ["ins"]}, cv=FOLDS
    ).fit(X, y, sample_weight=sample_weight)
    train, test = FOLDS[0]
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
    search = WeightedClassifierCV(
        LogisticRegression(),
        param_grid={"weighter__scheme": ["ins"]},
        cv=FOLDS,
        scoring=scoring,
    ).fit(X, y)
    train, test = FOLDS[0]
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


def test_a_probability_scorer_sees_the_shifted_probabilities():
    search = WeightedClassifierCV(
        LogisticRegression(),
        param_grid={"weighter__scheme": ["uniform"]},
        taus=[0.0, 1.0],
        cv=FOLDS,
        scoring="neg_log_loss",
    ).fit(X, y)
    train, test = FOLDS[0]
    fold = LogitAdjustedClassifier(LogisticRegression(), tau=1.0).fit(
        X[train], y[train]
    )
    expected = np.mean(
        np.log(fold.predict_proba(X[test])[np.arange(len(test)), y[test]])
    )  # neg_log_loss
    assert search.cv_results_["split0_test_score_tau_1"][0] == pytest.approx(expected)


def test_unknown_scoring_is_rejected_by_name():
    with pytest.raises(ValueError, match="scoring"):
        WeightedClassifierCV(scoring="balanced_acc").fit(X, y)


# --- determinism, parallelism, progress -------------------------------------------


def test_n_jobs_2_gives_the_same_search_as_n_jobs_1():
    serial = small_search(n_jobs=1).fit(X, y)
    parallel = small_search(n_jobs=2).fit(X, y)
    for key in serial.cv_results_:
        if key.startswith(("split", "mean_test", "rank_test")):
            assert_allclose(serial.cv_results_[key], parallel.cv_results_[key])
    assert serial.best_params_ == parallel.best_params_
    assert serial.best_tau_ == parallel.best_tau_
    assert_allclose(serial.predict_proba(X), parallel.predict_proba(X))


def test_folds_are_unshuffled_unless_random_state_is_set():
    unshuffled = small_search(taus=[0.0]).fit(X, y)
    reference = GridSearchCV(
        WeightedClassifier(LogisticRegression(), ClassBalancedWeighter()),
        SCHEMES,
        cv=StratifiedKFold(3),
        scoring="balanced_accuracy",
    ).fit(X, y)
    assert_allclose(
        unshuffled.cv_results_["split1_test_score"],
        reference.cv_results_["split1_test_score"],
    )
    first = small_search(random_state=0).fit(X, y).cv_results_["split1_test_score"]
    again = small_search(random_state=0).fit(X, y).cv_results_["split1_test_score"]
    other = small_search(random_state=1).fit(X, y).cv_results_["split1_test_score"]
    assert_array_equal(first, again)
    assert not np.array_equal(first, other)


def test_verbose_reports_progress_like_grid_search_cv(capsys):
    small_search(verbose=3).fit(X, y)
    out = capsys.readouterr().out
    assert "Fitting 3 folds for each of 3 candidates, totalling 9 fits" in out
    assert "[CV 1/3] END estimator__weighter__scheme=ins; score: (test=" in out
    assert out.count("END ") == 9
    assert "score_tau_1.5: (test=" in out
    assert "Selected (one_se): {'weighter__scheme': " in out


def test_silent_by_default(capsys):
    small_search().fit(X, y)
    assert capsys.readouterr().out == ""


# --- search spaces ----------------------------------------------------------------


def test_default_search_space_is_ins_then_no_weighting_times_the_shifts():
    search = WeightedClassifierCV(LogisticRegression()).fit(X, y)
    assert search.cv_results_["params"] == [
        {"weighter__scheme": "ins"},
        {"weighter__scheme": "uniform"},
    ]
    assert search.taus == (0.0, 0.25, 0.5, 0.75, 1.0, 1.5)
    assert search.n_splits_ == 5


def test_weighter_objects_are_searchable_including_focal_weights():
    grid = [
        {"weighter": [ClassBalancedWeighter("ins")]},
        {
            "weighter": [FocalWeighter(cv=3, random_state=0)],
            "weighter__gamma": [1.0, 2.0],
        },
    ]
    search = WeightedClassifierCV(
        LogisticRegression(), param_grid=grid, cv=3, selection="best"
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
    grid = {
        "weighter": [FocalWeighter(cv=3, random_state=0)],
        "weighter__gamma": [0.0, 2.0],
    }
    search = WeightedClassifierCV(
        LogisticRegression(), param_grid=grid, taus=[0.0], cv=FOLDS
    ).fit(X, y)
    reference = GridSearchCV(
        WeightedClassifier(LogisticRegression(), ClassBalancedWeighter()),
        grid,
        cv=FOLDS,
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
    ).fit(X, y)
    assert search.estimator_.C == search.best_params_["estimator__C"]


def test_bad_param_grid_names_the_fix():
    with pytest.raises(ValueError, match="not parameters of WeightedClassifier"):
        WeightedClassifierCV(param_grid={"scheme": ["ins"]}).fit(X, y)
    with pytest.raises(ValueError, match="param_grid"):
        WeightedClassifierCV(param_grid={"weighter__scheme": []}).fit(X, y)


@pytest.mark.parametrize("taus", [[], [-0.5, 1.0], [0.0, 0.0], [np.nan]])
def test_bad_taus_name_the_fix(taus):
    with pytest.raises(ValueError, match=r"taus must be distinct finite numbers >= 0"):
        WeightedClassifierCV(taus=taus).fit(X, y)


# --- composition ------------------------------------------------------------------


def test_pipeline_estimator_and_pipeline_around_the_search():
    inner = WeightedClassifierCV(
        make_pipeline(StandardScaler(), LogisticRegression()),
        param_grid=SCHEMES,
        cv=3,
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
        ),
        WeightedClassifierCV(
            make_pipeline(StandardScaler(), LogisticRegression()),
            param_grid={"weighter__scheme": ["ins"]},
            cv=2,
        ),
    ],
    expected_failed_checks=lambda estimator: (
        SPARSE_CHECK_ON_DENSE_ONLY_PIPELINE
        if isinstance(estimator.estimator, Pipeline)
        else {}
    ),
)
def test_sklearn_compatible(estimator, check):
    check(estimator)


def test_the_notebook_view_of_a_fitted_search_shows_what_it_chose():
    X, y = make_classification(n_samples=300, weights=[0.9], random_state=0)
    search = WeightedClassifierCV(LogisticRegression(), cv=3)
    assert "Selected" not in search._repr_mimebundle_()["text/html"]
    search.fit(X, y)
    page = search._repr_mimebundle_()["text/html"]
    assert f"tau={search.best_tau_:g}" in page
    assert "LogitAdjustedClassifier" in page and "weighter__scheme" in page
