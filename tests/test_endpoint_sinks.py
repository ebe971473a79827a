"""functions/sinks.py: the fan store, Buttondown, beehiiv and the Discord webhook, against local fakes.

Each remote sink is checked through the real HTTP endpoint, against a fake
upstream that records the exact request it received, with the fan store on
each engine (SQLite, PostgreSQL).
"""
from __future__ import annotations

import contextlib
import sqlite3

import pytest

from endpoint_helpers import (
    SECRET,
    SITE,
    FakeUpstream,
    integrity,
    make_endpoint,
    rows,
    send,
    serving_endpoint,
)
from functions.errors import StoreError
from functions.keys import encode_key, page_ticket, signup_page_key
from functions.outbound import USER_AGENT
from functions.settings import load_settings
from functions.sinks import ButtondownSink, record_signup
from functions.store import open_store
from functions.store.migrations import MIGRATIONS
from functions.validation import Signup

FAN = {"page": "night-drive", "ticket": page_ticket(SECRET, "night-drive"), "email": "fan@example.com", "consent": True}
NEWSLETTER_FAN = {"email": "fan@example.com", "consent": True}
SAVE_FAILED = {"error": "We couldn't save your signup. Please try again."}


def post(base: str, path: str, body: dict) -> tuple[int, object]:
    answer = send(base, "POST", path, body, {"Origin": SITE})
    return answer.status, answer.json


def common_headers(received) -> dict[str, str]:
    return {name: received.headers[name] for name in ("content-type", "accept", "user-agent")}


JSON_HEADERS = {"content-type": "application/json", "accept": "application/json", "user-agent": USER_AGENT}


# --- the fan store ------------------------------------------------------------------

def test_case_variants_of_one_address_are_one_signup_row(tmp_path):
    """SQLite's NOCASE folds ASCII only: "ÉLODIE@Example.com" and "élodie@example.com" were two rows."""
    endpoint = make_endpoint(tmp_path)
    with serving_endpoint(endpoint) as base:
        for email in ("ÉLODIE@Example.com", "élodie@example.com", "E\u0301lodie@EXAMPLE.com"):
            assert post(base, "/api/unlock", {**FAN, "email": email})[0] == 200
    assert rows(tmp_path / "signups.sqlite3") == [("night-drive", "élodie@example.com", 1)]


