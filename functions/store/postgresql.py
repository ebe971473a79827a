"""The fan store in PostgreSQL (psycopg 3), for several instances or serverless hosts.

Suited to short-lived functions: connections are opened on first use and kept
while the instance is warm (a function serving one request at a time holds
one); a connection found dead (the server restarted, the pooler dropped it)
is replaced and the work retried once; connecting gives up after a few
seconds, so a fan waits for a clear "try again" rather than a timeout. Every
statement is sent unprepared, which transaction-mode poolers (PgBouncer,
Supavisor, Neon's pooled URLs) need. psycopg is imported only when a
PostgreSQL store is used: SQLite-only deployments do not need it.
"""
from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from ..errors import StoreError
from . import migrations
from .base import FanStore, Run, T, timestamp
from .location import StoreLocation

CONNECT_TIMEOUT_S = 5
MAX_CONNECTIONS = 4  # per process; a serverless instance uses one
WAIT_FOR_CONNECTION_S = 10.0
# pg_advisory_xact_lock key held while migrating: the bytes of "fanzine".
MIGRATION_LOCK = int.from_bytes(b"fanzine", "big")
MISSING_DRIVER = (
    "A PostgreSQL fan store needs the psycopg package: install it with pip install 'psycopg[binary]' "
    "(it is in Fanzine's dependencies)."
)


def _psycopg():
    try:
        import psycopg
    except ImportError:
        raise StoreError(MISSING_DRIVER) from None
    return psycopg


