"""DifficultyWeighter: class weights from how hard each class is for the model."""

from numbers import Real

import numpy as np
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted

from ._compat import Interval, StrOptions
from ._counting import check_labels, encode_labels
from ._oof import _OutOfFoldWeighter


def _base_has_transform(self):
    base = self.base_weighter_ if hasattr(self, "base_weighter_") else self._get_base()
    return hasattr(base, "transform")


class DifficultyWeighter(_OutOfFoldWeighter):
    """Class weights that grow with each class's out-of-fold error rate.

    The wrapped classifier is cross-validated on the training data (each fold
    model trained with the base weights); the out-of-fold recall of each
    class measures how hard the class is for *this* model, whatever its size.
    Each class's base weight is then multiplied by its difficulty
    ``(1 - recall_c) ** tau``, relative to the typical class's and capped: a
    small class that the model already gets right is not over-weighted, and
    a large but confusable class is not neglected.

    Use it inside :class:`WeightedClassifier`, which passes the training ``X``
    and an unfitted clone of its estimator::

        WeightedClassifier(HistGradientBoostingClassifier(), DifficultyWeighter())

    The defaults are chosen to do no harm: on the project's quality benchmark
    (``benchmarks/adaptive_methods.py``) they stay within 0.005 balanced
    accuracy of INS for logistic regression and gradient boosting. Raise
    ``max_ratio`` (or set it to ``None``) to follow difficulty further, and
    compare by cross-validation.

    Parameters
    ----------
    tau : float >= 0 or "dynamic", default=1.0
        How strongly difficulty is followed. ``tau=0`` returns exactly the
        base weights; ``tau=1`` makes the multiplier proportional to the
        class's error rate (before the cap). ``"dynamic"`` sets it from how
        unequal the out-of-fold recalls are (Sinha et al.'s rule, see Notes):
        about 0.73 when every class is recalled equally well, close to 1 when
        one class is never recalled; the value used is ``tau_``.
    max_ratio : float >= 1 or None, default=2.0
        Largest ratio between the multipliers of two classes. Each class's
        difficulty, relative to the geometric mean difficulty of the classes,
        is clipped to ``[1 / sqrt(max_ratio), sqrt(max_ratio)]``.
        ``max_ratio=1`` returns exactly the base weights; ``None`` does not
        clip (Sinha et al.'s weights, floored by ``min_factor``).
    base : weighter, default=None
        Weighter whose weights are multiplied, e.g.
        ``ClassBalancedWeighter("uniform")`` for pure difficulty weights.
        ``None`` means ``ClassBalancedWeighter()`` (INS, mean 1). The
        out-of-fold models are trained with these base weights (times the
        user's ``sample_weight``).
    cv : int, cross-validation generator or iterable, default=5
        Folds of the out-of-fold predictions. An int is the number of
        :class:`~sklearn.model_selection.StratifiedKFold` folds, unshuffled
        unless ``random_state`` is set, as in
        :class:`~sklearn.calibration.CalibratedClassifierCV`; a class with a
        single sample cannot be cross-validated and gets the geometric mean
        multiplier. A splitter or an iterable of ``(train, test)`` index pairs
        is used as is (its test sets must partition the samples). ``None``
        means 5.
    min_factor : float in [0, 1], default=1e-3
        Floor of ``(1 - recall_c) ** tau``: a class recalled perfectly keeps a
        small weight instead of disappearing from training. It matters when
        ``max_ratio=None``; ``min_factor=0`` then raises an error when that
        happens.
    random_state : int, RandomState instance or None, default=None
        ``None`` (the default) uses unshuffled folds when ``cv`` is an int, so
        two fits give the same weights. A value asks for shuffled folds with
        that seed.
    n_jobs : int, default=None
        Folds fitted in parallel (``None`` means 1, ``-1`` all processors).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Sorted class labels.
    base_weighter_ : weighter
        The fitted clone of ``base``.
    recall_ : ndarray of shape (n_classes,)
        Out-of-fold recall of each class (weighted by the user's
        ``sample_weight``); NaN for a class that could not be
        cross-validated (a single sample).
    tau_ : float
        The exponent used: ``tau``, or the value ``"dynamic"`` chose.
    difficulty_weight_ : ndarray of shape (n_classes,)
        Multiplier of each class's base weight: the capped relative
        difficulty times the rescaling.
    class_weight_ : ndarray of shape (n_classes,)
        Mean weight of each class. With a class-wise base (any
        :class:`ClassBalancedWeighter`) every sample of a class gets exactly
        this weight.

    See Also
    --------
    FocalWeighter : Per-sample weights from out-of-fold probabilities.
    ClassBalancedWeighter : The default base weights.
    WeightedClassifier : Trains a classifier with these weights.

    Notes
    -----
    With ``r_c`` the out-of-fold recall of class ``c`` and ``m = min_factor``,
    the difficulty ``d_c = max((1 - r_c)^tau, m)`` is divided by the
    geometric mean ``G`` of the (positive) difficulties of the classes and
    clipped; the weight of a sample of class ``c`` is

    .. math:: w_i = s \\, b_i \\, \\operatorname{clip}\\Big(\\frac{d_c}{G},
              \\frac{1}{\\sqrt{r}}, \\sqrt{r}\\Big)

    with ``b`` the base weights, ``r = max_ratio`` and ``s`` the scale that
    makes ``sum_i sw_i w_i = sum_i sw_i b_i`` (``sw`` the user's sample
    weights, 1 if none): the base weighter's normalisation is kept. Without
    the cap this is the class-wise difficulty ``d_c = 1 - a_c`` of Sinha et
    al. (2020), with the accuracy ``a_c`` measured out of fold once instead
    of on a validation set during training. The cap keeps a class that is
    recalled well out of fold from losing so much weight that the final
    model stops recalling it (see the user guide's page on adaptive weights
    for the measurements). Only ``predict`` is needed, so any classifier
    works.

    ``tau="dynamic"`` follows the authors' rule (their reference code):

    .. math:: \\tau = \\sigma\\Big(\\frac{\\max_c r_c}{\\min_c r_c + 0.01}\\Big),
              \\qquad \\sigma(z) = \\frac{1}{1 + e^{-z}}

    The ratio of the best to the worst recall measures the model's bias
    between classes: equal recalls give ``tau = sigma(~1) ~ 0.73``, a class
    that is never recalled gives ``tau ~ 1``. The exponent therefore stays in
    ``[0.5, 1]``; it is a heuristic, not tuned to a metric, so compare it with
    a searched ``tau`` (e.g. ``GridSearchCV`` over ``weighter__tau``).

    Cost: about ``cv + 1`` fits of the wrapped estimator (the out-of-fold
    models plus the final fit in :class:`WeightedClassifier`).

    :meth:`transform` maps labels to weights like the base weighter's
    ``transform`` times ``difficulty_weight_``; it exists when the base has a
    ``transform`` (e.g. :class:`ClassBalancedWeighter`), and then
    ``fit(y, ...).transform(y)`` equals ``fit_transform(y, ...)``.
    Standalone use needs ``X`` and ``estimator``:
    ``fit(y, X=X, estimator=LogisticRegression())``.

    References
    ----------
    S. Sinha, H. Ohashi and K. Nakamura, "Class-Wise Difficulty-Balanced Loss
    for Solving Class-Imbalance", ACCV 2020.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn_classweight import DifficultyWeighter
    >>> X, y = make_classification(
    ...     n_samples=300, n_classes=3, n_informative=4, weights=[0.6, 0.3],
    ...     random_state=0,
    ... )
    >>> weighter = DifficultyWeighter(cv=3).fit(
    ...     y, X=X, estimator=LogisticRegression()
    ... )
    >>> weighter.base_weighter_.class_counts_
    array([179.,  91.,  30.])
    >>> weighter.recall_.round(2)
    array([0.79, 0.63, 0.47])

    The class recalled worst gains weight, the one recalled best loses some;
    the multipliers differ by at most ``max_ratio``:

    >>> weighter.difficulty_weight_.round(3)
    array([0.664, 1.007, 1.328])
    >>> weighter.base_weighter_.class_weight_.round(2)
    array([0.56, 1.1 , 3.33])
    >>> weighter.class_weight_.round(2)
    array([0.37, 1.11, 4.43])
    >>> weighter.transform([0, 2])
    array([0.371..., 4.428...])
    """

    _parameter_constraints = {
        "tau": [Interval(Real, 0, None, closed="left"), StrOptions({"dynamic"})],
        **_OutOfFoldWeighter._common_parameter_constraints,
    }
    _oof_method = "predict"

    def __init__(
        self,
        tau=1.0,
        *,
        max_ratio=2.0,
        base=None,
        cv=5,
        min_factor=1e-3,
        random_state=None,
        n_jobs=None,
    ):
        self.tau = tau
        self.max_ratio = max_ratio
        self.base = base
        self.cv = cv
        self.min_factor = min_factor
        self.random_state = random_state
        self.n_jobs = n_jobs

    def fit(self, y, sample_weight=None, *, X=None, estimator=None):
        """Measure each class's out-of-fold recall and compute the class weights.

        Parameters
        ----------
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative user weights: folded into the base weights' class
            counts, the fold models' training weights and the recall, not
            multiplied into the result.
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Training features (passed by :class:`WeightedClassifier`).
        estimator : classifier
            Unfitted classifier to cross-validate (passed by
            :class:`WeightedClassifier`: a clone of its estimator).

        Returns
        -------
        self : DifficultyWeighter
            The fitted weighter.
        """
        self._fit(y, sample_weight, X, estimator)
        return self

    def fit_transform(self, y, sample_weight=None, *, X=None, estimator=None):
        """Fit and return the weight of each training sample.

        Parameters
        ----------
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative user weights (see :meth:`fit`).
        X : {array-like, sparse matrix, dataframe} of shape (n_samples, n_features)
            Training features.
        estimator : classifier
            Unfitted classifier to cross-validate.

        Returns
        -------
        sample_weight : ndarray of shape (n_samples,), dtype float64
            The base weight of each sample times its class's
            ``difficulty_weight_``.
        """
        return self._fit(y, sample_weight, X, estimator)

    def _record(self, weights, codes, sample_weight):
        self.class_weight_ = self._class_mean(weights, codes, sample_weight)

    def _exponent(self):
        if self.tau != "dynamic":
            return float(self.tau)
        recall = self.recall_[~np.isnan(self.recall_)]
        if recall.size == 0:  # nothing measured: as if every recall were equal
            recall = np.ones(1)
        # Sinha et al.'s rule: sigmoid of best-to-worst recall ratio (the
        # 0.01 keeps it finite when a class is never recalled).
        bias = recall.max() / (recall.min() + 0.01)
        return float(1.0 / (1.0 + np.exp(-bias)))

    def _reweight(self, base_weights, codes, measured, predictions, sample_weight):
        n_classes = self.classes_.shape[0]
        self.recall_ = np.full(n_classes, np.nan)
        if predictions is not None:
            rows = slice(None) if measured is None else measured
            measured_codes = codes[rows]
            sw = (
                np.ones(measured_codes.shape[0])
                if sample_weight is None
                else sample_weight[rows]
            )
            hit = predictions == self.classes_[measured_codes]
            hits = np.bincount(measured_codes, weights=sw * hit, minlength=n_classes)
            total = np.bincount(measured_codes, weights=sw, minlength=n_classes)
            np.divide(hits, total, out=self.recall_, where=total > 0)
        self.tau_ = self._exponent()
        known = ~np.isnan(self.recall_)
        difficulty = self._floor((1.0 - self.recall_[known]) ** self.tau_)
        positive = difficulty > 0
        # Relative to the typical class (geometric mean), so that the cap is
        # symmetric and an unmeasured class sits at the centre.
        centre = np.exp(np.log(difficulty[positive]).mean()) if positive.any() else 1.0
        class_factor = np.ones(n_classes)
        class_factor[known] = self._cap(difficulty / centre)
        weights, scale = self._keep_total(
            base_weights, class_factor[codes], codes, sample_weight
        )
        self.difficulty_weight_ = class_factor * scale
        return weights

    @available_if(_base_has_transform)
    def transform(self, y):
        """Map each label to its weight: base weight times ``difficulty_weight_``.

        Parameters
        ----------
        y : array-like of shape (n_samples,)
            Labels, all seen during :meth:`fit`.

        Returns
        -------
        sample_weight : ndarray of shape (n_samples,), dtype float64
            The weight of each sample's class.
        """
        check_is_fitted(self)
        y = check_labels(y)
        base_weights = np.asarray(self.base_weighter_.transform(y), dtype=np.float64)
        return base_weights * self.difficulty_weight_[encode_labels(y, self.classes_)]
