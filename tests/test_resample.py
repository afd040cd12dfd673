"""fallback="resample": a seeded weighted bootstrap for estimators without sample_weight."""

import numpy as np
import pytest
from _versions import SKLEARN_1_6
from numpy.testing import assert_allclose, assert_array_equal
from scipy import sparse
from sklearn.datasets import make_classification
from sklearn.discriminant_analysis import (
    LinearDiscriminantAnalysis,
    QuadraticDiscriminantAnalysis,
)
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import train_test_split
from sklearn.multiclass import OneVsRestClassifier
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_classweight import ClassBalancedWeighter, WeightedClassifier
from sklearn_classweight._resample import weighted_bootstrap_indices

X, y = make_classification(
    n_samples=2000,
    n_features=6,
    n_informative=4,
    n_classes=3,
    n_clusters_per_class=1,
    weights=[0.8, 0.15, 0.05],
    class_sep=0.8,
    random_state=0,
)


def test_the_default_is_a_clear_type_error():
    with pytest.raises(
        TypeError,
        match="KNeighborsClassifier.fit does not accept sample_weight.*fallback='resample'",
    ):
        WeightedClassifier(KNeighborsClassifier()).fit(X, y)


def test_resampled_class_proportions_are_those_of_the_weights():
    # INS weights give every class the same total weight: the resample is balanced.
    clf = WeightedClassifier(
        KNeighborsClassifier(), fallback="resample", random_state=0
    ).fit(X, y)
    seen_labels = clf.estimator_._y  # KNN keeps the (encoded) training labels
    assert len(seen_labels) == len(y)
    assert_allclose(np.bincount(seen_labels) / len(y), [1 / 3] * 3, atol=1 / len(y))


def test_stratified_draws_match_any_weights_up_to_rounding():
    rng = np.random.RandomState(0)
    codes = rng.choice(3, size=1000, p=[0.7, 0.2, 0.1])
    weights = rng.uniform(0.5, 1.5, size=1000) * np.array([1.0, 2.0, 6.0])[codes]
    indices = weighted_bootstrap_indices(weights, codes, random_state=0)
    target = np.bincount(codes, weights=weights) / weights.sum()
    assert_allclose(
        np.bincount(codes[indices]) / len(indices), target, atol=2 / len(indices)
    )


def test_unstratified_draws_match_the_weights_within_sampling_error():
    rng = np.random.RandomState(0)
    codes = rng.choice(3, size=5000, p=[0.7, 0.2, 0.1])
    weights = np.array([1.0, 2.0, 6.0])[codes]
    indices = weighted_bootstrap_indices(weights, random_state=1)
    target = np.bincount(codes, weights=weights) / weights.sum()
    observed = np.bincount(codes[indices], minlength=3) / len(indices)
    standard_error = np.sqrt(target * (1 - target) / len(indices))
    assert np.all(np.abs(observed - target) < 4 * standard_error)


def test_within_a_class_rows_are_drawn_in_proportion_to_their_weight():
    # One class, two kinds of rows: weight 3 rows should be drawn 3x as often.
    weights = np.repeat([1.0, 3.0], 2000)
    indices = weighted_bootstrap_indices(
        weights, np.zeros(4000, dtype=int), random_state=0
    )
    heavy_share = np.mean(indices >= 2000)
    assert heavy_share == pytest.approx(0.75, abs=4 * np.sqrt(0.75 * 0.25 / 4000))


def test_zero_weight_rows_are_never_drawn():
    weights = np.array([0.0, 1.0, 0.0, 2.0, 0.0, 1.0])
    for codes in [None, np.array([0, 0, 1, 1, 1, 0])]:
        indices = weighted_bootstrap_indices(weights, codes, random_state=0)
        assert len(indices) == 3
        assert set(indices) <= {1, 3, 5}


def test_every_class_is_kept_even_a_tiny_one():
    codes = np.array([0] * 999 + [1])
    weights = np.ones(1000)  # the single row of class 1 is worth 1/1000 of the draws
    for seed in range(5):
        indices = weighted_bootstrap_indices(weights, codes, random_state=seed)
        assert 999 in indices


def test_random_state_makes_the_fit_reproducible():
    def fitted_labels(seed):
        model = WeightedClassifier(
            KNeighborsClassifier(),
            ClassBalancedWeighter("isns"),
            fallback="resample",
            random_state=seed,
        )
        return model.fit(X, y).estimator_._fit_X

    assert_array_equal(fitted_labels(0), fitted_labels(0))
    assert not np.array_equal(fitted_labels(0), fitted_labels(1))


def test_user_sample_weight_shapes_the_resample():
    sample_weight = np.where(np.arange(len(y)) < 100, 0.0, 1.0)
    clf = WeightedClassifier(
        KNeighborsClassifier(), fallback="resample", random_state=0
    )
    clf.fit(X, y, sample_weight=sample_weight)
    drawn = {tuple(row) for row in clf.estimator_._fit_X}
    assert not drawn & {tuple(row) for row in X[:100]}


def test_resampling_raises_minority_recall_of_knn():
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, stratify=y, random_state=0
    )
    plain = KNeighborsClassifier().fit(X_train, y_train)
    resampled = WeightedClassifier(
        KNeighborsClassifier(), fallback="resample", random_state=0
    ).fit(X_train, y_train)
    assert balanced_accuracy_score(
        y_test, resampled.predict(X_test)
    ) > balanced_accuracy_score(y_test, plain.predict(X_test))


