"""How WeightedClassifierCV splits the data, what it searches and how it selects.

Kept apart from the estimator so that the rule can be read (and tested) as
plain functions of the labels and of the split scores. ``SelectionRule`` is
the ``refit`` callable the tuner hands to ``GridSearchCV``.
"""

from numbers import Integral

import numpy as np
from scipy import stats
from sklearn.model_selection import check_cv

from ._counting import count_classes
from ._folds import stratified_folds

#: Default search space: INS (the reference of ``selection="one_se"``), then
#: no weighting. The shift stage covers what the weaker schemes (ISNS, ENS,
#: powers below 1) sit between: a model trained without weights, pushed
#: towards rare classes by ``tau``.
DEFAULT_PARAM_GRID = {"weighter__scheme": ["ins", "uniform"]}

#: Default shifts: ``0`` (the model as trained) first, ``1`` (the Bayes rule
#: for the balanced error with calibrated probabilities) and beyond it, for
#: models whose probabilities are over-confident on the training prior.
DEFAULT_TAUS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5)


def shift_metric_name(tau):
    """Name of the validation score with shift ``tau`` in ``cv_results_``.

    ``"score"`` for ``tau=0`` (so that ``mean_test_score`` and
    ``rank_test_score`` are those of the unshifted models, as
    ``GridSearchCV`` reports them), ``"score_tau_<tau>"`` otherwise.

    Examples
    --------
    >>> from sklearn_classweight._cv_selection import shift_metric_name
    >>> shift_metric_name(0.0), shift_metric_name(0.5)
    ('score', 'score_tau_0.5')
    """
    return "score" if tau == 0 else f"score_tau_{tau:g}"


def make_splits(cv, X, y, *, random_state=None, split_params=None):
    """Train/test index pairs for ``WeightedClassifierCV(cv=...)``.

    An int ``k`` gives ``min(k, smallest class size)`` stratified folds (at
    least 2), unshuffled unless ``random_state`` is given; a class with a
    single sample is kept in every training fold. Anything else goes through
    :func:`~sklearn.model_selection.check_cv` and its ``split``, with
    ``split_params`` (e.g. ``groups``).

    Returns
    -------
    splits : list of (ndarray, ndarray)
        Train and test indices.
    n_unvalidated : int
        Number of classes that no validation fold contains (their samples
        are in every training fold, or nowhere), so that no split score says
        anything about them.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_classweight._cv_selection import make_splits
    >>> y = np.array([0, 0, 0, 0, 1, 1, 1, 2])
    >>> splits, n_unvalidated = make_splits(5, np.zeros((8, 1)), y)
    >>> len(splits), n_unvalidated  # 3 folds: class 1 has 3 samples
    (3, 1)
    >>> all(7 in train for train, _ in splits)  # the single sample of class 2
    True
    """
    cv = 5 if cv is None else cv
    classes, codes, counts = count_classes(y)
    if not isinstance(cv, Integral):
        splitter = check_cv(cv, y, classifier=True)
        splits = list(splitter.split(X, y, **(split_params or {})))
        validated = np.unique(codes[np.concatenate([test for _, test in splits])])
        return splits, len(classes) - len(validated)
    # A class with one sample cannot be both trained on and validated:
    # keep it in every training fold so that no fold loses a class.
    if not np.any(counts >= 2):
        raise ValueError(
            "Every class of y has a single sample, so cross-validation "
            "cannot validate any of them; WeightedClassifierCV needs at "
            "least one class with 2 or more samples."
        )
    n_splits = int(min(cv, max(2, counts[counts >= 2].min())))
    splittable, singletons, folds = stratified_folds(
        codes, n_splits, random_state=random_state
    )
    splits = [
        (np.sort(np.concatenate([splittable[train], singletons])), splittable[test])
        for train, test in folds
    ]
    return splits, int(np.sum(counts < 2))


#: ``selection="one_se"`` never leaves the reference with fewer splits: the
#: standard error of 2 paired differences has a single degree of freedom.
MIN_SPLITS_TO_SWITCH = 3


