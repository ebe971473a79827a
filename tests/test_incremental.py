"""The warm dev server's output is always the output of a fresh full build, byte for byte (issue 14).

A seeded random walk of saves — edits, new items, renames, deletions, a gated
page and its files, pictures, artist.yml, a theme template and a stylesheet,
saved the way editors save (in place, or a temporary file renamed over the
original), a folder deleted and made again — goes through a running
`fanzine serve`. After each step, output/ must equal a fresh `fanzine build`
of the same files into another folder: the same file names, the same bytes.
A step that leaves a mistake must leave the last good build served, and the
dev server must say so. FANZINE_RANDOM_STEPS=200 runs a longer walk;
FANZINE_RANDOM_SEED picks another walk.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import AS_OF, GATE_ENV, copy_project, fanzine, project_env
from support.server import free_port, wait_for

pytestmark = pytest.mark.slow

STEPS = int(os.environ.get("FANZINE_RANDOM_STEPS", "40"))
SEED = int(os.environ.get("FANZINE_RANDOM_SEED", "14"))


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def state_of(url: str) -> dict:
    """The dev server's build state: the first event of /__fanzine/events."""
    with urllib.request.urlopen(url + "/__fanzine/events", timeout=10) as stream:
        for line in stream:
            if line.startswith(b"data: "):
                return json.loads(line[6:])
    raise AssertionError("the event stream closed before its first event")


def save(path: Path, text: str, rng: random.Random) -> None:
    """Save as an editor does: in place, or (vim, VS Code) a temporary file renamed over the original."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if rng.random() < 0.5:
        temporary = path.with_name(f".{path.name}.swp-{rng.randrange(10**6)}")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    else:
        path.write_text(text, encoding="utf-8")


class Walk:
    """The random saves, each a small thing an artist does, on the project's own files."""

    def __init__(self, project: Path, rng: random.Random) -> None:
        self.project, self.content, self.rng = project, project / "content", rng
        self.made = 0

    def items(self, folder: str) -> list[Path]:
        return sorted(p for p in (self.content / folder).glob("*.md") if not p.name.startswith("_"))

    def any_item(self) -> Path:
        folder = self.rng.choice(["releases", "stories", "playlists", "pages", "links", "early"])
        found = self.items(folder)
        return self.rng.choice(found) if found else self.content / "artist.yml"

    def step(self) -> str:
        action = self.rng.choice([
            self.edit_body, self.edit_body, self.edit_title, self.edit_title, self.redate, self.retag,
            self.new_story, self.rename, self.delete, self.artist, self.template, self.stylesheet, self.picture,
            self.gated, self.folder_again, self.mistake,
        ])
        return action()

    def edit_body(self) -> str:
        item = self.any_item()
        if item.suffix != ".md":
            return self.artist()
        save(item, item.read_text() + f"\nA new line {self.rng.randrange(10**6)} about the night bus.\n", self.rng)
        return f"edit the body of {item.name}"

    def edit_title(self) -> str:
        item = self.any_item()
        text = item.read_text()
        if "\ntitle: " not in text:
            return self.edit_body()
        save(item, text.replace("\ntitle: ", f"\ntitle: Take {self.rng.randrange(100)} of ", 1), self.rng)
        return f"retitle {item.name}"

    def redate(self) -> str:
        """A story moved in time: the listings, feeds and its neighbours' links change order."""
        story = self.rng.choice(self.items("stories"))
        text = story.read_text()
        start = text.find("\ndate: ")
        if start < 0:
            return self.edit_body()
        end = text.index("\n", start + 1)
        day = f"2026-{self.rng.randrange(1, 12):02d}-{self.rng.randrange(1, 28):02d}"
        save(story, f"{text[:start]}\ndate: {day}{text[end:]}", self.rng)
        return f"redate {story.name} to {day}"

    def retag(self) -> str:
        """A story's tags changed: tag pages come and go."""
        story = self.rng.choice(self.items("stories"))
        text = story.read_text()
        start = text.find("\ntags: ")
        if start < 0:
            return self.edit_body()
        end = text.index("\n", start + 1)
        tags = self.rng.sample(["live", "studio", "walks", "night-drive", "letters"], self.rng.randrange(1, 3))
        save(story, f"{text[:start]}\ntags: [{', '.join(tags)}]{text[end:]}", self.rng)
        return f"retag {story.name} as {tags}"

    def new_story(self) -> str:
        self.made += 1
        slug = f"walk-{self.made}-{self.rng.randrange(10**4)}"
        save(self.content / "stories" / f"{slug}.md",
             f"---\ntitle: Walk number {self.made}\ndate: 2026-11-{self.rng.randrange(1, 20):02d}\n"
             f"tags: [walks]\n---\nWe walked to the studio {self.made} times.\n", self.rng)
        return f"add stories/{slug}.md"

    def rename(self) -> str:
        item = self.rng.choice(self.items("stories") + self.items("playlists") + self.items("pages"))
        target = item.with_name(f"renamed-{self.rng.randrange(10**4)}.md")
        item.rename(target)
        return f"rename {item.relative_to(self.content)} to {target.name}"

    def delete(self) -> str:
        item = self.rng.choice(self.items("stories") + self.items("playlists") + self.items("pages"))
        item.unlink()
        return f"delete {item.relative_to(self.content)}"

    def artist(self) -> str:
        path = self.content / "artist.yml"
        save(path, path.read_text().replace("tagline: ", f"tagline: ({self.rng.randrange(100)}) ", 1), self.rng)
        return "edit artist.yml's tagline"

    def template(self) -> str:
        path = self.project / "themes/fanzine/templates/partials/footer.html"
        text = path.read_text()
        save(path, text.replace("</footer>", f"<!-- walk {self.rng.randrange(100)} --></footer>", 1), self.rng)
        return "edit the theme's footer"

    def stylesheet(self) -> str:
        sheets = sorted((self.project / "themes/fanzine/static/css").glob("*.css"))
        path = self.rng.choice(sheets)
        save(path, path.read_text() + f"\n.walk-{self.rng.randrange(100)} {{ color: inherit; }}\n", self.rng)
        return f"edit the stylesheet {path.name}"

    def picture(self) -> str:
        images = sorted((self.content / "images").glob("*.jpg"))
        target = self.content / "images" / f"walk-{self.rng.randrange(10**4)}.jpg"
        if self.rng.random() < 0.5 or len(images) < 3:
            shutil.copyfile(self.rng.choice(images), target)
            return f"add the picture {target.name}"
        stray = [p for p in images if p.name.startswith("walk-")]
        if stray:
            stray[0].unlink()
            return f"delete the picture {stray[0].name}"
        cover = self.content / "images" / "two-synth-rule.jpg"
        shutil.copyfile(self.rng.choice(images), cover)
        return "replace a story's cover picture"

    def gated(self) -> str:
        page = self.content / "early" / "studio-diary.md"
        files = self.content / "early" / "night-drive-demos"
        if self.rng.random() < 0.5 and page.exists():
            save(page, page.read_text() + f"\nDiary entry {self.rng.randrange(10**4)}: vocals done.\n", self.rng)
            return "edit the gated page studio-diary.md"
        name = f"take-{self.rng.randrange(100)}.txt"
        (files / name).write_text(f"demo notes {name}\n")
        return f"add the gated file night-drive-demos/{name}"

    def folder_again(self) -> str:
        folder = self.content / "playlists"
        aside = self.project / "playlists-aside"
        shutil.move(folder, aside)
        time.sleep(0.3)
        shutil.copytree(aside, folder)
        shutil.rmtree(aside)
        return "delete playlists/ and make it again"

    def mistake(self) -> str:
        item = self.rng.choice(self.items("releases") or [self.content / "artist.yml"])
        text = item.read_text()
        if "release_date: " not in text:
            return self.edit_body()
        save(item, text.replace("release_date: ", "release_date: next friday #", 1), self.rng)
        return f"a mistake in {item.name}"


