"""The fan store failing under the endpoint: PostgreSQL stopped mid-run, a full disk, a read-only file.

Each time the fan gets a 503 with "please try again", nothing is half-written
(every signup answered 200 is in the store, no other), and the first request
after the store recovers succeeds, with no restart of the endpoint.
"""
from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from endpoint_helpers import SITE, integrity, make_endpoint, rows, send, serving_endpoint
from store_fixtures import StoreUnderTest, pgtemp, skip_without_postgres

ROOT = Path(__file__).resolve().parent.parent
SAVE_FAILED = {"error": "We couldn't save your signup. Please try again."}


def subscribe(base: str, email: str):
    return send(base, "POST", "/api/subscribe", {"email": email, "consent": True}, {"Origin": SITE})


@pytest.fixture
def own_postgres():
    """A PostgreSQL server of this test's own, to stop and start."""
    skip_without_postgres()
    with pgtemp.ThrowawayPostgres() as server:
        yield server


def test_postgresql_stopped_mid_run(own_postgres, caplog):
    url = own_postgres.create_database("fans")
    store = StoreUnderTest("postgresql", url)
    endpoint = make_endpoint(store, FANZINE_RATE_LIMIT_IP="0", FANZINE_RATE_LIMIT_EMAIL="0")
    answers: list[tuple[str, int, object, float, float]] = []  # email, status, body, sent, answered
    numbers = itertools.count()
    running = threading.Event()
    running.set()

    def fan() -> None:
        while running.is_set():
            email = f"fan{next(numbers)}@example.com"
            sent = time.monotonic()
            answer = subscribe(base, email)
            answers.append((email, answer.status, answer.json, sent, time.monotonic()))
            time.sleep(0.01)

    with serving_endpoint(endpoint) as base:
        fans = [threading.Thread(target=fan) for _ in range(4)]
        for thread in fans:
            thread.start()
        time.sleep(1.0)
        own_postgres.stop()  # fast shutdown: sessions in the middle of a statement are ended
        stopped = time.monotonic()
        time.sleep(1.5)
        starting = time.monotonic()
        own_postgres.start()
        time.sleep(1.5)
        running.clear()
        for thread in fans:
            thread.join()
        after = subscribe(base, "after@example.com")
    endpoint.store.close()

    statuses = {answer[1] for answer in answers}
    assert statuses == {200, 503}, statuses  # never a 500, never a hang
    assert all(body == SAVE_FAILED for _, status, body, _, _ in answers if status == 503)
    while_down = [status for _, status, _, sent, answered in answers if stopped < sent and answered < starting]
    assert len(while_down) > 10 and set(while_down) == {503}
    assert answers[-1][1] == 200 and after.status == 200  # recovered without restarting the endpoint
    accepted = {answer[0] for answer in answers if answer[1] == 200} | {"after@example.com"}
    stored = {email for _, email, _ in rows(store)}
    assert stored == accepted  # nothing lost, nothing recorded that the fan was told failed
    assert len(rows(store)) == len(stored) and integrity(store) == "ok"
    assert "The fan store is unavailable: Could not connect to the fan store at postgresql://fanzine@127.0.0.1:" in caplog.text
    assert "@example.com" not in caplog.text  # no fan's address in the log


def test_postgresql_read_only_is_a_503_until_it_is_writable_again(postgres_server, caplog):
    """As a managed database over its storage quota, or a replica after a failover, refuses writes."""
    store = StoreUnderTest("postgresql", postgres_server.create_database("read_only"))
    endpoint = make_endpoint(store)
    with serving_endpoint(endpoint) as base:
        assert subscribe(base, "before@example.com").status == 200
        postgres_server.sql("ALTER DATABASE read_only SET default_transaction_read_only = on")
        endpoint.store.close()  # new sessions pick up the database's new default
        refused = subscribe(base, "during@example.com")
        postgres_server.sql("ALTER DATABASE read_only SET default_transaction_read_only = off")
        endpoint.store.close()
        after = subscribe(base, "after@example.com")
    endpoint.store.close()
    assert "refused a change: cannot execute INSERT in a read-only transaction (SQLSTATE 25006)." in caplog.text
    assert (refused.status, refused.json) == (503, SAVE_FAILED)
    assert after.status == 200
    assert [email for _, email, _ in rows(store)] == ["before@example.com", "after@example.com"]
    postgres_server.drop_database("read_only")


# --- SQLite: a full disk ------------------------------------------------------------------

