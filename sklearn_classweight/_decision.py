"""Probabilities the decision layer can trust, and the priors it decides under.

Post-hoc decisions (the logit shift of :class:`LogitAdjustedClassifier`, and
any rule that reads posterior probabilities) change what is done with a
model's scores, not what the model learns. They are only as good as those
scores: subtracting ``log(prior)`` from a raw margin (``LinearSVC``,
``RidgeClassifier``, ``SVC``), which is not a log-probability, moves every
decision to the rare class. So a model without ``predict_proba`` is first
calibrated on its out-of-fold decision values (:class:`MarginCalibration`:
a Platt sigmoid per class by default, or one temperature; ``"isotonic"``
through :class:`~sklearn.calibration.CalibratedClassifierCV` with
``ensemble=False``). The model itself is refitted on all data. Models with
``predict_proba`` are used as they are.

:class:`PosteriorClassifier` is the base of the estimators that decide on
those probabilities: it fits the wrapped model (and its calibration), counts
the prior the model was trained under (``class_prior_``), and turns a
``target_prior`` into the per-class log-ratio that moves the posterior from
the training prior to the target one (Saerens et al., 2002).
"""

import numpy as np
from scipy import optimize
from scipy.special import expit, log_softmax
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    MetaEstimatorMixin,
    clone,
)
from sklearn.calibration import CalibratedClassifierCV
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.utils.metadata_routing import process_routing
from sklearn.utils.validation import check_is_fitted, validate_data

from ._compat import _routing_enabled
from ._counting import check_labels, check_sample_weight, count_classes
from ._dask import is_dask_collection
from ._meta import check_one_label_per_row, inherit_tags, route_fit_to
from ._prior_correction import class_index, trained_class_prior

#: Folds of the out-of-fold calibration of a model without ``predict_proba``
#: (fewer when the smallest class has fewer samples).
CALIBRATION_FOLDS = 5


def resolve_calibration(estimator, calibration):
    """The calibration method a decision will use for ``estimator``, or ``None``.

    ``"auto"`` uses ``predict_proba`` as it is when the estimator has one,
    and calibrates its ``decision_function`` with ``"sigmoid"`` otherwise.
    ``None`` uses ``predict_proba`` as it is, and is an error for an
    estimator without one.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.svm import LinearSVC
    >>> from sklearn_classweight._decision import resolve_calibration
    >>> resolve_calibration(LogisticRegression(), "auto") is None
    True
    >>> resolve_calibration(LinearSVC(), "auto")
    'sigmoid'
    """
    has_proba = hasattr(estimator, "predict_proba")
    if not has_proba and not hasattr(estimator, "decision_function"):
        raise TypeError(
            f"{type(estimator).__name__} has neither predict_proba nor "
            "decision_function, so there are no scores to decide on. Wrap a "
            "classifier that has one of them."
        )
    if calibration == "auto":
        return None if has_proba else "sigmoid"
    if calibration is None and not has_proba:
        raise TypeError(
            f"calibration=None uses predict_proba as it is, but "
            f"{type(estimator).__name__} has no predict_proba: its "
            "decision_function is a margin, not a log-probability. Use "
            "calibration='auto', 'sigmoid' or 'temperature'."
        )
    return calibration


def _logits(model, X):
    """Per-class scores of ``model``: a binary ``d`` becomes ``[0, d]``."""
    if hasattr(model, "decision_function"):
        scores = np.asarray(model.decision_function(X), dtype=np.float64)
    else:
        scores = safe_log(model.predict_proba(X))
    if scores.ndim == 1:
        scores = np.column_stack([np.zeros_like(scores), scores])
    return scores


def _weighted_log_loss(log_proba, codes, weight):
    return -np.average(log_proba[np.arange(len(codes)), codes], weights=weight)


def _fit_platt(score, is_class, weight):
    """Slope and intercept of Platt's sigmoid ``P(class | s) = sigmoid(a s + b)``.

    Weighted log-loss against Platt's smoothed targets (``(n+ + 1) / (n+ + 2)``
    for the class, ``1 / (n- + 2)`` for the rest), which keeps the slope finite
    on separable scores (Platt, 1999).
    """
    positives = np.sum(weight[is_class])
    negatives = np.sum(weight[~is_class])
    target = np.where(
        is_class, (positives + 1.0) / (positives + 2.0), 1.0 / (negatives + 2.0)
    )
    weight = weight / weight.sum()

    def loss_and_gradient(params):
        z = params[0] * score + params[1]
        # log(1 + e^z) - t z is the log-loss of sigmoid(z) against target t
        loss = np.sum(weight * (np.logaddexp(0.0, z) - target * z))
        residual = weight * (expit(z) - target)
        return loss, np.array([np.sum(residual * score), np.sum(residual)])

    result = optimize.minimize(
        loss_and_gradient, np.array([1.0, 0.0]), jac=True, method="L-BFGS-B"
    )
    return float(result.x[0]), float(result.x[1])


