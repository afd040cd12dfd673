"""SparkLogitAdjuster: the post-hoc prior shift for a fitted Spark classifier.

The Spark counterpart of :class:`~sklearn_classweight.LogitAdjustedClassifier`.
Spark's ``rawPrediction`` is a margin (GBT, LinearSVC), a vote count
(RandomForest) or a logit (LogisticRegression), and GBT's ``probability`` is
not calibrated: shifting them by ``-tau * log(prior)`` as if they were
log-probabilities predicts the rare class everywhere. So the stage first fits
a Platt (sigmoid) calibration of the margin, a multinomial one of the raw
scores for more classes, then shifts the calibrated log-probabilities.
Everything the model computes is a column expression (no UDF).
"""

import numpy as np
from pyspark import keyword_only
from pyspark.ml import Estimator, Model
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.functions import array_to_vector, vector_to_array
from pyspark.ml.param import Param, Params, TypeConverters
from pyspark.ml.param.shared import (
    HasLabelCol,
    HasPredictionCol,
    HasProbabilityCol,
    HasRawPredictionCol,
    HasWeightCol,
)
from pyspark.ml.util import DefaultParamsReadable, DefaultParamsWritable
from pyspark.sql import functions as F

from ._counts import check_batch, check_column, class_totals

_FEATURES = "__sklearn_classweight_calibration_features"


def _to_tau(value):
    value = TypeConverters.toFloat(value)
    if not (np.isfinite(value) and value >= 0):
        raise ValueError(f"tau must be a finite float >= 0; got {value!r}.")
    return value


def _to_calibration(value):
    value = TypeConverters.toString(value)
    if value not in ("sigmoid", "none"):
        raise ValueError(
            f"calibration must be 'sigmoid' or 'none'; got {value!r}. Use 'none' "
            "only when rawPrediction already holds log-probabilities (e.g. "
            "LogisticRegression's logits)."
        )
    return value


class _ShiftParams(
    HasLabelCol, HasRawPredictionCol, HasProbabilityCol, HasPredictionCol, HasWeightCol
):
    tau = Param(
        Params._dummy(), "tau", "strength of the shift -tau * log(prior), >= 0", _to_tau
    )

    def __init__(self, *args):
        super().__init__(*args)
        self._setDefault(
            labelCol="label",
            rawPredictionCol="rawPrediction",
            probabilityCol="probability",
            predictionCol="prediction",
            tau=1.0,
        )

    def _weight_col(self):
        if self.isDefined(self.weightCol) and self.getWeightCol():
            return self.getWeightCol()
        return None