FULL_DISK = """
import json, resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead of killing us
from functions.core import Endpoint
from functions.messages import Request
from functions.settings import load_settings

endpoint = Endpoint(load_settings({"FANZINE_STORE": sys.argv[1], "FANZINE_RATE_LIMIT_IP": "0",
                                   "FANZINE_RATE_LIMIT_EMAIL": "0"}))

def subscribe(email):
    body = json.dumps({"email": email, "consent": True}).encode()
    answer = endpoint.handle(Request("POST", "/subscribe", {"Content-Type": "application/json"}, body=body,
                                     client_ip="192.0.2.1"))
    return answer.status, answer.body

answers = [("first@example.com", *subscribe("first@example.com"))]
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, hard))  # the disk is now full past 200 kB a file
for n in range(3000):
    email = f"{'x' * 60}{n}@example.com"
    answers.append((email, *subscribe(email)))
    if answers[-1][1] != 200:
        break
resource.setrlimit(resource.RLIMIT_FSIZE, (1, hard))  # and now no file may grow at all
answers.append(("again@example.com", *subscribe("again@example.com")))
resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))  # space freed
answers.append(("after@example.com", *subscribe("after@example.com")))
print(json.dumps(answers))
"""


def test_sqlite_disk_full_is_a_503_and_signups_resume_when_space_is_freed(tmp_path):
    db = tmp_path / "signups.sqlite3"
    result = subprocess.run([sys.executable, "-c", FULL_DISK, str(db)], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout)
    statuses = [status for _, status, _ in answers]
    first_refusal = statuses.index(503)
    assert statuses[:first_refusal] == [200] * first_refusal and first_refusal > 5
    assert statuses[first_refusal:] == [503, 503, 200]
    assert answers[first_refusal][2] == SAVE_FAILED
    assert ("could not be used: disk I/O error. The disk could not be written (is it full, or failing?): "
            "once it is fixed, signups resume by themselves.") in result.stderr
    accepted = [email for email, status, _ in answers if status == 200]
    assert [email for _, email, _ in rows(db)] == accepted and integrity(db) == "ok"


@pytest.fixture
def small_disk():
    """A 512 kB file system of its own (tmpfs), where a root test machine allows mounting one."""
    folder = Path(tempfile.mkdtemp(prefix="fanzine-small-disk-"))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        folder.rmdir()
        pytest.skip("cannot mount a small file system here (needs root); the file-size limit test covers a full disk")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)
        folder.rmdir()


def test_sqlite_on_a_disk_with_no_space_left(small_disk, caplog):
    store = StoreUnderTest("sqlite", str(small_disk / "signups.sqlite3"), small_disk / "signups.sqlite3")
    endpoint = make_endpoint(store, FANZINE_RATE_LIMIT_IP="0", FANZINE_RATE_LIMIT_EMAIL="0")
    with serving_endpoint(endpoint) as base:
        assert subscribe(base, "before@example.com").status == 200
        filler = small_disk / "filler"
        with open(filler, "wb", buffering=0) as out:  # another program fills the disk
            try:
                while out.write(b"x" * 4096):
                    pass
            except OSError:
                pass
        refused = [subscribe(base, f"during{n}@example.com") for n in range(3)]
        filler.unlink()  # space freed
        after = subscribe(base, "after@example.com")
    endpoint.store.close()
    assert [(answer.status, answer.json) for answer in refused] == [(503, SAVE_FAILED)] * 3
    assert "database or disk is full. The disk is full: free some space and signups resume by themselves." in caplog.text
    assert after.status == 200
    assert [email for _, email, _ in rows(store)] == ["before@example.com", "after@example.com"]
    assert integrity(store) == "ok"


# --- SQLite: a read-only file -------------------------------------------------------------

def make_read_only(folder: Path) -> None:
    if os.geteuid() != 0:
        for path in [*folder.iterdir(), folder]:
            path.chmod(0o555 if path.is_dir() else 0o444)
        return
    # root writes through permissions: mark the file and its folder immutable instead.
    result = subprocess.run(["chattr", "+i", *map(str, folder.iterdir()), str(folder)], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot make a file read-only for root here (chattr: {result.stderr.strip()})")


def make_writable(folder: Path) -> None:
    if os.geteuid() != 0:
        for path in [folder, *folder.iterdir()]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        return
    subprocess.run(["chattr", "-i", str(folder), *map(str, folder.iterdir())], check=True)


def test_sqlite_read_only_file_is_a_503_with_a_hint_until_it_is_writable(caplog):
    folder = Path(tempfile.mkdtemp(prefix="fanzine-readonly-"))  # not under tmp_path: chattr must be undone first
    store = StoreUnderTest("sqlite", str(folder / "signups.sqlite3"), folder / "signups.sqlite3")
    try:
        endpoint = make_endpoint(store)
        with serving_endpoint(endpoint) as base:
            assert subscribe(base, "before@example.com").status == 200
            endpoint.store.close()  # the file closed cleanly, as after a restart
            make_read_only(folder)
            try:
                refused = subscribe(base, "during@example.com")
            finally:
                make_writable(folder)
            after = subscribe(base, "after@example.com")
        endpoint.store.close()
        assert (refused.status, refused.json) == (503, SAVE_FAILED)
        assert "Serverless hosts (Vercel, Lambda) have a read-only, temporary disk" in caplog.text
        assert after.status == 200
        assert [email for _, email, _ in rows(store)] == ["before@example.com", "after@example.com"]
        assert integrity(store) == "ok"
    finally:
        make_writable(folder)
        shutil.rmtree(folder, ignore_errors=True)
