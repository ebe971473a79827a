"""sitemap.xml, robots.txt and _redirects, as DESIGN.md lists them, checked against their rules.

The sitemap follows https://www.sitemaps.org/protocol.html: a UTF-8 urlset in
the sitemaps.org namespace, one <url> per page with an absolute <loc> (at most
2,048 characters, under the site's address) and an optional W3C-date <lastmod>,
at most 50,000 URLs and 50 MB. Every public page is listed and exists in
output/; gated, hidden and draft pages, smart links, the not-found page and the
forwarding pages of moved addresses are not.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from lxml import etree

from fixture_sites import AS_OF, SITEURL, build, make_project

pytestmark = pytest.mark.slow

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
REDIRECTS = """\
redirects:
  /releases/tape-1/: /releases/tape-one/
  /press-kit/: https://press.example/ada-quarry
"""
FILES = {
    "pages/about.md": "---\ntitle: About\n---\nWho we are.\n",
    "pages/backstage.md": "---\ntitle: Backstage\nstatus: hidden\n---\nHIDDEN-PAGE-SENTINEL\n",
    "pages/next.md": "---\ntitle: Next\nstatus: draft\n---\nDRAFT-SENTINEL\n",
    "pages/members.md": "---\ntitle: Members\naccess: { mode: signup }\n---\nGATED-SENTINEL\n",
    "stories/quarry.md": "---\ntitle: Quarry\ndate: 2025-04-01\nmodified: 2025-05-02\ntags: [tape, field recording]\n"
                         "---\nWind.\n",
    "stories/secret.md": "---\ntitle: Secret\ndate: 2025-04-02\nstatus: hidden\n---\nx\n",
    "stories/soon.md": "---\ntitle: Soon\ndate: 2025-04-03\naccess: { mode: signup }\n---\nx\n",
    "releases/tape-two.md": "---\ntitle: Tape Two\ntype: single\nrelease_date: 2025-09-01\n---\nUpcoming.\n",
    "releases/b-sides.md": "---\ntitle: B-sides\ntype: ep\nrelease_date: 2025-02-01\nstatus: hidden\n---\nx\n",
    "playlists/night-bus.md": "---\ntitle: Night bus\ncurator: fan\ndate: 2025-05-10\ntracks:\n"
                              "  - { artist: Ada Quarry, title: Tape One }\n---\nFor the ride.\n",
    "links/tour.md": "---\ntitle: Tour\nlinks:\n  - { label: Tickets, url: https://tickets.example/ada }\n---\n",
    "early/demos.md": "---\ntitle: Demos\naccess: { mode: signup }\n---\nx\n",
}
EXPECTED = {
    "": "2025-06-01", "about/": None, "events/": None, "links/": AS_OF, "links/tour/": AS_OF,
    "playlists/": "2025-05-10", "playlists/curators/": "2025-05-10", "playlists/night-bus/": "2025-05-10",
    "releases/": "2025-06-01", "releases/tape-one/": "2025-03-01", "releases/tape-two/": "2025-06-01",
    "stories/": "2025-05-02", "stories/hello/": "2025-03-02", "stories/quarry/": "2025-05-02",
    "stories/tags/field-recording/": "2025-05-02", "stories/tags/tape/": "2025-05-02",
}


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    from fixture_sites import ARTIST

    project = make_project(tmp_path_factory.mktemp("sitemap"), FILES, artist=ARTIST + REDIRECTS)
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project / "output"


def output_file(output: Path, loc: str) -> Path:
    path = loc.removeprefix(SITEURL + "/")
    return output / (path + "index.html" if path.endswith("/") or path == "" else path)


def test_sitemap_follows_the_sitemaps_org_rules(output):
    data = (output / "sitemap.xml").read_bytes()
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>") and len(data) < 50 * 1024 * 1024
    root = etree.fromstring(data)
    assert root.tag == f"{{{NS}}}urlset" and root.nsmap == {None: NS}
    locs = []
    for url in root:
        assert url.tag == f"{{{NS}}}url"
        children = [child.tag for child in url]
        assert children in ([f"{{{NS}}}loc"], [f"{{{NS}}}loc", f"{{{NS}}}lastmod"])
        loc = url.findtext(f"{{{NS}}}loc")
        assert loc.startswith(SITEURL + "/") and len(loc) <= 2048 and re.fullmatch(r"https://[^\s<>&\"']+", loc)
        assert output_file(output, loc).is_file(), f"{loc} is not in output/"
        lastmod = url.findtext(f"{{{NS}}}lastmod")
        if lastmod is not None:
            assert dt.date.fromisoformat(lastmod) <= dt.date.fromisoformat(AS_OF)
        locs.append(loc)
    assert len(locs) == len(set(locs)) and 0 < len(locs) <= 50_000


def test_sitemap_lists_every_public_page_and_nothing_else(output):
    root = etree.parse(str(output / "sitemap.xml")).getroot()
    listed = {url.findtext(f"{{{NS}}}loc").removeprefix(SITEURL + "/"): url.findtext(f"{{{NS}}}lastmod")
              for url in root}
    assert listed == EXPECTED
    pages = {str(path.relative_to(output)) for path in output.rglob("*.html")}
    in_sitemap = {str(output_file(output, SITEURL + "/" + loc).relative_to(output)) for loc in listed}
    assert pages - in_sitemap == {
        "404.html", "early/demos/index.html", "early/members/index.html", "early/soon/index.html",  # gated
        "backstage/index.html", "stories/secret/index.html", "releases/b-sides/index.html",  # hidden
        "go/tape-one/index.html", "go/tape-two/index.html", "go/b-sides/index.html",  # smart links
        "releases/tape-1/index.html", "press-kit/index.html",  # forwarding pages of moved addresses
        "privacy/index.html",  # what the site counts: for fans who look, not for search results
    }
    text = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert not any(word in text for word in ("early", "members", "secret", "b-sides", "backstage", "next", "go/"))


def test_robots_txt_lets_crawlers_in_and_names_the_sitemap(output):
    assert (output / "robots.txt").read_text(encoding="utf-8") == (
        "# Written by `fanzine build` (plugins/fanzine/outputs/sitemap.py).\nUser-agent: *\nDisallow:\n\n"
        f"Sitemap: {SITEURL}/sitemap.xml\n")


def test_redirects_hold_moved_pages_and_the_feed_addresses(output):
    lines = (output / "_redirects").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# Written by `fanzine build`")
    rules = [line.split() for line in lines[1:]]
    assert rules == [
        ["/press-kit/", "https://press.example/ada-quarry", "301"],
        ["/press-kit", "https://press.example/ada-quarry", "301"],
        ["/releases/tape-1/", "/releases/tape-one/", "301"], ["/releases/tape-1", "/releases/tape-one/", "301"],
        *[[alias, "/feeds/all.atom.xml", "301"] for alias in ("/feed", "/rss", "/atom.xml", "/feed.xml", "/rss.xml",
                                                               "/index.xml")],
    ]
    for _old, new, _code in rules:
        assert new.startswith("https://") or output_file(output, SITEURL + new).is_file()
    vercel = json.loads((output / "vercel.json").read_text(encoding="utf-8"))["redirects"]
    assert [[r["source"], r["destination"], "301"] for r in vercel] == rules and all(r["permanent"] for r in vercel)


def test_a_moved_page_forwards_on_hosts_without_redirects(output):
    """GitHub Pages reads no _redirects: the old address holds a page that forwards at once."""
    page = (output / "releases/tape-1/index.html").read_text(encoding="utf-8")
    assert f'<meta http-equiv="refresh" content="0; url={SITEURL}/releases/tape-one/">' in page
    assert f'<link rel="canonical" href="{SITEURL}/releases/tape-one/">' in page
    assert '<meta name="robots" content="noindex">' in page


def test_a_development_build_writes_no_sitemap(tmp_path):
    project = make_project(tmp_path / "project")
    assert build(project, publish=False).returncode == 0
    assert not (project / "output/sitemap.xml").exists()
    assert (project / "output/robots.txt").read_text(encoding="utf-8").endswith("User-agent: *\nDisallow:\n")
