"""Quality benchmark: which imbalance correction works for which model.

Tasks. Every data set is shipped with scikit-learn or generated (nothing is
downloaded). A task is (data set, imbalance factor, seed): the data set is split
50/50, stratified; the training half is subsampled with ``make_long_tailed``
(largest / smallest class = the factor, random class order). Two task
families:

* **binary**: two-class data sets (breast cancer, digits even-vs-odd and 0-4 vs 5-9,
  ``make_classification`` problems of three difficulties) at imbalance ratios
  from 3 to 50;
* **long-tailed**: multi-class data sets (digits, blobs,
  ``make_classification`` with 5 classes) at imbalance factors 10 to 100.
  (``wine`` stays in ``DATASETS`` for other scripts; with 33 training rows
  it is too small for HistGradientBoosting's default leaves.)

Protocols. The SAME fitted model is scored on two test sets drawn from the
test half, so a protocol costs no extra fit:

* **balanced test**: every class subsampled to the size of the smallest one;
* **natural-prior test**: every class subsampled to its size in the training
  half, so the test set has the training set's long tail: what a user whose
  data keeps its prior faces.

Methods are a registry, ``METHODS``: name -> factory(base_estimator) ->
estimator, so a row is added with one line. Bases are ``BASES``: a
standardised ``LogisticRegression`` and a ``HistGradientBoostingClassifier``.
The reference is ``class_weight="balanced"`` on the same base.

Reported per base, task family and protocol: mean balanced accuracy and
macro-F1, their difference to the reference (Δ), win/tie/loss against it (tie:
|Δ| <= 0.005), and the cost ratio: fit time over the reference's fit time on
the same task, geometric mean over tasks. Writes
``benchmarks/results/quality.md`` and ``benchmarks/results/quality.png``
(``quality_quick.*`` with ``--quick``), and the raw rows to
``benchmarks/results/quality.json``: ``--render`` rewrites the report from them
without refitting.

Usage::

    python benchmarks/quality.py --n-jobs 2   # full run, 3 seeds
    python benchmarks/quality.py --quick      # 4 tasks, 1 seed: a smoke test
    python benchmarks/quality.py --adaptive   # adds the focal / difficulty rows
"""

import argparse
import json
import shlex
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed
from sklearn.base import BaseEstimator, clone
from sklearn.datasets import (
    load_breast_cancer,
    load_digits,
    load_wine,
    make_blobs,
    make_classification,
)
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score, f1_score
from sklearn.model_selection import TunedThresholdClassifierCV, train_test_split
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

# Benchmark the checkout this script lives in, installed or not.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sklearn_classweight import (  # noqa: E402
    ClassBalancedWeighter,
    LogitAdjustedClassifier,
    WeightedClassifier,
    WeightedClassifierCV,
)
from sklearn_classweight.datasets import make_long_tailed  # noqa: E402

TIE = 0.005


# --- data --------------------------------------------------------------------


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
#: imbalance comes from subsampling its training half.
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

#: family -> [(data set, imbalance factor)], run for every seed.
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
PROTOCOLS = ["balanced test", "natural-prior test"]


# --- bases and methods -------------------------------------------------------

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


def _last_step(estimator):
    while isinstance(estimator, Pipeline):
        estimator = estimator.steps[-1][1]
    return estimator


def _class_weight_balanced(base):
    model = clone(base)
    _last_step(model).set_params(class_weight="balanced")
    return model


def _weighted(scheme, **params):
    return lambda base: WeightedClassifier(
        clone(base), weighter=ClassBalancedWeighter(scheme, **params)
    )


def _tuner(**params):
    """The tuner as a user gets it: its public constructor, its defaults."""
    return lambda base: WeightedClassifierCV(clone(base), **params)


class _SMOTEForTinyClasses(BaseEstimator):
    """SMOTE with ``k_neighbors`` capped by the smallest class.

    Classes with a single sample are first duplicated (SMOTE needs two),
    so SMOTE can run on every long-tailed task.
    """

    def __init__(self, random_state=0):
        self.random_state = random_state

    def fit_resample(self, X, y):
        from imblearn.over_sampling import SMOTE, RandomOverSampler

        classes, counts = np.unique(y, return_counts=True)
        singletons = {c: 2 for c, n in zip(classes, counts) if n < 2}
        if singletons:
            X, y = RandomOverSampler(
                sampling_strategy=singletons, random_state=self.random_state
            ).fit_resample(X, y)
        k_neighbors = min(5, int(np.unique(y, return_counts=True)[1].min()) - 1)
        return SMOTE(
            k_neighbors=k_neighbors, random_state=self.random_state
        ).fit_resample(X, y)


