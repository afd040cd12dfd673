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
def test_every_plot_example_is_run_by_the_gallery_and_no_other_script(path):
    # examples/plot_*.py are the gallery; other scripts there (the Dask one,
    # which starts a cluster) are documented but not run by the build.
    assert runs_in_gallery(path) == path.name.startswith("plot_")


@pytest.mark.parametrize(
    "path", [p for p in EXAMPLES if p.name.startswith("plot_")], ids=lambda p: p.name
)
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
