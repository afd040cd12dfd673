"""How WeightedClassifier looks in a notebook, and how it passes DataFrames on.

Jupyter calls ``_repr_html_``; scikit-learn draws a meta-estimator's nested
estimators as labelled boxes. WeightedClassifier shows the estimator and the
weighter it will actually use, even when they are the ``None`` defaults, and
marks them fitted after ``fit``.
"""

import html
import re

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_classweight import ClassBalancedWeighter, WeightedClassifier


def box_names(estimator):
    """The names on the boxes of the notebook display, outermost first."""
    return re.findall(r"<label[^>]*><div><div>(.*?)</div>", estimator._repr_html_())


@pytest.fixture
def data():
    return make_classification(n_samples=60, weights=[0.8], random_state=0)


def test_default_repr_shows_the_estimator_and_weighter_it_will_use():
    assert box_names(WeightedClassifier()) == [
        "WeightedClassifier",
        "estimator: LogisticRegression",
        "LogisticRegression",
        "weighter: ClassBalancedWeighter",
        "ClassBalancedWeighter",
    ]


def test_repr_shows_the_given_estimator_and_weighter_with_their_parameters():
    weighter = ClassBalancedWeighter("ens", beta=0.99)
    estimator = make_pipeline(StandardScaler(), RandomForestClassifier(n_estimators=3))
    clf = WeightedClassifier(estimator, weighter=weighter)
    names = box_names(clf)
    assert "estimator: Pipeline" in names
    assert "weighter: ClassBalancedWeighter" in names
    # The pipeline inside is drawn step by step.
    assert {"StandardScaler", "RandomForestClassifier"} <= set(names)
    page = clf._repr_html_()
    assert html.escape(str(weighter)) in page


def test_repr_marks_the_nested_estimators_fitted_after_fit(data):
    X, y = data
    clf = WeightedClassifier()
    fitted_boxes = 'class="sk-estimator fitted sk-toggleable"'
    assert fitted_boxes not in clf._repr_html_()
    clf.fit(X, y)
    page = clf._repr_html_()
    # One fitted box for the LogisticRegression, one for the ClassBalancedWeighter.
    assert page.count(fitted_boxes) == 2
    assert "weighter: ClassBalancedWeighter" in box_names(clf)


def test_set_output_pandas_passes_named_columns_to_the_wrapped_estimator(data):
    pd = pytest.importorskip("pandas")
    X, y = data
    X = pd.DataFrame(X, columns=[f"feature_{i}" for i in range(X.shape[1])])
    pipe = make_pipeline(StandardScaler(), WeightedClassifier()).set_output(transform="pandas")
    pipe.fit(X, y)
    clf = pipe[-1]
    # The scaler's DataFrame output reaches the inner estimator unconverted.
    np.testing.assert_array_equal(clf.feature_names_in_, X.columns)
    np.testing.assert_array_equal(clf.estimator_.feature_names_in_, X.columns)
