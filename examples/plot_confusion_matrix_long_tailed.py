"""
=======================================================
Confusion matrices and per-class recall on a long tail
=======================================================

An unweighted classifier trained on long-tailed data favours its head
classes: the rare classes are absorbed by frequent ones. Weighting each
sample by its class's inverse frequency trades a little head-class recall for
much more tail-class recall. We compare the two on the digits data, trained
on a long-tailed half and tested on the balanced other half.
"""

# %%
# Long-tailed training data, balanced test data
# ---------------------------------------------
# Class 0 keeps about 90 training samples and class 9 keeps 2 (imbalance
# factor 40).
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    ConfusionMatrixDisplay,
    balanced_accuracy_score,
    recall_score,
)
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_classweight import ClassBalancedWeighter, WeightedClassifier
from sklearn_classweight.datasets import make_long_tailed

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.5, stratify=y, random_state=1
)
X_train, y_train = make_long_tailed(
    X_train, y_train, imbalance_factor=40, class_order=np.arange(10), random_state=1
)
print("training class sizes:", np.bincount(y_train))

# %%
# Two models, the same estimator
# ------------------------------
# The weighted model is the same pipeline wrapped in a
# :class:`~sklearn_classweight.WeightedClassifier`; with a pipeline, the
# weights go to its last step.
base = make_pipeline(StandardScaler(), LogisticRegression(C=0.05, max_iter=2000))
models = {
    "unweighted": base,
    "weighted (INS)": WeightedClassifier(base, weighter=ClassBalancedWeighter("ins")),
}
predictions = {
    name: model.fit(X_train, y_train).predict(X_test) for name, model in models.items()
}
for name, y_pred in predictions.items():
    print(f"{name:15s} balanced accuracy {balanced_accuracy_score(y_test, y_pred):.3f}")

# %%
# Confusion matrices
# ------------------
# Rows are normalised: the diagonal is each class's recall. Classes are
# ordered from the most frequent training class (0) to the rarest (9).
fig, axes = plt.subplots(1, 2, figsize=(10, 4.6))
for ax, (name, y_pred) in zip(axes, predictions.items()):
    ConfusionMatrixDisplay.from_predictions(
        y_test,
        y_pred,
        normalize="true",
        values_format=".2f",
        ax=ax,
        colorbar=False,
        text_kw={"fontsize": 7},
    )
    ax.set_title(name)
fig.tight_layout()

# %%
# Per-class recall against training class size
# ---------------------------------------------
recalls = {
    name: recall_score(y_test, y_pred, average=None)
    for name, y_pred in predictions.items()
}
counts = np.bincount(y_train)
fig, ax = plt.subplots(figsize=(7, 4))
width = 0.38
for offset, (name, recall) in zip((-0.5, 0.5), recalls.items()):
    ax.bar(np.arange(10) + offset * width, recall, width, label=name)
ax.set_xticks(np.arange(10), [f"{digit}\n(n={n})" for digit, n in enumerate(counts)])
ax.set(xlabel="digit (training samples)", ylabel="test recall", ylim=(0, 1.05))
ax.set_title("Per-class recall: head classes left, tail classes right")
ax.legend(loc="lower left")
fig.tight_layout()

# %%
# The weighted model gives up a little recall on the head classes and gains
# most on the classes with the fewest training samples, where the unweighted
# model's errors concentrate.