def test_sqlite_file_layout(tmp_path):
    endpoint = make_endpoint(tmp_path)
    with serving_endpoint(endpoint) as base:
        assert post(base, "/api/unlock", FAN)[0] == 200
        assert post(base, "/api/subscribe", NEWSLETTER_FAN)[0] == 200
    db = tmp_path / "signups.sqlite3"
    with contextlib.closing(sqlite3.connect(db)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        columns = [row[1] for row in connection.execute("PRAGMA table_info(signups)")]
        created = connection.execute("SELECT created_at FROM signups").fetchone()[0]
        versions = connection.execute("SELECT version FROM schema_version").fetchall()
    assert columns == ["page", "email", "consent", "created_at"]
    assert len(created) == 20 and created.endswith("Z")
    assert versions == [(migration.version,) for migration in MIGRATIONS]  # each one applied, recorded once
    assert rows(db) == [("night-drive", "fan@example.com", 1), ("", "fan@example.com", 1)]


def test_duplicates_are_idempotent_whatever_the_case(store):
    endpoint = make_endpoint(store, FANZINE_RATE_LIMIT_EMAIL="0")
    with serving_endpoint(endpoint) as base:
        first = post(base, "/api/unlock", FAN)
        again = post(base, "/api/unlock", {**FAN, "email": "FAN@Example.com"})
    assert first == again == (200, {"key": encode_key(signup_page_key(endpoint.settings.gate_secret, "night-drive"))})
    assert rows(store) == [("night-drive", "fan@example.com", 1)]


def test_sqlite_in_a_missing_folder_is_a_503_with_a_hint_in_the_log(tmp_path, caplog):
    missing = tmp_path / "missing" / "signups.sqlite3"
    endpoint = make_endpoint(tmp_path, FANZINE_STORE=str(missing))
    with serving_endpoint(endpoint) as base:
        assert post(base, "/api/unlock", FAN) == (503, SAVE_FAILED)
    assert f"The fan store {str(missing)!r} could not be used: unable to open database file." in caplog.text
    assert "Serverless hosts (Vercel, Lambda) have a read-only, temporary disk: set FANZINE_STORE" in caplog.text
    assert "fan@example.com" not in caplog.text


# --- Buttondown ------------------------------------------------------------------

def test_buttondown_receives_the_documented_request(store):
    with FakeUpstream(lambda received: (201, {"id": "sub_1"})).running() as fake:
        endpoint = make_endpoint(
            store, FANZINE_SINKS="buttondown,store", FANZINE_BUTTONDOWN_API_KEY="bd-key",
            FANZINE_BUTTONDOWN_URL=fake.url + "/v1", FANZINE_BUTTONDOWN_TAGS="fanzine, early:{page}",
        )
        with serving_endpoint(endpoint) as base:
            assert post(base, "/api/unlock", FAN)[0] == 200
            assert post(base, "/api/subscribe", {**NEWSLETTER_FAN, "email": "other@example.com"}) == (200, {"ok": True})
    first, second = fake.received
    assert (first.method, first.path) == ("POST", "/v1/subscribers")
    assert first.headers["authorization"] == "Token bd-key"
    assert common_headers(first) == JSON_HEADERS
    assert first.json == {"email_address": "fan@example.com", "tags": ["fanzine", "early:night-drive"]}
    assert second.json == {"email_address": "other@example.com", "tags": ["fanzine"]}


def test_buttondown_already_subscribed_counts_as_saved(store):
    reply = (400, {"code": "email_already_exists", "detail": "That email address is already subscribed."})
    with FakeUpstream(lambda received: reply).running() as fake:
        endpoint = make_endpoint(store, FANZINE_SINKS="buttondown", FANZINE_BUTTONDOWN_API_KEY="k", FANZINE_BUTTONDOWN_URL=fake.url)
        with serving_endpoint(endpoint) as base:
            assert post(base, "/api/subscribe", NEWSLETTER_FAN) == (200, {"ok": True})
    assert fake.received[0].json == {"email_address": "fan@example.com", "tags": []}


@pytest.mark.parametrize("reply", [(401, {"code": "invalid_api_key"}), (400, {"code": "email_invalid"}), (429, None), (500, None)])
def test_buttondown_refusal_is_a_502_and_nothing_is_written(store, reply, caplog):
    with FakeUpstream(lambda received: reply).running() as fake:
        endpoint = make_endpoint(store, FANZINE_SINKS="store,buttondown", FANZINE_BUTTONDOWN_API_KEY="k", FANZINE_BUTTONDOWN_URL=fake.url)
        with serving_endpoint(endpoint) as base:
            assert post(base, "/api/unlock", FAN) == (502, SAVE_FAILED)
    assert rows(store) == []
    assert f"buttondown: HTTP {reply[0]}" in caplog.text and "fan@example.com" not in caplog.text


# --- beehiiv ------------------------------------------------------------------------

def test_beehiiv_receives_the_documented_request(store):
    with FakeUpstream(lambda received: (201, {"data": {"id": "sub_1", "status": "validating"}})).running() as fake:
        endpoint = make_endpoint(
            store, FANZINE_SINKS="beehiiv", FANZINE_BEEHIIV_API_KEY="bh-key",
            FANZINE_BEEHIIV_PUBLICATION_ID="pub_00000000-0000-0000-0000-000000000000", FANZINE_BEEHIIV_URL=fake.url + "/v2",
        )
        with serving_endpoint(endpoint) as base:
            assert post(base, "/api/unlock", FAN)[0] == 200
            assert post(base, "/api/subscribe", {**NEWSLETTER_FAN, "email": "other@example.com"})[0] == 200
    first, second = fake.received
    assert (first.method, first.path) == ("POST", "/v2/publications/pub_00000000-0000-0000-0000-000000000000/subscriptions")
    assert first.headers["authorization"] == "Bearer bh-key"
    assert common_headers(first) == JSON_HEADERS
    assert first.json == {
        "email": "fan@example.com", "reactivate_existing": False, "send_welcome_email": True,
        "utm_source": "fanzine", "utm_medium": "early-access", "utm_campaign": "night-drive",
    }
    assert second.json == {
        "email": "other@example.com", "reactivate_existing": False, "send_welcome_email": True,
        "utm_source": "fanzine", "utm_medium": "newsletter",
    }


def test_beehiiv_refusal_is_a_502(store):
    with FakeUpstream(lambda received: (400, {"errors": [{"message": "Invalid email"}]})).running() as fake:
        endpoint = make_endpoint(
            store, FANZINE_SINKS="beehiiv", FANZINE_BEEHIIV_API_KEY="k",
            FANZINE_BEEHIIV_PUBLICATION_ID="pub_1", FANZINE_BEEHIIV_URL=fake.url,
        )
        with serving_endpoint(endpoint) as base:
            assert post(base, "/api/subscribe", NEWSLETTER_FAN) == (502, SAVE_FAILED)


# --- Discord webhook --------------------------------------------------------------------

def test_webhook_posts_the_page_but_never_the_address(store):
    with FakeUpstream(lambda received: (204, None)).running() as fake:
        endpoint = make_endpoint(store, FANZINE_SINKS="webhook", FANZINE_WEBHOOK_URL=fake.url + "/api/webhooks/123/token")
        with serving_endpoint(endpoint) as base:
            assert post(base, "/api/unlock", FAN)[0] == 200
            assert post(base, "/api/subscribe", NEWSLETTER_FAN)[0] == 200
    first, second = fake.received
    assert (first.method, first.path) == ("POST", "/api/webhooks/123/token")
    assert "authorization" not in first.headers
    assert common_headers(first) == JSON_HEADERS
    assert first.json == {"content": "New early-access signup for night-drive", "allowed_mentions": {"parse": []}}
    assert second.json == {"content": "New newsletter signup", "allowed_mentions": {"parse": []}}
    assert all(b"fan@example.com" not in received.body for received in fake.received)


def test_unreachable_webhook_is_a_502_and_the_store_stays_empty(store):
    with FakeUpstream().running() as fake:
        gone = fake.url  # nothing listens here once the fake has stopped
    endpoint = make_endpoint(store, FANZINE_SINKS="store,webhook", FANZINE_WEBHOOK_URL=gone + "/hook", FANZINE_SINK_TIMEOUT="1")
    with serving_endpoint(endpoint) as base:
        assert post(base, "/api/unlock", FAN) == (502, SAVE_FAILED)
    assert rows(store) == [] and integrity(store) == "ok"


# --- order and atomicity ---------------------------------------------------------------

def test_sinks_run_in_order_the_store_last_and_stop_at_the_first_failure(store):
    with FakeUpstream(lambda received: (500, None)).running() as failing, FakeUpstream(lambda received: (204, None)).running() as hook:
        endpoint = make_endpoint(
            store, FANZINE_SINKS="store,buttondown,webhook", FANZINE_BUTTONDOWN_API_KEY="k",
            FANZINE_BUTTONDOWN_URL=failing.url, FANZINE_WEBHOOK_URL=hook.url,
        )
        with serving_endpoint(endpoint) as base:
            assert post(base, "/api/unlock", FAN) == (502, SAVE_FAILED)
            failing.respond = lambda received: (201, {})
            assert post(base, "/api/unlock", FAN)[0] == 200  # the fan's retry
            assert post(base, "/api/unlock", {**FAN, "email": "Fan@example.com"})[0] == 200  # a double click
    assert len(failing.received) == 2  # the failure and the retry; the double click sent nothing
    assert len(hook.received) == 1  # Discord heard once, after Buttondown accepted
    assert rows(store) == [("night-drive", "fan@example.com", 1)]


def test_record_signup_without_the_store_sends_every_time():
    sent = []

    class Recorder:
        name = "recorder"

        def send(self, signup):
            sent.append(signup)

    signup = Signup(email="fan@example.com", page=None)
    record_signup(signup, [Recorder()], None)
    record_signup(signup, [Recorder()], None)
    assert sent == [signup, signup]


REFUSE_PAGE_B = {
    "sqlite": ["CREATE TRIGGER refuse BEFORE INSERT ON signups WHEN NEW.page = 'b' BEGIN SELECT RAISE(ABORT, 'disk trouble'); END"],
    "postgresql": [
        "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.page = 'b' THEN "
        "RAISE EXCEPTION 'disk trouble'; END IF; RETURN NEW; END $$",
        "CREATE TRIGGER refuse BEFORE INSERT ON signups FOR EACH ROW EXECUTE FUNCTION refuse()",
    ],
}


def test_store_write_failure_rolls_back(store):
    fan_store = open_store(store.url)
    record_signup(Signup(email="fan@example.com", page="a"), [], fan_store)
    for statement in REFUSE_PAGE_B[store.engine]:
        store.sql(statement)
    with pytest.raises(StoreError, match="disk trouble"):
        record_signup(Signup(email="fan@example.com", page="b"), [], fan_store)
    fan_store.close()
    assert rows(store) == [("a", "fan@example.com", 1)] and integrity(store) == "ok"


def test_buttondown_tags_without_a_page_drop_page_tags():
    sink = ButtondownSink(load_settings({"FANZINE_BUTTONDOWN_TAGS": "fans,{page},early:{page}"}))
    assert sink.tags_for(Signup("fan@example.com", None)) == ["fans"]
    assert sink.tags_for(Signup("fan@example.com", "demos")) == ["fans", "demos", "early:demos"]
