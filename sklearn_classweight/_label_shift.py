"""The class prior of deployment data, estimated from the data alone (label shift).

Under label shift the class prior moves (fraud rates by month, prevalence by
hospital) while ``p(x | class)`` stays. A fitted decision-layer classifier
knows the prior its probabilities were trained under, so the new prior can
be estimated from unlabeled rows and handed back as its ``target_prior``,
without refitting anything:

- ``"em"`` (Saerens et al., 2002): EM on the posteriors,
  ``pi_k <- mean_x p_pi(k | x)`` with ``p_pi(k | x) ∝ p(k | x) pi_k / s_k``,
  where the source prior ``s`` is the mean posterior the model itself
  predicts on source data, not the label shares (Alexandari et al., 2020);
  with labeled held-out data the posteriors are first recalibrated by
  bias-corrected temperature scaling (BCTS);
- ``"bbse"`` (Lipton et al., 2018): solve ``C w = mu`` with the confusion
  matrix ``C`` of hard predictions on held-out data and the predicted-class
  shares ``mu`` on the new data.

Both come with a test of "no shift" (a likelihood-ratio test for EM, a
chi-squared test of the predicted-class counts for BBSE): when the data do
not reject the training prior, the training prior is returned, so that a
small batch does no harm.
"""

import warnings
from numbers import Integral, Real

import numpy as np
from scipy import optimize, stats
from scipy.special import log_softmax, logsumexp
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.validation import check_is_fitted

from ._compat import Interval, StrOptions, _num_samples, validate_params
from ._counting import check_labels, encode_labels
from ._decision import PosteriorClassifier

#: Smallest share an estimate gives a class: a target prior needs positive
#: shares, and this one already means "never predicted".
_MIN_SHARE = 1e-12


