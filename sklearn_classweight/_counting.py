"""Label validation and (weighted) class counting: what every weighter starts from.

``y`` is validated once, by the weighter that owns it (:func:`check_labels`,
built on scikit-learn's ``column_or_1d`` and ``type_of_target``), then
counted once (:func:`count_classes`); every scheme is a function of the
counts. Meta-estimators do only the cheap checks and hand ``y`` over.
"""

import numpy as np
from scipy import sparse
from sklearn.exceptions import DataConversionWarning
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import column_or_1d

from ._compat import _check_sample_weight, _num_samples, warn

#: Integer labels spanning at most this many values per sample are counted
#: with ``np.bincount`` instead of sorted with ``np.unique``.
_BINCOUNT_SPAN_PER_SAMPLE = 4
#: Up to this many classes, :func:`encode_labels` compares with each class
#: (a pass of ``==`` per class) instead of sorting into them.
_MAX_CLASSES_COMPARED = 32


def check_labels(y, *, param="y"):
    """Validate a 1-D classification target and return it as an ndarray.

    A column vector ``(n_samples, 1)`` is accepted with scikit-learn's
    ``DataConversionWarning``. Everything else that cannot be a list of class
    labels is an error naming ``param`` and saying what to do: ``None``,
    empty, 2-D (multilabel or multi-output), continuous, missing labels
    (``None``, NaN, ``pd.NA`` among object or float labels) and labels of
    mixed, unorderable types.
    """
    if y is None:
        raise ValueError(f"{param} is required: pass the class labels, got None.")
    if isinstance(y, np.ndarray) and y.ndim == 1 and y.dtype.kind in "iubUS":
        # The common case, kept cheap for streams: a 1-D array of integers,
        # booleans or strings is a list of discrete labels, never missing.
        if y.shape[0] == 0:
            raise ValueError(
                f"{param} is empty: at least one labelled sample is needed to "
                "compute class weights."
            )
        return y
    y = densify_column(y, param=param)
    if sparse.issparse(y):
        raise ValueError(
            f"{param} is a sparse matrix of shape {y.shape}; pass a 1d array of "
            "class labels, one per sample."
        )
    try:
        if _is_column_vector(y):
            warn(
                f"A column-vector {param} was passed when a 1d array was expected. "
                f"Please change the shape of {param} to (n_samples, ), for example "
                "using ravel().",
                DataConversionWarning,
            )
        y = column_or_1d(y)
    except ValueError as exc:
        shape = _shape(y)
        if len(shape) == 1:  # 1-D but unusable (e.g. complex): keep the reason
            raise ValueError(
                f"{param} cannot be used as class labels ({str(exc).splitlines()[0]}). "
                "Pass ints, strings or bools, one label per sample."
            ) from exc
        if len(shape) > 2:
            multi = (
                " Pass a 1-D array of labels (or a 2-D label matrix where "
                "multi-output is supported)."
            )
        elif len(shape) == 2:
            multi = (
                " Multilabel and multi-output targets are not supported here: pass a "
                "single column of labels."
            )
        else:
            multi = ""
        raise ValueError(
            f"{param} should be a 1d array of class labels, one per sample; got "
            f"shape {shape}.{multi}"
        ) from exc
    if y.shape[0] == 0:
        raise ValueError(
            f"{param} is empty: at least one labelled sample is needed to compute "
            "class weights."
        )
    if y.dtype.kind in "iub" or y.dtype.kind in "US":
        # Integers, booleans and strings are discrete labels by construction,
        # never missing: no need to sort them to find the target type.
        return y
    missing = _missing_labels(y)
    if missing is not None and missing.any():
        positions = np.flatnonzero(missing)
        raise ValueError(
            f"{param} has {positions.shape[0]} missing or infinite label(s) "
            f"(None, NaN or inf), first at position(s) {positions[:5].tolist()}: "
            "every sample needs a class label. Drop the unlabelled samples, or give them a label of "
            "their own (e.g. 'unknown')."
        )
    try:
        target_type = type_of_target(y, input_name=param)
    except TypeError as exc:  # sorting failed: e.g. ints mixed with strings
        if len(_label_types(y)) < 2:
            raise
        raise TypeError(
            f"{param} mixes label types {_label_types(y)} that cannot be sorted "
            f"into classes. Convert the labels to one type, e.g. "
            f"{param}.astype(str)."
        ) from exc
    if target_type not in ("binary", "multiclass"):
        if target_type == "continuous":
            hint = (
                "it holds non-integer floats, like a regression target; bin it "
                "into classes first (e.g. with numpy.digitize) or use a regressor"
            )
        else:
            hint = (
                f"its values have types {_label_types(y)}; convert them to ints, "
                f"strings or bools, e.g. {param}.astype(int) or {param}.astype(str)"
            )
        raise ValueError(
            f"Unknown label type: {target_type!r}. {param} must hold discrete "
            f"class labels, but {hint}."
        )
    return y


