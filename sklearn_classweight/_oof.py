"""Out-of-fold machinery shared by the adaptive weighters (focal, difficulty).

An *adaptive* weighter modulates the weights of a base weighter (by default
``ClassBalancedWeighter()``) by how hard each sample or class is for the
wrapped classifier. Hardness is measured out of fold: the classifier is
cross-validated with stratified folds, each fold model trained with the base
weights, so no sample is scored by a model that saw it.

This module holds what both weighters share: the common parameters and their
validation, the folds, the out-of-fold predictions and the two ways of putting
the factors back on the base weights' scale. The weighters themselves
(:mod:`._focal`, :mod:`._difficulty`) only say how predictions become factors.
"""

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, clone
from sklearn.model_selection import check_cv, cross_val_predict
from sklearn.pipeline import Pipeline

from ._compat import (
    HasMethods,
    Interval,
    _routing_enabled,
    _safe_indexing,
    fit_context,
)
from ._counting import check_labels, check_sample_weight, count_classes
from ._folds import stratified_folds
from ._meta import check_one_label_per_row, pipeline_sample_weight_params
from ._protocol import fit_weighter
from ._weighter import ClassBalancedWeighter


class _OutOfFoldWeighter(BaseEstimator):
    """Common base of the weighters that learn from out-of-fold predictions.

    Subclasses set ``_oof_method`` (``"predict_proba"`` or ``"predict"``) and
    implement ``_reweight(base_weights, codes, measured, predictions,
    sample_weight)``, which turns the out-of-fold predictions of the samples
    ``measured`` (``None``: all of them; ``predictions`` is ``None`` when no
    sample could be cross-validated) into final weights and records what it
    measured, and ``_record(weights, codes, sample_weight)``, which records
    the final weights. Their public ``fit``/``fit_transform`` only call
    :meth:`_fit` (they stay in the subclasses for their own documentation).
    """

    _common_parameter_constraints = {
        "base": [HasMethods(["fit_transform"]), None],
        "cv": ["cv_object"],
        "min_factor": [Interval(Real, 0, 1, closed="both")],
        "max_ratio": [Interval(Real, 1, None, closed="left"), None],
        "random_state": ["random_state"],
        "n_jobs": [Integral, None],
    }

    def _get_base(self):
        return ClassBalancedWeighter() if self.base is None else self.base

    @fit_context(
        # The base weighter and the fold models are the user's objects: they
        # validate their own parameters.
        prefer_skip_nested_validation=False
    )
    def _fit(self, y, sample_weight, X, estimator, n_iter=1):
        """Fit, record the result through ``_record`` and return the weights."""
        name = type(self).__name__
        if X is None or estimator is None:
            raise ValueError(
                f"{name} needs the training features X and an unfitted "
                "classifier estimator, to compute out-of-fold predictions. "
                "WeightedClassifier passes both; standalone, call "
                f"{name}().fit_transform(y, X=X, estimator=LogisticRegression())."
            )
        y = check_labels(y)
        check_one_label_per_row(X, y)
        sample_weight = check_sample_weight(sample_weight, y)
        classes, codes, _ = count_classes(y, sample_weight)
        self.classes_ = classes
        if self._oof_method == "predict_proba" and not hasattr(
            estimator, "predict_proba"
        ):
            raise TypeError(
                f"{name} needs predicted probabilities, but "
                f"{type(estimator).__name__} has no predict_proba. Wrap it in "
                "sklearn.calibration.CalibratedClassifierCV, or use "
                "DifficultyWeighter, which only needs predict."
            )

        self.base_weighter_ = clone(self._get_base())
        base_weights = fit_weighter(
            self.base_weighter_,
            y,
            sample_weight=sample_weight,
            X=X,
            estimator=clone(estimator),
        )
        measured, splits = self._splits(X, y, codes)

        weights = base_weights
        for _ in range(n_iter):
            train_weight = weights if sample_weight is None else weights * sample_weight
            predictions = (
                None
                if splits is None
                else self._predict_out_of_fold(
                    estimator, X, y, measured, train_weight, sample_weight, splits
                )
            )
            weights = self._reweight(
                base_weights, codes, measured, predictions, sample_weight
            )
        self._record(weights, codes, sample_weight)
        return weights

    def _splits(self, X, y, codes):
        """The samples that are cross-validated and their folds.

        Returns ``(measured, splits)``: ``measured`` indexes the samples that
        get an out-of-fold prediction (``None`` for all), ``splits`` their
        ``(train, test)`` folds (``None`` when nothing can be cross-validated).
        The folds are computed once, so that every round uses the same ones.
        """
        cv = 5 if self.cv is None else self.cv
        if not isinstance(cv, Integral):
            return None, list(check_cv(cv, y, classifier=True).split(X, y))
        # A class of one sample cannot be cross-validated: a fold model that
        # did not see it cannot predict it. Its samples are left out of the
        # folds and keep their base weight (factor 1).
        members = np.bincount(codes)
        if np.count_nonzero(members >= 2) < 2:
            # Fewer than two classes to tell apart: no hardness to measure.
            return np.flatnonzero(members[codes] >= 2), None
        largest = members.max()
        if cv > largest:
            raise ValueError(
                f"cv={cv} stratified folds need at least {cv} samples of some "
                f"class, but the largest class has {largest}. Pass a smaller cv "
                f"(at most {largest})."
            )
        # Deterministic unless asked: like CalibratedClassifierCV, an int cv
        # means unshuffled folds; a random_state asks for shuffling.
        measured, singletons, folds = stratified_folds(
            codes, cv, random_state=self.random_state
        )
        return (None if singletons.shape[0] == 0 else measured), folds

    def _predict_out_of_fold(
        self, estimator, X, y, measured, train_weight, sample_weight, splits
    ):
        """Out-of-fold predictions of the samples ``measured`` (all if ``None``)."""
        if measured is not None:
            X = _safe_indexing(X, measured)
            y, train_weight = y[measured], train_weight[measured]
            if sample_weight is not None:
                sample_weight = sample_weight[measured]
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

    def _cap(self, relative):
        """Clip factors relative to their centre to ``[1, max_ratio]`` apart.

        ``relative`` is each factor divided by the centre (1 = typical); the
        result lies in ``[1 / sqrt(max_ratio), sqrt(max_ratio)]``, so no two
        factors differ by more than ``max_ratio``. A factor of exactly 1 stays
        exactly 1.
        """
        if self.max_ratio is None:
            return relative
        bound = np.sqrt(float(self.max_ratio))
        return np.clip(relative, 1.0 / bound, bound)

    def _class_totals(self, weights, codes, sample_weight):
        """Total weight of each class (weighted by ``sample_weight``)."""
        mass = weights if sample_weight is None else weights * sample_weight
        return np.bincount(codes, weights=mass, minlength=self.classes_.shape[0])

    def _keep_class_totals(self, base_weights, factor, codes, sample_weight):
        """``base_weights * factor``, rescaled class by class to the base totals.

        Weight moves only between samples of the same class: each class's
        total (weighted by ``sample_weight``) stays its base total, so the
        balance between classes is the base weighter's. When every ``factor``
        is 1 the scales are exactly 1 and the base weights come back bitwise.
        """
        weights = base_weights * factor
        target = self._class_totals(base_weights, codes, sample_weight)
        total = self._class_totals(weights, codes, sample_weight)
        self._check_no_dead_class(total, target)
        scale = np.divide(target, total, out=np.ones_like(total), where=total > 0)
        return weights * scale[codes]

    def _keep_total(self, base_weights, factor, codes, sample_weight):
        """``base_weights * factor`` rescaled to the base weights' total, and the scale.

        Both totals are weighted by ``sample_weight``, so the adaptive weights
        keep the base weighter's normalisation (e.g. mean 1). When every
        ``factor`` is 1 the scale is exactly 1.
        """
        weights = base_weights * factor
        target = self._class_totals(base_weights, codes, sample_weight)
        total = self._class_totals(weights, codes, sample_weight)
        self._check_no_dead_class(total, target)
        scale = target.sum() / total.sum()
        return weights * scale, scale

    def _check_no_dead_class(self, total, target):
        dead = (total <= 0) & (target > 0)
        if dead.any():
            raise ValueError(
                f"{type(self).__name__} gave zero total weight to class(es) "
                f"{self.classes_[dead].tolist()}: they were predicted perfectly "
                "out of fold, so their factor is 0 and the classifier would never "
                "see them. Set min_factor > 0 (the default is 1e-3) or max_ratio "
                "to a number (the default is 2)."
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
