"""Protected on every host: each page carries the site's Content-Security-Policy in a <meta>.

GitHub Pages, the default host, sends no headers of ours: the finding was that
it served the hub with no CSP at all. Every page now holds the policy the host
headers carry (`_headers`), less what only a header can set. Here every page of
the embeds hub is compared with `_headers`, and every page type is opened in
Chromium from a plain static server that sends no CSP header (as GitHub Pages
does), with the policy enforced, every player facade clicked, and a sealed page
unlocked: no violation may be reported.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from conftest import GATE_ENV, serve_folder
from embeds_site import PAGES, embeds_site
from fanzine.outputs.hostconfig import HEADER_ONLY, HEADERS_FILE, parse_headers_file

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.effectiveDirective + " blocked " + (e.blockedURI || "inline") + " on " + e.documentURI);
});
"""


def header_policy(output) -> str:
    (_pattern, headers), = parse_headers_file((output / HEADERS_FILE).read_text(encoding="utf-8"))
    return headers["Content-Security-Policy"]


def without_header_only(policy: str) -> str:
    return "; ".join(part for part in policy.split("; ") if part.split(" ", 1)[0] not in HEADER_ONLY)


@pytest.mark.slow
@pytest.mark.parametrize("publish", [False, True], ids=["dev", "publish"])
def test_every_page_carries_the_header_policy_in_a_meta(tmp_path_factory, publish):
    output = embeds_site(tmp_path_factory, publish=publish)
    expected = without_header_only(header_policy(output))
    assert "frame-ancestors" in header_policy(output) and "frame-ancestors" not in expected
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert META.findall(html) == [expected.replace("&", "&amp;")], page
        head = html[html.index("<head>"):html.index("</head>")]
        # first in the head after the charset: it covers every stylesheet, script and picture after it
        assert re.match(r'<head>\s*<meta charset="utf-8">\s*<meta http-equiv="Content-Security-Policy"', head), page


@pytest.fixture(scope="module")
def plain_host(tmp_path_factory):
    """The hub served like GitHub Pages serves it: files only, no CSP header."""
    server = serve_folder(embeds_site(tmp_path_factory))
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def strict_page(browser):
    context = browser.new_context(bypass_csp=False, viewport={"width": 390, "height": 844})
    context.add_init_script(RECORD_VIOLATIONS)
    context.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname == "127.0.0.1"
                  else route.abort("blockedbyclient"))
    page = context.new_page()
    page.problems = []
    page.on("console", lambda msg: any(word in msg.text for word in ("Content Security Policy", "Refused to"))
            and page.problems.append(f"console {msg.type}: {msg.text}"))
    page.on("pageerror", lambda error: page.problems.append(f"script error: {error}"))
    yield page
    context.close()


def violations(page) -> list[str]:
    return page.problems + page.evaluate("window.__violations")


@pytest.mark.browser
@pytest.mark.parametrize("name", PAGES)
def test_every_page_type_runs_under_its_meta_policy_alone(strict_page, plain_host, name):
    path, _services = PAGES[name]
    response = strict_page.goto(plain_host + path, wait_until="networkidle")
    assert "content-security-policy" not in response.headers  # the meta is the only policy
    assert "default-src 'none'" in strict_page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute(
        "content")
    facades = strict_page.locator("a[data-embed-src]")
    while facades.count():  # each click swaps one facade for its player
        facades.first.click()
        strict_page.wait_for_timeout(150)
    strict_page.wait_for_timeout(300)
    assert violations(strict_page) == []


@pytest.mark.browser
def test_unlocking_a_sealed_page_runs_under_its_meta_policy(strict_page, plain_host):
    strict_page.goto(plain_host + "/early/studio-diary/", wait_until="networkidle")
    strict_page.fill("#gate-code", GATE_ENV["STUDIO_DIARY_CODE"])
    strict_page.click("form[data-gate-code] button[type=submit]")
    strict_page.locator("#gate-body a[data-embed-src]").click()
    strict_page.wait_for_selector("#gate-body iframe.embed__frame")
    assert violations(strict_page) == []


@pytest.mark.browser
def test_the_meta_policy_really_refuses_an_inline_script(strict_page, plain_host):
    """The check itself works: with no header at all, the <meta> alone stops a script it does not allow."""
    strict_page.goto(plain_host + "/about/", wait_until="networkidle")
    strict_page.evaluate("""() => { const s = document.createElement('script');
                                    s.textContent = 'window.ran = 1'; document.body.append(s); }""")
    strict_page.wait_for_timeout(200)
    assert any("script-src" in v for v in violations(strict_page))
    assert strict_page.evaluate("window.ran") is None
