"""HTTP requests and responses as the core sees them, with no platform in sight.

Adapters (WSGI, AWS Lambda, Vercel) turn their platform's request into a
`Request` and write the `Response` back; nothing here imports a platform.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import BinaryIO

from .errors import SignupError

READ_CHUNK = 4096
# After refusing an oversized body, read and discard up to this much of it:
# closing on unread data makes the fan's browser see a reset, not the 413.
DISCARD_LIMIT = 1_048_576

# Sent with every answer: keys and errors are per-fan, never for a shared cache,
# and browsers must not guess a content type for them.
BASE_HEADERS = {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}


class Headers(Mapping[str, str]):
    """Request headers looked up case-insensitively (``headers["content-type"]``)."""

    def __init__(self, items: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> None:
        pairs = items.items() if isinstance(items, Mapping) else items
        self._values: dict[str, str] = {}
        for name, value in pairs:
            key = name.lower()
            # Repeated headers fold into one, as RFC 9110 allows for list headers.
            self._values[key] = f"{self._values[key]}, {value}" if key in self._values else value

    def __getitem__(self, name: str) -> str:
        return self._values[name.lower()]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._values

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Headers({self._values!r})"


@dataclass
class Request:
    """One HTTP request to the endpoint.

    Give either `body` (bytes already in memory, as on Lambda) or `stream`
    (a file to read from, as in WSGI): the core reads a stream itself so that
    it can refuse an oversized body before reading it.
    """

    method: str
    path: str
    headers: Headers = field(default_factory=Headers)
    body: bytes = b""
    client_ip: str = ""
    scheme: str = "https"
    stream: BinaryIO | None = None
    # True when the server guarantees the stream ends where the body ends
    # (WSGI's wsgi.input_terminated), so a body without Content-Length is readable.
    stream_terminated: bool = False
    route: str = ""  # set by the core once the path is matched: "unlock", "vote"...

    def __post_init__(self) -> None:
        if not isinstance(self.headers, Headers):
            self.headers = Headers(self.headers)
        self.method = self.method.upper()


@dataclass
class Response:
    """The endpoint's answer: a status, headers, and a JSON body (None for 204), or a small HTML page.

    `html` is set only for a form posted without JavaScript that cannot be sent
    back to its page (formreply.py); everything else is JSON.
    """

    status: int
    body: dict[str, object] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    html: str | None = None

    @property
    def reason(self) -> str:
        """The status line's phrase, e.g. ``Too Many Requests``."""
        try:
            return HTTPStatus(self.status).phrase
        except ValueError:
            return "Unknown"

    @property
    def status_line(self) -> str:
        """``"429 Too Many Requests"``, as WSGI's start_response wants it."""
        return f"{self.status} {self.reason}"

    def body_bytes(self) -> bytes:
        """The body encoded as compact UTF-8 JSON (empty for 204), or the HTML page."""
        if self.html is not None:
            return self.html.encode("utf-8")
        if self.body is None:
            return b""
        return json.dumps(self.body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def header_list(self) -> list[tuple[str, str]]:
        """All headers to send, including Content-Length, as (name, value) pairs."""
        headers = {**BASE_HEADERS, **self.headers}
        if self.html is not None:
            headers["Content-Type"] = "text/html; charset=utf-8"
        elif self.body is None:
            headers.pop("Content-Type", None)
        headers["Content-Length"] = str(len(self.body_bytes()))
        return list(headers.items())


def json_response(status: int, body: Mapping[str, object] | None, headers: dict[str, str] | None = None) -> Response:
    """Build a Response; a small helper so call sites read as one line."""
    return Response(status=status, body=dict(body) if body is not None else None, headers=dict(headers or {}))


def read_body(request: Request, cap: int) -> bytes:
    """Return the request body, refusing anything over `cap` bytes.

    The cap is checked twice: against Content-Length before reading a byte, and
    against the bytes actually read, because Content-Length can be missing or
    wrong.
    """
    if request.stream is None:
        if len(request.body) > cap:
            raise _too_large(cap)
        return request.body
    declared = _content_length(request.headers)
    if declared is None:
        return _read_unsized(request, cap)
    if declared > cap:
        if declared <= DISCARD_LIMIT:
            _discard(request.stream, declared)
        raise _too_large(cap)
    body = _read_exactly(request.stream, declared)
    if len(body) < declared:
        raise SignupError(400, "The request body ended before the length its Content-Length header announced.")
    return body


def _content_length(headers: Headers) -> int | None:
    raw = headers.get("content-length", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not raw.isascii():
        raise SignupError(400, "The Content-Length header is not a whole number of bytes.")
    return int(raw)


def _read_unsized(request: Request, cap: int) -> bytes:
    """Read a body sent without Content-Length, only where the server marks its end."""
    if not request.stream_terminated:
        if "transfer-encoding" in request.headers:
            # Reading further could block on the socket until it times out.
            raise SignupError(411, "Send the form with a Content-Length header.")
        return b""
    if request.stream is None:
        return b""
    body = _read_exactly(request.stream, cap + 1)
    if len(body) > cap:
        raise _too_large(cap)
    return body


def _read_exactly(stream: BinaryIO, size: int) -> bytes:
    """Read up to `size` bytes in chunks, stopping early only at end of stream."""
    chunks: list[bytes] = []
    remaining = size
    while remaining > 0:
        try:
            chunk = stream.read(min(READ_CHUNK, remaining))
        except TimeoutError:
            raise SignupError(408, "The form took too long to arrive. Please try again.") from None
        except OSError:
            raise SignupError(400, "The request body could not be read.") from None
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _discard(stream: BinaryIO, size: int) -> None:
    """Read and drop up to `size` bytes, keeping none of them in memory."""
    remaining = size
    try:
        while remaining > 0:
            chunk = stream.read(min(65536, remaining))
            if not chunk:
                return
            remaining -= len(chunk)
    except OSError:
        return  # the client is gone or stalled; the 413 goes out anyway


def _too_large(cap: int) -> SignupError:
    return SignupError(413, f"The form is too large: send at most {cap:,} bytes.")
