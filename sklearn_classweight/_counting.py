"""Label encoding and (weighted) class counting: the one hot path of every fit.

Every weighter works from the class counts computed here, once per fit.
"""

import numpy as np
from sklearn.utils.validation import _check_sample_weight, column_or_1d

from ._encoding import check_classification_targets_fast, encode_classes, encode_known


def check_labels(y, *, param="y"):
    """Validate a 1-D classification target and return it as an ndarray.

    A column vector ``(n_samples, 1)`` is accepted with scikit-learn's
    ``DataConversionWarning``; continuous, multilabel and multi-output targets
    raise a ``ValueError``.
    """
    if y is None:
        raise ValueError(f"{param} is required: pass the class labels, got None.")
    y = column_or_1d(y, warn=True)
    if y.shape[0] == 0:
        raise ValueError(
            f"{param} is empty: at least one labelled sample is needed to compute "
            "class weights."
        )
    check_classification_targets_fast(y)
    return y


def count_classes(y, sample_weight=None):
    """Encode labels and count each class, weighted by ``sample_weight``.

    Parameters
    ----------
    y : ndarray of shape (n_samples,)
        Validated labels (see :func:`check_labels`).
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weights; a row of weight ``k`` counts as ``k`` rows.

    Returns
    -------
    classes : ndarray of shape (n_classes,)
        Sorted unique labels.
    codes : ndarray of shape (n_samples,)
        Index of each sample's label in ``classes`` (may be a read-only view
        of ``y`` when the labels are already ``0..n_classes-1``).
    counts : ndarray of shape (n_classes,), float64
        Number (or total ``sample_weight``) of samples in each class.

    Notes
    -----
    The classes are found without sorting ``y`` when a fast path fits (see
    ``_encoding``); the result is the same as with ``np.unique``, which
    remains the path for every other input and raises its errors.
    """
    encoded = encode_classes(y)
    if encoded is None:
        classes, codes, unweighted = np.unique(
            y, return_inverse=True, return_counts=True
        )
        codes = codes.reshape(-1)
    else:
        classes, codes, unweighted = encoded
    if sample_weight is None:
        counts = unweighted.astype(np.float64)
    else:
        sample_weight = _check_sample_weight(
            sample_weight, y, dtype=np.float64, ensure_non_negative=True
        )
        counts = np.bincount(codes, weights=sample_weight, minlength=classes.shape[0])
        empty = counts <= 0
        if empty.any():
            raise ValueError(
                "sample_weight is zero for every sample of class(es) "
                f"{classes[empty].tolist()}, so their class weight would be "
                "infinite. Drop those samples from y or give them positive "
                "sample_weight."
            )
    return classes, codes, counts


def encode_labels(y, classes, *, param="y"):
    """Index of each label of ``y`` in the sorted array ``classes``.

    Raises a ``ValueError`` listing labels of ``y`` that are not in ``classes``.
    """
    codes = encode_known(y, classes)
    if codes is not None:
        return codes
    codes = np.searchsorted(classes, y)
    codes = np.clip(codes, 0, classes.shape[0] - 1)
    unseen = classes[codes] != y
    if np.any(unseen):
        raise ValueError(
            f"{param} contains labels not seen during fit: "
            f"{np.unique(y[unseen]).tolist()}. Known classes are "
            f"{classes.tolist()}; refit on data that contains every class."
        )
    return codes
