"""The weighter protocol: how a meta-estimator asks a weighter for weights.

A *weighter* is a scikit-learn estimator with

``fit_transform(y, sample_weight=None, **context) -> ndarray (n_samples,)``
    Fit on the training labels and return one positive balancing weight per
    training sample. The user's ``sample_weight`` is folded into whatever the
    weighter estimates (e.g. the class counts) but is *not* multiplied into
    the result: the caller does that.

Weighters that need more than ``y`` declare it by naming it in the signature
of ``fit_transform``; the caller then passes it by keyword:

``X``
    The training features, as the user passed them (never converted).
``estimator``
    An unfitted clone of the wrapped classifier, e.g. for out-of-fold
    predictions.

``ClassBalancedWeighter`` needs neither, so its ``fit_transform(y,
sample_weight=None)`` is the whole protocol. :func:`fit_weighter` is the only
call site, so a new piece of context is added here, once.
"""

import inspect

import numpy as np

from ._compat import _num_samples


def _accepted_parameters(method):
    params = inspect.signature(method).parameters
    accepts_any = any(p.kind is p.VAR_KEYWORD for p in params.values())
    return set(params), accepts_any


def fit_weighter(weighter, y, *, sample_weight=None, X=None, estimator=None):
    """Fit ``weighter`` and return its per-sample balancing weights for ``y``.

    Parameters
    ----------
    weighter : estimator
        An unfitted weighter (it is fitted in place: pass a clone).
    y : ndarray of shape (n_samples,)
        Validated training labels.
    sample_weight : ndarray of shape (n_samples,), default=None
        The user's validated sample weights.
    X : array-like, default=None
        Training features, passed if ``fit_transform`` names ``X``.
    estimator : estimator, default=None
        Unfitted wrapped classifier, passed if ``fit_transform`` names
        ``estimator``.

    Returns
    -------
    weights : ndarray of shape (n_samples,), float64
        Finite, non-negative, not all zero.
    """
    names, accepts_any = _accepted_parameters(weighter.fit_transform)
    if next(iter(inspect.signature(weighter.fit_transform).parameters), None) == "X":
        # A feature transformer (StandardScaler, PCA, ...): its fit_transform
        # would treat y as features and return a matrix, not weights.
        raise TypeError(
            f"weighter={type(weighter).__name__}() is a feature transformer (its "
            "fit_transform takes X first), not a weighter: a weighter's "
            "fit_transform(y, sample_weight=None) returns one weight per sample. "
            "Pass e.g. ClassBalancedWeighter(); to transform the features, make "
            "it a step of a Pipeline passed as estimator."
        )
    context = {
        name: value
        for name, value in (("X", X), ("estimator", estimator))
        if name in names
    }
    if sample_weight is not None:
        if "sample_weight" not in names and not accepts_any:
            raise TypeError(
                f"The weighter {type(weighter).__name__} does not accept "
                "sample_weight in fit_transform, so it cannot fold the given "
                "sample_weight into its weights. Use a weighter that does (e.g. "
                "ClassBalancedWeighter) or do not pass sample_weight."
            )
        context["sample_weight"] = sample_weight
    weights = np.asarray(weighter.fit_transform(y, **context), dtype=np.float64)
    n_samples = _num_samples(y)
    if weights.shape != (n_samples,):
        raise ValueError(
            f"The weighter {type(weighter).__name__} returned weights of shape "
            f"{weights.shape} from fit_transform; the protocol requires one weight "
            f"per training sample, shape ({n_samples},)."
        )
    if not np.all(np.isfinite(weights)) or np.any(weights < 0) or not weights.any():
        raise ValueError(
            f"The weighter {type(weighter).__name__} returned weights that are "
            "NaN, infinite, negative or all zero; they must be finite, "
            "non-negative and not all zero."
        )
    return weights
