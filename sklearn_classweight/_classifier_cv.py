"""WeightedClassifierCV: class weights and a logit shift chosen by cross-validation.

Built on :class:`~sklearn.model_selection.GridSearchCV`: the tuner prepares
the folds, the candidates and a scorer, and hands the search to it, so that
parameter validation, fit routing, ``n_jobs``, ``verbose`` and ``cv_results_``
are scikit-learn's. Two things are its own: every fold model is scored at
several strengths of a post-hoc logit shift from one call of the model
(``ShiftScorer``), and the selection rule (``SelectionRule``, the ``refit``
callable) prefers the reference unless the evidence against it is clear.
"""

import html
from numbers import Integral

import numpy as np
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    MetaEstimatorMixin,
)
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import check_scoring, get_scorer_names
from sklearn.model_selection import GridSearchCV, ParameterGrid, check_cv
from sklearn.utils import estimator_html_repr
from sklearn.utils.metadata_routing import (
    MetadataRequest,
    MethodMapping,
    process_routing,
)
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted, indexable, validate_data

from ._classifier import WeightedClassifier
from ._compat import HasMethods, StrOptions, _fit_context, _routing_enabled
from ._counting import check_labels, check_sample_weight, count_classes
from ._cv_selection import (
    DEFAULT_PARAM_GRID,
    DEFAULT_TAUS,
    SelectionRule,
    make_splits,
    select_pair,
    shift_metric_name,
)
from ._logit_adjust import LogitAdjustedClassifier
from ._meta import (
    check_accepts_sample_weight,
    check_is_classifier,
    check_one_label_per_row,
    inherit_tags,
    route_fit_to,
)
from ._weighter import ClassBalancedWeighter

#: ``scoring`` aliases: the name users say and the scikit-learn scorer name.
SCORING_ALIASES = {"macro_f1": "f1_macro", "weighted_f1": "f1_weighted"}

#: The search runs over ``LogitAdjustedClassifier(WeightedClassifier(...))``:
#: a parameter ``p`` of the user's grid is ``estimator__p`` there.
_PREFIX = "estimator__"


class ShiftScorer:
    """Scores a fitted ``LogitAdjustedClassifier`` at every shift in ``taus``.

    The multi-metric scorer of the tuner's ``GridSearchCV``: one call of the
    fold model's ``predict_proba`` (or ``decision_function``), then
    ``scorer`` on its outputs shifted by ``-tau * log(prior_c)`` for each
    ``tau``, exactly as ``LogitAdjustedClassifier(tau=tau)`` would predict.
    Returns ``{shift_metric_name(tau): score}``. A model trained under
    balanced classes is scored once: shifting every class alike changes
    nothing.
    """

    def __init__(self, scorer, taus):
        self.scorer = scorer
        self.taus = taus

    def __call__(self, estimator, X, y, sample_weight=None):
        outputs = estimator._shifted(X)
        score_params = {} if sample_weight is None else {"sample_weight": sample_weight}
        log_prior = outputs.log_prior
        if np.allclose(log_prior, log_prior[0], rtol=0.0, atol=1e-12):
            # Trained under balanced classes (INS): every tau shifts all
            # classes alike, which moves no decision and no probability.
            score = self.scorer(outputs.set_params(tau=0.0), X, y, **score_params)
            return {shift_metric_name(tau): score for tau in self.taus}
        return {
            shift_metric_name(tau): self.scorer(
                outputs.set_params(tau=tau), X, y, **score_params
            )
            for tau in self.taus
        }

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


def _strip_prefix(params):
    return {key[len(_PREFIX) :]: value for key, value in params.items()}


