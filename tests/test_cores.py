"""Work spread over the cores (pipeline/cores.py): the check's front matter, the Markdown pool and the fonts' cuts of a
cold build give the same site, byte for byte, and the same messages, in the same order, as one process doing it
all."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from fixture_sites import build, make_project

STORIES = 60  # over cores.SMALLEST: a cold build forks


def story(number: int) -> str:
    tags = ["live", "studio", "gear"][number % 3]
    return (f"---\ntitle: Story {number}\ndate: 2025-0{1 + number % 5}-{10 + number % 18}\ntags: [{tags}]\n---\n"
            f"Notes from day {number}, with *emphasis*, a [link](https://example.org/{number}) and\n\n"
            f"- a list\n- of {number} things\n\n## A heading\n\nMore words for story {number}.\n")


def project(root: Path, broken: bool = False) -> Path:
    files = {f"stories/story-{n:02}.md": story(n) for n in range(STORIES)}
    if broken:  # mistakes in several files: every one reported, in the same order
        files["stories/story-07.md"] = "---\ntitle: [unclosed\ndate: 2025-01-01\n---\nBody.\n"
        files["stories/story-31.md"] = "---\ntitle: Fine\ndate: someday\n---\nBody.\n"
        files["stories/story-52.md"] = "---\ndate: 2025-01-01\n---\nBody without a title.\n"
    made = make_project(root, files)
    (made / ".fanzine-cache" / "fonts").unlink()  # its own font cache: the fonts are cut here, on one core or two
    return made


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


SPREAD = """
import os, threading
from fanzine.pipeline import cores
items = list(range(cores.SMALLEST + 5))
spread = cores.spread(str, items)
assert spread == [str(i) for i in items], spread
pids = cores.spread(worker_pid, items, chunk=1)
assert pids and os.getpid() not in pids, "forked"
assert cores.spread(str, items[:cores.SMALLEST - 1]) is None  # a few jobs: done here
stop = threading.Event()
other = threading.Thread(target=stop.wait)
other.start()
assert cores.spread(str, items) is None  # a process with threads never forks
stop.set()
other.join()
os.environ["FANZINE_WORKERS"] = "1"
assert cores.spread(str, items) is None
print("checked")
"""


def test_spread_keeps_the_order_and_only_forks_when_worth_it():
    """In a process of its own: this test's worker (pytest-xdist) has threads, and those never fork."""
    script = "def worker_pid(_item):\n    import os\n    return os.getpid()\n" + SPREAD
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "FANZINE_WORKERS": "2", "PYTHONPATH": str(ROOT / "plugins")})
    assert done.returncode == 0 and "checked" in done.stdout, done.stderr


@pytest.mark.parametrize("broken", [False, True], ids=["site", "mistakes"])
def test_a_cold_build_on_every_core_equals_one_on_one(tmp_path, broken):
    one = build(project(tmp_path / "one", broken), publish=False, env={"FANZINE_WORKERS": "1"})
    every = build(project(tmp_path / "every", broken), publish=False, env={"FANZINE_WORKERS": "2"})
    assert (one.returncode != 0) == broken, one.stderr
    assert every.returncode == one.returncode
    assert every.stderr.replace(str(tmp_path / "every"), "") == one.stderr.replace(str(tmp_path / "one"), "")
    if broken:
        for name in ("story-07.md", "story-31.md", "story-52.md"):
            assert name in one.stderr
        return
    assert tree(tmp_path / "every" / "output") == tree(tmp_path / "one" / "output")
    cached = build(tmp_path / "every", publish=False, env={"FANZINE_WORKERS": "2"})  # the check cache was kept
    assert cached.returncode == 0, cached.stderr
    assert tree(tmp_path / "every" / "output") == tree(tmp_path / "one" / "output")
