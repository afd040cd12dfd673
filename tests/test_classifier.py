"""WeightedClassifier as a user meets it: equivalences, composition, errors."""

import pickle

import numpy as np
import pytest
import sklearn
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import BaseEstimator, clone
from sklearn.datasets import make_classification
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.exceptions import DataConversionWarning
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.metrics import balanced_accuracy_score, make_scorer
from sklearn.model_selection import GridSearchCV, cross_validate
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC
from sklearn.utils.class_weight import compute_sample_weight

from sklearn_classweight import ClassBalancedWeighter, WeightedClassifier

X, y = make_classification(
    n_samples=400,
    n_features=6,
    n_informative=4,
    n_classes=3,
    weights=[0.75, 0.2, 0.05],
    random_state=0,
)
SAMPLE_WEIGHT = np.random.RandomState(1).uniform(0.2, 2.0, size=len(y))
GRID = {
    "weighter__scheme": ["ins", "isns", "ens"],
    "weighter__beta": [0.9, 0.99, 0.999, 0.9999],
}


@pytest.fixture
def routing_enabled():
    with sklearn.config_context(enable_metadata_routing=True):
        yield


def test_ins_matches_class_weight_balanced_coefficients():
    ours = WeightedClassifier(
        LogisticRegression(tol=1e-10, max_iter=1000), ClassBalancedWeighter("ins")
    ).fit(X, y)
    reference = LogisticRegression(
        class_weight="balanced", tol=1e-10, max_iter=1000
    ).fit(X, y)
    assert_allclose(ours.estimator_.coef_, reference.coef_, atol=1e-8)
    assert_allclose(ours.estimator_.intercept_, reference.intercept_, atol=1e-8)


def test_user_sample_weight_multiplies_class_weights():
    clf = WeightedClassifier(LogisticRegression(), ClassBalancedWeighter("isns")).fit(
        X, y, sample_weight=SAMPLE_WEIGHT
    )
    expected_weights = SAMPLE_WEIGHT * clf.weighter_.transform(y)
    reference = LogisticRegression().fit(X, y, sample_weight=expected_weights)
    assert_allclose(clf.estimator_.coef_, reference.coef_)


def test_sample_weight_two_equals_repeating_the_row():
    sample_weight = np.ones(len(y))
    sample_weight[:50] = 2
    X_repeated = np.vstack([X, X[:50]])
    y_repeated = np.concatenate([y, y[:50]])
    for scheme in ["ins", "isns", "ens"]:
        model = WeightedClassifier(
            LogisticRegression(tol=1e-10), ClassBalancedWeighter(scheme, beta=0.99)
        )
        weighted = clone(model).fit(X, y, sample_weight=sample_weight)
        repeated = clone(model).fit(X_repeated, y_repeated)
        assert_allclose(
            weighted.weighter_.class_counts_, repeated.weighter_.class_counts_
        )
        assert_allclose(weighted.estimator_.coef_, repeated.estimator_.coef_, rtol=1e-6)


def test_defaults_and_fitted_attributes():
    clf = WeightedClassifier().fit(X, y)
    assert isinstance(clf.estimator_, LogisticRegression)
    assert isinstance(clf.weighter_, ClassBalancedWeighter)
    assert clf.estimator is None and clf.weighter is None
    assert_array_equal(clf.classes_, [0, 1, 2])
    assert clf.n_features_in_ == 6
    assert_allclose(clf.weighter_.transform(y), compute_sample_weight("balanced", y))
    assert clf.predict_proba(X).shape == (len(y), 3)
    assert_allclose(clf.predict_log_proba(X), np.log(clf.predict_proba(X)))
    assert clf.decision_function(X).shape == (len(y), 3)
    assert 0 <= clf.score(X, y) <= 1


def test_delegation_follows_the_inner_estimator():
    clf = WeightedClassifier(LinearSVC())
    assert not hasattr(clf, "predict_proba")
    assert hasattr(clf.fit(X, y), "decision_function")
    assert not hasattr(clf, "predict_proba")


def test_weighter_is_cloned_not_fitted_in_place():
    weighter = ClassBalancedWeighter("ens")
    clf = WeightedClassifier(weighter=weighter).fit(X, y)
    assert not hasattr(weighter, "classes_")
    assert clf.weighter_ is not weighter


def test_inputs_are_not_mutated():
    X_copy, y_copy, sw_copy = X.copy(), y.copy(), SAMPLE_WEIGHT.copy()
    WeightedClassifier(weighter=ClassBalancedWeighter("ens")).fit(
        X, y, sample_weight=SAMPLE_WEIGHT
    )
    assert_array_equal(X, X_copy)
    assert_array_equal(y, y_copy)
    assert_array_equal(SAMPLE_WEIGHT, sw_copy)


