"""The one home of scikit-learn's private names used by this package.

scikit-learn moves or renames its private helpers between releases; every
module here imports them from this file, so a new scikit-learn release is
adapted to in one place. The oldest release ``pyproject.toml`` allows is
tested in CI. Everything else is imported from scikit-learn's public API.
"""

import inspect

from sklearn.base import _fit_context
from sklearn.utils import _safe_indexing
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    StrOptions,
    validate_params,
)
from sklearn.utils.metadata_routing import _routing_enabled
from sklearn.utils.validation import (
    _check_sample_weight as _sklearn_check_sample_weight,
)
from sklearn.utils.validation import _num_samples

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


__all__ = [
    "HasMethods",
    "Interval",
    "StrOptions",
    "_VisualBlock",
    "_check_sample_weight",
    "_fit_context",
    "_num_samples",
    "_routing_enabled",
    "_safe_indexing",
    "validate_params",
]
