"""scikit-learn's estimator checks for WeightedClassifier with the adaptive weighters."""

from sklearn.linear_model import LogisticRegression
from sklearn.utils.estimator_checks import parametrize_with_checks
from test_estimator_checks import INNER_XFAILS

from sklearn_classweight import DifficultyWeighter, FocalWeighter, WeightedClassifier

ESTIMATORS = [
    WeightedClassifier(LogisticRegression(), FocalWeighter(gamma=2, cv=3, random_state=0)),
    WeightedClassifier(LogisticRegression(), DifficultyWeighter(tau=1, cv=3, random_state=0)),
]

# Out-of-fold folds are not invariant to repeating rows (a repeated row's
# copies can land in different folds), so weight k != k repeated rows. The
# check pins the folds only for estimators with a top-level ``cv`` parameter
# (it does so for CalibratedClassifierCV); ours is ``weighter__cv``.
OOF_NOT_REPETITION = (
    "cross-validation folds are not invariant to repeating rows; the check "
    "pins folds only for a top-level cv parameter"
)
OOF_XFAILS = {
    "check_sample_weight_equivalence_on_dense_data": OOF_NOT_REPETITION,
    "check_sample_weight_equivalence_on_sparse_data": OOF_NOT_REPETITION,
}


def expected_failed_checks(estimator):
    return {**INNER_XFAILS.get(type(estimator.estimator), {}), **OOF_XFAILS}


@parametrize_with_checks(ESTIMATORS, expected_failed_checks=expected_failed_checks)
def test_sklearn_compatible(estimator, check):
    check(estimator)
