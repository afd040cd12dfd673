"""Subsample a classification data set into a long-tailed one."""

import warnings
from numbers import Real

import numpy as np
from sklearn.utils import Bunch, check_random_state
from sklearn.utils.validation import check_consistent_length

from .._compat import Interval, StrOptions, _safe_indexing, validate_params
from .._counting import check_labels, check_sample_weight, count_classes


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
    X,
    y,
    *,
    imbalance_factor=100,
    profile="exponential",
    class_order=None,
    random_state=None,
):
    """Subsample ``(X, y)`` so that class sizes follow a long tail.

    Class ``i`` of ``C`` (in ``class_order``) keeps
    ``round(n_head * imbalance_factor ** (-i / (C - 1)))`` samples with
    ``profile="exponential"``, as Cui et al. (2019) built long-tailed CIFAR;
    with ``profile="step"``, the first ``ceil(C / 2)`` classes keep ``n_head``
    samples and the rest ``n_tail``. The tail keeps
    ``n_tail = floor(n_smallest / imbalance_factor)`` samples (at least 1) and
    the head ``n_head = n_tail * imbalance_factor``, where ``n_smallest`` is
    the size of the smallest class of ``y`` (so that every class can supply
    its share): the largest class is ``imbalance_factor`` times the smallest,
    up to rounding. When ``n_smallest < imbalance_factor`` that cannot be, and
    a ``UserWarning`` gives the factor reached. Which rows are kept is drawn
    at random without replacement.

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
    array([170, 132, 102,  79,  61,  47,  37,  28,  22,  17])
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

    # The tail keeps n_tail = floor(n_smallest / imbalance_factor) samples (at
    # least 1) and the head n_tail * imbalance_factor, so that the realised
    # ratio of the largest to the smallest class is the one asked for, not a
    # rounding artefact of flooring the tail.
    n_smallest = counts.min()
    n_tail = max(np.floor(n_smallest / imbalance_factor), 1.0)
    n_head = min(np.round(n_tail * imbalance_factor), n_smallest)
    if n_head < n_tail * imbalance_factor:
        warnings.warn(
            f"The smallest class of y has {int(n_smallest)} samples, too few for "
            f"imbalance_factor={imbalance_factor:g} with at least one sample per "
            f"class: the realised factor is {n_head / n_tail:g}.",
            UserWarning,
            stacklevel=2,
        )
    rank = np.arange(n_classes)
    if profile == "exponential":
        exponent = rank / max(n_classes - 1, 1)
    else:
        exponent = (rank >= -(-n_classes // 2)).astype(np.float64)
    ratio = n_head / n_tail
    n_keep = np.maximum(np.round(n_head * ratio**-exponent), n_tail).astype(np.intp)

    keep = []
    for class_index, n in zip(order, n_keep):
        members = np.flatnonzero(codes == class_index)
        keep.append(rng.choice(members, size=n, replace=False))
    keep = np.sort(np.concatenate(keep))
    return _safe_indexing(X, keep), _safe_indexing(y, keep)


@validate_params(
    {"y": ["array-like"], "sample_weight": ["array-like", None]},
    prefer_skip_nested_validation=True,
)
def class_count_report(y, *, sample_weight=None):
    """Class sizes of ``y``, largest first, with the imbalance factor.

    A quick look at how long the tail of a data set is, e.g. after
    :func:`make_long_tailed`, before choosing a weighting.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Class labels.
    sample_weight : array-like of shape (n_samples,), default=None
        Count each sample with its weight, as the weighters do.

    Returns
    -------
    report : :class:`~sklearn.utils.Bunch`
        ``classes`` and ``counts`` (largest class first), ``fractions`` of
        the total, ``imbalance_factor`` (largest over smallest count) and
        ``text``, the same as a printable table.

    See Also
    --------
    make_long_tailed : Build a long-tailed data set.

    Examples
    --------
    >>> from sklearn_classweight.datasets import class_count_report
    >>> report = class_count_report(["cat"] * 6 + ["dog"] * 3 + ["emu"])
    >>> report.counts
    array([6., 3., 1.])
    >>> report.imbalance_factor
    6.0
    >>> print(report.text)
    class  count  fraction
    cat        6    60.0 %
    dog        3    30.0 %
    emu        1    10.0 %
    3 classes, 10 samples, imbalance factor 6 (largest / smallest)
    """
    labels = check_labels(y)
    weights = check_sample_weight(sample_weight, labels)
    classes, _, counts = count_classes(labels, weights)
    order = np.argsort(-counts, kind="stable")
    classes, counts = classes[order], counts[order]
    fractions = counts / counts.sum()
    imbalance_factor = float(counts[0] / counts[-1])
    names = [str(c) for c in classes]
    values = [f"{n:g}" for n in counts]
    name_width = max(len("class"), *map(len, names))
    count_width = max(len("count"), *map(len, values))
    lines = [f"{'class':<{name_width}}  {'count':>{count_width}}  fraction"]
    lines += [
        f"{name:<{name_width}}  {value:>{count_width}}  {100 * f:6.1f} %"
        for name, value, f in zip(names, values, fractions)
    ]
    lines.append(
        f"{len(classes)} classes, {counts.sum():g} samples, imbalance factor "
        f"{imbalance_factor:.3g} (largest / smallest)"
    )
    return Bunch(
        classes=classes,
        counts=counts,
        fractions=fractions,
        imbalance_factor=imbalance_factor,
        text="\n".join(lines),
    )