class MarginCalibration:
    """Probabilities of a fitted model's scores, fitted on held-out scores.

    Two maps are fitted on the same held-out scores (``_logits`` shape):

    - a temperature ``T``, ``softmax(scores / T)`` (Guo et al., 2017):
      dividing every score by one positive number keeps each row's argmax,
      so these probabilities predict what the model predicts. They are the
      model's own probabilities when nothing is shifted;
    - with ``method="sigmoid"``, one Platt sigmoid per class on its score,
      ``sigmoid(a_c s_c + b_c)``, renormalised over the classes (a single
      sigmoid for two classes; Platt, 1999). It also learns each class's
      offset, which one temperature cannot: one-vs-rest margins of rare
      classes sit far below zero. These are the probabilities a shift moves.

    Parameters
    ----------
    estimator : classifier
        The fitted model whose ``decision_function`` (else log
        ``predict_proba``) is calibrated.
    method : {"sigmoid", "temperature"}
        The map of the shifted probabilities.

    Attributes
    ----------
    temperature_ : float
        The fitted ``T``.
    slope_, intercept_ : ndarray of shape (n_sigmoids,)
        The sigmoids' ``a_c`` and ``b_c`` (``method="sigmoid"``): one for
        two classes (that of ``classes_[1]``), else one per class.
    """

    def __init__(self, estimator, method):
        self.estimator = estimator
        self.method = method

    def fit(self, scores, y, sample_weight=None):
        """Fit the maps on held-out ``scores`` (``_logits`` shape) of labels ``y``."""
        codes = np.searchsorted(np.asarray(self.estimator.classes_), y)
        weight = np.ones(len(codes)) if sample_weight is None else sample_weight

        def temperature_loss(log_temperature):
            log_proba = log_softmax(scores / np.exp(log_temperature), axis=1)
            return _weighted_log_loss(log_proba, codes, weight)

        # Bounded: separable scores push T to 0, uninformative ones to infinity.
        result = optimize.minimize_scalar(
            temperature_loss, bounds=(-10.0, 10.0), method="bounded"
        )
        self.temperature_ = float(np.exp(result.x))
        if self.method == "sigmoid":
            columns = [1] if scores.shape[1] == 2 else range(scores.shape[1])
            fits = [_fit_platt(scores[:, c], codes == c, weight) for c in columns]
            self.slope_ = np.array([slope for slope, _ in fits])
            self.intercept_ = np.array([intercept for _, intercept in fits])
        return self

    def log_proba(self, X):
        """Calibrated log-probabilities of the model for ``X`` (``method``)."""
        logits = _logits(self.estimator, X)
        if self.method == "temperature":
            return log_softmax(logits / self.temperature_, axis=1)
        if logits.shape[1] == 2:  # one sigmoid: the log-odds of classes_[1]
            log_odds = self.slope_[0] * logits[:, 1] + self.intercept_[0]
            return log_softmax(
                np.column_stack([np.zeros_like(log_odds), log_odds]), axis=1
            )
        # One-vs-rest sigmoids, renormalised: log sigmoid(z) = -log(1 + e^-z).
        log_sigmoid = -np.logaddexp(0.0, -(self.slope_ * logits + self.intercept_))
        return log_softmax(log_sigmoid, axis=1)

    def predict_proba(self, X):
        """Calibrated probabilities of the model for ``X`` (``method``)."""
        return np.exp(self.log_proba(X))

    def unshifted_proba(self, X):
        """``softmax(scores / T)``: the model's own decisions, calibrated confidence."""
        return np.exp(
            log_softmax(_logits(self.estimator, X) / self.temperature_, axis=1)
        )


