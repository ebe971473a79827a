"""Vercel adapter: the BaseHTTPRequestHandler class that api/unlock.py, api/subscribe.py and api/rsvp.py expose.

Vercel's Python runtime runs each file in api/ as a function and looks for a
class named `handler` derived from http.server.BaseHTTPRequestHandler.
"""
from __future__ import annotations

import logging
import os
from http.server import BaseHTTPRequestHandler
from typing import BinaryIO, cast
from urllib.parse import urlsplit

from .core import handle
from .messages import Headers, Request, Response

log = logging.getLogger("fanzine.endpoint.vercel")


class FormHandler(BaseHTTPRequestHandler):
    """Answers every method through the core, which routes by path (/api/unlock...)."""

    # A client that announces more body than it sends must not hold the function forever.
    timeout = 10

    def _answer(self) -> None:
        request = Request(
            method=self.command,
            path=urlsplit(self.path).path,
            headers=Headers(self.headers.items()),
            client_ip=self._fan_ip(),
            scheme=self._scheme(),
            stream=cast(BinaryIO, self.rfile),  # a buffered socket file: read like any binary stream
        )
        self._send(handle(request))

    def _fan_ip(self) -> str:
        # Vercel sets x-real-ip itself; anywhere else the header is the client's word.
        if os.environ.get("VERCEL") and self.headers.get("x-real-ip"):
            return self.headers["x-real-ip"].strip()
        return self.client_address[0] if self.client_address else ""

    def _scheme(self) -> str:
        if os.environ.get("VERCEL"):
            return self.headers.get("x-forwarded-proto", "https").strip() or "https"
        return "http"

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        for name, value in response.header_list():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body_bytes())

    do_POST = do_OPTIONS = do_GET = do_HEAD = do_PUT = do_PATCH = do_DELETE = _answer  # noqa: N815 - http.server names

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's signature
        log.debug("%s - %s", self.address_string(), format % args)
