"""Helpers for the endpoint tests: real servers on 127.0.0.1, a recording fake upstream, raw HTTP."""
from __future__ import annotations

import contextlib
import http.client
import json
import socket
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from functions.core import Endpoint
from functions.settings import load_settings
from functions.wsgi import WSGIApp, make_app, make_server
from store_fixtures import StoreUnderTest

SECRET = "correct-horse-battery-staple-0123456789"  # 39 characters: long enough
PASSING_TURNSTILE_SECRET = "1x0000000000000000000000000000000AA"  # Cloudflare's "always passes"
FAILING_TURNSTILE_SECRET = "2x0000000000000000000000000000000AA"  # Cloudflare's "always fails"
SPENT_TURNSTILE_SECRET = "3x0000000000000000000000000000000AA"  # Cloudflare's "token already spent"
SITE = "http://localhost:8000"


def make_endpoint(where: StoreUnderTest | Path, **env: str) -> Endpoint:
    """An Endpoint with a test secret and its fan store (a SQLite file when given a folder), plus FANZINE_* overrides."""
    if isinstance(where, StoreUnderTest):
        environ = {"FANZINE_GATE_SECRET": SECRET, "FANZINE_STORE": where.url, **env}
    else:
        environ = {"FANZINE_GATE_SECRET": SECRET, "FANZINE_DB": str(where / "signups.sqlite3"), **env}
    return Endpoint(load_settings(environ))


@contextlib.contextmanager
def serving(wsgi_app: WSGIApp) -> Iterator[str]:
    """Serve a WSGI app on 127.0.0.1 (free port) in a thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, wsgi_app)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def serving_endpoint(endpoint: Endpoint) -> Iterator[str]:
    """Serve one Endpoint over real HTTP; yield its base URL."""
    with serving(make_app(endpoint)) as base:
        yield base


@dataclass
class Answer:
    """An HTTP response as the tests look at it."""

    status: int
    headers: dict[str, str]
    raw: bytes

    @property
    def json(self) -> object:
        return json.loads(self.raw.decode("utf-8"))


def send(base: str, method: str, path: str, body: bytes | str | dict | None = None, headers: Mapping[str, str] | None = None) -> Answer:
    """One request with http.client (a dict body is sent as JSON)."""
    host, port = base.removeprefix("http://").split(":")
    headers = dict(headers or {})
    if isinstance(body, dict):
        body = json.dumps(body)
        headers.setdefault("Content-Type", "application/json")
    if isinstance(body, str):
        body = body.encode("utf-8")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        raw = response.read()
        return Answer(response.status, {name.lower(): value for name, value in response.getheaders()}, raw)
    finally:
        connection.close()


def send_raw(base: str, head: str, body: bytes = b"", close_write: bool = True) -> Answer:
    """Send hand-written request bytes (for lying headers); parse the answer with http.client."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head.replace("\n", "\r\n").encode("latin-1") + b"\r\n" + body)
        if close_write:
            # End of what we send: a server waiting for the announced length sees EOF.
            sock.shutdown(socket.SHUT_WR)
        response = http.client.HTTPResponse(sock)
        response.begin()
        raw = response.read()
        return Answer(response.status, {name.lower(): value for name, value in response.getheaders()}, raw)


def rows(db: StoreUnderTest | Path) -> list[tuple[str, str, int]]:
    """(page, email, consent) of every signup in the store (or SQLite file), in insertion order."""
    if isinstance(db, StoreUnderTest):
        return db.rows()
    with contextlib.closing(sqlite3.connect(db)) as connection:
        return connection.execute("SELECT page, email, consent FROM signups ORDER BY rowid").fetchall()


def integrity(db: StoreUnderTest | Path) -> str:
    """The engine's own verdict on the store ("ok" when intact)."""
    if isinstance(db, StoreUnderTest):
        return db.integrity()
    with contextlib.closing(sqlite3.connect(db)) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


@dataclass
class Received:
    """One request a fake upstream received."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> object:
        return json.loads(self.body.decode("utf-8"))


Reply = tuple[int, object]  # (status, JSON body or None)


@dataclass
class FakeUpstream:
    """A local stand-in for Buttondown, beehiiv, Discord or Cloudflare that records every request."""

    respond: Callable[[Received], Reply] = lambda received: (201, {"id": "fake"})
    received: list[Received] = field(default_factory=list)
    url: str = ""

    @contextlib.contextmanager
    def running(self) -> Iterator[FakeUpstream]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length", 0))
                received = Received(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length))
                fake.received.append(received)
                status, body = fake.respond(received)
                payload = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        thread.start()
        self.url = f"http://127.0.0.1:{server.server_port}"
        try:
            yield self
        finally:
            server.shutdown()
            server.server_close()


def cloudflare_siteverify(received: Received) -> Reply:
    """Answer like Cloudflare's siteverify does for its published test secret keys."""
    from urllib.parse import parse_qs

    form = {name: values[0] for name, values in parse_qs(received.body.decode()).items()}
    secret = form.get("secret", "")
    if secret == PASSING_TURNSTILE_SECRET:
        return 200, {"success": True, "error-codes": [], "challenge_ts": "2026-11-21T05:41:00Z", "hostname": "localhost"}
    if secret == SPENT_TURNSTILE_SECRET:
        return 200, {"success": False, "error-codes": ["timeout-or-duplicate"]}
    if secret == FAILING_TURNSTILE_SECRET:
        return 200, {"success": False, "error-codes": ["invalid-input-response"]}
    return 200, {"success": False, "error-codes": ["invalid-input-secret"]}
