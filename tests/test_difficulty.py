"""DifficultyWeighter: class weights from out-of-fold recall, capped."""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import recall_score
from sklearn.model_selection import GridSearchCV, cross_val_predict
from sklearn.svm import LinearSVC
from test_oof import FOLDS, X_HAND, X_HARD, Y_HAND, Y_HARD, ProbaFromX

from sklearn_classweight import (
    ClassBalancedWeighter,
    DifficultyWeighter,
    WeightedClassifier,
)

UNIFORM = ClassBalancedWeighter("uniform")
# ProbaFromX predicts 0, 0 (a tie), 1, 1, 0, 1: recall 1.0 and 0.75.
RECALL_HAND = [1.0, 0.75]


def test_uncapped_formula_by_hand():
    weighter = DifficultyWeighter(tau=2, max_ratio=None, base=UNIFORM, cv=2)
    weights = weighter.fit_transform(Y_HAND, X=X_HAND, estimator=ProbaFromX())
    assert_allclose(weighter.recall_, RECALL_HAND)
    raw = np.array([1e-3, 1e-3, 0.0625, 0.0625, 0.0625, 0.0625])
    assert_allclose(weights, raw * 6 / raw.sum())
    assert_allclose(weighter.transform(Y_HAND), weights)


def test_capped_formula_by_hand():
    weighter = DifficultyWeighter(tau=2, max_ratio=2, base=UNIFORM, cv=2)
    weights = weighter.fit_transform(Y_HAND, X=X_HAND, estimator=ProbaFromX())
    # Difficulties 1e-3 and 0.0625 relative to their geometric mean are
    # 0.126 and 7.9, clipped to 1/sqrt(2) and sqrt(2); then mean 1.
    raw = np.array([1, 1, 2, 2, 2, 2]) / np.sqrt(2)
    assert_allclose(weights, raw * 6 / raw.sum())  # 0.6, 0.6, 1.2, ...
    assert weighter.class_weight_[1] / weighter.class_weight_[0] == pytest.approx(2)


def test_default_moves_weight_between_classes_within_the_cap():
    weighter = DifficultyWeighter(cv=FOLDS).fit(
        Y_HARD, X=X_HARD, estimator=LogisticRegression()
    )
    base = weighter.base_weighter_.class_weight_
    multiplier = weighter.class_weight_ / base
    assert multiplier.max() / multiplier.min() <= 2.0 + 1e-12
    # The class recalled worst gains the most relative to INS.
    assert multiplier[np.argmin(weighter.recall_)] == multiplier.max()
    counts = np.bincount(Y_HARD)
    assert weighter.class_weight_ @ counts == pytest.approx(base @ counts)


def test_recall_is_the_out_of_fold_recall_of_the_base_weighted_model():
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
    weighter = DifficultyWeighter(tau="dynamic", max_ratio=None, base=UNIFORM, cv=2)
    weights = weighter.fit_transform(Y_HAND, X=X_HAND, estimator=ProbaFromX())
    assert_allclose(weighter.recall_, RECALL_HAND)
    tau = 1 / (1 + np.exp(-1.0 / 0.76))
    assert weighter.tau_ == pytest.approx(tau)
    raw = np.array([1e-3, 1e-3] + [0.25**tau] * 4)
    assert_allclose(weights, raw * 6 / raw.sum())


def test_grid_search_over_tau_including_dynamic():
    search = GridSearchCV(
        WeightedClassifier(LogisticRegression(), DifficultyWeighter(cv=2)),
        {"weighter__tau": [0.0, 1.0, "dynamic"]},
        scoring="balanced_accuracy",
        cv=3,
    ).fit(X_HARD, Y_HARD)
    assert list(search.cv_results_["param_weighter__tau"]) == [0.0, 1.0, "dynamic"]
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()


def test_needs_only_predict():
    weighter = DifficultyWeighter(cv=2).fit(Y_HARD, X=X_HARD, estimator=LinearSVC())
    assert weighter.recall_.shape == (3,)


def test_a_class_recalled_perfectly_without_floor_or_cap_is_an_error():
    # ProbaFromX recalls class 0 perfectly: its factor is 0.
    with pytest.raises(ValueError, match="gave zero total weight to class"):
        DifficultyWeighter(max_ratio=None, base=UNIFORM, cv=2, min_factor=0).fit(
            Y_HAND, X=X_HAND, estimator=ProbaFromX()
        )


def test_transform_refuses_unseen_labels():
    weighter = DifficultyWeighter(cv=2).fit(Y_HAND, X=X_HAND, estimator=ProbaFromX())
    with pytest.raises(ValueError, match="not seen during fit"):
        weighter.transform([0, 7])


@pytest.mark.parametrize("tau", ["auto", -0.5])
def test_bad_tau_is_named(tau):
    with pytest.raises(ValueError, match="'tau' parameter of DifficultyWeighter"):
        DifficultyWeighter(tau=tau).fit_transform(
            Y_HAND, X=X_HAND, estimator=ProbaFromX()
        )
