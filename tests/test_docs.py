"""The documentation's sources stay in step with the code.

The full build (``python -m sphinx -W --keep-going -b html doc doc/_build/html``)
runs in CI; these checks catch the common breakages in the normal test run,
without Sphinx: a public name missing from the API reference, an example the
gallery would not run, a user-guide page outside the table of contents, a
formula that cannot be rendered, a module missing from the package layout,
and the documented way to run scikit-learn's estimator checks.
"""

import ast
import fnmatch
import importlib
import importlib.util
import pkgutil
import re
import sys
import textwrap
from pathlib import Path

import pytest

import sklearn_classweight

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "doc"
API_RST = DOC / "api.rst"
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))
USER_GUIDE_PAGES = sorted((DOC / "user_guide").glob("*.rst"))

pytestmark = pytest.mark.skipif(
    not API_RST.is_file(), reason="documentation sources not in this checkout"
)


def public_names():
    modules = [sklearn_classweight] + [
        importlib.import_module(f"sklearn_classweight.{info.name}")
        for info in pkgutil.iter_modules(sklearn_classweight.__path__)
        if not info.name.startswith("_")
    ]
    return [
        (module.__name__, name)
        for module in modules
        for name in getattr(module, "__all__", [])
        if not name.startswith("_")
    ]


@pytest.mark.parametrize("module_name, name", public_names())
def test_every_public_name_is_in_the_api_reference(module_name, name):
    listed = {line.strip() for line in API_RST.read_text(encoding="utf-8").splitlines()}
    assert name in listed, (
        f"{module_name}.{name} is public but missing from doc/api.rst; add it to an "
        "autosummary list there."
    )


