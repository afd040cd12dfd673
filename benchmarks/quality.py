"""Quality benchmark: which imbalance correction works for which model.

Tasks (``_tasks.py``): every data set is shipped with scikit-learn or
generated (nothing is downloaded). A task is (data set, imbalance factor,
seed): the data set is split 50/50, stratified; the training half is
subsampled with ``make_long_tailed``. Two task families, ``_tasks.TASKS``:

* **binary**: two-class data sets (breast cancer, digits even-vs-odd and 0-4 vs 5-9,
  ``make_classification`` problems of three difficulties) at imbalance ratios
  from 3 to 50;
* **long-tailed**: multi-class data sets (digits, blobs,
  ``make_classification`` with 5 classes) at imbalance factors 10 to 100.

Protocols (this script). The SAME fitted model is scored on two test sets
drawn from the test half, so a protocol costs no extra fit:

* **balanced test**: every class subsampled to the size of the smallest one;
* **natural-prior test**: every class subsampled to its size in the training
  half, so the test set has the training set's long tail: what a user whose
  data keeps its prior faces.

Methods are the rows of ``_methods.METHODS`` (add one with ``add_method``
there); bases are ``_tasks.BASES``: a standardised ``LogisticRegression`` and
a ``HistGradientBoostingClassifier``. The reference is
``class_weight="balanced"`` on the same base.

Reported per base, task family and protocol: mean balanced accuracy and
macro-F1, their difference to the reference (Δ), win/tie/loss against it (tie:
|Δ| <= 0.005), and the cost ratio: fit time over the reference's fit time on
the same task, geometric mean over tasks. Writes
``benchmarks/results/<stem>.md`` and ``.png`` (stem ``quality``,
``quality_quick`` with ``--quick``, or ``--output``), and the raw rows to
``benchmarks/results/<stem>.json``, saved as jobs finish: ``--render`` rewrites
the report from one or several such files without refitting.

Usage, from the repository root::

    python -m benchmarks.quality --list                # the rows and bases
    python -m benchmarks.quality --quick --n-jobs 1    # 4 tasks, 1 seed: a smoke test
    python -m benchmarks.quality --n-jobs 2            # full run, 3 seeds
    python -m benchmarks.quality --group adaptive      # adds the focal / difficulty rows
    # a subset: two rows (and the reference) with one base, saved apart
    python -m benchmarks.quality --methods "LogitAdjustedClassifier(tau=1)" SMOTE \\
        --bases HistGradientBoosting --output quality_part5
    # merge saved runs (later files replace the same rows of earlier ones) and
    # rewrite the README's results table from them
    python -m benchmarks.quality --render benchmarks/results/quality_part1.json \\
        benchmarks/results/quality_part5.json --output quality --readme
"""

import argparse
import json
import re
import time
import warnings
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed
from sklearn.metrics import balanced_accuracy_score, f1_score

from . import _report
from ._methods import CV_F1_METHOD, CV_METHOD, METHODS, REFERENCE, groups
from ._report import RESULTS, command_line, pyplot, save_report
from ._tasks import BASES, QUICK_TASKS, SEEDS, TASKS, long_tailed_split

TIE = 0.005
PROTOCOLS = ["balanced test", "natural-prior test"]
README = Path(__file__).resolve().parent.parent / "README.md"


def _base_free(method):
    return method in METHODS and METHODS[method].base_free


# --- one task ----------------------------------------------------------------


def _test_sets(y_train, X_test, y_test, seed):
    """Row indices of the balanced and the natural-prior test sets."""
    rng = np.random.default_rng(seed)
    classes, train_counts = np.unique(y_train, return_counts=True)
    test_rows = [np.flatnonzero(y_test == c) for c in classes]
    n_balanced = min(rows.size for rows in test_rows)
    balanced = [rng.choice(rows, n_balanced, replace=False) for rows in test_rows]
    natural = [
        rng.choice(rows, min(n, rows.size), replace=False)
        for rows, n in zip(test_rows, train_counts)
    ]
    return {
        "balanced test": np.sort(np.concatenate(balanced)),
        "natural-prior test": np.sort(np.concatenate(natural)),
    }


