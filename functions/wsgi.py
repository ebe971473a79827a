"""WSGI adapter: `functions.wsgi:app` for gunicorn or any WSGI host, plus a small threaded server.

Mounted under a prefix (SCRIPT_NAME=/api), the app sees PATH_INFO=/unlock;
served at the root it sees /api/unlock. Both reach the same form.
"""
from __future__ import annotations

import logging
import socketserver
from collections.abc import Callable, Iterable
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

from .core import Endpoint, default_endpoint
from .messages import Headers, Request

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]
log = logging.getLogger("fanzine.endpoint.wsgi")


def request_from_environ(environ: dict) -> Request:
    """Translate a WSGI environ into the core's Request (the body stays unread)."""
    headers = [(key[5:].replace("_", "-"), value) for key, value in environ.items() if key.startswith("HTTP_")]
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            headers.append((key.replace("_", "-"), environ[key]))
    return Request(
        method=environ.get("REQUEST_METHOD", "GET"),
        path=environ.get("PATH_INFO", "") or "/",
        headers=Headers(headers),
        client_ip=environ.get("REMOTE_ADDR", ""),
        scheme=environ.get("wsgi.url_scheme", "http"),
        stream=environ.get("wsgi.input"),
        stream_terminated=bool(environ.get("wsgi.input_terminated", False)),
    )


def make_app(endpoint: Endpoint | None = None) -> WSGIApp:
    """A WSGI app answering with `endpoint` (default: built from the environment on first request)."""

    def application(environ: dict, start_response: Callable) -> list[bytes]:
        response = (endpoint or default_endpoint()).handle(request_from_environ(environ))
        start_response(response.status_line, response.header_list())
        return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [response.body_bytes()]

    return application


app = make_app()


def mount(prefix: str, fallback: WSGIApp, forms: WSGIApp = app) -> WSGIApp:
    """Serve `forms` under `prefix` (e.g. /api) and everything else with `fallback`.

    For development servers that also serve the static site: requests under
    the prefix get SCRIPT_NAME=prefix and the rest as PATH_INFO, as a WSGI
    host would do.
    """
    prefix = "/" + prefix.strip("/")

    def dispatch(environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == prefix or path.startswith(prefix + "/"):
            script_name = environ.get("SCRIPT_NAME", "") + prefix
            mounted = {**environ, "SCRIPT_NAME": script_name, "PATH_INFO": path[len(prefix) :]}
            return forms(mounted, start_response)
        return fallback(environ, start_response)

    return dispatch


class QuietHandler(WSGIRequestHandler):
    """wsgiref's handler with a socket timeout and access logs sent to `logging`."""

    # A client that announces more body than it sends must not hold a thread forever.
    timeout = 10

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - wsgiref's signature
        log.debug("%s - %s", self.address_string(), format % args)


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    """wsgiref's server, one thread per connection, for development and tests."""

    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default backlog of 5 drops connections under a burst of fans.
    request_queue_size = 128


def make_server(host: str, port: int, wsgi_app: WSGIApp = app) -> ThreadingWSGIServer:
    """A threaded server for `wsgi_app` on host:port (port 0 picks a free port)."""
    server = ThreadingWSGIServer((host, port), QuietHandler)
    server.set_app(wsgi_app)
    return server
