"""The fan store: everything fans send, in SQLite or PostgreSQL, behind one interface.

    store = open_store("./signups.sqlite3")                   # or "sqlite:///var/lib/fanzine/fans.sqlite3"
    store = open_store("postgresql://fanzine:…@db.example/fans")
    store.add_signup("night-drive", "fan@example.com")

base.py is the interface (`FanStore`: signups, votes, submissions, RSVPs, tap
counts, rate limits, export and erasure), written once in SQL; sqlite.py and
postgresql.py are the engines; migrations.py is the schema, applied on first
use. FANZINE_STORE picks the engine (location.py). Nothing connects until the
first call, so building an endpoint never waits on the store.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from ..errors import StoreError
from .base import (
    SUBMISSION_STATUSES,
    FanStore,
    Rsvp,
    StoredSignup,
    Submission,
    TapCount,
    Vote,
    VoteOutcome,
)
from .location import DEFAULT_STORE, StoreLocation, parse_store, redact

__all__ = [
    "DEFAULT_STORE", "SUBMISSION_STATUSES", "FanStore", "Rsvp", "StoreError", "StoreLocation", "StoredSignup",
    "Submission", "TapCount", "Vote", "VoteOutcome", "open_store", "parse_store", "redact",
]


def open_store(
    location: str | StoreLocation, *, create: bool = True, clock: Callable[[], datetime] | None = None
) -> FanStore:
    """The store at `location` (a FANZINE_STORE value). `create=False` refuses to make a new SQLite file.

    Raises ValueError for a location that cannot be read; connecting (and
    migrating) happens on first use and raises StoreError.
    """
    if isinstance(location, str):
        location = parse_store(location)
    if location.engine == "postgresql":
        from .postgresql import PostgresStore

        return PostgresStore(location, clock=clock)
    from .sqlite import SqliteStore

    return SqliteStore(location, create=create, clock=clock)
