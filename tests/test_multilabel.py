"""Multilabel and multi-output targets: class weights per column, combined per sample."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy import sparse
from sklearn.datasets import make_multilabel_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.multioutput import MultiOutputClassifier
from sklearn.utils.class_weight import compute_sample_weight

from sklearn_classweight import (
    ClassBalancedWeighter,
    WeightedClassifier,
    class_balanced_sample_weight,
)

# Three labels of decreasing frequency: the first is common, the last rare.
Y_MULTILABEL = np.array(
    [
        [1, 0, 0],
        [1, 1, 0],
        [1, 0, 0],
        [0, 0, 1],
        [1, 1, 0],
        [0, 0, 0],
        [1, 0, 0],
        [1, 1, 1],
    ]
)
# Two outputs with their own label sets: species and size.
Y_MULTI_OUTPUT = np.array(
    [["cat", "s"], ["cat", "m"], ["dog", "l"], ["cat", "s"], ["eel", "s"], ["dog", "m"]]
)


def hand_column_weights(Y):
    """INS weights per column, mean-normalised: n / (n_classes * n_c)."""
    weights = np.empty(Y.shape, dtype=float)
    for j in range(Y.shape[1]):
        labels, codes, counts = np.unique(
            Y[:, j], return_inverse=True, return_counts=True
        )
        weights[:, j] = (len(Y) / (len(labels) * counts))[codes]
    return weights


@pytest.mark.parametrize(
    "Y", [Y_MULTILABEL, Y_MULTI_OUTPUT], ids=["multilabel", "multi-output"]
)
def test_per_column_weights_match_a_hand_computation(Y):
    weighter = ClassBalancedWeighter("ins").fit(Y)
    per_column = hand_column_weights(Y)
    assert len(weighter.class_weight_) == Y.shape[1]
    for j in range(Y.shape[1]):
        assert_array_equal(weighter.classes_[j], np.unique(Y[:, j]))
        assert_allclose(
            weighter.class_weight_[j][np.unique(Y[:, j], return_inverse=True)[1]],
            per_column[:, j],
        )
    assert_allclose(weighter.transform(Y), per_column.prod(axis=1))


@pytest.mark.parametrize(
    "Y", [Y_MULTILABEL, Y_MULTI_OUTPUT], ids=["multilabel", "multi-output"]
)
def test_product_is_scikit_learns_compute_sample_weight(Y):
    assert_allclose(
        class_balanced_sample_weight(Y, combine="product"),
        compute_sample_weight("balanced", Y),
    )


@pytest.mark.parametrize(
    "combine, reduce", [("product", np.prod), ("mean", np.mean), ("max", np.max)]
)
def test_combine_modes(combine, reduce):
    per_column = hand_column_weights(Y_MULTILABEL)
    weights = ClassBalancedWeighter("ins", combine=combine).fit_transform(Y_MULTILABEL)
    assert_allclose(weights, reduce(per_column, axis=1))


def test_mean_keeps_the_mean_normalisation_and_product_compounds():
    mean = class_balanced_sample_weight(Y_MULTILABEL, combine="mean")
    product = class_balanced_sample_weight(Y_MULTILABEL, combine="product")
    assert mean.mean() == pytest.approx(1.0)
    # A sample rare in several columns compounds its weights in the product.
    assert product.max() / product.min() > mean.max() / mean.min()


def test_other_schemes_apply_per_column():
    weighter = ClassBalancedWeighter("isns", normalize=None, combine="max").fit(
        Y_MULTILABEL
    )
    for j, counts in enumerate(weighter.class_counts_):
        assert_allclose(counts, np.bincount(Y_MULTILABEL[:, j]))
        assert_allclose(weighter.class_weight_[j], 1 / np.sqrt(counts))


def test_sample_weight_is_folded_into_every_columns_counts():
    sample_weight = np.array([2, 1, 1, 1, 1, 1, 1, 1], dtype=float)
    weighter = ClassBalancedWeighter().fit(Y_MULTILABEL, sample_weight=sample_weight)
    assert_allclose(weighter.class_counts_[0], [2, 7])
    repeated = ClassBalancedWeighter().fit(np.vstack([Y_MULTILABEL, Y_MULTILABEL[:1]]))
    for weighted, repeated_weight in zip(
        weighter.class_weight_, repeated.class_weight_
    ):
        assert_allclose(weighted, repeated_weight)


def test_pos_weight_is_n_neg_over_n_pos_per_label():
    Y = np.column_stack([Y_MULTILABEL, np.ones(len(Y_MULTILABEL), dtype=int)])
    weighter = ClassBalancedWeighter("ins").fit(Y)
    n_pos = Y.sum(axis=0)
    expected = (len(Y) - n_pos[:3]) / n_pos[:3]
    assert_allclose(weighter.pos_weight_, [*expected, 1.0])  # a constant label gets 1
    assert not hasattr(ClassBalancedWeighter().fit(Y_MULTI_OUTPUT), "pos_weight_")


def test_sparse_indicator_matrix_gives_the_dense_weights():
    assert_allclose(
        class_balanced_sample_weight(sparse.csr_matrix(Y_MULTILABEL)),
        class_balanced_sample_weight(Y_MULTILABEL),
    )


def test_transform_needs_a_target_of_the_fitted_shape():
    weighter = ClassBalancedWeighter().fit(Y_MULTILABEL)
    with pytest.raises(
        ValueError, match="has 2 columns but the weights were fitted on 3"
    ):
        weighter.transform(Y_MULTILABEL[:, :2])
    with pytest.raises(ValueError, match="transform needs a 2-D target"):
        weighter.transform(Y_MULTILABEL[:, 0])
    with pytest.raises(ValueError, match="fitted on 1-D labels"):
        ClassBalancedWeighter().fit(Y_MULTILABEL[:, 0]).transform(Y_MULTILABEL)


def test_unknown_label_in_a_column_names_the_column():
    weighter = ClassBalancedWeighter().fit(Y_MULTI_OUTPUT)
    unseen = np.array([["cat", "xl"]])
    with pytest.raises(ValueError, match="column 1"):
        weighter.transform(unseen)


def test_classes_is_rejected_for_a_2d_target():
    with pytest.raises(ValueError, match="classes.*1-D"):
        ClassBalancedWeighter(classes=[0, 1, 2]).fit(Y_MULTILABEL)


def test_bad_combine_is_rejected():
    with pytest.raises(ValueError, match="combine"):
        ClassBalancedWeighter(combine="sum").fit(Y_MULTILABEL)


# WeightedClassifier on 2-D targets: the estimator must support them itself.
X_ML, Y_ML = make_multilabel_classification(
    n_samples=300, n_features=6, n_classes=3, n_labels=1, random_state=0
)


@pytest.mark.parametrize("combine", ["product", "mean", "max"])
def test_weighted_random_forest_on_a_multilabel_target(combine):
    forest = RandomForestClassifier(n_estimators=10, random_state=0)
    clf = WeightedClassifier(forest, ClassBalancedWeighter(combine=combine)).fit(
        X_ML, Y_ML
    )
    weights = class_balanced_sample_weight(Y_ML, combine=combine)
    reference = RandomForestClassifier(n_estimators=10, random_state=0).fit(
        X_ML, Y_ML, sample_weight=weights
    )
    assert_array_equal(clf.predict(X_ML), reference.predict(X_ML))
    assert clf.predict(X_ML).shape == Y_ML.shape
    assert len(clf.classes_) == 3


def test_weighted_multi_output_classifier_on_a_multi_output_target():
    Y = np.column_stack(
        [Y_ML[:, 0], Y_ML[:, 1] + Y_ML[:, 2]]
    )  # binary and 3-class outputs
    user_weight = np.random.RandomState(0).uniform(0.5, 2, len(Y))
    clf = WeightedClassifier(
        MultiOutputClassifier(LogisticRegression()),
        ClassBalancedWeighter(combine="mean"),
    ).fit(X_ML, Y, sample_weight=user_weight)
    weights = user_weight * class_balanced_sample_weight(
        Y, combine="mean", sample_weight=user_weight
    )
    reference = MultiOutputClassifier(LogisticRegression()).fit(
        X_ML, Y, sample_weight=weights
    )
    for ours, theirs in zip(clf.estimator_.estimators_, reference.estimators_):
        assert_allclose(ours.coef_, theirs.coef_)
    assert clf.predict(X_ML).shape == Y.shape
    assert (
        len(clf.predict_proba(X_ML)) == 2
    )  # one array per output, as the estimator gives


def test_a_2d_target_with_a_single_output_estimator_is_the_estimators_error():
    with pytest.raises(ValueError, match="y should be a 1d array"):
        WeightedClassifier(LogisticRegression()).fit(X_ML, Y_ML)


def test_a_class_with_zero_total_weight_names_its_column():
    sample_weight = np.where(Y_MULTILABEL[:, 2] == 1, 0.0, 1.0)
    with pytest.raises(ValueError, match="In column 2 of y"):
        ClassBalancedWeighter().fit(Y_MULTILABEL, sample_weight=sample_weight)
