"""Class weights for Dask collections: one distributed count, lazy weights
chunked like y, and WeightedClassifier around the distributed boosters."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_classweight import ClassBalancedWeighter, WeightedClassifier

dask = pytest.importorskip("dask")
da = pytest.importorskip("dask.array")

rng = np.random.RandomState(0)
Y = rng.choice([0, 1, 2], size=1000, p=[0.8, 0.15, 0.05])
WEIGHTS = rng.uniform(0.1, 3.0, size=1000)
X = rng.normal(size=(1000, 4)) + Y[:, None]
NAMES = np.array(["cat", "dog", "eel"])


@pytest.fixture
def scheduler_calls():
    """Run dask on the synchronous scheduler and count its calls (computes)."""
    calls = []

    def counting_get(*args, **kwargs):
        calls.append(1)
        return dask.get(*args, **kwargs)

    with dask.config.set(scheduler=counting_get):
        yield calls


def dataframe(n_partitions=4):
    dd = pytest.importorskip("dask.dataframe")
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(X, columns=["a", "b", "c", "d"])
    frame["label"], frame["name"], frame["weight"] = Y, NAMES[Y], WEIGHTS
    return dd.from_pandas(frame, npartitions=n_partitions)


def test_importing_and_using_the_package_does_not_import_dask():
    code = (
        "import sys; import sklearn_classweight as scw; "
        "scw.ClassBalancedWeighter().fit_transform([0, 0, 1]); "
        "print('dask' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True
    )
    assert result.stdout.strip() == "False", result.stderr


def test_fit_counts_a_dask_array_in_one_pass(scheduler_calls):
    y = da.from_array(Y, chunks=150)
    weighter = ClassBalancedWeighter("ens", beta=0.99).fit(y)
    assert len(scheduler_calls) == 1  # one distributed reduction, nothing else

    in_memory = ClassBalancedWeighter("ens", beta=0.99).fit(Y)
    assert_array_equal(weighter.classes_, in_memory.classes_)
    assert_array_equal(weighter.class_counts_, in_memory.class_counts_)
    assert_array_equal(weighter.class_weight_, in_memory.class_weight_)
    assert isinstance(weighter.class_weight_, np.ndarray)  # back on the client


def test_transform_is_lazy_and_chunked_like_y(scheduler_calls):
    y = da.from_array(Y, chunks=(100, 300, 600))
    weighter = ClassBalancedWeighter().fit(y)
    scheduler_calls.clear()
    weights = weighter.transform(y)
    assert not scheduler_calls  # nothing computed yet
    assert weights.chunks == y.chunks
    assert weights.dtype == np.float64
    assert_array_equal(weights.compute(), ClassBalancedWeighter().fit_transform(Y))


def test_fit_transform_and_sample_weight_on_dask_arrays():
    y = da.from_array(Y, chunks=200)
    sample_weight = da.from_array(WEIGHTS, chunks=200)
    with dask.config.set(scheduler="sync"):
        weights = ClassBalancedWeighter().fit_transform(y, sample_weight)
        expected = ClassBalancedWeighter().fit_transform(Y, WEIGHTS)
        assert weights.chunks == y.chunks
        assert_allclose(weights.compute(), expected, rtol=1e-12)


def test_string_labels_and_reserved_classes():
    y = da.from_array(NAMES[Y], chunks=300)
    with dask.config.set(scheduler="sync"):
        weighter = ClassBalancedWeighter(classes=["ant", "cat", "dog", "eel"]).fit(y)
        assert_array_equal(weighter.classes_, ["ant", "cat", "dog", "eel"])
        assert_array_equal(weighter.class_counts_[0], 0.0)
        assert_array_equal(
            weighter.transform(y).compute(),
            ClassBalancedWeighter(classes=["ant", "cat", "dog", "eel"]).fit_transform(
                NAMES[Y]
            ),
        )


def test_a_dask_dataframe_column_keeps_its_partitions():
    frame = dataframe()
    with dask.config.set(scheduler="sync"):
        weighter = ClassBalancedWeighter().fit(
            frame["name"], sample_weight=frame["weight"]
        )
        assert_allclose(
            weighter.class_counts_, [WEIGHTS[Y == c].sum() for c in range(3)]
        )
        weights = weighter.transform(frame["name"])
        assert weights.npartitions == frame.npartitions
        assert weights.divisions == frame.divisions
        assert_allclose(
            weights.compute().to_numpy(),
            ClassBalancedWeighter().fit(NAMES[Y], WEIGHTS).transform(NAMES[Y]),
        )


def test_a_dask_dataframe_is_refused_for_its_label_column():
    with pytest.raises(ValueError, match=r"pass the label column .* df\['label'\]"):
        ClassBalancedWeighter().fit(dataframe()[["label", "name"]])


def test_a_two_dimensional_dask_array_is_refused():
    with pytest.raises(ValueError, match=r"1-D array of class labels"):
        ClassBalancedWeighter().fit(da.from_array(X, chunks=100))


def test_missing_labels_are_refused_naming_the_chunk():
    y = da.from_array(np.r_[Y[:500].astype(float), np.nan, Y[501:]], chunks=250)
    with dask.config.set(scheduler="sync"):
        with pytest.raises(ValueError, match="chunk 2 of y has 1 missing"):
            ClassBalancedWeighter().fit(y)


def test_sample_weight_chunked_differently_is_refused():
    y = da.from_array(Y, chunks=250)
    with pytest.raises(ValueError, match="chunked differently"):
        ClassBalancedWeighter().fit(y, da.from_array(WEIGHTS, chunks=200))
    with pytest.raises(ValueError, match=r"sizes \[250, 250, 250, 250\]"):
        ClassBalancedWeighter().fit(
            y, da.from_array(WEIGHTS, chunks=(100, 400, 250, 250))
        )
    with pytest.raises(TypeError, match="sample_weight as a dask collection"):
        ClassBalancedWeighter().fit(y, WEIGHTS)


def test_negative_dask_sample_weight_is_refused():
    y = da.from_array(Y, chunks=250)
    with dask.config.set(scheduler="sync"):
        with pytest.raises(ValueError, match="sample_weight has negative"):
            ClassBalancedWeighter().fit(y, da.from_array(-WEIGHTS, chunks=250))


def test_a_label_outside_the_fitted_classes_fails_when_computed():
    with dask.config.set(scheduler="sync"):
        weighter = ClassBalancedWeighter().fit(da.from_array(Y, chunks=250))
        weights = weighter.transform(da.from_array(np.array([0, 7]), chunks=1))
        with pytest.raises(ValueError, match=r"labels not seen during fit: \[7\]"):
            weights.compute()


def test_partial_fit_refuses_a_dask_collection_with_one_message():
    """The weighter and the classifier refuse a dask batch in the same words."""
    y = da.from_array(Y, chunks=250)
    one_message = (
        r"partial_fit takes one in-memory batch, but (X and )?y (is a dask "
        r"collection|are dask collections)\. Pass the chunks one at a time"
    )
    with pytest.raises(TypeError, match=one_message):
        ClassBalancedWeighter().partial_fit(y, classes=[0, 1])
    clf = WeightedClassifier(SGDClassifier())
    with pytest.raises(TypeError, match=one_message):
        clf.partial_fit(da.from_array(np.zeros((Y.shape[0], 2)), chunks=250), y)
    assert not hasattr(clf, "estimator_")


class DaskRecordingClassifier(ClassifierMixin, BaseEstimator):
    """Stands for a distributed estimator: records what fit receives."""

    def fit(self, X, y, sample_weight=None):
        self.fit_args_ = (X, y, sample_weight)
        return self

    def predict(self, X):
        return X[:, 0] > 0


def test_weighted_classifier_passes_lazy_weights_without_computing_X(
    scheduler_calls,
):
    X_dask = da.from_array(X, chunks=(250, 4))
    y = da.from_array(Y, chunks=250)
    sample_weight = da.from_array(WEIGHTS, chunks=250)
    clf = WeightedClassifier(DaskRecordingClassifier()).fit(
        X_dask, y, sample_weight=sample_weight
    )
    assert len(scheduler_calls) == 1  # the class counts; X is never computed
    X_seen, y_seen, weights = clf.estimator_.fit_args_
    assert X_seen is X_dask and y_seen is y
    assert weights.chunks == y.chunks
    expected = ClassBalancedWeighter().fit_transform(Y, WEIGHTS) * WEIGHTS
    assert_allclose(weights.compute(), expected, rtol=1e-12)
    assert_array_equal(clf.classes_, [0, 1, 2])
    assert clf.n_features_in_ == 4


def test_weighted_classifier_multiplies_dask_series_weights_by_partition():
    frame = dataframe()
    with dask.config.set(scheduler="sync"):
        clf = WeightedClassifier(DaskRecordingClassifier()).fit(
            frame[["a", "b", "c", "d"]], frame["label"], sample_weight=frame["weight"]
        )
        weights = clf.estimator_.fit_args_[2]
        assert weights.npartitions == frame.npartitions
        expected = ClassBalancedWeighter().fit_transform(Y, WEIGHTS) * WEIGHTS
        assert_allclose(weights.compute().to_numpy(), expected, rtol=1e-12)


@pytest.mark.parametrize(
    "make_classifier",
    [
        lambda: SGDClassifier(random_state=0),
        lambda: LogisticRegression(),
    ],
    ids=["SGDClassifier", "LogisticRegression"],
)
def test_a_pipeline_on_dask_arrays_equals_the_in_memory_fit(make_classifier):
    """The weights reach a Pipeline's last step the same way on dask as in
    memory (``<last step>__sample_weight``), and the user's sample_weight
    reaches StandardScaler too."""
    in_memory = WeightedClassifier(
        make_pipeline(StandardScaler(), make_classifier())
    ).fit(X, Y, sample_weight=WEIGHTS)
    with dask.config.set(scheduler="sync"):
        on_dask = WeightedClassifier(
            make_pipeline(StandardScaler(), make_classifier())
        ).fit(
            da.from_array(X, chunks=(250, 4)),
            da.from_array(Y, chunks=250),
            sample_weight=da.from_array(WEIGHTS, chunks=250),
        )
    assert_array_equal(on_dask.classes_, in_memory.classes_)
    assert_allclose(
        on_dask.weighter_.class_weight_, in_memory.weighter_.class_weight_, rtol=1e-12
    )
    assert_allclose(on_dask.decision_function(X), in_memory.decision_function(X))


def test_uint64_labels_above_two_to_the_63_are_counted_on_dask():
    labels = np.uint64(2**63) + Y.astype(np.uint64)
    with dask.config.set(scheduler="sync"):
        weighter = ClassBalancedWeighter().fit(da.from_array(labels, chunks=250))
        weights = weighter.transform(da.from_array(labels, chunks=250)).compute()
    classes, counts = np.unique(labels, return_counts=True)
    assert_array_equal(weighter.classes_, classes)
    assert weighter.classes_.dtype == np.uint64
    assert_array_equal(weighter.class_counts_, counts)
    assert_allclose(weights, ClassBalancedWeighter().fit_transform(Y))


def test_weighted_classifier_refuses_x_and_y_chunked_differently():
    clf = WeightedClassifier(DaskRecordingClassifier())
    X_dask = da.from_array(X, chunks=(250, 4))
    with pytest.raises(ValueError, match="X and y are chunked differently"):
        clf.fit(X_dask, da.from_array(Y, chunks=200))
    with pytest.raises(ValueError, match=r"sizes \[250, 250, 250, 250\] and"):
        clf.fit(X_dask, da.from_array(Y, chunks=(100, 400, 250, 250)))
    with pytest.raises(ValueError, match="4 partitions but y has 2 partitions"):
        clf.fit(dataframe(4)[["a", "b"]], dataframe(2)["label"])


def test_weighted_classifier_refuses_numpy_weights_or_labels_with_dask_X():
    clf = WeightedClassifier(DaskRecordingClassifier())
    X_dask, y = da.from_array(X, chunks=(250, 4)), da.from_array(Y, chunks=250)
    with pytest.raises(TypeError, match="sample_weight is a ndarray but X is a dask"):
        clf.fit(X_dask, y, sample_weight=WEIGHTS)
    with pytest.raises(TypeError, match="X is a dask collection but y is a ndarray"):
        clf.fit(X_dask, Y)


def boosters():
    """(name, factory) of the distributed boosters that are installed."""
    found = []
    try:  # both boosters' dask modules need dask.dataframe (and so pyarrow)
        import dask.dataframe  # noqa: F401
    except ImportError:
        return found
    try:
        from xgboost.dask import DaskXGBClassifier

        found.append(
            (
                "xgboost",
                lambda: DaskXGBClassifier(n_estimators=5, max_depth=3, n_jobs=1),
            )
        )
    except ImportError:
        pass
    try:
        from lightgbm import DaskLGBMClassifier

        found.append(
            (
                "lightgbm",
                lambda: DaskLGBMClassifier(n_estimators=5, num_leaves=7, verbose=-1),
            )
        )
    except ImportError:
        pass
    return found


@pytest.mark.parametrize(
    "make_booster", [b for _, b in boosters()], ids=[n for n, _ in boosters()]
)
def test_a_dask_booster_fits_through_weighted_classifier_and_predicts(
    client, make_booster
):
    X_dask = da.from_array(X, chunks=(250, 4))
    y = da.from_array(Y, chunks=250)
    clf = WeightedClassifier(make_booster()).fit(X_dask, y)
    assert_array_equal(clf.classes_, [0, 1, 2])
    predicted = clf.predict(X_dask)
    assert predicted.chunks[0] == y.chunks[0]  # still a dask collection
    proba = clf.predict_proba(X_dask).compute()
    assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-5)

    # The weights reached the booster: the rarest class (5 % of y) gets far
    # more probability than without them (balanced weights aim at 1/3).
    unweighted = make_booster().fit(X_dask, y).predict_proba(X_dask).compute()
    assert proba[:, 2].mean() > 2 * unweighted[:, 2].mean()


def test_xgboost_gets_the_weights_one_would_pass_by_hand(client):
    xgboost_dask = pytest.importorskip("xgboost.dask")
    X_dask, y = da.from_array(X, chunks=(250, 4)), da.from_array(Y, chunks=250)
    sample_weight = da.from_array(WEIGHTS, chunks=250)
    booster = xgboost_dask.DaskXGBClassifier(n_estimators=5, max_depth=3, n_jobs=1)
    clf = WeightedClassifier(booster).fit(X_dask, y, sample_weight=sample_weight)
    weights = ClassBalancedWeighter().fit_transform(y, sample_weight) * sample_weight
    by_hand = booster.fit(X_dask, y, sample_weight=weights)
    assert_allclose(
        clf.predict_proba(X_dask).compute(),
        by_hand.predict_proba(X_dask).compute(),
        rtol=1e-6,
    )


def test_boosters_and_numpy_weights_get_a_clear_error(client):
    if not boosters():
        pytest.skip("no dask booster (xgboost.dask, lightgbm.dask) can be imported")
    make_booster = boosters()[0][1]
    clf = WeightedClassifier(make_booster())
    X_dask, y = da.from_array(X, chunks=(250, 4)), da.from_array(Y, chunks=250)
    with pytest.raises(TypeError, match="partitioned like X"):
        clf.fit(X_dask, y, sample_weight=WEIGHTS)


def test_lightgbm_takes_string_labels_through_weighted_classifier(client):
    pytest.importorskip("dask.dataframe")  # lightgbm.dask needs it
    lightgbm = pytest.importorskip("lightgbm")
    X_dask = da.from_array(X, chunks=(250, 4))
    y = da.from_array(NAMES[Y], chunks=250)
    clf = WeightedClassifier(
        lightgbm.DaskLGBMClassifier(n_estimators=5, num_leaves=7, verbose=-1)
    ).fit(X_dask, y)
    assert_array_equal(clf.classes_, NAMES)
    assert set(np.unique(clf.predict(X_dask).compute())) <= set(NAMES)


def test_only_class_balanced_weighter_weighs_dask_collections():
    from sklearn_classweight import FocalWeighter

    clf = WeightedClassifier(DaskRecordingClassifier(), FocalWeighter())
    with pytest.raises(TypeError, match="cannot weigh dask collections"):
        clf.fit(da.from_array(X, chunks=(250, 4)), da.from_array(Y, chunks=250))
