"""Every bad input gets a clear error: one table of cases, run through the public API.

Each row calls the weighter, the function or the classifier the way a user
would, with one thing wrong, and expects an exception of a given type whose
message names the parameter at fault and says what to do (or, for the two
inputs we accept with a warning, that warning and sane weights). Whatever
happens, no input is modified and no NaN, inf or all-zero weight comes out.
"""

import copy
import re
import warnings
from dataclasses import dataclass, field

import numpy as np
import pytest
from numpy.testing import assert_array_equal
from sklearn.base import BaseEstimator
from sklearn.exceptions import DataConversionWarning
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import StandardScaler

from sklearn_classweight import (
    ClassBalancedWeighter,
    FocalWeighter,
    WeightedClassifier,
    WeightedClassifierCV,
    class_balanced_sample_weight,
)

X = np.random.RandomState(0).normal(size=(6, 2))
Y = np.array([0, 0, 0, 1, 1, 1])
Y_MULTILABEL = np.array([[0, 1], [1, 0], [1, 1], [0, 1], [1, 0], [0, 0]])
ONES = np.ones(6)


class _NaNWeighter(BaseEstimator):
    """A third-party weighter with a bug: every weight is NaN."""

    def fit_transform(self, y, sample_weight=None):
        return np.full(len(y), np.nan)


def _with(values, position, value, dtype=None):
    array = np.array(values, dtype=dtype)
    array[position] = value
    return array


@dataclass
class Case:
    id: str
    api: str  # "weighter", "function", "transform", "classifier" or "classifier_cv"
    expected: type  # an exception, or a warning for inputs we accept
    match: str  # must name the parameter and say what to do
    params: dict = field(default_factory=dict)
    y: object = field(default_factory=Y.copy)
    sample_weight: object = None
    X: object = field(default_factory=X.copy)
    y_fit: object = field(default_factory=Y.copy)  # for api="transform"


MISSING = r"y has 1 missing or infinite label\(s\).*Drop the unlabelled samples"
BAD_SAMPLE_WEIGHT = (
    r"sample_weight is invalid.*Pass one finite, non-negative weight per sample of y"
)
NOT_1D = r"y should be a 1d array of class labels.*pass a single column of labels"

