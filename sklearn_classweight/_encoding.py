"""Label encoding at memory speed: sorted classes and codes without sorting ``y``.

``np.unique(y, return_inverse=True)`` sorts all ``n`` labels to find a handful
of classes. The encoders here find the classes first and only sort those:

- integer and boolean labels spanning a small range (the common case) are
  counted with one ``np.bincount``; labels that are already ``0..K-1`` are
  their own codes, so no index array is built at all;
- integral float labels take the integer path through an ``int64`` copy;
- strings in an ``object`` array (and integers spanning a large range) are
  hashed chunk by chunk: with ``pandas.factorize`` when pandas is already
  imported (it is never imported here, its import costs more than it saves
  on one call), else with a ``dict`` for string labels;
- fixed-width ``str`` arrays are hashed from their bytes when pandas is
  loaded (each label then checked against its class, so a hash collision
  falls back to the exact path), else converted chunk by chunk;
- a pandas ``Categorical`` gives its codes directly (``categorical_labels``,
  called by ``check_labels``).

Every function returns exactly what the ``np.unique`` path would (same
classes, same dtype, same codes), or ``None`` when no fast path applies, so
that the caller falls back to ``np.unique`` and raises its exact errors
(incomparable labels, ``None`` among strings, ...).

Validation and counting share one encoding: when checking labels needs their
classes (strings, floats, a Categorical), the full encoding is kept for the
labels array that ``check_labels`` returns (see :func:`remember_encoding`),
and counting or encoding that same array reuses it instead of hashing again.
"""

import sys
import weakref
from itertools import repeat

import numpy as np
from sklearn.utils.multiclass import type_of_target

# Largest label range counted with np.bincount, relative to the number of
# labels: its tables then cost at most 2 bytes per label (P2 allows 16).
_MAX_SPAN_PER_LABEL = 0.25
_MIN_SPAN = 1 << 16

# Labels hashed per chunk: the hash tables stay small (pandas sizes its table
# to the labels it is given, ~40 bytes each) and fixed-width strings become
# Python strings one chunk at a time, so the encoding's extra memory is its
# 8-byte codes.
_HASH_CHUNK = 1 << 16

# Fixed-width strings are hashed as a polynomial in their words with this
# odd multiplier (odd: multiplying modulo 2**64 loses no bits).
_WORD_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)


def _loaded_pandas():
    """The pandas module if the user's program already imported it, else None."""
    return sys.modules.get("pandas")


# The encoding found while validating one labels array. The first time
# ``check_labels`` validates labels it returns a new array object (a view or a
# conversion), so the array this is keyed on is private to the fit that
# validated it; handed that array again (a meta-estimator passing its
# validated y to its weighter), it returns it unchanged, as already valid.
# The entry is dropped when the count or encoding of that array consumes it,
# or when the array is garbage collected.
# One slot for all threads: a fit whose entry another thread replaced just
# encodes again.
_memo = {"entry": None}


def remember_encoding(y, encoded):
    """Keep ``encoded`` (classes, codes, counts) of ``y`` for the count that follows."""

    def forget(ref):
        entry = _memo["entry"]
        if entry is not None and entry[0] is ref:
            _memo["entry"] = None

    _memo["entry"] = (weakref.ref(y, forget), encoded)
    return encoded


def recall_encoding(y, *, consume=False):
    """The encoding remembered for this very array ``y``, or None."""
    entry = _memo["entry"]
    if entry is None or entry[0]() is not y:
        return None
    if consume:
        _memo["entry"] = None
    return entry[1]


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
        codes = _remap(lookup, values, in_place=owned)
    return classes, _read_only(codes, y), counts


def _integral_floats_as_int64(y):
    """``y`` as ``int64`` if every label is an integral float in range, else None."""
    with np.errstate(invalid="ignore"):
        as_int = y.astype(np.int64)
    if not np.array_equal(as_int, y):
        return None
    return as_int


def _remap(lookup, codes, *, in_place):
    """``lookup[codes]``, written over ``codes`` when ``in_place``.

    In place, the take runs chunk by chunk: numpy buffers a take whose output
    overlaps its input, which over the whole array would cost a copy of it.
    """
    if not in_place:
        return np.take(lookup, codes, mode="clip")
    for start in range(0, codes.shape[0], _HASH_CHUNK):
        chunk = codes[start : start + _HASH_CHUNK]
        np.take(lookup, chunk, out=chunk, mode="clip")
    return codes


def _sort_factorized(codes, uniques):
    """Reorder factorize's first-seen classes into sorted order."""
    order = np.argsort(uniques, kind="stable")
    rank = np.empty(order.shape[0], dtype=np.intp)
    rank[order] = np.arange(order.shape[0])
    return uniques[order], _remap(rank, codes, in_place=codes.flags.writeable)


