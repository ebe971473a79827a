"""Social cards: the 1200 x 630 picture a link preview shows, drawn once per change.

Two kinds: a release's card (cover plus title, `Card`) and the artist's card
for the home and link pages (avatar, name and tagline in the accent colour,
`ProfileCard`).

A card is named by a hash of everything drawn on it (cover bytes, words,
colour, font), kept under CACHE_PATH/cards, and only redrawn when one of those
changes. The hash is in the file name too, so when a card changes its address
changes and platforms that cache previews fetch the new one.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageFont, ImageOps

from ..theme.colours import contrast, readable_on
from ..types.artist import default
from . import glyphs

WIDTH, HEIGHT = 1200, 630
VERSION = "3"  # change when the drawing changes, so cached cards are redrawn
PROFILE_VERSION = "2"  # the same for the artist's card
BACKGROUND = "#141216"
# Fonts with wide coverage where the system has them; Pillow's own font otherwise.
FONTS = {
    "bold": ["/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
             "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"],
    "regular": ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                "/usr/share/fonts/dejavu/DejaVuSans.ttf"],
}


@dataclass(frozen=True)
class Card:
    """What a card shows. `cover` is a path (or None); everything else is words and a colour."""

    title: str
    artist: str
    kicker: str  # the small line above the title: "Single · out 5 December 2026"
    accent: str
    cover: str | None = None
    footer: str = ""  # the site's address, bottom right

    def key(self) -> str:
        """A hash of every input, the font included: equal keys draw equal bytes."""
        cover = file_digest(self.cover) if self.cover else ""
        fields = {**self.__dict__, "cover": cover, "fonts": _font_ids(), "version": VERSION}
        words = [("bold", self.kicker), ("bold", self.title), ("regular", self.artist), ("regular", self.footer)]
        return _hash(fields, words)

    def draw(self) -> bytes:
        return draw(self)


@dataclass(frozen=True)
class ProfileCard:
    """The artist's card, for the home and link pages: round avatar (or initials), name, tagline, accent."""

    name: str
    tagline: str
    accent: str
    avatar: str | None = None
    footer: str = ""

    def key(self) -> str:
        avatar = file_digest(self.avatar) if self.avatar else ""
        fields = {**self.__dict__, "avatar": avatar, "fonts": _font_ids(), "version": PROFILE_VERSION,
                  "kind": "profile"}
        words = [("bold", self.name), ("bold", _initials(self.name)), ("regular", self.tagline),
                 ("regular", self.footer)]
        return _hash(fields, words)

    def draw(self) -> bytes:
        return draw_profile(self)


def _hash(fields: dict, words: list[tuple[str, str]]) -> str:
    """A card's key. Words DejaVu cannot draw are drawn in another font, or left out (outputs/glyphs.py):
    then that, and the font, join the key. A card DejaVu draws whole keeps the key it always had."""
    lacking = [(weight, text) for weight, text in words if (own := _font_path(weight))
               and {ord(c) for c in text if not c.isspace()} - glyphs.characters((own, 0))]
    if lacking:
        others = sorted({face for weight, text in lacking if (face := _face(weight, text))})
        fields = {**fields, "other_fonts": [glyphs.VERSION, *glyphs.identity(tuple(others))]}
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()


_DIGESTS: dict[str, tuple[int, int, str]] = {}  # picture path → (size, time, sha256): a card's key is asked often


def file_digest(path: str) -> str:
    """sha256 of a picture's bytes, read again only when its size or modification time changed."""
    found = os.stat(path)
    kept = _DIGESTS.get(path)
    if kept is None or kept[:2] != (found.st_size, found.st_mtime_ns):
        kept = (found.st_size, found.st_mtime_ns, hashlib.sha256(Path(path).read_bytes()).hexdigest())
        _DIGESTS[path] = kept
    return kept[2]


def cached_file(card: Card | ProfileCard, cache_path: str) -> Path:
    """Where the card is kept once drawn (named by everything drawn on it)."""
    return Path(cache_path) / "cards" / f"{card.key()[:32]}.jpg"


def drawn(card: Card | ProfileCard, cache_path: str) -> tuple[Path, bool]:
    """The card's JPEG in the cache, drawn first if it is not there yet; (its file, whether it was drawn)."""
    cached = cached_file(card, cache_path)
    if cached.exists():
        return cached, False
    cached.parent.mkdir(parents=True, exist_ok=True)
    partial = cached.with_name(f".{cached.name}.{os.getpid()}.part")
    partial.write_bytes(card.draw())
    os.replace(partial, cached)
    return cached, True


