"""make_long_tailed: the class-size profile of Cui et al."""

import numpy as np
import pytest
from numpy.testing import assert_array_equal
from sklearn.datasets import load_digits

from sklearn_classweight.datasets import class_count_report, make_long_tailed

X, y = load_digits(return_X_y=True)


def test_exponential_profile_in_given_order():
    order = np.arange(10)[::-1]
    _, y_lt = make_long_tailed(
        X, y, imbalance_factor=10, class_order=order, random_state=0
    )
    counts = np.bincount(y_lt)[order]
    n_tail = np.bincount(y).min() // 10  # 174 // 10
    expected = np.round(10 * n_tail * 10.0 ** (-np.arange(10) / 9))
    assert_array_equal(counts, expected)
    assert counts[0] / counts[-1] == 10


@pytest.mark.parametrize("imbalance_factor", [10, 30, 100])
def test_realised_imbalance_factor_is_the_one_asked_for(imbalance_factor):
    # Flooring the tail used to give 174 when 100 was asked for on digits.
    _, y_lt = make_long_tailed(X, y, imbalance_factor=imbalance_factor, random_state=0)
    counts = np.bincount(y_lt)
    assert counts.max() / counts.min() == imbalance_factor


def test_unreachable_imbalance_factor_warns_with_the_factor_reached():
    with pytest.warns(UserWarning, match="the realised factor is 174"):
        _, y_lt = make_long_tailed(X, y, imbalance_factor=1000, random_state=0)
    counts = np.bincount(y_lt)
    assert counts.max() / counts.min() == 174


def test_step_profile():
    _, y_lt = make_long_tailed(
        X,
        y,
        imbalance_factor=10,
        profile="step",
        class_order=np.arange(10),
        random_state=0,
    )
    n_tail = np.bincount(y).min() // 10
    assert_array_equal(np.bincount(y_lt), [10 * n_tail] * 5 + [n_tail] * 5)


def test_rows_are_kept_whole_and_seeded():
    X_lt, y_lt = make_long_tailed(X, y, imbalance_factor=10, random_state=3)
    X_again, y_again = make_long_tailed(X, y, imbalance_factor=10, random_state=3)
    assert_array_equal(X_lt, X_again)
    rows = {tuple(row): label for row, label in zip(X, y)}
    assert all(rows[tuple(row)] == label for row, label in zip(X_lt, y_lt))


def test_dataframes_stay_dataframes():
    pd = pytest.importorskip("pandas")
    frame, series = pd.DataFrame(X), pd.Series(y, name="digit")
    X_lt, y_lt = make_long_tailed(frame, series, imbalance_factor=5, random_state=0)
    assert isinstance(X_lt, pd.DataFrame) and isinstance(y_lt, pd.Series)
    assert_array_equal(X_lt.index, y_lt.index)


def test_bad_class_order():
    with pytest.raises(
        ValueError, match="class_order must list every class of y exactly once"
    ):
        make_long_tailed(X, y, class_order=[0, 1, 2])
    with pytest.raises(ValueError, match="'imbalance_factor' parameter"):
        make_long_tailed(X, y, imbalance_factor=0.5)


def test_class_count_report_after_make_long_tailed():
    order = np.arange(10)
    _, y_lt = make_long_tailed(
        X, y, imbalance_factor=10, class_order=order, random_state=0
    )
    report = class_count_report(y_lt)
    assert_array_equal(report.classes, order)
    assert_array_equal(report.counts, np.bincount(y_lt))
    assert report.fractions.sum() == pytest.approx(1.0)
    assert report.imbalance_factor == pytest.approx(
        np.bincount(y_lt).max() / np.bincount(y_lt).min()
    )
    assert report.text.splitlines()[0].split() == ["class", "count", "fraction"]
    assert "10 classes" in report.text


def test_class_count_report_weighted_and_bad_weights():
    report = class_count_report(["a", "b", "b"], sample_weight=[4.0, 1.0, 1.0])
    assert_array_equal(report.classes, ["a", "b"])
    assert_array_equal(report.counts, [4.0, 2.0])
    with pytest.raises(ValueError, match="sample_weight"):
        class_count_report(["a", "b"], sample_weight=[1.0, -1.0])
