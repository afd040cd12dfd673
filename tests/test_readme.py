"""The README's Python snippets run as written, in order, as a reader would paste them."""

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def _python_blocks():
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_readme_has_python_snippets():
    assert len(_python_blocks()) >= 4


def test_readme_python_snippets_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the Saving models snippet writes a file
    namespace = {}
    for block in _python_blocks():
        if "skops" in block:
            pytest.importorskip("skops")
        exec(compile(block, str(README), "exec"), namespace)