def fix_mistakes(content: Path) -> None:
    for item in content.glob("releases/*.md"):
        text = item.read_text()
        if "next friday #" in text:
            item.write_text(text.replace("next friday #", ""))


@pytest.fixture
def served(tmp_path):
    project = copy_project(tmp_path)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, **GATE_ENV, **project_env(project)}
    log = open(tmp_path / "serve.log", "w+")
    process = subprocess.Popen([sys.executable, "-m", "fanzine", "serve", "--port", str(port), "--as-of", AS_OF],
                               cwd=project, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        wait_for(lambda: state_of(url)["build"].endswith("-1"), timeout=120, what="the first build")
        yield project, url, log
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_every_save_serves_what_a_full_build_makes(served, tmp_path):
    project, url, log = served
    rng = random.Random(SEED)
    walk = Walk(project, rng)
    last_good: dict[str, bytes] | None = None
    for number in range(STEPS):
        what = walk.step()
        if number % 7 == 6:
            fix_mistakes(project / "content")  # a walk that only ever breaks things would test little
        reference = tmp_path / "reference"
        shutil.rmtree(reference, ignore_errors=True)
        built = fanzine("build", "--as-of", AS_OF, "--output", str(reference), "--quiet", cwd=project)
        if built.returncode == 0:
            last_good = expected = files_of(reference)
        else:
            assert last_good is not None, built.stderr
            expected = last_good
        deadline = time.monotonic() + 60
        while True:
            state = state_of(url)
            found = files_of(project / "output")
            if found == expected and state["ok"] == (built.returncode == 0):
                break
            if time.monotonic() > deadline:
                missing, extra = sorted(set(expected) - set(found)), sorted(set(found) - set(expected))
                differ = sorted(n for n in set(expected) & set(found) if expected[n] != found[n])
                log.seek(0)
                raise AssertionError(f"step {number} ({what}): output/ is not the full build's: "
                                     f"missing {missing[:5]}, extra {extra[:5]}, different {differ[:5]}; "
                                     f"state {state}\n{log.read()[-3000:]}")
            time.sleep(0.2)
        if built.returncode != 0:  # the same sentences as the terminal's
            assert state["problems"] and all(problem in built.stderr for problem in state["problems"]), state
    log.seek(0)
    assert "Traceback" not in log.read()


def test_a_file_saved_while_a_build_reads_it_is_not_cached_as_read(tmp_path):
    """Pelican stamps a cache entry after reading the file: a save in between was cached as if read, and every
    later build served the old text (2 of 200 saves in the bench's long session). The reader's cache now keeps
    only what the check saw unchanged."""
    from fanzine.pipeline import readers

    story = tmp_path / "story.md"
    story.write_text("---\ntitle: First\n---\nBody.\n", encoding="utf-8")
    found = story.stat()
    cached: list[str] = []
    cache_data = readers.cached_only_as_checked(lambda filename, data: cached.append(filename))
    readers.CHECKED_STAMPS[os.path.realpath(story)] = (found.st_size, found.st_mtime_ns)
    try:
        cache_data(str(story), ("<p>Body.</p>", {}))
        assert cached == [str(story)]
        os.utime(story, ns=(found.st_atime_ns, found.st_mtime_ns + 1_000_000))  # saved again, same size
        cache_data(str(story), ("<p>Body.</p>", {}))
        assert cached == [str(story)]
    finally:
        readers.CHECKED_STAMPS.clear()
