"""Grid search over WeightedClassifier, and WeightedClassifierCV, on a dask.distributed cluster.

scikit-learn's searches parallelise through joblib; inside
``joblib.parallel_config(backend="dask")`` the fits run as tasks on the
cluster of the active ``Client``. The results are those of a local run.
"""

import joblib
import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold

from sklearn_classweight import (
    ClassBalancedWeighter,
    WeightedClassifier,
    WeightedClassifierCV,
)

distributed = pytest.importorskip("dask.distributed")


@pytest.fixture
def data():
    return make_classification(
        n_samples=300, n_classes=3, n_informative=4, weights=[0.8, 0.15], random_state=0
    )


def weight_search(n_jobs):
    grid = {
        "weighter__scheme": ["ins", "isns", "ens"],
        "weighter__beta": [0.9, 0.999],
        "estimator__C": [0.1, 1.0],
    }
    return GridSearchCV(
        WeightedClassifier(LogisticRegression(), weighter=ClassBalancedWeighter()),
        grid,
        scoring="balanced_accuracy",
        cv=StratifiedKFold(3),
        n_jobs=n_jobs,
    )


def assert_same_search(distributed_search, local_search, X):
    for key in ["params", "mean_test_score", "split0_test_score", "rank_test_score"]:
        np.testing.assert_array_equal(
            distributed_search.cv_results_[key], local_search.cv_results_[key]
        )
    assert distributed_search.best_params_ == local_search.best_params_
    np.testing.assert_array_equal(
        distributed_search.predict_proba(X), local_search.predict_proba(X)
    )


def test_grid_search_on_a_dask_cluster_equals_the_local_run(client, data):
    X, y = data
    local = weight_search(n_jobs=None).fit(X, y)

    with distributed.get_task_stream(client) as tasks:
        with joblib.parallel_config(backend="dask"):
            on_cluster = weight_search(n_jobs=-1).fit(X, y)

    # The fits (batched by joblib into tasks) really ran on the workers.
    fit_tasks = [task for task in tasks.data if "fit_and_score" in task["key"]]
    assert fit_tasks
    assert {task["worker"] for task in fit_tasks} <= set(
        client.scheduler_info()["workers"]
    )
    assert_same_search(on_cluster, local, X)


def test_user_sample_weight_reaches_every_fit_on_the_cluster(client, data):
    X, y = data
    sample_weight = np.where(np.arange(len(y)) % 4 == 0, 2.0, 1.0)
    local = weight_search(n_jobs=None).fit(X, y, sample_weight=sample_weight)
    with joblib.parallel_config(backend="dask"):
        on_cluster = weight_search(n_jobs=-1).fit(X, y, sample_weight=sample_weight)

    assert_same_search(on_cluster, local, X)
    unweighted = weight_search(n_jobs=None).fit(X, y)
    assert not np.array_equal(
        local.cv_results_["mean_test_score"], unweighted.cv_results_["mean_test_score"]
    )


def test_weighted_classifier_cv_on_a_dask_cluster_equals_the_local_run(client, data):
    X, y = data

    def tuner(n_jobs):
        return WeightedClassifierCV(
            LogisticRegression(), cv=StratifiedKFold(3), n_jobs=n_jobs, random_state=0
        )

    local = tuner(n_jobs=None).fit(X, y)
    with distributed.get_task_stream(client) as tasks:
        with joblib.parallel_config(backend="dask"):
            on_cluster = tuner(n_jobs=-1).fit(X, y)

    assert any(
        "fit_and_score" in task["key"] for task in tasks.data
    )  # ran on the cluster
    np.testing.assert_array_equal(
        on_cluster.cv_results_["mean_test_score"], local.cv_results_["mean_test_score"]
    )
    assert on_cluster.best_params_ == local.best_params_
    np.testing.assert_array_equal(on_cluster.predict_proba(X), local.predict_proba(X))
