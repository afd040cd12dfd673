"""Class-imbalance handling by per-sample loss weights, for scikit-learn."""

from ._classifier import WeightedClassifier
from ._classifier_cv import WeightedClassifierCV
from ._cost_sensitive import CostSensitiveClassifier
from ._costs import class_weight_from_costs, make_cost_scorer
from ._difficulty import DifficultyWeighter
from ._display import ClassWeightDisplay
from ._focal import FocalWeighter
from ._label_shift import estimate_target_prior
from ._logit_adjust import LogitAdjustedClassifier
from ._tuner_display import ShiftCurveDisplay
from ._weighter import ClassBalancedWeighter, class_balanced_sample_weight

__version__ = "0.1.0"

__all__ = [
    "ClassBalancedWeighter",
    "ClassWeightDisplay",
    "CostSensitiveClassifier",
    "DifficultyWeighter",
    "FocalWeighter",
    "LogitAdjustedClassifier",
    "ShiftCurveDisplay",
    "WeightedClassifier",
    "WeightedClassifierCV",
    "class_balanced_sample_weight",
    "class_weight_from_costs",
    "estimate_target_prior",
    "make_cost_scorer",
    "__version__",
]
