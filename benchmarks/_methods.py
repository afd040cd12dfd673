"""The corrections the benchmarks compare: one registry, ``METHODS``.

A method is a row of the quality benchmark: a name and a factory that takes
the task's unfitted base model and returns the estimator to fit. Adding a row
is one call to :func:`add_method`, here, below the others::

    add_method(
        "LogitAdjustedClassifier(tau=0.5)",
        lambda base: LogitAdjustedClassifier(clone(base), tau=0.5),
    )

Its keywords say where a row runs:

- ``families``: only on these task families (``"binary"``, ``"long-tailed"``);
- ``bases``: only with these bases of ``_tasks.BASES`` (e.g. a cost-sensitive
  row that needs ``predict_proba``);
- ``base_free=True``: the row ignores the base and brings its own model
  (BalancedRandomForest, or e.g. ``LogitAdjustedClassifier`` on a
  ``LinearSVC``); it is fitted once per task and compared with each base's
  reference;
- ``requires``: an optional package; without it the row is left out;
- ``group``: ``"default"`` rows run unless ``--methods`` says otherwise; a row
  of another group (``"adaptive"``: the out-of-fold focal and difficulty
  weighters) runs when named with ``--methods`` or when its group is added
  with ``--group``.

A new model for every row (a LinearSVC next to LogisticRegression and
HistGradientBoosting) is a new entry of ``_tasks.BASES`` instead.

Names are what the saved results are keyed by: rename a row only together with
its results, or later runs stop comparing with earlier ones.
"""

from dataclasses import dataclass

import numpy as np
from sklearn.base import BaseEstimator, clone
from sklearn.model_selection import TunedThresholdClassifierCV
from sklearn.pipeline import Pipeline

from sklearn_classweight import (
    ClassBalancedWeighter,
    DifficultyWeighter,
    FocalWeighter,
    LogitAdjustedClassifier,
    WeightedClassifier,
    WeightedClassifierCV,
)

REFERENCE = 'class_weight="balanced"'
CV_METHOD = "WeightedClassifierCV"
CV_F1_METHOD = "WeightedClassifierCV (macro-F1)"


@dataclass(frozen=True)
class Method:
    """One row: ``make(base) -> estimator`` and where it runs (see the module)."""

    make: object
    families: frozenset | None = None
    bases: frozenset | None = None
    base_free: bool = False
    requires: str | None = None
    group: str = "default"

    def available(self):
        """Whether the optional package the row needs is installed."""
        if self.requires is None:
            return True
        import importlib.util

        return importlib.util.find_spec(self.requires) is not None

    def runs_on(self, family, base):
        return (self.families is None or family in self.families) and (
            self.bases is None or base in self.bases
        )


#: name -> Method, in the order the tables list them.
METHODS = {}


def add_method(
    name,
    make,
    *,
    families=None,
    bases=None,
    base_free=False,
    requires=None,
    group="default",
):
    """Register the row ``name``; see the module docstring for the keywords."""
    if name in METHODS:
        raise ValueError(f"a method named {name!r} is already registered")
    METHODS[name] = Method(
        make,
        families=None if families is None else frozenset(families),
        bases=None if bases is None else frozenset(bases),
        base_free=base_free,
        requires=requires,
        group=group,
    )


def _last_step(estimator):
    while isinstance(estimator, Pipeline):
        estimator = estimator.steps[-1][1]
    return estimator


def class_weight_balanced(base):
    """``base`` with ``class_weight="balanced"`` on its last step: the reference."""
    model = clone(base)
    _last_step(model).set_params(class_weight="balanced")
    return model


def weighted(weighter):
    """A row factory: ``WeightedClassifier(base, weighter)``."""
    return lambda base: WeightedClassifier(clone(base), weighter=clone(weighter))


def tuner(**params):
    """The tuner as a user gets it: its public constructor, its defaults."""
    return lambda base: WeightedClassifierCV(clone(base), **params)


class _SMOTEForTinyClasses(BaseEstimator):
    """SMOTE with ``k_neighbors`` capped by the smallest class.

    Classes with a single sample are first duplicated (SMOTE needs two),
    so SMOTE can run on every long-tailed task.
    """

    def __init__(self, random_state=0):
        self.random_state = random_state

    def fit_resample(self, X, y):
        from imblearn.over_sampling import SMOTE, RandomOverSampler

        classes, counts = np.unique(y, return_counts=True)
        singletons = {c: 2 for c, n in zip(classes, counts) if n < 2}
        if singletons:
            X, y = RandomOverSampler(
                sampling_strategy=singletons, random_state=self.random_state
            ).fit_resample(X, y)
        k_neighbors = min(5, int(np.unique(y, return_counts=True)[1].min()) - 1)
        return SMOTE(
            k_neighbors=k_neighbors, random_state=self.random_state
        ).fit_resample(X, y)


def _smote(base):
    from imblearn.pipeline import make_pipeline as make_imb_pipeline

    return make_imb_pipeline(_SMOTEForTinyClasses(random_state=0), clone(base))


def _balanced_random_forest(base):
    from imblearn.ensemble import BalancedRandomForestClassifier

    return BalancedRandomForestClassifier(
        n_estimators=100,
        sampling_strategy="all",
        replacement=True,
        bootstrap=False,
        random_state=0,
        n_jobs=1,
    )


# --- the rows ------------------------------------------------------------------

add_method("unweighted", clone)
add_method(REFERENCE, class_weight_balanced)
add_method("INS (WeightedClassifier)", weighted(ClassBalancedWeighter("ins")))
add_method(
    "LogitAdjustedClassifier(tau=1)",
    lambda base: LogitAdjustedClassifier(clone(base), tau=1.0),
)
add_method(CV_METHOD, tuner())
add_method(CV_F1_METHOD, tuner(scoring="macro_f1"))
# scikit-learn's threshold tuner is binary-only.
add_method(
    "TunedThresholdClassifierCV",
    lambda base: TunedThresholdClassifierCV(clone(base), scoring="balanced_accuracy"),
    families={"binary"},
)
add_method("SMOTE", _smote, requires="imblearn")
add_method(
    "BalancedRandomForest",
    _balanced_random_forest,
    base_free=True,
    requires="imblearn",
)
# The adaptive weighters cross-validate the base inside every fit to get
# out-of-fold predictions: opt-in (``--group adaptive``).
add_method("FocalWeighter()", weighted(FocalWeighter()), group="adaptive")
add_method("DifficultyWeighter()", weighted(DifficultyWeighter()), group="adaptive")


def groups():
    """Every group name, in registry order."""
    return list(dict.fromkeys(method.group for method in METHODS.values()))
