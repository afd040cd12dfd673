"""Notebook (HTML) display of meta-estimators whose nested estimators default to ``None``.

scikit-learn draws a meta-estimator's nested estimators only when they are
given explicitly; ``WeightedClassifier()`` would show as a single box hiding
the ``LogisticRegression`` and ``ClassBalancedWeighter`` it actually uses.
Meta-estimators define ``_sk_visual_block_`` with :func:`nested_visual_block`
to show the estimators they fit (the fitted clones once fitted).
"""


def nested_visual_block(**estimators_by_role):
    """The HTML-repr block drawing each nested estimator under its role.

    Parameters
    ----------
    **estimators_by_role : estimator
        The nested estimators, keyed by the parameter name they come from
        (e.g. ``estimator=LogisticRegression()``), in display order.

    Returns
    -------
    block : sklearn.utils._repr_html.estimator._VisualBlock
        A "parallel" block labelled ``"<role>: <class name>"``, the layout
        scikit-learn uses for meta-estimators given explicit estimators.
    """
    try:  # scikit-learn >= 1.7
        from sklearn.utils._repr_html.estimator import _VisualBlock
    except ImportError:  # scikit-learn 1.6
        from sklearn.utils._estimator_html_repr import _VisualBlock

    roles = list(estimators_by_role)
    estimators = [estimators_by_role[role] for role in roles]
    return _VisualBlock(
        "parallel",
        estimators,
        names=[f"{role}: {type(est).__name__}" for role, est in zip(roles, estimators)],
        name_details=[str(est) for est in estimators],
    )
