"""POST /rsvp: a fan says they are coming to an event, from the form on its page; kept in the fan store.

Contract: `{"event": "<slug>", "email": "...", "consent": true}` (JSON or
form-encoded) → 200 `{"ok": true}`; the same defences as a signup (origin,
honeypot, body cap, rate limits, Turnstile when set). Nothing goes to the
newsletter: an RSVP is not a subscription, and `fanzine events rsvps <slug>`
is how the artist takes the list to their newsletter tool.

A form posted by the browser itself (no JavaScript: it asks for HTML) gets a
303 back to the event page it came from, at `#rsvp-thanks` or `#rsvp-problem`,
which the page shows with CSS :target. The way back is the page's own origin
(already checked against the allowed origins) plus the form's `back` path:
never a URL the request names, so the endpoint cannot be used to send anyone
elsewhere.
"""
from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from . import hits
from .errors import SignupError
from .keys import is_page_slug
from .messages import Request, Response, read_body
from .validation import (
    FORM_TYPE,
    TURNSTILE_FIELD,
    Signup,
    check_consent,
    check_content_type,
    check_email,
    honeypot_filled,
    normalise_email,
    parse_form,
)

if TYPE_CHECKING:
    from .core import Endpoint

log = logging.getLogger("fanzine.endpoint")

# What the fan reads; tests assert these sentences word for word.
NO_EVENT = "The form doesn't say which event you are coming to."
BAD_EVENT = 'Event ids are lowercase letters, digits and hyphens, like "night-drive-listening-party".'
# A path on the site: "/", then no "//" (another host), no backslash, no dot segments, nothing invisible.
SAFE_PATH = re.compile(r"/(?!/)(?:[A-Za-z0-9._~!$&'()*+,;=:@%-]+/?)*")
MAX_PATH = 300
THANKS, PROBLEM = "#rsvp-thanks", "#rsvp-problem"


def answer(endpoint: Endpoint, request: Request) -> dict[str, object] | Response:
    """Record one RSVP; a browser's own form post gets a 303 back to its page, JSON otherwise."""
    fields: dict[str, object] = {}
    try:
        fields = read_fields(endpoint, request)
        record(endpoint, request, fields)
    except SignupError as error:
        back = way_back(request, fields)
        if back is None or error.status in (405, 415):
            raise
        log.info("RSVP refused (%s): sending the fan back to the form", error.status)
        return Response(303, None, {"Location": back + PROBLEM, "Vary": "Origin"})
    back = way_back(request, fields)
    if back is not None:
        return Response(303, None, {"Location": back + THANKS, "Vary": "Origin"})
    return {"ok": True}


# The endpoint's own steps, in the order /unlock and /subscribe take them (core.py keeps them in one place).

def read_fields(endpoint: Endpoint, request: Request) -> dict[str, object]:
    endpoint._check_ready("rsvp")
    endpoint._limit("ip", endpoint.ip_limit, endpoint._fan_ip(request), endpoint.settings.rate_limit_ip)
    check_content_type(request.headers.get("content-type", ""))
    body = read_body(request, endpoint.settings.max_body_bytes)
    return parse_form(request.headers.get("content-type", ""), body)


def record(endpoint: Endpoint, request: Request, fields: dict[str, object]) -> None:
    if honeypot_filled(fields):
        log.info("Refused an RSVP with the honeypot field filled")
        raise SignupError(403, "This looks like an automated form. If you are a person, leave the \"website\" "
                               "field empty and try again.", "website")
    event = check_event(fields.get("event"))
    email = check_email(fields.get("email"))
    check_consent(fields.get("consent"))
    endpoint._limit("email", endpoint.email_limit, normalise_email(email), endpoint.settings.rate_limit_email)
    token = fields.get(TURNSTILE_FIELD)
    endpoint._check_turnstile(Signup(email=email, page=None, turnstile_token=token if isinstance(token, str)
                                    else None), endpoint._fan_ip(request))
    new = endpoint.store.add_rsvp(event, email)
    log.info("RSVP %s for %s", "recorded" if new else "repeated", event)
    if new:
        hits.count_action(endpoint, fields, f"event:{event}", "rsvp")  # a number, when the site has stats on


def check_event(value: object) -> str:
    if value is None or value == "":
        raise SignupError(400, NO_EVENT, "event")
    if not isinstance(value, str) or not is_page_slug(value):
        raise SignupError(400, BAD_EVENT, "event")
    return value


def way_back(request: Request, fields: dict[str, object]) -> str | None:
    """The event page to send a browser's own form post back to, or None (answer in JSON).

    Only for a form-encoded post that asks for HTML, from an origin the endpoint already allowed, with a
    `back` path on that origin.
    """
    accept = request.headers.get("accept", "")
    form = request.headers.get("content-type", "").split(";")[0].strip().lower() == FORM_TYPE
    origin = request.headers.get("origin")
    back = fields.get("back")
    if not (form and "text/html" in accept and origin and origin != "null" and isinstance(back, str)):
        return None
    if len(back) > MAX_PATH or not SAFE_PATH.fullmatch(back) or "/../" in back + "/" or "/./" in back + "/":
        return None
    return origin.rstrip("/") + back
