"""WeightedClassifierCV as a user meets it: what it fits, how it selects, how it explains."""

import numpy as np
import pytest
import sklearn
from _versions import SKLEARN_1_6
from numpy.testing import assert_allclose, assert_array_equal
from scipy.stats import rankdata
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.metrics import balanced_accuracy_score, f1_score
from sklearn.model_selection import (
    GridSearchCV,
    GroupKFold,
    StratifiedKFold,
    cross_val_score,
)
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC
from sklearn.utils import estimator_html_repr

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
#: The rewritten LogitAdjustedClassifier: ``tau=0`` is exactly the wrapped
#: model, and margins are calibrated before they are shifted.
CALIBRATING_SHIFT = "calibration" in LogitAdjustedClassifier().get_params()


def small_search(**params):
    """A quick search: 3 schemes, 3 stratified folds, 4 shifts."""
    params.setdefault("taus", [0.0, 0.5, 1.0, 1.5])
    return WeightedClassifierCV(
        LogisticRegression(), param_grid=SCHEMES, cv=3, **params
    )


class CountingLogisticRegression(LogisticRegression):
    """LogisticRegression that counts its fits and records their sample_weight."""

    calls = {"fit": 0, "weighted_fit": 0}

    def fit(self, X, y, sample_weight=None):
        type(self).calls["fit"] += 1
        type(self).calls["weighted_fit"] += sample_weight is not None
        return super().fit(X, y, sample_weight=sample_weight)


# --- fitted attributes ------------------------------------------------------------


def test_fitted_attributes_describe_the_selected_pair():
    search = small_search(selection="best").fit(X, y)
    pairs = search.pair_results_
    index = search.best_pair_index_
    assert search.best_params_ == pairs["params"][index]
    assert search.best_tau_ == search.best_params_["tau"] == pairs["tau"][index]
    assert search.best_index_ == pairs["candidate"][index]
    assert search.best_score_ == pairs["mean_test_score"][index]
    name = "score" if search.best_tau_ == 0 else f"score_tau_{search.best_tau_:g}"
    assert (
        search.best_score_
        == search.cv_results_[f"mean_test_{name}"][search.best_index_]
    )
    best = search.best_estimator_
    assert isinstance(best, LogitAdjustedClassifier)
    assert best.tau == search.best_tau_
    assert_allclose(search.class_prior_, best.class_prior_)
    assert_array_equal(search.classes_, [0, 1, 2])
    assert_array_equal(search.predict(X), best.predict(X))
    assert_allclose(search.predict_proba(X), best.predict_proba(X))
    assert search.refit_time_ > 0


def test_best_params_apply_to_best_estimator():
    # old main: set_params(**best_params_) raised "Invalid parameter 'weighter'"
    for grid in ({"weighter__scheme": ["ins"]}, {"weighter__scheme": ["uniform"]}):
        search = WeightedClassifierCV(
            LogisticRegression(), param_grid=grid, taus=[0.0, 0.5, 1.0], cv=3
        ).fit(X, y)
        model = clone(search.best_estimator_).set_params(**search.best_params_)
        assert model.get_params()["tau"] == search.best_tau_
        model.fit(X, y)
        assert_array_equal(model.predict(X), search.predict(X))
        assert_allclose(model.predict_proba(X), search.predict_proba(X))


def test_the_weighted_candidates_fitted_attributes():
    search = WeightedClassifierCV(
        LogisticRegression(), param_grid={"weighter__scheme": ["isns"]}, cv=3
    ).fit(X, y)
    model = search.best_estimator_.estimator_
    assert isinstance(model, WeightedClassifier)
    assert search.estimator_ is model.estimator_
    assert search.weighter_ is model.weighter_
    assert search.best_params_["estimator__weighter__scheme"] == "isns"
    assert search.weighter_.scheme == "isns"


def test_no_weighting_is_a_uniform_weighter_and_its_weights_are_all_equal():
    search = WeightedClassifierCV(LogisticRegression(), cv=3).fit(X, y)
    assert type(search.estimator_) is LogisticRegression
    assert search.estimator_ is search.best_estimator_.estimator_.estimator_
    assert_allclose(search.weighter_.class_weight_, 1.0)
    counts = np.bincount(y)
    assert_allclose(search.class_prior_, counts / counts.sum())


