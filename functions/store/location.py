"""Where the fan store lives: FANZINE_STORE read as a SQLite file or a PostgreSQL URL.

A PostgreSQL URL may hold a password, so no message here ever repeats one:
`display` is the location with the password replaced by ``***``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

DEFAULT_STORE = "./signups.sqlite3"
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")
POSTGRESQL_SCHEMES = ("postgresql", "postgres")
EXPECTED = (
    "expected a SQLite file path (./fans.sqlite3 or sqlite:///var/lib/fanzine/fans.sqlite3) "
    "or a PostgreSQL URL (postgresql://user:password@host:5432/dbname)"
)


@dataclass(frozen=True)
class StoreLocation:
    """A parsed FANZINE_STORE: the engine, what to connect to, and a password-free form for messages."""

    engine: str  # "sqlite" or "postgresql"
    target: str  # the SQLite file path, or the PostgreSQL URL as given
    display: str

    def __str__(self) -> str:
        return self.display


def parse_store(raw: str) -> StoreLocation:
    """Read a store location; raise ValueError saying what was expected (never echoing a password)."""
    text = raw.strip()
    if not text:
        raise ValueError(f"{EXPECTED} but received an empty value")
    if any(char in text for char in "\x00\r\n"):
        raise ValueError(f"{EXPECTED} but received a value with a control character in it")
    scheme = SCHEME.match(text)
    if scheme is None:
        if text.lower().startswith("sqlite:"):
            path = text[len("sqlite:"):]
            return _sqlite(path, text)
        return _sqlite(text, text)
    name = scheme.group(1).lower()
    if name == "sqlite":
        path = text[scheme.end():]
        if not path.startswith("/"):
            raise ValueError(
                f"{EXPECTED} but received a sqlite:// URL with a host in it: write sqlite:/// and an absolute path"
            )
        return _sqlite(unquote(path), text)
    if name in POSTGRESQL_SCHEMES:
        return _postgresql(text)
    raise ValueError(f"{EXPECTED} but received a {name}:// URL")


def _sqlite(path: str, given: str) -> StoreLocation:
    if not path.strip():
        raise ValueError(f"{EXPECTED} but received {given!r}, which names no file")
    return StoreLocation("sqlite", path, path)


def _postgresql(url: str) -> StoreLocation:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise ValueError(
            f"{EXPECTED} but received a postgresql:// URL that could not be read "
            "(the value is not repeated here because it may hold a password)"
        ) from None
    return StoreLocation("postgresql", url, redact(url))


def redact(url: str) -> str:
    """The URL with its password (and any password= parameter) replaced by ***."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        user, colon, _password = userinfo.partition(":")
        netloc = f"{user}{':***' if colon else ''}@{hostport}"
    query = re.sub(r"(?i)(^|&)(password|sslpassword)=[^&]*", r"\1\2=***", parts.query)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
