"""WeightedClassifierCV: class weights and a post-hoc shift chosen by cross-validation.

Built on :class:`~sklearn.model_selection.GridSearchCV`, run without refit:
the tuner prepares the folds, the candidates and a scorer, and hands the
search to it, so that parameter validation, fit routing, ``n_jobs``,
``verbose`` and ``cv_results_`` are scikit-learn's. It then selects one
(candidate, ``tau``) pair, once, with the rule of ``_cv_selection``, and
refits that model itself, as ``TunedThresholdClassifierCV`` does. The
scorer (``ShiftScorer``) scores every fold model at every shift through the
model's public ``tau`` parameter: no shift costs a fit.
"""

import time
from numbers import Integral

import numpy as np
from sklearn import config_context
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    MetaEstimatorMixin,
    clone,
)
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import check_scoring, get_scorer_names
from sklearn.model_selection import GridSearchCV, ParameterGrid, check_cv
from sklearn.utils.metadata_routing import (
    MetadataRequest,
    MethodMapping,
    process_routing,
)
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted, indexable, validate_data

from ._classifier import WeightedClassifier
from ._compat import (
    HasMethods,
    StrOptions,
    _fit_context,
    _routing_enabled,
    _VisualBlock,
)
from ._counting import check_labels, check_sample_weight, count_classes
from ._cv_selection import (
    DEFAULT_PARAM_GRID,
    DEFAULT_TAUS,
    make_splits,
    pair_split_scores,
    rank_scores,
    reference_tau,
    reference_tau_index,
    select_pair,
    shift_metric_name,
)
from ._dask import is_dask_collection
from ._logit_adjust import LogitAdjustedClassifier
from ._meta import (
    check_is_classifier,
    check_one_label_per_row,
    inherit_tags,
    keeps_features_on_failure,
    route_fit_to,
)
from ._weighter import ClassBalancedWeighter

#: ``scoring`` aliases: the name users say and the scikit-learn scorer name.
SCORING_ALIASES = {"macro_f1": "f1_macro", "weighted_f1": "f1_weighted"}

#: The search runs over ``LogitAdjustedClassifier(WeightedClassifier(...))``:
#: a parameter ``p`` of the user's grid is ``estimator__p`` there.
_PREFIX = "estimator__"

#: How the candidate that weights nothing is called in tables and plots.
NO_WEIGHTING = "no weighting"


class ShiftScorer:
    """Scores a fitted ``LogitAdjustedClassifier`` at every shift in ``taus``.

    The multi-metric scorer of the tuner's ``GridSearchCV``. For each
    ``tau`` it sets the fold model's public ``tau`` (which changes its
    outputs without a refit) and calls ``scorer(model, X, y)``, so any
    scorer works that calls ``predict``, ``predict_proba`` or
    ``decision_function``, on any rows. Returns
    ``{shift_metric_name(tau): score}`` and leaves the model's ``tau`` as it
    found it. A model trained under a uniform prior (INS) is scored once, at
    ``tau=0``: shifting every class alike changes nothing.

    The scorer runs with scikit-learn's parameter validation skipped
    (``skip_parameter_validation``): it is called once per shift on the same
    fold, whose inputs the first call has seen, and on fast models that
    validation is a large part of the search's time.
    """

    def __init__(self, scorer, taus):
        self.scorer = scorer
        self.taus = taus

    def __call__(self, estimator, X, y, sample_weight=None):
        score_params = {} if sample_weight is None else {"sample_weight": sample_weight}
        prior = np.asarray(estimator.class_prior_, dtype=np.float64)
        trained_tau = estimator.tau
        uniform = np.allclose(prior, prior[0], rtol=0.0, atol=1e-12)
        try:
            if uniform:
                estimator.set_params(tau=0.0)
                score = self.scorer(estimator, X, y, **score_params)
                return {shift_metric_name(tau): score for tau in self.taus}
            # The first shift is scored with validation, the others without.
            estimator.set_params(tau=self.taus[0])
            scores = {
                shift_metric_name(self.taus[0]): self.scorer(
                    estimator, X, y, **score_params
                )
            }
            with config_context(skip_parameter_validation=True):
                for tau in self.taus[1:]:
                    estimator.set_params(tau=tau)
                    scores[shift_metric_name(tau)] = self.scorer(
                        estimator, X, y, **score_params
                    )
            return scores
        finally:
            estimator.set_params(tau=trained_tau)

    def get_metadata_routing(self):
        """With metadata routing on, the validation score takes ``sample_weight``."""
        request = MetadataRequest(owner=self)
        request.score.add_request(param="sample_weight", alias=True)
        return request


