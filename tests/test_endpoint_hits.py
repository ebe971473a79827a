"""functions/hits.py: POST /hit counts on both store engines; replays, floods, private browsers and junk."""
from __future__ import annotations

import json

import pytest

from endpoint_helpers import SECRET, SITE, make_endpoint, send, serving_endpoint
from functions import Request, core, hits
from functions.keys import page_ticket

BEACON = {"Content-Type": "text/plain;charset=UTF-8", "Origin": SITE}
FAN_IP = "198.51.100.23"
FAN_UA = "Mozilla/5.0 (X11; Linux x86_64) FanzineTestBrowser/1.0"


def hit(endpoint, body, headers=BEACON, ip=FAN_IP, method="POST", path="/api/hit"):
    raw = json.dumps(body).encode() if isinstance(body, dict) else body
    return endpoint.handle(Request(method, path, {**headers, "User-Agent": FAN_UA}, body=raw, client_ip=ip))


def taps(endpoint):
    return [(t.page, t.target, t.count) for t in endpoint.store.tap_counts()]


def test_a_beacon_is_counted_once_per_page_and_target(store):
    endpoint = make_endpoint(store)
    for target in ("view", "link:tickets", "service:spotify"):
        response = hit(endpoint, {"page": "/links/", "target": target})
        assert (response.status, response.body, response.headers["Access-Control-Allow-Origin"]) == (204, None, SITE)
    assert hit(endpoint, {"page": "/", "target": "view"}, ip="203.0.113.9").status == 204
    assert hit(endpoint, {"page": "/", "target": "view"}, ip="203.0.113.10").status == 204
    assert sorted(taps(endpoint)) == [("/", "view", 2), ("/links/", "link:tickets", 1), ("/links/", "service:spotify", 1),
                                      ("/links/", "view", 1)]


def test_replays_of_one_beacon_count_once(store):
    endpoint = make_endpoint(store)
    for _ in range(20):
        assert hit(endpoint, {"page": "/go/night-drive/", "target": "presave"}).status == 204
    assert taps(endpoint) == [("/go/night-drive/", "presave", 1)]


def test_a_second_endpoint_instance_knows_the_replay(store):
    # Instances share the store and the day's salt (made from the site secret): a replay sent to another counts once too.
    first, second = make_endpoint(store), make_endpoint(store)
    assert hit(first, {"page": "/links/", "target": "view"}).status == 204
    assert hit(second, {"page": "/links/", "target": "view"}).status == 204
    assert taps(second) == [("/links/", "view", 1)]


def test_one_client_cannot_flood_the_counters(store):
    endpoint = make_endpoint(store, FANZINE_RATE_LIMIT_HITS="5")
    answers = [hit(endpoint, {"page": "/links/", "target": f"link:number-{n}"}) for n in range(8)]
    assert [a.status for a in answers] == [204] * 5 + [429] * 3
    assert answers[-1].body == {"error": "Too many counts from your network. Please wait a minute."}
    assert int(answers[-1].headers["Retry-After"]) >= 1
    assert sum(count for _, _, count in taps(endpoint)) == 5
    assert hit(endpoint, {"page": "/links/", "target": "view"}, ip="203.0.113.77").status == 204  # another fan is fine


def test_the_flood_limit_holds_across_instances(store):
    answers = [hit(make_endpoint(store, FANZINE_RATE_LIMIT_HITS="3"), {"page": "/", "target": f"link:n{n}"})
               for n in range(5)]
    assert [a.status for a in answers] == [204] * 3 + [429] * 2


@pytest.mark.parametrize("header", [{"Sec-GPC": "1"}, {"DNT": "1"}])
def test_global_privacy_control_and_do_not_track_are_never_counted(store, header):
    endpoint = make_endpoint(store)
    assert hit(endpoint, {"page": "/links/", "target": "view"}, {**BEACON, **header}).status == 204
    assert taps(endpoint) == [] and store.count("rate_limits") == 0 and store.count("hit_replays") == 0


def test_the_store_holds_no_personal_data(store):
    endpoint = make_endpoint(store)
    hit(endpoint, {"page": "/links/", "target": "view"})
    hit(endpoint, {"page": "/links/", "target": "link:tickets"})
    dump = repr({table: store.sql(f"SELECT * FROM {table}") for table in ("taps", "rate_limits", "hit_replays")})
    for personal in (FAN_IP, FAN_UA, "FanzineTestBrowser", "198.51.100", SITE, "cookie"):
        assert personal not in dump
    assert store.sql("SELECT page, target, count FROM taps ORDER BY target") == [
        ("/links/", "link:tickets", 1), ("/links/", "view", 1)]
    # Only digests of a daily-salted digest, and only for a while.
    keys = [row[0] for row in store.sql("SELECT key FROM hit_replays")]
    assert len(keys) == 2 and all(len(key) == 64 and int(key, 16) >= 0 for key in keys)


def test_the_salt_changes_every_day_and_needs_the_secret():
    assert hits.daily_salt(SECRET, "2026-12-01") != hits.daily_salt(SECRET, "2026-12-02")
    assert hits.daily_salt(SECRET, "2026-12-01") == hits.daily_salt(SECRET, "2026-12-01")
    assert hits.daily_salt("another-secret-of-more-than-32-chars!!", "2026-12-01") != hits.daily_salt(SECRET, "2026-12-01")


