"""Events (content/events/): shows, listening parties, livestreams, Q&As and meetups, upcoming or past by date.

Its keys and their checks, its pages (/events/ and /events/<slug>/), each
event's calendar file and the subscribable calendar of them all
(outputs/eventcal.py), its JSON-LD (MusicEvent for music, Event or
SocialEvent for the rest) and the `{ block: events }` of link pages.

Times are written in the event's own zone (`timezone:`, else artist.yml's)
and kept as aware datetimes, so a show in New York and a listening party in
London land on the right instant on both sides of a daylight-saving change.
An event is past once it has ended (or started DEFAULT_LENGTH ago without
`ends:`) before the day the site is built for began: events of the build's
own day stay upcoming, and the page's small script says "Live now" and
"Ended" to the minute between daily rebuilds.
"""
from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape
from pelican.contents import Page

from ..content.schema import (
    INVALID,
    Boolean,
    Choice,
    Date,
    Field,
    ListOf,
    Markdown,
    Record,
    Report,
    Slug,
    Text,
    Url,
    join,
    reads,
)
from ..content.today import day_of
from ..early import gate
from ..errors import Problem
from ..outputs import eventcal
from ..theme import players
from ..theme.embeds import find_embed
from .fields import ACCESS, COVER, Timezone
from .registry import Build, ContentType, Listing, Nav, Scaffold, add

if TYPE_CHECKING:
    from ..content.check import Site

KINDS = {"show": "Show", "listening-party": "Listening party", "livestream": "Livestream", "qa": "Q&A",
         "meetup": "Meetup"}
STATES = {"scheduled": "Scheduled", "sold-out": "Sold out", "cancelled": "Cancelled", "postponed": "Postponed",
          "moved-online": "Moved online"}
BLOCK_HEADINGS = {"show": "Shows", "listening-party": "Listening parties", "livestream": "Livestreams",
                  "qa": "Q&As", "meetup": "Meetups"}  # over a { block: events, kind: ... }
PUBLISHING = ["draft", "hidden"]  # status: draft is never built, hidden is built but listed nowhere
ONLINE_KINDS = ("listening-party", "livestream", "qa")  # they happen online unless a venue is given
DEFAULT_LENGTH = dt.timedelta(hours=2)  # how long an event without `ends:` is taken to last


class When(Field):
    """A day and time like 2026-12-04 20:00, in the event's timezone; a day alone is an all-day event."""

    expected = "a date and time like 2026-12-04 20:00 (or a day alone for an all-day event)"

    def check(self, value, key, report):
        if isinstance(value, bool):
            return self.fail(value, key, report)
        cleaned = Date().check(value, key, Report(report.path))  # its own sentence below, not Date's
        return self.fail(value, key, report) if cleaned is INVALID else cleaned


@reads("venue", "city")
def venue_needs_city(where: dict, key: str, report: Report):
    if where.get("venue") and not where.get("city"):
        return report.error(join(key, "city"), f"required with a venue: the city {where['venue']} is in, "
                                               "so fans know where to travel")
    return None


WHERE = Record({
    "online": Url("where fans join online: the stream, Discord or video-call link (sealed on members-only events)"),
    "venue": Text("the venue's name", max_length=120),
    "address": Text("the street address", max_length=200),
    "city": Text("the city", max_length=100),
    "country": Text("the country as a two-letter code", pattern=r"[A-Z]{2}",
                    pattern_hint="a two-letter country code like GB, US or BR"),
}, "where it happens: online, at a venue, or both", rules=[venue_needs_city],
   expected="a where: section with online: and/or venue:, city:, country:")


def _ordered(starts, ends) -> bool:
    return eventcal.instant(ends, ZoneInfo("UTC"), end=True) > eventcal.instant(starts, ZoneInfo("UTC"))