def _all_strings(values):
    return all(isinstance(value, str) for value in values)


def _factorize(y):
    """Hash-based encoding for labels no integer path fits, or None."""
    try:
        return _hash_encode(y)
    except TypeError:  # unhashable labels: the exact path raises its own error
        return None


def _hash_encode(y, out=None):
    """Hash-encode labels chunk by chunk; codes go to ``out`` if given.

    ``out`` may share memory with ``y``: each chunk is read before its codes
    are written.
    """
    kind = y.dtype.kind
    pandas = _loaded_pandas()
    if kind == "U" and pandas is not None and y.dtype.itemsize:
        return _encode_fixed_width(y)
    if kind in "OU":
        strings = True
    elif pandas is not None and kind in "iu":
        strings = False
    else:
        return None
    n_samples = y.shape[0]
    codes = np.empty(n_samples, dtype=np.intp) if out is None else out
    first_seen = {}  # label -> code in order of first appearance
    for start in range(0, n_samples, _HASH_CHUNK):
        chunk = y[start : start + _HASH_CHUNK]
        if kind == "U":
            chunk = chunk.astype(object)
        if pandas is not None:
            chunk_codes, chunk_labels = pandas.factorize(chunk)
            if chunk_codes.min() < 0:
                return None  # missing labels: the exact path reports them
            chunk_labels = chunk_labels.tolist()
        else:
            chunk_labels = list(dict.fromkeys(chunk))
            chunk_codes = None
        if strings and not _all_strings(chunk_labels):
            return None  # e.g. ints mixed with strings: the exact path decides
        to_code = np.array(
            [first_seen.setdefault(label, len(first_seen)) for label in chunk_labels],
            dtype=np.intp,
        )
        if chunk_codes is None:
            chunk_index = dict(zip(chunk_labels, to_code.tolist()))
            codes[start : start + chunk.shape[0]] = np.fromiter(
                map(chunk_index.__getitem__, chunk), dtype=np.intp, count=chunk.shape[0]
            )
        else:
            np.take(to_code, chunk_codes, out=codes[start : start + chunk.shape[0]])
    uniques = np.empty(len(first_seen), dtype=object if strings else y.dtype)
    uniques[:] = list(first_seen)
    classes, codes = _sort_factorized(codes, uniques)
    counts = np.bincount(codes, minlength=classes.shape[0])
    return classes.astype(y.dtype, copy=False), codes, counts


def _encode_fixed_width(y):
    """Encode fixed-width strings by hashing their bytes, never making Python strings.

    Each label's code units are mixed into one 64-bit hash (a polynomial in
    the words of its bytes, modulo 2**64, one word column at a time over a
    chunk that stays in cache), the hashes are
    encoded as integers (in place), and every label is then compared with
    its class's representative: a hash collision (two labels, one hash)
    returns None, so the exact path decides.
    """
    n_samples = y.shape[0]
    word = np.uint64 if y.dtype.itemsize % 8 == 0 else np.uint32
    n_words = y.dtype.itemsize // np.dtype(word).itemsize
    hashes = np.empty(n_samples, dtype=np.uint64)
    for start in range(0, n_samples, _HASH_CHUNK):
        chunk = np.ascontiguousarray(y[start : start + _HASH_CHUNK])
        words = chunk.view(word).reshape(chunk.shape[0], n_words)
        chunk_hashes = hashes[start : start + chunk.shape[0]]
        chunk_hashes[:] = words[:, 0]
        for column in range(1, n_words):
            chunk_hashes *= _WORD_MULTIPLIER
            chunk_hashes += words[:, column]
    _, codes, counts = _hash_encode(hashes, out=hashes.view(np.intp))
    representative = np.empty(counts.shape[0], dtype=np.intp)
    for start in range(0, n_samples, _HASH_CHUNK):
        chunk_codes = codes[start : start + _HASH_CHUNK]
        representative[chunk_codes] = np.arange(start, start + chunk_codes.shape[0])
    labels = y[representative]
    for start in range(0, n_samples, _HASH_CHUNK):
        stop = start + _HASH_CHUNK
        if not np.array_equal(y[start:stop], labels[codes[start:stop]]):
            return None  # a hash collision
    order = np.argsort(labels, kind="stable")
    rank = np.empty(order.shape[0], dtype=np.intp)
    rank[order] = np.arange(order.shape[0])
    return labels[order], _remap(rank, codes, in_place=True), counts[order]


