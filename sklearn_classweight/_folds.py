"""Stratified folds: the one place where the package splits labels into folds.

The tuner (:func:`._cv_selection.make_splits`) and the out-of-fold weighters
(:mod:`._oof`) both cross-validate on class codes with scikit-learn's
:class:`~sklearn.model_selection.StratifiedKFold`, and both meet the same
obstacle: a class with a single sample cannot be trained on and validated at
once. The folds are built here; each caller says how many it wants and what
becomes of those single samples.
"""

import numpy as np
from sklearn.model_selection import StratifiedKFold


def stratified_folds(codes, n_splits, *, random_state=None):
    """Stratified folds over the samples of the classes that have two or more.

    Parameters
    ----------
    codes : ndarray of shape (n_samples,) of int
        Class index of each sample (e.g. from ``count_classes``).
    n_splits : int
        Number of folds, at least 2.
    random_state : int, RandomState instance or None, default=None
        ``None``: unshuffled folds, as scikit-learn's ``cv=int`` gives them;
        otherwise the seed of shuffled ones.

    Returns
    -------
    splittable : ndarray of int
        Indices of the samples whose class has two samples or more.
    singletons : ndarray of int
        Indices of the other samples, in no fold.
    folds : list of (ndarray, ndarray)
        Train and test positions *within* ``splittable``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_classweight._folds import stratified_folds
    >>> splittable, singletons, folds = stratified_folds(np.array([0, 0, 1, 1, 2]), 2)
    >>> splittable, singletons
    (array([0, 1, 2, 3]), array([4]))
    >>> [test.tolist() for _, test in folds]
    [[0, 2], [1, 3]]
    """
    single = np.bincount(codes)[codes] < 2
    splittable, singletons = np.flatnonzero(~single), np.flatnonzero(single)
    splitter = StratifiedKFold(
        n_splits, shuffle=random_state is not None, random_state=random_state
    )
    folds = list(splitter.split(np.zeros(splittable.shape[0]), codes[splittable]))
    return splittable, singletons, folds
