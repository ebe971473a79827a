"""functions/store: the fan store's interface on both engines, its migrations, and where FANZINE_STORE points.

Every behaviour test runs on SQLite and on a real PostgreSQL server (the
`store` fixture, tests/store_fixtures.py) and reads the tables back directly,
not through the code under test.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from functions.errors import StoreError
from functions.settings import load_settings
from functions.store import VoteOutcome, open_store, parse_store, redact
from functions.store.migrations import LATEST, MIGRATIONS
from functions.store.postgresql import PostgresStore

ROOT = Path(__file__).resolve().parent.parent


class Clock:
    """A wall clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 21, 5, 41, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def fans(store, clock):
    """The store under test, opened through the interface, with a hand-moved clock."""
    fan_store = open_store(store.url, clock=clock)
    yield fan_store
    fan_store.close()


# --- FANZINE_STORE ------------------------------------------------------------------

@pytest.mark.parametrize("raw, engine, target", [
    ("./signups.sqlite3", "sqlite", "./signups.sqlite3"),
    ("/var/lib/fanzine/fans.sqlite3", "sqlite", "/var/lib/fanzine/fans.sqlite3"),
    ("sqlite:///var/lib/fanzine/fans.sqlite3", "sqlite", "/var/lib/fanzine/fans.sqlite3"),
    ("sqlite:fans.sqlite3", "sqlite", "fans.sqlite3"),
    ("  fans db.sqlite3 ", "sqlite", "fans db.sqlite3"),
    ("postgresql://fanzine:s3cret@db.example:5432/fans", "postgresql", "postgresql://fanzine:s3cret@db.example:5432/fans"),
    ("postgres://u@ep-cool-name-123456-pooler.eu-central-1.aws.neon.tech/neondb?sslmode=require", "postgresql",
     "postgres://u@ep-cool-name-123456-pooler.eu-central-1.aws.neon.tech/neondb?sslmode=require"),
    ("postgresql:///fans?host=/var/run/postgresql", "postgresql", "postgresql:///fans?host=/var/run/postgresql"),
])
def test_store_locations(raw, engine, target):
    location = parse_store(raw)
    assert (location.engine, location.target) == (engine, target)


EXPECTED = ("expected a SQLite file path (./fans.sqlite3 or sqlite:///var/lib/fanzine/fans.sqlite3) "
            "or a PostgreSQL URL (postgresql://user:password@host:5432/dbname)")


@pytest.mark.parametrize("raw, received", [
    ("mysql://root:hunter2@db/fans", "a mysql:// URL"),
    ("sqlite://fans.sqlite3", "a sqlite:// URL with a host in it: write sqlite:/// and an absolute path"),
    ("postgresql://u:hunter2@db:port/fans", "a postgresql:// URL that could not be read (the value is not repeated here because it may hold a password)"),
    ("fans\n.sqlite3", "a value with a control character in it"),
    ("sqlite:", "'sqlite:', which names no file"),
])
def test_bad_store_locations_say_what_was_expected_without_the_password(raw, received):
    with pytest.raises(ValueError) as error:
        parse_store(raw)
    assert str(error.value) == f"{EXPECTED} but received {received}"
    assert "hunter2" not in str(error.value)


def test_passwords_are_redacted():
    assert redact("postgresql://fanzine:s3cret@db.example:5432/fans") == "postgresql://fanzine:***@db.example:5432/fans"
    assert redact("postgresql://fanzine@db/fans?sslmode=require&password=s3cret") == "postgresql://fanzine@db/fans?sslmode=require&password=***"
    assert redact("postgresql://db/fans") == "postgresql://db/fans"
    assert str(parse_store("postgresql://a:b@c/d")) == "postgresql://a:***@c/d"


def test_settings_pick_the_store():
    assert load_settings({}).store_location.target == "./signups.sqlite3"
    assert load_settings({"FANZINE_DB": "/srv/old.sqlite3"}).store_location.target == "/srv/old.sqlite3"
    both = load_settings({"FANZINE_DB": "/srv/old.sqlite3", "FANZINE_STORE": "postgresql://u:p@db/fans"})
    assert both.store_location.engine == "postgresql" and both.problems == ()


