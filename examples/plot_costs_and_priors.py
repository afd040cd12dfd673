"""
=====================================================================
Fraud with per-transaction costs, and a fraud rate that moves
=====================================================================

A missed fraud loses its amount; reviewing a transaction costs a fixed
fee, fraudulent or not. The decision that costs least is not "the most
probable class", nor a single threshold: a large transaction is worth
reviewing at a lower fraud probability than a small one.
:class:`~sklearn_classweight.CostSensitiveClassifier` decides with such
costs, given as a function of ``X`` that returns one cost matrix per row.

Then the fraud rate moves, month by month, away from the rate the model was
trained on. :func:`~sklearn_classweight.estimate_target_prior` estimates
each month's rate from its unlabeled transactions, and ``set_params``
hands it to the fitted classifier: its decisions follow, with no refit.

See :ref:`ug_costs_and_priors` for when to weight and when to decide.
"""

# %%
# Transactions
# ------------
# A balanced pool of legitimate (0) and fraudulent (1) transactions, from
# which the training set (2 % fraud) and every month are drawn. The last
# column is the amount: it sets the cost, and the model does not see it.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_classweight import (
    CostSensitiveClassifier,
    estimate_target_prior,
    make_cost_scorer,
)

rng = np.random.default_rng(0)
features, is_fraud = make_classification(
    n_samples=60_000, n_features=8, n_informative=4, class_sep=1.5, random_state=0
)
amount = rng.lognormal(mean=3.5 + 0.5 * is_fraud, sigma=1.0)
X_pool = np.column_stack([features, amount])
fraud_rows = rng.permutation(np.flatnonzero(is_fraud == 1))
legit_rows = rng.permutation(np.flatnonzero(is_fraud == 0))


used = {"fraud": 0, "legit": 0}


def draw(n_rows, fraud_rate):
    """``n_rows`` transactions not drawn before, with the given fraud rate."""
    n_fraud = int(round(n_rows * fraud_rate))
    fraud = fraud_rows[used["fraud"] : used["fraud"] + n_fraud]
    legit = legit_rows[used["legit"] : used["legit"] + n_rows - n_fraud]
    used["fraud"] += n_fraud
    used["legit"] += n_rows - n_fraud
    rows = np.concatenate([fraud, legit])
    return X_pool[rows], is_fraud[rows]


X_train, y_train = draw(10_000, 0.02)
X_test, y_test = draw(5_000, 0.02)
REVIEW_FEE = 5.0


def transaction_costs(X):
    """Cost ``C[true, decision]`` of each transaction: rows 0 legit, 1 fraud."""
    costs = np.zeros((len(X), 2, 2))
    costs[:, 0, 1] = REVIEW_FEE  # a legitimate transaction reviewed
    costs[:, 1, 1] = REVIEW_FEE  # a fraud reviewed and stopped
    costs[:, 1, 0] = X[:, -1]  # a missed fraud loses its amount
    return costs


# %%
# Three decision rules on one model
# ---------------------------------
# The model sees the features, not the amount. ``argmax`` ignores the costs;
# a single threshold uses the mean amount of a fraud for every row; the
# per-row rule uses each transaction's own amount.
model = make_pipeline(
    ColumnTransformer([("features", StandardScaler(), slice(0, -1))]),
    LogisticRegression(),
)
mean_fraud_amount = X_train[y_train == 1, -1].mean()
rules = {
    "argmax": CostSensitiveClassifier(model),
    "one threshold (mean amount)": CostSensitiveClassifier(
        model, [[0.0, REVIEW_FEE], [mean_fraud_amount, REVIEW_FEE]]
    ),
    "per-transaction costs": CostSensitiveClassifier(model, transaction_costs),
}
cost = make_cost_scorer(transaction_costs)  # -mean cost per transaction
total = {}
for name, rule in rules.items():
    rule.fit(X_train, y_train)
    total[name] = -cost(rule, X_test, y_test) * len(y_test)
    print(f"{name:>28}: total cost {total[name]:9.0f}")

fig, ax = plt.subplots(figsize=(6, 2.5))
ax.barh(list(total), list(total.values()))
ax.set_xlabel("total cost on 5,000 test transactions")
fig.tight_layout()

# %%
# The per-row rule reviews a transaction when its fraud probability times
# its amount exceeds the fee: large transactions at lower probabilities.
per_row = rules["per-transaction costs"]
reviewed = per_row.predict(X_test) == 1
proba = per_row.predict_proba(X_test)[:, 1]
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.scatter(X_test[:, -1], proba, c=reviewed, s=4, cmap="coolwarm")
grid = np.geomspace(X_test[:, -1].min(), X_test[:, -1].max(), 100)
ax.plot(grid, REVIEW_FEE / grid, "k--", label="p = fee / amount")
ax.set(xscale="log", yscale="log", ylim=(1e-5, 1), xlabel="amount")
ax.set_ylabel("fraud probability")
ax.legend(loc="lower left")
fig.tight_layout()

# %%
# The fraud rate moves
# --------------------
# Six months of 2,000 transactions, fraud rates from 1 % to 15 %. Each
# month, the rate is estimated from the month's transactions alone (EM on
# the model's posteriors; a month whose data cannot reject the training
# rate keeps it) and given to the fitted classifier as its
# ``target_prior``. Nothing is refitted.
months = [0.01, 0.02, 0.04, 0.08, 0.12, 0.15]
fitted_model = per_row.estimator_
results = {"training rate (2 %)": [], "estimated rate": [], "true rate": []}
estimates = []
for rate in months:
    X_month, y_month = draw(2_000, rate)
    prior = estimate_target_prior(per_row, X_month)
    estimates.append(prior[1])
    for name, target in [
        ("training rate (2 %)", "train"),
        ("estimated rate", prior),
        ("true rate", np.array([1 - rate, rate])),
    ]:
        per_row.set_params(target_prior=target)
        results[name].append(-cost(per_row, X_month, y_month) * len(y_month))
assert per_row.estimator_ is fitted_model  # no refit
print("true rates:     ", months)
print("estimated rates:", np.round(estimates, 3).tolist())

fig, ax = plt.subplots(figsize=(6, 3.5))
for name, costs in results.items():
    ax.plot(np.array(months) * 100, costs, marker="o", label=f"decide under the {name}")
ax.set(xlabel="fraud rate of the month (%)", ylabel="total cost of the month")
ax.legend()
fig.tight_layout()

# %%
# Under the training rate, the classifier under-reviews as fraud grows;
# under the estimated rate it costs about what it would under the true one.
# The costs were never turned into class weights: the model is trained
# once, unweighted, and costs and priors act on its probabilities (weighting
# *and* deciding with the costs would correct twice; see the guide).
