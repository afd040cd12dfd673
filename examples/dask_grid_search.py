"""
Grid search over class weights on a Dask cluster
================================================

scikit-learn's searches parallelise through joblib; inside
``joblib.parallel_config(backend="dask")`` every fit runs as a task on the
cluster of the active ``dask.distributed.Client``. The results equal a local
run. This script starts a 2-worker ``LocalCluster``; to use a real cluster,
replace it with ``Client("tcp://scheduler-address:8786")`` (the workers need
``sklearn_classweight`` installed).

Not executed by the gallery: workers re-import ``__main__``, hence the guard.
"""

import joblib
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold

from sklearn_classweight import ClassBalancedWeighter, WeightedClassifier


def main():
    from dask.distributed import Client, LocalCluster

    X, y = make_classification(
        n_samples=2000,
        n_classes=3,
        n_informative=4,
        weights=[0.8, 0.15],
        random_state=0,
    )
    search = GridSearchCV(
        WeightedClassifier(LogisticRegression(), weighter=ClassBalancedWeighter()),
        {
            "weighter__scheme": ["ins", "isns", "ens"],
            "weighter__beta": [0.9, 0.99, 0.999],
            "estimator__C": [0.1, 1.0, 10.0],
        },
        scoring="balanced_accuracy",
        cv=StratifiedKFold(5),
        n_jobs=-1,
    )
    with LocalCluster(n_workers=2, threads_per_worker=1) as cluster, Client(cluster):
        with joblib.parallel_config(backend="dask"):
            search.fit(X, y)
    print("best parameters:", search.best_params_)
    print(f"best balanced accuracy: {search.best_score_:.3f}")


if __name__ == "__main__":
    main()