def test_cv_results_are_grid_search_cvs_for_the_unshifted_models():
    grid = {"weighter__scheme": ["ins", "isns"]}
    search = WeightedClassifierCV(
        LogisticRegression(), param_grid=grid, taus=[0.0], cv=FOLDS
    ).fit(X, y)
    reference = GridSearchCV(
        WeightedClassifier(LogisticRegression(), ClassBalancedWeighter()),
        grid,
        cv=FOLDS,
        scoring="balanced_accuracy",
    ).fit(X, y)
    for key in ("mean_test_score", "split0_test_score", "rank_test_score"):
        assert_allclose(search.cv_results_[key], reference.cv_results_[key])
    assert search.cv_results_["params"] == [
        {"estimator__weighter__scheme": "ins"},
        {"estimator__weighter__scheme": "isns"},
    ]


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


def test_the_pair_table_ranks_every_candidate_and_shift():
    # old main: rank_test_score ranked the unshifted scores only, so the
    # selected pair could show rank 2
    search = small_search(selection="best", taus=[0.0, 0.5, 1.0, 2.0]).fit(X, y)
    pairs = search.pair_results_
    assert len(pairs["tau"]) == 3 * 4
    assert_array_equal(pairs["candidate"], np.repeat([0, 1, 2], 4))
    assert_array_equal(pairs["tau"], np.tile([0.0, 0.5, 1.0, 2.0], 3))
    assert pairs["rank_test_score"][search.best_pair_index_] == 1
    assert_array_equal(
        pairs["rank_test_score"], rankdata(-pairs["mean_test_score"], method="min")
    )
    split_means = np.mean([pairs[f"split{j}_test_score"] for j in range(3)], axis=0)
    assert_allclose(pairs["mean_test_score"], split_means)
    assert pairs["candidate_name"][:4] == ["weighter__scheme='ins'"] * 4
    assert pairs["candidate_name"][-1] == "no weighting"


def test_the_selection_evidence_is_a_fitted_attribute():
    # old main: nothing exposed what the one-SE rule weighed
    search = small_search().fit(X, y)
    evidence = search.selection_evidence_
    pairs = search.pair_results_
    reference = pairs["params"].index(evidence["reference_params"])
    challenger = pairs["params"].index(evidence["challenger_params"])
    assert pairs["tau"][reference] == 1.0 and pairs["candidate"][reference] == 0
    assert evidence["reference_score"] == pairs["mean_test_score"][reference]
    assert pairs["rank_test_score"][challenger] == 1
    gains = [
        pairs[f"split{j}_test_score"][challenger]
        - pairs[f"split{j}_test_score"][reference]
        for j in range(3)
    ]
    assert evidence["mean_gain"] == pytest.approx(np.mean(gains))
    assert evidence["chosen_score"] == search.best_score_
    assert evidence["n_splits"] == search.n_splits_ == 3
    assert isinstance(evidence["tau_at_grid_edge"], bool)
    # On this fixture a class has too few validation samples: the guard, not
    # the threshold, keeps the reference, and the evidence says which.
    assert search.best_params_ == evidence["reference_params"]
    assert "validation samples" in evidence["reason"]


def test_the_edge_of_the_shift_grid_is_reported():
    search = WeightedClassifierCV(
        LogisticRegression(), taus=[0.0, 0.1], selection="best", cv=3
    ).fit(X, y)
    # a rare class of 5 %: the balanced error wants more than tau=0.1
    assert search.best_tau_ == 0.1
    assert search.selection_evidence_["tau_at_grid_edge"]
    wide = clone(search).set_params(taus=np.linspace(0, 6, 13)).fit(X, y)
    assert 0 < wide.best_tau_ < 6
    assert not wide.selection_evidence_["tau_at_grid_edge"]


