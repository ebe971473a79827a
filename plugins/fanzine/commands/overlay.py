"""What `make serve` adds to every page it serves: a reload after each build, and the build's mistakes on top.

Every HTML response gets one `<script src="/__fanzine/overlay.js" defer>` (the
pages' own CSP allows scripts and connections to 'self'). The script listens
to /__fanzine/events (Server-Sent Events): after a good build the page
reloads itself; after a save with a mistake it shows the same sentences the
terminal printed (file, key, what was found and what is expected) over the
last good build, which stays served beneath, until the fix is saved. Nothing
of this is ever written to output/: it exists only in the dev server.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tornado import iostream, locks, web, wsgi

from .warm import Outcome

HERE = Path(__file__).parent / "devassets"  # overlay.js and overlay.css
TAG = b'<script src="/__fanzine/overlay.js" defer></script>'
CRASH = ("Something went wrong inside Fanzine. The terminal running `make serve` says what; "
         "still showing the last good build.")


class Events:
    """The state of the builds, pushed to every open page; written from the build thread, read on the loop."""

    def __init__(self, loop) -> None:
        self.loop = loop
        self.builds = 0
        self.state: dict[str, Any] = {"build": f"{os.getpid()}-0", "ok": True, "problems": [], "crash": None}
        self.changed = locks.Condition()

    def publish(self, outcome: Outcome) -> None:
        """Called by the build thread after each build."""
        self.loop.add_callback(self._publish, outcome)

    def _publish(self, outcome: Outcome) -> None:
        if outcome.ok:
            self.builds += 1
        self.state = {"build": f"{os.getpid()}-{self.builds}", "ok": outcome.ok,
                      "problems": outcome.problems, "crash": CRASH if outcome.crash else None}
        self.changed.notify_all()


class EventStream(web.RequestHandler):
    """GET /__fanzine/events: the build state now, then again after every build."""

    def initialize(self, events: Events) -> None:
        self.events = events

    async def get(self) -> None:
        self.set_header("Content-Type", "text/event-stream; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        while True:
            self.write(f"data: {json.dumps(self.events.state)}\n\n")
            try:
                await self.flush()
            except iostream.StreamClosedError:
                return
            await self.events.changed.wait()


class Asset(web.RequestHandler):
    """The overlay's own script and stylesheet (never cached: they are the dev server's, not the site's)."""

    def initialize(self, name: str, kind: str) -> None:
        self.name, self.kind = name, kind

    def get(self) -> None:
        self.set_header("Content-Type", self.kind)
        self.set_header("Cache-Control", "no-store")
        self.write((HERE / self.name).read_bytes())


def with_overlay(page: bytes) -> bytes:
    """The page with the overlay's script, before </head> (or at the end when it has none)."""
    if b"</head>" in page:
        return page.replace(b"</head>", TAG + b"</head>", 1)
    return page + TAG


_SIZED: dict[str, bytes] = {}  # the page as read when its length was sent: its body is that same read


class Pages(web.StaticFileHandler):
    """output/ as the site will be served, every HTML page with the overlay's script; never cached.

    A save may replace a page between the moment its length is sent and the moment its body is: the body is
    the copy the length was measured on (Tornado asks for both in one go on the server's thread), so a page
    is never cut short or sent with bytes over."""

    @classmethod
    def get_content(cls, abspath: str, start: int | None = None, end: int | None = None):
        if abspath.endswith(".html"):
            page = _SIZED.pop(abspath, None)
            return (page if page is not None else with_overlay(Path(abspath).read_bytes()))[start:end]
        return super().get_content(abspath, start, end)

    def get_content_size(self) -> int:
        path = self.absolute_path or ""
        if path.endswith(".html"):
            _SIZED[path] = with_overlay(Path(path).read_bytes())
            return len(_SIZED[path])
        return super().get_content_size()

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-store")

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        missing = Path(self.root) / "404.html"
        if status_code == 404 and missing.is_file():
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(with_overlay(missing.read_bytes()))
            return
        super().write_error(status_code, **kwargs)


def application(events: Events, api=None, output: str = "output", inbox=None) -> web.Application:
    """The dev server: /api/ (the form endpoint), the overlay's paths, the inbox page (a WSGI app), then output/."""
    handlers: list[Any] = [
        (r"/__fanzine/events", EventStream, {"events": events}),
        (r"/__fanzine/overlay\.js", Asset, {"name": "overlay.js", "kind": "text/javascript; charset=utf-8"}),
        (r"/__fanzine/overlay\.css", Asset, {"name": "overlay.css", "kind": "text/css; charset=utf-8"}),
    ]
    if api is not None:
        handlers.insert(0, (r"/api/.*", web.FallbackHandler, {"fallback": wsgi.WSGIContainer(api)}))
    if inbox is not None:  # commands/inboxpage.py: served here only, never written to output/
        handlers.append((r"/__fanzine/inbox/?", web.FallbackHandler, {"fallback": wsgi.WSGIContainer(inbox)}))
    handlers.append((r"/(.*)", Pages, {"path": os.path.abspath(output), "default_filename": "index.html"}))
    return web.Application(handlers)