def test_a_bad_store_setting_is_a_problem_that_hides_the_password():
    settings = load_settings({"FANZINE_STORE": "mysql://root:hunter2@db/fans"})
    assert settings.problems == (f"FANZINE_STORE: {EXPECTED} but received a mysql:// URL",)
    assert settings.problem_vars == ("FANZINE_STORE",)


@pytest.mark.parametrize("variable, host", [("VERCEL", "Vercel"), ("AWS_LAMBDA_FUNCTION_NAME", "AWS Lambda")])
def test_serverless_hosts_need_a_store_setting(variable, host):
    settings = load_settings({variable: "1"})
    assert settings.problems == (
        f"FANZINE_STORE: is required on {host}, whose disk is temporary: set it to a PostgreSQL URL like "
        "postgresql://user:password@host/dbname (see docs/endpoint.md).",
    )
    assert load_settings({variable: "1", "FANZINE_STORE": "postgresql://u:p@db/fans"}).problems == ()
    assert load_settings({variable: "1", "FANZINE_DB": "/tmp/fans.sqlite3"}).problems == ()  # a choice, made knowingly


# --- signups ------------------------------------------------------------------------

def test_signups_one_row_per_page_and_address(store, fans):
    assert fans.add_signup("night-drive", "Fan@Example.com") is True
    assert fans.add_signup("night-drive", "fan@example.com") is False
    assert fans.add_signup("", "fan@example.com") is True  # the newsletter is a page of its own
    assert fans.has_signup("night-drive", "FAN@EXAMPLE.COM") and not fans.has_signup("demos", "fan@example.com")
    assert store.rows() == [("night-drive", "fan@example.com", 1), ("", "fan@example.com", 1)]
    assert [(s.page, s.email, s.consent, s.created_at) for s in fans.signups()] == [
        ("night-drive", "fan@example.com", True, "2026-11-21T05:41:00Z"),
        ("", "fan@example.com", True, "2026-11-21T05:41:00Z"),
    ]


def test_addresses_are_stored_in_one_spelling(store, fans):
    """NFKC and case folding: the full-width and the upper-case spellings are the same fan."""
    assert fans.add_signup("", "ＦＡＮ@example.com")
    assert not fans.add_signup("", "fan@EXAMPLE.com")
    assert fans.add_signup("", "ΣΟΦΙΑ@example.gr")
    assert [email for _, email, _ in store.rows()] == ["fan@example.com", "σοφια@example.gr"]


# --- votes --------------------------------------------------------------------------

def test_one_vote_per_address_and_the_first_choice_stands(store, fans):
    assert fans.record_vote("cover", "neon", email="fan@example.com") == VoteOutcome("neon", counted=True)
    assert fans.record_vote("cover", "neon", email="x@example.com") == VoteOutcome("neon", counted=True)
    assert fans.record_vote("cover", "dusk", email="FAN@example.com") == VoteOutcome("neon", counted=False)
    assert fans.vote_counts("cover") == {"neon": 2}
    assert fans.record_vote("mix", "b", email="fan@example.com").counted  # another poll
    assert store.sql("SELECT poll, choice, email, device FROM votes ORDER BY id") == [
        ("cover", "neon", "fan@example.com", None), ("cover", "neon", "x@example.com", None), ("mix", "b", "fan@example.com", None),
    ]


def test_one_vote_per_device_kept_only_as_a_digest(store, fans):
    device = "3f2b8c1e-phone-of-a-fan"
    assert fans.record_vote("cover", "dusk", device=device) == VoteOutcome("dusk", counted=True)
    assert fans.record_vote("cover", "neon", device=device) == VoteOutcome("dusk", counted=False)
    assert fans.record_vote("cover", "neon", device="another-phone") == VoteOutcome("neon", counted=True)
    assert fans.vote_counts("cover") == {"dusk": 1, "neon": 1}
    stored = store.sql("SELECT device, email FROM votes")
    assert all(len(digest) == 64 and device not in digest and email is None for digest, email in stored)
    assert [vote.email for vote in fans.votes()] == [None, None]


