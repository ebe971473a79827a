"""functions/loadtest.py: the bounded loopback load test behind `make bench` (run briefly here)."""
from __future__ import annotations

import pytest

from functions.loadtest import run_load_test


def test_short_load_test_reports_throughput_latency_and_errors():
    result = run_load_test(clients=4, seconds=1.0)
    assert set(result) == {"clients", "seconds", "requests", "errors", "throughput_rps", "p50_ms", "p99_ms"}
    assert result["clients"] == 4 and result["requests"] > 0 and result["errors"] == 0
    assert 0 < result["p50_ms"] <= result["p99_ms"]
    assert result["throughput_rps"] > 0 and 1.0 <= result["seconds"] < 5


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.1", "localhost"])
def test_load_test_stays_on_loopback(host):
    with pytest.raises(ValueError, match="The load test only runs on 127.0.0.1"):
        run_load_test(clients=1, seconds=0.1, host=host)
