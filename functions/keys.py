"""Page keys for signup-gated pages: the contract between the endpoint and the site build.

The build encrypts a gated page with `signup_page_key(secret, page)`; the
endpoint answers a signup with the same key. Both import this module, so the
two can never drift apart. Changing anything here (salt, info, length,
encoding) locks every fan out of every gated page: bump the salt's version
instead and re-encrypt.
"""
from __future__ import annotations

import base64
import re

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SALT = b"fanzine-gate-v1"
INFO_PREFIX = b"signup:"
KEY_LENGTH = 32  # AES-256-GCM
PAGE_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,80}")
# A shorter secret can be guessed offline against the encrypted pages.
MIN_SECRET_LENGTH = 32


def is_page_slug(page: str) -> bool:
    """True when `page` can name a gated page: ^[a-z0-9][a-z0-9-]{0,80}$."""
    return PAGE_SLUG.fullmatch(page) is not None


def signup_page_key(secret: str, page: str) -> bytes:
    """Derive the 32-byte AES key of one signup-gated page.

    HKDF-SHA256 with key material = the site secret (UTF-8), salt =
    b"fanzine-gate-v1", info = b"signup:" + page slug (UTF-8), length 32.
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
    hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_LENGTH, salt=SALT, info=INFO_PREFIX + page.encode("utf-8"))
    return hkdf.derive(secret.encode("utf-8"))


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