def make_task(dataset, imbalance_factor, seed):
    """Training half (long-tailed) and the two test sets of one task."""
    X_train, X_test, y_train, y_test = long_tailed_split(
        dataset, imbalance_factor, seed
    )
    tests = {
        protocol: (X_test[rows], y_test[rows])
        for protocol, rows in _test_sets(y_train, X_test, y_test, seed).items()
    }
    return X_train, y_train, tests


def _selected(model):
    """What a tuner chose: its best parameters and, if it has one, its shift."""
    params = getattr(model, "best_params_", None)
    if params is None:
        return ""
    params = dict(params)
    if hasattr(model, "best_tau_"):
        params["tau"] = model.best_tau_
    return ", ".join(f"{k}={v}" for k, v in sorted(params.items()))


def run_job(family, dataset, factor, seed, base_name, methods):
    """Fit each of ``methods`` on one task with one base; score both test sets.

    Returns the result rows and the CPU time the job used.
    """
    from threadpoolctl import threadpool_limits

    cpu_start = time.process_time()
    X_train, y_train, tests = make_task(dataset, factor, seed)
    base = BASES[base_name]()
    rows = []
    for method in methods:
        row = {
            "family": family,
            "dataset": dataset,
            "factor": factor,
            "seed": seed,
            "base": base_name,
            "method": method,
            "fit_time": np.nan,
            "selected": "",
        }
        model = METHODS[method].make(base)
        with warnings.catch_warnings(), threadpool_limits(1):
            warnings.simplefilter("ignore")
            start = time.perf_counter()
            try:
                model.fit(X_train, y_train)
            except ValueError:
                # e.g. out-of-fold weighters need 2 samples of every class:
                # the method cannot run on this task; the table says so.
                rows.append(row)
                continue
            row["fit_time"] = time.perf_counter() - start
            row["selected"] = _selected(model)
            for protocol, (X_test, y_test) in tests.items():
                y_pred = model.predict(X_test)
                row[f"{protocol}: balanced_accuracy"] = balanced_accuracy_score(
                    y_test, y_pred
                )
                row[f"{protocol}: macro_f1"] = f1_score(y_test, y_pred, average="macro")
        rows.append(row)
    return rows, time.process_time() - cpu_start


# --- summary -----------------------------------------------------------------

METRICS = {"balanced_accuracy": "balanced accuracy", "macro_f1": "macro-F1"}


def _score(row, protocol, metric):
    return row[f"{protocol}: {metric}"]


def _rows_for(rows, base, family, method):
    """{task: row} of ``method`` with ``base`` on ``family`` tasks."""
    found = {}
    for r in rows:
        if r["family"] != family or r["method"] != method:
            continue
        if r["base"] != base and not _base_free(method):
            continue
        found[r["dataset"], r["factor"], r["seed"]] = r
    return found


def summarize(rows, base, family, protocol, methods):
    """Per method: means, Δ vs the reference, W/T/L and the cost ratio."""
    reference = _rows_for(rows, base, family, REFERENCE)
    tasks = sorted(reference)
    summary = {}
    for method in methods:
        found = _rows_for(rows, base, family, method)
        if not found:
            continue
        ran = [t for t in tasks if t in found and not np.isnan(found[t]["fit_time"])]
        entry = {"n_ran": len(ran), "n_tasks": len(tasks)}
        for metric in METRICS:
            score = np.array([_score(found[t], protocol, metric) for t in ran])
            ref = np.array([_score(reference[t], protocol, metric) for t in ran])
            diff = score - ref
            entry[metric] = score.mean() if ran else np.nan
            entry[metric, "diff"] = diff.mean() if ran else np.nan
            entry[metric, "wtl"] = (
                int((diff > TIE).sum()),
                int((abs(diff) <= TIE).sum()),
                int((diff < -TIE).sum()),
            )
        # Fit times compare within one run (one machine load): a row's
        # reference is the one fitted in the same run.
        same_run = {
            (r.get("run", 0), t): r
            for r in rows
            if r["method"] == REFERENCE
            and (r["base"] == base)
            and r["family"] == family
            for t in [(r["dataset"], r["factor"], r["seed"])]
        }
        ratios = [
            found[t]["fit_time"]
            / same_run.get((found[t].get("run", 0), t), reference[t])["fit_time"]
            for t in ran
        ]
        entry["cost_ratio"] = float(np.exp(np.mean(np.log(ratios)))) if ran else np.nan
        entry["fit_time"] = float(np.mean([found[t]["fit_time"] for t in ran]))
        summary[method] = entry
    return summary, len(tasks)


