"""Saving and loading fitted models: pickle, joblib and skops give the same predictions.

skops.io refuses to load types it does not trust; the user guide lists the
exact ``trusted=`` names, and these tests check that list
against what skops actually asks for.
"""

import io
import pickle
import re
from pathlib import Path

import joblib
import numpy as np
import pytest
from numpy.testing import assert_array_equal
from sklearn.base import BaseEstimator
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.multioutput import MultiOutputClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC
from sklearn.tree import DecisionTreeClassifier

import sklearn_classweight
from sklearn_classweight import (
    ClassBalancedWeighter,
    DifficultyWeighter,
    FocalWeighter,
    LogitAdjustedClassifier,
    WeightedClassifier,
    WeightedClassifierCV,
)

ROOT = Path(__file__).resolve().parents[1]
X, y = make_classification(
    n_samples=150,
    n_features=5,
    n_informative=3,
    n_classes=3,
    weights=[0.7, 0.2, 0.1],
    random_state=0,
)
Y_MULTILABEL = np.column_stack([y == 2, y == 1, X[:, 0] > 0]).astype(int)
#: The types of this library a skops user must trust, by defining module.
TRUSTED = sorted(
    f"{cls.__module__}.{cls.__qualname__}"
    for cls in (
        getattr(sklearn_classweight, name) for name in sklearn_classweight.__all__
    )
    # estimators only: a plotting helper such as ClassWeightDisplay is not saved
    if isinstance(cls, type) and issubclass(cls, BaseEstimator)
) + [
    # what a LogitAdjustedClassifier around a margin model calibrates with
    "sklearn_classweight._decision.MarginCalibration"
]
#: WeightedClassifierCV also stores the scorer of its default scoring.
TRUSTED_CV_SCORER = [
    "sklearn.metrics._classification.balanced_accuracy_score",
    "sklearn.metrics._scorer._Scorer",
]

MODELS = {
    "WeightedClassifier (defaults)": lambda: WeightedClassifier().fit(X, y),
    "WeightedClassifier (ENS, pipeline)": lambda: WeightedClassifier(
        make_pipeline(StandardScaler(), LogisticRegression()),
        ClassBalancedWeighter("ens", beta=0.99, max_ratio=5.0),
        prior_correction=True,
    ).fit(X, y),
    "WeightedClassifier (tree)": lambda: WeightedClassifier(
        DecisionTreeClassifier(max_depth=3, random_state=0),
        ClassBalancedWeighter("isns"),
    ).fit(X, y),
    "WeightedClassifier (FocalWeighter)": lambda: WeightedClassifier(
        weighter=FocalWeighter(cv=3, random_state=0)
    ).fit(X, y),
    "WeightedClassifier (DifficultyWeighter)": lambda: WeightedClassifier(
        weighter=DifficultyWeighter(cv=3, random_state=0)
    ).fit(X, y),
    "WeightedClassifier (multilabel)": lambda: WeightedClassifier(
        MultiOutputClassifier(LogisticRegression()),
        ClassBalancedWeighter(combine="max"),
    ).fit(X, Y_MULTILABEL),
    "WeightedClassifierCV": lambda: WeightedClassifierCV(
        param_grid={"weighter__scheme": ["ins", "isns"]}, cv=3
    ).fit(X, y),
    "LogitAdjustedClassifier": lambda: LogitAdjustedClassifier().fit(X, y),
    "LogitAdjustedClassifier (LinearSVC, calibrated)": lambda: LogitAdjustedClassifier(
        LinearSVC()
    ).fit(X, y),
    "ClassBalancedWeighter (classes=, dict)": lambda: ClassBalancedWeighter(
        {0: 1.0, 1: 2.0, 2: 5.0, 3: 9.0}, classes=[0, 1, 2, 3]
    ).fit(y),
}


def _outputs(model):
    """Everything a fitted model computes, to compare before and after a round-trip."""
    if isinstance(model, ClassBalancedWeighter):
        return {"transform": model.transform(y), "class_weight_": model.class_weight_}
    outputs = {"predict": model.predict(X)}
    for method in ("predict_proba", "decision_function"):
        if hasattr(model, method):
            outputs[method] = np.asarray(getattr(model, method)(X))
    return outputs


def _assert_same_outputs(model, loaded):
    assert type(loaded) is type(model)
    expected, got = _outputs(model), _outputs(loaded)
    assert expected.keys() == got.keys()
    for name in expected:
        assert_array_equal(got[name], expected[name], err_msg=name)


@pytest.fixture(scope="module", params=list(MODELS), ids=list(MODELS))
def fitted(request):
    return MODELS[request.param]()


def test_pickle_round_trip(fitted):
    _assert_same_outputs(fitted, pickle.loads(pickle.dumps(fitted)))


def test_joblib_round_trip(fitted, tmp_path):
    path = tmp_path / "model.joblib"
    joblib.dump(fitted, path)
    _assert_same_outputs(fitted, joblib.load(path))


def test_skops_round_trip_with_the_documented_trusted_types(fitted, tmp_path):
    sio = pytest.importorskip("skops.io")
    path = tmp_path / "model.skops"
    sio.dump(fitted, path)
    untrusted = set(sio.get_untrusted_types(file=path))
    ours = {name for name in untrusted if name.startswith("sklearn_classweight.")}
    # The wrapped estimator may need its own types trusted, as it does saved
    # bare (e.g. HistGradientBoostingClassifier's trees).
    inner = getattr(fitted, "estimator_", None)
    inner_untrusted = (
        set() if inner is None else set(sio.get_untrusted_types(data=sio.dumps(inner)))
    )
    # Beyond that, only our own estimators need trusting (plus the CV search's scorer).
    assert ours <= set(TRUSTED)
    assert untrusted - ours <= set(TRUSTED_CV_SCORER) | inner_untrusted
    with pytest.raises(sio.exceptions.UntrustedTypesFoundException):
        sio.load(path)
    trusted = TRUSTED + TRUSTED_CV_SCORER + sorted(inner_untrusted)
    _assert_same_outputs(fitted, sio.load(path, trusted=trusted))


def test_skops_needs_the_defining_module_not_the_public_name(tmp_path):
    sio = pytest.importorskip("skops.io")
    data = sio.dumps(WeightedClassifier().fit(X, y))
    public = [
        "sklearn_classweight.WeightedClassifier",
        "sklearn_classweight.ClassBalancedWeighter",
    ]
    with pytest.raises(sio.exceptions.UntrustedTypesFoundException):
        sio.loads(data, trusted=public)
    assert sorted(sio.get_untrusted_types(data=data)) == [
        "sklearn_classweight._classifier.WeightedClassifier",
        "sklearn_classweight._weighter.ClassBalancedWeighter",
    ]


@pytest.mark.parametrize("document", ["doc/user_guide/09_reliability.rst"])
def test_the_docs_list_every_trusted_type(document):
    path = ROOT / document
    if not path.is_file():
        pytest.skip(f"{document} not in this checkout")
    listed = set(
        re.findall(r"sklearn_classweight\._\w+\.\w+", path.read_text(encoding="utf-8"))
    )
    assert listed == set(TRUSTED), f"{document} must list exactly {TRUSTED}"
    text = path.read_text(encoding="utf-8")
    for name in TRUSTED_CV_SCORER:
        assert name in text


def test_an_unfitted_model_round_trips_with_its_parameters():
    model = WeightedClassifier(
        LogisticRegression(C=0.5), ClassBalancedWeighter("ens", beta=0.9)
    )
    buffer = io.BytesIO()
    joblib.dump(model, buffer)
    buffer.seek(0)
    assert repr(joblib.load(buffer)) == repr(model)
