"""Which pages a save renders again under `make serve` (issue 14): the saved item's page and the pages that
read it; every page when a template, a picture or artist.yml changes. (That the result is byte for byte a
full build's is tests/test_incremental.py's random walk.)"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import AS_OF, GATE_ENV, ROOT, copy_project, project_env

pytestmark = pytest.mark.slow


def builds(project: Path, steps: list[dict]) -> list[dict]:
    """The warm builds of the steps, in one process (the first build, then one per step)."""
    ran = subprocess.run([sys.executable, str(ROOT / "tests/support/warm_steps.py"), AS_OF],
                         input=json.dumps(steps), cwd=project, capture_output=True, text=True, timeout=600,
                         env={**os.environ, **GATE_ENV, **project_env(project)})
    assert ran.returncode == 0, ran.stderr[-3000:]
    done = [json.loads(line) for line in ran.stdout.splitlines() if line.startswith("{")]
    assert len(done) == len(steps) + 1 and all(build["ok"] for build in done), done
    return done[1:]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("rerender"))


def test_an_unchanged_build_renders_nothing_again(project):
    again, = builds(project, [{}])
    assert again["rendered"] == [] and again["pages"] > 40


def test_the_cycle_collector_waits_until_the_page_is_served(project):
    """Paused for the build (it walked every object once or twice per save), then one collection of the
    build's garbage after the page is served: nothing is left for the next build to find."""
    story = "content/stories/two-synth-rule.md"
    retitled, = builds(project, [{"path": story, "old": "\ntitle: ", "new": "\ntitle: A "}])
    collector = retitled["collector"]
    assert collector["paused_after_build"] and collector["enabled_after_caches"], collector
    assert collector["garbage_left"] < 50, collector


def test_a_story_saved_renders_its_page_and_the_pages_that_show_it(project):
    story = "content/stories/two-synth-rule.md"
    body, title = builds(project, [
        {"path": story, "old": "\n---\n", "new": "\n---\nOne more line about the second synth.\n\n"},
        {"path": story, "old": "\ntitle: ", "new": "\ntitle: Still "},
    ])
    for build in (body, title):
        assert "stories/two-synth-rule/index.html" in build["rendered"]
        assert "releases/night-drive/index.html" not in build["rendered"]  # not about this story
        assert "links/index.html" not in build["rendered"]
        assert len(build["rendered"]) < build["pages"] / 3, build["rendered"]
    assert "stories/index.html" in title["rendered"]  # the listing shows its title


def test_a_release_saved_renders_the_stories_about_it_but_not_the_others(project):
    retitled, = builds(project, [
        {"path": "content/releases/night-drive.md", "old": "\ntitle: ", "new": "\ntitle: Late "},
    ])
    assert {"releases/night-drive/index.html", "stories/night-drive-voice-memo/index.html",
            "stories/thank-you-lamplighters/index.html"} <= set(retitled["rendered"])
    assert "stories/tour-diary-glasshouse/index.html" not in retitled["rendered"]
    assert "releases/satellite-summer/index.html" not in retitled["rendered"]


@pytest.mark.parametrize("step", [
    {"path": "themes/fanzine/templates/partials/footer.html", "old": "</footer>", "new": "<!-- x --></footer>"},
    {"path": "content/artist.yml", "old": "tagline: ", "new": "tagline: (live) "},
    {"copy": ["content/images/night-drive.jpg", "content/images/two-synth-rule.jpg"]},
], ids=["template", "artist.yml", "picture"])
def test_a_template_artist_yml_or_picture_renders_every_page(project, step):
    changed, = builds(project, [step])
    assert len(changed["rendered"]) == changed["pages"]
