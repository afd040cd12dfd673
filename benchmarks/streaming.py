"""Class-balanced weights for a stream: running counts against the alternatives.

``SGDClassifier(loss="log_loss")`` is trained with ``partial_fit`` over 50
mini-batches of a generated 1:50 stream (two Gaussian classes, 20 features,
the minority shifted along 5 of them). Balanced accuracy is measured on a
held-out set of 50,000 rows drawn from the same stream. Methods:

- ``running counts``: ``WeightedClassifier(sgd).partial_fit``: the counts so
  far (including the batch), rescaled so that the mean weight over all data
  seen is 1;
- ``running 1/n_c, not rescaled``: the same running counts, raw INS weights
  (``normalize=None``), which shrink as the counts grow;
- ``per-batch weights``: ``compute_sample_weight("balanced", y_batch)``;
- ``no weights``;
- ``oracle``: weights from the counts of the whole stream, known in advance.

Differences (Δ) are against the oracle, per seed, then averaged over seeds.

Drift: the prior switches halfway from 1:50 to 1:5, and the test set is drawn
from the second half's prior. ``decay`` 1 (cumulative), 0.9 and 0.5 are
compared with an oracle that knows the current prior.

Overhead: ``WeightedClassifier(SGDClassifier()).partial_fit`` against a bare
``SGDClassifier.partial_fit`` given the same weights, computed by hand
beforehand, on 1,000-row batches of 20 features; the two are timed side by
side in one process, batch by batch, and must train the same model.

Memory: 1e6 and 1e7 rows are streamed through ``WeightedClassifier.partial_fit``
in batches of 10,000 generated on the fly; the peak of Python-traced memory
(``tracemalloc``, which sees numpy's buffers) must not grow with the rows.

Usage::

    python -m benchmarks.streaming           # 10 seeds, 1e6 and 1e7 rows streamed
    python -m benchmarks.streaming --quick   # 2 seeds, 1e5 rows streamed
"""

import argparse
import time
import tracemalloc

import numpy as np
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import balanced_accuracy_score
from sklearn.utils.class_weight import compute_sample_weight
from threadpoolctl import threadpool_limits

from sklearn_classweight import ClassBalancedWeighter, WeightedClassifier

from ._report import command_line, save_report

N_FEATURES = 20
SHIFT = np.r_[np.full(5, 0.7), np.zeros(N_FEATURES - 5)]
CLASSES = np.array([0, 1])
N_BATCHES = 50
N_TEST = 50_000


def draw(rng, n_rows, minority_fraction):
    """``n_rows`` of the stream: labels with the given prior, Gaussian features."""
    y = (rng.random(n_rows) < minority_fraction).astype(np.int64)
    X = rng.standard_normal((n_rows, N_FEATURES)) + y[:, None] * SHIFT
    return X, y


def sgd(seed, average):
    return SGDClassifier(loss="log_loss", average=average, random_state=seed)


def ratio_to_fraction(ratio):
    """Minority fraction of a 1:ratio stream."""
    return 1.0 / (1.0 + ratio)


def train(method, batches, seed, average, oracle_weighter=None, decay=1.0):
    """Fit one method over the batches; return the fitted classifier."""
    if method in ("running counts", "decay"):
        clf = WeightedClassifier(sgd(seed, average), ClassBalancedWeighter(decay=decay))
        for X, y in batches:
            clf.partial_fit(X, y, classes=CLASSES)
        return clf
    clf = sgd(seed, average)
    raw = ClassBalancedWeighter(normalize=None)
    for index, (X, y) in enumerate(batches):
        if method == "no weights":
            weights = None
        elif method == "per-batch weights":
            weights = compute_sample_weight("balanced", y)
        elif method == "running 1/n_c, not rescaled":
            weights = raw.partial_fit(y, classes=CLASSES).transform(y)
        elif method == "oracle":
            weights = oracle_weighter(index).transform(y)
        else:
            raise ValueError(method)
        clf.partial_fit(X, y, classes=CLASSES, sample_weight=weights)
    return clf


STATIONARY_METHODS = [
    "oracle",
    "running counts",
    "running 1/n_c, not rescaled",
    "per-batch weights",
    "no weights",
]


