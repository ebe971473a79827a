"""Chromium on a phone, as the browser tests use it: the pages of the example hub, what a fan would trip over
(errors, failed or third-party requests, broken pictures, sideways scrolling) and axe-core's violations."""
from __future__ import annotations

from urllib.parse import urlsplit

from conftest import ROOT

PHONE = {"width": 390, "height": 844}
SCHEMES = ["light", "dark"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

PAGES = [
    "/",
    "/releases/",
    "/releases/night-drive/",        # upcoming on the example hub's "today"
    "/releases/glasshouse-hours/",   # out
    "/stories/",
    "/stories/two-synth-rule/",
    "/stories/tags/gear/",
    "/playlists/",
    "/playlists/last-train-home/",
    "/links/",
    "/links/tour/",                  # built from { block: events }
    "/events/",
    "/events/night-drive-listening-party/",  # online, with the RSVP form
    "/events/london-glasshouse/",    # sold out
    "/events/sheffield-sodium-room/",  # past, with a recording
    "/about/",
    "/early/night-drive-demos/",     # sealed, opened by signing up
    "/early/studio-diary/",          # sealed, opened with a code
    "/go/night-drive/",              # smart link, pre-save while upcoming
    "/privacy/",                     # what the site counts (stats: off on the example)
    "/404.html",
]

# Lazy pictures below the fold never load in a check that does not scroll:
# load each one now and name those that cannot be decoded.
LOAD_EVERY_PICTURE = """async () => {
  const broken = await Promise.all([...document.images].map(img => {
    img.loading = 'eager';
    return img.decode().then(() => null, () => img.currentSrc || img.src);
  }));
  return broken.filter(Boolean);
}"""

# The outermost elements that stick out past the right edge: where the overflow starts.
OVERFLOWING = """(limit) => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > limit
          && el.parentElement.getBoundingClientRect().right <= limit)
  .slice(0, 5)
  .map(el => el.tagName.toLowerCase() + [...el.classList].map(c => '.' + c).join(''))"""

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary || ''})),
  }));
}"""


def watch(page) -> list[str]:
    """The list that collects every console error, script error and bad request from now on."""
    problems: list[str] = []

    def on_request(request):
        url = urlsplit(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname != "127.0.0.1":
            problems.append(f"request leaves 127.0.0.1: {request.url}")

    def on_console(msg):
        # "Failed to load resource" names no URL; the response and requestfailed listeners do
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            problems.append(f"console error: {msg.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("request", on_request)
    def on_failed(request):
        # The browser itself drops a fetch it no longer needs: a resize picks another srcset size while the
        # first is loading. A picture that cannot load is caught by LOAD_EVERY_PICTURE and the response check.
        if request.failure != "net::ERR_ABORTED":
            problems.append(f"request failed: {request.url} ({request.failure})")

    page.on("requestfailed", on_failed)
    page.on("response", lambda response: response.status >= 400
            and problems.append(f"HTTP {response.status}: {response.url}"))
    return problems


def axe_report(page, scheme: str) -> list[str]:
    """axe-core's violations on the page as it looks now, one readable line per rule and element."""
    lines = []
    for violation in page.evaluate(RUN_AXE, AXE_TAGS):
        lines.append(f"{scheme}: axe {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            summary = " ".join(node["summary"].split())
            lines.append(f"    {node['target']}" + (f" — {summary}" if summary else ""))
    return lines


def phone_problems(page, url: str, axe: str | None) -> list[str]:
    """Everything a fan on a phone would trip over, light and dark: errors, failed requests, pictures
    that don't load, sideways scrolling and axe violations. Shared by the per-feature browser tests."""
    problems = watch(page)
    page.set_viewport_size(PHONE)
    page.emulate_media(color_scheme=SCHEMES[0])
    page.goto(url, wait_until="load")
    problems += [f"picture does not load: {src}" for src in page.evaluate(LOAD_EVERY_PICTURE)]
    if axe:
        page.add_script_tag(content=axe)
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            culprits = ", ".join(page.evaluate(OVERFLOWING, PHONE["width"]))
            problems.append(f"{scheme}: scrolls sideways ({width} px wide at {PHONE['width']} px), from {culprits}")
        if axe:
            problems += axe_report(page, scheme)
    return problems


# What these apps' own browsers say they are (iOS and Android), and ordinary browsers for contrast.
IN_APP = {
    "instagram-ios": ("Instagram", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
                                   "(KHTML, like Gecko) Mobile/15E148 Instagram 337.0.3.23.54 (iPhone14,5; iOS 17_5; "
                                   "en_GB; en-GB; scale=3.00; 1170x2532; 614183151)"),
    "instagram-android": ("Instagram", "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240805.005; wv) "
                                       "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/127.0.6533.103 "
                                       "Mobile Safari/537.36 Instagram 343.0.0.33.101 Android (34/14; 420dpi; "
                                       "1080x2400; Google/google; Pixel 8; shiba; shiba; en_GB; 629308123)"),
    "tiktok-ios": ("TikTok", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
                             "like Gecko) Mobile/15E148 musical_ly_35.6.0 JsSdk/2.0 NetType/WIFI Channel/App Store "
                             "ByteLocale/en Region/GB ByteFullLocale/en-GB isDarkMode/1 WKWebView/1 "
                             "BytedanceWebview/d8a21c6"),
    "tiktok-android": ("TikTok", "Mozilla/5.0 (Linux; Android 13; SM-S911B Build/TP1A.220624.014; wv) "
                                 "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0.6478.134 Mobile "
                                 "Safari/537.36 trill_350503 JsSdk/1.0 NetType/WIFI Channel/googleplay "
                                 "AppName/musical_ly app_version/35.5.3 ByteLocale/en ByteFullLocale/en-GB "
                                 "Region/GB BytedanceWebview/d8a21c6"),
    "facebook-ios": ("Facebook", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
                                 "(KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/473.0.0.35.109;FBBV/625035826;"
                                 "FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.5;FBSS/3;FBID/phone;FBLC/en_GB;FBOP/5]"),
    "facebook-android": ("Facebook", "Mozilla/5.0 (Linux; Android 14; Pixel 7 Build/AP2A.240805.005; wv) "
                                     "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/127.0.6533.103 Mobile "
                                     "Safari/537.36 [FB_IAB/FB4A;FBAV/476.0.0.49.74;]"),
}
