"""Class weights for streams: ClassBalancedWeighter.partial_fit and
WeightedClassifier.partial_fit, batch by batch, as a user calls them."""

import warnings

import numpy as np
import pytest
from _versions import SKLEARN_1_6
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.linear_model import LogisticRegression, Perceptron, SGDClassifier
from sklearn.naive_bayes import BernoulliNB, MultinomialNB
from sklearn.neural_network import MLPClassifier
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_classweight import ClassBalancedWeighter, WeightedClassifier

rng = np.random.RandomState(0)
Y_STREAM = rng.choice([0, 1, 2, 3], size=600, p=[0.7, 0.2, 0.08, 0.02])
USER_WEIGHTS = rng.uniform(0.1, 3.0, size=600)
X_STREAM = rng.poisson(2.0, size=(600, 5)).astype(float) + Y_STREAM[:, None]
CLASSES = [0, 1, 2, 3]


def batches(n_batches=6):
    """Row indices of consecutive batches."""
    return np.array_split(np.arange(Y_STREAM.shape[0]), n_batches)


@pytest.mark.parametrize(
    "params",
    [
        {"scheme": "ins"},
        {"scheme": "isns", "normalize": "sum"},
        {"scheme": "ens", "beta": 0.99},
        {"scheme": "power", "power": 0.7, "normalize": "max"},
        {"scheme": "uniform"},
        {"scheme": "ins", "max_ratio": 5.0},
        {"scheme": {0: 1.0, 1: 2.0, 2: 3.0, 3: 4.0}},
    ],
)
def test_partial_fit_over_batches_equals_one_fit_on_all_labels(params):
    streamed = ClassBalancedWeighter(**params)
    for rows in batches():
        streamed.partial_fit(Y_STREAM[rows], classes=CLASSES)
    whole = ClassBalancedWeighter(**params).fit(Y_STREAM)

    assert_array_equal(streamed.classes_, whole.classes_)
    assert_array_equal(streamed.class_counts_, whole.class_counts_)
    assert_array_equal(streamed.class_weight_, whole.class_weight_)
    if params["scheme"] == "ens":  # the effective number follows the counts
        assert_array_equal(streamed.effective_num_, whole.effective_num_)


def test_partial_fit_with_sample_weight_counts_the_weights():
    streamed = ClassBalancedWeighter("ens", beta=0.99)
    for rows in batches():
        streamed.partial_fit(
            Y_STREAM[rows], sample_weight=USER_WEIGHTS[rows], classes=CLASSES
        )
    whole = ClassBalancedWeighter("ens", beta=0.99).fit(
        Y_STREAM, sample_weight=USER_WEIGHTS
    )
    assert_allclose(streamed.class_counts_, whole.class_counts_, rtol=1e-12)
    assert_allclose(streamed.class_weight_, whole.class_weight_, rtol=1e-12)


def test_a_class_not_seen_yet_is_weighted_like_the_rarest_seen():
    weighter = ClassBalancedWeighter().partial_fit([0, 0, 0, 1], classes=[0, 1, 2])
    assert_array_equal(weighter.class_counts_, [3.0, 1.0, 0.0])
    assert weighter.class_weight_[2] == weighter.class_weight_[1]
    assert np.isfinite(weighter.transform([2])).all()
    # The same as fit with the class reserved, and mean weight 1 over the seen data.
    reserved = ClassBalancedWeighter(classes=[0, 1, 2]).fit([0, 0, 0, 1])
    assert_array_equal(weighter.class_weight_, reserved.class_weight_)
    assert_allclose(weighter.transform([0, 0, 0, 1]).mean(), 1.0)


def test_decay_follows_its_formula_on_a_hand_checked_example():
    weighter = ClassBalancedWeighter(decay=0.5)
    weighter.partial_fit([0, 0, 0, 1], classes=[0, 1])  # counts [3, 1]
    weighter.partial_fit([1, 1])  # [3, 1] * 0.5 + [0, 2] = [1.5, 2.5]
    assert_array_equal(weighter.class_counts_, [1.5, 2.5])
    weighter.partial_fit([0])  # [1.5, 2.5] * 0.5 + [1, 0] = [1.75, 1.25]
    assert_array_equal(weighter.class_counts_, [1.75, 1.25])
    # INS: w_c ∝ 1 / n_c, scaled so that sum_c w_c n_c = sum_c n_c = 3:
    # raw [1/1.75, 1/1.25], whose dot with the counts is 2, times 3/2.
    assert_allclose(weighter.class_weight_, [1.5 / 1.75, 1.5 / 1.25], rtol=1e-15)


