"""commands/fans.py: `fanzine fans export|forget` and `fanzine store migrate`, run as an artist runs them.

The store is filled through its interface on each engine, then the command
runs in its own process; its output is checked word for word, and no
mistake (a bad URL, a server that does not answer, a missing file) shows a
traceback.
"""
from __future__ import annotations

import csv
import io
import json
import os
import stat
from datetime import UTC, datetime

import pytest

from conftest import ROOT, fanzine
from functions.store import open_store

NOTE = ("Newsletter providers (Buttondown, beehiiv) keep their own list: remove the address there too. "
        "Approved submissions already published live in content/fans/.")


class Clock:
    """Set by hand before each write: `clock.at(42)` is 2026-11-21 05:42 UTC."""

    now = datetime(2026, 11, 21, 5, 41, tzinfo=UTC)

    def at(self, minute: int) -> None:
        self.now = self.now.replace(minute=minute)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def filled(store):
    """A store holding two fans' signups, a vote, an RSVP and a submission, plus data tied to no one."""
    clock = Clock()
    fans = open_store(store.url, clock=clock)
    steps = [
        (42, lambda: fans.add_signup("night-drive", "fan@example.com")),
        (43, lambda: fans.add_signup("", "fan@example.com")),
        (44, lambda: fans.add_signup("", "=1+1@example.com")),  # valid, and a formula to a spreadsheet
        (45, lambda: fans.record_vote("cover", "neon", email="fan@example.com")),
        (46, lambda: fans.record_vote("cover", "dusk", device="a-phone")),  # no address
        (47, lambda: fans.add_rsvp("listening-party", "fan@example.com")),
        (48, lambda: fans.add_submission("b-side", "Sam", text="Neon Rain", email="fan@example.com", consent=True)),
    ]
    for minute, step in steps:
        clock.at(minute)
        step()
    fans.count_tap("links", "spotify")
    fans.close()
    return store


def run(*args: str, cwd=None, **env: str):
    result = fanzine(*args, cwd=cwd or ROOT, env=env)
    assert "Traceback" not in result.stderr + result.stdout
    return result


def test_export_csv(filled):
    result = run("fans", "export", "--store", filled.url)
    assert result.returncode == 0, result.stderr
    assert list(csv.reader(io.StringIO(result.stdout))) == [
        ["address", "consent", "kind", "for", "detail", "when"],
        ["'=1+1@example.com", "yes", "signup", "newsletter", "", "2026-11-21T05:44:00Z"],
        ["fan@example.com", "yes", "signup", "night-drive", "", "2026-11-21T05:42:00Z"],
        ["fan@example.com", "yes", "signup", "newsletter", "", "2026-11-21T05:43:00Z"],
        ["fan@example.com", "", "vote", "cover", "neon", "2026-11-21T05:45:00Z"],
        ["fan@example.com", "yes", "rsvp", "listening-party", "", "2026-11-21T05:47:00Z"],
        ["fan@example.com", "yes", "submission", "b-side", "pending", "2026-11-21T05:48:00Z"],
    ]
    assert result.stderr == f"Exported 2 fans (3 signups, 1 vote, 1 RSVP, 1 submission) from {filled.url}.\n"


def test_export_json_to_a_file_only_the_artist_can_read(filled, tmp_path):
    out = tmp_path / "fans.json"
    result = run("fans", "export", "--store", filled.url, "--format", "json", "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["store"] == filled.url and document["exported_at"].endswith("Z")
    assert document["fans"][1] == {
        "address": "fan@example.com",
        "signups": [{"for": "night-drive", "consent": True, "at": "2026-11-21T05:42:00Z"},
                    {"for": "newsletter", "consent": True, "at": "2026-11-21T05:43:00Z"}],
        "votes": [{"poll": "cover", "choice": "neon", "at": "2026-11-21T05:45:00Z"}],
        "rsvps": [{"event": "listening-party", "consent": True, "at": "2026-11-21T05:47:00Z"}],
        "submissions": [{"call": "b-side", "name": "Sam", "text": "Neon Rain", "url": None, "status": "pending",
                         "consent": True, "at": "2026-11-21T05:48:00Z"}],
    }
    assert [fan["address"] for fan in document["fans"]] == ["=1+1@example.com", "fan@example.com"]
    assert result.stderr == f"Exported 2 fans (3 signups, 1 vote, 1 RSVP, 1 submission) from {filled.url} to {out}.\n"


def test_forget_erases_everywhere_and_reports(filled):
    result = run("fans", "forget", "FAN@Example.com", "--store", filled.url)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"Erased fan@example.com from the fan store at {filled.url}:\n"
        "  signups           2 rows\n"
        "  votes             1 row\n"
        "  submissions       1 row\n"
        "  rsvps             1 row\n"
        "  rate_limits       0 rows\n"
        "  total             5\n"
        f"{NOTE}\n"
    )
    again = run("fans", "forget", "fan@example.com", "--store", filled.url)
    assert again.stdout == (f"The fan store at {filled.url} holds nothing for fan@example.com: nothing to erase."
                            f"\n{NOTE}\n")
    export = run("fans", "export", "--store", filled.url)
    assert "fan@example.com" not in export.stdout and filled.count("taps") == 1 and filled.count("votes") == 1


