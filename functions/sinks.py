"""Where signups go: a SQLite file, Buttondown, beehiiv, and a Discord webhook.

Order, so that a failure never leaves a signup half-written:
1. If the SQLite sink is on and already holds this (page, email), the signup
   was fully recorded before: nothing is sent again (a fan clicking twice
   does not get two welcome emails or two Discord posts).
2. The remote sinks run in the order FANZINE_SINKS lists them. The first
   failure stops the signup: the fan is asked to try again, and nothing is
   written to SQLite.
3. The SQLite row is written last, in one transaction. A retry after a
   failure re-sends to the newsletter providers, which treat an address they
   already have as a success.
"""
from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Protocol
from urllib.parse import quote

from . import outbound
from .errors import SinkError
from .settings import Settings
from .validation import Signup

NEWSLETTER_PAGE = ""  # the `page` column of a newsletter signup (no gated page)
SCHEMA = """
CREATE TABLE IF NOT EXISTS signups (
    page TEXT NOT NULL,
    email TEXT NOT NULL COLLATE NOCASE,
    consent INTEGER NOT NULL CHECK (consent IN (0, 1)),
    created_at TEXT NOT NULL,
    UNIQUE (page, email)
)
"""


class RemoteSink(Protocol):
    """A service told about each new signup."""

    name: str

    def send(self, signup: Signup) -> None:
        """Deliver one signup; raise SinkError when the service does not accept it."""


class SqliteSink:
    """The embedded default: one row per (page, email) in a SQLite file."""

    name = "sqlite"

    def __init__(self, path: str) -> None:
        self.path = path
        self._ready = False
        self._lock = threading.Lock()
        # Threads of one process take turns to write: SQLite's own busy wait
        # backs off in steps of up to 100 ms, which a burst of fans would feel.
        self._write_lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=5.0)
        try:
            if not self._ready:
                with self._lock:
                    if not self._ready:
                        # WAL lets the artist read the file while fans sign up.
                        connection.execute("PRAGMA journal_mode=WAL")
                        connection.execute(SCHEMA)
                        self._ready = True
        except BaseException:
            connection.close()
            raise
        return connection

    def holds(self, signup: Signup) -> bool:
        """True when this fan already signed up for this page (or the newsletter)."""
        with _sqlite_errors(self.path, "could not read"):
            connection = self._connect()
            try:
                row = connection.execute(
                    "SELECT 1 FROM signups WHERE page = ? AND email = ?", (_page_column(signup), signup.email)
                ).fetchone()
            finally:
                connection.close()
        return row is not None

    def record(self, signup: Signup) -> None:
        """Write the signup in one transaction; a duplicate is left as it was."""
        created_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with _sqlite_errors(self.path, "could not write to"), self._write_lock:
            connection = self._connect()
            try:
                with connection:  # commits, or rolls back on error
                    connection.execute(
                        "INSERT OR IGNORE INTO signups (page, email, consent, created_at) VALUES (?, ?, 1, ?)",
                        (_page_column(signup), signup.email, created_at),
                    )
            finally:
                connection.close()


@contextmanager
def _sqlite_errors(path: str, action: str) -> Iterator[None]:
    """Turn SQLite and file-system errors into a SinkError that names the file."""
    try:
        yield
    except (sqlite3.Error, OSError) as error:
        hint = ""
        if "readonly" in str(error) or "unable to open" in str(error):
            hint = (
                " Serverless hosts have a read-only, temporary disk: use the buttondown, beehiiv"
                " or webhook sink there (FANZINE_SINKS), or point FANZINE_DB at /tmp (not kept)."
            )
        raise SinkError("sqlite", f"{action} FANZINE_DB {path!r}: {error}.{hint}") from error


def _page_column(signup: Signup) -> str:
    return signup.page if signup.page is not None else NEWSLETTER_PAGE


