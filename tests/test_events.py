"""Events (types/events.py, outputs/eventcal.py): pages, states, time zones across daylight-saving changes,
calendar files read back with the icalendar library, JSON-LD read back with extruct, `{ block: events }`,
and the check's sentences for every key an artist gets wrong.

Ada Quarry's hub (Europe/Berlin), never the example band: events on both sides of the 2026 spring change in
London (29 March) and New York (8 March), and of the autumn change in Berlin (25 October).
"""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import extruct
import icalendar
import pytest

from fanzine.content.check import check_site
from fixture_sites import SITEURL, build, make_project, page_text


def event(title: str, *lines: str, body: str = "What to expect.") -> str:
    return "---\n" + "\n".join([f"title: {title}", *lines]) + f"\n---\n{body}\n"


VENUE = "where: { venue: The Quarry, city: Leipzig, country: DE }"
EVENTS = {
    # London: GMT until 29 March 2026 01:00 UTC, then BST (+01:00)
    "events/london-before.md": event("London before", "starts: 2026-03-28 20:00", "timezone: Europe/London",
                                     "where: { venue: Cafe Oto, city: London, country: GB }",
                                     "tickets: https://tickets.example/london-before"),
    "events/london-after.md": event("London after", "starts: 2026-03-29 20:00", "ends: 2026-03-29 23:00",
                                    "timezone: Europe/London", "where: { venue: Cafe Oto, city: London, country: GB }",
                                    "tickets: https://tickets.example/london-after", "status: sold-out"),
    # New York: EST (-05:00) until 8 March 2026 07:00 UTC, then EDT (-04:00)
    "events/ny-before.md": event("New York before", "kind: livestream", "starts: 2026-03-07 21:00",
                                 "ends: 2026-03-07 22:00", "timezone: America/New_York",
                                 "where: { online: 'https://stream.example/live' }"),
    "events/ny-after.md": event("New York after", "kind: qa", "starts: 2026-03-08 21:00",
                                "timezone: America/New_York", "where: { online: 'https://stream.example/qa' }",
                                "rsvp: true"),
    # Berlin (the artist's timezone, no timezone: key): CEST until 25 October 2026, then CET
    "events/berlin-before.md": event("Berlin before", "starts: 2026-10-24 20:00", VENUE, "status: cancelled",
                                     "tickets: https://tickets.example/berlin-before"),
    "events/berlin-after.md": event("Berlin after", "starts: 2026-10-25 20:00", VENUE, "status: postponed"),
    "events/moved.md": event("Moved online", "starts: 2026-04-02 19:00", "status: moved-online",
                             "where: { venue: The Quarry, city: Leipzig, online: 'https://stream.example/moved' }"),
    "events/festival.md": event("Quarry festival", "kind: meetup", "starts: 2026-07-10", "ends: 2026-07-12",
                                VENUE),
    "events/last-year.md": event("Last year", "starts: 2025-11-01 20:00", VENUE,
                                 "recording: https://www.youtube.com/watch?v=d8PM5Pp_7vt"),
    "links/tour.md": "---\ntitle: Tour\nlinks:\n  - { block: events, kind: show, limit: 2 }\n"
                     "  - { block: events }\n---\n",
}
# The day after New York's change. "New York after" ended at 02:00 on this day in Berlin, the artist's zone: an
# event of the build's own day stays upcoming (the page's script says "Ended"); "New York before" is past.
AS_OF = "2026-03-09"


@pytest.fixture(scope="module")
def events_site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("events") / "project", EVENTS)
    result = build(project, "--as-of", AS_OF)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "output"


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def json_ld(site: Path, slug: str) -> dict:
    found = extruct.extract(read(site, f"events/{slug}/index.html"), base_url=f"{SITEURL}/events/{slug}/",
                            syntaxes=["json-ld"])["json-ld"]
    assert len(found) == 1
    return found[0]


def vevent(site: Path, path: str) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical((site / path).read_bytes())
    (only,) = calendar.walk("VEVENT")
    return only


# --- time zones and daylight saving ---------------------------------------------------------------------