def test_the_default_store_is_the_environment_then_the_dev_server(filled, tmp_path):
    from_env = run("fans", "export", cwd=tmp_path, FANZINE_STORE=filled.url)
    assert from_env.returncode == 0 and "fan@example.com" in from_env.stdout
    missing = run("fans", "export", cwd=tmp_path, FANZINE_STORE="", FANZINE_DB="")
    assert (missing.returncode, missing.stdout) == (1, "")
    assert missing.stderr == ("There is no fan store at .fanzine-cache/signups.sqlite3: the file does not exist. "
                              "Say which store with --store (the FANZINE_STORE your endpoint uses).\n")


def test_migrate_copies_everything_and_refuses_to_copy_twice(filled, tmp_path, postgres_server):
    if filled.engine == "sqlite":
        target = postgres_server.create_database(f"migrated_{os.getpid()}_{id(filled)}")
    else:
        target = str(tmp_path / "migrated.sqlite3")
    result = run("store", "migrate", "--from", filled.url, "--to", target)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"Copied {filled.url} to {target}; every count matches:\n"
        "  signups             3\n  votes               2\n  submissions         1\n  rsvps               1\n"
        "  taps                1\n"
        "Rate-limit counters are not copied: they last a minute. Now point the endpoint at the new store "
        f"(FANZINE_STORE={target}).\n"
    )
    assert open_store(target).dump() == open_store(filled.url).dump()
    again = run("store", "migrate", "--from", filled.url, "--to", target)
    assert again.returncode == 1
    assert again.stderr == (f"The fan store at {target} already holds rows (signups 3, votes 2, submissions 1, "
                            "rsvps 1, taps 1): migrate copies into an empty store only, so nothing was copied.\n")


@pytest.mark.parametrize("args, message", [
    (["fans", "export", "--store", "mysql://root:hunter2@db/fans"],
     "--store: expected a SQLite file path (./fans.sqlite3 or sqlite:///var/lib/fanzine/fans.sqlite3) or a "
     "PostgreSQL URL (postgresql://user:password@host:5432/dbname) but received a mysql:// URL.\n"),
    (["fans", "forget", "not-an-address", "--store", "x.sqlite3"],
     "ADDRESS: expected an email address like fan@example.com but received: 'not-an-address'.\n"),
    (["store", "migrate", "--from", "missing.sqlite3", "--to", "postgresql://u:hunter2@127.0.0.1:9/x"],
     "There is no fan store at missing.sqlite3: the file does not exist.\n"),
    (["fans", "export", "--store", "."], "There is no fan store at .: it is a folder, not a SQLite file.\n"),
    (["store", "migrate", "--from", "a.sqlite3", "--to", "sqlite:a.sqlite3"],
     "--from and --to are the same store: give the new, empty store to --to.\n"),
    (["store", "migrate", "--from", "a.sqlite3", "--to", "postgresql://u:hunter2@db:port/x"],
     "--to: expected a SQLite file path (./fans.sqlite3 or sqlite:///var/lib/fanzine/fans.sqlite3) or a PostgreSQL "
     "URL (postgresql://user:password@host:5432/dbname) but received a postgresql:// URL that could not be read "
     "(the value is not repeated here because it may hold a password).\n"),
])
def test_mistakes_are_one_sentence(tmp_path, args, message):
    result = run(*args, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", message)
    assert not (tmp_path / "missing.sqlite3").exists() and not (tmp_path / "x.sqlite3").exists()


def test_an_unreachable_server_is_one_sentence_without_the_password(tmp_path):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run("fans", "export", "--store", f"postgresql://fanzine:hunter2@127.0.0.1:{port}/fans", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (f"Could not connect to the fan store at postgresql://fanzine:***@127.0.0.1:{port}/fans: "
                             f'connection to server at "127.0.0.1", port {port} failed: '
                             "Connection refused.\n")


def test_every_fans_command_clears_what_is_kept_only_for_a_while(filled):
    """Rate-limit counters unused for a minute, and submissions rejected 30 days ago (docs/privacy.md)."""
    long_ago = Clock()
    long_ago.now = datetime(2025, 1, 1, tzinfo=UTC)
    fans = open_store(filled.url, clock=long_ago)
    fans.take_token("email", "fan@example.com", 3)
    fans.reject_submission(fans.add_submission("b-side", "Spam"))
    fans.close()
    assert (filled.count("rate_limits"), filled.count("submissions")) == (1, 2)
    assert run("fans", "export", "--store", filled.url).returncode == 0
    assert (filled.count("rate_limits"), filled.count("submissions")) == (0, 1)