CASES = [
    # --- labels -------------------------------------------------------------
    Case(
        "None among object labels",
        "weighter",
        ValueError,
        MISSING,
        y=np.array(["a", None, "b", "a"], dtype=object),
    ),
    Case(
        "NaN among float labels",
        "function",
        ValueError,
        MISSING,
        y=_with([0.0, 1.0, 1.0, 0.0], 2, np.nan),
    ),
    Case(
        "NaN among string labels",
        "classifier",
        ValueError,
        MISSING,
        y=np.array(["a", "a", np.nan, "b", "b", "a"], dtype=object),
    ),
    Case(
        "inf among float labels",
        "weighter",
        ValueError,
        MISSING,
        y=_with([0.0, 1.0, 1.0, 0.0], 0, np.inf),
    ),
    Case(
        "labels of mixed types",
        "weighter",
        TypeError,
        r"y mixes label types \['int', 'str'\].*Convert the labels to one type",
        y=np.array(["a", 1, "b", 1], dtype=object),
    ),
    Case(
        "continuous y",
        "function",
        ValueError,
        r"'continuous'\. y must hold discrete class labels.*bin it into classes",
        y=np.array([0.1, 0.5, 0.7, 0.2]),
    ),
    Case(
        "continuous y in the classifier",
        "classifier",
        ValueError,
        r"'continuous'\. y must hold discrete class labels.*bin it into classes",
        y=X[:, 0].copy(),
    ),
    Case(
        "empty y",
        "weighter",
        ValueError,
        r"y is empty: at least one labelled sample is needed",
        y=np.array([], dtype=int),
    ),
    Case(
        "empty y in the function",
        "function",
        ValueError,
        r"y is empty: at least one labelled sample is needed",
        y=[],
    ),
    Case(
        "y is None",
        "weighter",
        ValueError,
        r"y is required: pass the class labels",
        y=None,
    ),
    Case(
        "y is None in the function",
        "function",
        ValueError,
        r"'y' parameter of class_balanced_sample_weight must be an array-like",
        y=None,
    ),
    Case(
        "complex labels",
        "weighter",
        ValueError,
        r"y cannot be used as class labels.*Pass ints, strings or bools",
        y=np.array([1j, 2j, 1j]),
    ),
    Case(
        "3-D y",
        "weighter",
        ValueError,
        r"y should be a 1d array of class labels.*got shape \(2, 2, 2\).*Pass a 1-D array",
        y=np.zeros((2, 2, 2)),
    ),
    Case(
        "multilabel y in WeightedClassifierCV",
        "classifier_cv",
        ValueError,
        NOT_1D,
        y=Y_MULTILABEL.copy(),
    ),
    Case(
        "multilabel y with FocalWeighter",
        "classifier",
        ValueError,
        NOT_1D,
        params={"weighter": FocalWeighter()},
        y=Y_MULTILABEL.copy(),
    ),
    Case(
        "None in a multi-output column",
        "weighter",
        ValueError,
        r"column 1 of y has 1 missing.*Drop the unlabelled samples",
        y=np.array([["a", "x"], ["b", None], ["a", "y"]], dtype=object),
    ),
    Case(
        "continuous multi-output column",
        "classifier",
        ValueError,
        r"column 0 of y must hold discrete class labels.*bin it into classes",
        y=np.column_stack([X[:, 0], Y]),
    ),
    Case(
        "column-vector y (accepted, like scikit-learn)",
        "weighter",
        DataConversionWarning,
        r"column-vector y was passed.*ravel\(\)",
        y=Y.reshape(-1, 1),
    ),
    Case(
        "column-vector y in the classifier",
        "classifier",
        DataConversionWarning,
        r"column-vector y was passed.*ravel\(\)",
        y=Y.reshape(-1, 1),
    ),
    Case(
        "a single class (uniform weights)",
        "function",
        UserWarning,
        r"y contains a single class \(7\).*Check that y is the target you meant",
        y=np.full(6, 7),
    ),
    # --- sample_weight ------------------------------------------------------
    Case(
        "sample_weight too short",
        "function",
        ValueError,
        BAD_SAMPLE_WEIGHT + r", i.e. shape \(6,\)",
        sample_weight=np.ones(4),
    ),
    Case(
        "sample_weight too long in the classifier",
        "classifier",
        ValueError,
        BAD_SAMPLE_WEIGHT + r", i.e. shape \(6,\)",
        sample_weight=np.ones(7),
    ),
    Case(
        "negative sample_weight",
        "weighter",
        ValueError,
        r"sample_weight has negative values.*give 0 to a sample that should not count",
        sample_weight=_with(ONES, 1, -1.0),
    ),
    Case(
        "NaN sample_weight",
        "function",
        ValueError,
        BAD_SAMPLE_WEIGHT + ".*",
        sample_weight=_with(ONES, 3, np.nan),
    ),
    Case(
        "inf sample_weight",
        "classifier",
        ValueError,
        BAD_SAMPLE_WEIGHT,
        sample_weight=_with(ONES, 0, np.inf),
    ),
    Case(
        "all-zero sample_weight",
        "weighter",
        ValueError,
        r"sample_weight is zero for every sample: at least one sample needs a positive weight",
        sample_weight=np.zeros(6),
    ),
    Case(
        "a class with zero total sample_weight",
        "function",
        ValueError,
        r"sample_weight is zero for every sample of class\(es\) \[1\].*give them positive "
        r"sample_weight",
        sample_weight=np.array([1.0, 1, 1, 0, 0, 0]),
    ),
    Case(
        "a class with zero total sample_weight, classifier",
        "classifier",
        ValueError,
        r"sample_weight is zero for every sample of class\(es\) \[0\].*give them positive "
        r"sample_weight",
        sample_weight=np.array([0.0, 0, 0, 1, 1, 1]),
    ),
    Case(
        "sample_weight summing to inf",
        "weighter",
        ValueError,
        r"sample_weight sums to inf.*rescale it",
        sample_weight=np.full(6, 1e308),
    ),
    Case(
        "sample_weight too small to invert",
        "function",
        ValueError,
        r"sample_weight of class\(es\) \[0, 1\] sums to .*rescale it",
        sample_weight=np.full(6, 1e-321),
    ),
    Case(
        "non-numeric sample_weight",
        "function",
        ValueError,
        BAD_SAMPLE_WEIGHT,
        sample_weight=np.array(["heavy"] * 6),
    ),
    Case(
        "negative sample_weight, multilabel y",
        "weighter",
        ValueError,
        r"sample_weight has negative values.*give 0 to a sample",
        y=Y_MULTILABEL.copy(),
        sample_weight=_with(ONES, 2, -3.0),
    ),
    Case(
        "NaN sample_weight, multilabel y in the classifier",
        "classifier",
        ValueError,
        BAD_SAMPLE_WEIGHT,
        y=Y_MULTILABEL.copy(),
        sample_weight=_with(ONES, 2, np.nan),
    ),
    # --- parameters ---------------------------------------------------------
    Case(
        "beta < 0",
        "weighter",
        ValueError,
        r"'beta' parameter of ClassBalancedWeighter must be a float in the range \[0.0, 1.0\]",
        params={"scheme": "ens", "beta": -0.1},
    ),
    Case(
        "beta > 1",
        "function",
        ValueError,
        r"'beta' parameter of class_balanced_sample_weight must be a float in the range",
        params={"scheme": "ens", "beta": 1.5},
    ),
    Case(
        "beta NaN",
        "weighter",
        ValueError,
        r"'beta' parameter .* must be a float in the range",
        params={"scheme": "ens", "beta": np.nan},
    ),
    Case(
        "beta of the wrong type",
        "function",
        TypeError,
        r"'beta' parameter .* must be a float in the range.*Got '0.9'",
        params={"scheme": "ens", "beta": "0.9"},
    ),
    Case(
        "power < 0",
        "weighter",
        ValueError,
        r"'power' parameter of ClassBalancedWeighter must be a float in the range \[0.0, inf\)",
        params={"scheme": "power", "power": -1},
    ),
    Case(
        "power so large the weights underflow",
        "function",
        ValueError,
        r"scheme='power' produced class weights that are not finite.*choose milder parameters",
        params={"scheme": "power", "power": 1e3},
        y=np.array([0] * 30 + [1] * 2),
    ),
    Case(
        "unknown scheme",
        "function",
        ValueError,
        r"'scheme' parameter of class_balanced_sample_weight must be a str among",
        params={"scheme": "inverse"},
    ),
    Case(
        "unknown normalize",
        "weighter",
        ValueError,
        r"'normalize' parameter of ClassBalancedWeighter must be a str among",
        params={"normalize": "l2"},
    ),
    Case(
        "max_ratio < 1",
        "weighter",
        ValueError,
        r"'max_ratio' parameter of ClassBalancedWeighter must be a float in the range \[1.0",
        params={"max_ratio": 0.5},
    ),
    Case(
        "classes= missing a label of y",
        "weighter",
        ValueError,
        r"y contains labels \[1\] that are not in classes=\[0\]; add them to classes",
        params={"classes": [0]},
    ),
    Case(
        "classes= listing a class twice",
        "function",
        ValueError,
        r"classes lists \[1\] more than once; list each class once",
        params={"classes": [0, 1, 1]},
    ),
    # --- dict and callable schemes -------------------------------------------
    Case(
        "dict scheme missing a class",
        "weighter",
        ValueError,
        r"scheme is a dict without a weight for class\(es\) \[1\]; give a weight for every class",
        params={"scheme": {0: 1.0}},
    ),
    Case(
        "dict scheme with a zero weight",
        "function",
        ValueError,
        r"scheme \(dict\) produced class weights .* \{1: 0.0\}.*fix the weights given",
        params={"scheme": {0: 1.0, 1: 0.0}},
    ),
    Case(
        "dict scheme with a negative weight",
        "classifier",
        ValueError,
        r"scheme \(dict\) produced class weights .* \{0: -2.0\}.*fix the weights given",
        params={"weighter": ClassBalancedWeighter({0: -2.0, 1: 1.0})},
    ),
    Case(
        "dict scheme with a NaN weight",
        "weighter",
        ValueError,
        r"scheme \(dict\) produced class weights .* \{1: nan\}.*fix the weights given",
        params={"scheme": {0: 1.0, 1: np.nan}},
    ),
    Case(
        "dict scheme with a string weight",
        "weighter",
        TypeError,
        r"scheme \(dict\) must give real numbers as class weights",
        params={"scheme": {0: 1.0, 1: "high"}},
    ),
    Case(
        "callable scheme returning the wrong shape",
        "weighter",
        ValueError,
        r"scheme \(callable .*\) must give one weight per class, i.e. shape \(2,\)",
        params={"scheme": lambda counts: counts[:1]},
    ),
    Case(
        "callable scheme returning NaN",
        "function",
        ValueError,
        r"scheme \(callable .*\) produced class weights that are not finite.*fix the weights",
        params={"scheme": lambda counts: counts * np.nan},
    ),
    Case(
        "callable scheme returning negatives",
        "weighter",
        ValueError,
        r"scheme \(callable .*\) produced class weights that are not finite.*fix the weights",
        params={"scheme": lambda counts: -counts},
    ),
    # --- transform ----------------------------------------------------------
    Case(
        "labels at transform not seen at fit",
        "transform",
        ValueError,
        r"y contains labels not seen during fit: \[2\].*refit on data that contains every "
        r"class",
        y=np.array([0, 2, 1]),
    ),
    Case(
        "NaN label at transform",
        "transform",
        ValueError,
        MISSING,
        y=np.array([0.0, np.nan, 1.0]),
    ),
    Case(
        "1-D y at transform after a multilabel fit",
        "transform",
        ValueError,
        r"fitted on a target with 2 columns.*transform needs a 2-D target with the same",
        y_fit=Y_MULTILABEL.copy(),
        y=Y.copy(),
    ),
    # --- the classifier -----------------------------------------------------
    Case(
        "X and y of different lengths",
        "classifier",
        ValueError,
        r"X has 4 rows but y has 6 labels\. Pass one label per row of X",
        X=X[:4].copy(),
    ),
    Case(
        "estimator without sample_weight",
        "classifier",
        TypeError,
        r"KNeighborsClassifier.fit does not accept sample_weight.*fallback='resample'",
        params={"estimator": KNeighborsClassifier(n_neighbors=1)},
    ),
    Case(
        "regressor as estimator",
        "classifier",
        TypeError,
        r"estimator=LinearRegression\(\) is not one\. Pass a classifier",
        params={"estimator": LinearRegression()},
    ),
    Case(
        "an estimator that is not an estimator",
        "classifier",
        TypeError,
        r"'estimator' parameter of WeightedClassifier must be an object implementing 'fit'",
        params={"estimator": "logistic"},
    ),
    Case(
        "a classifier passed as weighter",
        "classifier",
        TypeError,
        r"'weighter' parameter of WeightedClassifier must be an object implementing "
        r"'fit_transform'",
        params={"weighter": LogisticRegression()},
    ),
    Case(
        "a feature transformer passed as weighter",
        "classifier",
        TypeError,
        r"weighter=StandardScaler\(\) is a feature transformer.*Pass e.g. "
        r"ClassBalancedWeighter\(\)",
        params={"weighter": StandardScaler()},
    ),
    Case(
        "a weighter returning NaN",
        "classifier",
        ValueError,
        r"weighter _NaNWeighter returned weights that are NaN.*must be finite",
        params={"weighter": _NaNWeighter()},
    ),
]


