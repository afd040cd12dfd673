"""The fast label encoding gives exactly what the ``np.unique`` path gives.

Class weights are counted from encoded labels. The encoders in
``sklearn_classweight._encoding`` avoid sorting ``y`` (bincount for small
integer ranges, hashing for strings, a pandas Categorical's own codes), and
must never change a result: same classes (values and dtype), same codes, same
counts, and hence bit-for-bit the same class weights as the straightforward
implementation, which these tests run by switching every fast path off.
"""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal

from sklearn_classweight import (
    ClassBalancedWeighter,
    _counting,
    _encoding,
    class_balanced_sample_weight,
)
from sklearn_classweight._counting import (
    check_labels,
    check_sample_weight,
    count_classes,
    encode_labels,
)
from sklearn_classweight._encoding import recall_encoding

INT64 = np.iinfo(np.int64)
UINT64 = np.iinfo(np.uint64)


def _no_fast_path(*args, **kwargs):
    return None


def disable_fast_paths(patch):
    """Make ``check_labels``/``count_classes``/``encode_labels`` take the np.unique path."""
    patch.setattr(_counting, "encode_classes", _no_fast_path)
    patch.setattr(_counting, "encode_known", _no_fast_path)
    patch.setattr(_counting, "categorical_labels", _no_fast_path)
    patch.setattr(_counting, "plain_integer_labels", lambda y: False)
    patch.setattr(_counting, "string_labels", lambda y: False)
    patch.setattr(
        _counting,
        "type_of_target_fast",
        lambda y, input_name: _encoding.type_of_target(y),
    )


def exact_encoding(y):
    """The straightforward implementation: sort everything with np.unique."""
    classes, codes, counts = np.unique(
        np.asarray(y), return_inverse=True, return_counts=True
    )
    return classes, codes.reshape(-1), counts


def assert_same_encoding(y, sample_weight=None):
    expected_classes, expected_codes, expected_counts = exact_encoding(y)
    labels = check_labels(y)
    classes, codes, counts = count_classes(
        labels, check_sample_weight(sample_weight, labels)
    )
    assert classes.dtype == expected_classes.dtype
    assert_array_equal(classes, expected_classes)
    assert_array_equal(codes, expected_codes)
    if sample_weight is None:
        assert_array_equal(counts, expected_counts)
    else:
        assert_array_equal(
            counts,
            np.bincount(expected_codes, weights=np.asarray(sample_weight, float)),
        )


def fit_fast_and_exact(y, sample_weight=None, **params):
    """Fit the same weighter with and without the fast paths."""
    fitted = []
    for fast in (True, False):
        with pytest.MonkeyPatch.context() as patch:
            if not fast:
                disable_fast_paths(patch)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)  # single-class y
                weighter = ClassBalancedWeighter(**params)
                weights = weighter.fit_transform(y, sample_weight=sample_weight)
                fitted.append((weighter, weights, weighter.transform(y)))
    return fitted


def assert_bit_for_bit(y, sample_weight=None, **params):
    (fast, fast_weights, fast_again), (exact, exact_weights, exact_again) = (
        fit_fast_and_exact(y, sample_weight, **params)
    )
    assert fast.classes_.dtype == exact.classes_.dtype
    assert_array_equal(fast.classes_, exact.classes_)
    # tobytes: equal bits, not merely equal within rounding.
    assert fast.class_counts_.tobytes() == exact.class_counts_.tobytes()
    assert fast.class_weight_.tobytes() == exact.class_weight_.tobytes()
    assert fast_weights.tobytes() == exact_weights.tobytes()
    assert fast_again.tobytes() == exact_again.tobytes()
    assert fast_weights.tobytes() == fast_again.tobytes()


def long_tailed(n_classes, n_samples=600, seed=0):
    """Class indices whose frequencies fall geometrically, shuffled."""
    probabilities = 0.9 ** np.arange(n_classes)
    rng = np.random.default_rng(seed)
    codes = rng.choice(n_classes, size=n_samples, p=probabilities / probabilities.sum())
    codes[:n_classes] = np.arange(n_classes)  # every class present
    return rng.permutation(codes)


CODES = long_tailed(7)
NAMES = np.array(["ant", "bee", "cat", "dog", "eel", "fox", "gnu"], dtype=object)
MIXED_LENGTHS = np.array(["a", "bb", "", "ccc dd", "é", "中文", "a b"], dtype=object)

