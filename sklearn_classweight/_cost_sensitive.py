"""CostSensitiveClassifier: the decision of least expected cost, under a target prior.

Decides on the posteriors the decision layer trusts (``_decision``), moved to
the prior the model is deployed into, with the Bayes rule for the user's
costs (``_costs``). The model is fitted once, unweighted: costs and priors
act at prediction time and can be changed with ``set_params`` without a
refit. A model already trained with class weights would be corrected twice,
so it is refused (:func:`check_single_correction`).
"""

import numpy as np
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted

from ._compat import HasMethods, StrOptions, _fit_context
from ._costs import (
    bayes_decision,
    check_abstain_label,
    check_cost_matrix,
    costs_for,
    expected_cost,
    resolve_abstain_label,
)
from ._counting import check_labels, count_classes
from ._dask import is_dask_collection
from ._decision import PosteriorClassifier, has_posterior, safe_log
from ._meta import weighted_step


def check_single_correction(estimator, *, owner="CostSensitiveClassifier"):
    """Refuse a model that already corrects for the classes in its training.

    A model trained with class weights (``class_weight=`` of a scikit-learn
    estimator or of the last step of a Pipeline, a :class:`WeightedClassifier`
    whose weighter is not uniform and whose ``prior_correction`` is off) or
    a :class:`LogitAdjustedClassifier` that shifts its probabilities has
    probabilities that already lean towards the classes it favours; deciding
    on them with costs applies the correction a second time (Elkan, 2001).
    """
    from ._classifier import WeightedClassifier
    from ._logit_adjust import LogitAdjustedClassifier
    from ._weighter import ClassBalancedWeighter

    step = weighted_step(estimator)
    fix = (
        f"Correct once: wrap the unweighted model in {owner} (it decides with "
        "the costs), or train with the weights and predict by argmax without "
        f"{owner}; a WeightedClassifier with prior_correction=True, whose "
        "probabilities undo its weights, is accepted too."
    )
    params = step.get_params(deep=False) if hasattr(step, "get_params") else {}
    if params.get("class_weight") is not None:
        raise ValueError(
            f"estimator={type(step).__name__}(class_weight="
            f"{params['class_weight']!r}) is trained with class weights, and "
            f"{owner} would correct a second time with its costs and prior: "
            "with C_FN=5 on a 1:9 task, weights from costs plus the cost rule "
            "doubled LogisticRegression's cost (0.596 against 0.284). " + fix
        )
    if isinstance(step, WeightedClassifier) and not step.prior_correction:
        weighter = step._get_weighter()
        uniform = (
            isinstance(weighter, ClassBalancedWeighter) and weighter.scheme == "uniform"
        )
        if not uniform:
            raise ValueError(
                f"estimator is a WeightedClassifier that trains with "
                f"{type(weighter).__name__} weights, and {owner} would correct "
                "a second time with its costs and prior. " + fix
            )
    if isinstance(step, LogitAdjustedClassifier) and (
        step.tau > 0
        and not (isinstance(step.target_prior, str) and step.target_prior == "train")
    ):
        raise ValueError(
            f"estimator is a LogitAdjustedClassifier whose probabilities are "
            f"shifted (tau={step.tau}), and {owner} would shift them again. Pass "
            "its model instead, and the prior as target_prior."
        )


