"""Label encoding at memory speed: sorted classes and codes without sorting ``y``.

``np.unique(y, return_inverse=True)`` sorts all ``n`` labels to find a handful
of classes. The encoders here find the classes first and only sort those:

- integer and boolean labels spanning a small range (the common case) are
  counted with one ``np.bincount``; labels that are already ``0..K-1`` are
  their own codes, so no index array is built at all;
- integral float labels take the integer path through an ``int64`` copy;
- strings in an ``object`` array (and labels no path above fits) are hashed:
  with ``pandas.factorize`` when pandas is already imported (it is never
  imported here, its import costs more than it saves on one call), else with
  a ``dict`` for string labels;
- a pandas ``Categorical`` gives its codes directly.

Every function returns exactly what the ``np.unique`` path would (same
classes, same dtype, same codes), or ``None`` when no fast path applies, so
that the caller falls back to ``np.unique`` and raises its exact errors
(incomparable labels, ``None`` among strings, ...).
"""

import sys
from itertools import repeat

import numpy as np
from sklearn.utils.multiclass import type_of_target

# Largest label range counted with np.bincount, relative to the number of
# labels: its tables then cost at most 2 bytes per label (P2 allows 16).
_MAX_SPAN_PER_LABEL = 0.25
_MIN_SPAN = 1 << 16


def _loaded_pandas():
    """The pandas module if the user's program already imported it, else None."""
    return sys.modules.get("pandas")


def _int_span(y):
    """``(lo, hi)`` of integer or boolean labels, as Python ints."""
    if y.dtype.kind == "b":
        return 0, 1
    return int(y.min()), int(y.max())


def _span_is_small(lo, hi, n_samples):
    return hi - lo + 1 <= max(_MAX_SPAN_PER_LABEL * n_samples, _MIN_SPAN) and (
        hi < np.iinfo(np.intp).max
    )


def _shifted_values(y, lo):
    """``(y - lo, owned)``: non-negative ``intp`` values (``y`` itself if it
    already is; a view for booleans), and whether they are a new array that
    may be overwritten."""
    if y.dtype.kind == "b":
        return y.view(np.uint8), False
    if lo == 0 and y.dtype == np.intp:
        return y, False
    values = y.astype(np.intp)
    if lo != 0:
        values -= lo
    return values, True


def _read_only(codes, y):
    """``codes`` as ``intp``; a read-only view if they are the caller's ``y``."""
    if codes is y:
        codes = y.view()
        codes.flags.writeable = False
        return codes
    return codes.astype(np.intp, copy=False)


def _encode_small_ints(y, lo, hi):
    values, owned = _shifted_values(y, lo)
    bin_counts = np.bincount(values, minlength=hi - lo + 1)
    present = bin_counts != 0
    counts = bin_counts[present]
    classes = (np.flatnonzero(present) + lo).astype(y.dtype)
    if counts.shape[0] == bin_counts.shape[0]:
        codes = values  # labels lo..hi all present: the shifted label is the code
    else:
        lookup = np.cumsum(present, dtype=np.intp) - 1
        codes = np.take(lookup, values, out=values if owned else None, mode="clip")
    return classes, _read_only(codes, y), counts


def _integral_floats_as_int64(y):
    """``y`` as ``int64`` if every label is an integral float in range, else None."""
    with np.errstate(invalid="ignore"):
        as_int = y.astype(np.int64)
    if not np.array_equal(as_int, y):
        return None
    return as_int


def _sort_factorized(codes, uniques):
    """Reorder factorize's first-seen classes into sorted order."""
    order = np.argsort(uniques, kind="stable")
    rank = np.empty(order.shape[0], dtype=np.intp)
    rank[order] = np.arange(order.shape[0])
    codes = np.take(rank, codes, out=codes if codes.flags.writeable else None)
    return uniques[order], codes


def _all_strings(values):
    return all(isinstance(value, str) for value in values)


