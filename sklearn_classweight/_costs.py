"""Costs of decisions: cost matrices, the Bayes rule, a cost scorer, weights from costs.

A cost matrix ``C[true, predicted]`` says what each decision costs for each
true class; a negative entry is a gain. Its columns may include one more
decision than there are classes, "abstain" (send the row for review), at a
cost of its own per true class. Given probabilities ``p(i | x)``, the
decision of least expected cost is ``argmin_j sum_i p(i | x) C[i, j]``
(the Bayes rule). For two classes that is Elkan's (2001) threshold on
``p(1 | x)``.

Costs that depend on the example (a fraud's amount) are a callable of ``X``
returning one matrix per row, shape ``(n_samples, K, K)`` (or ``K + 1``
columns): the cost is a function of the row, so the same callable serves
the classifier, which decides on ``X``, and the scorer, which scores on it.

Nothing here knows about estimators beyond ``classes_`` and ``predict``.
"""

import warnings

import numpy as np
from sklearn.metrics import make_scorer
from sklearn.utils.metadata_routing import MetadataRequest

from ._compat import _num_samples

#: Relative size of the smallest singular value below which the
#: Zhou-Liu system is taken as singular, i.e. the cost matrix as consistent.
_CONSISTENCY_TOL = 1e-8


def resolve_abstain_label(abstain_label, classes, *, param="abstain_label"):
    """The label that stands for "abstain", checked against ``classes``.

    ``None`` means ``-1`` for numeric classes and ``"abstain"`` otherwise,
    or no label at all (``None``) if that one is a class (e.g. classes
    ``[-1, 1]``): abstaining then needs an explicit label
    (:func:`check_abstain_label`).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_classweight._costs import resolve_abstain_label
    >>> resolve_abstain_label(None, np.array([0, 1]))
    -1
    >>> resolve_abstain_label(None, np.array(["fraud", "ok"]))
    'abstain'
    """
    classes = np.asarray(classes)
    explicit = abstain_label is not None
    if not explicit:
        abstain_label = -1 if classes.dtype.kind in "iufb" else "abstain"
    if any(_same_label(abstain_label, label) for label in classes.tolist()):
        if not explicit:
            return None
        raise ValueError(
            f"{param}={abstain_label!r} is also a class label (classes_ is "
            f"{classes.tolist()}); pass an {param} that no class uses."
        )
    return abstain_label


def check_abstain_label(abstain_label, costs, classes, *, param="abstain_label"):
    """Raise if ``costs`` has an abstain column but there is no abstain label."""
    if abstain_label is None and costs.shape[-1] > len(classes):
        raise ValueError(
            f"The cost matrix has an abstain column, but the default {param} "
            f"(-1) is a class label (classes_ is {np.asarray(classes).tolist()}); "
            f"pass an {param} that no class uses, e.g. {param}='abstain'."
        )


