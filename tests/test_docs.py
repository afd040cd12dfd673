"""The documentation's sources stay in step with the code.

The full build (``python -m sphinx -W --keep-going -b html doc doc/_build/html``)
runs in CI; these checks catch the common breakages in the normal test run,
without Sphinx.
"""

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import sklearn_classweight

ROOT = Path(__file__).resolve().parents[1]
API_RST = ROOT / "doc" / "api.rst"
EXAMPLES = sorted((ROOT / "examples").glob("plot_*.py"))

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


def test_there_are_at_least_six_gallery_examples():
    assert len(EXAMPLES) >= 6


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
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
