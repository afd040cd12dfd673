"""What every benchmark script does with its results: print, save, plot."""

import shlex
import sys
from pathlib import Path

RESULTS = Path(__file__).parent / "results"


def pyplot():
    """``matplotlib.pyplot`` on the file-only Agg backend (ImportError if absent)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def command_line(script, argv=None):
    """The command that reruns ``benchmarks/<script>.py`` with ``argv`` (default:
    this process's arguments), as a results file names it."""
    args = sys.argv[1:] if argv is None else list(argv)
    return shlex.join(["python", "-m", f"benchmarks.{script}", *args])


def save_report(stem, text, plot=None, *, command=None):
    """Print ``text``, write it to ``results/<stem>.md`` and, given ``plot``,
    call ``plot(path)`` to draw ``results/<stem>.png`` when matplotlib is installed.

    Given ``command`` (see :func:`command_line`), the file starts with it.
    """
    if command is not None:
        text = f"Command: `{command}`\n\n{text}"
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{stem}.md").write_text(text if text.endswith("\n") else text + "\n")
    if plot is None:
        return
    try:
        plot(RESULTS / f"{stem}.png")
    except ImportError:
        print("matplotlib is not installed: no plot (pip install matplotlib).")
