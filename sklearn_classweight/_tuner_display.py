"""ShiftCurveDisplay: what WeightedClassifierCV saw, score against the shift tau."""

import numpy as np


class ShiftCurveDisplay:
    """Cross-validated score against the post-hoc shift ``tau``, per candidate.

    One curve per candidate of a fitted :class:`WeightedClassifierCV`: its
    mean validation score at every ``tau`` it scored (all from the same fold
    models), with a band of one standard error of that mean, the reference
    pair of the selection rule and the selected pair marked. A curve that
    still rises at the right edge says the grid of ``taus`` stops too early.

    Build it with :meth:`from_estimator`, which calls :meth:`plot`; the
    constructor only stores the data. Needs matplotlib.

    Parameters
    ----------
    taus : array-like of shape (n_taus,)
        The shifts scored.
    mean_scores : array-like of shape (n_candidates, n_taus)
        Mean validation score of every (candidate, ``tau``) pair.
    candidate_names : list of str of length n_candidates
        Legend name of every candidate.
    chosen : tuple of (int, float)
        The selected pair: candidate index and ``tau``.
    standard_errors : array-like of shape (n_candidates, n_taus), default=None
        Standard error of each mean score, drawn as a band; ``None`` draws
        none.
    reference : tuple of (int, float), default=None
        The reference pair of the selection rule, if any.
    score_name : str, default="score"
        Name of the validation score, for the y axis.

    Attributes
    ----------
    ax_ : matplotlib Axes
        Axes of the plot.
    figure_ : matplotlib Figure
        Figure of the plot.
    lines_ : list of matplotlib Line2D
        The curve of every candidate.
    chosen_marker_ : matplotlib Line2D
        The marker of the selected pair.
    reference_marker_ : matplotlib Line2D or None
        The marker of the reference pair.

    See Also
    --------
    WeightedClassifierCV : The search whose scores this draws.
    sklearn.model_selection.ValidationCurveDisplay : Score against one
        hyper-parameter, refitting at every value.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn_classweight import ShiftCurveDisplay, WeightedClassifierCV
    >>> X, y = make_classification(n_samples=300, weights=[0.9], random_state=0)
    >>> search = WeightedClassifierCV(LogisticRegression(), cv=3).fit(X, y)
    >>> display = ShiftCurveDisplay.from_estimator(search)
    >>> display.ax_.get_xlabel()
    'tau (strength of the post-hoc shift)'
    >>> [line.get_label() for line in display.lines_]
    ['no weighting']
    """

    def __init__(
        self,
        taus,
        mean_scores,
        candidate_names,
        chosen,
        *,
        standard_errors=None,
        reference=None,
        score_name="score",
    ):
        self.taus = taus
        self.mean_scores = mean_scores
        self.candidate_names = candidate_names
        self.chosen = chosen
        self.standard_errors = standard_errors
        self.reference = reference
        self.score_name = score_name

    @classmethod
    def from_estimator(cls, estimator, *, ax=None, show_errors=True):
        """Draw the scores of a fitted :class:`WeightedClassifierCV`.

        Parameters
        ----------
        estimator : WeightedClassifierCV
            A fitted search (``refit=False`` is fine).
        ax : matplotlib Axes, default=None
            Axes to draw on; ``None`` makes a new figure.
        show_errors : bool, default=True
            Draw a band of one standard error (``std / sqrt(n_splits)``)
            around every curve.

        Returns
        -------
        display : ShiftCurveDisplay
            The drawn display.
        """
        pairs = getattr(estimator, "pair_results_", None)
        if pairs is None:
            raise TypeError(
                "ShiftCurveDisplay.from_estimator needs a fitted "
                f"WeightedClassifierCV (with pair_results_); got "
                f"{type(estimator).__name__}. Fit it first."
            )
        candidates = np.asarray(pairs["candidate"])
        n_candidates = int(candidates.max()) + 1
        n_taus = candidates.shape[0] // n_candidates
        taus = np.asarray(pairs["tau"][:n_taus], dtype=float)
        means = np.asarray(pairs["mean_test_score"], float).reshape(n_candidates, -1)
        std = np.asarray(pairs["std_test_score"], float).reshape(n_candidates, -1)
        names = [pairs["candidate_name"][c * n_taus] for c in range(n_candidates)]
        evidence = estimator.selection_evidence_
        reference = evidence["reference_pair_index"]
        scoring = estimator.scoring
        display = cls(
            taus,
            means,
            names,
            (estimator.best_index_, estimator.best_tau_),
            standard_errors=std / np.sqrt(estimator.n_splits_),
            reference=(int(candidates[reference]), float(pairs["tau"][reference])),
            score_name=scoring if isinstance(scoring, str) else "score",
        )
        return display.plot(ax=ax, show_errors=show_errors)

    def _point(self, pair):
        candidate, tau = pair
        column = int(np.argmin(np.abs(np.asarray(self.taus, float) - tau)))
        return tau, np.asarray(self.mean_scores, float)[candidate, column]

    def plot(self, ax=None, *, show_errors=True):
        """Draw the curves and mark the reference and the selected pair.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw on; ``None`` makes a new figure.
        show_errors : bool, default=True
            Draw ``standard_errors`` as a band around every curve.

        Returns
        -------
        display : ShiftCurveDisplay
            This object, with ``ax_``, ``figure_``, ``lines_``,
            ``chosen_marker_`` and ``reference_marker_``.
        """
        try:
            import matplotlib.pyplot as plt
        except ImportError as exc:
            raise ImportError(
                "ShiftCurveDisplay needs matplotlib: pip install matplotlib"
            ) from exc

        taus = np.asarray(self.taus, dtype=float)
        means = np.asarray(self.mean_scores, dtype=float)
        if means.shape != (len(self.candidate_names), taus.shape[0]):
            raise ValueError(
                f"mean_scores has shape {means.shape}; it needs one row per "
                f"candidate name and one column per tau, "
                f"{(len(self.candidate_names), taus.shape[0])}."
            )
        if ax is None:
            _, ax = plt.subplots()
        self.lines_ = []
        for row, name in enumerate(self.candidate_names):
            (line,) = ax.plot(taus, means[row], marker=".", label=name)
            self.lines_.append(line)
            if show_errors and self.standard_errors is not None:
                error = np.asarray(self.standard_errors, dtype=float)[row]
                ax.fill_between(
                    taus,
                    means[row] - error,
                    means[row] + error,
                    color=line.get_color(),
                    alpha=0.2,
                    linewidth=0,
                )
        self.reference_marker_ = None
        if self.reference is not None:
            tau, score = self._point(self.reference)
            (self.reference_marker_,) = ax.plot(
                [tau],
                [score],
                linestyle="none",
                marker="o",
                markersize=11,
                markerfacecolor="none",
                markeredgecolor="0.3",
                label=f"reference (tau={tau:g})",
            )
        tau, score = self._point(self.chosen)
        (self.chosen_marker_,) = ax.plot(
            [tau],
            [score],
            linestyle="none",
            marker="*",
            markersize=15,
            color=self.lines_[self.chosen[0]].get_color(),
            markeredgecolor="black",
            label=f"selected (tau={tau:g}, {score:.3f})",
        )
        ax.set_xlabel("tau (strength of the post-hoc shift)")
        ax.set_ylabel(f"mean validation {self.score_name}")
        ax.legend(loc="best")
        self.ax_ = ax
        self.figure_ = ax.figure
        return self
