"""The boosters' automatic class weights against ``normalize="min"`` weights.

CatBoost: on a 3-class task (85 / 12 / 3 %, ``make_classification``, 6,000
rows, 5 seeds, a stratified 75 / 25 split), held-out balanced accuracy of
``CatBoostClassifier(iterations=200)`` trained with INS class weights at
several scales: ``normalize="min"`` (the scale of
``auto_class_weights="Balanced"``, also run for comparison), the same weights
×0.1 and ×10, and ``normalize="mean"``. The ratios are the same in every row;
only the scale moves, and CatBoost's ``l2_leaf_reg`` does not scale with it.

LightGBM: on a binary 1:9 task (4,000 rows, 5 seeds), ``is_unbalance=True``
against the same weights (``ClassBalancedWeighter("ins", normalize="min")``)
passed as ``sample_weight``, 30 trees: the largest held-out |Δp| and both
balanced accuracies, with LightGBM's default ``boost_from_average=True`` and
with ``False``.

Usage::

    python -m benchmarks.booster_scale
"""

import argparse
import time

import numpy as np
from sklearn.datasets import make_classification
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import train_test_split

# Benchmark the checkout this script lives in, installed or not.
from sklearn_classweight import ClassBalancedWeighter

from ._report import command_line, save_report

SEEDS = range(5)


def split(seed, **task):
    X, y = make_classification(random_state=seed, **task)
    return train_test_split(X, y, test_size=0.25, stratify=y, random_state=seed)


def catboost_rows():
    from catboost import CatBoostClassifier

    task = dict(
        n_samples=6000,
        n_classes=3,
        n_informative=5,
        weights=[0.85, 0.12],
        flip_y=0.02,
        class_sep=0.8,
    )
    params = dict(iterations=200, random_seed=0, thread_count=1, verbose=False)
    params["allow_writing_files"] = False
    settings = {
        'auto_class_weights="Balanced"': None,
        'INS, normalize="min"': ("min", 1.0),
        'INS, normalize="min", ×0.1': ("min", 0.1),
        'INS, normalize="min", ×10': ("min", 10.0),
        'INS, normalize="mean"': ("mean", 1.0),
        "unweighted": ("none", 1.0),
    }
    scores = {name: [] for name in settings}
    for seed in SEEDS:
        X_train, X_test, y_train, y_test = split(seed, **task)
        for name, setting in settings.items():
            if setting is None:
                model = CatBoostClassifier(**params, auto_class_weights="Balanced")
                model.fit(X_train, y_train)
            else:
                normalize, factor = setting
                weight = np.ones(len(y_train))
                if normalize != "none":
                    weighter = ClassBalancedWeighter("ins", normalize=normalize)
                    weight = weighter.fit_transform(y_train) * factor
                model = CatBoostClassifier(**params).fit(
                    X_train, y_train, sample_weight=weight
                )
            scores[name].append(
                balanced_accuracy_score(y_test, model.predict(X_test).ravel())
            )
    reference = np.array(scores['INS, normalize="min"'])
    return [
        (name, np.mean(s), np.std(s), np.abs(np.array(s) - reference).max())
        for name, s in scores.items()
    ]


def lightgbm_rows():
    from lightgbm import LGBMClassifier

    task = dict(n_samples=4000, weights=[0.9], flip_y=0.02, class_sep=0.8)
    params = dict(n_estimators=30, n_jobs=1, verbose=-1, random_state=0)
    rows = []
    for boost_from_average in [True, False]:
        delta, ours_score, theirs_score = [], [], []
        for seed in SEEDS:
            X_train, X_test, y_train, y_test = split(seed, **task)
            weight = ClassBalancedWeighter("ins", normalize="min").fit_transform(
                y_train
            )
            ours = LGBMClassifier(**params, boost_from_average=boost_from_average)
            ours.fit(X_train, y_train, sample_weight=weight)
            theirs = LGBMClassifier(
                **params, boost_from_average=boost_from_average, is_unbalance=True
            ).fit(X_train, y_train)
            delta.append(
                np.abs(ours.predict_proba(X_test) - theirs.predict_proba(X_test)).max()
            )
            ours_score.append(balanced_accuracy_score(y_test, ours.predict(X_test)))
            theirs_score.append(balanced_accuracy_score(y_test, theirs.predict(X_test)))
        rows.append(
            (boost_from_average, max(delta), np.mean(ours_score), np.mean(theirs_score))
        )
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.booster_scale", description=__doc__.splitlines()[0]
    )
    parser.parse_args(argv)
    started = time.perf_counter()
    catboost = catboost_rows()
    lightgbm = lightgbm_rows()
    lines = [
        f"{len(SEEDS)} seeds; run time {time.perf_counter() - started:.0f} s.",
        "",
        "### CatBoost: the same INS ratios at several scales",
        "",
        "3 classes (85 / 12 / 3 %), 6,000 rows, 25 % held out; "
        "CatBoostClassifier(iterations=200), default l2_leaf_reg=3.",
        "",
        "| class weights | balanced accuracy (mean ± sd) | largest change "
        'from normalize="min" in one seed |',
        "|---|---:|---:|",
    ]
    lines += [
        f"| {name} | {mean:.4f} ± {sd:.4f} | {change:.4f} |"
        for name, mean, sd, change in catboost
    ]
    lines += [
        "",
        "### LightGBM: is_unbalance=True against the same weights as sample_weight",
        "",
        "Binary 1:9, 4,000 rows, 25 % held out, 30 trees; weights "
        'ClassBalancedWeighter("ins", normalize="min") (majority 1, minority '
        "n_majority / n_minority, as is_unbalance).",
        "",
        "| boost_from_average | max held-out abs(Δp) | balanced accuracy, "
        "sample_weight | balanced accuracy, is_unbalance |",
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| {flag} | {delta:.2e} | {ours:.4f} | {theirs:.4f} |"
        for flag, delta, ours, theirs in lightgbm
    ]
    save_report(
        "booster_scale", "\n".join(lines), command=command_line("booster_scale", argv)
    )


if __name__ == "__main__":
    main()
