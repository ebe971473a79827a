"""Answering a form a fan posted without JavaScript: back to the page it came from, or a small page of our own.

A browser posting a plain form asks for HTML (`Accept: text/html`); the page's
script asks for JSON. For the first, a success is a 303 See Other back to the
page the form sits on, with a fragment the page shows as a thank-you (`#voted`);
the way back is built from the request's Origin (already checked against the
allowlist) and the form's `back` path, never from anything else the fan sent,
so the endpoint can never send a fan to another site. A refusal, or a form
whose way back is unknown, is a small accessible HTML page with the sentence
and a link back.
"""
from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from .defences import origin_allowed
from .messages import Request, Response

BACK_FIELD = "back"
# A path on the artist's own site: plain segments, no scheme, no "//" host, no backslash, no dots.
BACK_PATH = re.compile(r"/(?:[A-Za-z0-9_~-]+(?:\.[A-Za-z0-9]+)?/?)*")
MAX_BACK = 300
FRAGMENT = re.compile(r"[a-z][a-z0-9-]{0,60}")


def wants_html(request: Request) -> bool:
    """True for a plain form post from a browser (it asks for a page, not JSON)."""
    accept = request.headers.get("accept", "").lower()
    return "text/html" in accept and "application/json" not in accept


def site_origin(request: Request, allowed: tuple[str, ...] | None) -> str | None:
    """The origin of the page that posted, when it is one the endpoint serves; else None."""
    origin = request.headers.get("origin")
    if not origin:
        referer = urlsplit(request.headers.get("referer", ""))
        origin = f"{referer.scheme}://{referer.netloc}" if referer.scheme in ("http", "https") and referer.netloc \
            else None
    if not origin or not origin_allowed(origin, request, allowed):
        return None
    parts = urlsplit(origin.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        return None
    return f"{parts.scheme}://{parts.netloc}"


def back_path(fields: dict[str, object]) -> str | None:
    """The form's `back` path when it is a plain path on the same site."""
    path = fields.get(BACK_FIELD)
    if not isinstance(path, str) or len(path) > MAX_BACK or not BACK_PATH.fullmatch(path):
        return None
    return path


def way_back(request: Request, fields: dict[str, object], allowed: tuple[str, ...] | None) -> str | None:
    """Where the fan's browser goes back to: origin + path, or None when either is unknown."""
    origin, path = site_origin(request, allowed), back_path(fields)
    return origin + path if origin and path else None


def redirect(location: str, fragment: str) -> Response:
    """303 See Other to `location#fragment` (the page shows the state the fragment names)."""
    assert FRAGMENT.fullmatch(fragment), fragment
    return Response(status=303, headers={"Location": f"{location}#{fragment}"}, html="")


def page(status: int, title: str, message: str, back: str | None, headers: dict[str, str] | None = None) -> Response:
    """A small page saying `message`, with a link back to the form when the way back is known."""
    link = f'<p><a href="{html.escape(back)}">Back to the page</a></p>' if back else \
        "<p>Use your browser's back button to return to the page.</p>"
    text = (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{html.escape(title)}</title>\n"
        "<style>body{font:1.125rem/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;"
        "color:#1b1b1f;background:#fff}a{color:#0b57d0}@media (prefers-color-scheme:dark){body{color:#eee;"
        "background:#16161a}a{color:#9ecbff}}</style>\n"
        f"</head>\n<body>\n<main>\n<h1>{html.escape(title)}</h1>\n<p>{html.escape(message)}</p>\n{link}\n"
        "</main>\n</body>\n</html>\n"
    )
    return Response(status=status, headers=dict(headers or {}), html=text)
