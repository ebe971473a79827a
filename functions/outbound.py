"""Outbound HTTP from the endpoint (newsletter APIs, the webhook, Turnstile): one POST, no surprises."""
from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass

# Discord (behind Cloudflare) refuses urllib's default User-Agent with error 1010.
USER_AGENT = "Fanzine-signup-endpoint/1.0"
MAX_REPLY_BYTES = 65536


@dataclass(frozen=True)
class Reply:
    """What an upstream service answered: status and (at most 64 KB of) body."""

    status: int
    body: bytes

    def json(self) -> object:
        """The body parsed as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return None


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Refuse redirects: a POST carrying an API key must not be replayed elsewhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102 - urllib's hook
        return None


_OPENER = urllib.request.build_opener(_NoRedirects())


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> Reply:
    """POST `body` to `url` and return the reply, whatever its status.

    Raises OSError (URLError, timeouts, refused connections) when no HTTP
    answer arrives at all.
    """
    request = urllib.request.Request(url, data=body, method="POST", headers={"User-Agent": USER_AGENT, **headers})
    try:
        return _send(request, timeout)
    except http.client.HTTPException as error:
        # A garbled answer is as useless as none: callers handle one error type.
        raise ConnectionError(f"unreadable HTTP answer ({type(error).__name__})") from error


def _send(request: urllib.request.Request, timeout: float) -> Reply:
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return Reply(response.status, response.read(MAX_REPLY_BYTES))
    except urllib.error.HTTPError as error:
        # 4xx and 5xx (and refused redirects) still carry an answer worth reading.
        with error:
            return Reply(error.code, error.read(MAX_REPLY_BYTES))


def post_json(url: str, payload: object, headers: dict[str, str], timeout: float) -> Reply:
    """POST `payload` as JSON (Content-Type: application/json)."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return post(url, body, {"Content-Type": "application/json", "Accept": "application/json", **headers}, timeout)
