"""Page keys and page tickets for signup-gated pages: the contract between the endpoint and the site build.

The build encrypts a gated page with `signup_page_key(secret, page, version)`;
the endpoint answers a signup with the same key. Both import this module, so
the two can never drift apart. Changing anything here (salt, info, length,
encoding) locks every fan out of every gated page: bump the salt's version
instead and re-encrypt.

A page's *ticket* is an HMAC of (page, key version) under the site secret,
made by the build and carried by the page. The endpoint answers /unlock only
with a valid ticket, so it answers exactly for the pages and key versions the
build made, without a list of them (unlisted pages stay unlisted).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SALT = b"fanzine-gate-v1"
INFO_PREFIX = b"signup:"
KEY_LENGTH = 32  # AES-256-GCM
PAGE_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,80}")
# A shorter secret can be guessed offline against the encrypted pages.
MIN_SECRET_LENGTH = 32
# `make serve` on a fresh clone uses this for the build and the endpoint alike, so early access works
# out of the box. It is public, so nothing sealed with it is secret: a publish build refuses it.
DEVELOPMENT_SECRET = "fanzine-DEVELOPMENT-secret-do-not-publish-with-this-0000"
MAX_KEY_VERSION = 9999
TICKET = re.compile(r"([1-9][0-9]{0,3})\.([A-Za-z0-9_-]{22})")


def is_page_slug(page: str) -> bool:
    """True when `page` can name a gated page: ^[a-z0-9][a-z0-9-]{0,80}$."""
    return PAGE_SLUG.fullmatch(page) is not None


def signup_page_key(secret: str, page: str, version: int = 1) -> bytes:
    """Derive the 32-byte AES key of one signup-gated page at one key version.

    HKDF-SHA256 with key material = the site secret (UTF-8), salt =
    b"fanzine-gate-v1", info = b"signup:" + page slug (UTF-8), plus
    b"#v" + version for versions above 1 (`access: { key_version: 2 }`
    rotates one page's key), length 32.
    Raises ValueError for an empty secret or a page that is not a valid slug,
    because the endpoint would refuse to unlock such a page.
    """
    if not secret:
        raise ValueError("The site secret is empty: set FANZINE_GATE_SECRET.")
    if not is_page_slug(page):
        raise ValueError(
            f"Page id {page!r} cannot be gated by signup: expected 1 to 81 lowercase "
            "letters, digits or hyphens, starting with a letter or digit (like 'night-drive')."
        )
    if not 1 <= version <= MAX_KEY_VERSION:
        raise ValueError(f"Key versions go from 1 to {MAX_KEY_VERSION}, not {version}.")
    info = INFO_PREFIX + page.encode("utf-8") + (f"#v{version}".encode() if version > 1 else b"")
    hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_LENGTH, salt=SALT, info=info)
    return hkdf.derive(secret.encode("utf-8"))


def _ticket_mac(secret: str, page: str, version: int) -> str:
    key = HKDF(algorithm=hashes.SHA256(), length=KEY_LENGTH, salt=SALT, info=b"ticket").derive(secret.encode("utf-8"))
    mac = hmac.new(key, f"{page}\x00{version}".encode(), hashlib.sha256).digest()[:16]
    return encode_key(mac)


def page_ticket(secret: str, page: str, version: int = 1) -> str:
    """The ticket a gated page sends with its signups: "<key version>.<22 characters>"."""
    return f"{version}.{_ticket_mac(secret, page, version)}"


def ticket_version(secret: str, page: str, ticket: object) -> int | None:
    """The key version a ticket vouches for, or None when the build made no such page under this secret."""
    match = TICKET.fullmatch(ticket) if isinstance(ticket, str) else None
    if match is None or not secret:
        return None
    version = int(match.group(1))
    if not hmac.compare_digest(match.group(2), _ticket_mac(secret, page, version)):
        return None
    return version


def encode_key(key: bytes) -> str:
    """Base64url without padding: the form in which the browser receives a key."""
    return base64.urlsafe_b64encode(key).rstrip(b"=").decode("ascii")


def site_secret_problem(secret: str) -> str | None:
    """Say what is wrong with a site secret, or None when it is usable.

    Shared with the site build so both refuse the same weak secrets.
    """
    if not secret:
        return "FANZINE_GATE_SECRET is not set."
    if len(secret) < MIN_SECRET_LENGTH:
        return (
            f"FANZINE_GATE_SECRET is too short: found {len(secret)} characters, expected at least "
            f"{MIN_SECRET_LENGTH}. Generate one with: "
            "python -c \"import secrets; print(secrets.token_urlsafe(32))\""
        )
    return None
