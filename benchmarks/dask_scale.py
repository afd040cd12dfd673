"""Class weights for Dask collections: their cost against a distributed fit, and
global weights against LightGBM's per-worker ``class_weight="balanced"``.

Runs on a ``distributed.LocalCluster(n_workers=2, threads_per_worker=1)``.

Cost: for 1e6 and 1e7 labels (10 chunks, 10 float32 features, a 1:50 prior,
generated and persisted on the workers), the wall time of

- counting: ``ClassBalancedWeighter().fit(y)``, one distributed pass (and, for
  reference, ``da.bincount`` and ``da.unique(return_counts=True)``);
- weighting: materialising ``weighter.transform(y)`` on the workers (the lazy
  weights a booster computes inside its fit);
- the fit: the booster alone given the weights, and (up to 1e6 labels)
  ``WeightedClassifier(booster).fit(X, y)`` end to end.

Counting and weighting are medians of 3 runs; each fit runs once.

Skew: 1e6 rows in 10 chunks with 90 % of the minority rows in 2 of them;
chunks 0-4 live on one worker, 5-9 on the other.
LightGBM's own ``class_weight="balanced"`` counts classes on each worker's
data; ``WeightedClassifier`` passes weights from the global counts. Reported
on a held-out set of 200,000 rows: predicted-positive rate (the true rate is
the prior) and balanced accuracy, for skewed and for shuffled chunks.

Usage::

    python -m benchmarks.dask_scale           # 1e6 and 1e7 labels, XGBoost and LightGBM
    python -m benchmarks.dask_scale --quick   # 1e5 labels
"""

import argparse
import logging
import statistics
import time

import numpy as np

from sklearn_classweight import ClassBalancedWeighter, WeightedClassifier

from ._report import command_line, save_report

N_FEATURES = 10
N_CHUNKS = 10
RATIO = 50
#: Above this many labels, the end-to-end WeightedClassifier fit is not timed
#: (it repeats the booster's fit; the 1e6 run shows what it adds).
WRAPPED_UP_TO = 1_000_000