MALFORMED = [
    (b'{"page": "/links/"}', 400, hits.WRONG_SHAPE),
    (b'{"page": "/links/", "target": "view", "ua": "x"}', 400, hits.WRONG_SHAPE),
    (b'{"page": "/links/", "target": 3}', 400, hits.WRONG_SHAPE),
    (b'["/links/", "view"]', 400, hits.WRONG_SHAPE),
    (b"not json", 400, hits.WRONG_SHAPE),
    (b"\xff\xfe", 400, hits.WRONG_SHAPE),
    (b"[" * 400, 400, hits.WRONG_SHAPE),
    (b'{"page": "https://evil.example/", "target": "view"}', 400, hits.BAD_PAGE),
    (b'{"page": "/../etc/", "target": "view"}', 400, hits.BAD_PAGE),
    (b'{"page": "links", "target": "view"}', 400, hits.BAD_PAGE),
    (b'{"page": "early:night-drive", "target": "signup"}', 400, hits.BAD_PAGE),
    (b'{"page": "/links/<script>/", "target": "view"}', 400, hits.BAD_PAGE),
    (json.dumps({"page": "/" + "a/" * 100, "target": "view"}).encode(), 400, hits.BAD_PAGE),
    (b'{"page": "/links/", "target": "signup"}', 400, hits.BAD_TARGET),
    (b'{"page": "/links/", "target": "link:https://x.example/?utm_source=a"}', 400, hits.BAD_TARGET),
    (b'{"page": "/links/", "target": "link:"}', 400, hits.BAD_TARGET),
    (json.dumps({"page": "/links/", "target": "link:" + "a" * 61}).encode(), 400, hits.BAD_TARGET),
    (b'{"page": "/links/", "target": "' + b"x" * 600 + b'"}', 413, "The form is too large: send at most 512 bytes."),
]


@pytest.mark.parametrize("body, status, message", MALFORMED)
def test_junk_is_refused_and_nothing_is_stored(store, body, status, message):
    endpoint = make_endpoint(store)
    response = hit(endpoint, body)
    assert (response.status, response.body["error"]) == (status, message)
    assert taps(endpoint) == []


ANOTHER_SITE = "This form can only be sent from the artist's own site."  # core.py checks every route's origin


@pytest.mark.parametrize("headers, method, status, message", [
    ({"Content-Type": "text/plain"}, "POST", 403, hits.NOT_FROM_SITE),
    ({**BEACON, "Origin": "https://evil.example"}, "POST", 403, ANOTHER_SITE),
    ({**BEACON, "Origin": "null"}, "POST", 403, ANOTHER_SITE),
    ({**BEACON, "Content-Type": "multipart/form-data"}, "POST", 415, hits.WRONG_TYPE),
    (BEACON, "GET", 405, "Send this form with POST."),
    (BEACON, "PUT", 405, "Send this form with POST."),
])
def test_requests_not_from_a_fans_page_are_refused(store, headers, method, status, message):
    endpoint = make_endpoint(store)
    response = hit(endpoint, {"page": "/links/", "target": "view"}, headers, method=method)
    assert (response.status, response.body["error"]) == (status, message)
    assert taps(endpoint) == []


def test_routes_include_hit():
    assert core.match_route("/api/hit") == "hit" and core.match_route("/hit/") == "hit"
    assert core.match_route("/api/hits") is None and core.match_route("/api/../hit") is None


def test_signups_are_counted_only_from_sites_with_stats_on(store):
    endpoint = make_endpoint(store)
    fan = {"page": "night-drive", "ticket": page_ticket(SECRET, "night-drive"), "consent": True}
    json_headers = {"Content-Type": "application/json", "Origin": SITE}
    assert hit(endpoint, {**fan, "email": "a@example.com"}, json_headers, path="/unlock").status == 200
    assert taps(endpoint) == []
    assert hit(endpoint, {**fan, "email": "b@example.com", "stats": "on"}, json_headers, path="/unlock").status == 200
    form = {"Content-Type": "application/x-www-form-urlencoded", "Origin": SITE}
    assert hit(endpoint, b"email=c%40example.com&consent=true&stats=on", form, path="/subscribe").status == 200
    assert sorted(taps(endpoint)) == [("early:night-drive", "signup", 1), ("newsletter", "signup", 1)]


def test_hit_over_real_http(store):
    endpoint = make_endpoint(store)
    with serving_endpoint(endpoint) as base:
        answer = send(base, "POST", "/api/hit", b'{"page":"/links/","target":"qr"}', BEACON)
    assert answer.status == 204 and answer.raw == b""
    assert taps(endpoint) == [("/links/", "qr", 1)]


def test_rsvps_are_counted_once_per_fan_only_from_sites_with_stats_on(store):
    endpoint = make_endpoint(store)
    headers = {"Content-Type": "application/json", "Origin": SITE}
    fan = {"event": "listening-party", "consent": True}
    assert hit(endpoint, {**fan, "email": "a@example.com"}, headers, path="/api/rsvp").status == 200
    assert taps(endpoint) == []
    for _ in range(2):  # saying it twice changes nothing, the count neither
        assert hit(endpoint, {**fan, "email": "b@example.com", "stats": "on"}, headers, path="/api/rsvp").status == 200
    assert taps(endpoint) == [("event:listening-party", "rsvp", 1)]
