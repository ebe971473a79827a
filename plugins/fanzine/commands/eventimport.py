"""`fanzine events import FILE.ics`: event files from any calendar export (Bandsintown, Songkick, Google Calendar).

Each VEVENT becomes content/events/<title>-<day>.md with its `uid:` kept, so
importing the same calendar again updates the file it wrote (the keys the
import owns: title, starts, ends, timezone, where, tickets, status) and never
writes a second one; the artist's body, kind, rsvp, releases and every other
key they added survive. Times keep the zone the calendar gives (TZID, with or
without a VTIMEZONE block); UTC and floating times are written in the
artist's timezone; all-day events stay days. STATUS:CANCELLED becomes
`status: cancelled`. A repeating event (RRULE) is not guessed at: it is named
and left out, to be added as single dates.

Front matter is rewritten from the parsed keys, so comments in an imported
file's front matter do not survive a re-import (its body does).
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..content import frontmatter
from ..content.schema import slugify
from ..errors import FanzineError
from ..types import artist as artist_yml

OWNED = ("title", "starts", "ends", "timezone", "where", "tickets", "status")  # what a re-import may change
# Country names calendar exports spell out, as the two-letter codes `where.country` takes.
COUNTRIES = {"united kingdom": "GB", "uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
             "northern ireland": "GB", "great britain": "GB", "united states": "US", "usa": "US",
             "united states of america": "US", "us": "US", "ireland": "IE", "germany": "DE", "deutschland": "DE",
             "france": "FR", "spain": "ES", "españa": "ES", "italy": "IT", "netherlands": "NL", "belgium": "BE",
             "canada": "CA", "australia": "AU", "brazil": "BR", "brasil": "BR", "mexico": "MX", "japan": "JP",
             "sweden": "SE", "norway": "NO", "denmark": "DK", "portugal": "PT", "austria": "AT",
             "switzerland": "CH", "poland": "PL", "new zealand": "NZ"}
URL = re.compile(r"https?://[^\s<>\"']+")


@dataclass
class Report:
    written: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def add_command(actions: argparse._SubParsersAction) -> None:
    command = actions.add_parser("import", help="write event files from a calendar export (.ics); again: updates")
    command.add_argument("file", help="the .ics file (Bandsintown, Songkick, Google Calendar, any iCalendar)")
    command.add_argument("--content", default="content")
    command.set_defaults(run=command_import)


def command_import(args) -> int:
    report = import_calendar(Path(args.file), Path(args.content))
    for kind, paths in (("Wrote", report.written), ("Updated", report.updated), ("Unchanged", report.unchanged)):
        for path in paths:
            print(f"{kind} {path}")
    for reason in report.skipped:
        print(f"Left out {reason}")
    total = len(report.written) + len(report.updated) + len(report.unchanged)
    print(f"{total} event{'' if total == 1 else 's'} from {args.file}: {len(report.written)} new, "
          f"{len(report.updated)} updated, {len(report.unchanged)} unchanged, {len(report.skipped)} left out. "
          "Run make check, then look at each new file: add kind:, rsvp: or releases: as you like.")
    return 0


def import_calendar(source: Path, content: Path) -> Report:
    """Write or update one event file per VEVENT of `source`; what was done, file by file."""
    import icalendar

    try:
        calendar = icalendar.Calendar.from_ical(source.read_bytes())
    except OSError as error:
        raise FanzineError(f"{source}: could not be read: {error.strerror or error}.") from None
    except ValueError as error:
        raise FanzineError(f"{source}: not an iCalendar file ({error}); export the calendar as .ics.") from None
    home = artist_zone(content)
    folder = content / "events"
    existing = files_by_uid(folder)
    report = Report()
    for number, vevent in enumerate(calendar.walk("VEVENT"), 1):
        name = str(vevent.get("SUMMARY") or f"event {number}").strip()
        if vevent.get("RRULE"):
            report.skipped.append(f"'{name}': it repeats (RRULE); add each date as its own event")
            continue
        try:
            keys = event_keys(vevent, home)
        except ValueError as error:
            report.skipped.append(f"'{name}': {error}")
            continue
        path = existing.get(keys["uid"])
        if path is None:
            path = new_path(folder, keys)
            kind = {"kind": "livestream"} if set(keys["where"]) == {"online"} else {}
            write(path, {**keys, **kind}, body(vevent))
            existing[keys["uid"]] = path
            report.written.append(str(path))
        elif update(path, keys):
            report.updated.append(str(path))
        else:
            report.unchanged.append(str(path))
    if not calendar.walk("VEVENT"):
        raise FanzineError(f"{source}: holds no events (no VEVENT); export the calendar with its events.")
    return report


def artist_zone(content: Path) -> zoneinfo.ZoneInfo:
    try:
        data = yaml.safe_load((content / "artist.yml").read_text(encoding="utf-8")) or {}
        return zoneinfo.ZoneInfo(str(data.get("timezone") or artist_yml.default("timezone") or "UTC"))
    except (OSError, yaml.YAMLError, zoneinfo.ZoneInfoNotFoundError, ValueError, AttributeError):
        return zoneinfo.ZoneInfo("UTC")


# --- one VEVENT → front-matter keys -----------------------------------------------------------------------

def event_keys(vevent, home: zoneinfo.ZoneInfo) -> dict[str, Any]:
    uid = str(vevent.get("UID") or "").strip()
    if not uid:
        raise ValueError("it has no UID, so a re-import could not find it again")
    if vevent.get("DTSTART") is None:
        raise ValueError("it has no start (DTSTART)")
    start = vevent.decoded("DTSTART")
    end = vevent.decoded("DTEND") if vevent.get("DTEND") is not None else (
        start + vevent.decoded("DURATION") if vevent.get("DURATION") is not None else None)
    keys: dict[str, Any] = {"title": str(vevent.get("SUMMARY") or "Untitled event").strip()[:150], "uid": uid}
    if isinstance(start, dt.datetime):
        zone = zone_of(start, home)
        keys["starts"] = wall(start, zone)
        if isinstance(end, dt.datetime) and end > start:
            keys["ends"] = wall(end, zone)
        if zone.key != home.key:
            keys["timezone"] = zone.key
    else:
        keys["starts"] = start.isoformat()
        last = end - dt.timedelta(days=1) if isinstance(end, dt.date) and not isinstance(end, dt.datetime) else None
        if last is not None and last > start:
            keys["ends"] = last.isoformat()
    keys["where"] = where(str(vevent.get("LOCATION") or ""), str(vevent.get("DESCRIPTION") or ""))
    link = str(vevent.get("URL") or "").strip()
    if link.startswith("https://") and not keys["where"].get("online"):
        keys["tickets"] = link  # Bandsintown and Songkick: the event's page, where the tickets are
    if str(vevent.get("STATUS") or "").upper() == "CANCELLED":
        keys["status"] = "cancelled"
    return keys


def zone_of(moment: dt.datetime, home: zoneinfo.ZoneInfo) -> zoneinfo.ZoneInfo:
    """The event's own zone when the calendar names one (TZID); UTC and floating times go to the artist's."""
    key = getattr(moment.tzinfo, "key", None)
    if moment.tzinfo is None or key in (None, "UTC", "Etc/UTC", "GMT"):
        return home
    try:
        return zoneinfo.ZoneInfo(key)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return home


def wall(moment: dt.datetime, zone: zoneinfo.ZoneInfo) -> str:
    local = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
    return f"{local:%Y-%m-%d %H:%M}"


def where(location: str, description: str) -> dict[str, str]:
    """LOCATION as venue, city and country ("The Leadmill, 6 Leadmill Rd, Sheffield S1 4SE, UK"), or an online
    link; a stream link in the description when there is no place at all."""
    location = " ".join(location.split())
    link = URL.search(location) or (None if location else URL.search(description))
    if link:
        return {"online": link.group(0).rstrip(".,;)")}
    parts = [part.strip() for part in location.split(",") if part.strip()]
    if not parts:
        return {}
    country = COUNTRIES.get(parts[-1].casefold()) or (parts[-1] if re.fullmatch(r"[A-Z]{2}", parts[-1]) else None)
    if country:
        parts = parts[:-1]
    if len(parts) > 1 and re.fullmatch(r"[A-Z]{2}", city(parts[-1])):
        parts = parts[:-1]  # "Brooklyn, NY 11211": a state and its postcode, after the city
    place: dict[str, str] = {}
    if len(parts) == 1:
        place["city"] = city(parts[0])
    elif parts:
        place["venue"] = parts[0][:120]
        place["city"] = city(parts[-1])
        if len(parts) > 2:
            place["address"] = ", ".join(parts[1:-1])[:200]
    if country:
        place["country"] = country
    return place


def city(text: str) -> str:
    """"Sheffield S1 4SE" → "Sheffield", "Brooklyn, NY 11211" → "Brooklyn": postcodes and states go."""
    words = [word for word in text.split() if not any(char.isdigit() for char in word)]
    while len(words) > 1 and re.fullmatch(r"[A-Z]{2}", words[-1]):
        words.pop()
    return (" ".join(words) or text)[:100]


def body(vevent) -> str:
    text = str(vevent.get("DESCRIPTION") or "").strip()
    text = text.replace("<", "&lt;").replace("\r\n", "\n")
    return text + "\n" if text else ""  # no description: no "What to expect" on the page until the artist writes it


# --- files ------------------------------------------------------------------------------------------------

def files_by_uid(folder: Path) -> dict[str, Path]:
    found = {}
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        data, _, problems = frontmatter.load_file(str(path), str(path))
        if isinstance(data, dict) and data.get("uid"):
            found[str(data["uid"])] = path
    return found


def new_path(folder: Path, keys: dict[str, Any]) -> Path:
    base = f"{slugify(keys['title']) or 'event'}-{str(keys['starts'])[:10]}"
    path, n = folder / f"{base}.md", 2
    while path.exists():
        path, n = folder / f"{base}-{n}.md", n + 1
    return path


ORDER = ("title", "kind", "starts", "ends", "timezone", "where", "tickets", "rsvp", "status")


def render(data: dict[str, Any], text: str) -> str:
    ordered = {key: data[key] for key in ORDER if key in data}
    ordered.update({key: value for key, value in data.items() if key not in ordered})
    dumped = yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False)
    return f"---\n{dumped}---\n{text}"


def write(path: Path, keys: dict[str, Any], text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(keys, text), encoding="utf-8")


def update(path: Path, keys: dict[str, Any]) -> bool:
    """Change only the keys the import owns; True when the file changed."""
    raw = path.read_text(encoding="utf-8")
    data, text, _ = frontmatter.split(raw, str(path))
    if not isinstance(data, dict):
        return False
    merged = dict(data)
    for key in OWNED:
        if key == "status":
            continue
        if key in keys:
            merged[key] = keys[key]
        elif key in ("ends", "timezone", "tickets"):
            merged.pop(key, None)
    if keys.get("status") == "cancelled":
        merged["status"] = "cancelled"
    elif merged.get("status") == "cancelled":
        merged["status"] = "scheduled"  # back on in the calendar; sold-out and the others are the artist's word
    if not keys.get("where") and data.get("where"):
        merged["where"] = data["where"]  # the calendar lost the place: keep the artist's
    for key in ("starts", "ends"):
        if isinstance(merged.get(key), (dt.date, dt.datetime)):
            merged[key] = str(merged[key])
    new = render(merged, text)
    if new == raw:
        return False
    path.write_text(new, encoding="utf-8")
    return True
