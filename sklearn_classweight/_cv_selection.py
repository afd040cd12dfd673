"""How WeightedClassifierCV splits the data, what it searches and how it selects.

Kept apart from the estimator so that the rule can be read (and tested) as
plain functions of the labels and of the split scores: the tuner runs
``GridSearchCV`` without refit, builds one row per (candidate, ``tau``) pair
from its ``cv_results_`` (:func:`pair_split_scores`), and selects one pair,
once, with :func:`select_pair`.
"""

from numbers import Integral

import numpy as np
from scipy import stats
from sklearn.model_selection import check_cv

from ._counting import count_classes
from ._folds import stratified_folds

#: Default search space: no weighting (the reference of ``selection="one_se"``,
#: at ``tau=1``: post-hoc logit adjustment, the best fixed rule of the quality
#: benchmark), searched over the whole shift grid. Every weighting of the
#: family INS ... no weighting trains under a prior between uniform and the
#: data's, which the shift moves along at no fit.
DEFAULT_PARAM_GRID = {"weighter__scheme": ["uniform"]}

#: Default shifts: from 0 (the model as trained) to 3 in steps of 0.25. Every
#: shift is scored on the same fold models, so a fine and wide grid costs
#: predictions, not fits; shifts above 1 serve models whose probabilities of
#: rare classes are too low (boosted trees on tiny classes).
DEFAULT_TAUS = tuple(0.25 * step for step in range(13))

#: The shift of the reference pair, by the metric it is scored on: the shift
#: that is right for that metric with calibrated probabilities. ``tau=1`` is
#: the Bayes rule for the balanced error (balanced accuracy = macro recall),
#: and the default for any other scorer; ``tau=0`` for metrics of the data's
#: own prior (accuracy, log-loss, Brier score); F-scores sit between them, as
#: their best threshold, half the best F-score (Lipton et al., 2014), lies
#: between the unshifted model's and the balanced one's.
REFERENCE_TAU = 1.0
REFERENCE_TAUS = {
    **{
        f"{metric}{average}": 0.5
        for metric in ("f1", "jaccard", "precision")
        for average in ("", "_macro", "_micro", "_weighted", "_samples")
    },
    "accuracy": 0.0,
    "neg_log_loss": 0.0,
    "neg_brier_score": 0.0,
}


def reference_tau(scoring):
    """The shift of the reference pair for ``scoring`` (a name or a callable).

    Examples
    --------
    >>> from sklearn_classweight._cv_selection import reference_tau
    >>> reference_tau("balanced_accuracy"), reference_tau("f1_macro"), reference_tau("accuracy")
    (1.0, 0.5, 0.0)
    """
    if not isinstance(scoring, str):
        return REFERENCE_TAU
    return REFERENCE_TAUS.get(scoring, REFERENCE_TAU)


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

#: Nor when some class has fewer validation samples than this, over all
#: splits: its per-split score moves in steps of a whole sample, and the
#: paired standard error cannot see what the few samples miss (on a task
#: with 5 samples of the rare class, 1 per fold, every fold "showed" tau=0
#: catching it; on the test set tau=0 lost 0.16 balanced accuracy). At 10,
#: the tuner still left the reference on 4 of 30 binary LR tasks and lost
#: 0.005 balanced accuracy to it there (3 seeds of benchmarks/quality.py); at
#: 20 it is within 0.002 of the best fixed rule on every table.
MIN_VALIDATED_PER_CLASS = 20


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


def reference_tau_index(taus, target=REFERENCE_TAU):
    """Index of the reference shift in ``taus``: the one closest to ``target``.

    Ties go to the smaller shift.

    Examples
    --------
    >>> from sklearn_classweight._cv_selection import reference_tau_index
    >>> reference_tau_index([0.0, 0.5, 1.0, 2.0]), reference_tau_index([0.0])
    (2, 0)
    >>> reference_tau_index([0.0, 0.5, 1.0], target=0.5)
    1
    """
    distance = np.abs(np.asarray(taus, dtype=np.float64) - target)
    return int(np.flatnonzero(distance == distance.min())[0])


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

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_classweight._cv_selection import pair_split_scores
    >>> cv_results = {  # 2 candidates, 2 splits, shifts 0 and 1
    ...     "split0_test_score": np.array([0.80, 0.70]),
    ...     "split1_test_score": np.array([0.75, 0.68]),
    ...     "split0_test_score_tau_1": np.array([0.80, 0.86]),
    ...     "split1_test_score_tau_1": np.array([0.75, 0.83]),
    ... }
    >>> pair_split_scores(cv_results, [0.0, 1.0])
    array([[0.8 , 0.75],
           [0.8 , 0.75],
           [0.7 , 0.68],
           [0.86, 0.83]])
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


def rank_scores(mean_scores):
    """Ranks of mean scores, as ``GridSearchCV`` ranks them: 1 is best.

    Equal means share the best of their ranks; NaN means rank last.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_classweight._cv_selection import rank_scores
    >>> rank_scores(np.array([0.7, np.nan, 0.9, 0.7]))
    array([2, 4, 1, 2], dtype=int32)
    """
    mean_scores = np.asarray(mean_scores, dtype=np.float64)
    finite = np.where(np.isnan(mean_scores), -np.inf, mean_scores)
    ranks = stats.rankdata(-finite, method="min").astype(np.int32)
    ranks[np.isnan(mean_scores)] = mean_scores.shape[0]
    return ranks


