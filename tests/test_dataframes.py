"""pandas and polars in, the same weights and predictions out.

Labels, features and sample weights may come as lists, numpy arrays, pandas
or polars Series/DataFrames (categorical, string and nullable dtypes
included), and features as a sparse matrix: every form gives the weights and
predictions of the numpy equivalent. The wrapper never converts ``X`` (the
inner estimator receives the very object the user passed, index included),
and missing labels (``pd.NA``, polars nulls) are a clear error, never a
weight.
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy import sparse
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from sklearn_classweight import (
    ClassBalancedWeighter,
    WeightedClassifier,
    class_balanced_sample_weight,
)

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")

X, y_codes = make_classification(
    n_samples=120,
    n_features=4,
    n_informative=3,
    n_redundant=0,
    n_classes=3,
    weights=[0.6, 0.3, 0.1],
    random_state=0,
)
NAMES = np.array(["cat", "dog", "eel"])
Y = NAMES[y_codes]  # string labels, numpy
SAMPLE_WEIGHT = np.random.RandomState(0).uniform(0.5, 2.0, size=len(Y))
COLUMNS = ["f0", "f1", "f2", "f3"]
SHUFFLED_INDEX = np.random.RandomState(1).permutation(len(Y)) + 1000


class RecordingLogisticRegression(LogisticRegression):
    """LogisticRegression that remembers the X it was fitted on."""

    def fit(self, X, y, sample_weight=None):
        self.X_seen_ = X
        return super().fit(X, y, sample_weight=sample_weight)


LABEL_FORMS = {
    "list": lambda: Y.tolist(),
    "numpy object": lambda: Y.astype(object),
    "pandas object": lambda: pd.Series(Y.astype(object), index=SHUFFLED_INDEX),
    "pandas str (default)": lambda: pd.Series(Y.tolist(), index=SHUFFLED_INDEX),
    "pandas string dtype": lambda: pd.Series(Y, dtype="string"),
    "pandas categorical": lambda: pd.Series(Y, dtype="category"),
    "pandas categorical, unused category": lambda: pd.Series(
        pd.Categorical(Y, categories=["ant", "cat", "dog", "eel"])
    ),
    "polars str": lambda: pl.Series(Y.tolist()),
    "polars categorical": lambda: pl.Series(Y.tolist(), dtype=pl.Categorical),
    "polars enum": lambda: pl.Series(Y.tolist(), dtype=pl.Enum(["cat", "dog", "eel"])),
}
INT_LABEL_FORMS = {
    "pandas Int64 (nullable)": lambda: pd.Series(y_codes, dtype="Int64"),
    "pandas int64, shuffled index": lambda: pd.Series(y_codes, index=SHUFFLED_INDEX),
    "pandas boolean (nullable)": lambda: pd.Series(y_codes == 2, dtype="boolean"),
    "polars Int32": lambda: pl.Series(y_codes, dtype=pl.Int32),
    "polars UInt8": lambda: pl.Series(y_codes, dtype=pl.UInt8),
}
X_FORMS = {
    "list of lists": lambda: X.tolist(),
    "pandas DataFrame": lambda: pd.DataFrame(X, columns=COLUMNS, index=SHUFFLED_INDEX),
    "polars DataFrame": lambda: pl.DataFrame(X, schema=COLUMNS),
    "scipy CSR": lambda: sparse.csr_matrix(X),
    "scipy CSR array": lambda: sparse.csr_array(X),
}
SAMPLE_WEIGHT_FORMS = {
    "list": lambda: SAMPLE_WEIGHT.tolist(),
    "pandas, shuffled index": lambda: pd.Series(SAMPLE_WEIGHT, index=SHUFFLED_INDEX),
    "pandas Float64 (nullable)": lambda: pd.Series(SAMPLE_WEIGHT, dtype="Float64"),
    "polars": lambda: pl.Series(SAMPLE_WEIGHT),
}


def _reference_weights(labels, sample_weight=None):
    return class_balanced_sample_weight(
        np.asarray(labels), scheme="ens", beta=0.99, sample_weight=sample_weight
    )


@pytest.mark.parametrize("form", list(LABEL_FORMS))
def test_label_containers_give_the_numpy_weights(form):
    labels = LABEL_FORMS[form]()
    weighter = ClassBalancedWeighter("ens", beta=0.99).fit(labels)
    assert_array_equal(
        weighter.classes_.astype(str), NAMES
    )  # unused categories are no class
    assert_allclose(weighter.transform(labels), _reference_weights(Y), rtol=1e-15)
    assert_allclose(
        class_balanced_sample_weight(labels, scheme="ens", beta=0.99),
        _reference_weights(Y),
        rtol=1e-15,
    )


@pytest.mark.parametrize("form", list(INT_LABEL_FORMS))
def test_integer_and_boolean_containers_give_the_numpy_weights(form):
    labels = INT_LABEL_FORMS[form]()
    expected = y_codes == 2 if "boolean" in form else y_codes
    assert_allclose(
        ClassBalancedWeighter("ens", beta=0.99).fit_transform(labels),
        _reference_weights(expected),
        rtol=1e-15,
    )


@pytest.mark.parametrize("form", list(SAMPLE_WEIGHT_FORMS))
def test_sample_weight_containers_are_positional(form):
    # A pandas index is not used to align sample_weight with y: like
    # scikit-learn, position i weighs sample i.
    labels = pd.Series(Y, index=SHUFFLED_INDEX[::-1])
    weighter = ClassBalancedWeighter("ens", beta=0.99).fit(
        labels, sample_weight=SAMPLE_WEIGHT_FORMS[form]()
    )
    reference = ClassBalancedWeighter("ens", beta=0.99).fit(
        Y, sample_weight=SAMPLE_WEIGHT
    )
    assert_allclose(weighter.class_counts_, reference.class_counts_, rtol=1e-15)
    assert_allclose(weighter.class_weight_, reference.class_weight_, rtol=1e-15)


@pytest.mark.parametrize("x_form", list(X_FORMS))
@pytest.mark.parametrize(
    "y_form", ["pandas categorical", "polars str", "pandas string dtype"]
)
def test_classifier_gives_the_numpy_predictions_and_passes_X_unconverted(
    x_form, y_form
):
    X_user, y_user = X_FORMS[x_form](), LABEL_FORMS[y_form]()
    model = WeightedClassifier(
        RecordingLogisticRegression(), ClassBalancedWeighter("isns")
    )
    model.fit(X_user, y_user, sample_weight=SAMPLE_WEIGHT)
    reference = WeightedClassifier(LogisticRegression(), ClassBalancedWeighter("isns"))
    reference.fit(X, Y, sample_weight=SAMPLE_WEIGHT)

    assert model.estimator_.X_seen_ is X_user  # not converted, not copied, index kept
    assert_array_equal(model.classes_.astype(str), reference.classes_)
    assert_array_equal(
        np.asarray(model.predict(X_user)).astype(str), reference.predict(X)
    )
    assert_allclose(model.predict_proba(X_user), reference.predict_proba(X), rtol=1e-10)
    assert model.n_features_in_ == 4
    # Feature names exactly when scikit-learn itself records them (for
    # polars, from scikit-learn 1.7 on).
    if hasattr(model.estimator_, "feature_names_in_"):
        assert_array_equal(model.feature_names_in_, COLUMNS)
    else:
        assert "pandas" not in x_form and not hasattr(model, "feature_names_in_")


def test_dataframe_index_is_not_reset_or_aligned():
    # X and y carry unrelated indexes; rows are matched by position, and the
    # inner estimator sees X's own index.
    X_frame = pd.DataFrame(X, columns=COLUMNS, index=SHUFFLED_INDEX)
    y_series = pd.Series(Y, index=np.arange(len(Y))[::-1])
    model = WeightedClassifier(RecordingLogisticRegression()).fit(X_frame, y_series)
    assert_array_equal(model.estimator_.X_seen_.index, SHUFFLED_INDEX)
    assert_array_equal(X_frame.index, SHUFFLED_INDEX)
    assert_array_equal(
        model.predict(X_frame), WeightedClassifier().fit(X, Y).predict(X)
    )


@pytest.mark.parametrize("frame", ["pandas", "polars"])
def test_multilabel_target_as_a_dataframe(frame):
    Y_matrix = np.column_stack([y_codes == 2, y_codes == 1]).astype(int)
    Y_frame = (pd.DataFrame if frame == "pandas" else pl.DataFrame)(
        {"rare": Y_matrix[:, 0], "middle": Y_matrix[:, 1]}
    )
    assert_allclose(
        ClassBalancedWeighter().fit_transform(Y_frame),
        ClassBalancedWeighter().fit_transform(Y_matrix),
        rtol=1e-15,
    )


MISSING_LABELS = {
    "pandas Int64 with pd.NA": lambda: pd.Series([0, 1, pd.NA, 1], dtype="Int64"),
    "pandas string with pd.NA": lambda: pd.Series(
        ["a", "b", pd.NA, "a"], dtype="string"
    ),
    "pandas str with None": lambda: pd.Series(["a", "b", None, "a"]),
    "pandas categorical with NaN": lambda: pd.Series(
        ["a", "b", None, "a"], dtype="category"
    ),
    "pandas boolean with pd.NA": lambda: pd.Series(
        [True, False, pd.NA, True], dtype="boolean"
    ),
    "pandas object with pd.NA": lambda: pd.Series(["a", "b", pd.NA, "a"], dtype=object),
    "polars str with null": lambda: pl.Series(["a", "b", None, "a"]),
    "polars Int64 with null": lambda: pl.Series([0, 1, None, 1]),
}


@pytest.mark.parametrize("form", list(MISSING_LABELS))
def test_missing_labels_in_frames_are_a_clear_error(form):
    labels = MISSING_LABELS[form]()
    match = (
        r"y has 1 missing or infinite label\(s\).*first at position\(s\) \[2\].*Drop"
    )
    with pytest.raises(ValueError, match=match):
        ClassBalancedWeighter().fit(labels)
    with pytest.raises(ValueError, match=match):
        WeightedClassifier().fit(X[:4], labels)
    assert (
        labels.null_count() == 1
        if form.startswith("polars")
        else labels.isna().sum() == 1
    )


def test_missing_sample_weight_in_a_nullable_series_is_a_clear_error():
    sample_weight = pd.Series([1.0, pd.NA, 2.0, 1.0], dtype="Float64")
    with pytest.raises(
        ValueError, match=r"sample_weight is invalid .*NaN.*Pass one finite"
    ):
        ClassBalancedWeighter().fit([0, 1, 1, 0], sample_weight=sample_weight)
    assert sample_weight.isna().sum() == 1
