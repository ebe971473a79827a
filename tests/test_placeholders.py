"""Placeholders never go live: each stand-in a scaffold writes warns while drafting and stops a publish build."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE, copy_project, fanzine
from fanzine.commands.scaffold import scaffold
from fanzine.commands.start import ARTIST_YML, LINK_PAGE
from fanzine.content import placeholders
from fanzine.content.check import check_site
from fanzine.content.frontmatter import split
from fanzine.types.registry import scaffolds

TODAY = dt.date(2026, 11, 21)
WARNING = "warning: "

# What each scaffold leaves for the artist to replace: (key, what it wrote, "address" or "words").
EXPECTED = {
    "release": [
        ("body", "Write the release notes here: the story of the song, who played on ...", "your own words"),
        ("cover_alt", "Describe the cover for fans using screen readers", "your own words"),
        ("links.spotify", "https://open.spotify.com/album/REPLACE", "the real address"),
    ],
    "story": [
        ("body", "Write your story here.", "your own words"),
        ("summary", "One or two lines that make fans want to read on.", "your own words"),
    ],
    "playlist": [
        ("body", "A few words about your playlist: when to play it, what ties it toge...", "your own words"),
        ("curator", "your-name", "your own words"),
        ("tracks[1].artist", "Artist name", "your own words"),
        ("tracks[1].note", "why it belongs here", "your own words"),
        ("tracks[1].title", "Track title", "your own words"),
    ],
    "link-page": [
        ("links[1].label", "My latest release", "your own words"),
        ("links[1].url", "https://example.com", "the real address"),
    ],
    "event": [
        ("body", "What to expect: who is playing, doors, age limits, how to join.", "your own words"),
        ("where.city", "REPLACE with the city", "your own words"),
        ("where.venue", "REPLACE with the venue's name", "your own words"),
    ],
    "poll": [
        ("body", "A few words: what the vote decides, and when you'll share the result.", "your own words"),
        ("choices[1].label", "The first choice", "your own words"),
        ("choices[2].label", "The second choice", "your own words"),
    ],
    "call": [
        ("body", "What you are asking for, and what happens to what fans send (you pi...", "your own words"),
    ],
}


def message(path: str, key: str, value: str, fix: str, warning: bool) -> str:
    return (f'{path}: {key}: {WARNING if warning else ""}"{value}" is a placeholder: replace it with {fix} '
            "before publishing")


@pytest.fixture(autouse=True)
def host(monkeypatch):
    """The example's forms post to /api: checked for publishing, its host must run the endpoint there."""
    monkeypatch.setenv("FANZINE_HOST", "own-server")


@pytest.fixture
def content(tmp_path, monkeypatch) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return Path("content")


@pytest.mark.parametrize("kind", list(scaffolds()))
@pytest.mark.parametrize("publish", [False, True], ids=["serve", "publish"])
def test_each_scaffold_s_placeholders_are_named_by_file_and_key(content, kind, publish):
    path = scaffold(kind, "First Light", content, today=TODAY)
    site = check_site(content, publish=publish)
    assert sorted(str(p) for p in site.problems) == [
        message(str(path), key, value, fix, warning=not publish) for key, value, fix in EXPECTED[kind]]
    assert len(site.errors) == (len(EXPECTED[kind]) if publish else 0)


def test_the_fans_playlist_template_copied_unchanged_is_caught(content):
    shutil.copy(content / "playlists/_template.md", content / "playlists/my-list.md")
    found = sorted(str(p) for p in check_site(content, publish=True).problems)
    shown = "content/playlists/my-list.md"
    assert found == [
        message(shown, "body", "A few words about your playlist: when to play it, what ties it toge...",
                "your own words", False),
        message(shown, "curator.name", "your-name", "your own words", False),
        message(shown, "curator.url", "https://www.instagram.com/your-name", "the real address", False),
        message(shown, "title", "Your playlist title", "your own words", False),
        message(shown, "tracks[1].artist", "Artist name", "your own words", False),
        message(shown, "tracks[1].note", "why it belongs here", "your own words", False),
        message(shown, "tracks[1].title", "Track title", "your own words", False),
        message(shown, "tracks[2].artist", "Another Artist", "your own words", False),
        message(shown, "tracks[2].title", "Another Song", "your own words", False),
        message(shown, "tracks[3].artist", "A Third Artist", "your own words", False),
        message(shown, "tracks[3].title", "A Title: With a Colon Needs Quotes", "your own words", False),
    ]


def test_make_start_s_commented_keys_switched_on_unchanged_are_caught(content):
    shutil.rmtree(content)
    content.mkdir()
    text = ARTIST_YML.format(name="Glass Harbour", theme="minimal", timezone="UTC")
    # an artist removes the "# " in front of every key line without changing what follows
    switched = re.sub(r"^# (?=(tagline|avatar_alt|socials|  instagram|contributing):)", "", text, flags=re.M)
    (content / "artist.yml").write_text(switched, encoding="utf-8")
    found = sorted(str(p) for p in check_site(content, publish=True).problems)
    assert found == [
        message("content/artist.yml", "avatar_alt", "What the picture shows, for fans using screen readers",
                "your own words", False),
        message("content/artist.yml", "contributing", "https://github.com/you/your-hub/blob/HEAD/CONTRIBUTING.md",
                "the real address", False),
        message("content/artist.yml", "socials.instagram", "https://www.instagram.com/your-name",
                "the real address", False),
        message("content/artist.yml", "tagline", "One line under your name", "your own words", False),
    ]


