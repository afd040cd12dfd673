"""Calibration benchmark: what weighting does to predict_proba, and what undoes it.

For LogisticRegression (standardised) and HistGradientBoostingClassifier on
generated imbalanced problems, compares four ways to get probabilities and
decisions:

- ``unweighted``: the base estimator as is;
- ``weighted``: ``WeightedClassifier(base)`` (INS weights, mean-normalised);
- ``weighted + prior_correction``: the same fitted model with
  ``prior_correction=True``: ``p_c ∝ p̂_c / w_c`` (``predict`` unchanged);
- ``logit-adjusted``: ``LogitAdjustedClassifier(base, tau=1)``, its
  ``predict_proba`` (probabilities for balanced classes). Its
  ``estimator_`` is the unweighted model, whose probabilities stay available.

Each problem is split 50/50, stratified, and the test half keeps the training
class distribution, so a calibrated model has mean p(rare) equal to the rare
class's prior. Reported, averaged over seeds: mean predicted probability of
the rarest class, log-loss, multiclass Brier score, expected calibration
error of the rare class (ECE, 10 quantile bins, one-vs-rest) and balanced
accuracy of ``predict``. Writes ``benchmarks/results/calibration.md`` and a
reliability diagram of the rare class (first seed, 10 uniform bins),
``benchmarks/results/calibration.png``.

Usage::

    python -m benchmarks.calibration           # 3 problems x 3 seeds, a few minutes
    python -m benchmarks.calibration --quick   # 2 problems, 1 seed, smaller, about a minute
"""

import argparse
import copy
import time

import numpy as np
from sklearn.base import clone
from sklearn.calibration import calibration_curve
from sklearn.datasets import make_classification
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score, log_loss
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from sklearn_classweight import LogitAdjustedClassifier, WeightedClassifier

from ._report import command_line, pyplot, save_report

PROBLEMS = {
    # (weights of make_classification, n_clusters_per_class): one cluster per
    # class is close to what a linear model can represent; two are not.
    # make_classification flips 1 % of the labels, so the rare priors end up
    # a little above the requested weights; the tables print the actual ones.
    "binary, weights [.967, .033], 1 cluster/class": ([0.967], 1),
    "binary, weights [.967, .033], 2 clusters/class": ([0.967], 2),
    "4 classes, weights [.80, .12, .05, .03]": ([0.80, 0.12, 0.05, 0.03], 1),
}

BASES = {
    "LogisticRegression": lambda: make_pipeline(
        StandardScaler(), LogisticRegression(max_iter=2000)
    ),
    "HistGradientBoosting": lambda: HistGradientBoostingClassifier(
        early_stopping=False, random_state=0
    ),
}

METHODS = ["unweighted", "weighted", "weighted + prior_correction", "logit-adjusted"]


def make_problem(name, seed, n_samples):
    weights, clusters = PROBLEMS[name]
    n_classes = max(2, len(weights))
    X, y = make_classification(
        n_samples=n_samples,
        n_features=10,
        n_informative=5,
        n_redundant=2,
        n_classes=n_classes,
        n_clusters_per_class=clusters,
        weights=weights,
        class_sep=0.8,
        random_state=seed,
    )
    return train_test_split(X, y, test_size=0.5, stratify=y, random_state=seed)


def rare_class_ece(y_rare, p_rare, n_bins=10):
    """Expected calibration error of one class, quantile bins."""
    order = np.argsort(p_rare)
    bins = np.array_split(order, n_bins)
    return sum(
        len(b) * abs(y_rare[b].mean() - p_rare[b].mean()) for b in bins if len(b)
    ) / len(p_rare)


def fitted_models(base, X_train, y_train):
    """The four methods, from two fits: weighted/corrected and unweighted/adjusted."""
    weighted = WeightedClassifier(clone(base)).fit(X_train, y_train)
    # prior_correction only acts at prediction time: the same fit serves both.
    corrected = copy.deepcopy(weighted).set_params(prior_correction=True)
    adjusted = LogitAdjustedClassifier(clone(base), tau=1.0).fit(X_train, y_train)
    return {
        "unweighted": adjusted.estimator_,
        "weighted": weighted,
        "weighted + prior_correction": corrected,
        "logit-adjusted": adjusted,
    }


