"""Spark ML stages: class-balanced weight columns and the post-hoc prior shift.

An optional module: ``pip install "sklearn-classweight[spark]"``. Importing
``sklearn_classweight`` never imports pyspark; the stages below import it the
first time one of them is used.

- :class:`SparkClassWeighter` (an ``Estimator``) counts the classes of a
  Spark DataFrame in one aggregation; its :class:`SparkClassWeighterModel`
  adds a weight column for any classifier's ``weightCol`` (``weight_col`` for
  ``xgboost.spark``). The weights are those of
  :meth:`ClassBalancedWeighter.fit_counts
  <sklearn_classweight.ClassBalancedWeighter.fit_counts>`.
- :class:`SparkLogitAdjuster` (an ``Estimator``) calibrates a fitted
  classifier's ``rawPrediction`` and learns the training prior; its
  :class:`SparkLogitAdjusterModel` shifts the calibrated log-probabilities by
  ``-tau * log(prior)``: the same correction without weights or refitting.
"""

import importlib

__all__ = [
    "SparkClassWeighter",
    "SparkClassWeighterModel",
    "SparkLogitAdjuster",
    "SparkLogitAdjusterModel",
]

_HOMES = {
    "SparkClassWeighter": "._weighter",
    "SparkClassWeighterModel": "._weighter",
    "SparkLogitAdjuster": "._shift",
    "SparkLogitAdjusterModel": "._shift",
}


def __getattr__(name):
    # Lazy, so that listing this module's names (the API reference, `dir`)
    # needs no pyspark; using a stage does, with a message saying so.
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name], __name__), name)


def __dir__():
    return sorted(list(globals()) + __all__)
