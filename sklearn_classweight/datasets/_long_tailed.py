"""Subsample a classification data set into a long-tailed one."""

from numbers import Real

import numpy as np
from sklearn.utils import _safe_indexing, check_random_state
from sklearn.utils._param_validation import Interval, StrOptions, validate_params
from sklearn.utils.validation import check_consistent_length

from .._counting import check_labels, count_classes


@validate_params(
    {
        "X": ["array-like", "sparse matrix"],
        "y": ["array-like"],
        "imbalance_factor": [Interval(Real, 1, None, closed="left")],
        "profile": [StrOptions({"exponential", "step"})],
        "class_order": ["array-like", None],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def make_long_tailed(
    X, y, *, imbalance_factor=100, profile="exponential", class_order=None, random_state=None
):
    """Subsample ``(X, y)`` so that class sizes follow a long tail.

    Class ``i`` of ``C`` (in ``class_order``) keeps
    ``floor(n_max * imbalance_factor ** (-i / (C - 1)))`` samples (at least 1)
    with ``profile="exponential"``, as Cui et al. (2019) built long-tailed
    CIFAR; with ``profile="step"``, the first ``ceil(C / 2)`` classes keep
    ``n_max`` samples and the rest ``n_max / imbalance_factor``. ``n_max`` is
    the size of the smallest class of ``y``, so every class can supply its
    share. Which rows are kept is drawn at random without replacement.

    Parameters
    ----------
    X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
        Features; a DataFrame stays a DataFrame.
    y : array-like of shape (n_samples,)
        Class labels; a Series stays a Series.
    imbalance_factor : float >= 1, default=100
        Ratio between the largest and the smallest class after subsampling.
    profile : {"exponential", "step"}, default="exponential"
        Shape of the class-size profile.
    class_order : array-like of shape (n_classes,), default=None
        Classes from head (largest) to tail (smallest). ``None`` draws a random
        order from ``random_state``.
    random_state : int, RandomState instance or None, default=None
        Seeds the class order (if not given) and the rows kept.

    Returns
    -------
    X_long_tailed : same type as ``X``
        The kept rows of ``X``, in their original order.
    y_long_tailed : same type as ``y``
        The kept labels.

    References
    ----------
    Y. Cui, M. Jia, T.-Y. Lin, Y. Song and S. Belongie, "Class-Balanced Loss
    Based on Effective Number of Samples", CVPR 2019.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.datasets import load_digits
    >>> from sklearn_classweight.datasets import make_long_tailed
    >>> X, y = load_digits(return_X_y=True)
    >>> X_lt, y_lt = make_long_tailed(
    ...     X, y, imbalance_factor=10, class_order=np.arange(10), random_state=0
    ... )
    >>> np.bincount(y_lt)
    array([174, 134, 104,  80,  62,  48,  37,  29,  22,  17])
    """
    check_consistent_length(X, y)
    labels = check_labels(y)
    classes, codes, counts = count_classes(labels)
    n_classes = classes.shape[0]
    rng = check_random_state(random_state)
    if class_order is None:
        order = rng.permutation(n_classes)
    else:
        class_order = np.asarray(class_order)
        if class_order.shape != (n_classes,) or set(class_order.tolist()) != set(
            classes.tolist()
        ):
            raise ValueError(
                "class_order must list every class of y exactly once, i.e. a "
                f"permutation of {classes.tolist()}; got {class_order.tolist()}."
            )
        order = np.searchsorted(classes, class_order)

    n_max = counts.min()
    rank = np.arange(n_classes)
    if profile == "exponential":
        exponent = rank / max(n_classes - 1, 1)
    else:
        exponent = (rank >= -(-n_classes // 2)).astype(np.float64)
    n_keep = np.maximum(np.floor(n_max * imbalance_factor**-exponent), 1).astype(np.intp)

    keep = []
    for class_index, n in zip(order, n_keep):
        members = np.flatnonzero(codes == class_index)
        keep.append(rng.choice(members, size=n, replace=False))
    keep = np.sort(np.concatenate(keep))
    return _safe_indexing(X, keep), _safe_indexing(y, keep)
