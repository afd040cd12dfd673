"""
=====================================================
Tuning the scheme and ``beta`` with ``GridSearchCV``
=====================================================

The weighting scheme is a hyper-parameter like any other. Because
:class:`~sklearn_classweight.WeightedClassifier` exposes its weighter's
parameters as ``weighter__scheme``, ``weighter__beta``, ..., a plain
:class:`~sklearn.model_selection.GridSearchCV` tunes them, with the
cross-validation folds re-fitting the weights on each training split.

We search ``scheme`` x ``beta`` on a long-tailed version of the digits data
and show the cross-validated balanced accuracy as a heatmap.
"""

# %%
# Data: long-tailed digits
# ------------------------
# The digits are split in half; the training half is subsampled so that the
# class sizes fall exponentially from about 90 to 4 (imbalance factor 20), and the
# untouched other half is kept as a balanced test set.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import GridSearchCV, StratifiedKFold, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_classweight import ClassBalancedWeighter, WeightedClassifier
from sklearn_classweight.datasets import make_long_tailed

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.5, stratify=y, random_state=0
)
X_train, y_train = make_long_tailed(
    X_train, y_train, imbalance_factor=20, random_state=0
)
print("training class sizes:", np.bincount(y_train))

# %%
# The search
# ----------
# ``beta`` only affects ``scheme="ens"``; INS and ISNS are included so that
# the heatmap shows them as constant rows to compare against. The class sizes
# here are below 100, so ``beta`` has to be close to 1 before ENS moves away
# from uniform weights (``E_n`` saturates at ``1 / (1 - beta)``).
model = make_pipeline(StandardScaler(), LogisticRegression(C=0.1, max_iter=2000))
param_grid = {
    "weighter__scheme": ["uniform", "isns", "ens", "ins"],
    "weighter__beta": [0.5, 0.9, 0.95, 0.99, 0.999],
}
search = GridSearchCV(
    WeightedClassifier(model, weighter=ClassBalancedWeighter()),
    param_grid,
    scoring="balanced_accuracy",
    cv=StratifiedKFold(n_splits=3, shuffle=True, random_state=0),
)
search.fit(X_train, y_train)
print("best parameters:", search.best_params_)
print(f"best CV balanced accuracy: {search.best_score_:.3f}")

# %%
# Heatmap of the cross-validated score
# ------------------------------------
schemes, betas = param_grid["weighter__scheme"], param_grid["weighter__beta"]
scores = np.empty((len(schemes), len(betas)))
for params, score in zip(
    search.cv_results_["params"], search.cv_results_["mean_test_score"]
):
    scores[
        schemes.index(params["weighter__scheme"]), betas.index(params["weighter__beta"])
    ] = score

fig, ax = plt.subplots(figsize=(7, 3.8))
image = ax.imshow(scores, cmap="viridis", aspect="auto")
midpoint = (scores.min() + scores.max()) / 2
for i in range(len(schemes)):
    for j in range(len(betas)):
        color = (
            "k" if scores[i, j] > midpoint else "w"
        )  # readable on light and dark cells
        ax.text(
            j,
            i,
            f"{scores[i, j]:.3f}",
            ha="center",
            va="center",
            color=color,
            fontsize=9,
        )
ax.set_xticks(range(len(betas)), [str(b) for b in betas])
ax.set_yticks(range(len(schemes)), schemes)
ax.set(xlabel="weighter__beta", ylabel="weighter__scheme")
ax.set_title("Mean CV balanced accuracy (3 folds)")
fig.colorbar(image, ax=ax)
fig.tight_layout()

# %%
# ``uniform`` (no rebalancing) is the bottom line; ENS climbs from it to INS
# as ``beta`` grows towards 1, and ISNS sits in between. Finally, the refitted
# best model on the balanced test half:
y_pred = search.predict(X_test)
print(
    f"test balanced accuracy of the best model: {balanced_accuracy_score(y_test, y_pred):.3f}"
)
