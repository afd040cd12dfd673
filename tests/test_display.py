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


def test_bars_stand_on_a_linear_axis_from_zero():
    # On a log axis a bar's length is not proportional to its weight: a
    # 10x ratio could look like 2x. Bars are only honest from 0, linear.
    display = ClassWeightDisplay.from_counts([900, 100], kind="bar")
    assert display.ax_.get_yscale() == "linear"
    assert display.ax_.get_ylim()[0] == 0
    heights = [bar.get_height() for bar in display.artists_["INS"]]
    assert_allclose(heights[1] / heights[0], 9)  # the ratio of the class sizes


def visible_tick_labels(ax, which):
    axis = ax.xaxis if which == "x" else ax.yaxis
    low, high = sorted(ax.get_xlim() if which == "x" else ax.get_ylim())
    ticks = zip(axis.get_majorticklocs(), axis.get_majorticklabels())
    labels = [label for loc, label in ticks if low <= loc <= high]
    minor = [label for label in axis.get_minorticklabels() if label.get_text()]
    return labels + minor


def overlapping_pairs(labels, renderer):
    boxes = [label.get_window_extent(renderer) for label in labels]
    return [
        (labels[i].get_text(), labels[j].get_text())
        for i in range(len(boxes))
        for j in range(i + 1, len(boxes))
        if boxes[i].overlaps(boxes[j])
    ]


COUNT_PROFILES = {
    "2 classes": [900, 100],
    "2 equal classes": [50, 50],
    "2 close classes": [180, 120],
    "3 classes": [500, 50, 5],
    "60 long-tailed classes": np.unique(np.logspace(0, 4, 60).astype(int))[::-1],
    "wide weight range": [1e6, 1],
}


@pytest.mark.parametrize("kind", ["line", "bar"])
@pytest.mark.parametrize("counts", COUNT_PROFILES.values(), ids=COUNT_PROFILES)
def test_tick_labels_are_readable_for_any_number_of_classes(counts, kind):
    display = ClassWeightDisplay.from_counts(counts, kind=kind)
    display.figure_.tight_layout()
    renderer = display.figure_.canvas.get_renderer()
    for which in "xy":
        labels = visible_tick_labels(display.ax_, which)
        assert len(labels) >= 2, f"fewer than two labelled ticks on the {which} axis"
        assert overlapping_pairs(labels, renderer) == []
    if kind == "line":
        assert display.ax_.get_xscale() == display.ax_.get_yscale() == "log"
        # every point is inside the axes
        low, high = display.ax_.get_xlim()
        assert low < min(counts) and max(counts) < high


def test_many_bar_classes_get_a_tick_each_and_a_label_every_few():
    counts = np.arange(60, 0, -1)
    display = ClassWeightDisplay.from_counts(counts, schemes=["ins"], kind="bar")
    assert len(display.artists_["INS"]) == 60
    axis = display.ax_.xaxis
    ticks = set(axis.get_minorticklocs()) | set(axis.get_majorticklocs())
    assert ticks == set(range(60))
    labels = [t.get_text() for t in display.ax_.get_xticklabels()]
    assert labels[:2] == ["0 (n=60)", "5 (n=55)"]
    assert "every 5th class labelled" in display.ax_.get_xlabel()


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
