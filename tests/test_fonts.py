"""fonts.py: the theme's fonts cut to the characters a site uses, WOFF2, the same bytes every time, never leaking
a gated page's words; and what a whole build serves (preloaded, swap, within the per-page budget)."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from conftest import ROOT, fanzine
from fanzine.theme import fonts
from fixture_sites import ARTIST, SITEURL, build, make_project

SOURCES = ROOT / "themes" / "fanzine" / "fonts"
FONT_BUDGET = 30 * 1024  # bytes of fonts one page downloads
TEXT = "Glass Harbour — Tidewater (out 5 March) “live”"


def opened(data: bytes) -> TTFont:
    return TTFont(io.BytesIO(data))


def test_every_shipped_font_has_its_files_and_its_licence():
    for font in fonts.FONTS.values():
        folder = SOURCES / font.id
        assert (folder / "latin.woff2").is_file(), font.id
        licence = (folder / "LICENSE").read_text(encoding="utf-8")
        assert "SIL Open Font License" in licence and "Reserved Font Name" not in licence.split("PREAMBLE")[0]


def test_a_cut_font_holds_exactly_the_letters_asked_for_as_woff2():
    data = fonts.cut(SOURCES / "inter" / "latin.woff2", TEXT, (400, 700))
    assert data[:4] == b"wOF2"
    font = opened(data)
    assert set(font.getBestCmap()) == {ord(c) for c in TEXT}
    axis = next(a for a in font["fvar"].axes if a.axisTag == "wght")
    assert (axis.minValue, axis.maxValue) == (400, 700)  # the body's weights, not 100 to 900
    assert font["name"].getDebugName(0).startswith("Copyright 2016 The Inter Project Authors")  # the OFL's notice
    assert "openfontlicense.org" in font["name"].getDebugName(14)


def test_a_heading_font_keeps_its_one_weight_only():
    font = opened(fonts.cut(SOURCES / "orbitron" / "latin.woff2", TEXT, (800, 800)))
    assert "fvar" not in font and font["OS/2"].usWeightClass == 800


def test_cutting_is_deterministic_and_far_smaller():
    source = SOURCES / "space-grotesk" / "latin.woff2"
    first, second = fonts.cut(source, TEXT, (400, 700)), fonts.cut(source, TEXT, (400, 700))
    assert first == second
    assert len(first) < source.stat().st_size / 3


def test_the_cache_answers_the_second_time(tmp_path, monkeypatch):
    source = SOURCES / "syne" / "latin.woff2"
    first = fonts.cached_cut(source, TEXT, (800, 800), tmp_path)
    monkeypatch.setattr(fonts, "cut", lambda *args: pytest.fail("cut again although cached"))
    assert fonts.cached_cut(source, TEXT, (800, 800), tmp_path) == first
    assert len(list(tmp_path.glob("*.woff2"))) == 1


def test_one_font_for_both_roles_is_one_file_with_both_weights():
    faces = fonts.typefaces("fraunces", "fraunces", 600, SOURCES)
    assert [(f.font.id, f.weights) for f in faces] == [("fraunces", (400, 700))]
    faces = fonts.typefaces("inter", "inter", 800, SOURCES)
    assert faces[0].weights == (400, 800)
    assert fonts.typefaces("system", "system", 700, SOURCES) == []


def test_latin_extended_never_claims_a_letter_latin_has():
    face = fonts.typefaces("inter", "inter", 700, SOURCES)[0]
    ranges = fonts.subset_ranges(face)
    assert ord("A") in ranges["latin"][1] and ord("A") not in ranges["latin-ext"][1]
    assert ord("ł") in ranges["latin-ext"][1]
    assert fonts.unicode_range({0x41, 0x42, 0x43, 0xE9, 0x142}) == "U+41-43,U+E9,U+142"


def test_site_characters_are_what_a_fan_reads(tmp_path):
    (tmp_path / "a.html").write_text('<p title="ŧ">Café &amp; “Ørsted”</p><script>var x = "ж";</script>'
                                     "<style>p::after{content:'ф'}</style><!-- ѣ -->", encoding="utf-8")
    found = fonts.site_characters(tmp_path)
    assert {"é", "&", "“", "Ø"} <= set(found) and not {"ŧ", "ж", "ф", "ѣ"} & set(found)
    assert set(fonts.ALWAYS) <= set(found)  # what scripts and an unlocked page may show later


# --- a whole build -------------------------------------------------------------------------------------

GATED = """---
title: Demos
access: { mode: signup }
---
The secret word is ŧħŋ.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("fonts"), {
        "early/demos.md": GATED,
        "stories/hello.md": "---\ntitle: Hello\ndate: 2025-03-02\n---\nŁódź, Kraków and Gdańsk.\n",
    }, artist=ARTIST + "theme: drum-and-bass\n")
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project


