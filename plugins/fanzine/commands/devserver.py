"""`make serve`: build, serve output/ with live reload, rebuild on every save.

Every rebuild runs in a fresh process, so edits to plugins/ and the theme take
effect too, and the reader cache keeps it quick. Content is checked before
anything is written, so a mistake leaves the last good build being served
while the terminal shows what to fix. The form endpoint (functions/) is
mounted at /api/ on the same origin, so signups and unlocks work locally:
the builds and the endpoint share one secret (the artist's own, or on a fresh
clone the labelled development secret). With the artist's own secret, every
save also seals early-access pages for git (`make seal`), so what gets
committed is always the sealed copy of what was just previewed.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import Any

WATCHED = ["themes", "plugins", "overrides", "pelicanconf.py"]  # and the content folder
SEAL_ON_SAVE = [False]


def share_secret() -> str:
    """One secret for the builds (child processes) and the endpoint (this process); what the banner says of it."""
    from ..early.secret import SECRET_ENV, working_secret

    secret, problem = working_secret(publish=False)
    os.environ[SECRET_ENV] = secret.value
    SEAL_ON_SAVE[0] = problem is None
    if problem is None:
        return f"early access: your own secret ({secret.origin}); pages are sealed for git on every save"
    return ("early access: the development secret (signups and the code early-access-dev-code work here; "
            "`make secret` makes your own)")


def not_sealed_copies(path: str) -> bool:
    """What sealing writes is not a reason to rebuild again."""
    return path.endswith((".sealed", ".gitignore"))


def build(as_of: str | None, content: str = "content") -> bool:
    """Seal (with the artist's own secret), then rebuild in a child process; True when the build succeeded."""
    started = time.perf_counter()
    if SEAL_ON_SAVE[0]:
        subprocess.run([sys.executable, "-m", "fanzine", "seal", "--quiet", "--content", content], check=False)
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


def endpoint_app():
    """The functions/ WSGI app for /api/, with a development secret if none is set."""
    os.environ.setdefault("FANZINE_DB", os.path.abspath(".fanzine-cache/signups.sqlite3"))
    os.makedirs(".fanzine-cache", exist_ok=True)
    try:
        from functions.wsgi import app
    except ImportError:
        return None
    return app


def load_livereload_from_its_own_file(port: int) -> None:
    """livereload adds an inline <script> to every page, which the pages' own CSP (script-src 'self') refuses:
    add a <script src> for its livereload.js instead, served from this same address."""
    import livereload.server

    tag = f'<script src="/livereload.js?port={port}"></script>'.encode()

    class SelfHostedScript(livereload.server.LiveScriptInjector):
        def transform_first_chunk(self, status_code, headers, chunk, finishing):
            self.script = tag
            return super().transform_first_chunk(status_code, headers, chunk, finishing)

    livereload.server.LiveScriptInjector = SelfHostedScript  # the server subclasses it when it starts


def serve(host: str = "127.0.0.1", port: int = 8000, as_of: str | None = None, content: str = "content") -> int:
    from livereload import Server
    from tornado import web, wsgi

    from . import inboxpage

    load_livereload_from_its_own_file(port)

    if as_of:
        os.environ["FANZINE_AS_OF"] = as_of
    os.makedirs("output", exist_ok=True)
    early_access = share_secret()
    build(as_of, content)
    api = endpoint_app()

    class FanzineServer(Server):
        def get_web_handlers(self, script):
            handlers: list[tuple[str, Any, dict[str, Any]]] = [
                (r"/(.*)", self.SFH, {"path": "output", "default_filename": "index.html"})]
            if api is not None:
                container = wsgi.WSGIContainer(api)
                handlers.insert(0, (r"/api/.*", web.FallbackHandler, {"fallback": container}))
            # the local inbox page (commands/inboxpage.py): served here only, never written to output/
            handlers.insert(0, (r"/__fanzine/.*", web.FallbackHandler,
                                {"fallback": wsgi.WSGIContainer(inboxpage.make_app(content))}))
            return handlers

    server = FanzineServer()
    for path in [content, *WATCHED]:
        if os.path.exists(path):
            server.watch(path, lambda: build(as_of, content), delay=0.2, ignore=not_sealed_copies)
    print(f"[fanzine] serving http://{host}:{port}/ — save any file in {content.rstrip('/')}/, themes/ or plugins/ "
          f"to rebuild; Ctrl+C to stop\n[fanzine] {early_access}\n[fanzine] fans' submissions: "
          f"http://{host}:{port}/__fanzine/inbox", flush=True)
    server.serve(host=host, port=port, root="output", debug=False, restart_delay=0)
    return 0
