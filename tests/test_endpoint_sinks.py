"""functions/sinks.py: SQLite, Buttondown, beehiiv and the Discord webhook, against local fakes.

Each remote sink is checked through the real HTTP endpoint, against a fake
upstream that records the exact request it received.
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

from functions.errors import SinkError
from functions.keys import encode_key, page_ticket, signup_page_key
from functions.outbound import USER_AGENT
from functions.settings import load_settings
from functions.sinks import ButtondownSink, SqliteSink, record_signup
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


# --- SQLite -------------------------------------------------------------------------

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
    assert columns == ["page", "email", "consent", "created_at"]
    assert len(created) == 20 and created.endswith("Z")
    assert rows(db) == [("night-drive", "fan@example.com", 1), ("", "fan@example.com", 1)]


def test_sqlite_duplicates_are_idempotent_whatever_the_case(tmp_path):
    endpoint = make_endpoint(tmp_path, FANZINE_RATE_LIMIT_EMAIL="0")
    with serving_endpoint(endpoint) as base:
        first = post(base, "/api/unlock", FAN)
        again = post(base, "/api/unlock", {**FAN, "email": "FAN@Example.com"})
    assert first == again == (200, {"key": encode_key(signup_page_key(endpoint.settings.gate_secret, "night-drive"))})
    assert rows(tmp_path / "signups.sqlite3") == [("night-drive", "fan@example.com", 1)]


def test_sqlite_in_a_missing_folder_is_a_503_with_a_hint_in_the_log(tmp_path, caplog):
    endpoint = make_endpoint(tmp_path, FANZINE_DB=str(tmp_path / "missing" / "signups.sqlite3"))
    with serving_endpoint(endpoint) as base:
        assert post(base, "/api/unlock", FAN) == (503, SAVE_FAILED)
    assert "could not read FANZINE_DB" in caplog.text and "Serverless hosts have a read-only" in caplog.text
    assert "fan@example.com" not in caplog.text


# --- Buttondown ------------------------------------------------------------------

def test_buttondown_receives_the_documented_request(tmp_path):
    with FakeUpstream(lambda received: (201, {"id": "sub_1"})).running() as fake:
        endpoint = make_endpoint(
            tmp_path, FANZINE_SINKS="buttondown,sqlite", FANZINE_BUTTONDOWN_API_KEY="bd-key",
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


def test_buttondown_already_subscribed_counts_as_saved(tmp_path):
    reply = (400, {"code": "email_already_exists", "detail": "That email address is already subscribed."})
    with FakeUpstream(lambda received: reply).running() as fake:
        endpoint = make_endpoint(tmp_path, FANZINE_SINKS="buttondown", FANZINE_BUTTONDOWN_API_KEY="k", FANZINE_BUTTONDOWN_URL=fake.url)
        with serving_endpoint(endpoint) as base:
            assert post(base, "/api/subscribe", NEWSLETTER_FAN) == (200, {"ok": True})
    assert fake.received[0].json == {"email_address": "fan@example.com", "tags": []}


@pytest.mark.parametrize("reply", [(401, {"code": "invalid_api_key"}), (400, {"code": "email_invalid"}), (429, None), (500, None)])
def test_buttondown_refusal_is_a_502_and_nothing_is_written(tmp_path, reply, caplog):
    with FakeUpstream(lambda received: reply).running() as fake:
        endpoint = make_endpoint(tmp_path, FANZINE_SINKS="sqlite,buttondown", FANZINE_BUTTONDOWN_API_KEY="k", FANZINE_BUTTONDOWN_URL=fake.url)
        with serving_endpoint(endpoint) as base:
            assert post(base, "/api/unlock", FAN) == (502, SAVE_FAILED)
    assert rows(tmp_path / "signups.sqlite3") == []
    assert f"buttondown: HTTP {reply[0]}" in caplog.text and "fan@example.com" not in caplog.text


# --- beehiiv ------------------------------------------------------------------------

def test_beehiiv_receives_the_documented_request(tmp_path):
    with FakeUpstream(lambda received: (201, {"data": {"id": "sub_1", "status": "validating"}})).running() as fake:
        endpoint = make_endpoint(
            tmp_path, FANZINE_SINKS="beehiiv", FANZINE_BEEHIIV_API_KEY="bh-key",
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


def test_beehiiv_refusal_is_a_502(tmp_path):
    with FakeUpstream(lambda received: (400, {"errors": [{"message": "Invalid email"}]})).running() as fake:
        endpoint = make_endpoint(
            tmp_path, FANZINE_SINKS="beehiiv", FANZINE_BEEHIIV_API_KEY="k",
            FANZINE_BEEHIIV_PUBLICATION_ID="pub_1", FANZINE_BEEHIIV_URL=fake.url,
        )
        with serving_endpoint(endpoint) as base:
            assert post(base, "/api/subscribe", NEWSLETTER_FAN) == (502, SAVE_FAILED)


# --- Discord webhook --------------------------------------------------------------------

def test_webhook_posts_the_page_but_never_the_address(tmp_path):
    with FakeUpstream(lambda received: (204, None)).running() as fake:
        endpoint = make_endpoint(tmp_path, FANZINE_SINKS="webhook", FANZINE_WEBHOOK_URL=fake.url + "/api/webhooks/123/token")
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


def test_unreachable_webhook_is_a_502_and_sqlite_stays_empty(tmp_path):
    with FakeUpstream().running() as fake:
        gone = fake.url  # nothing listens here once the fake has stopped
    endpoint = make_endpoint(tmp_path, FANZINE_SINKS="sqlite,webhook", FANZINE_WEBHOOK_URL=gone + "/hook", FANZINE_SINK_TIMEOUT="1")
    with serving_endpoint(endpoint) as base:
        assert post(base, "/api/unlock", FAN) == (502, SAVE_FAILED)
    assert rows(tmp_path / "signups.sqlite3") == [] and integrity(tmp_path / "signups.sqlite3") == "ok"


# --- order and atomicity ---------------------------------------------------------------

def test_sinks_run_in_order_sqlite_last_and_stop_at_the_first_failure(tmp_path):
    with FakeUpstream(lambda received: (500, None)).running() as failing, FakeUpstream(lambda received: (204, None)).running() as hook:
        endpoint = make_endpoint(
            tmp_path, FANZINE_SINKS="sqlite,buttondown,webhook", FANZINE_BUTTONDOWN_API_KEY="k",
            FANZINE_BUTTONDOWN_URL=failing.url, FANZINE_WEBHOOK_URL=hook.url,
        )
        with serving_endpoint(endpoint) as base:
            assert post(base, "/api/unlock", FAN) == (502, SAVE_FAILED)
            failing.respond = lambda received: (201, {})
            assert post(base, "/api/unlock", FAN)[0] == 200  # the fan's retry
            assert post(base, "/api/unlock", {**FAN, "email": "Fan@example.com"})[0] == 200  # a double click
    assert len(failing.received) == 2  # the failure and the retry; the double click sent nothing
    assert len(hook.received) == 1  # Discord heard once, after Buttondown accepted
    assert rows(tmp_path / "signups.sqlite3") == [("night-drive", "fan@example.com", 1)]


def test_record_signup_without_sqlite_sends_every_time(tmp_path):
    sent = []

    class Recorder:
        name = "recorder"

        def send(self, signup):
            sent.append(signup)

    signup = Signup(email="fan@example.com", page=None)
    record_signup(signup, [Recorder()], None)
    record_signup(signup, [Recorder()], None)
    assert sent == [signup, signup]


def test_sqlite_write_failure_rolls_back(tmp_path):
    store = SqliteSink(str(tmp_path / "signups.sqlite3"))
    store.record(Signup(email="fan@example.com", page="a"))
    with contextlib.closing(sqlite3.connect(store.path)) as connection:
        connection.execute("CREATE TRIGGER refuse BEFORE INSERT ON signups WHEN NEW.page = 'b' BEGIN SELECT RAISE(ABORT, 'disk trouble'); END")
        connection.commit()
    with pytest.raises(SinkError, match="sqlite: could not write to FANZINE_DB .*disk trouble"):
        store.record(Signup(email="fan@example.com", page="b"))
    assert rows(tmp_path / "signups.sqlite3") == [("a", "fan@example.com", 1)]


def test_buttondown_tags_without_a_page_drop_page_tags():
    sink = ButtondownSink(load_settings({"FANZINE_BUTTONDOWN_TAGS": "fans,{page},early:{page}"}))
    assert sink.tags_for(Signup("fan@example.com", None)) == ["fans"]
    assert sink.tags_for(Signup("fan@example.com", "demos")) == ["fans", "demos", "early:demos"]
