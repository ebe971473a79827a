"""The plugin's folder shows the flow: each module says in one line what it is for, and docs/development.md's
layout table names every one of them; the artist defaults live in the schema only."""
from __future__ import annotations

import ast
import re

import pytest

from conftest import ROOT

PLUGIN = ROOT / "plugins" / "fanzine"
MODULES = sorted(PLUGIN.rglob("*.py"))
SUBPACKAGES = ["content", "types", "pipeline", "early", "outputs", "theme", "commands"]


def test_the_plugin_is_grouped_by_the_pipeline():
    assert sorted(p.name for p in PLUGIN.iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(SUBPACKAGES)
    assert sorted(p.name for p in PLUGIN.glob("*.py")) == ["__init__.py", "__main__.py", "errors.py"]


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.relative_to(PLUGIN).as_posix())
def test_every_module_says_in_one_line_what_it_is_for(module):
    doc = ast.get_docstring(ast.parse(module.read_text(encoding="utf-8")))
    assert doc, "no docstring"
    first = doc.splitlines()[0]
    assert len(first) <= 117 and first.endswith((".", "?", ":", ")")), first
    assert len(doc.splitlines()) == 1 or doc.splitlines()[1] == "", "the first line is a sentence of its own"


def test_the_layout_table_names_every_module():
    table = (ROOT / "docs" / "development.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([a-z_/]+\.py)` \|", table, re.M))
    expected = {p.relative_to(PLUGIN).as_posix() for p in MODULES if p.name != "__init__.py" or p.parent == PLUGIN}
    assert expected - listed == set(), "add them to docs/development.md's layout table"
    assert listed - expected == set(), "gone from plugins/fanzine/"


def test_register_only_connects_signals():
    tree = ast.parse((PLUGIN / "__init__.py").read_text(encoding="utf-8"))
    register = next(node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "register")
    for statement in register.body:
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            continue
        calls = [node for node in ast.walk(statement) if isinstance(node, ast.Call)]
        assert calls and all(isinstance(c.func, ast.Attribute) and c.func.attr == "connect" for c in calls), \
            ast.unparse(statement)


def test_the_default_accent_lives_in_one_place():
    """The accent colour's default was written in six places; now each theme preset declares its own accent
    (the default theme's stands in where artist.yml sets none) and everything reads it from there."""
    found = [str(p.relative_to(ROOT)) for folder in ("plugins", "themes", "pelicanconf.py", "publishconf.py")
             for p in ((ROOT / folder).rglob("*") if (ROOT / folder).is_dir() else [ROOT / folder])
             if p.is_file() and p.suffix in (".py", ".html", ".css", ".js") and "#c2185b" in p.read_text("utf-8")
             and p.parent != ROOT / "themes" / "fanzine" / "admin"]  # the vendored editor (Decap CMS) is not ours
    assert found == ["plugins/fanzine/theme/presets.py"]


def test_no_test_file_imports_another():
    """Shared helpers live in conftest.py and tests/support/, so each test file can be read (and run) alone."""
    tests = ROOT / "tests"
    names = {p.stem for p in tests.glob("test_*.py")}
    found = [f"{p.name}: {line.strip()}" for p in sorted(tests.rglob("*.py"))
             for line in p.read_text(encoding="utf-8").splitlines()
             if re.match(r"\s*(?:from|import) (test_\w+)", line) and line.split()[1].split(".")[0] in names]
    assert found == []
