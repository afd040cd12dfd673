"""Costs and deployment priors: decisions under costs, and label-shift adaptation.

Self-contained (its own data generation). Three parts, on the same data and
seeds for every rule:

- ``binary``: 1:9 and 1:19 tasks, C_FP = 1 and C_FN = 5 or the imbalance
  ratio; ``CostSensitiveClassifier`` against
  ``TunedThresholdClassifierCV(scoring=cost)``, ``FixedThresholdClassifier`` at
  Elkan's threshold on an isotonic-calibrated model, class weights from the
  costs (argmax), and argmax of ``class_weight="balanced"``. Mean cost per
  test row and fit time.
- ``multiclass``: long-tailed tasks with three cost families (random
  uniform[1, 10]; rare-is-expensive ``C[i, j] = prior_j / prior_i``; ordinal
  ``|i - j|``); argmax, class weights from costs, the Bayes rule on the
  model's probabilities as they are (``CostSensitiveClassifier`` default) and
  on temperature-calibrated ones.
- ``shift``: test sets resampled to Dirichlet priors (symmetric alpha 0.1, 1,
  10, and "mild": the training prior times a Dirichlet(10) draw), 500 and
  2,000 rows; accuracy of the unadapted model, of the model adapted to the
  prior ``estimate_target_prior`` finds (EM, EM after BCTS on held-out data,
  BBSE) and QuaPy's ``EMQ`` (BCTS) if installed, and to the true prior
  (oracle); prior error (L1). Nothing is refitted per test set.

Usage (from the repository root; ``--part`` runs one part)::

    python -m benchmarks.costs --part all
"""

import argparse
import sys
import time
import warnings

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.datasets import make_classification
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import (
    FixedThresholdClassifier,
    TunedThresholdClassifierCV,
)
from threadpoolctl import threadpool_limits

from sklearn_classweight import (
    ClassBalancedWeighter,
    CostSensitiveClassifier,
    WeightedClassifier,
    class_weight_from_costs,
    estimate_target_prior,
    make_cost_scorer,
)
from sklearn_classweight._costs import elkan_threshold

from ._report import command_line, save_report

MODELS = {
    "LR": lambda: LogisticRegression(max_iter=1000),
    "HGB": lambda: HistGradientBoostingClassifier(random_state=0),
}


def mean_cost(cost_matrix, y_true, y_pred):
    return float(np.mean(np.asarray(cost_matrix)[y_true, y_pred]))


def timed_fit(model, X, y):
    start = time.perf_counter()
    model.fit(X, y)
    return model, time.perf_counter() - start


def cost_weighted(model_name, cost_matrix, K):
    weights = class_weight_from_costs(cost_matrix, classes=np.arange(K))
    return WeightedClassifier(
        MODELS[model_name](), weighter=ClassBalancedWeighter(scheme=weights)
    )


