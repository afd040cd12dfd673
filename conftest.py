import importlib.util
import os
import shutil

import pytest

# Importing __main__ would run the demo during doctest collection.
collect_ignore = ["sklearn_classweight/__main__.py"]

# Docstring examples that plot need the optional matplotlib: skip them cleanly
# where it is missing, as the tests that need it do.
if importlib.util.find_spec("matplotlib") is None:
    collect_ignore.append("sklearn_classweight/_display.py")

# The Spark stages' docstring examples need pyspark and a JVM (Java 17+).
if importlib.util.find_spec("pyspark") is None or not (
    shutil.which("java") or os.environ.get("JAVA_HOME")
):
    collect_ignore += [
        f"sklearn_classweight/spark/{name}.py"
        for name in ("_counts", "_weighter", "_shift")
    ]


@pytest.fixture(scope="session", autouse=True)
def one_thread_per_native_pool():
    """Run the suite with one BLAS and one OpenMP thread.

    The models under test are tiny: extra threads only wait for each other
    (OpenMP threads spin), and on a machine busy with other work a
    five-iteration HistGradientBoosting fit then took tens of seconds.
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        yield
