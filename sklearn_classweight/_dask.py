"""Class weights for Dask collections: one distributed count, lazy weights.

A dask Array, dask Series or dask DataFrame column of labels is counted in
one pass over its chunks: each chunk is validated and counted where it lives
(:func:`count_dask_classes`), and only the per-chunk class counts, a few
numbers each, come back to the client. The class weights are computed there
from the counts, like for any other ``y``, and per-sample weights are built
lazily, chunk by chunk, chunked or partitioned exactly like ``y``
(:func:`lazy_sample_weight`): the distributed boosters (XGBoost, LightGBM)
pair ``sample_weight`` with ``X`` by partition.

Nothing here imports dask at import time: :func:`is_dask_collection` looks
at the type of its argument, and dask is imported only inside the functions
that are given a dask collection.
"""

import numpy as np

from ._counting import check_labels, check_weighted_counts, count_classes, encode_labels


def is_dask_collection(obj):
    """Whether ``obj`` is a dask collection (Array, DataFrame, Series, ...).

    Decided from the type's module and the dask collection protocol, so that
    dask is never imported to answer.
    """
    return type(obj).__module__.startswith("dask") and hasattr(obj, "__dask_graph__")


def check_in_memory_batch(**inputs):
    """The one refusal of dask collections by ``partial_fit``.

    ``partial_fit`` (of the weighter or of ``WeightedClassifier``) takes one
    in-memory batch; ``inputs`` maps each argument's name to its value.
    """
    given = [name for name, value in inputs.items() if is_dask_collection(value)]
    if given:
        raise TypeError(
            f"partial_fit takes one in-memory batch, but {' and '.join(given)} "
            f"{'is a dask collection' if len(given) == 1 else 'are dask collections'}. "
            "Pass the chunks one at a time (e.g. X.blocks[i].compute() with "
            "y.blocks[i].compute()), or call fit, which counts every chunk of a "
            "dask y in one distributed pass."
        )


def _is_dataframe_like(obj):
    return hasattr(obj, "npartitions") and hasattr(obj, "map_partitions")


def _n_row_blocks(obj):
    """Number of row blocks: partitions of a DataFrame/Series, row chunks of an Array."""
    if _is_dataframe_like(obj):
        return obj.npartitions
    return len(obj.chunks[0])


def _describe_blocks(obj):
    if _is_dataframe_like(obj):
        return f"{obj.npartitions} partitions"
    return f"{len(obj.chunks[0])} row chunks of sizes {_short(obj.chunks[0])}"


def _short(sizes):
    sizes = list(sizes)
    return str(sizes) if len(sizes) <= 6 else f"[{', '.join(map(str, sizes[:6]))}, ...]"


def check_dask_labels(y, *, param="y"):
    """Refuse dask collections that cannot be one column of labels."""
    if _is_dataframe_like(y) and y.ndim == 2:
        raise ValueError(
            f"{param} is a dask DataFrame with columns {list(y.columns)}; pass the "
            f"label column as a dask Series, e.g. {param} = df['label']."
        )
    if getattr(y, "ndim", 1) != 1:
        raise ValueError(
            f"{param} is a dask Array of shape {y.shape}; pass a 1-D array of class "
            f"labels, one per sample (e.g. {param}[:, 0] for a column vector)."
        )
    return y


