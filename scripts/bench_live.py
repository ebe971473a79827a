"""The live measurements of `make bench`: edit-to-reload in the dev server, and the fan store under load.

Both run only on 127.0.0.1 and stop by themselves. Timings are reported,
never judged: the machine is shared and noisy.
"""
from __future__ import annotations

import socket
import statistics
import subprocess
import time
import urllib.request
from pathlib import Path

RELOAD_TARGET_S = 1.5  # issue 8's goal at 1,000 items


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _wait_for(url: str, text: str, timeout: float) -> float | None:
    """Seconds until `url` serves `text`, or None."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if text in _page(url):
            return time.perf_counter() - started
        time.sleep(0.02)
    return None


def reload_latency(hub: Path, python: str, env: dict, edits: int = 5, timeout: float = 120.0) -> dict:
    """Save a release file in a running `fanzine serve` and time until the changed page is served."""
    release = sorted((hub / "content/releases").glob("*.md"))[0]
    url_path = f"/releases/{release.stem}/"
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([python, "-m", "fanzine", "serve", "--port", str(port)], cwd=hub, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    original = release.read_text(encoding="utf-8")
    timings: list[float] = []
    try:
        if _wait_for(base + url_path, "<html", timeout) is None:
            return {"error": "the dev server did not serve the first build in time"}
        for n in range(edits):
            marker = f"Reload check {n} {time.time_ns()}"
            release.write_text(original.replace("\ntitle: ", f"\ntitle: {marker} ", 1), encoding="utf-8")
            took = _wait_for(base + url_path, marker, timeout)
            if took is not None:
                timings.append(took)
            time.sleep(0.5)  # let the watcher settle between saves
    finally:
        release.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=10)
    if not timings:
        return {"error": "no edit was served within the timeout"}
    return {"edits": len(timings), "median_s": round(statistics.median(timings), 2),
            "min_s": round(min(timings), 2), "max_s": round(max(timings), 2), "target_s": RELOAD_TARGET_S}


def store_load(clients: int = 50, seconds: float = 20.0, processes: int = 2) -> dict:
    """The form endpoint under load on each fan store engine: two processes sharing one store (issue 16).

    PostgreSQL is a throwaway server from Debian's binaries with its durable
    defaults (fsync and synchronous_commit on); SQLite runs with the store's
    own settings (WAL, synchronous=NORMAL).
    """
    import pgtemp

    from functions.loadtest import run_baseline, run_load_test

    results: dict = {"baseline": run_baseline(clients=clients, seconds=seconds, processes=processes)}
    results["sqlite"] = run_load_test(clients=clients, seconds=seconds, processes=processes)
    try:
        with pgtemp.ThrowawayPostgres(fast=False) as server:
            url = server.create_database("bench")
            results["postgresql"] = run_load_test(clients=clients, seconds=seconds, store=url, processes=processes)
    except pgtemp.PostgresUnavailableError as error:
        results["postgresql"] = {"error": str(error)}
    return results


def hit_load(clients: int = 50, seconds: float = 20.0, processes: int = 2) -> dict:
    """/hit (cookieless counts, issue 19) under `clients` concurrent fans, on each fan store engine."""
    import pgtemp

    from functions.loadtest import run_hit_load_test

    results: dict = {"sqlite": run_hit_load_test(clients=clients, seconds=seconds, processes=processes)}
    try:
        with pgtemp.ThrowawayPostgres(fast=False) as server:
            url = server.create_database("bench_hits")
            results["postgresql"] = run_hit_load_test(clients=clients, seconds=seconds, store=url,
                                                      processes=processes)
    except pgtemp.PostgresUnavailableError as error:
        results["postgresql"] = {"error": str(error)}
    return results


def hit_md(results: dict) -> list[str]:
    """/hit's load test as a table: throughput, latency, and whether every answered beacon was counted."""
    rows = []
    for engine, run in results.items():
        if "error" in run:
            rows.append(f"| {engine} | not measured: {run['error']} | | | | | |")
            continue
        rows.append(
            f"| {engine} | {run['requests']:,} in {run['seconds']:.0f} s | {run['throughput_rps']:.0f} req/s | "
            f"{run['p50_ms']:.1f} ms | {run['p99_ms']:.1f} ms | {run['errors']} | "
            f"{run['answered']:,} / {run['stored']:,} |"
        )
    first = next((run for run in results.values() if "processes" in run), {})
    return [
        "## Cookieless counts (/hit) under load (loopback)", "",
        f"{first.get('clients', '?')} concurrent clients against {first.get('processes', '?')} endpoint processes "
        "sharing one store; every beacon from a new fan onto one of five hot counters (rate limit, replay check, "
        "count: three writes); the counts summed in the store afterwards.", "",
        "| store | requests | throughput | p50 | p99 | errors | answered 204 / counted |",
        "|---|---:|---:|---:|---:|---:|---:|", *rows, "",
    ]


