"""What every benchmark script does with its results: print, save, plot."""

from pathlib import Path

RESULTS = Path(__file__).parent / "results"


def pyplot():
    """``matplotlib.pyplot`` on the file-only Agg backend (ImportError if absent)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def save_report(stem, text, plot=None):
    """Print ``text``, write it to ``results/<stem>.md`` and, given ``plot``,
    call ``plot(path)`` to draw ``results/<stem>.png`` when matplotlib is installed."""
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{stem}.md").write_text(text if text.endswith("\n") else text + "\n")
    if plot is None:
        return
    try:
        plot(RESULTS / f"{stem}.png")
    except ImportError:
        print("matplotlib is not installed: no plot (pip install matplotlib).")