def densify_column(y, *, param="y"):
    """A sparse column vector ``(n_samples, 1)`` as a dense 1-D array, with a warning.

    Anything else is returned unchanged: a sparse matrix of several columns
    is a multilabel or multi-output target, for the caller to accept or not.
    """
    if sparse.issparse(y) and y.ndim == 2 and y.shape[1] == 1:
        warn(
            f"A sparse column-vector {param} was passed when a 1d array was "
            "expected; it is converted to a dense 1d array.",
            DataConversionWarning,
        )
        return y.toarray().ravel()
    return y


def _is_column_vector(y):
    try:
        shape = _shape(y)
    except TypeError:  # array-likes that refuse numpy functions: ask numpy's copy
        shape = np.asarray(y).shape
    return len(shape) == 2 and shape[1] == 1


def _shape(y):
    try:
        return tuple(getattr(y, "shape", None) or np.shape(y))
    except ValueError:  # ragged nested lists
        return "(ragged)"


def _missing_labels(y):
    """Mask of None / NaN / pd.NA / inf labels, or None for dtypes without them."""
    if y.dtype.kind == "f":
        return ~np.isfinite(y)
    if y.dtype.kind != "O":
        return None
    try:
        # NaN (and NaT) are the values unequal to themselves.
        return np.asarray(np.equal(y, None) | (y != y), dtype=bool)
    except TypeError:  # pd.NA refuses to be a bool; fall back to one check per label
        return np.frompyfunc(_is_missing, 1, 1)(y).astype(bool)


def _is_missing(label):
    if label is None:
        return True
    try:
        return bool(label != label)
    except TypeError:  # pd.NA: comparisons with it are themselves missing
        return True


def _label_types(y):
    return sorted({type(label).__name__ for label in y.tolist()})


def check_sample_weight(sample_weight, y, *, param="sample_weight"):
    """Validate user sample weights for ``y``: finite, non-negative, not all zero.

    Returns ``None`` for ``None``, else a float64 array of shape
    ``(n_samples,)`` (a scalar is broadcast). Every failure is a ``ValueError``
    naming ``param`` and saying what to pass instead.
    """
    if sample_weight is None:
        return None
    n_samples = _num_samples(y)
    try:
        sample_weight = _check_sample_weight(sample_weight, y, dtype=np.float64)
    except ValueError as exc:
        raise ValueError(
            f"{param} is invalid ({exc}) Pass one finite, non-negative weight "
            f"per sample of y, i.e. shape ({n_samples},)."
        ) from exc
    negative = sample_weight < 0
    if negative.any():
        raise ValueError(
            f"{param} has negative values, e.g. "
            f"{sample_weight[negative][:5].tolist()}: weights must be "
            "non-negative; give 0 to a sample that should not count."
        )
    if not sample_weight.any():
        raise ValueError(
            f"{param} is zero for every sample: at least one sample needs a "
            "positive weight."
        )
    with np.errstate(over="ignore"):
        total = sample_weight.sum()
    if not np.isfinite(total):
        # The class counts would overflow to inf and the class weights to 0.
        raise ValueError(
            f"{param} sums to inf (largest weight {sample_weight.max():.3g}); only "
            f"ratios of {param} matter, so rescale it, e.g. divide it by its maximum."
        )
    return sample_weight


def check_class_counts(class_counts, *, param="class_counts"):
    """Validate class counts given directly: finite, non-negative, some positive.

    Returns them as a float64 array of shape ``(n_classes,)``.
    """
    try:
        counts = np.asarray(class_counts, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{param} must be numbers, one count per class; got {class_counts!r}."
        ) from exc
    if counts.ndim != 1 or counts.size == 0:
        raise ValueError(
            f"{param} must be a non-empty 1-D array with one count per class; got "
            f"shape {counts.shape}."
        )
    if not np.all(np.isfinite(counts)) or np.any(counts < 0) or not counts.any():
        raise ValueError(
            f"{param} must be finite and non-negative with at least one positive "
            f"count; got {counts.tolist()[:10]}. Pass the number (or total "
            "sample_weight) of samples of each class."
        )
    return counts


