"""Host config (hostconfig.py): _headers, netlify.toml and vercel.json with a CSP that allows only what the site uses.

And the theme's side of that bargain: no inline script, event handler, style
attribute or javascript: link anywhere, and under 4 KB of gzipped JavaScript on
any page. The policy is tried in a browser in test_headers_browser.py and graded
by the MDN HTTP Observatory in test_observatory.py.
"""
from __future__ import annotations

import gzip
import json
import re
import tomllib
from pathlib import Path

import pytest

from conftest import ROOT
from embeds_site import HOSTS, embeds_site
from fanzine.outputs import hostconfig

JS_BUDGET = 4096  # bytes of gzipped JavaScript on one page
THEME = ROOT / "themes" / "fanzine"


# --- the policy, from pages ---------------------------------------------------------------------------

def write_pages(folder: Path, pages: dict[str, str]) -> Path:
    for name, html in pages.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(html, encoding="utf-8")
    return folder


def test_the_policy_allows_exactly_the_players_and_forms_found(tmp_path):
    output = write_pages(tmp_path, {
        "a/index.html": '<a href="x" data-embed-src="https://open.spotify.com/embed/album/1" '
                        'data-embed-src-dark="https://open.spotify.com/embed/album/1?theme=0" '
                        'data-embed-allow="autoplay; encrypted-media; clipboard-write">',
        "b/index.html": ('<a href="y" data-embed-src="https://discord.com/widget?id=1&amp;theme=light">'
                         '<form class="signup" action="https://buttondown.com/api/emails/embed-subscribe/x" '
                         'method="post"><form action="/api/unlock" method="post">'),
    })
    found = hostconfig.scan_output(output)
    policy = hostconfig.content_security_policy(found, None, "https://forms.example")
    assert policy["frame-src"] == ["https://discord.com", "https://open.spotify.com"]
    assert policy["form-action"] == ["'self'", "https://buttondown.com"]
    assert policy["connect-src"] == ["'self'", "https://forms.example"]
    assert policy["img-src"] == ["'self'"]
    assert policy["default-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    headers = hostconfig.security_headers(policy, found)
    assert headers["Permissions-Policy"].startswith(
        'autoplay=(self "https://open.spotify.com"), encrypted-media=(self "https://open.spotify.com"), '
        'fullscreen=(self), picture-in-picture=(self), clipboard-write=(self "https://open.spotify.com"), camera=()'
        .replace(", camera=()", ", accelerometer=()"))
    assert "discord.com" not in headers["Permissions-Policy"]  # the widget asks for nothing


def test_no_players_no_frames_and_data_urls_only_when_used(tmp_path):
    output = write_pages(tmp_path, {"index.html": "<p>Hello</p>", "theme/css/x.css": "a{background:url(data:x)}"})
    policy = hostconfig.content_security_policy(hostconfig.scan_output(output), None, None)
    assert policy["frame-src"] == ["'none'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["connect-src"] == ["'self'"]


def test_the_site_s_own_address_is_self(tmp_path):
    output = write_pages(tmp_path, {"index.html": '<form action="https://novalights.example/api/subscribe">'
                                                  '<img src="https://novalights.example/images/a.jpg">'})
    policy = hostconfig.content_security_policy(hostconfig.scan_output(output), "https://novalights.example",
                                                "https://novalights.example")
    assert policy["form-action"] == ["'self'"] and policy["img-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]


def test_the_three_files_say_the_same_thing():
    headers = {"Content-Security-Policy": "default-src 'none'; frame-src https://open.spotify.com",
               "X-Content-Type-Options": "nosniff"}
    assert hostconfig.parse_headers_file(hostconfig.headers_file(headers)) == [("/*", headers)]
    netlify = tomllib.loads(hostconfig.netlify_toml(headers))
    assert netlify == {"headers": [{"for": "/*", "values": headers}]}
    vercel = json.loads(hostconfig.vercel_json(headers))
    assert vercel == {"headers": [{"source": "/(.*)", "headers": [{"key": k, "value": v} for k, v in headers.items()]}]}


# --- on built sites ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hub(tmp_path_factory) -> Path:
    return embeds_site(tmp_path_factory)


def policy_of(output: Path) -> dict[str, list[str]]:
    (_, headers), = hostconfig.parse_headers_file((output / "_headers").read_text(encoding="utf-8"))
    csp = headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in csp.split("; ")}


def hosts_in(output: Path) -> set[str]:
    found = set()
    for page in output.rglob("*.html"):
        for src in re.findall(r'data-embed-src(?:-dark)?="([^"]+)"', page.read_text(encoding="utf-8")):
            found.add("/".join(src.split("/")[:3]))
    return found


@pytest.mark.slow
def test_frame_src_is_exactly_the_hosts_the_hub_can_load(hub):
    policy = policy_of(hub)
    assert set(policy["frame-src"]) == hosts_in(hub) == set(HOSTS.values())
    for directive in policy.values():
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "https:", "http:"} & set(directive)
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]  # the example's endpoint is /api, on the same site


