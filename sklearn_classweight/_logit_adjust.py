"""LogitAdjustedClassifier: post-hoc logit adjustment (Menon et al., 2021).

An alternative to training with class weights: shift the scores of a model by
``-tau * log(prior_c)``, with ``prior_c`` the class prior the model was trained
under. The shift itself (shared with ``prior_correction``) is in
``_prior_correction``.
"""

from numbers import Real

import numpy as np
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    MetaEstimatorMixin,
    clone,
)
from sklearn.linear_model import LogisticRegression
from sklearn.utils.metadata_routing import process_routing
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted, validate_data

from ._compat import HasMethods, Interval, _fit_context, _routing_enabled
from ._counting import check_labels, check_sample_weight, count_classes
from ._meta import check_one_label_per_row, estimator_has, inherit_tags, route_fit_to
from ._prior_correction import class_index, shift_log_proba, trained_class_prior


def _has_scores(self):
    return estimator_has("predict_proba")(self) or estimator_has("decision_function")(
        self
    )


def unshifted_scores(estimator, X):
    """Per-class scores of a fitted classifier, from one call of it.

    ``log predict_proba`` when it has one (a zero probability becomes the
    log of the smallest positive float, not ``-inf``, which ranking metrics
    could not use), else ``decision_function`` with a binary column
    ``d`` expanded to ``[0, d]``. Shape (n_samples, n_classes).
    """
    if hasattr(estimator, "predict_proba"):
        proba = estimator.predict_proba(X)
        return np.log(np.maximum(proba, np.finfo(np.float64).tiny))
    scores = np.asarray(estimator.decision_function(X), dtype=np.float64)
    if scores.ndim == 1:  # binary: the score of classes_[1] over classes_[0]
        scores = np.column_stack([np.zeros_like(scores), scores])
    return scores


def _view_has_proba(view):
    return view.has_proba


class ShiftedScores(ClassifierMixin, BaseEstimator):
    """The outputs of a logit-adjusted model for scores computed once.

    Holds the unshifted scores of some samples (:func:`unshifted_scores`) and
    answers ``predict``, ``predict_proba``, ``predict_log_proba`` and
    ``decision_function`` for **those samples** at one ``tau``, ignoring
    ``X``. :class:`LogitAdjustedClassifier` computes every output through it,
    and the shift stage of :class:`WeightedClassifierCV` scores one fold model
    at every ``tau`` from a single call of that model, with the same code.

    Parameters
    ----------
    classes : ndarray of shape (n_classes,)
        Class labels of the columns.
    scores : ndarray of shape (n_samples, n_classes)
        Unshifted scores.
    log_prior : ndarray of shape (n_classes,)
        Log of the class prior the model was trained under.
    tau : float
        Strength of the shift ``-tau * log_prior``.
    has_proba : bool
        Whether ``scores`` are log-probabilities (then ``predict_proba`` is
        available).
    """

    def __init__(self, classes, scores, log_prior, tau, has_proba):
        self.classes = classes
        self.scores = scores
        self.log_prior = log_prior
        self.tau = tau
        self.has_proba = has_proba
        self.classes_ = classes  # what scorers read; the object is born fitted

    def _shifted(self):
        return self.scores - self.tau * self.log_prior

    def predict(self, X=None):
        """Class with the highest shifted score."""
        return self.classes_[np.argmax(self._shifted(), axis=1)]

    def decision_function(self, X=None):
        """Shifted scores; for two classes, that of ``classes[1]`` minus ``classes[0]``."""
        shifted = self._shifted()
        if shifted.shape[1] == 2:
            return shifted[:, 1] - shifted[:, 0]
        return shifted

    @available_if(_view_has_proba)
    def predict_log_proba(self, X=None):
        """Shifted log-probabilities, renormalised."""
        return shift_log_proba(self.scores, self.tau * self.log_prior)

    @available_if(_view_has_proba)
    def predict_proba(self, X=None):
        """Shifted probabilities, ``∝ p̂(c|x) / prior_c ** tau``."""
        return np.exp(self.predict_log_proba(X))


