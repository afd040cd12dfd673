"""Adaptive weighters (focal, difficulty) against INS on the quality benchmark's tasks.

Rows: the default ``FocalWeighter()`` and ``DifficultyWeighter()`` inside
``WeightedClassifier`` (the ``adaptive`` group of ``_methods.METHODS``, which
``python -m benchmarks.quality --group adaptive`` also runs), and, on request,
the same weighters without their cap.

Protocol: the long-tailed tasks of ``_tasks.py`` (``LONG_TAILED_DATASETS`` at
``LONG_TAILED_FACTORS``, with ``BASES``): each data set is split 50/50,
stratified; the training half is subsampled to a long tail with
``make_long_tailed``; every method is fitted on the long-tailed half and scored
on the test half, which keeps its original class shares. Each (data set,
imbalance factor, seed) is one task.

Reported per base, over all tasks and over the multi-class and the binary
ones: mean balanced accuracy, its difference to INS (``ClassBalancedWeighter()``,
the base weights the adaptive weighters start from), the win / tie / loss
count against INS (tie: |difference| <= 0.005) and the mean fit time. Writes
``benchmarks/results/adaptive_methods.md``.

Usage::

    python -m benchmarks.adaptive_methods           # 6 data sets x 3 factors x 2 seeds
    python -m benchmarks.adaptive_methods --quick   # 2 data sets, 1 seed
    # the uncapped weighters, saved to results/adaptive_methods_uncapped.md:
    python -m benchmarks.adaptive_methods --output adaptive_methods_uncapped \\
        --methods "FocalWeighter(max_ratio=None)" "DifficultyWeighter(max_ratio=None)"
"""

import argparse
import time
import warnings

import numpy as np
from joblib import Parallel, delayed
from sklearn.metrics import balanced_accuracy_score
from threadpoolctl import threadpool_limits

from sklearn_classweight import DifficultyWeighter, FocalWeighter, WeightedClassifier

from ._methods import METHODS, weighted
from ._report import command_line, save_report
from ._tasks import BASES, LONG_TAILED_DATASETS, LONG_TAILED_FACTORS, long_tailed_split

TIE = 0.005
REFERENCE = "INS"

#: Rows this benchmark can run (``--methods``; by default the reference and
#: the ``adaptive`` rows of ``_methods``), among them the weighters without
#: the cap (``max_ratio=None``). Uncapped, DifficultyWeighter is the previous
#: default formulation; FocalWeighter still keeps each class's total (the
#: previous default also moved weight between classes).
DEFAULT_ROWS = [name for name, method in METHODS.items() if method.group == "adaptive"]
ROWS = {
    REFERENCE: lambda base: WeightedClassifier(base),
    **{name: METHODS[name].make for name in DEFAULT_ROWS},
    "FocalWeighter(max_ratio=None)": weighted(FocalWeighter(max_ratio=None)),
    "DifficultyWeighter(max_ratio=None)": weighted(DifficultyWeighter(max_ratio=None)),
}


def run_task(dataset, imbalance_factor, seed, methods):
    """Fit every (base, method) on one long-tailed task; return result rows."""
    X_train, X_test, y_train, y_test = long_tailed_split(
        dataset, imbalance_factor, seed
    )
    rows = []
    for base_name, make_base in BASES.items():
        for method in methods:
            model = ROWS[method](make_base())
            # One thread per task: the tasks already share the cores.
            with warnings.catch_warnings(), threadpool_limits(1):
                warnings.simplefilter("ignore")
                start = time.perf_counter()
                model.fit(X_train, y_train)
                fit_time = time.perf_counter() - start
                y_pred = model.predict(X_test)
            rows.append(
                {
                    "dataset": dataset,
                    "binary": np.unique(y_test).shape[0] == 2,
                    "task": (dataset, imbalance_factor, seed),
                    "base": base_name,
                    "method": method,
                    "balanced_accuracy": balanced_accuracy_score(y_test, y_pred),
                    "fit_time": fit_time,
                }
            )
    return rows


