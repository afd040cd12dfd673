"""ClassWeightDisplay: class weight against class size, scikit-learn's Display way."""

import numpy as np
from sklearn.base import clone

from ._weighter import ClassBalancedWeighter

KINDS = ("line", "bar")


def _fitted_weights(estimator):
    """``(classes, counts, weights)`` of a fitted weighter or weighted classifier."""
    weighter = getattr(estimator, "weighter_", estimator)
    weights = getattr(weighter, "class_weight_", None)
    if weights is None:
        # FocalWeighter: per-sample weights, summarised per class
        weights = getattr(weighter, "class_mean_weight_", None)
    counts = getattr(weighter, "class_counts_", None)
    if counts is None and hasattr(weighter, "base_weighter_"):
        counts = getattr(weighter.base_weighter_, "class_counts_", None)
    if weights is None or counts is None or not hasattr(weighter, "classes_"):
        raise TypeError(
            "ClassWeightDisplay.from_estimator needs a fitted weighter (with "
            "classes_, class_counts_ and class_weight_, e.g. ClassBalancedWeighter) "
            "or a fitted classifier with a weighter_ (WeightedClassifier, "
            f"WeightedClassifierCV); got {type(estimator).__name__}. Fit it first, "
            "or use ClassWeightDisplay.from_counts."
        )
    return (
        np.asarray(weighter.classes_),
        np.asarray(counts, float),
        np.asarray(weights, float),
    )


