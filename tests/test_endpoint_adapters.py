"""The platform adapters: WSGI (mounted and at the root), AWS Lambda function URLs, Vercel, `python -m functions`."""
from __future__ import annotations

import base64
import importlib.util
import io
import json
import os
import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import functions.core
from endpoint_helpers import SECRET, SITE, make_endpoint, rows, send, send_raw, serving
from functions import aws_lambda
from functions.keys import encode_key, page_ticket, signup_page_key
from functions.wsgi import make_app, mount, request_from_environ

ROOT = Path(__file__).resolve().parent.parent
FAN = {"page": "night-drive", "ticket": page_ticket(SECRET, "night-drive"), "email": "fan@example.com", "consent": True}
KEY = {"key": encode_key(signup_page_key(SECRET, "night-drive"))}


@pytest.fixture
def default_endpoint(store, monkeypatch):
    """Install a test Endpoint as the process-wide one the adapters use."""
    def install(**env: str) -> functions.core.Endpoint:
        endpoint = make_endpoint(store, **env)
        monkeypatch.setattr(functions.core, "_default", endpoint)
        return endpoint
    return install


# --- WSGI ---------------------------------------------------------------------------------

def test_wsgi_app_mounted_under_api_sees_script_name_and_path_info(store):
    seen = []
    forms = make_app(make_endpoint(store))

    def spy(environ, start_response):
        seen.append((environ["SCRIPT_NAME"], environ["PATH_INFO"]))
        return forms(environ, start_response)

    def static_site(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/html")])
        return [b"<h1>Nova Lights</h1>"]

    with serving(mount("/api", static_site, spy)) as base:
        unlocked = send(base, "POST", "/api/unlock", FAN, {"Origin": SITE})
        page = send(base, "GET", "/releases/night-drive/")
        missing = send(base, "POST", "/api/nope", FAN, {"Origin": SITE})
    assert (unlocked.status, unlocked.json) == (200, KEY)
    assert (page.status, page.raw) == (200, b"<h1>Nova Lights</h1>")
    assert missing.status == 404
    assert seen == [("/api", "/unlock"), ("/api", "/nope")]


def test_module_level_app_reads_the_environment_on_first_request(store, monkeypatch):
    monkeypatch.setattr(functions.core, "_default", None)
    monkeypatch.setenv("FANZINE_GATE_SECRET", SECRET)
    monkeypatch.setenv("FANZINE_STORE", store.url)
    from functions.wsgi import app

    with serving(app) as base:
        answer = send(base, "POST", "/api/unlock", FAN, {"Origin": SITE})
    assert (answer.status, answer.json) == (200, KEY)
    assert rows(store) == [("night-drive", "fan@example.com", 1)]
    functions.core.default_endpoint().store.close()


def test_wsgi_reads_a_body_without_length_when_the_server_marks_its_end(store):
    """As gunicorn does for chunked uploads (wsgi.input_terminated)."""
    body = json.dumps(FAN).encode()
    environ = {
        "REQUEST_METHOD": "POST", "PATH_INFO": "/unlock", "CONTENT_TYPE": "application/json",
        "wsgi.input": io.BytesIO(body), "wsgi.input_terminated": True, "wsgi.url_scheme": "http",
        "REMOTE_ADDR": "127.0.0.1", "HTTP_ORIGIN": SITE,
    }
    statuses = []
    chunks = make_app(make_endpoint(store))(environ, lambda status, headers: statuses.append(status))
    assert statuses == ["200 OK"] and json.loads(b"".join(chunks)) == KEY


def test_request_from_environ():
    request = request_from_environ({
        "REQUEST_METHOD": "post", "PATH_INFO": "", "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": "2",
        "HTTP_X_FORWARDED_FOR": "1.2.3.4", "REMOTE_ADDR": "10.0.0.1", "wsgi.url_scheme": "https", "wsgi.input": io.BytesIO(b"{}"),
    })
    assert (request.method, request.path, request.client_ip, request.scheme) == ("POST", "/", "10.0.0.1", "https")
    assert request.headers["content-length"] == "2" and request.headers["x-forwarded-for"] == "1.2.3.4"


@pytest.mark.parametrize("trust, statuses", [("false", [200, 429, 429]), ("true", [200, 200, 429])])
def test_forwarded_for_counts_only_when_trusted(store, trust, statuses):
    endpoint = make_endpoint(store, FANZINE_RATE_LIMIT_IP="1", FANZINE_TRUST_FORWARDED_FOR=trust)
    forwarded = ["198.51.100.1, 203.0.113.1", "203.0.113.2", "198.51.100.9, 203.0.113.2"]
    with serving(make_app(endpoint)) as base:
        got = [send(base, "POST", "/unlock", {**FAN, "email": f"f{n}@example.com"}, {"Origin": SITE, "X-Forwarded-For": ip}).status for n, ip in enumerate(forwarded)]
    assert got == statuses


# --- AWS Lambda function URLs --------------------------------------------------------------

def lambda_event(body: bytes, method: str = "POST", path: str = "/unlock", base64_body: bool = True, **headers: str) -> dict:
    """A function URL event (payload format 2.0) as AWS documents it."""
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "",
        "headers": {
            "content-type": "application/json",
            "host": "abcdefghij.lambda-url.eu-west-1.on.aws",
            "origin": "https://novalights.com",
            "x-forwarded-for": "203.0.113.7",
            "x-forwarded-proto": "https",
            "x-forwarded-port": "443",
            "x-amzn-trace-id": "Root=1-6740c6a4-3f0a0c2b1d4e5f6a7b8c9d0e",
            "user-agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X)",
            **{name.replace("_", "-"): value for name, value in headers.items()},
        },
        "requestContext": {
            "accountId": "anonymous",
            "apiId": "abcdefghij",
            "domainName": "abcdefghij.lambda-url.eu-west-1.on.aws",
            "domainPrefix": "abcdefghij",
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "203.0.113.7", "userAgent": "Mozilla/5.0"},
            "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
            "routeKey": "$default",
            "stage": "$default",
            "time": "21/Nov/2026:05:41:00 +0000",
            "timeEpoch": 1795153260000,
        },
        "body": base64.b64encode(body).decode() if base64_body else body.decode(),
        "isBase64Encoded": base64_body,
    }