@reads("starts", "ends")
def ends_after_starts(event: dict, key: str, report: Report):
    starts, ends = event.get("starts"), event.get("ends")
    if starts is None or ends is None:
        return None
    if isinstance(starts, dt.datetime) != isinstance(ends, dt.datetime):
        return report.error(join(key, "ends"), "expected a day alone like starts (an all-day event) or a day and "
                                               f"time like starts, got {ends:%Y-%m-%d %H:%M}"
                            if isinstance(ends, dt.datetime) else
                            "expected a day and time like starts, got a day alone")
    if not _ordered(starts, ends):
        shown = f"{starts:%Y-%m-%d %H:%M}" if isinstance(starts, dt.datetime) else f"{starts:%Y-%m-%d}"
        got = f"{ends:%Y-%m-%d %H:%M}" if isinstance(ends, dt.datetime) else f"{ends:%Y-%m-%d}"
        return report.error(join(key, "ends"), f"expected a time after starts ({shown}), got {got}")
    return None


@reads("kind", "where", "status")
def online_needs_link(event: dict, key: str, report: Report):
    where = event.get("where") or {}
    kind, status = event.get("kind", "show"), event.get("status")
    online = status == "moved-online" or (kind in ONLINE_KINDS and not where.get("venue"))
    if online and not where.get("online"):
        why = "moved online" if status == "moved-online" else f"an online {KINDS[kind].lower()}"
        return report.error(join(key, "where.online"), f"required: this event is {why}, so fans need the "
                                                       "link they join at (https://...)")
    if not where:
        return report.error(join(key, "where"), "required: a venue (venue:, city:, country:) or an online link "
                                                "(online: https://...)")
    return None


@reads("tickets", "rsvp")
def tickets_or_rsvp(event: dict, key: str, report: Report):
    if event.get("tickets") and event.get("rsvp"):
        return report.error(join(key, "rsvp"), "an event takes tickets: (a ticket link) or rsvp: true (a form on "
                                               "the page), not both; remove one")
    return None


EVENT = Record({
    "title": Text("the event's name", required=True, max_length=150),
    "kind": Choice(list(KINDS), "what kind of event", default="show"),
    "starts": When("when it starts, in `timezone`", required=True),
    "ends": When("when it ends (default: two hours after it starts)"),
    "timezone": Timezone("the event's timezone (default: artist.yml's): where its times are"),
    "where": WHERE,
    "tickets": Url("the ticket link"),
    "rsvp": Boolean("a form on the page where fans say they are coming (through forms.endpoint)"),
    "status": Choice(list(STATES) + PUBLISHING, "what fans are told: scheduled, sold-out, cancelled, postponed or "
                                                "moved-online (or draft: not built; hidden: built but not listed)",
                     default="scheduled"),
    "recording": Url("once it is over: where to watch or listen again (a click-to-load player for YouTube, "
                     "SoundCloud, Spotify, Apple Music or Bandcamp links)"),
    "releases": ListOf(Slug(), "the releases it celebrates (their file names)", max_items=10, allow_single=True),
    "summary": Markdown("one or two lines for listings and link previews", max_length=500),
    **COVER,
    "access": ACCESS,
    "uid": Text("set by `fanzine events import`: the event's id in the calendar it came from", max_length=300),
    "slug": Slug("overrides the file name in the URL"),
}, rules=[ends_after_starts, online_needs_link, tickets_or_rsvp])


class Event(Page):
    """One event: /events/<slug>/ (EVENT_URL, EVENT_SAVE_AS)."""

    default_template = "event"


# --- reading: state and publishing status, times in the event's zone --------------------------------------

def event_metadata(metadata: dict[str, Any], timezone: Any) -> None:
    """`status:` says both the event's state and whether it is built; Pelican gets the second.

    `access:` makes a members-only event: its page stays an event page (not an early-access page, which is
    what `access:` makes of other types), so the key is kept as `members` and sealed by write_pages.
    """
    if metadata.get("access"):
        metadata["members"] = metadata.pop("access")
    state = metadata.get("status", "scheduled")
    metadata["state"] = state if state in STATES else "scheduled"
    metadata["status"] = state if state in PUBLISHING else "published"
    zone = ZoneInfo(metadata.get("timezone") or str(timezone))
    metadata["zone"] = zone
    metadata["date"] = eventcal.instant(metadata["starts"], zone)  # Pelican dates and sorts by it


# --- what an event page shows on the day of the build -----------------------------------------------------