def test_a_vote_needs_exactly_one_kind_of_voter(fans):
    for kwargs in ({}, {"email": "fan@example.com", "device": "phone"}):
        with pytest.raises(ValueError, match="A vote needs exactly one of email or device."):
            fans.record_vote("cover", "neon", **kwargs)


# --- submissions --------------------------------------------------------------------

def test_submissions_wait_for_review(store, fans, clock):
    first = fans.add_submission("b-side", "Sam", text="Neon Rain", email="Sam@Example.com", consent=True)
    second = fans.add_submission("b-side", "Ana", url="https://example.com/art.png")
    other = fans.add_submission("fan-art", "Kim", text="<script>alert(1)</script>")
    assert [s.id for s in fans.submissions(status="pending")] == [first, second, other]
    clock.advance(hours=2)
    approved = fans.approve_submission(first)
    assert (approved.status, approved.reviewed_at, approved.email) == ("approved", "2026-11-21T07:41:00Z", "sam@example.com")
    assert fans.reject_submission(second).status == "rejected"
    assert [s.name for s in fans.submissions(call="b-side")] == ["Sam", "Ana"]
    assert [s.name for s in fans.submissions(call="b-side", status="pending")] == []
    assert fans.submissions(status="pending")[0].text == "<script>alert(1)</script>"  # kept as sent; the build sanitises
    assert fans.review_submission(9999, "approved") is None
    with pytest.raises(ValueError, match="expected one of: pending, approved, rejected but received: 'published'"):
        fans.review_submission(first, "published")
    assert store.count("submissions") == 3


def test_rejected_submissions_are_deleted_after_30_days(store, fans, clock):
    kept, rejected = fans.add_submission("b-side", "Sam"), fans.add_submission("b-side", "Spam")
    fans.reject_submission(rejected)
    clock.advance(days=29)
    assert fans.prune()["submissions"] == 0
    clock.advance(days=2)
    assert fans.prune() == {"rate_limits": 0, "hit_replays": 0, "submissions": 1}
    assert [s.id for s in fans.submissions()] == [kept]


# --- RSVPs and taps -------------------------------------------------------------------

def test_rsvps(store, fans):
    assert fans.add_rsvp("listening-party", "fan@example.com")
    assert not fans.add_rsvp("listening-party", "FAN@example.com")
    assert fans.add_rsvp("leadmill", "fan@example.com")
    assert [(r.event, r.email) for r in fans.rsvps("listening-party")] == [("listening-party", "fan@example.com")]
    assert len(fans.rsvps()) == 2


