"""Write offline intersphinx inventories for scikit-learn and numpy.

CI has no network except package registries, so Sphinx cannot download
``objects.inv`` from scikit-learn.org or numpy.org. ``conf.py`` tries the
online inventory first and falls back to the files written here, which map
the objects these docs refer to onto their real online URLs.

- scikit-learn: every public class (with its public methods) and function of
  every public module of the *installed* scikit-learn, at the URLs its site
  uses (``modules/generated/<full name>.html#<full name>``), plus a few
  glossary terms and user-guide labels.
- numpy: a short hand-written list (extend ``NUMPY_OBJECTS`` as needed).

Re-run after upgrading scikit-learn or to link new objects, from ``doc/``::

    python _intersphinx/make_inventories.py

and commit the two ``*-objects.inv`` files.
"""

import importlib
import inspect
import zlib
from pathlib import Path

import numpy
import sklearn
from sklearn.experimental import (  # noqa: F401  (exposes the experimental names)
    enable_halving_search_cv,
    enable_iterative_imputer,
)

HERE = Path(__file__).parent

SKLEARN_TERMS = {
    # glossary term: anchor (Sphinx keeps underscores in term ids)
    "sample_weight": "term-sample_weight",
    "class_weight": "term-class_weight",
    "random_state": "term-random_state",
    "meta-estimator": "term-meta-estimator",
    "metadata routing": "term-metadata-routing",
    "predict_proba": "term-predict_proba",
    "decision_function": "term-decision_function",
    "fit": "term-fit",
    "estimator": "term-estimator",
    "classifier": "term-classifier",
    "cross-validation": "term-cross-validation",
    "imbalance": "term-imbalance",
    "parameter": "term-parameter",
    "hyperparameter": "term-hyperparameter",
    "pipeline": "term-pipeline",
    "scorer": "term-scorer",
}

SKLEARN_LABELS = {
    # label: (document, anchor, title)
    "metadata_routing": ("metadata_routing", "metadata-routing", "Metadata Routing"),
    "calibration": ("modules/calibration", "calibration", "Probability calibration"),
    "grid_search": (
        "modules/grid_search",
        "grid-search",
        "Tuning the hyper-parameters of an estimator",
    ),
    "pipeline": ("modules/compose", "pipeline", "Pipeline: chaining estimators"),
    "cross_validation": (
        "modules/cross_validation",
        "cross-validation",
        "Cross-validation: evaluating estimator performance",
    ),
    "glossary": ("glossary", "glossary", "Glossary of Common Terms and API Elements"),
    "model_evaluation": (
        "modules/model_evaluation",
        "model-evaluation",
        "Metrics and scoring: quantifying the quality of predictions",
    ),
}

# Public objects of modules that have no (complete) ``__all__``, documented on
# scikit-learn's site under these full names.
SKLEARN_EXTRA = {
    "sklearn.base": [
        "BaseEstimator",
        "ClassifierMixin",
        "MetaEstimatorMixin",
        "TransformerMixin",
        "clone",
        "is_classifier",
    ],
    "sklearn.utils.class_weight": ["compute_class_weight", "compute_sample_weight"],
    "sklearn.utils.validation": [
        "check_is_fitted",
        "has_fit_parameter",
        "validate_data",
        "column_or_1d",
        "check_memory",
    ],
    "sklearn.utils.metadata_routing": [
        "MetadataRequest",
        "MetadataRouter",
        "MethodMapping",
        "process_routing",
        "get_routing_for_object",
    ],
    "sklearn.utils.multiclass": ["type_of_target", "unique_labels", "is_multilabel"],
    "sklearn.utils.estimator_checks": ["check_estimator", "parametrize_with_checks"],
    "sklearn.utils.metaestimators": ["available_if"],
    "sklearn.utils.discovery": ["all_estimators", "all_functions", "all_displays"],
    "sklearn.utils.parallel": ["Parallel", "delayed"],
}

