"""Work spread over the machine's cores (a cold build of a big hub), with results in the order given.

Worker processes are forked, so they start with everything this process has
loaded and each result comes back by pickle: what a worker returns is what
the same call here would have returned, whatever order they finish in. A
process with threads (the dev server once it serves) never forks, and neither
does a small job: starting the workers would cost more than it saves.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any

SMALLEST = 48  # fewer jobs than this: done here, one after the other
CHUNK = 16


def workers(jobs: int, smallest: int = SMALLEST) -> int:
    """How many processes to fork for `jobs` jobs (at most one each); 0: do them here, because there are fewer
    than `smallest`, one core, threads, or FANZINE_WORKERS=1."""
    count = min(int(os.environ.get("FANZINE_WORKERS") or os.cpu_count() or 1), jobs)
    if count < 2 or jobs < smallest or threading.active_count() > 1 \
            or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return count


def _run_chunk(work: tuple[Callable[[Any], Any], list[Any]]) -> list[Any]:
    function, chunk = work
    return [function(item) for item in chunk]


def spread(function: Callable[[Any], Any], items: Sequence[Any], smallest: int = SMALLEST,
           chunk: int = CHUNK) -> list[Any] | None:
    """[function(item) for item in items] on every core, in order; None when not worth forking (do it here).
    `function` must be a module-level function (it travels to the workers by name); `chunk` items go to a
    worker at a time (1 for long jobs)."""
    count = workers(len(items), smallest)
    if not count:
        return None
    chunks = [(function, list(items[start:start + chunk])) for start in range(0, len(items), chunk)]
    with multiprocessing.get_context("fork").Pool(count) as pool:
        return [result for done in pool.map(_run_chunk, chunks) for result in done]
