"""estimate_target_prior: the deployment prior from unlabeled rows, without a refit."""

import pickle
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

from sklearn_classweight import (
    CostSensitiveClassifier,
    LogitAdjustedClassifier,
    estimate_target_prior,
)
from sklearn_classweight._label_shift import em_prior, fit_bcts

K = 3
X_pool, y_pool = make_classification(
    n_samples=12000,
    n_features=8,
    n_informative=5,
    n_classes=K,
    n_clusters_per_class=1,
    class_sep=1.2,
    random_state=0,
)
RNG = np.random.default_rng(0)
BY_CLASS = [RNG.permutation(np.flatnonzero(y_pool == k)) for k in range(K)]
TRAIN_PRIOR = np.array([0.6, 0.3, 0.1])


def draw(counts, start):
    """Rows of each class, ``counts[k]`` of class ``k``, from ``start`` on."""
    index = np.concatenate(
        [BY_CLASS[k][start : start + n] for k, n in enumerate(counts)]
    )
    return X_pool[index], y_pool[index]


X_train, y_train = draw((TRAIN_PRIOR * 2000).astype(int), 0)
X_val, y_val = draw((TRAIN_PRIOR * 1000).astype(int), 1500)
CLF = CostSensitiveClassifier(LogisticRegression()).fit(X_train, y_train)


def test_em_recovers_a_shifted_prior_and_the_adapted_model_is_more_accurate():
    shifted = np.array([0.1, 0.3, 0.6])
    X_new, y_new = draw((shifted * 1500).astype(int), 2500)
    prior = estimate_target_prior(CLF, X_new)
    assert_allclose(prior, shifted, atol=0.04)
    clf = pickle.loads(pickle.dumps(CLF))
    unadapted = np.mean(clf.predict(X_new) == y_new)
    adapted = np.mean(clf.set_params(target_prior=prior).predict(X_new) == y_new)
    assert adapted > unadapted + 0.03


@pytest.mark.parametrize(
    "options",
    [
        {"X_val": X_val, "y_val": y_val},
        {"method": "bbse", "X_val": X_val, "y_val": y_val},
    ],
)
def test_held_out_data_give_bcts_and_bbse(options):
    shifted = np.array([0.1, 0.3, 0.6])
    X_new, _ = draw((shifted * 1500).astype(int), 2500)
    assert_allclose(estimate_target_prior(CLF, X_new, **options), shifted, atol=0.05)


def test_no_shift_falls_back_to_the_training_prior():
    X_same, _ = draw((TRAIN_PRIOR * 300).astype(int), 2500)
    prior, info = estimate_target_prior(CLF, X_same, return_info=True)
    assert info["fallback"] and info["p_value"] >= 0.05
    assert_array_equal(prior, CLF.class_prior_)
    # The estimate itself is there, and close to the training prior.
    assert_allclose(info["estimate"], TRAIN_PRIOR, atol=0.05)
    # Without the test, the estimate is returned as is.
    assert_allclose(
        estimate_target_prior(CLF, X_same, significance=None), info["estimate"]
    )


def test_a_handful_of_rows_cannot_move_the_prior():
    X_few, _ = draw([1, 2, 2], 2500)
    prior, info = estimate_target_prior(CLF, X_few, return_info=True)
    assert info["fallback"]
    assert_array_equal(prior, CLF.class_prior_)


def test_nothing_is_refitted_or_changed():
    clf = CostSensitiveClassifier(LogisticRegression()).fit(X_train, y_train)
    before = pickle.dumps(clf)
    X_new, _ = draw([100, 300, 600], 2500)
    estimate_target_prior(clf, X_new)
    estimate_target_prior(clf, X_new, method="bbse", X_val=X_val, y_val=y_val)
    assert pickle.dumps(clf) == before


def test_it_works_for_logit_adjusted_classifier_and_string_labels():
    names = np.array(["ant", "bee", "cat"])
    clf = LogitAdjustedClassifier(LogisticRegression()).fit(X_train, names[y_train])
    X_new, _ = draw([150, 450, 900], 2500)
    prior = estimate_target_prior(clf, X_new, X_val=X_val, y_val=names[y_val])
    assert_allclose(prior, [0.1, 0.3, 0.6], atol=0.05)
    # Its decisions follow: more "cat" predictions under the estimate.
    before = np.sum(clf.predict(X_new) == "cat")
    assert np.sum(clf.set_params(target_prior=prior).predict(X_new) == "cat") > before


def test_em_by_hand():
    posterior = np.array([[0.9, 0.1], [0.9, 0.1], [0.2, 0.8]])
    prior, log_likelihood, converged, n_iter = em_prior(
        np.log(posterior), np.array([0.5, 0.5]), tol=1e-12
    )
    # The fixed point: prior = mean of the posteriors moved to it.
    moved = posterior * prior / 0.5
    moved /= moved.sum(axis=1, keepdims=True)
    assert_allclose(prior, moved.mean(axis=0), atol=1e-10)
    assert converged and n_iter > 1
    assert log_likelihood == pytest.approx(
        np.sum(np.log((posterior * prior / 0.5).sum(axis=1)))
    )


def test_the_iteration_cap_warns_and_says_so():
    X_new, _ = draw([30, 100, 600], 2500)
    with pytest.warns(ConvergenceWarning, match="max_iter=2"):
        _, info = estimate_target_prior(CLF, X_new, max_iter=2, return_info=True)
    assert not info["converged"] and info["n_iter"] == 2


def test_bcts_undoes_a_temperature_and_a_bias():
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(4000, 3)) * 2
    codes = np.array(
        [
            rng.choice(3, p=p)
            for p in np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
        ]
    )
    distorted = np.log(
        np.exp(3 * logits + [0, 1, -1])
        / np.exp(3 * logits + [0, 1, -1]).sum(1, keepdims=True)
    )
    inverse_temperature, bias = fit_bcts(distorted, codes)
    assert inverse_temperature == pytest.approx(1 / 3, rel=0.1)
    assert_allclose(bias - bias[0], [0, -1 / 3, 1 / 3], atol=0.15)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"method": "bbse"}, ValueError, "method='bbse' needs"),
        ({"X_val": X_val}, ValueError, "X_val and y_val go together"),
        ({"X_val": X_val, "y_val": y_val[:5]}, ValueError, "X_val has 1000 rows"),
        ({"X_val": X_val, "y_val": y_val + 7}, ValueError, "y_val contains labels"),
        ({"method": "mle"}, ValueError, "'method' parameter"),
        ({"significance": 2.0}, ValueError, "'significance' parameter"),
    ],
)
def test_bad_arguments_are_errors_naming_them(kwargs, error, match):
    with pytest.raises(error, match=match):
        estimate_target_prior(CLF, X_val, **kwargs)


def test_the_estimator_must_be_a_fitted_decision_classifier():
    with pytest.raises((TypeError, ValueError), match="'estimator' parameter"):
        estimate_target_prior(LogisticRegression().fit(X_train, y_train), X_val)
    with pytest.raises(Exception, match="not fitted"):
        estimate_target_prior(CostSensitiveClassifier(), X_val)
    with pytest.raises(ValueError, match="X has no rows"):
        estimate_target_prior(CLF, X_val[:0])


def test_no_warning_on_an_ordinary_call():
    X_new, _ = draw([100, 300, 600], 2500)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        estimate_target_prior(CLF, X_new)