@pytest.mark.parametrize("slug, shown, local, utc", [
    ("london-before", "Sat 28 March 2026, 20:00 GMT", "2026-03-28T20:00:00+00:00", "2026-03-28 20:00"),
    ("london-after", "Sun 29 March 2026, 20:00–23:00 BST", "2026-03-29T20:00:00+01:00", "2026-03-29 19:00"),
    ("ny-before", "Sat 7 March 2026, 21:00–22:00 EST", "2026-03-07T21:00:00-05:00", "2026-03-08 02:00"),
    ("ny-after", "Sun 8 March 2026, 21:00 EDT", "2026-03-08T21:00:00-04:00", "2026-03-09 01:00"),
    ("berlin-before", "Sat 24 October 2026, 20:00 CEST", "2026-10-24T20:00:00+02:00", "2026-10-24 18:00"),
    ("berlin-after", "Sun 25 October 2026, 20:00 CET", "2026-10-25T20:00:00+01:00", "2026-10-25 19:00"),
])
def test_times_are_right_on_both_sides_of_a_daylight_saving_change(events_site, slug, shown, local, utc):
    page = read(events_site, f"events/{slug}/index.html")
    assert f'<time datetime="{local}">{shown}</time>' in page
    assert f'data-event-starts="{dt.datetime.fromisoformat(local).isoformat()}"' in page
    assert json_ld(events_site, slug)["startDate"] == local
    start = vevent(events_site, f"events/{slug}/event.ics")["DTSTART"].dt
    assert start == dt.datetime.fromisoformat(utc).replace(tzinfo=dt.UTC)
    assert start.tzinfo is not None and start.utcoffset() == dt.timedelta(0)  # written in UTC: "...Z"


def test_an_event_without_an_end_lasts_two_hours_in_its_calendar_file(events_site):
    entry = vevent(events_site, "events/ny-after/event.ics")
    assert entry["DTEND"].dt - entry["DTSTART"].dt == dt.timedelta(hours=2)
    assert "endDate" not in json_ld(events_site, "ny-after")


def test_an_all_day_event_is_dates_in_its_calendar_file(events_site):
    entry = vevent(events_site, "events/festival/event.ics")
    assert entry["DTSTART"].dt == dt.date(2026, 7, 10) and entry["DTEND"].dt == dt.date(2026, 7, 13)
    assert "Fri 10 July 2026 – Sun 12 July 2026" in read(events_site, "events/festival/index.html")
    data = json_ld(events_site, "festival")
    assert (data["startDate"], data["endDate"], data["@type"]) == ("2026-07-10", "2026-07-12", "SocialEvent")


def test_the_fans_own_time_is_offered_to_the_script(events_site):
    page = read(events_site, "events/ny-after/index.html")
    assert '<span class="event__yourtime" data-your-time="2026-03-08T21:00:00-04:00" ' \
           'data-event-zone="America/New_York" hidden></span>' in page
    assert f'<script src="{SITEURL}/theme/js/events.js" defer></script>' in page


# --- the listing, states and past events ----------------------------------------------------------------

def titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="event-row__title"><a href="[^"]+">([^<]+)</a></h3>', html)


def test_the_events_page_lists_upcoming_soonest_first_then_past_newest_first(events_site):
    page = read(events_site, "events/index.html")
    upcoming, past = page.split('id="past-heading"')
    assert titles(upcoming) == ["New York after", "London before", "London after", "Moved online", "Quarry festival",
                                "Berlin before", "Berlin after"]
    assert titles(past) == ["New York before", "Last year"]


def test_every_state_is_labelled_in_words_on_the_listing_and_the_block(events_site):
    listing = page_text(read(events_site, "events/index.html"))
    for title, label in [("London after", "Sold out"), ("Berlin before", "Cancelled"),
                         ("Berlin after", "Postponed"), ("Moved online", "Moved online")]:
        assert re.search(re.escape(title) + r" .{0,120}?" + re.escape(label), listing), title
    block = page_text(read(events_site, "links/tour/index.html"))
    assert re.search(r"London after .{0,120}? Sold out", block)
    assert re.search(r"Moved online Show · .{0,120}? Moved online", block)
    listing = page_text(read(events_site, "events/index.html"))
    assert re.search(r"Last year .{0,120}? Past Recording", listing)


