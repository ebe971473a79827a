"""Pelican's path arithmetic kept per file (pipeline/memo.py): the same answers as Pelican's own, and a relative
path still follows the folder the process stands in."""
from __future__ import annotations

import os
from types import SimpleNamespace

from pelican.contents import Content
from pelican.utils import posixize_path

from fanzine.pipeline import memo


def pelicans(content: str, source: str) -> str:
    """Pelican 4's Content.get_relative_source_path, worked out afresh."""
    return posixize_path(os.path.relpath(os.path.abspath(os.path.join(content, source)), os.path.abspath(content)))


def item(content: str, source: str | None) -> SimpleNamespace:
    return SimpleNamespace(settings={"PATH": content}, source_path=source)


def test_the_plugin_installs_it_on_pelicans_content():
    memo.install()
    assert Content.get_relative_source_path is memo.relative_source_path


def test_absolute_paths_give_pelicans_answer(tmp_path):
    content = str(tmp_path / "content")
    for source in (f"{content}/stories/a.md", f"{content}/releases/../stories/b.md", f"{tmp_path}/elsewhere.md",
                   f"{content}/caf\u00e9 notes/c.md"):
        assert memo.relative_source_path(item(content, source)) == pelicans(content, source)
        assert memo.relative_source_path(item(content, None), source) == pelicans(content, source)
    assert memo.relative_source_path(item(content, None)) is None


def test_a_relative_path_follows_the_folder_the_process_stands_in(tmp_path, monkeypatch):
    (tmp_path / "one").mkdir()
    (tmp_path / "two" / "deeper").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "one")
    first = memo.relative_source_path(item("content", f"{tmp_path}/one/content/a.md"))
    monkeypatch.chdir(tmp_path / "two" / "deeper")
    second = memo.relative_source_path(item("content", f"{tmp_path}/one/content/a.md"))
    assert first == "a.md"
    assert second == pelicans("content", f"{tmp_path}/one/content/a.md") != first
