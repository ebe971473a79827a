"""A throwaway PostgreSQL server from Debian's binaries, for the fan store's tests and `make bench`.

    with ThrowawayPostgres() as server:          # initdb in a temp folder, pg_ctl start on a free port
        url = server.create_database("fans")     # postgresql://fanzine@127.0.0.1:<port>/fans
        server.stop(); server.start()            # what the fault tests do mid-run

The server refuses to run as root, so as root the cluster belongs to the
`postgres` user (Debian's package creates it). It listens on 127.0.0.1 only,
trusts local connections (user `fanzine`, no password) and is deleted on exit.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

USER = "fanzine"


class PostgresUnavailableError(RuntimeError):
    """PostgreSQL's server binaries are not installed, or the server would not start."""


def find_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl (Debian: /usr/lib/postgresql/<version>/bin), or None."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: int(Path(path).parent.name)
                        if Path(path).parent.name.isdigit() else 0)
    for folder in reversed(candidates):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb and shutil.which("pg_ctl") else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayPostgres:
    """One PostgreSQL cluster in a temporary folder, started on a free port on 127.0.0.1."""

    def __init__(self, fast: bool = True) -> None:
        """`fast` turns off fsync (tests); `fast=False` keeps PostgreSQL's durable defaults (the bench)."""
        binaries = find_binaries()
        if binaries is None:
            raise PostgresUnavailableError("PostgreSQL is not installed (Debian: apt-get install postgresql).")
        self.bin = binaries
        self.fast = fast
        self.port = _free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="fanzine-pg-"))
        self.data = self.folder / "data"
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            shutil.chown(self.folder, "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", USER, "--no-sync", "-E", "UTF8",
                  "--locale", "C")
        self.running = False

    @property
    def url(self) -> str:
        """The URL of the default `postgres` database."""
        return self.database_url("postgres")

    def database_url(self, name: str) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{name}"

    def _run(self, program: str, *args: str) -> str:
        command = [str(self.bin / program), *args]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120,
                                user="postgres" if self._as_postgres else None, cwd=self.folder)
        if result.returncode != 0:
            raise PostgresUnavailableError(f"{program} failed: {(result.stderr or result.stdout).strip()[-600:]}")
        return result.stdout

    def start(self) -> None:
        """pg_ctl start, waiting until the server accepts connections."""
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
        if self.fast:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start")
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        """pg_ctl stop (fast: open sessions are ended, as when a managed database restarts)."""
        if self.running:
            self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")
            self.running = False

    def sql(self, statement: str) -> None:
        """Run one statement in the `postgres` database (CREATE/DROP DATABASE...)."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(statement)

    def create_database(self, name: str) -> str:
        """A new, empty database; its URL."""
        self.sql(f'CREATE DATABASE "{name}"')
        return self.database_url(name)

    def drop_database(self, name: str) -> None:
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def cleanup(self) -> None:
        try:
            self.stop("immediate")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> ThrowawayPostgres:
        try:
            self.start()
        except BaseException:
            self.cleanup()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.cleanup()
