"""FocalWeighter's defaults against INS on every table of the quality benchmark.

Issue 20, item 7: ``FocalWeighter()`` with its defaults must be within 0.005
balanced accuracy of INS (``ClassBalancedWeighter()``, the weights it starts
from) on every table of ``benchmarks/quality.py``: both bases
(LogisticRegression, HistGradientBoosting), both task families (binary,
long-tailed) and both test sets (balanced, natural-prior). This script runs
those tasks (``quality.py``'s ``TASKS``, ``BASES``, ``make_task``) for INS,
focal weighters and ``DifficultyWeighter()``, and reports per table the mean
difference to INS, win/tie/loss (tie: |Δ| <= 0.005) and whether the target
(Δ >= -0.005) is met.

Shared folds. Every weighter here starts from INS, with ``n_iter=1`` and the
default folds, so its out-of-fold models are the same five INS-weighted fits
of the base: they are fitted once per (task, base) and their predictions
replayed into every weighter (``predict`` for ``DifficultyWeighter`` is the
argmax of the replayed ``predict_proba``, as it is for both bases). The
weights are the library's own computation; only the fold fits are shared, so
a candidate costs one fit per task. ``--check`` compares replayed and freshly
computed weights on the first task before running. Fit times are therefore
not reported (``benchmarks/results/adaptive_methods.md`` has the real cost).

Usage::

    python -m benchmarks.focal_defaults --check          # 3 seeds, default rows
    python -m benchmarks.focal_defaults --quick          # 4 tasks, 1 seed
    python -m benchmarks.focal_defaults --seeds 0 --focal 1,1.5 --focal 0.5,2
"""

import argparse
import json
import time
import warnings
from pathlib import Path

import numpy as np
from numpy.testing import assert_allclose
from sklearn.metrics import balanced_accuracy_score, f1_score
from threadpoolctl import threadpool_limits

from sklearn_classweight import (
    ClassBalancedWeighter,
    DifficultyWeighter,
    FocalWeighter,
    WeightedClassifier,
)

from ._report import RESULTS, command_line, save_report
from ._tasks import BASES, QUICK_TASKS, SEEDS, TASKS
from .quality import PROTOCOLS, make_task

TIE = 0.005
TARGET = -0.005
REFERENCE = "INS"
OLD = "FocalWeighter(gamma=2, max_ratio=2) (old default)"

#: name -> unfitted weighter; every one starts from INS with the default folds.
WEIGHTERS = {
    REFERENCE: ClassBalancedWeighter(),
    OLD: FocalWeighter(gamma=2.0, max_ratio=2.0),
    "FocalWeighter() (gamma={gamma:g}, max_ratio={max_ratio:g})".format(
        **FocalWeighter().get_params()
    ): FocalWeighter(),
    "DifficultyWeighter()": DifficultyWeighter(),
}


def _focal_name(gamma, max_ratio):
    return f"FocalWeighter(gamma={gamma:g}, max_ratio={max_ratio:g})"


class _FoldStore:
    """Out-of-fold ``predict_proba`` of one (task, base), computed once."""

    def __init__(self):
        self.proba = None


def _replaying(weighter, store):
    """``weighter`` whose fold predictions come from ``store`` after the first fit."""
    cls = type(weighter)

    class Replayed(cls):
        def _predict_out_of_fold(
            self, estimator, X, y, measured, train_weight, sample_weight, splits
        ):
            if store.proba is None:
                method = self._oof_method
                try:
                    self._oof_method = "predict_proba"
                    store.proba = cls._predict_out_of_fold(
                        self,
                        estimator,
                        X,
                        y,
                        measured,
                        train_weight,
                        sample_weight,
                        splits,
                    )
                finally:
                    self._oof_method = method
            if self._oof_method == "predict_proba":
                return store.proba
            labels = y if measured is None else y[measured]
            return np.unique(labels)[np.argmax(store.proba, axis=1)]

    Replayed.__name__ = Replayed.__qualname__ = cls.__name__
    return Replayed(**weighter.get_params(deep=False))