class WeightedClassifierCV(ClassifierMixin, MetaEstimatorMixin, BaseEstimator):
    """Choose class weights and a post-hoc logit shift by cross-validation.

    Cross-validates :class:`WeightedClassifier` over a grid of weighters (by
    default INS and no weighting) with
    :class:`~sklearn.model_selection.GridSearchCV`, and scores every fold
    model also with its class scores shifted by ``-tau * log(prior_c)`` for
    each ``tau`` in ``taus``, at no extra fit (the shift of
    :class:`LogitAdjustedClassifier`; ``prior_c`` is the prior the candidate
    was trained under). A rule that does not chase noise selects one
    (candidate, ``tau``) pair, which is refitted on the whole training set as
    ``LogitAdjustedClassifier(WeightedClassifier(...), tau=best_tau_)``.

    Parameters
    ----------
    estimator : classifier, default=None
        The classifier to train; its ``fit`` must accept ``sample_weight``
        (see :class:`WeightedClassifier`) and it needs ``predict_proba`` or
        ``decision_function``. ``None`` means ``LogisticRegression()``.
    param_grid : dict or list of dicts, default=None
        Parameters of ``WeightedClassifier(estimator,
        weighter=ClassBalancedWeighter())`` to search, as in
        :class:`~sklearn.model_selection.GridSearchCV`: e.g.
        ``{"weighter__scheme": ["ins", "isns"]}``, or any weighter and its
        parameters, ``{"weighter": [MyWeighter()], "weighter__gamma": [1, 2]}``;
        ``estimator__C`` works too. Every candidate's parameters are
        validated when it is fitted. The **first** candidate (first value of
        every parameter of the first dict) is the reference of
        ``selection="one_se"``. ``None`` means
        ``{"weighter__scheme": ["ins", "uniform"]}``: INS (the reference)
        and no weighting.
    taus : array-like of float >= 0, default=(0.0, 0.25, 0.5, 0.75, 1.0, 1.5)
        Strengths of the post-hoc logit shift scored on every fold model;
        the first one (``0``, the model as trained, by default) goes with the
        reference. ``(0.0,)`` turns the shift stage off. The shift moves
        nothing for a model trained under balanced classes (INS), so it acts
        on the weaker weightings, such as no weighting.
    scoring : str or callable, default="balanced_accuracy"
        Validation metric: a scikit-learn scorer name (``"macro_f1"`` is
        accepted for ``"f1_macro"``) or a callable ``scorer(estimator, X, y)``.
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
        candidate, first ``tau``), unless the best pair beats it, split by
        split, by more than one standard error of those paired improvements,
        corrected for the overlap of the training folds (Nadeau and Bengio,
        2003); and always the reference with fewer than 3 splits, or when
        some class is in no validation fold, since no score can show what a
        candidate does to it. See Notes.
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
        with parameter names as in ``param_grid``. ``mean_test_score``,
        ``rank_test_score`` and ``split<i>_test_score`` are the scores of the
        unshifted models (``tau=0``); ``mean_test_score_tau_<tau>`` and its
        siblings those of the same models shifted by ``tau``.
    best_index_ : int
        Index of the selected candidate in ``cv_results_`` (not necessarily
        of rank 1, see ``selection``).
    best_params_ : dict
        Parameters of the selected candidate.
    best_tau_ : float
        The selected shift.
    best_score_ : float
        Mean validation score of the selected (candidate, ``tau``) pair.
    best_estimator_ : LogitAdjustedClassifier
        ``LogitAdjustedClassifier(WeightedClassifier(...), tau=best_tau_)``
        refitted on all data (if ``refit``).
    estimator_ : classifier
        Its fitted inner estimator.
    weighter_ : weighter
        Its fitted weighter, e.g. ``weighter_.class_weight_``.
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
    sklearn.model_selection.GridSearchCV : The search this builds on.
    sklearn.model_selection.TunedThresholdClassifierCV : Tunes the decision
        threshold of a binary classifier.

    Notes
    -----
    **Why not simply the best score?** On held-out imbalanced tasks, a plain
    grid search scored on balanced accuracy can lose to INS
    (``class_weight="balanced"``): the rare classes that decide balanced
    accuracy have few validation samples, so the top mean score is partly
    the luckiest of many candidates. ``selection="one_se"`` keeps the
    reference (INS without shift by default) unless the evidence against it
    is clear:

    1. The best pair is compared with the reference **on the same splits**:
       ``d_j = score_best_j - score_ref_j``. Pairing removes the
       split-to-split difficulty both share.
    2. It is selected only if ``mean(d) > t * SE``, with the corrected
       standard error ``SE = sqrt((1 / J + n_test / n_train) * var(d))``
       over the ``J`` splits. The naive ``std / sqrt(J)`` treats
       overlapping training sets as independent; the correction of Nadeau
       and Bengio (2003) accounts for it. ``t`` is the Student quantile
       with ``J - 1`` degrees of freedom at the confidence of one normal
       standard error (84 %): 1.14 for 5 splits, more for fewer.
    3. With fewer than 3 splits (an integer ``cv`` gives as many splits as
       the smallest class has samples, at most ``cv``), ``var(d)`` has a
       single degree of freedom: the reference is kept.
    4. A class that no validation fold contains (a class with a single
       sample sits in every training fold) is invisible to every split
       score, and "no weighting" can look perfect while it drops that
       class. The reference is kept.

    **The shift stage.** A candidate trained with class weights ``w_c`` on
    class counts ``n_c`` was trained under the prior ``prior_c ∝ n_c w_c``.
    Shifting its log-probabilities (or decision function) by
    ``-tau * log(prior_c)`` is post-hoc logit adjustment (Menon et al.,
    2021): ``tau=1`` is the Bayes rule for the balanced error with
    calibrated probabilities. Each fold model is asked for its scores once;
    every ``tau`` reuses them, so the shift grid costs no fit.

    **Prior shift of the data.** Validation folds have the class proportions
    of the training data. Balanced accuracy does not depend on them; macro-F1
    does (it contains precision), so scoring on it tunes for test data with
    the training proportions.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn_classweight import WeightedClassifierCV
    >>> X, y = make_classification(
    ...     n_samples=300, n_classes=3, n_informative=4,
    ...     weights=[0.8, 0.15, 0.05], random_state=0,
    ... )
    >>> search = WeightedClassifierCV(LogisticRegression(), cv=3).fit(X, y)
    >>> search.best_params_, search.best_tau_
    ({'weighter__scheme': 'ins'}, 0.0)
    >>> search.weighter_.class_weight_.round(2)
    array([0.42, 2.22, 6.67])
    >>> search.cv_results_["mean_test_score"].round(3)  # INS, no weighting
    array([0.66 , 0.544])
    >>> search.cv_results_["mean_test_score_tau_1"].round(3)  # shifted by tau=1
    array([0.66 , 0.695])
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

    def _check_param_grid(self):
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
        grids = [grid] if isinstance(grid, dict) else grid
        return [{_PREFIX + key: values for key, values in g.items()} for g in grids]

    @_fit_context(
        # GridSearchCV, the inner estimator and the weighters validate their
        # own parameters: every candidate's when it is fitted.
        prefer_skip_nested_validation=False
    )
    def fit(self, X, y, sample_weight=None, **fit_params):
        """Cross-validate every candidate at every shift, select one and refit it.

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
        validate_data(self, X, y, skip_check_array=True)
        # As GridSearchCV: folds index X, so sparse input becomes CSR and a
        # non-indexable array-like becomes an ndarray; DataFrames are kept.
        X, y = indexable(X, y)
        y = check_labels(y)
        check_one_label_per_row(X, y)
        sample_weight = check_sample_weight(sample_weight, y)
        estimator = self._get_estimator()
        check_is_classifier(estimator, type(self).__name__)
        check_accepts_sample_weight(estimator)
        taus = self._check_taus()
        param_grid = self._check_param_grid()
        scoring = SCORING_ALIASES.get(self.scoring, self.scoring)
        self.scorer_ = check_scoring(estimator, scoring=scoring)

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
        self.n_splits_ = len(splits)
        test_train_ratio = np.mean([len(test) for _, test in splits]) / np.mean(
            [len(train) for train, _ in splits]
        )
        rule = SelectionRule(
            taus,
            self.selection,
            test_train_ratio=test_train_ratio,
            n_unvalidated=n_unvalidated,
        )
        search = GridSearchCV(
            self._search_estimator(routing),
            param_grid,
            scoring=ShiftScorer(self.scorer_, taus),
            n_jobs=self.n_jobs,
            refit=rule if self.refit else False,
            cv=splits,
            verbose=self.verbose,
            error_score="raise",
        )
        if sample_weight is not None:
            fit_params["sample_weight"] = sample_weight
        search.fit(X, y, **fit_params)

        results = dict(search.cv_results_)
        results["params"] = [_strip_prefix(params) for params in results["params"]]
        for key in [key for key in results if key.startswith("param_" + _PREFIX)]:
            results["param_" + key[len("param_" + _PREFIX) :]] = results.pop(key)
        self.cv_results_ = results
        if self.refit:
            self.best_index_, self.best_tau_ = int(search.best_index_), rule.tau_
        else:
            self.best_index_, tau_index = select_pair(
                results,
                taus,
                self.selection,
                test_train_ratio=test_train_ratio,
                n_unvalidated=n_unvalidated,
            )
            self.best_tau_ = taus[tau_index]
        self.best_params_ = results["params"][self.best_index_]
        self.best_score_ = float(
            results[f"mean_test_{shift_metric_name(self.best_tau_)}"][self.best_index_]
        )
        if self.verbose > 0:
            print(
                f"Selected ({self.selection}): {self.best_params_}, "
                f"tau={self.best_tau_:g}, mean score {self.best_score_:.4f}"
            )

        if self.refit:
            self.best_estimator_ = search.best_estimator_.set_params(tau=self.best_tau_)
            self.refit_time_ = search.refit_time_
            model = self.best_estimator_.estimator_
            self.estimator_ = model.estimator_
            self.weighter_ = model.weighter_
            self.class_prior_ = self.best_estimator_.class_prior_
            self.classes_ = self.best_estimator_.classes_
        else:
            self.classes_ = count_classes(y)[0]
        return self

    def _check_refitted(self):
        check_is_fitted(self)
        if not hasattr(self, "best_estimator_"):
            raise AttributeError(
                "This WeightedClassifierCV was fitted with refit=False, so it has "
                "no model to predict with; fit it with refit=True, or build "
                "LogitAdjustedClassifier(WeightedClassifier(estimator, "
                "ClassBalancedWeighter()).set_params(**best_params_), "
                "tau=best_tau_)."
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

    def _repr_mimebundle_(self, **kwargs):
        # In a notebook, a fitted search also shows what it chose: the
        # selected weighting and shift, and the refitted model it predicts with.
        bundle = super()._repr_mimebundle_(**kwargs)
        if "text/html" in bundle and hasattr(self, "best_estimator_"):
            chosen = html.escape(f"{self.best_params_}, tau={self.best_tau_:g}")
            bundle["text/html"] += (
                f"<p>Selected: {chosen}. Refitted model "
                "(<code>best_estimator_</code>):</p>"
                + estimator_html_repr(self.best_estimator_)
            )
        return bundle
