"""WeightedClassifierCV: class-balancing weights chosen by cross-validation."""

import time
from numbers import Integral

import numpy as np
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    MetaEstimatorMixin,
    clone,
)
from sklearn.metrics import check_scoring, get_scorer_names
from sklearn.model_selection import ParameterGrid
from sklearn.utils.metadata_routing import process_routing
from sklearn.utils.metaestimators import available_if
from sklearn.utils.parallel import Parallel, delayed
from sklearn.utils.validation import (
    check_consistent_length,
    check_is_fitted,
    indexable,
    validate_data,
)

from ._classifier import WeightedClassifier
from ._compat import (
    HasMethods,
    StrOptions,
    _check_method_params,
    _fit_context,
    _routing_enabled,
    _safe_split,
)
from ._counting import check_labels, check_sample_weight, count_classes
from ._cv_selection import default_param_grid, make_splits, select_candidate
from ._meta import (
    check_accepts_sample_weight,
    check_is_classifier,
    inherit_tags,
    pipeline_sample_weight_params,
    route_fit_to,
)
from ._protocol import fit_weighter
from ._weighter import ClassBalancedWeighter

#: ``scoring`` aliases: the name users say and the scikit-learn scorer name.
SCORING_ALIASES = {"macro_f1": "f1_macro", "weighted_f1": "f1_weighted"}


def _reuses_counts(weighter):
    """Whether ``weighter`` is fully determined by the class counts.

    True for :class:`ClassBalancedWeighter` and subclasses that keep its
    fitting; a subclass overriding ``fit_transform`` goes through the protocol.
    """
    cls = type(weighter)
    return (
        isinstance(weighter, ClassBalancedWeighter)
        and cls.fit_transform is ClassBalancedWeighter.fit_transform
        and cls._fit is ClassBalancedWeighter._fit
    )


def _fit_and_score(
    base,
    params,
    X,
    y,
    sample_weight,
    fit_params,
    train,
    test,
    fold_counts,
    scorer,
    verbose,
    progress,
):
    """Fit one candidate on one training fold; score it, unweighted, on the test fold."""
    candidate = clone(base).set_params(**clone(params, safe=False))
    estimator = clone(candidate._get_estimator())
    weighter = clone(candidate._get_weighter())
    X_train, y_train = _safe_split(estimator, X, y, train)
    X_test, y_test = _safe_split(estimator, X, y, test, train)
    train_weight = None if sample_weight is None else sample_weight[train]

    start = time.perf_counter()
    if _reuses_counts(weighter):
        classes, codes, counts = fold_counts
        weights = weighter.fit_counts(counts, classes=classes).class_weight_[codes]
    else:
        weights = fit_weighter(
            weighter,
            y_train,
            sample_weight=train_weight,
            X=X_train,
            estimator=clone(estimator),
        )
    if train_weight is not None:
        weights = weights * train_weight
    fold_params = _check_method_params(X, params=fit_params, indices=train)
    if not _routing_enabled():
        fold_params = {
            **fold_params,
            **pipeline_sample_weight_params(estimator, weights, train_weight),
        }
    else:
        fold_params = {**fold_params, "sample_weight": weights}
    estimator.fit(X_train, y_train, **fold_params)
    fit_time = time.perf_counter() - start

    start = time.perf_counter()
    # Honest scoring: the class-balancing weights are not used here; only
    # the user's own sample_weight is.
    if sample_weight is None:
        score = scorer(estimator, X_test, y_test)
    else:
        score = scorer(estimator, X_test, y_test, sample_weight=sample_weight[test])
    score_time = time.perf_counter() - start

    if verbose > 1:
        (split, n_splits), (index, n_candidates) = progress
        params_msg = ", ".join(f"{k}={params[k]}" for k in sorted(params))
        print(
            f"[CV {split + 1}/{n_splits}; {index + 1}/{n_candidates}] END "
            f"{params_msg};, score={score:.3f} total time={fit_time + score_time:.2f}s"
        )
    return float(score), fit_time, score_time


def _refitted_has(attr):
    """Whether the refitted (else the unfitted) estimator has ``attr``."""

    def check(self):
        if not self.refit:
            return False
        if hasattr(self, "best_estimator_"):
            return hasattr(self.best_estimator_, attr)
        return hasattr(self._base_candidate()._get_estimator(), attr)

    return check