def test_refit_false_keeps_the_search_and_the_selection_but_cannot_predict():
    search = small_search(refit=False).fit(X, y)
    refitted = small_search().fit(X, y)
    assert search.best_params_ == refitted.best_params_
    assert repr(search.selection_evidence_) == repr(refitted.selection_evidence_)
    assert not hasattr(search, "best_estimator_")
    assert not hasattr(search, "predict")
    assert_array_equal(search.classes_, [0, 1, 2])


def test_a_failed_fit_leaves_the_fitted_search_as_it_was():
    search = small_search().fit(X, y)
    before = (search.best_params_, search.best_estimator_, search.pair_results_)
    bad = {"weighter__scheme": ["ens"], "weighter__beta": [1.5]}
    with pytest.raises(ValueError, match="beta"):
        search.set_params(param_grid=bad).fit(X[:, :3], y)
    assert before == (search.best_params_, search.best_estimator_, search.pair_results_)
    assert search.n_features_in_ == X.shape[1]  # not the refused X's
    # and a refit=False fit drops the model of an earlier refit
    search.set_params(param_grid=SCHEMES, refit=False).fit(X, y)
    assert not hasattr(search, "best_estimator_") and not hasattr(search, "weighter_")


# --- the bugs of the hand-written search ------------------------------------------


def test_every_candidate_is_validated_beta_above_one_is_the_weighters_error():
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
    grid = {"weighter__scheme": ["ins", "isns"]}
    search = WeightedClassifierCV(
        LogisticRegression(), param_grid=grid, taus=[0.0], cv=GroupKFold(3)
    ).fit(X, y, groups=GROUPS)
    reference = GridSearchCV(
        WeightedClassifier(LogisticRegression(), ClassBalancedWeighter()),
        grid,
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
        on.pair_results_["mean_test_score"], off.pair_results_["mean_test_score"]
    )
    assert on.best_params_ == off.best_params_
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
    ens = WeightedClassifier(
        LogisticRegression(), ClassBalancedWeighter("ens", beta=0.99)
    )
    model = LogitAdjustedClassifier(ens, tau=1.0).fit(X[train], y[train])
    expected = balanced_accuracy_score(y[test], model.predict(X[test]))
    assert results["split0_test_score_tau_1"][2] == pytest.approx(expected)


def test_each_candidate_is_fitted_once_per_fold_whatever_the_number_of_taus():
    calls = CountingLogisticRegression.calls
    for taus in ([0.0], np.linspace(0, 3, 31)):
        calls.update(fit=0, weighted_fit=0)
        search = WeightedClassifierCV(
            CountingLogisticRegression(), param_grid=SCHEMES, taus=taus, cv=3
        ).fit(X, y)
        n_fold_fits = len(SCHEMES["weighter__scheme"]) * search.n_splits_
        assert calls["fit"] == n_fold_fits + 1  # and one refit


def test_no_weighting_passes_no_sample_weight():
    # old main: "uniform" passed all-ones weights, which make e.g.
    # HistGradientBoostingClassifier several times slower than a bare fit
    calls = CountingLogisticRegression.calls
    calls.update(fit=0, weighted_fit=0)
    search = WeightedClassifierCV(
        CountingLogisticRegression(),
        param_grid={"weighter__scheme": ["uniform"]},
        cv=3,
    ).fit(X, y)
    assert calls["fit"] == 4 and calls["weighted_fit"] == 0
    assert search.best_params_["estimator__weighter__scheme"] == "uniform"
    # the user's own weights still reach it
    calls.update(fit=0, weighted_fit=0)
    weighted = clone(search).fit(X, y, sample_weight=np.full(len(y), 2.0))
    assert calls["weighted_fit"] == 4
    assert weighted.best_params_["estimator__weighter__scheme"] == "uniform"


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


@pytest.mark.skipif(
    not CALIBRATING_SHIFT,
    reason="needs LogitAdjustedClassifier's tau=0 to be exactly the wrapped model",
)
def test_the_reference_at_tau_zero_is_the_plain_weighted_classifier():
    # old main: 54 of 300 predictions differed, because the shift took the
    # argmax of predict_proba, which modified_huber's predict is not
    sgd = SGDClassifier(loss="modified_huber", random_state=0)
    search = WeightedClassifierCV(
        sgd, param_grid={"weighter__scheme": ["ins"]}, taus=[0.0], cv=3
    ).fit(X, y)
    plain = WeightedClassifier(sgd, ClassBalancedWeighter("ins")).fit(X, y)
    assert_array_equal(search.predict(X), plain.predict(X))


