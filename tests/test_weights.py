"""The pure class-weight math: formulas, limits and scales."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from sklearn_classweight import class_balanced_sample_weight
from sklearn_classweight._weights import (
    check_class_weight,
    compute_class_weight_from_counts,
    effective_number,
    normalize_class_weight,
)

COUNTS = np.array([1.0, 10.0, 100.0])


def test_ins_isns_power_formulas():
    assert_allclose(compute_class_weight_from_counts(COUNTS, "ins"), [1, 0.1, 0.01])
    assert_allclose(
        compute_class_weight_from_counts(COUNTS, "isns"), 1 / np.sqrt(COUNTS)
    )
    assert_allclose(
        compute_class_weight_from_counts(COUNTS, "power", power=0.25), COUNTS**-0.25
    )
    assert_array_equal(compute_class_weight_from_counts(COUNTS, "uniform"), [1, 1, 1])


@pytest.mark.parametrize("alias, scheme", [("balanced", "ins"), ("sqrt", "isns")])
def test_aliases(alias, scheme):
    assert_array_equal(
        compute_class_weight_from_counts(COUNTS, alias),
        compute_class_weight_from_counts(COUNTS, scheme),
    )


@pytest.mark.parametrize(
    "power, scheme", [(1.0, "ins"), (0.5, "isns"), (0.0, "uniform")]
)
def test_power_spans_ins_isns_uniform(power, scheme):
    assert_allclose(
        compute_class_weight_from_counts(COUNTS, "power", power=power),
        compute_class_weight_from_counts(COUNTS, scheme),
        rtol=1e-15,
    )


def test_effective_number_by_hand():
    # beta = 0.9, n = 2: (1 - 0.81) / 0.1 = 1.9; n = 3: (1 - 0.729) / 0.1 = 2.71
    assert_allclose(effective_number([1, 2, 3], 0.9), [1.0, 1.9, 2.71], rtol=1e-14)
    assert_allclose(
        compute_class_weight_from_counts([1, 2, 3], "ens", beta=0.9),
        [1.0, 1 / 1.9, 1 / 2.71],
        rtol=1e-14,
    )


def test_effective_number_limits():
    assert_array_equal(effective_number(COUNTS, 1.0), COUNTS)
    assert_array_equal(effective_number(COUNTS, 0.0), [1, 1, 1])
    assert_allclose(effective_number(COUNTS, 1 - 1e-12), COUNTS, rtol=1e-9)
    # E_n saturates at 1 / (1 - beta) for n >> 1 / (1 - beta).
    assert_allclose(effective_number([1e6], 0.9), [10.0])


PRECISION_COUNTS = [1, 2, 10, 1e3, 1e6, 1e9, 1e12]


@pytest.mark.parametrize(
    "beta", [0.0, 0.5, 0.9, 0.99, 0.9999, 1 - 1e-6, 1 - 1e-9, 1 - 1e-12, 1 - 1e-15]
)
def test_ens_weights_match_mpmath_at_50_digits(beta):
    # Reference: (1 - b**n) / (1 - b) in 50-digit arithmetic, for the float
    # beta actually passed. Relative error <= 1e-12 for the effective number
    # and for the ENS class weight 1 / E_n, through the public weighter too.
    mpmath = pytest.importorskip("mpmath")
    from sklearn_classweight import ClassBalancedWeighter

    with mpmath.workdps(50):
        b = mpmath.mpf(beta)
        exact = [
            mpmath.mpf(1) if beta == 0.0 else (1 - b ** mpmath.mpf(n)) / (1 - b)
            for n in PRECISION_COUNTS
        ]
        effective_num = effective_number(PRECISION_COUNTS, beta)
        class_weight = compute_class_weight_from_counts(
            PRECISION_COUNTS, "ens", beta=beta
        )
        # One row per class, its sample_weight being the class count.
        fitted = ClassBalancedWeighter("ens", beta=beta, normalize=None).fit(
            np.arange(len(PRECISION_COUNTS)), sample_weight=PRECISION_COUNTS
        )
        assert_array_equal(fitted.class_weight_, class_weight)
        assert_array_equal(fitted.effective_num_, effective_num)
        for n, reference, got_e, got_w in zip(
            PRECISION_COUNTS, exact, effective_num, class_weight
        ):
            assert np.isfinite(got_w) and got_w > 0
            assert abs(got_e - reference) / reference <= 1e-12, (beta, n, got_e)
            assert abs(got_w - 1 / reference) * reference <= 1e-12, (beta, n, got_w)


def test_normalize_scales():
    raw = np.array([1.0, 0.1, 0.01])
    mean = normalize_class_weight(raw, COUNTS, "mean")
    assert_allclose(np.dot(mean, COUNTS) / COUNTS.sum(), 1.0)
    assert_allclose(normalize_class_weight(raw, COUNTS, "sum").sum(), 3.0)
    assert_allclose(normalize_class_weight(raw, COUNTS, "max").max(), 1.0)
    assert_allclose(normalize_class_weight(raw, COUNTS, "min").min(), 1.0)
    assert_array_equal(normalize_class_weight(raw, COUNTS, None), raw)
    for how in ["mean", "sum", "max", "min"]:
        scaled = normalize_class_weight(raw, COUNTS, how)
        assert_allclose(scaled / scaled[0], raw / raw[0])


def test_normalize_min_is_catboosts_scale():
    # CatBoost's auto_class_weights="Balanced": w_c = max_k n_k / n_c, the
    # most frequent class at 1; "SqrtBalanced": the square root of that.
    counts = np.array([900.0, 90.0, 10.0])
    for scheme, expected in [("ins", [1, 10, 90]), ("isns", np.sqrt([1, 10, 90]))]:
        raw = compute_class_weight_from_counts(counts, scheme)
        assert_allclose(
            normalize_class_weight(raw, counts, "min"), expected, rtol=1e-15
        )
    # The estimators accept it.
    y = ["a"] * 3 + ["b"]
    assert_allclose(class_balanced_sample_weight(y, normalize="min"), [1, 1, 1, 3])


def test_check_class_weight_rejects_bad_values():
    with pytest.raises(ValueError, match=r"my_param must give one weight per class"):
        check_class_weight([1.0, 2.0], 3, source="my_param")
    for bad in ([1.0, 0.0], [1.0, np.nan], [1.0, np.inf], [1.0, -2.0]):
        with pytest.raises(ValueError, match="my_param produced class weights"):
            check_class_weight(bad, 2, source="my_param")
    with pytest.raises(TypeError, match="real numbers"):
        check_class_weight(["a", "b"], 2, source="my_param")