def summarize(rows, base, methods, keep):
    """Per-method mean, difference to INS and W/T/L over the tasks ``keep`` selects."""
    rows = [r for r in rows if r["base"] == base and keep(r)]
    tasks = sorted({r["task"] for r in rows})
    score = {(r["method"], r["task"]): r["balanced_accuracy"] for r in rows}
    fit_time = {(r["method"], r["task"]): r["fit_time"] for r in rows}
    reference = np.array([score[REFERENCE, t] for t in tasks])
    lines = []
    for method in methods:
        values = np.array([score[method, t] for t in tasks])
        diff = values - reference
        wins, losses = int((diff > TIE).sum()), int((diff < -TIE).sum())
        lines.append(
            f"| {method} | {values.mean():.4f} | {diff.mean():+.4f} "
            f"| {wins}/{len(tasks) - wins - losses}/{losses} "
            f"| {np.mean([fit_time[method, t] for t in tasks]):.3f} |"
        )
    return len(tasks), lines


def format_markdown(rows, bases, methods, header):
    groups = {
        "all tasks": lambda r: True,
        "multi-class": lambda r: not r["binary"],
        "binary": lambda r: r["binary"],
    }
    out = [header, ""]
    for base in bases:
        for group, keep in groups.items():
            n_tasks, lines = summarize(rows, base, methods, keep)
            if not n_tasks:
                continue
            out += [
                f"### {base}, {group} ({n_tasks} tasks)",
                "",
                "| method | balanced accuracy | Δ vs INS | W/T/L vs INS | fit time (s) |",
                "|---|---:|---:|---:|---:|",
                *lines,
                "",
            ]
    return "\n".join(out)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.adaptive_methods",
        description=__doc__.splitlines()[0],
    )
    parser.add_argument("--quick", action="store_true", help="2 data sets, 1 seed")
    parser.add_argument("--n-jobs", type=int, default=2, help="tasks run in parallel")
    parser.add_argument(
        "--methods",
        nargs="+",
        default=None,
        metavar="METHOD",
        help=f"rows to run, from {list(ROWS)} (default: {REFERENCE} and the "
        "defaults; the reference is always run)",
    )
    parser.add_argument("--output", default=None, help="name stem of the result file")
    args = parser.parse_args(argv)
    methods = [REFERENCE, *DEFAULT_ROWS]
    if args.methods:
        unknown = set(args.methods) - set(ROWS)
        if unknown:
            parser.error(f"unknown methods {sorted(unknown)}; choose from {list(ROWS)}")
        methods = [m for m in ROWS if m in args.methods or m == REFERENCE]
    if args.quick:
        datasets, factors, seeds = ["wine", "breast_cancer (binary)"], [10, 100], [0]
        stem = args.output or "adaptive_methods_quick"
    else:
        datasets, factors, seeds = LONG_TAILED_DATASETS, LONG_TAILED_FACTORS, [0, 1]
        stem = args.output or "adaptive_methods"

    start = time.perf_counter()
    chunks = Parallel(n_jobs=args.n_jobs)(
        delayed(run_task)(d, f, s, methods)
        for d in datasets
        for f in factors
        for s in seeds
    )
    elapsed = time.perf_counter() - start
    rows = [row for chunk in chunks for row in chunk]
    command = command_line("adaptive_methods", argv)
    header = (
        f"Long-tailed tasks of benchmarks/_tasks.py: data sets {', '.join(datasets)}; "
        f"imbalance factors {factors}; seeds {seeds}; 50/50 stratified split, "
        f"training half made long-tailed. Balanced accuracy on the test half; "
        f"tie = |Δ| <= {TIE}. Run time {elapsed:.0f} s with {args.n_jobs} jobs "
        f"(`{command}`)."
    )
    save_report(stem, format_markdown(rows, list(BASES), methods, header))


if __name__ == "__main__":
    main()