def prepare(event, build: Build) -> None:
    """Times, state, labels and addresses, as of the build's day (never cached)."""
    settings = build.settings
    zone = event.metadata["zone"]
    starts, ends = event.metadata["starts"], event.metadata.get("ends")
    event.all_day = not isinstance(starts, dt.datetime)
    event.starts_at = eventcal.instant(starts, zone)
    event.ends_at = eventcal.instant(ends, zone, end=True) if ends is not None else None
    if event.all_day and ends is None:
        event.ends_at = eventcal.instant(starts, zone, end=True)
    event.until = event.ends_at or event.starts_at + DEFAULT_LENGTH
    site_zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    day_began = dt.datetime.combine(build.today, dt.time(), site_zone)
    event.is_past = event.until <= day_began
    event.is_upcoming = not event.is_past
    members = event.metadata.get("members")
    until = members.get("until") if members else None
    event.members_only = bool(members) and (until is None or build.today < day_of(until))
    event.kind_label = KINDS[event.metadata.get("kind", "show")]
    event.state = event.metadata["state"]
    event.state_label = STATES[event.state]
    event.when = when_text(event)
    event.where_text = where_text(event.metadata.get("where") or {})
    event.is_online = bool((event.metadata.get("where") or {}).get("online")) or event.state == "moved-online"
    event.has_venue = bool((event.metadata.get("where") or {}).get("venue")) and event.state != "moved-online"
    event.page_url = site_url(settings, settings["EVENT_URL"].format(slug=event.slug))
    event.page_path = urlsplit(event.page_url).path  # where the RSVP endpoint sends a form post back to
    forms = settings.get("FANZINE_ARTIST", {}).get("forms") or {}
    event.rsvp_action = f"{forms['endpoint'].rstrip('/')}/rsvp" if forms.get("endpoint") else None
    event.calendar_url = f"{os.path.dirname(settings['EVENT_SAVE_AS'].format(slug=event.slug))}/{CALENDAR_FILE}"
    event.built_for = build.today
    event.recording_url = event.metadata.get("recording") if event.is_past else None
    event.recording_player = find_embed(event.recording_url) if event.recording_url else None  # click to load
    event.rsvp_open = bool(event.metadata.get("rsvp") and event.rsvp_action) and event.is_upcoming \
        and event.state not in ("cancelled", "postponed")
    event.tickets_url = event.metadata.get("tickets") if event.is_upcoming and event.state in (
        "scheduled", "moved-online") else None
    summary = Markup(event.metadata.get("summary") or "").striptags()
    artist = settings.get("FANZINE_ARTIST", {}).get("name") or settings.get("SITENAME", "")
    event.description = summary or f"{event.kind_label} with {artist}: {event.when}" + (
        f", {event.where_text}" if event.where_text else "") + "."


def when_text(event) -> str:
    """"Fri 4 December 2026, 20:00–21:30 GMT": in the event's zone, with the zone's abbreviation."""
    start = event.starts_at.astimezone(event.metadata["zone"])
    if event.all_day:
        last = (event.ends_at - dt.timedelta(seconds=1)).astimezone(event.metadata["zone"])
        day = f"{start:%a} {start.day} {start:%B %Y}"
        return day if last.date() == start.date() else f"{day} – {last:%a} {last.day} {last:%B %Y}"
    text = f"{start:%a} {start.day} {start:%B %Y}, {start:%H:%M}"
    if event.ends_at is not None:
        end = event.ends_at.astimezone(event.metadata["zone"])
        text += f"–{end:%H:%M}" if end.date() == start.date() else f" – {end:%a} {end.day} {end:%B}, {end:%H:%M}"
        return f"{text} {end:%Z}" if end.tzname() == start.tzname() else f"{text} {end:%Z} (starts {start:%Z})"
    return f"{text} {start:%Z}"


def where_text(where: dict) -> str:
    place = ", ".join(where[k] for k in ("venue", "city", "country") if where.get(k))
    if where.get("online"):
        return f"{place} and online" if place else "Online"
    return place


def site_url(settings: dict, path: str = "") -> str:
    return f"{settings.get('SITEURL', '').rstrip('/')}/{path.lstrip('/')}"


def events_order(events: list) -> list:
    """Upcoming first, soonest on top; then past events, most recent first."""
    upcoming = sorted((e for e in events if e.is_upcoming), key=lambda e: (e.starts_at, e.slug))
    past = sorted((e for e in events if e.is_past), key=lambda e: (e.starts_at, e.slug), reverse=True)
    return upcoming + past


