"""Sphinx configuration of the sklearn-classweight documentation.

Build (from the repository root; warnings are errors, the gallery is run)::

    python -m sphinx -W --keep-going -b html doc doc/_build/html

or ``make -C doc html``.
"""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The gallery's models are small: one OpenMP thread each. On a busy 2-core
# machine, OpenMP threads spin-wait on each other and made one
# HistGradientBoostingClassifier fit take 48 s instead of 3 s. Set before
# scikit-learn is imported (below and by the examples); an explicit setting
# in the environment wins.
os.environ.setdefault("OMP_NUM_THREADS", "1")
# Document the checkout this file belongs to, installed or not; local
# extensions live in _ext.
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE / "_ext"))

import sklearn_classweight  # noqa: E402

project = "sklearn-classweight"
author = "The sklearn-classweight developers"
copyright = "2026, The sklearn-classweight developers"
version = release = sklearn_classweight.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "mathml",
    "sphinx.ext.viewcode",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]

# Formulas become MathML when the site is built (_ext/mathml.py): the pages
# show them with no script and no network, unlike MathJax from a CDN.
html_math_renderer = "mathml"

templates_path = ["_templates"]
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "**/*.ipynb", "**/*.py.md5"]
root_doc = "index"
default_role = "literal"

# -- API reference -----------------------------------------------------------
autosummary_generate = True
autodoc_default_options = {"members": True, "inherited-members": False}
autodoc_typehints = "none"
# The page's table of contents lists methods as "fit()", not
# "WeightedClassifierCV.fit()", so they fit the right sidebar.
toc_object_entries_show_parents = "hide"
# numpydoc defaults are kept (no validation checks); the class template lists
# the methods itself, so numpydoc does not add a second member table.
numpydoc_show_class_members = False

# -- Links to scikit-learn and numpy (offline-safe) ----------------------------
# CI has no network: each project lists the online inventory first and a
# committed local one as fallback (written by _intersphinx/make_inventories.py,
# pointing at the real online pages). If the online fetch fails, Sphinx only
# logs an info message and uses the local file, so `-W` still passes.
# SPHINX_OFFLINE=1 skips the online attempt altogether.
_offline = os.environ.get("SPHINX_OFFLINE", "") not in ("", "0")


def _inventory(local_file):
    local = str(Path("_intersphinx") / local_file)
    return local if _offline else (None, local)


intersphinx_mapping = {
    "sklearn": ("https://scikit-learn.org/stable/", _inventory("sklearn-objects.inv")),
    "numpy": ("https://numpy.org/doc/stable/", _inventory("numpy-objects.inv")),
}
intersphinx_timeout = 10

# -- Gallery -----------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": ["../examples"],
    "gallery_dirs": ["auto_examples"],
    # Every examples/*.py is shown; only examples/plot_*.py are executed. The
    # others (the Dask scripts) start a cluster whose workers re-import
    # __main__, and need dask and lightgbm: shown with their code, not run.
    "filename_pattern": r"/plot_",
    "ignore_pattern": r"__init__\.py",
    "within_subsection_order": "FileNameSortKey",
    "doc_module": ("sklearn_classweight",),
    "reference_url": {"sklearn_classweight": None},
    "backreferences_dir": "generated/backreferences",
    "inspect_global_variables": False,
    "remove_config_comments": True,
    "abort_on_example_error": False,
    "only_warn_on_example_error": False,
    "plot_gallery": "True",
    "image_scrapers": ("matplotlib",),
    "matplotlib_animations": False,
    "show_memory": False,
    "min_reported_time": 1,
}

# The examples use the non-interactive backend.
os.environ.setdefault("MPLBACKEND", "Agg")

# -- HTML --------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"sklearn-classweight {release}"
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc", "sourcelink"],
}
html_show_sourcelink = True
html_last_updated_fmt = None


# -- Every public name must be in the API reference ----------------------------
def _public_names():
    """Names in ``__all__`` of the package and of its public subpackages."""
    import importlib
    import pkgutil

    modules = [sklearn_classweight] + [
        importlib.import_module(f"sklearn_classweight.{info.name}")
        for info in pkgutil.iter_modules(sklearn_classweight.__path__)
        if not info.name.startswith("_")
    ]
    for module in modules:
        for name in getattr(module, "__all__", []):
            if not name.startswith("_"):
                yield module.__name__, name


def _check_api_reference(app):
    from sphinx.util import logging

    api_text = (Path(app.srcdir) / "api.rst").read_text(encoding="utf-8")
    listed = {line.strip() for line in api_text.splitlines()}
    for module_name, name in _public_names():
        if name not in listed:
            logging.getLogger(__name__).warning(
                "%s.%s is public (in __all__) but missing from doc/api.rst: add it "
                "to an autosummary list there.",
                module_name,
                name,
            )


def setup(app):
    app.connect("builder-inited", _check_api_reference)