class CostSensitiveClassifier(PosteriorClassifier):
    """Predict the class of least expected cost, under a target prior.

    Fits ``estimator`` once, as is, and predicts ``argmin_j sum_i p(i | x)
    C[i, j]``: the decision whose expected cost under the posterior
    ``p(i | x)`` is least, with ``C[true, predicted]`` the ``cost_matrix``
    (the Bayes rule). The posterior is the one the decision layer trusts (the
    model's ``predict_proba``, or its calibrated ``decision_function``),
    moved from the prior the model was trained under to ``target_prior``,
    the prior of the data it will decide on (Saerens et al., 2002).

    For two classes this is Elkan's threshold ``p* = (C10 - C00) / (C10 -
    C00 + C01 - C11)`` on ``p(1 | x)``: the predictions of
    :class:`~sklearn.model_selection.FixedThresholdClassifier` at ``p*`` on
    the same probabilities. For more classes it needs no condition on the
    matrix, while class weights from costs are right only for "consistent"
    ones (Zhou and Liu, 2010).

    ``cost_matrix`` and ``target_prior`` act at prediction time only:
    ``set_params(cost_matrix=..., target_prior=...)`` on the fitted
    classifier changes its decisions without a refit, e.g. to the prior
    :func:`estimate_target_prior` finds in unlabeled deployment data.

    Parameters
    ----------
    estimator : classifier, default=None
        The classifier to fit, **unweighted** (a model trained with class
        weights is refused: see Notes); it needs ``predict_proba`` or
        ``decision_function``. ``None`` means ``LogisticRegression()``.
    cost_matrix : array-like of shape (K, K) or (K, K + 1), dict, callable \
            or None, default=None
        The cost ``C[true, predicted]`` of each decision:

        - an array in the order of ``classes_``; entries may be negative (a
          gain) and the diagonal non-zero. A ``K + 1``-th column is the cost
          of **abstaining** (sending the row for review), per true class:
          :meth:`predict` then returns ``abstain_label`` where that is
          cheapest;
        - a dict ``{(true, predicted): cost}`` keyed by class labels (or
          ``abstain_label`` as ``predicted``); pairs it does not name cost 0;
        - a callable ``cost_matrix(X)`` returning one matrix per row of
          ``X``, shape ``(n_samples, K, K)`` or ``(n_samples, K, K + 1)``: for
          costs that depend on the example, such as a transaction's amount,
          read from a column of ``X`` (drop that column from the model's
          features with a ``ColumnTransformer`` if it should not be one);
        - ``None``: the zero-one cost, i.e. the most probable class under
          ``target_prior`` (the model's own ``predict`` when the prior is
          the training one).
    target_prior : {"train", "balanced"}, array-like or dict, default="train"
        The class prior of the data to decide on: ``"train"``, the prior the
        model was trained under (no shift); ``"balanced"``, every class
        alike; an array of positive shares summing to 1 in the order of
        ``classes_``, or a dict from class label to share.
    calibration : {"auto", "sigmoid", "isotonic", "temperature"} or None, \
            default="auto"
        How the model's scores become probabilities: ``"auto"`` uses
        ``predict_proba`` if the model has one, else calibrates its
        ``decision_function`` on out-of-fold scores (``"sigmoid"``; 5 extra
        fits). ``"sigmoid"``, ``"temperature"`` and ``"isotonic"`` calibrate
        any model, e.g. a boosted model whose probabilities are
        overconfident. See :class:`LogitAdjustedClassifier`.
    abstain_label : object, default=None
        What :meth:`predict` returns for the abstain decision of a ``(K, K +
        1)`` cost matrix, and the label that names it in a dict. ``None``:
        ``-1`` for numeric classes, ``"abstain"`` otherwise. It must not be
        a class label: with classes ``[-1, 1]``, pass one to abstain.

    Attributes
    ----------
    estimator_ : classifier
        The fitted clone of ``estimator``, trained on all data.
    calibrator_ : MarginCalibration, CalibratedClassifierCV or None
        The calibration of ``estimator_``'s scores, if any.
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    class_prior_ : ndarray of shape (n_classes,)
        The class prior the model was trained under (the training labels'
        shares, weighted by ``sample_weight``), aligned with ``classes_``.
    train_posterior_mean_ : ndarray of shape (n_classes,)
        The mean trusted posterior on the training data: the source prior of
        :func:`estimate_target_prior`.
    n_features_in_ : int
        Number of features seen during :meth:`fit`.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during :meth:`fit`, when ``X`` has string
        column names.

    See Also
    --------
    make_cost_scorer : The negative mean cost, as a scorer.
    class_weight_from_costs : Train with the costs instead (not both).
    estimate_target_prior : The deployment prior, from unlabeled data.
    LogitAdjustedClassifier : The same shift, for the balanced error.
    sklearn.model_selection.FixedThresholdClassifier : A fixed binary
        threshold.
    sklearn.model_selection.TunedThresholdClassifierCV : A binary threshold
        tuned by cross-validation (refits the model per fold).

    Notes
    -----
    **Correct once.** Weighting the training data by the costs and deciding
    with the costs are two ways to make the same correction (Elkan, 2001).
    Doing both corrects twice: on a 1:9 task with ``C_FN = 5, C_FP = 1``
    (20,000 rows, 5 seeds), LogisticRegression trained with weights from the
    costs and then decided on with the costs cost **0.596** per sample,
    against **0.284** for the unweighted model with the cost rule (and 0.286
    for the weights alone). So ``fit`` refuses a model trained with class
    weights: ``class_weight=`` on the estimator (or the last step of a
    Pipeline), a :class:`WeightedClassifier` with a non-uniform weighter
    (unless ``prior_correction=True``), or a shifted
    :class:`LogitAdjustedClassifier`.

    The posterior under ``target_prior`` is
    ``p_t(i | x) ∝ p(i | x) target_i / prior_i`` (Saerens et al., 2002); the
    expected cost of decision ``j`` is ``sum_i p_t(i | x) C[i, j]``
    (:meth:`expected_cost`). Ties go to the first decision in the order of
    ``classes_`` (abstain last), and for two classes to ``classes_[1]``
    (``p >= p*``, as ``FixedThresholdClassifier``).

    References
    ----------
    C. Elkan, "The foundations of cost-sensitive learning", IJCAI 2001.

    Z.-H. Zhou and X.-Y. Liu, "On multi-class cost-sensitive learning",
    Computational Intelligence 26(3), 2010.

    M. Saerens, P. Latinne and C. Decaestecker, "Adjusting the outputs of a
    classifier to new a priori probabilities: a simple procedure", Neural
    Computation 14(1), 2002.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn_classweight import CostSensitiveClassifier
    >>> X, y = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    >>> costs = [[0, 1], [5, 0]]  # a missed positive costs 5, a false alarm 1
    >>> clf = CostSensitiveClassifier(cost_matrix=costs).fit(X, y)
    >>> clf.expected_cost(X[:2]).round(3)  # columns: predict 0, predict 1
    array([[0.034, 0.993],
           [3.82 , 0.236]])
    >>> int((clf.predict(X) == 1).sum()) > int((clf.estimator_.predict(X) == 1).sum())
    True

    Abstain (send for review, at a cost of 0.3) where neither class is cheap:

    >>> review = [[0, 1, 0.3], [5, 0, 0.3]]
    >>> decisions = clf.set_params(cost_matrix=review).predict(X)
    >>> sorted(set(decisions.tolist()))
    [-1, 0, 1]
    """

    _parameter_constraints = {
        "estimator": [HasMethods(["fit"]), None],
        "cost_matrix": ["array-like", dict, callable, None],
        "target_prior": [StrOptions({"balanced", "train"}), "array-like", dict],
        "calibration": [
            StrOptions({"auto", "sigmoid", "isotonic", "temperature"}),
            None,
        ],
        "abstain_label": "no_validation",
    }

    def __init__(
        self,
        estimator=None,
        cost_matrix=None,
        *,
        target_prior="train",
        calibration="auto",
        abstain_label=None,
    ):
        self.estimator = estimator
        self.cost_matrix = cost_matrix
        self.target_prior = target_prior
        self.calibration = calibration
        self.abstain_label = abstain_label

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, sample_weight=None, **fit_params):
        """Fit the estimator (and its calibration) once; costs act at predict time.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Training data, passed to the estimator unconverted.
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights: they weight the class prior and are passed
            to ``estimator.fit`` (routed by its request when metadata routing
            is enabled).
        **fit_params : dict
            Other parameters for ``estimator.fit``.

        Returns
        -------
        self : CostSensitiveClassifier
            The fitted meta-estimator.
        """
        check_single_correction(self._get_estimator())
        if y is not None and not (is_dask_collection(X) or is_dask_collection(y)):
            # A bad cost matrix fails before the model is fitted.
            self._check_costs(count_classes(check_labels(y))[0])
        return self._fit_posterior(X, y, sample_weight, fit_params)

    def _set_fitted(
        self, X, y, estimator_, calibrator_, classes, counts, posterior_mean
    ):
        self._check_costs(np.asarray(getattr(estimator_, "classes_", classes)))
        super()._set_fitted(
            X, y, estimator_, calibrator_, classes, counts, posterior_mean
        )

    def _check_costs(self, classes):
        abstain = resolve_abstain_label(self.abstain_label, classes)
        if not callable(self.cost_matrix):
            costs = check_cost_matrix(self.cost_matrix, classes, abstain_label=abstain)
            check_abstain_label(abstain, costs, classes)
        return abstain

    def _posterior(self, X):
        """The trusted posterior under ``target_prior``, shape (n, n_classes)."""
        check_is_fitted(self)
        self._validate_params()  # set_params after fit is allowed
        shift = self._log_prior_ratio()
        if not np.any(shift - shift[0]):
            # No shift: the probabilities as they are, so that two classes
            # compare with FixedThresholdClassifier bit for bit.
            model = self.estimator_ if self.calibrator_ is None else self.calibrator_
            return np.asarray(model.predict_proba(X), dtype=np.float64)
        return np.exp(self._shifted_log_posterior(X, shift))

    def _costs(self, X):
        abstain = self._check_costs(self.classes_)
        costs = costs_for(self.cost_matrix, X, self.classes_, abstain_label=abstain)
        check_abstain_label(abstain, costs, self.classes_)
        return costs, abstain

    def expected_cost(self, X):
        """Expected cost of each decision for each row, under ``target_prior``.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        risk : ndarray of shape (n_samples, n_classes) or (n_samples, n_classes + 1)
            ``risk[n, j] = sum_i p(i | x_n) C[i, j]``: columns in the order
            of ``classes_``, then abstain if the cost matrix has it.
        """
        proba = self._posterior(X)
        costs, _ = self._costs(X)
        return expected_cost(proba, costs)

    def predict(self, X):
        """The decision of least expected cost.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            A label of ``classes_`` per row, or ``abstain_label`` where
            abstaining costs least.
        """
        check_is_fitted(self)
        self._validate_params()
        shift = self._log_prior_ratio()
        if (
            self.cost_matrix is None
            and self.calibrator_ is None
            and not np.any(shift - shift[0])
        ):
            # Zero-one costs on the model's own probabilities: its own predict.
            return self.estimator_.predict(X)
        proba = self._posterior(X)
        costs, abstain = self._costs(X)
        decisions = bayes_decision(proba, costs)
        if costs.shape[-1] > len(self.classes_):
            return np.append(self.classes_, abstain)[decisions]
        return self.classes_[decisions]

    @available_if(has_posterior)
    def predict_proba(self, X):
        """The trusted posterior under ``target_prior``.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Probabilities, columns in the order of ``classes_``.
        """
        return self._posterior(X)

    @available_if(has_posterior)
    def predict_log_proba(self, X):
        """Log of :meth:`predict_proba`.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            Log-probabilities, columns in the order of ``classes_``.
        """
        return safe_log(self._posterior(X))