@pytest.mark.parametrize(
    "estimator",
    [LinearDiscriminantAnalysis(), QuadraticDiscriminantAnalysis(reg_param=0.1)],
    ids=["LDA", "QDA"],
)
def test_the_resampled_training_set_has_the_weighted_class_shares(estimator):
    # INS weights give every class the same total weight, so the estimator
    # is trained on equal class shares: its learned priors are uniform, where
    # the unweighted fit learns the 0.8 / 0.15 / 0.05 of y.
    clf = WeightedClassifier(estimator, fallback="resample", random_state=0).fit(X, y)
    assert_array_equal(clf.classes_, [0, 1, 2])
    assert_allclose(clf.estimator_.priors_, [1 / 3] * 3, atol=1e-3)
    assert_allclose(estimator.fit(X, y).priors_, np.bincount(y) / len(y))


def test_resampling_a_pipeline_helps_the_rare_classes():
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, stratify=y, random_state=0
    )
    pipeline = make_pipeline(StandardScaler(), KNeighborsClassifier())
    resampled = WeightedClassifier(pipeline, fallback="resample", random_state=0)
    score = balanced_accuracy_score(
        y_test, resampled.fit(X_train, y_train).predict(X_test)
    )
    unweighted = balanced_accuracy_score(
        y_test, pipeline.fit(X_train, y_train).predict(X_test)
    )
    assert score > unweighted


def test_estimators_with_sample_weight_ignore_the_fallback():
    resample = WeightedClassifier(
        LogisticRegression(), fallback="resample", random_state=0
    )
    weighted = WeightedClassifier(LogisticRegression())
    assert_allclose(
        resample.fit(X, y).estimator_.coef_, weighted.fit(X, y).estimator_.coef_
    )


def test_dataframe_stays_a_dataframe():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    clf = WeightedClassifier(
        KNeighborsClassifier(), fallback="resample", random_state=0
    )
    clf.fit(frame, y)
    assert_array_equal(clf.estimator_.feature_names_in_, frame.columns)


@pytest.mark.parametrize("container", [np.asarray, sparse.csr_matrix])
def test_a_2d_target_is_resampled_by_row(container):
    """Rows are drawn whole (features with their own labels), as often as the
    weights say; a sparse multilabel y stays sparse, for an estimator that
    takes one (OneVsRestClassifier, whose fit has no sample_weight)."""
    Y = np.column_stack([y == 2, y == 1]).astype(int)
    clf = WeightedClassifier(
        OneVsRestClassifier(KNeighborsClassifier(n_neighbors=1)),
        fallback="resample",
        random_state=0,
    ).fit(X, container(Y))
    row_of = {row.tobytes(): index for index, row in enumerate(X)}
    fitted_rows = clf.estimator_.estimators_[0]._fit_X
    drawn = np.array([row_of[row.tobytes()] for row in fitted_rows])
    predicted = clf.predict(X[drawn])
    predicted = predicted.toarray() if sparse.issparse(predicted) else predicted
    assert_array_equal(predicted, Y[drawn])  # 1-NN on its own rows: their labels
    # Each label combination is drawn in proportion to its total weight (up
    # to sampling noise: a 2-D y is not stratified).
    weights = clf.weighter_.transform(Y)
    combination = Y @ [2, 1]
    expected = np.bincount(combination, weights=weights) / weights.sum()
    drawn_share = np.bincount(combination[drawn]) / drawn.shape[0]
    assert_allclose(drawn_share, expected, atol=0.03)
    assert abs(drawn_share[2] - np.mean(combination == 2)) > 0.2  # not the prior


RESAMPLE_IS_NOT_WEIGHTING = (
    "fallback='resample' draws a random bootstrap: a sample_weight of 2 equals a "
    "repeated row only in expectation, not exactly"
)


@parametrize_with_checks(
    [WeightedClassifier(KNeighborsClassifier(), fallback="resample", random_state=0)],
    expected_failed_checks=lambda estimator: {
        "check_sample_weight_equivalence_on_dense_data": RESAMPLE_IS_NOT_WEIGHTING,
        "check_sample_weight_equivalence_on_sparse_data": RESAMPLE_IS_NOT_WEIGHTING,
        **(
            {
                "check_dtype_object": "scikit-learn 1.6 puts the bad value in "
                "one row, which the bootstrap may not draw"
            }
            if SKLEARN_1_6
            else {}
        ),
    },
)
def test_sklearn_compatible_with_knn(estimator, check):
    check(estimator)


def test_prior_correction_undoes_the_resampled_balance():
    # The bootstrap has the proportions the weights describe, so dividing by
    # the class weights brings the mean probabilities back towards the priors.
    X_train, X_test, y_train, _ = train_test_split(X, y, stratify=y, random_state=0)
    prior = np.bincount(y_train) / len(y_train)
    mean_proba = {
        correction: WeightedClassifier(
            KNeighborsClassifier(25),
            fallback="resample",
            random_state=0,
            prior_correction=correction,
        )
        .fit(X_train, y_train)
        .predict_proba(X_test)
        .mean(axis=0)
        for correction in (False, True)
    }
    assert np.all(np.abs(mean_proba[True] - prior) < np.abs(mean_proba[False] - prior))
