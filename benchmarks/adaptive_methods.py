"""Focal and difficulty weights against INS, on easy and hard problems, for LR and HGB.

``ADAPTIVE_METHODS`` maps a row name to ``factory(base_estimator) -> estimator``,
the shape of ``benchmarks/quality.py``'s registry (which imports it).

Protocol: for each problem and seed, ``make_classification`` draws a
three-class problem with class shares 80/15/5 %; it is split 50/50,
stratified; every method is fitted on the first half and scored on the second.
Problems differ in how separable the classes are:

* ``easy``: well separated classes (``class_sep=2``), no label noise;
* ``hard``: overlapping classes (``class_sep=0.5``), no label noise;
* ``hard+noise``: overlapping classes and 10 % of labels replaced at random
  (``flip_y=0.1``), the setting where hard samples are often mislabelled ones.

Bases: a standardised ``LogisticRegression`` and a
``HistGradientBoostingClassifier``. Reported per (base, problem, method): mean
and standard deviation over seeds of balanced accuracy, macro-F1, the win /
tie / loss count against INS on balanced accuracy (tie: |difference| < 0.005)
and the mean fit time. Writes ``benchmarks/results/adaptive_methods.md``.

Usage::

    python benchmarks/adaptive_methods.py           # 10 seeds, 2000 samples
    python benchmarks/adaptive_methods.py --quick   # 2 seeds, 1000 samples
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score, f1_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

# Benchmark the checkout this script lives in, installed or not.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _report import save_report  # noqa: E402

from sklearn_classweight import (  # noqa: E402
    DifficultyWeighter,
    FocalWeighter,
    WeightedClassifier,
)

TIE = 0.005

ADAPTIVE_METHODS = {
    "focal (gamma=2)": lambda est: WeightedClassifier(
        clone(est), FocalWeighter(gamma=2.0, random_state=0)
    ),
    "difficulty (tau=1)": lambda est: WeightedClassifier(
        clone(est), DifficultyWeighter(tau=1.0, random_state=0)
    ),
}
METHODS = {
    "INS": lambda est: WeightedClassifier(clone(est)),
    **ADAPTIVE_METHODS,
    "focal (gamma=0.5)": lambda est: WeightedClassifier(
        clone(est), FocalWeighter(gamma=0.5, random_state=0)
    ),
    "difficulty (tau=dynamic)": lambda est: WeightedClassifier(
        clone(est), DifficultyWeighter(tau="dynamic", random_state=0)
    ),
}
PROBLEMS = {
    "easy": dict(class_sep=2.0, flip_y=0.0),
    "hard": dict(class_sep=0.5, flip_y=0.0),
    "hard+noise": dict(class_sep=0.5, flip_y=0.1),
}
BASES = {
    "LogisticRegression": make_pipeline(StandardScaler(), LogisticRegression()),
    "HistGradientBoosting": HistGradientBoostingClassifier(random_state=0),
}


def _task(base_name, problem, seed, n_samples):
    # One thread per task: HGB's OpenMP threads oversubscribe the cores the
    # tasks already share (10x slower fits on a busy 2-core machine).
    with threadpool_limits(1):
        return _fit_and_score(base_name, problem, seed, n_samples)


def _fit_and_score(base_name, problem, seed, n_samples):
    X, y = make_classification(
        n_samples=n_samples,
        n_features=10,
        n_informative=4,
        n_classes=3,
        weights=[0.8, 0.15],
        random_state=seed,
        **PROBLEMS[problem],
    )
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, stratify=y, test_size=0.5, random_state=seed
    )
    rows = []
    for method, factory in METHODS.items():
        model = factory(BASES[base_name])
        start = time.perf_counter()
        model.fit(X_train, y_train)
        fit_time = time.perf_counter() - start
        pred = model.predict(X_test)
        rows.append(
            (
                base_name,
                problem,
                method,
                seed,
                balanced_accuracy_score(y_test, pred),
                f1_score(y_test, pred, average="macro"),
                fit_time,
            )
        )
    return rows


def run(n_seeds, n_samples, n_jobs=2):
    tasks = [
        (base, problem, seed)
        for base in BASES
        for problem in PROBLEMS
        for seed in range(n_seeds)
    ]
    results = Parallel(n_jobs=n_jobs)(
        delayed(_task)(base, problem, seed, n_samples) for base, problem, seed in tasks
    )
    return [row for rows in results for row in rows]


def table(rows):
    """Markdown table lines, one per (base, problem, method)."""
    by_key = {}
    for base, problem, method, seed, bacc, f1, fit_time in rows:
        by_key.setdefault((base, problem, method), {})[seed] = (bacc, f1, fit_time)
    lines = [
        "| base | problem | method | balanced accuracy | macro-F1 | W/T/L vs INS | fit time (s) |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for base in BASES:
        for problem in PROBLEMS:
            reference = by_key[(base, problem, "INS")]
            for method in METHODS:
                scores = by_key[(base, problem, method)]
                values = np.array([scores[seed] for seed in sorted(scores)])
                delta = values[:, 0] - np.array(
                    [reference[s][0] for s in sorted(scores)]
                )
                wins, losses = int((delta > TIE).sum()), int((delta < -TIE).sum())
                ties = len(delta) - wins - losses
                lines.append(
                    f"| {base} | {problem} | {method} "
                    f"| {values[:, 0].mean():.3f} ± {values[:, 0].std():.3f} "
                    f"| {values[:, 1].mean():.3f} ± {values[:, 1].std():.3f} "
                    f"| {wins}/{ties}/{losses} | {values[:, 2].mean():.2f} |"
                )
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 seeds, 1000 samples")
    parser.add_argument("--n-jobs", type=int, default=2)
    args = parser.parse_args()
    n_seeds, n_samples = (2, 1000) if args.quick else (10, 2000)
    start = time.perf_counter()
    rows = run(n_seeds, n_samples, n_jobs=args.n_jobs)
    header = (
        f"{n_seeds} seeds, {n_samples} samples (half for training), 3 classes "
        f"(80/15/5 %); mean ± sd over seeds; tie = |Δ| <= {TIE}; "
        f"run time {time.perf_counter() - start:.0f} s."
    )
    lines = [header, "", *table(rows)]
    save_report(
        "adaptive_methods_quick" if args.quick else "adaptive_methods", "\n".join(lines)
    )


if __name__ == "__main__":
    main()