def test_live_now_is_in_the_page_but_hidden_until_the_script_says(events_site):
    page = read(events_site, "events/ny-after/index.html")
    assert '<strong class="state state--live" data-live-badge hidden>Live now</strong>' in page
    assert 'data-event-until="2026-03-08T23:00:00-04:00"' in page
    assert '<p class="event__ended" data-ended hidden>This event has ended.</p>' in page


def test_a_past_event_links_its_recording_and_offers_no_tickets(events_site):
    page = read(events_site, "events/last-year/index.html")
    assert '<h2 id="recording-heading">Watch or listen again</h2>' in page
    assert re.search(r'<a class="embed__facade" href="https://www.youtube.com/watch\?v=d8PM5Pp_7vt" rel="noopener" '
                     r'data-embed-src="https://www.youtube-nocookie.com/embed/d8PM5Pp_7vt', page)  # click to load
    assert "<iframe" not in page
    assert "Add to calendar" not in page and "events.js" not in page


def test_tickets_show_while_on_sale_and_sold_out_says_so(events_site):
    assert '<a class="button button--primary" href="https://tickets.example/london-before" rel="noopener">' \
           'Get tickets</a>' in read(events_site, "events/london-before/index.html")
    sold_out = read(events_site, "events/london-after/index.html")
    assert "Get tickets" not in sold_out and ">Sold out</span>" in sold_out
    cancelled = page_text(read(events_site, "events/berlin-before/index.html"))
    assert "This event is cancelled. If you bought a ticket, your ticket seller will be in touch" in cancelled


# --- calendars ------------------------------------------------------------------------------------------

def test_calendar_ics_holds_every_listed_event_for_subscription(events_site):
    calendar = icalendar.Calendar.from_ical((events_site / "events/calendar.ics").read_bytes())
    entries = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert len(entries) == 9
    assert str(calendar["X-WR-CALNAME"]) == "Ada Quarry: events"
    cancelled = entries["Berlin before (cancelled)"]
    assert (str(cancelled["STATUS"]), int(cancelled["SEQUENCE"])) == ("CANCELLED", 1)
    assert str(entries["Berlin after (postponed)"]["STATUS"]) == "TENTATIVE"
    assert str(entries["London before"]["UID"]) == "event-london-before@ada-quarry.example"
    assert str(entries["London before"]["URL"]) == f"{SITEURL}/events/london-before/"
    assert entries["London before"]["DTSTAMP"].dt == dt.datetime(2026, 3, 9, tzinfo=dt.UTC)
    raw = (events_site / "events/calendar.ics").read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n") and all(len(line) <= 75 for line in raw.split(b"\r\n"))


def test_the_events_page_offers_a_webcal_subscription(events_site):
    page = read(events_site, "events/index.html")
    assert '<a class="button button--ghost" href="webcal://ada-quarry.example/events/calendar.ics">' in page
    assert f'<link rel="alternate" type="text/calendar" title="Ada Quarry: events" ' \
           f'href="{SITEURL}/events/calendar.ics">' in page


# --- rich results ---------------------------------------------------------------------------------------

REQUIRED = {"@type", "name", "startDate", "location", "eventStatus", "eventAttendanceMode", "performer", "url"}


def test_every_event_page_has_event_json_ld_with_what_search_engines_require(events_site):
    slugs = sorted(p.parent.name for p in (events_site / "events").glob("*/index.html"))
    assert len(slugs) == 9
    for slug in slugs:
        data = json_ld(events_site, slug)
        assert REQUIRED <= data.keys(), slug
        assert data["performer"] == {"@type": "MusicGroup", "name": "Ada Quarry", "url": SITEURL + "/"}
        assert data["image"] == [f"{SITEURL}/images/ada.jpg"]


