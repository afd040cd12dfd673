"""Class-imbalance handling by per-sample loss weights, for scikit-learn."""

from ._classifier import WeightedClassifier
from ._classifier_cv import WeightedClassifierCV
from ._difficulty import DifficultyWeighter
from ._display import ClassWeightDisplay
from ._focal import FocalWeighter
from ._logit_adjust import LogitAdjustedClassifier
from ._tuner_display import ShiftCurveDisplay
from ._weighter import ClassBalancedWeighter, class_balanced_sample_weight

__version__ = "0.1.0"

__all__ = [
    "ClassBalancedWeighter",
    "ClassWeightDisplay",
    "DifficultyWeighter",
    "FocalWeighter",
    "LogitAdjustedClassifier",
    "ShiftCurveDisplay",
    "WeightedClassifier",
    "WeightedClassifierCV",
    "class_balanced_sample_weight",
    "__version__",
]
