"""Campaign tags on outgoing links: utm_source/medium/campaign, added once and only where they mean something."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

FIELDS = ("source", "medium", "campaign")


def add_utm(url: str, utm: dict | None) -> str:
    """`url` with the utm_* parameters it does not already carry.

    Left alone: mailto: and tel: links, links within the site (relative), and
    any parameter the link already has, so an artist's own tags always win.
    """
    if not utm or not url.lower().startswith(("http://", "https://")):
        return url
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    present = {name.lower() for name, _ in query}
    extra = [(f"utm_{field}", utm[field]) for field in FIELDS if utm.get(field) and f"utm_{field}" not in present]
    if not extra:
        return url
    return urlunsplit(parts._replace(query=urlencode(query + extra)))


def merge(*layers: dict | None) -> dict:
    """Later layers win field by field: the artist's defaults, then a page's, then a link's."""
    merged: dict = {}
    for layer in layers:
        merged.update({k: v for k, v in (layer or {}).items() if v})
    return merged
