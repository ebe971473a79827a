"""POST /hit: one cookieless count from a fan's browser, and the counts the endpoint keeps itself.

A beacon (theme/js/stats.js, sent only by sites built with `stats: on`)
carries `{"page": "/links/", "target": "link:tickets"}` and nothing else: the
page is the site path of a front door, the target says what happened there
(`view`, `qr`, `presave`, `link:<label>`, `service:<name>`). It adds one to
that page's and target's count for the day; the store keeps numbers, never
who.

Honest numbers without knowing anyone: the fan's address is turned into a
digest salted with a secret that changes every day (`client_key`), and that
digest is all the rate limits and the replay check ever see. One client may
send `FANZINE_RATE_LIMIT_HITS` counts a minute; the same page, target and
client count once per REPLAY_WINDOW_S, so reloading or replaying a beacon
cannot inflate a counter. A browser saying Do Not Track or Global Privacy
Control is answered like any other and counted by no one.

Signups (and, through `count_action`, any form the endpoint records) are
counted server-side when the form was built by a site with stats on: it
sends `stats=on`, so a site with stats off is never counted.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import secrets
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from . import defences
from .errors import SignupError, StoreError
from .messages import Request, Response, json_response, read_body

if TYPE_CHECKING:
    from .core import Endpoint

log = logging.getLogger("fanzine.endpoint.hits")

MAX_HIT_BYTES = 512
REPLAY_WINDOW_S = 30 * 60.0
# The site path of a front door: "/", "/links/", "/go/night-drive/" (no "..": a segment starts with a letter or digit).
PAGE = re.compile(r"/(?:[A-Za-z0-9][A-Za-z0-9._-]{0,79}/){0,6}")
MAX_PAGE = 160
SLUG = r"[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?"
TARGET = re.compile(rf"view|qr|presave|(?:link|service):{SLUG}")
# What a beacon may send: text/plain is what navigator.sendBeacon sends for a string (no preflight needed).
HIT_TYPES = ("text/plain", "application/json")
FIELDS = {"page", "target"}
STATS_FIELD = "stats"
PROCESS_SALT = secrets.token_bytes(32)  # when no site secret is set: this process's own, never written down

# What the tests assert word for word.
NOT_FROM_SITE = "Counts are only taken from the artist's own site."
TOO_MANY = "Too many counts from your network. Please wait a minute."
WRONG_TYPE = "Send the count as text/plain or application/json."
WRONG_SHAPE = 'Send exactly {"page": "/links/", "target": "view"}: a page and a target, nothing else.'
BAD_PAGE = 'The page must be a path of this site, like "/links/".'
BAD_TARGET = 'The target must be view, qr, presave, link:<name> or service:<name>, like "link:tickets".'


def answer(endpoint: Endpoint, request: Request) -> Response:
    """Answer one POST to /hit: 204 whether it was counted, a replay or a private browser; 4xx for junk.

    core.py has already refused other methods and other sites' origins, and answered CORS preflights.
    """
    cors: dict[str, str] = {"Vary": "Origin"}
    try:
        origin = request.headers.get("origin")
        # A count always comes from a page: a request without Origin is a script, not a fan's browser.
        if not origin or not defences.origin_allowed(origin, request, endpoint.settings.allowed_origins):
            raise SignupError(403, NOT_FROM_SITE, "origin")
        cors = defences.cors_headers(origin)
        if private(request):
            return json_response(204, None, cors)  # nothing hashed, nothing limited, nothing counted
        client = client_key(endpoint, request)
        limit(endpoint, client)
        page, target = read_hit(request)
        counted = endpoint.store.count_hit(page, target, f"{client}|{page}|{target}", REPLAY_WINDOW_S)
        log.debug("Hit %s %s %s", page, target, "counted" if counted else "already counted")
        return json_response(204, None, cors)
    except SignupError as error:
        return json_response(error.status, error.body(), {**cors, **error.headers})
    except StoreError as error:
        log.error("The fan store is unavailable for counts: %s", error)
        return json_response(503, {"error": "The count could not be kept just now."}, cors)


def private(request: Request) -> bool:
    """True when the fan's browser asks not to be tracked: Global Privacy Control or Do Not Track."""
    return request.headers.get("sec-gpc", "").strip() == "1" or request.headers.get("dnt", "").strip() == "1"


def daily_salt(secret: str, day: str) -> bytes:
    """The day's salt: from the site secret (shared by every instance), else this process's own."""
    key = secret.encode("utf-8") if secret else PROCESS_SALT
    return hmac.new(key, f"fanzine-hit-salt:{day}".encode(), hashlib.sha256).digest()


def client_key(endpoint: Endpoint, request: Request) -> str:
    """A digest of the fan's address under today's salt: the same all day, unlinkable to tomorrow's."""
    day = datetime.now(UTC).date().isoformat()
    salt = daily_salt(endpoint.settings.gate_secret, day)
    return hmac.new(salt, endpoint._fan_ip(request).encode("utf-8"), hashlib.sha256).hexdigest()


def limit(endpoint: Endpoint, client: str) -> None:
    """Spend one of the client's counts for this minute, in memory then in the store; a 429 when out."""
    per_minute = endpoint.settings.rate_limit_hits
    wait = endpoint.hit_limit.wait_time(client) or endpoint.store.take_token("hit", client, per_minute)
    if wait:
        raise SignupError(429, TOO_MANY, headers={"Retry-After": str(wait)})


def read_hit(request: Request) -> tuple[str, str]:
    """The page and target of a beacon; a 400 (naming what is wrong) for anything else."""
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media_type not in HIT_TYPES:
        raise SignupError(415, WRONG_TYPE)
    body = read_body(request, MAX_HIT_BYTES)
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise SignupError(400, WRONG_SHAPE) from None
    if not isinstance(data, dict) or set(data) != FIELDS or not all(isinstance(v, str) for v in data.values()):
        raise SignupError(400, WRONG_SHAPE)
    page, target = data["page"], data["target"]
    if len(page) > MAX_PAGE or not PAGE.fullmatch(page):
        raise SignupError(400, BAD_PAGE, "page")
    if not TARGET.fullmatch(target):
        raise SignupError(400, BAD_TARGET, "target")
    return page, target


def count_action(endpoint: Endpoint, fields: dict[str, object], page: str, target: str) -> None:
    """Count a form the endpoint has just recorded, if its site has stats on: `early:night-drive` / `signup`,
    `newsletter` / `signup`, and for the vote and RSVP routes `poll:<slug>` / `vote`, `event:<slug>` / `rsvp`
    (what `fanzine stats` reads).

    Server-side pages carry a colon, which no beacon's page can: fans cannot forge them.
    A count that cannot be kept is logged, never a reason to fail the fan's signup.
    """
    if str(fields.get(STATS_FIELD, "")).strip().lower() != "on":
        return
    try:
        endpoint.store.count_tap(page, target)
    except StoreError as error:
        log.warning("A %s for %s was recorded but not counted: %s", target, page, error)