def _call(case, params, y, sample_weight, X, y_fit):
    if case.api == "weighter":
        return ClassBalancedWeighter(**params).fit_transform(
            y, sample_weight=sample_weight
        )
    if case.api == "function":
        return class_balanced_sample_weight(y, sample_weight=sample_weight, **params)
    if case.api == "transform":
        return ClassBalancedWeighter(**params).fit(y_fit).transform(y)
    model_class = (
        WeightedClassifier if case.api == "classifier" else WeightedClassifierCV
    )
    model = model_class(**params).fit(X, y, sample_weight=sample_weight)
    return model.weighter_.transform(y) if case.api == "classifier" else None


def _assert_unchanged(before, after):
    if isinstance(before, dict):
        assert before.keys() == after.keys()
        for key in before:
            _assert_unchanged(before[key], after[key])
    elif isinstance(before, np.ndarray) and before.dtype == object:
        assert after.dtype == object and before.shape == after.shape
        for old, new in zip(before.ravel().tolist(), after.ravel().tolist()):
            assert old is new or old == new or (old != old and new != new)
    elif isinstance(before, np.ndarray):
        assert before.dtype == after.dtype
        assert_array_equal(before, after)  # NaN == NaN here
    elif isinstance(before, float) and np.isnan(before):
        assert np.isnan(after)
    elif isinstance(before, BaseEstimator):
        assert repr(before) == repr(after)
    else:
        assert before == after


