"""Early access: a gated page's body is sealed at build time and opened in the fan's browser.

The body is encrypted with AES-256-GCM under a content key; the content key is
then wrapped for each way in: under the signup key (HKDF from the site secret,
which the endpoint hands out after a signup) and/or under a code key
(PBKDF2-SHA256 from the code the artist shares in Discord). The browser does
the reverse with WebCrypto (theme/js/gate.js). Keys never reach the output.

Determinism without nonce reuse: every nonce is synthetic (an HMAC of the
plaintext under the same key), so the same page and secret give the same
bytes, and two different plaintexts never share a (key, nonce) pair.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from functions.keys import DEVELOPMENT_SECRET, page_ticket, signup_page_key

from ..errors import Problem
from . import codes
from .environment import build_environment
from .secret import SECRET_ENV, working_secret

log = logging.getLogger(__name__)

VERSION = 1
PBKDF2_ITERATIONS = codes.PBKDF2_ITERATIONS
DEVELOPMENT_CODE = "early-access-dev-code"  # only while developing, when the code variable is unset
REMEMBER_DAYS = 30  # how long "Remember me on this device" keeps a page open, unless access: remember_days says
FILE_CHUNK = 1024 * 1024
__all__ = ["DEVELOPMENT_SECRET", "SECRET_ENV", "Keys", "seal_page", "to_json"]


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """nonce || ciphertext || tag, with the nonce derived from the plaintext (synthetic IV)."""
    nonce = hmac.new(key, b"nonce\x00" + aad + b"\x00" + plaintext, hashlib.sha256).digest()[:12]
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def content_key(secret: str, slug: str, body: bytes) -> bytes:
    """A key for this page and this exact body: a changed body or secret gives a new key."""
    return hmac.new(secret.encode(), b"content\x00" + slug.encode() + b"\x00" + hashlib.sha256(body).digest(),
                    hashlib.sha256).digest()


def code_salt(secret: str, slug: str) -> bytes:
    return hmac.new(secret.encode(), b"code-salt\x00" + slug.encode(), hashlib.sha256).digest()[:16]


@functools.lru_cache(maxsize=64)  # deliberately slow to guess; the warm dev server derives it once per page
def code_key(code: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", code.encode("utf-8"), salt, PBKDF2_ITERATIONS, 32)


@dataclass
class Keys:
    """Where a page's keys come from: the site secret, and codes by environment variable name."""

    secret: str
    environ: dict
    publish: bool = False

    @classmethod
    def from_environment(cls, publish: bool) -> tuple[Keys, list[str]]:
        """The keys, plus problems that stop a publish build (a dev build warns and goes on)."""
        secret, problem = working_secret(publish)
        if problem is None:
            return cls(secret.value, build_environment(), publish), []
        if publish:
            return cls("", build_environment(), publish), [problem]
        if "too short" in problem:  # unset or the development secret: a fresh clone, as expected
            log.warning("%s Using the development secret: early-access pages built now are NOT safe to publish.",
                        problem)
        return cls(DEVELOPMENT_SECRET, build_environment()), []


def seal_page(html: str, slug: str, access: dict, keys: Keys, endpoint: str) -> dict:
    """The public JSON a gated page carries: ciphertext and wrapped keys, nothing else."""
    body = html.encode("utf-8")
    aad = f"fanzine-gate-v{VERSION}:{slug}".encode()
    cek = content_key(keys.secret, slug, body)
    sealed = {"v": VERSION, "page": slug, "mode": access["mode"], "body": b64(_seal(cek, body, aad))}
    version = access.get("key_version", 1)
    if access["mode"] in ("signup", "both"):
        sealed["signup"] = {"endpoint": endpoint.rstrip("/") + "/unlock",
                            "ticket": page_ticket(keys.secret, slug, version),
                            "wrapped": b64(_seal(signup_page_key(keys.secret, slug, version), cek, aad + b":signup"))}
    sealed["remember"] = access.get("remember_days", REMEMBER_DAYS)
    sealed["chunk"] = FILE_CHUNK  # the page's files are sealed in chunks of this many bytes (gatedfiles.py)
    if access["mode"] in ("code", "both"):
        salt = code_salt(keys.secret, slug)
        code = keys.environ.get(access["code_env"]) or ("" if keys.publish else DEVELOPMENT_CODE)
        sealed["code"] = {"salt": b64(salt), "iterations": PBKDF2_ITERATIONS,
                          "wrapped": b64(_seal(code_key(code, salt), cek, aad + b":code"))}
    return sealed


def missing_codes(early_items: dict, keys: Keys, publish: bool, artist: dict | None = None) -> list[Problem]:
    """A code-mode page whose code is unset cannot be unlocked by anyone, one that is weak by anyone: say so."""
    problems = []
    for item in early_items.values():
        access = item.get("access") or {}
        name = access.get("code_env")
        if access.get("mode") not in ("code", "both") or not name:
            continue
        code = keys.environ.get(name)
        if not code:
            message = (f"the environment variable {name} is not set; set it to the code you will share "
                       "with fans (in CI: a repository secret)")
            if not publish:
                message += f"; until then this development build uses the code {DEVELOPMENT_CODE!r}"
            problems.append(Problem(item["_path"], "access.code_env", message, warning=not publish))
            continue
        weakness = codes.weakness(code, codes.context_words(artist or {}, item))
        if weakness:
            problems.append(Problem(item["_path"], "access.code_env", f"the code in {name} {weakness}",
                                    warning=not publish))
    return problems


def to_json(sealed: dict) -> str:
    """JSON safe to embed in <script type="application/json">: no "</" can close the tag."""
    return json.dumps(sealed, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
