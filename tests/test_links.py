"""links.py on its own: scheduled links, UTM tags, icons, the featured release, page parts and QR codes."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from fanzine.outputs import qr
from fanzine.types import links
from support.qr import decode_qr

DAY = dt.date(2026, 12, 5)
UTM = {"source": "instagram", "medium": "social"}
def release(slug: str, day: dt.date, today: dt.date = DAY, status: str = "published"):
    return SimpleNamespace(slug=slug, day=day, is_upcoming=today < day, status=status)


def link(label: str = "Tickets", url: str = "https://dice.fm/event/x", **extra) -> dict:
    return {"label": label, "url": url, **extra}


def labels(shown: list[dict]) -> list[str]:
    return [e["label"] for e in shown if e["kind"] == "link"]


# --- scheduled links: from (inclusive) and until (exclusive), on both sides of each boundary ------

@pytest.mark.parametrize("today, shown", [
    (DAY - dt.timedelta(days=1), False),  # the day before `from`
    (DAY, True),                          # `from` itself
    (DAY + dt.timedelta(days=1), True),
])
def test_a_link_shows_from_its_from_date(today, shown):
    assert labels(links.entries([link(**{"from": DAY})], today, {}, [])) == (["Tickets"] if shown else [])


@pytest.mark.parametrize("today, shown", [
    (DAY - dt.timedelta(days=1), True),   # the last day it shows
    (DAY, False),                         # `until` itself: gone
    (DAY + dt.timedelta(days=1), False),
])
def test_a_link_hides_on_its_until_date(today, shown):
    assert labels(links.entries([link(until=DAY)], today, {}, [])) == (["Tickets"] if shown else [])


def test_a_window_with_times_counts_by_day():
    entry = link(**{"from": dt.datetime(2026, 12, 5, 18, 0), "until": dt.datetime(2026, 12, 7, 9, 30)})
    assert [bool(links.entries([entry], DAY + dt.timedelta(days=d), {}, [])) for d in (-1, 0, 1, 2)] == \
        [False, True, True, False]


def test_headings_and_blocks_are_scheduled_too():
    page = [{"heading": "Tour", "until": DAY}, {"block": "newsletter", "from": DAY}, link()]
    before = links.entries(page, DAY - dt.timedelta(days=1), {}, [])
    after = links.entries(page, DAY, {}, [])
    assert [e["kind"] for e in before] == ["heading", "link"]
    assert [e["kind"] for e in after] == ["block", "link"]


# --- where buttons point ------------------------------------------------------------------------

@pytest.mark.parametrize("url, expected", [
    ("https://dice.fm/event/x", "https://dice.fm/event/x?utm_source=instagram&utm_medium=social"),
    ("https://www.youtube.com/watch?v=abc", "https://www.youtube.com/watch?v=abc&utm_source=instagram&utm_medium=social"),
    # the artist's own tag wins and is never repeated; the missing one is still added
    ("https://dice.fm/e?utm_source=poster", "https://dice.fm/e?utm_source=poster&utm_medium=social"),
    ("https://dice.fm/e?UTM_MEDIUM=x&utm_source=y", "https://dice.fm/e?UTM_MEDIUM=x&utm_source=y"),
    ("mailto:hello@novalights.band?subject=Booking", "mailto:hello@novalights.band?subject=Booking"),
    ("tel:+441142000000", "tel:+441142000000"),
    ("/go/night-drive/", "https://novalights.example/go/night-drive/"),  # within the site: never tagged
    ("https://novalights.example/links/tour/", "https://novalights.example/links/tour/"),
])
def test_outgoing_links_get_utm_tags_once_and_only_where_they_mean_something(url, expected):
    assert links.outgoing(url, UTM, "https://novalights.example") == expected


def test_site_paths_follow_a_site_deployed_under_a_sub_path():
    assert links.outgoing("/go/x/", UTM, "https://fans.github.io/nova") == "https://fans.github.io/nova/go/x/"
    assert links.outgoing("/go/x/", UTM, "") == "/go/x/"


def test_no_utm_section_leaves_links_alone():
    assert links.outgoing("https://dice.fm/e", {}, "") == "https://dice.fm/e"


@pytest.mark.parametrize("url, icon", [
    ("https://open.spotify.com/artist/1", "spotify"),
    ("https://music.apple.com/gb/album/x/1", "apple_music"),
    ("https://www.youtube.com/watch?v=x", "youtube"),
    ("https://youtu.be/x", "youtube"),
    ("https://music.youtube.com/watch?v=x", "youtube_music"),
    ("https://novalights.bandcamp.com/merch", "bandcamp"),
    ("https://www.instagram.com/novalights.music", "instagram"),
    ("https://discord.gg/abc", "discord"),
    ("mailto:hello@novalights.band", "email"),
    ("MAILTO:hello@novalights.band", "email"),
    ("tel:+441142000000", "phone"),
    ("https://www.seetickets.com/event/x", None),
    ("/links/tour/", None),
])
def test_a_button_gets_its_icon_from_the_host_it_points_at(url, icon):
    assert links.icon_for(url) == icon


def test_a_link_entry_carries_what_the_template_needs():
    [entry] = links.entries([link("Listen", "https://open.spotify.com/album/x", highlight=True)], DAY, UTM, [],
                            "https://novalights.example")
    assert entry == {"kind": "link", "label": "Listen", "icon": "spotify", "highlight": True,
                     "href": "https://open.spotify.com/album/x?utm_source=instagram&utm_medium=social",
                     "source": link("Listen", "https://open.spotify.com/album/x", highlight=True)}


# --- the page's parts -----------------------------------------------------------------------------

def test_runs_of_links_become_lists_between_headings_and_blocks():
    shown = links.entries([link("a"), link("b"), {"heading": "Tour"}, link("c"), {"block": "newsletter"},
                           link("d")], DAY, {}, [])
    parts = links.parts(shown)
    assert [p["kind"] for p in parts] == ["links", "heading", "links", "block", "links"]
    assert [[e["label"] for e in p["links"]] for p in parts if p["kind"] == "links"] == [["a", "b"], ["c"], ["d"]]


def test_a_release_block_nests_under_the_heading_before_it():
    night = release("night-drive", DAY + dt.timedelta(days=3))
    shown = links.entries([{"block": "release", "release": "night-drive"}, {"heading": "New"},
                           {"block": "release", "release": "night-drive"}], DAY, {}, [night])
    assert [(e["kind"], e.get("level")) for e in shown] == [("block", 2), ("heading", None), ("block", 3)]
    assert shown[0]["release"] is night


def test_a_release_block_for_a_release_that_is_not_built_is_left_out():
    assert links.entries([{"block": "release", "release": "draft-one"}], DAY, {}, []) == []


# --- the featured release ------------------------------------------------------------------------

OUT_OLD = release("satellite-summer", dt.date(2025, 6, 1))
OUT_NEW = release("glasshouse-hours", dt.date(2026, 4, 10))
SOON = release("night-drive", dt.date(2026, 12, 12))
LATER = release("winter-ep", dt.date(2027, 2, 1))
CATALOGUE = [LATER, SOON, OUT_NEW, OUT_OLD]


@pytest.mark.parametrize("choice, expected", [
    ("latest", OUT_NEW),
    ("upcoming", SOON),  # the soonest, not the furthest
    ("none", None),
    ("releases/satellite-summer", OUT_OLD),
    ("releases/winter-ep", LATER),
])
def test_featured_picks_the_release(choice, expected):
    assert links.featured_release(choice, CATALOGUE) is expected


def test_upcoming_falls_back_to_the_latest_once_everything_is_out():
    assert links.featured_release("upcoming", [OUT_OLD, OUT_NEW]) is OUT_NEW


def test_latest_falls_back_to_the_upcoming_debut():
    assert links.featured_release("latest", [LATER, SOON]) is SOON
    assert links.featured_release("latest", []) is None


def test_hidden_releases_are_featured_only_when_named():
    secret = release("secret", dt.date(2026, 12, 6), status="hidden")
    assert links.featured_release("upcoming", [secret, LATER]) is LATER
    assert links.featured_release("releases/secret", [secret, LATER]) is secret


def test_a_featured_release_that_is_not_built_is_an_error():
    with pytest.raises(links.FeaturedReleaseMissing):
        links.featured_release("releases/nope", CATALOGUE)


def test_the_home_hero_follows_the_main_link_page_else_the_next_release():
    main = SimpleNamespace(slug="index", feature=OUT_OLD)
    other = SimpleNamespace(slug="tour", feature=LATER)
    assert links.hub_feature([main, other], CATALOGUE) is OUT_OLD
    assert links.hub_feature([SimpleNamespace(slug="index", feature=None)], CATALOGUE) is SOON
    assert links.hub_feature([], [OUT_OLD, OUT_NEW]) is OUT_NEW


# --- the page's address and QR codes ----------------------------------------------------------------

def page(slug: str = "index", utm: dict | None = None):
    folder = "links/" if slug == "index" else f"links/{slug}/"
    return SimpleNamespace(slug=slug, url=folder, save_as=folder + "index.html", utm=utm or {})


def test_the_address_is_absolute_and_carries_the_page_utm():
    assert links.address(page(utm=UTM), "https://novalights.example") == \
        "https://novalights.example/links/?utm_source=instagram&utm_medium=social"
    assert links.address(page("tour"), "https://novalights.example") == "https://novalights.example/links/tour/"


def test_without_an_absolute_siteurl_there_is_no_address_and_no_qr_code(tmp_path):
    lonely = page()
    lonely.address = links.address(lonely, "")
    assert lonely.address is None
    assert qr.write_qr_codes(lonely, tmp_path) == []


def test_qr_codes_sit_next_to_their_page():
    assert qr.qr_paths(page()) == ("links/qr.svg", "links/qr.png")
    assert qr.qr_paths(page("tour")) == ("links/tour/qr.svg", "links/tour/qr.png")


def test_qr_codes_are_byte_identical_for_the_same_address(tmp_path):
    tour = page("tour", {"source": "poster", "campaign": "tour-2027"})
    tour.address = links.address(tour, "https://novalights.example")
    first = qr.write_qr_codes(tour, tmp_path / "a")
    second = qr.write_qr_codes(tour, tmp_path / "b")
    assert [p.name for p in first] == ["qr.svg", "qr.png"]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    svg = first[0].read_text()
    assert svg.startswith("<svg") and "<title>QR code: https://novalights.example/links/tour/?utm_source=poster&amp;" \
                                      "utm_campaign=tour-2027</title>" in svg


def test_the_png_qr_code_decodes_to_the_page_address(tmp_path):
    tour = page("tour", {"source": "poster", "medium": "print", "campaign": "tour-2027"})
    tour.address = links.address(tour, "https://novalights.example")
    _svg, png = qr.write_qr_codes(tour, tmp_path)
    assert decode_qr(png) == "https://novalights.example/links/tour/?utm_source=poster&utm_medium=print" \
                             "&utm_campaign=tour-2027"