def write_card(card: Card | ProfileCard, cache_path: str, target: Path) -> bool:
    """Write the card's JPEG to `target`; True when it had to be drawn (not in the cache)."""
    cached, was_drawn = drawn(card, cache_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(cached.read_bytes())
    return was_drawn


def draw(card: Card) -> bytes:
    """The card as JPEG bytes: blurred cover behind, the cover on the left, the words on the right."""
    accent = card.accent if card.accent.startswith("#") and len(card.accent) == 7 else default("accent")
    cover = _open_cover(card.cover)
    canvas = _backdrop(cover, accent)
    pen = ImageDraw.Draw(canvas)
    size = 490
    top = (HEIGHT - size) // 2
    if cover is not None:
        framed = ImageOps.fit(cover, (size, size), Image.Resampling.LANCZOS)
        mask = Image.new("L", (size, size), 0)
        ImageDraw.Draw(mask).rounded_rectangle((0, 0, size - 1, size - 1), radius=22, fill=255)
        canvas.paste(framed, (70, top), mask)
        left = 70 + size + 55
    else:
        left = 90
    _words(pen, card, left, WIDTH - 70 - left, readable_on(accent, BACKGROUND))
    out = io.BytesIO()
    canvas.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()


def draw_profile(card: ProfileCard) -> bytes:
    """The artist's card as JPEG bytes: the avatar in a ring of the accent on the left, name and tagline right."""
    accent = card.accent if card.accent.startswith("#") and len(card.accent) == 7 else default("accent")
    avatar = _open_cover(card.avatar)
    canvas = _backdrop(avatar, accent)
    pen = ImageDraw.Draw(canvas)
    size, left_edge = 400, 90
    top = (HEIGHT - size) // 2
    pen.ellipse((left_edge - 8, top - 8, left_edge + size + 7, top + size + 7), fill=accent)
    mask = Image.new("L", (size, size), 0)
    ImageDraw.Draw(mask).ellipse((0, 0, size - 1, size - 1), fill=255)
    if avatar is not None:
        canvas.paste(ImageOps.fit(avatar, (size, size), Image.Resampling.LANCZOS), (left_edge, top), mask)
    else:  # no picture yet: the initials on the accent
        disc = Image.new("RGB", (size, size), accent)
        letters = _initials(card.name)
        ImageDraw.Draw(disc).text((size // 2, size // 2), _text(letters, "bold"), font=_font("bold", 150, letters),
                                  fill=_on(accent), anchor="mm")
        canvas.paste(disc, (left_edge, top), mask)
    left = left_edge + size + 70
    width = WIDTH - 70 - left
    name_font, name_lines = _fit_title(_text(card.name, "bold"), width)
    blocks = [(line, name_font, "#ffffff", 8) for line in name_lines]
    if card.tagline:
        blocks[-1] = blocks[-1][:3] + (28,)
        tagline_font = _font("regular", 38, card.tagline)
        lines = _wrap(_text(card.tagline), tagline_font, width)
        if len(lines) > 3:
            lines = lines[:2] + [" ".join(lines[2:])]
        blocks += [(line, tagline_font, "#e8e4ee", 10) for line in lines]
    heights = [_line_height(font) for _, font, _, _ in blocks]
    y = (HEIGHT - sum(heights) - sum(gap for *_, gap in blocks[:-1])) // 2
    pen.rectangle((left, y - 30, left + 120, y - 23), fill=readable_on(accent, BACKGROUND))  # a stroke of colour
    for (text, font, colour, gap), height in zip(blocks, heights, strict=True):
        pen.text((left, y), _clip(text, font, width), font=font, fill=colour)
        y += height + gap
    if card.footer:
        footer_font = _font("regular", 24, card.footer)
        pen.text((WIDTH - 70, HEIGHT - 40), _clip(_text(card.footer), footer_font, WIDTH - 140), font=footer_font,
                 fill="#cfcad6", anchor="rs")
    out = io.BytesIO()
    canvas.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()


def _initials(name: str) -> str:
    words = [w for w in name.split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[:2]).upper() or "♪"


def _on(accent: str) -> str:
    """Black or white, whichever reads better on the accent."""
    return "#ffffff" if contrast("#ffffff", accent) >= contrast("#000000", accent) else "#000000"


def _open_cover(path: str | None) -> Image.Image | None:
    if not path:
        return None
    try:
        with Image.open(path) as image:
            # JPEG can decode at 1/2, 1/4 or 1/8 scale: the card never needs more than 490 px of it,
            # so this skips most of the decoding work (a cover is often 3000 px across).
            image.draft("RGB", (490, 490))
            return ImageOps.exif_transpose(image).convert("RGB")
    except (OSError, Image.DecompressionBombError):
        return None


def _backdrop(cover: Image.Image | None, accent: str) -> Image.Image:
    """The cover, blurred by shrinking it to a few pixels and back, then darkened so white text reads."""
    if cover is None:
        base = Image.new("RGB", (2, 1), BACKGROUND)
        base.putpixel((1, 0), ImageColor.getrgb(accent))
    else:
        base = ImageOps.fit(cover, (24, 13), Image.Resampling.LANCZOS)
    # Darkened while it is a few pixels, then enlarged: the same picture as darkening the enlarged one
    # (to within 2 levels), for half the work of a card.
    dark = Image.blend(base, Image.new("RGB", base.size, BACKGROUND), 0.62)
    return dark.resize((WIDTH, HEIGHT), Image.Resampling.BICUBIC)


def _words(pen: ImageDraw.ImageDraw, card: Card, left: int, width: int, accent_text: str) -> None:
    kicker_font = _font("bold", 28, card.kicker.upper())
    artist_font = _font("regular", 40, card.artist)
    title_font, title_lines = _fit_title(_text(card.title, "bold"), width)
    blocks = [(_text(card.kicker.upper(), "bold"), kicker_font, accent_text, 22)]
    blocks += [(line, title_font, "#ffffff", 8) for line in title_lines]
    blocks[-1] = blocks[-1][:3] + (26,)
    blocks.append((_text(card.artist), artist_font, "#e8e4ee", 0))
    heights = [_line_height(font) for _, font, _, _ in blocks]
    total = sum(heights) + sum(gap for *_, gap in blocks)
    y = (HEIGHT - total) // 2
    for (text, font, colour, gap), height in zip(blocks, heights, strict=True):
        pen.text((left, y), _clip(text, font, width), font=font, fill=colour)
        y += height + gap
    if card.footer:
        footer_font = _font("regular", 24, card.footer)
        text = _clip(_text(card.footer), footer_font, WIDTH - 140)
        pen.text((WIDTH - 70, HEIGHT - 40), text, font=footer_font, fill="#cfcad6", anchor="rs")


def _fit_title(title: str, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the title wraps into three lines or fewer."""
    for size in (84, 76, 68, 60, 54, 48):
        font = _font("bold", size, title)
        lines = _wrap(title, font, width)
        if len(lines) <= 3 and all(font.getlength(line) <= width for line in lines):
            return font, lines
    font = _font("bold", 48, title)
    lines = _wrap(title, font, width)
    if len(lines) > 3:
        lines = lines[:2] + [" ".join(lines[2:])]
    return font, lines


def _wrap(text: str, font, width: int) -> list[str]:
    """Lines of at most `width`, broken between words (and between any two Chinese or Japanese characters)."""
    lines: list[str] = []
    for spaced, word in glyphs.units(text):
        joined = f"{lines[-1]}{' ' if spaced else ''}{word}" if lines else word
        if lines and font.getlength(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines or [""]


def _clip(text: str, font, width: int) -> str:
    """Cut a line that still does not fit, with an ellipsis."""
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _line_height(font) -> int:
    ascent, descent = font.getmetrics()
    return ascent + descent


def _text(text: str, weight: str = "regular") -> str:
    """What of `text` can be drawn: the characters no installed font has are left out. Pillow's own font,
    when the system has no font file at all, has few: keep the letters, drop the accents."""
    face = _face(weight, text)
    if face is None:
        return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode() or text
    return glyphs.drawable(text, face)


def _face(weight: str, text: str) -> glyphs.Font | None:
    """The font file that draws `text`: DejaVu, or one of glyphs.FALLBACKS for characters DejaVu lacks."""
    own = _font_path(weight)
    fonts = (((own, 0),) if own else ()) + glyphs.FALLBACKS[weight]
    if not text.strip() or not glyphs.installed(fonts):
        return (own, 0) if own else None
    return glyphs.choose(text, fonts)


@cache
def _font_path(weight: str) -> str | None:
    return next((path for path in FONTS[weight] if os.path.exists(path)), None)


_THREAD = threading.local()  # cards are drawn on several threads; a FreeType face is not for sharing between them


def _font(weight: str, size: int, text: str = ""):
    """The font at `size` that draws `text` (see _face); one FreeType face per thread."""
    face = _face(weight, text)
    fonts = _THREAD.__dict__.setdefault("fonts", {})
    if (face, size) not in fonts:
        fonts[face, size] = ImageFont.truetype(face[0], size, index=face[1], layout_engine=ImageFont.Layout.BASIC) \
            if face else ImageFont.load_default(size=size)
    return fonts[face, size]


@cache
def _font_ids() -> list[str]:
    """Which fonts draw the cards, by content: a card drawn with another font is another card."""
    ids = []
    for weight in sorted(FONTS):
        path = _font_path(weight)
        ids.append(hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16] if path else "pillow-default")
    return ids