def _wtl(values):
    return "/".join(map(str, values))


def format_tables(summaries):
    lines = []
    for (base, family, protocol), (summary, n_tasks) in summaries.items():
        lines += [
            f"### {base}, {family} tasks, {protocol} ({n_tasks} tasks)",
            "",
            "| method | balanced accuracy | Δ | W/T/L | macro-F1 | Δ | W/T/L "
            "| cost ratio | fit time (s) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for method, s in summary.items():
            name = method
            if s["n_ran"] < s["n_tasks"]:
                name += f" (ran on {s['n_ran']}/{s['n_tasks']} tasks)"
            cells = [name]
            for metric in METRICS:
                cells += [
                    f"{s[metric]:.4f}",
                    f"{s[metric, 'diff']:+.4f}",
                    _wtl(s[metric, "wtl"]),
                ]
            cells += [f"{s['cost_ratio']:.1f}", f"{s['fit_time']:.3f}"]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return lines


SHORT_BASES = {"LogisticRegression": "LR", "HistGradientBoosting": "HGB"}


def delta_table(summaries, columns, protocol, metric, methods, labels=None):
    """Markdown rows: the reference's mean, every other row's Δ, per column.

    ``columns`` are (base, family) pairs; ``labels`` renames rows and, given,
    puts the best Δ of each column in bold.
    """
    cells = {}
    for method in methods:
        for column in columns:
            s = summaries[(*column, protocol)][0].get(method)
            if s is not None:
                cells[method, column] = (
                    s[metric] if method == REFERENCE else s[metric, "diff"]
                )
    best = {
        column: max(
            (v for (m, c), v in cells.items() if c == column and m != REFERENCE),
            default=None,
        )
        for column in columns
    }
    head = "| method | " + " | ".join(
        f"{SHORT_BASES.get(b, b)} {f}" for b, f in columns
    )
    lines = [head + " |", "|---|" + "---:|" * len(columns)]
    for method in methods:
        row = []
        for column in columns:
            value = cells.get((method, column))
            if value is None:
                row.append("")
            elif method == REFERENCE:
                row.append(f"{value:.3f}")
            elif labels is not None and value == best[column]:
                row.append(f"**{value:+.3f}**")
            else:
                row.append(f"{value:+.3f}")
        name = method if labels is None else labels[method]
        lines.append(f"| {name} | " + " | ".join(row) + " |")
    return lines


def format_headline(summaries, bases, families, methods):
    """One table per (protocol, metric): Δ per base and family; then the costs."""
    columns = [(b, f) for b in bases for f in families]
    lines = []
    for protocol, metric in [
        ("balanced test", "balanced_accuracy"),
        ("natural-prior test", "balanced_accuracy"),
        ("balanced test", "macro_f1"),
        ("natural-prior test", "macro_f1"),
    ]:
        lines += [
            f"**Δ {METRICS[metric]} vs {REFERENCE}, {protocol}** "
            "(the reference's row: its mean)",
            "",
            *delta_table(summaries, columns, protocol, metric, methods),
            "",
        ]
    head = "| method | " + " | ".join(
        f"{SHORT_BASES.get(b, b)} {f}" for b, f in columns
    )
    lines += [
        f"**Cost ratio**: fit time / {REFERENCE} fit time on the same task, "
        "geometric mean over tasks",
        "",
        head + " |",
        "|---|" + "---:|" * len(columns),
    ]
    for method in methods:
        cells = []
        for b, f in columns:
            s = summaries[b, f, PROTOCOLS[0]][0].get(method)
            cells.append("" if s is None else f"{s['cost_ratio']:.1f}")
        lines.append(f"| {method} | " + " | ".join(cells) + " |")
    return lines + [""]


#: The guide page "Which correction for which model" includes this file of
#: the results folder.
GUIDE_TABLES = "quality_guide.rst"


def format_guide_tables(summaries, bases, families, methods):
    """The guide's tables as reStructuredText: Δ (W/T/L) per column, and costs.

    Written next to ``quality.md`` by every report, and included by
    ``doc/user_guide/14_which_correction.rst``, so the page quotes the last
    run instead of a copy made by hand.
    """
    columns = [(b, f) for b in bases for f in families]
    head = ["   * - method"] + [
        f"     - {SHORT_BASES.get(b, b)} {f}" for b, f in columns
    ]
    lines = [
        ".. This file is written by benchmarks/quality.py; do not edit it.",
        "",
    ]
    tables = [
        (
            "balanced_accuracy",
            "balanced test",
            "Δ balanced accuracy (W/T/L), balanced test",
        ),
        (
            "balanced_accuracy",
            "natural-prior test",
            "Δ balanced accuracy (W/T/L), natural-prior test",
        ),
        ("macro_f1", "natural-prior test", "Δ macro-F1 (W/T/L), natural-prior test"),
        (
            "cost",
            "balanced test",
            "Cost ratio: fit time over the balanced fit's (geometric mean)",
        ),
    ]
    for metric, protocol, title in tables:
        lines += [
            f".. list-table:: {title}; ``{REFERENCE}``: its mean",
            "   :header-rows: 1",
            "   :stub-columns: 1",
            "",
            *head,
        ]
        for method in methods:
            cells = []
            for base, family in columns:
                s = summaries[(base, family, protocol)][0].get(method)
                if s is None:
                    cells.append("")
                elif metric == "cost":
                    cells.append(f"{s['cost_ratio']:.1f}")
                elif method == REFERENCE:
                    cells.append(f"{s[metric]:.3f}")
                else:
                    cells.append(f"{s[metric, 'diff']:+.3f} ({_wtl(s[metric, 'wtl'])})")
            lines.append(f"   * - ``{method}``")
            lines += [f"     - {cell}" for cell in cells]
        lines.append("")
    return lines


def format_checks(rows, bases, families):
    """Issue 16's targets for the tuner, pooled over the task families."""
    lines = ["**The tuner against its targets** (all tasks pooled):", ""]
    for base in bases:
        for protocol in PROTOCOLS:
            pooled = {}
            for family in families:
                for method in (REFERENCE, CV_METHOD, CV_F1_METHOD):
                    for task, r in _rows_for(rows, base, family, method).items():
                        pooled.setdefault(method, {})[family, task] = r
            ref = pooled.get(REFERENCE, {})
            for method, metric in [
                (CV_METHOD, "balanced_accuracy"),
                (CV_F1_METHOD, "macro_f1"),
            ]:
                found = pooled.get(method, {})
                keys = [
                    k for k in ref if k in found and not np.isnan(found[k]["fit_time"])
                ]
                if not keys:
                    continue
                diff = np.array(
                    [
                        _score(found[k], protocol, metric)
                        - _score(ref[k], protocol, metric)
                        for k in keys
                    ]
                )
                wtl = (
                    (diff > TIE).sum(),
                    (abs(diff) <= TIE).sum(),
                    (diff < -TIE).sum(),
                )
                lines.append(
                    f"- {base}, {protocol}: {method} Δ {METRICS[metric]} "
                    f"{diff.mean():+.4f} over {len(keys)} tasks (W/T/L {_wtl(wtl)})"
                )
    return lines + [""]


def format_selections(rows):
    selections = {}
    for r in rows:
        if r["method"].startswith(CV_METHOD) and r["selected"]:
            key = (r["base"], r["family"], r["method"], r["selected"])
            selections[key] = selections.get(key, 0) + 1
    return (
        ["**Candidates the tuners selected** (tasks):", ""]
        + [
            f"- {base}, {family}, {method}: `{selected}` x{n}"
            for (base, family, method, selected), n in sorted(selections.items())
        ]
        + [""]
    )


def plot(summaries, bases, families, methods, path):
    plt = pyplot()

    fig, axes = plt.subplots(
        len(PROTOCOLS),
        len(bases),
        figsize=(7 * len(bases), 4.5 * len(PROTOCOLS)),
        squeeze=False,
    )
    height = 0.8 / len(families)
    for i, protocol in enumerate(PROTOCOLS):
        for j, base in enumerate(bases):
            ax = axes[i, j]
            shown = [
                m
                for m in methods
                if m != REFERENCE
                and any(m in summaries[base, f, protocol][0] for f in families)
            ]
            for k, family in enumerate(families):
                summary = summaries[base, family, protocol][0]
                diffs = [
                    summary[m]["balanced_accuracy", "diff"] if m in summary else 0.0
                    for m in shown
                ]
                ax.barh(
                    np.arange(len(shown)) + k * height,
                    diffs,
                    height=height,
                    label=family,
                )
            ax.set_yticks(np.arange(len(shown)) + height * (len(families) - 1) / 2)
            ax.set_yticklabels(shown)
            ax.axvline(0, color="black", linewidth=0.8)
            ax.set_title(f"{base}, {protocol}")
            ax.set_xlabel(f"Δ balanced accuracy vs {REFERENCE}")
            ax.invert_yaxis()
            ax.legend(loc="best", fontsize="small")
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def _job_cost(job):
    """Rough cost order: HGB before LR, continuous features before digits."""
    family, dataset, factor, seed, base = job
    cheap = dataset.startswith(("digits", "breast_cancer", "wine"))
    return (base == "HistGradientBoosting", not cheap, -factor)


def list_methods():
    """The ``--list`` text: every row, its group and where it runs."""
    lines = [f"bases: {', '.join(BASES)}", "", "methods (group: where):"]
    for name, method in METHODS.items():
        where = []
        if method.families is not None:
            where.append("families " + ", ".join(sorted(method.families)))
        if method.bases is not None:
            where.append("bases " + ", ".join(sorted(method.bases)))
        if method.base_free:
            where.append("its own model, once per task")
        if not method.available():
            where.append(f"unavailable: needs {method.requires}")
        lines.append(
            f"  {name!r} ({method.group}{': ' if where else ''}{'; '.join(where)})"
        )
    return "\n".join(lines)


def select_methods(parser, names, added_groups):
    """Rows to run: ``names`` (default: the default group), the rows of
    ``added_groups``, and always the reference; registry order."""
    if names:
        unknown = set(names) - set(METHODS)
        if unknown:
            parser.error(
                f"unknown methods {sorted(unknown)}; choose from {list(METHODS)} "
                "(or add one in benchmarks/_methods.py)"
            )
        chosen = set(names)
    else:
        chosen = {m for m, method in METHODS.items() if method.group == "default"}
    chosen |= {m for m, method in METHODS.items() if method.group in added_groups}
    chosen.add(REFERENCE)
    missing = sorted(m for m in chosen if not METHODS[m].available())
    for name in missing:
        print(f"left out {name!r}: it needs {METHODS[name].requires}, not installed")
    return [m for m in METHODS if m in chosen and m not in missing]


def job_methods(methods, family, base, bases, skipped):
    """The rows one (task, base) job fits."""
    return [
        m
        for m in methods
        if METHODS[m].runs_on(family, base)
        and (base, m) not in skipped
        and (not METHODS[m].base_free or base == bases[0])
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.quality",
        description=__doc__.splitlines()[0],
        epilog="Rows are registered in benchmarks/_methods.py (add_method); "
        "tasks and bases in benchmarks/_tasks.py.",
    )
    parser.add_argument("--list", action="store_true", help="list rows and bases")
    parser.add_argument("--quick", action="store_true", help="4 tasks, 1 seed")
    parser.add_argument("--n-jobs", type=int, default=2, help="jobs run in parallel")
    parser.add_argument(
        "--seeds", type=int, nargs="+", default=None, help=f"default {SEEDS}"
    )
    parser.add_argument("--verbose", action="store_true", help="report each job")
    parser.add_argument("--output", default=None, help="name stem of the result files")
    parser.add_argument(
        "--methods",
        nargs="+",
        default=None,
        metavar="METHOD",
        help="run these rows only, of any group (the reference "
        f"{REFERENCE} is always run); default: the rows of group 'default'",
    )
    parser.add_argument(
        "--group",
        nargs="+",
        default=[],
        choices=groups(),
        help="also run every row of these groups",
    )
    parser.add_argument(
        "--adaptive", action="store_true", help="the same as --group adaptive"
    )
    parser.add_argument("--bases", nargs="+", default=list(BASES), choices=list(BASES))
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="BASE:METHOD",
        help="leave out one (base, method) row, e.g. to fit a run in a time budget",
    )
    parser.add_argument(
        "--render",
        nargs="+",
        default=None,
        metavar="JSON",
        help="re-render the report of saved runs (results/<stem>.json) without "
        "fitting; rows of a later run replace the same rows of an earlier one",
    )
    parser.add_argument(
        "--readme",
        action="store_true",
        help="also rewrite the results table of README.md from this report",
    )
    args = parser.parse_args(argv)
    command = command_line("quality", argv)
    if args.list:
        print(list_methods())
        return
    if args.render:
        runs = [json.loads(Path(path).read_text()) for path in args.render]
        run = combine(runs)
        if len(runs) > 1:
            run["render_command"] = command
        report(run, args.output or Path(args.render[0]).stem, readme=args.readme)
        return

    skipped = set()
    for item in args.skip:
        base, _, method = item.partition(":")
        if base not in BASES or method not in METHODS:
            parser.error(f"--skip {item!r}: expected BASE:METHOD of --list")
        skipped.add((base, method))
    added_groups = set(args.group) | ({"adaptive"} if args.adaptive else set())
    methods = select_methods(parser, args.methods, added_groups)
    task_lists = QUICK_TASKS if args.quick else TASKS
    seeds = args.seeds or ([0] if args.quick else SEEDS)
    stem = args.output or ("quality_quick" if args.quick else "quality")
    bases = args.bases

    # Seed by seed (every task of a seed before the next seed), costly jobs
    # first within a seed; the rows are saved as jobs finish, so a run cut
    # short still leaves its completed seeds to ``--render``.
    jobs = sorted(
        (
            (family, dataset, factor, seed, base)
            for family, pairs in task_lists.items()
            for dataset, factor in pairs
            for seed in seeds
            for base in bases
        ),
        key=lambda job: (-job[3], _job_cost(job)),
        reverse=True,
    )
    run = {
        "command": command,
        "elapsed": 0.0,
        "cpu_time": 0.0,
        "n_jobs": args.n_jobs,
        "jobs_done": 0,
        "jobs_total": len(jobs),
        "seeds": seeds,
        "bases": bases,
        "tasks": task_lists,
        "methods": methods,
        "rows": [],
    }
    RESULTS.mkdir(exist_ok=True)
    start = time.perf_counter()
    for rows, cpu_time in Parallel(
        n_jobs=args.n_jobs,
        verbose=10 if args.verbose else 0,
        return_as="generator_unordered",
    )(
        delayed(run_job)(f, d, k, s, b, job_methods(methods, f, b, bases, skipped))
        for f, d, k, s, b in jobs
    ):
        run["rows"] += rows
        run["cpu_time"] += cpu_time
        run["jobs_done"] += 1
        run["elapsed"] = time.perf_counter() - start
        # The raw rows, so the report can be re-rendered without refitting.
        (RESULTS / f"{stem}.json").write_text(json.dumps(run, default=float))
    report(run, stem, readme=args.readme)


