"""Releases: upcoming or out by date, running times, and the discography's order."""
from __future__ import annotations

import datetime as dt

from .calendar import day_of
from .platforms import PLATFORMS


def prepare(release, today: dt.date) -> None:
    """Set what a release page shows on the day of the build."""
    release.day = day_of(release.release_date)
    release.is_upcoming = today < release.day
    release.days_to_go = (release.day - today).days if release.is_upcoming else 0
    release.tracklist = release.metadata.get("tracks", [])
    known = [t["duration"] for t in release.tracklist if t.get("duration")]
    release.running_time = sum(known) if known and len(known) == len(release.tracklist) else None
    release.buttons = platform_buttons(release.metadata.get("links", {}), release.is_upcoming)


def platform_buttons(links: dict, upcoming: bool) -> list[dict]:
    """One button per link, known services first in the order fans look for them."""
    order = list(PLATFORMS)
    buttons = []
    for key, link in links.items():
        if upcoming and not link.get("available_before_release"):
            continue
        platform = PLATFORMS.get(key)
        buttons.append({
            "key": key,
            "name": link.get("label") or platform.name,
            "action": platform.action if platform else "Open on",
            "url": link["url"],
            "icon": key if platform else "link",
            "rank": order.index(key) if platform else len(order),
        })
    return sorted(buttons, key=lambda b: b["rank"])


def discography_order(releases: list) -> list:
    """Upcoming first (soonest on top), then the rest newest first."""
    upcoming = sorted((r for r in releases if r.is_upcoming), key=lambda r: r.day)
    out = sorted((r for r in releases if not r.is_upcoming), key=lambda r: r.day, reverse=True)
    return upcoming + out


def clock(seconds: int | None) -> str:
    """3:41, or 1:02:03 past an hour."""
    if seconds is None:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
