"""scripts/bench.py's cold start: the caches and output/ leave the hub, but the pictures and fonts when asked.

The bench sets them aside instead of deleting them (deleting thousands of
files on an ext4 disk without a journal slows down the next build that makes
files), so these check that nothing of them is left where the build looks.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import bench  # noqa: E402


def hub(tmp_path: Path) -> Path:
    folder = tmp_path / "hub"
    (folder / ".fanzine-cache" / "images").mkdir(parents=True)
    (folder / ".fanzine-cache" / "images" / "cover-640.webp").write_bytes(b"w")
    (folder / ".fanzine-cache" / "cards" / "a").mkdir(parents=True)
    (folder / ".fanzine-cache" / "checks.pickle").write_bytes(b"c")
    (folder / ".fanzine-cache" / "StoryGenerator-Readers").write_bytes(b"r")
    (folder / "output" / "stories" / "one").mkdir(parents=True)
    (folder / "output" / "stories" / "one" / "index.html").write_text("<p>one</p>", encoding="utf-8")
    (folder / "pelicanconf.py").write_text('CACHE_PATH = ".fanzine-cache"\n', encoding="utf-8")
    return folder


def test_cold_sets_everything_aside(tmp_path):
    aside = tmp_path / "aside"
    aside.mkdir()
    project = bench.Project("fanzine", hub(tmp_path), sys.executable, aside=aside)
    project.clean()
    assert not project.cache.exists() and not project.output.exists()
    assert sorted(p.name for p in aside.glob("*/*")) == [".fanzine-cache", "output"]
    project.clean()  # nothing left to move: still fine, and nothing made
    assert len(list(aside.iterdir())) == 1
    project.output.symlink_to(tmp_path / "gone")  # a dangling link goes aside too
    project.clean()
    assert not os.path.lexists(project.output)


def test_restored_keeps_only_the_pictures(tmp_path):
    aside = tmp_path / "aside"
    aside.mkdir()
    project = bench.Project("fanzine", hub(tmp_path), sys.executable, aside=aside)
    project.clean(keep=bench.RESTORED)
    assert sorted(p.name for p in project.cache.iterdir()) == ["cards", "images"]  # no fonts cut yet: none
    assert (project.cache / "images" / "cover-640.webp").read_bytes() == b"w"
    assert not project.output.exists()
    assert sorted(p.name for p in aside.glob("*/.fanzine-cache/*")) == ["StoryGenerator-Readers", "checks.pickle"]


def test_without_a_place_aside_it_deletes(tmp_path):
    project = bench.Project("bare", hub(tmp_path), sys.executable)
    project.clean(keep=("images",))
    assert [p.name for p in project.cache.iterdir()] == ["images"]
    assert not project.output.exists()
    assert sorted(p.name for p in project.path.iterdir()) == [".fanzine-cache", "pelicanconf.py"]
