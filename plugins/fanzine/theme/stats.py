"""Cookieless stats (artist.yml `stats: on`): what the front doors count, named the way the endpoint accepts.

With stats on, the front doors (the home, link pages, release pages, smart
links) load theme/js/stats.js, which sends `{page, target}` to the form
endpoint's /hit (functions/hits.py) when the page opens and when a fan taps a
link marked `data-stats`: the page is the address's path, and nothing at all
is sent when the browser says Do Not Track or Global Privacy Control. The
script is kept tiny (no comments: every byte counts against the front doors'
8 KB budget) and has no fallbacks: a browser without sendBeacon simply
counts nothing. The targets are made here, at build: `link:<label>`
for a link page's button, `service:<name>` for a listen or pre-save button of
a release, `presave`; never the link's own address (it carries campaign tags).
QR codes of link pages encode the page's address with `src=qr`, which the
script reports as an arrival and removes from the address bar.

The privacy page (privacy.html, /privacy/) says what is counted from the same
`stats:` setting; with stats off, nothing is loaded and nothing is counted.
"""
from __future__ import annotations

import hashlib
from urllib.parse import urlsplit, urlunsplit

from ..content.schema import slugify

QR_MARKER = "src=qr"
MAX_NAME = 60  # functions/hits.py accepts a name of up to 60 letters, digits and hyphens


def enabled(settings: dict) -> bool:
    """True when artist.yml says `stats: on` (the check makes sure a form endpoint is set then)."""
    return bool((settings.get("FANZINE_ARTIST") or {}).get("stats"))


def target(name: str, kind: str = "link") -> str:
    """`link:tickets` for a button labelled "Tickets!": what a tap on it is counted as.

    A label with no Latin letters or digits ("ツアー") gets a short digest of
    itself instead, so each button still has a name of its own.
    """
    slug = slugify(str(name), spell_out=False)[:MAX_NAME].strip("-")  # names counted before stay theirs
    if not slug:
        slug = "x" + hashlib.sha256(str(name).encode("utf-8")).hexdigest()[:8]
    return f"{kind}:{slug}"


def qr_address(address: str) -> str:
    """The address a QR code encodes: the page's, marked `src=qr` so that arrivals by QR can be counted."""
    parts = urlsplit(address)
    query = f"{parts.query}&{QR_MARKER}" if parts.query else QR_MARKER
    return urlunsplit(parts._replace(query=query))
