"""Atom feeds: the required elements of RFC 4287 checked one by one, what goes in, and what never does."""
from __future__ import annotations

import datetime as dt
import logging
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import feedparser
import pytest

from fanzine.outputs import feeds
from fanzine.types import by_folder

SITE = "https://novalights.example"
ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = ["all", "stories", "releases", "playlists"]
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
OUT_RELEASES = ["sodium-lights-mara-k-remix", "glasshouse-hours", "satellite-summer"]  # night-drive is upcoming
STORIES = ["thank-you-lamplighters", "night-drive-voice-memo", "two-synth-rule", "tour-diary-glasshouse"]
PLAYLISTS = ["last-train-home", "services-at-3am", "rain-on-the-skylight"]


def feed(site: Path, kind: str) -> ET.Element:
    return ET.parse(site / "feeds" / f"{kind}.atom.xml").getroot()


def entry_links(root: ET.Element) -> list[str]:
    return [e.find(f"{ATOM}link[@rel='alternate']").get("href") for e in root.findall(f"{ATOM}entry")]


@pytest.mark.parametrize("kind", FEEDS)
def test_feed_has_the_required_atom_elements(site, kind):
    root = feed(site, kind)
    assert root.tag == f"{ATOM}feed" and root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    url = f"{SITE}/feeds/{kind}.atom.xml"
    assert root.findtext(f"{ATOM}id") == url
    assert root.findtext(f"{ATOM}title").startswith("Nova Lights")
    assert RFC3339.fullmatch(root.findtext(f"{ATOM}updated"))
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == url
    assert root.find(f"{ATOM}link[@rel='alternate']").get("href").startswith(f"{SITE}/")
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Nova Lights"
    entries = root.findall(f"{ATOM}entry")
    assert entries
    ids = []
    for entry in entries:
        entry_id = entry.findtext(f"{ATOM}id")
        assert re.fullmatch(r"tag:novalights\.example,\d{4}-\d\d-\d\d:/[a-z]+/[a-z0-9-]+/", entry_id), entry_id
        ids.append(entry_id)
        assert entry.findtext(f"{ATOM}title").strip()
        assert RFC3339.fullmatch(entry.findtext(f"{ATOM}updated"))
        assert RFC3339.fullmatch(entry.findtext(f"{ATOM}published"))
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith(f"{SITE}/")
        assert entry.findtext(f"{ATOM}author/{ATOM}name").strip()
        assert entry.find(f"{ATOM}content").get("type") == "html"
    assert len(set(ids)) == len(ids)
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == sorted(updated, reverse=True), "newest first"
    assert root.findtext(f"{ATOM}updated") == max(updated)


@pytest.mark.parametrize("kind", FEEDS)
def test_feedparser_reads_every_feed_without_complaint(site, kind):
    parsed = feedparser.parse((site / "feeds" / f"{kind}.atom.xml").read_bytes())
    assert parsed.bozo == 0 and parsed.version == "atom10"


def test_each_feed_holds_its_kind_and_all_holds_everything(site):
    assert entry_links(feed(site, "stories")) == [f"{SITE}/stories/{slug}/" for slug in STORIES]
    assert entry_links(feed(site, "releases")) == [f"{SITE}/releases/{slug}/" for slug in OUT_RELEASES]
    assert entry_links(feed(site, "playlists")) == [f"{SITE}/playlists/{slug}/" for slug in PLAYLISTS]
    everything = entry_links(feed(site, "all"))
    assert sorted(everything) == sorted(entry_links(feed(site, "stories")) + entry_links(feed(site, "releases"))
                                        + entry_links(feed(site, "playlists")))


def test_an_entry_keeps_the_id_pelican_gave_it(site):
    ids = [e.findtext(f"{ATOM}id") for e in feed(site, "stories").findall(f"{ATOM}entry")]
    assert ids[0] == "tag:novalights.example,2026-11-12:/stories/thank-you-lamplighters/"


def test_upcoming_releases_and_gated_pages_stay_out(site):
    text = "".join((site / "feeds" / f"{kind}.atom.xml").read_text() for kind in FEEDS)
    assert "releases/night-drive/" not in re.sub(r"<content.*?</content>|<summary.*?</summary>", "", text, flags=re.S)
    assert "early/" not in "".join(entry_links(feed(site, "all")))
    assert "Studio diary" not in text and "Kitchen-table version" not in text


def test_playlist_entries_credit_the_curator(site):
    entry = feed(site, "playlists").find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Songs for the last train home, a playlist by jess_on_the_a57"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "jess_on_the_a57"
    assert entry.findtext(f"{ATOM}author/{ATOM}uri") == "https://www.instagram.com/jess_on_the_a57"
    content = entry.findtext(f"{ATOM}content")
    assert "I commute from Sheffield" in content
    assert "<li>Cassette Weather — Platform Four</li>" in content