def check_same_row_blocks(first, second, names):
    """Raise a ``ValueError`` unless two dask collections split their rows alike.

    The distributed boosters pair ``X``, ``y`` and ``sample_weight`` partition
    by partition: the same number of partitions, and (where dask knows them)
    the same chunk sizes or divisions.
    """
    first_name, second_name = names
    fix = (
        f"Build both from the same dask DataFrame (e.g. X = df[features], "
        f"{second_name} = df['label']), or rechunk {second_name} like {first_name}, "
        f"e.g. {second_name}.rechunk({first_name}.chunks[0])."
    )
    if _n_row_blocks(first) != _n_row_blocks(second):
        raise ValueError(
            f"{first_name} and {second_name} are chunked differently: "
            f"{first_name} has {_describe_blocks(first)} but {second_name} has "
            f"{_describe_blocks(second)}. The distributed estimators pair them "
            f"partition by partition. {fix}"
        )
    if not _is_dataframe_like(first) and not _is_dataframe_like(second):
        first_rows, second_rows = first.chunks[0], second.chunks[0]
        known = not (np.isnan(first_rows).any() or np.isnan(second_rows).any())
        if known and tuple(first_rows) != tuple(second_rows):
            raise ValueError(
                f"{first_name} and {second_name} are chunked differently: their row "
                f"chunks have sizes {_short(first_rows)} and {_short(second_rows)}. "
                f"{fix}"
            )
    elif _is_dataframe_like(first) and _is_dataframe_like(second):
        if (
            first.known_divisions
            and second.known_divisions
            and tuple(first.divisions) != tuple(second.divisions)
        ):
            raise ValueError(
                f"{first_name} and {second_name} are partitioned differently: their "
                f"divisions are {_short(first.divisions)} and "
                f"{_short(second.divisions)}. {fix}"
            )


def _row_blocks(obj):
    """The delayed row blocks of a dask collection, in order."""
    if _is_dataframe_like(obj):
        return obj.to_delayed()
    return obj.to_delayed().ravel().tolist()


def _count_block(labels, weights, index):
    """Classes and (weighted) counts of one chunk of ``y``; runs on a worker."""
    if len(labels) == 0:
        return None
    labels = check_labels(labels, param=f"chunk {index} of y")
    classes, codes, counts = count_classes(labels)
    if weights is None:
        return classes, counts
    weights = np.asarray(weights, dtype=np.float64).reshape(-1)
    if weights.shape != labels.shape:
        raise ValueError(
            f"Chunk {index} of sample_weight has {weights.shape[0]} rows but chunk "
            f"{index} of y has {labels.shape[0]}: chunk sample_weight exactly like y."
        )
    if not np.all(np.isfinite(weights)) or np.any(weights < 0):
        raise ValueError(
            f"sample_weight has negative, NaN or infinite values in chunk {index}: "
            "weights must be finite and non-negative."
        )
    return classes, np.bincount(codes, weights=weights, minlength=classes.shape[0])


def count_dask_classes(y, sample_weight=None):
    """Classes and class counts of a dask collection of labels, in one pass.

    Every chunk is validated (missing, continuous or mixed labels are the
    errors of an in-memory ``y``, naming the chunk) and counted on the
    workers; only the per-chunk counts come back to the client.

    Parameters
    ----------
    y : dask Array of shape (n_samples,) or dask Series
        Class labels.
    sample_weight : dask Array or dask Series, default=None
        Non-negative weights, chunked exactly like ``y``.

    Returns
    -------
    classes : ndarray of shape (n_classes,)
        Sorted class labels.
    counts : ndarray of shape (n_classes,), float64
        Number (or total ``sample_weight``) of samples of each class.
    """
    import dask

    check_dask_labels(y)
    label_blocks = _row_blocks(y)
    if sample_weight is None:
        weight_blocks = [None] * len(label_blocks)
    else:
        if not is_dask_collection(sample_weight):
            raise TypeError(
                f"sample_weight is a {type(sample_weight).__name__} but y is a dask "
                "collection; pass sample_weight as a dask collection chunked like y "
                "(e.g. a column of the same dask DataFrame, or "
                "dask.array.from_array(sample_weight, chunks=y.chunks))."
            )
        check_dask_labels(sample_weight, param="sample_weight")
        check_same_row_blocks(y, sample_weight, ("y", "sample_weight"))
        weight_blocks = _row_blocks(sample_weight)
    count = dask.delayed(_count_block, pure=True)
    parts = dask.compute(
        *[
            count(labels, weights, index)
            for index, (labels, weights) in enumerate(zip(label_blocks, weight_blocks))
        ]
    )
    parts = [part for part in parts if part is not None]
    if not parts:
        raise ValueError(
            "y is empty: at least one labelled sample is needed to compute class "
            "weights."
        )
    return _merge_counts(parts, weighted=sample_weight is not None)


