"""The imbalance tasks the benchmarks share: data sets, base models and splits.

Every data set is shipped with scikit-learn or generated: nothing is
downloaded. A task is (data set, imbalance factor, seed): the data set is split
50/50, stratified; the training half is subsampled with ``make_long_tailed``
(largest / smallest class = the factor, random class order);
:func:`long_tailed_split` does it, the same way for every script.

To add a data set, add a loader to ``DATASETS``; to run it in the quality
benchmark, add ``(name, factor)`` pairs to ``TASKS``. To add a base model, add
a factory to ``BASES`` (the reference, ``class_weight="balanced"``, is set on
its last step, so the base's final estimator must take ``class_weight``).
"""

from sklearn.datasets import (
    load_breast_cancer,
    load_digits,
    load_wine,
    make_blobs,
    make_classification,
)
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_classweight.datasets import make_long_tailed


def _classification(n_classes, class_sep, n_clusters_per_class=2, flip_y=0.01):
    # 8 features, not more: on continuous features HistGradientBoosting's
    # weighted fit (scikit-learn 1.9) spends most of its time finding weighted
    # bin thresholds, about 0.1 s per feature, which bounds how many tasks fit
    # the time budget.
    def load():
        return make_classification(
            n_samples=4000 if n_classes == 2 else 3000,
            n_features=8,
            n_informative=5,
            n_classes=n_classes,
            n_clusters_per_class=n_clusters_per_class,
            class_sep=class_sep,
            flip_y=flip_y,
            random_state=n_classes,
        )

    return load


def _blobs():
    return make_blobs(
        n_samples=3000, n_features=8, centers=6, cluster_std=4.0, random_state=0
    )


def _digits_binary(rule):
    def load():
        X, y = load_digits(return_X_y=True)
        return X, rule(y).astype(int)

    return load


#: name -> loader() -> (X, y). Sources are (nearly) balanced; a task's
#: imbalance comes from subsampling its training half. ``wine`` is used by the
#: long-tailed scripts (adaptive_methods, selection_rules, tuner_cost) but not
#: by ``TASKS``: with 33 training rows it is too small for
#: HistGradientBoosting's default leaves.
DATASETS = {
    "digits": lambda: load_digits(return_X_y=True),
    "wine": lambda: load_wine(return_X_y=True),
    "blobs": _blobs,
    "classification-5": _classification(5, class_sep=1.0),
    "breast_cancer (binary)": lambda: load_breast_cancer(return_X_y=True),
    "digits even-vs-odd (binary)": _digits_binary(lambda y: y % 2),
    "digits 0-4 vs 5-9 (binary)": _digits_binary(lambda y: y >= 5),
    "classification-2 (binary)": _classification(2, class_sep=0.8),
    "classification-2 hard (binary)": _classification(2, class_sep=0.5, flip_y=0.05),
    "classification-2 many clusters (binary)": _classification(
        2, class_sep=1.0, n_clusters_per_class=4
    ),
}

#: The data sets the long-tailed scripts (adaptive_methods, selection_rules,
#: tuner_cost) run at imbalance factors 10, 50 and 100: the six data sets their
#: saved results were made with.
LONG_TAILED_DATASETS = [
    "digits",
    "wine",
    "blobs",
    "classification-5",
    "breast_cancer (binary)",
    "classification-2 (binary)",
]
LONG_TAILED_FACTORS = [10, 50, 100]

#: The quality benchmark's tasks: family -> [(data set, imbalance factor)],
#: run for every seed.
TASKS = {
    "binary": [
        ("breast_cancer (binary)", 5),
        ("breast_cancer (binary)", 20),
        ("digits even-vs-odd (binary)", 10),
        ("digits even-vs-odd (binary)", 50),
        ("digits 0-4 vs 5-9 (binary)", 5),
        ("digits 0-4 vs 5-9 (binary)", 30),
        ("classification-2 (binary)", 3),
        ("classification-2 (binary)", 20),
        ("classification-2 hard (binary)", 10),
        ("classification-2 many clusters (binary)", 10),
    ],
    "long-tailed": [
        ("digits", 10),
        ("digits", 50),
        ("digits", 100),
        ("blobs", 10),
        ("blobs", 50),
        ("blobs", 100),
        ("classification-5", 10),
        ("classification-5", 50),
        ("classification-5", 100),
    ],
}
#: Small, cheap tasks (few distinct feature values keep HGB's binning fast).
QUICK_TASKS = {
    "binary": [("breast_cancer (binary)", 20), ("digits even-vs-odd (binary)", 10)],
    "long-tailed": [("digits", 10), ("blobs", 50)],
}
SEEDS = [0, 1, 2]

#: name -> factory() -> an unfitted base model.
BASES = {
    "LogisticRegression": lambda: make_pipeline(
        StandardScaler(), LogisticRegression(max_iter=2000)
    ),
    # scikit-learn's defaults otherwise: with learning_rate=0.2 and
    # min_samples_leaf=5, unweighted fits on classes of 2-6 samples diverge
    # (raw scores ~1e4, balanced accuracy near chance), which would blame
    # every method built on an unweighted fit for a base-model failure.
    "HistGradientBoosting": lambda: HistGradientBoostingClassifier(
        max_iter=50, max_leaf_nodes=15, random_state=0
    ),
}


def long_tailed_split(dataset, imbalance_factor, seed):
    """``X_train, X_test, y_train, y_test`` of one task.

    The data set is split 50/50, stratified, and the training half is made
    long-tailed; the test half keeps the data set's (balanced) classes.
    """
    X, y = DATASETS[dataset]()
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.5, stratify=y, random_state=seed
    )
    X_train, y_train = make_long_tailed(
        X_train, y_train, imbalance_factor=imbalance_factor, random_state=seed
    )
    return X_train, X_test, y_train, y_test
