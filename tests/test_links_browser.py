"""Link pages in Chromium: the in-app browser hint, requests on load, the card's tap target, the SVG QR code."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from conftest import serve_folder
from support.browser import IN_APP
from support.qr import decode_qr

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
ORDINARY = {
    "chrome-android": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                      "Chrome/127.0.6533.103 Mobile Safari/537.36",
    "safari-ios": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                  "Version/17.5 Mobile/15E148 Safari/604.1",
    "firefox-desktop": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
}


@pytest.fixture
def phone(browser):
    """A new phone-sized browser context with a given user agent (and the clipboard allowed)."""
    contexts = []

    def open_with(user_agent: str):
        context = browser.new_context(viewport=PHONE, user_agent=user_agent, bypass_csp=True)
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        contexts.append(context)
        return context.new_page()

    yield open_with
    for context in contexts:
        context.close()


@pytest.mark.parametrize("path", ["/links/", "/links/tour/", "/"])
@pytest.mark.parametrize("name", list(IN_APP))
def test_in_app_browsers_get_the_open_in_your_browser_hint(phone, site_url, name, path):
    app, user_agent = IN_APP[name]
    page = phone(user_agent)
    page.goto(site_url + path, wait_until="load")
    hint = page.locator("#inapp")
    assert hint.is_visible()
    assert hint.locator(".inapp__text").first.inner_text() == f"In {app}? Pre-save in your browser."
    opener = hint.get_by_role("link", name="Open in browser")
    copier = hint.get_by_role("button", name="Copy link")
    if "android" in name:  # Android hands the page to the default browser through an intent: link
        assert opener.is_visible() and not copier.is_visible()
        address = urlsplit(site_url)
        assert opener.get_attribute("href") == f"intent://{address.netloc}{path}#Intent;scheme=http;end"
    else:  # iOS has no such link: the address is copied to paste into Safari
        assert copier.is_visible() and not opener.is_visible()


@pytest.mark.parametrize("name", ["instagram-ios", "tiktok-ios"])
def test_the_copy_button_copies_the_page_address(phone, site_url, name):
    page = phone(IN_APP[name][1])
    page.goto(site_url + "/links/tour/?utm_source=qr", wait_until="load")
    page.get_by_role("button", name="Copy link").click()
    page.wait_for_function("document.querySelector('#inapp [role=status]').textContent !== ''")
    assert page.locator("#inapp [role=status]").inner_text() == "Link copied. Paste it into your browser."
    assert page.evaluate("navigator.clipboard.readText()") == site_url + "/links/tour/?utm_source=qr"


def test_without_the_clipboard_api_the_copy_falls_back(phone, site_url):
    page = phone(IN_APP["facebook-ios"][1])
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.goto(site_url + "/links/", wait_until="load")
    page.get_by_role("button", name="Copy link").click()
    status = page.locator("#inapp [role=status]")
    page.wait_for_function("document.querySelector('#inapp [role=status]').textContent !== ''")
    # copied the old way, or at least shown so a long press can copy it
    assert status.inner_text() in ("Link copied. Paste it into your browser.", site_url + "/links/")


@pytest.mark.parametrize("path", ["/links/", "/"])
@pytest.mark.parametrize("name", list(ORDINARY))
def test_ordinary_browsers_never_see_the_hint(phone, site_url, name, path):
    page = phone(ORDINARY[name])
    page.goto(site_url + path, wait_until="load")
    page.wait_for_load_state("networkidle")  # the deferred script has run
    assert page.locator("#inapp").count() == 1
    assert not page.locator("#inapp").is_visible()
    assert page.locator("#inapp").bounding_box() is None  # takes no space at all


@pytest.mark.parametrize("path", ["/links/", "/links/tour/", "/"])
def test_nothing_loads_from_another_host_and_fonts_come_from_the_site(phone, site_url, path):
    page = phone(ORDINARY["chrome-android"])
    requests = []
    page.on("request", lambda request: requests.append((request.resource_type, request.url)))
    page.goto(site_url + path, wait_until="load")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy pictures below the fold too
    page.wait_for_load_state("networkidle")
    listing = "\n  ".join(f"{kind:<11} {url}" for kind, url in requests)
    assert requests, "no request recorded"
    assert all(urlsplit(url).hostname == "127.0.0.1" for _kind, url in requests), f"every request:\n  {listing}"
    fonts = [url for kind, url in requests if kind == "font"]
    assert fonts and all("/theme/fonts/" in url for url in fonts), f"every request:\n  {listing}"
    # the theme's two fonts (synthwave: Orbitron, Space Grotesk), loaded from the site, and nothing else
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family).sort()")
    assert [name.strip('"') for name in loaded] == ["Orbitron", "Space Grotesk"]


def test_the_whole_release_card_is_one_tap_target(phone, site_url):
    page = phone(ORDINARY["chrome-android"])
    page.goto(site_url + "/links/", wait_until="load")
    box = page.locator(".feature__cover").first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # a thumb on the cover
    page.wait_for_url("**/go/night-drive/")


def test_the_svg_qr_code_renders_to_a_code_a_phone_reads(site, phone, tmp_path):
    server = serve_folder(site)
    try:
        page = phone(ORDINARY["chrome-android"])
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/links/tour/qr.svg", wait_until="load")
        page.locator("svg").screenshot(path=str(tmp_path / "qr.png"))
    finally:
        server.shutdown()
    assert decode_qr(tmp_path / "qr.png") == \
        "https://novalights.example/links/tour/?utm_source=tiktok&utm_medium=social&utm_campaign=winter-shows"
