"""Events in Chromium: the RSVP form with and without JavaScript (into a real fan store through the endpoint
mounted at /api/), "Live now" and "This event has ended" under a fake clock, the fan's own time zone, and
axe, sideways scrolling and third-party requests on every event page at 390 and 1280 px, light and dark.

Ada Quarry's hub (Europe/Berlin), built as of 2026-03-09, never the example band.
"""
from __future__ import annotations

import sqlite3
from urllib.parse import urlsplit

import pytest

from conftest import GATE_ENV, fanzine
from fixture_sites import make_project
from functions.core import Endpoint
from functions.settings import load_settings
from functions.wsgi import make_app
from headers_server import serve
from support.browser import SCHEMES, axe_report, watch

pytestmark = pytest.mark.browser

EVENTS = {
    "events/party.md": "---\ntitle: Tape Two listening party\nkind: listening-party\nstarts: 2026-03-20 20:00\n"
                       "ends: 2026-03-20 21:30\ntimezone: Europe/London\n"
                       "where: { online: 'https://stream.example/x' }\n"
                       "rsvp: true\n---\nWe play Tape Two to you first.\n",
    "events/leipzig.md": "---\ntitle: Ada Quarry at the Quarry\nstarts: 2026-04-02 20:00\n"
                         "where: { venue: The Quarry, city: Leipzig, country: DE }\n"
                         "tickets: https://tickets.example/leipzig\nstatus: sold-out\n---\nDoors 19:00.\n",
    "events/last-year.md": "---\ntitle: Last year\nstarts: 2025-11-01 20:00\n"
                           "where: { venue: The Quarry, city: Leipzig }\n"
                           "recording: https://www.youtube.com/watch?v=d8PM5Pp_7vt\n---\nThanks for coming.\n",
    "events/members.md": "---\ntitle: Members' tape session\nkind: livestream\nstarts: 2026-03-25 20:00\n"
                         "where: { online: 'https://stream.example/members-7f3a' }\naccess: { mode: signup }\n"
                         "---\nThe chat password is quarry-velvet.\n",
    "links/tour.md": "---\ntitle: Tour\nlinks:\n  - { block: events }\n---\n",
}
PAGES = ["/events/", "/events/party/", "/events/leipzig/", "/events/last-year/", "/events/members/", "/links/tour/"]
FORM = "form.rsvp__form"


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    return tmp_path_factory.mktemp("fans") / "fans.sqlite3"


@pytest.fixture(scope="module")
def hub_url(tmp_path_factory, database):
    project = make_project(tmp_path_factory.mktemp("events-browser") / "project", EVENTS)
    fanzine("build", "--as-of", "2026-03-09", cwd=project, check=True)
    forms = make_app(Endpoint(load_settings({"FANZINE_DB": str(database), "FANZINE_RATE_LIMIT_EMAIL": "0",
                                             "FANZINE_RATE_LIMIT_IP": "0", **GATE_ENV})))
    server = serve(project / "output", forms=forms)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def rsvps(database) -> list[tuple]:
    return sqlite3.connect(database).execute("SELECT event, email, consent FROM rsvps").fetchall()


def fill(page, email: str) -> None:
    form = page.locator(FORM)
    form.locator("input[type=email]").fill(email)
    form.locator("input[name=consent]").check()
    form.locator("button[type=submit]").click()


def test_an_rsvp_with_javascript_is_thanked_in_place_and_stored(page, hub_url, database):
    problems = watch(page)
    page.goto(hub_url + "/events/party/", wait_until="networkidle")
    fill(page, "walker@example.org")
    status = page.locator(f"{FORM} [data-signup-status]")
    page.wait_for_function("el => el.textContent && !el.textContent.startsWith('Signing')",
                           arg=status.element_handle())
    assert status.text_content() == "Thank you! You're on the list for Tape Two listening party."
    assert page.url == hub_url + "/events/party/"
    assert ("party", "walker@example.org", 1) in rsvps(database)
    assert problems == []


def test_an_rsvp_without_javascript_comes_back_to_the_page_with_thanks(browser, hub_url, database):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(hub_url + "/events/party/", wait_until="networkidle")
    assert not page.locator("#rsvp-thanks").is_visible()
    with page.expect_navigation():
        fill(page, "nojs@example.org")
    assert page.url == hub_url + "/events/party/#rsvp-thanks"
    assert page.locator("#rsvp-thanks").is_visible()
    assert page.locator("#rsvp-thanks").text_content() == "Thank you! You're on the list for Tape Two listening party."
    assert ("party", "nojs@example.org", 1) in rsvps(database)
    context.close()