# --------------------------------------------------------------------- binary
def binary_part(seeds, n_train, n_test):
    rows = []
    for minority in (0.1, 0.05):
        ratio = round((1 - minority) / minority)
        for model_name in MODELS:
            for fn_cost in (5, ratio):
                cost = np.array([[0.0, 1.0], [float(fn_cost), 0.0]])
                task = f"1:{ratio} {model_name} C_FN={fn_cost}"
                results = {}
                for seed in range(seeds):
                    X, y = make_classification(
                        n_samples=n_train + n_test,
                        n_features=20,
                        n_informative=6,
                        weights=[1 - minority],
                        flip_y=0.02,
                        class_sep=0.8,
                        random_state=seed,
                    )
                    X_tr, y_tr, X_te, y_te = (
                        X[:n_train],
                        y[:n_train],
                        X[n_train:],
                        y[n_train:],
                    )
                    rules = {
                        "CostSensitiveClassifier": CostSensitiveClassifier(
                            MODELS[model_name](), cost
                        ),
                        "CostSensitiveClassifier(calibration='isotonic')": (
                            CostSensitiveClassifier(
                                MODELS[model_name](), cost, calibration="isotonic"
                            )
                        ),
                        "TunedThresholdClassifierCV(cost)": TunedThresholdClassifierCV(
                            MODELS[model_name](), scoring=make_cost_scorer(cost)
                        ),
                        "Fixed at Elkan, isotonic": FixedThresholdClassifier(
                            CalibratedClassifierCV(
                                MODELS[model_name](), method="isotonic", cv=5
                            ),
                            threshold=elkan_threshold(cost),
                            response_method="predict_proba",
                        ),
                        "weights from costs, argmax": cost_weighted(
                            model_name, cost, 2
                        ),
                        'class_weight="balanced", argmax': MODELS[
                            model_name
                        ]().set_params(class_weight="balanced"),
                    }
                    for name, rule in rules.items():
                        fitted, seconds = timed_fit(rule, X_tr, y_tr)
                        value = mean_cost(cost, y_te, fitted.predict(X_te))
                        results.setdefault(name, []).append((value, seconds))
                rows.append((task, results))
                print(
                    task, {k: np.mean(v, axis=0).round(4) for k, v in results.items()}
                )
                sys.stdout.flush()
    return rows


def binary_table(rows):
    names = list(rows[0][1])
    lines = [
        "| task | " + " | ".join(names) + " |",
        "|---|" + "---:|" * len(names),
    ]
    for task, results in rows:
        mean = {k: np.mean(v, axis=0) for k, v in results.items()}
        lines.append(
            f"| {task} | "
            + " | ".join(f"{mean[n][0]:.4f} ({mean[n][1]:.2f} s)" for n in names)
            + " |"
        )
    lines.append("")
    tuned = "TunedThresholdClassifierCV(cost)"
    for ours in (
        "CostSensitiveClassifier",
        "CostSensitiveClassifier(calibration='isotonic')",
    ):
        within = faster = 0
        ratios, relative = [], []
        for _, results in rows:
            mean = {k: np.mean(v, axis=0) for k, v in results.items()}
            within += mean[ours][0] <= 1.01 * mean[tuned][0]
            faster += mean[ours][1] <= mean[tuned][1]
            ratios.append(mean[ours][1] / mean[tuned][1])
            relative.append(100 * (mean[ours][0] / mean[tuned][0] - 1))
        lines.append(
            f"- {ours}: within 1 % of {tuned} (or better) on {within}/{len(rows)} "
            f"tasks (cost {min(relative):+.1f} % to {max(relative):+.1f} %); no "
            f"slower on {faster}/{len(rows)}; fit time ratio {min(ratios):.2f} to "
            f"{max(ratios):.2f} (geometric mean {np.exp(np.mean(np.log(ratios))):.2f})."
        )
    return lines


# ----------------------------------------------------------------- multiclass
PRIORS = {
    "4 classes 60/25/10/5": np.array([0.60, 0.25, 0.10, 0.05]),
    "6 classes long tail": np.array([0.45, 0.25, 0.13, 0.08, 0.06, 0.03]),
}


def cost_family(family, prior, rng):
    K = len(prior)
    if family == "random":
        matrix = rng.uniform(1, 10, size=(K, K))
    elif family == "rare-expensive":
        matrix = prior[None, :] / prior[:, None]
    else:
        matrix = np.abs(np.subtract.outer(np.arange(K), np.arange(K))).astype(float)
    np.fill_diagonal(matrix, 0.0)
    return matrix


