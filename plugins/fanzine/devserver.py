"""`make serve`: build, serve output/ with live reload, rebuild on every save.

Every rebuild runs in a fresh process, so edits to plugins/ and the theme take
effect too, and the reader cache keeps it quick. Content is checked before
anything is written, so a mistake leaves the last good build being served
while the terminal shows what to fix. The form endpoint (functions/) is
mounted at /api/ on the same origin, so signups and unlocks work locally.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time

WATCHED = ["themes", "plugins", "overrides", "pelicanconf.py"]  # and the content folder


def build(as_of: str | None, content: str = "content") -> bool:
    """Rebuild in a child process; True when the build succeeded."""
    started = time.perf_counter()
    command = [sys.executable, "-m", "fanzine.cli", "build", "--quiet"]
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


def endpoint_app():
    """The functions/ WSGI app for /api/, with a development secret if none is set."""
    os.environ.setdefault("FANZINE_DB", os.path.abspath(".fanzine-cache/signups.sqlite3"))
    os.makedirs(".fanzine-cache", exist_ok=True)
    try:
        from functions.wsgi import app
    except ImportError:
        return None
    return app


def serve(host: str = "127.0.0.1", port: int = 8000, as_of: str | None = None, content: str = "content") -> int:
    from livereload import Server
    from tornado import web, wsgi

    if as_of:
        os.environ["FANZINE_AS_OF"] = as_of
    os.makedirs("output", exist_ok=True)
    build(as_of, content)
    api = endpoint_app()

    class FanzineServer(Server):
        def get_web_handlers(self, script):
            handlers = [(r"/(.*)", self.SFH, {"path": "output", "default_filename": "index.html"})]
            if api is not None:
                container = wsgi.WSGIContainer(api)
                handlers.insert(0, (r"/api/.*", web.FallbackHandler, {"fallback": container}))
            return handlers

    server = FanzineServer()
    for path in [content, *WATCHED]:
        if os.path.exists(path):
            server.watch(path, lambda: build(as_of, content), delay=0.2)
    print(f"[fanzine] serving http://{host}:{port}/ — save any file in {content.rstrip('/')}/, themes/ or plugins/ "
          "to rebuild; Ctrl+C to stop", flush=True)
    server.serve(host=host, port=port, root="output", debug=False, restart_delay=0)
    return 0