def fit_calibrated(estimator, method, X, y, counts, fit_params):
    """Fit a clone of ``estimator`` on all data and a calibrator of its scores.

    The calibrator maps the model's scores to probabilities. It is fitted on
    out-of-fold scores (stratified folds, at most ``CALIBRATION_FOLDS``), so
    that it learns how confident the model is on data it has not seen, and
    the model it calibrates is the one refitted on all data. With a class of
    a single sample no fold can hold it out: the calibrator is then fitted
    on the training scores themselves.

    Returns
    -------
    estimator_ : classifier
        The clone of ``estimator`` fitted on all of ``X``.
    calibrator_ : MarginCalibration or CalibratedClassifierCV
        Its calibrator (``CalibratedClassifierCV`` for ``"isotonic"``);
        ``calibrator_.predict_proba(X)`` calls ``estimator_``.
    """
    n_folds = int(min(CALIBRATION_FOLDS, np.min(counts)))
    folds = StratifiedKFold(n_folds) if n_folds >= 2 else None
    if method in ("sigmoid", "temperature"):
        fitted = clone(estimator).fit(X, y, **fit_params)
        if folds is None:
            scores = _logits(fitted, X)
        else:
            has_margin = hasattr(estimator, "decision_function")
            scores = cross_val_predict(
                clone(estimator),
                X,
                y,
                cv=folds,
                method="decision_function" if has_margin else "predict_proba",
                params=fit_params,
            )
            if not has_margin:
                scores = safe_log(scores)
            if scores.ndim == 1:
                scores = np.column_stack([np.zeros_like(scores), scores])
        calibrator = MarginCalibration(fitted, method).fit(
            scores, y, fit_params.get("sample_weight")
        )
        return fitted, calibrator
    if folds is not None:
        calibrator = CalibratedClassifierCV(
            clone(estimator), method=method, cv=folds, ensemble=False
        ).fit(X, y, **fit_params)
        return calibrator.calibrated_classifiers_[0].estimator, calibrator
    fitted = clone(estimator).fit(X, y, **fit_params)
    weight = {}
    if "sample_weight" in fit_params:
        weight["sample_weight"] = fit_params["sample_weight"]
    calibrator = CalibratedClassifierCV(FrozenEstimator(fitted), method=method).fit(
        X, y, **weight
    )
    return fitted, calibrator