def run(problems, seeds, n_samples):
    rows, curves = [], {}
    for problem in problems:
        for seed in seeds:
            X_train, X_test, y_train, y_test = make_problem(problem, seed, n_samples)
            rare = np.argmin(np.bincount(y_train))
            prior = np.mean(y_train == rare)
            for base_name, make_base in BASES.items():
                models = fitted_models(make_base(), X_train, y_train)
                for method, model in models.items():
                    proba = model.predict_proba(X_test)
                    onehot = np.eye(proba.shape[1])[y_test]
                    rows.append(
                        {
                            "problem": problem,
                            "seed": seed,
                            "base": base_name,
                            "method": method,
                            "prior": prior,
                            "mean_p_rare": proba[:, rare].mean(),
                            "log_loss": log_loss(y_test, proba),
                            "brier": np.mean(np.sum((proba - onehot) ** 2, axis=1)),
                            "ece_rare": rare_class_ece(y_test == rare, proba[:, rare]),
                            "balanced_accuracy": balanced_accuracy_score(
                                y_test, model.predict(X_test)
                            ),
                        }
                    )
                    if seed == seeds[0]:
                        curves[problem, base_name, method] = calibration_curve(
                            y_test == rare, proba[:, rare], n_bins=10
                        )
    return rows, curves


COLUMNS = [
    ("mean_p_rare", "mean p(rare)", "{:.3f}"),
    ("log_loss", "log-loss", "{:.3f}"),
    ("brier", "Brier", "{:.4f}"),
    ("ece_rare", "ECE (rare)", "{:.4f}"),
    ("balanced_accuracy", "balanced accuracy", "{:.3f}"),
]


def format_markdown(rows, problems, seeds, n_samples, elapsed):
    lines = [
        f"Generated problems ({n_samples} samples, 50/50 stratified split, test half "
        f"keeps the training priors), seeds {seeds}, means over seeds. "
        f"Run time {elapsed:.0f} s.",
        "",
    ]
    for problem in problems:
        prior = np.mean([r["prior"] for r in rows if r["problem"] == problem])
        lines += [f"### {problem} (rare class prior {prior:.3f})", ""]
        lines.append("| base | method | " + " | ".join(c[1] for c in COLUMNS) + " |")
        lines.append("|---|---|" + "---:|" * len(COLUMNS))
        for base in BASES:
            for method in METHODS:
                selected = [
                    r
                    for r in rows
                    if (r["problem"], r["base"], r["method"]) == (problem, base, method)
                ]
                cells = [
                    fmt.format(np.mean([r[key] for r in selected]))
                    for key, _, fmt in COLUMNS
                ]
                lines.append(f"| {base} | {method} | " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def plot(curves, problems, path):
    plt = pyplot()

    fig, axes = plt.subplots(
        len(problems),
        len(BASES),
        figsize=(4.2 * len(BASES), 3.5 * len(problems)),
        squeeze=False,
    )
    for row, problem in enumerate(problems):
        for col, base in enumerate(BASES):
            ax = axes[row, col]
            ax.plot([0, 1], [0, 1], color="grey", linestyle=":", linewidth=1)
            for method in METHODS:
                frac_pos, mean_pred = curves[problem, base, method]
                ax.plot(mean_pred, frac_pos, marker="o", markersize=3, label=method)
            ax.set_xlim(0, 1)
            ax.set_ylim(0, 1)
            ax.set_title(f"{base}\n{problem}", fontsize=9)
            ax.set_xlabel("mean predicted p(rare)")
            ax.set_ylabel("observed frequency of rare")
    axes[0, 0].legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=65)
    plt.close(fig)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.calibration", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--quick", action="store_true", help="2 problems, 1 seed, 4000 samples"
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per fit")
    parser.add_argument("--output", default=None, help="name stem of the result files")
    args = parser.parse_args(argv)
    if args.quick:
        problems, seeds, n_samples = list(PROBLEMS)[::2], [0], 4000
        stem = args.output or "calibration_quick"
    else:
        problems, seeds, n_samples = list(PROBLEMS), [0, 1, 2], 12000
        stem = args.output or "calibration"

    start = time.perf_counter()
    # A quality benchmark: one OpenMP/BLAS thread per fit gives the same numbers
    # and avoids the oversubscription slow-down of HistGradientBoosting on a
    # busy machine.
    with threadpool_limits(limits=args.threads):
        rows, curves = run(problems, seeds, n_samples)
    markdown = format_markdown(
        rows, problems, seeds, n_samples, time.perf_counter() - start
    )
    save_report(
        stem,
        markdown,
        lambda path: plot(curves, problems, path),
        command=command_line("calibration", argv),
    )


if __name__ == "__main__":
    main()