def test_predict_agrees_with_predict_proba():
    search = WeightedClassifierCV(
        LogisticRegression(), param_grid={"weighter__scheme": ["uniform"]}, taus=[1.5]
    ).fit(X, y)
    proba = search.predict_proba(X)
    assert_allclose(proba.sum(axis=1), 1.0)
    assert_array_equal(search.predict(X), search.classes_[proba.argmax(axis=1)])
    assert_allclose(search.predict_log_proba(X), np.log(proba))
    unshifted = search.estimator_.predict(X)
    assert (search.predict(X) == 2).sum() > (unshifted == 2).sum()  # rare class


@pytest.mark.parametrize("n_classes", [2, 3])
def test_decision_function_only_estimators_are_shifted_as_logit_adjusted(n_classes):
    X_svc, y_svc = make_classification(
        n_samples=300,
        n_features=6,
        n_informative=4,
        n_classes=n_classes,
        weights=[0.8] + [0.2 / (n_classes - 1)] * (n_classes - 1),
        random_state=0,
    )
    search = WeightedClassifierCV(LinearSVC(), taus=[1.0]).fit(X_svc, y_svc)
    adjusted = LogitAdjustedClassifier(LinearSVC(), tau=1.0).fit(X_svc, y_svc)
    assert_array_equal(search.predict(X_svc), adjusted.predict(X_svc))
    assert_allclose(
        search.decision_function(X_svc), adjusted.decision_function(X_svc), rtol=1e-6
    )
    assert np.isfinite(search.pair_results_["mean_test_score"]).all()


# --- the scorer sees a real model -------------------------------------------------


@pytest.mark.filterwarnings("ignore:y_pred contains classes not in y_true")
def test_the_scorer_receives_the_fitted_fold_model_with_its_shift_set():
    # old main: the scorer got a stand-in that ignored X, so predicting on
    # X[:10] failed with a broadcast error
    seen = []

    def first_rows_scorer(estimator, X_val, y_val):
        seen.append((type(estimator), estimator.get_params()["tau"]))
        return balanced_accuracy_score(y_val[:10], estimator.predict(X_val[:10]))

    search = WeightedClassifierCV(
        LogisticRegression(), taus=[0.0, 1.0], scoring=first_rows_scorer, cv=3
    ).fit(X, y)
    assert {kind for kind, _ in seen} == {LogitAdjustedClassifier}
    assert [tau for _, tau in seen] == [0.0, 1.0] * 3
    train, test = FOLDS[0]
    fold = LogitAdjustedClassifier(LogisticRegression(), tau=1.0).fit(
        X[train], y[train]
    )
    expected = balanced_accuracy_score(y[test][:10], fold.predict(X[test][:10]))
    assert search.cv_results_["split0_test_score_tau_1"][0] == pytest.approx(expected)


def test_a_label_scorer_scores_every_shift_as_a_callable_would():
    # a scorer of predicted labels is called once per distinct prediction;
    # the scores are those of calling it at every shift
    def balanced_accuracy(estimator, X_val, y_val):
        return balanced_accuracy_score(y_val, estimator.predict(X_val))

    taus = np.linspace(0, 3, 13)
    by_name = WeightedClassifierCV(LogisticRegression(), taus=taus, cv=3).fit(X, y)
    by_callable = clone(by_name).set_params(scoring=balanced_accuracy).fit(X, y)
    assert_array_equal(
        by_name.pair_results_["mean_test_score"],
        by_callable.pair_results_["mean_test_score"],
    )


