"""functions/core.py: routing, the order of checks, the outermost guard, and a fuzz of arbitrary requests."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from endpoint_helpers import SECRET, SITE, integrity, make_endpoint, rows
from functions import Request, core
from functions.keys import encode_key, page_ticket, signup_page_key

FAN = {"page": "night-drive", "ticket": page_ticket(SECRET, "night-drive"), "email": "fan@example.com", "consent": True}
JSON_HEADERS = {"Content-Type": "application/json", "Origin": SITE}


def post(endpoint, body, headers=JSON_HEADERS, path="/unlock", method="POST"):
    raw = json.dumps(body).encode() if isinstance(body, dict) else body
    return endpoint.handle(Request(method, path, headers, body=raw, client_ip="192.0.2.1"))


@pytest.mark.parametrize("path, route", [
    ("/unlock", "unlock"), ("/subscribe", "subscribe"), ("/api/unlock", "unlock"), ("/api/subscribe/", "subscribe"),
    ("/a/b-c/d_e/unlock", "unlock"), ("/", None), ("", None), ("/api", None), ("/unlock/x", None), ("/api/../unlock", None),
    ("//unlock", None), ("/api/.unlock", None), ("/unlocks", None), ("/a" * 200 + "/unlock", None),
])
def test_routes(path, route):
    assert core.match_route(path) == route


def test_unlock_answers_the_same_key_the_build_derives(store):
    response = post(make_endpoint(store), FAN)
    assert (response.status, response.body) == (200, {"key": encode_key(signup_page_key(SECRET, "night-drive"))})


def test_method_is_checked_before_origin_and_origin_before_content(store):
    endpoint = make_endpoint(store)
    assert post(endpoint, b"junk", {"Origin": "https://evil.example"}, method="GET").status == 405
    assert post(endpoint, b"junk", {"Origin": "https://evil.example", "Content-Type": "text/plain"}).status == 403
    assert post(endpoint, b"junk", {"Origin": SITE, "Content-Type": "text/plain"}).status == 415


def test_honeypot_is_checked_before_the_fields(store):
    response = post(make_endpoint(store), {"website": "spam", "email": "not an email"})
    assert (response.status, response.body["field"]) == (403, "website")


def test_outermost_guard_answers_json_and_logs_the_traceback(store, monkeypatch, caplog):
    endpoint = make_endpoint(store)

    def broken(*args, **kwargs):
        raise RuntimeError("bug under test")

    monkeypatch.setattr(core, "read_signup", broken)
    response = post(endpoint, FAN)
    assert (response.status, response.body) == (500, {"error": "Something went wrong on our side. Please try again later."})
    assert "bug under test" in caplog.text and "Traceback" in caplog.text
    assert b"bug under test" not in response.body_bytes()


def test_default_endpoint_is_built_once_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setattr(core, "_default", None)
    monkeypatch.setenv("FANZINE_DB", str(tmp_path / "x.sqlite3"))
    monkeypatch.setenv("FANZINE_RATE_LIMIT_EMAIL", "7")
    first = core.default_endpoint()
    assert first is core.default_endpoint() and first.settings.rate_limit_email == 7


def test_setting_problems_are_logged_once_at_start(monkeypatch, caplog):
    core.Endpoint.from_environ({"FANZINE_SINKS": "carrier-pigeon", "FANZINE_SINK": "x"})
    assert "Setting problem: FANZINE_SINKS: expected one of: store, buttondown, beehiiv, webhook but received: 'carrier-pigeon'" in caplog.text
    assert "/unlock is off until this is fixed: FANZINE_GATE_SECRET is not set." in caplog.text
    assert "Unrecognised setting FANZINE_SINK: did you mean FANZINE_SINKS?" in caplog.text


# --- fuzz: no request, however odd, gets a 500 --------------------------------------------

CONTENT_TYPES = st.sampled_from(["application/json", "application/x-www-form-urlencoded", "application/json; charset=utf-8", "text/plain", "", "multipart/form-data"])
ORIGINS = st.sampled_from([SITE, "https://evil.example", "null", "", "http://localhost:1"])
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(["email", "page", "consent", "website", "cf-turnstile-response", "x"]), children, max_size=5),
    max_leaves=12,
)
FIELD_VALUES = st.one_of(st.text(max_size=60), st.sampled_from(["fan@example.com", "night-drive", "on", "true", "a@b.co", "Fan@Bücher.example"]))
SIGNUP_LIKE = st.fixed_dictionaries({}, optional={"email": FIELD_VALUES | JSON_VALUES, "page": FIELD_VALUES | JSON_VALUES, "consent": JSON_VALUES | FIELD_VALUES, "website": st.just("") | st.text(max_size=5)})
BODIES = st.one_of(
    st.binary(max_size=300),
    JSON_VALUES.map(lambda value: json.dumps(value).encode()),
    SIGNUP_LIKE.map(lambda value: json.dumps(value).encode()),
    st.lists(st.tuples(st.text(max_size=12), st.text(max_size=30)), max_size=6).map(lambda pairs: "&".join(f"{k}={v}" for k, v in pairs).encode("utf-8", "surrogatepass")),
)


@pytest.fixture(scope="module")
def fuzz_endpoint(module_store):
    endpoint = make_endpoint(module_store, FANZINE_RATE_LIMIT_IP="0", FANZINE_RATE_LIMIT_EMAIL="0")
    yield endpoint, module_store
    endpoint.store.close()


@settings(max_examples=400, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    method=st.sampled_from(["POST", "POST", "POST", "GET", "OPTIONS", "PUT", "HEAD", "BREW"]),
    path=st.one_of(st.sampled_from(["/unlock", "/api/unlock", "/subscribe", "/api/subscribe"]), st.text(max_size=40)),
    content_type=CONTENT_TYPES,
    origin=ORIGINS,
    body=BODIES,
)
def test_no_request_gets_a_500(fuzz_endpoint, method, path, content_type, origin, body):
    endpoint, db = fuzz_endpoint
    headers = {"Content-Type": content_type} if content_type else {}
    if origin:
        headers["Origin"] = origin
    response = endpoint.handle(Request(method, path, headers, body=body, client_ip="192.0.2.1"))
    assert response.status in {200, 204, 400, 403, 404, 405, 413, 415}
    if response.status == 200:
        assert set(response.body) in ({"key"}, {"ok"})
    elif response.status != 204:
        assert isinstance(response.body["error"], str) and response.body["error"].endswith((".", "?"))
    response.body_bytes()  # always encodable


def test_fuzzed_database_is_intact(fuzz_endpoint):
    endpoint, db = fuzz_endpoint
    post(endpoint, FAN)
    assert integrity(db) == "ok"
    for _page, email, consent in rows(db):
        assert consent == 1 and "\n" not in email and " " not in email and email.count("@") == 1


# --- the endpoint answers only for the pages the build made ---------------------------------------

NO_SUCH_PAGE = {"error": 'There is no early-access page called "secret-demos".', "field": "page"}


@pytest.mark.parametrize("ticket", [None, "", "1.AAAAAAAAAAAAAAAAAAAAAA", page_ticket("another-site-secret-0123456789-abcdef", "secret-demos")])
def test_an_unlock_without_a_ticket_from_this_secret_is_not_found(tmp_path, caplog, ticket):
    fields = {"page": "secret-demos", "email": "fan@example.com", "consent": True}
    if ticket is not None:
        fields["ticket"] = ticket
    response = post(make_endpoint(tmp_path), fields)
    assert (response.status, response.body) == (404, NO_SUCH_PAGE)
    assert "Refused an unlock for page 'secret-demos': its ticket is missing or was not made with this " \
           "FANZINE_GATE_SECRET (is the site built with the same secret?)" in caplog.text
    database = tmp_path / "signups.sqlite3"
    assert not database.exists() or rows(database) == []  # nothing recorded for a page that does not exist


def test_a_rotated_page_gets_the_key_of_its_version(tmp_path):
    fields = {"page": "night-drive", "ticket": page_ticket(SECRET, "night-drive", 3), "email": "fan@example.com",
              "consent": True}
    response = post(make_endpoint(tmp_path), fields)
    assert response.body == {"key": encode_key(signup_page_key(SECRET, "night-drive", 3))}
    assert response.body != {"key": encode_key(signup_page_key(SECRET, "night-drive"))}


def test_fanzine_gate_pages_still_narrows_what_the_tickets_allow(tmp_path):
    endpoint = make_endpoint(tmp_path, FANZINE_GATE_PAGES="demos")
    assert post(endpoint, FAN).status == 404
    demos = {**FAN, "page": "demos", "ticket": page_ticket(SECRET, "demos")}
    assert post(endpoint, demos).status == 200
