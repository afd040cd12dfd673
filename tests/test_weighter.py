"""ClassBalancedWeighter and class_balanced_sample_weight, as a user calls them."""

import numpy as np
import pytest
from _versions import SKLEARN_1_6
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.exceptions import DataConversionWarning
from sklearn.utils.class_weight import compute_class_weight, compute_sample_weight
from sklearn.utils.estimator_checks import (
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_set_params,
)

from sklearn_classweight import ClassBalancedWeighter, class_balanced_sample_weight

rng = np.random.RandomState(0)
Y_LONG_TAIL = rng.choice([0, 1, 2, 3], size=500, p=[0.7, 0.2, 0.08, 0.02])
USER_WEIGHTS = rng.uniform(0.1, 3.0, size=500)


def test_ins_equals_sklearn_balanced():
    weights = ClassBalancedWeighter("ins").fit_transform(Y_LONG_TAIL)
    assert_allclose(weights, compute_sample_weight("balanced", Y_LONG_TAIL), rtol=1e-12)
    assert weights.dtype == np.float64
    assert_allclose(weights.mean(), 1.0)


@pytest.mark.skipif(
    SKLEARN_1_6, reason="compute_class_weight takes sample_weight from 1.7 on"
)
def test_ins_with_sample_weight_equals_sklearn_compute_class_weight():
    weighter = ClassBalancedWeighter("balanced").fit(
        Y_LONG_TAIL, sample_weight=USER_WEIGHTS
    )
    expected = compute_class_weight(
        "balanced", classes=weighter.classes_, y=Y_LONG_TAIL, sample_weight=USER_WEIGHTS
    )
    assert_allclose(weighter.class_weight_, expected, rtol=1e-12)
    assert_allclose(
        weighter.class_counts_,
        [USER_WEIGHTS[Y_LONG_TAIL == c].sum() for c in range(4)],
    )


def test_integer_sample_weight_equals_repeated_rows():
    y = np.array([0, 0, 1, 1, 1, 2])
    sample_weight = np.array([2, 1, 1, 3, 1, 2])
    repeated = np.repeat(y, sample_weight)
    for scheme in ["ins", "isns", "ens", "power", "uniform"]:
        weighted = ClassBalancedWeighter(scheme, beta=0.9, power=0.3).fit(
            y, sample_weight=sample_weight
        )
        plain = ClassBalancedWeighter(scheme, beta=0.9, power=0.3).fit(repeated)
        assert_allclose(weighted.class_weight_, plain.class_weight_, rtol=1e-14)


def test_ens_weights_by_hand():
    y = np.array([0] * 3 + [1])  # counts 3 and 1
    weighter = ClassBalancedWeighter("ens", beta=0.5, normalize=None).fit(y)
    assert_allclose(weighter.effective_num_, [1.75, 1.0])  # (1 - 0.5**3) / 0.5
    assert_allclose(weighter.class_weight_, [1 / 1.75, 1.0])
    summed = ClassBalancedWeighter("ens", beta=0.5, normalize="sum").fit(y)
    assert_allclose(
        summed.class_weight_, np.array([1 / 1.75, 1.0]) * 2 / (1 / 1.75 + 1)
    )


def test_ens_limits_are_ins_and_uniform():
    ins = ClassBalancedWeighter("ins").fit_transform(Y_LONG_TAIL)
    assert_allclose(
        ClassBalancedWeighter("ens", beta=1.0).fit_transform(Y_LONG_TAIL), ins
    )
    assert_allclose(
        ClassBalancedWeighter("ens", beta=1 - 1e-12).fit_transform(Y_LONG_TAIL),
        ins,
        rtol=1e-8,
    )
    assert_allclose(
        ClassBalancedWeighter("ens", beta=0.0).fit_transform(Y_LONG_TAIL), 1.0
    )


def test_effective_num_only_for_ens():
    assert not hasattr(ClassBalancedWeighter("ins").fit(Y_LONG_TAIL), "effective_num_")


@pytest.mark.parametrize(
    "labels",
    [
        ["b", "a", "a", "c", "a"],
        [True, False, False, True, False],
        [2.0, 1.0, 1.0, 3.0, 1.0],
    ],
)
def test_any_label_kind(labels):
    weights = ClassBalancedWeighter().fit_transform(labels)
    codes = np.unique(labels, return_inverse=True)[1]
    assert_allclose(weights, compute_sample_weight("balanced", codes))


def test_pandas_and_polars_series():
    pd = pytest.importorskip("pandas")
    y = ["x", "y", "y", "z", "y", "y"]
    expected = ClassBalancedWeighter().fit_transform(y)
    assert_allclose(ClassBalancedWeighter().fit_transform(pd.Series(y)), expected)
    assert_allclose(
        ClassBalancedWeighter().fit_transform(pd.Series(y, dtype="category")), expected
    )
    pl = pytest.importorskip("polars")
    assert_allclose(ClassBalancedWeighter().fit_transform(pl.Series(y)), expected)


