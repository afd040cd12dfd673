"""
=========================================
Class weight as a function of class size
=========================================

How much does a sample of a class of size ``n`` weigh, under each scheme?
This is the idea of Figure 3 of Cui et al. (2019): the inverse number of
samples (INS, ``1/n``), its square root (ISNS, ``1/sqrt(n)``) and the inverse
*effective number of samples* (ENS, ``1/E_n`` with
``E_n = (1 - beta**n) / (1 - beta)``) at several ``beta``.

We then look at the weights a model actually trains with on a long-tailed
data set, read from a fitted :class:`~sklearn_classweight.WeightedClassifier`.
"""

# %%
# Weights over a range of class sizes
# -----------------------------------
# We build a label vector with one class per size, from 1 to 10,000 samples,
# and fit a :class:`~sklearn_classweight.ClassBalancedWeighter` per scheme.
# ``normalize="max"`` scales every scheme so that its largest weight, the one
# of the singleton class, is 1: the curves then show each class's weight
# *relative to a class of one sample*.
import matplotlib.pyplot as plt
import numpy as np

from sklearn_classweight import ClassBalancedWeighter

class_sizes = np.unique(np.logspace(0, 4, 60).astype(int))
y = np.repeat(np.arange(class_sizes.size), class_sizes)

schemes = {"INS (1/n)": ClassBalancedWeighter("ins", normalize="max")}
for beta in (0.9, 0.99, 0.999, 0.9999):
    schemes[f"ENS, beta={beta}"] = ClassBalancedWeighter(
        "ens", beta=beta, normalize="max"
    )
schemes["ISNS (1/sqrt n)"] = ClassBalancedWeighter("isns", normalize="max")

fig, ax = plt.subplots(figsize=(7, 4.5))
for (label, weighter), style in zip(
    schemes.items(), ["k-", "C0-", "C1-", "C2-", "C3-", "k--"]
):
    weighter.fit(y)
    ax.plot(weighter.class_counts_, weighter.class_weight_, style, label=label)
ax.set(
    xscale="log",
    yscale="log",
    xlabel="class size n (samples)",
    ylabel="class weight (relative to n = 1)",
    title="Class weight vs class size",
)
ax.grid(True, which="major", alpha=0.3)
ax.legend(loc="lower left", fontsize="small")
fig.tight_layout()

# %%
# ENS moves between the two extremes. Small classes (``n`` well below
# ``1 / (1 - beta)``) follow INS, because ``E_n`` is close to ``n`` there.
# Above that size ``E_n`` saturates at ``1 / (1 - beta)`` and the weight stops
# falling: with ``beta=0.9``, every class above ~50 samples gets the same
# weight, which is almost no rebalancing at all. ``beta`` is therefore only
# meaningful relative to the class sizes of your data.
#
# The effective number itself
# ---------------------------
# The weighter stores ``E_n`` in ``effective_num_`` for ``scheme="ens"``.
fig, ax = plt.subplots(figsize=(7, 4))
ax.plot(class_sizes, class_sizes, "k-", label="n (beta = 1)")
for beta, color in zip((0.9, 0.99, 0.999, 0.9999), ["C0", "C1", "C2", "C3"]):
    weighter = ClassBalancedWeighter("ens", beta=beta).fit(y)
    ax.plot(
        weighter.class_counts_,
        weighter.effective_num_,
        color=color,
        label=f"beta={beta}",
    )
    ax.axhline(1 / (1 - beta), color=color, ls=":", lw=1)
ax.set(
    xscale="log",
    yscale="log",
    xlabel="class size n",
    ylabel="effective number E_n",
    title="E_n saturates at 1 / (1 - beta) (dotted)",
)
ax.legend(fontsize="small")
fig.tight_layout()

# %%
# The weights a model trains with
# -------------------------------
# On real data, what matters is the weight each *training sample* gets. Here
# the digits data set is subsampled to a long tail (imbalance factor 50) with
# :func:`~sklearn_classweight.datasets.make_long_tailed`, and a
# :class:`~sklearn_classweight.WeightedClassifier` is fitted per scheme. The
# fitted weighter (``weighter_``) holds the class counts and weights that
# were passed to ``LogisticRegression.fit`` as ``sample_weight``. With the
# default ``normalize="mean"``, the mean sample weight is 1 for every scheme.
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_classweight import WeightedClassifier
from sklearn_classweight.datasets import make_long_tailed

X, y = load_digits(return_X_y=True)
X_lt, y_lt = make_long_tailed(
    X, y, imbalance_factor=50, class_order=np.arange(10), random_state=0
)

fitted = {}
for label, weighter in {
    "INS": ClassBalancedWeighter("ins"),
    "ISNS": ClassBalancedWeighter("isns"),
    "ENS, beta=0.99": ClassBalancedWeighter("ens", beta=0.99),
    "ENS, beta=0.9": ClassBalancedWeighter("ens", beta=0.9),
}.items():
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    fitted[label] = (
        WeightedClassifier(model, weighter=weighter).fit(X_lt, y_lt).weighter_
    )

counts = fitted["INS"].class_counts_
fig, (ax_counts, ax_weights) = plt.subplots(
    2, 1, figsize=(7, 6), sharex=True, height_ratios=[1, 2]
)
ax_counts.bar(fitted["INS"].classes_, counts, color="0.6")
ax_counts.set(
    ylabel="training samples", title="Long-tailed digits: class sizes and weights"
)
# Dots, not bars, on the log axis: a bar's length on a log axis is not
# proportional to the weight, and would exaggerate small ratios.
for offset, (label, weighter) in enumerate(fitted.items()):
    ax_weights.plot(
        weighter.classes_ + (offset - 1.5) * 0.12,
        weighter.class_weight_,
        marker="o",
        linestyle="none",
        label=label,
    )
ax_weights.axhline(1, color="k", lw=0.8)
ax_weights.set(
    xlabel="digit",
    ylabel="class weight (mean sample weight 1, log scale)",
    yscale="log",
)
ax_weights.set_xticks(np.arange(10))
ax_weights.legend(fontsize="small", ncols=2)
fig.tight_layout()

for label, weighter in fitted.items():
    print(f"{label:15s}", np.round(weighter.class_weight_, 2))

# %%
# :class:`~sklearn_classweight.ClassWeightDisplay` draws the same weights
# against the class sizes in one call (``from_estimator`` does it for one
# fitted model or weighter). On log-log axes, INS is a straight line of slope
# -1, ISNS one of slope -1/2, and ENS bends from INS towards uniform weights as
# the classes grow past ``1 / (1 - beta)``.
from sklearn_classweight import ClassWeightDisplay

display = ClassWeightDisplay(
    counts,
    {label: weighter.class_weight_ for label, weighter in fitted.items()},
    classes=fitted["INS"].classes_,
).plot()
display.ax_.set_title("Class weight vs class size, long-tailed digits")
display.figure_.tight_layout()

# %%
# Reference: Y. Cui, M. Jia, T.-Y. Lin, Y. Song and S. Belongie,
# "Class-Balanced Loss Based on Effective Number of Samples", CVPR 2019.