def test_the_build_serves_the_presets_fonts_from_the_site(built):
    folder = built / "output" / "theme" / "fonts"
    assert sorted(p.name for p in folder.iterdir()) == [
        "anton-LICENSE.txt", "anton-latin-ext.woff2", "anton-latin.woff2",
        "chivo-mono-LICENSE.txt", "chivo-mono-latin-ext.woff2", "chivo-mono-latin.woff2"]
    page = (built / "output" / "links" / "index.html").read_text(encoding="utf-8")
    preloads = re.findall(r'<link rel="preload" href="([^"]+)" as="font" type="font/woff2" crossorigin>', page)
    assert preloads == [f"{SITEURL}/theme/fonts/anton-latin.woff2", f"{SITEURL}/theme/fonts/chivo-mono-latin.woff2"]
    assert sum((built / "output" / p.removeprefix(SITEURL + "/")).stat().st_size for p in preloads) <= FONT_BUDGET


def test_the_fonts_carry_the_sites_letters_but_never_a_gated_pages(built):
    folder = built / "output" / "theme" / "fonts"
    latin_ext = set(opened((folder / "chivo-mono-latin-ext.woff2").read_bytes()).getBestCmap())
    assert {ord(c) for c in "Łźń"} <= latin_ext  # Łódź, Gdańsk
    assert not {ord(c) for c in "ŧħŋ"} & latin_ext  # only in the sealed page


def test_a_rebuild_gives_the_same_fonts(built, tmp_path):
    again = build(built, "--output", str(tmp_path / "again"))
    assert again.returncode == 0, again.stderr
    for path in (built / "output" / "theme" / "fonts").glob("*.woff2"):
        assert (tmp_path / "again" / "theme" / "fonts" / path.name).read_bytes() == path.read_bytes(), path.name


def test_system_fonts_download_nothing(tmp_path):
    project = make_project(tmp_path / "p", artist=ARTIST + "fonts: { heading: system, body: system }\n")
    assert build(project).returncode == 0
    page = (project / "output" / "index.html").read_text(encoding="utf-8")
    assert 'as="font"' not in page and not (project / "output" / "theme" / "fonts").exists()
    assert "@font-face" not in (project / "output" / "theme" / "css" / "fanzine.css").read_text(encoding="utf-8")


def test_fanzine_check_names_a_font_it_does_not_ship(tmp_path):
    project = make_project(tmp_path / "p", artist=ARTIST + "fonts: { heading: helvetica }\n")
    result = fanzine("check", cwd=project)
    assert result.returncode == 1
    assert ("content/artist.yml: fonts.heading: expected one of the fonts Fanzine ships: anton, chivo-mono, dm-sans, "
            "fraunces, fredoka, inter, nunito, orbitron, space-grotesk, syne, system, got \"helvetica\" "
            "(see docs/themes.md)") in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert Path(project / "content" / "artist.yml").read_text(encoding="utf-8").endswith("helvetica }\n")
