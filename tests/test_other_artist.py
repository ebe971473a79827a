"""A hub for an artist who is not the example band: another name, colour, timezone and language; no Discord,
no newsletter, no form endpoint, nothing upcoming, no playlists, one link page (tests/sites/taina-rocha)."""
from __future__ import annotations

import re

import pytest

from conftest import SITES, fanzine
from support.audit import site_check

SITEURL = "https://tainarocha.example"
CONTENT = SITES / "taina-rocha"


@pytest.fixture(scope="module")
def hub(taina_site):
    return taina_site  # built once for the session (conftest.py), shared with the golden snapshot


def read(output, path: str) -> str:
    return (output / path).read_text(encoding="utf-8")


def test_the_content_check_is_clean_for_publishing(tmp_path):
    result = fanzine("check", "--publish", "--content", str(CONTENT), cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "All good: artist.yml and 4 content files checked.\n"


def test_every_page_is_built_and_speaks_portuguese(hub):
    pages = sorted(p.relative_to(hub).as_posix() for p in hub.rglob("*.html"))
    assert pages == ["404.html", "events/index.html", "go/mare-baixa/index.html", "go/sal/index.html", "index.html",
                     "links/index.html", "playlists/curators/index.html", "playlists/index.html", "privacy/index.html",
                     "releases/index.html", "releases/mare-baixa/index.html", "releases/sal/index.html",
                     "stories/gravando-no-quarto-dos-fundos/index.html", "stories/index.html",
                     "stories/tags/gravacao/index.html"]
    for path in pages:
        assert read(hub, path).startswith('<!doctype html>\n<html lang="pt-BR">'), path
        assert "Nova Lights" not in read(hub, path)


def test_the_nav_lists_music_stories_and_links_but_no_playlists(hub):
    nav = re.search(r'<nav class="site-nav".*?</nav>', read(hub, "index.html"), re.S).group(0)
    assert re.findall(r'href="([^"]+)">([^<]+)<', nav) == [
        (f"{SITEURL}/releases/", "Music"), (f"{SITEURL}/stories/", "Stories"), (f"{SITEURL}/links/", "Links")]


def test_the_empty_playlists_section_reads_as_deliberate(hub):
    html = read(hub, "playlists/index.html")
    assert '<p class="empty">No playlists yet.</p>' in html
    assert "Meet the curators" not in html and "Add your playlist" not in html
    assert not (hub / "feeds" / "playlists.atom.xml").exists() and "playlists.atom.xml" not in html


def test_no_discord_newsletter_or_form_anywhere(hub):
    for path in hub.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "<form" not in html and "discord" not in html.lower() and "newsletter" not in html.lower(), path


def test_the_link_page_shows_the_latest_release_and_its_four_links_in_the_artist_s_colour(hub):
    html = read(hub, "links/index.html")
    # "Ouça Maré Baixa" goes to the smart link the featured card already leads to: shown once, in the card
    assert re.findall(r'class="link-button[^"]*" href="([^"]+)"', html) == [
        "https://www.sympla.com.br/evento/taina-rocha-gamboa/2210334",
        "https://www.youtube.com/watch?v=Rv7mK2pX9aQ", "mailto:contato@tainarocha.com.br"]
    assert 'class="feature' in html and "Maré Baixa" in html
    assert f'<a class="feature__action" href="{SITEURL}/go/mare-baixa/">Listen' in html
    css = read(hub, "theme/css/fanzine-links.css")
    assert css.startswith('@font-face{font-family:"Fraunces"') and "--accent:#2a7f62;" in css  # indie-folk, her green
    assert "#cc1f63" not in css  # not the example's pink


def test_dates_are_read_in_sao_paulo_time(hub):
    assert "<published>2025-10-02T19:30:00-03:00</published>" in read(hub, "feeds/stories.atom.xml")
    release = read(hub, "releases/mare-baixa/index.html")
    assert 'Released <time datetime="2025-09-12">12 September 2025</time>' in release
    assert "countdown" not in release and "Pre-save" not in release  # nothing upcoming


def test_the_deploy_s_site_check_passes():
    result = site_check(CONTENT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Audit passed: links, Nu HTML, axe, feeds, JSON-LD all clean." in result.stdout