def _factorize(y):
    """Hash-based encoding for labels no integer path fits, or None."""
    try:
        return _hash_encode(y)
    except TypeError:  # unhashable labels: the exact path raises its own error
        return None


def _hash_encode(y):
    pandas = _loaded_pandas()
    if y.dtype.kind == "O":
        if pandas is not None:
            codes, uniques = pandas.factorize(y)
            uniques = np.asarray(uniques, dtype=object)
            if codes.shape[0] and codes.min() < 0 or not _all_strings(uniques):
                return None  # missing or non-string labels: the exact path decides
            classes, codes = _sort_factorized(codes.astype(np.intp, copy=False), uniques)
        else:
            index = dict.fromkeys(y)
            if not _all_strings(index):
                return None
            sorted_labels = sorted(index)
            index.update(zip(sorted_labels, range(len(sorted_labels))))
            codes = np.fromiter(map(index.__getitem__, y), dtype=np.intp, count=y.shape[0])
            classes = np.empty(len(sorted_labels), dtype=object)
            classes[:] = sorted_labels
    elif pandas is not None and y.dtype.kind in "iu":
        codes, uniques = pandas.factorize(y)
        classes, codes = _sort_factorized(codes.astype(np.intp, copy=False), uniques)
        classes = classes.astype(y.dtype, copy=False)
    else:
        return None
    counts = np.bincount(codes, minlength=classes.shape[0])
    return classes, codes, counts


def encode_classes(y):
    """Sorted classes, codes and counts of 1-D labels, or None for the exact path.

    Returns ``(classes, codes, counts)`` equal to ``np.unique(y,
    return_inverse=True, return_counts=True)`` (``codes`` as ``intp``;
    ``counts`` as integers), or ``None`` when no fast path applies.
    """
    kind = y.dtype.kind
    if kind in "biu":
        lo, hi = _int_span(y)
        if _span_is_small(lo, hi, y.shape[0]):
            return _encode_small_ints(y, lo, hi)
        return _factorize(y)
    if kind == "f":
        as_int = _integral_floats_as_int64(y)
        if as_int is None:
            return None
        encoded = encode_classes(as_int)
        if encoded is None:
            return None
        classes, codes, counts = encoded
        return classes.astype(y.dtype), codes, counts
    if kind == "O":
        return _factorize(y)
    return None


def unique_classes(y):
    """``np.unique(y)`` for labels a fast path fits, else None (no codes built)."""
    kind = y.dtype.kind
    if kind in "biu":
        lo, hi = _int_span(y)
        if _span_is_small(lo, hi, y.shape[0]):
            values, _ = _shifted_values(y, lo)
            present = np.bincount(values, minlength=hi - lo + 1) != 0
            return (np.flatnonzero(present) + lo).astype(y.dtype)
        return None
    if kind == "f":
        as_int = _integral_floats_as_int64(y)
        if as_int is None:
            return None
        classes = unique_classes(as_int)
        return None if classes is None else classes.astype(y.dtype)
    if kind == "O":
        pandas = _loaded_pandas()
        try:
            uniques = pandas.unique(y) if pandas is not None else dict.fromkeys(y)
        except TypeError:
            return None
        if not _all_strings(uniques):
            return None
        classes = np.empty(len(uniques), dtype=object)
        classes[:] = sorted(uniques)
        return classes
    return None


def plain_integer_labels(y):
    """Whether ``y`` is 1-D integer (or bool) labels ``type_of_target`` would
    call "binary" or "multiclass" without a warning, decided without sorting.

    A non-empty 1-D integer array is always one of the two; the only other
    outcome is the warning for more distinct labels than half the samples,
    impossible when the label range is that small.
    """
    n_samples = y.shape[0]
    if y.ndim != 1 or y.dtype.kind not in "biu" or not n_samples:
        return False
    lo, hi = _int_span(y)
    return n_samples <= 20 or hi - lo + 1 <= round(0.5 * n_samples)