def stationary(seeds, batch_size, average, ratio=50):
    """Balanced accuracy per method and seed on a stationary 1:ratio stream."""
    scores = {method: [] for method in STATIONARY_METHODS}
    minority = []
    for seed in seeds:
        rng = np.random.default_rng(seed)
        fraction = ratio_to_fraction(ratio)
        batches = [draw(rng, batch_size, fraction) for _ in range(N_BATCHES)]
        X_test, y_test = draw(rng, N_TEST, fraction)
        all_labels = np.concatenate([y for _, y in batches])
        minority.append(all_labels.mean() * batch_size)
        whole = ClassBalancedWeighter().fit(all_labels)
        for method in STATIONARY_METHODS:
            clf = train(method, batches, seed, average, lambda _, w=whole: w)
            scores[method].append(balanced_accuracy_score(y_test, clf.predict(X_test)))
    return {m: np.array(s) for m, s in scores.items()}, float(np.mean(minority))


DRIFT_METHODS = [
    ("oracle (current prior)", None),
    ("cumulative counts (decay=1)", 1.0),
    ("decay=0.9", 0.9),
    ("decay=0.5", 0.5),
    ("no weights", None),
]


def drift(seeds, batch_size, average, before=50, after=5):
    """Balanced accuracy when the prior switches from 1:before to 1:after."""
    scores = {name: [] for name, _ in DRIFT_METHODS}
    fractions = [ratio_to_fraction(before)] * (N_BATCHES // 2) + [
        ratio_to_fraction(after)
    ] * (N_BATCHES - N_BATCHES // 2)
    prior_weighters = {
        fraction: ClassBalancedWeighter().fit_counts([1 - fraction, fraction])
        for fraction in set(fractions)
    }
    for seed in seeds:
        rng = np.random.default_rng(seed)
        batches = [draw(rng, batch_size, fraction) for fraction in fractions]
        X_test, y_test = draw(rng, N_TEST, fractions[-1])
        for name, decay in DRIFT_METHODS:
            if name.startswith("oracle"):
                clf = train(
                    "oracle",
                    batches,
                    seed,
                    average,
                    lambda index: prior_weighters[fractions[index]],
                )
            elif name == "no weights":
                clf = train("no weights", batches, seed, average)
            else:
                clf = train("decay", batches, seed, average, decay=decay)
            scores[name].append(balanced_accuracy_score(y_test, clf.predict(X_test)))
    return {m: np.array(s) for m, s in scores.items()}


def quality_table(scores, reference):
    lines = [
        "| weights | balanced accuracy (mean ± std) | Δ vs oracle (mean) | Δ min .. max over seeds |",
        "|---|---:|---:|---:|",
    ]
    for method, values in scores.items():
        delta = values - scores[reference]
        lines.append(
            f"| {method} | {values.mean():.3f} ± {values.std():.3f} | "
            f"{delta.mean():+.4f} | {delta.min():+.3f} .. {delta.max():+.3f} |"
        )
    return "\n".join(lines)


def stream_memory(n_rows, batch_size, seed=0):
    """Peak traced memory and time of streaming ``n_rows`` through partial_fit."""
    rng = np.random.default_rng(seed)
    clf = WeightedClassifier(sgd(seed, average=True))
    fraction = ratio_to_fraction(50)
    tracemalloc.start()
    start = time.perf_counter()
    for _ in range(n_rows // batch_size):
        X, y = draw(rng, batch_size, fraction)  # generated on the fly
        clf.partial_fit(X, y, classes=CLASSES)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert clf.weighter_.class_counts_.sum() == n_rows
    return peak / 2**20, elapsed


def partial_fit_overhead(n_batches, n_rounds, batch_size=1000, seed=0):
    """Time of the wrapper's partial_fit over a bare SGD given the same weights.

    The weights for the bare loop are computed before timing, by the same
    running counts (``ClassBalancedWeighter.partial_fit``, rescaled to mean 1
    over the data seen). Each batch is passed to the wrapper and to the bare
    estimator one after the other, so that both see the same machine load.
    Times are the thread's CPU time, which a busy machine inflates less than
    wall time. Returns the ratio of total times per round, and the time per
    batch.
    """
    rng = np.random.default_rng(seed)
    fraction = ratio_to_fraction(50)
    stream = [draw(rng, batch_size, fraction) for _ in range(n_batches)]
    weighter, by_hand = ClassBalancedWeighter(), []
    for _, y in stream:
        weighter.partial_fit(y, classes=CLASSES)
        counts, class_weight = weighter.class_counts_, weighter.class_weight_
        scale = counts.sum() / np.dot(class_weight, counts)
        by_hand.append(weighter.transform(y) * scale)
    ratios, per_batch = [], []
    for _ in range(n_rounds):
        wrapped = WeightedClassifier(SGDClassifier(random_state=seed))
        bare = SGDClassifier(random_state=seed)
        wrapped_time = bare_time = 0.0
        for index, ((X, y), weights) in enumerate(zip(stream, by_hand)):
            # Alternate which one goes first, so neither always meets the
            # batch cold in the cache.
            for wrapper_turn in (index % 2 == 0, index % 2 == 1):
                start = time.thread_time()
                if wrapper_turn:
                    wrapped.partial_fit(X, y, classes=CLASSES)
                    wrapped_time += time.thread_time() - start
                else:
                    bare.partial_fit(X, y, classes=CLASSES, sample_weight=weights)
                    bare_time += time.thread_time() - start
        # Same weights, same model: the comparison is like for like.
        np.testing.assert_allclose(wrapped.estimator_.coef_, bare.coef_, rtol=1e-10)
        ratios.append(wrapped_time / bare_time)
        per_batch.append((wrapped_time / n_batches, bare_time / n_batches))
    return np.array(ratios), np.array(per_batch)


def overhead_section(n_batches, n_rounds):
    ratios, per_batch = partial_fit_overhead(n_batches, n_rounds)
    wrapped, bare = np.median(per_batch, axis=0) * 1e6
    return (
        f"### partial_fit overhead: WeightedClassifier(SGDClassifier()) vs a bare "
        f"SGDClassifier given the same weights by hand, {n_batches} batches of "
        f"1000 rows x {N_FEATURES} features, {n_rounds} rounds, timed side by side\n\n"
        "| | CPU time per batch (µs, median over rounds) |\n|---|---:|\n"
        f"| WeightedClassifier(SGDClassifier()).partial_fit | {wrapped:.0f} |\n"
        f"| SGDClassifier.partial_fit(sample_weight=by hand) | {bare:.0f} |\n\n"
        f"Ratio wrapper / bare: median {np.median(ratios):.3f}, "
        f"min {ratios.min():.3f}, max {ratios.max():.3f} over rounds "
        "(the target is at most 1.15)."
    )


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.streaming", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--quick", action="store_true", help="2 seeds, small stream")
    parser.add_argument("--output", default=None, help="name stem of the result file")
    args = parser.parse_args(argv)
    if args.quick:
        seeds, memory_rows = range(2), [100_000]
        overhead_batches, overhead_rounds = 100, 3
        stem = args.output or "streaming_quick"
    else:
        seeds, memory_rows = range(10), [1_000_000, 10_000_000]
        overhead_batches, overhead_rounds = 300, 7
        stem = args.output or "streaming"
    command = command_line("streaming", argv)

    start = time.perf_counter()
    sections = []
    with threadpool_limits(limits=1):
        sections.append(overhead_section(overhead_batches, overhead_rounds))
        for batch_size in (200, 2000):
            scores, minority = stationary(seeds, batch_size, average=True)
            sections.append(
                f"### 1:50 stream, {N_BATCHES} batches of {batch_size} "
                f"(~{minority:.0f} minority rows per batch), SGD average=True\n\n"
                + quality_table(scores, "oracle")
            )
        for average in (True, False):
            scores = drift(seeds, 2000, average=average)
            sections.append(
                f"### Drift: 1:50 for {N_BATCHES // 2} batches, then 1:5 for "
                f"{N_BATCHES - N_BATCHES // 2} (batches of 2000), SGD "
                f"average={average}; test set drawn at 1:5\n\n"
                + quality_table(scores, "oracle (current prior)")
            )
        memory_lines = [
            "| rows streamed | batches | peak traced memory (MiB) | time (s) | "
            "all rows in memory at once (MiB) |",
            "|---:|---:|---:|---:|---:|",
        ]
        batch_size = 10_000
        for n_rows in memory_rows:
            peak, elapsed = stream_memory(n_rows, batch_size)
            memory_lines.append(
                f"| {n_rows:.0e} | {n_rows // batch_size} | {peak:.1f} | "
                f"{elapsed:.1f} | {n_rows * (N_FEATURES + 1) * 8 / 2**20:.0f} |"
            )
        sections.append(
            f"### Peak memory, WeightedClassifier(SGDClassifier(average=True)).partial_fit, "
            f"batches of {batch_size} rows x {N_FEATURES} features generated on the fly\n\n"
            + "\n".join(memory_lines)
        )
    header = (
        f"Generated stream: two Gaussian classes, {N_FEATURES} features, minority "
        f"shifted by {SHIFT[0]} along 5 of them; SGDClassifier(loss='log_loss'); "
        f"held-out set of {N_TEST} rows; seeds {list(seeds)}; one thread. "
        f"Run time {time.perf_counter() - start:.0f} s."
    )
    save_report(stem, header + "\n\n" + "\n\n".join(sections), command=command)


if __name__ == "__main__":
    main()