def _merge_counts(parts, *, weighted):
    """Add up per-chunk ``(classes, counts)`` into one sorted count per class."""
    all_classes = np.concatenate([classes for classes, _ in parts])
    try:
        classes, index = np.unique(all_classes, return_inverse=True)
    except TypeError as exc:  # e.g. ints in one chunk, strings in another
        types = sorted({type(label).__name__ for label in all_classes.tolist()})
        raise TypeError(
            f"y mixes label types {types} across its chunks, which cannot be "
            "sorted into classes. Convert the labels to one type first, e.g. "
            "y.astype(str)."
        ) from exc
    counts = np.bincount(
        index.reshape(-1),
        weights=np.concatenate([counts for _, counts in parts]),
        minlength=classes.shape[0],
    )
    if weighted:
        check_weighted_counts(classes, counts)
    return classes, counts


def _weigh_labels(labels, classes, class_weight):
    """The class weight of each label of one chunk; runs on a worker."""
    labels = np.asarray(labels) if len(labels) == 0 else check_labels(labels)
    if labels.shape[0] == 0:
        return np.empty(0, dtype=np.float64)
    return class_weight[encode_labels(labels, classes)]


def _weigh_partition(labels, classes, class_weight):
    import pandas as pd

    return pd.Series(
        _weigh_labels(labels, classes, class_weight),
        index=labels.index,
        name="sample_weight",
        dtype=np.float64,
    )


def lazy_sample_weight(y, classes, class_weight):
    """Lazy per-sample class weights, chunked or partitioned exactly like ``y``.

    A label outside ``classes`` is an error when the weights are computed.
    """
    check_dask_labels(y)
    if _is_dataframe_like(y):
        import pandas as pd

        return y.map_partitions(
            _weigh_partition,
            classes,
            class_weight,
            meta=pd.Series([], name="sample_weight", dtype=np.float64),
        )
    return y.map_blocks(
        _weigh_labels, classes=classes, class_weight=class_weight, dtype=np.float64
    )


def check_dask_fit_inputs(X, y, sample_weight):
    """The checks a meta-estimator's ``fit`` makes on dask inputs, computing nothing.

    ``X`` and ``y`` must both be dask collections with the same row blocks,
    and ``sample_weight`` (if given) a dask collection of the same kind as
    ``y`` with the same row blocks.
    """
    for name, obj, other in (("X", X, "y"), ("y", y, "X")):
        if not is_dask_collection(obj):
            raise TypeError(
                f"{other} is a dask collection but {name} is a "
                f"{type(obj).__name__}; pass both as dask collections partitioned "
                "alike, e.g. X = df[features] and y = df['label'] from one dask "
                "DataFrame."
            )
    check_dask_labels(y)
    check_same_row_blocks(X, y, ("X", "y"))
    if sample_weight is None:
        return
    if not is_dask_collection(sample_weight):
        raise TypeError(
            f"sample_weight is a {type(sample_weight).__name__} but X is a dask "
            "collection: the distributed estimators need the weights as a dask "
            "collection partitioned like X. Pass e.g. a column of the same dask "
            "DataFrame, or dask.array.from_array(sample_weight, chunks=y.chunks)."
        )
    check_dask_labels(sample_weight, param="sample_weight")
    if _is_dataframe_like(sample_weight) != _is_dataframe_like(y):
        raise TypeError(
            "sample_weight and y must be the same kind of dask collection (both "
            f"dask Arrays or both dask Series); got {type(sample_weight).__name__} "
            f"and {type(y).__name__}."
        )
    check_same_row_blocks(y, sample_weight, ("y", "sample_weight"))


def _multiply_partitions(weights, sample_weight):
    return weights * np.asarray(sample_weight, dtype=np.float64)


def multiply_lazily(weights, sample_weight):
    """``weights * sample_weight`` block by block, without aligning on an index."""
    if sample_weight is None:
        return weights
    if _is_dataframe_like(weights):
        return weights.map_partitions(
            _multiply_partitions,
            sample_weight,
            align_dataframes=False,
            meta=weights._meta,
        )
    import dask.array as da

    return da.map_blocks(
        np.multiply, weights, sample_weight.astype(np.float64), dtype=np.float64
    )