def test_decay_forgets_an_old_class_prior():
    drifting = ClassBalancedWeighter(decay=0.5)
    cumulative = ClassBalancedWeighter()
    for _ in range(20):  # 1:9, then the prior switches to 1:1
        drifting.partial_fit([0] * 9 + [1], classes=[0, 1])
        cumulative.partial_fit([0] * 9 + [1], classes=[0, 1])
    for _ in range(20):
        drifting.partial_fit([0] * 5 + [1] * 5)
        cumulative.partial_fit([0] * 5 + [1] * 5)
    assert_allclose(drifting.class_weight_, [1.0, 1.0], rtol=1e-5)
    assert cumulative.class_weight_[1] > 1.5 * cumulative.class_weight_[0]


def test_decay_does_not_change_fit():
    assert_array_equal(
        ClassBalancedWeighter(decay=0.3).fit(Y_STREAM).class_weight_,
        ClassBalancedWeighter().fit(Y_STREAM).class_weight_,
    )


def test_partial_fit_continues_from_fit():
    weighter = ClassBalancedWeighter().fit(Y_STREAM[:300])
    weighter.partial_fit(Y_STREAM[300:])
    assert_array_equal(
        weighter.class_counts_, ClassBalancedWeighter().fit(Y_STREAM).class_counts_
    )


@pytest.mark.parametrize("decay", [0, -0.1, 1.5])
def test_decay_outside_zero_one_is_refused(decay):
    with pytest.raises(ValueError, match=r"'decay' parameter .* range \(0.0, 1.0\]"):
        ClassBalancedWeighter(decay=decay).partial_fit([0, 1], classes=[0, 1])


def test_partial_fit_needs_classes_on_the_first_call():
    with pytest.raises(ValueError, match="classes is required on the first call"):
        ClassBalancedWeighter().partial_fit([0, 1])
    # ... unless the weighter was built with them.
    weighter = ClassBalancedWeighter(classes=[0, 1, 2]).partial_fit([0, 1])
    assert_array_equal(weighter.classes_, [0, 1, 2])


def test_a_label_outside_classes_is_refused_by_name():
    weighter = ClassBalancedWeighter().partial_fit([0, 1], classes=[0, 1])
    with pytest.raises(ValueError, match=r"y contains labels \[7\] that are not in"):
        weighter.partial_fit([0, 7])
    with pytest.raises(ValueError, match=r"labels \['c'\] that are not in"):
        ClassBalancedWeighter().partial_fit(["a", "c"], classes=["a", "b"])


def test_other_classes_on_a_later_call_are_refused():
    weighter = ClassBalancedWeighter().partial_fit([0, 1], classes=[0, 1])
    weighter.partial_fit([1], classes=[1, 0])  # the same classes: fine
    with pytest.raises(ValueError, match="differs from the classes of the first"):
        weighter.partial_fit([1], classes=[0, 1, 2])


def test_partial_fit_returns_self_and_does_not_mutate_inputs():
    y = np.array([0, 0, 1])
    sample_weight = np.array([1.0, 2.0, 3.0])
    weighter = ClassBalancedWeighter()
    assert weighter.partial_fit(y, sample_weight, classes=[0, 1]) is weighter
    assert_array_equal(y, [0, 0, 1])
    assert_array_equal(sample_weight, [1.0, 2.0, 3.0])


class RecordingClassifier(ClassifierMixin, BaseEstimator):
    """Records the labels and weights each partial_fit call receives."""

    def partial_fit(self, X, y, classes=None, sample_weight=None):
        if not hasattr(self, "calls_"):
            self.calls_ = []
            self.classes_ = np.asarray(classes)
        self.calls_.append((np.asarray(y), sample_weight, classes))
        return self

    def fit(self, X, y, sample_weight=None):
        return self.partial_fit(X, y, np.unique(y), sample_weight)

    def predict(self, X):
        return np.full(len(X), self.classes_[0])


