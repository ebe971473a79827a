"""Proof by addition: a site plugin adds a content type (merch) with one module and two templates, no engine edit.

tests/sites/merch-plugin/ holds the plugin (plugins/merch.py) and its two templates (overrides/). Copied into a
project of another artist (Tainá Rocha) and switched on in its PLUGINS, it gets pages, a listing, a nav entry,
sitemap entries, a feed, a scaffold, the link-page block it offers, the page-not-found page's link, output-path
collisions and artist-grade check messages, all from its one ContentType record; the engine (plugins/fanzine,
themes/) is byte for byte the project's own. Checked as an artist works: the `fanzine` command, then the files.
"""
from __future__ import annotations

import filecmp
import json
import re
import shutil
from pathlib import Path

import feedparser
import pytest

from conftest import ROOT, SITES, copy_project, fanzine

MERCH = SITES / "merch-plugin"
SITEURL = "https://tainarocha.example"
AS_OF = "2026-11-21"
CODE = {"MEMBERS_PRINT_CODE": "velvet-cactus-orbit-lantern-meadow"}


def merch_project(destination: Path) -> Path:
    """Tainá Rocha's hub with the merch plugin switched on, as an artist adds a plugin to their fork."""
    project = copy_project(destination, SITES / "taina-rocha")
    shutil.copy2(MERCH / "plugins" / "merch.py", project / "plugins" / "merch.py")
    shutil.copytree(MERCH / "overrides", project / "overrides")
    shutil.copytree(MERCH / "content" / "merch", project / "content" / "merch")
    with open(project / "pelicanconf.py", "a", encoding="utf-8") as settings:
        settings.write('\nPLUGINS = ["fanzine", "merch"]\n')
    links = project / "content" / "links" / "index.md"
    links.write_text(links.read_text(encoding="utf-8").replace(
        "  - { label: Contato para shows", "  - { block: merch }\n  - { label: Contato para shows"), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return merch_project(tmp_path_factory.mktemp("merch"))


@pytest.fixture(scope="module")
def hub(project) -> Path:
    fanzine("build", "--publish", "--as-of", AS_OF, cwd=project, env={"SITEURL": SITEURL, **CODE}, check=True)
    return project / "output"


def read(hub: Path, path: str) -> str:
    return (hub / path).read_text(encoding="utf-8")


def test_the_engine_is_not_edited(project):
    """Everything below comes from the plugin and its two templates: the engine is the project's own, unchanged."""
    for engine in ("plugins/fanzine", "themes"):
        compared = filecmp.dircmp(ROOT / engine, project / engine, ignore=["__pycache__"])
        assert not (compared.left_only or compared.right_only or compared.diff_files), engine
    added = sorted(str(p.relative_to(MERCH)) for p in MERCH.rglob("*") if p.is_file()
                   and p.parts[len(MERCH.parts)] in ("plugins", "overrides"))
    assert added == ["overrides/merch.html", "overrides/merch_index.html", "plugins/merch.py"]


def test_each_item_gets_its_page_with_structured_data(hub):
    page = read(hub, "merch/mare-shirt/index.html")
    assert "<h1>Camiseta Maré Baixa</h1>" in page
    assert "25.00 EUR · designed by Lia (a fan from Recife) · sizes S, M, L" in page
    product = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1))
    assert product["@type"] == "Product"
    assert product["offers"] == {"@type": "Offer", "price": "25.00", "priceCurrency": "EUR",
                                 "url": "https://shop.tainarocha.example/camiseta"}


def test_a_fans_body_is_sanitised_and_its_share_link_is_a_player(hub):
    """The type is declared untrusted (fans design merch): its Markdown is cut down like playlists'."""
    page = read(hub, "merch/mare-shirt/index.html")
    assert "not from a fan" not in page and "<script>alert" not in page
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/Rv7mK2pX9aQ?autoplay=1"' in page
    assert 'rel="nofollow ugc noopener"' in page  # how the sanitiser marks fans' links
    assert 'src="https://tainarocha.example/theme/js/embed.js"' in page


def test_the_listing_lists_the_public_items_newest_first(hub):
    listing = read(hub, "merch/index.html")
    assert listing.index("Camiseta Maré Baixa") < listing.index("Broche Sal")
    assert "Serigrafia" not in listing


def test_every_page_has_the_nav_entry_and_the_404_page_names_it(hub):
    for page in ("index.html", "stories/index.html", "merch/index.html"):
        assert f'<a href="{SITEURL}/merch/"' in read(hub, page)
    assert '<a href="https://tainarocha.example/merch/" aria-current="page">Merch</a>' in read(hub, "merch/index.html")
    assert (f', the <a href="{SITEURL}/merch/">merch</a> or the <a href="{SITEURL}/links/">links</a>.'
            in read(hub, "404.html"))


