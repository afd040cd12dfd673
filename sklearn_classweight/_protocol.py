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

For streams, a weighter also has

``partial_fit(y, sample_weight=None, classes=None)`` and ``transform(y)``
    Add a batch to running estimates (e.g. class counts), then weigh the
    batch's samples. :func:`partial_fit_weighter` is the only call site: it
    commits the weighter's new state only when the caller's whole step
    succeeds, so that a batch the wrapped estimator refuses is not counted.
"""

import copy
import functools
import inspect

import numpy as np

from ._compat import _num_samples, validate_params_if_changed
from ._counting import check_sample_weight
from ._weights import mean_one_scale


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
    fit_transform_validated = _private_hook(
        weighter, "_fit_transform_validated", "fit_transform"
    )
    if fit_transform_validated is not None and set(context) <= {"sample_weight"}:
        # ClassBalancedWeighter: the caller validated sample_weight already.
        weights = fit_transform_validated(y, sample_weight)
    else:
        weights = weighter.fit_transform(y, **context)
    weights = np.asarray(weights, dtype=np.float64)
    _check_weights(weighter, weights, _num_samples(y), "fit_transform")
    return weights


def partial_fit_weighter(weighter, y, *, sample_weight=None, classes=None):
    """One streaming step of ``weighter``, prepared but not committed.

    Parameters
    ----------
    weighter : estimator
        A weighter with ``partial_fit`` and ``transform`` (fitted or not).
    y : array-like of shape (n_samples,)
        The batch's labels.
    sample_weight : array-like of shape (n_samples,), default=None
        The batch's user weights (validated here, once).
    classes : array-like, default=None
        Every class the stream can contain, as for ``partial_fit``.

    Returns
    -------
    weights : ndarray of shape (n_samples,)
        The batch's balancing weights from the counts including the batch,
        rescaled so that the mean weight over all the data counted so far
        is 1 (a scale that drifted from batch to batch would change an SGD
        learning rate), not multiplied by ``sample_weight``.
    sample_weight : ndarray of shape (n_samples,) or None
        The validated user weights.
    commit : callable
        ``commit()`` makes the step take effect and returns the weighter to
        keep; until it is called, ``weighter`` is unchanged.

    Notes
    -----
    :class:`ClassBalancedWeighter` prepares the step without copying
    anything (the batch's labels are validated and encoded once); another
    weighter takes the batch on a copy of itself.
    """
    step = _private_hook(weighter, "_partial_fit_step", "partial_fit", "transform")
    if step is not None:
        validate_params_if_changed(weighter)
        state, codes, sample_weight = step(y, sample_weight, classes)
        class_weight, counts = state["class_weight_"], state["class_counts_"]
        weights = class_weight[codes] * mean_one_scale(class_weight, counts)
        return weights, sample_weight, functools.partial(weighter._commit, state)
    sample_weight = check_sample_weight(sample_weight, y)
    candidate = copy.deepcopy(weighter)
    candidate.partial_fit(y, sample_weight=sample_weight, classes=classes)
    weights = np.asarray(candidate.transform(y), dtype=np.float64)
    weights = weights * _mean_one_scale(
        getattr(candidate, "class_weight_", None),
        getattr(candidate, "class_counts_", None),
    )
    _check_weights(candidate, weights, _num_samples(weights), "transform")
    return weights, sample_weight, lambda: candidate


def _private_hook(weighter, hook, *public):
    """``weighter``'s private fast path ``hook``, or ``None``.

    ``None`` too when a subclass overrides one of the ``public`` methods the
    hook stands for: the override then decides, through the public method.
    """
    method = getattr(weighter, hook, None)
    if method is None:
        return None
    cls = type(weighter)
    owner = next(base for base in cls.__mro__ if hook in base.__dict__)
    for name in public:
        if getattr(cls, name) is not getattr(owner, name):
            return None
    return method


def _mean_one_scale(class_weight, counts):
    """``sum_c n_c / sum_c w_c n_c``: 1 for a weighter without per-class counts."""
    if counts is None or class_weight is None or np.ndim(class_weight) != 1:
        return 1.0
    return mean_one_scale(class_weight, counts)


def _check_weights(weighter, weights, n_samples, method):
    if weights.shape != (n_samples,):
        raise ValueError(
            f"The weighter {type(weighter).__name__} returned weights of shape "
            f"{weights.shape} from {method}; the protocol requires one weight "
            f"per training sample, shape ({n_samples},)."
        )
    if not np.all(np.isfinite(weights)) or np.any(weights < 0) or not weights.any():
        raise ValueError(
            f"The weighter {type(weighter).__name__} returned weights that are "
            "NaN, infinite, negative or all zero; they must be finite, "
            "non-negative and not all zero."
        )
