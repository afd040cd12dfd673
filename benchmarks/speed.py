"""Speed on the user's path: does a fast path in label counting pay off end to end?

Compares this checkout with a baseline revision (default: the last commit that
still had the hashing fast path, ``_encoding.py``), side by side in one run:
each case is timed in a fresh subprocess per tree, the trees alternating, and
the median of the repeats is reported with the ratio baseline / this tree.

Cases, all end-to-end user calls:

- ``WeightedClassifier(LogisticRegression()).fit(X, y)``, 1e5 x 20, where the
  wrapped estimator's own fit dominates;
- a standalone ``ClassBalancedWeighter().fit_transform(y)`` and
  ``transform(y)`` of 1e7 labels (int64, fixed-width str, object str), where
  counting is all there is.

Usage::

    python -m benchmarks.speed                  # full run (a few minutes)
    python -m benchmarks.speed --quick          # n / 10, fewer repeats
    python -m benchmarks.speed --baseline REV   # compare with another revision
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ._report import command_line, save_report

ROOT = Path(__file__).resolve().parent.parent
#: The last revision with the process-global, hashing label encoder.
DEFAULT_BASELINE = "b11534a"

CASE_CODE = r"""
import json, sys, time
import numpy as np
from threadpoolctl import threadpool_limits
from sklearn.linear_model import LogisticRegression
from sklearn_classweight import ClassBalancedWeighter, WeightedClassifier

case, kind, n, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rng = np.random.default_rng(0)
# Long-tailed: 10 classes, sizes falling geometrically 100-fold.
sizes = 100.0 ** (-np.arange(10) / 9)
codes = rng.choice(10, size=n, p=sizes / sizes.sum())
names = np.array([f"class_{i}" for i in range(10)])
y = {"int64": codes.astype(np.int64), "str": names[codes],
     "object": names[codes].astype(object)}[kind]
if case == "fit":
    X = rng.standard_normal((n, 20)) + codes[:, None] * 0.1
    call = lambda: WeightedClassifier(LogisticRegression()).fit(X, y)
elif case == "fit_transform":
    call = lambda: ClassBalancedWeighter().fit_transform(y)
else:
    weighter = ClassBalancedWeighter().fit(y)
    call = lambda: weighter.transform(y)
times = []
with threadpool_limits(1):
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
print(json.dumps(sorted(times)[len(times) // 2]))
"""


def time_case(tree, case, kind, n, repeats):
    output = subprocess.run(
        [sys.executable, "-c", CASE_CODE, case, kind, str(n), str(repeats)],
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(output.stdout)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.speed", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--quick", action="store_true", help="n / 10, fewer repeats")
    parser.add_argument("--baseline", default=DEFAULT_BASELINE, help="git revision")
    parser.add_argument("--rounds", type=int, default=3, help="alternations per case")
    args = parser.parse_args(argv)
    scale = 10 if args.quick else 1
    cases = [
        ("fit", "str", 100_000 // scale, 3),
        ("fit", "int64", 100_000 // scale, 3),
        ("fit_transform", "int64", 10_000_000 // scale, 3),
        ("fit_transform", "str", 10_000_000 // scale, 3),
        ("fit_transform", "object", 10_000_000 // scale, 3),
        ("transform", "int64", 10_000_000 // scale, 3),
        ("transform", "str", 10_000_000 // scale, 3),
        ("transform", "object", 10_000_000 // scale, 3),
    ]
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        baseline = Path(tmp) / "baseline"
        subprocess.run(
            [
                "git",
                "-C",
                str(ROOT),
                "worktree",
                "add",
                "--detach",
                "-q",
                str(baseline),
                args.baseline,
            ],
            check=True,
        )
        try:
            rows = []
            for case, kind, n, repeats in cases:
                times = {"baseline": [], "this tree": []}
                for _ in range(args.rounds):  # alternate the trees
                    times["baseline"].append(
                        time_case(baseline, case, kind, n, repeats)
                    )
                    times["this tree"].append(time_case(ROOT, case, kind, n, repeats))
                old, new = (sorted(t)[len(t) // 2] for t in times.values())
                rows.append((case, kind, n, old, new))
                print(
                    f"{case:14s} {kind:7s} n={n:.0e}  baseline {old * 1e3:8.1f} ms"
                    f"  this tree {new * 1e3:8.1f} ms  ratio {new / old:5.2f}"
                )
        finally:
            subprocess.run(
                [
                    "git",
                    "-C",
                    str(ROOT),
                    "worktree",
                    "remove",
                    "--force",
                    str(baseline),
                ],
                check=False,
            )
    command = command_line("speed", argv)
    lines = [
        f"Median wall time of {args.rounds} alternations x 3 repeats, one BLAS "
        f"thread; baseline = revision {args.baseline} (hashing label encoder with "
        f"a process-global memo), this tree = plain np.unique / np.bincount. Run "
        f"time {time.perf_counter() - start:.0f} s (`{command}`).",
        "",
        "| user call | labels | n | baseline (ms) | this tree (ms) | this / baseline |",
        "|---|---|---:|---:|---:|---:|",
    ]
    names = {
        "fit": "`WeightedClassifier(LogisticRegression()).fit(X, y)`, 20 features",
        "fit_transform": "`ClassBalancedWeighter().fit_transform(y)`",
        "transform": "fitted `weighter.transform(y)`",
    }
    for case, kind, n, old, new in rows:
        lines.append(
            f"| {names[case]} | {kind} | {n:.0e} | {old * 1e3:.1f} | {new * 1e3:.1f} "
            f"| {new / old:.2f} |"
        )
    stem = "speed_quick" if args.quick else "speed"
    save_report(stem, "\n".join(lines))


if __name__ == "__main__":
    main()
