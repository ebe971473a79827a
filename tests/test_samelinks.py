"""samelinks.py: a link page shows each place once (the featured release's card, then each link)."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from fanzine.theme import samelinks
from fanzine.types import links

SETTINGS = {"SITEURL": "https://glassharbour.example", "GO_URL": "go/{slug}/"}
DAY = dt.date(2026, 3, 1)


def release(slug="tidewater", **metadata):
    return SimpleNamespace(slug=slug, url=f"releases/{slug}/", metadata=metadata)


def page_entries(*sources, utm=None):
    return links.entries(list(sources), DAY, utm or {}, [], SETTINGS["SITEURL"])


def labels(entries):
    return [e.get("label") or e.get("block") for e in entries]


@pytest.mark.parametrize("a, b", [
    ("https://distrokid.com/hyperfollow/gh/tidewater", "http://www.distrokid.com/hyperfollow/gh/tidewater/"),
    ("https://DistroKid.com/hyperfollow/gh/tidewater", "https://distrokid.com/hyperfollow/gh/tidewater#top"),
    ("https://distrokid.com/hyperfollow/gh/tidewater?utm_source=ig", "https://distrokid.com/hyperfollow/gh/tidewater"),
    ("https://glassharbour.example/go/tidewater/", "/go/tidewater/"),
    ("https://youtube.com/watch?v=a&b=2", "https://www.youtube.com/watch?b=2&v=a&utm_medium=social"),
])
def test_addresses_that_lead_to_the_same_place(a, b):
    assert samelinks.place(a, SETTINGS["SITEURL"]) == samelinks.place(b, SETTINGS["SITEURL"])


@pytest.mark.parametrize("a, b", [
    ("https://youtube.com/watch?v=a", "https://youtube.com/watch?v=b"),  # another video
    ("https://bandcamp.com/a", "https://bandcamp.com/A"),  # paths keep their case
    ("/go/tidewater/", "/go/undertow/"),
])
def test_addresses_that_do_not(a, b):
    assert samelinks.place(a, SETTINGS["SITEURL"]) != samelinks.place(b, SETTINGS["SITEURL"])


def test_a_highlighted_pre_save_of_the_featured_release_shows_once_in_its_card():
    featured = release(presave="https://distrokid.com/hyperfollow/gh/tidewater")
    entries = page_entries(
        {"label": "Pre-save Tidewater", "url": "https://distrokid.com/hyperfollow/gh/tidewater", "highlight": True},
        {"label": "Tour dates", "url": "https://dice.fm/gh"}, utm={"source": "instagram"})
    assert labels(samelinks.drop_repeats(entries, featured, SETTINGS)) == ["Tour dates"]


def test_links_to_the_featured_releases_smart_link_page_or_services_show_once():
    featured = release(links={"spotify": {"url": "https://open.spotify.com/album/abc"}})
    entries = page_entries({"label": "Listen to Tidewater", "url": "/go/tidewater/"},
                           {"label": "About Tidewater", "url": "https://glassharbour.example/releases/tidewater/"},
                           {"label": "Tidewater on Spotify", "url": "https://open.spotify.com/album/abc"},
                           {"label": "Undertow on Spotify", "url": "https://open.spotify.com/album/xyz"})
    assert labels(samelinks.drop_repeats(entries, featured, SETTINGS)) == ["Undertow on Spotify"]


def test_a_release_block_of_the_featured_release_shows_once_and_others_stay():
    featured, other = release(), release("undertow")
    entries = [{"kind": "block", "block": "release", "release": featured, "source": {}},
               {"kind": "block", "block": "release", "release": other, "source": {}},
               {"kind": "block", "block": "newsletter", "source": {}}]
    kept = samelinks.drop_repeats(entries, featured, SETTINGS)
    assert [e.get("release") for e in kept] == [other, None]


def test_without_a_featured_release_only_repeated_links_go_and_the_first_stays():
    entries = page_entries({"label": "Merch", "url": "https://gh.bandcamp.com/merch"},
                           {"label": "Email", "url": "mailto:hi@glassharbour.example"},
                           {"label": "Merch again", "url": "https://gh.bandcamp.com/merch/", "highlight": True},
                           {"label": "Email us", "url": "MAILTO:HI@glassharbour.example"})
    assert labels(samelinks.drop_repeats(entries, None, SETTINGS)) == ["Merch", "Email"]


def test_headings_and_blocks_are_never_dropped():
    entries = page_entries({"heading": "Tour"}, {"block": "newsletter"}, {"block": "socials"})
    assert samelinks.drop_repeats(entries, release(), SETTINGS) == entries
