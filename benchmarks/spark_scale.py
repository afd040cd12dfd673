"""Spark ML: unweighted against weighted against shifted, at 1:40.

On a ``local[2]`` SparkSession: a binary task with a 1:40 prior
(``make_classification``, 10 features), 200,000 training rows and 50,000
held-out rows. For Spark's LogisticRegression, RandomForestClassifier,
GBTClassifier and (when ``xgboost.spark`` works) SparkXGBClassifier, the
held-out balanced accuracy of

- unweighted: the classifier as is;
- weighted: ``SparkClassWeighter()`` (INS, mean 1) before it, its output as
  the classifier's ``weightCol`` (``weight_col`` for SparkXGB);
- shifted: the unweighted model followed by ``SparkLogitAdjuster()`` (Platt
  calibration of the margin on the training rows, then ``-log(prior)``), no
  refit.

Also: the weighting stage's fit time against the classifier's (its share of
the weighted pipeline's fit), the shift stage's fit time, and the number of
Spark jobs ``SparkClassWeighter.fit`` runs, with adaptive query execution on
(Spark's default) and off.

Usage::

    python -m benchmarks.spark_scale           # 200,000 training rows
    python -m benchmarks.spark_scale --quick   # 20,000 rows, fewer trees
"""

import argparse
import os
import sys
import time

import numpy as np

# Benchmark the checkout this script lives in, installed or not.
from ._report import command_line, save_report

RATIO = 40
N_FEATURES = 10
N_TEST = 50_000


def make_data(spark, n_train, seed=0):
    """Train and test DataFrames (label, features), cached."""
    import pandas as pd
    from pyspark.ml.feature import VectorAssembler
    from sklearn.datasets import make_classification

    X, y = make_classification(
        n_samples=n_train + N_TEST,
        n_features=N_FEATURES,
        n_informative=5,
        n_redundant=2,
        weights=[RATIO / (RATIO + 1)],
        flip_y=0.01,
        class_sep=0.7,
        random_state=seed,
    )
    columns = [f"x{i}" for i in range(N_FEATURES)]
    frame = pd.DataFrame(X, columns=columns).assign(label=y.astype(np.float64))
    assembler = VectorAssembler(inputCols=columns, outputCol="features")

    def to_spark(part):
        df = assembler.transform(spark.createDataFrame(part)).select(
            "label", "features"
        )
        df = df.repartition(2).cache()
        df.count()
        return df

    return to_spark(frame.iloc[:n_train]), to_spark(frame.iloc[n_train:])


def balanced_accuracy(model, test):
    from sklearn.metrics import balanced_accuracy_score

    rows = model.transform(test).select("label", "prediction").collect()
    y_true = np.array([row.label for row in rows])
    y_pred = np.array([row.prediction for row in rows])
    return balanced_accuracy_score(y_true, y_pred)


def best_threshold_balanced_accuracy(model, test):
    """Balanced accuracy of the model's scores at the best threshold chosen on
    the test rows themselves: an upper bound for any post-hoc shift, which
    can only move the threshold of the model's ranking."""
    from sklearn.metrics import roc_curve

    rows = model.transform(test).select("label", "rawPrediction").collect()
    y_true = np.array([row.label for row in rows])
    margin = np.array([row.rawPrediction[1] - row.rawPrediction[0] for row in rows])
    false_positive_rate, true_positive_rate, _ = roc_curve(y_true, margin)
    return float(np.max((true_positive_rate + 1 - false_positive_rate) / 2))


def classifiers(quick):
    from pyspark.ml.classification import (
        GBTClassifier,
        LogisticRegression,
        RandomForestClassifier,
    )

    trees = 20 if quick else 50
    found = {
        "LogisticRegression": lambda weight: LogisticRegression(
            weightCol=weight or "", maxIter=100
        ),
        "RandomForest": lambda weight: RandomForestClassifier(
            weightCol=weight or "", numTrees=trees, maxDepth=8, seed=0
        ),
        "GBT": lambda weight: GBTClassifier(
            weightCol=weight or "", maxIter=trees, maxDepth=5, seed=0
        ),
    }
    try:
        from xgboost.spark import SparkXGBClassifier

        found["SparkXGB"] = lambda weight: SparkXGBClassifier(
            weight_col=weight, n_estimators=trees, max_depth=6, num_workers=1
        )
    except ImportError as exc:
        print(f"xgboost.spark unavailable ({exc}): SparkXGB skipped")
    return found


def jobs_of(spark, function, group):
    """Number of Spark jobs ``function()`` runs."""
    context = spark.sparkContext
    context.setJobGroup(group, group)
    try:
        function()
    finally:
        context.setLocalProperty("spark.jobGroup.id", None)
    return len(context.statusTracker().getJobIdsForGroup(group))


