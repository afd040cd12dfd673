"""
Class-balanced gradient boosting on a Dask cluster
==================================================

``WeightedClassifier`` wraps the distributed boosters
``lightgbm.DaskLGBMClassifier`` and ``xgboost.dask.DaskXGBClassifier``. Given
a dask DataFrame (or dask Array), it counts the classes of ``y`` in one pass
over the partitions (only the counts come back to the client), and passes
lazy weights, partitioned exactly like ``y``, as ``sample_weight``. ``X`` and
``y`` are never computed on the client.

LightGBM's own ``class_weight="balanced"`` counts classes on each worker's
share of the data: when the rare class is unevenly spread over partitions,
the weights differ between workers. ``WeightedClassifier`` uses the global
counts. XGBoost has no ``class_weight`` for more than two classes and takes
integer labels ``0 .. K-1`` only (LightGBM also takes strings).

This script starts a 2-worker ``LocalCluster``; to use a real cluster,
replace it with ``Client("tcp://scheduler-address:8786")`` (the workers need
``sklearn_classweight`` installed). It needs
``pip install "sklearn-classweight[dask]" lightgbm``; run it with
``python examples/dask_boosting.py``.

Shown by the gallery but not executed when the docs are built: it starts a
cluster, whose workers re-import ``__main__`` (hence the guard).
"""

import numpy as np
import pandas as pd
from sklearn.metrics import balanced_accuracy_score

from sklearn_classweight import WeightedClassifier


def make_frame(n_rows, seed):
    """A table with a rare 'fraud' label (about 1 row in 51)."""
    rng = np.random.default_rng(seed)
    label = (rng.random(n_rows) < 1 / 51).astype(int)
    features = rng.standard_normal((n_rows, 8)) + 0.6 * label[:, None]
    frame = pd.DataFrame(features, columns=[f"x{i}" for i in range(8)])
    frame["fraud"] = label
    return frame


def main():
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster
    from lightgbm import DaskLGBMClassifier

    with LocalCluster(n_workers=2, threads_per_worker=1) as cluster, Client(cluster):
        # In practice: dd.read_parquet("transactions/*.parquet").
        df = dd.from_pandas(make_frame(200_000, seed=0), npartitions=8)
        features = [f"x{i}" for i in range(8)]
        X, y = df[features], df["fraud"]

        clf = WeightedClassifier(DaskLGBMClassifier(n_estimators=50, verbose=-1))
        clf.fit(X, y)
        print("classes:", clf.classes_)
        print("class counts (one distributed pass):", clf.weighter_.class_counts_)
        print("class weights:", clf.weighter_.class_weight_.round(3))

        # Predictions stay lazy, partitioned like X.
        predicted = clf.predict(X)
        print("predicted positives in training data:", int(predicted.sum().compute()))

        unweighted = DaskLGBMClassifier(n_estimators=50, verbose=-1).fit(X, y)

    test = make_frame(50_000, seed=1)
    for name, model in [
        ("unweighted", unweighted),
        ("WeightedClassifier", clf.estimator_),
    ]:
        local = model.to_local()  # a plain LGBMClassifier
        score = balanced_accuracy_score(test["fraud"], local.predict(test[features]))
        print(f"{name:20s} balanced accuracy on held-out data: {score:.3f}")


if __name__ == "__main__":
    main()
