"""functions/loadtest.py: the bounded loopback load test behind `make bench` (run briefly here, on both engines)."""
from __future__ import annotations

import pytest

from functions.loadtest import run_baseline, run_load_test


def test_short_load_test_reports_throughput_latency_errors_and_the_rows(store):
    result = run_load_test(clients=4, seconds=1.0, store=store.url, processes=2)
    assert set(result) == {"clients", "seconds", "requests", "errors", "throughput_rps", "p50_ms", "p99_ms", "engine",
                           "processes", "stored", "lost", "duplicated", "unexpected", "target_p99_ms"}
    assert (result["engine"], result["clients"], result["processes"]) == (store.engine, 4, 2)
    assert result["requests"] > 0 and result["errors"] == 0
    assert result["stored"] == result["requests"] == store.count("signups")
    assert (result["lost"], result["duplicated"], result["unexpected"]) == (0, 0, 0)
    assert 0 < result["p50_ms"] <= result["p99_ms"]
    assert result["throughput_rps"] > 0 and 1.0 <= result["seconds"] < 5
    assert result["target_p99_ms"] == {"sqlite": 50.0, "postgresql": 80.0}[store.engine]


def test_a_throwaway_sqlite_store_by_default():
    result = run_load_test(clients=2, seconds=0.5, processes=1)
    assert result["engine"] == "sqlite" and result["errors"] == 0 and result["lost"] == 0


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.1", "localhost"])
def test_load_test_stays_on_loopback(host):
    with pytest.raises(ValueError, match="The load test only runs on 127.0.0.1"):
        run_load_test(clients=1, seconds=0.1, host=host)


def test_the_baseline_is_the_same_server_without_the_endpoint():
    result = run_baseline(clients=2, seconds=0.5, processes=1)
    assert result["requests"] > 0 and result["errors"] == 0 and result["processes"] == 1