def test_a_probability_scorer_on_a_margin_model_names_no_private_class():
    # old main: LinearSVC with a probability scorer failed with an error that
    # named the private ShiftedScores
    search = WeightedClassifierCV(LinearSVC(), scoring="neg_log_loss", cv=3)
    if CALIBRATING_SHIFT:  # the shift calibrates margins: it has probabilities
        search.fit(X, y)
        assert np.isfinite(search.best_score_)
    else:
        with pytest.raises(AttributeError) as error:
            search.fit(X, y)
        assert "ShiftedScores" not in str(error.value)
        assert "predict_proba" in str(error.value)


def test_validation_folds_are_scored_without_the_class_weights():
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
        LogisticRegression(), taus=[0.0, 1.0], cv=FOLDS, scoring="neg_log_loss"
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


def test_by_default_the_reference_is_logit_adjustment_at_tau_one():
    search = WeightedClassifierCV(LogisticRegression(), cv=4).fit(X_RARE, Y_RARE)
    evidence = search.selection_evidence_
    assert evidence["reference_params"] == {
        "estimator__weighter__scheme": "uniform",
        "tau": 1.0,
    }
    if search.best_params_ == evidence["reference_params"]:
        adjusted = LogitAdjustedClassifier(LogisticRegression(), tau=1.0)
        assert_array_equal(
            search.predict(X_RARE), adjusted.fit(X_RARE, Y_RARE).predict(X_RARE)
        )


@pytest.mark.parametrize(
    "scoring, tau", [("balanced_accuracy", 1.0), ("macro_f1", 0.5), ("accuracy", 0.0)]
)
def test_the_reference_shift_follows_the_metric(scoring, tau):
    search = WeightedClassifierCV(
        LogisticRegression(), taus=[0.0, 0.5, 1.0], scoring=scoring, cv=3
    ).fit(X, y)
    assert search.selection_evidence_["reference_params"]["tau"] == tau


def test_the_reference_is_kept_unless_another_pair_is_clearly_better():
    # INS first: "no weighting" is clearly worse on balanced accuracy, INS is kept
    ins_first = WeightedClassifierCV(
        LogisticRegression(),
        param_grid={"weighter__scheme": ["ins", "uniform"]},
        taus=[0.0],
        cv=4,
    ).fit(X_RARE, Y_RARE)
    assert ins_first.best_params_ == {"estimator__weighter__scheme": "ins", "tau": 0.0}
    # no weighting as the reference: INS beats it by far more than one SE
    uniform_first = (
        clone(ins_first)
        .set_params(param_grid={"weighter__scheme": ["uniform", "ins"]})
        .fit(X_RARE, Y_RARE)
    )
    scores = uniform_first.cv_results_["mean_test_score"]
    assert scores[1] > scores[0] + 0.05
    assert uniform_first.best_params_ == {
        "estimator__weighter__scheme": "ins",
        "tau": 0.0,
    }


def test_a_single_sample_class_keeps_the_reference():
    y_single = Y_RARE.copy()
    y_single[0] = 2
    blind = WeightedClassifierCV(
        LogisticRegression(),
        param_grid={"weighter__scheme": ["uniform", "ins"]},
        taus=[0.0, 1.0],
        cv=4,
        selection="one_se",
    ).fit(X_RARE, y_single)
    evidence = blind.selection_evidence_
    assert blind.best_params_ == evidence["reference_params"]
    assert blind.best_tau_ == 1.0
    assert blind.best_params_["estimator__weighter__scheme"] == "uniform"
    assert "no validation fold" in evidence["reason"]
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
    assert search.best_params_ == search.selection_evidence_["reference_params"]


@pytest.mark.filterwarnings("ignore:One or more of the test scores are non-finite")
@pytest.mark.parametrize("selection", ["best", "one_se"])
def test_a_pair_with_a_nan_score_is_never_selected(selection):
    # old main: selection="best" chose a candidate whose score was NaN
    def nan_for_ins(estimator, X_val, y_val):
        inner = estimator.estimator_
        if isinstance(inner, WeightedClassifier) and inner.weighter_.scheme == "ins":
            return np.nan
        return balanced_accuracy_score(y_val, estimator.predict(X_val))

    search = WeightedClassifierCV(
        LogisticRegression(),
        param_grid={"weighter__scheme": ["ins", "uniform"]},
        taus=[0.0, 1.0],
        scoring=nan_for_ins,
        selection=selection,
        cv=3,
    ).fit(X, y)
    assert search.best_params_["estimator__weighter__scheme"] == "uniform"
    assert np.isfinite(search.best_score_)
    pairs = search.pair_results_
    assert_array_equal(pairs["rank_test_score"][:2], [4, 4])


