"""Spark ML stages: class-balanced weight columns and the post-hoc shift.

One local[2] SparkSession for the whole run (it takes 10 to 30 s to start),
small DataFrames. Skipped, with the reason, where pyspark or Java is missing.
"""

import os
import shutil
import subprocess
import sys

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.metrics import balanced_accuracy_score

from sklearn_classweight import ClassBalancedWeighter

SCHEMES = [
    dict(scheme="ins"),
    dict(scheme="isns"),
    dict(scheme="ens", beta=0.9),
    dict(scheme="power", power=0.7),
    dict(scheme="uniform"),
]
NORMALIZE = ["mean", "sum", "max", "min", None]


@pytest.fixture(scope="session")
def spark():
    pytest.importorskip(
        "pyspark", reason='pyspark is not installed: pip install ".[spark]"'
    )
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Java is not installed (pyspark needs a JVM, Java 17+)")
    from pyspark.sql import SparkSession

    # Workers (UDFs, xgboost.spark) must run this environment's Python, not
    # the system's.
    previous = {name: os.environ.get(name) for name in ("PYSPARK_PYTHON",)}
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("sklearn-classweight-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    for name, value in previous.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def test_importing_the_library_does_not_import_pyspark():
    code = (
        "import sys, sklearn_classweight, sklearn_classweight.spark as s; "
        "assert 'pyspark' not in sys.modules, 'pyspark imported'; print(s.__all__)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "SparkClassWeighter" in result.stdout


def labelled_frame(spark, kind, with_weight):
    rng = np.random.default_rng(0)
    codes = rng.choice(3, size=60, p=[0.7, 0.22, 0.08])
    labels = np.array(["ant", "bee", "cow"])[codes] if kind == "str" else codes * 2.0
    weights = rng.uniform(0.0, 3.0, size=60).round(2)
    rows = [
        (label.item(), float(w), i) for i, (label, w) in enumerate(zip(labels, weights))
    ]
    df = spark.createDataFrame(rows, ["label", "w", "id"]).cache()
    return df, labels, (weights if with_weight else None)


def scheme_grid(kind, with_weight):
    """Every scheme with every normalize for string labels with user weights
    (the case with the most to get wrong); for the other three cases, every
    scheme and every normalize once, paired differently in each case."""
    if kind == "str" and with_weight:
        return [(params, normalize) for params in SCHEMES for normalize in NORMALIZE]
    shift = {("str", False): 1, ("float", False): 2, ("float", True): 3}[
        kind, with_weight
    ]
    return [
        (params, NORMALIZE[(i + shift) % len(NORMALIZE)])
        for i, params in enumerate(SCHEMES)
    ]


@pytest.mark.parametrize("with_weight", [False, True], ids=["unweighted", "weightCol"])
@pytest.mark.parametrize("kind", ["str", "float"])
def test_weights_equal_class_balanced_weighter(spark, kind, with_weight):
    from sklearn_classweight.spark import SparkClassWeighter

    df, labels, weights = labelled_frame(spark, kind, with_weight)
    scored, columns, expected = df, [], []
    for params, normalize in scheme_grid(kind, with_weight):
        name = f"{params['scheme']}_{normalize}"
        stage = SparkClassWeighter(
            outputCol=name,
            normalize=normalize,
            weightCol="w" if with_weight else None,
            **params,
        )
        scored = stage.fit(df).transform(scored)
        columns.append(name)
        weighter = ClassBalancedWeighter(**params, normalize=normalize)
        sample_weight = weighter.fit(labels, sample_weight=weights).transform(labels)
        # The column is ready for a classifier's weightCol: the user's
        # weights are multiplied in, as WeightedClassifier does.
        expected.append(sample_weight * (1.0 if weights is None else weights))
    rows = scored.orderBy("id").select(*columns).collect()
    got = np.array([[row[name] for name in columns] for row in rows])
    assert_allclose(got, np.column_stack(expected), rtol=1e-12, atol=0)


def spark_frame(spark, X, y, **extra):
    from pyspark.ml.linalg import Vectors

    names = list(extra)
    rows = [
        (float(label), Vectors.dense(x), *(float(extra[n][i]) for n in names))
        for i, (x, label) in enumerate(zip(X, y))
    ]
    return spark.createDataFrame(rows, ["label", "features", *names])


def test_pipeline_with_logistic_regression_equals_scikit_learn(spark):
    from pyspark.ml import Pipeline
    from pyspark.ml.classification import LogisticRegression

    from sklearn_classweight.spark import SparkClassWeighter

    X, y = make_classification(
        400, n_features=4, n_informative=3, n_redundant=0, n_classes=3,
        weights=[0.7, 0.2], random_state=0,
    )  # fmt: skip
    pipeline = Pipeline(
        stages=[
            SparkClassWeighter(scheme="isns"),
            LogisticRegression(
                weightCol="classWeight", regParam=0.0, tol=1e-12, maxIter=1000
            ),
        ]
    )
    df = spark_frame(spark, X, y)
    spark_proba = np.array(
        [row.probability.toArray() for row in pipeline.fit(df).transform(df).collect()]
    )

    sample_weight = ClassBalancedWeighter("isns").fit_transform(y)
    sklearn_lr = SkLogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000)
    sklearn_proba = sklearn_lr.fit(X, y, sample_weight=sample_weight).predict_proba(X)
    assert np.abs(spark_proba - sklearn_proba).max() <= 1e-6


def test_pipeline_saves_loads_and_predicts_the_same(spark, tmp_path):
    from pyspark.ml import Pipeline, PipelineModel
    from pyspark.ml.classification import GBTClassifier

    from sklearn_classweight.spark import SparkClassWeighter, SparkClassWeighterModel

    X, y = make_classification(300, weights=[0.9], random_state=0)
    df = spark_frame(spark, X, y, w=np.linspace(0.5, 2.0, len(y)))
    pipeline = Pipeline(
        stages=[
            SparkClassWeighter(
                scheme="ens", beta=0.99, normalize="min", maxRatio=3.0, weightCol="w"
            ),
            GBTClassifier(weightCol="classWeight", maxIter=5, maxDepth=2, seed=0),
        ]
    )
    model = pipeline.fit(df)
    model.write().overwrite().save(str(tmp_path / "pipeline"))
    loaded = PipelineModel.load(str(tmp_path / "pipeline"))

    weighter, loaded_weighter = model.stages[0], loaded.stages[0]
    assert isinstance(loaded_weighter, SparkClassWeighterModel)
    assert loaded_weighter.classes_ == weighter.classes_ == [0.0, 1.0]
    expected = ClassBalancedWeighter("ens", beta=0.99, normalize="min", max_ratio=3.0)
    expected.fit(y, sample_weight=np.linspace(0.5, 2.0, len(y)))
    assert_allclose(weighter.class_weight_, expected.class_weight_, rtol=1e-12)
    assert_array_equal(loaded_weighter.class_weight_, weighter.class_weight_)
    assert loaded_weighter.getWeightCol() == "w"
    # Rows to predict have no label: the weighting stage lets them through.
    unlabelled = loaded.transform(df.drop("label"))
    assert "classWeight" not in unlabelled.columns
    assert unlabelled.select("prediction").count() == len(y)
    before = model.transform(df).select("classWeight", "probability").collect()
    after = loaded.transform(df).select("classWeight", "probability").collect()
    assert before == after


def test_fitted_weighter_transforms_a_stream(spark, tmp_path):
    from sklearn_classweight.spark import SparkClassWeighter, SparkLogitAdjuster

    batch = spark.createDataFrame(
        [("a", 1), ("a", 2), ("a", 3), ("b", 4)], ["label", "id"]
    )
    model = SparkClassWeighter().fit(batch)
    batch.write.parquet(str(tmp_path / "incoming"))

    stream = spark.readStream.schema(batch.schema).parquet(str(tmp_path / "incoming"))
    assert stream.isStreaming
    query = (
        model.transform(stream)
        .writeStream.format("memory")
        .queryName("weighted_stream")
        .trigger(availableNow=True)
        .start()
    )
    query.awaitTermination()
    rows = spark.sql(
        "SELECT id, classWeight FROM weighted_stream ORDER BY id"
    ).collect()
    assert_allclose([row.classWeight for row in rows], [2 / 3, 2 / 3, 2 / 3, 2.0])
    with pytest.raises(ValueError, match="SparkClassWeighter.fit needs a batch"):
        SparkClassWeighter().fit(stream)
    with pytest.raises(ValueError, match="SparkLogitAdjuster.fit needs a batch"):
        SparkLogitAdjuster().fit(stream)


def test_bad_input_gets_a_clear_error(spark):
    from pyspark.errors import PySparkException

    from sklearn_classweight.spark import SparkClassWeighter

    df = spark.createDataFrame(
        [("a", 1.0), ("a", 2.0), (None, 1.0), ("b", -1.0)], ["label", "w"]
    )
    with pytest.raises(ValueError, match=r"labelCol='y' is not a column"):
        SparkClassWeighter(labelCol="y").fit(df)
    with pytest.raises(ValueError, match=r"labelCol='label' has 1 null"):
        SparkClassWeighter().fit(df)
    with pytest.raises(ValueError, match=r"scheme must be one of .* got 'inverse'"):
        SparkClassWeighter(scheme="inverse")
    clean = df.dropna()
    with pytest.raises(ValueError, match=r"weightCol='w' has negative"):
        SparkClassWeighter(weightCol="w").fit(clean)
    model = SparkClassWeighter().fit(clean)
    unseen = spark.createDataFrame([("c",)], ["label"])
    with pytest.raises(PySparkException, match="label not seen in fit: c"):
        model.transform(unseen).collect()
    with pytest.raises(TypeError, match="fitted on labels"):
        model.transform(spark.createDataFrame([(1.0,)], ["label"]))


def test_shift_is_the_calibrated_log_probability_minus_tau_log_prior(spark):
    from pyspark.ml.classification import LogisticRegression

    from sklearn_classweight.spark import SparkLogitAdjuster

    X, y = make_classification(400, n_features=4, weights=[0.85], random_state=1)
    df = spark_frame(spark, X, y)
    scored = LogisticRegression(regParam=0.0).fit(df).transform(df)
    adjuster = SparkLogitAdjuster(tau=0.8).fit(scored)
    prior = np.bincount(y) / len(y)
    assert_allclose(adjuster.class_prior_, prior, rtol=1e-12)

    rows = adjuster.transform(scored).collect()
    raw = np.array([row.rawPrediction.toArray() for row in rows])
    proba = np.array([row.probability.toArray() for row in rows])
    # Platt: a sigmoid of the margin fitted by maximum likelihood, which
    # scikit-learn's unpenalised LogisticRegression on the margin reproduces.
    margin = np.array(
        [r.rawPrediction.toArray() @ [-1.0, 1.0] for r in scored.collect()]
    )
    platt = SkLogisticRegression(C=np.inf, tol=1e-12).fit(margin[:, None], y)
    log_proba = platt.predict_log_proba(margin[:, None])
    shifted = log_proba - 0.8 * np.log(prior)
    expected = np.exp(shifted - np.logaddexp(shifted[:, 0], shifted[:, 1])[:, None])
    assert_allclose(proba, expected, atol=1e-6)
    assert_allclose(np.exp(raw), proba, rtol=1e-12)
    assert_array_equal([row.prediction for row in rows], expected.argmax(axis=1))


def test_shift_on_an_unweighted_gbt_matches_the_weighted_gbt(spark, tmp_path):
    from pyspark.ml import Pipeline, PipelineModel
    from pyspark.ml.classification import GBTClassifier

    from sklearn_classweight.spark import (
        SparkClassWeighter,
        SparkLogitAdjuster,
        SparkLogitAdjusterModel,
    )

    X, y = make_classification(
        1200, n_features=6, weights=[0.95], flip_y=0.02, class_sep=0.8, random_state=0
    )
    train = spark_frame(spark, X[:800], y[:800])
    test = spark_frame(spark, X[800:], y[800:])
    gbt = dict(maxIter=10, maxDepth=3, seed=0)
    shifted = Pipeline(stages=[GBTClassifier(**gbt), SparkLogitAdjuster()]).fit(train)
    weighted = Pipeline(
        stages=[SparkClassWeighter(), GBTClassifier(weightCol="classWeight", **gbt)]
    ).fit(train)

    def balanced_accuracy(model):
        rows = model.transform(test).select("prediction").collect()
        return balanced_accuracy_score(y[800:], [row.prediction for row in rows])

    unshifted = balanced_accuracy(shifted.stages[0])
    assert balanced_accuracy(shifted) > unshifted + 0.03
    assert balanced_accuracy(shifted) >= balanced_accuracy(weighted) - 0.02

    shifted.write().overwrite().save(str(tmp_path / "shifted"))
    loaded = PipelineModel.load(str(tmp_path / "shifted"))
    assert isinstance(loaded.stages[1], SparkLogitAdjusterModel)
    assert loaded.transform(test).select("probability").collect() == (
        shifted.transform(test).select("probability").collect()
    )


def test_shift_for_three_classes(spark):
    from pyspark.ml.classification import LogisticRegression

    from sklearn_classweight.spark import SparkLogitAdjuster

    X, y = make_classification(
        600, n_features=5, n_informative=4, n_redundant=0, n_classes=3,
        weights=[0.7, 0.2], random_state=2,
    )  # fmt: skip
    df = spark_frame(spark, X, y)
    scored = LogisticRegression(regParam=0.01).fit(df).transform(df)
    prior = np.bincount(y) / len(y)

    # calibration="none" takes LogisticRegression's logits as they are.
    plain = SparkLogitAdjuster(calibration="none", tau=1.0).fit(scored)
    rows = plain.transform(scored).collect()
    raw = np.array([row.rawPrediction.toArray() for row in scored.collect()])
    shifted = raw - np.log(prior)
    expected = np.exp(shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True)))
    got = np.array([row.probability.toArray() for row in rows])
    assert_allclose(got, expected, rtol=1e-12)

    # The multinomial calibration has intercepts, so at tau=0 its mean
    # probability is the training prior (its likelihood equations).
    calibrated = SparkLogitAdjuster(tau=0.0).fit(scored).transform(scored)
    proba = np.array([row.probability.toArray() for row in calibrated.collect()])
    assert_allclose(proba.mean(axis=0), prior, atol=1e-4)
