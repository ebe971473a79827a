"""A bounded load test of the form endpoint on loopback, for `make bench`.

`run_load_test()` starts endpoint processes (`python -m functions`, as in
production: one store, several instances) on 127.0.0.1 sharing one fan store,
lets N clients post unlock signups for S seconds (each client from an address
of its own, each signup a new fan), then counts the rows in the store: every
signup answered 200 must be there exactly once. It returns throughput,
latency percentiles, errors, and lost, duplicated or unexpected rows.

The rate limits stay on (set high enough never to refuse), so each signup
does what it does in production: two rate-limit tokens taken in the store,
one lookup, one insert. It never talks to anything but what it started.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from .keys import page_ticket
from .store import open_store, parse_store

LOOPBACK = "127.0.0.1"
ORIGIN = "http://127.0.0.1:8000"
ROOT = Path(__file__).resolve().parent.parent
TARGET_P99_MS = {"sqlite": 50.0, "postgresql": 80.0}  # issue 16, on loopback
SECRET = secrets.token_urlsafe(32)  # a throwaway site secret shared by this run's endpoint processes
TICKET = page_ticket(SECRET, "night-drive")  # what the built page would carry (see keys.page_ticket)


def run_load_test(
    clients: int = 50,
    seconds: float = 20.0,
    store: str | None = None,
    processes: int = 2,
    host: str = LOOPBACK,
) -> dict[str, object]:
    """Run `clients` concurrent fans for `seconds` against `processes` endpoints sharing `store`.

    `store` is a FANZINE_STORE value; None means a throwaway SQLite file.
    Returns req/s, p50/p99 latency (ms), errors, and the store's row check.
    """
    _check(clients, seconds, processes, host)
    with tempfile.TemporaryDirectory(prefix="fanzine-bench-") as scratch:
        store = store or str(Path(scratch) / "signups.sqlite3")
        engine = parse_store(store).engine
        with ExitStack() as stack:
            ports = [stack.enter_context(_endpoint_process(store)) for _ in range(processes)]
            answered, latencies, errors, elapsed = _drive(host, ports, clients, seconds)
        result = _summary(clients, latencies, errors, elapsed)
        result.update(engine=engine, processes=processes, **_count_rows(store, answered))
    result["target_p99_ms"] = TARGET_P99_MS[engine]
    return result


HIT_TARGETS = ("view", "link:tickets", "link:new-single", "qr", "service:spotify")


def run_hit_load_test(
    clients: int = 50, seconds: float = 20.0, store: str | None = None, processes: int = 2
) -> dict[str, object]:
    """`clients` fans sending /hit beacons for `seconds`: throughput, latency, and whether every 204 was counted.

    Each beacon comes from an address of its own (a new fan each time, so none
    is a replay) and lands on one of a few hot counters, as on a link page
    shared widely: the worst case for the store, many fans adding to one row.
    """
    _check(clients, seconds, processes, LOOPBACK)
    with tempfile.TemporaryDirectory(prefix="fanzine-bench-") as scratch:
        store = store or str(Path(scratch) / "hits.sqlite3")
        engine = parse_store(store).engine
        with ExitStack() as stack:
            ports = [stack.enter_context(_endpoint_process(store)) for _ in range(processes)]
            counted, latencies, errors, elapsed = _drive_hits(ports, clients, seconds)
        result = _summary(clients, latencies, errors, elapsed)
        fan_store = open_store(store, create=False)
        try:
            stored = sum(tap.count for tap in fan_store.tap_counts())
        finally:
            fan_store.close()
    result.update(engine=engine, processes=processes, answered=counted, stored=stored,
                  lost=max(0, counted - stored), extra=max(0, stored - counted), target_p99_ms=TARGET_P99_MS[engine])
    return result


def _drive_hits(ports: list[int], clients: int, seconds: float) -> tuple[int, list[float], int, float]:
    latencies: list[float] = []
    counts = [0, 0]  # answered 204, errors
    lock = threading.Lock()
    start = time.perf_counter()
    deadline = start + seconds

    def fan(number: int) -> None:
        sent = 0
        while time.perf_counter() < deadline:
            sent += 1
            address = f"10.{number % 256}.{sent // 256 % 256}.{sent % 256}"  # a new fan each beacon
            target = HIT_TARGETS[sent % len(HIT_TARGETS)]
            body = json.dumps({"page": "/links/", "target": target}).encode()
            ok, took = _one_post(LOOPBACK, ports[number % len(ports)], "/api/hit", body, address, b" 204 ",
                                 "text/plain;charset=UTF-8")
            with lock:
                latencies.append(took)
                counts[0 if ok else 1] += 1

    threads = [threading.Thread(target=fan, args=(number,)) for number in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counts[0], latencies, counts[1], time.perf_counter() - start


def _one_post(host: str, port: int, path: str, body: bytes, address: str, status: bytes,
              content_type: str) -> tuple[bool, float]:
    """One POST over a fresh connection; ok when the answer's status line holds `status`."""
    request = (
        f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nOrigin: {ORIGIN}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\nX-Forwarded-For: {address}\r\n"
        "Connection: close\r\n\r\n"
    ).encode() + body
    began = time.perf_counter()
    try:
        with socket.create_connection((host, port), timeout=10) as sock:
            sock.sendall(request)
            reply = b""
            while chunk := sock.recv(65536):
                reply += chunk
        ok = status in reply.split(b"\r\n", 1)[0] + b" "
    except OSError:
        ok = False
    return ok, time.perf_counter() - began


