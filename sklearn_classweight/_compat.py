"""The one home of scikit-learn's private names used by this package.

scikit-learn moves or renames its private helpers between releases; every
module here imports them from this file, so a new scikit-learn release is
adapted to in one place. The oldest release ``pyproject.toml`` allows is
tested in CI. Everything else is imported from scikit-learn's public API.
"""

import functools
import inspect
import operator
import os
import sys
import warnings

import joblib
import sklearn
from sklearn import get_config
from sklearn.base import _fit_context
from sklearn.utils import _safe_indexing
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    StrOptions,
    validate_params,
)
from sklearn.utils.metadata_routing import _routing_enabled
from sklearn.utils.validation import _check_n_features, _num_samples
from sklearn.utils.validation import (
    _check_sample_weight as _sklearn_check_sample_weight,
)

try:  # scikit-learn >= 1.7
    from sklearn.utils._repr_html.estimator import _VisualBlock
except ImportError:  # scikit-learn 1.6
    from sklearn.utils._estimator_html_repr import _VisualBlock

# scikit-learn >= 1.7 refuses all-zero weights unless told otherwise; this
# package reports that case itself, naming the parameter.
_ALL_ZERO_OPTION = (
    {"allow_all_zero_weights": True}
    if "allow_all_zero_weights"
    in inspect.signature(_sklearn_check_sample_weight).parameters
    else {}
)


def _check_sample_weight(sample_weight, X, *, dtype=None):
    """scikit-learn's sample_weight check, all-zero weights left to the caller."""
    return _sklearn_check_sample_weight(
        sample_weight, X, dtype=dtype, **_ALL_ZERO_OPTION
    )


def fit_context(*, prefer_skip_nested_validation):
    """scikit-learn's ``_fit_context``, for every fit method of this package.

    Two differences:

    - ``partial_fit`` validates the parameters on every call, as ``fit``
      does (scikit-learn validates them only on the first call), so that a
      parameter changed by ``set_params`` mid-stream gets the same
      constraint error. The check is skipped only when every parameter is
      still the very object last validated (see
      :func:`validate_params_if_changed`), which keeps a stream's batches cheap.
    - The decorated method may take an argument named ``estimator`` by
      keyword (the weighter protocol's name for the wrapped classifier):
      scikit-learn's wrapper names the instance ``estimator``, so it is
      passed positionally here.
    """

    def decorator(fit_method):
        # Named like fit_method, so that scikit-learn skips its own check of a
        # fitted partial_fit; validate_params_if_changed does it instead.
        @functools.wraps(fit_method)
        def call(instance, args, kwargs):
            return fit_method(instance, *args, **kwargs)

        in_context = _fit_context(
            prefer_skip_nested_validation=prefer_skip_nested_validation
        )(call)
        streaming = fit_method.__name__ == "partial_fit"

        @functools.wraps(fit_method)
        def wrapper(instance, /, *args, **kwargs):
            if not streaming:
                return in_context(instance, args, kwargs)
            validate_params_if_changed(instance)
            if not prefer_skip_nested_validation and vars(instance).get(
                "_partial_fit_started"
            ):
                # After a first successful call, scikit-learn's context is a
                # no-op here: it skips its own check of a fitted partial_fit,
                # skip_parameter_validation keeps its global value (nested
                # validation is not skipped), and this package registers no
                # callbacks. A stream's batches skip it.
                return fit_method(instance, *args, **kwargs)
            result = in_context(instance, args, kwargs)
            instance._partial_fit_started = True
            return result

        return wrapper

    return decorator


def validate_params_if_changed(estimator):
    """Validate ``estimator``'s parameters unless they are the objects last validated.

    Validation is a function of the parameter values alone, so it is skipped
    only when every parameter is identical (``is``) to the one last
    validated; ``set_params`` or an assignment makes it run again. Honours
    ``sklearn.set_config(skip_parameter_validation=True)``. A no-op for
    estimators without ``_parameter_constraints``.
    """
    constraints = getattr(estimator, "_parameter_constraints", None)
    if constraints is None or get_config()["skip_parameter_validation"]:
        return
    state = vars(estimator)
    values = tuple(map(state.get, constraints))
    last = state.get("_validated_parameters")
    if last is not None and all(map(operator.is_, values, last)):
        return
    estimator._validate_params()
    # Private (no trailing underscore): not a fitted attribute, not cloned.
    estimator._validated_parameters = values


def _package_prefixes():
    return tuple(
        os.path.dirname(os.path.abspath(module.__file__)) + os.sep
        for module in (sys.modules[__package__], sklearn, joblib)
    )


def warn(message, category=UserWarning):
    """``warnings.warn`` pointing at the user's line, outside this package.

    Frames of this package, scikit-learn and joblib are skipped, so a
    warning raised while ``WeightedClassifier.fit`` (or a ``GridSearchCV``
    around it) fits a weighter names the line that called them. Python
    3.12+ does this with ``skip_file_prefixes``; older versions count the
    frames to skip.
    """
    prefixes = _package_prefixes()
    if sys.version_info >= (3, 12):
        warnings.warn(message, category, skip_file_prefixes=prefixes)
        return
    frame, stacklevel = sys._getframe(1), 2
    while frame is not None and frame.f_code.co_filename.startswith(prefixes):
        frame, stacklevel = frame.f_back, stacklevel + 1
    warnings.warn(message, category, stacklevel=stacklevel)


__all__ = [
    "HasMethods",
    "Interval",
    "StrOptions",
    "_VisualBlock",
    "_check_n_features",
    "_check_sample_weight",
    "_fit_context",
    "_num_samples",
    "_routing_enabled",
    "_safe_indexing",
    "fit_context",
    "validate_params",
    "validate_params_if_changed",
    "warn",
]