class ButtondownSink:
    """Adds the fan to a Buttondown newsletter (POST /v1/subscribers)."""

    name = "buttondown"

    def __init__(self, settings: Settings) -> None:
        self.url = f"{settings.buttondown_url}/subscribers"
        self.api_key = settings.buttondown_api_key
        self.tags = settings.buttondown_tags
        self.timeout = settings.sink_timeout

    def tags_for(self, signup: Signup) -> list[str]:
        """The configured tags, with {page} filled in (dropped for newsletter signups)."""
        if signup.page is None:
            return [tag for tag in self.tags if "{page}" not in tag]
        return [tag.replace("{page}", signup.page) for tag in self.tags]

    def send(self, signup: Signup) -> None:
        payload = {"email_address": signup.email, "tags": self.tags_for(signup)}
        reply = _post(self.name, self.url, payload, {"Authorization": f"Token {self.api_key}"}, self.timeout)
        if 200 <= reply.status < 300 or _already_subscribed(reply):
            return
        raise SinkError(self.name, f"HTTP {reply.status}{_error_code(reply)}")


class BeehiivSink:
    """Adds the fan to a beehiiv publication (POST /v2/publications/{id}/subscriptions)."""

    name = "beehiiv"

    def __init__(self, settings: Settings) -> None:
        publication = quote(settings.beehiiv_publication_id, safe="")
        self.url = f"{settings.beehiiv_url}/publications/{publication}/subscriptions"
        self.api_key = settings.beehiiv_api_key
        self.welcome_email = settings.beehiiv_welcome_email
        self.timeout = settings.sink_timeout

    def payload_for(self, signup: Signup) -> dict[str, object]:
        """The subscription as beehiiv's API documents it."""
        payload: dict[str, object] = {
            "email": signup.email,
            # Someone who unsubscribed stays unsubscribed unless they do it themselves.
            "reactivate_existing": False,
            "send_welcome_email": self.welcome_email,
            "utm_source": "fanzine",
            "utm_medium": "newsletter" if signup.page is None else "early-access",
        }
        if signup.page is not None:
            payload["utm_campaign"] = signup.page
        return payload

    def send(self, signup: Signup) -> None:
        headers = {"Authorization": f"Bearer {self.api_key}"}
        reply = _post(self.name, self.url, self.payload_for(signup), headers, self.timeout)
        if not 200 <= reply.status < 300:
            raise SinkError(self.name, f"HTTP {reply.status}{_error_code(reply)}")


class WebhookSink:
    """Tells a Discord channel that someone signed up, never who."""

    name = "webhook"

    def __init__(self, settings: Settings) -> None:
        self.url = settings.webhook_url
        self.timeout = settings.sink_timeout

    @staticmethod
    def message_for(signup: Signup) -> dict[str, object]:
        """The Discord message: the page, no address, and no @mentions."""
        if signup.page is None:
            content = "New newsletter signup"
        else:
            content = f"New early-access signup for {signup.page}"
        return {"content": content, "allowed_mentions": {"parse": []}}

    def send(self, signup: Signup) -> None:
        reply = _post(self.name, self.url, self.message_for(signup), {}, self.timeout)
        if not 200 <= reply.status < 300:
            raise SinkError(self.name, f"HTTP {reply.status}")


def _post(sink: str, url: str, payload: object, headers: dict[str, str], timeout: float) -> outbound.Reply:
    try:
        return outbound.post_json(url, payload, headers, timeout)
    except OSError as error:
        raise SinkError(sink, f"no answer ({error})") from error


def _already_subscribed(reply: outbound.Reply) -> bool:
    """Buttondown refuses an address it already has; for a retried signup that is success."""
    answer = reply.json()
    code = answer.get("code") if isinstance(answer, dict) else None
    return reply.status in (400, 409) and isinstance(code, str) and "already" in code


def _error_code(reply: outbound.Reply) -> str:
    # Only a short machine code is logged: provider messages may quote the address.
    answer = reply.json()
    code = answer.get("code") if isinstance(answer, dict) else None
    return f" ({code[:80]})" if isinstance(code, str) else ""


def remote_sinks(settings: Settings) -> list[RemoteSink]:
    """The remote sinks FANZINE_SINKS names, in its order."""
    makers = {"buttondown": ButtondownSink, "beehiiv": BeehiivSink, "webhook": WebhookSink}
    return [makers[name](settings) for name in settings.sinks if name in makers]


def record_signup(signup: Signup, remote: list[RemoteSink], store: SqliteSink | None) -> None:
    """Record one signup in every sink, SQLite last (see the module docstring)."""
    if store is not None and store.holds(signup):
        return
    for sink in remote:
        sink.send(signup)
    if store is not None:
        store.record(signup)