def test_string_labels_and_dataframe_features():
    pd = pytest.importorskip("pandas")
    labels = np.array(["common", "rare", "rarest"])[y]
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(6)])
    clf = WeightedClassifier().fit(frame, labels)
    assert_array_equal(clf.feature_names_in_, frame.columns)
    assert_array_equal(clf.classes_, ["common", "rare", "rarest"])
    assert_array_equal(
        clf.predict(frame), WeightedClassifier().fit(X, labels).predict(X)
    )


def test_pipeline_inside_gets_the_weights_on_its_last_step():
    pipe = make_pipeline(StandardScaler(), LogisticRegression())
    clf = WeightedClassifier(pipe, ClassBalancedWeighter("ins")).fit(X, y)
    reference = make_pipeline(
        StandardScaler(), LogisticRegression(class_weight="balanced")
    ).fit(X, y)
    assert_allclose(clf.estimator_[-1].coef_, reference[-1].coef_, rtol=1e-6)


def test_pipeline_earlier_steps_get_the_user_sample_weight():
    pipe = make_pipeline(StandardScaler(), LogisticRegression())
    clf = WeightedClassifier(pipe).fit(X, y, sample_weight=SAMPLE_WEIGHT)
    expected_mean = np.average(X, axis=0, weights=SAMPLE_WEIGHT)
    assert_allclose(clf.estimator_[0].mean_, expected_mean)


def test_nested_pipeline():
    inner = Pipeline([("scale", StandardScaler()), ("model", LogisticRegression())])
    outer = Pipeline([("inner", inner)])
    clf = WeightedClassifier(outer, ClassBalancedWeighter("ins")).fit(X, y)
    reference = make_pipeline(
        StandardScaler(), LogisticRegression(class_weight="balanced")
    ).fit(X, y)
    assert_allclose(clf.estimator_[-1][-1].coef_, reference[-1].coef_, rtol=1e-6)


def test_grid_search_over_scheme_and_beta():
    search = GridSearchCV(
        WeightedClassifier(LogisticRegression(), weighter=ClassBalancedWeighter()),
        GRID,
        scoring="balanced_accuracy",
        cv=3,
    ).fit(X, y)
    assert len(search.cv_results_["params"]) == 12
    assert set(search.best_params_) == {"weighter__scheme", "weighter__beta"}
    assert (
        search.best_estimator_.weighter_.scheme
        == search.best_params_["weighter__scheme"]
    )


def test_inside_a_pipeline_with_nested_parameter_names():
    pipe = Pipeline(
        [
            ("scale", StandardScaler()),
            (
                "clf",
                WeightedClassifier(LogisticRegression(), ClassBalancedWeighter("ens")),
            ),
        ]
    )
    search = GridSearchCV(
        pipe,
        {"clf__weighter__beta": [0.9, 0.999], "clf__estimator__C": [0.1, 1.0]},
        cv=3,
    ).fit(X, y)
    assert search.best_estimator_["clf"].weighter_.beta in (0.9, 0.999)


def test_cross_validate_and_pickle():
    clf = WeightedClassifier(
        HistGradientBoostingClassifier(max_iter=20, random_state=0),
        ClassBalancedWeighter("isns"),
    )
    result = cross_validate(clf, X, y, cv=3, scoring="balanced_accuracy")
    assert np.all(result["test_score"] > 0.5)
    fitted = clf.fit(X, y)
    restored = pickle.loads(pickle.dumps(fitted))
    assert_array_equal(restored.predict_proba(X), fitted.predict_proba(X))


def test_weighting_raises_minority_recall():
    unweighted = LogisticRegression().fit(X, y)
    weighted = WeightedClassifier(LogisticRegression()).fit(X, y)
    assert balanced_accuracy_score(y, weighted.predict(X)) > balanced_accuracy_score(
        y, unweighted.predict(X)
    )


def test_estimator_without_sample_weight_is_a_clear_type_error():
    with pytest.raises(
        TypeError, match=r"KNeighborsClassifier.fit does not accept sample_weight"
    ):
        WeightedClassifier(KNeighborsClassifier()).fit(X, y)
    with pytest.raises(
        TypeError,
        match=r"KNeighborsClassifier.fit \(the last step of the Pipeline\) does not",
    ):
        WeightedClassifier(make_pipeline(StandardScaler(), KNeighborsClassifier())).fit(
            X, y
        )


