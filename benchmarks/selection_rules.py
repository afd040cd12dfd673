"""Selection rules of WeightedClassifierCV compared on the long-tailed tasks.

For every long-tailed task of ``_tasks.py`` (``LONG_TAILED_DATASETS`` at
``LONG_TAILED_FACTORS``, the seeds given), this script records once the validation scores of every
(candidate, ``tau``) pair on every split
(``WeightedClassifierCV(param_grid={"weighter__scheme": ["uniform", "ins"]},
selection="best", refit=False)``: no weighting and INS, each at every default
shift) and the held-out score of every pair, each candidate refitted on the
whole training half (``LogitAdjustedClassifier(...).set_params(**params)``,
the pair's ``params`` as in ``pair_results_``) and shifted by each ``tau``.
Any selection rule is then a function of the split scores, and its held-out
result is looked up, so rules are compared on exactly the same fits.

Rules compared (results against INS, i.e. ``class_weight="balanced"``):

- ``fixed``: INS, and no weighting shifted by ``tau=1``
  (``LogitAdjustedClassifier(tau=1)``), whatever the scores say;
- ``best``: highest mean validation score (``GridSearchCV``), over both
  candidates or over no weighting only;
- ``one_se``: :func:`select_pair` with a given reference pair: INS at
  ``tau=0`` (the rule before issue 20) or no weighting at ``tau=1``, with
  and without the guard for classes with fewer than
  ``MIN_VALIDATED_PER_CLASS`` validation samples;
- ``the default``: what ``WeightedClassifierCV()`` does, no weighting only,
  reference ``tau=1``, with the guard.

The references are those of balanced accuracy (``tau=1``) for both metrics;
``WeightedClassifierCV(scoring="macro_f1")`` starts from ``tau=0.5`` instead.

Usage::

    python -m benchmarks.selection_rules           # LogisticRegression, 36 tasks
    python -m benchmarks.selection_rules --base HistGradientBoosting
    python -m benchmarks.selection_rules --quick   # 2 data sets, 1 seed
"""

import argparse
import warnings

import numpy as np
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.metrics import balanced_accuracy_score, f1_score

from sklearn_classweight import (
    ClassBalancedWeighter,
    LogitAdjustedClassifier,
    WeightedClassifier,
    WeightedClassifierCV,
)
from sklearn_classweight._cv_selection import (
    DEFAULT_TAUS,
    make_splits,
    reference_tau_index,
    select_pair,
)

from ._report import command_line, save_report
from ._tasks import BASES, LONG_TAILED_DATASETS, LONG_TAILED_FACTORS, long_tailed_split

METRICS = {"balanced_accuracy": 0, "macro_f1": 1}
TIE = 0.005
CANDIDATES = {"weighter__scheme": ["uniform", "ins"]}
N_TAUS = len(DEFAULT_TAUS)
#: Rows of the pair table: no weighting at every tau, then INS at every tau.
LA_TAU_1 = reference_tau_index(DEFAULT_TAUS)
INS = N_TAUS


def collect(dataset, factor, seed, base_name):
    """Split scores (per scoring) and held-out scores of every (candidate, tau) pair."""
    from threadpoolctl import threadpool_limits

    X_train, X_test, y_train, y_test = long_tailed_split(dataset, factor, seed)
    base = BASES[base_name]()
    split_scores = {}
    with warnings.catch_warnings(), threadpool_limits(1):
        warnings.simplefilter("ignore")
        for scoring in METRICS:
            search = WeightedClassifierCV(
                base,
                param_grid=CANDIDATES,
                scoring=scoring,
                selection="best",
                refit=False,
            ).fit(X_train, y_train)
            pairs = search.pair_results_
            split_scores[scoring] = np.column_stack(
                [pairs[f"split{j}_test_score"] for j in range(search.n_splits_)]
            )
        held_out = []
        for params in search.cv_results_["params"]:
            adjusted = LogitAdjustedClassifier(
                WeightedClassifier(clone(base), ClassBalancedWeighter())
            ).set_params(**params)
            adjusted.fit(X_train, y_train)
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
    validated = np.unique(
        y_train[np.concatenate([te for _, te in splits])], return_counts=True
    )[1]
    return {
        "split_scores": split_scores,
        "held_out": np.array(held_out),
        "ratio": ratio,
        "n_unvalidated": n_unvalidated,
        "fewest_validated": int(validated.min()),
    }


def one_se(reference, rows=None, guard=True):
    """``select_pair``'s rule with ``reference``, on ``rows`` of the pair table."""

    def rule(scores, task):
        chosen = np.arange(scores.shape[0]) if rows is None else np.asarray(rows)
        index, _ = select_pair(
            scores[chosen],
            "one_se",
            reference=int(np.flatnonzero(chosen == reference)[0]),
            test_train_ratio=task["ratio"],
            n_unvalidated=task["n_unvalidated"],
            fewest_validated=task["fewest_validated"] if guard else None,
        )
        return int(chosen[index])

    return rule


def best(rows=None):
    def rule(scores, task):
        chosen = np.arange(scores.shape[0]) if rows is None else np.asarray(rows)
        return int(chosen[select_pair(scores[chosen], "best", test_train_ratio=0)[0]])

    return rule


UNWEIGHTED = range(N_TAUS)
RULES = {
    "fixed: INS": lambda scores, task: INS,
    "fixed: no weighting, tau=1 (LogitAdjustedClassifier(tau=1))": (
        lambda scores, task: LA_TAU_1
    ),
    "best, (none or INS) x tau": best(),
    "best, none x tau": best(UNWEIGHTED),
    "one_se, reference INS tau=0, no sample guard (before issue 20)": one_se(
        INS, guard=False
    ),
    "one_se, reference none tau=1, (none or INS) x tau, no sample guard": one_se(
        LA_TAU_1, guard=False
    ),
    "one_se, reference none tau=1, (none or INS) x tau": one_se(LA_TAU_1),
    "one_se, reference none tau=1, none x tau, no sample guard": one_se(
        LA_TAU_1, UNWEIGHTED, guard=False
    ),
    "the default: one_se, reference none tau=1, none x tau": one_se(
        LA_TAU_1, UNWEIGHTED
    ),
}


def evaluate(tasks):
    lines = []
    for scoring, column in METRICS.items():
        lines += [
            f"#### scored and evaluated on {scoring} (held-out, vs INS)",
            "",
            "| rule | mean Δ vs INS | W/T/L vs INS | tasks not on INS | worst Δ |",
            "|---|---:|---:|---:|---:|",
        ]
        for name, rule in RULES.items():
            diffs, switched = [], 0
            for task in tasks:
                index = rule(task["split_scores"][scoring], task)
                switched += index != INS
                diffs.append(
                    task["held_out"][index, column] - task["held_out"][INS, column]
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
            [t["held_out"][:, column].max() - t["held_out"][INS, column] for t in tasks]
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
        f"Selection rules over (no weighting or INS) x the default taus of "
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
