"""functions/defences.py: origins, rate limits and Cloudflare Turnstile (against a local fake)."""
from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from endpoint_helpers import (
    FAILING_TURNSTILE_SECRET,
    PASSING_TURNSTILE_SECRET,
    SPENT_TURNSTILE_SECRET,
    FakeUpstream,
    cloudflare_siteverify,
)
from functions.defences import (
    RateLimiter,
    cors_headers,
    origin_allowed,
    turnstile_passed,
)
from functions.errors import VerificationUnavailableError
from functions.messages import Request


def to(host: str, scheme: str = "https") -> Request:
    return Request("POST", "/unlock", {"Host": host}, scheme=scheme)


@pytest.mark.parametrize("origin", ["http://localhost:8000", "http://127.0.0.1:4000", "http://localhost", "http://[::1]:8000", "HTTP://LOCALHOST:8000/"])
def test_development_origins_are_allowed_by_default(origin):
    assert origin_allowed(origin, to("forms.example.net"), None)


@pytest.mark.parametrize("origin", ["https://evil.example", "http://localhost.evil.example", "http://localhost:80ab", "null", "https://localhost:8000", "http://127.0.0.2:8000"])
def test_other_origins_are_refused_by_default(origin):
    assert not origin_allowed(origin, to("forms.example.net"), None)


def test_same_origin_is_always_allowed():
    assert origin_allowed("https://novalights.com", to("novalights.com"), ("https://other.example",))
    assert origin_allowed("https://novalights.com", to("novalights.com:443"), ())
    assert origin_allowed("http://novalights.test:8080", to("novalights.test:8080", "http"), ())
    assert not origin_allowed("http://novalights.com", to("novalights.com"), ())


def test_configured_origins_replace_the_development_default():
    allowed = ("https://novalights.com", "https://preview.example:*")
    assert origin_allowed("https://novalights.com", to("forms.example.net"), allowed)
    assert origin_allowed("https://novalights.com:443", to("forms.example.net"), allowed)
    assert origin_allowed("https://preview.example:3000", to("forms.example.net"), allowed)
    assert not origin_allowed("http://localhost:8000", to("forms.example.net"), allowed)
    assert not origin_allowed("https://www.novalights.com", to("forms.example.net"), allowed)


def test_cors_headers():
    assert cors_headers("https://novalights.com") == {"Vary": "Origin", "Access-Control-Allow-Origin": "https://novalights.com"}
    assert cors_headers("https://novalights.com", preflight=True) == {
        "Vary": "Origin",
        "Access-Control-Allow-Origin": "https://novalights.com",
        "Access-Control-Allow-Methods": "POST, OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type",
        "Access-Control-Max-Age": "600",
    }


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_token_bucket_allows_a_burst_then_refills_evenly():
    clock = Clock()
    limiter = RateLimiter(3, clock)
    assert [limiter.wait_time("fan") for _ in range(4)] == [0, 0, 0, 20]
    clock.now += 19.9
    assert limiter.wait_time("fan") == 1
    clock.now += 0.2
    assert limiter.wait_time("fan") == 0
    assert limiter.wait_time("someone-else") == 0


def test_rate_limit_zero_means_no_limit():
    limiter = RateLimiter(0, Clock())
    assert all(limiter.wait_time("fan") == 0 for _ in range(1000))


def test_rate_limiter_memory_is_bounded():
    limiter = RateLimiter(1, Clock(), max_keys=100)
    for number in range(1000):
        limiter.wait_time(f"10.0.{number // 256}.{number % 256}")
    assert len(limiter._buckets) == 100


@pytest.fixture
def siteverify():
    with FakeUpstream(cloudflare_siteverify).running() as fake:
        yield fake


def test_turnstile_passing_secret(siteverify):
    assert turnstile_passed("XXXX.DUMMY.TOKEN.XXXX", PASSING_TURNSTILE_SECRET, siteverify.url + "/turnstile/v0/siteverify", "203.0.113.7", 2)
    [received] = siteverify.received
    assert received.method == "POST" and received.path == "/turnstile/v0/siteverify"
    assert received.headers["content-type"] == "application/x-www-form-urlencoded"
    assert parse_qs(received.body.decode()) == {
        "secret": [PASSING_TURNSTILE_SECRET], "response": ["XXXX.DUMMY.TOKEN.XXXX"], "remoteip": ["203.0.113.7"],
    }


@pytest.mark.parametrize("secret", [FAILING_TURNSTILE_SECRET, SPENT_TURNSTILE_SECRET, "not-a-secret"])
def test_turnstile_failing_secrets(siteverify, secret):
    assert not turnstile_passed("XXXX.DUMMY.TOKEN.XXXX", secret, siteverify.url, "", 2)
    assert "remoteip" not in parse_qs(siteverify.received[0].body.decode())


@pytest.mark.parametrize("token", ["", "x" * 2049])
def test_turnstile_refuses_empty_or_oversized_tokens_without_asking(siteverify, token):
    assert not turnstile_passed(token, PASSING_TURNSTILE_SECRET, siteverify.url, "", 2)
    assert siteverify.received == []


def test_turnstile_unreachable_is_not_a_refusal():
    with FakeUpstream().running() as fake:
        url = fake.url
    with pytest.raises(VerificationUnavailableError, match="siteverify unreachable"):
        turnstile_passed("tok", PASSING_TURNSTILE_SECRET, url, "", 2)


@pytest.mark.parametrize("reply", [(500, {"success": True}), (200, None), (200, ["success"])])
def test_turnstile_without_a_verdict_is_not_a_refusal(reply):
    with FakeUpstream(lambda received: reply).running() as fake, pytest.raises(VerificationUnavailableError, match="without a verdict"):
        turnstile_passed("tok", PASSING_TURNSTILE_SECRET, fake.url, "", 2)
