"""
Class-balanced weights and the prior shift in a Spark ML pipeline
=================================================================

Spark MLlib's classifiers take a weight column but compute no balanced
weights. ``SparkClassWeighter`` counts the labels in one aggregation and adds
the class-balancing weights as a column, for the classifier's ``weightCol``.
``SparkLogitAdjuster`` is the alternative without weights and without a
refit: it calibrates an unweighted classifier's ``rawPrediction`` (Platt) and
shifts it by ``-log(prior)``.

This script trains three ``GBTClassifier`` pipelines on a 1:40 problem
(unweighted, weighted, unweighted + shift), compares their held-out balanced
accuracy, and saves and reloads the weighted pipeline. It needs
``pip install "sklearn-classweight[spark]"`` and Java 17+, and starts a
``local[2]`` SparkSession (10 to 30 s).

Not executed by the gallery (it starts a JVM).
"""

import os
import sys
import tempfile

import numpy as np
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.classification import GBTClassifier
from pyspark.ml.feature import VectorAssembler
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from sklearn.metrics import balanced_accuracy_score

from sklearn_classweight.spark import SparkClassWeighter, SparkLogitAdjuster


def make_frame(spark, n_rows, seed):
    """A table with a rare 'fraud' label (about 1 row in 41)."""
    rng = np.random.default_rng(seed)
    label = (rng.random(n_rows) < 1 / 41).astype(float)
    features = rng.standard_normal((n_rows, 6)) + 0.8 * label[:, None]
    rows = [(float(y), *map(float, x)) for y, x in zip(label, features)]
    return spark.createDataFrame(rows, ["fraud", *[f"x{i}" for i in range(6)]])


def balanced_accuracy(model, test):
    rows = model.transform(test).select("fraud", "prediction").collect()
    return balanced_accuracy_score(
        [row.fraud for row in rows], [row.prediction for row in rows]
    )


if __name__ == "__main__":
    # Python workers (UDFs, xgboost.spark) must run this environment's Python.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = SparkSession.builder.master("local[2]").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")

    train, test = make_frame(spark, 40_000, 0), make_frame(spark, 20_000, 1)
    assembler = VectorAssembler(
        inputCols=[f"x{i}" for i in range(6)], outputCol="features"
    )
    gbt = dict(labelCol="fraud", maxIter=20, maxDepth=4, seed=0)

    unweighted = Pipeline(stages=[assembler, GBTClassifier(**gbt)]).fit(train)

    # Weights: the class counts come from one groupBy; the weight column is
    # one create_map(...)[label] expression.
    weighted = Pipeline(
        stages=[
            assembler,
            SparkClassWeighter(labelCol="fraud", outputCol="classWeight"),
            GBTClassifier(weightCol="classWeight", **gbt),
        ]
    ).fit(train)
    weighter = weighted.stages[1]
    print("classes", weighter.classes_, "class weights", weighter.class_weight_)

    # The shift: an unweighted GBT, calibrated then shifted; no refit.
    shifted = Pipeline(
        stages=[assembler, GBTClassifier(**gbt), SparkLogitAdjuster(labelCol="fraud")]
    ).fit(train)
    print("training prior", shifted.stages[-1].class_prior_)

    for name, model in [
        ("unweighted GBT", unweighted),
        ("weighted GBT", weighted),
        ("unweighted GBT + shift", shifted),
    ]:
        print(f"{name:>24}: balanced accuracy {balanced_accuracy(model, test):.3f}")

    # Spark ML persistence keeps the fitted weights.
    with tempfile.TemporaryDirectory() as directory:
        weighted.write().save(f"{directory}/weighted")
        reloaded = PipelineModel.load(f"{directory}/weighted")
        same = reloaded.transform(test).select(F.sum("prediction")).first()[0]
        print("reloaded pipeline, positive predictions:", same)
    spark.stop()
