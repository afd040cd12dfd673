"""Prior correction: undo the class weights a model was trained with.

A model trained with class weights ``w_c`` learns ``p'(c|x) ∝ w_c p(c|x)``,
so the probabilities of the unweighted problem are ``p(c|x) ∝ p'(c|x) / w_c``
(Elkan, 2001; Saerens et al., 2002). :class:`WeightedClassifier` applies this
when ``prior_correction`` is on; :class:`LogitAdjustedClassifier` applies the
same per-class shift of log-probabilities, ``-tau * log(prior_c)``, to a model
trained without weights.
"""

import numpy as np
from scipy.special import log_softmax

from ._counting import encode_labels


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
    codes = encode_labels(np.asarray(classes), weighter_classes, param="classes_")
    return np.asarray(class_weight, dtype=np.float64)[codes]


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
