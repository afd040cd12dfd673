"""Out-of-fold machinery shared by the adaptive weighters (focal, difficulty).

An *adaptive* weighter multiplies the weights of a base weighter (by default
``ClassBalancedWeighter()``) by a factor that measures how hard each sample or
class is for the wrapped classifier. Hardness is measured out of fold: the
classifier is cross-validated with stratified folds, each fold model trained
with the base weights, so no sample is scored by a model that saw it.

This module holds what both weighters share: the common parameters and their
validation, the folds, the weighted out-of-fold predictions and the final
rescaling. The weighters themselves (:mod:`._focal`, :mod:`._difficulty`)
only say how predictions become factors.
"""

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, clone
from sklearn.model_selection import StratifiedKFold, check_cv, cross_val_predict
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_consistent_length

from ._compat import HasMethods, Interval, _fit_context, _routing_enabled
from ._counting import check_labels, check_sample_weight, count_classes
from ._meta import pipeline_sample_weight_params
from ._protocol import fit_weighter
from ._weighter import ClassBalancedWeighter


class _OutOfFoldWeighter(BaseEstimator):
    """Common base of the weighters that learn from out-of-fold predictions.

    Subclasses set ``_oof_method`` (``"predict_proba"`` or ``"predict"``) and
    implement ``_factor(codes, n_classes, predictions, sample_weight)``, which
    returns per-sample factors (before rescaling) and records what it
    measured as fitted attributes, and ``_record(weights, codes,
    sample_weight, scale)``, which records the final weights. Their public
    ``fit``/``fit_transform`` only call :meth:`_fit` (they stay in the
    subclasses for their own documentation).
    """

    _common_parameter_constraints = {
        "base": [HasMethods(["fit_transform"]), None],
        "cv": ["cv_object"],
        "min_factor": [Interval(Real, 0, 1, closed="both")],
        "random_state": ["random_state"],
        "n_jobs": [Integral, None],
    }

    def _get_base(self):
        return ClassBalancedWeighter() if self.base is None else self.base

    @_fit_context(
        # The base weighter and the fold models are the user's objects: they
        # validate their own parameters.
        prefer_skip_nested_validation=False
    )
    def _fit(self, y, sample_weight, X, classifier, n_iter=1):
        """Fit, record the result through ``_record`` and return the weights.

        The public ``fit``/``fit_transform`` take the classifier as
        ``estimator=`` (the weighter protocol's name); ``_fit_context`` names
        its own first argument ``estimator``, so the decorated method calls
        it ``classifier`` and receives it positionally.
        """
        name = type(self).__name__
        if X is None or classifier is None:
            raise ValueError(
                f"{name} needs the training features X and an unfitted "
                "classifier estimator, to compute out-of-fold predictions. "
                "WeightedClassifier passes both; standalone, call "
                f"{name}().fit_transform(y, X=X, estimator=LogisticRegression())."
            )
        y = check_labels(y)
        check_consistent_length(X, y)
        sample_weight = check_sample_weight(sample_weight, y)
        classes, codes, _ = count_classes(y, sample_weight)
        self.classes_ = classes
        if self._oof_method == "predict_proba" and not hasattr(
            classifier, "predict_proba"
        ):
            raise TypeError(
                f"{name} needs predicted probabilities, but "
                f"{type(classifier).__name__} has no predict_proba. Wrap it in "
                "sklearn.calibration.CalibratedClassifierCV, or use "
                "DifficultyWeighter, which only needs predict."
            )

        self.base_weighter_ = clone(self._get_base())
        base_weights = fit_weighter(
            self.base_weighter_,
            y,
            sample_weight=sample_weight,
            X=X,
            estimator=clone(classifier),
        )
        if classes.shape[0] < 2:
            # Nothing to tell apart: every sample is equally (un)hard, and the
            # classifier itself reports the single class.
            splits = None
        else:
            splits = self._splits(X, y, codes)

        weights = base_weights
        for _ in range(n_iter):
            train_weight = weights if sample_weight is None else weights * sample_weight
            predictions = (
                None
                if splits is None
                else self._predict_out_of_fold(
                    classifier, X, y, train_weight, sample_weight, splits
                )
            )
            factor = self._factor(codes, classes.shape[0], predictions, sample_weight)
            scale = _rescale(base_weights * factor, base_weights, sample_weight)
            weights = base_weights * (factor * scale)
            self._check_every_class_weighted(weights, codes, classes, sample_weight)
        self._record(weights, codes, sample_weight, scale)
        return weights

    def _splits(self, X, y, codes):
        """The folds, computed once so that every iteration uses the same ones."""
        cv = 5 if self.cv is None else self.cv
        if isinstance(cv, Integral):
            smallest = np.bincount(codes).min()
            if smallest < 2:
                raise ValueError(
                    f"{type(self).__name__} needs at least 2 samples of every "
                    "class for out-of-fold predictions (a class seen only in a "
                    "test fold cannot be predicted); class(es) "
                    f"{self.classes_[np.bincount(codes) < 2].tolist()} have 1. "
                    "Drop or merge them, or use ClassBalancedWeighter."
                )
            cv = StratifiedKFold(
                n_splits=cv, shuffle=True, random_state=self.random_state
            )
        return list(check_cv(cv, y, classifier=True).split(X, y))

    def _predict_out_of_fold(
        self, estimator, X, y, train_weight, sample_weight, splits
    ):
        if _routing_enabled():
            # With routing on, WeightedClassifier hands the weights straight to
            # estimator.fit; cross_val_predict routes them, so the clone must
            # request them (a Pipeline's steps carry their own requests).
            params = {"sample_weight": train_weight}
            if not isinstance(estimator, Pipeline) and hasattr(
                estimator, "set_fit_request"
            ):
                estimator = clone(estimator).set_fit_request(sample_weight=True)
        else:
            params = pipeline_sample_weight_params(
                estimator, train_weight, sample_weight
            )
        return cross_val_predict(
            estimator,
            X,
            y,
            cv=splits,
            method=self._oof_method,
            params=params,
            n_jobs=self.n_jobs,
        )

    def _floor(self, factor):
        """Apply ``min_factor``: a sample or class is never switched off entirely."""
        return np.maximum(factor, self.min_factor)

    def _check_every_class_weighted(self, weights, codes, classes, sample_weight):
        mass = weights if sample_weight is None else weights * sample_weight
        base_mass = np.ones_like(mass) if sample_weight is None else sample_weight
        dead = (np.bincount(codes, weights=mass, minlength=len(classes)) <= 0) & (
            np.bincount(codes, weights=base_mass, minlength=len(classes)) > 0
        )
        if dead.any():
            raise ValueError(
                f"{type(self).__name__} gave zero total weight to class(es) "
                f"{classes[dead].tolist()}: they were predicted perfectly out of "
                "fold, so their factor is 0 and the classifier would never see "
                "them. Set min_factor > 0 (the default is 1e-3)."
            )

    def _class_mean(self, weights, codes, sample_weight):
        """Mean weight of each class (weighted by ``sample_weight``)."""
        sw = np.ones_like(weights) if sample_weight is None else sample_weight
        n_classes = self.classes_.shape[0]
        total = np.bincount(codes, weights=sw, minlength=n_classes)
        return np.bincount(codes, weights=sw * weights, minlength=n_classes) / total

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # y-first, like ClassBalancedWeighter and LabelEncoder; X is context.
        tags.input_tags.two_d_array = False
        tags.target_tags.one_d_labels = True
        tags.target_tags.required = True
        return tags


def _rescale(weights, base_weights, sample_weight):
    """The scale that makes the total of ``weights`` equal the base weights' total.

    Both are weighted by the user's ``sample_weight``, so the adaptive weights
    keep the base weighter's normalisation (e.g. mean 1). When ``weights`` is
    bitwise ``base_weights`` (``gamma=0``, ``tau=0``) the scale is exactly 1.
    """
    if sample_weight is None:
        target, total = base_weights.sum(), weights.sum()
    else:
        target, total = (
            np.dot(sample_weight, base_weights),
            np.dot(sample_weight, weights),
        )
    if not total > 0:
        return 1.0  # every factor is 0: reported by _check_every_class_weighted
    return target / total
