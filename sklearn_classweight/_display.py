"""ClassWeightDisplay: class weight against class size, scikit-learn's Display way."""

import numpy as np
from sklearn.base import clone

from ._weighter import ClassBalancedWeighter

KINDS = ("line", "bar")
#: At most this many classes are labelled under a bar plot; others get a bare tick.
MAX_BAR_LABELS = 12
#: More bar labels than this are drawn upright, on one line.
UPRIGHT_BAR_LABELS = 6
#: Room left around the data on a log axis, as a factor.
LOG_MARGIN = 1.25


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
        """Draw the weights against the class sizes.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw on; ``None`` makes a new figure.
        kind : {"line", "bar"}, default="line"
            ``"line"``: weight against class size, one line of dots per
            curve, on log-log axes (a power law such as INS is a straight
            line; equal steps are equal ratios). ``"bar"``: one group of bars
            per class, largest class first, labelled with its size, on a
            linear axis from 0 (bar lengths compare as ratios). Bars suit a
            few classes; with many, only every k-th class is labelled.

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
            _readable_log_axis(ax.xaxis, counts)
            _readable_log_axis(ax.yaxis, np.concatenate(list(curves.values())))
            ax.set_xlabel("class size (samples, log scale)")
            ax.set_ylabel("class weight (log scale)")
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
            # Bar lengths are read as ratios: the axis starts at 0 and is linear.
            ax.set_ylim(bottom=0)
            step = int(np.ceil(len(counts) / MAX_BAR_LABELS))
            labelled = order[::step]
            # Few labels fit side by side on two lines; more are turned upright.
            upright = len(labelled) > UPRIGHT_BAR_LABELS
            ax.set_xticks(positions, minor=True)
            ax.set_xticks(
                positions[::step],
                [
                    f"{c}{' ' if upright else chr(10)}(n={n:g})"
                    for c, n in zip(classes[labelled], counts[labelled])
                ],
                rotation=90 if upright else 0,
            )
            ax.set_xlabel(
                "class (size), largest first"
                + ("" if step == 1 else f"; every {_ordinal(step)} class labelled")
            )
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


def _ordinal(n):
    suffix = (
        "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    )
    return f"{n}{suffix}"


def _log_tick_label(value, _position=None):
    """``5``, ``0.2``, ``1,000``; powers of ten beyond that range."""
    if 1e-3 <= value < 1e5:
        return f"{value:,.0f}" if value >= 1 else f"{value:g}"
    exponent = int(np.floor(np.log10(value) + 1e-9))
    mantissa = value / 10.0**exponent
    power = f"10^{{{exponent}}}"
    return f"${power}$" if np.isclose(mantissa, 1) else f"${mantissa:g}\\times{power}$"


def _readable_log_axis(axis, values):
    """Put ``axis`` on a log scale whose labelled ticks never collide.

    matplotlib's default labels the minor ticks of a log axis that spans less
    than a decade (``2x10^0``, ``3x10^0``, ...), and with two or three classes
    they overlap. Here only major ticks are labelled: at 1, 2 and 5 times a
    power of ten when the data span at most two decades, at powers of ten
    (every k-th one for very wide spans) beyond. If fewer than two such ticks
    fall in the data's range, the limits widen to the enclosing ticks.
    """
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter

    values = values[np.isfinite(values) & (values > 0)]
    low, high = values.min() / LOG_MARGIN, values.max() * LOG_MARGIN
    decades = np.log10(high / low)
    mantissas = (1.0, 2.0, 5.0) if decades <= 2 else (1.0,)
    decade_step = max(1, int(np.ceil(decades / 8)))
    exponents = np.arange(
        np.floor(np.log10(low)) - decade_step,
        np.ceil(np.log10(high)) + decade_step + 1,
    )
    exponents = exponents[exponents % decade_step == 0]
    ticks = np.sort([m * 10.0**e for e in exponents for m in mantissas])
    if np.count_nonzero((ticks >= low) & (ticks <= high)) < 2:
        low, high = ticks[ticks <= low].max(), ticks[ticks >= high].min()
    # The scale first: setting it afterwards would autoscale the limits away.
    axis.axes.set(**{f"{axis.axis_name}scale": "log"})
    axis.axes.set(**{f"{axis.axis_name}lim": (low, high)})
    axis.set_major_locator(FixedLocator(ticks[(ticks >= low) & (ticks <= high)]))
    axis.set_major_formatter(FuncFormatter(_log_tick_label))
    axis.set_minor_formatter(NullFormatter())