def count_classes(y, sample_weight=None):
    """Encode labels and count each class, weighted by ``sample_weight``.

    Parameters
    ----------
    y : ndarray of shape (n_samples,)
        Validated labels (see :func:`check_labels`).
    sample_weight : ndarray of shape (n_samples,), default=None
        Validated weights (see :func:`check_sample_weight`); a row of weight
        ``k`` counts as ``k`` rows.

    Returns
    -------
    classes : ndarray of shape (n_classes,)
        Sorted unique labels.
    codes : ndarray of shape (n_samples,)
        Index of each sample's label in ``classes``.
    counts : ndarray of shape (n_classes,), float64
        Number (or total ``sample_weight``) of samples in each class.

    Notes
    -----
    Integer labels with a small span are counted with ``np.bincount``; every
    other input goes through ``np.unique``. The result is the same.
    """
    if y.dtype.kind in "iub" and y.shape[0] > 0:
        low_label = y.min()
        low, high = int(low_label), int(y.max())
        if high - low < _BINCOUNT_SPAN_PER_SAMPLE * y.shape[0] + 64:
            # Small integer spans (the usual 0..K-1 codes): one O(n) pass.
            if high > np.iinfo(np.intp).max:
                # uint64 labels at or above 2**63: subtract in their own dtype
                # (no wrap-around: every label is >= low), then index.
                shifted = (y - low_label).astype(np.intp)
            elif low:
                shifted = y.astype(np.intp) - low
            else:
                shifted = y.astype(np.intp, copy=False)
            present = np.flatnonzero(np.bincount(shifted))
            lookup = np.zeros(high - low + 1, dtype=np.intp)
            lookup[present] = np.arange(present.shape[0])
            codes = lookup[shifted]
            # Each class's label taken from the labels themselves: exact in
            # every integer dtype, with no arithmetic that could overflow.
            classes = np.empty(present.shape[0], dtype=y.dtype)
            classes[codes] = y
            unweighted = np.bincount(codes, minlength=present.shape[0])
            return _weigh_counts(classes, codes, unweighted, sample_weight)
    classes, codes, unweighted = np.unique(y, return_inverse=True, return_counts=True)
    return _weigh_counts(classes, codes.reshape(-1), unweighted, sample_weight)


def _weigh_counts(classes, codes, unweighted, sample_weight):
    if sample_weight is None:
        counts = unweighted.astype(np.float64)
    else:
        counts = np.bincount(codes, weights=sample_weight, minlength=classes.shape[0])
        check_weighted_counts(classes, counts)
    return classes, codes, counts


def encode_labels(y, classes, *, param="y", known_as=None):
    """Index of each label of ``y`` in the sorted array ``classes``.

    Raises a ``ValueError`` listing labels of ``y`` that are not in
    ``classes``: labels "not seen during fit", or, with ``known_as`` (the
    name of the parameter that listed ``classes``), labels not in it.
    """
    if y.dtype.kind in "iu" and classes.dtype.kind in "iu" and y.shape[0]:
        low, high = int(classes[0]), int(classes[-1])
        if high - low == classes.shape[0] - 1:
            # Consecutive integer classes (the usual 0..K-1): the codes are
            # the labels shifted, once every label is in range.
            y_low = y.min()
            if low <= int(y_low) and int(y.max()) <= high:
                if low == 0:
                    return y.astype(np.intp, copy=False)
                # Subtract in y's own dtype (no overflow: y >= y_low), then
                # shift by a small Python int.
                return (y - y_low).astype(np.intp) + (int(y_low) - low)
    same_kind = {y.dtype.kind, classes.dtype.kind} <= set("iub") or {
        y.dtype.kind,
        classes.dtype.kind,
    } <= set("US")
    if classes.shape[0] <= _MAX_CLASSES_COMPARED and same_kind:
        # Few classes: a pass of == per class beats sorting n labels.
        codes = np.full(y.shape[0], -1, dtype=np.intp)
        for index, label in enumerate(classes):
            codes[y == label] = index
        unseen = codes < 0
        if unseen.any():
            _raise_unseen(y[unseen], classes, param, known_as)
        return codes
    try:
        codes = np.searchsorted(classes, y)
    except TypeError:  # labels that do not compare with the classes at all
        _raise_unseen(y, classes, param, known_as)
    codes = np.clip(codes, 0, classes.shape[0] - 1)
    unseen = classes[codes] != y
    if np.any(unseen):
        _raise_unseen(y[unseen], classes, param, known_as)
    return codes


