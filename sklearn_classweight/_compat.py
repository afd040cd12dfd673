"""The one home of scikit-learn's private names used by this package.

scikit-learn moves or renames its private helpers between releases; every
module here imports them from this file, so a new scikit-learn release is
adapted to in one place. The oldest release ``pyproject.toml`` allows is
tested in CI. Everything else is imported from scikit-learn's public API.
"""

from sklearn.base import _fit_context
from sklearn.utils import _safe_indexing
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    StrOptions,
    validate_params,
)
from sklearn.utils.metadata_routing import _routing_enabled
from sklearn.utils.validation import _check_sample_weight, _num_samples

__all__ = [
    "HasMethods",
    "Interval",
    "StrOptions",
    "_check_sample_weight",
    "_fit_context",
    "_num_samples",
    "_routing_enabled",
    "_safe_indexing",
    "validate_params",
]