class LogitAdjustedClassifier(ClassifierMixin, MetaEstimatorMixin, BaseEstimator):
    """Post-hoc logit adjustment: an alternative to training with class weights.

    Fits ``estimator`` as is (no balancing weights), estimates the class
    priors ``prior_c`` from the training labels, and at prediction time shifts
    the estimator's log-probabilities by ``-tau * log(prior_c)``. The shift
    moves decisions towards rare classes, as weighting would, for any number
    of classes, while the fitted ``estimator_`` keeps the calibration of
    unweighted training: ``estimator_.predict_proba`` matches the data's class
    frequencies, whereas :meth:`predict_proba` gives the probabilities for
    balanced classes (with ``tau=1``), consistent with :meth:`predict`.

    ``estimator`` may itself be a :class:`WeightedClassifier`: ``prior_c`` is
    then the prior its model was trained under, the class shares reweighted
    by ``weighter_.class_weight_`` (uniform for INS, where the shift changes
    nothing), so that weaker weighting and a shift combine.
    :class:`WeightedClassifierCV` searches that combination.

    Parameters
    ----------
    estimator : classifier, default=None
        The classifier to fit; it needs ``predict_proba`` or
        ``decision_function``. ``None`` means ``LogisticRegression()``.
    tau : float >= 0, default=1.0
        Strength of the adjustment. ``0`` leaves the estimator unchanged;
        ``1`` is the Bayes rule for the balanced error (each class counted
        equally); larger values favour rare classes more. ``tau`` only acts
        at prediction time; tune it with ``GridSearchCV`` and a score such as
        ``"balanced_accuracy"``.

    Attributes
    ----------
    estimator_ : classifier
        The fitted clone of ``estimator``.
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
    The adjusted scores are ``s_c(x) = log p̂(c|x) - tau * log(prior_c)``
    (``decision_function`` of the estimator in place of ``log p̂`` when it has
    no ``predict_proba``); :meth:`predict` is their argmax and
    :meth:`predict_proba` their softmax, ``∝ p̂(c|x) / prior_c ** tau``: the
    posterior under class priors ``∝ prior_c ** (1 - tau)``.

    References
    ----------
    A. K. Menon, S. Jayasumana, A. S. Rawat, H. Jain, A. Veit and S. Kumar,
    "Long-tail learning via logit adjustment", ICLR 2021.

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
    """

    _parameter_constraints = {
        "estimator": [HasMethods(["fit"]), None],
        "tau": [Interval(Real, 0, None, closed="left")],
    }

    def __init__(self, estimator=None, *, tau=1.0):
        self.estimator = estimator
        self.tau = tau

    def _get_estimator(self):
        return LogisticRegression() if self.estimator is None else self.estimator

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, sample_weight=None, **fit_params):
        """Fit the estimator and estimate the class priors.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Training data, passed to the estimator unconverted.
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights: they weight the class priors and are passed
            to ``estimator.fit`` (routed by its request when metadata routing
            is enabled).
        **fit_params : dict
            Other parameters for ``estimator.fit``.

        Returns
        -------
        self : LogitAdjustedClassifier
            The fitted meta-estimator.
        """
        validate_data(self, X, y, skip_check_array=True)
        y = check_labels(y)
        check_one_label_per_row(X, y)
        sample_weight = check_sample_weight(sample_weight, y)
        estimator = self._get_estimator()
        if not (
            hasattr(estimator, "predict_proba")
            or hasattr(estimator, "decision_function")
        ):
            raise TypeError(
                f"{type(estimator).__name__} has neither predict_proba nor "
                "decision_function, so LogitAdjustedClassifier has no scores to "
                "adjust. Wrap a classifier that has one of them."
            )
        classes, _, counts = count_classes(y, sample_weight)

        if _routing_enabled():
            routed = process_routing(
                self, "fit", sample_weight=sample_weight, **fit_params
            )
            estimator_params = routed.estimator.fit
        else:
            estimator_params = dict(fit_params)
            if sample_weight is not None:
                estimator_params["sample_weight"] = sample_weight
        self.estimator_ = clone(estimator).fit(X, y, **estimator_params)
        self.classes_ = np.asarray(getattr(self.estimator_, "classes_", classes))
        prior = trained_class_prior(counts, classes, self.estimator_)
        self.class_prior_ = prior[class_index(self.classes_, classes, param="classes_")]
        return self

    def _shifted(self, X):
        """The outputs at ``tau`` for ``X``, from one call of the estimator."""
        check_is_fitted(self)
        return ShiftedScores(
            self.classes_,
            unshifted_scores(self.estimator_, X),
            np.log(self.class_prior_),
            self.tau,
            has_proba=hasattr(self.estimator_, "predict_proba"),
        )

    @available_if(_has_scores)
    def predict(self, X):
        """Class with the highest adjusted score.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predicted labels.
        """
        return self._shifted(X).predict(X)

    @available_if(_has_scores)
    def decision_function(self, X):
        """Adjusted scores.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
            For two classes, the adjusted score of ``classes_[1]`` minus that
            of ``classes_[0]``; otherwise one column per class.
        """
        return self._shifted(X).decision_function(X)

    @available_if(estimator_has("predict_proba"))
    def predict_proba(self, X):
        """Adjusted probabilities, ``∝ p̂(c|x) / prior_c ** tau``.

        These are the posterior probabilities under class priors
        ``∝ prior_c ** (1 - tau)`` (balanced classes for ``tau=1``), not under
        the training data's own class frequencies; for those, use
        ``estimator_.predict_proba``.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Probabilities, columns in the order of ``classes_``.
        """
        return self._shifted(X).predict_proba(X)

    @available_if(estimator_has("predict_proba"))
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
        return self._shifted(X).predict_log_proba(X)

    def get_metadata_routing(self):
        """Metadata routing of this object.

        ``sample_weight`` is consumed (for the priors) and routed to
        ``estimator.fit`` if it requests it; other ``fit`` parameters are
        routed to ``estimator.fit``.

        Returns
        -------
        routing : MetadataRouter
            The routing information.
        """
        return route_fit_to(self, self._get_estimator())

    def __sklearn_tags__(self):
        return inherit_tags(super().__sklearn_tags__(), self._get_estimator())