@pytest.mark.parametrize("normalize", ["mean", "max", None])
def test_each_batch_is_weighted_from_the_counts_so_far_with_mean_one(normalize):
    clf = WeightedClassifier(
        RecordingClassifier(), ClassBalancedWeighter("ens", normalize=normalize)
    )
    for rows in batches():
        clf.partial_fit(X_STREAM[rows], Y_STREAM[rows], classes=CLASSES)

    seen = 0
    for rows, (labels, weights, _) in zip(batches(), clf.estimator_.calls_):
        seen = rows[-1] + 1
        # The weights of batch t are those of one fit on batches 0..t, whose
        # mean over all of that data is 1, whatever the weighter's normalize.
        expected = ClassBalancedWeighter("ens", classes=CLASSES).fit(Y_STREAM[:seen])
        assert_array_equal(labels, Y_STREAM[rows])
        assert_allclose(weights, expected.transform(labels), rtol=1e-12)
    assert seen == Y_STREAM.shape[0]


def test_user_sample_weight_is_counted_and_multiplied():
    clf = WeightedClassifier(RecordingClassifier())
    for rows in batches(2):
        clf.partial_fit(
            X_STREAM[rows],
            Y_STREAM[rows],
            classes=CLASSES,
            sample_weight=USER_WEIGHTS[rows],
        )
    rows = batches(2)[1]
    whole = ClassBalancedWeighter().fit(Y_STREAM, sample_weight=USER_WEIGHTS)
    assert_allclose(clf.weighter_.class_counts_, whole.class_counts_, rtol=1e-12)
    assert_allclose(
        clf.estimator_.calls_[1][1],
        whole.transform(Y_STREAM[rows]) * USER_WEIGHTS[rows],
        rtol=1e-12,
    )


def test_classes_reach_the_estimator_on_the_first_call():
    clf = WeightedClassifier(RecordingClassifier())
    clf.partial_fit(X_STREAM[:10], Y_STREAM[:10], classes=CLASSES)
    clf.partial_fit(X_STREAM[10:20], Y_STREAM[10:20])
    assert clf.estimator_.calls_[0][2] == CLASSES
    assert clf.estimator_.calls_[1][2] is None
    assert_array_equal(clf.classes_, CLASSES)


def test_the_weighter_decay_tracks_a_drifting_stream():
    clf = WeightedClassifier(RecordingClassifier(), ClassBalancedWeighter(decay=0.5))
    clf.partial_fit(np.zeros((4, 1)), [0, 0, 0, 1], classes=[0, 1])
    clf.partial_fit(np.zeros((2, 1)), [1, 1])
    assert_array_equal(clf.weighter_.class_counts_, [1.5, 2.5])


def sgd():
    return SGDClassifier(loss="log_loss", random_state=0)


def mlp():
    return MLPClassifier(hidden_layer_sizes=(5,), random_state=0)


@pytest.mark.parametrize(
    "make_estimator",
    [
        sgd,
        lambda: Perceptron(random_state=0),
        MultinomialNB,
        BernoulliNB,
        pytest.param(
            mlp,
            marks=pytest.mark.skipif(
                SKLEARN_1_6,
                reason="MLPClassifier.partial_fit takes sample_weight from 1.7",
            ),
        ),
    ],
    ids=["SGDClassifier", "Perceptron", "MultinomialNB", "BernoulliNB", "MLP"],
)
def test_streaming_estimators_are_trained_with_the_running_weights(make_estimator):
    """WeightedClassifier.partial_fit equals the hand-written loop with the
    running-count weights, for each scikit-learn estimator with partial_fit."""
    clf = WeightedClassifier(make_estimator())
    by_hand = make_estimator()
    weighter = ClassBalancedWeighter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # MLP's convergence warnings
        for rows in batches():
            X, y = X_STREAM[rows], Y_STREAM[rows]
            clf.partial_fit(X, y, classes=CLASSES)
            weights = weighter.partial_fit(y, classes=CLASSES).transform(y)
            by_hand.partial_fit(X, y, classes=CLASSES, sample_weight=weights)

    assert_array_equal(clf.classes_, CLASSES)
    assert_array_equal(
        clf.weighter_.class_counts_, np.bincount(Y_STREAM, minlength=4).astype(float)
    )
    assert_array_equal(clf.predict(X_STREAM), by_hand.predict(X_STREAM))
    if hasattr(by_hand, "predict_proba"):
        assert_allclose(
            clf.predict_proba(X_STREAM), by_hand.predict_proba(X_STREAM), rtol=1e-10
        )
    # ... and the weights matter: an unweighted stream gives another model.
    unweighted = make_estimator()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for rows in batches():
            unweighted.partial_fit(X_STREAM[rows], Y_STREAM[rows], classes=CLASSES)
    if hasattr(unweighted, "predict_proba"):
        assert not np.allclose(
            clf.predict_proba(X_STREAM), unweighted.predict_proba(X_STREAM)
        )
    else:
        assert not np.allclose(
            clf.decision_function(X_STREAM), unweighted.decision_function(X_STREAM)
        )