NUMPY_OBJECTS = {
    # full name: (role, page relative to https://numpy.org/doc/stable/)
    "numpy.ndarray": ("class", "reference/generated/numpy.ndarray.html"),
    "numpy.random.RandomState": ("class", "reference/random/legacy.html"),
    "numpy.random.Generator": ("class", "reference/random/generator.html"),
    "numpy.bincount": ("function", "reference/generated/numpy.bincount.html"),
    "numpy.unique": ("function", "reference/generated/numpy.unique.html"),
    "numpy.expm1": ("data", "reference/generated/numpy.expm1.html"),
    "numpy.log1p": ("data", "reference/generated/numpy.log1p.html"),
    "numpy.sqrt": ("data", "reference/generated/numpy.sqrt.html"),
    "numpy.float64": ("class", "reference/arrays.scalars.html"),
    "numpy.interp": ("function", "reference/generated/numpy.interp.html"),
    "numpy.linspace": ("function", "reference/generated/numpy.linspace.html"),
    "numpy.logspace": ("function", "reference/generated/numpy.logspace.html"),
}


def _write(path, project, version, lines):
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n"
        f"# Version: {version}\n"
        "# The remainder of this file is compressed using zlib.\n"
    ).encode()
    body = "".join(line + "\n" for line in sorted(set(lines))).encode()
    path.write_bytes(header + zlib.compress(body, 9))
    print(f"{path.name}: {len(set(lines))} objects")


def _public(names):
    return [name for name in names if not name.startswith("_")]


def _object_lines(module_name, name, obj):
    full = f"{module_name}.{name}"
    page = f"modules/generated/{full}.html"
    if inspect.isclass(obj):
        lines = [f"{full} py:class 1 {page}#$ -"]
        members = {
            m for m, v in vars(obj).items() if not m.startswith("_") and callable(v)
        }
        members |= {
            m
            for m in ("fit", "predict", "predict_proba", "transform", "score")
            if hasattr(obj, m)
        }
        lines += [f"{full}.{m} py:method 1 {page}#{full}.{m} -" for m in members]
        return lines
    if callable(obj):
        return [f"{full} py:function 1 {page}#$ -"]
    return []


def sklearn_lines():
    lines = []
    for module_name, names in SKLEARN_EXTRA.items():
        module = importlib.import_module(module_name)
        for name in names:
            lines += _object_lines(module_name, name, getattr(module, name))
    utils = importlib.import_module("sklearn.utils")
    for name in _public(utils.__all__):
        obj = getattr(utils, name)
        # Re-exports from a public submodule are documented under it
        # (sklearn.utils.class_weight.compute_sample_weight); the rest under
        # sklearn.utils.
        home = getattr(obj, "__module__", None) or "sklearn.utils"
        if not home.startswith("sklearn.utils.") or "._" in home:
            home = "sklearn.utils"
        lines += _object_lines(home, name, obj)
    for module_name in _public(sklearn.__all__):
        try:
            module = importlib.import_module(f"sklearn.{module_name}")
        except ImportError:  # a top-level function such as clone
            module = None
        if module is None or not inspect.ismodule(module):
            full = f"sklearn.{module_name}"
            page = f"modules/generated/{full}.html#$"
            lines.append(f"{full} py:function 1 {page} -")
            continue
        for name in _public(getattr(module, "__all__", [])):
            lines += _object_lines(module.__name__, name, getattr(module, name, None))
    for term, anchor in SKLEARN_TERMS.items():
        lines.append(f"{term} std:term -1 glossary.html#{anchor} {term}")
    for label, (document, anchor, title) in SKLEARN_LABELS.items():
        lines.append(f"{label} std:label -1 {document}.html#{anchor} {title}")
        lines.append(f"{document} std:doc -1 {document}.html {title}")
    return lines


def numpy_lines():
    return [
        f"{full} py:{role} 1 {page}#$ -" for full, (role, page) in NUMPY_OBJECTS.items()
    ]


if __name__ == "__main__":
    _write(
        HERE / "sklearn-objects.inv",
        "scikit-learn",
        sklearn.__version__,
        sklearn_lines(),
    )
    _write(HERE / "numpy-objects.inv", "NumPy", numpy.__version__, numpy_lines())