def combine(runs):
    """One run from several: later rows replace earlier (base, task, method) rows."""
    if len(runs) == 1:
        return runs[0]
    merged = {**runs[0], "parts": runs, "rows": [], "methods": []}
    latest = {}  # so that every table and list counts each row once
    for index, run in enumerate(runs):
        for row in run["rows"]:
            key = tuple(
                row[name]
                for name in ("base", "family", "dataset", "factor", "seed", "method")
            )
            latest[key] = {**row, "run": index}
        merged["methods"] += [m for m in run["methods"] if m not in merged["methods"]]
    merged["rows"] = list(latest.values())
    order = list(METHODS)
    merged["methods"].sort(key=lambda m: order.index(m) if m in order else len(order))
    return merged


def _command_text(command):
    """The command a saved run names; runs saved before the benchmarks became a
    package stored only the arguments of ``python benchmarks/quality.py``."""
    if command.startswith("python "):
        return command
    return "python benchmarks/quality.py" + (" " + command if command else "")


#: The README's results table: these rows, under these labels (a label starts
#: with the row's name, so the table can be checked against quality.md).
README_ROWS = {
    REFERENCE: '`class_weight="balanced"` (mean)',
    "unweighted": "unweighted",
    "LogitAdjustedClassifier(tau=1)": "`LogitAdjustedClassifier(tau=1)`",
    CV_METHOD: "`WeightedClassifierCV` (defaults)",
    "SMOTE": "SMOTE (imbalanced-learn)",
    "BalancedRandomForest": "BalancedRandomForest (imbalanced-learn, its own forest)",
}
README_BEGIN = "<!-- results:quality (python -m benchmarks.quality ... --readme) -->"
README_END = "<!-- /results:quality -->"


