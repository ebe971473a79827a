"""Releases: running times, upcoming or out, the discography's order and the listen buttons."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from fanzine.types.releases import clock, discography_order, featured_artists, platform_buttons, prepare, release_type

TODAY = dt.date(2026, 11, 21)


@pytest.mark.parametrize("seconds, shown", [(None, ""), (0, "0:00"), (5, "0:05"), (59, "0:59"), (60, "1:00"),
                                            (221, "3:41"), (3599, "59:59"), (3600, "1:00:00"), (3723, "1:02:03"),
                                            (36000, "10:00:00")])
def test_clock(seconds, shown):
    assert clock(seconds) == shown


def release(name, day, upcoming):
    return SimpleNamespace(name=name, day=day, is_upcoming=upcoming)


def test_discography_order_upcoming_soonest_first_then_newest_first():
    releases = [release("old", dt.date(2024, 1, 1), False), release("later", dt.date(2027, 3, 1), True),
                release("new", dt.date(2026, 4, 1), False), release("soon", dt.date(2026, 12, 5), True),
                release("middle", dt.date(2025, 6, 1), False)]
    assert [r.name for r in discography_order(releases)] == ["soon", "later", "new", "middle", "old"]
    assert discography_order([]) == []


LINKS = {
    "cassette": {"url": "https://novalights.bandcamp.com/merch/x", "label": "Cassette single"},
    "youtube": {"url": "https://www.youtube.com/watch?v=x"},
    "bandcamp": {"url": "https://novalights.bandcamp.com/album/x", "available_before_release": True},
    "spotify": {"url": "https://open.spotify.com/album/x"},
}


def test_buttons_once_out_known_services_first_in_order():
    buttons = platform_buttons(LINKS, upcoming=False)
    assert [b["key"] for b in buttons] == ["spotify", "youtube", "bandcamp", "cassette"]
    assert buttons[0] == {"key": "spotify", "name": "Spotify", "action": "Listen on",
                          "url": "https://open.spotify.com/album/x", "icon": "spotify", "rank": 0}
    assert (buttons[1]["action"], buttons[2]["action"]) == ("Watch on", "Buy on")
    assert buttons[3] == {"key": "cassette", "name": "Cassette single", "action": "Open on",
                          "url": "https://novalights.bandcamp.com/merch/x", "icon": "link", "rank": buttons[3]["rank"]}


def test_buttons_before_release_only_show_links_available_before_release():
    assert [b["key"] for b in platform_buttons(LINKS, upcoming=True)] == ["bandcamp"]


def test_a_label_renames_a_known_service():
    buttons = platform_buttons({"bandcamp": {"url": "https://x.bandcamp.com/", "label": "Name your price"}}, False)
    assert buttons[0]["name"] == "Name your price"


def fake_release(release_date, tracks, links=None, title="Night Drive", **metadata):
    return SimpleNamespace(title=title, release_date=release_date,
                           metadata={"tracks": tracks, "links": links or {}, **metadata})


def test_prepare_upcoming_release():
    item = fake_release(dt.date(2026, 12, 5), [{"title": "A", "duration": 221}, {"title": "B", "duration": 221}],
                        {"spotify": {"url": "https://open.spotify.com/album/x"}})
    prepare(item, TODAY)
    assert (item.day, item.is_upcoming, item.days_to_go, item.running_time) == (dt.date(2026, 12, 5), True, 14, 442)
    assert item.buttons == []


def test_prepare_release_day_is_out_and_takes_the_date_of_a_time():
    item = fake_release(dt.datetime(2026, 11, 21, 23, 0), [{"title": "A", "duration": 200}, {"title": "B"}],
                        {"spotify": {"url": "https://open.spotify.com/album/x"}})
    prepare(item, TODAY)
    assert (item.day, item.is_upcoming, item.days_to_go) == (TODAY, False, 0)
    assert item.running_time is None  # not every duration is known
    assert [b["key"] for b in item.buttons] == ["spotify"]


def test_prepare_without_tracks():
    item = fake_release(dt.date(2020, 1, 1), [])
    prepare(item, TODAY)
    assert (item.tracklist, item.running_time, item.buttons) == ([], None, [])


# --- The date boundary: the day before release day is upcoming, release day itself is out ----------

@pytest.mark.parametrize("today, upcoming, days_to_go", [
    (dt.date(2026, 12, 3), True, 2),
    (dt.date(2026, 12, 4), True, 1),    # the last day of the countdown
    (dt.date(2026, 12, 5), False, 0),   # release day: out, from its first minute
    (dt.date(2026, 12, 6), False, 0),
])
def test_the_release_date_is_the_first_day_out(today, upcoming, days_to_go):
    item = fake_release(dt.date(2026, 12, 5), [], {"spotify": {"url": "https://open.spotify.com/album/x"}},
                        presave="https://distrokid.com/hyperfollow/x/y")
    prepare(item, today)
    assert (item.is_upcoming, item.days_to_go) == (upcoming, days_to_go)
    assert [b["key"] for b in item.buttons] == ([] if upcoming else ["spotify"])
    assert (item.presave_url is not None) == upcoming  # the pre-save link goes when the release is out


def test_out_now_for_four_weeks_then_just_released():
    item = fake_release(dt.date(2026, 12, 5), [])
    prepare(item, dt.date(2027, 1, 1))
    assert item.is_new
    prepare(item, dt.date(2027, 1, 2))
    assert not item.is_new


# --- Campaign tags ------------------------------------------------------------------------------

def test_buttons_carry_campaign_tags_without_duplicating_the_links_own():
    links = {"spotify": {"url": "https://open.spotify.com/album/x?si=abc&utm_source=newsletter"},
             "bandcamp": {"url": "https://nova.bandcamp.com/album/x"}}
    buttons = platform_buttons(links, upcoming=False, utm={"source": "bio", "campaign": "night-drive"})
    assert [b["url"] for b in buttons] == [
        "https://open.spotify.com/album/x?si=abc&utm_source=newsletter&utm_campaign=night-drive",
        "https://nova.bandcamp.com/album/x?utm_source=bio&utm_campaign=night-drive",
    ]


SETTINGS = {"FANZINE_ARTIST": {"name": "Nova Lights", "utm": {"source": "site", "campaign": "everything"}},
            "SITEURL": "https://nova.example", "RELEASE_URL": "releases/{slug}/",
            "RELEASE_SAVE_AS": "releases/{slug}/index.html", "GO_URL": "go/{slug}/", "PATH": "content",
            "TIMEZONE": "Europe/London"}


def test_a_release_utm_is_merged_over_the_artist_one():
    item = fake_release(dt.date(2026, 12, 5), [], {"bandcamp": {"url": "https://nova.bandcamp.com/album/x",
                                                                "available_before_release": True}},
                        presave="https://distrokid.com/hyperfollow/nova/x", player="bandcamp",
                        utm={"campaign": "night-drive", "medium": "social"})
    item.slug, item.type = "night-drive", "single"
    prepare(item, TODAY, SETTINGS)
    assert item.campaign == {"source": "site", "campaign": "night-drive", "medium": "social"}
    tags = "utm_source=site&utm_medium=social&utm_campaign=night-drive"
    assert item.presave_url == f"https://distrokid.com/hyperfollow/nova/x?{tags}"
    assert item.buttons[0]["url"] == item.player_url == f"https://nova.bandcamp.com/album/x?{tags}"
    assert (item.page_url, item.go_url) == ("https://nova.example/releases/night-drive/",
                                            "https://nova.example/go/night-drive/")
    assert item.countdown_to.isoformat() == "2026-12-05T00:00:00+00:00"  # midnight in London, in winter
    assert item.calendar_url == "releases/night-drive/release.ics"


def test_without_utm_anywhere_links_are_left_alone():
    item = fake_release(dt.date(2020, 1, 1), [], {"spotify": {"url": "https://open.spotify.com/album/x"}})
    prepare(item, TODAY)
    assert item.buttons[0]["url"] == "https://open.spotify.com/album/x"


# --- Who a release features, and what schema.org calls it ---------------------------------------

def test_featured_on_the_title_track_is_featured_on_the_release():
    tracks = [{"title": "Night Drive", "featuring": ["Mara K"]}, {"title": "Night Drive (Instrumental)"}]
    assert featured_artists("Night Drive", tracks) == ["Mara K"]


def test_a_guest_on_one_ep_track_is_not_featured_on_the_ep():
    tracks = [{"title": "Glasshouse Hours"}, {"title": "Night Bus", "featuring": ["Oskar"]}]
    assert featured_artists("Glasshouse Hours", tracks) == []
    assert featured_artists("Split", [{"title": "A", "featuring": ["X", "Y"]}, {"title": "B", "featuring": ["X"]}]) \
        == ["X"]
    assert featured_artists("Only", [{"title": "Other name", "featuring": ["Z"]}]) == ["Z"]
    assert featured_artists("Nothing", []) == []


@pytest.mark.parametrize("kind, tracks, expected", [
    ("album", 1, "AlbumRelease"), ("ep", 9, "EPRelease"), ("single", 2, "SingleRelease"),
    ("remix", 2, "SingleRelease"), ("remix", 5, "EPRelease"), ("live", 12, "AlbumRelease"),
    ("compilation", 3, "SingleRelease"), ("compilation", 7, "AlbumRelease"),
])
def test_album_release_type(kind, tracks, expected):
    assert release_type(SimpleNamespace(type=kind, tracklist=[{}] * tracks)) == expected