def test_json_ld_says_where_how_and_whether_tickets_are_left(events_site):
    show = json_ld(events_site, "london-after")
    assert show["@type"] == "MusicEvent"
    assert show["location"] == {"@type": "Place", "name": "Cafe Oto", "address": {
        "@type": "PostalAddress", "addressLocality": "London", "addressCountry": "GB"}}
    assert show["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert show["offers"] == {"@type": "Offer", "url": "https://tickets.example/london-after",
                              "availability": "https://schema.org/SoldOut"}
    stream = json_ld(events_site, "ny-before")
    assert stream["location"] == {"@type": "VirtualLocation", "url": "https://stream.example/live"}
    assert stream["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    qa = json_ld(events_site, "ny-after")
    assert qa["@type"] == "Event" and qa["isAccessibleForFree"] is True
    moved = json_ld(events_site, "moved")
    assert moved["eventStatus"] == "https://schema.org/EventMovedOnline"
    assert moved["location"] == {"@type": "VirtualLocation", "url": "https://stream.example/moved"}
    assert json_ld(events_site, "berlin-before")["eventStatus"] == "https://schema.org/EventCancelled"
    assert json_ld(events_site, "berlin-after")["eventStatus"] == "https://schema.org/EventPostponed"


# --- { block: events } ----------------------------------------------------------------------------------

def test_the_events_block_lists_the_next_events_of_a_kind(events_site):
    page = read(events_site, "links/tour/index.html")
    shows, everything = page.split('<h2 class="linkpage__heading">Upcoming events</h2>')
    assert '<h2 class="linkpage__heading">Shows</h2>' in shows
    assert titles(shows) == ["London before", "London after"]  # kind: show, limit: 2
    assert titles(everything) == ["New York after", "London before", "London after", "Moved online",
                                  "Quarry festival"]  # the default limit, 5
    assert everything.count(f'href="{SITEURL}/events/">All events</a>') == 1
    assert "All events" not in shows  # a block of one kind leaves linking every event to the page


def test_the_nav_and_sitemap_know_the_events_page(events_site):
    assert f'href="{SITEURL}/events/"' in read(events_site, "index.html")
    sitemap = read(events_site, "sitemap.xml")
    assert f"<loc>{SITEURL}/events/</loc>" in sitemap and f"<loc>{SITEURL}/events/moved/</loc>" in sitemap


def test_same_content_same_calendar_bytes(events_site, tmp_path):
    again = make_project(tmp_path / "again", EVENTS)
    assert build(again, "--as-of", AS_OF).returncode == 0
    for path in ("events/calendar.ics", "events/london-after/event.ics", "events/index.html"):
        assert (again / "output" / path).read_bytes() == (events_site / path).read_bytes(), path


# --- the check ------------------------------------------------------------------------------------------

CHECK_CASES = [
    pytest.param(event("X", "starts: 2026-03-28 20:00", "timezone: Europe/Londn", VENUE),
                 "content/events/x.md: timezone: expected a timezone name like Europe/London or America/New_York, "
                 "got \"Europe/Londn\"; did you mean 'Europe/London'?", id="unknown-timezone"),
    pytest.param(event("X", "starts: 2026-03-28 20:00", "ends: 2026-03-28 19:00", VENUE),
                 "content/events/x.md: ends: expected a time after starts (2026-03-28 20:00), got 2026-03-28 19:00",
                 id="ends-before-starts"),
    pytest.param(event("X", "kind: livestream", "starts: 2026-03-28 20:00"),
                 "content/events/x.md: where.online: required: this event is an online livestream, so fans need "
                 "the link they join at (https://...)", id="online-without-link"),
    pytest.param(event("X", "starts: 2026-03-28 20:00", "status: moved-online", VENUE),
                 "content/events/x.md: where.online: required: this event is moved online, so fans need the link "
                 "they join at (https://...)", id="moved-online-without-link"),
    pytest.param(event("X", "starts: 2026-03-28 20:00"),
                 "content/events/x.md: where: required: a venue (venue:, city:, country:) or an online link "
                 "(online: https://...)", id="nowhere"),
    pytest.param(event("X", "starts: 2026-03-28 20:00", "where: { venue: The Quarry }"),
                 "content/events/x.md: where.city: required with a venue: the city The Quarry is in, so fans know "
                 "where to travel", id="venue-without-city"),
    pytest.param(event("X", "starts: 2026-03-28 20:00", VENUE, "tickets: https://t.example/x", "rsvp: true"),
                 "content/events/x.md: rsvp: an event takes tickets: (a ticket link) or rsvp: true (a form on the "
                 "page), not both; remove one", id="tickets-and-rsvp"),
    pytest.param(event("X", "starts: 2026-03-28 20:00", VENUE, "status: soldout"),
                 "content/events/x.md: status: expected one of: scheduled, sold-out, cancelled, postponed, "
                 "moved-online, draft, hidden, got \"soldout\"; did you mean 'sold-out'?", id="unknown-status"),
    pytest.param(event("X", "kind: concert", "starts: 2026-03-28 20:00", VENUE),
                 "content/events/x.md: kind: expected one of: show, listening-party, livestream, qa, meetup, "
                 "got \"concert\"", id="unknown-kind"),
    pytest.param(event("X", "starts: next friday", VENUE),
                 "content/events/x.md: starts: expected a date and time like 2026-12-04 20:00 (or a day alone for "
                 "an all-day event), got \"next friday\"", id="starts-not-a-time"),
    pytest.param(event("X", VENUE),
                 "content/events/x.md: starts: required key is missing: expected a date and time like 2026-12-04 "
                 "20:00 (or a day alone for an all-day event)", id="no-start"),
    pytest.param(event("X", "starts: 2026-03-28", "ends: 2026-03-28 22:00", VENUE),
                 "content/events/x.md: ends: expected a day alone like starts (an all-day event) or a day and time "
                 "like starts, got 2026-03-28 22:00", id="all-day-with-a-timed-end"),
    pytest.param(event("X", "starts: 2026-03-28 20:00", "where: { venue: Q, city: Leipzig, country: Germany }"),
                 "content/events/x.md: where.country: expected a two-letter country code like GB, US or BR, "
                 "got \"Germany\"", id="country-name"),
    pytest.param(event("X", "starts: 2026-03-28 20:00", VENUE, "releases: [tape-two]"),
                 "content/events/x.md: releases[1]: no release named 'tape-two' in content/releases/; "
                 "did you mean 'tape-one'?", id="unknown-release"),
    pytest.param(event("X", "starts: 2026-03-28 20:00", VENUE, "recording: javascript:alert(1)"),
                 "content/events/x.md: recording: javascript: links are not allowed (they can run code in a fan's "
                 "browser); expected a web address starting with https://", id="unsafe-recording"),
    pytest.param(event("X", "starts: 2026-03-28 20:00", VENUE, "stauts: sold-out"),
                 "content/events/x.md: stauts: unknown key; did you mean 'status'?", id="misspelt-key"),
]


@pytest.mark.parametrize("text, expected", CHECK_CASES)
def test_each_event_mistake_gets_its_exact_message(tmp_path, monkeypatch, text, expected):
    project = make_project(tmp_path / "project", {"events/x.md": text})
    monkeypatch.chdir(project)
    problems = [str(p) for p in check_site("content").problems]
    assert expected in problems
    assert len(problems) == 1, problems


def test_block_keys_belong_to_the_events_block(tmp_path, monkeypatch):
    project = make_project(tmp_path / "project", {
        "links/tour.md": "---\ntitle: Tour\nlinks:\n  - { block: newsletter, kind: show }\n"
                         "  - { block: events, kind: gig, limit: 0 }\n---\n"})
    monkeypatch.chdir(project)
    problems = [str(p) for p in check_site("content").problems]
    assert "content/links/tour.md: links[1].kind: only with block: events (this is block: newsletter)" in problems
    assert "content/links/tour.md: links[2].kind: expected one of: show, listening-party, livestream, qa, meetup, " \
           "got \"gig\"" in problems
    assert any(p.startswith("content/links/tour.md: links[2].limit: ") for p in problems)


def test_a_new_event_from_the_scaffold_checks_with_placeholders_only(tmp_path, monkeypatch):
    project = make_project(tmp_path / "project")
    monkeypatch.chdir(project)
    from conftest import fanzine

    result = fanzine("new", "event", "Release show", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    written = project / "content" / "events" / "release-show.md"
    assert written.exists()
    assert not [p for p in check_site("content").problems if not p.warning]
    shutil.rmtree(project / "content" / "events")


def test_json_ld_cannot_be_broken_out_of_by_a_title(tmp_path):
    project = make_project(tmp_path / "project", {
        "events/x.md": event("</script><script>alert(1)</script>", "starts: 2026-03-28 20:00", VENUE)})
    assert build(project, "--as-of", AS_OF).returncode == 0
    page = (project / "output/events/x/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1))
    assert data["name"] == "</script><script>alert(1)</script>"
