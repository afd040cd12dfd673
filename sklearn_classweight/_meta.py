"""What the meta-estimators share: delegation checks, inherited tags, fit routing.

``WeightedClassifier``, ``WeightedClassifierCV`` and ``LogitAdjustedClassifier``
each wrap one classifier, given as ``estimator`` (``None`` meaning a default
resolved by their ``_get_estimator``).
"""

from sklearn.base import is_classifier
from sklearn.utils import get_tags
from sklearn.utils.metadata_routing import MetadataRouter, MethodMapping

_INPUT_TAGS = ("sparse", "allow_nan", "pairwise", "categorical", "string")


def estimator_has(attr):
    """``available_if`` check: the fitted, else the unfitted, estimator has ``attr``."""

    def check(self):
        if hasattr(self, "estimator_"):
            return hasattr(self.estimator_, attr)
        return hasattr(self._get_estimator(), attr)

    return check


def check_is_classifier(estimator, owner):
    """Raise a ``TypeError`` if ``estimator`` declares itself something other
    than a classifier (a regressor, a transformer, ...): ``owner`` needs its
    classes and predictions. Estimators that declare no type pass (duck typing).
    """
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