def _refitted_has(attr):
    """Whether the refitted (else the unfitted) model has ``attr``."""

    def check(self):
        if not self.refit:
            return False
        if hasattr(self, "best_estimator_"):
            return hasattr(self.best_estimator_, attr)
        return hasattr(self._search_estimator(), attr)

    return check


def _is_unweighted(params):
    """Whether a candidate of the user's grid gives every class the same weight."""
    weighter = params.get("weighter", ClassBalancedWeighter())
    if not isinstance(weighter, ClassBalancedWeighter):
        return False
    return params.get("weighter__scheme", weighter.scheme) == "uniform"


def _describe(params):
    """A short name for a candidate of the user's grid, for tables and plots."""
    if _is_unweighted(params):
        extra = {k: v for k, v in params.items() if not k.startswith("weighter")}
        return NO_WEIGHTING + "".join(f", {k}={v!r}" for k, v in extra.items())
    return ", ".join(
        f"{key}={type(value).__name__ if hasattr(value, 'get_params') else value!r}"
        for key, value in params.items()
    )


def _check_not_dask(X, y):
    for name, value in (("X", X), ("y", y)):
        if is_dask_collection(value):
            raise TypeError(
                f"WeightedClassifierCV does not take Dask collections ({name} is "
                f"a {type(value).__module__}.{type(value).__name__}): its folds "
                "and its refit index the data in memory. For a Dask model, "
                "use LogitAdjustedClassifier(DaskXGBClassifier()) (the shift "
                "that is the tuner's default reference, tau=1) or "
                "WeightedClassifier(DaskXGBClassifier()) (class weights, "
                "computed with one distributed count); or call .compute() on "
                "the data if it fits in memory."
            )


def _pair_table(cv_results, split_scores, taus, names):
    """``pair_results_``: one row per (candidate, tau) pair."""
    n_taus = len(taus)
    n_candidates = split_scores.shape[0] // n_taus
    candidate = np.repeat(np.arange(n_candidates), n_taus)
    tau = np.tile(np.asarray(taus, dtype=np.float64), n_candidates)
    table = {
        "candidate": candidate,
        "candidate_name": [names[c] for c in candidate],
        "tau": tau,
        "params": [
            {**cv_results["params"][c], "tau": float(t)} for c, t in zip(candidate, tau)
        ],
    }
    for j in range(split_scores.shape[1]):
        table[f"split{j}_test_score"] = split_scores[:, j]
    table["mean_test_score"] = split_scores.mean(axis=1)
    table["std_test_score"] = split_scores.std(axis=1)
    table["rank_test_score"] = rank_scores(table["mean_test_score"])
    return table


#: Attributes of the refitted model: a fit with ``refit=False`` removes them.
_REFITTED = (
    "best_estimator_",
    "refit_time_",
    "estimator_",
    "weighter_",
    "class_prior_",
)


