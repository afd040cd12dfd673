"""SparkClassWeighter: class-balanced weight columns as a Spark ML stage.

The counts come from one Spark aggregation (``_counts.class_totals``); the
weights from :meth:`ClassBalancedWeighter.fit_counts`, the library's one home
of the schemes; the fitted model is one ``create_map(...)[label]`` column
expression, with no join and no UDF, so it also transforms streams.
"""

from itertools import chain

import numpy as np
from pyspark import keyword_only
from pyspark.ml import Estimator, Model
from pyspark.ml.param import Param, Params, TypeConverters
from pyspark.ml.param.shared import HasLabelCol, HasOutputCol, HasWeightCol
from pyspark.ml.util import DefaultParamsReadable, DefaultParamsWritable
from pyspark.sql import functions as F
from pyspark.sql import types as T

from .._weighter import ClassBalancedWeighter
from .._weights import NORMALIZATIONS, SCHEME_ALIASES
from ._counts import check_batch, check_column, class_totals


def _to_scheme(value):
    value = TypeConverters.toString(value)
    if value not in SCHEME_ALIASES:
        raise ValueError(
            f"scheme must be one of {sorted(SCHEME_ALIASES)}; got {value!r}. (A dict "
            "or callable scheme is for ClassBalancedWeighter on in-memory labels.)"
        )
    return value


def _to_normalize(value):
    value = "none" if value is None else TypeConverters.toString(value)
    if value not in (*NORMALIZATIONS, "none"):
        raise ValueError(
            f"normalize must be one of {[*NORMALIZATIONS, 'none']}; got {value!r}."
        )
    return value


def _to_max_ratio(value):
    value = TypeConverters.toFloat(value)
    if not value >= 1:
        raise ValueError(f"maxRatio must be a float >= 1 (or unset); got {value!r}.")
    return value


def _to_unit_interval(value):
    value = TypeConverters.toFloat(value)
    if not 0 <= value <= 1:
        raise ValueError(f"beta must be in [0, 1]; got {value!r}.")
    return value


def _to_non_negative(value):
    value = TypeConverters.toFloat(value)
    if not value >= 0:
        raise ValueError(f"power must be >= 0; got {value!r}.")
    return value


class _ClassWeightColumnParams(HasLabelCol, HasOutputCol, HasWeightCol):
    """Columns shared by the weighter and its model."""

    def __init__(self, *args):
        super().__init__(*args)
        self._setDefault(labelCol="label", outputCol="classWeight")