class SparkLogitAdjuster(
    Estimator, _ShiftParams, DefaultParamsReadable, DefaultParamsWritable
):
    """Post-hoc logit adjustment of a fitted Spark classifier, as a ``pyspark.ml`` stage.

    Fit it on the *training* rows as transformed by the fitted classifier
    (in a ``Pipeline``, put it right after the classifier: the pipeline does
    exactly that). :meth:`fit` takes the training prior from one
    aggregation of ``labelCol`` and fits a calibration of ``rawPrediction``
    (Platt's sigmoid of the margin ``raw[1] - raw[0]`` for two classes, a
    multinomial logistic regression on the raw scores for more). The model
    replaces ``rawPrediction`` by the shifted calibrated log-probabilities
    ``log p(c|x) - tau * log(prior_c)``, ``probability`` by their softmax and
    ``prediction`` by their argmax. The classifier is not refitted.

    Parameters
    ----------
    labelCol : str, default="label"
        Class indices ``0 .. n_classes - 1``, as Spark classifiers take them.
    rawPredictionCol : str, default="rawPrediction"
        The classifier's raw scores (read, then replaced).
    probabilityCol : str, default="probability"
        Output: shifted probabilities.
    predictionCol : str, default="prediction"
        Output: the class index of the largest shifted probability.
    weightCol : str, optional
        User weights of the training rows, folded into the prior and the
        calibration. Not class-balancing weights: weighting and the shift are
        the same correction, apply one of them.
    tau : float >= 0, default=1.0
        Strength of the shift; 0 gives the calibrated, unshifted model.
    calibration : {"sigmoid", "none"}, default="sigmoid"
        ``"none"`` takes ``rawPrediction`` as logits as they are (right for
        ``LogisticRegression`` only).

    See Also
    --------
    sklearn_classweight.LogitAdjustedClassifier : The same shift for
        scikit-learn classifiers.
    SparkClassWeighter : Training-time weights instead.

    Notes
    -----
    Menon et al., "Long-tail learning via logit adjustment", ICLR 2021. The
    calibration is fitted on the training rows, the only rows there are
    without a refit, so a classifier that overfits them looks more confident
    than it is. The shift moves the threshold of the classifier's ranking and
    cannot change the ranking: on ``benchmarks/spark_scale.py`` (1:40) it came
    within 0.02 balanced accuracy of weighted training for Spark's
    LogisticRegression, RandomForest and GBT, and beat it for SparkXGB.

    Examples
    --------
    >>> from pyspark.ml.classification import LogisticRegression
    >>> from pyspark.ml.linalg import Vectors
    >>> from pyspark.sql import SparkSession
    >>> from sklearn_classweight.spark import SparkLogitAdjuster
    >>> spark = SparkSession.builder.master("local[1]").getOrCreate()
    >>> rows = [(float(i % 10 == 0), Vectors.dense([i % 7 + 3.0 * (i % 10 == 0)]))
    ...         for i in range(200)]
    >>> df = spark.createDataFrame(rows, ["label", "features"])
    >>> scored = LogisticRegression().fit(df).transform(df)
    >>> model = SparkLogitAdjuster(tau=1.0).fit(scored)
    >>> model.class_prior_
    array([0.9, 0.1])
    >>> shifted = model.transform(scored)
    """

    calibration = Param(
        Params._dummy(),
        "calibration",
        "calibration of rawPrediction before the shift: sigmoid or none",
        _to_calibration,
    )

    @keyword_only
    def __init__(
        self,
        *,
        labelCol="label",
        rawPredictionCol="rawPrediction",
        probabilityCol="probability",
        predictionCol="prediction",
        weightCol=None,
        tau=1.0,
        calibration="sigmoid",
    ):
        super().__init__()
        self._setDefault(calibration="sigmoid")
        self.setParams(**self._input_kwargs)

    @keyword_only
    def setParams(
        self,
        *,
        labelCol="label",
        rawPredictionCol="rawPrediction",
        probabilityCol="probability",
        predictionCol="prediction",
        weightCol=None,
        tau=1.0,
        calibration="sigmoid",
    ):
        """Set the parameters given by keyword; ``None`` leaves one unset."""
        return self._set(
            **{k: v for k, v in self._input_kwargs.items() if v is not None}
        )

    def _fit(self, dataset):
        check_batch(dataset, type(self).__name__)
        label_col, raw_col = self.getLabelCol(), self.getRawPredictionCol()
        weight_col = self._weight_col()
        check_column(dataset, "labelCol", label_col, numeric=True)
        check_column(dataset, "rawPredictionCol", raw_col)
        n_classes = _n_scores(dataset, raw_col)
        classes, counts = class_totals(dataset, label_col, weight_col)
        prior = _class_prior(classes, counts, n_classes, label_col)
        if self.getOrDefault(self.calibration) == "none":
            coefficients, intercepts = np.eye(n_classes), np.zeros(n_classes)
        else:
            coefficients, intercepts = _fit_calibration(
                dataset, label_col, raw_col, weight_col, n_classes
            )
        model = SparkLogitAdjusterModel(
            classPrior=prior.tolist(),
            calibrationCoefficients=coefficients.tolist(),
            calibrationIntercepts=intercepts.tolist(),
        )
        return self._copyValues(model)


def _n_scores(dataset, raw_col):
    first = dataset.select(F.size(vector_to_array(F.col(raw_col)))).first()
    if first is None:
        raise ValueError("The DataFrame is empty: the shift needs training rows.")
    return int(first[0])


def _class_prior(classes, counts, n_classes, label_col):
    codes = np.asarray(classes, dtype=np.float64)
    valid = (codes == np.round(codes)) & (codes >= 0) & (codes < n_classes)
    if not valid.all():
        raise ValueError(
            f"labelCol={label_col!r} must hold class indices 0 .. {n_classes - 1} "
            f"(rawPrediction has {n_classes} scores); got {codes[~valid].tolist()}. "
            "Index string labels with StringIndexer first."
        )
    totals = np.zeros(n_classes)
    totals[codes.astype(int)] = counts
    if not (totals > 0).all():
        raise ValueError(
            f"Class(es) {np.flatnonzero(totals == 0).tolist()} have no training "
            f"rows in labelCol={label_col!r}: their prior is 0 and log(0) has no "
            "shift. Fit on rows of every class."
        )
    return totals / totals.sum()