def test_passive_aggressive_is_refused_with_its_replacement():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        try:
            from sklearn.linear_model import PassiveAggressiveClassifier
        except ImportError:
            pytest.skip("PassiveAggressiveClassifier was removed from scikit-learn")
        clf = WeightedClassifier(PassiveAggressiveClassifier())
        # Its partial_fit takes no sample_weight: the message names the equivalent.
        with pytest.raises(TypeError, match="learning_rate='pa1'"):
            clf.partial_fit(X_STREAM[:50], Y_STREAM[:50], classes=CLASSES)
    pa_sgd = SGDClassifier(loss="hinge", penalty=None, learning_rate="pa1", eta0=1.0)
    WeightedClassifier(pa_sgd).partial_fit(
        X_STREAM[:50], Y_STREAM[:50], classes=CLASSES
    )


def test_partial_fit_is_offered_only_when_the_estimator_has_it():
    assert hasattr(WeightedClassifier(sgd()), "partial_fit")
    assert not hasattr(WeightedClassifier(LogisticRegression()), "partial_fit")
    assert not hasattr(WeightedClassifier(), "partial_fit")


def test_classifier_partial_fit_needs_classes_on_the_first_call():
    clf = WeightedClassifier(sgd())
    with pytest.raises(ValueError, match="classes is required on the first call"):
        clf.partial_fit(X_STREAM[:50], Y_STREAM[:50])
    assert not hasattr(clf, "estimator_")  # nothing half-fitted


def test_classifier_partial_fit_refuses_a_label_outside_classes():
    clf = WeightedClassifier(sgd()).partial_fit(
        X_STREAM[:50], np.zeros(50, dtype=int), classes=[0, 1]
    )
    with pytest.raises(ValueError, match=r"labels \[3\] that are not in"):
        clf.partial_fit(X_STREAM[:50], np.full(50, 3))


def test_classifier_partial_fit_checks_the_number_of_features():
    clf = WeightedClassifier(sgd()).partial_fit(
        X_STREAM[:50], Y_STREAM[:50], classes=CLASSES
    )
    with pytest.raises(ValueError, match="features"):
        clf.partial_fit(X_STREAM[:50, :3], Y_STREAM[:50])


def test_a_weighter_without_partial_fit_is_refused():
    class CountOnce(ClassBalancedWeighter):
        partial_fit = property()  # hides the method: hasattr is False

    clf = WeightedClassifier(sgd(), CountOnce())
    with pytest.raises(TypeError, match="has no partial_fit"):
        clf.partial_fit(X_STREAM[:50], Y_STREAM[:50], classes=CLASSES)


def test_the_unfitted_wrapper_is_unchanged_by_partial_fit():
    clf = WeightedClassifier(sgd())
    params = clone(clf).get_params()
    clf.partial_fit(X_STREAM[:50], Y_STREAM[:50], classes=CLASSES)
    assert not hasattr(clf.estimator, "coef_")
    assert clf.get_params().keys() == params.keys()


@parametrize_with_checks(
    [WeightedClassifier(SGDClassifier(random_state=0))],
    expected_failed_checks=lambda estimator: {
        # scikit-learn lists the same for SGDClassifier itself.
        name: "SGD's sample_weight is not equivalent to repeating rows"
        for name in (
            "check_sample_weight_equivalence_on_dense_data",
            "check_sample_weight_equivalence_on_sparse_data",
        )
    },
)
def test_scikit_learn_checks_with_partial_fit(estimator, check):
    """scikit-learn's checks, including its partial_fit checks."""
    check(estimator)


# --- a refused batch changes nothing ------------------------------------------


def _snapshot(clf):
    """What a refused batch must leave as it was: counts, weights, the model."""
    state = {
        "class_counts_": clf.weighter_.class_counts_.copy(),
        "class_weight_": clf.weighter_.class_weight_.copy(),
    }
    for name in ("coef_", "intercept_", "feature_count_", "class_count_"):
        if hasattr(clf.estimator_, name):
            state[name] = getattr(clf.estimator_, name).copy()
    return state