def test_transform_maps_labels_and_rejects_unseen():
    weighter = ClassBalancedWeighter().fit(["a", "a", "b"])
    assert_allclose(weighter.transform(["b", "a"]), [1.5, 0.75])
    with pytest.raises(ValueError, match=r"labels not seen during fit: \['c'\]"):
        weighter.transform(["a", "c"])


def test_dict_and_callable_schemes():
    y = np.array([0, 0, 0, 1])
    scheme = {0: 1.0, 1: 5.0, 7: 2.0}  # extra labels are ignored
    weighter = ClassBalancedWeighter(scheme, normalize=None).fit(y)
    assert_array_equal(weighter.class_weight_, [1.0, 5.0])
    assert scheme == {0: 1.0, 1: 5.0, 7: 2.0}
    # The dict is rescaled like every scheme unless normalize=None.
    assert_allclose(
        ClassBalancedWeighter(scheme, normalize="max").fit(y).class_weight_, [0.2, 1.0]
    )
    weighter = ClassBalancedWeighter(lambda counts: 1 / counts**2, normalize=None).fit(
        y
    )
    assert_allclose(weighter.class_weight_, [1 / 9, 1.0])
    with pytest.raises(
        ValueError, match=r"scheme is a dict without a weight for class\(es\) \[1\]"
    ):
        ClassBalancedWeighter({0: 1.0}).fit(y)
    with pytest.raises(
        ValueError, match=r"scheme \(callable .*\) must give one weight per class"
    ):
        ClassBalancedWeighter(lambda counts: counts[:1]).fit(y)
    with pytest.raises(ValueError, match="not finite and strictly positive"):
        ClassBalancedWeighter(lambda counts: counts - 3).fit(y)


@pytest.mark.parametrize(
    "params, match",
    [
        ({"scheme": "inverse"}, "'scheme' parameter"),
        ({"beta": 1.5}, "'beta' parameter"),
        ({"beta": -0.1}, "'beta' parameter"),
        ({"beta": float("nan")}, "'beta' parameter"),
        ({"power": -1}, "'power' parameter"),
        ({"normalize": "l2"}, "'normalize' parameter"),
    ],
)
def test_invalid_parameters_name_the_parameter(params, match):
    with pytest.raises(ValueError, match=match):
        ClassBalancedWeighter(**params).fit([0, 1, 1])
    with pytest.raises(ValueError, match=match):
        class_balanced_sample_weight([0, 1, 1], **params)


@pytest.mark.parametrize(
    "y, match",
    [
        ([], "y is empty"),
        ([0.5, 1.2, 3.3], "Unknown label type"),
        (np.zeros((2, 2, 2)), r"1d array of class labels.*got shape \(2, 2, 2\)"),
    ],
)
def test_invalid_targets(y, match):
    with pytest.raises(ValueError, match=match):
        ClassBalancedWeighter().fit(y)


def test_invalid_sample_weight():
    y = [0, 0, 1]
    with pytest.raises(ValueError, match="sample_weight has negative values"):
        ClassBalancedWeighter().fit(y, sample_weight=[1, -1, 1])
    with pytest.raises(
        ValueError, match="sample_weight is zero for every sample: at least one"
    ):
        ClassBalancedWeighter().fit(y, sample_weight=[0, 0, 0])
    with pytest.raises(
        ValueError, match=r"sample_weight is zero for every sample of class\(es\) \[1\]"
    ):
        ClassBalancedWeighter().fit(y, sample_weight=[1, 1, 0])
    with pytest.raises(ValueError, match=r"shape"):
        ClassBalancedWeighter().fit(y, sample_weight=[1, 1])


def test_extreme_power_is_an_error_not_a_zero_weight():
    with pytest.raises(ValueError, match="scheme='power' produced class weights"):
        ClassBalancedWeighter("power", power=1e3).fit([0] * 10 + [1])


def test_inputs_are_not_mutated():
    y = Y_LONG_TAIL.copy()
    sample_weight = USER_WEIGHTS.copy()
    ClassBalancedWeighter("ens").fit_transform(y, sample_weight=sample_weight)
    class_balanced_sample_weight(y, scheme="isns", sample_weight=sample_weight)
    assert_array_equal(y, Y_LONG_TAIL)
    assert_array_equal(sample_weight, USER_WEIGHTS)


def test_function_equals_weighter():
    for scheme in ["ins", "isns", "ens", "power"]:
        assert_array_equal(
            class_balanced_sample_weight(
                Y_LONG_TAIL, scheme=scheme, beta=0.99, sample_weight=USER_WEIGHTS
            ),
            ClassBalancedWeighter(scheme, beta=0.99).fit_transform(
                Y_LONG_TAIL, USER_WEIGHTS
            ),
        )


def test_fit_then_transform_equals_fit_transform():
    weighter = ClassBalancedWeighter("isns")
    assert_array_equal(
        weighter.fit(Y_LONG_TAIL).transform(Y_LONG_TAIL),
        weighter.fit_transform(Y_LONG_TAIL),
    )


def test_unfitted_transform_raises():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        ClassBalancedWeighter().transform([0, 1])


