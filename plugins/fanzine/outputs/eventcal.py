"""Events as iCalendar: each event's event.ics and /events/calendar.ics, the feed calendar apps subscribe to.

Times are written in UTC (RFC 5545 3.3.5, form 2: "20261204T200000Z"), which
every calendar app reads the same way and which needs no VTIMEZONE block: the
fan's app shows each event in the fan's own zone, on the right side of any
daylight-saving change. All-day events are DATE values. The UID is the
event's address, so a re-published event updates in place; a cancelled event
stays in the feed with STATUS:CANCELLED (and a higher SEQUENCE) so subscribed
calendars strike it out instead of keeping a stale entry. DTSTAMP is the day
the site is built for: same content, same day, same bytes.

Text is escaped and lines folded by outputs/ics.py's code.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .ics import escape, fold

PRODID = "-//Fanzine//Events//EN"
UTC = dt.UTC
STATUS = {"cancelled": "CANCELLED", "postponed": "TENTATIVE"}
# RFC 5545 3.8.7.4: raised when a change matters to attendees; these states are the changes a build can see.
SEQUENCE = {"cancelled": 1, "postponed": 1, "moved-online": 1}


def instant(value: dt.date | dt.datetime, zone: ZoneInfo | dt.tzinfo, end: bool = False) -> dt.datetime:
    """A front-matter time as an aware datetime: wall time in `zone`; a day alone is its midnight (with
    `end`, the midnight after it, as an all-day event's end is exclusive)."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=zone)
    day = value + dt.timedelta(days=1) if end else value
    return dt.datetime.combine(day, dt.time(), zone)


def utc(moment: dt.datetime) -> str:
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def uid(event, settings: dict) -> str:
    host = settings.get("SITEURL", "").split("://", 1)[-1].strip("/").split("/")[0] or "fanzine.invalid"
    return f"event-{event.slug}@{host}"


def vevent(event, settings: dict) -> list[str]:
    """One event's VEVENT lines. A members-only event gives its time and page, never its stream link or notes."""
    lines = ["BEGIN:VEVENT", f"UID:{uid(event, settings)}", f"DTSTAMP:{event.built_for:%Y%m%d}T000000Z"]
    if event.all_day:
        zone = event.metadata["zone"]
        lines += [f"DTSTART;VALUE=DATE:{event.starts_at.astimezone(zone):%Y%m%d}",
                  f"DTEND;VALUE=DATE:{event.ends_at.astimezone(zone):%Y%m%d}"]
    else:
        lines += [f"DTSTART:{utc(event.starts_at)}", f"DTEND:{utc(event.until)}"]
    state = event.state
    title = event.title if state in ("scheduled", "sold-out") else f"{event.title} ({event.state_label.lower()})"
    lines.append(f"SUMMARY:{escape(title)}")
    where = event.metadata.get("where") or {}
    members_only = getattr(event, "members_only", False)
    place = ", ".join(where[k] for k in ("venue", "address", "city", "country") if where.get(k))
    if event.has_venue and place:
        lines.append(f"LOCATION:{escape(place)}")
    elif event.is_online:
        lines.append(f"LOCATION:{escape(event.page_url if members_only else where.get('online') or event.page_url)}")
    description = event.description
    if event.page_url.startswith("http"):
        description = f"{description}\n\n{event.page_url}"
        lines.append(f"URL:{event.page_url}")
    lines.append(f"DESCRIPTION:{escape(description)}")
    lines += [f"STATUS:{STATUS.get(state, 'CONFIRMED')}", f"SEQUENCE:{SEQUENCE.get(state, 0)}", "END:VEVENT"]
    return lines


def calendar(events: list, settings: dict, name: str) -> str:
    """A VCALENDAR of `events` (in their listed order), with the name and refresh hint calendar apps show."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape(name)}", f"NAME:{escape(name)}",
             "REFRESH-INTERVAL;VALUE=DURATION:PT12H", "X-PUBLISHED-TTL:PT12H"]
    for event in events:
        lines += vevent(event, settings)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def write(path: str | Path, events: list[Any], settings: dict, name: str) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(calendar(events, settings, name).encode("utf-8"))