@pytest.mark.parametrize(
    "make_estimator, spoil",
    [
        (sgd, lambda X: np.where(np.arange(X.size).reshape(X.shape) == 7, np.nan, X)),
        (MultinomialNB, lambda X: -X),
    ],
    ids=["SGDClassifier-NaN", "MultinomialNB-negative"],
)
def test_a_batch_the_estimator_refuses_is_not_counted(make_estimator, spoil):
    """The user cleans the refused batch and retries: it is counted once."""
    first, second = batches(2)
    clf = WeightedClassifier(make_estimator())
    clf.partial_fit(X_STREAM[first], Y_STREAM[first], classes=CLASSES)
    before = _snapshot(clf)
    with pytest.raises(ValueError):
        clf.partial_fit(spoil(X_STREAM[second]), Y_STREAM[second])
    after = _snapshot(clf)
    assert before.keys() == after.keys()
    for name in before:
        assert_array_equal(after[name], before[name], err_msg=name)

    clf.partial_fit(X_STREAM[second], Y_STREAM[second])  # cleaned and retried
    assert_array_equal(
        clf.weighter_.class_counts_, np.bincount(Y_STREAM, minlength=4).astype(float)
    )


def test_a_refused_first_batch_leaves_the_wrapper_unfitted():
    clf = WeightedClassifier(sgd())
    with pytest.raises(ValueError):
        clf.partial_fit(np.full((10, 5), np.nan), Y_STREAM[:10], classes=CLASSES)
    assert not hasattr(clf, "estimator_") and not hasattr(clf, "weighter_")


def _failing_above(limit):
    """A callable scheme that cannot weigh a count above ``limit``."""

    def scheme(counts):
        return np.where(counts > limit, -1.0, 1.0 / counts)

    return scheme


@pytest.mark.parametrize(
    "bad_call",
    [
        lambda w: w.partial_fit([0, 7]),  # a label outside classes
        lambda w: w.partial_fit([0.0, np.nan]),  # a missing label
        lambda w: w.partial_fit([0, 1], sample_weight=[1.0, -1.0]),
        lambda w: w.partial_fit([1], classes=[0, 1, 2]),  # other classes
        lambda w: w.partial_fit([0] * 20),  # counts the scheme cannot weigh
    ],
    ids=["unknown label", "NaN label", "negative weight", "other classes", "scheme"],
)
def test_the_weighters_partial_fit_changes_nothing_on_bad_input(bad_call):
    weighter = ClassBalancedWeighter(_failing_above(10)).partial_fit(
        [0, 0, 1], classes=[0, 1]
    )
    state = {
        name: value.copy()
        for name, value in vars(weighter).items()
        if name.endswith("_")
    }
    with pytest.raises(ValueError):
        bad_call(weighter)
    assert [name for name in vars(weighter) if name.endswith("_")] == list(state)
    for name, value in state.items():
        assert_array_equal(getattr(weighter, name), value, err_msg=name)


# --- parameters are validated on every call -----------------------------------


@pytest.mark.parametrize(
    "param, value",
    [
        ("decay", 2.0),
        ("decay", float("nan")),
        ("scheme", "bogus"),
        ("beta", 1.5),
        ("normalize", "median"),
        ("max_ratio", 0.5),
    ],
)
def test_parameters_changed_mid_stream_get_the_constraint_error(param, value):
    message = rf"The '{param}' parameter of ClassBalancedWeighter must be"
    weighter = ClassBalancedWeighter().partial_fit([0, 1, 1], classes=[0, 1])
    counts = weighter.class_counts_.copy()
    with pytest.raises(ValueError, match=message):
        weighter.set_params(**{param: value}).partial_fit([0, 1])
    assert_array_equal(weighter.class_counts_, counts)

    # In WeightedClassifier the stream is counted by the fitted weighter_:
    # its parameters are the ones that matter mid-stream, and are checked.
    clf = WeightedClassifier(sgd(), ClassBalancedWeighter())
    clf.partial_fit(X_STREAM[:50], Y_STREAM[:50], classes=CLASSES)
    counts = clf.weighter_.class_counts_.copy()
    coef = clf.estimator_.coef_.copy()
    clf.weighter_.set_params(**{param: value})
    with pytest.raises(ValueError, match=message):
        clf.partial_fit(X_STREAM[50:100], Y_STREAM[50:100])
    assert_array_equal(clf.weighter_.class_counts_, counts)
    assert_array_equal(clf.estimator_.coef_, coef)