def _same_label(a, b):
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def check_cost_matrix(cost_matrix, classes, *, abstain_label=None, param="cost_matrix"):
    """A cost matrix as a float array ``C[true, predicted]`` in ``classes`` order.

    Parameters
    ----------
    cost_matrix : array-like of shape (K, K) or (K, K + 1), dict or None
        An array in the order of ``classes`` (a ``K + 1``-th column is the
        cost of abstaining); a dict ``{(true, predicted): cost}`` keyed by
        labels (``predicted`` may be ``abstain_label``), pairs it does not
        name costing 0; ``None`` for the zero-one cost ``1 - I``.
    classes : ndarray of shape (K,)
        Sorted class labels.
    abstain_label : object, default=None
        The label of the abstain decision (see :func:`resolve_abstain_label`).
    param : str, default="cost_matrix"
        The name errors give the parameter.

    Returns
    -------
    cost_matrix : ndarray of shape (K, K) or (K, K + 1)

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_classweight._costs import check_cost_matrix
    >>> check_cost_matrix({("ok", "fraud"): 1, ("fraud", "ok"): 5},
    ...                   np.array(["fraud", "ok"]))
    array([[0., 5.],
           [1., 0.]])
    """
    classes = np.asarray(classes)
    n_classes = len(classes)
    if cost_matrix is None:
        return 1.0 - np.eye(n_classes)
    if callable(cost_matrix):
        raise TypeError(
            f"{param} is a callable (per-row costs); here it must be one matrix "
            f"of shape ({n_classes}, {n_classes}) or a dict."
        )
    if isinstance(cost_matrix, dict):
        return _dict_to_matrix(cost_matrix, classes, abstain_label, param)
    try:
        matrix = np.asarray(cost_matrix, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{param} must be an array of costs C[true, predicted], a dict keyed "
            f"by (true, predicted) label pairs, or a callable of X; got "
            f"{type(cost_matrix).__name__}."
        ) from exc
    if matrix.ndim != 2 or matrix.shape not in (
        (n_classes, n_classes),
        (n_classes, n_classes + 1),
    ):
        raise ValueError(
            f"{param} has shape {matrix.shape}, but there are {n_classes} classes "
            f"({classes.tolist()}); pass a ({n_classes}, {n_classes}) matrix "
            f"C[true, predicted] in the order of classes_, or "
            f"({n_classes}, {n_classes + 1}) with the cost of abstaining last."
        )
    _check_finite(matrix, param)
    return matrix


def _dict_to_matrix(cost_matrix, classes, abstain_label, param):
    n_classes = len(classes)
    abstain = resolve_abstain_label(abstain_label, classes)
    index = {label: position for position, label in enumerate(classes.tolist())}
    entries, unknown, abstains = [], [], False
    for key, cost in cost_matrix.items():
        if not isinstance(key, tuple) or len(key) != 2:
            raise ValueError(
                f"{param} keys must be (true, predicted) label pairs; got {key!r}."
            )
        true, predicted = key
        true = _plain(true)
        predicted = _plain(predicted)
        if true not in index:
            unknown.append(true)
            continue
        if predicted in index:
            column = index[predicted]
        elif _same_label(predicted, abstain):
            column, abstains = n_classes, True
        else:
            unknown.append(predicted)
            continue
        entries.append((index[true], column, cost))
    if unknown:
        raise ValueError(
            f"{param} names labels {unknown} that are not classes of y "
            f"({classes.tolist()}) nor the abstain label {abstain!r}; key the "
            "dict by (true, predicted) pairs of those labels."
        )
    matrix = np.zeros((n_classes, n_classes + abstains))
    for row, column, cost in entries:
        try:
            matrix[row, column] = float(cost)
        except (TypeError, ValueError) as exc:
            raise TypeError(
                f"{param} has a cost {cost!r} that is not a number."
            ) from exc
    _check_finite(matrix, param)
    return matrix


def _plain(label):
    """A numpy scalar label as the Python value ``tolist()`` gives."""
    return label.item() if isinstance(label, np.generic) else label


def _check_finite(matrix, param):
    if not np.all(np.isfinite(matrix)):
        raise ValueError(
            f"{param} has NaN or infinite costs; every decision needs a finite "
            "cost (use a large number for a decision that must be avoided)."
        )


def check_row_costs(costs, n_samples, n_classes, *, param="cost_matrix"):
    """Validate per-row costs returned by a callable ``cost_matrix(X)``."""
    costs = np.asarray(costs, dtype=np.float64)
    if costs.shape not in (
        (n_samples, n_classes, n_classes),
        (n_samples, n_classes, n_classes + 1),
    ):
        raise ValueError(
            f"{param}(X) returned shape {costs.shape}; a callable {param} must "
            f"return one matrix per row of X: shape ({n_samples}, {n_classes}, "
            f"{n_classes}), or ({n_samples}, {n_classes}, {n_classes + 1}) with "
            "the cost of abstaining last."
        )
    _check_finite(costs, f"{param}(X)")
    return costs