def upcoming(context: dict, kind: str | None = None, limit: int = 5) -> list:
    """The next listed events (of one kind), soonest first: what `{ block: events }` shows."""
    return [e for e in context.get("listed_events", []) if e.is_upcoming
            and (kind is None or e.metadata.get("kind", "show") == kind)][:limit]


# --- rich results --------------------------------------------------------------------------------------------

SCHEMA_TYPES = {"show": "MusicEvent", "listening-party": "MusicEvent", "livestream": "MusicEvent",
                "qa": "Event", "meetup": "SocialEvent"}
EVENT_STATUS = {"scheduled": "EventScheduled", "sold-out": "EventScheduled", "cancelled": "EventCancelled",
                "postponed": "EventPostponed", "moved-online": "EventMovedOnline"}


def structured_data(event, settings: dict) -> dict:
    """schema.org Event with what Google's event rich results ask for.

    A members-only event's stream link is sealed: its VirtualLocation points at the event page instead.
    """
    artist = settings.get("FANZINE_ARTIST", {})
    group = {"@type": "MusicGroup", "name": artist.get("name") or settings.get("SITENAME", ""),
             "url": site_url(settings)}
    where = event.metadata.get("where") or {}
    places = []
    if event.has_venue:
        address = {"@type": "PostalAddress", "addressLocality": where.get("city")}
        if where.get("address"):
            address["streetAddress"] = where["address"]
        if where.get("country"):
            address["addressCountry"] = where["country"]
        places.append({"@type": "Place", "name": where["venue"], "address": address})
    if event.is_online:
        link = event.page_url if getattr(event, "members_only", False) else where.get("online") or event.page_url
        places.append({"@type": "VirtualLocation", "url": link})
    mode = ("MixedEventAttendanceMode" if len(places) == 2 else
            "OnlineEventAttendanceMode" if event.is_online else "OfflineEventAttendanceMode")
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": SCHEMA_TYPES[event.metadata.get("kind", "show")],
        "name": event.title, "url": event.page_url,
        "startDate": iso(event.starts_at, event), "eventStatus": "https://schema.org/" + EVENT_STATUS[event.state],
        "eventAttendanceMode": "https://schema.org/" + mode,
        "location": places[0] if len(places) == 1 else places, "performer": group, "organizer": group,
        "description": event.description,
    }
    if event.ends_at is not None:
        data["endDate"] = iso(event.ends_at - dt.timedelta(days=1) if event.all_day else event.ends_at, event)
    image = event.metadata.get("cover") or artist.get("avatar")
    if image:
        data["image"] = [site_url(settings, image)]
    if event.metadata.get("tickets"):
        availability = "SoldOut" if event.state == "sold-out" else "InStock"
        data["offers"] = {"@type": "Offer", "url": event.metadata["tickets"],
                          "availability": "https://schema.org/" + availability}
    elif event.metadata.get("rsvp"):
        data["isAccessibleForFree"] = True  # free, with a form on the page: no Offer to describe
    return data


def iso(moment: dt.datetime, event) -> str:
    """ISO 8601 with the offset in the event's zone (2026-12-04T20:00:00+00:00), or a day for all-day events
    (whose last day the caller gives: their end is the midnight after it)."""
    local = moment.astimezone(event.metadata["zone"])
    return local.date().isoformat() if event.all_day else local.isoformat()


# --- the check: releases an event names ----------------------------------------------------------------------

def check_references(site: Site, event: dict) -> None:
    """The releases it names exist; an RSVP form needs the artist's form endpoint to post to."""
    from .releases import missing_release

    for i, slug in enumerate(event.get("releases", [])):
        if slug not in site.items["releases"]:
            missing_release(site, event["_path"], f"releases[{i + 1}]", slug)
    if event.get("rsvp") and not site.artist.get("forms") and not site.artist.get("_unread"):
        site.problems.append(Problem(event["_path"], "rsvp", "rsvp: true needs the form endpoint: add forms: "
                                     "{ endpoint: ... } to content/artist.yml (see docs/endpoint.md)"))


# --- files ---------------------------------------------------------------------------------------------------

CALENDAR_FILE = "event.ics"
CALENDAR_FEED = "events/calendar.ics"


