"""Cookieless stats in Chromium: a hub of another artist with `stats: on`, its pages and the real endpoint on one
origin (as `make serve` mounts them), the CSP enforced. Every beacon is captured on its way to /hit: it carries
page and target only, nothing is stored in the browser, and the store ends up with numbers alone."""
from __future__ import annotations

import json
import mimetypes
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import fanzine
from endpoint_helpers import make_endpoint
from fixture_sites import ARTIST, make_project
from functions.wsgi import make_app, make_server, mount
from support.server import free_port

pytestmark = pytest.mark.browser

FILES = {
    "links/index.md": "---\ntitle: Ada Quarry links\nlinks:\n  - { label: Tape One, url: /releases/tape-one/ }\n"
                      "  - { label: \"Tickets!\", url: \"https://tickets.example/ada?utm_source=bio\" }\n---\n",
    "releases/tape-one.md": "---\ntitle: Tape One\ntype: ep\nrelease_date: 2025-03-01\nlinks:\n"
                            "  spotify: https://open.spotify.com/album/abc\n---\nRecorded in a quarry.\n",
}
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) { window.__violations.push(e.effectiveDirective); });
"""


def static_app(folder: Path):
    """The built site as a WSGI app (folders serve their index.html), for one origin with the endpoint."""
    def application(environ, start_response):
        path = folder / environ.get("PATH_INFO", "/").lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if not path.resolve().is_relative_to(folder.resolve()) or not path.is_file():
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found"]
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        start_response("200 OK", [("Content-Type", kind)])
        return [path.read_bytes()]
    return application


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    """(base URL, endpoint) of Ada Quarry's hub with stats on, built for its own address and served with /api."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    project = make_project(tmp_path_factory.mktemp("stats"), FILES, artist=ARTIST + "stats: on\n")
    fanzine("build", "--as-of", "2025-06-01", "--publish", cwd=project, env={"SITEURL": base}, check=True)
    endpoint = make_endpoint(tmp_path_factory.mktemp("store"))
    server = make_server("127.0.0.1", port, mount("/api", static_app(project / "output"), make_app(endpoint)))
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield base, endpoint
    server.shutdown()
    server.server_close()


@pytest.fixture
def fan(browser):
    """A fan's phone with the site's CSP enforced; every /hit beacon recorded (method, headers, body), let through."""
    context = browser.new_context(bypass_csp=False, viewport={"width": 390, "height": 844})
    context.add_init_script(RECORD_VIOLATIONS)
    beacons: list[dict] = []

    def record(route):
        request = route.request
        if urlsplit(request.url).hostname != "127.0.0.1":
            route.abort("blockedbyclient")  # the ticket shop and Spotify: never reached from a test
            return
        if urlsplit(request.url).path == "/api/hit":
            beacons.append({"method": request.method, "headers": request.headers, "body": request.post_data})
        route.continue_()

    context.route("**/*", record)
    page = context.new_page()
    yield page, beacons
    context.close()


def wait_for_beacons(page, beacons, count):
    for _ in range(50):
        if len(beacons) >= count:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"expected {count} beacons, saw {beacons}")


def test_beacons_carry_page_and_target_only_and_the_store_only_numbers(hub, fan):
    base, endpoint = hub
    page, beacons = fan
    page.goto(f"{base}/links/?src=qr")
    wait_for_beacons(page, beacons, 2)
    assert page.url == f"{base}/links/"  # the QR marker is gone from the address bar once counted
    assert page.evaluate("window.__violations") == []
    page.locator("a[data-stats='link:tickets']").click()
    wait_for_beacons(page, beacons, 3)
    page.goto(f"{base}/go/tape-one/")
    assert page.evaluate("window.__violations") == []
    page.locator("a[data-stats='service:spotify']").click()
    wait_for_beacons(page, beacons, 5)
    bodies = [json.loads(beacon["body"]) for beacon in beacons]
    assert bodies == [
        {"page": "/links/", "target": "view"}, {"page": "/links/", "target": "qr"},
        {"page": "/links/", "target": "link:tickets"},
        {"page": "/go/tape-one/", "target": "view"}, {"page": "/go/tape-one/", "target": "service:spotify"},
    ]
    for beacon in beacons:
        assert beacon["method"] == "POST" and "cookie" not in {name.lower() for name in beacon["headers"]}
    page.goto(f"{base}/privacy/")  # back on the site (the last tap left for Spotify): nothing was kept
    assert page.context.cookies() == []
    assert page.evaluate("[localStorage.length, sessionStorage.length]") == [0, 0]
    counted = sorted((t.page, t.target, t.count) for t in endpoint.store.tap_counts())
    assert counted == [("/go/tape-one/", "service:spotify", 1), ("/go/tape-one/", "view", 1),
                       ("/links/", "link:tickets", 1), ("/links/", "qr", 1), ("/links/", "view", 1)]


@pytest.mark.parametrize("signal", [
    "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true})",
    "Object.defineProperty(Navigator.prototype, 'doNotTrack', {get: () => '1'})",
])
def test_do_not_track_and_global_privacy_control_send_nothing(hub, fan, signal):
    base, _ = hub
    page, beacons = fan
    page.context.add_init_script(signal)
    page.goto(f"{base}/links/")
    page.locator("a[data-stats='link:tape-one']").click()
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    assert beacons == []
