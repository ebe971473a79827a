"""Waiting on servers the tests start (the dev server, the endpoint): a free port, a page's text, a condition."""
from __future__ import annotations

import socket
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, timeout: float = 30.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except OSError as error:  # the server may still be starting
            last_error = error
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what} ({last_error})")