LABELS = {
    "int64 0..K-1": CODES,
    "int64 with gaps": np.array([3, 7, 100, 101, 5000, 9, 4])[CODES],
    "negative ints": CODES - 3,
    "int8": CODES.astype(np.int8) - 100,
    "int32": CODES.astype(np.int32) * 1000,
    "uint8": CODES.astype(np.uint8) + 200,
    "uint64": CODES.astype(np.uint64),
    "bool": CODES % 2 == 0,
    "large int range": np.array([0, 10**12, -(10**15), 7, 8, 2**40, 9])[CODES],
    "near int64 limits": np.array(
        [INT64.min, INT64.min + 1, -1, 0, 1, INT64.max - 1, INT64.max]
    )[CODES],
    "near uint64 limit": np.array(
        [0, 1, UINT64.max - 1, UINT64.max, 5, 6, 7], np.uint64
    )[CODES],
    "integral floats": CODES.astype(float) * 2 - 5,
    "integral float32": CODES.astype(np.float32),
    "large integral floats": np.array([2.0**53, -(2.0**60), 0.0, 1.0, 2.0, 3e15, 4.0])[
        CODES
    ],
    "strings (object)": NAMES[CODES],
    "mixed-length strings (object)": MIXED_LENGTHS[CODES],
    "strings (fixed width)": NAMES[CODES].astype(str),
    "mixed-length strings (fixed width)": MIXED_LENGTHS[CODES].astype(str),
    "list of strings": NAMES[CODES].tolist(),
    "list of ints": CODES.tolist(),
}


@pytest.fixture(params=["pandas", "no pandas"])
def hashing(request, monkeypatch):
    """Hash with pandas.factorize when pandas is loaded, else with a dict."""
    if request.param == "pandas":
        pytest.importorskip("pandas")
    else:
        monkeypatch.setattr(_encoding, "_loaded_pandas", lambda: None)
    return request.param


@pytest.fixture(params=[1 << 16, 5], ids=["one chunk", "many chunks"])
def chunk(request, monkeypatch):
    """Labels are hashed chunk by chunk; tiny chunks exercise the merging."""
    monkeypatch.setattr(_encoding, "_HASH_CHUNK", request.param)
    return request.param


@pytest.mark.parametrize("name", LABELS)
def test_classes_codes_and_counts_equal_np_unique(name, hashing, chunk):
    assert_same_encoding(LABELS[name])


@pytest.mark.parametrize("name", LABELS)
def test_class_weights_bit_for_bit_equal_to_the_exact_path(name, hashing):
    assert_bit_for_bit(LABELS[name])
    assert_bit_for_bit(LABELS[name], scheme="ens", beta=0.99, normalize="sum")


@pytest.mark.parametrize(
    "name", ["int64 with gaps", "strings (object)", "integral floats"]
)
def test_sample_weight_counts_bit_for_bit(name, hashing):
    sample_weight = np.random.default_rng(1).uniform(0.1, 3.0, size=CODES.shape[0])
    assert_same_encoding(LABELS[name], sample_weight)
    assert_bit_for_bit(LABELS[name], sample_weight, scheme="isns")


def test_pandas_categorical_uses_its_codes_and_drops_unused_categories():
    pd = pytest.importorskip("pandas")
    # Category order (and an unused category) differ from sorted order.
    y = pd.Categorical(NAMES[CODES], categories=["zebra", *NAMES[::-1]], ordered=True)
    labels = check_labels(y)
    classes, codes, counts = recall_encoding(labels)  # taken from y.codes, no hashing
    assert_array_equal(classes, NAMES)
    assert_array_equal(codes, CODES)
    assert_same_encoding(y)
    assert_bit_for_bit(y)
    assert_bit_for_bit(pd.Series(y, name="species"))


def test_pandas_categorical_with_int_categories():
    pd = pytest.importorskip("pandas")
    y = pd.Categorical(CODES * 10, categories=[70, *range(0, 70, 10)])
    assert_same_encoding(y)
    assert_bit_for_bit(y)


def test_missing_label_in_a_categorical_is_still_an_error():
    pd = pytest.importorskip("pandas")
    y = pd.Categorical(["a", "b", None, "a"])
    with pytest.raises(ValueError, match=r"y has 1 missing or infinite label.*\[2\]"):
        class_balanced_sample_weight(y)


@pytest.mark.parametrize("dtype", ["object", "str", "int64", "category"])
def test_pandas_series(dtype):
    pd = pytest.importorskip("pandas")
    values = NAMES[CODES] if dtype != "int64" else CODES - 2
    y = pd.Series(values).astype(dtype)
    assert_same_encoding(y)
    assert_bit_for_bit(y)


@pytest.mark.parametrize("dtype", ["String", "Int64", "Categorical"])
def test_polars_series(dtype):
    pl = pytest.importorskip("polars")
    values = CODES.tolist() if dtype == "Int64" else NAMES[CODES].tolist()
    y = pl.Series("y", values, dtype=getattr(pl, dtype))
    assert_same_encoding(y.to_numpy())
    assert_bit_for_bit(y)


def test_single_class():
    for y in (np.full(5, 3), np.full(5, "a", dtype=object), np.ones(5, dtype=bool)):
        assert_same_encoding(y)
        assert_bit_for_bit(y)