def multiclass_part(seeds, n_train, n_test):
    rows = []
    for task_name, prior in PRIORS.items():
        K = len(prior)
        for model_name in MODELS:
            for family in ("random", "rare-expensive", "ordinal"):
                results = {}
                for seed in range(seeds):
                    rng = np.random.default_rng(seed)
                    cost = cost_family(family, prior, rng)
                    X, y = make_classification(
                        n_samples=n_train + n_test,
                        n_features=20,
                        n_informative=8,
                        n_classes=K,
                        n_clusters_per_class=1,
                        weights=prior.tolist(),
                        flip_y=0.02,
                        class_sep=0.8,
                        random_state=seed,
                    )
                    X_tr, y_tr, X_te, y_te = (
                        X[:n_train],
                        y[:n_train],
                        X[n_train:],
                        y[n_train:],
                    )
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore", UserWarning)
                        weighted = cost_weighted(model_name, cost, K)
                    rules = {
                        "argmax": MODELS[model_name](),
                        "weights from costs, argmax": weighted,
                        "Bayes rule (CostSensitiveClassifier)": CostSensitiveClassifier(
                            MODELS[model_name](), cost
                        ),
                        "Bayes rule, temperature-calibrated": CostSensitiveClassifier(
                            MODELS[model_name](), cost, calibration="temperature"
                        ),
                    }
                    for name, rule in rules.items():
                        fitted, seconds = timed_fit(rule, X_tr, y_tr)
                        value = mean_cost(cost, y_te, fitted.predict(X_te))
                        results.setdefault(name, []).append((value, seconds))
                task = f"{task_name} {model_name} {family}"
                rows.append((task, results))
                print(
                    task, {k: np.mean(v, axis=0).round(4) for k, v in results.items()}
                )
                sys.stdout.flush()
    return rows


def multiclass_table(rows):
    names = list(rows[0][1])
    lines = [
        "| task, cost family | " + " | ".join(names) + " |",
        "|---|" + "---:|" * len(names),
    ]
    ours = "Bayes rule (CostSensitiveClassifier)"
    reductions, beats, pairs = [], 0, 0
    for task, results in rows:
        mean = {k: np.mean(v, axis=0)[0] for k, v in results.items()}
        lines.append(
            f"| {task} | " + " | ".join(f"{mean[n]:.4f}" for n in names) + " |"
        )
        reductions.append(1 - mean[ours] / mean["argmax"])
        for (value, _), (weighted, _) in zip(
            results[ours], results["weights from costs, argmax"]
        ):
            beats += value < weighted
            pairs += 1
    lines.append("")
    lines.append(
        f"Bayes rule vs argmax: mean cost {100 * np.mean(reductions):.1f} % lower on "
        f"average (per task: {100 * min(reductions):.1f} % to "
        f"{100 * max(reductions):.1f} %). Lower than weights from costs on "
        f"{beats}/{pairs} (task, matrix) pairs."
    )
    return lines


# ---------------------------------------------------------------------- shift
TRAIN_PRIORS = {
    "balanced": np.full(5, 0.2),
    "long-tailed": np.array([0.35, 0.25, 0.18, 0.12, 0.10]),
}


def shift_part(seeds, n_train, draws):
    try:
        import quapy  # noqa: F401
        from quapy.method.aggregative import EMQ
    except ImportError:
        EMQ = None
    K = 5
    rows = {}
    total_refits = total_mismatches = 0
    for seed in range(seeds):
        # A balanced pool; training, held-out and test rows are drawn from it
        # by class, so that only the prior differs between them.
        X, y = make_classification(
            n_samples=60_000,
            n_features=20,
            n_informative=8,
            n_classes=K,
            n_clusters_per_class=2,
            class_sep=1.0,
            flip_y=0.0,
            random_state=seed,
        )
        rng = np.random.default_rng(seed)
        by_class = [rng.permutation(np.flatnonzero(y == k)) for k in range(K)]
        for train_name, train_prior in TRAIN_PRIORS.items():
            refits, mismatches = _shift_cells(
                rows, X, y, by_class, rng, train_name, train_prior, n_train, draws, EMQ
            )
            total_refits += refits
            total_mismatches += mismatches
    return rows, total_refits, total_mismatches


