"""The ``fallback="resample"`` path: a seeded weighted bootstrap.

For estimators whose ``fit`` has no ``sample_weight`` (k-nearest neighbours,
discriminant analysis, Gaussian processes, ...), :class:`WeightedClassifier`
can instead fit them on rows drawn with probability proportional to the
weights, so that the estimator sees the class balance the weights describe.
This is an approximation of weighting, not an equivalent (see
:func:`weighted_bootstrap_indices`).
"""

import numpy as np
from scipy import sparse
from sklearn.utils import check_random_state

from ._compat import _safe_indexing
from ._counting import count_classes


def _draws_per_class(class_totals, n_draws):
    """Split ``n_draws`` over the classes in proportion to their total weight.

    Largest-remainder rounding, and at least one draw for every class, so no
    class can vanish from the resample by bad luck.
    """
    share = n_draws * class_totals / class_totals.sum()
    draws = np.floor(share).astype(np.int64)
    remainder = n_draws - draws.sum()
    draws[np.argsort(draws - share)[:remainder]] += 1
    return np.maximum(draws, 1)


def _draw(weights, n_draws, rng):
    """``n_draws`` indices of ``weights``, with replacement, probability ∝ weight."""
    cdf = np.cumsum(weights)
    positions = np.searchsorted(cdf, rng.random_sample(n_draws) * cdf[-1], side="right")
    # Rounding can put a position one past the end; the last row with weight
    # is then the right answer.
    return np.minimum(positions, np.flatnonzero(weights)[-1])


def weighted_bootstrap_indices(weights, codes=None, *, random_state=None):
    """Row indices of a weighted bootstrap: draws with probability ∝ ``weights``.

    As many rows are drawn as ``weights`` has non-zero entries. With ``codes``
    (the class index of every row), the draws are stratified: each class gets
    a number of draws proportional to its total weight (rounded, at least
    one), and rows are drawn within their class with probability ∝ weight.
    The class proportions of the resample then equal those the weights
    describe, up to rounding, instead of varying by sampling error.

    Parameters
    ----------
    weights : ndarray of shape (n_samples,)
        Finite, non-negative weights, not all zero.
    codes : ndarray of shape (n_samples,) of int, default=None
        Class index of each row; ``None`` draws without stratification.
    random_state : int, RandomState instance or None, default=None
        Seed of the draws.

    Returns
    -------
    indices : ndarray of int
        Sorted row indices, with repetitions.

    Notes
    -----
    A bootstrap is not the same as weighting: a row of weight 2 is drawn
    twice only on average, about a third of the rows of a majority class are
    left out, and a minority row is repeated many times (which a k-NN model
    sees as several neighbours at distance zero). Results vary with
    ``random_state``; the cost is one extra copy of the resampled ``X``.
    """
    weights = np.asarray(weights, dtype=np.float64)
    rng = check_random_state(random_state)
    n_draws = np.count_nonzero(weights)
    if codes is None:
        return np.sort(_draw(weights, n_draws, rng))
    class_totals = np.bincount(codes, weights=weights)
    present = np.flatnonzero(class_totals > 0)
    draws = _draws_per_class(class_totals[present], n_draws)
    indices = []
    for code, n_class_draws in zip(present, draws):
        rows = np.flatnonzero(codes == code)
        indices.append(rows[_draw(weights[rows], n_class_draws, rng)])
    return np.sort(np.concatenate(indices))


def fit_resampled(estimator, X, y, weights, *, random_state, fit_params):
    """Fit ``estimator`` on a weighted bootstrap of ``(X, y)``.

    1-D ``y`` is stratified by class (see :func:`weighted_bootstrap_indices`);
    a 2-D ``y`` is resampled by row. ``X`` keeps its container (DataFrames
    stay DataFrames). ``fit_params`` are passed unchanged, so they must not be
    per-sample arrays.
    """
    # y was validated by the weighter (a column vector with a warning); only
    # its class codes are needed here. A sparse 2-D y stays sparse.
    if not sparse.issparse(y):
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] == 1:
            y = y.ravel()
    codes = count_classes(y)[1] if y.ndim == 1 else None
    indices = weighted_bootstrap_indices(weights, codes, random_state=random_state)
    return estimator.fit(_take_rows(X, indices), _take_rows(y, indices), **fit_params)


def _take_rows(X, indices):
    """Rows ``indices`` of ``X``, in ``X``'s own container where it has one.

    Sparse formats without row indexing (COO, DIA, BSR) become CSR, and
    array-likes that are neither arrays, lists nor DataFrames (objects that
    only define ``__array__``) become ndarrays: they cannot be indexed.
    """
    if sparse.issparse(X):
        if X.format not in ("csr", "csc"):
            X = X.tocsr()
    elif not (hasattr(X, "shape") or isinstance(X, list)):
        X = np.asarray(X)
    return _safe_indexing(X, indices)
