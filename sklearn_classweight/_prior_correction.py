"""Class priors and the per-class shift of log-probabilities, in one place.

A model trained with class weights ``w_c`` on class counts ``n_c`` learns the
posterior under the prior ``π_c ∝ n_c w_c``: ``p'(c|x) ∝ w_c p(c|x)``. Two
estimators act on that through one shift of the log-probabilities,
``log p(c|x) - shift_c`` renormalised (:func:`shift_log_proba`):

- :class:`WeightedClassifier` with ``prior_correction`` undoes the weights,
  ``shift_c = log w_c``, so the probabilities follow the data's class
  frequencies again (Elkan, 2001; Saerens et al., 2002);
- :class:`LogitAdjustedClassifier` (and the shift stage of
  :class:`WeightedClassifierCV`) moves decisions towards rare classes,
  ``shift_c = tau * log π_c`` with ``π`` the prior the model was trained under
  (:func:`trained_class_prior`); Menon et al. (2021).
"""

import numpy as np
from scipy.special import log_softmax

from ._meta import weighted_step


def shift_log_proba(log_proba, shift):
    """Renormalised ``log_proba - shift``, row by row.

    Parameters
    ----------
    log_proba : ndarray of shape (n_samples, n_classes)
        Log-probabilities (or any scores defined up to a per-row constant);
        ``-inf`` entries stay ``-inf``.
    shift : ndarray of shape (n_classes,)
        Per-class shift.

    Returns
    -------
    log_proba : ndarray of shape (n_samples, n_classes)
        Log-probabilities whose exponentials sum to 1 in every row.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_classweight._prior_correction import shift_log_proba
    >>> np.exp(shift_log_proba(np.log([[0.5, 0.5]]), np.log([1.0, 9.0])))
    array([[0.9, 0.1]])
    """
    return log_softmax(np.asarray(log_proba, dtype=np.float64) - shift, axis=1)


def prior_corrected_proba(proba, class_weight):
    """Undo class weights in predicted probabilities: ``p_c ∝ p̂_c / w_c``.

    Parameters
    ----------
    proba : ndarray of shape (n_samples, n_classes)
        Probabilities of a model trained with per-class weights.
    class_weight : ndarray of shape (n_classes,)
        The positive class weights it was trained with; their scale does not
        matter.

    Returns
    -------
    proba : ndarray of shape (n_samples, n_classes)
        Probabilities for the unweighted class distribution.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_classweight._prior_correction import prior_corrected_proba
    >>> prior_corrected_proba(np.array([[0.5, 0.5]]), np.array([1.0, 9.0]))
    array([[0.9, 0.1]])
    """
    corrected = np.asarray(proba, dtype=np.float64) / class_weight
    return corrected / corrected.sum(axis=1, keepdims=True)


def class_index(labels, classes, *, param):
    """Position of each of ``labels`` in the sorted array ``classes``.

    Raises a ``ValueError`` naming ``param`` when a label is not in ``classes``.
    """
    labels = np.asarray(labels)
    index = np.clip(np.searchsorted(classes, labels), 0, len(classes) - 1)
    unknown = classes[index] != labels
    if np.any(unknown):
        raise ValueError(
            f"{param} has labels {labels[unknown].tolist()} that the fitted "
            f"weighter does not know (its classes are {classes.tolist()}); fit "
            "the weighter and the estimator on the same y."
        )
    return index


