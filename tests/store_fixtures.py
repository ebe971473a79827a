"""Fixtures that run a test on both fan store engines: SQLite in tmp_path, and a real PostgreSQL server.

`store` (per test) and `module_store` (per module) are parametrized over
ENGINES. The PostgreSQL server (scripts/pgtemp.py: Debian's binaries, initdb
in a temp folder, a free port) starts once per session, only when a
PostgreSQL test runs; each test gets a database of its own, dropped after it.
Without PostgreSQL installed those tests skip, except under CI=true, where
they fail: CI must prove both engines.
"""
from __future__ import annotations

import contextlib
import importlib.util
import itertools
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import pgtemp  # noqa: E402

ENGINES = ("sqlite", "postgresql")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
_names = itertools.count(1)


class StoreUnderTest:
    """One fan store a test uses: its URL for FANZINE_STORE, and direct reads that bypass the store's code."""

    def __init__(self, engine: str, url: str, path: Path | None = None) -> None:
        self.engine = engine
        self.url = url
        self.path = path  # the SQLite file

    def __repr__(self) -> str:
        return f"StoreUnderTest({self.engine}, {self.url})"

    def sql(self, statement: str, params: tuple = ()) -> list[tuple]:
        """Run SQL straight on the database (SQLite ? or PostgreSQL %s placeholders)."""
        if self.engine == "sqlite":
            with contextlib.closing(sqlite3.connect(self.path)) as connection:
                rows = connection.execute(statement, params).fetchall()
                connection.commit()
                return rows
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            cursor = connection.execute(statement, params)
            return cursor.fetchall() if cursor.description else []

    def exists(self) -> bool:
        """True once the endpoint has created the store's tables."""
        if self.engine == "sqlite":
            return self.path.exists()
        return bool(self.sql("SELECT 1 FROM pg_tables WHERE tablename = 'schema_version'"))

    def rows(self) -> list[tuple[str, str, int]]:
        """(page, email, consent) of every signup, in insertion order."""
        if not self.exists():
            return []
        if self.engine == "sqlite":
            return self.sql("SELECT page, email, consent FROM signups ORDER BY rowid")
        return self.sql("SELECT page, email, consent::int FROM signups ORDER BY id")

    def count(self, table: str) -> int:
        return self.sql(f"SELECT count(*) FROM {table}")[0][0]

    def integrity(self) -> str:
        """The engine's verdict ("ok" when intact): SQLite's integrity_check, or PostgreSQL's amcheck on every index."""
        if self.engine == "sqlite":
            return self.sql("PRAGMA integrity_check")[0][0]
        self.sql("CREATE EXTENSION IF NOT EXISTS amcheck")
        indexes = self.sql(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'"
        )
        for (index,) in indexes:
            self.sql("SELECT bt_index_check(%s::regclass, true)", (index,))
        return "ok"


def postgres_missing_reason() -> str | None:
    if pgtemp.find_binaries() is None:
        return "PostgreSQL is not installed (Debian: apt-get install postgresql)"
    if importlib.util.find_spec("psycopg") is None:
        return "psycopg is not installed (pip install 'psycopg[binary]')"
    return None


def skip_without_postgres() -> None:
    """Skip the test where PostgreSQL is missing, but fail under CI, which must test both engines."""
    reason = postgres_missing_reason()
    if reason is None:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {reason}: .ci/run must install it", pytrace=False)
    pytest.skip(f"{reason}: the PostgreSQL fan store is not tested here")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[pgtemp.ThrowawayPostgres]:
    """One throwaway PostgreSQL server for the session (started on first use)."""
    skip_without_postgres()
    with pgtemp.ThrowawayPostgres() as server:
        yield server


@contextlib.contextmanager
def store_for(engine: str, request: pytest.FixtureRequest, folder: Path) -> Iterator[StoreUnderTest]:
    """A fresh, empty store of `engine`: a SQLite file in `folder`, or a new PostgreSQL database."""
    if engine == "sqlite":
        path = folder / "signups.sqlite3"
        yield StoreUnderTest("sqlite", str(path), path)
        return
    server = request.getfixturevalue("postgres_server")
    name = f"fanzine_test_{next(_names)}"
    url = server.create_database(name)
    try:
        yield StoreUnderTest("postgresql", url)
    finally:
        server.drop_database(name)


@pytest.fixture(params=ENGINES)
def store(request, tmp_path) -> Iterator[StoreUnderTest]:
    """A fresh, empty fan store for one test, on each engine in turn."""
    with store_for(request.param, request, tmp_path) as under_test:
        yield under_test


@pytest.fixture(scope="module", params=ENGINES)
def module_store(request, tmp_path_factory) -> Iterator[StoreUnderTest]:
    """A fan store shared by a module's tests, on each engine in turn."""
    with store_for(request.param, request, tmp_path_factory.mktemp(request.param)) as under_test:
        yield under_test
