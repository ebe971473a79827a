"""A fan's playlist full of known XSS vectors: built, then opened in Chromium, and nothing runs.

The vectors (tests/xss_vectors.py) go into the Markdown body and into every
front-matter string a fan controls: the title, summary, curator name, cover
text, tags and each track's artist, title and note. The page, its JSON-LD,
the XSPF export and the feeds are then checked as text, and the page is
opened in Chromium and poked (hover, focus, pointer and click events on every
element), proving no dialog opens, no MARKER reaches the console and no
request goes to ATTACKER. A control page with one unsanitised vector proves
the harness would notice.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import AS_OF, ROOT, copy_project, fanzine, serve_folder
from support.attack import attack_report
from support.html import elements
from support.html import problems as html_problems
from support.theme import pelican_environment
from xss_vectors import ATTACKER, BODY_VECTORS, MARKER, SHORT_VECTORS, SLUG, URL_VECTORS, evil_playlist


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory):
    """The example hub plus the evil playlist, published for the address it is served on."""
    project = copy_project(tmp_path_factory.mktemp("xss"))
    (project / "content/playlists" / f"{SLUG}.md").write_text(evil_playlist(), encoding="utf-8")
    output = project / "served"
    output.mkdir()
    server = serve_folder(output)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    fanzine("build", "--publish", "--as-of", AS_OF, "--output", str(output), cwd=project, check=True,
            env={"SITEURL": url})
    yield output, url
    server.shutdown()


def page_problems(html: str, site: str) -> list[str]:
    found = []
    for tag, attrs in elements(html):
        for name, value in attrs.items():
            if name.startswith("on") or (name == "style" and tag != "html"):
                found.append(f"{tag} {name}={value}")
            if re.match(r"(javascript|data|vbscript):", re.sub(r"[\x00-\x20]", "", value).lower()):
                found.append(f"{tag} {name}={value}")
            if ATTACKER in value and not (tag == "a" and name == "href"):
                found.append(f"{tag} {name}={value}")
        if tag == "script" and attrs.get("type") != "application/ld+json" and \
                not attrs.get("src", "").startswith(f"{site}/theme/"):
            found.append(f"script {attrs}")
        if tag in ("iframe", "object", "embed", "base", "math", "style") or \
                (tag == "meta" and "http-equiv" in attrs and attrs["http-equiv"] != "Content-Security-Policy"):
            found.append(f"<{tag}>")
    # the build's own policy (hostconfig.py), once; a fan's http-equiv of any kind is caught above or here
    policies = [attrs for tag, attrs in elements(html) if tag == "meta" and "http-equiv" in attrs]
    if len(policies) != 1 or not policies[0].get("content", "").startswith("default-src 'none';"):
        found.append(f"CSP <meta>: {policies}")
    return found


def test_the_playlist_carries_every_vector():
    text = evil_playlist()
    assert len(BODY_VECTORS) >= 50
    assert text.count("alert(") > 100


def test_the_page_holds_no_live_markup(evil_site):
    output, _url = evil_site
    html = (output / "playlists" / SLUG / "index.html").read_text(encoding="utf-8")
    # what the fan wrote: the curator's words and the track list, as fragments
    words = html[html.index('<section class="playlist__words"'):html.index('<section class="playlist__tracks"')]
    tracks = html[html.index('<section class="playlist__tracks"'):html.index('<footer class="playlist__footer"')]
    assert html_problems(words) == []
    assert html_problems(tracks) == []
    # the whole page: no handler, no code URL, no script but the theme's own and JSON-LD
    assert page_problems(html, _url) == []
    # front-matter strings are escaped, not interpreted
    assert "&lt;/title&gt;&lt;script&gt;alert(107)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html
    assert 'rel="nofollow ugc noopener"' in html


def test_json_ld_stays_data(evil_site):
    output, _url = evil_site
    html = (output / "playlists" / SLUG / "index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert blocks, "the playlist page carries JSON-LD"
    for block in blocks:
        data = json.loads(block)  # closes nowhere early: every "</" is escaped
        if data.get("@type") == "MusicPlaylist":
            assert data["name"] == SHORT_VECTORS[7]
            assert data["numTracks"] == len(BODY_VECTORS) + len(SHORT_VECTORS)


def test_xspf_and_feeds_carry_the_vectors_as_text(evil_site):
    output, _url = evil_site
    from xml.etree import ElementTree

    xspf = ElementTree.parse(output / "playlists" / f"{SLUG}.xspf")
    titles = [e.text for e in xspf.iter("{http://xspf.org/ns/0/}title")]
    assert SHORT_VECTORS[7] in titles  # text in XML, escaped on the way out
    for feed in ("all", "playlists"):
        root = ElementTree.parse(output / "feeds" / f"{feed}.atom.xml").getroot()
        for content in root.iter("{http://www.w3.org/2005/Atom}content"):
            assert html_problems(content.text or "") == []


def test_a_url_key_refuses_code(tmp_path):
    content = tmp_path / "content"
    (content / "playlists").mkdir(parents=True)
    (content / "artist.yml").write_text("name: Nova Lights\n")
    for number, url in enumerate(URL_VECTORS, 1):
        (content / "playlists" / f"bad-{number}.md").write_text("---\n" + yaml.safe_dump({
            "title": "Bad link", "curator": "fan", "date": "2026-11-20",
            "tracks": [{"artist": "A", "title": "B", "url": url}],
        }) + "---\n", encoding="utf-8")
    result = fanzine("check", "--content", "content", cwd=tmp_path)
    assert result.returncode == 1
    for number in range(1, len(URL_VECTORS) + 1):
        assert f"content/playlists/bad-{number}.md: tracks[1].url: " in result.stderr
    assert f"{len(URL_VECTORS)} problems found" in result.stderr


# --- in Chromium ---------------------------------------------------------------------------------

@pytest.mark.browser
def test_nothing_runs_in_chromium(page, evil_site):
    _output, url = evil_site
    ran = attack_report(page, f"{url}/playlists/{SLUG}/")
    assert ran == [], "\n".join(ran)
    assert page.locator(".tracks__track").count() == len(BODY_VECTORS) + len(SHORT_VECTORS)


@pytest.mark.browser
def test_the_harness_notices_an_unsanitised_vector(page, evil_site):
    output, url = evil_site
    control = Path(output) / "control.html"
    control.write_text(f"<!doctype html><title>control</title><p>x</p><img src=x onerror=alert(1)>"
                       f"<img src=//{ATTACKER}/p.gif><script>console.log('{MARKER}')</script>")
    ran = attack_report(page, f"{url}/control.html")
    assert any(r.startswith("dialog") for r in ran)
    assert any(r.startswith("console") for r in ran)
    assert any(r.startswith("request") for r in ran)


def test_every_template_autoescapes():
    """Pelican's Jinja environment does not escape by default; Fanzine's declared settings switch it on."""
    from pelican.settings import read_settings

    from fanzine.content.bodies import untrusted_folders
    from fanzine.pipeline.settings import apply

    for conf in ("pelicanconf.py", "publishconf.py"):
        settings = apply(read_settings(str(ROOT / conf)))  # as the plugin applies them when Pelican starts
        assert settings["JINJA_ENVIRONMENT"]["autoescape"] is True, conf
        assert untrusted_folders(settings) == ("playlists", "fans")
    assert pelican_environment().from_string("{{ text }}").render(text="<script>") == "&lt;script&gt;"
