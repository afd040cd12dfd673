"""FocalWeighter and DifficultyWeighter, as a user calls them."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import recall_score
from sklearn.model_selection import (
    GridSearchCV,
    StratifiedKFold,
    cross_val_predict,
    cross_val_score,
)
from sklearn.svm import LinearSVC

from sklearn_classweight import (
    ClassBalancedWeighter,
    DifficultyWeighter,
    FocalWeighter,
    WeightedClassifier,
    WeightedClassifierCV,
)


class ProbaFromX(ClassifierMixin, BaseEstimator):
    """Predicts the probabilities written in X: out-of-fold p_t known by hand."""

    def fit(self, X, y, sample_weight=None):
        self.classes_ = np.unique(y)
        return self

    def predict_proba(self, X):
        return np.asarray(X, dtype=float)

    def predict(self, X):
        return self.classes_[np.argmax(X, axis=1)]


X_HAND = np.array(
    [[0.9, 0.1], [0.5, 0.5], [0.2, 0.8], [0.3, 0.7], [0.6, 0.4], [0.1, 0.9]]
)
Y_HAND = np.array([0, 0, 1, 1, 1, 1])
UNIFORM = ClassBalancedWeighter("uniform")


def test_focal_formula_by_hand():
    focal = FocalWeighter(gamma=2, base=UNIFORM, cv=2, random_state=0, min_factor=0)
    weights = focal.fit_transform(Y_HAND, X=X_HAND, estimator=ProbaFromX())
    p_t = np.array([0.9, 0.5, 0.8, 0.7, 0.4, 0.9])
    assert_allclose(focal.true_class_proba_, p_t)
    raw = (1 - p_t) ** 2
    assert_allclose(weights, raw * 6 / raw.sum())  # mean 1, like the base


def test_difficulty_formula_by_hand():
    weighter = DifficultyWeighter(tau=2, base=UNIFORM, cv=2, random_state=0)
    weights = weighter.fit_transform(Y_HAND, X=X_HAND, estimator=ProbaFromX())
    # predictions: 0, (tie) 0, 1, 1, 0, 1 -> recall 1.0 for class 0, 0.75 for class 1
    assert_allclose(weighter.recall_, [1.0, 0.75])
    raw = np.array([1e-3, 1e-3, 0.0625, 0.0625, 0.0625, 0.0625])
    assert_allclose(weights, raw * 6 / raw.sum())
    assert_allclose(weighter.transform(Y_HAND), weights)


@pytest.mark.parametrize(
    "weighter", [FocalWeighter(gamma=0), DifficultyWeighter(tau=0)]
)
def test_zero_exponent_equals_base_exactly(weighter):
    X, y = make_classification(n_samples=120, weights=[0.8], random_state=0)
    weights = weighter.set_params(cv=3).fit_transform(
        y, X=X, estimator=LogisticRegression()
    )
    assert_array_equal(weights, ClassBalancedWeighter().fit_transform(y))


def test_no_leakage_flipping_a_label_leaves_its_prediction():
    X, y = make_classification(n_samples=60, random_state=0)
    splits = [(np.arange(30, 60), np.arange(30)), (np.arange(30), np.arange(30, 60))]
    focal = FocalWeighter(base=UNIFORM, cv=splits)
    focal.fit(y, X=X, estimator=LogisticRegression())
    flipped = y.copy()
    flipped[0] = 1 - y[0]
    again = FocalWeighter(base=UNIFORM, cv=splits).fit(
        flipped, X=X, estimator=LogisticRegression()
    )
    # The model that scores sample 0 never saw it: its label only changes p_t.
    assert_allclose(again.true_class_proba_[0], 1 - focal.true_class_proba_[0])
    assert_allclose(again.true_class_proba_[1:30], focal.true_class_proba_[1:30])


def test_standalone_without_estimator_explains():
    with pytest.raises(
        ValueError, match="needs the training features X and an unfitted"
    ):
        FocalWeighter().fit_transform(Y_HAND)


def test_weighted_classifier_with_focal_runs_and_is_deterministic():
    X, y = make_classification(
        n_samples=200, weights=[0.85], flip_y=0.05, random_state=1
    )
    clf = WeightedClassifier(LogisticRegression(), FocalWeighter(cv=3, random_state=0))
    first = clf.fit(X, y).weighter_.sample_weight_
    assert_array_equal(clf.fit(X, y).weighter_.sample_weight_, first)
    assert_allclose(first.mean(), 1.0)


# --- tuning, determinism, iterations, attributes, errors, other bases ------

X_HARD, Y_HARD = make_classification(
    n_samples=240,
    n_classes=3,
    n_informative=3,
    weights=[0.7, 0.2],
    class_sep=0.6,
    random_state=0,
)
FOLDS = list(StratifiedKFold(3, shuffle=True, random_state=0).split(X_HARD, Y_HARD))


def test_grid_search_over_gamma_zero_scores_like_the_base_weighter():
    search = GridSearchCV(
        WeightedClassifier(LogisticRegression(), FocalWeighter(cv=2, random_state=0)),
        {"weighter__gamma": [0.0, 2.0]},
        scoring="balanced_accuracy",
        cv=3,
    ).fit(X_HARD, Y_HARD)
    plain = cross_val_score(
        WeightedClassifier(LogisticRegression(), ClassBalancedWeighter()),
        X_HARD,
        Y_HARD,
        scoring="balanced_accuracy",
        cv=3,
    )
    # gamma=0 is the base weighter exactly, so its fold scores are the same.
    assert search.cv_results_["mean_test_score"][0] == pytest.approx(plain.mean())
    assert (
        search.best_estimator_.weighter_.gamma == search.best_params_["weighter__gamma"]
    )


def test_grid_search_over_tau_including_dynamic():
    search = GridSearchCV(
        WeightedClassifier(
            LogisticRegression(), DifficultyWeighter(cv=2, random_state=0)
        ),
        {"weighter__tau": [0.0, 1.0, "dynamic"]},
        scoring="balanced_accuracy",
        cv=3,
    ).fit(X_HARD, Y_HARD)
    assert list(search.cv_results_["param_weighter__tau"]) == [0.0, 1.0, "dynamic"]
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()


def test_weighted_classifier_cv_searches_an_adaptive_weighter():
    search = WeightedClassifierCV(
        LogisticRegression(),
        param_grid={
            "weighter": [FocalWeighter(cv=2, random_state=0)],
            "weighter__gamma": [0, 2],
        },
        cv=2,
        selection="best",
        random_state=0,
    ).fit(X_HARD[:120], Y_HARD[:120])
    assert len(search.cv_results_["params"]) == 2
    chosen = search.best_estimator_.weighter_
    assert isinstance(chosen, FocalWeighter)
    assert chosen.gamma == search.best_params_["weighter__gamma"]


@pytest.mark.parametrize("make", [FocalWeighter, DifficultyWeighter])
def test_random_state_fixes_the_folds_and_so_the_weights(make):
    def weights(seed):
        return make(cv=3, random_state=seed).fit_transform(
            Y_HARD, X=X_HARD, estimator=LogisticRegression()
        )

    assert_array_equal(weights(0), weights(0))
    assert not np.array_equal(weights(0), weights(1))


def test_second_round_refits_the_fold_models_with_the_first_round_weights():
    focal = FocalWeighter(gamma=2, base=UNIFORM, cv=FOLDS)
    first = focal.fit_transform(Y_HARD, X=X_HARD, estimator=LogisticRegression())
    second = focal.set_params(n_iter=2).fit_transform(
        Y_HARD, X=X_HARD, estimator=LogisticRegression()
    )
    proba = cross_val_predict(
        LogisticRegression(),
        X_HARD,
        Y_HARD,
        cv=FOLDS,
        method="predict_proba",
        params={"sample_weight": first},
    )
    p_t = proba[np.arange(len(Y_HARD)), Y_HARD]
    assert_allclose(focal.true_class_proba_, p_t)
    raw = np.maximum((1 - p_t) ** 2, 1e-3)
    assert_allclose(second, raw * len(Y_HARD) / raw.sum())
    assert not np.allclose(second, first)


def test_focal_fitted_attributes():
    focal = FocalWeighter(cv=FOLDS).fit(
        Y_HARD, X=X_HARD, estimator=LogisticRegression()
    )
    assert_array_equal(focal.classes_, [0, 1, 2])
    assert focal.sample_weight_.shape == focal.true_class_proba_.shape == (240,)
    assert ((focal.true_class_proba_ >= 0) & (focal.true_class_proba_ <= 1)).all()
    for k in range(3):
        assert focal.class_mean_weight_[k] == pytest.approx(
            focal.sample_weight_[Y_HARD == k].mean()
        )
    assert_array_equal(focal.base_weighter_.class_counts_, np.bincount(Y_HARD))
    assert not hasattr(focal, "transform")  # weights exist only for training samples


def test_difficulty_recall_is_the_out_of_fold_recall_of_the_base_weighted_model():
    weighter = DifficultyWeighter(tau=1, cv=FOLDS).fit(
        Y_HARD, X=X_HARD, estimator=LogisticRegression()
    )
    base = ClassBalancedWeighter().fit_transform(Y_HARD)
    predicted = cross_val_predict(
        LogisticRegression(), X_HARD, Y_HARD, cv=FOLDS, params={"sample_weight": base}
    )
    assert_allclose(weighter.recall_, recall_score(Y_HARD, predicted, average=None))
    assert weighter.tau_ == 1.0
    assert_allclose(weighter.transform(weighter.classes_), weighter.class_weight_)
    assert_allclose(
        weighter.class_weight_,
        weighter.base_weighter_.class_weight_ * weighter.difficulty_weight_,
    )


def test_dynamic_tau_follows_the_sigmoid_of_the_recall_ratio():
    weighter = DifficultyWeighter(tau="dynamic", base=UNIFORM, cv=2, random_state=0)
    weights = weighter.fit_transform(Y_HAND, X=X_HAND, estimator=ProbaFromX())
    assert_allclose(weighter.recall_, [1.0, 0.75])  # as in the hand test above
    tau = 1 / (1 + np.exp(-1.0 / 0.76))
    assert weighter.tau_ == pytest.approx(tau)
    raw = np.array([1e-3, 1e-3] + [0.25**tau] * 4)
    assert_allclose(weights, raw * 6 / raw.sum())


@pytest.mark.parametrize(
    "weighter, match",
    [
        (FocalWeighter(gamma=-1), "'gamma' parameter of FocalWeighter"),
        (FocalWeighter(n_iter=0), "'n_iter' parameter of FocalWeighter"),
        (FocalWeighter(min_factor=2), "'min_factor' parameter of FocalWeighter"),
        (FocalWeighter(cv="five"), "'cv' parameter of FocalWeighter"),
        (FocalWeighter(base="ins"), "'base' parameter of FocalWeighter"),
        (DifficultyWeighter(tau="auto"), "'tau' parameter of DifficultyWeighter"),
        (DifficultyWeighter(tau=-0.5), "'tau' parameter of DifficultyWeighter"),
    ],
)
def test_bad_parameters_are_named(weighter, match):
    with pytest.raises(ValueError, match=match):
        weighter.fit_transform(Y_HAND, X=X_HAND, estimator=ProbaFromX())


def test_focal_needs_predict_proba_difficulty_does_not():
    with pytest.raises(TypeError, match="LinearSVC has no predict_proba"):
        FocalWeighter(cv=2).fit(Y_HARD, X=X_HARD, estimator=LinearSVC())
    weighter = DifficultyWeighter(cv=2, random_state=0).fit(
        Y_HARD, X=X_HARD, estimator=LinearSVC()
    )
    assert weighter.recall_.shape == (3,)


def test_a_class_predicted_perfectly_with_min_factor_zero_is_an_error():
    # ProbaFromX recalls class 0 perfectly (hand test): factor 0 for all of it.
    with pytest.raises(ValueError, match="gave zero total weight to class"):
        DifficultyWeighter(base=UNIFORM, cv=2, random_state=0, min_factor=0).fit(
            Y_HAND, X=X_HAND, estimator=ProbaFromX()
        )


@pytest.mark.parametrize(
    "make, exponent", [(FocalWeighter, "gamma"), (DifficultyWeighter, "tau")]
)
def test_another_base_weighter_is_what_gets_modulated(make, exponent):
    ens = ClassBalancedWeighter("ens", beta=0.99)
    identity = make(base=ens, cv=FOLDS, **{exponent: 0})
    assert_array_equal(
        identity.fit_transform(Y_HARD, X=X_HARD, estimator=LogisticRegression()),
        ClassBalancedWeighter("ens", beta=0.99).fit_transform(Y_HARD),
    )
    weighter = make(base=ens, cv=FOLDS)
    weights = weighter.fit_transform(Y_HARD, X=X_HARD, estimator=LogisticRegression())
    assert weighter.base_weighter_.scheme == "ens"
    base = weighter.base_weighter_.transform(Y_HARD)
    assert weights.mean() == pytest.approx(base.mean())  # the base's scale is kept
    assert ens.get_params() == ClassBalancedWeighter("ens", beta=0.99).get_params()


class FeatureNormWeighter(BaseEstimator):
    """A third-party, X-aware base: weight grows with the row's norm."""

    def fit_transform(self, y, sample_weight=None, *, X=None):
        norms = np.linalg.norm(X, axis=1)
        return norms / norms.mean()


def test_an_x_aware_third_party_base_receives_x():
    weighter = FocalWeighter(gamma=0, base=FeatureNormWeighter(), cv=FOLDS)
    weights = weighter.fit_transform(Y_HARD, X=X_HARD, estimator=LogisticRegression())
    norms = np.linalg.norm(X_HARD, axis=1)
    assert_allclose(weights, norms / norms.mean())
