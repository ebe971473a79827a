"""POST /vote (a fan's vote in a poll) and GET /results/<poll>/<ticket> (a live poll's counts).

The endpoint does not know the site's polls: it keeps one vote per address
(`email`) or per device (a random id the page's script keeps in localStorage)
for any well-formed poll and choice id. What counts is decided from the poll's
own file, when `fanzine polls results` writes the published counts: only the
poll's choices, only votes of the poll's kind (address or device), only votes
cast while it was open. A form posted without JavaScript has no device id:
each such vote counts, held back by the per-network rate limit.

Counts are served only for polls whose built page carries a results ticket
(an HMAC of the poll under the site secret, made by the build for
`results: live` polls), so a poll that publishes results after it closes, or
never, cannot be peeked at.
"""
from __future__ import annotations

import logging
import re
import secrets
from typing import TYPE_CHECKING

from . import formreply, hits
from .errors import SignupError, StoreError
from .keys import page_ticket, ticket_version
from .messages import Request, Response, json_response
from .validation import check_email

if TYPE_CHECKING:
    from .core import Endpoint

log = logging.getLogger("fanzine.endpoint.votes")

ID = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
DEVICE = re.compile(r"[A-Za-z0-9-]{16,64}")
RESULTS_ARGUMENT = r"[a-z0-9][a-z0-9-]{0,79}/[1-9][0-9]{0,3}\.[A-Za-z0-9_-]{22}"
RESULTS_CACHE = "public, max-age=30"
# What the fan reads; tests assert these sentences word for word.
NO_POLL = "The form doesn't say which poll this vote is for."
BAD_POLL = 'Poll ids are lowercase letters, digits and hyphens, like "pick-the-cover".'
NO_CHOICE = "Please pick one of the choices."
BAD_CHOICE = "That choice isn't one of this poll's."
BAD_DEVICE = "The vote's device id could not be read. Please reload the page and try again."
THANKS = "Thank you! Your vote is in."
ALREADY = "You already voted in this poll: your first vote stands."
SAVE_FAILED = "We couldn't save your vote. Please try again."
NO_LIVE_RESULTS = "This poll's results are not shown while it is open."


def results_ticket(secret: str, poll: str) -> str:
    """What a `results: live` poll's page carries so the endpoint shows its counts (never a page's key ticket)."""
    return page_ticket(secret, f"results:{poll}")


def read_id(value: object, missing: str, wrong: str, field: str) -> str:
    if value is None or value == "":
        raise SignupError(400, missing, field)
    if not isinstance(value, str) or not ID.fullmatch(value):
        raise SignupError(400, wrong, field)
    return value


def vote(endpoint: Endpoint, request: Request, argument: str | None) -> Response:
    """Count one vote; a plain form goes back to the poll (#voted, #already-voted), a script gets JSON."""
    html = formreply.wants_html(request)
    fields: dict[str, object] = {}
    try:
        fields = endpoint.read_form("vote", request)
        poll = read_id(fields.get("poll"), NO_POLL, BAD_POLL, "poll")
        choice = read_id(fields.get("choice"), NO_CHOICE, BAD_CHOICE, "choice")
        email, device = _voter(endpoint, fields)
        outcome = endpoint.store.record_vote(poll, choice, email=email, device=device)
    except (SignupError, StoreError) as error:
        if not html:
            raise
        status, message, headers = _refusal(error)
        back = formreply.way_back(request, fields, endpoint.settings.allowed_origins)
        return formreply.page(status, "Your vote wasn't counted", message, back, headers)
    log.info("Vote %s in poll %s", "counted" if outcome.counted else "repeated", poll)
    if outcome.counted:
        hits.count_action(endpoint, fields, f"poll:{poll}", "vote")  # a number, when the site has stats on
    if html:
        back = formreply.way_back(request, fields, endpoint.settings.allowed_origins)
        fragment = "voted" if outcome.counted else "already-voted"
        if back:
            return formreply.redirect(back, fragment)
        return formreply.page(200, "Thank you", THANKS if outcome.counted else ALREADY, None)
    return json_response(200, {"ok": True, "counted": outcome.counted, "choice": outcome.choice,
                               "message": THANKS if outcome.counted else ALREADY})


def _voter(endpoint: Endpoint, fields: dict[str, object]) -> tuple[str | None, str | None]:
    """(email, None) for a vote by address, (None, device id) for a vote by device."""
    address = fields.get("email")
    if address is not None and address != "":
        email = check_email(address)
        endpoint.limit_address(email)
        return email, None
    device = fields.get("device")
    if device is None or device == "":
        return None, "form-" + secrets.token_hex(16)  # no script: counted once, held back by the network's limit
    if not isinstance(device, str) or not DEVICE.fullmatch(device):
        raise SignupError(400, BAD_DEVICE, "device")
    return None, device


def _refusal(error: SignupError | StoreError) -> tuple[int, str, dict[str, str]]:
    if isinstance(error, StoreError):
        log.error("The fan store is unavailable: %s", error)
        return 503, SAVE_FAILED, {}
    return error.status, error.message, error.headers


def results(endpoint: Endpoint, request: Request, argument: str | None) -> Response:
    """A live poll's counts, by choice; no address, no device, nothing but numbers."""
    poll, _, ticket = (argument or "").partition("/")
    secret = endpoint.settings.gate_secret
    if endpoint.settings.secret_problem or ticket_version(secret, f"results:{poll}", ticket) is None:
        raise SignupError(404, NO_LIVE_RESULTS, "poll")
    counts = endpoint.store.vote_counts(poll)
    return json_response(200, {"poll": poll, "counts": counts, "total": sum(counts.values())},
                         {"Cache-Control": RESULTS_CACHE})