@pytest.mark.parametrize(
    "check",
    [
        check_no_attributes_set_in_init,
        check_get_params_invariance,
        check_set_params,
        check_parameters_default_constructible,
    ],
    ids=lambda check: check.__name__,
)
def test_api_checks_for_a_y_only_transformer(check):
    check("ClassBalancedWeighter", ClassBalancedWeighter())


def test_clone_keeps_parameters_and_drops_fitted_state():
    weighter = ClassBalancedWeighter("ens", beta=0.9).fit([0, 1, 1])
    assert clone(weighter).get_params() == weighter.get_params()
    assert not hasattr(clone(weighter), "classes_")


def test_fit_counts_equals_fit_on_the_labels():
    y = np.array(["b"] * 7 + ["a"] * 2 + ["c"])
    for scheme in ["ins", "isns", "ens", "power", "uniform"]:
        from_labels = ClassBalancedWeighter(scheme, beta=0.9).fit(y)
        from_counts = ClassBalancedWeighter(scheme, beta=0.9).fit_counts(
            [7, 2, 1], classes=["b", "a", "c"]
        )
        assert_array_equal(from_counts.classes_, from_labels.classes_)
        assert_allclose(from_counts.class_weight_, from_labels.class_weight_)
        assert_allclose(from_counts.transform(y), from_labels.transform(y))


@pytest.mark.parametrize(
    "counts, classes, match",
    [
        ([[1, 2]], None, "1-D array with one count per class"),
        ([1, -2], None, "finite and non-negative"),
        ([0, 0], None, "at least one positive"),
        ([1, np.nan], None, "finite and non-negative"),
        ([1, 2], ["a"], "classes has 1 labels but class_counts has 2"),
        ([1, 2], ["a", "a"], r"classes lists \['a'\] more than once"),
    ],
)
def test_fit_counts_rejects_bad_counts(counts, classes, match):
    with pytest.raises(ValueError, match=match):
        ClassBalancedWeighter().fit_counts(counts, classes=classes)


def test_refit_with_another_scheme_drops_effective_num():
    weighter = ClassBalancedWeighter("ens").fit([0, 0, 1])
    assert hasattr(weighter, "effective_num_")
    weighter.set_params(scheme="ins").fit([0, 0, 1])
    assert not hasattr(weighter, "effective_num_")


def test_a_sparse_column_vector_is_a_column_of_labels():
    sparse = pytest.importorskip("scipy.sparse")
    y = np.array([0, 0, 0, 1])
    column = sparse.csr_matrix(y.reshape(-1, 1))
    with pytest.warns(DataConversionWarning, match="sparse column-vector y"):
        weights = ClassBalancedWeighter().fit_transform(column)
    assert_allclose(weights, compute_sample_weight("balanced", y))


def test_the_function_broadcasts_a_scalar_sample_weight():
    y = [0, 0, 0, 1]
    assert_allclose(
        class_balanced_sample_weight(y, sample_weight=3.0),
        ClassBalancedWeighter().fit_transform(y, sample_weight=3.0),
    )


@pytest.mark.parametrize("labels", [[2**63, 2**63 + 1], [2**63 + 5, 2**64 - 1]])
def test_uint64_labels_at_and_above_two_to_the_63(labels):
    y = np.array(labels, dtype=np.uint64)[[0, 0, 0, 1]]
    classes, counts = np.unique(y, return_counts=True)
    fitted = ClassBalancedWeighter().fit(y)
    assert fitted.classes_.dtype == np.uint64
    assert_array_equal(fitted.classes_, classes)
    assert_array_equal(fitted.class_counts_, counts)
    streamed = ClassBalancedWeighter().partial_fit(y[:2], classes=classes)
    streamed.partial_fit(y[2:])
    assert_array_equal(streamed.class_counts_, counts)
    assert_array_equal(streamed.transform(y), fitted.transform(y))


def test_the_single_class_warning_points_at_the_users_line():
    with pytest.warns(UserWarning, match="single class") as record:
        ClassBalancedWeighter().fit([1, 1, 1])
    assert record[0].filename == __file__


def test_a_refit_on_1d_labels_drops_the_multilabel_attributes():
    """Fitted attributes describe the last fit only: pos_weight_ of a multilabel
    fit does not survive a refit on 1-D labels."""
    weighter = ClassBalancedWeighter("ens").fit(np.array([[0, 1], [1, 1], [0, 0]]))
    assert hasattr(weighter, "pos_weight_") and isinstance(weighter.classes_, list)
    weighter.set_params(scheme="ins").fit([0, 1, 1])
    assert not hasattr(weighter, "pos_weight_")
    assert not hasattr(weighter, "effective_num_")
    assert_array_equal(weighter.classes_, [0, 1])


def test_fit_transform_of_a_2d_target_equals_fit_then_transform():
    Y = np.column_stack([Y_LONG_TAIL == 3, Y_LONG_TAIL % 2, Y_LONG_TAIL]).astype(int)
    for combine in ("product", "mean", "max"):
        weighter = ClassBalancedWeighter(combine=combine)
        assert_array_equal(
            weighter.fit_transform(Y, sample_weight=USER_WEIGHTS),
            clone(weighter).fit(Y, sample_weight=USER_WEIGHTS).transform(Y),
        )
