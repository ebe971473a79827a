"""POST /rsvp (functions/rsvp.py) over real HTTP, on both store engines: the contract, the 303 back to the
event page for a browser's own form post (never anywhere else), and hostile requests that leave the store
holding only the RSVPs that were accepted.
"""
from __future__ import annotations

import pytest

from endpoint_helpers import SITE, integrity, make_endpoint, send, serving_endpoint

RSVP = "/api/rsvp"
JSON = {"Content-Type": "application/json", "Origin": SITE}
FORM = {"Content-Type": "application/x-www-form-urlencoded", "Origin": SITE,
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
FAN = {"event": "listening-party", "email": "Fan@Example.com", "consent": True}
PAGE = "/events/listening-party/"


@pytest.fixture(scope="module")
def site(module_store):
    endpoint = make_endpoint(module_store, FANZINE_RATE_LIMIT_IP="0", FANZINE_RATE_LIMIT_EMAIL="0")
    with serving_endpoint(endpoint) as base:
        yield base, module_store, endpoint
    endpoint.store.close()


def stored(endpoint, event: str | None = None) -> list[tuple[str, str, bool]]:
    return [(r.event, r.email, r.consent) for r in endpoint.store.rsvps(event)]


def test_an_rsvp_in_json_is_stored_once_with_consent(site):
    base, _, endpoint = site
    answer = send(base, "POST", RSVP, FAN, JSON)
    assert (answer.status, answer.json) == (200, {"ok": True})
    assert answer.headers["access-control-allow-origin"] == SITE
    assert send(base, "POST", RSVP, {**FAN, "email": "fan@example.com"}, JSON).json == {"ok": True}  # again: one row
    assert stored(endpoint, "listening-party") == [("listening-party", "fan@example.com", True)]


def test_a_browser_form_post_gets_a_303_back_to_the_event_page(site):
    base, _, endpoint = site
    body = f"event=glasgow-show&email=walker%40example.org&consent=yes&back={PAGE.replace('/', '%2F')}&website="
    answer = send(base, "POST", RSVP, body, FORM)
    assert answer.status == 303 and answer.raw == b""
    assert answer.headers["location"] == f"{SITE}{PAGE}#rsvp-thanks"
    assert ("glasgow-show", "walker@example.org", True) in stored(endpoint, "glasgow-show")


def test_a_refused_form_post_goes_back_to_the_form_and_stores_nothing(site):
    base, _, endpoint = site
    answer = send(base, "POST", RSVP, f"event=glasgow-show&email=not-an-address&consent=yes&back={PAGE}", FORM)
    assert (answer.status, answer.headers["location"]) == (303, f"{SITE}{PAGE}#rsvp-problem")
    assert not [r for r in stored(endpoint) if r[1] == "not-an-address"]


@pytest.mark.parametrize("back", [
    "https://evil.example/", "//evil.example/x", "/\\evil.example", "/events/../../x", "javascript:alert(1)",
    "/events/x\r\nSet-Cookie: a=b", "/" + "a" * 400, "", "events/x/",
])
def test_the_way_back_is_never_another_site(site, back):
    base, _, _ = site
    from urllib.parse import quote

    answer = send(base, "POST", RSVP, f"event=x&email=fan%40example.com&consent=yes&back={quote(back)}", FORM)
    assert answer.status == 200 and answer.json == {"ok": True}  # JSON, not a redirect
    assert "location" not in answer.headers


def test_a_form_from_another_site_is_refused_without_a_redirect(site):
    base, _, _ = site
    answer = send(base, "POST", RSVP, f"event=x&email=fan%40example.com&consent=yes&back={PAGE}",
                  {**FORM, "Origin": "https://evil.example"})
    assert (answer.status, answer.json) == (403, {"error": "This form can only be sent from the artist's own site.",
                                                  "field": "origin"})
    assert "location" not in answer.headers


@pytest.mark.parametrize("body, status, error, field", [
    ({"email": "fan@example.com", "consent": True}, 400, "The form doesn't say which event you are coming to.",
     "event"),
    ({**FAN, "event": "../etc/passwd"}, 400,
     'Event ids are lowercase letters, digits and hyphens, like "night-drive-listening-party".', "event"),
    ({**FAN, "event": ["a"]}, 400,
     'Event ids are lowercase letters, digits and hyphens, like "night-drive-listening-party".', "event"),
    ({**FAN, "event": "x" * 200}, 400,
     'Event ids are lowercase letters, digits and hyphens, like "night-drive-listening-party".', "event"),
    ({**FAN, "consent": False}, 400, "Please tick the consent box to sign up.", "consent"),
    ({"event": "x", "email": "fan@example.com"}, 400, "Please tick the consent box to sign up.", "consent"),
    ({**FAN, "email": "<script>@x"}, 400, None, "email"),
    ({**FAN, "website": "http://spam.example"}, 403,
     'This looks like an automated form. If you are a person, leave the "website" field empty and try again.',
     "website"),
])
def test_hostile_rsvps_get_a_clear_4xx_and_store_nothing(site, body, status, error, field):
    base, store, endpoint = site
    before = stored(endpoint)
    answer = send(base, "POST", RSVP, body, JSON)
    assert answer.status == status and answer.json["field"] == field
    if error:
        assert answer.json["error"] == error
    assert stored(endpoint) == before
    assert integrity(store) == "ok"


def test_oversized_and_wrongly_typed_bodies(site):
    base, _, _ = site
    assert send(base, "POST", RSVP, "x" * 20_000, {**JSON, "Content-Type": "application/json"}).status == 413
    assert send(base, "POST", RSVP, "event=x", {**FORM, "Content-Type": "text/plain"}).status == 415
    assert send(base, "GET", RSVP, None, {"Origin": SITE}).status == 405
    assert send(base, "POST", RSVP, b"{not json", JSON).status == 400


def test_an_rsvp_is_not_a_newsletter_signup(site):
    base, store, _ = site
    send(base, "POST", RSVP, {**FAN, "email": "only-coming@example.com"}, JSON)
    assert not [row for row in store.rows() if row[1] == "only-coming@example.com"]
