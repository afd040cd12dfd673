"""FocalWeighter: focal-loss-style per-sample weights for any classifier."""

from numbers import Integral, Real

import numpy as np

from ._compat import Interval
from ._oof import _OutOfFoldWeighter


class FocalWeighter(_OutOfFoldWeighter):
    """Per-sample weights that focus training on hard examples (focal loss).

    Each training sample's base weight (by default the class-balancing INS
    weight) is multiplied by ``(1 - p_t) ** gamma``, where ``p_t`` is the
    probability that the wrapped classifier gives to the sample's true class
    *out of fold*: the classifier is cross-validated on the training data and
    every sample is scored by a fold model that did not see it. Well
    classified samples lose weight, misclassified ones keep it. Because the
    focus is applied through ``sample_weight``, the final model is an ordinary
    fit of the wrapped estimator, and its ``predict_proba`` works as usual.

    Use it inside :class:`WeightedClassifier`, which passes the training ``X``
    and an unfitted clone of its estimator::

        WeightedClassifier(HistGradientBoostingClassifier(), FocalWeighter(gamma=2))

    Parameters
    ----------
    gamma : float >= 0, default=2.0
        Focusing parameter. ``gamma=0`` returns exactly the base weights;
        larger values down-weight easy samples more (Lin et al. use 2).
    base : weighter, default=None
        Weighter whose weights are modulated, e.g.
        ``ClassBalancedWeighter("ens")`` or ``ClassBalancedWeighter("uniform")``
        for the plain focal weights. ``None`` means ``ClassBalancedWeighter()``
        (INS, mean 1). The out-of-fold models are trained with these base
        weights (times the user's ``sample_weight``).
    cv : int, cross-validation generator or iterable, default=5
        Folds of the out-of-fold predictions. An int is the number of
        :class:`~sklearn.model_selection.StratifiedKFold` folds, shuffled with
        ``random_state``; every class needs at least 2 samples. A splitter or
        an iterable of ``(train, test)`` index pairs is used as is (its test
        sets must partition the samples, as for
        :func:`~sklearn.model_selection.cross_val_predict`). ``None`` means 5.
    n_iter : int >= 1, default=1
        Rounds of reweighting: round ``k > 1`` retrains the fold models with
        the weights of round ``k - 1`` and recomputes ``p_t``. Each round costs
        ``cv`` fits.
    min_factor : float in [0, 1], default=1e-3
        Floor of ``(1 - p_t) ** gamma``: a sample predicted with certainty
        keeps a small weight, so no class can vanish from training. With
        ``min_factor=0`` such samples get weight 0 (an error is raised if a
        whole class would).
    random_state : int, RandomState instance or None, default=None
        Shuffling of the stratified folds when ``cv`` is an int. Pass an int
        for reproducible weights (the wrapped estimator's own randomness is
        controlled by its own ``random_state``).
    n_jobs : int, default=None
        Folds fitted in parallel (``None`` means 1, ``-1`` all processors).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Sorted class labels.
    base_weighter_ : weighter
        The fitted clone of ``base``.
    true_class_proba_ : ndarray of shape (n_samples,)
        Out-of-fold probability ``p_t`` of each training sample's true class
        (from the last round).
    sample_weight_ : ndarray of shape (n_samples,)
        The weights returned by :meth:`fit_transform` (the user's
        ``sample_weight`` is not multiplied in).
    class_mean_weight_ : ndarray of shape (n_classes,)
        Mean of ``sample_weight_`` over each class (weighted by the user's
        ``sample_weight``): the weight a sample of the class gets on average.

    See Also
    --------
    DifficultyWeighter : Class-wise weights from out-of-fold recall.
    ClassBalancedWeighter : The default base weights.
    WeightedClassifier : Trains a classifier with these weights.

    Notes
    -----
    The weights are

    .. math:: w_i = s \\, b(y_i) \\, \\max\\big((1 - p_{t,i})^\\gamma,\\ m\\big)

    with ``b`` the base weights, ``m = min_factor`` and ``s`` the scale that
    makes ``sum_i sw_i w_i = sum_i sw_i b(y_i)`` (``sw`` the user's sample
    weights, 1 if none): the base weighter's normalisation is kept. This is
    the focal loss of Lin et al. (2017) frozen at the out-of-fold predictions:
    in a neural network the factor follows the model during training, here it
    is measured once per round on models that did not see the sample, which
    avoids the in-sample ``p_t ~ 1`` of flexible models.

    Cost: about ``cv * n_iter + 1`` fits of the wrapped estimator (the out-of-
    fold models plus the final fit in :class:`WeightedClassifier`).

    Per-sample weights exist only for the training samples (they need each
    sample's out-of-fold prediction), so a fitted ``FocalWeighter`` has no
    ``transform``: read ``sample_weight_``. Standalone use needs ``X`` and
    ``estimator``: ``fit_transform(y, X=X, estimator=LogisticRegression())``.

    References
    ----------
    T.-Y. Lin, P. Goyal, R. Girshick, K. He and P. Dollar, "Focal Loss for
    Dense Object Detection", ICCV 2017.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn_classweight import FocalWeighter, WeightedClassifier
    >>> X, y = make_classification(
    ...     n_samples=300, weights=[0.8], flip_y=0.05, random_state=0
    ... )
    >>> clf = WeightedClassifier(
    ...     LogisticRegression(), FocalWeighter(gamma=2, cv=3, random_state=0)
    ... ).fit(X, y)
    >>> focal = clf.weighter_
    >>> focal.sample_weight_.shape, round(float(focal.sample_weight_.mean()), 6)
    ((300,), 1.0)
    >>> bool(focal.sample_weight_[focal.true_class_proba_ < 0.5].min()
    ...      > focal.sample_weight_[focal.true_class_proba_ > 0.9].max())
    True
    """

    _parameter_constraints = {
        "gamma": [Interval(Real, 0, None, closed="left")],
        "n_iter": [Interval(Integral, 1, None, closed="left")],
        **_OutOfFoldWeighter._common_parameter_constraints,
    }
    _oof_method = "predict_proba"

    def __init__(
        self,
        gamma=2.0,
        *,
        base=None,
        cv=5,
        n_iter=1,
        min_factor=1e-3,
        random_state=None,
        n_jobs=None,
    ):
        self.gamma = gamma
        self.base = base
        self.cv = cv
        self.n_iter = n_iter
        self.min_factor = min_factor
        self.random_state = random_state
        self.n_jobs = n_jobs

    def fit(self, y, sample_weight=None, *, X=None, estimator=None):
        """Compute out-of-fold ``p_t`` and the focal weights of the training samples.

        Parameters
        ----------
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative user weights: folded into the base weights' class
            counts and into the fold models' training weights, not multiplied
            into the result.
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Training features (passed by :class:`WeightedClassifier`).
        estimator : classifier with ``predict_proba``
            Unfitted classifier to cross-validate (passed by
            :class:`WeightedClassifier`: a clone of its estimator).

        Returns
        -------
        self : FocalWeighter
            The fitted weighter; the weights are in ``sample_weight_``.
        """
        self._fit(y, sample_weight, X, estimator, n_iter=self.n_iter)
        return self

    def fit_transform(self, y, sample_weight=None, *, X=None, estimator=None):
        """Fit and return the focal weight of each training sample.

        Parameters
        ----------
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative user weights (see :meth:`fit`).
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Training features.
        estimator : classifier with ``predict_proba``
            Unfitted classifier to cross-validate.

        Returns
        -------
        sample_weight : ndarray of shape (n_samples,), dtype float64
            The focal weights (a copy of ``sample_weight_``).
        """
        return self._fit(y, sample_weight, X, estimator, n_iter=self.n_iter).copy()

    def _record(self, weights, codes, sample_weight, scale):
        self.sample_weight_ = weights
        self.class_mean_weight_ = self._class_mean(weights, codes, sample_weight)

    def _factor(self, codes, n_classes, predictions, sample_weight):
        if predictions is None:  # a single class: p_t = 1 for all, no focus
            self.true_class_proba_ = np.ones(codes.shape[0])
            return np.ones(codes.shape[0])
        true_class_proba = np.clip(
            predictions[np.arange(codes.shape[0]), codes], 0.0, 1.0
        )
        self.true_class_proba_ = true_class_proba
        return self._floor((1.0 - true_class_proba) ** self.gamma)