@validate_params(
    {
        "estimator": [PosteriorClassifier],
        "X": ["array-like", "sparse matrix"],
        "method": [StrOptions({"em", "bbse"})],
        "X_val": ["array-like", "sparse matrix", None],
        "y_val": ["array-like", None],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="neither")],
        "significance": [Interval(Real, 0, 1, closed="both"), None],
        "return_info": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def estimate_target_prior(
    estimator,
    X,
    *,
    method="em",
    X_val=None,
    y_val=None,
    max_iter=1000,
    tol=1e-6,
    significance=0.05,
    return_info=False,
):
    """Estimate the class prior of unlabeled data ``X`` for a fitted classifier.

    Nothing is refitted and ``estimator`` is not changed: give the estimate
    to it with ``estimator.set_params(target_prior=prior)``, and its
    decisions follow the new prior at once.

    Parameters
    ----------
    estimator : LogitAdjustedClassifier or CostSensitiveClassifier
        A fitted decision-layer classifier; its trusted posteriors (and the
        prior they imply, ``train_posterior_mean_``) are used.
    X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
        Unlabeled rows from the deployment data.
    method : {"em", "bbse"}, default="em"
        ``"em"``: EM on the posteriors (Saerens et al., 2002), the most
        accurate with calibrated posteriors (Alexandari et al., 2020).
        ``"bbse"``: black-box shift estimation from hard predictions (Lipton
        et al., 2018); needs ``X_val`` and ``y_val``.
    X_val, y_val : array-like, default=None
        Labeled held-out data from the training distribution, which the
        model was **not** fitted on. With ``"em"``: the posteriors are
        recalibrated on them by bias-corrected temperature scaling (one
        temperature and a bias per class, by log-loss) and the source prior
        is the mean recalibrated posterior on them. With ``"bbse"``: their
        confusion matrix. ``None`` (``"em"`` only): the posteriors as the
        decision layer trusts them, and ``train_posterior_mean_``.
    max_iter : int, default=1000
        Cap on the EM iterations.
    tol : float, default=1e-6
        EM stops when no class share moves by more than ``tol``.
    significance : float in [0, 1] or None, default=0.05
        Level of the test of "no shift": the estimate is returned only when
        the data reject the training prior at this level, and
        ``estimator.class_prior_`` (no change of decisions) otherwise. Small
        batches thus fall back rather than act on noise. ``None``: always
        the estimate.
    return_info : bool, default=False
        Also return a dict: ``"estimate"`` (before any fallback),
        ``"fallback"`` (bool), ``"p_value"`` of the test, ``"converged"``
        and ``"n_iter"`` (EM; ``True`` and 0 for BBSE).

    Returns
    -------
    prior : ndarray of shape (n_classes,)
        Positive shares summing to 1, in the order of ``estimator.classes_``.
    info : dict
        Only with ``return_info=True``.

    Warns
    -----
    ConvergenceWarning
        If EM stops at ``max_iter`` (the last iterate is used).

    See Also
    --------
    CostSensitiveClassifier : Decides under ``target_prior``.
    LogitAdjustedClassifier : Shifts to ``target_prior``.

    Notes
    -----
    EM maximises the likelihood of ``X`` over the prior ``pi``:
    ``L(pi) = sum_x log sum_k p(k | x) pi_k / s_k``, with ``L(s) = 0``. The
    test of "no shift" compares ``2 L(pi_hat)`` with a chi-squared
    distribution of ``K - 1`` degrees of freedom. Label shift assumes that
    only the prior moves: if ``p(x | class)`` moves too (new kinds of
    fraud), no estimate from ``X`` is reliable.

    References
    ----------
    M. Saerens, P. Latinne and C. Decaestecker, "Adjusting the outputs of a
    classifier to new a priori probabilities: a simple procedure", Neural
    Computation 14(1), 2002.

    Z. Lipton, Y.-X. Wang and A. Smola, "Detecting and correcting for label
    shift with black box predictors", ICML 2018.

    A. Alexandari, A. Kundaje and A. Shrikumar, "Maximum likelihood with
    bias-corrected calibration is hard-to-beat at label shift adaptation",
    ICML 2020.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.datasets import make_classification
    >>> from sklearn_classweight import CostSensitiveClassifier, estimate_target_prior
    >>> X, y = make_classification(n_samples=4000, weights=[0.8], class_sep=2.0,
    ...                            random_state=0)
    >>> clf = CostSensitiveClassifier().fit(X[:2000], y[:2000])
    >>> clf.class_prior_.round(2)
    array([0.8, 0.2])
    >>> X_new = np.vstack([X[2000:][y[2000:] == 0][:300], X[2000:][y[2000:] == 1][:300]])
    >>> prior = estimate_target_prior(clf, X_new)
    >>> prior.round(1)
    array([0.5, 0.5])
    >>> clf.set_params(target_prior=prior).predict(X_new).mean().round(1)
    np.float64(0.5)
    """
    check_is_fitted(estimator)
    if _num_samples(X) == 0:
        raise ValueError("X has no rows; pass unlabeled rows of the deployment data.")
    if (X_val is None) != (y_val is None):
        raise ValueError(
            "X_val and y_val go together: pass both (labeled held-out data) or neither."
        )
    classes = estimator.classes_
    log_posterior = np.asarray(estimator._log_posterior(X), dtype=np.float64)
    if X_val is not None:
        y_val = check_labels(y_val, param="y_val")
        if _num_samples(X_val) != len(y_val):
            raise ValueError(
                f"X_val has {_num_samples(X_val)} rows but y_val has {len(y_val)} "
                "labels; pass one label per row."
            )
        codes_val = encode_labels(y_val, classes, param="y_val")
        log_posterior_val = np.asarray(
            estimator._log_posterior(X_val), dtype=np.float64
        )
    if method == "bbse":
        if X_val is None:
            raise ValueError(
                "method='bbse' needs a confusion matrix on labeled held-out data: "
                "pass X_val and y_val (rows the model was not fitted on), or use "
                "method='em'."
            )
        estimate, p_value = _bbse(log_posterior, log_posterior_val, codes_val)
        converged, n_iter = True, 0
    else:
        if X_val is None:
            source = np.asarray(
                getattr(estimator, "train_posterior_mean_", estimator.class_prior_)
            )
        else:
            inverse_temperature, bias = fit_bcts(log_posterior_val, codes_val)
            log_posterior = log_softmax(
                log_posterior * inverse_temperature + bias, axis=1
            )
            source = np.exp(
                log_softmax(log_posterior_val * inverse_temperature + bias, axis=1)
            ).mean(axis=0)
        estimate, log_likelihood, converged, n_iter = em_prior(
            log_posterior, source, max_iter=max_iter, tol=tol
        )
        p_value = float(stats.chi2.sf(2.0 * log_likelihood, df=len(classes) - 1))
        if not converged:
            warnings.warn(
                f"EM did not converge in max_iter={max_iter} iterations; the last "
                "iterate is used. Increase max_iter, or raise tol.",
                ConvergenceWarning,
                stacklevel=2,
            )
    fallback = not np.all(np.isfinite(estimate)) or (
        significance is not None and not p_value < significance
    )
    prior = (
        np.array(estimator.class_prior_, dtype=np.float64)
        if fallback
        else _positive_shares(estimate)
    )
    if not return_info:
        return prior
    info = {
        "estimate": estimate,
        "fallback": bool(fallback),
        "p_value": p_value,
        "converged": bool(converged),
        "n_iter": int(n_iter),
    }
    return prior, info