def test_release_entries_name_the_release_and_where_to_listen(site):
    entries = {e.find(f"{ATOM}link").get("href"): e for e in feed(site, "releases").findall(f"{ATOM}entry")}
    ep = entries[f"{SITE}/releases/glasshouse-hours/"]
    assert ep.findtext(f"{ATOM}title") == "Glasshouse Hours (EP)"
    assert ep.findtext(f"{ATOM}published").startswith("2026-04-17T00:00:00")
    content = ep.findtext(f"{ATOM}content")
    assert "EP by Nova Lights, out 17 April 2026." in content
    assert '<a href="https://open.spotify.com/album/' in content
    assert entries[f"{SITE}/releases/sodium-lights-mara-k-remix/"].findtext(f"{ATOM}title") == \
        "Sodium Lights (Mara K Remix)"  # no "(Remix)" after a title that says so


def test_links_inside_entries_are_absolute(site):
    story = next(e for e in feed(site, "stories").findall(f"{ATOM}entry")
                 if "thank-you-lamplighters" in e.findtext(f"{ATOM}id"))
    content = story.findtext(f"{ATOM}content")
    assert f'href="{SITE}/playlists/"' in content
    assert not re.search(r'(href|src)="/(?!/)', content)


def test_pages_point_feed_readers_at_the_feeds(site):
    home = (site / "index.html").read_text()
    assert f'<link rel="alternate" type="application/atom+xml" title="Nova Lights" href="{SITE}/feeds/all.atom.xml">' \
        in home
    assert f'href="{SITE}/feeds/stories.atom.xml"' in (site / "stories/index.html").read_text()
    assert f'href="{SITE}/feeds/playlists.atom.xml"' in (site / "playlists/index.html").read_text()


# --- units ------------------------------------------------------------------------------------------

def pelican(**settings):
    return SimpleNamespace(settings={"FEED_ALL_ATOM": "feeds/all.atom.xml", "FEED_ATOM": "feeds/stories.atom.xml",
                                     "FEED_RELEASES_ATOM": "feeds/releases.atom.xml", **settings})


def test_fanzine_takes_the_feeds_over_from_pelican():
    p = pelican(SITEURL="https://novalights.example")
    feeds.take_over(p)
    assert p.settings["FANZINE_FEEDS"] == {"all": "feeds/all.atom.xml", "stories": "feeds/stories.atom.xml",
                                           "releases": "feeds/releases.atom.xml", "playlists": None}
    assert p.settings["FEED_ALL_ATOM"] is None and p.settings["FEED_ATOM"] is None  # Pelican writes none


def test_without_siteurl_no_feed_is_written_and_the_artist_is_told(caplog):
    p = pelican(SITEURL="")
    with caplog.at_level(logging.WARNING):
        feeds.take_over(p)
    assert set(p.settings["FANZINE_FEEDS"].values()) == {None}
    assert "feeds: not written, because SITEURL is not set" in caplog.text


def fake_release(slug, upcoming):
    day = dt.date(2026, 12, 5)
    return SimpleNamespace(url=f"releases/{slug}/", title=slug.title(), is_upcoming=upcoming, release_date=day,
                           date=dt.datetime(2026, 12, 5, tzinfo=dt.UTC), metadata={"type": "single"},
                           summary="", buttons=[], get_content=lambda site: "<p>notes</p>", tags=[])


def test_a_release_enters_the_feed_on_its_release_day():
    settings = {"SITEURL": SITE, "FANZINE_ARTIST": {"name": "Nova Lights"}, "RELEASE_TYPE_NAMES": {"single": "Single"}}
    context = {"listed_releases": [fake_release("before", True), fake_release("on-the-day", False)]}
    entries = feeds.type_entries(by_folder("releases"), context, settings)
    assert [e.link for e in entries] == [f"{SITE}/releases/on-the-day/"]


def test_root_relative_links_are_made_absolute_and_others_left_alone():
    html = '<a href="/a/">a</a> <img src="/b.jpg"> <a href="//cdn.example/x">c</a> <a href="https://x.example/">d</a>'
    assert feeds.absolute_html(html, SITE) == (
        f'<a href="{SITE}/a/">a</a> <img src="{SITE}/b.jpg"> <a href="//cdn.example/x">c</a> '
        '<a href="https://x.example/">d</a>')


def test_a_very_long_story_enters_the_feeds_as_its_summary_and_a_link(tmp_path):
    """Feed readers fetch the whole feed on every poll: one 600,000-character story must not make every feed huge."""
    from fixture_sites import SITEURL, build, make_project

    long_story = ("---\ntitle: The long one\ndate: 2025-04-01\nsummary: Everything about the quarry tapes.\n---\n"
                  + ("We recorded the wind in the cables all night long. " * 20 + "\n\n") * 600)
    project = make_project(tmp_path / "project", {"stories/long.md": long_story})
    assert build(project).returncode == 0
    for kind in ("all", "stories"):
        path = project / "output" / "feeds" / f"{kind}.atom.xml"
        assert path.stat().st_size < 20_000
        entries = {e.link: e for e in feedparser.parse(path.read_bytes()).entries}
        long_entry = entries[f"{SITEURL}/stories/long/"]
        assert long_entry.content[0].value == ("<p>Everything about the quarry tapes.</p>"
                                               f'<p><a href="{SITEURL}/stories/long/">Read it all on the site</a></p>')
        assert entries[f"{SITEURL}/stories/hello/"].content[0].value == "<p>First story.</p>"
    assert len(feeds.capped(feeds.Entry("stories", "t", "l", "i", None, None, "a", None, None, "x" * 100_000))) \
        == 100_000
