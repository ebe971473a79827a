"""Structured data for search engines and link previews: JSON-LD made safe to embed in a page."""
from __future__ import annotations

import json

from markupsafe import Markup


def json_ld(data: dict) -> Markup:
    """A <script type="application/ld+json"> element that no value can close or break.

    <, > and & are written as JSON's \\u escapes: still the same strings to any
    JSON parser, but "</script>" and "<!--" cannot appear in the page.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def iso_duration(seconds: int | None) -> str | None:
    """ISO 8601 duration (PT3M41S) for schema.org."""
    if seconds is None:
        return None
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + f"{secs}S"
