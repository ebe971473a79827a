"""The endpoint's error classes: each one becomes a JSON answer, never a traceback."""
from __future__ import annotations


class SignupError(Exception):
    """A request the endpoint refuses, with the status and sentence the fan sees.

    `field` names the form field at fault (``email``, ``consent``, ``page``,
    ``origin``...) so the page's script can put the message next to it.
    """

    def __init__(
        self,
        status: int,
        message: str,
        field: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field
        self.headers = dict(headers or {})

    def body(self) -> dict[str, str]:
        """The JSON object sent back: ``{"error": ..., "field": ...}``."""
        body = {"error": self.message}
        if self.field:
            body["field"] = self.field
        return body


class SinkError(Exception):
    """A sink (SQLite, Buttondown, beehiiv, webhook) could not record a signup.

    The message is for the server log: it names the sink and what went wrong,
    never the fan's email address.
    """

    def __init__(self, sink: str, reason: str) -> None:
        super().__init__(f"{sink}: {reason}")
        self.sink = sink
        self.reason = reason


class VerificationUnavailableError(Exception):
    """Cloudflare's Turnstile check could not be reached or gave no usable answer."""


class StoreError(Exception):
    """The fan store could not do what was asked: unreachable, full, read-only, or not what was expected.

    The message names the store (never its password) and what went wrong,
    never a fan's address: it goes to the server log and to the artist.
    """
