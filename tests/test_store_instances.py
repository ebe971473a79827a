"""Two endpoint processes on one fan store: the rate limits hold across both, as across serverless instances.

Each process (`python -m functions`, real HTTP) also keeps the limits in
memory; alone, that would let each one allow the full limit. The store is what
makes the second process refuse once the first has spent the tokens.
"""
from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from endpoint_helpers import SECRET, SITE, rows, send
from functions.keys import page_ticket

ROOT = Path(__file__).resolve().parent.parent
FAN = {"page": "night-drive", "ticket": page_ticket(SECRET, "night-drive"), "email": "fan@example.com", "consent": True}
TOO_MANY_FROM_IP = {"error": "Too many signups from your network. Please wait a minute and try again."}
TOO_MANY_FOR_EMAIL = {"error": "This address was just used to sign up. Please wait a minute before trying again.", "field": "email"}


@contextlib.contextmanager
def endpoint_process(store_url: str, **env: str) -> Iterator[str]:
    """`python -m functions` on a free port with FANZINE_STORE=store_url; yield its base URL."""
    environ = {**os.environ, "FANZINE_GATE_SECRET": SECRET, "FANZINE_STORE": store_url, "PYTHONPATH": str(ROOT), **env}
    process = subprocess.Popen([sys.executable, "-m", "functions", "--port", "0"], env=environ,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        banner = process.stdout.readline()
        port = re.search(r"http://127\.0\.0\.1:(\d+)/api/unlock", banner)
        assert port, f"the endpoint did not start: {banner!r}"
        yield f"http://127.0.0.1:{port.group(1)}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


@pytest.fixture
def two_instances(store):
    def start(**env: str):
        stack = contextlib.ExitStack()
        bases = [stack.enter_context(endpoint_process(store.url, **env)) for _ in range(2)]
        return stack, bases
    return start


def test_the_per_ip_limit_holds_across_two_processes(store, two_instances):
    stack, (first, second) = two_instances(FANZINE_RATE_LIMIT_IP="4", FANZINE_RATE_LIMIT_EMAIL="0")
    with stack:
        answers = [send(base, "POST", "/api/unlock", {**FAN, "email": f"fan{n}@example.com"}, {"Origin": SITE})
                   for n, base in enumerate([first, second] * 3)]
    assert [answer.status for answer in answers] == [200, 200, 200, 200, 429, 429]
    assert [answer.json for answer in answers[4:]] == [TOO_MANY_FROM_IP] * 2
    assert all(1 <= int(answer.headers["retry-after"]) <= 15 for answer in answers[4:])
    assert len(rows(store)) == 4


def test_the_per_email_limit_holds_across_two_processes(store, two_instances):
    stack, (first, second) = two_instances(FANZINE_RATE_LIMIT_IP="0", FANZINE_RATE_LIMIT_EMAIL="3")
    with stack:
        answers = [send(base, "POST", "/api/unlock", {**FAN, "page": f"page-{n}", "ticket": page_ticket(SECRET, f"page-{n}"), "email": email}, {"Origin": SITE})
                   for n, (base, email) in enumerate(zip([first, second, first, second],
                                                         ["fan@example.com", "FAN@example.com", "Fan@Example.com",
                                                          "fan@EXAMPLE.COM"], strict=True))]
        other = send(second, "POST", "/api/unlock", {**FAN, "email": "other@example.com"}, {"Origin": SITE})
    assert [answer.status for answer in answers] == [200, 200, 200, 429]
    assert answers[3].json == TOO_MANY_FOR_EMAIL and 17 <= int(answers[3].headers["retry-after"]) <= 20
    assert other.status == 200
    assert len(rows(store)) == 4