class SparkClassWeighter(
    Estimator, _ClassWeightColumnParams, DefaultParamsReadable, DefaultParamsWritable
):
    """Class-balancing weights for a Spark DataFrame, as a ``pyspark.ml`` stage.

    :meth:`fit` counts the labels (weighted by ``weightCol`` if set) in one
    ``groupBy`` aggregation and computes the class weights with
    :meth:`ClassBalancedWeighter.fit_counts
    <sklearn_classweight.ClassBalancedWeighter.fit_counts>`; the fitted
    :class:`SparkClassWeighterModel` adds them as ``outputCol``. Put it before
    any classifier that takes a weight column (``LogisticRegression``,
    ``RandomForestClassifier``, ``GBTClassifier``, ... with
    ``weightCol=outputCol``; ``SparkXGBClassifier`` with
    ``weight_col=outputCol``).

    Parameters
    ----------
    labelCol : str, default="label"
        The label column: numbers, strings or booleans, no nulls.
    outputCol : str, default="classWeight"
        The weight column added by the model.
    weightCol : str, optional
        A column of non-negative user weights. They are folded into the
        class counts (a row of weight 2 counts twice) and multiplied into
        ``outputCol``, which is then ready for the classifier's ``weightCol``.
    scheme : {"ins", "balanced", "isns", "sqrt", "ens", "power", "uniform"}, \
            default="ins"
        How a class count becomes a class weight; see
        :class:`~sklearn_classweight.ClassBalancedWeighter`.
    beta : float in [0, 1], default=0.999
        Hyper-parameter of ``"ens"``.
    power : float >= 0, default=1.0
        Exponent of ``"power"``.
    normalize : {"mean", "sum", "max", "min", "none"}, default="mean"
        Scale of the class weights (``"none"`` or ``None``: raw values);
        ``"min"`` puts the largest class at weight 1, CatBoost's scale.
    maxRatio : float >= 1, optional
        Cap on the ratio of the largest to the smallest class weight.

    See Also
    --------
    sklearn_classweight.ClassBalancedWeighter : The same weights for
        in-memory labels.
    SparkLogitAdjuster : The post-hoc shift instead of weights.

    Notes
    -----
    :meth:`fit` runs one Spark aggregation; with adaptive query execution
    (on by default) Spark shows it as two jobs, a pass over the data and the
    read of its few result rows. The model's weight column is one
    ``create_map(...)[label]`` expression: no join, no UDF, no Python worker.
    A label the model did not see, a null label or a negative user weight
    fails the query with a message saying so. Rows without the label column
    (rows to predict, in a fitted ``PipelineModel``) pass through unchanged.

    Examples
    --------
    >>> from pyspark.sql import SparkSession
    >>> from sklearn_classweight.spark import SparkClassWeighter
    >>> spark = SparkSession.builder.master("local[1]").getOrCreate()
    >>> df = spark.createDataFrame([("cat",), ("cat",), ("cat",), ("dog",)], ["label"])
    >>> model = SparkClassWeighter(scheme="ins").fit(df)
    >>> model.classes_, model.class_weight_.round(3)
    (['cat', 'dog'], array([0.667, 2.   ]))
    >>> [row.classWeight for row in model.transform(df).collect()]  # doctest: +ELLIPSIS
    [0.666..., 0.666..., 0.666..., 2.0]
    """

    scheme = Param(
        Params._dummy(),
        "scheme",
        "how a class count becomes a class weight: ins, balanced, isns, sqrt, ens, "
        "power or uniform",
        typeConverter=_to_scheme,
    )
    beta = Param(
        Params._dummy(), "beta", "hyper-parameter of ens, in [0, 1]", _to_unit_interval
    )
    power = Param(Params._dummy(), "power", "exponent of power, >= 0", _to_non_negative)
    normalize = Param(
        Params._dummy(),
        "normalize",
        "scale of the class weights: mean, sum, max, min or none",
        typeConverter=_to_normalize,
    )
    maxRatio = Param(
        Params._dummy(),
        "maxRatio",
        "cap on the largest to smallest class-weight ratio, >= 1",
        typeConverter=_to_max_ratio,
    )

    @keyword_only
    def __init__(
        self,
        *,
        labelCol="label",
        outputCol="classWeight",
        weightCol=None,
        scheme="ins",
        beta=0.999,
        power=1.0,
        normalize="mean",
        maxRatio=None,
    ):
        super().__init__()
        self._setDefault(scheme="ins", beta=0.999, power=1.0, normalize="mean")
        self.setParams(**self._input_kwargs)

    @keyword_only
    def setParams(
        self,
        *,
        labelCol="label",
        outputCol="classWeight",
        weightCol=None,
        scheme="ins",
        beta=0.999,
        power=1.0,
        normalize="mean",
        maxRatio=None,
    ):
        """Set the parameters given by keyword; ``None`` leaves one unset."""
        kwargs = {k: v for k, v in self._input_kwargs.items() if v is not None}
        if "normalize" in self._input_kwargs and normalize is None:
            kwargs["normalize"] = "none"
        return self._set(**kwargs)

    def weighter(self):
        """The :class:`~sklearn_classweight.ClassBalancedWeighter` doing the math."""
        normalize = self.getOrDefault(self.normalize)
        max_ratio = (
            self.getOrDefault(self.maxRatio) if self.isDefined(self.maxRatio) else None
        )
        return ClassBalancedWeighter(
            scheme=self.getOrDefault(self.scheme),
            beta=self.getOrDefault(self.beta),
            power=self.getOrDefault(self.power),
            normalize=None if normalize == "none" else normalize,
            max_ratio=max_ratio,
        )

    def _fit(self, dataset):
        check_batch(dataset, type(self).__name__)
        weight_col = (
            self.getWeightCol()
            if self.isDefined(self.weightCol) and self.getWeightCol()
            else None
        )
        classes, counts = class_totals(dataset, self.getLabelCol(), weight_col)
        weighter = self.weighter().fit_counts(counts, classes)
        model = SparkClassWeighterModel(
            classLabels=weighter.classes_.tolist(),
            classCounts=weighter.class_counts_.tolist(),
            classWeights=weighter.class_weight_.tolist(),
        )
        model._set(labelCol=self.getLabelCol(), outputCol=self.getOutputCol())
        if weight_col is not None:
            model._set(weightCol=weight_col)
        return self._copyValues(model)


