"""Release pages and smart links in Chromium at 390 px: accessible, quiet, and right on either side of release day."""
from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from conftest import AS_OF, SITES, copy_project, fanzine, serve_folder
from support.browser import PHONE, SCHEMES, axe_report, phone_problems, watch

pytestmark = pytest.mark.browser

LONDON_MIDNIGHT = dt.datetime(2026, 12, 5, tzinfo=dt.UTC)  # Europe/London is on UTC in December


@pytest.fixture(scope="module")
def either_side(example_on):
    """The example hub built for 4 and for 5 December 2026, each served on 127.0.0.1."""
    urls, servers = {}, []
    for day in ("2026-12-04", "2026-12-05"):
        servers.append(serve_folder(example_on(day)))
        urls[day] = f"http://127.0.0.1:{servers[-1].server_address[1]}"
    yield urls
    for server in servers:
        server.shutdown()


@pytest.mark.parametrize("path", [
    "/releases/night-drive/", "/releases/glasshouse-hours/", "/releases/satellite-summer/",
    "/go/night-drive/", "/go/glasshouse-hours/", "/releases/", "/releases/#ep",
])
def test_release_pages_are_accessible_on_a_phone(page, site_url, axe_source, path):  # noqa: F811
    problems = phone_problems(page, site_url + path, axe_source)
    assert not problems, "\n".join(problems)


def test_the_smart_link_fits_one_phone_screen(page, site_url):
    page.set_viewport_size(PHONE)
    page.goto(site_url + "/go/glasshouse-hours/")
    last = page.locator(".smartlink__buttons li").last.bounding_box()
    assert last["y"] + last["height"] <= PHONE["height"], "the last platform button is below the fold"
    assert page.evaluate("document.documentElement.scrollHeight") <= PHONE["height"]


def test_the_day_before_the_page_counts_down_to_the_minute(page, either_side):
    page.clock.install(time=LONDON_MIDNIGHT - dt.timedelta(hours=2, minutes=30))
    problems = watch(page)
    page.goto(either_side["2026-12-04"] + "/releases/night-drive/")
    counter = page.locator("[data-countdown]")
    assert counter.inner_text() == "2 hours, 30 minutes to go"
    assert page.get_by_role("link", name="Pre-save Night Drive").is_visible()
    assert page.get_by_role("link", name="Add to calendar").is_visible()
    assert page.get_by_role("link", name="Listen on Spotify").count() == 0
    page.clock.run_for("02:31:00")
    assert counter.inner_text() == "Out now"
    assert problems == []


def test_without_javascript_the_countdown_still_says_how_long(browser, either_side):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(either_side["2026-12-04"] + "/releases/night-drive/")
    assert page.locator("[data-countdown]").inner_text() == "Out tomorrow"
    context.close()


def test_on_release_day_the_page_is_out(page, either_side):
    problems = watch(page)
    page.goto(either_side["2026-12-05"] + "/releases/night-drive/")
    assert page.get_by_role("link", name="Listen on Spotify").is_visible()
    assert page.get_by_role("link", name="Pre-save Night Drive").count() == 0
    assert page.locator("[data-countdown]").count() == 0
    assert page.locator(".release__kicker").inner_text() == "SINGLE OUT NOW"  # uppercase by CSS
    page.goto(either_side["2026-12-05"] + "/go/night-drive/")
    assert page.get_by_role("link", name="Listen on Spotify").is_visible()
    assert page.get_by_role("link", name="Pre-save").count() == 0
    assert problems == []


def test_the_calendar_link_gives_a_valid_all_day_event(page, site_url):
    page.goto(site_url + "/releases/night-drive/")
    href = page.get_by_role("link", name="Add to calendar").get_attribute("href")
    response = page.request.get(site_url + href if href.startswith("/") else href)
    assert response.ok
    (event,) = icalendar.Calendar.from_ical(response.body()).walk("VEVENT")
    assert event.decoded("DTSTART") == dt.date(2026, 12, 5)
    assert event.decoded("DTEND") == dt.date(2026, 12, 6)
    assert str(event["SUMMARY"]) == "Night Drive by Nova Lights is out"


def test_the_type_filter_shows_one_type_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(site_url + "/releases/")
    everything = page.locator("#all")
    assert everything.is_visible() and page.locator("#ep").is_hidden()
    page.get_by_role("link", name="EPs").click()
    assert page.locator("#ep").is_visible() and everything.is_hidden()
    assert page.locator("#ep").get_by_role("link", name="Glasshouse Hours").is_visible()
    assert page.get_by_role("link", name="Satellite Summer").is_hidden()
    page.get_by_role("link", name="All", exact=True).click()
    assert everything.is_visible() and page.locator("#ep").is_hidden()
    context.close()


def test_covers_load_the_width_a_phone_needs_as_webp(page, site_url):
    page.set_viewport_size(PHONE)
    page.goto(site_url + "/releases/glasshouse-hours/")
    source = page.locator(".release__cover").evaluate("img => img.currentSrc")
    assert source.endswith(".webp") and "/images/sized/glasshouse-hours-" in source
    assert page.locator(".release__cover").evaluate("img => img.naturalWidth") < 1200


@pytest.fixture(scope="module")
def taina_url(tmp_path_factory):
    """Tainá Rocha's hub (tests/sites/taina-rocha), whose single "Sal" has no cover yet, built to be served here."""
    project = copy_project(tmp_path_factory.mktemp("taina-dev"), SITES / "taina-rocha")
    fanzine("build", "--as-of", AS_OF, cwd=project, check=True)
    server = serve_folder(project / "output")
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_release_without_a_cover_keeps_its_shape(page, taina_url, axe_source):
    """No empty column on a desktop and no short card in the discography: the artist's colour with the title
    stands in, hidden from screen readers (the real title is beside it), and off on a phone."""
    page.set_viewport_size({"width": 1280, "height": 900})
    problems = watch(page)
    page.goto(taina_url + "/releases/sal/")
    standin = page.locator(".release__art .standin")
    box = standin.bounding_box()
    title = page.locator(".release__title").bounding_box()
    assert box["width"] >= 300 and abs(box["width"] - box["height"]) < 1, box
    assert box["x"] + box["width"] < title["x"], "the stand-in is the left column, the title beside it"
    assert standin.get_attribute("aria-hidden") == "true" and standin.inner_text() == "Sal"
    if axe_source:
        page.add_script_tag(content=axe_source)
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)
            problems += axe_report(page, scheme)
    page.set_viewport_size(PHONE)
    assert not standin.is_visible(), "on a phone the page starts with its real title"
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(taina_url + "/releases/")
    covers = page.locator("#all .release-card .card__cover")  # the type sections show again only on their tab
    heights = {round(covers.nth(n).bounding_box()["height"]) for n in range(covers.count())}
    assert covers.count() == 2 and len(heights) == 1, heights  # the picture and the stand-in, the same square
    if axe_source:
        page.add_script_tag(content=axe_source)
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)
            problems += axe_report(page, scheme)
    page.goto(taina_url + "/stories/gravando-no-quarto-dos-fundos/")  # a story about it: a small thumbnail
    thumbnail = page.locator(".story__releases .standin")
    box = thumbnail.bounding_box()
    assert 60 < box["width"] < 120 and abs(box["width"] - box["height"]) < 1, box
    assert not page.locator(".story__releases .standin__title").is_visible()  # the colour alone: no clipped words
    assert problems == []