def conf_value(name):
    """A literal assigned in doc/conf.py, read without running the file."""
    tree = ast.parse((DOC / "conf.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name
            for target in node.targets
        ):
            return ast.literal_eval(node.value)
    raise LookupError(f"doc/conf.py does not assign {name}")


def runs_in_gallery(path):
    """Whether sphinx-gallery collects ``path`` and executes it, per doc/conf.py.

    sphinx-gallery drops a file whose *name* matches ``ignore_pattern``, and
    executes a collected file whose *path* matches ``filename_pattern``.
    """
    conf = conf_value("sphinx_gallery_conf")
    collected = re.search(conf["ignore_pattern"], path.name) is None
    executed = re.search(conf["filename_pattern"], str(path)) is not None
    return collected and executed


def test_the_gallery_reads_the_examples_folder():
    conf = conf_value("sphinx_gallery_conf")
    assert [(DOC / d).resolve() for d in conf["examples_dirs"]] == [ROOT / "examples"]
    assert str(conf["plot_gallery"]) == "True"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_the_gallery_shows_every_example_and_runs_only_the_plot_ones(path):
    # examples/plot_*.py run when the docs are built; the others (the Dask
    # scripts, which start a cluster) are shown with their code, not run.
    conf = conf_value("sphinx_gallery_conf")
    assert re.search(conf["ignore_pattern"], path.name) is None, (
        f"the gallery leaves out {path.name}"
    )
    assert runs_in_gallery(path) == path.name.startswith("plot_")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_gallery_example_starts_with_a_titled_docstring(path):
    # sphinx-gallery needs a module docstring whose first line is a title
    # underlined (and optionally overlined) with "=" at least as long.
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert docstring, f"{path.name} has no module docstring"
    lines = [line for line in docstring.splitlines() if line.strip()]
    if re.fullmatch(r"=+", lines[0]):
        lines = lines[1:]
    title, underline = lines[0], lines[1]
    assert re.fullmatch(r"=+", underline) and len(underline) >= len(title), (
        f"{path.name}: the title {title!r} needs an '=' underline at least as long"
    )


def readme_decision_table():
    """Class names of the README's decision table (model -> correction), in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = text[text.index("| your model |") :].splitlines()
    table = []
    for line in lines[2:]:
        if not line.startswith("|"):
            break
        table.append(re.search(r"`(\w+)\(model\b", line).group(1))
    return table


def rst_code_blocks(path, language="python"):
    """Dedented ``.. code-block:: <language>`` bodies of ``path``, in order."""
    text = path.read_text(encoding="utf-8")
    pattern = rf"\.\. code-block:: {language}\n\n((?:[ \t]+.*\n|\n)+)"
    return [textwrap.dedent(block) for block in re.findall(pattern, text)]


@pytest.mark.parametrize("page", ["index.rst", "quickstart.rst"])
def test_the_front_pages_lead_with_the_readme_decision_table(page):
    # The landing page and the Quickstart give the README's rule first
    # (linear model: weight; boosted trees: shift; not sure: the tuner), then
    # streams and Dask; no example contradicts the rule.
    text = (DOC / page).read_text(encoding="utf-8")
    table_start = text.index(".. list-table::")
    table = text[table_start : text.index("\n\n", text.index("* - ", table_start))]
    named = re.findall(r":class:`~sklearn_classweight\.(\w+)`", table)
    assert named == readme_decision_table()
    assert table_start < text.index(".. code-block:: python")
    assert "partial_fit" in text and "Dask" in text
    for block in rst_code_blocks(DOC / page):
        assert not re.search(r"WeightedClassifier\(\s*HistGradientBoosting", block)


def quickstart_blocks():
    if not API_RST.is_file():
        return []
    blocks = rst_code_blocks(DOC / "quickstart.rst")
    return [pytest.param(code, id=f"block {i + 1}") for i, code in enumerate(blocks)]


@pytest.mark.parametrize("code", quickstart_blocks())
@pytest.mark.filterwarnings("ignore")
def test_each_quickstart_snippet_runs_on_its_own(code, tmp_path, monkeypatch):
    from threadpoolctl import threadpool_limits

    monkeypatch.chdir(tmp_path)
    # One OpenMP thread, as for the README's snippets (tests/test_readme.py).
    with threadpool_limits(1):
        exec(compile(code, "doc/quickstart.rst", "exec"), {})


def installed_extras():
    """Every ``name`` of ``pip install ...[name]`` in the README, docs and examples."""
    sources = [ROOT / "README.md", *DOC.glob("**/*.rst"), *EXAMPLES]
    sources += [ROOT / "examples" / "GALLERY_HEADER.rst"]
    found = set()
    for path in sources:
        if "_build" in path.parts or "auto_examples" in path.parts:
            continue
        for command in re.findall(r"pip install [^`\n]*", path.read_text("utf-8")):
            found |= set(re.findall(r"(?:sklearn-classweight|\.)\[(\w+)\]", command))
    return sorted(found)


@pytest.mark.parametrize("extra", installed_extras())
def test_every_extra_the_docs_install_is_declared(extra):
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = pyproject[pyproject.index("[project.optional-dependencies]") :]
    assert re.search(rf"^{extra} = \[", section, re.M), (
        f"the docs install the extra [{extra}], which pyproject.toml lacks"
    )


def test_the_dask_extra_brings_dask_and_its_distributed_client():
    assert "dask" in installed_extras()
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    line = re.search(r"^dask = \[(.*)\]", pyproject, re.M).group(1)
    assert re.search(r'"dask\[[^\]]*distributed[^\]]*\]', line)


def toctree_entries(rst_path):
    """``(entries, glob)`` of every toctree directive in ``rst_path``."""
    entries, glob = [], False
    lines = rst_path.read_text(encoding="utf-8").splitlines()
    inside = False
    for line in lines:
        if line.strip().startswith(".. toctree::"):
            inside = True
            continue
        if inside:
            if line and not line[0].isspace():
                inside = False
            elif line.strip().startswith(":"):
                glob = glob or line.strip() == ":glob:"
            elif line.strip():
                entries.append(line.strip())
    return entries, glob


@pytest.mark.parametrize("page", USER_GUIDE_PAGES, ids=lambda page: page.name)
def test_every_user_guide_page_is_in_the_table_of_contents(page):
    entries, glob = toctree_entries(DOC / "user_guide.rst")
    name = f"user_guide/{page.stem}"
    listed = any(fnmatch.fnmatch(name, e) for e in entries) if glob else name in entries
    assert listed, f"{page.name} is not in the toctree of doc/user_guide.rst"


def test_every_toctree_entry_of_the_user_guide_is_a_page():
    entries, glob = toctree_entries(DOC / "user_guide.rst")
    assert entries
    for entry in entries:
        matches = list(DOC.glob(f"{entry}.rst")) if glob else [DOC / f"{entry}.rst"]
        assert any(path.is_file() for path in matches), f"no page for {entry!r}"


def formulas():
    """Every :math: role and math directive in the docs and the docstrings."""
    sources = [*DOC.glob("*.rst"), *DOC.glob("user_guide/*.rst")]
    found = []
    for path in sources:
        text = path.read_text(encoding="utf-8")
        found += [(path, m, False) for m in re.findall(r":math:`([^`]+)`", text)]
        for block in re.findall(r"\.\. math::\n((?:[ \t]*\n|[ \t]+\S.*\n)+)", text):
            found += [(path, block.strip(), True)]
    for module in pkgutil.iter_modules(sklearn_classweight.__path__):
        module = importlib.import_module(f"sklearn_classweight.{module.name}")
        for obj in vars(module).values():
            doc = getattr(obj, "__doc__", None) or ""
            found += [(module, m, False) for m in re.findall(r":math:`([^`]+)`", doc)]
    return [
        pytest.param(tex, block, id=f"{getattr(where, 'name', where)}:{tex[:30]}")
        for where, tex, block in found
    ]


@pytest.mark.parametrize("tex, block", formulas())
def test_every_formula_renders_as_mathml(tex, block):
    # The site turns formulas into MathML when it is built (doc/_ext/mathml.py),
    # so that pages show them without a script from the network.
    pytest.importorskip("sphinx", reason="the docs' math extension runs on Sphinx")
    sys.path.insert(0, str(DOC / "_ext"))
    try:
        mathml = importlib.import_module("mathml")
    finally:
        sys.path.remove(str(DOC / "_ext"))
    assert mathml.tex_to_mathml(tex, block=block).startswith("<math")


def test_the_package_layout_page_names_every_module_and_only_those():
    text = (DOC / "user_guide" / "package_layout.rst").read_text(encoding="utf-8")
    named = set(re.findall(r"``(\w+\.py|[a-z_]+/)``", text))
    package = ROOT / "sklearn_classweight"
    actual = {path.name for path in package.glob("_*.py")} - {"__init__.py"}
    actual |= {
        path.name + "/"
        for path in package.iterdir()
        if (path / "__init__.py").is_file()
    }
    assert actual - named == set(), "modules missing from package_layout.rst"
    assert {name for name in named if name.endswith(".py")} - actual == set(), (
        "package_layout.rst names modules that do not exist"
    )


def documented_check_estimator_snippet():
    text = (DOC / "user_guide" / "09_reliability.rst").read_text(encoding="utf-8")
    for block in re.findall(r"\.\. code-block:: python\n\n((?:[ \t]+.*\n|\n)+)", text):
        if "check_estimator(" in block:
            return textwrap.dedent(block)
    raise LookupError("09_reliability.rst has no check_estimator example")


@pytest.mark.filterwarnings("ignore")
def test_the_documented_check_estimator_call_passes():
    # The user guide's way to run scikit-learn's checks in a notebook around
    # gradient boosting, with the inner estimator's own expected failures.
    snippet = documented_check_estimator_snippet()
    assert "expected_failed_checks" in snippet
    exec(compile(snippet, "09_reliability.rst", "exec"), {})
