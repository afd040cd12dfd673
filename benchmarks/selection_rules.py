"""Selection rules of WeightedClassifierCV compared on the long-tailed tasks.

For every long-tailed task of ``_tasks.py`` (``LONG_TAILED_DATASETS`` at
``LONG_TAILED_FACTORS``, seeds 0 and 1), this script records once the validation scores of every
default (candidate, ``tau``) pair on every split
(``WeightedClassifierCV(selection="best", refit=False)``: INS and no
weighting, each at every default shift) and the held-out score of every pair,
each candidate refitted on the whole training half and shifted by each
``tau``. Any selection rule is then a function of the split scores, and its
held-out result is looked up, so rules are compared on exactly the same fits.

Rules compared (pair 0, INS without shift, is the reference):

- ``best``: highest mean validation score (``GridSearchCV``);
- ``naive one-SE``: the best candidate if its mean minus one naive standard
  error of its own split scores beats the reference's mean (the rule
  WeightedClassifierCV had before);
- ``paired SE``: the best candidate if its mean paired improvement over the
  reference exceeds ``z`` naive standard errors of the improvements;
- ``paired corrected SE``: the same with the Nadeau-Bengio corrected standard
  error, with and without the single-sample-class guard, with the Student t
  quantile for ``z`` (``t for z=1``) and a minimum number of splits below
  which the reference is kept;
- ``one_se, the default``: ``select_candidate`` as the package has it (the
  same as ``paired corrected SE, t for z=1 + guard, >= 3 splits``).

Usage::

    python -m benchmarks.selection_rules           # LogisticRegression, 36 tasks
    python -m benchmarks.selection_rules --base HistGradientBoosting
    python -m benchmarks.selection_rules --quick   # 2 data sets, 1 seed
"""

import argparse
import warnings

import numpy as np
from joblib import Parallel, delayed
from scipy import stats
from sklearn.metrics import balanced_accuracy_score, f1_score

from sklearn_classweight import (
    ClassBalancedWeighter,
    LogitAdjustedClassifier,
    WeightedClassifier,
    WeightedClassifierCV,
)
from sklearn_classweight._cv_selection import (
    corrected_standard_error,
    make_splits,
    pair_split_scores,
    select_candidate,
)

from ._report import command_line, save_report
from ._tasks import BASES, LONG_TAILED_DATASETS, LONG_TAILED_FACTORS, long_tailed_split

METRICS = {"balanced_accuracy": 0, "macro_f1": 1}
TIE = 0.005


def collect(dataset, factor, seed, base_name):
    """Split scores (per scoring) and held-out scores of every default candidate."""
    from threadpoolctl import threadpool_limits

    X_train, X_test, y_train, y_test = long_tailed_split(dataset, factor, seed)
    base = BASES[base_name]()
    split_scores = {}
    with warnings.catch_warnings(), threadpool_limits(1):
        warnings.simplefilter("ignore")
        for scoring in METRICS:
            search = WeightedClassifierCV(
                base, scoring=scoring, selection="best", refit=False
            ).fit(X_train, y_train)
            split_scores[scoring] = pair_split_scores(search.cv_results_, search.taus)
        held_out = []
        for params in search.cv_results_["params"]:
            model = WeightedClassifier(base, weighter=ClassBalancedWeighter())
            adjusted = LogitAdjustedClassifier(model.set_params(**params)).fit(
                X_train, y_train
            )
            for tau in search.taus:
                y_pred = adjusted.set_params(tau=tau).predict(X_test)
                held_out.append(
                    (
                        balanced_accuracy_score(y_test, y_pred),
                        f1_score(y_test, y_pred, average="macro"),
                    )
                )
    splits, n_unvalidated = make_splits(5, X_train, y_train)
    ratio = np.mean([len(te) for _, te in splits]) / np.mean(
        [len(tr) for tr, _ in splits]
    )
    return {
        "split_scores": split_scores,
        "held_out": np.array(held_out),
        "ratio": ratio,
        "n_unvalidated": n_unvalidated,
    }


def naive_one_se(scores, task):
    mean = scores.mean(axis=1)
    best = int(np.argmax(mean))
    se = scores[best].std() / np.sqrt(scores.shape[1])
    return best if mean[best] - se > mean[0] else 0


