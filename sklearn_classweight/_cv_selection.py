"""How WeightedClassifierCV splits the data, what it searches and how it selects.

Kept apart from the estimator so that the rule can be read (and tested) as
plain functions of the labels and of the matrix of split scores.
"""

from numbers import Integral

import numpy as np
from sklearn.model_selection import RepeatedStratifiedKFold, StratifiedKFold, check_cv

from ._counting import count_classes

#: Below this many training samples an integer ``cv`` is repeated.
SMALL_DATA = 1000
SMALL_DATA_REPEATS = 3

#: Default grid: ENS saturates at ``1 / (1 - beta) = k * n_max`` for these k.
DEFAULT_ENS_SCALES = (0.1, 0.3, 1.0, 3.0)
DEFAULT_POWERS = (0.25, 0.75, 1.5)


def default_param_grid(n_max):
    """The default search space, with ENS betas scaled to the largest class.

    Parameters
    ----------
    n_max : float
        Size (or total ``sample_weight``) of the largest training class.

    Returns
    -------
    param_grid : list of dict
        INS first (the reference of ``selection="one_se"``), then no
        weighting, ISNS, ENS with ``beta = 1 - 1 / (k * n_max)`` for
        ``k`` in ``DEFAULT_ENS_SCALES`` and ``"power"`` with exponents
        ``DEFAULT_POWERS``.

    Examples
    --------
    >>> from sklearn_classweight._cv_selection import default_param_grid
    >>> grid = default_param_grid(1000)
    >>> grid[0]
    {'weighter__scheme': ['ins', 'uniform', 'isns']}
    >>> grid[1]["weighter__beta"]
    [0.99, 0.99667, 0.999, 0.99967]
    """
    betas = sorted(
        {round(float(max(0.0, 1.0 - 1.0 / (k * n_max))), 5) for k in DEFAULT_ENS_SCALES}
    )
    return [
        {"weighter__scheme": ["ins", "uniform", "isns"]},
        {"weighter__scheme": ["ens"], "weighter__beta": betas},
        {"weighter__scheme": ["power"], "weighter__power": list(DEFAULT_POWERS)},
    ]


def make_splits(cv, X, y, random_state):
    """Train/test index pairs for ``WeightedClassifierCV(cv=...)``.

    An int ``k`` gives ``min(k, smallest class size)`` stratified folds (at
    least 2), repeated ``SMALL_DATA_REPEATS`` times with shuffling below
    ``SMALL_DATA`` samples; a class with a single sample is kept in every
    training fold. Anything else goes through
    :func:`~sklearn.model_selection.check_cv`.

    Returns
    -------
    splits : list of (ndarray, ndarray)
        Train and test indices.
    n_unvalidated : int
        Number of classes that no validation fold contains (their samples
        are in every training fold), so that no split score says anything
        about them.
    """
    cv = 5 if cv is None else cv
    classes, codes, counts = count_classes(y)
    if not isinstance(cv, Integral):
        splits = list(check_cv(cv, y, classifier=True).split(X, y))
        validated = np.unique(codes[np.concatenate([test for _, test in splits])])
        return splits, len(classes) - len(validated)
    # A class with one sample cannot be both trained on and validated:
    # keep it in every training fold so that no fold loses a class.
    singleton = counts[codes] < 2
    splittable = np.flatnonzero(~singleton)
    always_train = np.flatnonzero(singleton)
    if splittable.shape[0] == 0:
        raise ValueError(
            "Every class of y has a single sample, so cross-validation "
            "cannot validate any of them; WeightedClassifierCV needs at "
            "least one class with 2 or more samples."
        )
    n_splits = int(min(cv, max(2, counts[counts >= 2].min())))
    if y.shape[0] < SMALL_DATA:
        splitter = RepeatedStratifiedKFold(
            n_splits=n_splits, n_repeats=SMALL_DATA_REPEATS, random_state=random_state
        )
    else:
        splitter = StratifiedKFold(n_splits)
    y_splittable = y[splittable]
    splits = [
        (np.sort(np.concatenate([splittable[train], always_train])), splittable[test])
        for train, test in splitter.split(np.zeros(len(y_splittable)), y_splittable)
    ]
    return splits, int(np.sum(counts < 2))


def corrected_standard_error(differences, test_train_ratio):
    """Standard error of a mean over cross-validation splits, corrected for overlap.

    Split scores are not independent (training sets overlap), so the naive
    ``std / sqrt(J)`` is too small. Nadeau and Bengio (2003) correct the
    variance to ``(1 / J + n_test / n_train) * var`` for ``J`` (repeated)
    splits.

    Parameters
    ----------
    differences : ndarray of shape (n_splits,)
        Per-split values, e.g. score differences between two candidates.
    test_train_ratio : float
        Mean validation size over mean training size.

    Returns
    -------
    standard_error : float

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_classweight._cv_selection import corrected_standard_error
    >>> round(corrected_standard_error(np.array([0.0, 0.02, 0.04, 0.02, 0.02]), 0.25), 4)
    0.0095
    """
    n_splits = differences.shape[0]
    if n_splits < 2:
        return np.inf
    variance = differences.var(ddof=1)
    return float(np.sqrt((1.0 / n_splits + test_train_ratio) * variance))


def select_candidate(split_scores, selection, *, test_train_ratio, n_unvalidated=0):
    """Index of the selected candidate; candidate 0 is the reference.

    Parameters
    ----------
    split_scores : ndarray of shape (n_candidates, n_splits)
        Validation score of every candidate on every split (higher is better).
    selection : {"one_se", "best"}
        ``"best"``: the highest mean score. ``"one_se"``: the candidate with
        the highest mean score if its mean paired improvement over the
        reference, split by split, exceeds one corrected standard error of
        those improvements (:func:`corrected_standard_error`); otherwise the
        reference. The reference is also kept when ``n_unvalidated > 0``:
        the scores are blind to some class, so they cannot show that a
        candidate does not hurt it.
    test_train_ratio : float
        Mean validation size over mean training size.
    n_unvalidated : int, default=0
        Number of classes absent from every validation fold.

    Returns
    -------
    index : int

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_classweight._cv_selection import select_candidate
    >>> scores = np.array([[0.80, 0.70, 0.90, 0.75],   # reference
    ...                    [0.81, 0.72, 0.89, 0.77],   # better by noise
    ...                    [0.85, 0.76, 0.94, 0.80]])  # better on every split
    >>> select_candidate(scores[:2], "one_se", test_train_ratio=1 / 3)
    0
    >>> select_candidate(scores, "one_se", test_train_ratio=1 / 3)
    2
    >>> select_candidate(scores[:2], "best", test_train_ratio=1 / 3)
    1
    """
    mean = split_scores.mean(axis=1)
    best = int(np.argmax(mean))
    if selection == "best" or best == 0:
        return best
    if n_unvalidated > 0:
        return 0
    improvement = split_scores[best] - split_scores[0]
    standard_error = corrected_standard_error(improvement, test_train_ratio)
    return best if improvement.mean() > standard_error else 0