class ClassWeightDisplay:
    """Class weight against class size: what each class weighs in training.

    Build it with :meth:`from_estimator` (a fitted weighter or weighted
    classifier) or :meth:`from_counts` (class sizes and schemes to compare);
    both call :meth:`plot`. The constructor only stores the data. Needs
    matplotlib.

    Parameters
    ----------
    class_counts : array-like of shape (n_classes,)
        Size (or total ``sample_weight``) of every class.
    class_weights : dict of str -> array-like of shape (n_classes,)
        One weight per class for each curve, keyed by its legend name.
    classes : array-like of shape (n_classes,), default=None
        Class labels, for the bar plot's tick labels. ``None`` numbers them.

    Attributes
    ----------
    ax_ : matplotlib Axes
        Axes of the plot.
    figure_ : matplotlib Figure
        Figure of the plot.
    artists_ : dict of str -> matplotlib artist
        The line (``kind="line"``) or bar container (``kind="bar"``) of
        every curve, keyed like ``class_weights``.

    See Also
    --------
    ClassBalancedWeighter : The schemes drawn by :meth:`from_counts`.
    WeightedClassifierCV : Chooses a scheme; draw its choice with
        :meth:`from_estimator`.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn_classweight import ClassBalancedWeighter, ClassWeightDisplay
    >>> weighter = ClassBalancedWeighter("ens", beta=0.99).fit([0] * 90 + [1] * 9 + [2])
    >>> display = ClassWeightDisplay.from_estimator(weighter)
    >>> display.ax_.get_xscale(), display.ax_.get_yscale()
    ('log', 'log')
    >>> display = ClassWeightDisplay.from_counts([500, 50, 5], schemes=["ins", "isns"])
    >>> sorted(display.artists_)
    ['INS', 'ISNS']
    """

    def __init__(self, class_counts, class_weights, *, classes=None):
        self.class_counts = class_counts
        self.class_weights = class_weights
        self.classes = classes

    def plot(self, ax=None, *, kind="line"):
        """Draw the weights against the class sizes, on log axes.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw on; ``None`` makes a new figure.
        kind : {"line", "bar"}, default="line"
            ``"line"``: weight against class size, one line per curve (log x
            and y). ``"bar"``: one group of bars per class, largest class
            first, labelled with its size (log y).

        Returns
        -------
        display : ClassWeightDisplay
            This object, with ``ax_``, ``figure_`` and ``artists_``.
        """
        try:
            import matplotlib.pyplot as plt
        except ImportError as exc:
            raise ImportError(
                "ClassWeightDisplay needs matplotlib: pip install matplotlib"
            ) from exc

        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {kind!r}.")
        counts = np.asarray(self.class_counts, dtype=float)
        curves = {
            name: np.asarray(w, dtype=float) for name, w in self.class_weights.items()
        }
        for name, weights in curves.items():
            if weights.shape != counts.shape:
                raise ValueError(
                    f"class_weights[{name!r}] has shape {weights.shape}; it needs one "
                    f"weight per class, like class_counts, shape {counts.shape}."
                )
        classes = (
            np.arange(len(counts)) if self.classes is None else np.asarray(self.classes)
        )
        if ax is None:
            _, ax = plt.subplots()
        order = np.argsort(-counts, kind="stable")
        self.artists_ = {}
        if kind == "line":
            for name, weights in curves.items():
                (self.artists_[name],) = ax.plot(
                    counts[order], weights[order], marker="o", label=name
                )
            ax.set_xscale("log")
            ax.set_xlabel("class size (samples)")
        else:
            width = 0.8 / max(1, len(curves))
            positions = np.arange(len(counts))
            for i, (name, weights) in enumerate(curves.items()):
                self.artists_[name] = ax.bar(
                    positions + (i - (len(curves) - 1) / 2) * width,
                    weights[order],
                    width=width,
                    label=name,
                )
            ax.set_xticks(
                positions,
                [f"{c}\n(n={n:g})" for c, n in zip(classes[order], counts[order])],
            )
            ax.set_xlabel("class (size), largest first")
        ax.set_yscale("log")
        ax.set_ylabel("class weight")
        ax.legend()
        self.ax_, self.figure_ = ax, ax.figure
        return self

    @classmethod
    def from_estimator(cls, estimator, *, name=None, ax=None, kind="line"):
        """Plot the class weights a fitted weighter or classifier trains with.

        Parameters
        ----------
        estimator : fitted weighter or classifier
            A weighter with ``classes_``, ``class_counts_`` and
            ``class_weight_`` (:class:`ClassBalancedWeighter`,
            :class:`DifficultyWeighter`; for :class:`FocalWeighter` the mean
            weight of each class), or a classifier with a fitted
            ``weighter_`` (:class:`WeightedClassifier`,
            :class:`WeightedClassifierCV`).
        name : str, default=None
            Legend name; ``None`` describes the weighter.
        ax : matplotlib Axes, default=None
            Axes to draw on.
        kind : {"line", "bar"}, default="line"
            See :meth:`plot`.

        Returns
        -------
        display : ClassWeightDisplay
        """
        classes, counts, weights = _fitted_weights(estimator)
        if name is None:
            weighter = getattr(estimator, "weighter_", estimator)
            name = type(weighter).__name__
            if isinstance(weighter, ClassBalancedWeighter):
                name = _scheme_name(weighter)
        return cls(counts, {name: weights}, classes=classes).plot(ax=ax, kind=kind)

    @classmethod
    def from_counts(
        cls,
        class_counts,
        *,
        schemes=("ins", "isns", "ens"),
        classes=None,
        ax=None,
        kind="line",
    ):
        """Compare weighting schemes on given class sizes.

        Parameters
        ----------
        class_counts : array-like of shape (n_classes,)
            Size of every class (positive).
        schemes : sequence of str or ClassBalancedWeighter, default=("ins", "isns", "ens")
            Scheme names of :class:`ClassBalancedWeighter` (default
            parameters), or weighters for other parameters, e.g.
            ``ClassBalancedWeighter("ens", beta=0.9)``.
        classes : array-like of shape (n_classes,), default=None
            Class labels; ``None`` numbers the classes.
        ax : matplotlib Axes, default=None
            Axes to draw on.
        kind : {"line", "bar"}, default="line"
            See :meth:`plot`.

        Returns
        -------
        display : ClassWeightDisplay
        """
        counts = np.asarray(class_counts, dtype=float)
        if (
            counts.ndim != 1
            or counts.size == 0
            or not np.all(np.isfinite(counts))
            or np.any(counts <= 0)
        ):
            raise ValueError(
                "class_counts must be a non-empty 1d array of positive, finite class "
                f"sizes; got {class_counts!r}."
            )
        labels = np.arange(len(counts)) if classes is None else np.asarray(classes)
        if labels.shape != counts.shape:
            raise ValueError(
                f"classes has {labels.shape[0]} labels but class_counts has "
                f"{counts.shape[0]} sizes; give one label per class."
            )
        curves = {}
        for scheme in schemes:
            weighter = (
                clone(scheme)
                if isinstance(scheme, ClassBalancedWeighter)
                else ClassBalancedWeighter(scheme)
            )
            # transform gives the weights in the order the classes were given.
            weights = weighter.fit_counts(counts, classes=labels).transform(labels)
            curves[_scheme_name(weighter)] = weights
        return cls(counts, curves, classes=labels).plot(ax=ax, kind=kind)


def _scheme_name(weighter):
    scheme = weighter.scheme
    if not isinstance(scheme, str):
        return "custom"
    if scheme == "ens":
        return f"ENS (beta={weighter.beta:g})"
    if scheme == "power":
        return f"power ({weighter.power:g})"
    return scheme.upper() if scheme in ("ins", "isns") else scheme
