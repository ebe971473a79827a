"""A fan's visit is private until they click: every page type, with every kind of embed, in Chromium.

Every request the browser makes is recorded; nothing may leave 127.0.0.1
while a page loads, and clicking a player, the Discord widget or a signup
iframe may contact that one service and no other. Requests that would leave
the machine are answered by an abort, so the tests never touch the internet.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from conftest import GATE_ENV, serve_folder
from embeds_site import HOSTS, PAGES, embeds_site

pytestmark = pytest.mark.browser

SERVICE_OF = {host: service for service, host in HOSTS.items()}
FACADES = "a[data-embed-src]"


@pytest.fixture(scope="module")
def hub_url(tmp_path_factory):
    server = serve_folder(embeds_site(tmp_path_factory))
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme not in ("http", "https", "ws", "wss") or parts.hostname == "127.0.0.1"


@pytest.fixture
def recorded(context) -> list[str]:
    """Every request of this browser context (pages, frames, workers); leaving ones are aborted."""
    urls: list[str] = []

    def handle(route):
        urls.append(route.request.url)
        if is_local(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.route("**/*", handle)
    return urls


def leaving(urls: list[str]) -> list[str]:
    return [url for url in urls if not is_local(url)]


def click_and_wait(page, recorded: list[str], facade) -> str:
    """Click one facade; wait for its iframe and its first request; return the origin it loads from."""
    expected = origin(facade.get_attribute("data-embed-src"))
    before = len(recorded)
    facade.click()
    page.wait_for_selector("iframe.embed__frame")
    for _ in range(50):
        if any(origin(url) == expected for url in recorded[before:]):
            break
        page.wait_for_timeout(100)
    return expected


@pytest.mark.parametrize("name", PAGES)
def test_nothing_leaves_before_a_click(page, hub_url, recorded, name):
    path, services = PAGES[name]
    page.goto(hub_url + path, wait_until="networkidle")
    page.mouse.move(200, 400)  # hovering is not asking
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(300)
    assert leaving(recorded) == []
    found = {SERVICE_OF[origin(a.get_attribute("data-embed-src"))] for a in page.locator(FACADES).all()}
    assert found == services


@pytest.mark.parametrize("name", [name for name, (_, services) in PAGES.items() if services])
def test_a_click_contacts_only_the_chosen_service(page, hub_url, recorded, name):
    path, _ = PAGES[name]
    page.goto(hub_url + path, wait_until="networkidle")
    count = page.locator(FACADES).count()
    for index in range(count):
        page.goto(hub_url + path, wait_until="load")
        recorded.clear()
        facade = page.locator(FACADES).nth(index)
        height, title = facade.get_attribute("data-embed-height"), facade.get_attribute("data-embed-title")
        expected = click_and_wait(page, recorded, facade)
        contacted = {origin(url) for url in leaving(recorded)}
        assert contacted == {expected}, f"facade {index + 1} of {name}"
        frame = page.locator("iframe.embed__frame")
        assert frame.count() == 1
        assert frame.get_attribute("title") == title
        assert frame.get_attribute("height") == height
        assert page.evaluate("document.activeElement.tagName") == "IFRAME"


def test_a_player_inside_an_early_access_page_waits_for_its_click_too(page, hub_url, recorded):
    page.goto(hub_url + "/early/studio-diary/", wait_until="networkidle")
    page.fill("#gate-code", GATE_ENV["STUDIO_DIARY_CODE"])
    page.click("form[data-gate-code] button[type=submit]")
    facade = page.locator(f"#gate-body {FACADES}")
    facade.wait_for()
    assert leaving(recorded) == []
    recorded.clear()
    expected = click_and_wait(page, recorded, facade)
    assert expected == HOSTS["soundcloud"]
    assert {origin(url) for url in leaving(recorded)} == {expected}


def test_dark_mode_asks_for_the_dark_player(browser, hub_url):
    context = browser.new_context(color_scheme="dark", viewport={"width": 390, "height": 844})
    urls: list[str] = []
    context.route("**/*", lambda route: (urls.append(route.request.url),
                                         route.continue_() if is_local(route.request.url) else route.abort()))
    page = context.new_page()
    page.goto(hub_url + "/releases/glasshouse-hours/", wait_until="networkidle")
    page.click(FACADES)
    page.wait_for_selector("iframe.embed__frame")
    assert "bgcol=333333" in page.get_attribute("iframe.embed__frame", "src")
    context.close()


def test_without_javascript_a_facade_is_a_link_to_the_service(browser, hub_url):
    context = browser.new_context(java_script_enabled=False)
    urls: list[str] = []
    context.route("**/*", lambda route: (urls.append(route.request.url),
                                         route.continue_() if is_local(route.request.url) else route.abort()))
    page = context.new_page()
    page.goto(hub_url + "/releases/satellite-summer/", wait_until="networkidle")
    assert leaving(urls) == []
    href = page.get_attribute(FACADES, "href")
    with page.expect_request(lambda request: request.url.startswith(href)):
        page.click(FACADES, no_wait_after=True)
    assert page.locator("iframe").count() == 0
    assert {origin(url) for url in leaving(urls)} == {"https://open.spotify.com"}
    context.close()