def one_se_factor(n_splits):
    """How many standard errors "one standard error" is with ``n_splits`` splits.

    The Student t quantile, with ``n_splits - 1`` degrees of freedom, at the
    confidence one standard error gives a normal mean (84.1 %): the standard
    error is itself estimated from few splits, so a rule meant to act at one
    normal standard error needs more of it when the splits are few.

    Examples
    --------
    >>> from sklearn_classweight._cv_selection import one_se_factor
    >>> [round(one_se_factor(n), 2) for n in (3, 5, 10, 1000)]
    [1.32, 1.14, 1.06, 1.0]
    """
    return float(stats.t.ppf(stats.norm.cdf(1.0), n_splits - 1))


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
        those improvements (:func:`corrected_standard_error`, times
        :func:`one_se_factor`); otherwise the reference. The reference is
        also kept when ``n_unvalidated > 0`` (the scores are blind to some
        class, so they cannot show that a candidate does not hurt it) and
        with fewer than ``MIN_SPLITS_TO_SWITCH`` splits.
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
    n_splits = split_scores.shape[1]
    if n_unvalidated > 0 or n_splits < MIN_SPLITS_TO_SWITCH:
        return 0
    improvement = split_scores[best] - split_scores[0]
    standard_error = corrected_standard_error(improvement, test_train_ratio)
    threshold = one_se_factor(n_splits) * standard_error
    return best if improvement.mean() > threshold else 0


def pair_split_scores(cv_results, taus):
    """Split scores of every (candidate, ``tau``) pair, one row per pair.

    Rows are candidates in the order of ``cv_results["params"]`` and, within
    each, shifts in the order of ``taus``; row ``i`` is the pair
    ``divmod(i, len(taus))``.

    Parameters
    ----------
    cv_results : dict
        ``GridSearchCV.cv_results_`` with the split scores
        ``split<j>_test_<shift_metric_name(tau)>`` of every ``tau``.
    taus : sequence of float
        The shifts scored.

    Returns
    -------
    split_scores : ndarray of shape (n_candidates * n_taus, n_splits)
    """
    names = [shift_metric_name(tau) for tau in taus]
    n_splits = 0
    while f"split{n_splits}_test_{names[0]}" in cv_results:
        n_splits += 1
    # (n_taus, n_splits, n_candidates) -> one row per (candidate, tau) pair
    scores = np.array(
        [
            [cv_results[f"split{j}_test_{name}"] for j in range(n_splits)]
            for name in names
        ],
        dtype=np.float64,
    )
    return scores.transpose(2, 0, 1).reshape(-1, n_splits)


def select_pair(cv_results, taus, selection, *, test_train_ratio, n_unvalidated=0):
    """The selected (candidate, shift) pair of a search scored at every shift.

    Every (candidate, ``tau``) pair is a row of :func:`select_candidate`
    (:func:`pair_split_scores`): the reference is the first candidate with
    the first shift, and ties go to the earlier pair.

    Parameters
    ----------
    cv_results : dict
        ``GridSearchCV.cv_results_`` with the split scores
        ``split<j>_test_<shift_metric_name(tau)>`` of every ``tau``.
    taus : sequence of float
        The shifts scored.
    selection : {"one_se", "best"}
        See :func:`select_candidate`.
    test_train_ratio : float
        Mean validation size over mean training size.
    n_unvalidated : int, default=0
        Number of classes absent from every validation fold.

    Returns
    -------
    candidate_index : int
        Index into ``cv_results["params"]``.
    tau_index : int
        Index into ``taus``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_classweight._cv_selection import select_pair
    >>> cv_results = {  # 2 candidates, 3 splits, shifts 0 and 1
    ...     "params": [{"weighter__scheme": "ins"}, {"weighter__scheme": "uniform"}],
    ...     "split0_test_score": np.array([0.80, 0.70]),
    ...     "split1_test_score": np.array([0.75, 0.68]),
    ...     "split2_test_score": np.array([0.78, 0.71]),
    ...     "split0_test_score_tau_1": np.array([0.80, 0.86]),
    ...     "split1_test_score_tau_1": np.array([0.75, 0.83]),
    ...     "split2_test_score_tau_1": np.array([0.78, 0.85]),
    ... }
    >>> select_pair(cv_results, [0.0, 1.0], "one_se", test_train_ratio=0.5)
    (1, 1)
    """
    pairs = pair_split_scores(cv_results, taus)
    index = select_candidate(
        pairs,
        selection,
        test_train_ratio=test_train_ratio,
        n_unvalidated=n_unvalidated,
    )
    return divmod(index, len(taus))


class SelectionRule:
    """The ``refit`` callable of the tuner's ``GridSearchCV``.

    Called with ``cv_results_``, returns the index of the selected candidate
    (:func:`select_pair`) and records its shift in ``tau_``.
    """

    def __init__(self, taus, selection, *, test_train_ratio, n_unvalidated):
        self.taus = taus
        self.selection = selection
        self.test_train_ratio = test_train_ratio
        self.n_unvalidated = n_unvalidated

    def __call__(self, cv_results):
        candidate, tau_index = select_pair(
            cv_results,
            self.taus,
            self.selection,
            test_train_ratio=self.test_train_ratio,
            n_unvalidated=self.n_unvalidated,
        )
        self.tau_ = self.taus[tau_index]
        return candidate
