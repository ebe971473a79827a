"""functions/keys.py: the page-key contract shared with the site build."""
from __future__ import annotations

import base64
import hashlib
import hmac

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from functions.keys import (
    MIN_SECRET_LENGTH,
    encode_key,
    is_page_slug,
    page_ticket,
    signup_page_key,
    site_secret_problem,
    ticket_version,
)


def hkdf_sha256(ikm: bytes, salt: bytes, info: bytes, length: int) -> bytes:
    """RFC 5869 written out with hmac alone: an independent check of the derivation."""
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    okm, block, counter = b"", b"", 1
    while len(okm) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        okm += block
        counter += 1
    return okm[:length]


def test_reference_hkdf_matches_rfc_5869_test_case_1():
    okm = hkdf_sha256(bytes.fromhex("0b" * 22), bytes.fromhex("000102030405060708090a0b0c"), bytes.fromhex("f0f1f2f3f4f5f6f7f8f9"), 42)
    assert okm.hex() == (
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
    )


@pytest.mark.parametrize("secret, page", [
    ("correct-horse-battery-staple-0123456789", "night-drive"),
    ("s3cret", "demo"),
    ("ünïcödé secret with spaces ", "a"),
    ("x" * 200, "0" + "-" * 80),
])
def test_page_key_is_hkdf_sha256_with_the_documented_salt_and_info(secret, page):
    expected = hkdf_sha256(secret.encode("utf-8"), b"fanzine-gate-v1", b"signup:" + page.encode("utf-8"), 32)
    assert signup_page_key(secret, page) == expected


def test_known_vector_never_changes():
    # Changing this value locks every fan out of every page already built.
    key = signup_page_key("correct-horse-battery-staple-0123456789", "night-drive")
    assert key.hex() == "46c79af58cd25a0ced832a0989ebc9fb62c96629a7edd1a5ad6dbb8b5f55cf1e"
    assert encode_key(key) == "Rsea9YzSWgztgyoJievJ-2LJZimn7dGlrW27i19Vzx4"


def test_encoded_key_is_base64url_without_padding():
    encoded = encode_key(signup_page_key("s3cret", "demo"))
    assert encoded == "P13Z8fGulm2_H9ELU2YHdC_Y352MAtR_nTUj08uzQVc"
    assert len(encoded) == 43 and "=" not in encoded
    assert base64.urlsafe_b64decode(encoded + "=") == signup_page_key("s3cret", "demo")


def test_keys_differ_by_page_and_by_secret():
    keys = {signup_page_key(secret, page) for secret in ("a" * 32, "b" * 32) for page in ("one", "two")}
    assert len(keys) == 4


def test_key_encrypts_with_aes_256_gcm():
    key = signup_page_key("s3cret", "demo")
    sealed = AESGCM(key).encrypt(b"\x00" * 12, b"stems", b"demo")
    assert AESGCM(key).decrypt(b"\x00" * 12, sealed, b"demo") == b"stems"


@pytest.mark.parametrize("page", ["night-drive", "a", "0", "ep-2", "a" * 81, "0" + "-" * 80])
def test_valid_page_slugs(page):
    assert is_page_slug(page)


@pytest.mark.parametrize("page", ["", "-night", "Night-Drive", "night_drive", "a" * 82, "night-drive\n", "night drive", "../etc", "nïght"])
def test_invalid_page_slugs(page):
    assert not is_page_slug(page)


def test_invalid_page_is_refused_with_a_message_naming_it():
    with pytest.raises(ValueError, match="Page id 'Night_Drive' cannot be gated by signup"):
        signup_page_key("s3cret", "Night_Drive")


def test_empty_secret_is_refused():
    with pytest.raises(ValueError, match="The site secret is empty: set FANZINE_GATE_SECRET."):
        signup_page_key("", "demo")


def test_site_secret_problems():
    assert site_secret_problem("") == "FANZINE_GATE_SECRET is not set."
    assert site_secret_problem("x" * MIN_SECRET_LENGTH) is None
    assert site_secret_problem("hunter2").startswith(
        "FANZINE_GATE_SECRET is too short: found 7 characters, expected at least 32."
    )


# --- key versions and page tickets (access: key_version) -----------------------------------------

def test_version_one_is_the_original_key_and_later_versions_differ():
    secret = "correct-horse-battery-staple-0123456789"
    assert signup_page_key(secret, "night-drive", 1) == signup_page_key(secret, "night-drive")
    expected = hkdf_sha256(secret.encode(), b"fanzine-gate-v1", b"signup:night-drive#v2", 32)
    assert signup_page_key(secret, "night-drive", 2) == expected
    assert len({signup_page_key(secret, "night-drive", v) for v in (1, 2, 3)}) == 3


def test_a_ticket_vouches_for_one_page_at_one_version_under_one_secret():
    secret = "correct-horse-battery-staple-0123456789"
    ticket = page_ticket(secret, "night-drive", 2)
    assert ticket.startswith("2.") and len(ticket) == 24
    assert ticket_version(secret, "night-drive", ticket) == 2
    assert ticket_version(secret, "demos", ticket) is None  # another page
    assert ticket_version("another-secret-of-at-least-32-characters", "night-drive", ticket) is None
    assert ticket_version(secret, "night-drive", "3" + ticket[1:]) is None  # the version is part of the MAC
    for forged in (None, "", 2, "2.", "0." + ticket[2:], "2." + "A" * 22, ticket + "x", ticket.upper()):
        assert ticket_version(secret, "night-drive", forged) is None
