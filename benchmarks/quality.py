"""Quality benchmark: class weighting against its alternatives on long-tailed data.

Protocol (Cui et al., 2019): each data set shipped with scikit-learn (nothing is
downloaded) is split 50/50, stratified; the training half is subsampled to a
long tail with ``make_long_tailed`` (imbalance factor 10, 50, 100; random class
order), the test half stays as it was (balanced for most sets). Every method
is fitted on the long-tailed half and scored on the test half; each
(data set, imbalance factor, seed) is one task.

Methods are a registry, ``METHODS``: name -> factory(base_estimator) ->
estimator, so a row is added with one line. Bases are ``BASES``: a
standardised ``LogisticRegression`` and a ``HistGradientBoostingClassifier``.

Reported per base: mean balanced accuracy, macro-F1, tail recall (mean recall
of the rarest third of the training classes; the minority class for binary
sets), mean rank on balanced accuracy, win/tie/loss against
``class_weight="balanced"`` on balanced accuracy (tie: |difference| < 0.005),
and mean fit time. Writes ``benchmarks/results/quality.md`` and
``benchmarks/results/quality.png``.

Usage::

    python benchmarks/quality.py           # full run, 36 tasks
    python benchmarks/quality.py --quick   # 2 data sets, 1 seed, under a minute
"""

import argparse
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
from sklearn.metrics import balanced_accuracy_score, f1_score, recall_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

# Benchmark the checkout this script lives in, installed or not.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sklearn_classweight import (  # noqa: E402
    ClassBalancedWeighter,
    WeightedClassifier,
    WeightedClassifierCV,
)
from sklearn_classweight.datasets import make_long_tailed  # noqa: E402

TIE = 0.005


# --- data ------------------------------------------------------------------


def _classification_multiclass():
    return make_classification(
        n_samples=2000,
        n_features=20,
        n_informative=8,
        n_classes=5,
        n_clusters_per_class=2,
        class_sep=1.0,
        random_state=0,
    )


def _classification_binary():
    return make_classification(
        n_samples=2000,
        n_features=20,
        n_informative=6,
        class_sep=0.8,
        random_state=1,
    )


def _blobs():
    return make_blobs(
        n_samples=1500, n_features=8, centers=6, cluster_std=4.0, random_state=0
    )


DATASETS = {
    "digits": lambda: load_digits(return_X_y=True),
    "wine": lambda: load_wine(return_X_y=True),
    "blobs": _blobs,
    "classification-5": _classification_multiclass,
    "breast_cancer (binary)": lambda: load_breast_cancer(return_X_y=True),
    "classification-2 (binary)": _classification_binary,
}


# --- bases and methods -------------------------------------------------------

