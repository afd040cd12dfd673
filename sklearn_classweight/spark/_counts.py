"""Class totals of a Spark DataFrame in one aggregation, and the checks around it.

The Spark counterpart of ``_counting.count_classes``: one
``groupBy(label).agg(...)`` gives, per label, the number of rows and (with a
weight column) the total weight, the smallest weight and the number of
non-null weights, so that bad input is found in the same pass.
"""

import numpy as np

try:
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
except ImportError as exc:  # pragma: no cover - exercised only without pyspark
    raise ImportError(
        "sklearn_classweight.spark needs pyspark: pip install "
        '"sklearn-classweight[spark]" (or pip install pyspark; Java 17+ must be '
        "installed)."
    ) from exc

from .._counting import check_weighted_counts

NUMERIC_TYPES = (T.ByteType, T.ShortType, T.IntegerType, T.LongType, T.FloatType,
                 T.DoubleType, T.DecimalType)  # fmt: skip


def check_column(dataset, param, column, *, numeric=False):
    """Raise a clear error when ``column`` (the value of ``param``) is unusable."""
    if column not in dataset.columns:
        raise ValueError(
            f"{param}={column!r} is not a column of the DataFrame, whose columns "
            f"are {dataset.columns}; set {param} to the right column name."
        )
    data_type = dataset.schema[column].dataType
    if numeric and not isinstance(data_type, NUMERIC_TYPES):
        raise TypeError(
            f"{param}={column!r} must be a numeric column; it is "
            f"{data_type.simpleString()}. Cast it, e.g. with "
            f"F.col({column!r}).cast('double')."
        )
    return data_type


def check_batch(dataset, stage):
    """Refuse a streaming DataFrame in ``stage.fit``, naming what to do instead."""
    if dataset.isStreaming:
        raise ValueError(
            f"{stage}.fit needs a batch DataFrame: a stream's class counts are "
            "never final. Fit on a batch (e.g. a recent window of the data), then "
            "transform the stream with the fitted model."
        )


def class_totals(dataset, label_col, weight_col=None):
    """Labels and their (weighted) counts, from one aggregation.

    Parameters
    ----------
    dataset : pyspark.sql.DataFrame
        A batch DataFrame (the stages' ``fit`` check it with
        :func:`check_batch`).
    label_col : str
        The label column; no nulls (and no NaN).
    weight_col : str or None
        A numeric column of non-negative, non-null weights folded into the
        counts (a row of weight ``k`` counts as ``k`` rows), or ``None``.

    Returns
    -------
    classes : list
        Labels as Python values (float, int, str or bool), in no order.
    counts : ndarray of shape (n_classes,)
        Rows, or total weight, of each label.
    """
    check_column(dataset, "labelCol", label_col)
    aggregates = [F.count(F.lit(1)).alias("rows")]
    if weight_col is not None:
        check_column(dataset, "weightCol", weight_col, numeric=True)
        weight = F.col(weight_col).cast("double")
        aggregates += [
            F.sum(weight).alias("total"),
            F.min(weight).alias("smallest"),
            F.count(weight).alias("non_null"),
        ]
    rows = dataset.groupBy(label_col).agg(*aggregates).collect()
    if not rows:
        raise ValueError(
            "The DataFrame is empty: at least one labelled row is needed to "
            "compute class weights."
        )
    classes = [row[label_col] for row in rows]
    missing = [
        row["rows"]
        for row, label in zip(rows, classes)
        if label is None or (isinstance(label, float) and np.isnan(label))
    ]
    if missing:
        raise ValueError(
            f"labelCol={label_col!r} has {sum(missing)} null (or NaN) labels: every "
            "row needs a class. Drop them (df.dropna(subset=[...])) or fill them "
            "before fitting."
        )
    if weight_col is None:
        return classes, np.array([row["rows"] for row in rows], dtype=np.float64)
    null_weights = sum(row["rows"] - row["non_null"] for row in rows)
    if null_weights:
        raise ValueError(
            f"weightCol={weight_col!r} has {null_weights} null values: give every "
            "row a weight (0 for a row that should not count)."
        )
    smallest = min(row["smallest"] for row in rows)
    if not np.isfinite(smallest) or smallest < 0:
        raise ValueError(
            f"weightCol={weight_col!r} has negative or NaN values (smallest "
            f"{smallest!r}): weights must be non-negative; give 0 to a row that "
            "should not count."
        )
    counts = np.array([row["total"] for row in rows], dtype=np.float64)
    if not np.all(np.isfinite(counts)):
        raise ValueError(
            f"weightCol={weight_col!r} sums to inf or NaN; only ratios of the "
            "weights matter, so rescale them (e.g. divide by their maximum)."
        )
    check_weighted_counts(np.array(classes, dtype=object), counts)
    return classes, counts