def test_the_sitemap_and_the_feeds_have_the_items(hub):
    sitemap = read(hub, "sitemap.xml")
    for path in ("merch/", "merch/mare-shirt/", "merch/sal-pin/"):
        assert f"<loc>{SITEURL}/{path}</loc>" in sitemap
    assert "members-print" not in sitemap
    own = feedparser.parse((hub / "feeds" / "merch.atom.xml").read_bytes())
    assert own.feed.title == "Tainá Rocha: merch"
    assert [e.title for e in own.entries] == ["Camiseta Maré Baixa (25.00 EUR)", "Broche Sal (8.00 EUR)"]
    every = feedparser.parse((hub / "feeds" / "all.atom.xml").read_bytes())
    assert "Broche Sal (8.00 EUR)" in [e.title for e in every.entries]
    assert f'href="{SITEURL}/feeds/merch.atom.xml"' not in read(hub, "index.html")  # the engine links only its own


def test_per_item_and_per_type_outputs_are_written(hub):
    assert json.loads(read(hub, "merch/sal-pin.json"))["name"] == "Broche Sal"
    assert [p["name"] for p in json.loads(read(hub, "merch/catalogue.json"))] == ["Camiseta Maré Baixa", "Broche Sal"]


def test_the_link_page_places_the_block_the_type_offers(hub):
    links = read(hub, "links/index.html")
    assert '<h2 class="linkpage__heading">Merch</h2>' in links
    assert f'<a class="link-button" href="{SITEURL}/merch/mare-shirt/">Camiseta Maré Baixa</a>' in links
    assert f'<a class="link-button" href="{SITEURL}/merch/">All of merch</a>' in links


def test_an_item_with_access_is_an_early_access_page_listed_nowhere(hub):
    page = read(hub, "early/members-print/index.html")
    assert "Serigrafia para assinantes" in page and "numbered print" not in page
    assert not (hub / "merch" / "members-print").exists()
    assert "members-print" not in read(hub, "feeds/all.atom.xml")


def test_the_scaffold_writes_a_file_the_check_reads(tmp_path):
    project = merch_project(tmp_path)
    made = fanzine("new", "merch", "Tour shirt", cwd=project, check=True)
    assert made.stdout.startswith("Created content/merch/tour-shirt.md")
    text = (project / "content" / "merch" / "tour-shirt.md").read_text(encoding="utf-8")
    assert text.startswith('---\ntitle: "Tour shirt"\nprice: 25.00 EUR\ndate: ')
    checked = fanzine("check", cwd=project, env=CODE)
    assert checked.returncode == 0, checked.stderr
    assert ('content/merch/tour-shirt.md: shop: warning: "https://shop.example/REPLACE" is a placeholder: replace it '
            "with the real address before publishing") in checked.stderr
    assert "merch" in fanzine("new", "--help", cwd=project).stdout


def test_mistakes_get_artist_grade_messages(tmp_path):
    project = merch_project(tmp_path)
    (project / "content" / "merch" / "broken.md").write_text(
        "---\ntitle: Boné\nprise: 25.00 EUR\nprice: 25\ndate: 2026-10-01\nsizes: [m, xxl]\n---\n", encoding="utf-8")
    (project / "content" / "pages").mkdir()
    (project / "content" / "pages" / "merch.md").write_text("---\ntitle: Merch\n---\n", encoding="utf-8")
    checked = fanzine("check", cwd=project, env=CODE)
    assert checked.returncode == 1
    assert checked.stderr.splitlines()[:5] == [
        "content/merch/broken.md: price: expected a price like 25.00 EUR, got 25",
        "content/merch/broken.md: prise: unknown key; did you mean 'price'?",
        "content/merch/broken.md: shop: required key is missing: expected a web address starting with https://",
        "content/merch/broken.md: sizes[2]: expected one of: s, m, l, xl, got \"xxl\"; did you mean 'xl'?",
        "content/pages/merch.md: would be written to /merch/, which is the merch page; rename the file, or give it "
        "another name with slug:",
    ]


def test_without_the_plugin_the_folder_is_not_known(tmp_path):
    project = merch_project(tmp_path)
    with open(project / "pelicanconf.py", "a", encoding="utf-8") as settings:
        settings.write('\nPLUGINS = ["fanzine"]\n')
    checked = fanzine("check", cwd=project)
    assert checked.returncode == 1
    assert checked.stderr.startswith("content/links/index.md: links[4].block: expected one of: newsletter, discord, "
                                     "release, socials, events, poll, call, got \"merch\"")
    assert ("content/merch/mare-shirt.md: not in a known folder; move it into one of: content/releases/, "
            "content/stories/, content/playlists/, content/events/, content/links/, content/pages/, "
            "content/polls/, content/calls/, content/fans/, content/early/") in checked.stderr
