"""Class-weight math: pure numpy functions from class counts to class weights.

Nothing here knows about estimators. Every scheme maps the (possibly
``sample_weight``-weighted) class counts ``n_c`` to raw, positive class
weights; scaling them is a separate, named step (:func:`normalize_class_weight`).
"""

import numpy as np

#: Scheme names accepted by :func:`compute_class_weight_from_counts`, with
#: their canonical form.
SCHEME_ALIASES = {
    "ins": "ins",
    "balanced": "ins",
    "isns": "isns",
    "sqrt": "isns",
    "ens": "ens",
    "power": "power",
    "uniform": "uniform",
}

NORMALIZATIONS = ("mean", "sum", "max", "min")


def effective_number(counts, beta):
    """Effective number of samples ``E_n = (1 - beta**n) / (1 - beta)``.

    Cui et al., "Class-Balanced Loss Based on Effective Number of Samples",
    CVPR 2019, eq. (3). The limits are ``E_n = n`` at ``beta = 1`` and
    ``E_n = 1`` at ``beta = 0``.

    Evaluated as ``-expm1(n * log1p(-(1 - beta))) / (1 - beta)``, which keeps
    full relative precision when ``beta`` is within a few ulps of 1 and ``n``
    is huge, where the naive formula cancels catastrophically.

    Parameters
    ----------
    counts : ndarray of shape (n_classes,)
        Positive (possibly non-integer) class counts.
    beta : float in [0, 1]
        Hyper-parameter of the effective number.

    Returns
    -------
    effective_num : ndarray of shape (n_classes,)
        Effective numbers, in ``[1, n]`` for ``n >= 1``.
    """
    counts = np.asarray(counts, dtype=np.float64)
    one_minus_beta = 1.0 - float(beta)  # exact for beta in [0.5, 1] (Sterbenz)
    if one_minus_beta == 0.0:
        return counts.copy()
    with np.errstate(divide="ignore"):  # beta == 0: log1p(-1) = -inf is wanted
        log_beta = np.log1p(-one_minus_beta)
    return -np.expm1(counts * log_beta) / one_minus_beta


def compute_class_weight_from_counts(counts, scheme="ins", *, beta=0.999, power=1.0):
    """Raw (unnormalised) class weights from class counts.

    Parameters
    ----------
    counts : ndarray of shape (n_classes,)
        Positive class counts (weighted by the user's ``sample_weight`` if any).
    scheme : {"ins", "balanced", "isns", "sqrt", "ens", "power", "uniform"}
        ``"ins"``: ``1 / n_c``; ``"isns"``: ``1 / sqrt(n_c)``; ``"ens"``:
        ``1 / E_{n_c}`` (see :func:`effective_number`); ``"power"``:
        ``n_c ** -power``; ``"uniform"``: ``1``.
    beta : float in [0, 1], default=0.999
        Used by ``"ens"`` only.
    power : float >= 0, default=1.0
        Used by ``"power"`` only.

    Returns
    -------
    class_weight : ndarray of shape (n_classes,)
    """
    counts = np.asarray(counts, dtype=np.float64)
    scheme = SCHEME_ALIASES[scheme]
    if scheme == "ins":
        return 1.0 / counts
    if scheme == "isns":
        return 1.0 / np.sqrt(counts)
    if scheme == "ens":
        return 1.0 / effective_number(counts, beta)
    if scheme == "power":
        return counts ** -float(power)
    return np.ones_like(counts)


def normalize_class_weight(class_weight, counts, normalize="mean"):
    """Rescale class weights; the ratios between classes are unchanged.

    Parameters
    ----------
    class_weight : ndarray of shape (n_classes,)
        Positive raw class weights.
    counts : ndarray of shape (n_classes,)
        Class counts of the data the weights will be applied to.
    normalize : {"mean", "sum", "max", "min"} or None, default="mean"
        ``"mean"``: the mean per-sample weight over the fitted data is 1
        (``sum_c w_c n_c = sum_c n_c``), scikit-learn's ``"balanced"`` scale;
        ``"sum"``: ``sum_c w_c = n_classes``, the scale of Cui et al.;
        ``"max"``: the largest class weight is 1; ``"min"``: the smallest
        class weight is 1 (the most frequent class weighs 1), the scale of
        CatBoost's ``auto_class_weights``; ``None``: unchanged.

    Returns
    -------
    class_weight : ndarray of shape (n_classes,)
    """
    class_weight = np.asarray(class_weight, dtype=np.float64)
    if normalize is None:
        return class_weight.copy()
    if normalize == "mean":
        scale = mean_one_scale(class_weight, counts)
    elif normalize == "sum":
        scale = class_weight.shape[0] / class_weight.sum()
    elif normalize == "max":
        scale = 1.0 / class_weight.max()
    elif normalize == "min":
        scale = 1.0 / class_weight.min()
    else:
        raise ValueError(
            f"normalize must be one of {NORMALIZATIONS} or None, got {normalize!r}."
        )
    return class_weight * scale


def mean_one_scale(class_weight, counts):
    """The factor that makes the mean per-sample weight 1 over ``counts``.

    ``sum_c n_c / sum_c w_c n_c``: scikit-learn's ``"balanced"`` scale, and
    what a stream rescales by so that SGD's step size does not drift as the
    running counts grow.
    """
    counts = np.asarray(counts, dtype=np.float64)
    return float(counts.sum() / np.dot(class_weight, counts))


def check_class_weight(class_weight, n_classes, *, source, classes=None):
    """Validate class weights that came from user code or extreme parameters.

    Raises a ``ValueError`` naming ``source`` (the parameter responsible) when
    the weights are not a finite, strictly positive vector of length
    ``n_classes``: a weight of 0, NaN or inf silently trains a broken model.
    Given ``classes`` (aligned labels), the message names the classes at fault.
    """
    class_weight = np.asarray(class_weight)
    if class_weight.shape != (n_classes,):
        raise ValueError(
            f"{source} must give one weight per class, i.e. shape ({n_classes},); "
            f"got shape {class_weight.shape}."
        )
    if not (
        np.issubdtype(class_weight.dtype, np.number)
        and not np.issubdtype(class_weight.dtype, np.complexfloating)
    ):
        raise TypeError(
            f"{source} must give real numbers as class weights; got dtype "
            f"{class_weight.dtype}."
        )
    class_weight = class_weight.astype(np.float64)
    bad = ~(np.isfinite(class_weight) & (class_weight > 0))
    if bad.any():
        values = class_weight[bad].tolist()
        if classes is not None:
            values = dict(zip(np.asarray(classes)[bad].tolist(), values))
        raise ValueError(
            f"{source} produced class weights that are not finite and strictly "
            f"positive: {values}. Every class needs a weight "
            "in (0, inf); choose milder parameters or fix the weights given."
        )
    return class_weight


def weigh_absent_like_rarest(present_weight, present):
    """Class weights with every absent class weighted like the rarest present one."""
    if present.all():
        return present_weight
    class_weight = np.full(present.shape[0], present_weight.max())
    class_weight[present] = present_weight
    return class_weight


def cap_weight_ratio(class_weight, max_ratio):
    """Lower weights above ``max_ratio`` times the smallest one to that bound."""
    if max_ratio is None:
        return class_weight
    return np.minimum(class_weight, max_ratio * class_weight.min())