def _fit_calibration(dataset, label_col, raw_col, weight_col, n_classes):
    """Logits ``coefficients @ raw + intercepts`` fitted by maximum likelihood."""
    raw = vector_to_array(F.col(raw_col))
    if n_classes == 2:  # Platt: a sigmoid of the margin
        features = array_to_vector(F.array(raw[1] - raw[0]))
    else:
        features = F.col(raw_col)
    columns = [features.alias(_FEATURES), F.col(label_col).cast("double")]
    if weight_col is not None:
        columns.append(F.col(weight_col).cast("double"))
    data = dataset.select(*columns).persist()
    try:
        fitted = LogisticRegression(
            featuresCol=_FEATURES,
            labelCol=label_col,
            weightCol=weight_col or "",
            regParam=0.0,
            standardization=False,
            family="binomial" if n_classes == 2 else "multinomial",
            maxIter=100,
            tol=1e-9,
        ).fit(data)
    finally:
        data.unpersist()
    if n_classes == 2:  # logits [0, a * margin + b]
        slope = float(fitted.coefficients[0])
        return (
            np.array([[0.0, 0.0], [-slope, slope]]),
            np.array([0.0, float(fitted.intercept)]),
        )
    return fitted.coefficientMatrix.toArray(), fitted.interceptVector.toArray()


class SparkLogitAdjusterModel(
    Model, _ShiftParams, DefaultParamsReadable, DefaultParamsWritable
):
    """A fitted :class:`SparkLogitAdjuster`: shifts calibrated scores.

    Attributes
    ----------
    class_prior_ : ndarray of shape (n_classes,)
        Training prior of each class index.
    calibration_coefficients_ : ndarray of shape (n_classes, n_classes)
        Calibrated logits are ``calibration_coefficients_ @ rawPrediction +
        calibration_intercepts_`` (for two classes, Platt's
        ``a * (raw[1] - raw[0]) + b`` as the second logit, 0 the first).
    calibration_intercepts_ : ndarray of shape (n_classes,)
    """

    classPrior = Param(
        Params._dummy(),
        "classPrior",
        "fitted: training prior",
        TypeConverters.toListFloat,
    )
    calibrationCoefficients = Param(
        Params._dummy(),
        "calibrationCoefficients",
        "fitted: calibration coefficients, one row per class",
        TypeConverters.toListListFloat,
    )
    calibrationIntercepts = Param(
        Params._dummy(),
        "calibrationIntercepts",
        "fitted: calibration intercepts",
        TypeConverters.toListFloat,
    )

    @keyword_only
    def __init__(
        self,
        *,
        classPrior=None,
        calibrationCoefficients=None,
        calibrationIntercepts=None,
    ):
        super().__init__()
        self._set(**{k: v for k, v in self._input_kwargs.items() if v is not None})

    def setTau(self, value):
        """Change the strength of the shift; no refit needed."""
        return self._set(tau=value)

    @property
    def class_prior_(self):
        return np.asarray(self.getOrDefault(self.classPrior))

    @property
    def calibration_coefficients_(self):
        return np.asarray(self.getOrDefault(self.calibrationCoefficients))

    @property
    def calibration_intercepts_(self):
        return np.asarray(self.getOrDefault(self.calibrationIntercepts))

    def _transform(self, dataset):
        raw_col = self.getRawPredictionCol()
        check_column(dataset, "rawPredictionCol", raw_col)
        raw = vector_to_array(F.col(raw_col))
        weights, intercepts = (
            self.calibration_coefficients_,
            self.calibration_intercepts_,
        )
        shift = self.getOrDefault(self.tau) * np.log(self.class_prior_)
        n_classes = intercepts.shape[0]
        logits = []
        for k in range(n_classes):
            logit = F.lit(float(intercepts[k] - shift[k]))
            for j in np.flatnonzero(weights[k]):
                logit = logit + F.lit(float(weights[k, j])) * raw[int(j)]
            logits.append(logit)
        # Shifted log-probabilities: logits minus their log-sum-exp.
        largest = F.greatest(*logits)
        log_total = largest + F.log(sum(F.exp(logit - largest) for logit in logits))
        log_proba = F.array(*[logit - log_total for logit in logits])
        return dataset.withColumns(
            {
                raw_col: array_to_vector(log_proba),
                self.getProbabilityCol(): array_to_vector(
                    F.array(*[F.exp(logit - log_total) for logit in logits])
                ),
                self.getPredictionCol(): (
                    F.array_position(F.array(*logits), largest) - 1
                ).cast("double"),
            }
        )
