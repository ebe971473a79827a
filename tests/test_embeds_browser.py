"""Facades, the Discord card and the newsletter block on a phone: accessible (axe-core, WCAG 2.2 AA) in light
and dark, usable by keyboard, and the same size before and after a click where the player allows it.
"""
from __future__ import annotations

import pytest

from conftest import IN_CI, ROOT, serve_folder
from embeds_site import embeds_site

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
RUN_AXE = """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags},
  resultTypes: ['violations']})).violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"""
PAGES = ["/stories/every-player/", "/releases/youtube-test/", "/releases/apple-test/", "/playlists/video-mix/",
         "/links/", "/"]


@pytest.fixture(scope="module")
def axe_source():
    if AXE.exists():
        return AXE.read_text(encoding="utf-8")
    if IN_CI:
        pytest.fail("CI=true but node_modules/axe-core is missing: run `npm ci`")
    pytest.skip("axe-core is not installed (npm ci)")


@pytest.fixture(scope="module", params=["beehiiv", "endpoint"])
def hub_url(request, tmp_path_factory):
    server = serve_folder(embeds_site(tmp_path_factory, newsletter=request.param))
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize("path", PAGES)
def test_accessible_in_light_and_dark(page, hub_url, axe_source, path):
    page.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
    page.goto(hub_url + path, wait_until="networkidle")
    page.add_script_tag(content=axe_source)
    problems = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        problems += [f"{scheme}: {line}" for line in page.evaluate(RUN_AXE, TAGS)]
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            problems.append(f"{scheme}: scrolls sideways ({width} px)")
    assert problems == []


def test_a_facade_is_one_keyboard_stop_and_enter_plays(page, hub_url):
    page.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
    page.goto(hub_url + "/releases/satellite-summer/", wait_until="networkidle")
    page.focus("a.embed__facade")
    name = page.evaluate("document.activeElement.textContent.replace(/\\s+/g, ' ').trim()")
    assert name == "Play Satellite Summer on Spotify"
    page.keyboard.press("Enter")
    frame = page.wait_for_selector("iframe.embed__frame")
    assert frame.get_attribute("title") == "Spotify player: Satellite Summer"
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"


def test_a_video_keeps_its_shape_when_the_player_arrives(page, hub_url):
    page.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
    page.goto(hub_url + "/releases/youtube-test/", wait_until="networkidle")
    before = page.locator("a.embed__facade").bounding_box()
    page.click("a.embed__facade")
    after = page.wait_for_selector("iframe.embed__frame").bounding_box()
    assert abs(before["height"] - after["height"]) < 2 and abs(before["width"] - after["width"]) < 2
    assert abs(after["width"] / after["height"] - 16 / 9) < 0.02
