"""Pictures the build draws (share cards, home-screen icons) never show empty squares for words in Chinese or
Japanese: a system font that has them draws them (outputs/glyphs.py), and without one they are left out."""
from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops

from conftest import IN_CI
from fanzine.outputs import glyphs, marks, socialcards

CJK_FONTS = glyphs.installed(glyphs.FALLBACKS["bold"])
needs_cjk_font = pytest.mark.skipif(not CJK_FONTS and not IN_CI, reason="no CJK font (fonts-droid-fallback)")
DEJAVU = (socialcards._font_path("bold"), 0)


def ink(jpeg_or_image, box) -> int:
    """How many pixels in `box` differ from the top-left one of that box: 0 for an empty area."""
    image = Image.open(io.BytesIO(jpeg_or_image)) if isinstance(jpeg_or_image, bytes) else jpeg_or_image
    part = image.convert("L").crop(box)
    flat = Image.new("L", part.size, part.getpixel((0, 0)))
    return sum(1 for value in ImageChops.difference(part, flat).getdata() if value > 40)


def test_lines_break_between_words_and_between_japanese_characters():
    assert glyphs.units("Night  Drive") == [(False, "Night"), (True, "Drive")]
    assert glyphs.units("夜のドライブ live") == [(False, "夜"), (False, "の"), (False, "ド"), (False, "ラ"),
                                               (False, "イ"), (False, "ブ"), (True, "live")]


def test_latin_words_keep_dejavu_and_what_no_font_has_is_left_out():
    assert glyphs.choose("Światło, Ночной город", (DEJAVU, *glyphs.FALLBACKS["bold"])) == DEJAVU
    assert glyphs.drawable("夜のドライブ (Remix)", DEJAVU) == " (Remix)"


@needs_cjk_font
def test_japanese_gets_a_font_that_has_every_character():
    face = glyphs.choose("夜のドライブ", (DEJAVU, *glyphs.FALLBACKS["bold"]))
    assert face in CJK_FONTS
    assert glyphs.drawable("夜のドライブ", face) == "夜のドライブ"


@needs_cjk_font
def test_a_japanese_card_draws_its_title_and_a_latin_card_keeps_its_key(monkeypatch):
    card = socialcards.Card(title="夜のドライブ", artist="森はるか", kicker="Single · 2026", accent="#ff6fa8")
    empty = socialcards.Card(title="", artist="", kicker="Single · 2026", accent="#ff6fa8")
    title_area = (80, 150, 1130, 480)
    assert ink(card.draw(), title_area) > 3000  # the words are there...
    font = socialcards._font("bold", 84, card.title)  # ...in a font whose letters differ (empty squares do not)
    assert len({bytes(font.getmask(letter)) for letter in card.title}) == len(card.title)
    latin = socialcards.Card(title="Night Drive", artist="Nova Lights", kicker="Single · 2026", accent="#ff6fa8")
    before, drawn_with = latin.key(), card.key()
    monkeypatch.setattr(glyphs, "FALLBACKS", {"bold": (), "regular": ()})
    assert latin.key() == before  # cards DejaVu draws whole are not drawn again
    assert card.key() != drawn_with  # another drawing, another name: a cached card is never the wrong one
    assert card.draw() == empty.draw()  # ...and without a CJK font, no empty squares: the words are left out


@needs_cjk_font
def test_an_icon_of_a_japanese_name_shows_its_first_letter(monkeypatch):
    icon = marks.draw_icon(192, "any", None, "森はるか", "#ff6fa8", None)
    middle = (48, 48, 144, 144)
    assert ink(icon, middle) > 500
    monkeypatch.setattr(glyphs, "FALLBACKS", {"bold": (), "regular": ()})
    assert ink(marks.draw_icon(192, "any", None, "森はるか", "#ff6fa8", None), middle) == 0  # no empty square