def trained_class_weight(weighter, classes):
    """The fitted weighter's class weights, aligned with ``classes``.

    Raises a ``ValueError`` naming ``prior_correction`` when the weighter
    has no per-class weights (``class_weight_``) or was fitted on a 2-D target.
    """
    class_weight = getattr(weighter, "class_weight_", None)
    weighter_classes = getattr(weighter, "classes_", None)
    if class_weight is None or weighter_classes is None:
        raise ValueError(
            f"prior_correction needs per-class weights, but the weighter "
            f"{type(weighter).__name__} has no fitted class_weight_ and classes_ "
            "(its weights are not a function of the class alone). Use "
            "prior_correction=False with this weighter, or calibrate the model "
            "instead (sklearn.calibration.CalibratedClassifierCV)."
        )
    if isinstance(class_weight, list):
        raise ValueError(
            "prior_correction supports 1-D targets only; with a multilabel or "
            "multi-output y the per-sample weights combine several columns and "
            "cannot be undone per class. Use prior_correction=False."
        )
    index = class_index(classes, np.asarray(weighter_classes), param="classes_")
    return np.asarray(class_weight, dtype=np.float64)[index]


def trained_class_prior(class_counts, classes, model):
    """The class prior a fitted ``model`` was trained under, aligned with ``classes``.

    ``class_counts`` are the (sample-weighted) counts of ``classes`` in the
    training labels. A model trained with per-class weights ``w_c`` was
    trained under ``π_c ∝ n_c w_c``: a fitted :class:`WeightedClassifier`
    whose weighter has ``class_weight_`` (and no ``prior_correction``, which
    undoes them), uniform for INS; or an estimator (or the last step of a
    Pipeline) with its own ``class_weight``: a dict gives ``w_c`` (1 for
    classes it omits), ``"balanced"`` and ``"balanced_subsample"`` make the
    prior uniform. Any other model was trained under the data's own shares
    ``n_c / n``. Knowing it is what keeps a post-hoc shift from correcting
    a second time what the weights already corrected.

    Parameters
    ----------
    class_counts : ndarray of shape (n_classes,)
        Positive counts (or total ``sample_weight``) of each class.
    classes : ndarray of shape (n_classes,)
        Sorted class labels.
    model : estimator
        The fitted model whose scores will be shifted.

    Returns
    -------
    class_prior : ndarray of shape (n_classes,)
        Positive shares summing to 1.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn_classweight import WeightedClassifier
    >>> from sklearn_classweight._prior_correction import trained_class_prior
    >>> X, y = np.arange(10.0).reshape(-1, 1), np.array([0] * 8 + [1] * 2)
    >>> counts, classes = np.array([8.0, 2.0]), np.array([0, 1])
    >>> trained_class_prior(counts, classes, LogisticRegression().fit(X, y))
    array([0.8, 0.2])
    >>> trained_class_prior(counts, classes, WeightedClassifier().fit(X, y))
    array([0.5, 0.5])
    >>> balanced = LogisticRegression(class_weight="balanced").fit(X, y)
    >>> trained_class_prior(counts, classes, balanced)
    array([0.5, 0.5])
    """
    prior = np.asarray(class_counts, dtype=np.float64)
    weighter = getattr(model, "weighter_", None)
    own_class_weight = getattr(weighted_step(model), "class_weight", None)
    if (
        weighter is not None
        and not getattr(model, "prior_correction", False)
        and isinstance(getattr(weighter, "class_weight_", None), np.ndarray)
        and getattr(weighter, "classes_", None) is not None
    ):
        prior = prior * trained_class_weight(weighter, classes)
    elif isinstance(own_class_weight, str) and own_class_weight.startswith("balanced"):
        prior = np.ones_like(prior)
    elif isinstance(own_class_weight, dict):
        prior = prior * np.array(
            [float(own_class_weight.get(label, 1.0)) for label in classes.tolist()]
        )
    return prior / prior.sum()


def check_prior_correction(prior_correction, estimator, weighter):
    """Fail before the estimator is fitted when prior correction cannot apply.

    ``estimator`` is the unfitted estimator, ``weighter`` the fitted weighter.
    """
    if not prior_correction:
        return
    if not hasattr(estimator, "predict_proba"):
        raise ValueError(
            f"prior_correction={prior_correction!r} corrects "
            "predict_proba, but "
            f"{type(estimator).__name__} has no predict_proba. Use "
            "prior_correction=False, or a probabilistic estimator."
        )
    trained_class_weight(weighter, weighter.classes_)