def _check(clients: int, seconds: float, processes: int, host: str) -> None:
    if host != LOOPBACK:
        raise ValueError(f"The load test only runs on {LOOPBACK}, not {host!r}.")
    if clients < 1 or processes < 1 or seconds <= 0:
        raise ValueError("Expected at least one client and one process, and a positive duration.")


def run_baseline(clients: int = 50, seconds: float = 20.0, processes: int = 2) -> dict[str, object]:
    """The same load against the same HTTP server answering a fixed reply: what the machine allows at best.

    Read next to `run_load_test()`: what is left of the latency is the endpoint's
    own work (checks, keys, the store).
    """
    _check(clients, seconds, processes, LOOPBACK)
    with ExitStack() as stack:
        ports = [stack.enter_context(_server_process(BASELINE_SERVER, {})) for _ in range(processes)]
        _, latencies, errors, elapsed = _drive(LOOPBACK, ports, clients, seconds)
    return {**_summary(clients, latencies, errors, elapsed), "processes": processes}


BASELINE_SERVER = """
import sys
from functions.wsgi import make_server

def fixed_reply(environ, start_response):
    environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", "9")])
    return [b'{"key":1}']

server = make_server("127.0.0.1", 0, fixed_reply)
print(f"Baseline on http://127.0.0.1:{server.server_port}/", flush=True)
server.serve_forever()
"""


@contextmanager
def _endpoint_process(store: str) -> Iterator[int]:
    environ = {
        "FANZINE_GATE_SECRET": SECRET,
        "FANZINE_STORE": store,
        # Limits on, but never reached: every client sends from an address of its own.
        "FANZINE_RATE_LIMIT_IP": "1000000",
        "FANZINE_RATE_LIMIT_EMAIL": "1000000",
        "FANZINE_RATE_LIMIT_HITS": "1000000",
        "FANZINE_TRUST_FORWARDED_FOR": "true",
    }
    with _server_process(None, environ) as port:
        yield port


