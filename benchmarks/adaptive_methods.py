"""Focal and difficulty weights vs INS on a hard (overlapping) and an easy problem.

``ADAPTIVE_METHODS`` maps a row name to ``factory(base_estimator) -> estimator``,
the shape of ``benchmarks/quality.py``'s registry. Run ``python
benchmarks/adaptive_methods.py [--quick]`` for a table of balanced accuracy and
macro-F1 on held-out data (mean over seeds).
"""

import argparse

import numpy as np
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score, f1_score
from sklearn.model_selection import train_test_split

from sklearn_classweight import DifficultyWeighter, FocalWeighter, WeightedClassifier

ADAPTIVE_METHODS = {
    "focal (gamma=2)": lambda est: WeightedClassifier(
        clone(est), FocalWeighter(gamma=2.0, random_state=0)
    ),
    "difficulty (tau=1)": lambda est: WeightedClassifier(
        clone(est), DifficultyWeighter(tau=1.0, random_state=0)
    ),
}
METHODS = {"INS": lambda est: WeightedClassifier(clone(est)), **ADAPTIVE_METHODS}
PROBLEMS = {
    "hard (overlapping)": dict(class_sep=0.5, flip_y=0.05),
    "easy (separated)": dict(class_sep=2.0, flip_y=0.0),
}


def run(n_seeds, n_samples):
    rows = []
    for problem, options in PROBLEMS.items():
        scores = {name: [] for name in METHODS}
        for seed in range(n_seeds):
            X, y = make_classification(
                n_samples=n_samples, n_classes=3, n_informative=4,
                weights=[0.8, 0.15], random_state=seed, **options,
            )
            X_tr, X_te, y_tr, y_te = train_test_split(
                X, y, stratify=y, test_size=0.5, random_state=seed
            )
            for name, factory in METHODS.items():
                pred = factory(LogisticRegression()).fit(X_tr, y_tr).predict(X_te)
                scores[name].append(
                    (balanced_accuracy_score(y_te, pred), f1_score(y_te, pred, average="macro"))
                )
        for name, values in scores.items():
            bacc, f1 = np.mean(values, axis=0)
            rows.append((problem, name, bacc, f1))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="3 seeds, 1000 samples")
    args = parser.parse_args()
    n_seeds, n_samples = (3, 1000) if args.quick else (10, 4000)
    print(f"| problem | method | balanced accuracy | macro-F1 |  ({n_seeds} seeds, LogisticRegression)")
    print("|---|---|---:|---:|")
    for problem, name, bacc, f1 in run(n_seeds, n_samples):
        print(f"| {problem} | {name} | {bacc:.3f} | {f1:.3f} |")


if __name__ == "__main__":
    main()
