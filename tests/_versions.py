"""What the oldest supported scikit-learn (1.6) does differently, for the tests.

CI runs the suite with the newest scikit-learn and with the oldest that
``pyproject.toml`` allows; the few checks whose outcome depends on the
version say so here, once.
"""

import sklearn
from packaging.version import Version

SKLEARN_1_6 = Version(sklearn.__version__) < Version("1.7")

#: Checks scikit-learn 1.6 runs where 1.7+ skips them, by the estimator's tags.
SPARSE_CHECK_ON_DENSE_ONLY_PIPELINE = (
    {
        "check_sample_weight_equivalence_on_sparse_data": (
            "scikit-learn 1.6 runs it on a Pipeline that starts with "
            "StandardScaler(), which refuses sparse input; 1.7+ skips it"
        )
    }
    if SKLEARN_1_6
    else {}
)

#: ``parametrize_with_checks(xfail_strict=True)``: an expected failure that
#: passes fails the test. The option exists from scikit-learn 1.7 on.
STRICT_XFAIL = {} if SKLEARN_1_6 else {"xfail_strict": True}