def _smote(base):
    from imblearn.pipeline import make_pipeline as make_imb_pipeline

    return make_imb_pipeline(_SMOTEForTinyClasses(random_state=0), clone(base))


def _balanced_random_forest(base):
    from imblearn.ensemble import BalancedRandomForestClassifier

    return BalancedRandomForestClassifier(
        n_estimators=100,
        sampling_strategy="all",
        replacement=True,
        bootstrap=False,
        random_state=0,
        n_jobs=1,
    )


REFERENCE = 'class_weight="balanced"'
CV_METHOD = "WeightedClassifierCV"
CV_F1_METHOD = "WeightedClassifierCV (macro-F1)"

METHODS = {
    "unweighted": clone,
    REFERENCE: _class_weight_balanced,
    "INS (WeightedClassifier)": _weighted("ins"),
    "LogitAdjustedClassifier(tau=1)": lambda base: LogitAdjustedClassifier(
        clone(base), tau=1.0
    ),
    CV_METHOD: _tuner(),
    CV_F1_METHOD: _tuner(scoring="macro_f1"),
    "TunedThresholdClassifierCV": lambda base: TunedThresholdClassifierCV(
        clone(base), scoring="balanced_accuracy"
    ),
}

IMBLEARN_METHODS = {
    "SMOTE": _smote,
    "BalancedRandomForest": _balanced_random_forest,
}

try:
    import imblearn  # noqa: F401

    METHODS.update(IMBLEARN_METHODS)
except ImportError:  # pragma: no cover - optional comparison
    pass

# Issue 8's adaptive weighters (focal, difficulty): opt-in with --adaptive,
# each fit cross-validates the base to get out-of-fold predictions.
from _report import RESULTS, pyplot, save_report  # noqa: E402
from adaptive_methods import ADAPTIVE_METHODS  # noqa: E402