def encode_classes(y):
    """Sorted classes, codes and counts of 1-D labels, or None for the exact path.

    Returns ``(classes, codes, counts)`` equal to ``np.unique(y,
    return_inverse=True, return_counts=True)`` (``codes`` as ``intp``, or
    the small integer dtype of a Categorical's codes; ``counts`` as integers),
    or ``None`` when no fast path applies. An
    encoding remembered while validating ``y`` is used (once) as is.
    """
    encoded = recall_encoding(y, consume=True)
    if encoded is not None:
        return encoded
    return _encode_classes(y)


def _encode_classes(y):
    kind = y.dtype.kind
    if kind in "biu":
        lo, hi = _int_span(y)
        if _span_is_small(lo, hi, y.shape[0]):
            return _encode_small_ints(y, lo, hi)
        return _factorize(y)
    if kind == "U":
        return _factorize(y)
    if kind == "f":
        as_int = _integral_floats_as_int64(y)
        if as_int is None:
            return None
        encoded = _encode_classes(as_int)
        if encoded is None:
            return None
        classes, codes, counts = encoded
        return classes.astype(y.dtype), codes, counts
    if kind == "O":
        return _factorize(y)
    return None


def plain_integer_labels(y):
    """Whether ``y`` is non-empty 1-D integer (or bool) labels.

    ``type_of_target`` calls every such array "binary" or "multiclass", so
    validating them needs no pass over the labels.
    """
    return y.ndim == 1 and y.dtype.kind in "biu" and y.shape[0] > 0


def string_labels(y):
    """Whether every label of a 1-D object array is a ``str`` (so none is missing).

    Decided by hashing the labels; the encoding found on the way is
    remembered for counting them.
    """
    if (
        y.dtype.kind != "O"
        or y.ndim != 1
        or not y.shape[0]
        or not isinstance(y[0], str)
    ):
        return False
    # _factorize returns an encoding for object labels only when all are strings.
    return _validated_encoding(y) is not None


def _validated_encoding(y):
    encoded = recall_encoding(y)
    if encoded is None:
        encoded = _encode_classes(y)
        if encoded is not None:
            remember_encoding(y, encoded)
    return encoded


def type_of_target_fast(y, *, input_name="y"):
    """``type_of_target(y)`` for an ndarray, without sorting a 1-D ``y``.

    Same result, errors and warnings: scikit-learn's function runs unchanged,
    reading the classes found by a fast path from the cache it documents for
    this (``unique`` in the dtype's metadata, ``sklearn.utils._unique``). The
    full encoding is remembered for counting ``y`` next.
    """
    classes = None
    if y.ndim == 1 and y.shape[0] and y.dtype.metadata is None:
        # The object check mirrors type_of_target, which reports an object
        # array whose first label is not a string before looking for classes.
        if y.dtype.kind != "O" or isinstance(y[0], str):
            encoded = _validated_encoding(y)
            classes = None if encoded is None else encoded[0]
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
    # Codes keep the Categorical's small integer dtype: 1 byte per label
    # instead of 8 for fewer than 128 categories.
    rank = np.full(categories.shape[0], -1, dtype=cat_codes.dtype)
    rank[used[order]] = np.arange(used.shape[0])
    classes = categories[used[order]]
    return classes, np.take(rank, cat_codes), bin_counts[used[order]]


def categorical_labels(y):
    """A pandas Categorical (or categorical Series) as an ndarray of labels.

    Its classes, codes and counts come from the Categorical's own codes (no
    hashing) and are remembered for counting the returned array. None for
    any other ``y``, and for a Categorical that needs the generic checks
    (missing values; categories neither all strings nor all integers).
    """
    encoded = encode_categorical(y)
    if encoded is None:
        return None
    labels = np.asarray(y).view()  # .view(): a new object, private to this fit
    remember_encoding(labels, encoded)
    return labels


def encode_known(y, classes):
    """Index of each label of ``y`` in ``classes`` (sorted), or None.

    None means "use ``np.searchsorted``": no fast path fits, or some label is
    not in ``classes`` and the exact path must raise its error.
    """
    encoded = recall_encoding(y, consume=True)
    if encoded is not None:
        return _encode_known_classes(encoded, classes)
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
            codes = _remap(lookup, values, in_place=owned)
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


def _encode_known_classes(encoded, classes):
    """Codes in ``classes`` from an encoding of ``y``: only its classes are looked up."""
    y_classes, y_codes, _ = encoded
    try:
        index = np.searchsorted(classes, y_classes).clip(0, classes.shape[0] - 1)
        if not np.array_equal(classes[index], y_classes):
            return None  # labels unseen in classes: the exact path reports them
    except TypeError:
        return None
    return index[y_codes]
