"""FocalWeighter: focal-loss-style per-sample weights for any classifier."""

from numbers import Integral, Real

import numpy as np

from ._compat import Interval
from ._oof import _OutOfFoldWeighter


class FocalWeighter(_OutOfFoldWeighter):
    """Per-sample weights that focus training on hard examples (focal loss).

    Each training sample's base weight (by default the class-balancing INS
    weight) is modulated by ``(1 - p_t) ** gamma``, where ``p_t`` is the
    probability that the wrapped classifier gives to the sample's true class
    *out of fold*: the classifier is cross-validated on the training data and
    every sample is scored by a fold model that did not see it. Weight moves
    from the well classified samples of a class to its misclassified ones;
    each class keeps the total weight the base weighter gave it, so the
    balance between classes stays the base weighter's. Because the focus is
    applied through ``sample_weight``, the final model is an ordinary fit of
    the wrapped estimator, and its ``predict_proba`` works as usual.

    Use it inside :class:`WeightedClassifier`, which passes the training ``X``
    and an unfitted clone of its estimator::

        WeightedClassifier(HistGradientBoostingClassifier(), FocalWeighter())

    The defaults are a gentle focus, chosen to do no harm: within a class, a
    hard sample weighs at most 1.1 times an easy one. On the project's
    quality benchmark (``benchmarks/focal_defaults.py``) they stay within
    0.005 balanced accuracy of INS for logistic regression and gradient
    boosting, on binary and long-tailed tasks, with balanced and natural-prior
    test sets; a stronger focus (``max_ratio=2``, the previous default) lost
    up to 0.009 there. Raise ``max_ratio`` (or set it to ``None``) for a
    stronger focus, and compare by cross-validation with ``max_ratio=1`` (INS
    exactly) in the grid.

    Parameters
    ----------
    gamma : float >= 0, default=2.0
        Focusing parameter. ``gamma=0`` returns exactly the base weights;
        larger values down-weight easy samples more (Lin et al. use 2).
    max_ratio : float >= 1 or None, default=1.1
        Largest ratio between the weights of two samples of the same class
        (with a class-wise base such as the default). Each sample's factor,
        relative to its class's mean factor, is clipped to
        ``[1 / sqrt(max_ratio), sqrt(max_ratio)]``. ``max_ratio=1`` returns
        exactly the base weights; ``None`` does not clip (the plain focal
        modulation, floored by ``min_factor``). With a class-wise base,
        every weight stays within a factor ``max_ratio`` of its base
        weight. The default is small because on average a larger ratio
        bought a loss of balanced accuracy (see Notes).
    base : weighter, default=None
        Weighter whose weights are modulated, e.g.
        ``ClassBalancedWeighter("ens")`` or ``ClassBalancedWeighter("uniform")``
        for the plain focal weights. ``None`` means ``ClassBalancedWeighter()``
        (INS, mean 1). The out-of-fold models are trained with these base
        weights (times the user's ``sample_weight``).
    cv : int, cross-validation generator or iterable, default=5
        Folds of the out-of-fold predictions. An int is the number of
        :class:`~sklearn.model_selection.StratifiedKFold` folds, unshuffled
        unless ``random_state`` is set, as in
        :class:`~sklearn.calibration.CalibratedClassifierCV`; samples of a
        class with a single member cannot be cross-validated and keep their
        base weight. A splitter or an iterable of ``(train, test)`` index
        pairs is used as is (its test sets must partition the samples, as for
        :func:`~sklearn.model_selection.cross_val_predict`). ``None`` means 5.
    n_iter : int >= 1, default=1
        Rounds of reweighting: round ``k > 1`` retrains the fold models with
        the weights of round ``k - 1`` and recomputes ``p_t``. Each round costs
        ``cv`` fits.
    min_factor : float in [0, 1], default=1e-3
        Floor of ``(1 - p_t) ** gamma``: a sample predicted with certainty
        keeps a small weight. It matters when ``max_ratio=None``; with
        ``min_factor=0`` such samples get weight 0 (an error is raised if a
        whole class would).
    random_state : int, RandomState instance or None, default=None
        ``None`` (the default) uses unshuffled folds when ``cv`` is an int, so
        two fits give the same weights. A value asks for shuffled folds with
        that seed. The wrapped estimator's own randomness is controlled by
        its own ``random_state``.
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
        (from the last round); NaN for the samples that could not be
        cross-validated (classes with a single sample, or fewer than two
        such classes).
    sample_weight_ : ndarray of shape (n_samples,)
        The weights returned by :meth:`fit_transform` (the user's
        ``sample_weight`` is not multiplied in).
    class_mean_weight_ : ndarray of shape (n_classes,)
        Mean of ``sample_weight_`` over each class (weighted by the user's
        ``sample_weight``): the weight a sample of the class gets on average.
        With a class-wise base it equals the base's class weight.

    See Also
    --------
    DifficultyWeighter : Class-wise weights from out-of-fold recall.
    ClassBalancedWeighter : The default base weights.
    WeightedClassifier : Trains a classifier with these weights.

    Notes
    -----
    With ``b`` the base weights, ``sw`` the user's sample weights (1 if none)
    and ``m = min_factor``, each sample gets the factor
    ``f_i = max((1 - p_{t,i})^gamma, m)``, which is divided by its class's
    mean factor (weighted by ``sw_i b_i``) and clipped:

    .. math:: g_i = \\operatorname{clip}\\Big(\\frac{f_i}{\\bar f_{y_i}},
              \\frac{1}{\\sqrt{r}}, \\sqrt{r}\\Big), \\qquad
              w_i = s_{y_i} \\, b_i \\, g_i

    with ``r = max_ratio`` and ``s_c`` the scale that keeps each class's
    total: ``sum_{i in c} sw_i w_i = sum_{i in c} sw_i b_i``. Moving weight
    only within a class keeps the balance between classes that the base
    weights set; a focal modulation rescaled over all samples at once also
    moves weight between classes (towards the classes the model predicts
    worst), which on a linear model can undo the class balancing (see the
    user guide's page on adaptive weights for the measurements).

    Why the cap is small by default: with a class-balancing base, weight
    only moves within a class, and the samples it moves to are the ones
    predicted worst out of fold, i.e. those on the other class's side of
    the boundary (and the mislabelled ones). The majority class's hard
    samples sit in the minority class's region, so up-weighting them shrinks
    that region, while the minority class's easy samples, which hold it,
    lose weight. On the quality benchmark the balanced-accuracy loss against
    INS grows with ``max_ratio``: with logistic regression about 0.001 at
    1.25, 0.002 at 1.5, 0.004 at 2 and 0.07 at 4 on binary tasks; with
    gradient boosting on binary tasks about 0.002 at 1.1, 0.003 at 1.25 and
    0.009 at 2 (balanced test sets; on natural-prior ones 1.25 already lost
    0.003, 1.1 nothing) (``benchmarks/results/focal_explore_*.md``). The focus is most useful as a
    searched parameter: ``max_ratio`` in a grid that keeps 1.

    This is the focal loss of Lin et al. (2017) frozen at the out-of-fold
    predictions: in a neural network the factor follows the model during
    training, here it is measured once per round on models that did not see
    the sample, which avoids the in-sample ``p_t ~ 1`` of flexible models.

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
    >>> clf = WeightedClassifier(LogisticRegression(), FocalWeighter(cv=3)).fit(X, y)
    >>> focal = clf.weighter_

    Each class keeps its INS weight on average; within a class, hard samples
    get up to ``max_ratio`` (1.1) times the weight of easy ones:

    >>> focal.class_mean_weight_.round(3)
    array([0.633, 2.381])
    >>> focal.base_weighter_.class_weight_.round(3)
    array([0.633, 2.381])
    >>> majority = focal.sample_weight_[y == 0]
    >>> round(float(majority.max() / majority.min()), 6)
    1.1
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
        max_ratio=1.1,
        base=None,
        cv=5,
        n_iter=1,
        min_factor=1e-3,
        random_state=None,
        n_jobs=None,
    ):
        self.gamma = gamma
        self.max_ratio = max_ratio
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

    def _record(self, weights, codes, sample_weight):
        self.sample_weight_ = weights
        self.class_mean_weight_ = self._class_mean(weights, codes, sample_weight)

    def _reweight(self, base_weights, codes, measured, predictions, sample_weight):
        n_samples = codes.shape[0]
        self.true_class_proba_ = np.full(n_samples, np.nan)
        factor = np.ones(n_samples)
        if predictions is not None:
            rows = slice(None) if measured is None else measured
            measured_codes = codes[rows]
            # predict_proba's columns are the classes the folds were given.
            columns = np.searchsorted(np.unique(measured_codes), measured_codes)
            true_class_proba = np.clip(
                predictions[np.arange(measured_codes.shape[0]), columns], 0.0, 1.0
            )
            self.true_class_proba_[rows] = true_class_proba
            factor[rows] = self._floor((1.0 - true_class_proba) ** self.gamma)
        # Each factor relative to its class's mean factor (weighted like the
        # class total), so that the cap is about spread within a class.
        target = self._class_totals(base_weights, codes, sample_weight)
        total = self._class_totals(base_weights * factor, codes, sample_weight)
        self._check_no_dead_class(total, target)
        class_mean = np.divide(total, target, out=np.ones_like(total), where=target > 0)
        relative = np.divide(
            factor,
            class_mean[codes],
            out=np.ones_like(factor),
            where=class_mean[codes] > 0,
        )
        return self._keep_class_totals(
            base_weights, self._cap(relative), codes, sample_weight
        )
