"""`make serve`: build, serve output/ with live reload, rebuild on every save, in one warm process.

The first build and every save's rebuild run in this process (warm.py): the
plugin, the content cache and the compiled templates stay loaded, and only
files whose bytes changed are written to output/, so a save shows in the open
page in a fraction of a second. A save to plugins/ or pelicanconf.py restarts
the process (the code itself changed). Content is checked before anything is
written, so a mistake leaves the last good build being served, and every open
page shows what to fix over it (overlay.py) until the fix is saved.
`--fresh-process` keeps the old way, a new `fanzine build` process per save
(make bench compares the two). The form endpoint (functions/) is mounted at
/api/ on the same origin, so signups and unlocks work locally: the builds and
the endpoint share one secret (the artist's own, or on a fresh clone the
labelled development secret). With the artist's own secret, every save also
seals early-access pages for git (`make seal`), so what gets committed is
always the sealed copy of what was just previewed.
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from . import overlay
from .warm import Outcome, WarmBuild

WATCHED = ["themes", "plugins", "overrides", "pelicanconf.py"]  # and the content folder
RESTARTING = ["plugins", "pelicanconf.py", "publishconf.py"]  # code: the warm process starts again
SEAL_ON_SAVE = [False]


def share_secret() -> str:
    """One secret for the builds and the endpoint (this process); what the banner says of it."""
    from ..early.secret import SECRET_ENV, working_secret

    secret, problem = working_secret(publish=False)
    os.environ[SECRET_ENV] = secret.value
    SEAL_ON_SAVE[0] = problem is None
    if problem is None:
        return f"early access: your own secret ({secret.origin}); pages are sealed for git on every save"
    return ("early access: the development secret (signups and the code early-access-dev-code work here; "
            "`make secret` makes your own)")


def not_sealed_copies(path: str) -> bool:
    """What sealing writes (and editors' swap files) is not a reason to rebuild again."""
    name = os.path.basename(path)
    return path.endswith((".sealed", ".gitignore", ".swp", ".swx", "~")) or name.startswith(".#") \
        or "__pycache__" in path


def seal(content: str, fresh_process: bool = False) -> None:
    """`make seal` before each build, with the artist's own secret (in this process, or a fresh one)."""
    if not SEAL_ON_SAVE[0]:
        return
    if fresh_process:
        subprocess.run([sys.executable, "-m", "fanzine", "seal", "--quiet", "--content", content], check=False)
        return
    from ..errors import FanzineError
    from .gatecli import command_seal

    try:
        command_seal(argparse.Namespace(content=content, development=False, quiet=True))
    except FanzineError as error:
        print(error, file=sys.stderr, flush=True)


def fresh_process_build(as_of: str | None, content: str = "content") -> bool:
    """The old way (`--fresh-process`): seal, then rebuild in a child process; True when it succeeded."""
    started = time.perf_counter()
    seal(content, fresh_process=True)
    command = [sys.executable, "-m", "fanzine", "build", "--quiet"]
    if as_of:
        command += ["--as-of", as_of]
    if content != "content":
        command += ["--content", content]
    result = subprocess.run(command, check=False)
    took = time.perf_counter() - started
    if result.returncode == 0:
        print(f"[fanzine] rebuilt in {took:.1f} s", flush=True)
        return True
    print("[fanzine] build failed: still serving the last good build (fix the file and save again)", flush=True)
    return False


FAILED_LAST = [False]  # the last build failed: the next good one says the mistake is gone


def warm_build(builder: WarmBuild, content: str) -> Outcome:
    """Seal (with the artist's own secret), rebuild in this process, tell the terminal and the open pages."""
    seal(content)
    outcome = builder.build()
    for line in outcome.problems + outcome.warnings:
        print(line, file=sys.stderr, flush=True)
    fixed, FAILED_LAST[0] = FAILED_LAST[0] and outcome.ok, not outcome.ok
    if outcome.ok:
        written = f"{len(outcome.changed)} file{'' if len(outcome.changed) == 1 else 's'} changed"
        if outcome.deleted:
            written += f", {len(outcome.deleted)} removed"
        again = f"{len(outcome.rendered):,} of {outcome.pages:,} page{'' if outcome.pages == 1 else 's'} rendered again"
        news = "fixed: the open pages show the new build; " if fixed else ""
        print(f"[fanzine] {news}rebuilt in {outcome.seconds:.2f} s ({again}; {written})", flush=True)
    elif outcome.crash:
        print(f"[fanzine] Something went wrong inside Fanzine ({outcome.crash}).\n"
              "Stop the server, run `fanzine --debug build` and open an issue with its output. "
              "Still serving the last good build.", file=sys.stderr, flush=True)
    else:
        print("[fanzine] build failed: still serving the last good build (fix the file and save again; "
              "the open pages show the same message)", flush=True)
    return outcome


def restart(reason: str) -> None:
    """Start this same command again: plugin code and settings are read only when a process starts."""
    print(f"[fanzine] {reason} changed: restarting the dev server", flush=True)
    os.execv(sys.executable, [sys.executable, "-m", "fanzine", *sys.argv[1:]])


def endpoint_app():
    """The functions/ WSGI app for /api/, with a development secret if none is set."""
    os.environ.setdefault("FANZINE_DB", os.path.abspath(".fanzine-cache/signups.sqlite3"))
    os.makedirs(".fanzine-cache", exist_ok=True)
    try:
        from functions.wsgi import app
    except ImportError:
        return None
    return app


class Rebuilds:
    """Saves in, builds out, one at a time: saves made during a build make one more build (the latest state wins)."""

    def __init__(self, run: Callable[[], Any]) -> None:
        self.run = run
        self.wanted = threading.Event()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.loop, name="fanzine-rebuilds", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def request(self) -> None:
        self.wanted.set()

    def stop(self) -> None:
        self.stopping.set()
        self.wanted.set()
        self.thread.join(timeout=30)

    def loop(self) -> None:
        while True:
            self.wanted.wait()
            if self.stopping.is_set():
                return
            self.wanted.clear()
            self.run()


def looking(stopping: threading.Event):
    """Empty batches every 0.4 s: the watch then looks whether a missing folder has come."""
    while not stopping.wait(0.4):
        yield set()


def watch(folders: list[str], files: list[str], on_save: Callable[[], None], on_code: Callable[[str], None],
          stopping: threading.Event) -> None:
    """Call on_save after any save under the folders (an editor's rename-on-save, a folder deleted and made
    again included), on_code after a save to plugins/ or a settings file. Runs until `stopping` is set."""
    import watchfiles

    def identity(path: str) -> tuple[int, int] | None:
        try:
            found = os.stat(path)
        except OSError:
            return None
        return found.st_ino, found.st_mtime_ns

    again = False
    while not stopping.is_set():
        if again:
            on_save()  # whatever was saved while the watch was being made again
        again = True
        places = [os.path.abspath(f) for f in folders] + [os.path.abspath(f) for f in files]
        seen = {path: identity(path) for path in places}  # a folder or file missing now is seen when it comes
        roots = [path for path in places[:len(folders)] if os.path.isdir(path)]
        code_roots = tuple(os.path.abspath(f) + os.sep for f in RESTARTING if os.path.isdir(f))
        changes = watchfiles.watch(*roots, step=30, rust_timeout=400, yield_on_timeout=True,
                                   stop_event=stopping, raise_interrupt=False,
                                   watch_filter=lambda change, path: not not_sealed_copies(path)) if roots else \
            looking(stopping)  # nothing to watch yet
        for batch in changes:
            if stopping.is_set():
                return
            if any(path.startswith(code_roots) and path.endswith(".py") for _change, path in batch):
                on_code("plugins/")
            moved = [path for path in places if identity(path) != seen[path]]
            settings_moved = [path for path in moved if path in places[len(folders):]]
            if settings_moved:
                on_code(os.path.basename(settings_moved[0]))
            if batch or moved:
                on_save()
            if moved or any(not os.path.isdir(root) for root in roots):
                break  # a watched folder was replaced, or came: watch the new one
        time.sleep(0.05)


def serve(host: str = "127.0.0.1", port: int = 8000, as_of: str | None = None, content: str = "content",
          fresh_process: bool = False) -> int:
    """`make serve`: the first build, then the server; every save rebuilds and every open page follows."""
    from tornado import ioloop

    from . import inboxpage
    from .cli import check_cache_folder, project_settings

    for cache in dict.fromkeys([project_settings().get("CACHE_PATH", ".fanzine-cache"), ".fanzine-cache"]):
        check_cache_folder(cache)  # the build's cache, and the form endpoint's fan store beside it
    if as_of:
        os.environ["FANZINE_AS_OF"] = as_of
    os.makedirs("output", exist_ok=True)
    early_access = share_secret()
    builder = WarmBuild(content, as_of)
    loop = ioloop.IOLoop.current()
    events = overlay.Events(loop)

    def rebuild() -> None:
        if fresh_process:
            ok = fresh_process_build(as_of, content)
            events.publish(Outcome(ok, 0.0, problems=[] if ok else ["The build failed: see the terminal."]))
        else:
            events.publish(warm_build(builder, content))
            builder.write_caches()  # after the open pages were told to reload: they are not kept waiting

    def code_changed(what: str) -> None:
        stopping.set()
        builder.close()
        restart(what)

    rebuild()
    rebuilds = Rebuilds(rebuild)
    rebuilds.start()
    stopping = threading.Event()
    watched = [content, *(f for f in WATCHED if not f.endswith(".py"))]
    watcher = threading.Thread(target=watch, args=(watched, ["pelicanconf.py", "publishconf.py"], rebuilds.request,
                                                   code_changed, stopping), name="fanzine-watch", daemon=True)
    watcher.start()
    app = overlay.application(events, endpoint_app(), inbox=inboxpage.make_app(content))
    app.listen(port, address=host)
    mode = " (a fresh process per save)" if fresh_process else ""
    print(f"[fanzine] serving http://{host}:{port}/ — save any file in {content.rstrip('/')}/, themes/ or plugins/ "
          f"to rebuild{mode}; Ctrl+C to stop\n[fanzine] {early_access}\n[fanzine] fans' submissions: "
          f"http://{host}:{port}/__fanzine/inbox", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: loop.add_callback_from_signal(loop.stop))
    try:
        loop.start()
    except KeyboardInterrupt:
        pass
    finally:
        stopping.set()
        rebuilds.stop()
        builder.close()
    return 0