def test_non_contiguous_and_read_only_labels_are_left_untouched():
    values = np.repeat(LABELS["negative ints"], 2)
    strided = values[::2]
    read_only = LABELS["int64 with gaps"].copy()
    read_only.flags.writeable = False
    strings = LABELS["strings (object)"][::3]
    for y in (strided, read_only, strings, values[::-1]):
        before = y.copy()
        assert_same_encoding(y)
        assert_bit_for_bit(y)
        assert_array_equal(y, before)
    assert not read_only.flags.writeable


def test_codes_that_are_the_labels_themselves_are_read_only():
    y = CODES.copy()
    _, codes, _ = count_classes(check_labels(y))
    assert not codes.flags.writeable  # a view of y: writing to it would corrupt y
    assert y.flags.writeable


@pytest.mark.parametrize(
    "y, match",
    [
        (np.array(["a", "b", None, "a"] * 3, dtype=object), "missing"),
        (np.array(["a", "b", 1, "a"] * 3, dtype=object), "mixes label types"),
        (np.array([1.0, 2.0, np.nan]), "missing"),
    ],
)
def test_bad_labels_in_a_later_chunk_still_raise(y, match, hashing, monkeypatch):
    monkeypatch.setattr(_encoding, "_HASH_CHUNK", 2)  # first chunk looks clean
    with pytest.raises((ValueError, TypeError), match=match):
        class_balanced_sample_weight(y)


def test_a_hash_collision_between_fixed_width_strings_falls_back_to_np_unique(
    monkeypatch,
):
    pytest.importorskip("pandas")  # the byte hashing runs when pandas is loaded
    # With multiplier 0 a label's hash is its last character alone.
    monkeypatch.setattr(_encoding, "_WORD_MULTIPLIER", np.uint64(0))
    y = np.array(["ab", "cb", "ab", "zz"], dtype="U3")  # 3 words of 4 bytes
    assert _encoding._encode_fixed_width(y) is None
    assert_same_encoding(y)
    assert_bit_for_bit(y)


def test_transform_labels_unseen_in_fit_are_reported(hashing):
    weighter = ClassBalancedWeighter().fit(NAMES[CODES])
    with pytest.raises(ValueError, match=r"not seen during fit: \['zebra'\]"):
        weighter.transform(np.array(["ant", "zebra"], dtype=object))
    assert_array_equal(
        encode_labels(check_labels(np.array(["gnu", "ant"], dtype=object)), NAMES),
        [6, 0],
    )


def test_refit_after_changing_the_labels_sees_the_new_labels():
    # Validation remembers an encoding for the array it returns; a new fit
    # validates again and never reuses an old encoding.
    y = NAMES[CODES].copy()
    weighter = ClassBalancedWeighter()
    first = weighter.fit_transform(y)
    y[y == "gnu"] = "ant"
    second = weighter.fit_transform(y)
    assert "gnu" not in weighter.classes_
    assert_array_equal(second, class_balanced_sample_weight(y.tolist()))
    assert not np.array_equal(first, second)


@settings(max_examples=60, deadline=None)
@given(
    labels=st.lists(
        st.one_of(
            st.integers(-3, 3),
            st.integers(INT64.min, INT64.max),
        ),
        min_size=1,
        max_size=40,
    ),
    dtype=st.sampled_from(["int64", "float64", "str", "object"]),
    chunk_size=st.sampled_from([3, 1 << 16]),
)
def test_property_any_labels_encode_like_np_unique(labels, dtype, chunk_size):
    if dtype == "float64":
        labels = [label % 1000 for label in labels]  # exactly representable
    y = np.array(labels, dtype=np.int64).astype(dtype if dtype != "object" else str)
    if dtype == "object":
        y = y.astype(object)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_encoding, "_HASH_CHUNK", chunk_size)
        assert_same_encoding(y)
        assert_bit_for_bit(y)


@pytest.mark.parametrize("dtype", [object, str])
def test_weighted_classifier_hashes_string_labels_once(dtype, monkeypatch):
    # WeightedClassifier validates y, then its weighter validates and counts
    # the same labels: the encoding found first is reused, not recomputed.
    from sklearn_classweight import WeightedClassifier

    if dtype is str:  # fixed-width strings are hashed through pandas, once loaded
        pytest.importorskip("pandas")
    encodings = []
    encode = _encoding._encode_classes
    monkeypatch.setattr(
        _encoding, "_encode_classes", lambda y: encodings.append(y) or encode(y)
    )
    rng = np.random.RandomState(0)
    y = np.array(["cat", "dog", "axolotl"], dtype=dtype)[rng.randint(0, 3, 200)]
    clf = WeightedClassifier().fit(rng.normal(size=(200, 2)), y)

    assert len(encodings) == 1
    assert_array_equal(clf.weighter_.classes_, ["axolotl", "cat", "dog"])
    assert_array_equal(
        clf.weighter_.class_counts_, [np.sum(y == c) for c in ["axolotl", "cat", "dog"]]
    )