def calendar_file(slug: str, page: str, settings: dict) -> list[str]:
    return [f"{os.path.dirname(page)}/{CALENDAR_FILE}"]


def write_calendars(generator, writer) -> None:
    """Each event's event.ics, and calendar.ics with every listed event (what calendar apps subscribe to)."""
    settings, output = generator.settings, generator.output_path
    for event in generator.items:
        eventcal.write(os.path.join(output, event.calendar_url), [event], settings, name=event.title)
    listed = [e for e in generator.items if e.status != "hidden"]
    name = settings.get("FANZINE_ARTIST", {}).get("name") or settings.get("SITENAME", "")
    eventcal.write(os.path.join(output, CALENDAR_FEED), listed, settings, name=f"{name}: events")


def write_pages(generator, writer) -> None:
    """Each event page; a members-only one with its stream link and notes sealed first (as early access seals
    a page), so the page object keeps no plaintext for any template, listing or calendar to leak."""
    for event in generator.items:
        if event.members_only:
            seal(generator, event)
        writer.write_file(event.save_as, generator.get_template(event.template), generator.context,
                          relative_urls=generator.settings["RELATIVE_URLS"], url=event.url, page=event, event=event)


def seal(generator, event) -> None:
    settings = generator.settings
    keys = settings["FANZINE_GATE_KEYS"]
    siteurl = settings.get("SITEURL", "")
    endpoint = settings["FANZINE_ARTIST"].get("forms", {}).get("endpoint", "/api")
    online = (event.metadata.get("where") or {}).get("online")
    body = event._update_content(event._content, siteurl)
    body, hosts = players.render_html(body, generator.env, siteurl, players.rel_for(event, settings))
    event.has_embeds = bool(hosts)
    join = "" if not online else (
        f'<p class="event__join"><a class="button button--primary" href="{escape(online)}" rel="noopener">'
        f"Join {escape(event.title)}</a></p>\n")
    event.sealed = gate.seal_page(join + body, event.slug, event.metadata["members"], keys, endpoint)
    event.sealed_json = gate.to_json(event.sealed)
    event._content = ""
    event._summary = ""


def publish_context(build: Build) -> None:
    """The templates' names: the calendar's address (https and webcal://) and the kinds' labels."""
    context, settings = build.context, build.settings
    url = site_url(settings, CALENDAR_FEED)
    context["EVENTS_CALENDAR"] = url
    context["EVENTS_WEBCAL"] = "webcal://" + url.split("://", 1)[1] if "://" in url else None
    context["EVENT_KINDS"] = KINDS
    context["EVENT_BLOCK_HEADINGS"] = BLOCK_HEADINGS
    context["upcoming_events"] = [e for e in context.get("listed_events", []) if e.is_upcoming]
    context["past_events"] = [e for e in context.get("listed_events", []) if e.is_past]


SCAFFOLD = """---
title: {title}
kind: show                # show | listening-party | livestream | qa | meetup
starts: {today} 20:00     # in your timezone (artist.yml), or add timezone: Europe/London
# ends: {today} 22:00
where:
  venue: REPLACE with the venue's name
  city: REPLACE with the city
  # online: https://...   # a livestream, Discord or video-call link
# tickets: https://...    # a ticket link, or
# rsvp: true              # a form where fans say they are coming
status: scheduled         # scheduled | sold-out | cancelled | postponed | moved-online
---
What to expect: who is playing, doors, age limits, how to join.
"""

EVENTS = add(ContentType(
    folder="events", item="event", schema=EVENT, template="event", content_class=Event,
    doc="shows, listening parties, livestreams, Q&As and meetups",
    urls={"EVENT_URL": "events/{slug}/", "EVENT_SAVE_AS": "events/{slug}/index.html"},
    order=events_order, prepare=prepare, structured_data=structured_data, metadata=event_metadata,
    listings=(Listing("events", "EVENTS_INDEX", "events/", "the events page"),),
    item_files=calendar_file,
    nav=Nav("Events", "EVENTS_INDEX", order=30, lost="events"),
    scaffold=Scaffold("event", SCAFFOLD), blocks=("events",), sitemap="today",
    check_references=check_references, after_context=publish_context, write_pages=write_pages,
    write_outputs=write_calendars,
))
