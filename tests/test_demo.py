"""The README's demonstration: weighting must help the tail on long-tailed digits."""

import pytest

from sklearn_classweight._demo import format_table, main, run_demo


def test_demo_weighting_beats_unweighted_on_the_tail():
    results = run_demo(seeds=(0,))
    assert set(results) == {
        "unweighted",
        "INS",
        "ISNS",
        "ENS (beta=0.99)",
        "grid search",
    }
    for name in ["INS", "ENS (beta=0.99)"]:
        assert (
            results[name]["balanced accuracy"]
            > results["unweighted"]["balanced accuracy"]
        )
        assert results[name]["tail recall"] > results["unweighted"]["tail recall"]
    table = format_table(results)
    assert (
        table.splitlines()[0]
        == "| model | balanced accuracy | macro-F1 | tail recall |"
    )


def test_help_prints_usage_without_running_the_demo(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    assert "usage: python -m sklearn_classweight" in capsys.readouterr().out