@pytest.fixture
def on_lambda(default_endpoint):
    return default_endpoint(FANZINE_ALLOWED_ORIGINS="https://novalights.com")


def test_lambda_unlock_with_a_base64_body(on_lambda):
    result = aws_lambda.handler(lambda_event(json.dumps(FAN).encode()), None)
    assert result["statusCode"] == 200 and result["isBase64Encoded"] is False
    assert json.loads(result["body"]) == KEY
    assert result["headers"]["Access-Control-Allow-Origin"] == "https://novalights.com"
    assert result["headers"]["Content-Type"] == "application/json; charset=utf-8"
    assert "Content-Length" not in result["headers"]


def test_lambda_subscribe_with_a_plain_form_body(on_lambda):
    event = lambda_event(b"email=fan%40example.com&consent=on", path="/subscribe", base64_body=False, content_type="application/x-www-form-urlencoded")
    result = aws_lambda.handler(event, None)
    assert (result["statusCode"], json.loads(result["body"])) == (200, {"ok": True})


def test_lambda_preflight_and_wrong_method(on_lambda):
    preflight = aws_lambda.handler(lambda_event(b"", method="OPTIONS", access_control_request_method="POST"), None)
    assert preflight["statusCode"] == 204 and preflight["body"] == ""
    assert preflight["headers"]["Access-Control-Allow-Methods"] == "POST, OPTIONS"
    wrong = aws_lambda.handler(lambda_event(b"", method="GET"), None)
    assert (wrong["statusCode"], json.loads(wrong["body"]), wrong["headers"]["Allow"]) == (405, {"error": "Send this form with POST."}, "POST, OPTIONS")


@pytest.mark.parametrize("event_change, status, body", [
    ({"body": "not base64!!"}, 400, {"error": "The request body could not be decoded."}),
    ({"body": base64.b64encode(b"{" + b" " * 9000 + b"}").decode()}, 413, {"error": "The form is too large: send at most 8,192 bytes."}),
    ({"rawPath": "/api/../unlock"}, 404, {"error": "Nothing here: this endpoint answers /unlock, /subscribe, /rsvp, "
                                                   "/hit, /vote, /results and /submit."}),
])
def test_lambda_refusals(on_lambda, event_change, status, body):
    result = aws_lambda.handler({**lambda_event(json.dumps(FAN).encode()), **event_change}, None)
    assert (result["statusCode"], json.loads(result["body"])) == (status, body)


def test_lambda_wrong_origin_and_same_origin(on_lambda):
    evil = aws_lambda.handler(lambda_event(json.dumps(FAN).encode(), origin="https://evil.example"), None)
    assert evil["statusCode"] == 403
    same = aws_lambda.handler(lambda_event(json.dumps(FAN).encode(), origin="https://abcdefghij.lambda-url.eu-west-1.on.aws"), None)
    assert same["statusCode"] == 200