def select_pair(
    split_scores,
    selection,
    *,
    reference=0,
    test_train_ratio,
    n_unvalidated=0,
    fewest_validated=None,
):
    """The selected row of ``split_scores`` and the evidence for it.

    Parameters
    ----------
    split_scores : ndarray of shape (n_pairs, n_splits)
        Validation score of every (candidate, ``tau``) pair on every split
        (higher is better); a pair with a NaN split score is never selected.
    selection : {"one_se", "best"}
        ``"best"``: the highest mean score. ``"one_se"``: the pair with the
        highest mean score (the challenger) if its mean paired gain over the
        reference, split by split, exceeds one corrected standard error of
        those gains (:func:`corrected_standard_error`, times
        :func:`one_se_factor`); otherwise the reference. The reference is
        also kept when ``n_unvalidated > 0`` (the scores are blind to some
        class, so they cannot show that a pair does not hurt it), when
        ``fewest_validated < MIN_VALIDATED_PER_CLASS``, and with fewer than
        ``MIN_SPLITS_TO_SWITCH`` splits, unless its own score is NaN.
    reference : int, default=0
        Row of the reference pair.
    test_train_ratio : float
        Mean validation size over mean training size.
    n_unvalidated : int, default=0
        Number of classes absent from every validation fold.
    fewest_validated : int, default=None
        Validation samples, over all splits, of the validated class that
        has fewest; ``None`` skips that guard.

    Returns
    -------
    index : int
        The selected row. Ties between means go to the earlier row.
    evidence : dict
        ``reference_index``, ``reference_score``, ``challenger_index``,
        ``chosen_score``, ``mean_gain`` (challenger minus reference, mean
        over the splits), ``gain_standard_error``, ``threshold`` (the gain
        the challenger needed), ``n_splits`` and ``reason``: why this row.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_classweight._cv_selection import select_pair
    >>> scores = np.array([[0.80, 0.70, 0.90, 0.75],   # reference
    ...                    [0.81, 0.72, 0.89, 0.77],   # better by noise
    ...                    [0.85, 0.76, 0.94, 0.80]])  # better on every split
    >>> select_pair(scores[:2], "one_se", test_train_ratio=1 / 3)[0]
    0
    >>> index, evidence = select_pair(scores, "one_se", test_train_ratio=1 / 3)
    >>> index, round(evidence["mean_gain"], 4), evidence["reason"]
    (2, 0.05, 'the challenger beats the reference by more than the threshold')
    >>> select_pair(scores[:2], "best", test_train_ratio=1 / 3)[0]
    1
    """
    split_scores = np.asarray(split_scores, dtype=np.float64)
    n_splits = split_scores.shape[1]
    mean = split_scores.mean(axis=1)
    valid = ~np.isnan(mean)
    if not valid.any():
        raise ValueError(
            "Every (candidate, tau) pair has a NaN validation score, so none "
            "can be selected. Check that `scoring` gives a number on every "
            "validation fold (e.g. a metric defined when a class is missing "
            "from a fold), or use fewer folds."
        )
    challenger = int(np.argmax(np.where(valid, mean, -np.inf)))
    evidence = {
        "reference_index": int(reference),
        "reference_score": float(mean[reference]),
        "challenger_index": challenger,
        "mean_gain": float(mean[challenger] - mean[reference]),
        "gain_standard_error": np.nan,
        "threshold": np.nan,
        "n_splits": int(n_splits),
    }

    def chosen(index, reason):
        evidence["chosen_score"] = float(mean[index])
        evidence["reason"] = reason
        return int(index), evidence

    if selection == "best":
        return chosen(challenger, 'selection="best": the highest mean score')
    if not valid[reference]:
        return chosen(challenger, "the reference's score is NaN")
    if challenger == reference or mean[challenger] <= mean[reference]:
        return chosen(reference, "no pair scores higher than the reference")
    gain = split_scores[challenger] - split_scores[reference]
    if n_splits >= 2:
        standard_error = corrected_standard_error(gain, test_train_ratio)
        evidence["gain_standard_error"] = standard_error
        evidence["threshold"] = one_se_factor(n_splits) * standard_error
    if n_unvalidated > 0:
        return chosen(
            reference,
            f"{n_unvalidated} class(es) in no validation fold: the scores "
            "cannot show what another pair does to them",
        )
    if fewest_validated is not None and fewest_validated < MIN_VALIDATED_PER_CLASS:
        return chosen(
            reference,
            f"a class has only {fewest_validated} validation samples (fewer "
            f"than {MIN_VALIDATED_PER_CLASS}): too few to show a pair is better",
        )
    if n_splits < MIN_SPLITS_TO_SWITCH:
        return chosen(
            reference,
            f"fewer than {MIN_SPLITS_TO_SWITCH} splits: too few to estimate "
            "the standard error of the gain",
        )
    if gain.mean() > evidence["threshold"]:
        return chosen(
            challenger,
            "the challenger beats the reference by more than the threshold",
        )
    return chosen(reference, "the challenger's gain is within the threshold (noise)")
