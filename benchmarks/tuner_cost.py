"""Cost of the default WeightedClassifierCV, in fits of one balanced model.

On the long-tailed tasks of ``_tasks.py`` (``LONG_TAILED_DATASETS`` at
``LONG_TAILED_FACTORS``, with ``BASES``; split 50/50 stratified, the training
half made long-tailed by ``make_long_tailed``), this script
times, for each base, one ``class_weight="balanced"`` fit and one fit of the
default ``WeightedClassifierCV(base)`` on the same training half, side by side
(one thread each, fastest of ``--repeats`` runs), and reports their ratio:
geometric mean over the tasks, with its range. It also prints, as a sanity
check only, the balanced accuracy of both on the held-out half and what the
tuner selected (``quality.py`` is the quality benchmark).

Usage::

    python -m benchmarks.tuner_cost           # 6 data sets x 3 factors, seed 0
    python -m benchmarks.tuner_cost --quick   # 2 data sets, factors 10 and 100
"""

import argparse
import time
import warnings
from collections import Counter

import numpy as np
from sklearn.base import clone
from sklearn.metrics import balanced_accuracy_score

from sklearn_classweight import WeightedClassifierCV

from ._methods import class_weight_balanced
from ._report import command_line, save_report
from ._tasks import BASES, LONG_TAILED_DATASETS, LONG_TAILED_FACTORS, long_tailed_split

TIE = 0.005
#: Issue 20's budget for the default tuner, in balanced fits of the same base
#: (geometric mean over the tasks).
BUDGET = {"LogisticRegression": 20.0, "HistGradientBoosting": 6.0}


def fastest_fit(make_model, X, y, repeats):
    """The fitted model of the last run, and the fastest of ``repeats`` fit times."""
    times = []
    for _ in range(repeats):
        model = make_model()
        start = time.perf_counter()
        model.fit(X, y)
        times.append(time.perf_counter() - start)
    return model, min(times)


def run_task(dataset, factor, seed, base_name, repeats):
    from threadpoolctl import threadpool_limits

    X_train, X_test, y_train, y_test = long_tailed_split(dataset, factor, seed)
    base = BASES[base_name]()
    with warnings.catch_warnings(), threadpool_limits(1):
        warnings.simplefilter("ignore")
        reference, reference_time = fastest_fit(
            lambda: class_weight_balanced(base), X_train, y_train, repeats
        )
        tuner, tuner_time = fastest_fit(
            lambda: WeightedClassifierCV(clone(base)), X_train, y_train, repeats
        )
        scores = [
            balanced_accuracy_score(y_test, model.predict(X_test))
            for model in (reference, tuner)
        ]
    return {
        "task": f"{dataset}, factor {factor}",
        "n_train": len(y_train),
        "reference_time": reference_time,
        "tuner_time": tuner_time,
        "ratio": tuner_time / reference_time,
        "reference_score": scores[0],
        "tuner_score": scores[1],
        "selected": (
            f"{tuner.pair_results_['candidate_name'][tuner.best_pair_index_]}, "
            f"tau={tuner.best_tau_:g}"
        ),
    }


def geometric_mean(values):
    return float(np.exp(np.mean(np.log(values))))


def report(results, command):
    lines = [
        f"Command: `{command}`",
        "",
        "Cost of the default `WeightedClassifierCV(base)` against one "
        '`class_weight="balanced"` fit of the same base, on the long-tailed '
        "tasks of `benchmarks/_tasks.py` (one thread each, fastest of the "
        "repeats). Budget (issue 20): the geometric mean at most "
        + ", ".join(f"{b} {x:g}x" for b, x in BUDGET.items())
        + ".",
        "",
        "| base | tasks | ratio, geometric mean | budget | ratio, range | "
        "balanced fit, median s | tuner fit, median s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for base_name, rows in results.items():
        ratios = [row["ratio"] for row in rows]
        mean_ratio = geometric_mean(ratios)
        budget = BUDGET.get(base_name)
        verdict = (
            ""
            if budget is None
            else f"{budget:g}x, {'met' if mean_ratio <= budget else 'missed'}"
        )
        lines.append(
            f"| {base_name} | {len(rows)} | {mean_ratio:.1f}x | {verdict} | "
            f"{min(ratios):.1f}x to {max(ratios):.1f}x | "
            f"{np.median([row['reference_time'] for row in rows]):.3f} | "
            f"{np.median([row['tuner_time'] for row in rows]):.3f} |"
        )
    lines += [
        "",
        "Sanity check only (one seed; `benchmarks/quality.py` is the quality "
        "benchmark): "
        "balanced accuracy on the held-out half, tuner minus balanced, "
        f"W/T/L with ties at |difference| <= {TIE}, and what the tuner chose.",
        "",
        "| base | mean difference | W/T/L | selected (candidate, tau): tasks |",
        "|---|---:|---:|---|",
    ]
    for base_name, rows in results.items():
        diffs = np.array([row["tuner_score"] - row["reference_score"] for row in rows])
        wtl = (
            f"{(diffs > TIE).sum()}/{(abs(diffs) <= TIE).sum()}/{(diffs < -TIE).sum()}"
        )
        chosen = Counter(row["selected"] for row in rows).most_common()
        chosen = "; ".join(f"{name}: {count}" for name, count in chosen)
        lines.append(f"| {base_name} | {diffs.mean():+.4f} | {wtl} | {chosen} |")
    lines += ["", "Per task:", ""]
    lines += [
        "| base | task | n_train | balanced fit s | tuner fit s | ratio | "
        "balanced acc. (balanced / tuner) | selected |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for base_name, rows in results.items():
        for row in rows:
            lines.append(
                f"| {base_name} | {row['task']} | {row['n_train']} | "
                f"{row['reference_time']:.3f} | {row['tuner_time']:.3f} | "
                f"{row['ratio']:.1f}x | {row['reference_score']:.3f} / "
                f"{row['tuner_score']:.3f} | {row['selected']} |"
            )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.tuner_cost", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--quick", action="store_true", help="2 data sets, 2 factors")
    parser.add_argument("--repeats", type=int, default=3, help="fits per timing")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.quick:
        datasets, factors = ["wine", "breast_cancer (binary)"], [10, 100]
    else:
        datasets, factors = LONG_TAILED_DATASETS, LONG_TAILED_FACTORS
    # Sequential on purpose: parallel timings would measure each other.
    results = {
        base_name: [
            run_task(dataset, factor, args.seed, base_name, args.repeats)
            for dataset in datasets
            for factor in factors
        ]
        for base_name in BASES
    }
    command = command_line("tuner_cost", argv)
    save_report(
        "tuner_cost_quick" if args.quick else "tuner_cost",
        report(results, command),
    )


if __name__ == "__main__":
    main()
