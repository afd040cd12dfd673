"""Class weights for multilabel and multi-output targets: per column, then combined.

A 2-D target ``Y`` of shape ``(n_samples, n_outputs)`` (a multilabel indicator
matrix, or one label column per output) gets one set of class weights per
column, computed exactly as for a 1-D target. Each sample then has one weight
per column, and a single per-sample weight is obtained by combining them
(:func:`combine_sample_weight`): ``"product"`` is scikit-learn's
``compute_sample_weight`` behaviour, ``"mean"`` and ``"max"`` are milder.
"""

import numpy as np
from scipy import sparse
from sklearn.utils import check_array
from sklearn.utils.multiclass import check_classification_targets, type_of_target

from ._counting import check_labels, count_classes, encode_labels

#: Ways of combining per-column weights into one weight per sample.
COMBINE_METHODS = ("product", "mean", "max")


def is_multi_output(y):
    """Whether ``y`` is a 2-D target with more than one column.

    A column vector ``(n_samples, 1)`` is *not* multi-output: it is a 1-D
    target in disguise (and warned about as such by :func:`check_labels`).
    """
    if sparse.issparse(y):
        return y.shape[1] > 1
    shape = getattr(y, "shape", None)
    if shape is None:
        try:
            shape = np.asarray(y).shape
        except ValueError:  # ragged nested lists: let the 1-D validation explain
            return False
    return len(shape) == 2 and shape[1] > 1


def check_multi_output_target(y, *, param="y"):
    """Validate a multilabel or multi-output classification target.

    Returns a dense ndarray of shape ``(n_samples, n_outputs)`` and the type
    of target (``"multilabel-indicator"`` or ``"multiclass-multioutput"``).
    """
    y = check_array(
        y,
        accept_sparse="csr",
        ensure_2d=True,
        dtype=None,
        ensure_all_finite=False,
        ensure_min_samples=0,
        input_name=param,
    )
    if sparse.issparse(y):
        y = y.toarray()
    if y.shape[0] == 0:
        raise ValueError(
            f"{param} is empty: at least one labelled sample is needed to compute "
            "class weights."
        )
    for column in range(y.shape[1]):
        # Missing, continuous or mixed-type labels get the 1-D errors, per column.
        check_labels(y[:, column], param=f"column {column} of {param}")
    check_classification_targets(y)
    return y, type_of_target(y)


def column_class_counts(Y, sample_weight=None):
    """Classes, class codes and (weighted) class counts of every column of ``Y``.

    Yields ``(classes, codes, counts)`` per column, see :func:`count_classes`.
    A class whose total ``sample_weight`` is zero raises a ``ValueError``
    naming the column.
    """
    for column in range(Y.shape[1]):
        try:
            yield count_classes(Y[:, column], sample_weight)
        except ValueError as exc:
            raise ValueError(f"In column {column} of y: {exc}") from exc


def column_sample_weight(Y, classes, class_weight, *, param="y"):
    """Matrix of per-column sample weights, shape ``(n_samples, n_outputs)``.

    Entry ``[i, j]`` is the class weight of ``Y[i, j]`` in column ``j``.
    """
    if Y.shape[1] != len(classes):
        raise ValueError(
            f"{param} has {Y.shape[1]} columns but the weights were fitted on "
            f"{len(classes)}; pass a target with the same outputs as in fit."
        )
    weights = np.empty(Y.shape, dtype=np.float64)
    for column, (column_classes, column_weight) in enumerate(
        zip(classes, class_weight)
    ):
        codes = encode_labels(
            Y[:, column], column_classes, param=f"column {column} of {param}"
        )
        weights[:, column] = column_weight[codes]
    return weights


def combine_sample_weight(weights, combine="product"):
    """Combine per-column weights ``(n_samples, n_outputs)`` into one per sample.

    Parameters
    ----------
    weights : ndarray of shape (n_samples, n_outputs)
        Positive per-column weights.
    combine : {"product", "mean", "max"}, default="product"
        ``"product"``: ``prod_j w_ij``, as scikit-learn's
        ``compute_sample_weight`` does for multi-output ``y``; it compounds,
        so a sample rare in several columns can dominate. ``"mean"``:
        ``mean_j w_ij``; if every column is ``"mean"``-normalised, so is the
        result. ``"max"``: ``max_j w_ij``, a sample weighs as much as its
        rarest label.

    Returns
    -------
    sample_weight : ndarray of shape (n_samples,)
    """
    if combine == "product":
        return np.prod(weights, axis=1)
    if combine == "mean":
        return weights.mean(axis=1)
    if combine == "max":
        return weights.max(axis=1)
    raise ValueError(f"combine must be one of {COMBINE_METHODS}, got {combine!r}.")


def positive_class_weight_ratio(classes, class_weight):
    """Per-label ``w_pos / w_neg`` of a multilabel indicator matrix.

    With ``scheme="ins"`` this is ``n_neg / n_pos``, the ``pos_weight`` of a
    one-vs-rest binary cross-entropy. A label that is constant in the data
    has nothing to balance and gets 1.
    """
    ratio = np.ones(len(classes), dtype=np.float64)
    for label, (label_classes, label_weight) in enumerate(zip(classes, class_weight)):
        if len(label_classes) == 2:
            ratio[label] = label_weight[1] / label_weight[0]
    return ratio


def transform_multi_output(weighter, y):
    """Per-sample weights of a 2-D target for a weighter fitted on one."""
    if not isinstance(weighter.classes_, list):
        raise ValueError(
            "y is a 2-D (multilabel or multi-output) target but the weighter was "
            "fitted on 1-D labels; fit it on a target of the same shape."
        )
    if not is_multi_output(y):
        raise ValueError(
            f"The weighter was fitted on a target with {len(weighter.classes_)} "
            "columns (multilabel or multi-output); transform needs a 2-D "
            "target with the same columns, got a 1-D one."
        )
    Y, _ = check_multi_output_target(y)
    weights = column_sample_weight(Y, weighter.classes_, weighter.class_weight_)
    return combine_sample_weight(weights, weighter.combine)
