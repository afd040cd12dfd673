"""What the meta-estimators share: delegation checks, inherited tags, fit routing,
the X/y length check and how weights reach the last step of a Pipeline.

``WeightedClassifier``, ``WeightedClassifierCV`` and ``LogitAdjustedClassifier``
each wrap one classifier, given as ``estimator`` (``None`` meaning a default
resolved by their ``_get_estimator``).
"""

import functools
import inspect

import numpy as np
from sklearn.base import is_classifier
from sklearn.exceptions import UnsetMetadataPassedError
from sklearn.pipeline import Pipeline
from sklearn.utils import get_tags
from sklearn.utils.metadata_routing import MetadataRouter, MethodMapping
from sklearn.utils.validation import has_fit_parameter, validate_data

from ._compat import _check_n_features, _num_samples, _routing_enabled

_INPUT_TAGS = (
    "sparse",
    "allow_nan",
    "pairwise",
    "categorical",
    "string",
    "positive_only",
)


def estimator_has(attr):
    """``available_if`` check: the fitted, else the unfitted, estimator has ``attr``."""

    def check(self):
        if hasattr(self, "estimator_"):
            return hasattr(self.estimator_, attr)
        return hasattr(self._get_estimator(), attr)

    return check


def _check_instance(estimator):
    if isinstance(estimator, type):
        raise TypeError(
            f"estimator={estimator.__name__} is a class; pass an instance, e.g. "
            f"estimator={estimator.__name__}()."
        )


def check_is_classifier(estimator, owner):
    """Raise a ``TypeError`` if ``estimator`` declares itself something other
    than a classifier (a regressor, a transformer, ...): ``owner`` needs its
    classes and predictions. Estimators that declare no type pass (duck typing).
    """
    _check_instance(estimator)
    if not is_classifier(estimator) and get_tags(estimator).estimator_type is not None:
        raise TypeError(
            f"{owner} wraps a classifier, but estimator={type(estimator).__name__}() "
            "is not one. Pass a classifier (e.g. LogisticRegression(), "
            "HistGradientBoostingClassifier()) or a Pipeline ending in one."
        )


def inherit_tags(tags, estimator, *, multi_output=False):
    """Copy the input tags (and classifier tags) of ``estimator`` into ``tags``.

    The wrapper accepts what the wrapped estimator accepts. A non-classifier
    has no classifier tags: ``fit`` rejects it with a clear error, so tags
    must not fail first. ``multi_output`` also copies the multi-output and
    multilabel support, for wrappers that pass a 2-D ``y`` through.
    """
    _check_instance(estimator)
    inner = get_tags(estimator)
    for name in _INPUT_TAGS:
        setattr(tags.input_tags, name, getattr(inner.input_tags, name))
    if inner.classifier_tags is None:
        return tags
    tags.classifier_tags.multi_class = inner.classifier_tags.multi_class
    tags.classifier_tags.poor_score = inner.classifier_tags.poor_score
    if multi_output:
        tags.target_tags.multi_output = inner.target_tags.multi_output
        tags.classifier_tags.multi_label = inner.classifier_tags.multi_label
    return tags


def route_fit_to(owner, estimator):
    """A ``MetadataRouter`` for ``owner`` that routes ``fit`` params to ``estimator.fit``."""
    return (
        MetadataRouter(owner=owner)
        .add_self_request(owner)
        .add(
            estimator=estimator,
            method_mapping=MethodMapping().add(caller="fit", callee="fit"),
        )
    )


def weighted_step(estimator):
    """The estimator that will receive the weights: the last step of pipelines."""
    while isinstance(estimator, Pipeline):
        estimator = estimator.steps[-1][1]
    return estimator


_FEATURE_ATTRIBUTES = ("n_features_in_", "feature_names_in_")


def keeps_features_on_failure(fit_method):
    """Decorate a fit method so that a failure leaves the input-feature attributes.

    ``validate_data`` records ``n_features_in_`` and ``feature_names_in_``
    when ``fit`` starts, before the steps that can still fail; if one does,
    they are put back as they were (or removed, on a first fit), so that a
    refused fit or batch changes no fitted attribute.
    """

    @functools.wraps(fit_method)
    def wrapper(owner, *args, **kwargs):
        saved = {
            name: owner.__dict__[name]
            for name in _FEATURE_ATTRIBUTES
            if name in owner.__dict__
        }
        try:
            return fit_method(owner, *args, **kwargs)
        except BaseException:
            for name in _FEATURE_ATTRIBUTES:
                owner.__dict__.pop(name, None)
            owner.__dict__.update(saved)
            raise

    return wrapper


def check_features(owner, X, y, *, reset):
    """``validate_data(owner, X, y, skip_check_array=True, reset=reset)``, cheap for streams.

    Sets (``reset=True``) or checks ``n_features_in_`` and
    ``feature_names_in_`` without converting ``X``. A later batch that is
    a plain 2-D ndarray, for an owner fitted without feature names, has no
    names to check: only its number of columns is, which is all a
    stream's batches of arrays need.
    """
    if (
        reset
        or not isinstance(X, np.ndarray)
        or X.ndim != 2
        or hasattr(owner, "feature_names_in_")
    ):
        validate_data(owner, X, y, skip_check_array=True, reset=reset)
    else:
        _check_n_features(owner, X, reset=False)


def check_one_label_per_row(X, y):
    if isinstance(X, np.ndarray) and isinstance(y, np.ndarray) and X.ndim and y.ndim:
        n_rows, n_labels = X.shape[0], y.shape[0]  # a stream's usual batch
    else:
        n_rows, n_labels = _count_rows(X, "X"), _count_rows(y, "y")
    if n_rows != n_labels:
        raise ValueError(
            f"X and y have inconsistent numbers of samples: X has {n_rows} rows "
            f"but y has {n_labels} labels. Pass one label per row of X."
        )