def _shift_cells(
    rows, X, y, by_class, rng, train_name, train_prior, n_train, draws, EMQ
):
    K = len(train_prior)
    refits = mismatches = 0
    n_val = n_train // 2
    train_counts = np.round(train_prior * n_train).astype(int)
    val_counts = np.round(train_prior * n_val).astype(int)
    train_idx = np.concatenate([by_class[k][: train_counts[k]] for k in range(K)])
    val_idx = np.concatenate(
        [
            by_class[k][train_counts[k] : train_counts[k] + val_counts[k]]
            for k in range(K)
        ]
    )
    pool = [by_class[k][train_counts[k] + val_counts[k] :] for k in range(K)]
    X_val, y_val = X[val_idx], y[val_idx]
    for model_name in MODELS:
        clf = CostSensitiveClassifier(MODELS[model_name]()).fit(
            X[train_idx], y[train_idx]
        )
        fitted_model = clf.estimator_
        emq = None
        if EMQ is not None:
            emq = EMQ(
                clf.estimator_,
                fit_classifier=False,
                val_split=(X_val, y_val),
                calib="bcts",
                exact_train_prev=False,
            )
            emq.fit(X[train_idx], y[train_idx])
        for setting in ("alpha=0.1", "alpha=1", "alpha=10", "mild"):
            for n_test in (500, 2000):
                key = (train_name, model_name, setting, n_test)
                for draw in range(draws):
                    if setting == "mild":
                        prior = train_prior * rng.dirichlet(np.full(K, 10.0))
                        prior /= prior.sum()
                    else:
                        alpha = float(setting.split("=")[1])
                        prior = rng.dirichlet(np.full(K, alpha))
                    counts = rng.multinomial(n_test, prior)
                    test_idx = np.concatenate(
                        [
                            rng.choice(pool[k], counts[k], replace=False)
                            for k in range(K)
                        ]
                    )
                    X_te, y_te = X[test_idx], y[test_idx]
                    truth = np.maximum(counts / n_test, 1e-12)
                    truth /= truth.sum()
                    estimates = {
                        "EM": estimate_target_prior(clf, X_te),
                        "EM, no fallback": estimate_target_prior(
                            clf, X_te, significance=None
                        ),
                        "EM + BCTS (held-out)": estimate_target_prior(
                            clf, X_te, X_val=X_val, y_val=y_val
                        ),
                        "BBSE (held-out)": estimate_target_prior(
                            clf, X_te, method="bbse", X_val=X_val, y_val=y_val
                        ),
                        "oracle": truth,
                    }
                    if emq is not None:
                        q = np.maximum(np.asarray(emq.predict(X_te)), 1e-12)
                        estimates["QuaPy EMQ (BCTS)"] = q / q.sum()
                    # One call of the model per test set: predict under a
                    # prior is the argmax of the posterior moved to it
                    # (checked against clf.predict on the first test set).
                    posterior = clf.set_params(target_prior="train").predict_proba(X_te)
                    base = np.mean(posterior.argmax(axis=1) == y_te)
                    record = rows.setdefault(key, {})
                    for name, estimate in estimates.items():
                        adapted = (posterior * estimate / clf.class_prior_).argmax(
                            axis=1
                        )
                        if name == "EM" and draw == 0:
                            mismatches += np.sum(
                                adapted
                                != clf.set_params(target_prior=estimate).predict(X_te)
                            )
                        accuracy = np.mean(adapted == y_te)
                        record.setdefault(name, []).append(
                            (
                                100 * (accuracy - base),
                                np.abs(estimate - truth).sum(),
                            )
                        )
                    record.setdefault("unadapted accuracy", []).append((100 * base, 0))
                refits += clf.estimator_ is not fitted_model
                print(
                    key,
                    {k: np.mean(v, axis=0).round(3) for k, v in rows[key].items()},
                )
                sys.stdout.flush()
    return refits, mismatches


