"""Margin models: does the default post-hoc shift do harm where scores are not probabilities?

``LinearSVC``, ``RidgeClassifier`` and ``SVC`` give margins, not
log-probabilities. On the quality benchmark's tasks (``benchmarks._tasks``:
binary and long-tailed, balanced test half), this compares, per base model:

- ``class_weight="balanced"`` on the model itself (the reference);
- ``unweighted``: the model as it is;
- ``raw margin shift``: the margin minus ``log(prior)``, what
  ``LogitAdjustedClassifier`` did before it calibrated margins;
- ``LogitAdjustedClassifier(calibration="temperature")``: one temperature on
  the out-of-fold margins, then the shift;
- ``LogitAdjustedClassifier()``: the default, which calibrates the margins
  (a Platt sigmoid per class on out-of-fold decision values) and then shifts.

It reports the mean balanced accuracy difference to the reference per task
family, W/T/L (ties at |Δ| <= 0.005), and how many fits predicted a single
class for every test row.

Run ``python -m benchmarks.margin_models`` (``--help`` for options); it writes
``benchmarks/results/margin_models.md``.
"""

import argparse
import time

import numpy as np
from scipy.special import log_softmax
from sklearn.base import clone
from sklearn.linear_model import RidgeClassifier
from sklearn.metrics import balanced_accuracy_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC, LinearSVC

from sklearn_classweight import LogitAdjustedClassifier

from ._report import command_line, save_report
from ._tasks import SEEDS, TASKS, long_tailed_split

BASES = {
    "LinearSVC": lambda: make_pipeline(StandardScaler(), LinearSVC()),
    "RidgeClassifier": lambda: make_pipeline(StandardScaler(), RidgeClassifier()),
    "SVC": lambda: make_pipeline(StandardScaler(), SVC()),
}
REFERENCE = 'class_weight="balanced"'
TEMPERATURE = 'LogitAdjustedClassifier(calibration="temperature")'
METHODS = [
    REFERENCE,
    "unweighted",
    "raw margin shift",
    TEMPERATURE,
    "LogitAdjustedClassifier()",
]
TIE = 0.005


def _raw_margin_shift(model, X, y_train):
    """Predictions of ``margin - log(prior)``: the shift without calibration."""
    classes, counts = np.unique(y_train, return_counts=True)
    scores = np.asarray(model.decision_function(X), dtype=np.float64)
    if scores.ndim == 1:
        scores = np.column_stack([np.zeros_like(scores), scores])
    shifted = log_softmax(scores - np.log(counts / counts.sum()), axis=1)
    return classes[np.argmax(shifted, axis=1)]


def run_task(base_name, dataset, factor, seed):
    """Balanced accuracy (and predicted classes) of every method on one task."""
    X_train, X_test, y_train, y_test = long_tailed_split(dataset, factor, seed)
    base = BASES[base_name]()
    rows = {}
    balanced = clone(base).set_params(
        **{f"{base.steps[-1][0]}__class_weight": "balanced"}
    )
    unweighted = clone(base).fit(X_train, y_train)
    predictions = {
        REFERENCE: balanced.fit(X_train, y_train).predict(X_test),
        "unweighted": unweighted.predict(X_test),
        "raw margin shift": _raw_margin_shift(unweighted, X_test, y_train),
        TEMPERATURE: LogitAdjustedClassifier(clone(base), calibration="temperature")
        .fit(X_train, y_train)
        .predict(X_test),
        "LogitAdjustedClassifier()": LogitAdjustedClassifier(clone(base))
        .fit(X_train, y_train)
        .predict(X_test),
    }
    for method, y_pred in predictions.items():
        rows[method] = (
            balanced_accuracy_score(y_test, y_pred),
            len(np.unique(y_pred)) == 1,
        )
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.margin_models", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--seeds", type=int, nargs="+", default=SEEDS, help="seeds (default: 0 1 2)"
    )
    parser.add_argument(
        "--bases", nargs="+", default=list(BASES), choices=list(BASES), help="bases"
    )
    parser.add_argument(
        "--output",
        default="margin_models",
        help="results file stem under benchmarks/results (default: margin_models)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    # results[base][family] -> list of {method: (score, single_class)}
    results = {base: {family: [] for family in TASKS} for base in args.bases}
    for base in args.bases:
        for family, tasks in TASKS.items():
            for dataset, factor in tasks:
                for seed in args.seeds:
                    results[base][family].append(run_task(base, dataset, factor, seed))
        print(f"{base} done at {time.perf_counter() - started:.0f} s", flush=True)

    lines = [
        '# Margin models: the default shift against class_weight="balanced"',
        "",
        f"Run time {time.perf_counter() - started:.0f} s. Seeds {args.seeds}; the "
        "tasks of `benchmarks/_tasks.py` (binary and long-tailed), scored on the "
        "balanced test half. Δ: balanced accuracy minus that of "
        f"{REFERENCE} on the same task (its row: its mean); W/T/L with ties at "
        f"|Δ| <= {TIE}; 'one class': fits that predicted one class for every "
        "test row.",
        "",
        "| base | method | binary Δ | binary W/T/L | long-tailed Δ | "
        "long-tailed W/T/L | one class |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for base in args.bases:
        for method in METHODS:
            cells = []
            single = 0
            for family in TASKS:
                rows = results[base][family]
                reference = np.array([row[REFERENCE][0] for row in rows])
                scores = np.array([row[method][0] for row in rows])
                single += sum(row[method][1] for row in rows)
                if method == REFERENCE:
                    cells += [f"{reference.mean():.3f}", ""]
                    continue
                delta = scores - reference
                wins, losses = int(np.sum(delta > TIE)), int(np.sum(delta < -TIE))
                cells += [
                    f"{delta.mean():+.4f}",
                    f"{wins}/{len(delta) - wins - losses}/{losses}",
                ]
            n_fits = sum(len(results[base][family]) for family in TASKS)
            lines.append(
                f"| {base} | {method} | "
                + " | ".join(cells)
                + f" | {single}/{n_fits} |"
            )
    save_report(
        args.output, "\n".join(lines), command=command_line("margin_models", argv)
    )


if __name__ == "__main__":
    main()
