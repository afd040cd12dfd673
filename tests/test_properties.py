"""Properties every class-balancing weight vector has, for random labels and parameters.

hypothesis draws label vectors (2 to 8 classes, some of them tiny), user
sample weights and scheme parameters; each test states one property the
weights must have whatever the data.
"""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from sklearn_classweight import ClassBalancedWeighter, class_balanced_sample_weight

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

FAST = settings(max_examples=40, deadline=None)


@st.composite
def labels(draw, min_classes=2):
    """A label vector in which every one of 2-8 classes occurs at least once."""
    n_classes = draw(st.integers(min_classes, 8))
    extra = draw(st.lists(st.integers(0, n_classes - 1), max_size=60))
    y = np.array(list(range(n_classes)) + extra)
    return y[draw(st.permutations(range(len(y))))]


@st.composite
def labels_and_weights(draw):
    y = draw(labels())
    sample_weight = draw(
        st.lists(
            st.floats(1e-3, 1e3, allow_nan=False, allow_infinity=False),
            min_size=len(y),
            max_size=len(y),
        )
    )
    return y, np.array(sample_weight)


SCHEMES = st.sampled_from(["ins", "isns", "ens", "power", "uniform"])
NORMALIZE = st.sampled_from(["mean", "sum", "max", None])
BETA = st.floats(0.0, 1.0)
POWER = st.floats(0.0, 2.0)


@FAST
@given(
    data=labels_and_weights(),
    scheme=SCHEMES,
    beta=BETA,
    power=POWER,
    normalize=NORMALIZE,
    use_weights=st.booleans(),
)
def test_weights_are_finite_and_positive(
    data, scheme, beta, power, normalize, use_weights
):
    y, sample_weight = data
    weights = class_balanced_sample_weight(
        y,
        scheme=scheme,
        beta=beta,
        power=power,
        normalize=normalize,
        sample_weight=sample_weight if use_weights else None,
    )
    assert weights.shape == y.shape and weights.dtype == np.float64
    assert np.all(np.isfinite(weights)) and np.all(weights > 0)


@FAST
@given(data=labels_and_weights(), scheme=SCHEMES, beta=BETA, power=POWER)
def test_normalize_mean_gives_mean_one(data, scheme, beta, power):
    y, sample_weight = data
    params = {"scheme": scheme, "beta": beta, "power": power, "normalize": "mean"}
    assert abs(class_balanced_sample_weight(y, **params).mean() - 1) <= 1e-12
    # With user weights the mean is taken over the data they describe.
    weights = class_balanced_sample_weight(y, sample_weight=sample_weight, **params)
    assert abs(np.average(weights, weights=sample_weight) - 1) <= 1e-12


@FAST
@given(
    data=labels_and_weights(), scheme=SCHEMES, beta=BETA, seed=st.integers(0, 2**32 - 1)
)
def test_permuting_samples_permutes_weights(data, scheme, beta, seed):
    y, sample_weight = data
    permutation = np.random.RandomState(seed).permutation(len(y))
    weights = class_balanced_sample_weight(
        y, scheme=scheme, beta=beta, sample_weight=sample_weight
    )
    permuted = class_balanced_sample_weight(
        y[permutation],
        scheme=scheme,
        beta=beta,
        sample_weight=sample_weight[permutation],
    )
    assert_allclose(permuted, weights[permutation], rtol=1e-12)


@FAST
@given(
    y=labels(),
    scheme=SCHEMES,
    beta=BETA,
    seed=st.integers(0, 2**32 - 1),
    to_strings=st.booleans(),
)
def test_relabeling_classes_keeps_per_sample_weights(y, scheme, beta, seed, to_strings):
    names = np.random.RandomState(seed).permutation(100)[: y.max() + 1]
    if to_strings:
        names = np.array([f"class {name}" for name in names])
    relabeled = names[y]  # a bijection that also reorders the sorted classes
    assert_allclose(
        class_balanced_sample_weight(relabeled, scheme=scheme, beta=beta),
        class_balanced_sample_weight(y, scheme=scheme, beta=beta),
        rtol=1e-12,
    )