@pytest.mark.slow
def test_the_published_example_hub(site):
    policy = policy_of(site)
    assert set(policy["frame-src"]) == hosts_in(site) == {"https://bandcamp.com", "https://discord.com",
                                                          "https://open.spotify.com",
                                                          "https://www.youtube-nocookie.com"}  # a show's recording
    assert policy["form-action"] == ["'self'", "https://buttondown.com"]
    text = (site / "_headers").read_text(encoding="utf-8")
    for header in ("Strict-Transport-Security: max-age=63072000", "X-Content-Type-Options: nosniff",
                   "Referrer-Policy: strict-origin-when-cross-origin", "Permissions-Policy: autoplay=(self ",
                   "Cross-Origin-Opener-Policy: same-origin", "X-Frame-Options: DENY"):
        assert f"  {header}" in text
    assert tomllib.loads((site / "netlify.toml").read_text(encoding="utf-8"))["headers"][0]["values"][
        "Content-Security-Policy"] == " ".join(text.split("Content-Security-Policy: ")[1].split("\n")[0].split(" "))
    vercel = json.loads((site / "vercel.json").read_text(encoding="utf-8"))
    assert {h["key"] for h in vercel["headers"][0]["headers"]} >= {"Content-Security-Policy",
                                                                  "Strict-Transport-Security"}


# --- CSP-ready: nothing inline, little JavaScript ---------------------------------------------------------

INLINE = [
    (re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*\btype=\"application/(?:ld\+)?json\")[^>]*>", re.I),
     "an inline <script>"),
    (re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I), "an inline event handler (on...=)"),
    (re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"<style\b", re.I), "a <style> element"),
    (re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I), "a javascript: address"),
]


def inline_problems(files) -> list[str]:
    problems = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                problems.append(f"{path}: {what}: {match.group(0)[:80]}")
    return problems


@pytest.mark.slow
def test_no_inline_code_in_any_built_page(site, hub):
    assert inline_problems([*site.rglob("*.html"), *hub.rglob("*.html")]) == []


def test_no_inline_code_in_the_theme():
    assert inline_problems((THEME / "templates").rglob("*.html")) == []


def scripts_of(output: Path, page: Path) -> list[Path]:
    text = page.read_text(encoding="utf-8")
    sources = re.findall(r'<script\b[^>]*\bsrc="([^"]+)"', text)
    assert all(src.startswith(("/", "https://novalights.example/")) for src in sources), sources
    return [output / src.split("novalights.example")[-1].lstrip("/") for src in sources]


@pytest.mark.slow
def test_every_page_carries_under_4_kb_of_gzipped_javascript(site, hub):
    weights = {}
    for output in (site, hub):
        for page in output.rglob("*.html"):
            weights[str(page)] = sum(len(gzip.compress(script.read_bytes(), 9)) for script in scripts_of(output, page))
    heaviest = max(weights, key=weights.get)
    assert weights[heaviest] < JS_BUDGET, f"{heaviest}: {weights[heaviest]} bytes of gzipped JavaScript"


def test_embed_js_alone_is_small():
    size = len(gzip.compress((THEME / "static" / "js" / "embed.js").read_bytes(), 9))
    # leaves gate.js (early pages) and inapp.js (link pages) room under 4 KB
    assert size < 1300, f"embed.js: {size} bytes gzipped"
