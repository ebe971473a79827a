"""The endpoint over real HTTP on 127.0.0.1: the contract, then malformed and hostile requests.

Every hostile request must get its exact 4xx status and JSON error (with the
field at fault), never a 5xx, and must leave the fan store intact with only
the signups that were accepted. Everything here runs on both engines:
SQLite and a real PostgreSQL server (tests/store_fixtures.py).
"""
from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from endpoint_helpers import (
    SECRET,
    SITE,
    Answer,
    integrity,
    make_endpoint,
    rows,
    send,
    send_raw,
    serving_endpoint,
)
from functions.keys import encode_key, page_ticket, signup_page_key

UNLOCK = "/api/unlock"
JSON = {"Content-Type": "application/json", "Origin": SITE}
FORM = {"Content-Type": "application/x-www-form-urlencoded", "Origin": SITE}
FAN = {"page": "night-drive", "ticket": page_ticket(SECRET, "night-drive"), "email": "fan@example.com", "consent": True}


@pytest.fixture(scope="module")
def site(module_store):
    """One server per engine for the whole module; rate limits off so hostile requests are judged on content."""
    endpoint = make_endpoint(module_store, FANZINE_GATE_PAGES="night-drive,demos", FANZINE_RATE_LIMIT_IP="0", FANZINE_RATE_LIMIT_EMAIL="0")
    with serving_endpoint(endpoint) as base:
        yield base, module_store, endpoint.settings.gate_secret
    endpoint.store.close()


def key_for(secret: str, page: str) -> dict[str, str]:
    return {"key": encode_key(signup_page_key(secret, page))}


# --- the contract -------------------------------------------------------------------

def test_unlock_answers_the_page_key(site):
    base, db, secret = site
    answer = send(base, "POST", UNLOCK, FAN, {"Origin": SITE})
    assert (answer.status, answer.json) == (200, key_for(secret, "night-drive"))
    assert answer.headers["content-type"] == "application/json; charset=utf-8"
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["access-control-allow-origin"] == SITE
    assert ("night-drive", "fan@example.com", 1) in rows(db)


@pytest.mark.parametrize("path", ["/unlock", "/api/unlock", "/api/unlock/", "/forms/api/unlock"])
def test_unlock_with_or_without_a_prefix(site, path):
    base, _, secret = site
    answer = send(base, "POST", path, {**FAN, "page": "demos", "ticket": page_ticket(SECRET, "demos"), "email": "prefix@example.com"}, {"Origin": SITE})
    assert (answer.status, answer.json) == (200, key_for(secret, "demos"))


def test_unlock_from_a_urlencoded_form(site):
    base, db, secret = site
    body = f"page=demos&ticket={page_ticket(SECRET, 'demos')}&email=form%2Bfan%40example.com&consent=on&website="
    answer = send(base, "POST", UNLOCK, body, FORM)
    assert (answer.status, answer.json) == (200, key_for(secret, "demos"))
    assert ("demos", "form+fan@example.com", 1) in rows(db)


def test_subscribe(site):
    base, db, _ = site
    answer = send(base, "POST", "/api/subscribe", {"email": "news@example.com", "consent": "true"}, {"Origin": SITE})
    assert (answer.status, answer.json) == (200, {"ok": True})
    assert ("", "news@example.com", 1) in rows(db)


@pytest.mark.parametrize("email", ["o'brien@example.ie", "fan@bücher.example", "фанат@пример.рф", "x'--@example.com"])
def test_unusual_but_valid_addresses_are_stored_verbatim(site, email):
    base, db, _ = site
    assert send(base, "POST", "/api/subscribe", {"email": email, "consent": True}, {"Origin": SITE}).status == 200
    assert ("", email, 1) in rows(db)
    assert integrity(db) == "ok"


def test_requests_without_an_origin_are_served(site):
    base, _, _ = site
    assert send(base, "POST", "/api/subscribe", {"email": "curl@example.com", "consent": True}).status == 200