class PostgresStore(FanStore):
    """The fan store in a PostgreSQL database, migrated on first use."""

    engine = "postgresql"
    # Counts only: the row lock on a hot counter is held until commit, so not waiting for the WAL flush keeps
    # fans from queueing behind the disk (a crash forgets at most the last moment's counts; see count_hit).
    RELAXED_COMMIT = "SET LOCAL synchronous_commit TO OFF"

    def __init__(self, location: StoreLocation, *, clock: Callable[[], datetime] | None = None,
                 max_connections: int = MAX_CONNECTIONS) -> None:
        super().__init__(location, clock)
        self.url = location.target
        self.max_connections = max_connections
        self._idle: list[Any] = []
        self._opened = 0
        self._available = threading.Condition()
        self._migrated = False
        self._migrate_lock = threading.Lock()

    # --- connections ----------------------------------------------------------------------

    def _open(self) -> Any:
        psycopg = _psycopg()
        options: dict[str, Any] = {"autocommit": True, "prepare_threshold": None}
        try:
            given = psycopg.conninfo.conninfo_to_dict(self.url)
        except psycopg.ProgrammingError:
            raise StoreError(f"The fan store URL {self.location} could not be read as a PostgreSQL URL.") from None
        if "connect_timeout" not in given:
            options["connect_timeout"] = CONNECT_TIMEOUT_S
        if "application_name" not in given:
            options["application_name"] = "fanzine"
        try:
            return psycopg.connect(self.url, **options)
        except psycopg.Error as error:
            raise StoreError(f"Could not connect to the fan store at {self.location}: {_first_line(error)}.") from error

    def _acquire(self) -> tuple[Any, bool]:
        """A connection and whether it was used before (and so may have died while idle)."""
        with self._available:
            while not self._idle and self._opened >= self.max_connections:
                if not self._available.wait(WAIT_FOR_CONNECTION_S):
                    raise StoreError(
                        f"All {self.max_connections} connections to the fan store at {self.location} "
                        f"stayed busy for {WAIT_FOR_CONNECTION_S:.0f} s."
                    )
            if self._idle:
                return self._idle.pop(), True
            self._opened += 1
        try:
            return self._open(), False
        except BaseException:
            with self._available:
                self._opened -= 1
                self._available.notify()
            raise

    def _release(self, connection: Any) -> None:
        healthy = not connection.closed and not connection.broken
        if healthy and connection.info.transaction_status != _psycopg().pq.TransactionStatus.IDLE:
            healthy = False  # a transaction left open by an error: start afresh rather than guess
        if not healthy:
            with contextlib.suppress(Exception):  # closing a dead connection may fail in many ways
                connection.close()
        with self._available:
            if healthy:
                self._idle.append(connection)
            else:
                self._opened -= 1
            self._available.notify()

    def _with_connection(self, work: Callable[[Any], T]) -> T:
        """Run `work(connection)`; retry once on a fresh connection if a reused one turns out dead."""
        psycopg = _psycopg()
        for attempt in (1, 2):
            connection, reused = self._acquire()
            try:
                return work(connection)
            except psycopg.OperationalError as error:
                dead = connection.closed or connection.broken
                if attempt == 1 and reused and dead:
                    continue
                reason = _first_line(error)
                raise StoreError(f"The fan store at {self.location} could not be used: {reason}.") from error
            except psycopg.Error as error:
                raise StoreError(f"The fan store at {self.location} refused a change: {_describe(error)}.") from error
            finally:
                self._release(connection)
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        with self._available:
            idle, self._idle = self._idle, []
            self._opened -= len(idle)
        for connection in idle:
            connection.close()

    # --- migrations -----------------------------------------------------------------------

    def _ensure_schema(self) -> None:
        if self._migrated:
            return
        with self._migrate_lock:
            if not self._migrated:
                self._with_connection(self._migrate)
                self._migrated = True

    def _migrate(self, connection: Any) -> None:
        """Apply pending migrations holding an advisory lock: concurrent starters wait, then find them done."""
        with connection.transaction():
            connection.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            connection.execute(migrations.POSTGRESQL_SCHEMA_VERSION)
            current = connection.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
            problem = migrations.newer_than_known(current, self.location.display)
            if problem:
                raise StoreError(problem)
            for migration in migrations.pending(current):
                for statement in migration.postgresql:
                    connection.execute(statement)
                connection.execute(
                    "INSERT INTO schema_version (version, description, applied_at) VALUES (%s, %s, %s)",
                    (migration.version, migration.description, self._clock()),
                )

    # --- the hooks FanStore's SQL runs on ----------------------------------------------------

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        self._ensure_schema()
        statement = _placeholders(sql)
        return self._with_connection(lambda connection: _fetch(connection.execute(statement, list(params))))

    def _atomic(self, work: Callable[[Run], T], write: bool = True) -> T:
        self._ensure_schema()

        def transaction(connection: Any) -> T:
            with connection.transaction():
                if not write:
                    connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                return work(lambda sql, params: _fetch(connection.execute(_placeholders(sql), list(params))))

        return self._with_connection(transaction)

    def _after_load(self, run: Run) -> None:
        # Rows copied with their own numbers: new ones continue after the highest.
        for table in ("votes", "submissions"):
            run(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}", ())


def _placeholders(sql: str) -> str:
    # FanStore's SQL uses ? (no literal ? or % appears in it); psycopg wants %s.
    return sql.replace("?", "%s")


def _fetch(cursor: Any) -> list[tuple]:
    if cursor.description is None:
        return []
    return [tuple(_plain(value) for value in row) for row in cursor.fetchall()]


def _plain(value: Any) -> Any:
    """Times and days as the same ISO text the SQLite engine returns."""
    if isinstance(value, datetime):
        return timestamp(value.astimezone(UTC))
    if isinstance(value, date):
        return value.isoformat()
    return value


def _first_line(error: Exception) -> str:
    """libpq's first line, without its prefixes: 'connection to server at "db", port 5432 failed: ...'."""
    lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    if not lines:
        return type(error).__name__
    line = lines[0].removeprefix("connection failed: ")
    return re.sub(r"\b(FATAL|ERROR):\s+", "", line).rstrip(".")


def _describe(error: Any) -> str:
    # The primary message only: a DETAIL line can quote a row, and so an address.
    diag = getattr(error, "diag", None)
    primary = getattr(diag, "message_primary", None) or type(error).__name__
    return f"{primary} (SQLSTATE {getattr(error, 'sqlstate', None) or '?'})"
