"""ShiftCurveDisplay: what WeightedClassifierCV saw, score against tau."""

import pytest
from numpy.testing import assert_allclose
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from sklearn_classweight import (
    ClassBalancedWeighter,
    ShiftCurveDisplay,
    WeightedClassifierCV,
)

pytest.importorskip("matplotlib")
import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

X, y = make_classification(n_samples=300, n_features=5, weights=[0.85], random_state=0)
TAUS = [0.0, 0.5, 1.0, 1.5, 2.0]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def search():
    return WeightedClassifierCV(
        LogisticRegression(),
        param_grid={"weighter__scheme": ["uniform", "isns"]},
        taus=TAUS,
        cv=3,
    ).fit(X, y)


def test_one_curve_per_candidate_of_the_mean_score_against_tau(search):
    display = ShiftCurveDisplay.from_estimator(search)
    assert [line.get_label() for line in display.lines_] == [
        "no weighting",
        "weighter__scheme='isns'",
    ]
    pairs = search.pair_results_
    for row, line in enumerate(display.lines_):
        assert_allclose(line.get_xdata(), TAUS)
        assert_allclose(
            line.get_ydata(), pairs["mean_test_score"][5 * row : 5 * row + 5]
        )
    assert display.ax_.get_ylabel() == "mean validation balanced_accuracy"
    assert display.figure_ is display.ax_.figure


def test_the_selected_and_the_reference_pairs_are_marked(search):
    display = ShiftCurveDisplay.from_estimator(search)
    assert_allclose(display.chosen_marker_.get_xdata(), [search.best_tau_])
    assert_allclose(display.chosen_marker_.get_ydata(), [search.best_score_])
    assert_allclose(display.reference_marker_.get_xdata(), [1.0])
    assert_allclose(
        display.reference_marker_.get_ydata(),
        [search.selection_evidence_["reference_score"]],
    )
    labels = display.ax_.get_legend_handles_labels()[1]
    assert f"selected (tau={search.best_tau_:g}, {search.best_score_:.3f})" in labels


def test_error_bands_can_be_left_out(search):
    with_bands = ShiftCurveDisplay.from_estimator(search)
    without = ShiftCurveDisplay.from_estimator(search, show_errors=False)
    assert len(with_bands.ax_.collections) == 2
    assert len(without.ax_.collections) == 0


def test_draws_on_given_axes():
    search = WeightedClassifierCV(LogisticRegression(), taus=TAUS, cv=3).fit(X, y)
    _, ax = plt.subplots()
    display = ShiftCurveDisplay.from_estimator(search, ax=ax)
    assert display.ax_ is ax


def test_errors_say_what_to_pass():
    with pytest.raises(TypeError, match="fitted WeightedClassifierCV"):
        ShiftCurveDisplay.from_estimator(ClassBalancedWeighter())
    with pytest.raises(TypeError, match="fitted WeightedClassifierCV"):
        ShiftCurveDisplay.from_estimator(WeightedClassifierCV())
    display = ShiftCurveDisplay([0.0, 1.0], [[0.5, 0.6]], ["a", "b"], (0, 1.0))
    with pytest.raises(ValueError, match="one row per candidate name"):
        display.plot()
