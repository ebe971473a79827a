"""Defences against abuse: the origin allowlist and CORS, rate limits, and Cloudflare Turnstile.

The honeypot and the body-size cap live where the form is read
(validation.py and messages.py); this module holds the defences with state
or outside calls.
"""
from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from urllib.parse import urlencode

from . import outbound
from .errors import VerificationUnavailableError
from .messages import Request

DEV_ORIGINS = ("http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*")
DEFAULT_PORTS = {"http": ":80", "https": ":443"}
CORS_PREFLIGHT = {
    "Access-Control-Allow-Methods": "POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Max-Age": "600",
}
MAX_TURNSTILE_TOKEN = 2048  # Cloudflare's documented maximum


def _normalise_origin(origin: str) -> str:
    origin = origin.strip().lower().rstrip("/")
    scheme = origin.partition("://")[0]
    default_port = DEFAULT_PORTS.get(scheme)
    if default_port and origin.endswith(default_port):
        origin = origin[: -len(default_port)]
    return origin


def own_origin(request: Request) -> str:
    """The origin the request was sent to (scheme://host[:port]), for same-origin posts."""
    host = request.headers.get("host", "")
    return _normalise_origin(f"{request.scheme}://{host}") if host else ""


def origin_allowed(origin: str, request: Request, allowed: tuple[str, ...] | None) -> bool:
    """True when a page on `origin` may post to the endpoint.

    Same-origin posts are always allowed. `allowed` None means the development
    default: any port on localhost and 127.0.0.1.
    """
    origin = _normalise_origin(origin)
    if origin == "null":
        # Sandboxed frames and file:// pages: anyone can produce this origin.
        return False
    if origin == own_origin(request):
        return True
    for pattern in allowed if allowed is not None else DEV_ORIGINS:
        if pattern.endswith(":*"):
            base = pattern[:-2]
            port = origin[len(base) + 1 :] if origin.startswith(base + ":") else ""
            if origin == base or (port.isascii() and port.isdigit()):
                return True
        elif origin == _normalise_origin(pattern):
            return True
    return False


def cors_headers(origin: str | None, preflight: bool = False) -> dict[str, str]:
    """Headers letting the page on `origin` read the answer (origin already allowed)."""
    headers = {"Vary": "Origin"}
    if origin:
        headers["Access-Control-Allow-Origin"] = origin
        if preflight:
            headers.update(CORS_PREFLIGHT)
    return headers


class RateLimiter:
    """A token bucket per key (an IP address or an email address), in memory.

    Each key may spend `per_minute` tokens at once and earns them back
    evenly over a minute. Memory stays bounded: past `max_keys` keys the
    least recently seen is forgotten.
    """

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic, max_keys: int = 10_000) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._max_keys = max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def wait_time(self, key: str) -> int:
        """Spend one token for `key`: 0 when allowed, else whole seconds until the next token."""
        if self.per_minute <= 0:
            return 0
        rate = self.per_minute / 60.0  # tokens per second
        now = self._clock()
        with self._lock:
            tokens, then = self._buckets.pop(key, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - then) * rate)
            allowed = tokens >= 1.0
            if allowed:
                tokens -= 1.0
            self._buckets[key] = (tokens, now)
            if len(self._buckets) > self._max_keys:
                self._buckets.popitem(last=False)
        return 0 if allowed else max(1, math.ceil((1.0 - tokens) / rate))


def turnstile_passed(token: str, secret: str, url: str, remote_ip: str, timeout: float) -> bool:
    """Ask Cloudflare's siteverify whether a Turnstile token is genuine.

    Returns False for a refused token; raises VerificationUnavailableError when
    Cloudflare gives no usable answer, so the caller can say "try again"
    rather than "you look like a bot".
    """
    if not token or len(token) > MAX_TURNSTILE_TOKEN:
        return False
    form = {"secret": secret, "response": token}
    if remote_ip:
        form["remoteip"] = remote_ip
    body = urlencode(form).encode("ascii")
    try:
        reply = outbound.post(url, body, {"Content-Type": "application/x-www-form-urlencoded"}, timeout)
    except OSError as error:
        raise VerificationUnavailableError(f"siteverify unreachable: {error}") from error
    answer = reply.json()
    if reply.status != 200 or not isinstance(answer, dict):
        raise VerificationUnavailableError(f"siteverify answered HTTP {reply.status} without a verdict")
    return answer.get("success") is True