@contextmanager
def _server_process(code: str | None, env: dict[str, str]) -> Iterator[int]:
    """`python -m functions` (or `python -c code`) on a free port; yield the port it printed."""
    environ = {**os.environ, **env,
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    command = [sys.executable, "-m", "functions", "--port", "0"] if code is None else [sys.executable, "-c", code]
    process = subprocess.Popen(command, env=environ, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True)
    assert process.stdout is not None  # stdout=PIPE
    try:
        banner = process.stdout.readline()
        port = re.search(r"http://127\.0\.0\.1:(\d+)/", banner)
        if port is None:
            raise RuntimeError(f"The endpoint did not start (it printed {banner!r}).")
        yield int(port.group(1))
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


def _drive(host: str, ports: list[int], clients: int, seconds: float) -> tuple[set[str], list[float], int, float]:
    answered: set[str] = set()
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    start = time.perf_counter()
    deadline = start + seconds

    def fan(number: int) -> None:
        port = ports[number % len(ports)]
        address = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
        sent = 0
        while time.perf_counter() < deadline:
            sent += 1
            email = f"fan{number}-{sent}@example.com"
            ok, took = _one_signup(host, port, email, address)
            with lock:
                latencies.append(took)
                if ok:
                    answered.add(email)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=fan, args=(number,)) for number in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answered, latencies, errors[0], time.perf_counter() - start


def _one_signup(host: str, port: int, email: str, address: str) -> tuple[bool, float]:
    """One POST /api/unlock over a fresh connection, written and read by hand to keep the client light."""
    body = json.dumps({"page": "night-drive", "ticket": TICKET, "email": email, "consent": True}).encode()
    request = (
        f"POST /api/unlock HTTP/1.1\r\nHost: {host}:{port}\r\nOrigin: {ORIGIN}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nX-Forwarded-For: {address}\r\n"
        "Connection: close\r\n\r\n"
    ).encode() + body
    began = time.perf_counter()
    try:
        with socket.create_connection((host, port), timeout=10) as sock:
            sock.sendall(request)
            reply = b""
            while chunk := sock.recv(65536):
                reply += chunk
        ok = reply.startswith((b"HTTP/1.0 200 ", b"HTTP/1.1 200 ")) and b'{"key":' in reply
    except OSError:
        ok = False
    return ok, time.perf_counter() - began


def _count_rows(store: str, answered: set[str]) -> dict[str, int]:
    """Compare the store with what the fans were told: lost, duplicated and unexpected rows."""
    fan_store = open_store(store, create=False)
    try:
        emails = [signup.email for signup in fan_store.signups()]
    finally:
        fan_store.close()
    stored = set(emails)
    return {
        "stored": len(emails),
        "lost": len(answered - stored),  # answered 200 but not in the store
        "duplicated": len(emails) - len(stored),
        "unexpected": len(stored - answered),  # in the store though the fan was not told so
    }


def _percentile(ordered: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list (0 for an empty one)."""
    if not ordered:
        return 0.0
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def _summary(clients: int, latencies: list[float], errors: int, elapsed: float) -> dict[str, object]:
    ordered = sorted(latencies)
    return {
        "clients": clients,
        "seconds": round(elapsed, 3),
        "requests": len(ordered),
        "errors": errors,
        "throughput_rps": round(len(ordered) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(_percentile(ordered, 0.50) * 1000, 2),
        "p99_ms": round(_percentile(ordered, 0.99) * 1000, 2),
    }


def main(argv: list[str] | None = None) -> None:
    """`python -m functions.loadtest`: print the result as JSON."""
    parser = argparse.ArgumentParser(prog="python -m functions.loadtest", description=__doc__)
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default: 50)")
    parser.add_argument("--seconds", type=float, default=20.0, help="duration in seconds (default: 20)")
    parser.add_argument("--processes", type=int, default=2, help="endpoint processes sharing the store (default: 2)")
    parser.add_argument("--store", help="FANZINE_STORE to load (default: a throwaway SQLite file); its signups "
                                        "table should start empty")
    parser.add_argument("--hits", action="store_true", help="send /hit beacons instead of signups (its taps table "
                                                            "should start empty)")
    args = parser.parse_args(argv)
    run = run_hit_load_test if args.hits else run_load_test
    print(json.dumps(run(args.clients, args.seconds, args.store, args.processes), indent=2))


if __name__ == "__main__":
    main()
