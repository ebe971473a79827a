"""Cloudflare Turnstile through the real endpoint, against a local siteverify using Cloudflare's test secrets."""
from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from endpoint_helpers import (
    FAILING_TURNSTILE_SECRET,
    PASSING_TURNSTILE_SECRET,
    SECRET,
    SITE,
    SPENT_TURNSTILE_SECRET,
    FakeUpstream,
    cloudflare_siteverify,
    make_endpoint,
    rows,
    send,
    serving_endpoint,
)
from functions.keys import page_ticket

FAN = {"page": "night-drive", "ticket": page_ticket(SECRET, "night-drive"), "email": "fan@example.com", "consent": True, "cf-turnstile-response": "XXXX.DUMMY.TOKEN.XXXX"}
FIELD = "cf-turnstile-response"


@pytest.fixture
def siteverify():
    with FakeUpstream(cloudflare_siteverify).running() as fake:
        yield fake


def post_with(store, siteverify, secret: str, body: dict):
    endpoint = make_endpoint(store, FANZINE_TURNSTILE_SECRET=secret, FANZINE_TURNSTILE_URL=siteverify.url + "/turnstile/v0/siteverify")
    with serving_endpoint(endpoint) as base:
        return send(base, "POST", "/api/unlock", body, {"Origin": SITE})


def test_passing_token_unlocks(store, siteverify):
    answer = post_with(store, siteverify, PASSING_TURNSTILE_SECRET, FAN)
    assert answer.status == 200 and "key" in answer.json
    [received] = siteverify.received
    assert received.path == "/turnstile/v0/siteverify"
    assert parse_qs(received.body.decode()) == {"secret": [PASSING_TURNSTILE_SECRET], "response": ["XXXX.DUMMY.TOKEN.XXXX"], "remoteip": ["127.0.0.1"]}
    assert rows(store) == [("night-drive", "fan@example.com", 1)]


@pytest.mark.parametrize("secret", [FAILING_TURNSTILE_SECRET, SPENT_TURNSTILE_SECRET])
def test_failing_token_is_403_and_nothing_is_recorded(store, siteverify, secret):
    answer = post_with(store, siteverify, secret, FAN)
    assert (answer.status, answer.json) == (403, {"error": "The verification challenge failed. Please try it again.", "field": FIELD})
    assert rows(store) == []


def test_missing_token_is_403_without_asking_cloudflare(store, siteverify):
    answer = post_with(store, siteverify, PASSING_TURNSTILE_SECRET, {key: value for key, value in FAN.items() if key != FIELD})
    assert (answer.status, answer.json) == (403, {"error": "Please complete the verification challenge and try again.", "field": FIELD})
    assert siteverify.received == []


def test_invalid_fields_are_refused_before_spending_the_token(store, siteverify):
    answer = post_with(store, siteverify, PASSING_TURNSTILE_SECRET, {**FAN, "email": "not an address"})
    assert answer.status == 400 and siteverify.received == []


def test_cloudflare_unreachable_is_503_try_again(store):
    with FakeUpstream().running() as fake:
        gone = fake.url
    endpoint = make_endpoint(store, FANZINE_TURNSTILE_SECRET=PASSING_TURNSTILE_SECRET, FANZINE_TURNSTILE_URL=gone, FANZINE_SINK_TIMEOUT="1")
    with serving_endpoint(endpoint) as base:
        answer = send(base, "POST", "/api/unlock", FAN, {"Origin": SITE})
    assert (answer.status, answer.json) == (503, {"error": "We couldn't check the verification challenge just now. Please try again.", "field": FIELD})


def test_without_a_turnstile_secret_the_token_is_ignored(store):
    with serving_endpoint(make_endpoint(store)) as base:
        assert send(base, "POST", "/api/unlock", {**FAN, FIELD: "anything"}, {"Origin": SITE}).status == 200
