"""WeightedClassifier: train any classifier with class-balancing sample weights."""

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
from sklearn.utils.multiclass import unique_labels
from sklearn.utils.validation import (
    check_is_fitted,
    has_fit_parameter,
    validate_data,
)

from ._compat import (
    HasMethods,
    StrOptions,
    _routing_enabled,
    fit_context,
)
from ._counting import check_sample_weight, densify_column
from ._dask import (
    check_dask_fit_inputs,
    check_in_memory_batch,
    is_dask_collection,
    multiply_lazily,
)
from ._meta import (
    check_accepts_sample_weight,
    check_features,
    check_is_classifier,
    check_one_label_per_row,
    check_partial_fit_accepts_sample_weight,
    estimator_has,
    fit_weighted,
    inherit_tags,
    keeps_features_on_failure,
    route_fit_to,
    weighted_step,
)
from ._prior_correction import (
    check_prior_correction,
    prior_corrected_proba,
    shift_log_proba,
    trained_class_weight,
)
from ._protocol import fit_weighter, partial_fit_weighter
from ._resample import fit_resampled
from ._weighter import ClassBalancedWeighter


class WeightedClassifier(ClassifierMixin, MetaEstimatorMixin, BaseEstimator):
    """Train any classifier with per-sample class-balancing weights.

    :meth:`fit` fits a clone of ``weighter`` on ``y`` (folding in the user's
    ``sample_weight``), multiplies the user's weights by the resulting class
    weights, and fits a clone of ``estimator`` with them as ``sample_weight``
    (with routing off, weights that are all 1 and no user ``sample_weight``
    are not passed: the estimator fits as it would bare). Prediction and
    scoring are delegated to the fitted estimator.

    Parameters
    ----------
    estimator : classifier, default=None
        The classifier to train; its ``fit`` must accept ``sample_weight``, or
        it must be a :class:`~sklearn.pipeline.Pipeline` whose last step's does.
        ``None`` means ``LogisticRegression()``.
    weighter : weighter, default=None
        Computes the per-sample weights, e.g. :class:`ClassBalancedWeighter`.
        ``None`` means ``ClassBalancedWeighter()`` (INS, mean-normalised);
        pass ``weighter=ClassBalancedWeighter()`` explicitly to tune its
        parameters as ``weighter__scheme``, ``weighter__beta``, ...
    prior_correction : bool or "all", default=False
        Undo the class weights in the probabilities: :meth:`predict_proba`
        returns ``p_c ∝ p̂_c / w_c``, renormalised, with ``w_c`` the class
        weights the model was trained with (``weighter_.class_weight_``), so
        that probabilities match the class frequencies of the unweighted
        data again (Elkan, 2001; Saerens et al., 2002). With ``True``,
        :meth:`predict` and :meth:`decision_function` are unchanged (the
        weighted model's decisions, usually better for rare classes); with
        ``"all"``, :meth:`predict` is also the argmax of the corrected
        probabilities. Needs an estimator with ``predict_proba``, a weighter
        with per-class weights and a 1-D ``y``. It restores calibration for
        well-specified models such as ``LogisticRegression``; flexible models
        (boosted trees) may be over-corrected: check a reliability diagram.
    fallback : {"resample"} or None, default=None
        What to do when the estimator's ``fit`` does not accept
        ``sample_weight``. ``None`` raises a ``TypeError``. ``"resample"``
        fits it on a weighted bootstrap of the training rows instead: as many
        rows as have a non-zero weight, drawn with probability ∝ weight,
        stratified by class so that the class proportions are those the
        weights describe. This is an approximation: the result depends on
        ``random_state``, within-class weights are honoured only on average,
        minority rows are repeated, and it costs a copy of ``X``.
        Ignored when the estimator accepts ``sample_weight``.
    random_state : int, RandomState instance or None, default=None
        Seed of the ``fallback="resample"`` bootstrap; set it for
        reproducible fits.

    Attributes
    ----------
    estimator_ : classifier
        The fitted clone of ``estimator``.
    weighter_ : weighter
        The fitted clone of ``weighter``; e.g. ``weighter_.class_weight_``.
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    n_features_in_ : int
        Number of features seen during :meth:`fit`.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during :meth:`fit`, when ``X`` has string
        column names.

    See Also
    --------
    ClassBalancedWeighter : The default weighter and its schemes.
    sklearn.utils.class_weight.compute_sample_weight : scikit-learn's
        ``"balanced"`` weights.

    Notes
    -----
    With metadata routing off (scikit-learn's default), ``sample_weight`` and
    other ``fit`` parameters are passed to ``estimator.fit``; for a
    ``Pipeline``, the weights go to the last step and the user's own
    ``sample_weight`` also to earlier steps whose ``fit`` accepts it.

    With routing on (``sklearn.set_config(enable_metadata_routing=True)``), the
    wrapper consumes ``sample_weight`` itself and always passes the computed
    weights to ``estimator.fit``; other fit parameters are routed according to
    the requests set on ``estimator``. A ``Pipeline`` then needs
    ``set_fit_request(sample_weight=True)`` on the steps that should receive
    the weights, as usual with routing. To receive ``sample_weight`` from a
    meta-estimator such as ``GridSearchCV``, request it on this wrapper:
    ``WeightedClassifier(...).set_fit_request(sample_weight=True)``.

    The weighter protocol (for third-party weighters) is documented in
    ``sklearn_classweight._protocol``.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn_classweight import ClassBalancedWeighter, WeightedClassifier
    >>> X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
    >>> clf = WeightedClassifier(
    ...     LogisticRegression(), weighter=ClassBalancedWeighter("ens", beta=0.99)
    ... ).fit(X, y)
    >>> clf.weighter_.class_counts_
    array([180.,  20.])
    >>> clf.weighter_.class_weight_.round(3)
    array([0.736, 3.379])
    >>> clf.predict(X[:3])
    array([0, 0, 1])
    """

    _parameter_constraints = {
        "estimator": [HasMethods(["fit"]), None],
        "weighter": [HasMethods(["fit_transform"]), None],
        "prior_correction": ["boolean", StrOptions({"all"})],
        "fallback": [StrOptions({"resample"}), None],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        estimator=None,
        weighter=None,
        *,
        prior_correction=False,
        fallback=None,
        random_state=None,
    ):
        self.estimator = estimator
        self.weighter = weighter
        self.prior_correction = prior_correction
        self.fallback = fallback
        self.random_state = random_state

    def _get_estimator(self):
        return LogisticRegression() if self.estimator is None else self.estimator

    def _get_weighter(self):
        return ClassBalancedWeighter() if self.weighter is None else self.weighter

    def set_params(self, **params):
        """Set the parameters of this estimator and of its nested objects.

        Nested parameters (``weighter__beta``, ``estimator__C``) need the
        nested object to be given explicitly: the ``None`` defaults have no
        parameters to set.

        Parameters
        ----------
        **params : dict
            Estimator parameters.

        Returns
        -------
        self : WeightedClassifier
            This estimator.
        """
        defaults = {
            "weighter": "ClassBalancedWeighter()",
            "estimator": "LogisticRegression()",
        }
        for name, default in defaults.items():
            nested = sorted(key for key in params if key.startswith(f"{name}__"))
            if nested and params.get(name, getattr(self, name)) is None:
                raise ValueError(
                    f"Cannot set {', '.join(nested)}: {name} is None (the default "
                    f"{default} is built at fit time). Pass {name}={default} "
                    "explicitly, e.g. WeightedClassifier(LogisticRegression(), "
                    "weighter=ClassBalancedWeighter()), to tune its parameters."
                )
        return super().set_params(**params)

    @fit_context(
        # The inner estimator and weighter validate their own parameters.
        prefer_skip_nested_validation=False
    )
    @keeps_features_on_failure
    def fit(self, X, y, sample_weight=None, **fit_params):
        """Fit the weighter on ``y``, then the estimator with its weights.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Training data, passed to the estimator unconverted.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Class labels, or a multilabel / multi-output label matrix for an
            estimator that supports it (see ``ClassBalancedWeighter(combine=)``).
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative user weights. They are folded into the class counts
            and multiplied by the class-balancing weights.
        **fit_params : dict
            Other parameters for ``estimator.fit`` (routed by the requests set
            on the estimator when metadata routing is enabled).

        Returns
        -------
        self : WeightedClassifier
            The fitted meta-estimator.
        """
        dask = is_dask_collection(X) or is_dask_collection(y)
        y = self._check_inputs(X, y, sample_weight, dask=dask, reset=True)
        if not dask:  # a dask sample_weight is checked chunk by chunk, as counted
            sample_weight = check_sample_weight(sample_weight, y)
        estimator = self._check_estimator(self._get_estimator())
        resample = (
            not dask
            and self.fallback == "resample"
            and not has_fit_parameter(weighted_step(estimator), "sample_weight")
        )
        if not resample:
            check_accepts_sample_weight(estimator)

        weighter = clone(self._get_weighter())
        if dask:
            if not isinstance(weighter, ClassBalancedWeighter):
                raise TypeError(
                    f"weighter={type(weighter).__name__}() cannot weigh dask "
                    "collections; use ClassBalancedWeighter, which counts a dask y "
                    "in one distributed pass and returns lazy weights."
                )
            # Lazy weights, partitioned like y: only the counts are computed.
            weights = multiply_lazily(
                weighter.fit_transform(y, sample_weight=sample_weight), sample_weight
            )
        else:
            weights = fit_weighter(
                weighter,
                y,
                sample_weight=sample_weight,
                X=X,
                estimator=clone(estimator),
            )
            if sample_weight is not None:
                weights = weights * sample_weight
        check_prior_correction(self.prior_correction, estimator, weighter)

        if _routing_enabled():
            fit_params = process_routing(self, "fit", **fit_params).estimator.fit
        if resample:
            fitted = fit_resampled(
                clone(estimator),
                X,
                y,
                weights,
                random_state=self.random_state,
                fit_params=fit_params,
            )
        else:
            fitted = fit_weighted(
                clone(estimator), X, y, weights, sample_weight, fit_params
            )
        classes = _fitted_classes(
            fitted,
            # DaskXGBClassifier lists the classes of a dask Series in the order
            # it met them; scikit-learn's convention (and predict_proba) is sorted.
            sort=dask,
            otherwise=lambda: weighter.classes_ if dask else unique_labels(y),
        )
        self.estimator_, self.weighter_, self.classes_ = fitted, weighter, classes
        return self

    def _check_inputs(self, X, y, sample_weight, *, dask, reset):
        """The prologue of every fit path: in memory, on dask and partial_fit.

        Only the cheap checks: ``X`` against ``y`` and ``n_features_in_``.
        The weighter owns ``y`` (it validates the labels once, as it counts
        them), the estimator owns ``X``, and ``sample_weight`` is validated
        once, where it is first used. Returns ``y``, a sparse column vector
        made a dense 1-D array, which every estimator takes.
        """
        if dask:
            check_dask_fit_inputs(X, y, sample_weight)
            validate_data(self, X, y, skip_check_array=True, reset=reset)
            return y
        y = densify_column(y)
        check_features(self, X, y, reset=reset)
        check_one_label_per_row(X, y)
        return y

    def _check_estimator(self, estimator):
        check_is_classifier(estimator, type(self).__name__)
        return estimator

    @available_if(estimator_has("partial_fit"))
    @fit_context(prefer_skip_nested_validation=False)
    @keeps_features_on_failure
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """Train on one batch, weighted by the running class counts.

        Offered when the estimator has ``partial_fit`` (``SGDClassifier``,
        ``Perceptron``, ``MultinomialNB``, ``MLPClassifier``, ...), whose own
        ``class_weight="balanced"`` scikit-learn refuses for ``partial_fit``.
        Each call adds the batch to the weighter's running class counts
        (:meth:`ClassBalancedWeighter.partial_fit`), weights the batch's
        samples from the updated counts, rescaled so that the mean weight
        over all the data seen so far is 1 whatever the weighter's
        ``normalize`` (a scale that drifted from batch to batch would change
        the learning rate), multiplies by ``sample_weight``, and calls
        ``estimator.partial_fit``. For a drifting class prior, give the
        weighter a ``decay``, e.g.
        ``WeightedClassifier(SGDClassifier(), ClassBalancedWeighter(decay=0.9))``.

        The new counts are committed only once ``estimator.partial_fit`` has
        accepted the batch: a batch it refuses (NaN in ``X``, ...) leaves the
        counts, the class weights and the estimator as they were, so the
        cleaned batch can be passed again and is counted once.

        As in scikit-learn, ``partial_fit`` after :meth:`fit` continues from
        the fitted ``weighter_`` and ``estimator_``: the running counts start
        from the counts of the ``y`` given to :meth:`fit`. The stream is
        counted by ``weighter_`` and trained into ``estimator_`` (clones made
        on the first call): set a parameter on them to change it
        mid-stream. Parameters are validated on every call.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            The batch's samples, passed to the estimator unconverted.
        y : array-like of shape (n_samples,)
            The batch's class labels, all in ``classes``.
        classes : array-like of shape (n_classes,), default=None
            Every class the stream can contain; required on the first call,
            and passed to the estimator's ``partial_fit``.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative user weights of the batch: added to the class counts
            and multiplied by the class-balancing weights.

        Returns
        -------
        self : WeightedClassifier
            The updated meta-estimator.

        Examples
        --------
        >>> import numpy as np
        >>> from sklearn.linear_model import SGDClassifier
        >>> from sklearn_classweight import WeightedClassifier
        >>> rng = np.random.default_rng(0)
        >>> clf = WeightedClassifier(SGDClassifier(loss="log_loss", random_state=0))
        >>> for batch in range(5):
        ...     y = (rng.random(200) < 0.05).astype(int)
        ...     X = rng.normal(size=(200, 3)) + y[:, None]
        ...     clf = clf.partial_fit(X, y, classes=[0, 1])
        >>> clf.weighter_.class_counts_
        array([932.,  68.])
        """
        check_in_memory_batch(X=X, y=y, sample_weight=sample_weight)
        first_call = not hasattr(self, "estimator_")
        y = self._check_inputs(X, y, sample_weight, dask=False, reset=first_call)
        if first_call:
            if classes is None:
                raise ValueError(
                    "classes is required on the first call to partial_fit: pass "
                    "every class the stream can contain, e.g. classes=[0, 1], "
                    "since the first batch may lack some."
                )
            estimator = self._check_estimator(clone(self._get_estimator()))
            check_partial_fit_accepts_sample_weight(estimator)
            weighter = clone(self._get_weighter())
        else:
            estimator, weighter = self.estimator_, self.weighter_
        if not hasattr(weighter, "partial_fit"):  # also after a fit with one
            raise TypeError(
                f"weighter={type(weighter).__name__}() has no partial_fit, so "
                "it cannot keep running class counts; use "
                "ClassBalancedWeighter (with decay= for a drifting stream)."
            )
        # Nothing is committed yet: a batch the estimator refuses leaves the
        # running counts as they were, so cleaning it and retrying counts it once.
        weights, sample_weight, commit = partial_fit_weighter(
            weighter, y, sample_weight=sample_weight, classes=classes
        )
        if sample_weight is not None:
            weights = weights * sample_weight
        inner_params = {"sample_weight": weights}
        if classes is not None:
            inner_params["classes"] = classes
        estimator.partial_fit(X, y, **inner_params)
        weighter = commit()
        classes = _fitted_classes(
            estimator, sort=False, otherwise=lambda: weighter.classes_
        )
        self.estimator_, self.weighter_, self.classes_ = estimator, weighter, classes
        return self

    @available_if(estimator_has("predict"))
    def predict(self, X):
        """Predict class labels with the fitted estimator.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predicted labels.
        """
        check_is_fitted(self)
        if self.prior_correction == "all":
            return self.classes_[np.argmax(self.predict_proba(X), axis=1)]
        return self.estimator_.predict(X)

    @available_if(estimator_has("predict_proba"))
    def predict_proba(self, X):
        """Class probabilities from the fitted estimator.

        Without ``prior_correction`` they reflect the weighted training
        distribution: with balancing weights, rare classes get more
        probability than their prior. With it, ``p_c ∝ p̂_c / w_c``.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Probabilities, columns in the order of ``classes_``.
        """
        check_is_fitted(self)
        proba = self.estimator_.predict_proba(X)
        if self.prior_correction:
            class_weight = trained_class_weight(self.weighter_, self.classes_)
            return prior_corrected_proba(proba, class_weight)
        return proba

    @available_if(estimator_has("predict_log_proba"))
    def predict_log_proba(self, X):
        """Log of the class probabilities from the fitted estimator.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            Log-probabilities, columns in the order of ``classes_``.
        """
        check_is_fitted(self)
        log_proba = self.estimator_.predict_log_proba(X)
        if self.prior_correction:
            class_weight = trained_class_weight(self.weighter_, self.classes_)
            return shift_log_proba(log_proba, np.log(class_weight))
        return log_proba

    @available_if(estimator_has("decision_function"))
    def decision_function(self, X):
        """Decision function of the fitted estimator.

        Parameters
        ----------
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
            Confidence scores, as returned by the estimator.
        """
        check_is_fitted(self)
        return self.estimator_.decision_function(X)

    @available_if(estimator_has("score"))
    def score(self, X, y, sample_weight=None):
        """Score of the fitted estimator on ``(X, y)`` (accuracy for classifiers).

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
        check_is_fitted(self)
        if self.prior_correction == "all":  # the inner score would use its own predict
            return super().score(X, y, sample_weight=sample_weight)
        if sample_weight is None:
            return self.estimator_.score(X, y)
        return self.estimator_.score(X, y, sample_weight=sample_weight)

    def get_metadata_routing(self):
        """Metadata routing of this object.

        ``sample_weight`` is consumed by the wrapper (and replaced by the
        computed weights); other ``fit`` parameters are routed to
        ``estimator.fit``.

        Returns
        -------
        routing : MetadataRouter
            The routing information.
        """
        return route_fit_to(self, self._get_estimator())

    def __sklearn_tags__(self):
        return inherit_tags(
            super().__sklearn_tags__(), self._get_estimator(), multi_output=True
        )


def _fitted_classes(estimator, *, sort, otherwise):
    """The fitted estimator's ``classes_`` (sorted if ``sort``), else ``otherwise()``."""
    classes = getattr(estimator, "classes_", None)
    if classes is None:  # an estimator that does not expose them
        return otherwise()
    return np.unique(classes) if sort else classes
