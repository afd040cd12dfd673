"""LogitAdjustedClassifier: post-hoc logit adjustment (Menon et al., 2021).

An alternative to training with class weights: move the model's
log-probabilities from the prior it was trained under to a target prior,
``log p(c|x) + tau * (log target_c - log prior_c)``. The probabilities it
shifts are the ones the decision layer trusts (``_decision``): the model's
own ``predict_proba``, or its calibrated decision values.
"""

from numbers import Real

import numpy as np
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted

from ._compat import HasMethods, Interval, StrOptions, _fit_context
from ._decision import PosteriorClassifier, has_posterior, safe_log
from ._meta import estimator_has


class LogitAdjustedClassifier(PosteriorClassifier):
    """Post-hoc logit adjustment: an alternative to training with class weights.

    Fits ``estimator`` as is (no balancing weights), estimates the class
    prior ``prior_c`` it was trained under, and at prediction time moves its
    log-probabilities towards ``target_prior`` (by default every class alike)
    by ``tau * (log target_c - log prior_c)``. For ``tau=1`` and the default
    target this is the Bayes rule for the balanced error: decisions move
    towards rare classes as weighting would, for any number of classes,
    while ``estimator_`` keeps the calibration of unweighted training.

    The shift needs log-probabilities. A model with ``predict_proba`` is
    used as it is; a model with only ``decision_function`` (``LinearSVC``,
    ``RidgeClassifier``, ``SVC``), whose margins are not log-probabilities,
    is calibrated first (``calibration="auto"``): Platt sigmoids, fitted on
    its out-of-fold decision values, map them to probabilities. That costs
    as many extra fits as folds (5).

    Without a shift (``tau=0``, or ``target_prior="train"``) every output is
    exactly the fitted model's: ``predict``, ``predict_proba`` and
    ``decision_function`` of ``estimator_``.

    ``estimator`` may itself be a :class:`WeightedClassifier`: ``prior_c`` is
    then the prior its model was trained under, the class shares reweighted
    by ``weighter_.class_weight_`` (uniform for INS, where the shift changes
    nothing), so that a weaker weighting and a shift combine, correcting
    once in total. :class:`WeightedClassifierCV` searches that combination.

    Parameters
    ----------
    estimator : classifier, default=None
        The classifier to fit; it needs ``predict_proba`` or
        ``decision_function``. ``None`` means ``LogisticRegression()``.
    tau : float >= 0, default=1.0
        Strength of the adjustment. ``0`` leaves the estimator unchanged;
        ``1`` moves the posterior fully to ``target_prior``; larger values
        favour rare classes more. ``tau`` only acts at prediction time:
        ``set_params(tau=...)`` on a fitted model needs no refit.
    target_prior : {"balanced", "train"}, array-like or dict, \
            default="balanced"
        The class prior to decide under. ``"balanced"``: every class alike
        (the balanced error); ``"train"``: the training prior (no shift); an
        array of positive shares summing to 1 in the order of ``classes_``,
        or a dict from class label to share, e.g. the prevalence expected in
        deployment. Like ``tau`` it acts at prediction time only.
    calibration : {"auto", "sigmoid", "isotonic", "temperature"} or None, \
            default="auto"
        How the model's scores become the probabilities that are shifted.
        ``"auto"``: ``predict_proba`` if the model has one, else
        ``"sigmoid"``. ``"sigmoid"``: one Platt sigmoid per class (one for
        two classes) on out-of-fold scores; ``"temperature"``: one
        temperature on out-of-fold scores (it keeps the model's argmax, and
        cannot learn per-class offsets); ``"isotonic"``: out-of-fold
        :class:`~sklearn.calibration.CalibratedClassifierCV` (``ensemble=False``).
        ``None``: use ``predict_proba`` as it is (an error for a model
        without one). With ``"sigmoid"`` and ``"temperature"``, the
        unshifted ``predict_proba`` of a model without one is its
        temperature-scaled scores, which predict what the model predicts.

    Attributes
    ----------
    estimator_ : classifier
        The fitted clone of ``estimator``, trained on all data.
    calibrator_ : MarginCalibration, CalibratedClassifierCV or None
        The calibration of ``estimator_``'s scores, if any.
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    class_prior_ : ndarray of shape (n_classes,)
        The class prior the fitted estimator was trained under, aligned with
        ``classes_``: the share of each class in the training labels (by total
        ``sample_weight`` if given), times the class weights of a
        :class:`WeightedClassifier` estimator, renormalised.
    n_features_in_ : int
        Number of features seen during :meth:`fit`.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during :meth:`fit`, when ``X`` has string
        column names.

    See Also
    --------
    WeightedClassifier : Trains with class weights instead; its
        ``prior_correction=True`` undoes them in ``predict_proba``.
    WeightedClassifierCV : Chooses the weights and ``tau`` by cross-validation.
    sklearn.model_selection.TunedThresholdClassifierCV : Tunes the decision
        threshold of a binary classifier.

    Notes
    -----
    The adjusted log-probabilities are
    ``log p̂(c|x) + tau * (log target_c - log prior_c)``, renormalised:
    :meth:`predict` is their argmax and :meth:`predict_proba` their
    exponential. For ``tau=1`` they are the posterior under ``target_prior``
    (Saerens et al., 2002); for the balanced target,
    ``∝ p̂(c|x) / prior_c ** tau`` (Menon et al., 2021).

    Shifting raw margins instead of log-probabilities is not a small error:
    on ``make_classification(6000, weights=[0.95], flip_y=0.02)``, shifting
    ``LinearSVC``'s margin by ``-log(prior)`` predicts the rare class for
    every row (balanced accuracy 0.50), while the calibrated shift matches
    ``LinearSVC(class_weight="balanced")`` (see ``benchmarks/margin_models.py``).

    References
    ----------
    A. K. Menon, S. Jayasumana, A. S. Rawat, H. Jain, A. Veit and S. Kumar,
    "Long-tail learning via logit adjustment", ICLR 2021.

    M. Saerens, P. Latinne and C. Decaestecker, "Adjusting the outputs of a
    classifier to new a priori probabilities: a simple procedure", Neural
    Computation 14(1), 2002.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.metrics import balanced_accuracy_score
    >>> from sklearn_classweight import LogitAdjustedClassifier
    >>> X, y = make_classification(
    ...     n_samples=1000, weights=[0.95], class_sep=0.5, random_state=0
    ... )
    >>> clf = LogitAdjustedClassifier(tau=1.0).fit(X, y)
    >>> clf.class_prior_
    array([0.946, 0.054])
    >>> unadjusted = clf.set_params(tau=0.0).predict(X)
    >>> adjusted = clf.set_params(tau=1.0).predict(X)
    >>> bool(balanced_accuracy_score(y, adjusted) > balanced_accuracy_score(y, unadjusted))
    True

    A margin model is calibrated before it is shifted:

    >>> from sklearn.svm import LinearSVC
    >>> svm = LogitAdjustedClassifier(LinearSVC()).fit(X, y)
    >>> type(svm.calibrator_).__name__
    'MarginCalibration'
    >>> bool(balanced_accuracy_score(y, svm.predict(X)) > 0.7)
    True
    """

    _parameter_constraints = {
        "estimator": [HasMethods(["fit"]), None],
        "tau": [Interval(Real, 0, None, closed="left")],
        "target_prior": [StrOptions({"balanced", "train"}), "array-like", dict],
        "calibration": [
            StrOptions({"auto", "sigmoid", "isotonic", "temperature"}),
            None,
        ],
    }

    def __init__(
        self, estimator=None, *, tau=1.0, target_prior="balanced", calibration="auto"
    ):
        self.estimator = estimator
        self.tau = tau
        self.target_prior = target_prior
        self.calibration = calibration

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, sample_weight=None, **fit_params):
        """Fit the estimator (and its calibration) and estimate the class prior.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Training data, passed to the estimator unconverted. A dask Array
            or DataFrame (with a dask ``y``) fits a dask model such as
            ``DaskXGBClassifier``: the prior is one distributed count, and
            the outputs are lazy, chunked like ``X``.
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
        self : LogitAdjustedClassifier
            The fitted meta-estimator.
        """
        return self._fit_posterior(X, y, sample_weight, fit_params)

    def _shift(self):
        """The per-class shift of the log-probabilities, or ``None`` for none."""
        check_is_fitted(self)
        self._validate_params()  # tau and target_prior may be set after fit
        shift = self.tau * self._log_prior_ratio()
        if not np.any(shift - shift[0]):
            return None  # shifting every class alike moves nothing
        return shift

    def _adjusted_log_proba(self, X, shift):
        return self._shifted_log_posterior(X, 0.0 if shift is None else shift)

    def predict(self, X):
        """Class with the highest adjusted log-probability.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predicted labels; ``estimator_.predict(X)`` when nothing is
            shifted.
        """
        shift = self._shift()
        if shift is None:
            return self.estimator_.predict(X)
        # From the probabilities, so that a near-tie that rounds to a tie
        # breaks as predict_proba's argmax does.
        return self._labels_of(np.exp(self._adjusted_log_proba(X, shift)))

    @available_if(has_posterior)
    def predict_log_proba(self, X):
        """Adjusted log-probabilities.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            Log-probabilities, columns in the order of ``classes_``.
        """
        shift = self._shift()
        if shift is None and hasattr(self.estimator_, "predict_log_proba"):
            return self.estimator_.predict_log_proba(X)
        if shift is None and hasattr(self.calibrator_, "unshifted_proba"):
            return safe_log(self.calibrator_.unshifted_proba(X))
        return self._adjusted_log_proba(X, shift)

    @available_if(has_posterior)
    def predict_proba(self, X):
        """Adjusted probabilities: the posterior under ``target_prior`` for ``tau=1``.

        For the default target, ``∝ p̂(c|x) / prior_c ** tau``: not the
        training data's own class frequencies (for those, use
        ``estimator_.predict_proba``).

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Probabilities, columns in the order of ``classes_``;
            ``estimator_.predict_proba(X)`` when nothing is shifted.
        """
        shift = self._shift()
        if shift is None:
            if hasattr(self.estimator_, "predict_proba"):
                return self.estimator_.predict_proba(X)
            if hasattr(self.calibrator_, "unshifted_proba"):
                return self.calibrator_.unshifted_proba(X)
        return np.exp(self._adjusted_log_proba(X, shift))

    @available_if(
        lambda self: estimator_has("decision_function")(self) or has_posterior(self)
    )
    def decision_function(self, X):
        """Adjusted scores.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
            For two classes, the adjusted log-odds of ``classes_[1]`` over
            ``classes_[0]``; otherwise the adjusted log-probabilities.
            ``estimator_.decision_function(X)`` when nothing is shifted and
            the model has one.
        """
        shift = self._shift()
        if shift is None and hasattr(self.estimator_, "decision_function"):
            return self.estimator_.decision_function(X)
        # The log of the probabilities predict decides on (see predict).
        log_proba = safe_log(np.exp(self._adjusted_log_proba(X, shift)))
        if log_proba.shape[1] == 2:
            return log_proba[:, 1] - log_proba[:, 0]
        return log_proba