class WeightedClassifierCV(ClassifierMixin, MetaEstimatorMixin, BaseEstimator):
    """Choose class weights and a post-hoc shift by cross-validation.

    Cross-validates ``LogitAdjustedClassifier(WeightedClassifier(estimator,
    weighter), tau=0)`` over a grid of weighters with
    :class:`~sklearn.model_selection.GridSearchCV` (run without refit), and
    scores every fold model also at each shift ``tau`` in ``taus``, through
    its public ``tau`` parameter, at no extra fit (the shift of
    :class:`LogitAdjustedClassifier`, from the prior each candidate was
    trained under). A rule that does not chase noise then selects one
    (candidate, ``tau``) pair, once, and the tuner refits it on the whole
    training set as ``best_estimator_``.

    By default the only candidate is no weighting, so the tuner chooses the
    shift, and its reference (for the default balanced accuracy) is ``tau=1``:
    it gives ``LogitAdjustedClassifier(estimator, tau=1)`` unless the validation scores
    show clearly that another shift is better.

    Parameters
    ----------
    estimator : classifier, default=None
        The classifier to train; it needs ``predict_proba`` or
        ``decision_function``, and its ``fit`` must accept ``sample_weight``
        (or the grid must set ``fallback="resample"``, see
        :class:`WeightedClassifier`), which each fold's fit checks.
        ``None`` means ``LogisticRegression()``.
    param_grid : dict or list of dicts, default=None
        Parameters of ``WeightedClassifier(estimator,
        weighter=ClassBalancedWeighter())`` to search, as in
        :class:`~sklearn.model_selection.GridSearchCV`: e.g.
        ``{"weighter__scheme": ["uniform", "ins", "isns"]}``, or any weighter
        and its parameters, ``{"weighter": [MyWeighter()],
        "weighter__gamma": [1, 2]}``; ``estimator__C`` works too. Every
        candidate's parameters are validated when it is fitted. The **first**
        candidate (first value of every parameter of the first dict) is the
        reference of ``selection="one_se"``. ``None`` means
        ``{"weighter__scheme": ["uniform"]}``: no weighting, the shift does
        the balancing. A candidate with ``scheme="uniform"`` passes no
        ``sample_weight`` to the estimator (unless you pass ``sample_weight``
        to :meth:`fit`), since all-equal weights would only make some models
        slower.
    taus : array-like of float >= 0, default=(0.0, 0.25, ..., 3.0)
        Strengths of the post-hoc shift scored on every fold model (13
        values from 0 to 3 by default: scores, not fits, so a fine and wide
        grid is cheap). The one closest to the reference shift of ``scoring``
        (see Notes) goes with the reference. ``(0.0,)``
        turns the shift stage off. The shift moves nothing for a model
        trained under balanced classes (INS).
    scoring : str or callable, default="balanced_accuracy"
        Validation metric: a scikit-learn scorer name (``"macro_f1"`` is
        accepted for ``"f1_macro"``) or a callable ``scorer(estimator, X, y)``,
        which receives the fitted fold model with its shift set.
        Validation folds are scored **without** the class-balancing weights
        (with the user's ``sample_weight`` if given), so the search cannot
        reward the weighting itself.
    cv : int, cross-validation generator or iterable, default=5
        An int ``k`` gives ``min(k, smallest class size)`` stratified folds
        (at least 2), unshuffled unless ``random_state`` is set; a class with
        a single sample is kept in every training fold (it cannot be
        validated without being lost to training). Anything else is used as
        in ``GridSearchCV``; ``groups`` passed to :meth:`fit` reach its
        ``split`` (e.g. :class:`~sklearn.model_selection.GroupKFold`).
    selection : {"one_se", "best"}, default="one_se"
        How the scores pick a (candidate, ``tau``) pair. ``"best"``: the
        highest mean score. ``"one_se"``: the reference pair (first
        candidate, the reference ``tau``), unless the best pair beats it,
        split by split, by more than one standard error of those paired
        gains, corrected for the overlap of the training folds (Nadeau and
        Bengio, 2003); and always the reference with fewer than 3 splits,
        when some class is in no validation fold, or when some class has
        fewer than 20 validation samples over all splits, since no score can
        show what a pair does to it. See Notes. A pair with a NaN score is never
        selected.
    n_jobs : int, default=None
        Number of (candidate, split) fits run in parallel by
        ``GridSearchCV``. ``None`` means 1 unless in a
        :func:`joblib.parallel_config` context; ``-1`` uses all processors.
    refit : bool, default=True
        Refit the selected pair on the whole training set; needed for
        ``predict`` and friends.
    verbose : int, default=0
        ``GridSearchCV``'s progress messages: ``>0`` prints the number of
        fits (and, here, the selected pair), ``>1`` one line per fit with its
        time, ``>2`` also its scores at every ``tau``.
    random_state : int, RandomState instance or None, default=None
        With an integer ``cv``: ``None`` gives unshuffled folds; otherwise
        the folds are shuffled with this seed.

    Attributes
    ----------
    cv_results_ : dict of ndarrays
        ``GridSearchCV.cv_results_`` of the search, one row per candidate,
        with parameter names of ``best_estimator_`` (``estimator__...``, e.g.
        ``{"estimator__weighter__scheme": "uniform"}``).
        ``mean_test_score``, ``rank_test_score`` and ``split<i>_test_score``
        are the scores of the unshifted models (``tau=0``);
        ``mean_test_score_tau_<tau>`` and its siblings those of the same
        models shifted by ``tau``.
    pair_results_ : dict
        One row per (candidate, ``tau``) pair, candidates in the order of
        ``cv_results_`` and shifts in the order of ``taus``: ``candidate``
        (row of ``cv_results_``), ``candidate_name``, ``tau``, ``params``
        (as ``best_params_``), ``split<i>_test_score``, ``mean_test_score``,
        ``std_test_score`` and ``rank_test_score``, the rank over pairs
        (1 is the highest mean; NaN ranks last).
    best_index_ : int
        Row of the selected candidate in ``cv_results_``.
    best_pair_index_ : int
        Row of the selected pair in ``pair_results_`` (not necessarily of
        rank 1, see ``selection``).
    best_params_ : dict
        Parameters of ``best_estimator_`` that make the selected pair,
        including ``tau``: ``clone(best_estimator_).set_params(**best_params_)``
        is the selected model, unfitted.
    best_tau_ : float
        The selected shift (``best_params_["tau"]``).
    best_score_ : float
        Mean validation score of the selected pair.
    selection_evidence_ : dict
        What the rule weighed: ``reference_pair_index``, ``reference_params``
        and ``reference_score`` (the reference pair; indices are rows of
        ``pair_results_``), ``challenger_pair_index`` and
        ``challenger_params`` (the pair of highest mean score), ``mean_gain`` (its mean paired gain over the reference),
        ``gain_standard_error``, ``threshold`` (the gain needed to leave the
        reference; NaN where no standard error was needed), ``chosen_score``,
        ``n_splits``, ``tau_at_grid_edge`` (whether the selected shift is the
        largest of ``taus``, or the smallest when that is above 0: the best
        shift may then lie outside the grid) and ``reason``.
    best_estimator_ : LogitAdjustedClassifier
        The selected pair refitted on all data (if ``refit``).
    estimator_ : classifier
        Its fitted inner estimator.
    weighter_ : weighter
        Its fitted weighter, e.g. ``weighter_.class_weight_`` (a fitted
        ``ClassBalancedWeighter("uniform")`` for no weighting).
    class_prior_ : ndarray of shape (n_classes,)
        The prior its model was trained under, the base of the shift
        (``best_estimator_.class_prior_``).
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    scorer_ : callable
        The validation scorer (of one shift).
    n_splits_ : int
        Number of cross-validation splits.
    refit_time_ : float
        Seconds spent refitting the selected pair (if ``refit``).
    n_features_in_ : int
        Number of features seen during :meth:`fit`.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during :meth:`fit`, when ``X`` has string
        column names.

    See Also
    --------
    WeightedClassifier : Train with one given weighter.
    LogitAdjustedClassifier : The post-hoc shift, with a given ``tau``.
    ShiftCurveDisplay : Plots the validation score against ``tau``.
    sklearn.model_selection.GridSearchCV : The search this builds on.
    sklearn.model_selection.TunedThresholdClassifierCV : Tunes the decision
        threshold of a binary classifier.

    Notes
    -----
    **Why not simply the best score?** The rare classes that decide balanced
    accuracy have few validation samples, so the top mean score of many
    pairs is partly the luckiest. ``selection="one_se"`` keeps the reference
    unless the evidence against it is clear:

    1. The best pair is compared with the reference **on the same splits**:
       ``d_j = score_best_j - score_ref_j``. Pairing removes the
       split-to-split difficulty both share.
    2. It is selected only if ``mean(d) > t * SE``, with the corrected
       standard error ``SE = sqrt((1 / J + n_test / n_train) * var(d))``
       over the ``J`` splits (Nadeau and Bengio, 2003: the naive
       ``std / sqrt(J)`` treats overlapping training sets as independent).
       ``t`` is the Student quantile with ``J - 1`` degrees of freedom at
       the confidence of one normal standard error (84 %): 1.14 for 5
       splits, more for fewer.
    3. With fewer than 3 splits (an integer ``cv`` gives as many splits as
       the smallest class has samples, at most ``cv``), ``var(d)`` has a
       single degree of freedom: the reference is kept.
    4. A class that no validation fold contains (a class with a single
       sample sits in every training fold) is invisible to every split
       score: the reference is kept.

    **The reference.** No weighting shifted by ``tau=1`` is post-hoc logit
    adjustment (Menon et al., 2021), the Bayes rule for the balanced error
    with calibrated probabilities; on this project's quality benchmark it is
    the best fixed rule on balanced accuracy for both linear models and
    boosted trees. The reference shift follows the metric: ``tau=1`` for
    balanced accuracy and any scorer not named below; ``tau=0.5`` for
    F-scores, Jaccard and precision, whose best threshold (half the best
    F-score, Lipton et al., 2014) lies between the unshifted model's and the
    balanced one's; ``tau=0`` for accuracy, log-loss and the Brier score,
    which are scored under the data's own prior.

    **The shift stage.** A candidate trained with class weights ``w_c`` on
    class counts ``n_c`` was trained under the prior ``prior_c ∝ n_c w_c``;
    ``LogitAdjustedClassifier`` shifts its log-probabilities by
    ``-tau * log(prior_c)`` (see there for models without
    ``predict_proba``). Every ``tau`` reuses the same fold models.

    **Prior shift of the data.** Validation folds have the class proportions
    of the training data. Balanced accuracy does not depend on them; macro-F1
    does (it contains precision), so scoring on it tunes for test data with
    the training proportions.

    **Dask.** The tuner refuses Dask collections; use
    ``LogitAdjustedClassifier`` or ``WeightedClassifier`` around a Dask
    booster.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn_classweight import WeightedClassifierCV
    >>> X, y = make_classification(
    ...     n_samples=300, n_classes=3, n_informative=4,
    ...     weights=[0.8, 0.15, 0.05], random_state=0,
    ... )
    >>> search = WeightedClassifierCV(LogisticRegression()).fit(X, y)
    >>> search.best_params_
    {'estimator__weighter__scheme': 'uniform', 'tau': 1.0}
    >>> search.selection_evidence_["reason"]
    'a class has only 15 validation samples (fewer than 20): too few to show a pair is better'
    >>> search.pair_results_["mean_test_score"][[0, 4, 8]].round(3)  # tau 0, 1, 2
    array([0.574, 0.67 , 0.596])
    """

    _parameter_constraints = {
        "estimator": [HasMethods(["fit"]), None],
        "param_grid": [dict, list, None],
        "taus": ["array-like"],
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
        taus=DEFAULT_TAUS,
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
        self.taus = taus
        self.scoring = scoring
        self.cv = cv
        self.selection = selection
        self.n_jobs = n_jobs
        self.refit = refit
        self.verbose = verbose
        self.random_state = random_state

    def _get_estimator(self):
        return LogisticRegression() if self.estimator is None else self.estimator

    def _search_estimator(self, routing=False):
        """The estimator ``GridSearchCV`` clones for every fit, shift 0."""
        model = WeightedClassifier(self._get_estimator(), ClassBalancedWeighter())
        adjusted = LogitAdjustedClassifier(model, tau=0.0)
        if routing:  # both consume sample_weight themselves
            model.set_fit_request(sample_weight=True)
            adjusted.set_fit_request(sample_weight=True)
        return adjusted

    def _check_taus(self):
        taus = np.asarray(self.taus, dtype=np.float64).reshape(-1)
        if (
            taus.size == 0
            or not np.all(np.isfinite(taus))
            or np.any(taus < 0)
            or len(np.unique(taus)) != taus.size
        ):
            raise ValueError(
                "taus must be distinct finite numbers >= 0, at least one; got "
                f"{self.taus!r}. Pass e.g. taus=(0.0, 0.5, 1.0), or taus=(0.0,) "
                "to turn the shift stage off."
            )
        return [float(tau) for tau in taus]

    def _candidates(self):
        """The user's grid, one candidate per dict, in ``best_estimator_`` names.

        Returns the grid for ``GridSearchCV`` and a name per candidate.
        """
        grid = DEFAULT_PARAM_GRID if self.param_grid is None else self.param_grid
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
        valid = WeightedClassifier(
            self._get_estimator(), ClassBalancedWeighter()
        ).get_params(deep=True)
        unknown = sorted(
            {
                key
                for params in candidates
                for key in params
                if key not in valid
                and not key.startswith(("weighter__", "estimator__"))
            }
        )
        if unknown:
            raise ValueError(
                f"param_grid names {unknown}, which are not parameters of "
                "WeightedClassifier; use 'weighter', 'weighter__<param>' or "
                "'estimator__<param>'."
            )
        search_grid = [
            {_PREFIX + key: [value] for key, value in params.items()}
            for params in candidates
        ]
        return search_grid, [_describe(params) for params in candidates]

    @_fit_context(
        # GridSearchCV, the inner estimator and the weighters validate their
        # own parameters: every candidate's when it is fitted.
        prefer_skip_nested_validation=False
    )
    @keeps_features_on_failure
    def fit(self, X, y, sample_weight=None, **fit_params):
        """Cross-validate every candidate at every shift, select one pair and refit it.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Training data, passed to the estimator unconverted.
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative user weights: folded into the class counts, multiplied
            into the training weights, and used to weight the validation score
            (from scikit-learn 1.7 on: 1.6's GridSearchCV does not pass it to
            the scorer).
        **fit_params : dict
            ``groups`` for the splitter, and other parameters for
            ``estimator.fit`` (routed by the requests set on the estimator
            and the splitter when metadata routing is enabled).

        Returns
        -------
        self : WeightedClassifierCV
            The fitted search.
        """
        _check_not_dask(X, y)
        validate_data(self, X, y, skip_check_array=True)
        # As GridSearchCV: folds index X, so sparse input becomes CSR and a
        # non-indexable array-like becomes an ndarray; DataFrames are kept.
        X, y = indexable(X, y)
        y = check_labels(y)
        check_one_label_per_row(X, y)
        sample_weight = check_sample_weight(sample_weight, y)
        estimator = self._get_estimator()
        check_is_classifier(estimator, type(self).__name__)
        taus = self._check_taus()
        param_grid, names = self._candidates()
        scoring = SCORING_ALIASES.get(self.scoring, self.scoring)
        scorer = check_scoring(estimator, scoring=scoring)

        routing = _routing_enabled()
        if routing:
            routed = process_routing(self, "fit", **fit_params)
            split_params, fit_params = routed.splitter.split, routed.estimator.fit
        else:
            fit_params = dict(fit_params)
            split_params = {"groups": fit_params.pop("groups", None)}
        # The folds are drawn here, as GridSearchCV would, so that the rule
        # knows their sizes and which classes they validate.
        splits, n_unvalidated = make_splits(
            self.cv,
            X,
            y,
            random_state=self.random_state,
            split_params=split_params,
        )
        codes = count_classes(y)[1]
        validated = np.bincount(
            codes[np.concatenate([test for _, test in splits])],
            minlength=codes.max() + 1,
        )
        test_train_ratio = np.mean([len(test) for _, test in splits]) / np.mean(
            [len(train) for train, _ in splits]
        )
        search_estimator = self._search_estimator(routing)
        search = GridSearchCV(
            search_estimator,
            param_grid,
            scoring=ShiftScorer(scorer, taus),
            n_jobs=self.n_jobs,
            refit=False,
            cv=splits,
            verbose=self.verbose,
            error_score="raise",
        )
        if sample_weight is not None:
            fit_params["sample_weight"] = sample_weight
        search.fit(X, y, **fit_params)

        # The selection, once: one row per (candidate, tau) pair.
        split_scores = pair_split_scores(search.cv_results_, taus)
        index, evidence = select_pair(
            split_scores,
            self.selection,
            reference=reference_tau_index(taus, reference_tau(scoring)),
            test_train_ratio=test_train_ratio,
            n_unvalidated=n_unvalidated,
            fewest_validated=int(validated[validated > 0].min()),
        )
        pairs = _pair_table(search.cv_results_, split_scores, taus, names)
        best_params = dict(pairs["params"][index])
        best_tau = best_params["tau"]
        # Every fitted attribute is set at the end, once the refit (if any)
        # succeeded: a failed fit leaves the previous state as it was.
        fitted = {
            "n_splits_": len(splits),
            "cv_results_": search.cv_results_,
            "pair_results_": pairs,
            "best_pair_index_": index,
            "best_index_": int(pairs["candidate"][index]),
            "best_params_": best_params,
            "best_tau_": best_tau,
            "best_score_": float(pairs["mean_test_score"][index]),
            "selection_evidence_": {
                "reference_pair_index": evidence["reference_index"],
                "reference_params": pairs["params"][evidence["reference_index"]],
                "reference_score": evidence["reference_score"],
                "challenger_pair_index": evidence["challenger_index"],
                "challenger_params": pairs["params"][evidence["challenger_index"]],
                "mean_gain": evidence["mean_gain"],
                "gain_standard_error": evidence["gain_standard_error"],
                "threshold": evidence["threshold"],
                "chosen_score": evidence["chosen_score"],
                "n_splits": evidence["n_splits"],
                "tau_at_grid_edge": bool(
                    len(taus) > 1
                    and (best_tau == max(taus) or 0 < best_tau == min(taus))
                ),
                "reason": evidence["reason"],
            },
            "classes_": count_classes(y)[0],
            "scorer_": scorer,
        }
        if self.verbose > 0:
            print(
                f"Selected ({self.selection}): {pairs['candidate_name'][index]}, "
                f"tau={best_tau:g}, mean score {fitted['best_score_']:.4f} "
                f"({evidence['reason']})"
            )
        if self.refit:
            model = clone(search_estimator).set_params(**best_params)
            start = time.perf_counter()
            model.fit(X, y, **fit_params)
            fitted["refit_time_"] = time.perf_counter() - start
            fitted["best_estimator_"] = model
            fitted["estimator_"] = model.estimator_.estimator_
            fitted["weighter_"] = model.estimator_.weighter_
            fitted["class_prior_"] = model.class_prior_
            fitted["classes_"] = model.classes_
        for name in _REFITTED:  # from an earlier fit with refit=True
            self.__dict__.pop(name, None)
        self.__dict__.update(fitted)
        return self

    def _check_refitted(self):
        check_is_fitted(self)
        if not hasattr(self, "best_estimator_"):
            raise AttributeError(
                "This WeightedClassifierCV was fitted with refit=False, so it has "
                "no model to predict with; fit it with refit=True, or fit "
                "LogitAdjustedClassifier(WeightedClassifier(estimator, "
                "ClassBalancedWeighter())).set_params(**best_params_)."
            )
        return self.best_estimator_

    @available_if(_refitted_has("predict"))
    def predict(self, X):
        """Predict class labels with the refitted selected pair.

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
        """Class probabilities of the refitted selected pair (shifted).

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
        """Log class probabilities of the refitted selected pair (shifted).

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
        """Decision function of the refitted selected pair (shifted).

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
            Shifted scores; for two classes, that of ``classes_[1]`` minus
            that of ``classes_[0]``.
        """
        return self._check_refitted().decision_function(X)

    @available_if(_refitted_has("score"))
    def score(self, X, y, sample_weight=None):
        """Accuracy of the refitted selected pair on ``(X, y)``.

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

        ``sample_weight`` is consumed by the search itself (class counts,
        training weights, validation score); ``groups`` and the other ``split``
        parameters are routed to the splitter of ``cv``, the other ``fit``
        parameters to ``estimator.fit``.

        Returns
        -------
        routing : MetadataRouter
            The routing information.
        """
        cv = 5 if self.cv is None else self.cv
        return route_fit_to(self, self._get_estimator()).add(
            splitter=check_cv(cv, classifier=True),
            method_mapping=MethodMapping().add(caller="fit", callee="split"),
        )

    def __sklearn_tags__(self):
        return inherit_tags(super().__sklearn_tags__(), self._get_estimator())

    def _sk_visual_block_(self):
        # The HTML view (notebooks, estimator_html_repr) shows, once fitted,
        # the selected pair and the refitted model, as GridSearchCV shows
        # its best_estimator_.
        if not hasattr(self, "best_params_"):
            estimator = self._get_estimator()
            return _VisualBlock(
                "parallel",
                [estimator],
                names=[f"estimator: {type(estimator).__name__}"],
                name_details=[str(estimator)],
            )
        name = self.pair_results_["candidate_name"][self.best_pair_index_]
        chosen = f"Selected: {name}, tau={self.best_tau_:g}"
        if not hasattr(self, "best_estimator_"):
            return _VisualBlock(
                "single", self, names=chosen, name_details=str(self.best_params_)
            )
        return _VisualBlock(
            "parallel",
            [self.best_estimator_],
            names=[f"best_estimator_ ({chosen})"],
            name_details=[str(self.best_estimator_)],
        )