def timed(function, repeats=1):
    """(median wall time in s, last result) of ``function()`` over ``repeats``."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def generated(client, n_rows, seed=0):
    """X (float32) and y (int64, 1:RATIO) generated and persisted on the workers."""
    import dask.array as da
    from distributed import wait

    rng = da.random.default_rng(seed)
    chunk = n_rows // N_CHUNKS
    X = rng.standard_normal((n_rows, N_FEATURES), chunks=(chunk, N_FEATURES))
    X = X.astype(np.float32)
    noise = rng.standard_normal(n_rows, chunks=chunk)
    score = X[:, :4].sum(axis=1) / 2 + noise
    # The top 1 / (1 + RATIO) of the scores is the minority class.
    threshold = float(np.quantile(score[:200_000].compute(), 1 - 1 / (1 + RATIO)))
    y = (score > threshold).astype(np.int64)
    X, y = client.persist([X, y])
    wait([X, y])
    return X, y


def boosters(quick):
    from lightgbm import DaskLGBMClassifier
    from xgboost.dask import DaskXGBClassifier

    n_trees = 10 if quick else 50
    return {
        "XGBoost": lambda: DaskXGBClassifier(
            n_estimators=n_trees, max_depth=6, tree_method="hist", n_jobs=1
        ),
        "LightGBM": lambda: DaskLGBMClassifier(
            n_estimators=n_trees, num_leaves=31, verbose=-1
        ),
    }


def cost(client, sizes, quick):
    lines = [
        "| labels | step | time (s) | share of the booster's fit |",
        "|---:|---|---:|---:|",
    ]
    for n_rows in sizes:
        for row in cost_at(client, n_rows, quick):
            if len(row) == 3:
                lines.append(f"| {n_rows:.0e} | {row[0]} | | {100 * row[2]:.1f} % |")
            else:
                lines.append(f"| {n_rows:.0e} | {row[0]} | {row[1]:.3f} | |")
    return "\n".join(lines)


def cost_at(client, n_rows, quick):
    """Rows (step, time) and (step, None, share) of the cost table at ``n_rows``."""
    import dask
    import dask.array as da
    from distributed import wait

    X, y = generated(client, n_rows)
    count_time, weighter = timed(lambda: ClassBalancedWeighter().fit(y), 3)
    bincount_time, _ = timed(lambda: da.bincount(y).compute(), 3)
    unique_time, _ = timed(lambda: dask.compute(*da.unique(y, return_counts=True)), 3)

    def weigh():
        weights = client.persist(weighter.transform(y))
        wait(weights)
        return weights

    weigh_time, weights = timed(weigh, 3)
    print(f"{n_rows:.0e}: counts {weighter.class_counts_}", flush=True)
    rows = [
        ("counting: ClassBalancedWeighter().fit(y)", count_time),
        ("  for reference: da.bincount(y)", bincount_time),
        ("  for reference: da.unique(y, return_counts=True)", unique_time),
        ("weighting: transform(y), persisted", weigh_time),
    ]
    for name, make in boosters(quick).items():
        # Warm up: the first fit on a cluster also imports and sets up the
        # booster on the workers.
        make().fit(X[: n_rows // N_CHUNKS], y[: n_rows // N_CHUNKS])
        alone, _ = timed(lambda make=make: make().fit(X, y, sample_weight=weights))
        print(f"{n_rows:.0e} {name}: {alone:.1f} s alone", flush=True)
        rows.append((f"{name} fit, weights given", alone))
        if n_rows <= WRAPPED_UP_TO:  # one more full fit: kept to the smaller sizes
            wrapped, _ = timed(lambda make=make: WeightedClassifier(make()).fit(X, y))
            rows.append((f"WeightedClassifier({name}).fit, end to end", wrapped))
        rows += [
            (
                f"counting + weighting vs {name} fit",
                None,
                (count_time + weigh_time) / alone,
            ),
        ]
    return rows


def skewed_data(seed, shuffle, n_rows=1_000_000, n_test=200_000):
    """Rows whose minority class sits (90 %) in 2 of the 10 chunks, or shuffled."""
    rng = np.random.default_rng(seed)
    chunk = n_rows // N_CHUNKS
    prior = 1 / (1 + RATIO)
    # Chunks 0-1 hold 90 % of the minority rows, chunks 2-9 the other 10 %.
    high = 0.9 * prior * N_CHUNKS / 2
    low = 0.1 * prior * N_CHUNKS / (N_CHUNKS - 2)
    fractions = np.repeat([high] * 2 + [low] * (N_CHUNKS - 2), chunk)

    def draw(size, fraction):
        y = (rng.random(size) < fraction).astype(np.int64)
        X = rng.standard_normal((size, N_FEATURES)).astype(np.float32)
        X[:, :4] += 0.6 * y[:, None]
        return X, y

    X, y = draw(n_rows, fractions)
    if shuffle:
        order = rng.permutation(n_rows)
        X, y = X[order], y[order]
    X_test, y_test = draw(n_test, prior)
    return X, y, X_test, y_test


def placed(client, array):
    """A dask Array of N_CHUNKS row chunks: the first half on one worker, the
    second half on the other, as when each worker loads its own files."""
    import dask.array as da

    workers = sorted(client.scheduler_info()["workers"])
    chunk = array.shape[0] // N_CHUNKS
    parts = []
    for index in range(N_CHUNKS):
        block = array[index * chunk : (index + 1) * chunk]
        future = client.scatter(block, workers=[workers[index * 2 // N_CHUNKS]])
        parts.append(da.from_delayed(future, shape=block.shape, dtype=block.dtype))
    return da.concatenate(parts)


def per_worker_minority_share(client, y):
    """Share of the minority rows held by each worker."""
    import dask.array as da

    blocks = y.to_delayed().ravel()
    counts = da.compute(*[block.sum() for block in blocks])
    who_has = client.who_has(y)
    share = {}
    for key, count in zip([b.key for b in blocks], counts):
        for worker in who_has.get(key, ()):
            share[worker] = share.get(worker, 0) + int(count)
    total = sum(share.values())
    return sorted(round(value / total, 2) for value in share.values())


def skew(client, seeds, quick):
    from distributed import wait
    from lightgbm import DaskLGBMClassifier
    from sklearn.metrics import balanced_accuracy_score

    n_trees = 10 if quick else 50
    n_rows = 100_000 if quick else 1_000_000
    lines = [
        "| chunks | seed | minority share per worker | weights | predicted-positive rate "
        "| balanced accuracy |",
        "|---|---:|---|---|---:|---:|",
    ]
    for shuffle in (False, True):
        for seed in seeds:
            X_np, y_np, X_test, y_test = skewed_data(seed, shuffle, n_rows)
            X, y = placed(client, X_np), placed(client, y_np)
            X, y = client.persist([X, y])
            wait([X, y])
            shares = per_worker_minority_share(client, y)
            models = {
                "none": DaskLGBMClassifier(n_estimators=n_trees, verbose=-1).fit(X, y),
                'LightGBM class_weight="balanced" (per worker)': DaskLGBMClassifier(
                    n_estimators=n_trees, verbose=-1, class_weight="balanced"
                ).fit(X, y),
                "WeightedClassifier (global counts)": WeightedClassifier(
                    DaskLGBMClassifier(n_estimators=n_trees, verbose=-1)
                ).fit(X, y),
            }
            for name, model in models.items():
                inner = getattr(model, "estimator_", model).to_local()
                predicted = inner.predict(X_test)
                lines.append(
                    f"| {'shuffled' if shuffle else 'skewed'} | {seed} | {shares} | "
                    f"{name} | {predicted.mean():.4f} | "
                    f"{balanced_accuracy_score(y_test, predicted):.4f} |"
                )
            print(lines[-3:], flush=True)
    return "\n".join(lines), n_rows


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.dask_scale", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--quick", action="store_true", help="1e5 labels, 10 trees")
    parser.add_argument("--output", default=None, help="name stem of the result file")
    args = parser.parse_args(argv)
    from distributed import Client, LocalCluster

    if args.quick:
        sizes, seeds = [100_000], [0]
        stem = args.output or "dask_scale_quick"
    else:
        sizes, seeds = [1_000_000, 10_000_000], [0, 1]
        stem = args.output or "dask_scale"
    command = command_line("dask_scale", argv)
    start = time.perf_counter()
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        cost_table = cost(client, sizes, args.quick)
        skew_table, skew_rows = skew(client, seeds, args.quick)
    n_trees = 10 if args.quick else 50
    text = (
        f"Command: `{command}`\n\n"
        "LocalCluster(n_workers=2, threads_per_worker=1), worker processes, on a "
        f"shared 2-core machine; {N_FEATURES} float32 features, {N_CHUNKS} chunks, "
        f"prior 1:{RATIO}; boosters with {n_trees} trees (XGBoost max_depth=6, "
        f"hist; LightGBM num_leaves=31). Run time "
        f"{time.perf_counter() - start:.0f} s.\n\n"
        "### Cost of counting and weighting against the fit\n\n"
        + cost_table
        + f"\n\n### LightGBM on skewed partitions ({skew_rows:.0e} rows, 90 % of the "
        "minority rows in 2 of 10 chunks; held-out prior "
        f"{1 / (1 + RATIO):.4f})\n\n" + skew_table
    )
    save_report(stem, text)


if __name__ == "__main__":
    main()