def update_readme(summaries, bases, families):
    """Replace the table between the README's results markers; the best Δ of
    each column is in bold."""
    columns = [(b, f) for b in bases for f in families]
    methods = [m for m in README_ROWS if any(m in s for s, _ in summaries.values())]
    table = delta_table(
        summaries, columns, PROTOCOLS[0], "balanced_accuracy", methods, README_ROWS
    )
    path = README
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(
        re.escape(README_BEGIN) + r"\n.*?" + re.escape(README_END), re.S
    )
    if not pattern.search(text):
        raise SystemExit(f"{path} has no {README_BEGIN} ... {README_END} block")
    block = "\n".join([README_BEGIN, *table, README_END])
    path.write_text(pattern.sub(lambda _: block, text), encoding="utf-8")
    print(f"rewrote the results table of {path}")


def report(run, stem, readme=False):
    """Write ``results/<stem>.md`` and ``.png`` from the rows of one run."""
    rows, bases, methods = run["rows"], run["bases"], run["methods"]
    families = list(run["tasks"])
    summaries = {
        (base, family, protocol): summarize(rows, base, family, protocol, methods)
        for base in bases
        for family in families
        for protocol in PROTOCOLS
    }
    task_text = "; ".join(
        f"{family}: " + ", ".join(f"{d} x{k}" for d, k in pairs)
        for family, pairs in run["tasks"].items()
    )
    lines = []
    for part in run.get("parts", [run]):
        partial = ""
        if part["jobs_done"] < part["jobs_total"]:
            partial = (
                f" **Partial run: {part['jobs_done']} of {part['jobs_total']} "
                "jobs (task x base) finished; the tables count the tasks that "
                "ran.**"
            )
        lines += [
            f"Command: `{_command_text(part['command'])}`"
            f" (methods: {', '.join(part['methods'])}).",
            "",
            f"Run time {part['elapsed']:.0f} s with {part['n_jobs']} parallel jobs "
            f"({part['cpu_time']:.0f} s of CPU time in the jobs).{partial}",
            "",
        ]
    if "parts" in run:
        lines.append(
            f"Combined by `{run.get('render_command', '--render ...')}`: rows of a "
            "later command replace the same rows of an earlier one; each cost "
            "ratio compares fit times within one command.\n"
        )
    header = [
        "# Quality benchmark: which correction for which model",
        "",
        *lines,
        f"Seeds {run['seeds']}; tie = |Δ| <= {TIE}; bases {', '.join(bases)}. "
        f"Tasks (data set x imbalance factor), for every seed: {task_text}.",
        "",
        "Δ and W/T/L are against "
        f"{REFERENCE} on the same base and task; the cost ratio is fit time over "
        "that reference's fit time on the same task (geometric mean over tasks). "
        "Both test sets are scored with the same fitted model.",
        "",
    ]
    text = "\n".join(
        header
        + ["## Headline", ""]
        + format_headline(summaries, bases, families, methods)
        + format_checks(rows, bases, families)
        + ["## Per base, task family and protocol", ""]
        + format_tables(summaries)
        + format_selections(rows)
    )
    save_report(
        stem, text, lambda path: plot(summaries, bases, families, methods, path)
    )
    if stem == "quality":  # the combined report, which the guide quotes
        (_report.RESULTS / GUIDE_TABLES).write_text(
            "\n".join(format_guide_tables(summaries, bases, families, methods)),
            encoding="utf-8",
        )
    if readme:
        update_readme(summaries, bases, families)


if __name__ == "__main__":
    main()
