"""What day it is for the site: today in the artist's timezone, or the AS_OF preview date."""
from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

from ..errors import FanzineError


def as_of(settings: dict) -> dt.date:
    """The day the site is built for.

    Release states, scheduled links and early-access windows all flip on this
    day, so `AS_OF=2026-12-05` previews the site as fans will see it then.
    """
    text = (settings.get("FANZINE_AS_OF") or os.environ.get("FANZINE_AS_OF") or "").strip()
    if text:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise FanzineError(f"AS_OF: expected a date like 2026-12-05, got \"{text}\"") from None
    return dt.datetime.now(ZoneInfo(settings.get("TIMEZONE") or "UTC")).date()


def day_of(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def is_live(window: dict, today: dt.date) -> bool:
    """A scheduled thing shows from `from` (inclusive) until `until` (exclusive)."""
    start, end = window.get("from"), window.get("until")
    return (start is None or day_of(start) <= today) and (end is None or today < day_of(end))
