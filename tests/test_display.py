"""ClassWeightDisplay: the weights a user trains with, drawn against class size."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.linear_model import LogisticRegression

from sklearn_classweight import (
    ClassBalancedWeighter,
    ClassWeightDisplay,
    FocalWeighter,
    WeightedClassifier,
    WeightedClassifierCV,
)

pytest.importorskip("matplotlib")
import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

y = np.repeat([0, 1, 2], [80, 15, 5])
X = np.random.RandomState(0).normal(size=(len(y), 3)) + y[:, None]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_from_estimator_draws_the_fitted_weights_against_the_counts():
    weighter = ClassBalancedWeighter("isns").fit(y)
    display = ClassWeightDisplay.from_estimator(weighter)
    line = display.artists_["ISNS"]
    assert_array_equal(line.get_xdata(), [80, 15, 5])  # largest class first
    assert_allclose(line.get_ydata(), weighter.class_weight_)
    assert display.ax_.get_xscale() == "log" and display.ax_.get_yscale() == "log"
    assert display.figure_ is display.ax_.figure


def test_from_estimator_reads_the_weighter_of_a_fitted_classifier():
    clf = WeightedClassifier(
        LogisticRegression(), ClassBalancedWeighter("ens", beta=0.9)
    ).fit(X, y)
    display = ClassWeightDisplay.from_estimator(clf, name="chosen")
    assert_allclose(display.artists_["chosen"].get_ydata(), clf.weighter_.class_weight_)
    search = WeightedClassifierCV(
        LogisticRegression(),
        param_grid={"weighter__scheme": ["ins"]},
        cv=2,
        random_state=0,
    ).fit(X, y)
    display = ClassWeightDisplay.from_estimator(search)
    assert list(display.artists_) == ["INS"]


def test_focal_weights_are_drawn_as_the_mean_weight_of_each_class():
    focal = FocalWeighter(cv=3, random_state=0)
    focal.fit(y, X=X, estimator=LogisticRegression())
    display = ClassWeightDisplay.from_estimator(focal)
    assert_allclose(
        display.artists_["FocalWeighter"].get_ydata(), focal.class_mean_weight_
    )


def test_from_counts_overlays_several_schemes_as_bars():
    fig, ax = plt.subplots()
    display = ClassWeightDisplay.from_counts(
        [5, 500, 50],
        schemes=["ins", ClassBalancedWeighter("ens", beta=0.9)],
        classes=["rare", "head", "mid"],
        ax=ax,
        kind="bar",
    )
    assert display.ax_ is ax
    assert list(display.artists_) == ["INS", "ENS (beta=0.9)"]
    assert len(display.artists_["INS"]) == 3
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "head\n(n=500)",
        "mid\n(n=50)",
        "rare\n(n=5)",
    ]
    ins_heights = [bar.get_height() for bar in display.artists_["INS"]]
    assert ins_heights[0] < ins_heights[1] < ins_heights[2]


def test_errors_say_what_to_pass():
    with pytest.raises(TypeError, match="needs a fitted weighter"):
        ClassWeightDisplay.from_estimator(ClassBalancedWeighter())
    with pytest.raises(ValueError, match="positive, finite class sizes"):
        ClassWeightDisplay.from_counts([10, 0])
    with pytest.raises(ValueError, match="one label per class"):
        ClassWeightDisplay.from_counts([10, 5], classes=["a"])
    with pytest.raises(ValueError, match="kind must be one of"):
        ClassWeightDisplay.from_counts([10, 5], kind="pie")
    with pytest.raises(ValueError, match="scheme"):
        ClassWeightDisplay.from_counts([10, 5], schemes=["inverse"])