def run_job(family, dataset, factor, seed, base_name, weighters):
    X_train, y_train, tests = make_task(dataset, factor, seed)
    store = _FoldStore()
    rows = []
    for name, weighter in weighters.items():
        if isinstance(weighter, ClassBalancedWeighter):
            model = WeightedClassifier(BASES[base_name](), weighter)
        else:
            model = WeightedClassifier(BASES[base_name](), _replaying(weighter, store))
        row = {
            "family": family,
            "dataset": dataset,
            "factor": factor,
            "seed": seed,
            "base": base_name,
            "method": name,
        }
        with warnings.catch_warnings(), threadpool_limits(1):
            warnings.simplefilter("ignore")
            start = time.perf_counter()
            model.fit(X_train, y_train)
            row["fit_time"] = time.perf_counter() - start
            for protocol, (X_test, y_test) in tests.items():
                y_pred = model.predict(X_test)
                row[f"{protocol}: balanced_accuracy"] = balanced_accuracy_score(
                    y_test, y_pred
                )
                row[f"{protocol}: macro_f1"] = f1_score(y_test, y_pred, average="macro")
        rows.append(row)
    return rows


def check_replay(weighters):
    """Replayed weights equal freshly computed ones on the first task."""
    pairs = next(iter(TASKS.values()))
    X, y, _ = make_task(*pairs[0], SEEDS[0])
    for make_base in BASES.values():
        store = _FoldStore()
        for weighter in weighters.values():
            if isinstance(weighter, ClassBalancedWeighter):
                continue
            with warnings.catch_warnings(), threadpool_limits(1):
                warnings.simplefilter("ignore")
                fresh = weighter.fit_transform(y, X=X, estimator=make_base())
                replay = _replaying(weighter, store).fit_transform(
                    y, X=X, estimator=make_base()
                )
            assert_allclose(replay, fresh, rtol=1e-10)
    print("replayed fold predictions give the fresh weights")


def summarize(rows, base, family, protocol, methods, metric="balanced_accuracy"):
    key = f"{protocol}: {metric}"
    score = {
        (r["method"], r["dataset"], r["factor"], r["seed"]): r[key]
        for r in rows
        if r["base"] == base and r["family"] == family
    }
    tasks = sorted({k[1:] for k in score if k[0] == REFERENCE})
    reference = np.array([score[(REFERENCE, *t)] for t in tasks])
    out = {}
    for method in methods:
        ran = [t for t in tasks if (method, *t) in score]
        if len(ran) < len(tasks):
            continue
        diff = np.array([score[(method, *t)] for t in tasks]) - reference
        out[method] = {
            "mean": float(np.mean([score[(method, *t)] for t in tasks])),
            "diff": float(diff.mean()),
            "wtl": (
                int((diff > TIE).sum()),
                int((abs(diff) <= TIE).sum()),
                int((diff < -TIE).sum()),
            ),
        }
    return out, len(tasks)


def per_dataset(rows, bases, tasks, methods):
    """Δ vs INS per (data set, factor), mean over seeds: where each row gains."""
    short = {m: m.split(" (")[0] if m.startswith("Focal") else m for m in methods}
    lines = [
        "## Where they gain or lose: Δ balanced accuracy vs INS per data set",
        "",
        "Mean over seeds; balanced test / natural-prior test.",
    ]
    shown = [m for m in methods if m != REFERENCE]
    for base in bases:
        lines += [
            "",
            f"### {base}",
            "",
            "| task | " + " | ".join(short[m] for m in shown) + " |",
            "|---|" + "---:|" * len(shown),
        ]
        for pairs in tasks.values():
            for dataset, factor in pairs:
                found = [
                    r
                    for r in rows
                    if r["base"] == base
                    and r["dataset"] == dataset
                    and r["factor"] == factor
                ]
                cells = []
                for method in shown:
                    diffs = []
                    for protocol in PROTOCOLS:
                        key = f"{protocol}: balanced_accuracy"
                        ref = {
                            r["seed"]: r[key] for r in found if r["method"] == REFERENCE
                        }
                        own = {
                            r["seed"]: r[key] for r in found if r["method"] == method
                        }
                        diffs.append(np.mean([own[k] - ref[k] for k in own]))
                    cells.append(" / ".join(f"{d:+.3f}" for d in diffs))
                lines.append(f"| {dataset} x{factor} | " + " | ".join(cells) + " |")
    return lines


