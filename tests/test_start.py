"""`make start NAME=...`: the example band leaves content/, the artist's hub begins, their own work is never lost."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE, copy_project, fanzine
from fanzine.commands.start import local_timezone, start
from fanzine.content.check import check_site
from fanzine.early.sources import open_development_copies
from fanzine.errors import FanzineError

FRESH = ["artist.yml", "early/.gitignore", "links/index.md", "playlists/_template.md"]


@pytest.fixture
def content(tmp_path, monkeypatch) -> Path:
    """A fork's content/ as the template ships it: a copy of the example; the working folder is its parent."""
    shutil.copytree(EXAMPLE, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return Path("content")


def files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def snapshot(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in files(folder)}


def test_start_leaves_a_clean_hub_with_the_artist_s_name(content):
    done = start("Glass Harbour", content, EXAMPLE, timezone="Europe/Lisbon")
    assert files(content) == FRESH
    # all but the playlist template and the rule that keeps early-access pages out of git unless sealed
    assert len(done.removed) == len(files(EXAMPLE)) - 2 and done.kept == []
    artist = yaml.safe_load((content / "artist.yml").read_text())
    assert artist == {"name": "Glass Harbour", "theme": "minimal", "timezone": "Europe/Lisbon"}
    page = (content / "links/index.md").read_text().removeprefix("---\n").partition("\n---\n")[0]
    assert yaml.safe_load(page) == {
        "title": "Glass Harbour — links", "featured": "latest", "links": [{"block": "socials"}]}
    for publish in (False, True):  # no warning either way: nothing the artist must replace
        assert check_site(content, publish=publish).problems == []
    # nothing about the example band is left behind
    for name in files(content):
        text = (content / name).read_text()
        for word in ("Nova Lights", "novalights", "Night Drive", "Lamplighters"):
            assert word not in text, (name, word)


def test_the_example_stays_for_reference(content):
    before = snapshot(EXAMPLE)
    start("Glass Harbour", content, EXAMPLE)
    assert snapshot(EXAMPLE) == before


@pytest.mark.parametrize("name", ["Sigur Rós: Live", "Yes", "#1 Fan Club", 'Ana "Q" Lima', "null", "O'Neill & Sons",
                                  "2046", "MØ", "  Padded  "])
def test_any_name_reads_back_exactly(content, name):
    start(name, content, EXAMPLE, timezone="UTC")
    assert yaml.safe_load((content / "artist.yml").read_text())["name"] == name.strip()
    assert check_site(content, publish=True).problems == []
    assert check_site(content).artist["name"] == name.strip()


@pytest.mark.parametrize("name, message", [
    ("", 'NAME: expected your artist or band name, like make start NAME="Glass Harbour"'),
    ("   ", 'NAME: expected your artist or band name, like make start NAME="Glass Harbour"'),
    ("x" * 101, 'NAME: expected your artist or band name, like make start NAME="Glass Harbour" '
                "(expected at most 100 characters, got 101)"),
])
def test_a_missing_name_is_explained(content, name, message):
    before = snapshot(content)
    with pytest.raises(FanzineError) as caught:
        start(name, content, EXAMPLE)
    assert str(caught.value) == message
    assert snapshot(content) == before


def test_refuses_when_content_holds_the_artist_s_work(content):
    (content / "artist.yml").write_text((content / "artist.yml").read_text().replace("Nova Lights", "Glass Harbour"))
    (content / "stories/my-first-story.md").write_text("---\ntitle: Hi\ndate: 2026-11-20\n---\nHello.\n")
    before = snapshot(content)
    with pytest.raises(FanzineError) as caught:
        start("Glass Harbour", content, EXAMPLE)
    assert str(caught.value) == "\n".join([
        "content/ holds work that is not the example's, so nothing was deleted:",
        "  content/artist.yml (changed since the example)",
        "  content/stories/my-first-story.md (not in the example)",
        "Move what you want to keep out of content/ and run the command again, or run",
        '  make start NAME="Glass Harbour" FORCE=1',
        "to delete the example's files even where you changed them (files the example does not have are kept, "
        "with the pictures they use).",
    ])
    assert snapshot(content) == before


def test_force_deletes_changed_example_files_and_keeps_the_artist_s_own(content):
    (content / "releases/night-drive.md").write_text("---\ntitle: changed\n---\n")
    (content / "stories/my-first-story.md").write_text(
        "---\ntitle: Hi\ndate: 2026-11-20\ncover: images/tour-diary-glasshouse.jpg\n---\nHello.\n")
    done = start("Glass Harbour", content, EXAMPLE, force=True)
    assert files(content) == ["artist.yml", "early/.gitignore", "images/tour-diary-glasshouse.jpg",
                              "links/index.md", "playlists/_template.md", "stories/my-first-story.md"]
    assert done.kept == [content / "stories/my-first-story.md"]
    assert content / "releases/night-drive.md" in done.removed
    assert check_site(content, publish=True).problems == []


def test_the_example_s_early_access_pages_opened_for_editing_are_still_the_example_s(content):
    """`make open` writes the example's sealed pages and files out in plain: they are the example's, not the
    artist's."""
    opened = open_development_copies(content)
    assert len(opened) == 6
    done = start("Glass Harbour", content, EXAMPLE)
    assert files(content) == FRESH and set(opened) <= set(done.removed)
    shutil.rmtree(content)
    shutil.copytree(EXAMPLE, content)
    open_development_copies(content)
    (content / "early" / "studio-diary.md").write_text("---\ntitle: Mine now\n---\n")  # changed: the artist's
    with pytest.raises(FanzineError) as caught:
        start("Glass Harbour", content, EXAMPLE)
    assert "  content/early/studio-diary.md (not in the example)" in str(caught.value).splitlines()


def test_running_it_twice_asks_before_replacing_the_new_artist_yml(content):
    start("Glass Harbour", content, EXAMPLE)
    with pytest.raises(FanzineError) as caught:
        start("Glass Harbor", content, EXAMPLE)
    assert str(caught.value).splitlines()[1:3] == ["  content/artist.yml (changed since the example)",
                                                   "  content/links/index.md (changed since the example)"]
    start("Glass Harbor", content, EXAMPLE, force=True)
    assert yaml.safe_load((content / "artist.yml").read_text())["name"] == "Glass Harbor"


def test_an_empty_or_missing_content_folder_just_starts(tmp_path):
    done = start("Glass Harbour", tmp_path / "content", EXAMPLE, timezone="UTC")
    assert files(tmp_path / "content") == ["artist.yml", "links/index.md"]
    assert done.removed == []


def test_without_the_example_nothing_is_touched(content, tmp_path):
    before = snapshot(content)
    with pytest.raises(FanzineError) as caught:
        start("Glass Harbour", content, tmp_path / "nowhere")
    assert "nowhere: missing, so there is no telling which files in content/ are the example's" in str(caught.value)
    assert snapshot(content) == before


@pytest.mark.parametrize("tz, expected", [("America/Sao_Paulo", "America/Sao_Paulo"), (":Europe/Paris", "Europe/Paris"),
                                          ("Etc/UTC", "UTC")])
def test_the_computer_s_timezone_is_the_default(monkeypatch, tz, expected):
    monkeypatch.setenv("TZ", tz)
    assert local_timezone() == expected


def test_the_command_as_an_artist_runs_it(tmp_path):
    project = copy_project(tmp_path)
    shutil.copytree(EXAMPLE, project / "examples" / "nova-lights")
    result = fanzine("start", "Glass Harbour", cwd=project, env={"TZ": "Europe/London"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Started Glass Harbour's hub: removed the example band's 48 files from content/ and wrote "
        "content/artist.yml, content/links/index.md.",
        "The example band stays in examples/nova-lights/ for reference; to see it: "
        "make serve CONTENT=examples/nova-lights",
        "`make check` is happy. Next: your tagline, colour and links in content/artist.yml "
        "(docs/first-afternoon.md walks you through it), then make serve.",
    ]
    again = fanzine("start", "Glass Harbour", cwd=project)
    assert again.returncode == 1
    assert again.stderr.startswith("content/ holds work that is not the example's, so nothing was deleted:\n")
    assert "Traceback" not in again.stderr
    # the example still builds from its own folder, the way the README says to look at it
    built = fanzine("build", "--content", "examples/nova-lights", "--as-of", "2026-11-21", cwd=project)
    assert built.returncode == 0, built.stderr
    assert "Nova Lights" in (project / "output/index.html").read_text()
