"""POST /submit: a fan's answer to a call (a song name, a link to fan art or a remix, a question, a playlist).

Everything a fan sends here is untrusted: each field is capped, the name and
text keep no control or invisible characters, a link must be http(s) to a host
with a dot, and nothing else is kept. A submission is stored as pending; it is
published only when the artist approves it (`fanzine approve`), which writes
it into content/fans/<call>/ where the build sanitises it again.
"""
from __future__ import annotations

import logging
import unicodedata
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from . import formreply
from .errors import SignupError, StoreError
from .messages import Request, Response, json_response
from .validation import CONSENT_GIVEN, check_email
from .votes import read_id

if TYPE_CHECKING:
    from .core import Endpoint

log = logging.getLogger("fanzine.endpoint.submissions")

MAX_NAME = 80
MAX_TEXT = 1000
MAX_URL = 500
LINE_BREAKS = "\n\r\t"
# What the fan reads; tests assert these sentences word for word.
NO_CALL = "The form doesn't say which call this is for."
BAD_CALL = 'Call ids are lowercase letters, digits and hyphens, like "name-the-b-side".'
NO_NAME = "Please enter the name you'd like to be credited as."
NO_CONSENT = "Please tick the box to agree that your name and what you sent may be published."
NOTHING_SENT = "Please fill in your answer before sending."
BAD_URL = "Links must start with https:// or http:// and go to a website, like https://example.com/my-art."
THANKS = "Thank you! The artist reads every one: if it's picked, it will appear here with your name."
SAVE_FAILED = "We couldn't save what you sent. Please try again."


def clean_text(value: object, field: str, limit: int, what: str, lines: bool = False) -> str | None:
    """The field as text, trimmed; None when empty; a 400 when too long or carrying hidden characters."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise SignupError(400, f"The {what} must be text.", field)
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n")).strip()
    if not text:
        return None
    if len(text) > limit:
        raise SignupError(400, f"The {what} is too long: {limit:,} characters at most.", field)
    allowed = "\n" if lines else ""
    for char in text:
        if char not in allowed and (unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Co", "Cs")):
            raise SignupError(400, f"The {what} has a control or invisible character in it.", field)
    return text


def clean_url(value: object) -> str | None:
    """An http(s) link to a host with a dot, with no credentials, spaces or control characters; else a 400."""
    text = clean_text(value, "url", MAX_URL, "link")
    if text is None:
        return None
    parts = urlsplit(text)
    host = parts.hostname or ""
    if (parts.scheme.lower() not in ("http", "https") or "." not in host.strip(".") or parts.username
            or parts.password or any(c.isspace() or c in "<>\"'\\`" for c in text)):
        raise SignupError(400, BAD_URL, "url")
    return text


def submit(endpoint: Endpoint, request: Request, argument: str | None) -> Response:
    """Keep a fan's submission as pending; a plain form goes back to the call (#sent), a script gets JSON."""
    html = formreply.wants_html(request)
    fields: dict[str, object] = {}
    try:
        fields = endpoint.read_form("submit", request)
        call = read_id(fields.get("call"), NO_CALL, BAD_CALL, "call")
        name = clean_text(fields.get("name"), "name", MAX_NAME, "name")
        if name is None:
            raise SignupError(400, NO_NAME, "name")
        text = clean_text(fields.get("text"), "text", MAX_TEXT, "answer", lines=True)
        url = clean_url(fields.get("url"))
        if text is None and url is None:
            raise SignupError(400, NOTHING_SENT, "text" if "text" in fields else "url")
        raw = fields.get("email")
        email = check_email(raw) if raw not in (None, "") else None
        consent = fields.get("consent")
        if not (consent is True or (isinstance(consent, str) and consent.strip().lower() in CONSENT_GIVEN)):
            raise SignupError(400, NO_CONSENT, "consent")
        if email:
            endpoint.limit_address(email)
        number = endpoint.store.add_submission(call, name, text=text, url=url, email=email, consent=True)
    except (SignupError, StoreError) as error:
        if not html:
            raise
        if isinstance(error, StoreError):
            log.error("The fan store is unavailable: %s", error)
            status, message, headers = 503, SAVE_FAILED, {}
        else:
            status, message, headers = error.status, error.message, error.headers
        back = formreply.way_back(request, fields, endpoint.settings.allowed_origins)
        return formreply.page(status, "What you sent wasn't saved", message, back, headers)
    log.info("Submission %d kept for call %s, pending review", number, call)
    if html:
        back = formreply.way_back(request, fields, endpoint.settings.allowed_origins)
        return formreply.redirect(back, "sent") if back else formreply.page(200, "Thank you", THANKS, None)
    return json_response(200, {"ok": True, "message": THANKS})