ERRORS = [case for case in CASES if not issubclass(case.expected, Warning)]
PARAMETERS = re.compile(
    r"\b(y|X|sample_weight|classes|scheme|beta|power|normalize|max_ratio|"
    r"estimator|weighter|column \d+ of y)\b"
)


@pytest.mark.parametrize("case", ERRORS, ids=[case.id for case in ERRORS])
def test_every_error_names_the_input_or_parameter_at_fault(case):
    with pytest.raises(case.expected) as error:
        _call(case, case.params, case.y, case.sample_weight, case.X, case.y_fit)
    assert PARAMETERS.search(str(error.value)), str(error.value)


REFITTABLE = [case for case in ERRORS if case.api in ("weighter", "classifier")]


@pytest.mark.parametrize("case", REFITTABLE, ids=[case.id for case in REFITTABLE])
def test_a_refused_input_leaves_a_fitted_estimator_as_it_was(case):
    """All or nothing: refitting a fitted weighter or classifier on a bad
    input raises, and every fitted attribute is the one of the good fit."""
    other_y = np.array([0, 1, 1, 2, 2, 2])  # counts that no case has
    if case.api == "weighter":
        fitted = ClassBalancedWeighter().fit(other_y)
        before = {name: copy.deepcopy(value) for name, value in vars(fitted).items()}
        with pytest.raises(case.expected, match=case.match):
            fitted.set_params(**case.params).fit_transform(
                case.y, sample_weight=case.sample_weight
            )
        after = {name: value for name, value in vars(fitted).items()}
        fitted_names = [name for name in before if name.endswith("_")]
        assert [name for name in after if name.endswith("_")] == fitted_names
        for name in fitted_names:
            _assert_unchanged(before[name], after[name])
        return
    fitted = WeightedClassifier(LogisticRegression(), ClassBalancedWeighter())
    fitted.fit(X, other_y)
    estimator, weighter = fitted.estimator_, fitted.weighter_
    coef, class_weight = estimator.coef_.copy(), weighter.class_weight_.copy()
    with pytest.raises(case.expected, match=case.match):
        fitted.set_params(**case.params).fit(
            case.X, case.y, sample_weight=case.sample_weight
        )
    assert fitted.estimator_ is estimator and fitted.weighter_ is weighter
    assert_array_equal(fitted.estimator_.coef_, coef)
    assert_array_equal(fitted.weighter_.class_weight_, class_weight)
    assert_array_equal(fitted.classes_, [0, 1, 2])


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_gets_a_clear_error_and_nothing_is_mutated(case):
    inputs = {
        "params": case.params,
        "y": case.y,
        "sample_weight": case.sample_weight,
        "X": case.X,
        "y_fit": case.y_fit,
    }
    originals = copy.deepcopy(inputs)
    if issubclass(case.expected, Warning):
        with pytest.warns(case.expected, match=case.match):
            weights = _call(case, **inputs)
        assert weights.shape == (len(case.X),)
        assert np.all(np.isfinite(weights)) and np.all(weights > 0)
    else:
        with warnings.catch_warnings():
            # Only our own error matters; no RuntimeWarning (overflow, invalid
            # value) may escape on the way to it.
            warnings.simplefilter("error", RuntimeWarning)
            with pytest.raises(case.expected, match=case.match):
                _call(case, **inputs)
    for name, before in originals.items():
        _assert_unchanged(before, inputs[name])