def test_the_link_page_make_start_writes_is_clean_and_its_commented_lines_are_not(content):
    page = content / "links/index.md"
    page.write_text(LINK_PAGE.format(title="Glass Harbour — links"), encoding="utf-8")
    assert [str(p) for p in check_site(content, publish=True).problems] == []
    page.write_text(LINK_PAGE.format(title="Glass Harbour — links").replace("  # - {", "  - {"), encoding="utf-8")
    assert sorted(str(p) for p in check_site(content, publish=True).problems) == [
        message("content/links/index.md", "links[2].url", "https://open.spotify.com/artist/your-artist-id",
                "the real address", False),
        message("content/links/index.md", "links[3].url", "https://www.your-domain.com/tour", "the real address",
                False),
        message("content/links/index.md", "links[4].url", "mailto:you@your-domain", "the real address", False),
    ]


def test_a_draft_keeps_its_placeholders_quietly(content):
    path = scaffold("release", "First Light", content, today=TODAY)
    path.write_text(path.read_text().replace("title: ", "status: draft\ntitle: ", 1))
    assert check_site(content, publish=True).problems == []


def test_a_filled_in_scaffold_is_clean(content):
    path = scaffold("story", "First Light", content, today=TODAY)
    path.write_text(path.read_text().replace("One or two lines that make fans want to read on.", "How it began.")
                    .replace("Write your story here.", "It began in a kitchen."))
    assert check_site(content, publish=True).problems == []


def test_the_fixture_hubs_have_no_placeholders():
    for folder in (EXAMPLE, Path(__file__).parent / "sites" / "taina-rocha"):
        assert check_site(folder, publish=True).problems == [], folder


def test_make_check_warns_and_make_publish_stops(tmp_path):
    project = copy_project(tmp_path)
    fanzine("new", "story", "First Light", cwd=project, check=True)
    drafting = fanzine("check", cwd=project)
    assert drafting.returncode == 0
    assert ('content/stories/first-light.md: summary: warning: "One or two lines that make fans want to read on." '
            "is a placeholder: replace it with your own words before publishing") in drafting.stderr
    assert "2 warnings above to look at" in drafting.stdout
    checked = fanzine("check", "--publish", cwd=project)
    published = fanzine("build", "--publish", cwd=project, env={"SITEURL": "https://glassharbour.example"})
    for result in (checked, published):
        assert result.returncode == 1
        assert result.stderr.splitlines()[:2] == [
            'content/stories/first-light.md: body: "Write your story here." is a placeholder: replace it with your '
            "own words before publishing",
            'content/stories/first-light.md: summary: "One or two lines that make fans want to read on." is a '
            "placeholder: replace it with your own words before publishing"]
        assert "2 problems found. Fix them and run again." in result.stderr
    assert not (project / "output" / "index.html").exists()


@pytest.mark.parametrize("kind", list(scaffolds()))
def test_every_value_a_scaffold_writes_is_either_real_or_a_known_placeholder(kind):
    """A new stand-in added to a scaffold without adding it to placeholders.py fails here."""
    text = scaffolds()[kind].scaffold.text.format(title='"First Light"', slug="first-light", today=TODAY.isoformat())
    data, body, _problems = split(text, "x.md")
    real = {"First Light", TODAY.isoformat(), "single", "latest", "newsletter",  # the title, today, defaults
            f"{TODAY.isoformat()} 20:00", "show", "scheduled",
            "first", "second", "email", "after-close", "suggestion"}  # a poll's choice ids and defaults, a call's kind
    for key, value in placeholders._strings(data, ""):
        assert value in real or placeholders.placeholder_in_value(value), (kind, key, value)
    assert not body.strip() or any(b in body for b in placeholders.BODIES), (kind, body)


@pytest.mark.parametrize("url", [
    "https://open.spotify.com/album/REPLACE", "https://example.com", "https://tickets.example.org/x",
    "mailto:hello@example.net", "https://open.spotify.com/playlist/...", "https://www.instagram.com/your-name",
    "https://www.your-domain.com/tour", "mailto:you@your-domain"])
def test_placeholder_addresses(url):
    assert placeholders.placeholder_in_url(url)


@pytest.mark.parametrize("url", [
    "https://www.youtube.com/watch?v=d8PM5Pp_7vt", "https://novalights.bandcamp.com/track/you",
    "https://examples.com/x", "https://notexample.com", "mailto:hello@novalights.band", "/releases/night-drive/",
    "https://www.seetickets.com/event/nova-lights/the-sodium-room/3310452"])
def test_real_addresses(url):
    assert not placeholders.placeholder_in_url(url)



@pytest.mark.parametrize("value", ["https://[not-ipv6", "http://[::1", "mailto:", "/", "https://"])
def test_broken_addresses_are_left_to_the_schema(value):
    assert placeholders.placeholder_in_value(value) is False
