"""commands/docs.py: docs/authoring.md's tables of keys and docs/development.md's settings are made from the
declarations, and are current (run `make docs` after changing a schema or a setting)."""
from __future__ import annotations

import pytest

from conftest import ROOT
from fanzine.commands import docs
from fanzine.content.schema import Choice, ListOf, Record, Text
from fanzine.errors import FanzineError
from fanzine.types import content_types


def test_the_generated_tables_in_the_docs_are_current():
    assert docs.stale(ROOT) == [], "run `make docs` and commit docs/authoring.md and docs/development.md"


def test_every_content_type_and_artist_yml_has_its_table_in_authoring_md():
    text = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    for name in ["artist"] + [kind.folder for kind in content_types()]:
        assert f"<!-- keys:{name} -->" in text, name
    assert "<!-- settings -->" in (ROOT / "docs" / "development.md").read_text(encoding="utf-8")


def test_a_table_lists_every_key_with_what_it_takes():
    record = Record({
        "title": Text("the title", required=True, max_length=100),
        "kind": Choice(["a", "b"], "which kind", default="a"),
        "parts": ListOf(Record({"name": Text("a part's name", required=True)}), "the parts", max_items=3),
    })
    assert docs.keys_table(record) == (
        "| key | what it does | what it takes |\n|---|---|---|\n"
        "| `title` (required) | the title | text, up to 100 characters |\n"
        "| `kind` | which kind | one of: `a`, `b`; default `a` |\n"
        "| `parts` | the parts | a list (lines starting with `- `) of entries with the keys below, up to 3 |\n"
        "| `parts[].name` (required) | a part's name | text, up to 300 characters |\n")


def test_the_tables_replace_only_what_is_between_their_markers():
    text = "Intro.\n\n<!-- keys:x -->\nold table\n<!-- /keys -->\n\nOutro.\n"
    assert docs.render(text, {"keys:x": "new table\n"}, "doc.md") == \
        "Intro.\n\n<!-- keys:x -->\nnew table\n<!-- /keys -->\n\nOutro.\n"
    with pytest.raises(FanzineError) as caught:
        docs.render(text, {"keys:y": ""}, "doc.md")
    assert str(caught.value) == "doc.md: <!-- keys:x -->: no such table; expected one of: keys:y"
