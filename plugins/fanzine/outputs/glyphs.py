"""Which installed font can draw a text, for the pictures the build draws (share cards, home-screen icons).

DejaVu and the theme's fonts cover Latin, Greek and Cyrillic; Chinese, Japanese and Korean need a CJK font,
which a machine may or may not have (Debian and Ubuntu: fonts-noto-cjk or fonts-droid-fallback). A text is
drawn in the first font that has all its characters, else in the one that has most of them, and what no
font has is left out: empty squares in a title, where a fan sees the picture, look broken.
"""
from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError

Font = tuple[str, int]  # a font file and, for a collection (.ttc), which font in it
VERSION = "1"  # in the key of a picture with words its own font lacks: change when the choosing changes

# Fonts for the scripts DejaVu lacks, where the system has them, in order of preference.
FALLBACKS: dict[str, tuple[Font, ...]] = {
    "bold": (("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 0),
             ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0)),
    "regular": (("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 0),
                ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0)),
}

# Scripts written without spaces: a line may break between any two of their characters.
UNSPACED = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
UNITS = re.compile(rf"\s*(?:[{UNSPACED}]|[^\s{UNSPACED}]+)")


@cache
def characters(font: Font) -> frozenset[int]:
    """The characters a font file has glyphs for (none when it cannot be read)."""
    path, index = font
    try:
        with TTFont(path, fontNumber=index, lazy=True) as face:
            return frozenset(face.getBestCmap() or ())
    except (OSError, TTLibError, AssertionError, KeyError, ValueError):
        return frozenset()


@cache  # asked for every line of every card; fonts are not installed in the middle of a build
def installed(fonts: tuple[Font, ...]) -> tuple[Font, ...]:
    return tuple(font for font in fonts if Path(font[0]).is_file())


def choose(text: str, fonts: tuple[Font, ...]) -> Font | None:
    """The first of the installed `fonts` that has every character of `text`, else the one with the most."""
    needed = {ord(c) for c in text if not c.isspace()}
    best, most = None, -1
    for font in installed(fonts):
        have = len(needed & characters(font))
        if have == len(needed):
            return font
        if have > most:
            best, most = font, have
    return best


def drawable(text: str, font: Font | None) -> str:
    """`text` without the characters `font` has no glyph for (spaces kept); unchanged without a font file."""
    if font is None:
        return text
    have = characters(font)
    return "".join(c for c in text if c.isspace() or ord(c) in have)


def units(text: str) -> list[tuple[bool, str]]:
    """The pieces a line may break between: words, and each Chinese or Japanese character; with whether a
    space came before it."""
    return [(piece[:1].isspace(), piece.strip()) for piece in UNITS.findall(text.strip())]


@cache
def identity(fonts: tuple[Font, ...]) -> tuple[str, ...]:
    """The installed fonts by content: a picture drawn with another font is another picture."""
    return tuple(f"{hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]}:{index}"
                 for path, index in installed(fonts))
