"""A bounded load test of the form endpoint on loopback, for `make bench`.

`run_load_test()` serves the WSGI app on 127.0.0.1 with a threaded server, a
throwaway SQLite file and rate limits off, lets N clients post unlock signups
for S seconds, and returns throughput, latency percentiles and the error
count. It never talks to anything but the server it started.
"""
from __future__ import annotations

import argparse
import http.client
import json
import math
import secrets
import tempfile
import threading
import time
from pathlib import Path

from .core import Endpoint
from .keys import page_ticket
from .settings import load_settings
from .wsgi import make_app, make_server

LOOPBACK = "127.0.0.1"
ORIGIN = "http://127.0.0.1:8000"
SECRET = secrets.token_urlsafe(32)  # a throwaway site secret for this process
TICKET = page_ticket(SECRET, "night-drive")


def run_load_test(clients: int = 20, seconds: float = 20.0, host: str = LOOPBACK) -> dict[str, float | int]:
    """Run `clients` concurrent fans for `seconds`; return req/s, p50/p99 latency (ms) and errors."""
    if host != LOOPBACK:
        raise ValueError(f"The load test only runs on {LOOPBACK}, not {host!r}.")
    if clients < 1 or seconds <= 0:
        raise ValueError("Expected at least one client and a positive duration.")
    with tempfile.TemporaryDirectory(prefix="fanzine-bench-") as scratch:
        endpoint = Endpoint(load_settings({
            "FANZINE_GATE_SECRET": SECRET,
            "FANZINE_DB": str(Path(scratch) / "signups.sqlite3"),
            "FANZINE_RATE_LIMIT_IP": "0",  # every client shares 127.0.0.1
            "FANZINE_RATE_LIMIT_EMAIL": "0",
        }))
        server = make_server(host, 0, make_app(endpoint))
        serving = threading.Thread(target=server.serve_forever, daemon=True)
        serving.start()
        try:
            latencies, errors, elapsed = _drive(host, server.server_port, clients, seconds)
        finally:
            server.shutdown()
            server.server_close()
    return _summary(clients, latencies, errors, elapsed)


def _drive(host: str, port: int, clients: int, seconds: float) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    start = time.perf_counter()
    deadline = start + seconds

    def fan(number: int) -> None:
        sent = 0
        while time.perf_counter() < deadline:
            sent += 1
            ok, took = _one_signup(host, port, f"fan{number}-{sent}@example.com")
            with lock:
                latencies.append(took)
                errors[0] += 0 if ok else 1

    threads = [threading.Thread(target=fan, args=(number,)) for number in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0], time.perf_counter() - start


def _one_signup(host: str, port: int, email: str) -> tuple[bool, float]:
    body = json.dumps({"page": "night-drive", "ticket": TICKET, "email": email, "consent": True}).encode()
    headers = {"Content-Type": "application/json", "Origin": ORIGIN}
    began = time.perf_counter()
    connection = http.client.HTTPConnection(host, port, timeout=10)
    try:
        connection.request("POST", "/api/unlock", body, headers)
        response = connection.getresponse()
        response.read()
        ok = response.status == 200
    except (OSError, http.client.HTTPException):
        ok = False
    finally:
        connection.close()
    return ok, time.perf_counter() - began


def _percentile(ordered: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list (0 for an empty one)."""
    if not ordered:
        return 0.0
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def _summary(clients: int, latencies: list[float], errors: int, elapsed: float) -> dict[str, float | int]:
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
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default: 20)")
    parser.add_argument("--seconds", type=float, default=20.0, help="duration in seconds (default: 20)")
    args = parser.parse_args(argv)
    print(json.dumps(run_load_test(args.clients, args.seconds), indent=2))


if __name__ == "__main__":
    main()