class SparkClassWeighterModel(
    Model, _ClassWeightColumnParams, DefaultParamsReadable, DefaultParamsWritable
):
    """A fitted :class:`SparkClassWeighter`: adds the class-weight column.

    The fitted labels, counts and weights are params, so Spark ML's own
    persistence (``model.save(path)``, ``SparkClassWeighterModel.load(path)``,
    or inside a saved ``PipelineModel``) keeps them exactly (JSON keeps every
    float64 digit).

    Attributes
    ----------
    classes_ : list
        Sorted labels seen in fit.
    class_counts_ : ndarray of shape (n_classes,)
        Rows (or total user weight) of each class.
    class_weight_ : ndarray of shape (n_classes,)
        Weight of each class, aligned with ``classes_``.
    """

    classLabels = Param(Params._dummy(), "classLabels", "fitted: sorted class labels")
    classCounts = Param(
        Params._dummy(),
        "classCounts",
        "fitted: rows (or total weight) of each class",
        TypeConverters.toListFloat,
    )
    classWeights = Param(
        Params._dummy(),
        "classWeights",
        "fitted: weight of each class",
        TypeConverters.toListFloat,
    )

    @keyword_only
    def __init__(self, *, classLabels=None, classCounts=None, classWeights=None):
        super().__init__()
        kwargs = {k: v for k, v in self._input_kwargs.items() if v is not None}
        self._set(**kwargs)

    @property
    def classes_(self):
        return list(self.getOrDefault(self.classLabels))

    @property
    def class_counts_(self):
        return np.asarray(self.getOrDefault(self.classCounts), dtype=np.float64)

    @property
    def class_weight_(self):
        return np.asarray(self.getOrDefault(self.classWeights), dtype=np.float64)

    def _transform(self, dataset):
        label_col = self.getLabelCol()
        if label_col not in dataset.columns:
            # Rows to predict have no labels and need no weights: a fitted
            # pipeline passes them through this stage unchanged.
            return dataset
        label_type = check_column(dataset, "labelCol", label_col)
        classes = self.classes_
        if isinstance(label_type, T.StringType) != isinstance(classes[0], str):
            raise TypeError(
                f"labelCol={label_col!r} is {label_type.simpleString()}, but the "
                f"model was fitted on labels {classes[:5]}; transform labels of the "
                "type it was fitted on."
            )
        label = F.col(label_col)
        pairs = chain.from_iterable(
            (F.lit(c).cast(label_type), F.lit(w))
            for c, w in zip(classes, self.class_weight_.tolist())
        )
        weight = F.create_map(*pairs)[label]
        checks = F.when(
            label.isNull(),
            F.raise_error(F.lit(f"labelCol={label_col!r} has a null label")),
        ).when(
            weight.isNull(),
            F.raise_error(
                F.concat(
                    F.lit(f"labelCol={label_col!r} has a label not seen in fit: "),
                    label.cast("string"),
                    F.lit(f"; known classes are {classes}. Refit on data with it."),
                )
            ),
        )
        if self.isDefined(self.weightCol) and self.getWeightCol():
            weight_col = self.getWeightCol()
            check_column(dataset, "weightCol", weight_col, numeric=True)
            user = F.col(weight_col).cast("double")
            checks = checks.when(
                user.isNull() | (user < 0) | F.isnan(user),
                F.raise_error(
                    F.concat(
                        F.lit(f"weightCol={weight_col!r} must be non-negative, got "),
                        F.coalesce(user.cast("string"), F.lit("null")),
                    )
                ),
            )
            weight = weight * user
        return dataset.withColumn(self.getOutputCol(), checks.otherwise(weight))
