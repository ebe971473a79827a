"""The embedded engine: the fan store in one SQLite file (the default, and what `make serve` uses).

One connection per process, shared by its threads under a lock: a statement
takes tens of microseconds, so threads taking turns is faster than each
waiting on SQLite's file lock. Processes sharing the file (two gunicorn
workers, two instances on one machine) do wait for each other: SQLite's own
busy handler sleeps 1, 2, 5, 10... up to 100 ms between tries, which a burst
of fans feels, so a busy file is retried here after a fraction of a
millisecond instead, for up to 5 seconds. WAL lets readers (the artist's
export, a backup) work while fans write; synchronous=NORMAL makes a commit a
write to the WAL without waiting for the disk: a power cut may lose the last
moments, never corrupt the file. Copying the WAL back into the file (a
checkpoint, with a disk flush) is done by a background thread once a second,
not by whichever fan's signup happens to fill the WAL.
"""
from __future__ import annotations

import contextlib
import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import StoreError
from . import migrations
from .base import FanStore, Run, T, timestamp
from .location import StoreLocation

BUSY_TIMEOUT_S = 5.0
FIRST_RETRY_S = 0.0001  # then doubling, up to
LONGEST_RETRY_S = 0.002
SQLITE_BUSY = 5
CHECKPOINT_EVERY_S = 1.0
# A backstop only: should the background checkpoint not run, SQLite's own takes over at 40 MB of WAL.
AUTOCHECKPOINT_PAGES = 10_000
SERVERLESS_HINT = (
    " Serverless hosts (Vercel, Lambda) have a read-only, temporary disk:"
    " set FANZINE_STORE to a PostgreSQL URL there (see docs/endpoint.md)."
)