def paired(z, corrected, guard, student=False, min_splits=2):
    """The paired rule; ``student``: ``z`` standard errors at the confidence
    ``z`` gives for a normal mean, with Student's t for ``J - 1`` degrees of
    freedom (stricter with few splits); fewer than ``min_splits`` splits
    keep the reference."""

    def rule(scores, task):
        best = int(np.argmax(scores.mean(axis=1)))
        if best == 0 or (guard and task["n_unvalidated"]):
            return 0
        if scores.shape[1] < min_splits:
            return 0
        d = scores[best] - scores[0]
        if corrected:
            se = corrected_standard_error(d, task["ratio"])
        else:
            se = d.std(ddof=1) / np.sqrt(len(d))
        factor = stats.t.ppf(stats.norm.cdf(z), len(d) - 1) if student else z
        return best if d.mean() > factor * se else 0

    return rule


RULES = {
    "best (GridSearchCV)": lambda scores, task: int(np.argmax(scores.mean(axis=1))),
    "naive one-SE (previous rule)": naive_one_se,
    "paired SE, z=1": paired(1, corrected=False, guard=False),
    "paired SE, z=2": paired(2, corrected=False, guard=False),
    "paired corrected SE, z=1, no guard": paired(1, corrected=True, guard=False),
    "one_se, the default (select_candidate)": lambda scores, task: select_candidate(
        scores,
        "one_se",
        test_train_ratio=task["ratio"],
        n_unvalidated=task["n_unvalidated"],
    ),
    "paired corrected SE, z=2 + guard": paired(2, corrected=True, guard=True),
    "paired corrected SE, t for z=1 + guard": paired(
        1, corrected=True, guard=True, student=True
    ),
    "paired corrected SE, z=1 + guard, >= 3 splits": paired(
        1, corrected=True, guard=True, min_splits=3
    ),
    "paired corrected SE, z=1 + guard, >= 5 splits": paired(
        1, corrected=True, guard=True, min_splits=5
    ),
    "paired corrected SE, t for z=1 + guard, >= 3 splits": paired(
        1, corrected=True, guard=True, student=True, min_splits=3
    ),
}


def evaluate(tasks):
    lines = []
    for scoring, column in METRICS.items():
        lines += [
            f"#### scored and evaluated on {scoring} (held-out, vs INS)",
            "",
            "| rule | mean Δ vs INS | W/T/L vs INS | tasks switched away from INS | worst Δ |",
            "|---|---:|---:|---:|---:|",
        ]
        for name, rule in RULES.items():
            diffs, switched = [], 0
            for task in tasks:
                index = rule(task["split_scores"][scoring], task)
                switched += index != 0
                diffs.append(
                    task["held_out"][index, column] - task["held_out"][0, column]
                )
            diffs = np.array(diffs)
            wtl = (
                (diffs > TIE).sum(),
                (abs(diffs) <= TIE).sum(),
                (diffs < -TIE).sum(),
            )
            lines.append(
                f"| {name} | {diffs.mean():+.4f} | {'/'.join(map(str, wtl))} | "
                f"{switched} | {diffs.min():+.3f} |"
            )
        oracle = np.mean(
            [t["held_out"][:, column].max() - t["held_out"][0, column] for t in tasks]
        )
        lines += ["", f"Oracle (best held-out pair per task): {oracle:+.4f}.", ""]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.selection_rules",
        description=__doc__.splitlines()[0],
    )
    parser.add_argument("--quick", action="store_true", help="2 data sets, 1 seed")
    parser.add_argument("--base", default="LogisticRegression", choices=list(BASES))
    parser.add_argument("--n-jobs", type=int, default=2)
    args = parser.parse_args(argv)
    if args.quick:
        datasets, factors, seeds = ["wine", "breast_cancer (binary)"], [10, 100], [0]
    else:
        datasets, factors, seeds = LONG_TAILED_DATASETS, LONG_TAILED_FACTORS, [0, 1]
    grid = [(d, f, s) for d in datasets for f in factors for s in seeds]
    tasks = Parallel(n_jobs=args.n_jobs)(  # each task: one thread
        delayed(collect)(d, f, s, args.base) for d, f, s in grid
    )
    text = (
        f"Selection rules over the default (candidate, tau) pairs of "
        f"WeightedClassifierCV on {len(tasks)} long-tailed tasks "
        f"({args.base}; data sets {', '.join(datasets)}; factors {factors}; "
        f"seeds {seeds}). Tie = |Δ| <= {TIE}.\n\n"
        f"Command: `{command_line('selection_rules', argv)}`"
        "\n\n" + evaluate(tasks)
    )
    stem = "selection_rules" + ("" if args.base == "LogisticRegression" else "_hgb")
    save_report(stem + "_quick" if args.quick else stem, text)


if __name__ == "__main__":
    main()
