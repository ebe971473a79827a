"""Reading a signup form (JSON or URL-encoded) and checking its fields: email, consent, page."""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl

from .errors import SignupError
from .keys import is_page_slug

JSON_TYPE = "application/json"
FORM_TYPE = "application/x-www-form-urlencoded"
HONEYPOT_FIELD = "website"
TURNSTILE_FIELD = "cf-turnstile-response"
KNOWN_FIELDS = frozenset({"email", "consent", "page", HONEYPOT_FIELD, TURNSTILE_FIELD})
MAX_FORM_FIELDS = 32
MAX_INT_DIGITS = 20
MAX_EMAIL_LENGTH = 254
MAX_LOCAL_PART = 64
CONSENT_GIVEN = frozenset({"on", "true", "1", "yes"})
CONSENT_REFUSED = frozenset({"", "off", "false", "0", "no"})
# RFC 5322 "atext": what an unquoted local part may hold, besides non-ASCII letters.
LOCAL_ASCII = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+")
DOMAIN_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
# Characters that would let an address smuggle a header, hide a character or span lines.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


@dataclass(frozen=True)
class Signup:
    """A fan's signup, checked: for a gated page (page set) or the newsletter (page None)."""

    email: str
    page: str | None
    turnstile_token: str | None = None


def check_content_type(content_type: str) -> str:
    """Return the media type when it is JSON or URL-encoded UTF-8; otherwise raise a 415."""
    media_type, _, params = content_type.partition(";")
    media_type = media_type.strip().lower()
    if media_type not in (JSON_TYPE, FORM_TYPE):
        raise SignupError(415, "Send the form as application/json or application/x-www-form-urlencoded.")
    if _charset(params) not in ("", "utf-8", "utf8"):
        raise SignupError(415, "Send the form encoded as UTF-8.")
    return media_type


def parse_form(content_type: str, body: bytes) -> dict[str, object]:
    """Turn a JSON or URL-encoded body into a dict of fields."""
    media_type = check_content_type(content_type)
    if not body.strip():
        raise SignupError(400, "The request body is empty.")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise SignupError(400, "The request body is not valid UTF-8.") from None
    return _parse_json(text) if media_type == JSON_TYPE else _parse_urlencoded(text)


def _charset(params: str) -> str:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return ""


def _parse_json(text: str) -> dict[str, object]:
    try:
        data = json.loads(text, object_pairs_hook=_refuse_repeated_fields, parse_int=_short_int)
    except SignupError:
        raise
    except (ValueError, RecursionError):
        # RecursionError: thousands of nested brackets; ValueError covers
        # JSONDecodeError and integers too long to convert.
        raise SignupError(400, "The request body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise SignupError(400, 'The request body must be a JSON object, like {"email": "fan@example.com"}.')
    return data


def _short_int(digits: str) -> int:
    # No field is a long number; refusing them keeps int() off thousands of digits
    # whatever Python's own digit limit is set to.
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError("number too long")
    return int(digits)


def _refuse_repeated_fields(pairs: Sequence[tuple[str, object]]) -> dict[str, object]:
    fields: dict[str, object] = {}
    for name, value in pairs:
        if name in fields and name in KNOWN_FIELDS:
            raise SignupError(400, f'The field "{name}" was sent more than once.', name)
        fields[name] = value
    return fields


def _parse_urlencoded(text: str) -> dict[str, object]:
    try:
        pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS, errors="strict")
    except ValueError:
        # Too many fields, or a %-escape that is not UTF-8.
        raise SignupError(400, "The form data could not be read.") from None
    return _refuse_repeated_fields(pairs)


def read_signup(fields: dict[str, object], needs_page: bool) -> Signup:
    """Check the fields of one signup; raise SignupError naming the first bad field."""
    page = check_page(fields.get("page")) if needs_page else None
    email = check_email(fields.get("email"))
    check_consent(fields.get("consent"))
    token = fields.get(TURNSTILE_FIELD)
    return Signup(email=email, page=page, turnstile_token=token if isinstance(token, str) else None)


