"""FocalWeighter: out-of-fold focal weights that move weight within each class."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, cross_val_predict, cross_val_score
from sklearn.svm import LinearSVC
from test_oof import FOLDS, X_HAND, X_HARD, Y_HAND, Y_HARD, ProbaFromX

from sklearn_classweight import ClassBalancedWeighter, FocalWeighter, WeightedClassifier

UNIFORM = ClassBalancedWeighter("uniform")
P_T_HAND = np.array([0.9, 0.5, 0.8, 0.7, 0.4, 0.9])  # from X_HAND, Y_HAND


def test_uncapped_formula_by_hand():
    focal = FocalWeighter(gamma=2, max_ratio=None, base=UNIFORM, cv=2, min_factor=0)
    weights = focal.fit_transform(Y_HAND, X=X_HAND, estimator=ProbaFromX())
    assert_allclose(focal.true_class_proba_, P_T_HAND)
    factor = (1 - P_T_HAND) ** 2  # [.01, .25 | .04, .09, .36, .01]
    # Each class keeps its uniform total (2 and 4): weight moves within it.
    expected = np.r_[factor[:2] * 2 / 0.26, factor[2:] * 4 / 0.50]
    assert_allclose(weights, expected)


def test_capped_formula_by_hand():
    focal = FocalWeighter(gamma=2, max_ratio=2, base=UNIFORM, cv=2)
    weights = focal.fit_transform(Y_HAND, X=X_HAND, estimator=ProbaFromX())
    # Relative to the class mean factor (0.13 and 0.125), clipped to
    # [1/sqrt(2), sqrt(2)], then rescaled to the class totals 2 and 4.
    low, high = 1 / np.sqrt(2), np.sqrt(2)
    class_0 = np.array([low, high])  # 0.01/0.13 and 0.25/0.13, clipped
    class_1 = np.array([low, 0.72, high, low])  # 0.32, 0.72, 2.88, 0.08
    expected = np.r_[class_0 * 2 / class_0.sum(), class_1 * 4 / class_1.sum()]
    assert_allclose(weights, expected)
    assert weights[:2].max() / weights[:2].min() == pytest.approx(2.0)


def test_default_keeps_each_class_total_at_its_ins_weight():
    rng = np.random.RandomState(0)
    sample_weight = rng.uniform(0.5, 2.0, size=Y_HARD.shape[0])
    focal = FocalWeighter(cv=3)
    weights = focal.fit_transform(
        Y_HARD, sample_weight, X=X_HARD, estimator=LogisticRegression()
    )
    # INS by hand: every class gets total weight sum(sample_weight) / n_classes.
    class_totals = np.bincount(Y_HARD, weights=sample_weight * weights)
    assert_allclose(class_totals, np.full(3, sample_weight.sum() / 3))
    assert_allclose(focal.class_mean_weight_, focal.base_weighter_.class_weight_)
    for k in range(3):
        in_class = weights[Y_HARD == k]
        assert in_class.max() / in_class.min() <= 1.1 + 1e-12  # the default cap
        assert in_class.max() > in_class.min()  # weight did move
    # Within a class, the harder sample never gets less weight.
    order = np.argsort(focal.true_class_proba_[Y_HARD == 0])
    assert np.all(np.diff(weights[Y_HARD == 0][order]) <= 1e-12)


def test_default_is_a_gentle_focus_on_the_samples_predicted_worst():
    # With label noise, the samples predicted worst out of fold include the
    # mislabelled ones: the default moves weight towards them, but little.
    X, y = make_classification(
        n_samples=400, weights=[0.85], flip_y=0.1, random_state=0
    )
    focal = FocalWeighter(cv=3)
    weights = focal.fit_transform(y, X=X, estimator=LogisticRegression())
    ins = ClassBalancedWeighter().fit_transform(y)
    wrong = focal.true_class_proba_ < 0.5  # out-of-fold mistakes
    for k in (0, 1):
        in_class = y == k
        share = weights[in_class & wrong].sum() / weights[in_class].sum()
        ins_share = ins[in_class & wrong].sum() / ins[in_class].sum()
        # The mistakes carry more of their class's weight than with INS ...
        assert share > ins_share
        # ... but at most a tenth more (max_ratio=2 gives them 48% more here).
        assert share <= 1.1 * ins_share
    # No sample's weight moves further than a factor 1.1 from its INS weight.
    assert np.all((weights / ins >= 1 / 1.1) & (weights / ins <= 1.1))


def test_second_round_refits_the_fold_models_with_the_first_round_weights():
    focal = FocalWeighter(gamma=2, max_ratio=None, base=UNIFORM, cv=FOLDS)
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
    factor = np.maximum((1 - p_t) ** 2, 1e-3)
    totals = np.bincount(Y_HARD).astype(float)  # the uniform base's class totals
    expected = factor * (totals / np.bincount(Y_HARD, weights=factor))[Y_HARD]
    assert_allclose(second, expected)
    assert not np.allclose(second, first)


def test_fitted_attributes():
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


def test_grid_search_over_gamma_zero_scores_like_the_base_weighter():
    search = GridSearchCV(
        WeightedClassifier(LogisticRegression(), FocalWeighter(cv=2)),
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


def test_needs_predict_proba():
    with pytest.raises(TypeError, match="LinearSVC has no predict_proba"):
        FocalWeighter(cv=2).fit(Y_HARD, X=X_HARD, estimator=LinearSVC())


def test_a_class_predicted_perfectly_without_floor_or_cap_is_an_error():
    # Class 0 is predicted with certainty: p_t = 1, factor 0.
    X = np.array([[1.0, 0.0], [1.0, 0.0], [0.2, 0.8], [0.3, 0.7]])
    with pytest.raises(ValueError, match="gave zero total weight to class"):
        FocalWeighter(max_ratio=None, min_factor=0, cv=2).fit(
            np.array([0, 0, 1, 1]), X=X, estimator=ProbaFromX()
        )


@pytest.mark.parametrize(
    "params, name",
    [({"gamma": -1}, "gamma"), ({"n_iter": 0}, "n_iter")],
)
def test_bad_parameters_are_named(params, name):
    with pytest.raises(ValueError, match=f"'{name}' parameter of FocalWeighter"):
        FocalWeighter(**params).fit_transform(Y_HAND, X=X_HAND, estimator=ProbaFromX())


def test_standalone_weights_match_the_ones_weighted_classifier_trains_with():
    X, y = make_classification(n_samples=150, weights=[0.8], random_state=0)
    clf = WeightedClassifier(LogisticRegression(), FocalWeighter(cv=3)).fit(X, y)
    alone = FocalWeighter(cv=3).fit_transform(y, X=X, estimator=LogisticRegression())
    assert_array_equal(clf.weighter_.sample_weight_, alone)