def store_md(results: dict) -> list[str]:
    """The fan store's load test as a table, with issue 16's targets marked met or missed."""
    rows = []
    baseline = results.get("baseline")
    if baseline:
        rows.append(
            f"| *the same server answering a fixed reply (no endpoint, no store)* | {baseline['requests']:,} in "
            f"{baseline['seconds']:.0f} s | {baseline['throughput_rps']:.0f} req/s | {baseline['p50_ms']:.1f} ms | "
            f"{baseline['p99_ms']:.1f} ms | {baseline['errors']} | | |"
        )
    for engine, run in results.items():
        if engine == "baseline":
            continue
        if "error" in run:
            rows.append(f"| {engine} | not measured: {run['error']} | | | | | | |")
            continue
        intact = run["errors"] == run["lost"] == run["duplicated"] == 0
        met = intact and run["p99_ms"] <= run["target_p99_ms"]
        rows.append(
            f"| {engine} | {run['requests']:,} in {run['seconds']:.0f} s | {run['throughput_rps']:.0f} req/s | "
            f"{run['p50_ms']:.1f} ms | {run['p99_ms']:.1f} ms (≤ {run['target_p99_ms']:.0f}) | {run['errors']} | "
            f"{run['lost']} / {run['duplicated']} / {run['unexpected']} | {'met' if met else 'missed'} |"
        )
    first = next((run for run in results.values() if "processes" in run), {})
    return [
        "## The fan store under load (loopback)", "",
        f"{first.get('clients', '?')} concurrent clients against {first.get('processes', '?')} endpoint processes "
        "sharing one store; every request a new fan's signup (two rate-limit tokens, one insert); rows counted in "
        "the store afterwards.", "",
        "| store | requests | throughput | p50 | p99 (target) | errors | lost / duplicated / unexpected rows | |",
        "|---|---:|---:|---:|---:|---:|---:|---|", *rows, "",
    ]


def _hub(result: dict, items: int) -> dict | None:
    return next((h for h in result.get("hubs", []) if h.get("items") == items), None)


def targets_md(result: dict) -> list[str]:
    """Issue 8's build-speed targets, each marked met or missed (never a failure of `make bench`)."""
    rows = []
    thousand, five = _hub(result, 1000), _hub(result, 5000)

    def row(what: str, target: str, value, met) -> None:
        shown = "not measured" if value is None else value
        verdict = "–" if met is None else ("met" if met else "missed")
        rows.append(f"| {what} | {target} | {shown} | {verdict} |")

    cold = (thousand or {}).get("ratio_cold", {}).get("cpu_s")
    cached = (thousand or {}).get("ratio_cached", {}).get("cpu_s")
    row("cold build at 1,000 items, Fanzine / bare Pelican (CPU)", "≤ 1.15x",
        f"{cold:.2f}x" if cold else None, cold <= 1.15 if cold else None)
    row("cached rebuild at 1,000 items, Fanzine / bare Pelican (CPU)", "≤ 1.3x",
        f"{cached:.2f}x" if cached else None, cached <= 1.3 if cached else None)
    reload = result.get("reload") or {}
    row("edit-to-reload at 1,000 items (median)", "< 1.5 s",
        f"{reload['median_s']} s" if "median_s" in reload else None,
        reload["median_s"] < 1.5 if "median_s" in reload else None)
    if thousand and five:
        for label, key in (("time", "cpu_s"), ("memory", "peak_rss_mb")):
            per_1k = thousand["fanzine_cold"][key] / 1000
            per_5k = five["fanzine_cold"][key] / 5000
            growth = per_5k / per_1k if per_1k else None
            row(f"{label} per item, 5,000 vs 1,000 items (linear = about 1x or less)", "≤ 1.2x",
                f"{growth:.2f}x" if growth else None, growth <= 1.2 if growth else None)
    else:
        row("time and memory per item, 5,000 vs 1,000 items", "linear", None, None)
    return ["## Targets (issue 8; reported, never asserted)", "", "| target | goal | measured | |",
            "|---|---|---|---|", *rows, ""]


def live_md(result: dict) -> list[str]:
    out = []
    reload = result.get("reload")
    if reload:
        out += ["## Edit-to-reload in the dev server (1,000-item hub)", ""]
        if "error" in reload:
            out += [f"Not measured: {reload['error']}.", ""]
        else:
            out += [f"Save a release → changed page served: median {reload['median_s']} s "
                    f"(min {reload['min_s']}, max {reload['max_s']}, {reload['edits']} saves); "
                    f"target under {reload['target_s']} s.", ""]
    if result.get("store"):
        out += store_md(result["store"])
    if result.get("hits"):
        out += hit_md(result["hits"])
    return out
