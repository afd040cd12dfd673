"""ClassBalancedWeighter: estimator plumbing around the class-weight math."""

from numbers import Real

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from ._compat import Interval, StrOptions, fit_context, validate_params, warn
from ._counting import (
    check_class_counts,
    check_classes,
    check_labels,
    check_sample_weight,
    count_classes,
    decay_counts,
    encode_labels,
    reserve_classes,
)
from ._dask import check_in_memory_batch, is_dask_collection
from ._multilabel import (
    COMBINE_METHODS,
    check_multi_output_target,
    column_class_counts,
    combine_sample_weight,
    is_multi_output,
    positive_class_weight_ratio,
    transform_multi_output,
)
from ._weights import (
    NORMALIZATIONS,
    SCHEME_ALIASES,
    cap_weight_ratio,
    check_class_weight,
    compute_class_weight_from_counts,
    effective_number,
    normalize_class_weight,
    weigh_absent_like_rarest,
)


class ClassBalancedWeighter(
    TransformerMixin, BaseEstimator, auto_wrap_output_keys=None
):
    """Per-sample weights that balance the classes of a target ``y``.

    Fit on the labels ``y`` (optionally with a user ``sample_weight``), then
    :meth:`transform` maps each label to its class weight. Like
    :class:`~sklearn.preprocessing.LabelEncoder`, it works on ``y`` only.
    Pass it to :class:`WeightedClassifier` to train any scikit-learn
    classifier with these weights.

    Parameters
    ----------
    scheme : {"ins", "balanced", "isns", "sqrt", "ens", "power", "uniform"}, \
            dict or callable, default="ins"
        How a class count ``n_c`` becomes a class weight ``w_c``:

        - ``"ins"`` (alias ``"balanced"``): inverse number of samples,
          ``1 / n_c``;
        - ``"isns"`` (alias ``"sqrt"``): inverse square root, ``1 / sqrt(n_c)``;
        - ``"ens"``: inverse effective number of samples, ``1 / E_{n_c}`` with
          ``E_n = (1 - beta**n) / (1 - beta)`` (Cui et al., 2019);
        - ``"power"``: ``n_c ** -power``, one continuous knob from uniform
          (``power=0``) through ISNS (0.5) to INS (1);
        - ``"uniform"``: every class weighs the same;
        - a dict ``{class_label: weight}`` covering every class of ``y``
          (extra labels are ignored);
        - a callable ``f(class_counts) -> class_weights`` taking and returning
          an array of shape ``(n_classes,)`` aligned with ``classes_`` (only
          the classes present in ``y`` when ``classes`` reserves absent ones).

        Every scheme is followed by the same ``normalize`` step, dicts and
        callables included: pass ``normalize=None`` to use their values as is.
    beta : float in [0, 1], default=0.999
        Hyper-parameter of ``"ens"``: ``beta=0`` gives uniform weights and
        ``beta=1`` gives exactly ``"ins"``. It only means something relative to
        the class sizes: ``E_n`` saturates at ``1 / (1 - beta)``, so with
        ``beta=0.9`` every class above ~50 samples gets the same weight.
    power : float >= 0, default=1.0
        Exponent of the ``"power"`` scheme.
    normalize : {"mean", "sum", "max", "min"} or None, default="mean"
        Scale of the class weights; the ratios between classes do not depend
        on it, but the model usually does: with an L2-penalised
        ``LogisticRegression``, multiplying every weight by ``k`` is the same
        as multiplying ``C`` by ``k``.

        - ``"mean"``: the mean per-sample weight over the fitted ``y`` is 1
          (weighted by ``sample_weight`` if given), scikit-learn's
          ``"balanced"`` scale, which keeps ``C`` meaning what it meant
          unweighted;
        - ``"sum"``: the class weights sum to ``n_classes``, the scale of
          Cui et al.;
        - ``"max"``: the largest class weight is 1;
        - ``"min"``: the smallest class weight is 1, CatBoost's scale
          (``auto_class_weights="Balanced"`` is ``"ins"`` with ``"min"``);
        - ``None``: the scheme's raw values.
    classes : array-like of shape (n_classes,), default=None
        Every class that can occur, if some may be absent from the ``y`` given
        to :meth:`fit` (e.g. a cross-validation fold without a rare class),
        so that :meth:`transform` accepts them later. A reserved class absent
        from ``y`` gets the largest weight of the classes present, i.e. it is
        weighted like the rarest class seen: finite, and no larger than
        ``max_ratio`` allows. With a dict ``scheme`` it gets its dict value.
        ``y`` may not contain labels outside ``classes``. ``None``: the
        classes of ``y``. Only for a 1-D ``y``.
    max_ratio : float >= 1, default=None
        Cap on the ratio of the largest to the smallest class weight: weights
        above ``max_ratio * min(class_weight_)`` are lowered to it before
        ``normalize``. For extreme long tails, where ``1 / n_c`` would give a
        handful of samples a weight ``10**5`` times that of the rest.
        ``None``: no cap.
    combine : {"product", "mean", "max"}, default="product"
        Only for a 2-D ``y`` (a multilabel indicator matrix, or one label
        column per output): each column gets its own class weights (same
        ``scheme`` and ``normalize``), and a sample's weights over the
        columns are combined by ``"product"`` (scikit-learn's
        ``compute_sample_weight``), ``"mean"`` (keeps the ``"mean"``
        normalisation) or ``"max"`` (the rarest label decides). The fitted
        attributes are then lists with one entry per column. Ignored for
        1-D ``y``.
    decay : float in (0, 1], default=1.0
        Streaming only (:meth:`partial_fit`): before each batch is added, the
        running class counts are multiplied by ``decay``, so a batch ``k``
        calls ago counts ``decay**k`` times. ``1`` keeps plain cumulative
        counts, which equal the counts of one :meth:`fit` on all the batches;
        below 1 the weights follow a drifting class prior, remembering about
        ``1 / (1 - decay)`` batches. A count decays no lower than
        ``1 - decay`` samples (one sample spread over that memory; times the
        batch's mean ``sample_weight`` if given), so a class absent for any
        number of batches keeps a finite weight. :meth:`fit` ignores it: it
        counts one ``y``, with no order.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Sorted class labels seen in :meth:`fit`.
    class_counts_ : ndarray of shape (n_classes,)
        Number of samples of each class, or their total ``sample_weight``;
        0 for a class reserved by ``classes`` but absent from ``y``.
    class_weight_ : ndarray of shape (n_classes,)
        Weight of each class, aligned with ``classes_``.
    effective_num_ : ndarray of shape (n_classes,)
        Effective number of samples of each class. Only set when
        ``scheme="ens"``.
    pos_weight_ : ndarray of shape (n_labels,)
        Only after fitting a multilabel indicator matrix: per label, the
        weight of a positive over a negative, ``n_neg / n_pos`` with
        ``scheme="ins"``, e.g. for ``torch.nn.BCEWithLogitsLoss(pos_weight=)``
        or one-vs-rest training. A constant label gets 1.

    See Also
    --------
    class_balanced_sample_weight : The same weights as a single function call.
    WeightedClassifier : Trains any classifier with these weights.
    sklearn.utils.class_weight.compute_sample_weight : scikit-learn's
        ``"balanced"`` weights, equal to ``scheme="ins"``.

    Notes
    -----
    With ``scheme="ins"`` and ``normalize="mean"``, :meth:`fit_transform`
    returns exactly ``compute_sample_weight("balanced", y)``.

    A ``y`` with a single class is not an error: every sample gets the same
    weight (1 with ``normalize="mean"``) and a ``UserWarning`` says that
    balancing has no effect; the classifier trained on it decides whether one
    class is enough. Weights are never NaN, infinite or zero: an input that
    would produce one (a class whose ``sample_weight`` sums to zero, extreme
    ``power``) is a ``ValueError`` naming the parameter responsible.

    The effective number is evaluated as
    ``-expm1(n * log1p(beta - 1)) / (1 - beta)``, accurate to a few ulps for
    ``beta`` up to ``1 - 1e-15`` and counts up to ``1e12``.

    References
    ----------
    Y. Cui, M. Jia, T.-Y. Lin, Y. Song and S. Belongie, "Class-Balanced Loss
    Based on Effective Number of Samples", CVPR 2019.

    Examples
    --------
    >>> from sklearn_classweight import ClassBalancedWeighter
    >>> y = ["cat", "cat", "cat", "dog"]
    >>> weighter = ClassBalancedWeighter(scheme="ins").fit(y)
    >>> weighter.classes_
    array(['cat', 'dog'], dtype='<U3')
    >>> weighter.class_weight_
    array([0.66666667, 2.        ])
    >>> weighter.transform(["dog", "cat"])
    array([2.        , 0.66666667])
    >>> ClassBalancedWeighter(scheme="ens", beta=0.5, normalize=None).fit(y).effective_num_
    array([1.75, 1.  ])

    Reserve a class this ``y`` lacks, and cap the weight ratio:

    >>> weighter = ClassBalancedWeighter(classes=["cat", "dog", "eel"]).fit(y)
    >>> weighter.class_counts_
    array([3., 1., 0.])
    >>> weighter.transform(["eel"])
    array([2.])
    >>> ClassBalancedWeighter(max_ratio=2.0).fit(["cat"] * 9 + ["dog"]).class_weight_
    array([0.90909091, 1.81818182])
    """

    _parameter_constraints = {
        "scheme": [StrOptions(set(SCHEME_ALIASES)), dict, callable],
        "beta": [Interval(Real, 0, 1, closed="both")],
        "power": [Interval(Real, 0, None, closed="left")],
        "normalize": [StrOptions(set(NORMALIZATIONS)), None],
        "classes": ["array-like", None],
        "max_ratio": [Interval(Real, 1, None, closed="left"), None],
        "combine": [StrOptions(set(COMBINE_METHODS))],
        "decay": [Interval(Real, 0, 1, closed="right")],
    }

    def __init__(
        self,
        scheme="ins",
        *,
        beta=0.999,
        power=1.0,
        normalize="mean",
        classes=None,
        max_ratio=None,
        combine="product",
        decay=1.0,
    ):
        self.scheme = scheme
        self.beta = beta
        self.power = power
        self.normalize = normalize
        self.classes = classes
        self.max_ratio = max_ratio
        self.combine = combine
        self.decay = decay

    @fit_context(prefer_skip_nested_validation=True)
    def fit(self, y, sample_weight=None):
        """Count the classes of ``y`` and compute their weights.

        Parameters
        ----------
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Class labels: ints, strings, bools, or a pandas/polars Series;
            or a multilabel / multi-output label matrix (see ``combine``).
            A dask Array or dask Series is counted in one distributed pass
            (its ``sample_weight`` then a dask collection chunked like it).
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights; class counts become the total weight of
            each class, so a weight of 2 counts like a repeated row.

        Returns
        -------
        self : ClassBalancedWeighter
            The fitted weighter.
        """
        self._fit(y, sample_weight)
        return self

    @fit_context(prefer_skip_nested_validation=True)
    def _fit_transform_validated(self, y, sample_weight):
        """:meth:`fit_transform` for a caller that validated ``sample_weight``.

        ``WeightedClassifier`` validates the user's weights once, since it
        also multiplies them into the class weights; the weighter validates
        the labels.
        """
        return self._fit(y, sample_weight, sample_weight_validated=True)

    def _fit(self, y, sample_weight, *, sample_weight_validated=False):
        """Fit on ``y`` and return the weight of each of its samples.

        One return type whatever the input: the per-sample weights, an
        ndarray, or for a dask ``y`` a lazy dask collection chunked like it.
        The fitted attributes change only if the whole fit succeeds.
        """
        if is_dask_collection(y):
            return self._fit_dask(y, sample_weight)
        if is_multi_output(y):
            return self._fit_multi_output(y, sample_weight, sample_weight_validated)
        y = check_labels(y)
        if not sample_weight_validated:
            sample_weight = check_sample_weight(sample_weight, y)
        classes, codes, counts = count_classes(y, sample_weight)
        _warn_if_single_class(classes)
        if self.classes is not None:
            classes, codes, counts = reserve_classes(
                self.classes, classes, codes, counts
            )
        state = self._weights_from_counts(classes, counts)
        self._commit(state)
        return state["class_weight_"][codes]

    def _fit_multi_output(self, y, sample_weight, sample_weight_validated):
        """Fit a 2-D target column by column; return the combined weights."""
        if self.classes is not None:
            raise ValueError(
                "classes is supported for 1-D targets only; with a multilabel or "
                "multi-output y every column's classes are those of the column. "
                "Use classes=None with a 2-D y."
            )
        Y, target_type = check_multi_output_target(y)
        if not sample_weight_validated:
            sample_weight = check_sample_weight(sample_weight, Y)
        columns = []
        codes = np.empty(Y.shape, dtype=np.intp)
        for column, (classes, column_codes, counts) in enumerate(
            column_class_counts(Y, sample_weight)
        ):
            columns.append(self._weights_from_counts(classes, counts))
            codes[:, column] = column_codes
        # Each column's state as a 1-D fit would have it, gathered in lists.
        state = {
            name: [column[name] for column in columns]
            for name in ("classes_", "class_counts_", "class_weight_")
        }
        if all("effective_num_" in column for column in columns):
            state["effective_num_"] = [column["effective_num_"] for column in columns]
        if target_type == "multilabel-indicator":
            state["pos_weight_"] = positive_class_weight_ratio(
                state["classes_"], state["class_weight_"]
            )
        weights = np.column_stack(
            [
                class_weight[codes[:, column]]
                for column, class_weight in enumerate(state["class_weight_"])
            ]
        )
        weights = combine_sample_weight(weights, self.combine)
        self._commit(state)
        return weights

    @fit_context(prefer_skip_nested_validation=True)
    def fit_counts(self, class_counts, classes=None):
        """Compute the class weights from class counts computed elsewhere.

        The weights depend on ``y`` only through the class counts, so counts
        from a running stream, a distributed reduction (Dask, a Spark
        ``groupBy(label).count()``) or a summary table give the same weights
        as :meth:`fit` on the labels themselves.

        Parameters
        ----------
        class_counts : array-like of shape (n_classes,)
            Number (or total ``sample_weight``) of samples of each class:
            finite, non-negative, at least one positive. A class with a count
            of 0 is treated like a class reserved by ``classes`` and absent
            from ``y``.
        classes : array-like of shape (n_classes,), default=None
            The label of each count (in any order: ``classes_`` is sorted).
            ``None``: ``0 .. n_classes - 1``.

        Returns
        -------
        self : ClassBalancedWeighter
            The fitted weighter.

        Examples
        --------
        >>> from sklearn_classweight import ClassBalancedWeighter
        >>> weighter = ClassBalancedWeighter().fit_counts([90, 9, 1], ["a", "b", "c"])
        >>> weighter.class_weight_.round(3)
        array([ 0.37 ,  3.704, 33.333])
        >>> weighter.transform(["c", "a"]).round(3)
        array([33.333,  0.37 ])
        """
        counts = check_class_counts(class_counts)
        if classes is None:
            classes = np.arange(counts.shape[0])
        else:
            classes = check_labels(classes, param="classes")
            if classes.shape != counts.shape:
                raise ValueError(
                    f"classes has {classes.shape[0]} labels but class_counts has "
                    f"{counts.shape[0]} counts; give one label per count."
                )
            order = np.argsort(classes, kind="stable")
            classes, counts = classes[order], counts[order]
            if np.any(classes[1:] == classes[:-1]):
                raise ValueError(
                    f"classes lists {np.unique(classes[1:][classes[1:] == classes[:-1]]).tolist()} "
                    "more than once; give one count per class."
                )
        return self._commit(self._weights_from_counts(classes, counts))

    def _weights_from_counts(self, classes, counts):
        """The fitted attributes for validated class counts, as a dict.

        Nothing is set: :meth:`_commit` does that once everything succeeded,
        so a failed fit or batch leaves the weighter as it was.
        """
        state = {"classes_": classes, "class_counts_": counts}
        present = counts > 0  # False only for classes reserved by `classes`
        scheme = self.scheme
        if isinstance(scheme, dict):
            missing = [c for c in classes.tolist() if c not in scheme]
            if missing:
                raise ValueError(
                    f"scheme is a dict without a weight for class(es) {missing}; "
                    f"give a weight for every class in {classes.tolist()}."
                )
            raw = check_class_weight(
                [scheme[c] for c in classes.tolist()],
                len(classes),
                source="scheme (dict)",
                classes=classes,
            )
        elif callable(scheme):
            raw = check_class_weight(
                scheme(counts[present].copy()),
                present.sum(),
                source=f"scheme (callable {scheme!r})",
            )
            raw = weigh_absent_like_rarest(raw, present)
        else:
            raw = compute_class_weight_from_counts(
                counts[present], scheme, beta=self.beta, power=self.power
            )
            if SCHEME_ALIASES[scheme] == "ens":
                state["effective_num_"] = effective_number(counts, self.beta)
            raw = _check_computed_weight(
                raw, np.count_nonzero(present), source=f"scheme={scheme!r}"
            )
            raw = weigh_absent_like_rarest(raw, present)
        raw = cap_weight_ratio(raw, self.max_ratio)
        state["class_weight_"] = _check_computed_weight(
            normalize_class_weight(raw, counts, self.normalize),
            len(classes),
            source=f"normalize={self.normalize!r}",
        )
        return state

    def _commit(self, state):
        """Set the fitted attributes computed by :meth:`_weights_from_counts`.

        Optional attributes of an earlier fit that this one does not have
        (``effective_num_`` of an ``"ens"`` fit, ``pos_weight_`` of a
        multilabel one) are removed, so that none describes other counts.
        """
        for name in ("effective_num_", "pos_weight_"):
            if name not in state and hasattr(self, name):
                delattr(self, name)
        for name, value in state.items():
            setattr(self, name, value)
        return self

    def transform(self, y):
        """Map each label to its class weight.

        Parameters
        ----------
        y : array-like of shape (n_samples,)
            Labels, all seen during :meth:`fit`.

        Returns
        -------
        sample_weight : ndarray of shape (n_samples,), dtype float64
            The weight of each sample's class; for a dask ``y``, a lazy dask
            collection of the same kind, chunked exactly like ``y``.
        """
        check_is_fitted(self)
        if is_dask_collection(y):
            return self._transform_dask(y)
        if is_multi_output(y) or isinstance(self.classes_, list):
            return transform_multi_output(self, y)
        y = check_labels(y)
        return self.class_weight_[encode_labels(y, self.classes_)]

    @fit_context(prefer_skip_nested_validation=True)
    def fit_transform(self, y, sample_weight=None):
        """Fit on ``y`` and return the weight of each of its samples.

        Parameters
        ----------
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights folded into the class counts. They are not
            multiplied into the returned weights.

        Returns
        -------
        sample_weight : ndarray of shape (n_samples,), dtype float64
            The class weight of each sample.
        """
        return self._fit(y, sample_weight)

    @fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, y, sample_weight=None, classes=None):
        """Add a batch of labels to the running class counts and reweigh.

        For streams and data that do not fit in memory: call it once per
        batch. The running counts are ``decay * counts + batch counts``, and
        the class weights are recomputed from them with the same ``scheme``,
        ``max_ratio`` and ``normalize`` as :meth:`fit`; with ``"mean"``, the
        mean weight over all the data seen so far is 1. With ``decay=1``, the
        batches give exactly the ``class_counts_`` and ``class_weight_`` of
        one :meth:`fit` on all of them (with ``classes=`` the same classes).
        After :meth:`fit` (on a 1-D ``y``), it continues from the fitted
        counts, as scikit-learn's ``partial_fit`` continues from ``fit``.

        The parameters are validated on every call. A batch that cannot be
        counted or weighted (a label outside ``classes``, a bad
        ``sample_weight``, a scheme that fails on the new counts) raises and
        leaves every fitted attribute as it was.

        Parameters
        ----------
        y : array-like of shape (n_samples,)
            The batch's class labels; every label must be in ``classes``.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights of the batch, added to the counts.
        classes : array-like of shape (n_classes,), default=None
            Every class the stream can contain. Required on the first call
            (scikit-learn's ``partial_fit`` convention) unless the weighter
            was built with ``classes=``; later calls may omit it or repeat it.
            A class not seen yet is weighted like the rarest class seen.

        Returns
        -------
        self : ClassBalancedWeighter
            The updated weighter.

        Examples
        --------
        >>> from sklearn_classweight import ClassBalancedWeighter
        >>> weighter = ClassBalancedWeighter()
        >>> weighter.partial_fit([0, 0, 0, 1], classes=[0, 1, 2]).class_counts_
        array([3., 1., 0.])
        >>> weighter.partial_fit([0, 2]).class_counts_
        array([4., 1., 1.])
        >>> weighter.class_weight_.round(3)
        array([0.5, 2. , 2. ])

        With ``decay``, older batches count less:

        >>> weighter = ClassBalancedWeighter(decay=0.5)
        >>> weighter.partial_fit([0, 0, 0, 1], classes=[0, 1])
        ClassBalancedWeighter(decay=0.5)
        >>> weighter.partial_fit([1, 1]).class_counts_
        array([1.5, 2.5])
        """
        check_in_memory_batch(y=y, sample_weight=sample_weight)
        state, _, _ = self._partial_fit_step(y, sample_weight, classes)
        return self._commit(state)

    def _partial_fit_step(self, y, sample_weight, classes):
        """Validate one batch and compute what :meth:`partial_fit` would set.

        Nothing changes: returns the would-be fitted attributes (a dict for
        :meth:`_commit`), the class index of each label of the batch and the
        validated ``sample_weight``. ``WeightedClassifier.partial_fit``
        weighs the batch from them and commits only once its estimator
        accepted the batch. The labels are validated and encoded once.
        The caller has refused dask collections.
        """
        fitted = hasattr(self, "class_counts_")
        if fitted and isinstance(self.classes_, list):
            raise ValueError(
                "partial_fit takes a 1-D y, but this weighter was fitted on a "
                "multilabel or multi-output target; refit it with fit."
            )
        if fitted:
            known = self.classes_
            if classes is not None and not _same_classes(classes, known):
                raise ValueError(
                    f"classes={np.asarray(classes).tolist()} differs from the "
                    f"classes of the first call to partial_fit, "
                    f"{known.tolist()}; pass the same classes, or start "
                    "over with fit or a new weighter."
                )
        else:
            given = self.classes if classes is None else classes
            if given is None:
                raise ValueError(
                    "classes is required on the first call to partial_fit: pass "
                    "every class the stream can contain, e.g. classes=[0, 1], "
                    "since the first batch may lack some."
                )
            known = check_classes(given)
        y = check_labels(y)
        sample_weight = check_sample_weight(sample_weight, y)
        codes = encode_labels(y, known, known_as="classes")
        counts = np.bincount(
            codes, weights=sample_weight, minlength=known.shape[0]
        ).astype(np.float64, copy=False)
        if fitted:
            sample_size = 1.0 if sample_weight is None else sample_weight.mean()
            counts = decay_counts(self.class_counts_, counts, self.decay, sample_size)
        if sample_weight is None:
            # Unweighted rows count 1 each, and decay stops above 0: every
            # count is 0 or invertible, and the batch's rows make some positive.
            return self._weights_from_counts(known, counts), codes, sample_weight
        # A count weighted below what float64 can invert is treated as a
        # class not seen: weighted like the rarest class seen.
        counts[counts < 1.0 / np.finfo(np.float64).max] = 0.0
        if not counts.any():
            raise ValueError(
                "sample_weight is too small for any class count to be inverted; "
                "only ratios of sample_weight matter, so rescale it (e.g. divide "
                "it by its maximum)."
            )
        return self._weights_from_counts(known, counts), codes, sample_weight

    def _fit_dask(self, y, sample_weight):
        """Fit on a dask collection: one distributed count, weights on the client."""
        from ._dask import count_dask_classes

        classes, counts = count_dask_classes(y, sample_weight)
        _warn_if_single_class(classes)
        if self.classes is not None:
            classes, _, counts = reserve_classes(
                self.classes, classes, np.zeros(0, dtype=np.intp), counts
            )
        self._commit(self._weights_from_counts(classes, counts))
        return self._transform_dask(y)

    def _transform_dask(self, y):
        """Lazy weights for a dask collection, chunked exactly like ``y``."""
        from ._dask import lazy_sample_weight

        if isinstance(self.classes_, list):
            raise ValueError(
                "This weighter was fitted on a multilabel or multi-output target; "
                "dask collections are supported for a 1-D y only."
            )
        return lazy_sample_weight(y, self.classes_, self.class_weight_)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.target_tags.one_d_labels = True
        return tags