def report(run, stem):
    rows, methods = run["rows"], run["methods"]
    short = {"LogisticRegression": "LR", "HistGradientBoosting": "HGB"}
    tasks = run.get("tasks", TASKS)
    tables = [
        (base, family, protocol)
        for base in run["bases"]
        for family in tasks
        for protocol in PROTOCOLS
    ]
    summaries = {t: summarize(rows, *t, methods) for t in tables}
    seeds = sorted({r["seed"] for r in rows})
    lines = [
        "# FocalWeighter defaults against INS (issue 20, item 7)",
        "",
        f"Command: `{run['command']}`. Run time {run['elapsed']:.0f} s, one job.",
        "",
        f"Tasks of `benchmarks/quality.py` (seeds {seeds}): "
        + "; ".join(
            f"{family}: " + ", ".join(f"{d} x{k}" for d, k in pairs)
            for family, pairs in tasks.items()
        )
        + ". Every weighter starts from INS; the five INS-weighted fold models "
        "are fitted once per task and base and shared (see the script's "
        "docstring). Δ is the mean balanced-accuracy difference to INS on the "
        f"same task; the target is Δ >= {TARGET} on every table.",
        "",
        "## Δ balanced accuracy vs INS per table (target met: ✓)",
        "",
        "| method | "
        + " | ".join(f"{short[b]} {f}, {p.replace(' test', '')}" for b, f, p in tables)
        + " | tables met |",
        "|---|" + "---:|" * (len(tables) + 1),
    ]
    for method in methods:
        if method == REFERENCE:
            continue
        cells, met = [], 0
        for t in tables:
            s = summaries[t][0].get(method)
            if s is None:
                cells.append("")
                continue
            ok = s["diff"] >= TARGET
            met += ok
            cells.append(f"{s['diff']:+.4f} {'✓' if ok else '✗'}")
        lines.append(f"| {method} | " + " | ".join(cells) + f" | {met}/{len(tables)} |")
    lines += ["", *per_dataset(rows, run["bases"], tasks, methods)]
    lines += ["", "## Per table", ""]
    for t, (summary, n_tasks) in summaries.items():
        base, family, protocol = t
        lines += [
            f"### {base}, {family}, {protocol} ({n_tasks} tasks)",
            "",
            "| method | balanced accuracy | Δ vs INS | W/T/L vs INS |",
            "|---|---:|---:|---:|",
        ]
        for method, s in summary.items():
            lines.append(
                f"| {method} | {s['mean']:.4f} | {s['diff']:+.4f} "
                f"| {'/'.join(map(str, s['wtl']))} |"
            )
        lines.append("")
    save_report(stem, "\n".join(lines))


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.focal_defaults",
        description=__doc__.splitlines()[0],
    )
    parser.add_argument("--quick", action="store_true", help="4 tasks, 1 seed")
    parser.add_argument("--seeds", type=int, nargs="+", default=None)
    parser.add_argument("--bases", nargs="+", default=list(BASES), choices=list(BASES))
    parser.add_argument(
        "--families", nargs="+", default=list(TASKS), choices=list(TASKS)
    )
    parser.add_argument(
        "--focal",
        action="append",
        default=[],
        metavar="GAMMA,MAX_RATIO",
        help="add a FocalWeighter(gamma, max_ratio) row",
    )
    parser.add_argument(
        "--only", nargs="+", default=None, help="run only these default rows"
    )
    parser.add_argument("--check", action="store_true", help="verify the replay first")
    parser.add_argument("--output", default=None, help="name stem of the results")
    parser.add_argument(
        "--render", default=None, metavar="JSON", help="re-render saved rows"
    )
    args = parser.parse_args(argv)
    if args.render:
        report(
            json.loads(Path(args.render).read_text()),
            args.output or Path(args.render).stem,
        )
        return
    tasks = {
        f: p
        for f, p in (QUICK_TASKS if args.quick else TASKS).items()
        if f in args.families
    }
    seeds = args.seeds or ([0] if args.quick else SEEDS)
    stem = args.output or ("focal_defaults_quick" if args.quick else "focal_defaults")
    weighters = {
        name: w
        for name, w in WEIGHTERS.items()
        if args.only is None or name in args.only or name == REFERENCE
    }
    for pair in args.focal:
        gamma, max_ratio = (float(v) for v in pair.split(","))
        weighters[_focal_name(gamma, max_ratio)] = FocalWeighter(
            gamma=gamma, max_ratio=max_ratio
        )
    if args.check:
        check_replay(weighters)
    command = command_line("focal_defaults", argv)
    run = {
        "command": command,
        "bases": args.bases,
        "tasks": tasks,
        "methods": list(weighters),
        "rows": [],
        "elapsed": 0,
    }
    start = time.perf_counter()
    jobs = [
        (family, dataset, factor, seed, base)
        for seed in seeds
        for base in args.bases
        for family, pairs in tasks.items()
        for dataset, factor in pairs
    ]
    for i, job in enumerate(jobs):
        run["rows"] += run_job(*job, weighters)
        run["elapsed"] = time.perf_counter() - start
        (RESULTS / f"{stem}.json").write_text(json.dumps(run))
        print(f"[{i + 1}/{len(jobs)}] {job} {run['elapsed']:.0f} s", flush=True)
    report(run, stem)


if __name__ == "__main__":
    main()
