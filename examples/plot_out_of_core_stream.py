"""
======================================================
Out-of-core training on an imbalanced stream of chunks
======================================================

When the data arrive in chunks (read from disk, a database cursor or a
message queue) and never fit in memory at once, scikit-learn trains with
``partial_fit``, but refuses ``class_weight="balanced"`` there: the class
counts of the whole stream are not known in advance.

``WeightedClassifier.partial_fit`` keeps running class counts instead. Each
chunk is added to the counts, then weighted from them, rescaled so that the
mean weight over everything seen so far is 1 (so the learning rate keeps its
meaning), and handed to the estimator's ``partial_fit``. Only one chunk is in
memory at a time: ``benchmarks/streaming.py`` measures a flat peak memory for
1e6 and 1e7 rows streamed, and running counts within 0.01 balanced accuracy
of weights computed from the whole stream in advance.

See :ref:`large_data` for the limits, and for drifting class priors.
"""

# %%
# A stream of chunks
# ------------------
# A generator stands for the reader: each chunk is drawn when it is needed.
# The rare class is 1 row in 51 (about 40 per chunk of 2,000).
import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import balanced_accuracy_score

from sklearn_classweight import ClassBalancedWeighter, WeightedClassifier

N_FEATURES = 20
SHIFT = np.r_[np.full(5, 0.7), np.zeros(N_FEATURES - 5)]


def read_chunks(n_chunks, chunk_size, minority_fraction, seed):
    """Yield (X, y) chunks: two Gaussian classes, the rare one shifted."""
    rng = np.random.default_rng(seed)
    for _ in range(n_chunks):
        y = (rng.random(chunk_size) < minority_fraction).astype(int)
        X = rng.standard_normal((chunk_size, N_FEATURES)) + y[:, None] * SHIFT
        yield X, y


X_test, y_test = next(read_chunks(1, 50_000, 1 / 51, seed=1))

# %%
# Train with running class weights, and without
# ----------------------------------------------
# ``classes`` is required on the first call, as for every ``partial_fit``:
# the first chunk may lack a class.
weighted = WeightedClassifier(SGDClassifier(loss="log_loss", average=True))
unweighted = SGDClassifier(loss="log_loss", average=True)
history = {"WeightedClassifier.partial_fit": [], "no weights": []}
for X, y in read_chunks(n_chunks=50, chunk_size=2000, minority_fraction=1 / 51, seed=0):
    weighted.partial_fit(X, y, classes=[0, 1])
    unweighted.partial_fit(X, y, classes=[0, 1])
    for name, model in [
        ("WeightedClassifier.partial_fit", weighted),
        ("no weights", unweighted),
    ]:
        history[name].append(balanced_accuracy_score(y_test, model.predict(X_test)))

print("running class counts:", weighted.weighter_.class_counts_)
print("class weights now:   ", weighted.weighter_.class_weight_.round(3))
for name, scores in history.items():
    print(f"{name:32s} balanced accuracy after the stream: {scores[-1]:.3f}")

# %%
# The unweighted model learns to predict the majority class only; the
# weighted one reaches its level after a few chunks and stays there.
fig, ax = plt.subplots(figsize=(6, 3.5))
for name, scores in history.items():
    ax.plot(np.arange(1, 51), scores, label=name)
ax.set_xlabel("chunks seen")
ax.set_ylabel("balanced accuracy (held out)")
ax.set_ylim(0.45, 1.0)
# Above both curves: the unweighted one runs along the bottom, at 0.5.
ax.legend(loc="upper right")
fig.tight_layout()

# %%
# A drifting class prior: ``decay``
# ---------------------------------
# When the rare class becomes more frequent midway (here 1:50, then 1:5),
# cumulative counts remember the old prior and keep overweighting it.
# ``ClassBalancedWeighter(decay=0.9)`` multiplies the counts by 0.9 before
# each chunk is added, so they describe roughly the last 10 chunks.
cumulative = WeightedClassifier(SGDClassifier(loss="log_loss", random_state=0))
decayed = WeightedClassifier(
    SGDClassifier(loss="log_loss", random_state=0), ClassBalancedWeighter(decay=0.9)
)
before = read_chunks(25, 2000, 1 / 51, seed=2)
after = read_chunks(25, 2000, 1 / 6, seed=3)
for X, y in (*before, *after):
    cumulative.partial_fit(X, y, classes=[0, 1])
    decayed.partial_fit(X, y, classes=[0, 1])
for name, model in [("cumulative counts", cumulative), ("decay=0.9", decayed)]:
    counts = model.weighter_.class_counts_
    print(
        f"{name:18s} counted minority share {counts[1] / counts.sum():.3f} "
        f"(current prior {1 / 6:.3f}), class weights {model.weighter_.class_weight_.round(2)}"
    )
