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


def test_the_readme_has_python_snippets():
    assert len(python_blocks()) >= 4


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
def test_every_readme_link_leads_to_a_file_or_a_built_page(target):
    # Links into the built site (doc/_build/html/X.html) need the source page
    # doc/X.rst, or an example examples/X.py for the gallery.
    built = re.fullmatch(r"doc/_build/html/(.+)\.html", target)
    if built is None:
        assert (ROOT / target).exists(), f"README links to missing {target}"
        return
    page = built.group(1)
    candidates = [ROOT / "doc" / f"{page}.rst"]
    if page.startswith("auto_examples/"):
        example = page.removeprefix("auto_examples/")
        candidates += [ROOT / "examples" / f"{example}.py"]
        if example == "index":
            candidates += [ROOT / "examples" / "GALLERY_HEADER.rst"]
    assert any(path.is_file() for path in candidates), (
        f"README links to {target}, but no page source exists for it"
    )
