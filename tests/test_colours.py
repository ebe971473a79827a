"""The accent colour made readable: every pairing palette() returns meets WCAG AA for text (4.5:1)."""
from __future__ import annotations

import pytest

from fanzine.theme.colours import (
    DARK_BACKGROUND,
    LIGHT_BACKGROUND,
    TEXT_CONTRAST,
    contrast,
    luminance,
    mix,
    palette,
    readable_on,
    text_on,
)

# Awkward accents artists really pick: pastel and neon yellows, pure white and black, mid-tones
# where neither white nor near-black text reads well, and the example's pink.
ACCENTS = ["#ffe600", "#ffffff", "#000000", "#cc1f63", "#ff3e7f", "#c2185b", "#00ff00", "#00ffff", "#0000ff",
           "#ff0000", "#808080", "#777777", "#6666ff", "#0080cc", "#668066", "#996699", "#cc33cc", "#121214",
           "#fffff0", "#ffd1dc", "#1a1a1a", "#7f7f00", "#ff8800", "#4b0082"]
# and a coarse sweep of the whole colour cube
ACCENTS += [f"#{r}{g}{b}" for r in ("00", "55", "99", "cc", "ff") for g in ("00", "66", "aa", "ff")
            for b in ("00", "80", "ff")]


def test_luminance_and_contrast_match_wcag_reference_values():
    assert luminance("#000000") == 0
    assert luminance("#ffffff") == pytest.approx(1)
    assert contrast("#ffffff", "#000000") == pytest.approx(21)
    assert contrast("#000000", "#ffffff") == pytest.approx(21)   # order does not matter
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_mix():
    assert mix("#ff0000", "#000000", 0) == "#ff0000"
    assert mix("#ff0000", "#000000", 1) == "#000000"
    assert mix("#ffffff", "#000000", 0.5) == "#808080"


def test_readable_on_keeps_readable_colours_and_moves_the_rest_just_enough():
    assert readable_on("#000000", "#ffffff") == "#000000"
    moved = readable_on("#ffe600", "#ffffff")
    assert contrast(moved, "#ffffff") >= TEXT_CONTRAST
    assert moved == mix("#ffe600", "#000000", 0.5)
    assert contrast(mix("#ffe600", "#000000", 0.48), "#ffffff") < TEXT_CONTRAST  # no darker than it had to be
    assert contrast(readable_on("#000000", DARK_BACKGROUND), DARK_BACKGROUND) >= TEXT_CONTRAST


def test_text_on_picks_the_better_of_white_and_near_black():
    assert text_on("#000000") == "#ffffff"
    assert text_on("#ffe600") == "#111111"
    assert text_on("#cc1f63") == "#ffffff"


@pytest.mark.parametrize("accent", ACCENTS)
def test_palette_is_readable_in_both_schemes(accent):
    colours = palette(accent)
    assert contrast(colours["accent-text"], LIGHT_BACKGROUND) >= TEXT_CONTRAST
    assert contrast(colours["dark-accent-text"], DARK_BACKGROUND) >= TEXT_CONTRAST
    assert contrast(colours["on-accent"], colours["accent"]) >= TEXT_CONTRAST
    assert contrast(colours["dark-on-accent"], colours["dark-accent"]) >= TEXT_CONTRAST
    # a dark-scheme button must still stand out from the dark page (3:1, WCAG non-text contrast)
    assert contrast(colours["dark-accent"], DARK_BACKGROUND) >= 3


def test_palette_keeps_an_accent_that_already_works():
    assert palette("#cc1f63") == {"accent": "#cc1f63", "on-accent": "#ffffff", "accent-text": "#cc1f63",
                                  "dark-accent": "#cc1f63", "dark-on-accent": "#ffffff",
                                  "dark-accent-text": "#d64c82"}


def test_palette_gives_css_colours():
    for value in palette("#ffe600").values():
        assert len(value) == 7 and value.startswith("#") and int(value[1:], 16) >= 0