def test_dask_collections_are_refused_with_what_to_use_instead():
    da = pytest.importorskip("dask.array")
    X_dask, y_dask = da.from_array(X, chunks=100), da.from_array(y, chunks=100)
    with pytest.raises(TypeError, match="LogitAdjustedClassifier.*WeightedClassifier"):
        WeightedClassifierCV().fit(X_dask, y_dask)
    with pytest.raises(TypeError, match=r"y is a dask.*\.compute\(\)"):
        WeightedClassifierCV().fit(X, y_dask)


# --- determinism, parallelism, progress -------------------------------------------


def test_n_jobs_2_gives_the_same_search_as_n_jobs_1():
    serial = small_search(n_jobs=1).fit(X, y)
    parallel = small_search(n_jobs=2).fit(X, y)
    assert_allclose(
        serial.pair_results_["mean_test_score"],
        parallel.pair_results_["mean_test_score"],
    )
    assert serial.best_params_ == parallel.best_params_
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
    small_search(verbose=3, taus=[0.0, 1.5]).fit(X, y)
    out = capsys.readouterr().out
    assert "Fitting 3 folds for each of 3 candidates, totalling 9 fits" in out
    assert "[CV 1/3] END estimator__weighter__scheme=ins; score: (test=" in out
    assert out.count("END ") == 9
    assert "score_tau_1.5: (test=" in out
    assert "Selected (one_se): weighter__scheme='ins', tau=" in out


def test_silent_by_default(capsys):
    small_search().fit(X, y)
    assert capsys.readouterr().out == ""


# --- search spaces ----------------------------------------------------------------


def test_default_search_space_is_no_weighting_times_a_wide_shift_grid():
    search = WeightedClassifierCV(LogisticRegression()).fit(X, y)
    assert search.cv_results_["params"] == [{"estimator__weighter__scheme": "uniform"}]
    assert search.pair_results_["candidate_name"][0] == "no weighting"
    assert search.taus[0] == 0.0 and max(search.taus) >= 3
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
    assert [type(p["estimator__weighter"]).__name__ for p in params] == [
        "ClassBalancedWeighter",
        "FocalWeighter",
        "FocalWeighter",
    ]
    assert [p.get("estimator__weighter__gamma") for p in params] == [None, 1.0, 2.0]
    assert np.all(np.isfinite(search.cv_results_["mean_test_score"]))
    assert type(search.weighter_) is type(search.best_params_["estimator__weighter"])
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
    weighted = WeightedClassifierCV(
        LogisticRegression(),
        param_grid={"estimator__C": [0.01, 1.0]},  # default weighter: INS
        cv=3,
        selection="best",
    ).fit(X, y)
    assert weighted.estimator_.C == weighted.best_params_["estimator__estimator__C"]
    unweighted = WeightedClassifierCV(
        LogisticRegression(),
        param_grid={"weighter__scheme": ["uniform"], "estimator__C": [0.01, 1.0]},
        cv=3,
        selection="best",
    ).fit(X, y)
    assert unweighted.estimator_.C == unweighted.best_params_["estimator__estimator__C"]


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


# --- the HTML view ------------------------------------------------------------------


def test_the_html_view_of_a_fitted_search_shows_what_it_chose():
    # old main: only the notebook mimebundle showed it, not estimator_html_repr
    X_bin, y_bin = make_classification(n_samples=300, weights=[0.9], random_state=0)
    search = WeightedClassifierCV(LogisticRegression(), cv=3)
    assert "Selected" not in estimator_html_repr(search)
    search.fit(X_bin, y_bin)
    page = estimator_html_repr(search)
    assert f"Selected: no weighting, tau={search.best_tau_:g}" in page
    assert "LogitAdjustedClassifier" in page
    assert "Selected: no weighting" in search._repr_mimebundle_()["text/html"]