def test_the_wrappers_own_parameters_are_validated_mid_stream():
    clf = WeightedClassifier(sgd()).partial_fit(
        X_STREAM[:50], Y_STREAM[:50], classes=CLASSES
    )
    with pytest.raises(ValueError, match="'prior_correction' parameter"):
        clf.set_params(prior_correction="sometimes").partial_fit(
            X_STREAM[50:100], Y_STREAM[50:100]
        )


# --- decay without a cliff ----------------------------------------------------


def test_a_class_absent_for_thousands_of_batches_keeps_a_finite_weight():
    """With decay=0.5 the old cliff came after about 1,400 batches."""
    weighter = ClassBalancedWeighter(decay=0.5, normalize="max")
    weighter.partial_fit([0, 1], classes=[0, 1])
    for _ in range(3000):
        weighter.partial_fit(np.array([0]))
        assert np.all(np.isfinite(weighter.class_weight_))
    # The absent class's count rests on the floor, (1 - decay) samples ...
    assert_allclose(weighter.class_counts_, [2.0, 0.5])
    # ... and the weights are those of the counts, never stale.
    fresh = ClassBalancedWeighter(normalize="max").fit_counts(weighter.class_counts_)
    assert_array_equal(weighter.class_weight_, fresh.class_weight_)
    assert_allclose(weighter.class_weight_, [0.25, 1.0])


def test_a_hundred_thousand_batches_at_decay_0_9_stay_finite():
    """The weighter's running counts follow decay_counts; 10**5 batches of it,
    one class absent after the first batch, end on the floor with finite,
    up-to-date weights."""
    from sklearn_classweight._counting import decay_counts

    weighter = ClassBalancedWeighter(decay=0.9).partial_fit([0, 1], classes=[0, 1])
    counts = weighter.class_counts_.copy()
    for _ in range(200):  # the weighter itself, batch by batch ...
        weighter.partial_fit(np.array([0]))
        counts = decay_counts(counts, np.array([1.0, 0.0]), 0.9)
        assert_array_equal(weighter.class_counts_, counts)
    for _ in range(10**5 - 200):  # ... then the same update, on its own
        previous = counts[1]
        counts = decay_counts(counts, np.array([1.0, 0.0]), 0.9)
        assert 0 < counts[1] <= previous
    assert_allclose(counts, [10.0, 0.1])  # 1 / (1 - decay) and (1 - decay)
    final = ClassBalancedWeighter().fit_counts(counts)
    assert np.all(np.isfinite(final.class_weight_))
    assert_allclose(final.class_weight_[1] / final.class_weight_[0], 100.0)


# --- each batch's labels and weights are validated once ---------------------


def test_each_batch_is_validated_and_encoded_once(monkeypatch):
    import sklearn_classweight._counting as counting
    import sklearn_classweight._weighter as weighter_module

    calls = {"labels": 0, "sample_weight": 0}
    check_labels, check_sample_weight = (
        counting.check_labels,
        counting.check_sample_weight,
    )

    def counted_labels(y, *, param="y"):
        calls["labels"] += param == "y"
        return check_labels(y, param=param)

    def counted_weights(sample_weight, y, **kwargs):
        calls["sample_weight"] += sample_weight is not None
        return check_sample_weight(sample_weight, y, **kwargs)

    for module in (counting, weighter_module):
        monkeypatch.setattr(module, "check_labels", counted_labels)
        monkeypatch.setattr(module, "check_sample_weight", counted_weights)
    import sklearn_classweight._classifier as classifier_module
    import sklearn_classweight._protocol as protocol_module

    for module in (classifier_module, protocol_module):
        if hasattr(module, "check_sample_weight"):
            monkeypatch.setattr(module, "check_sample_weight", counted_weights)

    clf = WeightedClassifier(sgd())
    for rows in batches(3):
        clf.partial_fit(
            X_STREAM[rows],
            Y_STREAM[rows],
            classes=CLASSES,
            sample_weight=USER_WEIGHTS[rows],
        )
    assert calls == {"labels": 3, "sample_weight": 3}


def test_partial_fit_after_fit_with_a_weighter_that_cannot_stream_says_so():
    from sklearn_classweight import DifficultyWeighter

    rng = np.random.default_rng(0)
    X = rng.normal(size=(120, 3))
    y = (X[:, 0] + rng.normal(size=120) > 1).astype(int)
    clf = WeightedClassifier(SGDClassifier(random_state=0), DifficultyWeighter(cv=2))
    clf.fit(X, y)
    with pytest.raises(TypeError, match="has no partial_fit"):
        clf.partial_fit(X, y)
