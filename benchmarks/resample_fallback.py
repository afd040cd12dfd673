"""What ``fallback="resample"`` buys and costs for estimators without sample_weight.

For k-nearest neighbours, linear and quadratic discriminant analysis (none
takes ``sample_weight``) on generated imbalanced problems, compares the
estimator as is with ``WeightedClassifier(estimator, fallback="resample")``
(INS weights: every class gets the same share of the bootstrap), and, for
reference, imbalanced-learn's ``RandomOverSampler`` when installed.

Each problem is split 50/50, stratified. Reported: balanced accuracy of
``predict`` (mean over data seeds), its standard deviation over 10
``random_state`` values of the bootstrap (the randomness the fallback adds),
recall of the rarest class, and fit time. Writes
``benchmarks/results/resample_fallback.md`` and
``benchmarks/results/resample_fallback.png``.

Usage::

    python -m benchmarks.resample_fallback           # 2 problems x 3 seeds
    python -m benchmarks.resample_fallback --quick   # 1 problem, 1 seed
"""

import argparse
import time

import numpy as np
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.discriminant_analysis import (
    LinearDiscriminantAnalysis,
    QuadraticDiscriminantAnalysis,
)
from sklearn.metrics import balanced_accuracy_score, recall_score
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from sklearn_classweight import WeightedClassifier

from ._report import command_line, pyplot, save_report

BOOTSTRAP_SEEDS = range(10)

PROBLEMS = {
    "binary, weights [.95, .05]": [0.95],
    "4 classes, weights [.80, .12, .05, .03]": [0.80, 0.12, 0.05, 0.03],
}

ESTIMATORS = {
    "KNeighbors": lambda: make_pipeline(StandardScaler(), KNeighborsClassifier()),
    "LinearDiscriminant": LinearDiscriminantAnalysis,
    "QuadraticDiscriminant": lambda: QuadraticDiscriminantAnalysis(reg_param=0.1),
}


def _random_over_sampler(estimator, seed):
    from imblearn.over_sampling import RandomOverSampler
    from imblearn.pipeline import make_pipeline as make_imblearn_pipeline

    return make_imblearn_pipeline(RandomOverSampler(random_state=seed), estimator)


def make_problem(name, seed):
    weights = PROBLEMS[name]
    X, y = make_classification(
        n_samples=6000,
        n_features=10,
        n_informative=5,
        n_redundant=2,
        n_classes=max(2, len(weights)),
        weights=weights,
        class_sep=0.8,
        random_state=seed,
    )
    return train_test_split(X, y, test_size=0.5, stratify=y, random_state=seed)


def score(model, X_train, X_test, y_train, y_test, rare):
    start = time.perf_counter()
    model.fit(X_train, y_train)
    fit_time = time.perf_counter() - start
    y_pred = model.predict(X_test)
    return (
        balanced_accuracy_score(y_test, y_pred),
        recall_score(y_test, y_pred, labels=[rare], average="macro"),
        fit_time,
    )


def run(problems, data_seeds):
    try:
        import imblearn  # noqa: F401

        methods = ["as is", "fallback='resample'", "RandomOverSampler"]
    except ImportError:
        print("imbalanced-learn is not installed: no RandomOverSampler row.")
        methods = ["as is", "fallback='resample'"]
    rows = []
    for problem in problems:
        for data_seed in data_seeds:
            X_train, X_test, y_train, y_test = make_problem(problem, data_seed)
            rare = np.argmin(np.bincount(y_train))
            for name, make_estimator in ESTIMATORS.items():
                for method in methods:
                    seeds = [0] if method == "as is" else BOOTSTRAP_SEEDS
                    results = []
                    for seed in seeds:
                        if method == "as is":
                            model = make_estimator()
                        elif method == "RandomOverSampler":
                            model = _random_over_sampler(make_estimator(), seed)
                        else:
                            model = WeightedClassifier(
                                make_estimator(), fallback="resample", random_state=seed
                            )
                        results.append(
                            score(clone(model), X_train, X_test, y_train, y_test, rare)
                        )
                    bacc, rare_recall, fit_time = np.array(results).T
                    rows.append(
                        {
                            "problem": problem,
                            "estimator": name,
                            "method": method,
                            "balanced_accuracy": bacc.mean(),
                            "seed_std": bacc.std(),
                            "rare_recall": rare_recall.mean(),
                            "fit_time": fit_time.mean(),
                        }
                    )
    return rows, methods