def run(quick, argv=None):
    from pyspark.ml import PipelineModel
    from pyspark.sql import SparkSession

    from sklearn_classweight.spark import SparkClassWeighter, SparkLogitAdjuster

    os.environ["PYSPARK_PYTHON"] = sys.executable  # SparkXGB's workers
    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "3g")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    started = time.perf_counter()
    n_train = 20_000 if quick else 200_000
    train, test = make_data(spark, n_train)

    # The weighting stage alone: jobs and time.
    weighter = SparkClassWeighter()
    spark.conf.set("spark.sql.adaptive.enabled", "true")
    jobs_aqe = jobs_of(spark, lambda: weighter.fit(train), "weighter-aqe")
    spark.conf.set("spark.sql.adaptive.enabled", "false")
    jobs_plain = jobs_of(spark, lambda: weighter.fit(train), "weighter-plain")
    spark.conf.set("spark.sql.adaptive.enabled", "true")
    weigh_times = []
    for _ in range(5):
        start = time.perf_counter()
        weighter_model = weighter.fit(train)
        weigh_times.append(time.perf_counter() - start)
    weigh_time = float(np.median(weigh_times))
    weighted_train = weighter_model.transform(train).cache()
    total_weight = weighted_train.agg({"classWeight": "sum"}).first()[0]

    # Warm the JVM's compiled code up on a throwaway fit, so that the first
    # classifier's unweighted fit is not charged for it.
    classifiers(quick)["LogisticRegression"](None).fit(train)

    rows = []
    for name, make in classifiers(quick).items():
        print(f"{name} ...", flush=True)
        start = time.perf_counter()
        unweighted = make(None).fit(train)
        fit_time = time.perf_counter() - start
        start = time.perf_counter()
        weighted = make("classWeight").fit(weighted_train)
        weighted_fit_time = time.perf_counter() - start
        start = time.perf_counter()
        adjuster = SparkLogitAdjuster().fit(unweighted.transform(train))
        shift_time = time.perf_counter() - start

        shifted = PipelineModel(stages=[unweighted, adjuster])

        rows.append(
            (
                name,
                balanced_accuracy(unweighted, test),
                balanced_accuracy(weighted, test),
                balanced_accuracy(shifted, test),
                fit_time,
                weighted_fit_time,
                weigh_time / (weigh_time + weighted_fit_time),
                shift_time,
                best_threshold_balanced_accuracy(unweighted, test),
            )
        )
        print(rows[-1], flush=True)

    lines = [
        f"pyspark {spark.version}, local[2] on a shared 2-core machine; binary "
        f"make_classification, {N_FEATURES} features, prior 1:{RATIO}; {n_train:,} "
        f"training rows, {N_TEST:,} held-out rows. Run time "
        f"{time.perf_counter() - started:.0f} s.",
        "",
        "### Held-out balanced accuracy",
        "",
        "weighted: SparkClassWeighter() (INS, mean 1) -> weightCol; shifted: the "
        "unweighted model + SparkLogitAdjuster() (Platt on the training rows, "
        "then -log(prior)), no refit.",
        "",
        "best threshold: the unweighted model's margin at the threshold that "
        "is best on the held-out rows themselves, an upper bound for any shift "
        "of the unweighted model.",
        "",
        "| classifier | unweighted | weighted | shifted | shifted - weighted "
        "| unweighted, best threshold |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r[0]} | {r[1]:.3f} | {r[2]:.3f} | {r[3]:.3f} | {r[3] - r[2]:+.3f} "
        f"| {r[8]:.3f} |"
        for r in rows
    ]
    lines += [
        "",
        "### Cost",
        "",
        f"SparkClassWeighter.fit on {n_train:,} rows: {weigh_time:.2f} s "
        f"(median of 5, after 2 warm-up fits); Spark jobs: {jobs_aqe} with adaptive query execution "
        f"(the default: the aggregation's map stage and its result), {jobs_plain} "
        f"without. The weights sum to {total_weight:.6f} for {n_train:,} rows.",
        "",
        "| classifier | fit, unweighted (s) | fit, weighted (s) | weighting's share "
        "of the weighted fit | shift stage fit (s) |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r[0]} | {r[4]:.1f} | {r[5]:.1f} | {100 * r[6]:.1f} % | {r[7]:.1f} |"
        for r in rows
    ]
    save_report(
        "spark_scale" + ("_quick" if quick else ""),
        "\n".join(lines),
        command=command_line("spark_scale", argv),
    )
    spark.stop()


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.spark_scale", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--quick", action="store_true", help="20,000 rows, 20 trees")
    run(parser.parse_args(argv).quick, argv)


if __name__ == "__main__":
    main()
