"""The generated headers in a real browser: every page type under its own CSP, with zero violations.

A tiny host (headers_server.py) serves the hub with exactly the headers its
`_headers` file lists. Each page is loaded, every player, widget and signup
iframe is clicked, and any CSP violation (a securitypolicyviolation event or a
"Refused to ..." console message) or Permissions-Policy complaint fails the test.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from conftest import GATE_ENV
from embeds_site import PAGES, embeds_site
from headers_server import serve

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.effectiveDirective + " blocked " + (e.blockedURI || "inline") + " on " + e.documentURI);
});
"""
POLICY_WORDS = ("Content Security Policy", "Content-Security-Policy", "Refused to", "Permissions-Policy",
                "Permissions policy", "permissions policy")


@pytest.fixture(scope="module")
def hub_url(tmp_path_factory):
    server = serve(embeds_site(tmp_path_factory))
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def strict_page(browser):
    """A page that obeys the CSP (the suite's default context bypasses it for axe-core)."""
    context = browser.new_context(bypass_csp=False, viewport={"width": 390, "height": 844})
    context.add_init_script(RECORD_VIOLATIONS)
    context.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname == "127.0.0.1"
                  else route.abort("blockedbyclient"))
    page = context.new_page()
    page.problems = []
    page.on("console", lambda msg: any(word in msg.text for word in POLICY_WORDS)
            and page.problems.append(f"console {msg.type}: {msg.text}"))
    page.on("pageerror", lambda error: page.problems.append(f"script error: {error}"))
    yield page
    context.close()


def violations(page) -> list[str]:
    return page.problems + page.evaluate("window.__violations")


@pytest.mark.parametrize("name", PAGES)
def test_every_page_type_runs_under_its_policy(strict_page, hub_url, name):
    path, _ = PAGES[name]
    response = strict_page.goto(hub_url + path, wait_until="networkidle")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    facades = strict_page.locator("a[data-embed-src]")
    while facades.count():  # each click swaps one facade for its player
        facades.first.click()
        strict_page.wait_for_timeout(150)
    strict_page.wait_for_timeout(300)
    assert violations(strict_page) == []


def test_unlocking_a_sealed_page_runs_under_the_policy(strict_page, hub_url):
    strict_page.goto(hub_url + "/early/studio-diary/", wait_until="networkidle")
    strict_page.fill("#gate-code", GATE_ENV["STUDIO_DIARY_CODE"])
    strict_page.click("form[data-gate-code] button[type=submit]")
    strict_page.locator("#gate-body a[data-embed-src]").click()
    strict_page.wait_for_selector("#gate-body iframe.embed__frame")
    assert violations(strict_page) == []


def test_an_inline_script_would_be_caught(strict_page, hub_url):
    """The check itself works: a script the policy forbids is reported."""
    strict_page.goto(hub_url + "/about/", wait_until="networkidle")
    strict_page.evaluate("""() => { const s = document.createElement('script');
                                    s.textContent = 'window.ran = 1'; document.body.append(s); }""")
    strict_page.wait_for_timeout(200)
    assert any("script-src" in v for v in violations(strict_page))
    assert strict_page.evaluate("window.ran") is None