def _raise_unseen(unseen_labels, classes, param, known_as):
    try:
        unseen = np.unique(unseen_labels).tolist()
    except TypeError:  # mixed types: list them unsorted
        unseen = list(dict.fromkeys(unseen_labels.tolist()))
    if known_as is not None:
        raise ValueError(
            f"{param} contains labels {unseen} that are not in {known_as}="
            f"{classes.tolist()}; add them to {known_as}, which must list every "
            "class that can occur."
        )
    raise ValueError(
        f"{param} contains labels not seen during fit: {unseen}. Known classes "
        f"are {classes.tolist()}; refit on data that contains every class."
    )


def check_classes(classes, *, param="classes"):
    """Validate a list of every class that can occur; return it sorted.

    The labels get the checks of :func:`check_labels`; a label listed twice
    is an error.
    """
    try:
        empty = np.size(classes) == 0
    except ValueError:  # ragged nested lists: check_labels explains
        empty = False
    if empty:
        raise ValueError(
            f"{param} is empty: list every class that can occur, e.g. {param}=[0, 1]."
        )
    given = check_labels(classes, param=param)
    classes = np.unique(given)
    if classes.shape[0] != given.shape[0]:
        labels, occurrences = np.unique(given, return_counts=True)
        raise ValueError(
            f"{param} lists {labels[occurrences > 1].tolist()} more than once; "
            "list each class once."
        )
    return classes


def reserve_classes(classes, seen, codes, counts):
    """Re-index the classes ``seen`` in ``y`` into the user's ``classes``.

    Returns the sorted ``classes``, the codes of ``y`` in them, and the counts
    with 0 for the classes absent from ``y``.
    """
    classes = check_classes(classes)
    index = encode_labels(seen, classes, known_as="classes")
    full_counts = np.zeros(classes.shape[0], dtype=np.float64)
    full_counts[index] = counts
    return classes, index[codes], full_counts


def decay_counts(counts, batch_counts, decay, sample_size=1.0):
    """Running class counts after one more batch: ``decay * counts + batch_counts``.

    A count decays no lower than ``(1 - decay) * sample_size``, or than
    itself if it is already lower. ``sample_size`` is what one sample counts
    (1, or the batch's mean ``sample_weight``), so the floor is one sample
    spread over the ``1 / (1 - decay)`` batches the counts remember: the
    count per batch of a class seen once in that memory. A class absent from
    the stream for any number of batches thus keeps a finite count, hence a
    finite class weight, that moves smoothly down to the floor and stays
    there. With ``decay=1`` the counts simply add up.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_classweight._counting import decay_counts
    >>> decay_counts(np.array([10.0, 0.6]), np.array([4.0, 0.0]), 0.5)
    array([9. , 0.5])
    """
    if decay == 1:
        return counts + batch_counts
    floor = (1.0 - decay) * sample_size
    return np.maximum(decay * counts, np.minimum(counts, floor)) + batch_counts


def check_weighted_counts(classes, counts):
    """Refuse (sample-weighted) class counts whose inverse is not finite.

    A class whose total ``sample_weight`` is zero, or too small for float64
    to invert, would get an infinite class weight: an error naming
    ``sample_weight`` and the classes, never an ``inf``.
    """
    empty = counts <= 0
    if empty.any():
        raise ValueError(
            "sample_weight is zero for every sample of class(es) "
            f"{classes[empty].tolist()}, so their class weight would be "
            "infinite. Drop those samples from y or give them positive "
            "sample_weight."
        )
    # 1 / count must stay finite in float64 (below ~5.6e-309 it is inf).
    tiny = counts < 1.0 / np.finfo(np.float64).max
    if tiny.any():
        raise ValueError(
            f"sample_weight of class(es) {classes[tiny].tolist()} sums to "
            f"{counts[tiny].min():.3g}, too small for float64 to hold the "
            "inverse, so their class weight would be infinite. Only ratios "
            "of sample_weight matter: rescale it (e.g. divide it by its "
            "maximum), or give those samples larger weights."
        )