def _count_rows(data, name):
    try:
        return _num_samples(data)
    except TypeError as exc:
        raise TypeError(
            f"{name} must be array-like with one row per sample (an array, a sparse "
            f"matrix or a dataframe); got {type(data).__name__}."
        ) from exc


def check_accepts_sample_weight(estimator):
    step = weighted_step(estimator)
    if step in (None, "passthrough") or not has_fit_parameter(step, "sample_weight"):
        where = "" if step is estimator else " (the last step of the Pipeline)"
        raise TypeError(
            f"{type(step).__name__}.fit{where} does not accept sample_weight, so "
            "WeightedClassifier cannot train it with class weights. Wrap an "
            "estimator whose fit takes sample_weight (e.g. LogisticRegression, "
            "RandomForestClassifier, HistGradientBoostingClassifier, SVC), or a "
            "Pipeline whose last step does; or opt in to an approximation with "
            "fallback='resample' (a weighted bootstrap of the training rows)."
        )


def pipeline_sample_weight_params(estimator, weights, user_sample_weight):
    """Fit params that deliver ``weights`` to ``estimator`` with routing off.

    A plain estimator takes ``sample_weight=``. A :class:`~sklearn.pipeline.Pipeline`
    takes ``<last step>__sample_weight=`` (recursively for nested pipelines),
    while earlier steps that accept ``sample_weight`` (e.g. ``StandardScaler``)
    get the user's own weights, so that a weight of 2 still means a repeated row
    for them.
    """
    if not isinstance(estimator, Pipeline):
        return {"sample_weight": weights}
    *head, (last_name, last_step) = estimator.steps
    params = {}
    if user_sample_weight is not None:
        for name, step in head:
            if step not in (None, "passthrough") and has_fit_parameter(
                step, "sample_weight"
            ):
                params[f"{name}__sample_weight"] = user_sample_weight
    for key, value in pipeline_sample_weight_params(
        last_step, weights, user_sample_weight
    ).items():
        params[f"{last_name}__{key}"] = value
    return params


def fit_weighted(estimator, X, y, weights, user_sample_weight, fit_params):
    """Fit ``estimator`` with ``weights`` as its ``sample_weight``.

    The one way the computed weights reach the estimator, in memory and on
    dask alike: with routing off, :func:`pipeline_sample_weight_params`
    (``<last step>__sample_weight`` for a Pipeline); with routing on,
    ``sample_weight=`` and the requests set on the estimator decide. With
    routing off, in-memory weights that are all 1 (and no user
    ``sample_weight``) are not passed at all; lazy dask weights always are.
    """
    if (
        not _routing_enabled()  # with routing on, the requests decide, always
        and user_sample_weight is None
        and isinstance(weights, np.ndarray)
        and np.all(weights == 1.0)
    ):
        # Nothing to weight (scheme="uniform", or INS on balanced classes):
        # fit as the bare estimator would, without an all-ones sample_weight
        # (which some estimators pay for: HistGradientBoosting 5-7x).
        return estimator.fit(X, y, **fit_params)
    weight_params = (
        {"sample_weight": weights}
        if _routing_enabled()
        else pipeline_sample_weight_params(estimator, weights, user_sample_weight)
    )
    try:
        return estimator.fit(X, y, **{**fit_params, **weight_params})
    except UnsetMetadataPassedError as exc:
        # The weights are the wrapper's own, not the user's: say which
        # requests deliver them, rather than scikit-learn's message blaming
        # a step for weights the user never passed.
        raise TypeError(
            "WeightedClassifier passes its class-balancing weights to "
            f"{type(estimator).__name__}.fit as sample_weight, and with "
            "metadata routing enabled every step that accepts "
            "sample_weight must say whether it wants them. Set "
            f"{sample_weight_requests(estimator)} on the estimator "
            f"before wrapping it. ({exc})"
        ) from exc


def sample_weight_requests(estimator):
    """The ``set_fit_request`` calls that route a wrapper's weights to ``estimator``.

    For a Pipeline, the last step requests ``sample_weight`` and every earlier
    step that accepts it declines (the weights are for the classifier), e.g.
    ``StandardScaler().set_fit_request(sample_weight=False)``.
    """
    if not isinstance(estimator, Pipeline):
        return f"{type(estimator).__name__}().set_fit_request(sample_weight=True)"
    *head, (_, last) = estimator.steps
    requests = [
        f"{type(step).__name__}().set_fit_request(sample_weight=False)"
        for _, step in head
        if step not in (None, "passthrough")
        and has_fit_parameter(step, "sample_weight")
    ]
    requests.append(sample_weight_requests(last))
    return ", ".join(requests)


def check_partial_fit_accepts_sample_weight(estimator):
    """Raise a ``TypeError`` unless ``estimator.partial_fit`` takes ``sample_weight``."""
    if "sample_weight" not in inspect.signature(estimator.partial_fit).parameters:
        raise TypeError(
            f"{type(estimator).__name__}.partial_fit does not accept sample_weight, "
            "so WeightedClassifier cannot train it with class weights. Use an "
            "estimator whose partial_fit does: SGDClassifier (e.g. "
            "SGDClassifier(loss='hinge', penalty=None, learning_rate='pa1', eta0=1.0) "
            "for a passive-aggressive update), Perceptron, MultinomialNB, "
            "BernoulliNB or (scikit-learn >= 1.7) MLPClassifier."
        )