def shift_table(rows, refits, mismatches):
    names = [n for n in next(iter(rows.values())) if n != "unadapted accuracy"]
    lines = [
        "Accuracy gain over the unadapted model (points) and, in brackets, the L1 "
        "error of the prior; mean over test sets.",
        "",
        "| model, prior, rows | unadapted acc. | " + " | ".join(names) + " |",
        "|---|---:|" + "---:|" * len(names),
    ]
    for (train, model, setting, n_test), record in rows.items():
        mean = {k: np.mean(v, axis=0) for k, v in record.items()}
        lines.append(
            f"| {train} {model} {setting} n={n_test} | "
            f"{mean['unadapted accuracy'][0]:.1f} | "
            + " | ".join(
                f"{mean[n][0]:+.2f}" + ("" if n == "oracle" else f" ({mean[n][1]:.3f})")
                for n in names
            )
            + " |"
        )
    lines.append("")
    for name in ("EM", "EM + BCTS (held-out)"):
        for setting in ("alpha=0.1", "alpha=1", "alpha=10", "mild"):
            keys = [k for k in rows if k[2] == setting]
            gain = np.mean([np.mean(rows[k][name], axis=0)[0] for k in keys])
            oracle = np.mean([np.mean(rows[k]["oracle"], axis=0)[0] for k in keys])
            worst = min(np.mean(rows[k][name], axis=0)[0] for k in keys)
            share = 100 * gain / oracle if oracle else float("nan")
            lines.append(
                f"- {name}, {setting}: {gain:+.2f} points on average, {share:.0f} % "
                f"of the oracle's {oracle:+.2f}; worst cell {worst:+.2f}."
            )
    lines.append(f"- Refits of the wrapped model during adaptation: {refits}.")
    lines.append(
        "- Test rows where the argmax of the moved posterior differs from "
        f"CostSensitiveClassifier(target_prior=EM estimate).predict: {mismatches}."
    )
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.costs", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--part", default="all", choices=["all", "binary", "multiclass", "shift"]
    )
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--n-train", type=int, default=10_000)
    parser.add_argument("--n-test", type=int, default=10_000)
    parser.add_argument("--shift-train", type=int, default=4_000)
    parser.add_argument("--draws", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1, help="threads per fit")
    parser.add_argument(
        "--output", default=None, help="name stem of the result file in results/"
    )
    args = parser.parse_args(argv)
    lines = ["# Costs and deployment priors", ""]
    # One OpenMP/BLAS thread per fit: on a busy machine, oversubscription made
    # HistGradientBoosting's predict ten times slower (fit times are compared).
    with threadpool_limits(limits=args.threads):
        if args.part in ("all", "binary"):
            lines += [
                "## Binary: mean cost per test row (fit time)",
                "",
                f"{args.n_train} training and {args.n_test} test rows, "
                f"{args.seeds} seeds; C_FP = 1.",
                "",
            ]
            rows = binary_part(args.seeds, args.n_train, args.n_test)
            lines += binary_table(rows) + [""]
        if args.part in ("all", "multiclass"):
            lines += [
                "## Multiclass: mean cost per test row",
                "",
                f"{args.n_train} training and {args.n_test} test rows, "
                f"{args.seeds} seeds (the random matrix is drawn per seed).",
                "",
            ]
            rows = multiclass_part(args.seeds, args.n_train, args.n_test)
            lines += multiclass_table(rows) + [""]
        if args.part in ("all", "shift"):
            lines += [
                "## Label shift",
                "",
                f"5 classes, training prior balanced or "
                f"{TRAIN_PRIORS['long-tailed'].tolist()}, {args.shift_train} "
                f"training rows (+{args.shift_train // 2} held-out for "
                f"BCTS/BBSE/EMQ); {args.draws} test sets per cell and seed, "
                f"{args.seeds} seeds.",
                "",
            ]
            lines += shift_table(*shift_part(args.seeds, args.shift_train, args.draws))
    stem = args.output or ("costs" if args.part == "all" else f"costs_{args.part}")
    save_report(stem, "\n".join(lines), command=command_line("costs", argv))


if __name__ == "__main__":
    main()