def em_prior(log_posterior, source_prior, *, max_iter=1000, tol=1e-6):
    """EM for the prior of the rows behind ``log_posterior`` (Saerens et al., 2002).

    Parameters
    ----------
    log_posterior : ndarray of shape (n_samples, n_classes)
        Log-posteriors under ``source_prior``.
    source_prior : ndarray of shape (n_classes,)
        The prior the posteriors are under.
    max_iter : int, default=1000
    tol : float, default=1e-6

    Returns
    -------
    prior : ndarray of shape (n_classes,)
    log_likelihood : float
        ``sum_x log sum_k p(k | x) prior_k / source_k`` (0 at the source).
    converged : bool
    n_iter : int

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_classweight._label_shift import em_prior
    >>> posterior = np.array([[0.9, 0.1], [0.9, 0.1], [0.2, 0.8]])
    >>> prior, _, converged, _ = em_prior(np.log(posterior), np.array([0.5, 0.5]))
    >>> prior.round(3), converged
    (array([0.847, 0.153]), True)
    """
    log_source = np.log(source_prior)
    prior = np.asarray(source_prior, dtype=np.float64).copy()
    converged, n_iter = False, 0
    while n_iter < max_iter:
        n_iter += 1
        adjusted = log_softmax(log_posterior + np.log(prior) - log_source, axis=1)
        new_prior = np.exp(adjusted).mean(axis=0)
        new_prior = np.maximum(new_prior, _MIN_SHARE)
        new_prior /= new_prior.sum()
        step = np.max(np.abs(new_prior - prior))
        prior = new_prior
        if step <= tol:
            converged = True
            break
    log_likelihood = float(
        np.sum(logsumexp(log_posterior + np.log(prior) - log_source, axis=1))
    )
    return prior, max(log_likelihood, 0.0), converged, n_iter


def fit_bcts(log_posterior, codes):
    """Bias-corrected temperature scaling: ``log_softmax(log_p / T + b)``.

    One inverse temperature and a bias per class (the first fixed at 0),
    fitted by log-loss on labeled held-out log-posteriors (Alexandari et al.,
    2020).

    Returns
    -------
    inverse_temperature : float
    bias : ndarray of shape (n_classes,)
    """
    n_samples, n_classes = log_posterior.shape
    onehot = np.zeros_like(log_posterior)
    onehot[np.arange(n_samples), codes] = 1.0

    def loss(params):
        scale = np.exp(params[0])
        bias = np.concatenate([[0.0], params[1:]])
        logits = log_posterior * scale + bias
        log_proba = log_softmax(logits, axis=1)
        residual = (np.exp(log_proba) - onehot) / n_samples
        value = -np.sum(log_proba * onehot) / n_samples
        gradient = np.concatenate(
            [[np.sum(residual * log_posterior) * scale], residual.sum(axis=0)[1:]]
        )
        return value, gradient

    result = optimize.minimize(loss, np.zeros(n_classes), jac=True, method="L-BFGS-B")
    return float(np.exp(result.x[0])), np.concatenate([[0.0], result.x[1:]])


def _bbse(log_posterior, log_posterior_val, codes_val):
    """Black-box shift estimate and the p-value of "no shift" (Lipton et al., 2018)."""
    n_classes = log_posterior.shape[1]
    predicted_val = np.argmax(log_posterior_val, axis=1)
    predicted = np.argmax(log_posterior, axis=1)
    joint = np.zeros((n_classes, n_classes))
    np.add.at(joint, (predicted_val, codes_val), 1.0)
    joint /= len(codes_val)
    predicted_share = np.bincount(predicted, minlength=n_classes) / len(predicted)
    weight, *_ = np.linalg.lstsq(joint, predicted_share, rcond=None)
    source = np.bincount(codes_val, minlength=n_classes) / len(codes_val)
    estimate = np.maximum(weight, 0.0) * source
    total = estimate.sum()
    estimate = estimate / total if total > 0 else np.full(n_classes, np.nan)
    # Are the predicted classes distributed as on the held-out data?
    expected = joint.sum(axis=1) * len(predicted)
    observed = predicted_share * len(predicted)
    seen = expected > 0
    if np.any(observed[~seen] > 0):
        return estimate, 0.0
    statistic = np.sum((observed[seen] - expected[seen]) ** 2 / expected[seen])
    p_value = float(stats.chi2.sf(statistic, df=max(int(seen.sum()) - 1, 1)))
    return estimate, p_value


def _positive_shares(prior):
    prior = np.maximum(np.asarray(prior, dtype=np.float64), _MIN_SHARE)
    return prior / prior.sum()