def costs_for(cost_matrix, X, classes, *, abstain_label=None, param="cost_matrix"):
    """The costs that apply to the rows of ``X``: one matrix, or one per row."""
    if callable(cost_matrix):
        return check_row_costs(
            cost_matrix(X), _num_samples(X), len(classes), param=param
        )
    return check_cost_matrix(
        cost_matrix, classes, abstain_label=abstain_label, param=param
    )


def expected_cost(proba, costs):
    """Risk of each decision, ``sum_i p(i | x) C[i, j]``, shape (n, n_decisions).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_classweight._costs import expected_cost
    >>> expected_cost(np.array([[0.9, 0.1]]), np.array([[0.0, 1.0], [5.0, 0.0]]))
    array([[0.5, 0.9]])
    """
    if costs.ndim == 2:
        return proba @ costs
    return np.einsum("ni,nij->nj", proba, costs)


def bayes_decision(proba, costs):
    """Index of the decision of least expected cost, per row.

    Two classes, no abstain: class 1 where ``p(1 | x) >= p*`` with Elkan's
    threshold ``p* = (C10 - C00) / (C10 - C00 + C01 - C11)`` (written with
    ``fp = C01 - C00`` and ``fn = C10 - C11``: ``fp / (fp + fn)``), exactly as
    :class:`~sklearn.model_selection.FixedThresholdClassifier` compares;
    ties go to class 1. Where ``fp`` or ``fn`` is not positive the threshold
    is not defined and the risks are compared (``fn p1 >= fp p0``). Otherwise
    the argmin of :func:`expected_cost`, ties to the first decision.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_classweight._costs import bayes_decision
    >>> costs = np.array([[0.0, 1.0], [5.0, 0.0]])  # a missed 1 costs 5
    >>> bayes_decision(np.array([[0.9, 0.1], [0.8, 0.2]]), costs)
    array([0, 1])
    """
    if costs.shape[-2:] != (2, 2):
        return np.argmin(expected_cost(proba, costs), axis=1)
    false_positive = costs[..., 0, 1] - costs[..., 0, 0]
    false_negative = costs[..., 1, 0] - costs[..., 1, 1]
    p1 = proba[:, 1]
    defined = (false_positive > 0) & (false_negative > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        threshold = false_positive / (false_positive + false_negative)
    positive = np.where(
        defined,
        p1 >= threshold,
        false_negative * p1 >= false_positive * proba[:, 0],
    )
    return positive.astype(np.intp)


def elkan_threshold(cost_matrix):
    """Elkan's (2001) threshold ``p*`` on ``p(1 | x)`` for a 2x2 cost matrix.

    Examples
    --------
    >>> from sklearn_classweight._costs import elkan_threshold
    >>> elkan_threshold([[0, 1], [5, 0]])
    0.16666666666666666
    """
    costs = np.asarray(cost_matrix, dtype=np.float64)
    false_positive = costs[0, 1] - costs[0, 0]
    false_negative = costs[1, 0] - costs[1, 1]
    return float(false_positive / (false_positive + false_negative))


def decision_codes(labels, classes, abstain_label, *, param):
    """Column of each label in a cost matrix: its class, ``K`` for abstain."""
    labels = np.asarray(labels)
    codes = np.full(labels.shape[0], -1, dtype=np.intp)
    for position, label in enumerate(np.asarray(classes).tolist()):
        codes[labels == label] = position
    if abstain_label is not None:
        codes[(codes < 0) & (labels == abstain_label)] = len(classes)
    unknown = codes < 0
    if np.any(unknown):
        raise ValueError(
            f"{param} has labels {np.unique(labels[unknown]).tolist()} that are "
            f"not classes of the cost matrix ({np.asarray(classes).tolist()}); "
            "pass the classes the costs are for (classes=...)."
        )
    return codes


def negative_mean_cost(
    y_true, y_pred, *, cost_matrix, classes=None, abstain_label=None, sample_weight=None
):
    """``-mean C[y_true, y_pred]``: the metric behind :func:`make_cost_scorer`.

    ``classes`` (the labels of the matrix rows) defaults to the labels of
    ``y_true``, which must then be all ``K`` of them.

    Examples
    --------
    >>> from sklearn_classweight._costs import negative_mean_cost
    >>> negative_mean_cost([0, 1, 1], [0, 0, 1], cost_matrix=[[0, 1], [5, 0]])
    -1.6666666666666667
    """
    y_true = np.asarray(y_true)
    if classes is None:
        classes = np.unique(y_true)
        n_rows = np.shape(cost_matrix)[0] if not isinstance(cost_matrix, dict) else None
        if n_rows is not None and n_rows != len(classes):
            raise ValueError(
                f"cost_matrix has {n_rows} rows but y_true has {len(classes)} "
                f"classes ({classes.tolist()}); pass classes=... to "
                "make_cost_scorer, the labels of the rows in order."
            )
    classes = np.asarray(classes)
    abstain = resolve_abstain_label(abstain_label, classes)
    costs = check_cost_matrix(cost_matrix, classes, abstain_label=abstain)
    check_abstain_label(abstain, costs, classes)
    return _negative_mean(costs, classes, abstain, y_true, y_pred, sample_weight)


def _negative_mean(costs, classes, abstain, y_true, y_pred, sample_weight):
    true_codes = decision_codes(y_true, classes, None, param="y_true")
    predicted = decision_codes(y_pred, classes, abstain, param="the predictions")
    if predicted.max(initial=0) >= costs.shape[-1]:
        raise ValueError(
            f"The estimator abstained (predicted {abstain!r}), but the cost "
            "matrix has no abstain column; pass a (K, K + 1) cost matrix."
        )
    if costs.ndim == 2:
        row_costs = costs[true_codes, predicted]
    else:
        row_costs = costs[np.arange(len(true_codes)), true_codes, predicted]
    return -float(np.average(row_costs, weights=sample_weight))


class CostScorer:
    """Negative mean cost of predictions, for costs that are a callable of ``X``.

    Made by :func:`make_cost_scorer`; called as ``scorer(estimator, X, y,
    sample_weight=None)`` like any scikit-learn scorer.
    """

    def __init__(self, cost_matrix, classes=None, abstain_label=None):
        self.cost_matrix = cost_matrix
        self.classes = classes
        self.abstain_label = abstain_label

    def _classes(self, estimator):
        if self.classes is not None:
            return np.asarray(self.classes)
        return np.asarray(estimator.classes_)

    def __call__(self, estimator, X, y_true, sample_weight=None):
        """Negative mean cost of ``estimator.predict(X)`` against ``y_true``."""
        classes = self._classes(estimator)
        abstain = resolve_abstain_label(self.abstain_label, classes)
        costs = costs_for(self.cost_matrix, X, classes, abstain_label=abstain)
        check_abstain_label(abstain, costs, classes)
        return _negative_mean(
            costs, classes, abstain, y_true, estimator.predict(X), sample_weight
        )

    def get_metadata_routing(self):
        """With metadata routing on, the score takes ``sample_weight``."""
        request = MetadataRequest(owner=self)
        request.score.add_request(param="sample_weight", alias=True)
        return request

    def __repr__(self):
        return f"make_cost_scorer({self.cost_matrix!r})"


def make_cost_scorer(cost_matrix, *, classes=None, abstain_label=None):
    """A scorer: the negative mean cost of the predictions (higher is better).

    For :class:`~sklearn.model_selection.GridSearchCV`,
    :func:`~sklearn.model_selection.cross_validate` and
    :class:`WeightedClassifierCV` (``scoring=``): it selects the model (and,
    in :class:`WeightedClassifierCV`, the post-hoc shift) whose decisions
    cost least on the validation folds. ``sample_weight`` given to the
    search weights the mean. With one cost matrix it is a scikit-learn
    scorer (:func:`~sklearn.metrics.make_scorer`), which
    :class:`~sklearn.model_selection.TunedThresholdClassifierCV` accepts
    too.

    Parameters
    ----------
    cost_matrix : array-like of shape (K, K) or (K, K + 1), dict or callable
        Costs ``C[true, predicted]``, as for :class:`CostSensitiveClassifier`:
        an array in the order of the estimator's ``classes_`` (or of
        ``classes``), a dict ``{(true, predicted): cost}`` keyed by labels
        (unnamed pairs cost 0), or a callable ``cost_matrix(X)`` returning
        one matrix per row of ``X``, shape ``(n_samples, K, K)``, for costs
        that depend on the example. A ``K + 1``-th column is the cost of
        abstaining (a prediction equal to ``abstain_label``).
    classes : array-like of shape (K,), default=None
        The labels of the rows of the cost matrix. ``None``: the labels of
        the scored ``y`` (a fixed matrix; each validation fold must then
        hold every class), or the scored estimator's ``classes_`` (a
        callable).
    abstain_label : object, default=None
        The prediction that means "abstain"; ``None``: ``-1`` for numeric
        classes, ``"abstain"`` otherwise (as :class:`CostSensitiveClassifier`).

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y, sample_weight=None) -> -mean cost``. A
        callable ``cost_matrix`` needs ``X`` to score, so its scorer is not
        one that ``TunedThresholdClassifierCV`` can take apart; use
        :class:`CostSensitiveClassifier`, which needs no tuning, instead.

    See Also
    --------
    CostSensitiveClassifier : Decides with the least expected cost.
    sklearn.metrics.make_scorer : Scorers from metric functions.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.model_selection import cross_val_score
    >>> from sklearn_classweight import make_cost_scorer
    >>> X, y = make_classification(n_samples=500, weights=[0.9], random_state=0)
    >>> cost = make_cost_scorer([[0, 1], [5, 0]])  # a missed 1 costs 5
    >>> scores = cross_val_score(LogisticRegression(), X, y, scoring=cost)
    >>> bool(scores.max() <= 0)
    True
    """
    if not (callable(cost_matrix) or isinstance(cost_matrix, dict)):
        try:
            matrix = np.asarray(cost_matrix, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise TypeError(
                "cost_matrix must be an array of costs C[true, predicted], a dict "
                "keyed by (true, predicted) label pairs, or a callable of X; got "
                f"{type(cost_matrix).__name__}."
            ) from exc
        if matrix.ndim != 2 or matrix.shape[1] not in (
            matrix.shape[0],
            matrix.shape[0] + 1,
        ):
            raise ValueError(
                f"cost_matrix has shape {matrix.shape}; pass a (K, K) matrix "
                "C[true, predicted], or (K, K + 1) with the cost of abstaining."
            )
        _check_finite(matrix, "cost_matrix")
    if classes is not None:
        classes = np.asarray(classes)
    if callable(cost_matrix):
        return CostScorer(cost_matrix, classes, abstain_label)
    return make_scorer(
        negative_mean_cost,
        response_method="predict",
        cost_matrix=cost_matrix,
        classes=classes,
        abstain_label=abstain_label,
    )


def class_weight_from_costs(cost_matrix, classes=None):
    """Class weights that train a model for the costs: ``{label: weight}``.

    For models without usable probabilities, where the Bayes rule of
    :class:`CostSensitiveClassifier` is not available: train with these
    weights (``class_weight=`` of a scikit-learn estimator, or
    ``ClassBalancedWeighter(scheme=...)`` in :class:`WeightedClassifier`) and
    decide by ``argmax``. **Not both**: a model trained with them and then
    decided on with the costs is corrected twice.

    The weight of a class is what misclassifying it costs, net of the cost
    of classifying it right (the regret ``R[i, j] = C[i, j] - C[i, i]``).
    For two classes, ``w_0 = R[0, 1]`` and ``w_1 = R[1, 0]``: Elkan's (2001)
    rebalancing, equivalent to his threshold. For more classes, the weights
    solve ``w_i R[j, i] = w_j R[i, j]`` for every pair (Zhou and Liu, 2010),
    which has a positive solution only for a *consistent* matrix; for any
    other matrix no class weights reproduce the costs, and the row sums
    ``w_i = sum_j R[i, j]`` are returned with a warning. Weights are scaled
    so that the smallest is 1.

    Parameters
    ----------
    cost_matrix : array-like of shape (K, K) or dict
        Costs ``C[true, predicted]``, in the order of ``classes``, or a dict
        ``{(true, predicted): cost}`` (unnamed pairs cost 0).
    classes : array-like of shape (K,), default=None
        The labels of the rows. ``None``: the dict's labels, or ``0 .. K-1``.

    Returns
    -------
    class_weight : dict
        ``{label: weight}``.

    Raises
    ------
    ValueError
        If a misclassification costs less than the right decision (negative
        regret), or a class has no misclassification cost at all.

    Examples
    --------
    >>> from sklearn_classweight import class_weight_from_costs
    >>> class_weight_from_costs([[0, 1], [5, 0]])
    {0: 1.0, 1: 5.0}
    >>> class_weight_from_costs({("ok", "fraud"): 2, ("fraud", "ok"): 10})
    {'fraud': 5.0, 'ok': 1.0}
    """
    if callable(cost_matrix):
        raise TypeError(
            "cost_matrix is a callable (per-row costs); class weights need one "
            "matrix. For example-dependent costs, pass each row's cost of "
            "misclassification as sample_weight instead."
        )
    if classes is None:
        if isinstance(cost_matrix, dict):
            classes = sorted({_plain(label) for pair in cost_matrix for label in pair})
        else:
            classes = np.arange(np.shape(cost_matrix)[0])
    classes = np.asarray(classes)
    matrix = check_cost_matrix(cost_matrix, classes)
    if matrix.shape[1] != matrix.shape[0]:
        raise ValueError(
            "cost_matrix has an abstain column; class weights cannot express an "
            "abstain decision. Use CostSensitiveClassifier."
        )
    regret = matrix - np.diag(matrix)[:, None]
    if np.any(regret < 0):
        true, predicted = np.argwhere(regret < 0)[0]
        raise ValueError(
            f"cost_matrix makes predicting {classes[predicted]!r} for a true "
            f"{classes[true]!r} cheaper than predicting it right (negative "
            "regret); weights cannot express a gain for a mistake. Decide with "
            "CostSensitiveClassifier instead."
        )
    if np.any(regret.sum(axis=1) <= 0):
        free = classes[regret.sum(axis=1) <= 0].tolist()
        raise ValueError(
            f"cost_matrix gives the classes {free} no cost for any mistake, so "
            "they would get weight 0; give each class a positive cost of "
            "misclassification."
        )
    weights = _consistent_weights(regret)
    if weights is None:
        warnings.warn(
            "cost_matrix is not consistent (Zhou and Liu, 2010): no class "
            "weights reproduce its costs, and the row sums of the "
            "misclassification costs are used. CostSensitiveClassifier decides "
            "with any cost matrix exactly.",
            UserWarning,
            stacklevel=2,
        )
        weights = regret.sum(axis=1)
    weights = weights / weights.min()
    return {_plain(label): float(weight) for label, weight in zip(classes, weights)}


def _consistent_weights(regret):
    """Positive ``w`` with ``w_i R[j, i] = w_j R[i, j]`` for all pairs, or None."""
    n_classes = len(regret)
    if n_classes == 2:
        return np.array([regret[0, 1], regret[1, 0]])
    rows = []
    for i in range(n_classes):
        for j in range(i + 1, n_classes):
            row = np.zeros(n_classes)
            row[i], row[j] = regret[j, i], -regret[i, j]
            rows.append(row)
    _, singular, vt = np.linalg.svd(np.array(rows))
    if singular.size >= n_classes and singular[-1] > _CONSISTENCY_TOL * singular[0]:
        return None
    weights = vt[-1] * np.sign(vt[-1].sum())
    if np.any(weights <= 0):
        return None
    return weights