def test_nested_params_on_default_none_tell_the_user_what_to_pass():
    with pytest.raises(
        ValueError, match=r"Pass weighter=ClassBalancedWeighter\(\) explicitly"
    ):
        WeightedClassifier().set_params(weighter__beta=0.9)
    with pytest.raises(
        ValueError, match=r"Pass estimator=LogisticRegression\(\) explicitly"
    ):
        WeightedClassifier().set_params(estimator__C=0.1)
    with pytest.raises(ValueError, match="weighter__scheme"):
        GridSearchCV(
            WeightedClassifier(LogisticRegression()), {"weighter__scheme": ["ins"]}
        ).fit(X, y)
    # Setting the object and its parameters together works.
    clf = WeightedClassifier().set_params(
        weighter=ClassBalancedWeighter(), weighter__beta=0.9
    )
    assert clf.weighter.beta == 0.9


def test_not_a_weighter_is_rejected():
    with pytest.raises(TypeError, match="'weighter' parameter"):
        WeightedClassifier(weighter="ins").fit(X, y)
    with pytest.raises(
        TypeError,
        match=r"estimator=LogisticRegression is a class.*LogisticRegression\(\)",
    ):
        WeightedClassifier(estimator=LogisticRegression).fit(X, y)


def test_length_mismatch():
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        WeightedClassifier().fit(X, y[:-1])
    with pytest.raises(ValueError, match="sample_weight.shape"):
        WeightedClassifier().fit(X, y, sample_weight=SAMPLE_WEIGHT[:-1])


class _FeatureAwareWeighter(BaseEstimator):
    """A minimal third-party weighter that also asks for X (protocol context)."""

    def fit_transform(self, y, sample_weight=None, X=None):
        self.seen_n_features_ = np.asarray(X).shape[1]
        return 2 * ClassBalancedWeighter().fit_transform(y, sample_weight=sample_weight)


class _BrokenWeighter(BaseEstimator):
    def fit_transform(self, y, sample_weight=None):
        return np.full(len(y), np.nan)


def test_weighter_protocol_passes_context_and_validates_output():
    clf = WeightedClassifier(weighter=_FeatureAwareWeighter()).fit(X, y)
    assert clf.weighter_.seen_n_features_ == 6
    with pytest.raises(
        ValueError, match="_BrokenWeighter returned weights that are NaN"
    ):
        WeightedClassifier(weighter=_BrokenWeighter()).fit(X, y)


def test_routing_on_with_sample_weight_and_other_fit_params(routing_enabled):
    clf = WeightedClassifier(LogisticRegression(), ClassBalancedWeighter("isns"))
    clf.fit(X, y, sample_weight=SAMPLE_WEIGHT)
    reference = LogisticRegression().fit(
        X, y, sample_weight=SAMPLE_WEIGHT * clf.weighter_.transform(y)
    )
    assert_allclose(clf.estimator_.coef_, reference.coef_)

    init = np.zeros((3, 6))
    sgd = SGDClassifier(max_iter=5, tol=None, random_state=0)
    routed = WeightedClassifier(clone(sgd).set_fit_request(coef_init=True)).fit(
        X, y, coef_init=init
    )
    direct = clone(sgd).fit(
        X, y, coef_init=init, sample_weight=compute_sample_weight("balanced", y)
    )
    assert_allclose(routed.estimator_.coef_, direct.coef_)
    with pytest.raises(sklearn.exceptions.UnsetMetadataPassedError, match="coef_init"):
        WeightedClassifier(clone(sgd)).fit(X, y, coef_init=init)


def test_routing_on_grid_search_routes_user_weights(routing_enabled):
    clf = WeightedClassifier(
        LogisticRegression(), weighter=ClassBalancedWeighter()
    ).set_fit_request(sample_weight=True)
    scorer = make_scorer(balanced_accuracy_score).set_score_request(sample_weight=True)
    search = GridSearchCV(
        clf, {"weighter__scheme": ["ins", "isns"]}, scoring=scorer, cv=3
    )
    search.fit(X, y, sample_weight=SAMPLE_WEIGHT)
    # The refit model saw the user's weights folded into its class counts.
    assert_allclose(
        search.best_estimator_.weighter_.class_counts_,
        np.bincount(y, weights=SAMPLE_WEIGHT),
    )


def test_routing_on_pipeline_needs_requests_like_any_pipeline(routing_enabled):
    pipe = make_pipeline(
        StandardScaler().set_fit_request(sample_weight=False),
        LogisticRegression().set_fit_request(sample_weight=True),
    )
    clf = WeightedClassifier(pipe, ClassBalancedWeighter("ins")).fit(X, y)
    reference = make_pipeline(
        StandardScaler(), LogisticRegression(class_weight="balanced")
    ).fit(X, y)
    assert_allclose(clf.estimator_[-1].coef_, reference[-1].coef_, rtol=1e-6)


def test_routing_off_other_fit_params_reach_the_estimator():
    init = np.zeros((3, 6))
    sgd = SGDClassifier(max_iter=5, tol=None, random_state=0)
    clf = WeightedClassifier(clone(sgd)).fit(X, y, coef_init=init)
    direct = clone(sgd).fit(
        X, y, coef_init=init, sample_weight=compute_sample_weight("balanced", y)
    )
    assert_allclose(clf.estimator_.coef_, direct.coef_)