def _check_computed_weight(class_weight, n_classes, *, source):
    """:func:`check_class_weight` for weights this package computed itself.

    They are float64 vectors of the right length by construction, so the
    usual case, every weight finite and positive, takes one comparison pass
    (this runs on every batch of a stream); anything else gets
    :func:`check_class_weight`'s error naming ``source``.
    """
    if ((class_weight > 0) & (class_weight < np.inf)).all():
        return class_weight
    return check_class_weight(class_weight, n_classes, source=source)


def _same_classes(classes, known):
    """Whether ``classes`` lists exactly the sorted labels ``known``."""
    given = np.asarray(classes)
    if given.shape == known.shape and given.dtype == known.dtype:
        if (given == known).all():
            return True  # the usual case: the same classes passed again
    return np.array_equal(check_classes(classes), known)


def _warn_if_single_class(classes):
    if classes.shape[0] == 1:
        warn(
            f"y contains a single class ({classes.tolist()[0]!r}): every sample gets the "
            "same weight, so class balancing has no effect. Check that y is the "
            "target you meant.",
            UserWarning,
        )


@validate_params(
    {
        "y": ["array-like", "sparse matrix"],
        "sample_weight": ["array-like", Real, None],
        **ClassBalancedWeighter._parameter_constraints,
    },
    prefer_skip_nested_validation=True,
)
def class_balanced_sample_weight(
    y,
    *,
    scheme="ins",
    beta=0.999,
    power=1.0,
    normalize="mean",
    sample_weight=None,
    classes=None,
    max_ratio=None,
    combine="product",
):
    """Per-sample class-balancing weights for ``y`` in one call.

    Equivalent to ``ClassBalancedWeighter(...).fit_transform(y, sample_weight)``;
    see :class:`ClassBalancedWeighter` for the schemes and their parameters.

    Parameters
    ----------
    y : {array-like, sparse matrix} of shape (n_samples,) or (n_samples, n_outputs)
        Class labels, or a multilabel / multi-output label matrix.
    scheme : str, dict or callable, default="ins"
        See :class:`ClassBalancedWeighter`.
    beta : float in [0, 1], default=0.999
        Hyper-parameter of ``scheme="ens"``.
    power : float >= 0, default=1.0
        Exponent of ``scheme="power"``.
    normalize : {"mean", "sum", "max", "min"} or None, default="mean"
        Scale of the weights.
    sample_weight : array-like of shape (n_samples,) or float, default=None
        Non-negative weights folded into the class counts (not multiplied into
        the result); a float is broadcast to every sample.
    classes : array-like of shape (n_classes,), default=None
        Every class that can occur; see :class:`ClassBalancedWeighter`.
    max_ratio : float >= 1, default=None
        Cap on the largest to smallest class-weight ratio.
    combine : {"product", "mean", "max"}, default="product"
        How the per-column weights of a 2-D ``y`` are combined.

    Returns
    -------
    sample_weight : ndarray of shape (n_samples,), dtype float64
        The class weight of each sample.

    See Also
    --------
    ClassBalancedWeighter : The same weights as a fitted, reusable estimator.

    Examples
    --------
    >>> from sklearn_classweight import class_balanced_sample_weight
    >>> class_balanced_sample_weight([0, 0, 0, 1])
    array([0.66666667, 0.66666667, 0.66666667, 2.        ])
    >>> class_balanced_sample_weight([0, 0, 0, 1], scheme="isns", normalize="max")
    array([0.57735027, 0.57735027, 0.57735027, 1.        ])
    """
    weighter = ClassBalancedWeighter(
        scheme=scheme,
        beta=beta,
        power=power,
        normalize=normalize,
        classes=classes,
        max_ratio=max_ratio,
        combine=combine,
    )
    return weighter.fit_transform(y, sample_weight=sample_weight)