class SqliteStore(FanStore):
    """The fan store in a SQLite file, created (with its folder's permission) on first use."""

    engine = "sqlite"
    ROW_ID = "rowid"
    LEAST, GREATEST = "min", "max"  # SQLite's two-argument scalar min() and max()

    def __init__(
        self, location: StoreLocation, *, create: bool = True, clock: Callable[[], datetime] | None = None
    ) -> None:
        super().__init__(location, clock)
        self.path = location.target
        self.create = create
        self._connection: sqlite3.Connection | None = None
        self._checkpoints: _Checkpointer | None = None
        self._lock = threading.RLock()

    def _open(self) -> sqlite3.Connection:
        # timeout=0: SQLite answers "busy" at once and _retrying() waits (see the module docstring).
        if self.create:
            return sqlite3.connect(self.path, timeout=0, isolation_level=None, check_same_thread=False)
        if Path(self.path).is_dir():
            raise StoreError(f"There is no fan store at {self.path}: it is a folder, not a SQLite file.")
        if not Path(self.path).is_file():
            raise StoreError(f"There is no fan store at {self.path}: the file does not exist.")
        uri = "file:" + quote(os.path.abspath(self.path)) + "?mode=rw"
        return sqlite3.connect(uri, uri=True, timeout=0, isolation_level=None, check_same_thread=False)

    def _connect(self) -> sqlite3.Connection:
        if self._connection is not None:
            return self._connection
        connection = self._open()
        try:
            if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_PAGES}")
            self._migrate(connection)
        except BaseException:
            connection.close()
            raise
        self._connection = connection
        self._checkpoints = _Checkpointer(self._open)
        self._checkpoints.start()
        return connection

    def _migrate(self, connection: sqlite3.Connection) -> None:
        """Apply pending migrations under BEGIN IMMEDIATE: one process migrates, the others wait, then see it done."""
        if self._current_version(connection) == migrations.LATEST:
            return
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.execute(migrations.SQLITE_SCHEMA_VERSION)
            current = self._current_version(connection)
            problem = migrations.newer_than_known(current, self.location.display)
            if problem:
                raise StoreError(problem)
            for migration in migrations.pending(current):
                for statement in migration.sqlite:
                    connection.execute(statement)
                connection.execute(
                    "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                    (migration.version, migration.description, timestamp(self._clock())),
                )
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise

    @staticmethod
    def _current_version(connection: sqlite3.Connection) -> int:
        exists = connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")
        if exists.fetchone() is None:
            return 0
        return int(connection.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0])

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        with self._errors(), self._lock:
            return _retrying(lambda: self._connect().execute(sql, _parameters(params)).fetchall())

    def _atomic(self, work: Callable[[Run], T], write: bool = True) -> T:
        def transaction() -> T:
            connection = self._connect()

            def run(sql: str, params: Sequence[Any]) -> list[tuple]:
                return connection.execute(sql, _parameters(params)).fetchall()

            # IMMEDIATE takes the write lock up front, so the transaction never
            # fails half-way for want of it; a plain BEGIN reads one snapshot.
            connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                result = work(run)
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
            return result

        with self._errors(), self._lock:
            return _retrying(transaction)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Turn SQLite and file-system errors into a StoreError naming the file and what to do."""
        try:
            yield
        except StoreError:
            raise
        except (sqlite3.Error, OSError) as error:
            if isinstance(error, sqlite3.OperationalError):
                self.close()  # a fresh connection next time, in case the file was moved or fixed
            raise StoreError(f"The fan store {self.path!r} could not be used: {error}.{_hint(error)}") from error

    def close(self) -> None:
        with self._lock:
            if self._checkpoints is not None:
                self._checkpoints.stop()
                self._checkpoints = None
            if self._connection is not None:
                connection, self._connection = self._connection, None
                with contextlib.suppress(sqlite3.Error):
                    connection.close()


class _Checkpointer(threading.Thread):
    """Checkpoints the WAL once a second on a connection of its own, off the fans' requests."""

    def __init__(self, connect: Callable[[], sqlite3.Connection]) -> None:
        super().__init__(name="fanzine-store-checkpoint", daemon=True)
        self._connect = connect
        self._stopping = threading.Event()

    def run(self) -> None:
        connection = None
        while not self._stopping.wait(CHECKPOINT_EVERY_S):
            try:
                connection = connection or self._connect()
                # PASSIVE never waits for, nor blocks, the writers.
                connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            except (sqlite3.Error, StoreError, OSError):
                pass  # busy, moved or read-only: the next second tries again, the backstop remains
        if connection is not None:
            connection.close()

    def stop(self) -> None:
        self._stopping.set()


def _retrying(attempt: Callable[[], T]) -> T:
    """Run `attempt` again while the file is busy (another process writing), for up to BUSY_TIMEOUT_S.

    Safe because a busy statement or transaction changed nothing: it is
    refused before it starts, or rolled back whole.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    pause = FIRST_RETRY_S
    while True:
        try:
            return attempt()
        except sqlite3.OperationalError as error:
            if getattr(error, "sqlite_errorcode", 0) & 0xFF != SQLITE_BUSY or time.monotonic() > deadline:
                raise
        time.sleep(pause * (0.5 + random.random()))  # jitter: two waiting processes do not retry in step
        pause = min(pause * 2, LONGEST_RETRY_S)


def _hint(error: Exception) -> str:
    code = getattr(error, "sqlite_errorname", "")
    text = str(error)
    if code == "SQLITE_FULL" or "disk is full" in text:
        return " The disk is full: free some space and signups resume by themselves."
    if code.startswith("SQLITE_IOERR"):
        return (
            " The disk could not be written (is it full, or failing?): once it is fixed, signups resume by themselves."
        )
    if code.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")) or "readonly" in text or "unable to open" in text:
        return SERVERLESS_HINT
    return ""


def _parameters(params: Sequence[Any]) -> list[Any]:
    """Times and days as the ISO text the SQLite file holds."""
    converted = []
    for value in params:
        if isinstance(value, datetime):
            value = timestamp(value)
        elif isinstance(value, date):
            value = value.isoformat()
        converted.append(value)
    return converted