class WeightedClassifierCV(ClassifierMixin, MetaEstimatorMixin, BaseEstimator):
    """Choose class-balancing weights by cross-validation, in one estimator.

    Cross-validates :class:`WeightedClassifier` over a grid of weighters (no
    weighting, INS, ISNS, ENS, power, or any weighter and its parameters),
    selects one with a rule that does not chase noise, and refits it on the
    whole training set. In the spirit of
    :class:`~sklearn.linear_model.LogisticRegressionCV`.

    Parameters
    ----------
    estimator : classifier, default=None
        The classifier to train; its ``fit`` must accept ``sample_weight``
        (see :class:`WeightedClassifier`). ``None`` means
        ``LogisticRegression()``.
    param_grid : dict or list of dicts, default=None
        Parameters of ``WeightedClassifier(estimator,
        weighter=ClassBalancedWeighter())`` to search, as in
        :class:`~sklearn.model_selection.GridSearchCV`: e.g.
        ``{"weighter__scheme": ["ins", "isns"]}``, or any weighter and its
        parameters, ``{"weighter": [MyWeighter()], "weighter__gamma": [1, 2]}``;
        ``estimator__C`` works too. The **first** candidate (first value of
        every parameter of the first dict) is the reference of
        ``selection="one_se"``. ``None`` searches INS (the reference), no
        weighting, ISNS, ENS with ``beta = 1 - 1 / (k * n_max)`` for
        ``k`` in 0.1, 0.3, 1, 3 (``n_max``: the largest class) and
        ``"power"`` with exponents 0.25, 0.75, 1.5: 10 candidates.
    scoring : str or callable, default="balanced_accuracy"
        Validation metric: a scikit-learn scorer name (``"macro_f1"`` is
        accepted for ``"f1_macro"``) or a callable ``scorer(estimator, X, y)``.
        Validation folds are scored **without** the class-balancing weights
        (with the user's ``sample_weight`` if given), so the search cannot
        reward the weighting itself.
    cv : int, cross-validation generator or iterable, default=5
        An int ``k`` gives stratified folds that keep every class in every
        validation fold where possible: ``min(k, smallest class size)`` splits
        (at least 2), repeated ``SMALL_DATA_REPEATS=3`` times with shuffling
        when there are fewer than ``SMALL_DATA=1000`` samples
        (:class:`~sklearn.model_selection.RepeatedStratifiedKFold`), otherwise
        one unshuffled :class:`~sklearn.model_selection.StratifiedKFold`.
        A class with a single sample is kept in every training fold (it
        cannot be validated without being lost to training).
        Anything else is used as in ``GridSearchCV``.
    selection : {"one_se", "best"}, default="one_se"
        How the scores pick a candidate. ``"best"``: the highest mean score
        (the ``GridSearchCV`` rule). ``"one_se"``: the reference (first)
        candidate, unless the best one beats it, split by split, by more than
        one standard error of those paired improvements, corrected for the
        overlap of the training folds (Nadeau and Bengio, 2003); and always
        the reference when some class has a single sample, since no
        validation fold can show what a candidate does to it. See Notes.
    n_jobs : int, default=None
        Number of (candidate, split) fits run in parallel through
        :mod:`sklearn.utils.parallel` (joblib). ``None`` means 1 unless in a
        :func:`joblib.parallel_config` context; ``-1`` uses all processors.
    refit : bool, default=True
        Refit the selected candidate on the whole training set; needed for
        ``predict`` and friends.
    verbose : int, default=0
        Like ``GridSearchCV``: ``>0`` prints the number of fits and the
        selected candidate, ``>1`` one line per fit with its score and time.
    random_state : int, RandomState instance or None, default=None
        Shuffling of the repeated folds built from an integer ``cv``.

    Attributes
    ----------
    cv_results_ : dict of ndarrays
        As ``GridSearchCV.cv_results_``: ``params``, ``param_<name>``,
        ``split<i>_test_score``, ``mean_test_score``, ``std_test_score``,
        ``rank_test_score``, ``mean_fit_time``, ``std_fit_time``,
        ``mean_score_time``, ``std_score_time``.
    best_index_ : int
        Index of the selected candidate in ``cv_results_`` (not necessarily
        of rank 1, see ``selection``).
    best_params_ : dict
        Parameters of the selected candidate.
    best_score_ : float
        Mean validation score of the selected candidate.
    best_estimator_ : WeightedClassifier
        The selected candidate refitted on all data (if ``refit``).
    estimator_ : classifier
        Its fitted inner estimator, ``best_estimator_.estimator_``.
    weighter_ : weighter
        Its fitted weighter, e.g. ``weighter_.class_weight_``.
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    scorer_ : callable
        The validation scorer.
    n_splits_ : int
        Number of cross-validation splits (repeats included).
    n_features_in_ : int
        Number of features seen during :meth:`fit`.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during :meth:`fit`, when ``X`` has string
        column names.

    See Also
    --------
    WeightedClassifier : Train with one given weighter.
    ClassBalancedWeighter : The schemes searched by default.
    sklearn.model_selection.GridSearchCV : The general search this specialises.

    Notes
    -----
    **Why not simply the best score?** On held-out imbalanced tasks, a plain
    grid search over INS / ISNS / ENS scored on balanced accuracy loses on
    average to INS (``class_weight="balanced"``): the rare classes that
    decide balanced accuracy have few validation samples, so the top mean
    score is mostly the luckiest of many candidates. ``selection="one_se"``
    keeps the reference (INS by default, the strong baseline) unless the
    evidence against it is clear:

    1. The best candidate is compared with the reference **on the same
       splits**: ``d_j = score_best_j - score_ref_j``. Pairing removes the
       split-to-split difficulty both candidates share.
    2. It is selected only if ``mean(d) > SE``, with the corrected standard
       error ``SE = sqrt((1 / J + n_test / n_train) * var(d))`` over the
       ``J`` (repeated) splits. The naive ``std / sqrt(J)`` treats
       overlapping training sets as independent and is several times too
       small with repeated folds; the correction of Nadeau and Bengio (2003)
       makes the rule stricter exactly when the splits are many.
    3. A class with a single sample sits in every training fold and in no
       validation fold: every split score is blind to it, and "no weighting"
       can look perfect while it drops that class. The reference is kept.

    It gives up some of the possible gain for not losing to the default
    (see the user guide for the benchmark); ``selection="best"`` is the
    plain ``GridSearchCV`` rule.

    **Prior shift.** Validation folds have the class proportions of the
    training data. Balanced accuracy does not depend on them, so it
    estimates the score on a balanced test set too; macro-F1 does (it
    contains precision), and scoring on it favours weaker weighting than a
    balanced test set rewards.

    **Speed.** Class counts of every training fold are computed once and
    shared by all candidates whose weighter is a
    :class:`ClassBalancedWeighter` (their weights are a function of the
    counts); other weighters are fitted through the weighter protocol.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn_classweight import WeightedClassifierCV
    >>> X, y = make_classification(
    ...     n_samples=300, n_classes=3, n_informative=4,
    ...     weights=[0.8, 0.15, 0.05], random_state=0,
    ... )
    >>> search = WeightedClassifierCV(
    ...     LogisticRegression(),
    ...     param_grid={"weighter__scheme": ["ins", "isns", "uniform"]},
    ...     cv=3, random_state=0,
    ... ).fit(X, y)
    >>> search.best_params_
    {'weighter__scheme': 'ins'}
    >>> search.weighter_.class_weight_.round(2)
    array([0.42, 2.22, 6.67])
    >>> search.n_splits_  # 3 folds repeated 3 times: fewer than 1000 samples
    9
    >>> search.cv_results_["mean_test_score"].round(3)
    array([0.591, 0.575, 0.524])
    """

    _parameter_constraints = {
        "estimator": [HasMethods(["fit"]), None],
        "param_grid": [dict, list, None],
        "scoring": [
            StrOptions(set(get_scorer_names()) | set(SCORING_ALIASES)),
            callable,
        ],
        "cv": ["cv_object"],
        "selection": [StrOptions({"one_se", "best"})],
        "n_jobs": [Integral, None],
        "refit": ["boolean"],
        "verbose": ["verbose"],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        estimator=None,
        *,
        param_grid=None,
        scoring="balanced_accuracy",
        cv=5,
        selection="one_se",
        n_jobs=None,
        refit=True,
        verbose=0,
        random_state=None,
    ):
        self.estimator = estimator
        self.param_grid = param_grid
        self.scoring = scoring
        self.cv = cv
        self.selection = selection
        self.n_jobs = n_jobs
        self.refit = refit
        self.verbose = verbose
        self.random_state = random_state

    def _base_candidate(self):
        return WeightedClassifier(self.estimator, weighter=ClassBalancedWeighter())

    def _candidates(self, counts):
        grid = self.param_grid
        if grid is None:
            grid = default_param_grid(counts.max())
        try:
            candidates = list(ParameterGrid(grid))
        except (TypeError, ValueError) as exc:
            raise ValueError(
                "param_grid must be a dict or a list of dicts mapping parameter "
                "names of WeightedClassifier (e.g. 'weighter__scheme') to "
                f"non-empty lists of values: {exc}"
            ) from exc
        if not candidates:
            raise ValueError("param_grid has no candidate; give at least one value.")
        base = self._base_candidate()
        valid = base.get_params(deep=True)
        for params in candidates:
            unknown = [
                key
                for key in params
                if key not in valid
                and not key.startswith(("weighter__", "estimator__"))
            ]
            if unknown:
                raise ValueError(
                    f"param_grid names {unknown}, which are not parameters of "
                    "WeightedClassifier; use 'weighter', 'weighter__<param>' or "
                    "'estimator__<param>'."
                )
        return candidates

    @_fit_context(
        # The inner estimator and weighters validate their own parameters.
        prefer_skip_nested_validation=False
    )
    def fit(self, X, y, sample_weight=None, **fit_params):
        """Cross-validate every candidate, select one and refit it.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Training data, passed to the estimator unconverted.
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative user weights: folded into the class counts, multiplied
            into the training weights, and used to weight the validation score.
        **fit_params : dict
            Other parameters for ``estimator.fit`` (routed by the requests set
            on the estimator when metadata routing is enabled).

        Returns
        -------
        self : WeightedClassifierCV
            The fitted search.
        """
        validate_data(self, X, y, skip_check_array=True)
        # As GridSearchCV: folds index X, so sparse input becomes CSR and a
        # non-indexable array-like becomes an ndarray; DataFrames are kept.
        X, y = indexable(X, y)
        y = check_labels(y)
        check_consistent_length(X, y)
        sample_weight = check_sample_weight(sample_weight, y)
        base = self._base_candidate()
        check_is_classifier(base._get_estimator(), type(self).__name__)
        check_accepts_sample_weight(base._get_estimator())
        if _routing_enabled():
            routed = process_routing(self, "fit", **fit_params)
            fit_params = routed.estimator.fit
        scoring = SCORING_ALIASES.get(self.scoring, self.scoring)
        self.scorer_ = check_scoring(base._get_estimator(), scoring=scoring)

        _, _, counts = count_classes(y, sample_weight)
        candidates = self._candidates(counts)
        splits, n_unvalidated = make_splits(self.cv, X, y, self.random_state)
        self.n_splits_ = len(splits)
        # Count once per fold; every count-based candidate reuses it.
        fold_counts = [
            count_classes(
                y[train], None if sample_weight is None else sample_weight[train]
            )
            for train, _ in splits
        ]
        n_candidates = len(candidates)
        if self.verbose > 0:
            print(
                f"Fitting {self.n_splits_} folds for each of {n_candidates} "
                f"candidates, totalling {self.n_splits_ * n_candidates} fits"
            )
        results = Parallel(n_jobs=self.n_jobs)(
            delayed(_fit_and_score)(
                base,
                params,
                X,
                y,
                sample_weight,
                fit_params,
                train,
                test,
                fold_counts[split],
                self.scorer_,
                self.verbose,
                ((split, self.n_splits_), (index, n_candidates)),
            )
            for index, params in enumerate(candidates)
            for split, (train, test) in enumerate(splits)
        )
        results = np.asarray(results, dtype=np.float64).reshape(
            n_candidates, self.n_splits_, 3
        )
        self.cv_results_ = self._format_results(candidates, results)
        n_test = np.mean([len(test) for _, test in splits])
        n_train = np.mean([len(train) for train, _ in splits])
        self.best_index_ = select_candidate(
            results[:, :, 0],
            self.selection,
            test_train_ratio=n_test / n_train,
            n_unvalidated=n_unvalidated,
        )
        self.best_params_ = candidates[self.best_index_]
        self.best_score_ = float(self.cv_results_["mean_test_score"][self.best_index_])
        if self.verbose > 0:
            print(
                f"Selected candidate {self.best_index_ + 1}/{n_candidates} "
                f"({self.selection}): {self.best_params_}, mean score "
                f"{self.best_score_:.4f}"
            )

        if self.refit:
            self.best_estimator_ = clone(base).set_params(
                **clone(self.best_params_, safe=False)
            )
            self.best_estimator_.fit(X, y, sample_weight=sample_weight, **fit_params)
            self.estimator_ = self.best_estimator_.estimator_
            self.weighter_ = self.best_estimator_.weighter_
            self.classes_ = self.best_estimator_.classes_
        else:
            self.classes_ = np.unique(y)
        return self

    def _format_results(self, candidates, results):
        scores, fit_times, score_times = (results[:, :, i] for i in range(3))
        cv_results = {
            "mean_fit_time": fit_times.mean(axis=1),
            "std_fit_time": fit_times.std(axis=1),
            "mean_score_time": score_times.mean(axis=1),
            "std_score_time": score_times.std(axis=1),
        }
        names = sorted({name for params in candidates for name in params})
        for name in names:
            column = np.ma.MaskedArray(
                np.empty(len(candidates), dtype=object), mask=True
            )
            for index, params in enumerate(candidates):
                if name in params:
                    column[index] = params[name]
            cv_results[f"param_{name}"] = column
        cv_results["params"] = candidates
        for split in range(scores.shape[1]):
            cv_results[f"split{split}_test_score"] = scores[:, split]
        mean = scores.mean(axis=1)
        cv_results["mean_test_score"] = mean
        cv_results["std_test_score"] = scores.std(axis=1)
        # Dense ranking as GridSearchCV: equal means share the best rank.
        order = np.unique(-mean, return_inverse=True)[1].reshape(-1)
        cv_results["rank_test_score"] = (order + 1).astype(np.int32)
        return cv_results

    def _check_refitted(self):
        check_is_fitted(self)
        if not hasattr(self, "best_estimator_"):
            raise AttributeError(
                "This WeightedClassifierCV was fitted with refit=False, so it has "
                "no model to predict with; fit it with refit=True or use "
                "best_params_ to build a WeightedClassifier."
            )
        return self.best_estimator_

    @available_if(_refitted_has("predict"))
    def predict(self, X):
        """Predict class labels with the refitted selected candidate.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predicted labels.
        """
        return self._check_refitted().predict(X)

    @available_if(_refitted_has("predict_proba"))
    def predict_proba(self, X):
        """Class probabilities of the refitted selected candidate.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Probabilities, columns in the order of ``classes_``.
        """
        return self._check_refitted().predict_proba(X)

    @available_if(_refitted_has("predict_log_proba"))
    def predict_log_proba(self, X):
        """Log class probabilities of the refitted selected candidate.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            Log-probabilities, columns in the order of ``classes_``.
        """
        return self._check_refitted().predict_log_proba(X)

    @available_if(_refitted_has("decision_function"))
    def decision_function(self, X):
        """Decision function of the refitted selected candidate.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
            Confidence scores, as returned by the estimator.
        """
        return self._check_refitted().decision_function(X)

    @available_if(_refitted_has("score"))
    def score(self, X, y, sample_weight=None):
        """Accuracy of the refitted selected candidate on ``(X, y)``.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Test samples.
        y : array-like of shape (n_samples,)
            True labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights of the score (the class weights are not applied).

        Returns
        -------
        score : float
            The estimator's score.
        """
        return self._check_refitted().score(X, y, sample_weight=sample_weight)

    def get_metadata_routing(self):
        """Metadata routing of this object.

        ``sample_weight`` is consumed by the search itself; other ``fit``
        parameters are routed to ``estimator.fit``.

        Returns
        -------
        routing : MetadataRouter
            The routing information.
        """
        return route_fit_to(self, self._base_candidate()._get_estimator())

    def __sklearn_tags__(self):
        return inherit_tags(
            super().__sklearn_tags__(), self._base_candidate()._get_estimator()
        )