def test_taps_are_counted_per_day_page_and_target_and_nothing_else(store, fans, clock):
    for _ in range(3):
        fans.count_tap("links", "spotify")
    fans.count_tap("links", "bandcamp")
    clock.advance(days=1)
    fans.count_tap("links", "spotify")
    fans.count_tap("go-night-drive", "spotify", day=date(2026, 11, 1))
    assert [(t.day, t.page, t.target, t.count) for t in fans.tap_counts()] == [
        ("2026-11-01", "go-night-drive", "spotify", 1),
        ("2026-11-21", "links", "bandcamp", 1), ("2026-11-21", "links", "spotify", 3),
        ("2026-11-22", "links", "spotify", 1),
    ]
    assert len(fans.tap_counts("links")) == 3
    if store.engine == "sqlite":
        columns = [row[1] for row in store.sql("PRAGMA table_info(taps)")]
    else:
        columns = [row[0] for row in store.sql(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'taps' ORDER BY ordinal_position")]
    assert columns == ["day", "page", "target", "count"]  # no address, no IP, no device


def test_taps_from_many_threads_are_all_counted(store):
    stores = [open_store(store.url) for _ in range(4)]  # four instances

    def tap(fan_store):
        for _ in range(50):
            fan_store.count_tap("links", "spotify", day=date(2026, 11, 21))

    threads = [threading.Thread(target=tap, args=(fan_store,)) for fan_store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.sql("SELECT count FROM taps") == [(200,)]
    for fan_store in stores:
        fan_store.close()


# --- rate limits ----------------------------------------------------------------------

def test_token_bucket_in_the_store(store, fans, clock):
    assert [fans.take_token("email", "fan@example.com", 3) for _ in range(4)] == [0, 0, 0, 20]
    clock.advance(seconds=19.9)
    assert fans.take_token("email", "fan@example.com", 3) == 1
    clock.advance(seconds=0.2)
    assert fans.take_token("email", "fan@example.com", 3) == 0
    assert fans.take_token("email", "someone@example.com", 3) == 0
    assert fans.take_token("ip", "fan@example.com", 3) == 0  # buckets are separate
    assert fans.take_token("ip", "203.0.113.7", 0) == 0 and store.count("rate_limits") == 3  # 0: no limit, no row
    keys = [key for (key,) in store.sql("SELECT key FROM rate_limits")]
    assert all(len(key) == 64 and "@" not in key for key in keys)  # digests, never the address


def test_full_buckets_are_pruned_after_a_minute(store, fans, clock):
    fans.take_token("ip", "203.0.113.7", 10)
    clock.advance(seconds=30)
    fans.take_token("ip", "198.51.100.1", 10)
    clock.advance(seconds=31)
    assert fans.prune()["rate_limits"] == 1
    assert store.count("rate_limits") == 1


def test_many_instances_share_one_limit(store):
    """Eight instances (connections) spend one bucket of five tokens at once: exactly five get through."""
    stores = [open_store(store.url) for _ in range(8)]
    for fan_store in stores:
        fan_store.schema_version()  # connected and migrated before the race
    start = threading.Barrier(len(stores))
    waits: list[int] = []

    def race(fan_store):
        start.wait()
        for _ in range(5):
            waits.append(fan_store.take_token("email", "fan@example.com", 5))

    threads = [threading.Thread(target=race, args=(fan_store,)) for fan_store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(waits) == 40 and waits.count(0) == 5
    assert all(1 <= wait <= 12 for wait in waits if wait)
    for fan_store in stores:
        fan_store.close()


# --- erasure --------------------------------------------------------------------------

def test_forget_erases_an_address_everywhere_and_says_how_much(store, fans):
    fans.add_signup("night-drive", "fan@example.com")
    fans.add_signup("", "fan@example.com")
    fans.add_signup("", "other@example.com")
    fans.record_vote("cover", "neon", email="fan@example.com")
    fans.record_vote("cover", "neon", device="phone")
    fans.add_submission("b-side", "Sam", text="Neon Rain", email="fan@example.com", consent=True)
    fans.add_submission("b-side", "Kim", text="Night Bus")
    fans.add_rsvp("listening-party", "fan@example.com")
    fans.take_token("email", "fan@example.com", 3)
    fans.count_tap("links", "spotify")
    assert fans.forget("FAN@example.com") == {"signups": 2, "votes": 1, "submissions": 1, "rsvps": 1, "rate_limits": 1}
    assert fans.counts() == {"signups": 1, "votes": 1, "submissions": 1, "rsvps": 0, "taps": 1, "rate_limits": 0}
    assert fans.forget("fan@example.com") == {"signups": 0, "votes": 0, "submissions": 0, "rsvps": 0, "rate_limits": 0}
    everything = " ".join(str(row) for table in ("signups", "votes", "submissions", "rsvps") for row in store.sql(f"SELECT * FROM {table}"))
    assert "fan@example.com" not in everything and "other@example.com" in everything


def test_forget_finds_addresses_written_before_they_were_normalised(store, fans):
    fans.schema_version()
    placeholder = "?" if store.engine == "sqlite" else "%s"
    store.sql(f"INSERT INTO signups (page, email, consent, created_at) VALUES ('', {placeholder}, {placeholder}, {placeholder})",
              ("Ｆan@Example.COM", True, "2026-01-01T00:00:00Z"))
    assert fans.forget("fan@example.com")["signups"] == 1
    assert store.count("signups") == 0


# --- copying between stores -------------------------------------------------------------

def test_dump_and_load_copy_everything_and_refuse_a_store_that_holds_rows(store, fans, tmp_path):
    fans.add_signup("night-drive", "fan@example.com")
    fans.record_vote("cover", "neon", device="phone")
    number = fans.add_submission("b-side", "Sam", email="sam@example.com", consent=True)
    fans.approve_submission(number)
    fans.add_rsvp("party", "fan@example.com")
    fans.count_tap("links", "spotify")
    copy = open_store(str(tmp_path / "copy.sqlite3"))
    assert copy.load(fans.dump()) == {"signups": 1, "votes": 1, "submissions": 1, "rsvps": 1, "taps": 1}
    assert copy.dump() == fans.dump()
    assert copy.add_submission("b-side", "Next") == number + 1  # numbering goes on after the copied ones
    with pytest.raises(StoreError, match=r"already holds rows \(signups 1, votes 1, submissions 2, rsvps 1, taps 1\): migrate copies into an empty store only"):
        copy.load(fans.dump())
    copy.close()


# --- migrations ---------------------------------------------------------------------

def tables_of(store) -> set[str]:
    if store.engine == "sqlite":
        return {name for (name,) in store.sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {name for (name,) in store.sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}


def test_a_new_store_is_migrated_on_first_use_and_only_once(store):
    fan_store = open_store(store.url)
    assert not store.exists()  # opening connects to nothing
    assert fan_store.schema_version() == LATEST
    fan_store.close()
    again = open_store(store.url)
    assert again.schema_version() == LATEST
    again.close()
    assert tables_of(store) == {"schema_version", "signups", "votes", "submissions", "rsvps", "taps", "rate_limits",
                                 "hit_replays"}
    assert store.sql("SELECT version, description FROM schema_version") == [(m.version, m.description) for m in MIGRATIONS]


MIGRATOR = """
import sys, time, pathlib
go = pathlib.Path(sys.argv[2])
while not go.exists():
    time.sleep(0.005)
from functions.store import open_store
store = open_store(sys.argv[1])
print(store.schema_version())
store.add_signup("", f"fan{sys.argv[3]}@example.com")
"""


def test_many_migrators_starting_at_once_apply_each_migration_once(store, tmp_path):
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    processes = [subprocess.Popen([sys.executable, "-c", MIGRATOR, store.url, str(go), str(n)], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in range(8)]
    time.sleep(1.0)  # every interpreter started and waiting
    go.touch()
    results = [process.communicate(timeout=60) for process in processes]
    assert [(process.returncode, out.strip(), err) for process, (out, err) in zip(processes, results, strict=True)] == [(0, str(LATEST), "")] * 8
    assert store.sql("SELECT version FROM schema_version") == [(m.version,) for m in MIGRATIONS]
    assert store.count("signups") == 8


def test_an_old_sqlite_signups_file_is_adopted_with_its_rows(tmp_path):
    db = tmp_path / "signups.sqlite3"
    with contextlib.closing(sqlite3.connect(db)) as connection:  # the file the SQLite sink made before the store
        connection.execute("CREATE TABLE signups (page TEXT NOT NULL, email TEXT NOT NULL COLLATE NOCASE, "
                           "consent INTEGER NOT NULL CHECK (consent IN (0, 1)), created_at TEXT NOT NULL, UNIQUE (page, email))")
        connection.execute("INSERT INTO signups VALUES ('night-drive', 'Fan@example.com', 1, '2026-10-01T10:00:00Z')")
        connection.commit()
    fan_store = open_store(str(db))
    assert not fan_store.add_signup("night-drive", "fan@example.com")  # the old row counts
    assert fan_store.add_signup("night-drive", "new@example.com")
    assert [(s.email, s.created_at) for s in fan_store.signups()][0] == ("Fan@example.com", "2026-10-01T10:00:00Z")
    assert fan_store.schema_version() == LATEST
    fan_store.close()


def test_a_store_migrated_by_a_newer_fanzine_is_refused(store):
    fan_store = open_store(store.url)
    fan_store.schema_version()
    fan_store.close()
    placeholder = "?" if store.engine == "sqlite" else "%s"
    store.sql(f"INSERT INTO schema_version VALUES (999, 'from the future', {placeholder})", ("2030-01-01T00:00:00Z",))
    newer = open_store(store.url)
    for _ in range(2):  # and again: nothing is cached about a refusal
        with pytest.raises(StoreError) as error:
            newer.add_signup("", "fan@example.com")
        assert str(error.value).endswith(
            f"The fan store at {store.url} has schema version 999, newer than this Fanzine knows (up to {LATEST}): "
            "update Fanzine before using this store."
        )
    newer.close()


# --- PostgreSQL connections -------------------------------------------------------------

def test_postgresql_connections_for_poolers_and_short_lived_functions(postgres_server):
    url = postgres_server.create_database("connections")
    fan_store = PostgresStore(parse_store(url), max_connections=2)
    fan_store.add_signup("", "fan@example.com")
    [connection] = fan_store._idle
    assert connection.autocommit and connection.prepare_threshold is None  # no prepared statements: poolers
    params = connection.info.get_parameters()
    assert params["connect_timeout"] == "5" and params["application_name"] == "fanzine"
    for _ in range(20):
        fan_store.has_signup("", "fan@example.com")
    assert len(fan_store._idle) == 1 and fan_store._opened == 1  # one request at a time: one connection
    fan_store.close()
    postgres_server.drop_database("connections")


def test_a_dropped_connection_is_replaced_without_the_caller_noticing(postgres_server):
    url = postgres_server.create_database("dropped")
    fan_store = open_store(url)
    fan_store.add_signup("", "one@example.com")
    postgres_server.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'dropped'")
    assert fan_store.add_signup("", "two@example.com")
    assert [s.email for s in fan_store.signups()] == ["one@example.com", "two@example.com"]
    fan_store.close()
    postgres_server.drop_database("dropped")


def test_an_unreachable_server_is_a_store_error_quickly(postgres_server):
    fan_store = open_store(f"postgresql://fanzine:hunter2@127.0.0.1:{free_port()}/fans")
    started = time.perf_counter()
    with pytest.raises(StoreError) as error:
        fan_store.add_signup("", "fan@example.com")
    assert time.perf_counter() - started < 5
    message = str(error.value)
    assert message.startswith("Could not connect to the fan store at postgresql://fanzine:***@127.0.0.1:")
    assert "hunter2" not in message and "Connection refused" in message


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- SQLite-only deployments need no PostgreSQL driver --------------------------------------

NO_PSYCOPG = """
import sys
sys.modules["psycopg"] = None  # as if it were not installed
from functions.core import Endpoint
from functions.messages import Request
from functions.settings import load_settings
endpoint = Endpoint(load_settings({"FANZINE_STORE": sys.argv[1]}))
answer = endpoint.handle(Request("POST", "/subscribe", {"Content-Type": "application/json"},
                                 body=b'{"email": "fan@example.com", "consent": true}', client_ip="192.0.2.1"))
print(answer.status, "psycopg" in sys.modules and sys.modules["psycopg"] is not None)
print(load_settings({"FANZINE_STORE": "postgresql://u:p@db/fans"}).problems)
"""


def test_sqlite_deployments_never_import_psycopg(tmp_path):
    result = subprocess.run([sys.executable, "-c", NO_PSYCOPG, str(tmp_path / "fans.sqlite3")], capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "200 False",
        "(\"FANZINE_STORE: a PostgreSQL store needs the psycopg package: pip install 'psycopg[binary]'\",)",
    ]