def format_markdown(rows, problems, methods, data_seeds, elapsed):
    lines = [
        f"Generated problems (6000 samples, 50/50 stratified split), data seeds "
        f"{list(data_seeds)}; resampling methods averaged over random_state "
        f"{list(BOOTSTRAP_SEEDS)[0]}..{list(BOOTSTRAP_SEEDS)[-1]}. 'std over "
        "random_state' is the spread of balanced accuracy across bootstrap seeds "
        f"(mean over data seeds). Run time {elapsed:.0f} s.",
        "",
    ]
    for problem in problems:
        lines += [f"### {problem}", ""]
        lines.append(
            "| estimator | method | balanced accuracy | std over random_state | "
            "rare-class recall | fit time (s) |"
        )
        lines.append("|---|---|---:|---:|---:|---:|")
        for name in ESTIMATORS:
            for method in methods:
                selected = [
                    r
                    for r in rows
                    if (r["problem"], r["estimator"], r["method"])
                    == (problem, name, method)
                ]

                def mean(key, rows=selected):
                    return np.mean([r[key] for r in rows])

                lines.append(
                    f"| {name} | {method} | {mean('balanced_accuracy'):.3f} | "
                    f"{mean('seed_std'):.3f} | {mean('rare_recall'):.3f} | "
                    f"{mean('fit_time'):.4f} |"
                )
        lines.append("")
    return "\n".join(lines)


def plot(rows, problems, methods, path):
    plt = pyplot()

    fig, axes = plt.subplots(
        1, len(problems), figsize=(6 * len(problems), 3.8), squeeze=False
    )
    width = 0.8 / len(methods)
    for ax, problem in zip(axes[0], problems):
        for i, method in enumerate(methods):
            values, errors = [], []
            for name in ESTIMATORS:
                selected = [
                    r
                    for r in rows
                    if (r["problem"], r["estimator"], r["method"])
                    == (problem, name, method)
                ]
                values.append(np.mean([r["balanced_accuracy"] for r in selected]))
                errors.append(np.mean([r["seed_std"] for r in selected]))
            positions = np.arange(len(ESTIMATORS)) + i * width
            ax.bar(positions, values, width, yerr=errors, label=method, capsize=3)
        ax.set_xticks(np.arange(len(ESTIMATORS)) + width * (len(methods) - 1) / 2)
        ax.set_xticklabels(list(ESTIMATORS), fontsize=8)
        ax.set_ylim(0.4, 1.0)
        ax.set_ylabel("balanced accuracy")
        ax.set_title(problem, fontsize=9)
    axes[0, 0].legend(fontsize=8, loc="lower left")
    fig.tight_layout()
    fig.savefig(path, dpi=70)
    plt.close(fig)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.resample_fallback",
        description=__doc__.splitlines()[0],
    )
    parser.add_argument("--quick", action="store_true", help="1 problem, 1 data seed")
    parser.add_argument("--threads", type=int, default=1, help="threads per fit")
    parser.add_argument("--output", default=None, help="name stem of the result files")
    args = parser.parse_args(argv)
    if args.quick:
        problems, data_seeds = list(PROBLEMS)[:1], [0]
        stem = args.output or "resample_fallback_quick"
    else:
        problems, data_seeds = list(PROBLEMS), [0, 1, 2]
        stem = args.output or "resample_fallback"

    start = time.perf_counter()
    with threadpool_limits(limits=args.threads):
        rows, methods = run(problems, data_seeds)
    markdown = format_markdown(
        rows, problems, methods, data_seeds, time.perf_counter() - start
    )
    save_report(
        stem,
        markdown,
        lambda path: plot(rows, problems, methods, path),
        command=command_line("resample_fallback", argv),
    )


if __name__ == "__main__":
    main()