def honeypot_filled(fields: dict[str, object]) -> bool:
    """True when the hidden "website" field, which people never see, has a value."""
    value = fields.get(HONEYPOT_FIELD)
    if value is None or value is False:
        return False
    return not (isinstance(value, str) and not value.strip())


def check_page(value: object) -> str:
    """Return the page id, or raise a 400 naming the "page" field."""
    if value is None or value == "":
        raise SignupError(400, "The form doesn't say which page to unlock.", "page")
    if not isinstance(value, str):
        raise SignupError(400, "The page must be text.", "page")
    if not is_page_slug(value):
        raise SignupError(400, 'Page ids are lowercase letters, digits and hyphens, like "night-drive".', "page")
    return value


def check_consent(value: object) -> None:
    """Accept JSON true (or 1) and the form words on/true/1/yes; anything else is refused."""
    if value is True or (type(value) is int and value == 1):
        return
    if isinstance(value, str) and value.strip().lower() in CONSENT_GIVEN:
        return
    if value is None or value is False or (type(value) is int and value == 0):
        raise SignupError(400, "Please tick the consent box to sign up.", "consent")
    if isinstance(value, str) and value.strip().lower() in CONSENT_REFUSED:
        raise SignupError(400, "Please tick the consent box to sign up.", "consent")
    raise SignupError(400, "The consent field must be true or false.", "consent")


def normalise_email(address: str) -> str:
    """One person, one form of their address: Unicode NFKC, then case folding of the whole address.

    "ÉLODIE@Example.com", "élodie@example.com" (composed or not) and full-width
    letters all become "élodie@example.com", so a fan who signs up twice in
    different case is one row. Case folding also folds "ß" to "ss"; mail
    providers treat addresses case-insensitively in practice, and one fan
    must never count (or be mailed) twice.
    """
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", address).casefold())


def check_email(value: object) -> str:
    """Return the address normalised (normalise_email), or raise a 400 for "email".

    Deliberately permissive about what mail servers accept (apostrophes, plus
    signs, non-ASCII names and domains) and strict about what could smuggle
    something: spaces, line breaks, control and invisible characters. The
    checks run on the normalised address, the one that is stored.
    """
    if value is None:
        raise SignupError(400, "Please enter your email address.", "email")
    if not isinstance(value, str):
        raise SignupError(400, "The email address must be text.", "email")
    # Phone keyboards add a space after an autocompleted address; nothing else is trimmed.
    email = normalise_email(value.strip(" "))
    if not email:
        raise SignupError(400, "Please enter your email address.", "email")
    if len(email) > MAX_EMAIL_LENGTH:
        raise SignupError(400, f"That email address is too long: {MAX_EMAIL_LENGTH} characters at most.", "email")
    if any(unicodedata.category(char) in INVISIBLE_CATEGORIES for char in email):
        raise SignupError(400, "That email address has a space, a line break or an invisible character in it.", "email")
    if email.count("@") != 1:
        raise SignupError(400, "An email address needs exactly one @, like fan@example.com.", "email")
    local, domain = email.split("@")
    if not _local_part_ok(local):
        raise SignupError(400, "The part before the @ has characters an email address can't have.", "email")
    if not _domain_ok(domain):
        raise SignupError(400, "The part after the @ should be a domain like example.com.", "email")
    return f"{local}@{domain}"


def _local_part_ok(local: str) -> bool:
    if not 0 < len(local) <= MAX_LOCAL_PART or local.startswith(".") or local.endswith(".") or ".." in local:
        return False
    for atom in local.split("."):
        for char in atom:
            if char.isascii():
                if not LOCAL_ASCII.fullmatch(char):
                    return False
            elif unicodedata.category(char)[0] not in "LMN":
                return False
    return True


def _domain_ok(domain: str) -> bool:
    """A domain with a dot, valid labels, and a top-level label that is not all digits."""
    if "." not in domain or domain.endswith("."):
        return False
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    labels = ascii_domain.split(".")
    if not all(DOMAIN_LABEL.fullmatch(label) for label in labels):
        return False
    return len(ascii_domain) <= 253 and not labels[-1].isdigit() and len(labels[-1]) >= 2
