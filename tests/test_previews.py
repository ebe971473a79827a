"""Every page has a link preview: Open Graph and Twitter/X tags with an absolute image, its size and alt text,
read back with extruct from every built page of both fixture hubs; the artist's card is drawn once and cached."""
from __future__ import annotations

import html
import re
from pathlib import Path

import extruct
import pytest
from PIL import Image

from conftest import AS_OF, GATE_ENV, SITES, copy_project, fanzine
from fanzine.outputs import socialcards
from fanzine.outputs.socialcards import ProfileCard

EXAMPLE_URL = "https://novalights.example"  # the `site` fixture's SITEURL (conftest.py)
OTHER_URL = "https://tainarocha.example"


@pytest.fixture(scope="module")
def other_site(taina_site) -> Path:
    return taina_site  # Tainá Rocha's hub, built once for the session (conftest.py), at OTHER_URL


def previews(output: Path, siteurl: str):
    """(page path, Open Graph properties, Twitter properties) for every built page."""
    for path in sorted(output.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        page = path.relative_to(output).as_posix()
        address = f"{siteurl}/{page.removesuffix('index.html')}"
        found = extruct.extract(text, base_url=address, syntaxes=["opengraph"], uniform=True)["opengraph"]
        og = found[0] if found else {}
        twitter = {name: html.unescape(value) for name, value in
                   re.findall(r'<meta name="(twitter:[\w:]+)" content="([^"]*)"', text)}
        yield page, address, og, twitter


@pytest.mark.parametrize("hub", ["example", "other"])
def test_every_page_has_a_complete_link_preview(request, hub):
    output, siteurl = (request.getfixturevalue("site"), EXAMPLE_URL) if hub == "example" else (
        request.getfixturevalue("other_site"), OTHER_URL)
    pages = 0
    for page, address, og, twitter in previews(output, siteurl):
        pages += 1
        where = f"{hub}: {page}"
        for key in ("og:title", "og:description", "og:image", "og:image:alt", "og:site_name"):
            assert og.get(key, "").strip(), f"{where}: {key} missing"
        assert og["og:url"] == address, where  # a smart link shares its own short address too
        image = og["og:image"]
        assert image.startswith(siteurl + "/"), where
        file = output / image.removeprefix(siteurl + "/")
        assert file.is_file(), f"{where}: {image} is not built"
        with Image.open(file) as picture:
            assert (int(og["og:image:width"]), int(og["og:image:height"])) == picture.size, where
        assert og.get("og:image:type") in ("image/jpeg", "image/png"), where
        assert twitter["twitter:card"] == "summary_large_image", where
        assert twitter["twitter:title"] == og["og:title"] and twitter["twitter:image"] == image, where
        assert twitter["twitter:description"] == og["og:description"], where
        assert twitter["twitter:image:alt"] == og["og:image:alt"], where
    assert pages >= 13


@pytest.mark.parametrize("hub, page", [("example", "index.html"), ("example", "links/index.html"),
                                       ("other", "index.html"), ("other", "links/index.html")])
def test_home_and_link_pages_show_the_artist_s_card(request, hub, page):
    output, siteurl = (request.getfixturevalue("site"), EXAMPLE_URL) if hub == "example" else (
        request.getfixturevalue("other_site"), OTHER_URL)
    og = dict((p, o) for p, _a, o, _t in previews(output, siteurl))[page]
    assert re.fullmatch(rf"{re.escape(siteurl)}/cards/[0-9a-f]{{16}}\.jpg", og["og:image"])
    assert (og["og:image:width"], og["og:image:height"]) == ("1200", "630")
    name, tagline = (("Nova Lights", "Synthwave for late-night drives and the long way home") if hub == "example"
                     else ("Tainá Rocha", "Canções de maré baixa, gravadas em casa em Salvador"))
    assert og["og:image:alt"] == f"{name}: {tagline}"


def test_a_campaign_link_page_gets_a_card_with_its_own_line(site):
    pages = {p: o for p, _a, o, _t in previews(site, EXAMPLE_URL)}
    assert pages["links/tour/index.html"]["og:image"] != pages["links/index.html"]["og:image"]
    assert pages["links/tour/index.html"]["og:image:alt"] == ("Nova Lights: Three winter shows and a listening party "
                                                              "for Night Drive. Tickets and RSVPs here.")


def test_a_story_shares_its_cover_and_one_without_shares_the_card(site, other_site):
    story = {p: o for p, _a, o, _t in previews(site, EXAMPLE_URL)}["stories/two-synth-rule/index.html"]
    assert re.search(r"/images/sized/two-synth-rule-\d+\.\w+\.jpg$", story["og:image"])
    assert story["@type"] == "article"
    other = {p: o for p, _a, o, _t in previews(other_site, OTHER_URL)}
    assert "/cards/" in other["stories/gravando-no-quarto-dos-fundos/index.html"]["og:image"]


def test_early_access_previews_say_nothing_gated(site):
    early = [(page, og, twitter) for page, _address, og, twitter in previews(site, EXAMPLE_URL)
             if page.startswith("early/")]
    assert len(early) >= 2
    for page, og, twitter in early:
        assert og["og:description"] == twitter["twitter:description"] == "Early access for Nova Lights fans", page
        assert "/cards/" in og["og:image"], page  # the artist's card, never a picture from the page
        # not even the teaser (shown on the page in clear) goes into what apps show of the link
        said = " ".join(str(value) for value in [*og.values(), *twitter.values()])
        assert "voice memo" not in said and "Recording 871" not in said, page  # teaser and body words


def card(**changes) -> ProfileCard:
    fields = {"name": "Glass Harbour", "tagline": "Songs from the ferry", "accent": "#1f6fb2", "avatar": None,
              "footer": "glassharbour.example"}
    return ProfileCard(**{**fields, **changes})


def test_the_artist_s_card_is_1200_by_630_and_the_same_bytes_every_time(tmp_path):
    data = card().draw()
    assert data == card().draw()
    with Image.open(__import__("io").BytesIO(data)) as image:
        assert (image.format, image.size) == ("JPEG", (1200, 630))
    Image.open(__import__("io").BytesIO(data)).save(tmp_path / "card.png")


def test_the_card_is_drawn_once_then_copied_and_redrawn_when_anything_on_it_changes(tmp_path):
    target = tmp_path / "out" / "card.jpg"
    assert socialcards.write_card(card(), str(tmp_path / "cache"), target) is True
    assert socialcards.write_card(card(), str(tmp_path / "cache"), target) is False
    keys = {card().key(), card(tagline="New tagline").key(), card(accent="#ff0000").key(), card(name="GH").key(),
            card(avatar=str(SITES / "taina-rocha" / "images" / "taina.jpg")).key()}
    assert len(keys) == 5


def test_a_rebuild_draws_no_card_again_and_changes_no_byte(tmp_path):
    project = copy_project(tmp_path, SITES / "taina-rocha")
    env = {"SITEURL": OTHER_URL, **GATE_ENV}
    fanzine("build", "--publish", "--as-of", AS_OF, cwd=project, env=env, check=True)
    cached = sorted((project / ".fanzine-cache" / "cards").iterdir())
    first = {p: p.read_bytes() for p in (project / "output" / "cards").iterdir()}
    stamps = [p.stat().st_mtime_ns for p in cached]
    fanzine("build", "--publish", "--as-of", AS_OF, cwd=project, env=env, check=True)
    assert sorted((project / ".fanzine-cache" / "cards").iterdir()) == cached
    assert [p.stat().st_mtime_ns for p in cached] == stamps
    assert {p: p.read_bytes() for p in (project / "output" / "cards").iterdir()} == first