def check_target_prior(target_prior, classes, class_prior, *, param="target_prior"):
    """A target prior as an array aligned with ``classes``.

    Parameters
    ----------
    target_prior : {"balanced", "train"}, array-like or dict
        ``"balanced"``: every class alike; ``"train"``: ``class_prior`` (the
        prior the model was trained under); an array of positive shares in
        the order of ``classes``; or a dict from every class label to its
        share. Shares must be positive and sum to 1.
    classes : ndarray of shape (n_classes,)
        Class labels, sorted.
    class_prior : ndarray of shape (n_classes,)
        The training prior.
    param : str, default="target_prior"
        The name errors give the parameter.

    Returns
    -------
    prior : ndarray of shape (n_classes,)

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_classweight._decision import check_target_prior
    >>> classes, train = np.array(["a", "b"]), np.array([0.9, 0.1])
    >>> check_target_prior("balanced", classes, train)
    array([0.5, 0.5])
    >>> check_target_prior({"a": 0.7, "b": 0.3}, classes, train)
    array([0.7, 0.3])
    """
    n_classes = len(classes)
    if isinstance(target_prior, str):
        if target_prior == "balanced":
            return np.full(n_classes, 1.0 / n_classes)
        if target_prior == "train":
            return np.asarray(class_prior, dtype=np.float64)
        raise ValueError(
            f"{param}={target_prior!r} is not a prior; pass 'balanced', 'train', "
            "an array of class shares in the order of classes_, or a dict from "
            "class label to share."
        )
    if isinstance(target_prior, dict):
        labels = np.asarray(list(target_prior.keys()))
        unknown = [
            label
            for label in target_prior
            if not np.any(np.asarray(classes == label, dtype=bool))
        ]
        if unknown:
            raise ValueError(
                f"{param} names labels {unknown} that are not classes of the "
                f"model (classes_ is {classes.tolist()}); key the dict by those "
                "labels."
            )
        missing = [label for label in classes.tolist() if label not in target_prior]
        if missing:
            raise ValueError(
                f"{param} gives no share for the classes {missing}; give every "
                f"class of classes_ ({classes.tolist()}) a positive share."
            )
        values = np.array(list(target_prior.values()), dtype=np.float64)
        prior = np.empty(n_classes)
        prior[class_index(labels, classes, param=param)] = values
    else:
        try:
            prior = np.asarray(target_prior, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise TypeError(
                f"{param} must be 'balanced', 'train', an array of class shares "
                f"or a dict; got {type(target_prior).__name__}."
            ) from exc
        if prior.shape != (n_classes,):
            raise ValueError(
                f"{param} has shape {prior.shape}, but the model has {n_classes} "
                f"classes ({classes.tolist()}); pass one share per class, in the "
                "order of classes_."
            )
    if not np.all(np.isfinite(prior)) or np.any(prior <= 0):
        raise ValueError(
            f"{param} has a zero, negative or non-finite share ({prior.tolist()}); "
            "every class needs a positive share: a class of share 0 could never "
            "be predicted."
        )
    if not np.isclose(prior.sum(), 1.0, rtol=0.0, atol=1e-6):
        raise ValueError(
            f"{param} sums to {prior.sum():.6g}, not 1; pass shares that sum to "
            "1 (e.g. counts / counts.sum())."
        )
    return prior / prior.sum()


def _log_softmax_blocks(block, shift):
    return log_softmax(np.asarray(block, dtype=np.float64) + shift, axis=1)


def has_posterior(self):
    """``available_if`` check: the model's own ``predict_proba``, or its calibration's."""
    if hasattr(self, "estimator_"):
        return hasattr(self.estimator_, "predict_proba") or (
            self.calibrator_ is not None
        )
    estimator = self._get_estimator()
    return hasattr(estimator, "predict_proba") or (
        self.calibration is not None and hasattr(estimator, "decision_function")
    )


class PosteriorClassifier(ClassifierMixin, MetaEstimatorMixin, BaseEstimator):
    """Base of the meta-classifiers that decide on trusted posteriors.

    Subclasses declare ``estimator``, ``calibration`` and ``target_prior``
    parameters and decide with :meth:`_log_posterior` (the calibrated
    log-probabilities under the prior the model was trained under) and
    :meth:`_log_prior_ratio` (what moves them to ``target_prior``).
    Fitted, they have ``train_posterior_mean_``: the mean trusted posterior
    on the training data (weighted by ``sample_weight``), the prior the
    model's probabilities imply, which label-shift estimation
    (:func:`estimate_target_prior`) takes as the source prior.
    """

    def _get_estimator(self):
        return LogisticRegression() if self.estimator is None else self.estimator

    def _fit_posterior(self, X, y, sample_weight, fit_params):
        """Fit the model (and its calibration); set the training prior."""
        estimator = self._get_estimator()
        method = resolve_calibration(estimator, self.calibration)
        if is_dask_collection(X) or is_dask_collection(y):
            return self._fit_posterior_dask(
                estimator, method, X, y, sample_weight, fit_params
            )
        if y is None:  # the words scikit-learn's checks expect
            raise ValueError(
                f"{type(self).__name__} requires y to be passed, but the target y "
                "is None. Pass the class labels."
            )
        y = check_labels(y)
        check_one_label_per_row(X, y)
        sample_weight = check_sample_weight(sample_weight, y)
        classes, codes, counts = count_classes(y, sample_weight)
        # A bad target prior fails before any fit.
        check_target_prior(self.target_prior, classes, counts / counts.sum())

        if _routing_enabled():
            routed = process_routing(
                self, "fit", sample_weight=sample_weight, **fit_params
            )
            estimator_params = routed.estimator.fit
        else:
            estimator_params = dict(fit_params)
            if sample_weight is not None:
                estimator_params["sample_weight"] = sample_weight
        if method is None:
            estimator_ = clone(estimator).fit(X, y, **estimator_params)
            calibrator_ = None
        else:
            estimator_, calibrator_ = fit_calibrated(
                estimator, method, X, y, np.bincount(codes), estimator_params
            )
        # The prior the model's own probabilities imply: the source prior of
        # label-shift estimation (Alexandari et al., 2020), one extra predict.
        model = estimator_ if calibrator_ is None else calibrator_
        posterior_mean = np.average(
            np.asarray(model.predict_proba(X), dtype=np.float64),
            axis=0,
            weights=sample_weight,
        )
        self._set_fitted(X, y, estimator_, calibrator_, classes, counts, posterior_mean)
        return self

    def _fit_posterior_dask(self, estimator, method, X, y, sample_weight, fit_params):
        """:meth:`_fit_posterior` for dask collections (e.g. ``DaskXGBClassifier``).

        The training prior is one distributed count; the model is fitted on
        the collections as they are. Out-of-fold calibration would need
        in-memory folds, so a model without ``predict_proba`` is refused.
        """
        from ._dask import check_dask_fit_inputs, count_dask_classes

        if method is not None:
            raise TypeError(
                f"{type(self).__name__} on dask collections needs a model with "
                f"predict_proba (e.g. DaskXGBClassifier, DaskLGBMClassifier); "
                f"{type(estimator).__name__} would need calibration={method!r}, "
                "which is fitted on in-memory folds. Compute the data, or wrap a "
                "probabilistic dask model."
            )
        check_dask_fit_inputs(X, y, sample_weight)
        classes, counts = count_dask_classes(y, sample_weight)
        estimator_params = dict(fit_params)
        if sample_weight is not None:
            estimator_params["sample_weight"] = sample_weight
        estimator_ = clone(estimator).fit(X, y, **estimator_params)
        self._set_fitted(X, y, estimator_, None, classes, counts, None)
        return self

    def _set_fitted(
        self, X, y, estimator_, calibrator_, classes, counts, posterior_mean
    ):
        # All fitted state is written here, after every check has passed,
        # ``n_features_in_`` too: a failed fit leaves the previous state.
        # ``posterior_mean`` is None on dask collections (it would cost a pass
        # over the data): ``train_posterior_mean_`` is then ``class_prior_``.
        model_classes = np.asarray(getattr(estimator_, "classes_", classes))
        if len(model_classes) != len(classes):
            raise ValueError(
                f"The fitted {type(estimator_).__name__} has classes "
                f"{model_classes.tolist()}, but y has {classes.tolist()}; the "
                "model must be fitted on every class of y."
            )
        prior = trained_class_prior(counts, classes, estimator_)
        class_prior = prior[
            class_index(model_classes, np.asarray(classes), param="classes_")
        ]
        check_target_prior(self.target_prior, model_classes, class_prior)
        if is_dask_collection(X):
            self.n_features_in_ = X.shape[1]
        else:
            validate_data(self, X, y, skip_check_array=True)
        self.estimator_ = estimator_
        self.calibrator_ = calibrator_
        self.classes_ = model_classes
        self.class_prior_ = class_prior
        self.train_posterior_mean_ = (
            class_prior if posterior_mean is None else posterior_mean
        )

    def _log_prior_ratio(self):
        """``log target_prior - log class_prior_``, per class (validated)."""
        target = check_target_prior(self.target_prior, self.classes_, self.class_prior_)
        return np.log(target) - np.log(self.class_prior_)

    def _log_posterior(self, X):
        """Trusted log-probabilities under ``class_prior_``, shape (n, n_classes).

        The calibrator's when there is one, else ``log predict_proba``; a zero
        probability becomes the log of the smallest positive float, never
        ``-inf``. Lazy (a dask Array) for dask inputs.
        """
        check_is_fitted(self)
        model = self.estimator_ if self.calibrator_ is None else self.calibrator_
        proba = model.predict_proba(X)
        if is_dask_collection(proba):
            return proba.map_blocks(safe_log, dtype=np.float64)
        return safe_log(proba)

    def _shifted_log_posterior(self, X, shift):
        """``log_posterior + shift`` renormalised (lazily for dask inputs)."""
        log_posterior = self._log_posterior(X)
        if is_dask_collection(log_posterior):
            return log_posterior.map_blocks(
                _log_softmax_blocks, shift, dtype=np.float64
            )
        return _log_softmax_blocks(log_posterior, shift)

    def _labels_of(self, scores):
        """Labels of the row-wise argmax of ``scores`` (lazily for dask)."""
        if is_dask_collection(scores):
            return scores.map_blocks(
                _take_argmax, self.classes_, drop_axis=1, dtype=self.classes_.dtype
            )
        return _take_argmax(scores, self.classes_)

    def get_metadata_routing(self):
        """Metadata routing of this object.

        ``sample_weight`` is consumed (for the training prior) and routed to
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


#: The log of a zero probability is taken as the log of this, never -inf.
_TINY = np.finfo(np.float64).tiny


def safe_log(proba):
    """``log(proba)``, a zero probability as the log of the smallest positive float."""
    return np.log(np.maximum(np.asarray(proba, dtype=np.float64), _TINY))


def _take_argmax(scores, classes):
    return classes[np.argmax(scores, axis=1)]