def test_lambda_rate_limit_keys_on_the_source_ip(default_endpoint):
    default_endpoint(FANZINE_RATE_LIMIT_IP="1", FANZINE_ALLOWED_ORIGINS="https://novalights.com")
    event = lambda_event(json.dumps(FAN).encode())
    other = lambda_event(json.dumps({**FAN, "email": "b@example.com"}).encode())
    other["requestContext"]["http"]["sourceIp"] = "198.51.100.4"
    statuses = [aws_lambda.handler(e, None)["statusCode"] for e in (event, event, other)]
    assert statuses == [200, 429, 200]


def test_lambda_garbage_event_is_a_404_not_a_crash(on_lambda):
    result = aws_lambda.handler({}, None)
    assert result["statusCode"] == 404


# --- Vercel -------------------------------------------------------------------------------

def load_vercel_function(name: str):
    """Import api/<name>.py by path, as Vercel's runtime does."""
    spec = importlib.util.spec_from_file_location(f"vercel_api_{name}", ROOT / "api" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def serve_handler(handler_class):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_class)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


@pytest.mark.parametrize("name, body, expected", [
    ("unlock", FAN, KEY),
    ("subscribe", {"email": "fan@example.com", "consent": True}, {"ok": True}),
    ("rsvp", {"event": "listening-party", "email": "fan@example.com", "consent": True}, {"ok": True}),
])
def test_vercel_functions_on_a_real_http_server(default_endpoint, name, body, expected):
    default_endpoint()
    module = load_vercel_function(name)
    assert issubclass(module.handler, BaseHTTPRequestHandler)
    server, base = serve_handler(module.handler)
    try:
        answer = send(base, "POST", f"/api/{name}?utm_source=bio", body, {"Origin": SITE})
        wrong = send(base, "GET", f"/api/{name}")
        head = send(base, "HEAD", f"/api/{name}")
        lying = send_raw(base, f"POST /api/{name} HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: 50000000\n", b"{}")
    finally:
        server.shutdown()
        server.server_close()
    assert (answer.status, answer.json) == (200, expected)
    assert answer.headers["access-control-allow-origin"] == SITE
    assert (wrong.status, wrong.json) == (405, {"error": "Send this form with POST."})
    assert (head.status, head.raw) == (405, b"")
    assert lying.status == 413


@pytest.mark.parametrize("on_vercel, statuses", [(True, [200, 200]), (False, [200, 429])])
def test_vercel_trusts_x_real_ip_only_on_vercel(default_endpoint, monkeypatch, on_vercel, statuses):
    default_endpoint(FANZINE_RATE_LIMIT_IP="1")
    if on_vercel:
        monkeypatch.setenv("VERCEL", "1")
    else:
        monkeypatch.delenv("VERCEL", raising=False)
    server, base = serve_handler(load_vercel_function("unlock").handler)
    try:
        got = [send(base, "POST", "/api/unlock", {**FAN, "email": f"f{n}@example.com"}, {"Origin": SITE, "X-Real-IP": f"203.0.113.{n}"}).status for n in range(2)]
    finally:
        server.shutdown()
        server.server_close()
    assert got == statuses


# --- python -m functions ----------------------------------------------------------------------

def test_python_m_functions_serves_the_forms(store, tmp_path):
    env = {**os.environ, "FANZINE_GATE_SECRET": SECRET, "FANZINE_STORE": store.url, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "functions", "--port", "0"], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        banner = process.stdout.readline()
        port = re.search(r"http://127\.0\.0\.1:(\d+)/api/unlock", banner).group(1)
        answer = send(f"http://127.0.0.1:{port}", "POST", "/api/unlock", FAN, {"Origin": SITE})
    finally:
        process.terminate()
        process.wait(timeout=5)
        process.stdout.close()
        process.stderr.close()
    assert (answer.status, answer.json) == (200, KEY)
    assert rows(store) == [("night-drive", "fan@example.com", 1)]


def test_vercel_hit_counts_a_beacon(default_endpoint):
    endpoint = default_endpoint()
    server, base = serve_handler(load_vercel_function("hit").handler)
    try:
        answer = send(base, "POST", "/api/hit", b'{"page":"/links/","target":"view"}',
                      {"Origin": SITE, "Content-Type": "text/plain;charset=UTF-8"})
        junk = send(base, "POST", "/api/hit", b'{"page":"/links/","target":"view","ip":"1.2.3.4"}',
                    {"Origin": SITE, "Content-Type": "text/plain;charset=UTF-8"})
    finally:
        server.shutdown()
        server.server_close()
    assert (answer.status, answer.raw, answer.headers["access-control-allow-origin"]) == (204, b"", SITE)
    assert junk.status == 400
    assert [(t.page, t.target, t.count) for t in endpoint.store.tap_counts()] == [("/links/", "view", 1)]