def test_routing_on_names_the_requests_a_pipeline_needs():
    # With routing on, a Pipeline routes the wrapper's weights by the steps'
    # requests; scikit-learn's own error blames StandardScaler for weights
    # the user never passed. The wrapper says what to set instead.
    pipeline = make_pipeline(StandardScaler(), LogisticRegression())
    with sklearn.config_context(enable_metadata_routing=True):
        with pytest.raises(
            TypeError,
            match=r"WeightedClassifier passes its class-balancing weights.*"
            r"StandardScaler\(\)\.set_fit_request\(sample_weight=False\), "
            r"LogisticRegression\(\)\.set_fit_request\(sample_weight=True\)",
        ):
            WeightedClassifier(pipeline).fit(X, y)
        requested = make_pipeline(
            StandardScaler().set_fit_request(sample_weight=False),
            LogisticRegression().set_fit_request(sample_weight=True),
        )
        clf = WeightedClassifier(requested).fit(X, y)
    expected = WeightedClassifier(pipeline).fit(X, y)
    assert_allclose(clf.estimator_[-1].coef_, expected.estimator_[-1].coef_)


def test_a_sparse_column_y_is_taken_like_its_dense_column():
    sparse = pytest.importorskip("scipy.sparse")
    dense = WeightedClassifier(LogisticRegression()).fit(X, y)
    with pytest.warns(DataConversionWarning, match="sparse column-vector y") as record:
        from_sparse = WeightedClassifier(LogisticRegression()).fit(
            X, sparse.csc_matrix(y.reshape(-1, 1))
        )
    # One conversion warning (scikit-learn 1.6's LogisticRegression adds a
    # scipy deprecation warning of its own), pointing at this line.
    conversions = [w for w in record if w.category is DataConversionWarning]
    assert len(conversions) == 1 and conversions[0].filename == __file__
    assert_allclose(from_sparse.estimator_.coef_, dense.estimator_.coef_)
    assert_array_equal(from_sparse.classes_, dense.classes_)


def test_sample_weight_is_validated_once_per_fit(monkeypatch):
    import sklearn_classweight._classifier as classifier_module
    import sklearn_classweight._counting as counting
    import sklearn_classweight._protocol as protocol_module
    import sklearn_classweight._weighter as weighter_module

    calls = []
    check_sample_weight = counting.check_sample_weight

    def counted(sample_weight, *args, **kwargs):
        calls.append(sample_weight is not None)
        return check_sample_weight(sample_weight, *args, **kwargs)

    for module in (classifier_module, counting, protocol_module, weighter_module):
        if hasattr(module, "check_sample_weight"):
            monkeypatch.setattr(module, "check_sample_weight", counted)
    WeightedClassifier(LogisticRegression()).fit(X, y, sample_weight=SAMPLE_WEIGHT)
    assert sum(calls) == 1


def test_warnings_point_at_the_users_line():
    with pytest.warns(UserWarning, match="single class") as record:
        WeightedClassifier(KNeighborsClassifier(), fallback="resample").fit(
            X, np.zeros(len(y), dtype=int)
        )
    assert [warning.filename for warning in record] == [__file__]


@pytest.mark.parametrize("method", ["fit", "partial_fit"])
def test_uint64_labels_above_two_to_the_63(method):
    labels = np.uint64(2**63) + y.astype(np.uint64)
    clf = WeightedClassifier(SGDClassifier(random_state=0))
    if method == "fit":
        clf.fit(X, labels)
    else:
        clf.partial_fit(X, labels, classes=np.unique(labels))
    classes, counts = np.unique(labels, return_counts=True)
    assert_array_equal(clf.weighter_.classes_, classes)
    assert_array_equal(clf.weighter_.class_counts_, counts)
    assert_array_equal(clf.classes_, classes)


def test_a_failed_refit_or_first_batch_leaves_no_trace_of_its_input():
    clf = WeightedClassifier(LogisticRegression()).fit(X, y)
    coef = clf.estimator_.coef_.copy()
    clf.set_params(weighter=ClassBalancedWeighter("ens", beta=1.5))
    with pytest.raises(ValueError, match="beta"):
        clf.fit(X[:, :3], y)
    assert clf.n_features_in_ == X.shape[1]
    assert_allclose(clf.estimator_.coef_, coef)
    # a first partial_fit refused for its missing classes is no fit at all
    stream = WeightedClassifier(SGDClassifier(random_state=0))
    with pytest.raises(ValueError, match="classes is required"):
        stream.partial_fit(X, y)
    assert not hasattr(stream, "n_features_in_")