#: Rows run on some task families only (scikit-learn's threshold tuner is
#: binary-only).
ONLY_FAMILIES = {"TunedThresholdClassifierCV": {"binary"}}
#: Rows that ignore the base (their own model): fitted once per task and
#: compared with each base's reference.
BASE_FREE = {"BalancedRandomForest"}
#: Rows run on some bases only (``--skip`` fills it).
ONLY_BASES = {}


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
    X, y = DATASETS[dataset]()
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.5, stratify=y, random_state=seed
    )
    X_train, y_train = make_long_tailed(
        X_train, y_train, imbalance_factor=imbalance_factor, random_state=seed
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


def run_job(family, dataset, factor, seed, base_name, methods, with_base_free):
    """Fit every method on one task with one base; score on both test sets.

    Returns the result rows and the CPU time the job used.
    """
    from threadpoolctl import threadpool_limits

    cpu_start = time.process_time()
    X_train, y_train, tests = make_task(dataset, factor, seed)
    base = BASES[base_name]()
    rows = []
    for method in methods:
        if family not in ONLY_FAMILIES.get(method, {family}):
            continue
        if base_name not in ONLY_BASES.get(method, {base_name}):
            continue
        if method in BASE_FREE and not with_base_free:
            continue
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
        model = METHODS[method](base)
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
        if r["base"] != base and method not in BASE_FREE:
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


def format_headline(summaries, bases, families, methods):
    """One table per (protocol, metric): Δ per base and family; then the costs."""
    columns = [(b, f) for b in bases for f in families]
    short = {"LogisticRegression": "LR", "HistGradientBoosting": "HGB"}
    head = "| method | " + " | ".join(f"{short.get(b, b)} {f}" for b, f in columns)
    rule = "|---|" + "---:|" * len(columns)
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
            head + " |",
            rule,
        ]
        for method in methods:
            cells = []
            for b, f in columns:
                s = summaries[b, f, protocol][0].get(method)
                if s is None:
                    cells.append("")
                elif method == REFERENCE:
                    cells.append(f"{s[metric]:.3f}")
                else:
                    cells.append(f"{s[metric, 'diff']:+.3f}")
            lines.append(f"| {method} | " + " | ".join(cells) + " |")
        lines.append("")
    lines += [
        f"**Cost ratio**: fit time / {REFERENCE} fit time on the same task, "
        "geometric mean over tasks",
        "",
        head + " |",
        rule,
    ]
    for method in methods:
        cells = []
        for b, f in columns:
            s = summaries[b, f, PROTOCOLS[0]][0].get(method)
            cells.append("" if s is None else f"{s['cost_ratio']:.1f}")
        lines.append(f"| {method} | " + " | ".join(cells) + " |")
    return lines + [""]


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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="4 tasks, 1 seed")
    parser.add_argument("--n-jobs", type=int, default=2, help="jobs run in parallel")
    parser.add_argument(
        "--seeds", type=int, nargs="+", default=None, help=f"default {SEEDS}"
    )
    parser.add_argument("--verbose", action="store_true", help="report each job")
    parser.add_argument("--output", default=None, help="name stem of the result files")
    parser.add_argument(
        "--adaptive",
        action="store_true",
        help="add the adaptive weighters (focal, difficulty) of adaptive_methods.py",
    )
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="BASE:METHOD",
        help="leave out one (base, method) row, e.g. to fit a run in a time budget",
    )
    parser.add_argument("--bases", nargs="+", default=list(BASES), choices=list(BASES))
    parser.add_argument(
        "--methods",
        nargs="+",
        default=None,
        metavar="METHOD",
        help=f"run these rows only (the reference {REFERENCE} is always run)",
    )
    parser.add_argument(
        "--render",
        nargs="+",
        default=None,
        metavar="JSON",
        help="re-render the report of saved runs (results/<stem>.json) without "
        "fitting; rows of a later run replace the same rows of an earlier one",
    )
    args = parser.parse_args(argv)
    if args.render:
        runs = [json.loads(Path(path).read_text()) for path in args.render]
        run = combine(runs)
        if len(runs) > 1:
            run["render_command"] = shlex.join(
                argv if argv is not None else sys.argv[1:]
            )
        report(run, args.output or Path(args.render[0]).stem)
        return
    command = shlex.join(argv if argv is not None else sys.argv[1:])
    for skipped in args.skip:
        base, method = skipped.split(":", 1)
        ONLY_BASES[method] = set(ONLY_BASES.get(method, BASES)) - {base}
    if args.adaptive:
        METHODS.update(ADAPTIVE_METHODS)

    task_lists = QUICK_TASKS if args.quick else TASKS
    seeds = args.seeds or ([0] if args.quick else SEEDS)
    stem = args.output or ("quality_quick" if args.quick else "quality")
    methods, bases = list(METHODS), args.bases
    if args.methods:
        unknown = set(args.methods) - set(METHODS)
        if unknown:
            parser.error(
                f"unknown methods {sorted(unknown)}; choose from {list(METHODS)}"
            )
        methods = [m for m in METHODS if m in args.methods or m == REFERENCE]

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
        delayed(run_job)(f, d, k, s, b, methods, with_base_free=b == bases[0])
        for f, d, k, s, b in jobs
    ):
        run["rows"] += rows
        run["cpu_time"] += cpu_time
        run["jobs_done"] += 1
        run["elapsed"] = time.perf_counter() - start
        # The raw rows, so the report can be re-rendered without refitting.
        (RESULTS / f"{stem}.json").write_text(json.dumps(run, default=float))
    report(run, stem)


def combine(runs):
    """One run from several: later rows replace earlier (base, task, method) rows."""
    if len(runs) == 1:
        return runs[0]
    merged = {**runs[0], "parts": runs, "rows": [], "methods": []}
    for index, run in enumerate(runs):
        merged["rows"] += [{**row, "run": index} for row in run["rows"]]
        merged["methods"] += [m for m in run["methods"] if m not in merged["methods"]]
    order = list(METHODS) + list(ADAPTIVE_METHODS)
    merged["methods"].sort(key=lambda m: order.index(m) if m in order else len(order))
    return merged


def report(run, stem):
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
        command = part["command"]
        partial = ""
        if part["jobs_done"] < part["jobs_total"]:
            partial = (
                f" **Partial run: {part['jobs_done']} of {part['jobs_total']} "
                "jobs (task x base) finished; the tables count the tasks that "
                "ran.**"
            )
        lines += [
            f"Command: `python benchmarks/quality.py{' ' + command if command else ''}`"
            f" (methods: {', '.join(part['methods'])}).",
            "",
            f"Run time {part['elapsed']:.0f} s with {part['n_jobs']} parallel jobs "
            f"({part['cpu_time']:.0f} s of CPU time in the jobs).{partial}",
            "",
        ]
    if "parts" in run:
        lines.append(
            "Combined by `python benchmarks/quality.py "
            f"{run.get('render_command', '--render ...')}`: rows of a later "
            "command replace the same rows of an earlier one; each cost ratio "
            "compares fit times within one command.\n"
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


if __name__ == "__main__":
    main()