def test_a_refused_rsvp_without_javascript_says_what_to_fix(browser, hub_url, database):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(hub_url + "/events/party/", wait_until="networkidle")
    page.locator(f"{FORM} input[name=website]").evaluate("el => el.value = 'bot'")
    with page.expect_navigation():
        fill(page, "bot@example.org")
    assert page.url == hub_url + "/events/party/#rsvp-problem"
    assert page.locator("#rsvp-problem").is_visible() and not page.locator("#rsvp-thanks").is_visible()
    assert ("party", "bot@example.org", 1) not in rsvps(database)
    context.close()


def test_a_members_only_event_opens_its_link_and_notes_after_signing_up(page, hub_url):
    problems = watch(page)
    page.goto(hub_url + "/events/members/", wait_until="networkidle")
    assert not page.locator("#gate-body").is_visible()
    assert "quarry-velvet" not in page.content() and "members-7f3a" not in page.content()
    page.locator("#gate-email").fill("member@example.org")
    page.locator("#gate-consent").check()
    page.locator("[data-gate-signup] button[type=submit]").click()
    body = page.locator("#gate-body")
    body.wait_for(state="visible")
    assert body.locator("a.button").get_attribute("href") == "https://stream.example/members-7f3a"
    assert "The chat password is quarry-velvet." in body.text_content()
    assert page.locator(".event__when time").text_content() == "Wed 25 March 2026, 20:00 CET"  # public all along
    assert problems == []


@pytest.mark.parametrize("now, live, ended", [
    ("2026-03-20T19:59:00Z", False, False),  # 19:59 GMT: one minute to go
    ("2026-03-20T20:00:00Z", True, False),
    ("2026-03-20T21:29:00Z", True, False),
    ("2026-03-20T21:30:00Z", False, True),
])
def test_live_now_and_ended_follow_the_clock(browser, hub_url, now, live, ended):
    context = browser.new_context()
    page = context.new_page()
    page.clock.install(time=now)
    page.goto(hub_url + "/events/party/", wait_until="networkidle")
    assert page.locator(".event__kicker [data-live-badge]").is_visible() is live
    assert page.locator("[data-ended]").is_visible() is ended
    page.goto(hub_url + "/events/", wait_until="networkidle")
    assert page.locator(".event-row [data-live-badge]").first.is_visible() is live
    context.close()


def test_live_now_switches_on_while_the_page_is_open(browser, hub_url):
    context = browser.new_context()
    page = context.new_page()
    page.clock.install(time="2026-03-20T19:59:00Z")
    page.goto(hub_url + "/events/party/", wait_until="networkidle")
    badge = page.locator(".event__kicker [data-live-badge]")
    assert not badge.is_visible()
    page.clock.run_for("02:00")
    assert badge.is_visible()
    context.close()


@pytest.mark.parametrize("zone, shown", [
    ("America/New_York", "(Fri, 4:00 PM EDT your time)"),  # New York is on summer time, London not yet
    ("Asia/Tokyo", "(Sat, 5:00 AM GMT+9 your time)"),
    ("Europe/London", None),  # the fan is where the event is: nothing to add
])
def test_the_start_is_also_shown_in_the_fans_own_zone(browser, hub_url, zone, shown):
    context = browser.new_context(timezone_id=zone, locale="en-US")
    page = context.new_page()
    page.goto(hub_url + "/events/party/", wait_until="networkidle")
    yours = page.locator(".event__yourtime")
    assert page.locator(".event__when time").text_content() == "Fri 20 March 2026, 20:00–21:30 GMT"
    if shown is None:
        assert not yours.is_visible()
    else:
        assert yours.is_visible() and yours.text_content() == shown
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_every_event_page_keeps_its_csp_and_stays_on_the_site(browser, hub_url, path):
    context = browser.new_context(bypass_csp=False)  # the site's own CSP: a violation is a console error
    page = context.new_page()
    problems = watch(page)
    page.goto(hub_url + path, wait_until="networkidle")
    hosts = {urlsplit(u).hostname for u in page.evaluate("performance.getEntries().map(e => e.name)")
             if u.startswith("http")}
    assert hosts == {"127.0.0.1"}
    assert problems == [], "\n".join(problems)
    context.close()


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("width", [390, 1280])
def test_every_event_page_passes_axe_light_and_dark(browser, hub_url, axe_source, path, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)  # to inject axe
    page = context.new_page()
    problems = watch(page)
    page.goto(hub_url + path, wait_until="networkidle")
    if axe_source:
        page.add_script_tag(content=axe_source)
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        if page.evaluate("document.documentElement.scrollWidth") > width:
            problems.append(f"{scheme}: scrolls sideways at {width} px")
        if axe_source:
            problems += axe_report(page, scheme)
    assert problems == [], "\n".join(problems)
    context.close()
