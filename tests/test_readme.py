"""The README is the front door: its snippets run and its links lead somewhere.

Every Python block is run on its own, in a fresh namespace, as a reader who
pastes just that block would run it. A block that needs an optional package
that is not installed is skipped, alone; the others still run.
"""

import ast
import importlib.util
import re
from pathlib import Path

import pytest
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"

pytestmark = pytest.mark.skipif(not README.is_file(), reason="no README.md here")


def python_blocks():
    if not README.is_file():
        return []
    text = README.read_text(encoding="utf-8")
    blocks = []
    for match in re.finditer(r"```python\n(.*?)```", text, re.S):
        line = text.count("\n", 0, match.start()) + 2  # first line of code
        blocks.append(pytest.param(match.group(1), line, id=f"line {line}"))
    return blocks


def imported_packages(code):
    """Top-level package of every ``import``/``from ... import`` in ``code``."""
    packages = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            packages.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            packages.add(node.module.split(".")[0])
    return packages


def test_every_python_block_of_the_readme_is_collected_and_compiles():
    # The snippet test below runs what python_blocks() finds: a block it
    # missed would go untested.
    text = README.read_text(encoding="utf-8")
    fences = [line for line in text.splitlines() if line.startswith("```python")]
    blocks = python_blocks()
    assert fences and len(blocks) == len(fences)
    for block in blocks:
        compile(block.values[0], "README.md", "exec")


@pytest.mark.parametrize("code, line", python_blocks())
def test_each_readme_snippet_runs_on_its_own(code, line, tmp_path, monkeypatch):
    missing = sorted(
        name
        for name in imported_packages(code)
        if importlib.util.find_spec(name) is None
    )
    if missing:
        pytest.skip(f"the snippet at README line {line} needs {', '.join(missing)}")
    monkeypatch.chdir(tmp_path)  # a snippet may write files
    # One OpenMP/BLAS thread, as the docs build runs the gallery: on a busy
    # 2-core machine HistGradientBoosting's spin-waiting OpenMP threads made
    # the booster's fit in the decision-table snippet take 43 s instead of 2 s.
    with threadpool_limits(1):
        exec(compile(code, f"README.md, snippet at line {line}", "exec"), {})


@pytest.mark.parametrize("name", ["demo", "test", "lint", "oldest", "doc"])
def test_each_ci_marker_is_followed_by_a_one_line_command(name):
    # .ci/run runs the line after each marker's opening fence: it must be there.
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"<!-- ci:{name} -->\n```bash\n(.*)\n```", text)
    assert match, f"README.md lacks the ci:{name} marker and its bash block"
    assert match.group(1).strip()


def test_the_oldest_run_pins_the_lower_bound_of_pyproject():
    # CI tests the oldest scikit-learn the package claims to support.
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    lower_bound = re.search(r'"scikit-learn>=([\d.]+)"', pyproject).group(1)
    text = README.read_text(encoding="utf-8")
    oldest = re.search(r"<!-- ci:oldest -->\n```bash\n(.*)\n```", text).group(1)
    pinned = re.search(r'"scikit-learn==([\d.]+)"', oldest).group(1)
    assert pinned.split(".") + ["0"] * (3 - len(pinned.split("."))) == (
        lower_bound.split(".") + ["0"] * (3 - len(lower_bound.split(".")))
    )


def relative_links():
    if not README.is_file():
        return []
    targets = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README.read_text("utf-8"))
    return sorted({t for t in targets if "://" not in t})


@pytest.mark.parametrize("target", relative_links())
def test_every_readme_link_leads_to_a_file_of_a_fresh_clone(target):
    # doc/_build is made by the docs build: a fresh clone has no such page.
    assert not target.startswith("doc/_build"), (
        f"README links to the built site ({target}); link the source page instead"
    )
    assert (ROOT / target).exists(), f"README links to missing {target}"


def markdown_table(text, after):
    """Rows (lists of cells) of the first Markdown table after ``after``."""
    lines = text[text.index(after) :].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not all(re.fullmatch(r":?-+:?", cell) for cell in cells):
            rows.append(cells)
    return rows


def decision_table():
    """``[(model, class name)]`` of the README's decision table, in order."""
    rows = markdown_table(README.read_text("utf-8"), "| your model |")
    return [(row[0], re.match(r"`(\w+)\(", row[-1]).group(1)) for row in rows[1:]]


def test_the_readme_leads_with_the_decision_table_and_its_snippet_runs_it():
    text = README.read_text(encoding="utf-8")
    table = decision_table()
    assert [name for _, name in table] == [
        "WeightedClassifier",
        "LogitAdjustedClassifier",
        "WeightedClassifierCV",
        "CostSensitiveClassifier",
    ]
    assert text.index("| your model |") < text.index("## ")
    assert [model.split()[0] for model, _ in table][:2] == ["linear", "boosted"]
    # One snippet applies the whole table, so what it recommends runs.
    assert any(
        all(f"{name}(" in block.values[0] for _, name in table)
        for block in python_blocks()
    )


def test_the_readme_stays_short():
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 160


QUALITY_MD = ROOT / "benchmarks" / "results" / "quality.md"
needs_results = pytest.mark.skipif(
    not QUALITY_MD.is_file(), reason="benchmarks/results not in this checkout"
)


def benchmark_headline():
    """``{method: [cells]}`` of quality.md's first headline table."""
    path = QUALITY_MD
    rows = markdown_table(path.read_text("utf-8"), "## Headline")
    return rows[0], {row[0]: row[1:] for row in rows[1:]}


def readme_results():
    rows = markdown_table(README.read_text("utf-8"), "## Results")
    # A label starts with the benchmark's row name: `name` (note).
    return rows[0], {
        row[0].replace("`", "").split(" (")[0]: [c.strip("*") for c in row[1:]]
        for row in rows[1:]
    }


@needs_results
def test_the_readme_results_table_is_the_benchmarks_table():
    # It is written by `python -m benchmarks.quality --render ... --readme`.
    header, readme = readme_results()
    bench_header, bench = benchmark_headline()
    assert header == bench_header
    assert readme and set(readme) <= set(bench)
    for method, cells in readme.items():
        assert cells == bench[method], method


@needs_results
def test_the_readme_results_table_shows_the_best_row_of_every_column():
    # A results table shows the strongest peer, above all where it wins.
    header, readme = readme_results()
    _, bench = benchmark_headline()
    reference = 'class_weight="balanced"'
    for column in range(len(header) - 1):
        values = {
            method: float(cells[column])
            for method, cells in bench.items()
            if method != reference and cells[column]
        }
        best = max(values, key=values.get)
        assert best in readme, f"{header[column + 1]}: {best} is missing"
