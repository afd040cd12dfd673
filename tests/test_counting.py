"""Label validation and class counting: every weighter starts from these counts."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.exceptions import DataConversionWarning

from sklearn_classweight._counting import (
    check_class_counts,
    check_labels,
    count_classes,
    encode_labels,
)


def numpy_count(y, sample_weight=None):
    """The reference: np.unique, then a weighted bincount."""
    classes, codes, counts = np.unique(y, return_inverse=True, return_counts=True)
    if sample_weight is not None:
        counts = np.bincount(codes, weights=sample_weight)
    return classes, codes, counts


@pytest.mark.parametrize(
    "y",
    [
        np.array([3, 1, 3, 3, 7]),  # small span: counted with np.bincount
        np.array([-5, 2, 2, -5, 0]),  # negative labels: shifted
        np.array([0, 10**12, 0]),  # huge span: np.unique
        np.array([True, False, True]),
        np.array(["b", "a", "b", "c"]),
        np.array(["b", "a", "b"], dtype=object),
        np.array([1.0, 2.0, 1.0]),
        np.array([2**63 + 1, 2**63, 2**63 + 1], dtype=np.uint64),  # small span
        np.array([2**64 - 1, 2**63, 5], dtype=np.uint64),  # wide span
        np.array([-128, 127, 0, 127], dtype=np.int8),  # the dtype's whole range
    ],
    ids=[
        "ints",
        "negative",
        "wide",
        "bools",
        "str",
        "object",
        "floats",
        "uint64 >= 2**63",
        "uint64 wide",
        "int8 extremes",
    ],
)
def test_counts_equal_numpy_unique(y):
    classes, codes, counts = count_classes(y)
    expected_classes, expected_codes, expected_counts = numpy_count(y)
    assert_array_equal(classes, expected_classes)
    assert classes.dtype == expected_classes.dtype
    assert_array_equal(codes, expected_codes)
    assert_array_equal(counts, expected_counts)
    assert counts.dtype == np.float64


def test_weighted_counts_are_total_sample_weight():
    y = np.array([0, 0, 1, 2, 2, 2])
    sample_weight = np.array([1.0, 2.0, 0.5, 1.0, 1.0, 3.0])
    _, _, counts = count_classes(y, sample_weight)
    assert_array_equal(counts, [3.0, 0.5, 5.0])


def test_a_class_with_zero_total_weight_is_an_error_not_an_infinite_weight():
    with pytest.raises(ValueError, match=r"sample_weight is zero for every sample"):
        count_classes(np.array([0, 0, 1]), np.array([1.0, 1.0, 0.0]))


def test_check_labels_keeps_ints_and_strings_without_copying():
    for y in [np.array([2, 0, 1]), np.array(["a", "b"])]:
        labels = check_labels(y)
        assert_array_equal(labels, y)
        assert np.shares_memory(labels, y)


def test_a_column_vector_is_accepted_with_scikit_learns_warning():
    with pytest.warns(DataConversionWarning):
        y = check_labels(np.array([[0], [1], [1]]))
    assert y.shape == (3,)


@pytest.mark.parametrize(
    "y, error, match",
    [
        (None, ValueError, "y is required"),
        ([], ValueError, "y is empty"),
        ([0.5, 1.5], ValueError, "Unknown label type: 'continuous'"),
        (np.array(["a", None], dtype=object), ValueError, "missing or infinite"),
        ([0.0, np.nan], ValueError, "missing or infinite"),
        (np.array([1, "a"], dtype=object), ValueError, r"types \['int', 'str'\]"),
        (np.ones((3, 2)), ValueError, "single column of labels"),
    ],
    ids=["none", "empty", "continuous", "none-label", "nan", "mixed", "2-D"],
)
def test_check_labels_says_what_is_wrong(y, error, match):
    with pytest.raises(error, match=match):
        check_labels(y)


@pytest.mark.parametrize("n_classes", [3, 100])  # compared one by one / sorted into
def test_encode_labels_both_ways_agree(n_classes):
    rng = np.random.default_rng(0)
    classes = np.array([f"c{i:03d}" for i in range(n_classes)])
    y = classes[rng.integers(0, n_classes, size=500)]
    assert_array_equal(encode_labels(y, classes), np.searchsorted(classes, y))


@pytest.mark.parametrize("classes", [np.array([0, 1]), np.arange(100)])
def test_encode_labels_rejects_unseen_labels(classes):
    with pytest.raises(
        ValueError, match=r"y contains labels not seen during fit: \[-1\]"
    ):
        encode_labels(np.array([0, -1]), classes)


def test_string_labels_are_not_compared_with_integer_classes():
    with pytest.raises(ValueError, match="not seen during fit"):
        encode_labels(np.array(["0"]), np.array([0, 1]))


@pytest.mark.parametrize(
    "counts, match",
    [
        ([], "non-empty 1-D"),
        ([1, -1], "non-negative"),
        ([0, 0], "at least one positive"),
    ],
)
def test_check_class_counts(counts, match):
    with pytest.raises(ValueError, match=match):
        check_class_counts(counts)


def test_decay_stops_at_one_sample_spread_over_the_memory():
    """A count decays by ``decay`` per batch down to ``(1 - decay)`` samples,
    then stays; a count already below the floor is not raised to it."""
    from sklearn_classweight._counting import decay_counts

    counts = np.array([100.0, 1.0, 0.01])
    no_batch = np.zeros(3)
    for _ in range(1000):
        counts = decay_counts(counts, no_batch, 0.9)
    assert_allclose(counts, [0.1, 0.1, 0.01], rtol=1e-15)
    # The floor scales with what one sample counts (its mean sample_weight).
    assert_array_equal(decay_counts(np.array([1.0]), np.zeros(1), 0.5, 0.2), [0.5])
    assert_array_equal(decay_counts(np.array([0.05]), np.zeros(1), 0.5, 0.2), [0.05])
    # decay=1: plain cumulative counts.
    assert_array_equal(
        decay_counts(np.array([3.0, 0.0]), np.array([1.0, 2.0]), 1.0), [4.0, 2.0]
    )


@pytest.mark.parametrize(
    "y, classes",
    [
        (np.array([5, 6, 7, 5]), np.array([5, 6, 7])),
        (np.array([-3, -2, -3]), np.array([-3, -2])),
        (
            np.array([2**63 + 1, 2**63], dtype=np.uint64),
            np.array([2**63, 2**63 + 1], dtype=np.uint64),
        ),
        (np.array([0, 2, 2]), np.array([0, 1, 2, 3])),
        (np.array([1, 10, 1]), np.array([1, 10])),  # not consecutive
    ],
)
def test_encoded_labels_are_their_index_in_the_classes(y, classes):
    assert_array_equal(encode_labels(y, classes), np.searchsorted(classes, y))
    with pytest.raises(ValueError, match=r"labels \[4\] that are not in classes="):
        encode_labels(np.r_[y[:1], 4].astype(y.dtype), classes, known_as="classes")
