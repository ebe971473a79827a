"""Releases: running times, upcoming or out, the discography's order and the listen buttons."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from fanzine.releases import clock, discography_order, platform_buttons, prepare

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


def fake_release(release_date, tracks, links=None):
    return SimpleNamespace(release_date=release_date, metadata={"tracks": tracks, "links": links or {}})


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
