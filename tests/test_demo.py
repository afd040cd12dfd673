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


def test_demo_grid_search_fits_no_candidate_twice():
    # A candidate whose parameters give the same weights as another one (beta
    # with INS or ISNS, where it is unused) costs fits and chooses nothing.
    import numpy as np
    from sklearn.model_selection import ParameterGrid

    from sklearn_classweight import ClassBalancedWeighter
    from sklearn_classweight._demo import _models

    search = _models()["grid search"]
    y = np.repeat([0, 1, 2], [100, 10, 1])
    weights = [
        tuple(
            ClassBalancedWeighter()
            .set_params(**{k.removeprefix("weighter__"): v for k, v in params.items()})
            .fit(y)
            .class_weight_.round(12)
        )
        for params in ParameterGrid(search.param_grid)
    ]
    assert len(weights) == len(set(weights)) == 5