@FAST
@given(data=labels_and_weights(), use_weights=st.booleans())
def test_ens_tends_to_ins_as_beta_tends_to_one_and_is_uniform_at_zero(
    data, use_weights
):
    y, sample_weight = data
    sample_weight = sample_weight if use_weights else None
    ins = class_balanced_sample_weight(y, scheme="ins", sample_weight=sample_weight)

    def ens(beta):
        return class_balanced_sample_weight(
            y, scheme="ens", beta=beta, sample_weight=sample_weight
        )

    assert_allclose(ens(1.0), ins, rtol=1e-12)
    # |E_n / n - 1| <= n (1 - beta) / 2, so the distance to INS shrinks with 1 - beta.
    assert_allclose(ens(1 - 1e-10), ins, rtol=1e-5)
    errors = [np.max(np.abs(ens(1 - eps) / ins - 1)) for eps in (1e-2, 1e-4, 1e-6)]
    assert errors[0] + 1e-13 >= errors[1] and errors[1] + 1e-13 >= errors[2]
    assert_allclose(ens(0.0), 1.0, rtol=1e-12)


@FAST
@given(
    n_small=st.integers(1, 10**4),
    extra=st.integers(1, 10**4),
    betas=st.lists(st.floats(0.0, 1.0), min_size=2, max_size=2, unique=True),
)
def test_ens_ratio_between_two_classes_is_monotone_in_beta(n_small, extra, betas):
    low, high = sorted(betas)
    counts = np.array([n_small] * 2 + [n_small + extra], dtype=float)

    def ratio(beta):
        # One row per class whose sample_weight is the class count.
        weights = (
            ClassBalancedWeighter("ens", beta=beta, normalize=None)
            .fit([0, 1, 2], sample_weight=counts)
            .class_weight_
        )
        return weights[0] / weights[2]  # small class over large class, >= 1

    assert 1 - 1e-12 <= ratio(low) <= ratio(high) * (1 + 1e-12)
    assert ratio(high) <= (n_small + extra) / n_small * (1 + 1e-12)  # INS is the limit


@FAST
@given(
    y=labels(),
    scheme=SCHEMES,
    beta=BETA,
    power=POWER,
    repeats=st.lists(st.integers(0, 3), min_size=70, max_size=70),
)
def test_integer_sample_weight_equals_repeating_rows(y, scheme, beta, power, repeats):
    sample_weight = np.array(repeats[: len(y)])
    for label in np.unique(
        y
    ):  # a class with total weight 0 is an error, not a property
        if sample_weight[y == label].sum() == 0:
            sample_weight[np.flatnonzero(y == label)[0]] = 1
    params = {"scheme": scheme, "beta": beta, "power": power}
    weighted = ClassBalancedWeighter(**params).fit(y, sample_weight=sample_weight)
    repeated = ClassBalancedWeighter(**params).fit(np.repeat(y, sample_weight))
    assert_array_equal(weighted.classes_, repeated.classes_)
    assert_allclose(weighted.class_counts_, repeated.class_counts_)
    assert_allclose(weighted.class_weight_, repeated.class_weight_, rtol=1e-12)
    assert_allclose(
        weighted.transform(y)[sample_weight > 0],
        repeated.transform(y)[sample_weight > 0],
        rtol=1e-12,
    )


@FAST
@given(
    n_samples=st.integers(1, 50),
    label=st.sampled_from([0, 7, "only", True]),
    normalize=NORMALIZE,
    scheme=SCHEMES,
)
def test_a_single_class_gets_uniform_weights_with_a_warning(
    n_samples, label, normalize, scheme
):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        weights = class_balanced_sample_weight(
            [label] * n_samples, scheme=scheme, normalize=normalize
        )
    assert any("single class" in str(w.message) for w in caught)
    assert np.all(np.isfinite(weights)) and np.all(weights > 0)
    assert np.ptp(weights) == 0
    if normalize == "mean":
        assert_allclose(weights, 1.0)