def test_cors_preflight(site):
    base, _, _ = site
    answer = send(base, "OPTIONS", UNLOCK, None, {"Origin": SITE, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
    assert answer.status == 204 and answer.raw == b""
    assert answer.headers["access-control-allow-origin"] == SITE
    assert answer.headers["access-control-allow-methods"] == "POST, OPTIONS"
    assert answer.headers["access-control-allow-headers"] == "Content-Type"
    assert answer.headers["vary"] == "Origin"


def test_errors_carry_cors_headers_so_the_page_can_show_them(site):
    base, _, _ = site
    answer = send(base, "POST", UNLOCK, {**FAN, "email": "nope"}, {"Origin": SITE})
    assert answer.status == 400 and answer.headers["access-control-allow-origin"] == SITE


# --- hostile and malformed requests -------------------------------------------------------

def post(body: bytes | str | dict | None, headers: dict[str, str] = JSON, path: str = UNLOCK, method: str = "POST") -> Callable[[str], Answer]:
    return lambda base: send(base, method, path, body, headers)


def raw(head: str, body: bytes = b"") -> Callable[[str], Answer]:
    return lambda base: send_raw(base, head.replace("{origin}", SITE), body)


def fan(**changes: object) -> dict:
    return {key: value for key, value in {**FAN, **changes}.items() if value is not ...}


NOT_JSON = {"error": "The request body is not valid JSON."}
NOT_OBJECT = {"error": 'The request body must be a JSON object, like {"email": "fan@example.com"}.'}
TOO_LARGE = {"error": "The form is too large: send at most 8,192 bytes."}
WRONG_TYPE = {"error": "Send the form as application/json or application/x-www-form-urlencoded."}
NOT_FOUND = {"error": "Nothing here: this endpoint answers /unlock, /subscribe, /rsvp, /hit, /vote, /results and "
                      "/submit."}
USE_POST = {"error": "Send this form with POST."}
BAD_ORIGIN = {"error": "This form can only be sent from the artist's own site.", "field": "origin"}
HONEYPOT = {"error": 'This looks like an automated signup. If you are a person, leave the "website" field empty and try again.', "field": "website"}
NO_EMAIL = {"error": "Please enter your email address.", "field": "email"}
EMAIL_NOT_TEXT = {"error": "The email address must be text.", "field": "email"}
EMAIL_SPACES = {"error": "That email address has a space, a line break or an invisible character in it.", "field": "email"}
ONE_AT = {"error": "An email address needs exactly one @, like fan@example.com.", "field": "email"}
NO_CONSENT = {"error": "Please tick the consent box to sign up.", "field": "consent"}
BAD_PAGE = {"error": 'Page ids are lowercase letters, digits and hyphens, like "night-drive".', "field": "page"}
BAD_CL = {"error": "The Content-Length header is not a whole number of bytes."}

HOSTILE = [
    ("bad JSON", post('{"email": '), 400, NOT_JSON),
    ("truncated JSON", post('{"page": "night-drive", "email": "fan@exa'), 400, NOT_JSON),
    ("single-quoted JSON", post("{'page': 'night-drive'}"), 400, NOT_JSON),
    ("two JSON documents", post('{"a": 1}{"b": 2}'), 400, NOT_JSON),
    ("deeply nested JSON", post("[" * 4000 + "]" * 4000), 400, NOT_JSON),
    ("4000-digit number", post('{"page": "demos", "email": ' + "9" * 4000 + "}"), 400, NOT_JSON),
    ("JSON array", post(json.dumps([FAN])), 400, NOT_OBJECT),
    ("JSON string", post('"fan@example.com"'), 400, NOT_OBJECT),
    ("JSON null", post("null"), 400, NOT_OBJECT),
    ("empty body", post(b""), 400, {"error": "The request body is empty."}),
    ("invalid UTF-8", post(b'{"email": "\xff\xfe"}'), 400, {"error": "The request body is not valid UTF-8."}),
    ("body over the cap", post(json.dumps(fan(website="x" * 9000))), 413, TOO_LARGE),
    ("1 MB body", post(b"{" + b" " * 1_000_000 + b"}"), 413, TOO_LARGE),
    ("Content-Length of 10 MB, little sent", raw("POST /api/unlock HTTP/1.1\nHost: x\nOrigin: {origin}\nContent-Type: application/json\nContent-Length: 10000000\n", b"{}"), 413, TOO_LARGE),
    ("Content-Length longer than the body", raw("POST /api/unlock HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: 100\n", b'{"email": "a@b.co"}'), 400, {"error": "The request body ended before the length its Content-Length header announced."}),
    ("Content-Length shorter than the body", raw("POST /api/unlock HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: 10\n", json.dumps(FAN).encode()), 400, NOT_JSON),
    ("Content-Length not a number", raw("POST /api/unlock HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: abc\n", b"{}"), 400, BAD_CL),
    ("Content-Length negative", raw("POST /api/unlock HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: -5\n", b"{}"), 400, BAD_CL),
    ("chunked without Content-Length", raw("POST /api/unlock HTTP/1.1\nHost: x\nContent-Type: application/json\nTransfer-Encoding: chunked\n", b"2\r\n{}\r\n0\r\n\r\n"), 411, {"error": "Send the form with a Content-Length header."}),
    ("text/plain", post(json.dumps(FAN), {"Content-Type": "text/plain", "Origin": SITE}), 415, WRONG_TYPE),
    ("multipart", post(b"--x\r\n\r\n--x--", {"Content-Type": "multipart/form-data; boundary=x", "Origin": SITE}), 415, WRONG_TYPE),
    ("no content type", post(json.dumps(FAN).encode(), {"Origin": SITE}), 415, WRONG_TYPE),
    ("latin-1 charset", post(json.dumps(FAN), {"Content-Type": "application/json; charset=iso-8859-1", "Origin": SITE}), 415, {"error": "Send the form encoded as UTF-8."}),
    ("missing email", post(fan(email=...)), 400, NO_EMAIL),
    ("empty email", post(fan(email="")), 400, NO_EMAIL),
    ("email as number", post(fan(email=12345)), 400, EMAIL_NOT_TEXT),
    ("email as list", post(fan(email=["fan@example.com"])), 400, EMAIL_NOT_TEXT),
    ("email as object", post(fan(email={"$ne": None})), 400, EMAIL_NOT_TEXT),
    ("SQL in the email", post(fan(email="a@b.c'; DROP TABLE signups;--")), 400, EMAIL_SPACES),
    ("SQL in the email, no spaces", post(fan(email="a@b.c';DROP/**/TABLE/**/signups;--")), 400, {"error": "The part after the @ should be a domain like example.com.", "field": "email"}),
    ("email with CRLF", post(fan(email="fan@example.com\r\nBcc: all@example.com")), 400, EMAIL_SPACES),
    ("email with NUL", post(fan(email="fan\u0000@example.com")), 400, EMAIL_SPACES),
    ("email with zero-width space", post(fan(email="fan\u200b@example.com")), 400, EMAIL_SPACES),
    ("email with right-to-left override", post(fan(email="fan\u202e@example.com")), 400, EMAIL_SPACES),
    ("300-character email", post(fan(email="a" * 288 + "@example.com")), 400, {"error": "That email address is too long: 254 characters at most.", "field": "email"}),
    ("email without @", post(fan(email="fan.example.com")), 400, ONE_AT),
    ("email with two @", post(fan(email="fan@home@example.com")), 400, ONE_AT),
    ("HTML in the email", post(fan(email="<script>alert(1)</script>@example.com")), 400, {"error": "The part before the @ has characters an email address can't have.", "field": "email"}),
    ("missing consent", post(fan(consent=...)), 400, NO_CONSENT),
    ("consent false", post(fan(consent=False)), 400, NO_CONSENT),
    ("consent off in a form", post("page=night-drive&email=fan%40example.com&consent=off", FORM), 400, NO_CONSENT),
    ("consent maybe", post(fan(consent="maybe")), 400, {"error": "The consent field must be true or false.", "field": "consent"}),
    ("missing page", post(fan(page=...)), 400, {"error": "The form doesn't say which page to unlock.", "field": "page"}),
    ("page as list", post(fan(page=["night-drive"])), 400, {"error": "The page must be text.", "field": "page"}),
    ("page with capitals", post(fan(page="Night-Drive")), 400, BAD_PAGE),
    ("page traversal", post(fan(page="../../etc/passwd")), 400, BAD_PAGE),
    ("SQL in the page", post(fan(page="x'; DROP TABLE signups;--")), 400, BAD_PAGE),
    ("page not on the list", post(fan(page="secret-demos")), 404, {"error": 'There is no early-access page called "secret-demos".', "field": "page"}),
    ("email sent twice", post('{"page": "demos", "email": "a@b.co", "email": "c@d.co", "consent": true}'), 400, {"error": 'The field "email" was sent more than once.', "field": "email"}),
    ("form with 100 fields", post("&".join(f"f{n}=1" for n in range(100)), FORM), 400, {"error": "The form data could not be read."}),
    ("form with a broken escape", post("email=%E2%28%A1&consent=on&page=demos", FORM), 400, {"error": "The form data could not be read."}),
    ("wrong origin", post(json.dumps(FAN), {"Content-Type": "application/json", "Origin": "https://evil.example"}), 403, BAD_ORIGIN),
    ("null origin", post(json.dumps(FAN), {"Content-Type": "application/json", "Origin": "null"}), 403, BAD_ORIGIN),
    ("look-alike origin", post(json.dumps(FAN), {"Content-Type": "application/json", "Origin": "http://localhost.evil.example:8000"}), 403, BAD_ORIGIN),
    ("preflight from a wrong origin", post(None, {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}, method="OPTIONS"), 403, BAD_ORIGIN),
    ("honeypot in JSON", post(fan(website="http://cheap-pills.example")), 403, HONEYPOT),
    ("honeypot in a form", post("page=night-drive&email=fan%40example.com&consent=on&website=spam", FORM), 403, HONEYPOT),
    ("GET on unlock", post(None, {"Origin": SITE}, method="GET"), 405, USE_POST),
    ("PUT on subscribe", post(json.dumps(FAN), JSON, "/api/subscribe", "PUT"), 405, USE_POST),
    ("DELETE on unlock", post(None, {}, "/unlock", "DELETE"), 405, USE_POST),
    ("unknown route", post(json.dumps(FAN), JSON, "/api/admin"), 404, NOT_FOUND),
    ("root", post(None, {}, "/", "GET"), 404, NOT_FOUND),
    ("path traversal", post(json.dumps(FAN), JSON, "/api/../unlock"), 404, NOT_FOUND),
    ("encoded path traversal", post(json.dumps(FAN), JSON, "/api/%2e%2e/unlock"), 404, NOT_FOUND),
    ("traversal to a file", post(None, {}, "/api/../../etc/passwd", "GET"), 404, NOT_FOUND),
    ("NUL in the path", post(json.dumps(FAN), JSON, "/api/unlock%00"), 404, NOT_FOUND),
    ("route in capitals", post(json.dumps(FAN), JSON, "/api/UNLOCK"), 404, NOT_FOUND),
    ("5000-character path", post(json.dumps(FAN), JSON, "/a" * 2500 + "/unlock"), 404, NOT_FOUND),
]


@pytest.mark.parametrize("request_, status, body", [case[1:] for case in HOSTILE], ids=[case[0] for case in HOSTILE])
def test_hostile_request(site, request_, status, body):
    base, db, _ = site
    before = rows(db) if db.exists() else []
    answer = request_(base)
    assert answer.status < 500
    assert (answer.status, answer.json) == (status, body)
    assert answer.headers["content-type"] == "application/json; charset=utf-8"
    if status == 405:
        assert answer.headers["allow"] == "POST, OPTIONS"
    if status == 403 and body.get("field") == "origin":
        assert "access-control-allow-origin" not in answer.headers
    if db.exists():
        assert integrity(db) == "ok"
        assert rows(db) == before  # nothing hostile was recorded


def test_there_are_at_least_40_hostile_requests():
    assert len(HOSTILE) >= 40


def test_head_gets_405_without_a_body(site):
    base, _, _ = site
    answer = send(base, "HEAD", UNLOCK)
    assert (answer.status, answer.raw, answer.headers["allow"]) == (405, b"", "POST, OPTIONS")


def test_the_database_holds_only_accepted_signups(site):
    base, db, _ = site
    assert send(base, "POST", UNLOCK, fan(email="last@example.com"), {"Origin": SITE}).status == 200
    assert integrity(db) == "ok"
    emails = {email for _, email, _ in rows(db)}
    assert "last@example.com" in emails
    assert not any("DROP" in email or "\n" in email or "<" in email for email in emails)
    assert all(consent == 1 for _, _, consent in rows(db))


# --- rate limits --------------------------------------------------------------------

def test_ip_burst_past_the_limit_is_429_with_retry_after(store):
    with serving_endpoint(make_endpoint(store, FANZINE_RATE_LIMIT_IP="10")) as base:
        statuses = [send(base, "POST", UNLOCK, fan(email=f"fan{n}@example.com"), {"Origin": SITE}).status for n in range(10)]
        answer = send(base, "POST", UNLOCK, fan(email="fan10@example.com"), {"Origin": SITE})
    assert statuses == [200] * 10
    assert (answer.status, answer.json) == (429, {"error": "Too many signups from your network. Please wait a minute and try again."})
    assert 1 <= int(answer.headers["retry-after"]) <= 6
    assert answer.headers["access-control-allow-origin"] == SITE
    assert len(rows(store)) == 10


def test_ip_limit_counts_junk_too(store):
    with serving_endpoint(make_endpoint(store, FANZINE_RATE_LIMIT_IP="3")) as base:
        statuses = [send(base, "POST", UNLOCK, "junk", JSON).status for _ in range(4)]
    assert statuses == [400, 400, 400, 429]


def test_email_burst_past_the_limit_is_429_on_the_email_field(store):
    with serving_endpoint(make_endpoint(store, FANZINE_RATE_LIMIT_IP="100", FANZINE_RATE_LIMIT_EMAIL="3")) as base:
        statuses = [send(base, "POST", UNLOCK, fan(email="Same@Example.com" if n % 2 else "same@example.com"), {"Origin": SITE}).status for n in range(3)]
        answer = send(base, "POST", "/api/subscribe", {"email": "SAME@example.com", "consent": True}, {"Origin": SITE})
        other = send(base, "POST", UNLOCK, fan(email="other@example.com"), {"Origin": SITE})
    assert statuses == [200, 200, 200]
    assert (answer.status, answer.json) == (429, {"error": "This address was just used to sign up. Please wait a minute before trying again.", "field": "email"})
    assert int(answer.headers["retry-after"]) == 20
    assert other.status == 200


# --- settings the artist has not finished ----------------------------------------------------

def test_missing_secret_is_503_for_unlock_but_subscribe_works(store, caplog):
    with serving_endpoint(make_endpoint(store, FANZINE_GATE_SECRET="")) as base:
        unlock = send(base, "POST", UNLOCK, FAN, {"Origin": SITE})
        subscribe = send(base, "POST", "/api/subscribe", {"email": "fan@example.com", "consent": True}, {"Origin": SITE})
    assert (unlock.status, unlock.json) == (503, {"error": "Early access isn't set up yet: the site secret is missing or too short. Site owner: set FANZINE_GATE_SECRET."})
    assert subscribe.status == 200
    assert rows(store) == [("", "fan@example.com", 1)]
    assert "FANZINE_GATE_SECRET is not set." in caplog.text


def test_broken_settings_are_503_naming_the_variables(store):
    endpoint = make_endpoint(store, FANZINE_SINKS="sqlite,mailchimp", FANZINE_RATE_LIMIT_IP="lots")
    with serving_endpoint(endpoint) as base:
        answer = send(base, "POST", UNLOCK, FAN, {"Origin": SITE})
    assert (answer.status, answer.json) == (503, {"error": "This signup form isn't set up correctly yet. Site owner: check FANZINE_SINKS, FANZINE_RATE_LIMIT_IP in the server settings."})
    assert not store.exists()