def type_of_target_fast(y, *, input_name="y"):
    """``type_of_target(y)`` for an ndarray, without sorting a 1-D ``y``.

    Same result, errors and warnings: scikit-learn's function runs unchanged,
    reading the classes found by :func:`unique_classes` from the cache it
    documents for this (``unique`` in the dtype's metadata,
    ``sklearn.utils._unique``).
    """
    classes = None
    if y.ndim == 1 and y.shape[0] and y.dtype.metadata is None:
        # The object check mirrors type_of_target, which reports an object
        # array whose first label is not a string before looking for classes.
        if y.dtype.kind != "O" or isinstance(y[0], str):
            classes = unique_classes(y)
    if classes is not None:
        y = y.view(np.dtype(y.dtype, metadata={"unique": classes}))
    return type_of_target(y, input_name=input_name)


def _categorical_parts(y):
    """``(categories, codes)`` of a pandas Categorical or categorical Series, else None."""
    dtype = getattr(y, "dtype", None)
    if getattr(dtype, "name", None) != "category" or _loaded_pandas() is None:
        return None
    values = getattr(y, "array", y)  # Series -> Categorical
    codes = getattr(values, "codes", None)
    if codes is None or getattr(codes, "ndim", 0) != 1:
        return None
    return np.asarray(dtype.categories), np.asarray(codes)


def encode_categorical(y):
    """Sorted classes, codes and counts from a pandas Categorical's own codes.

    Returns None unless ``y`` is a categorical without missing values whose
    used categories are all strings, or all integers.
    """
    parts = _categorical_parts(y)
    if parts is None:
        return None
    categories, cat_codes = parts
    if cat_codes.shape[0] == 0 or cat_codes.min() < 0:
        return None
    if categories.dtype.kind not in "iu" and not (
        categories.dtype.kind == "O" and _all_strings(categories)
    ):
        return None
    bin_counts = np.bincount(cat_codes, minlength=categories.shape[0])
    used = np.flatnonzero(bin_counts)
    order = np.argsort(categories[used], kind="stable")
    rank = np.full(categories.shape[0], -1, dtype=np.intp)
    rank[used[order]] = np.arange(used.shape[0])
    classes = categories[used[order]]
    return classes, np.take(rank, cat_codes), bin_counts[used[order]]


def encode_known(y, classes):
    """Index of each label of ``y`` in ``classes`` (sorted), or None.

    None means "use ``np.searchsorted``": no fast path fits, or some label is
    not in ``classes`` and the exact path must raise its error.
    """
    kind = y.dtype.kind
    n_classes = classes.shape[0]
    if kind in "biu" and classes.dtype.kind in "biu" and y.shape[0]:
        lo, hi = int(classes[0]), int(classes[-1])
        y_lo, y_hi = _int_span(y)
        if y_lo < lo or y_hi > hi or not _span_is_small(lo, hi, y.shape[0]):
            return None
        values, owned = _shifted_values(y, lo)
        if n_classes == hi - lo + 1:
            codes = values
        else:
            lookup = np.full(hi - lo + 1, -1, dtype=np.intp)
            lookup[classes.astype(np.intp) - lo] = np.arange(n_classes)
            codes = np.take(lookup, values, out=values if owned else None, mode="clip")
            if codes.min() < 0:
                return None
        return _read_only(codes, y)
    if kind == "O" and classes.dtype.kind == "O" and _all_strings(classes):
        pandas = _loaded_pandas()
        try:
            if pandas is not None:
                codes = pandas.Index(classes).get_indexer(y)
            else:
                index = dict(zip(classes.tolist(), range(n_classes)))
                codes = np.fromiter(
                    map(index.get, y, repeat(-1)), dtype=np.intp, count=y.shape[0]
                )
        except TypeError:
            return None
        if y.shape[0] and codes.min() < 0:
            return None
        return codes.astype(np.intp, copy=False)
    return None
