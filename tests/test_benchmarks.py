"""The benchmarks run from a fresh clone, and every result names its command.

The scripts in ``benchmarks/`` are a package run as modules from the
repository root (``python -m benchmarks.quality --help``): no script edits
``sys.path``, and their shared code (``_tasks``, ``_methods``, ``_report``)
imports without a cycle. The quality benchmark runs any subset of its rows and
merges saved runs; a row is added with one ``add_method`` call.
"""

import ast
import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"
MODULES = sorted(BENCHMARKS.glob("*.py")) if BENCHMARKS.is_dir() else []
SCRIPTS = [p for p in MODULES if not p.name.startswith("_")]

pytestmark = pytest.mark.skipif(
    not BENCHMARKS.is_dir(), reason="benchmarks/ not in this checkout"
)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_benchmark_edits_sys_path(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    edits = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr == "path"
        and isinstance(node.value, ast.Name)
        and node.value.id == "sys"
    ]
    assert not edits, f"{path.name} uses sys.path on lines {edits}"


def _benchmark_imports(path):
    """Names of the benchmark modules ``path`` imports, however it spells them."""
    names = {p.stem for p in MODULES}
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            module = node.module.removeprefix("benchmarks.")
            if module in names:
                found.add(module)
        elif isinstance(node, ast.Import):
            found |= {a.name.removeprefix("benchmarks.") for a in node.names} & names
    return found


def test_the_benchmark_modules_import_each_other_without_a_cycle():
    graph = {path.stem: _benchmark_imports(path) for path in MODULES}
    done, active = set(), []

    def visit(name):
        if name in active:
            cycle = active[active.index(name) :] + [name]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        if name in done:
            return
        active.append(name)
        for other in graph[name]:
            visit(other)
        active.pop()
        done.add(name)

    for name in graph:
        visit(name)


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_every_benchmark_runs_as_a_module_and_explains_itself(path, capsys):
    # What `python -m benchmarks.<name> --help` does, without a new interpreter.
    module = importlib.import_module(f"benchmarks.{path.stem}")
    with pytest.raises(SystemExit) as exit_info:
        module.main(["--help"])
    assert exit_info.value.code == 0
    assert f"python -m benchmarks.{path.stem}" in capsys.readouterr().out


@pytest.mark.parametrize(
    "path", sorted((BENCHMARKS / "results").glob("*.md")), ids=lambda p: p.name
)
def test_every_results_file_names_the_command_that_made_it(path):
    text = path.read_text(encoding="utf-8")
    scripts = re.findall(r"python (?:-m benchmarks\.(\w+)|benchmarks/(\w+)\.py)", text)
    assert scripts, f"{path.name} does not say which command made it"
    for new, old in scripts:
        assert (BENCHMARKS / f"{new or old}.py").is_file()


@pytest.fixture
def quality(tmp_path, monkeypatch):
    """``benchmarks.quality`` writing its results and README into ``tmp_path``."""
    quality = importlib.import_module("benchmarks.quality")
    report = importlib.import_module("benchmarks._report")
    monkeypatch.setattr(report, "RESULTS", tmp_path)
    monkeypatch.setattr(quality, "RESULTS", tmp_path)
    readme = tmp_path / "README.md"
    readme.write_text(
        f"# a README\n\n{quality.README_BEGIN}\nold table\n{quality.README_END}\n"
    )
    monkeypatch.setattr(quality, "README", readme)
    return quality


@pytest.mark.filterwarnings("ignore")
def test_quality_runs_a_subset_of_rows_and_bases_and_merges_runs(
    quality, tmp_path, capsys
):
    from sklearn.tree import DecisionTreeClassifier

    methods = importlib.import_module("benchmarks._methods")
    row = "balanced tree (a row added by this test)"
    methods.add_method(
        row,
        lambda base: DecisionTreeClassifier(
            max_depth=3, class_weight="balanced", random_state=0
        ),
        base_free=True,
    )
    try:
        quality.main(["--list"])
        assert repr(row) in capsys.readouterr().out
        common = ["--quick", "--n-jobs", "1", "--bases", "LogisticRegression"]
        quality.main([*common, "--methods", "unweighted", "--output", "part1"])
        quality.main([*common, "--methods", row, "--output", "part2"])
        quality.main(
            [
                "--render",
                str(tmp_path / "part1.json"),
                str(tmp_path / "part2.json"),
                "--output",
                "merged",
                "--readme",
            ]
        )
    finally:
        del methods.METHODS[row]

    part1 = (tmp_path / "part1.md").read_text()
    assert "Command: `python -m benchmarks.quality --quick" in part1
    assert f"| {row} |" not in part1
    merged = (tmp_path / "merged.md").read_text()
    for name in ["unweighted", row, 'class_weight="balanced"']:
        assert f"| {name} |" in merged
    assert "HistGradientBoosting" not in merged
    assert "Combined by `python -m benchmarks.quality --render" in merged
    readme = quality.README.read_text()
    assert "old table" not in readme
    assert "| unweighted |" in readme and "| LR binary | LR long-tailed |" in readme


def _guide_rows(text):
    """``{method: [first cell of every column]}`` of the guide's first table."""
    table = text[: text.index(".. list-table::", text.index(".. list-table::") + 1)]
    rows, name = {}, None
    for line in table.splitlines():
        if line.startswith("   * - "):
            name = line[len("   * - ") :].strip("`")
            rows[name] = []
        elif line.startswith("     - ") and name is not None:
            rows[name].append(line[len("     - ") :].split(" (")[0])
    return rows


@pytest.mark.skipif(
    not (BENCHMARKS / "results" / "quality_guide.rst").is_file(),
    reason="benchmarks/results not in this checkout",
)
def test_the_guide_quotes_the_last_quality_run():
    # The "Which correction" page includes the tables quality.py writes, so
    # its numbers are the run's, not a copy: the first one must be
    # quality.md's first headline table, row for row.
    guide = (BENCHMARKS / "results" / "quality_guide.rst").read_text("utf-8")
    page = (ROOT / "doc" / "user_guide" / "14_which_correction.rst").read_text("utf-8")
    assert ".. include:: ../../benchmarks/results/quality_guide.rst" in page
    report = (BENCHMARKS / "results" / "quality.md").read_text("utf-8")
    headline = report[report.index("## Headline") :]
    start = headline.index("| method |")
    table = headline[start : headline.index("\n\n", start)]
    expected = {
        cells[0]: cells[1:]
        for cells in (
            [cell.strip() for cell in line.strip("|").split("|")]
            for line in table.splitlines()[2:]
        )
    }
    rows = _guide_rows(guide)
    rows.pop("method")  # the header row
    assert rows == expected