BASES = {
    "LogisticRegression": lambda: make_pipeline(
        StandardScaler(), LogisticRegression(max_iter=2000)
    ),
    "HistGradientBoosting": lambda: HistGradientBoostingClassifier(
        max_iter=50,
        learning_rate=0.2,
        max_leaf_nodes=15,
        min_samples_leaf=5,
        random_state=0,
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
        base, weighter=ClassBalancedWeighter(scheme, **params)
    )


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


def _resampled(sampler_name):
    def factory(base):
        from imblearn import over_sampling, under_sampling
        from imblearn.pipeline import make_pipeline as make_imb_pipeline

        sampler = {
            "ros": lambda: over_sampling.RandomOverSampler(random_state=0),
            "rus": lambda: under_sampling.RandomUnderSampler(random_state=0),
            "smote": lambda: _SMOTEForTinyClasses(random_state=0),
        }[sampler_name]()
        return make_imb_pipeline(sampler, clone(base))

    return factory


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


METHODS = {
    "unweighted": clone,
    'class_weight="balanced"': _class_weight_balanced,
    "INS": _weighted("ins"),
    "ISNS": _weighted("isns"),
    "ENS beta=0.99": _weighted("ens", beta=0.99),
    "ENS beta=0.999": _weighted("ens", beta=0.999),
    "WeightedClassifierCV": lambda base: WeightedClassifierCV(base, random_state=0),
    "WeightedClassifierCV (macro-F1)": lambda base: WeightedClassifierCV(
        base, scoring="macro_f1", random_state=0
    ),
    "grid search, best mean (selection='best')": lambda base: WeightedClassifierCV(
        base, selection="best", random_state=0
    ),
}

IMBLEARN_METHODS = {
    "RandomOverSampler": _resampled("ros"),
    "RandomUnderSampler": _resampled("rus"),
    "SMOTE": _resampled("smote"),
    "BalancedRandomForest": _balanced_random_forest,
}

try:
    import imblearn  # noqa: F401

    METHODS.update(IMBLEARN_METHODS)
except ImportError:  # pragma: no cover - optional comparison
    pass

# Issue 8's adaptive weighters (focal, difficulty): opt-in with --adaptive,
# each fit cross-validates the base to get out-of-fold predictions.
from _report import pyplot, save_report  # noqa: E402
from adaptive_methods import ADAPTIVE_METHODS  # noqa: E402

#: Rows run on some bases only, to keep the full run near 10 minutes.
ONLY_BASES = {
    "grid search, best mean (selection='best')": {"LogisticRegression"},
}

REFERENCE = 'class_weight="balanced"'
CV_METHOD = "WeightedClassifierCV"


# --- one task ------------------------------------------------------------------


def run_task(dataset, imbalance_factor, seed, bases, methods):
    """Fit every (base, method) on one long-tailed task; return result rows."""
    from threadpoolctl import threadpool_limits

    X, y = DATASETS[dataset]()
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.5, stratify=y, random_state=seed
    )
    X_train, y_train = make_long_tailed(
        X_train, y_train, imbalance_factor=imbalance_factor, random_state=seed
    )
    classes, counts = np.unique(y_train, return_counts=True)
    n_tail = max(1, len(classes) // 3)
    tail = classes[np.argsort(counts, kind="stable")[:n_tail]]
    rows = []
    for base_name in bases:
        base = BASES[base_name]()
        for method in methods:
            if base_name not in ONLY_BASES.get(method, {base_name}):
                continue
            model = METHODS[method](base)
            with warnings.catch_warnings(), threadpool_limits(1):
                warnings.simplefilter("ignore")
                start = time.perf_counter()
                try:
                    model.fit(X_train, y_train)
                except ValueError:
                    # e.g. out-of-fold weighters need 2 samples of every class:
                    # the method cannot run on this task; the table says so.
                    rows.append(
                        {
                            "dataset": dataset,
                            "factor": imbalance_factor,
                            "seed": seed,
                            "base": base_name,
                            "method": method,
                            "balanced_accuracy": np.nan,
                            "macro_f1": np.nan,
                            "tail_recall": np.nan,
                            "fit_time": np.nan,
                            "selected": "",
                        }
                    )
                    continue
                fit_time = time.perf_counter() - start
                y_pred = model.predict(X_test)
            rows.append(
                {
                    "dataset": dataset,
                    "factor": imbalance_factor,
                    "seed": seed,
                    "base": base_name,
                    "method": method,
                    "balanced_accuracy": balanced_accuracy_score(y_test, y_pred),
                    "macro_f1": f1_score(y_test, y_pred, average="macro"),
                    "tail_recall": recall_score(
                        y_test, y_pred, labels=tail, average="macro", zero_division=0
                    ),
                    "fit_time": fit_time,
                    "selected": str(getattr(model, "best_params_", "")),
                }
            )
    return rows


# --- summary -----------------------------------------------------------------


def summarize(rows, base, methods):
    """Per-method means, mean rank and win/tie/loss against the reference."""
    methods = [m for m in methods if base in ONLY_BASES.get(m, {base})]
    tasks = sorted(
        {(r["dataset"], r["factor"], r["seed"]) for r in rows if r["base"] == base}
    )
    table = {m: {t: None for t in tasks} for m in methods}
    for r in rows:
        if r["base"] == base:
            table[r["method"]][(r["dataset"], r["factor"], r["seed"])] = r
    score = np.array(
        [[table[m][t]["balanced_accuracy"] for t in tasks] for m in methods]
    )
    # Rank 1 is best; ties share the mean rank.
    from scipy.stats import rankdata

    # A method that could not run on a task ranks last there.
    ranks = np.apply_along_axis(
        lambda col: rankdata(-np.nan_to_num(col, nan=-1.0)), 0, score
    )
    reference = score[methods.index(REFERENCE)]
    summary = {}
    for i, m in enumerate(methods):
        diff = score[i] - reference
        ran = ~np.isnan(diff)
        diff = diff[ran]
        name = m if ran.all() else f"{m} (ran on {ran.sum()}/{len(tasks)} tasks)"
        summary[name] = {
            "balanced_accuracy": np.nanmean(score[i]),
            "macro_f1": np.nanmean([table[m][t]["macro_f1"] for t in tasks]),
            "tail_recall": np.nanmean([table[m][t]["tail_recall"] for t in tasks]),
            "mean_rank": ranks[i].mean(),
            "wtl": (
                int((diff > TIE).sum()),
                int((abs(diff) <= TIE).sum()),
                int((diff < -TIE).sum()),
            ),
            "diff": diff.mean() if diff.size else np.nan,
            "fit_time": np.nanmean([table[m][t]["fit_time"] for t in tasks]),
        }
    return summary, len(tasks)


def format_markdown(summaries, n_tasks, header):
    lines = [header, ""]
    for base, summary in summaries.items():
        lines += [
            f"### {base} ({n_tasks[base]} tasks)",
            "",
            "| method | balanced accuracy | Δ vs balanced | macro-F1 | tail recall "
            "| mean rank | W/T/L vs balanced | fit time (s) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for method, s in summary.items():
            w, t, l_ = s["wtl"]
            lines.append(
                f"| {method} | {s['balanced_accuracy']:.4f} | {s['diff']:+.4f} | "
                f"{s['macro_f1']:.4f} | {s['tail_recall']:.4f} | {s['mean_rank']:.2f} | "
                f"{w}/{t}/{l_} | {s['fit_time']:.3f} |"
            )
        lines.append("")
    return "\n".join(lines)


def headline(summaries):
    lines = []
    for base, summary in summaries.items():
        ref = summary[REFERENCE]
        cv = summary.get(CV_METHOD)
        f1 = summary.get(CV_METHOD + " (macro-F1)")
        parts = []
        if cv is not None:
            parts.append(
                f"WeightedClassifierCV balanced accuracy {cv['balanced_accuracy']:.4f} "
                f"vs class_weight='balanced' {ref['balanced_accuracy']:.4f} "
                f"(difference {cv['diff']:+.4f}, W/T/L {'/'.join(map(str, cv['wtl']))})"
            )
        if f1 is not None:
            parts.append(
                f"scored on macro-F1: macro-F1 {f1['macro_f1']:.4f} vs "
                f"{ref['macro_f1']:.4f} ({f1['macro_f1'] - ref['macro_f1']:+.4f})"
            )
        lines.append(f"{base}: " + "; ".join(parts))
    return lines


def plot(summaries, path):
    plt = pyplot()

    fig, axes = plt.subplots(
        1,
        len(summaries),
        figsize=(6.5 * len(summaries), 5),
        sharey=False,
        squeeze=False,
    )
    for ax, (base, summary) in zip(axes[0], summaries.items()):
        methods = list(summary)
        diffs = [summary[m]["diff"] for m in methods]
        colors = ["tab:green" if d >= -0.002 else "tab:red" for d in diffs]
        ax.barh(methods, diffs, color=colors)
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_title(base)
        ax.set_xlabel('mean balanced accuracy − class_weight="balanced"')
        ax.invert_yaxis()
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 data sets, 1 seed")
    parser.add_argument("--n-jobs", type=int, default=2, help="tasks run in parallel")
    parser.add_argument("--verbose", action="store_true", help="report each task")
    parser.add_argument("--output", default=None, help="name stem of the result files")
    parser.add_argument(
        "--adaptive",
        action="store_true",
        help="add the adaptive weighters (focal, difficulty) of adaptive_methods.py",
    )
    parser.add_argument(
        "--seeds-per-base",
        default=None,
        metavar="BASE=S1,S2",
        help="run BASE on these seeds only, e.g. HistGradientBoosting=0 to halve its cost",
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
    args = parser.parse_args(argv)
    for skipped in args.skip:
        base, method = skipped.split(":", 1)
        ONLY_BASES[method] = set(ONLY_BASES.get(method, BASES)) - {base}
    if args.adaptive:
        METHODS.update(ADAPTIVE_METHODS)

    if args.quick:
        datasets, factors, seeds = ["wine", "breast_cancer (binary)"], [10, 100], [0]
        stem = args.output or "quality_quick"
    else:
        datasets, factors, seeds = list(DATASETS), [10, 50, 100], [0, 1]
        stem = args.output or "quality"
    methods, bases = list(METHODS), args.bases
    if args.methods:
        unknown = set(args.methods) - set(METHODS)
        if unknown:
            parser.error(
                f"unknown methods {sorted(unknown)}; choose from {list(METHODS)}"
            )
        methods = [m for m in METHODS if m in args.methods or m == REFERENCE]
    base_seeds = {base: seeds for base in bases}
    if args.seeds_per_base:
        name, values = args.seeds_per_base.split("=")
        base_seeds[name] = [int(v) for v in values.split(",")]
    tasks = [(d, f, s) for d in datasets for f in factors for s in seeds]
    start = time.perf_counter()
    chunks = Parallel(n_jobs=args.n_jobs, verbose=10 if args.verbose else 0)(
        delayed(run_task)(d, f, s, [b for b in bases if s in base_seeds[b]], methods)
        for d, f, s in tasks
    )
    elapsed = time.perf_counter() - start
    rows = [row for chunk in chunks for row in chunk]

    summaries, n_tasks = {}, {}
    for base in bases:
        summaries[base], n_tasks[base] = summarize(rows, base, methods)
    seeds_text = "; ".join(f"{b} seeds {base_seeds[b]}" for b in bases)
    header = (
        f"Long-tailed tasks: data sets {', '.join(datasets)}; imbalance factors "
        f"{factors}; {seeds_text}; tie = |Δ| <= {TIE}. Run time {elapsed:.0f} s "
        f"(`python benchmarks/quality.py {' '.join(argv if argv is not None else sys.argv[1:])}`)."
    )
    markdown = format_markdown(summaries, n_tasks, header)
    lines = headline(summaries)
    markdown += "\n**Headline.** " + " ".join(lines) + "\n"
    selections = {}
    for r in rows:
        if r["method"].startswith(CV_METHOD):
            key = (r["base"], r["method"], r["selected"])
            selections[key] = selections.get(key, 0) + 1
    markdown += (
        "\n**Candidates selected** (tasks):\n\n"
        + "\n".join(
            f"- {base}, {method}: `{selected}` x{n}"
            for (base, method, selected), n in sorted(selections.items())
        )
        + "\n"
    )
    save_report(stem, markdown, lambda path: plot(summaries, path))


if __name__ == "__main__":
    main()
