"""What day it is for the site: AS_OF, or today in the artist's timezone; computed once per build.

Release states, scheduled links, early-access windows and the check's date
warnings all flip on this day, so `AS_OF=2026-12-05` previews the site as fans
will see it then. The check works it out (it has read artist.yml's timezone)
and hands it to the build as FANZINE_TODAY, so both always agree.
"""
from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

from ..errors import FanzineError


def clock() -> dt.datetime:
    """The time now (tests move it to a timezone's midnight)."""
    return dt.datetime.now(dt.timezone.utc)


def as_of(settings: dict, timezone: str | None = None) -> dt.date:
    """The day the site is built for: FANZINE_AS_OF (the setting, else the environment), else today in
    `timezone` (default: the settings' TIMEZONE, which artist.yml's timezone: sets)."""
    text = str(settings.get("FANZINE_AS_OF") or os.environ.get("FANZINE_AS_OF") or "").strip()
    if text:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise FanzineError(f"AS_OF: expected a date like 2026-12-05, got \"{text}\"") from None
    return clock().astimezone(ZoneInfo(timezone or settings.get("TIMEZONE") or "UTC")).date()


def build_day(settings: dict) -> dt.date:
    """This build's day: the one the check worked out (FANZINE_TODAY), else as_of (a build without the check)."""
    today = settings.get("FANZINE_TODAY")
    return today if isinstance(today, dt.date) else as_of(settings)


def day_of(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def is_live(window: dict, today: dt.date) -> bool:
    """A scheduled thing shows from `from` (inclusive) until `until` (exclusive)."""
    start, end = window.get("from"), window.get("until")
    return (start is None or day_of(start) <= today) and (end is None or today < day_of(end))
