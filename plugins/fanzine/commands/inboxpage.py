"""The dev server's local inbox page (/__fanzine/inbox): pending submissions with Approve and Reject buttons.

Served by `make serve` only, never written to output/. It acts on the artist's
content and fan store, so a web page a fan sends the artist must not be able
to use it through their browser: it answers only on a loopback address
(127.0.0.1, ::1, localhost, which also defeats DNS rebinding), a POST must come
from this page itself (its Origin, or else its Referer, is this server) and
carry this server run's random token, and the page may not be framed.
Approving writes content/fans/<call>/<number>.md exactly as `fanzine approve`
does; the dev server sees the new file and rebuilds.
"""
from __future__ import annotations

import hmac
import html
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from ..errors import FanzineError
from . import inbox

PATH = "/__fanzine/inbox"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
MAX_FORM = 4096
HEADERS = [
    ("Content-Type", "text/html; charset=utf-8"),
    ("Cache-Control", "no-store"),
    ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                                "frame-ancestors 'none'; base-uri 'none'"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("X-Content-Type-Options", "nosniff"),
]
STYLE = ("body{font:1rem/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1f;"
         "background:#fff}li{margin:0 0 1rem;padding:.75rem;border:1px solid #ccc;border-radius:.5rem;list-style:"
         "none}ul{padding:0}pre{white-space:pre-wrap;margin:.25rem 0}button{font:inherit;padding:.25rem .75rem;"
         "margin-right:.5rem}.note{padding:.5rem .75rem;background:#eef6ee;border-left:4px solid #2e7d32}"
         "@media (prefers-color-scheme:dark){body{color:#eee;background:#16161a}li{border-color:#444}"
         ".note{background:#1e2a1e}}")


def host_only(host_header: str) -> str:
    host = host_header.strip().lower()
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if ":" in host else host


def same_server(environ: dict) -> bool:
    """The POST comes from a page of this server: its Origin (or Referer) names the Host it was sent to."""
    host = environ.get("HTTP_HOST", "")
    origin = environ.get("HTTP_ORIGIN")
    if origin is None:
        referer = urlsplit(environ.get("HTTP_REFERER", ""))
        origin = f"{referer.scheme}://{referer.netloc}" if referer.netloc else ""
    return bool(host) and origin.lower() in (f"http://{host}".lower(), f"https://{host}".lower())


def make_app(content: str | Path, opener: Callable[[], Any] | None = None, token: str | None = None):
    """The inbox page as a WSGI app, for the content folder `content` and the store `opener()` opens."""
    token = token or secrets.token_urlsafe(32)
    content = Path(content)
    open_store = opener or (lambda: inbox._open(None))

    def page(status: str, start_response, notes: list[str], code: int = 200) -> Iterable[bytes]:
        try:
            store = open_store()
        except FanzineError as error:
            waiting, problem = [], str(error)
        else:
            try:
                waiting, problem = inbox.pending(store), ""
            finally:
                store.close()
        body = render(waiting, notes + ([problem] if problem else []), token)
        start_response(status, HEADERS + [("Content-Length", str(len(body)))])
        return [body]

    def app(environ: dict, start_response) -> Iterable[bytes]:
        if host_only(environ.get("HTTP_HOST", "")) not in LOOPBACK_HOSTS or \
                environ.get("REMOTE_ADDR", "") not in ("127.0.0.1", "::1"):
            return refuse(start_response, "403 Forbidden", "The inbox page only answers on 127.0.0.1 (make serve).")
        path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
        if path.rstrip("/") != PATH:
            return refuse(start_response, "404 Not Found", "Nothing here: the inbox is at " + PATH)
        method = environ.get("REQUEST_METHOD", "GET")
        if method == "GET":
            return page("200 OK", start_response, [])
        if method != "POST":
            return refuse(start_response, "405 Method Not Allowed", "Use the page's buttons.")
        form = read_form(environ)
        if not same_server(environ) or not hmac.compare_digest(form.get("token", ""), token):
            return refuse(start_response, "403 Forbidden", "This request did not come from the inbox page "
                                                           "(reload it and try again).")
        return page("200 OK", start_response, [review(form, content, open_store)])

    return app


def read_form(environ: dict) -> dict[str, str]:
    try:
        length = min(int(environ.get("CONTENT_LENGTH") or 0), MAX_FORM)
    except ValueError:
        length = 0
    raw = environ["wsgi.input"].read(length).decode("utf-8", "replace") if length else ""
    return dict(parse_qsl(raw, keep_blank_values=True, max_num_fields=8))


def review(form: dict[str, str], content: Path, open_store) -> str:
    """Approve or reject the submission the button names; the sentence `fanzine approve` would print."""
    number = form.get("id", "")
    named = number.isascii() and number.isdigit() and len(number) <= 18
    if not named or form.get("action") not in ("approve", "reject"):
        return "That button did not name a submission."
    store = open_store()
    try:
        if form["action"] == "approve":
            return inbox.approve(store, content, int(number)).message
        return inbox.reject(store, int(number)).message
    finally:
        store.close()


def refuse(start_response, status: str, message: str) -> Iterable[bytes]:
    body = f"<!doctype html><html lang=en><title>Inbox</title><p>{html.escape(message)}</p>".encode()
    start_response(status, HEADERS + [("Content-Length", str(len(body)))])
    return [body]


def render(waiting: list, notes: list[str], token: str) -> bytes:
    """The page: what was just done, then every pending submission (fans' words escaped) with its two buttons."""
    parts = ["<!doctype html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">', '<meta name="robots" '
             'content="noindex">', "<title>Inbox · Fanzine</title>", f"<style>{STYLE}</style>", "</head>",
             "<body>", "<main>", "<h1>Inbox</h1>",
             "<p>What fans sent to your calls, waiting for you. Approving writes it into content/fans/ and the "
             "site rebuilds; nothing is published until you approve it. Only you see this page: it exists "
             "while <code>make serve</code> runs.</p>"]
    parts += [f'<p class="note" role="status">{html.escape(note)}</p>' for note in notes]
    if not waiting:
        parts.append("<p>No submissions are waiting for review.</p>")
    else:
        parts.append("<ul>")
        for item in waiting:
            when = item.created_at.replace("T", " ").removesuffix("Z")
            parts.append(f"<li><p><strong>#{item.id}</strong> for <code>{html.escape(item.call)}</code> from "
                         f"<strong>{html.escape(item.name)}</strong>, {html.escape(when)} UTC</p>")
            if item.text:
                parts.append(f"<pre>{html.escape(item.text)}</pre>")
            if item.url:
                parts.append(f"<p>Link (not opened here): <code>{html.escape(item.url)}</code></p>")
            parts.append(f'<form method="post" action="{PATH}"><input type="hidden" name="token" value="{token}">'
                         f'<input type="hidden" name="id" value="{item.id}">'
                         f'<button name="action" value="approve">Approve #{item.id}</button>'
                         f'<button name="action" value="reject">Reject #{item.id}</button></form></li>')
        parts.append("</ul>")
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts).encode("utf-8")
