"""A hub just started with `make start`: every page reads as deliberate and nothing leads to a 404.

The proof is the deploy's own check (`make site-check`: links, Nu HTML, axe at
390 and 1280 px in light and dark) run on the fresh hub, plus what each page says.
"""
from __future__ import annotations

import re
import shutil

import pytest

from conftest import AS_OF, EXAMPLE, copy_project, fanzine
from support.audit import site_check

SITEURL = "https://glassharbour.example"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A copy of the template after `fanzine start "Glass Harbour"`, built for production."""
    project = copy_project(tmp_path_factory.mktemp("fresh"))
    shutil.copytree(EXAMPLE, project / "examples" / "nova-lights")
    fanzine("start", "Glass Harbour", cwd=project, env={"TZ": "UTC"}, check=True)
    fanzine("build", "--publish", "--as-of", AS_OF, cwd=project, env={"SITEURL": SITEURL}, check=True)
    return project


def page(project, path: str) -> str:
    return (project / "output" / path).read_text(encoding="utf-8")


def hrefs(html: str) -> list[str]:
    return re.findall(r'<a [^>]*href="([^"]+)"', html)


def test_only_what_exists_is_built_and_checked_clean(fresh):
    built = sorted(p.relative_to(fresh / "output").as_posix() for p in (fresh / "output").rglob("*.html"))
    assert built == ["404.html", "events/index.html", "index.html", "links/index.html", "playlists/curators/index.html",
                     "playlists/index.html", "privacy/index.html", "releases/index.html", "stories/index.html"]
    result = fanzine("check", "--publish", cwd=fresh)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "All good: artist.yml and 1 content file checked.\n"


@pytest.mark.parametrize("path", ["index.html", "releases/index.html", "stories/index.html", "playlists/index.html",
                                  "playlists/curators/index.html", "events/index.html", "404.html"])
def test_the_nav_leads_only_to_sections_with_something_in_them(fresh, path):
    nav = re.search(r'<nav class="site-nav".*?</nav>', page(fresh, path), re.S).group(0)
    assert hrefs(nav) == []  # nothing yet: no Music, Stories, Playlists or Links leading to an empty page


@pytest.mark.parametrize("path, says", [
    ("index.html", "Welcome! New music, stories and playlists from Glass Harbour will be here soon."),
    ("releases/index.html", "Nothing released here yet: the first release by Glass Harbour will be on this page."),
    ("stories/index.html", "No stories yet: the first one from Glass Harbour will be on this page."),
    ("playlists/index.html", "No playlists yet."),
    ("playlists/curators/index.html", "No playlists yet."),
    ("links/index.html", "More links soon."),
    ("events/index.html", "Nothing planned right now. Subscribe to the calendar and new dates appear in yours."),
])
def test_every_empty_page_says_so_for_fans(fresh, path, says):
    assert says in page(fresh, path)


def test_no_link_anywhere_leads_to_a_missing_page_or_feed(fresh):
    output = fresh / "output"
    for html in output.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        for url in re.findall(r'(?:href|src)="([^"#]+)', text):
            if url.startswith(SITEURL):
                target = output / url.removeprefix(SITEURL).lstrip("/")
                assert (target / "index.html").is_file() or target.is_file(), (html, url)
    assert "All links" not in page(fresh, "index.html")  # the link page has nothing on it yet
    assert "Add your playlist" not in page(fresh, "playlists/index.html")  # nowhere to send fans (no git remote)


def test_the_deploy_s_site_check_passes_on_the_fresh_hub(fresh):
    """390 and 1280 px, light and dark, every page: no broken link, no invalid HTML, no axe violation."""
    result = site_check(fresh / "content")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Audit passed: links, Nu HTML, axe, feeds, JSON-LD all clean." in result.stdout
