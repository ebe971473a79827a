"""The artist's own mark: tab icon, home-screen icons and web app manifest from the avatar, and the hero backdrop.

- favicon.ico (16, 32 and 48 px) and favicon.svg when the avatar is an SVG;
  apple-touch-icon.png (180 px, what iOS puts on a home screen); icons/icon-192,
  icon-512 and maskable-512 for the web app manifest (manifest.webmanifest:
  name, colours of the theme preset, start address). Without an avatar, or
  with an SVG one for the PNG sizes, the icons show the artist's initials on
  their accent colour, in the theme's heading font: never Fanzine's own mark.
- The hero backdrop behind the name on the home and link pages, from
  artist.yml's `background:` picture: cropped to a band, softened (a backdrop
  is no photo to study, and a soft one weighs less), in two widths. Its
  overlay (`scrim`) is worked out from the picture itself: the least opacity
  of the page colour at which the theme's text colour (every word over the
  picture takes it) still reads at 4.5:1 over its brightest (dark scheme) or
  darkest (light scheme) part.

Everything is drawn once per change and kept under CACHE_PATH/marks, named by
a hash of what it is drawn from, like the social cards (socialcards.py).
"""
from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import shutil
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

from ..content import safefiles
from ..theme import colours, fonts
from . import glyphs

log = logging.getLogger(__name__)

VERSION = "3"  # change when the drawing changes, so cached marks are redrawn
MANIFEST = "manifest.webmanifest"
FAVICON, FAVICON_SVG, TOUCH_ICON = "favicon.ico", "favicon.svg", "apple-touch-icon.png"
ICONS = {"icons/icon-192.png": (192, "any"), "icons/icon-512.png": (512, "any"),
         "icons/maskable-512.png": (512, "maskable")}
FAVICON_SIZES = [(16, 16), (32, 32), (48, 48)]
HERO_FOLDER = "images/hero"
HERO_WIDTHS = (800, 1600)  # a phone's band and a desktop's
HERO_SHAPE = 2.0  # width / height of the band the backdrop is cut to
SHORT_NAME = 12  # characters a home screen shows under an icon
DEJAVU_BOLD = ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf")
RASTER = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif")


@dataclass(frozen=True)
class HeroPicture:
    """The hero backdrop: WebP widths for srcset, a JPEG fallback, and the overlay for each scheme."""

    webp: tuple[tuple[str, int, int], ...]  # (path in output/, width, height)
    jpeg: tuple[str, int, int]
    scrim: tuple[float, float]  # opacity of the page colour over it: light scheme, dark scheme
    sources: dict = field(default_factory=dict, compare=False)  # output path → cache file


@dataclass(frozen=True)
class Marks:
    """What a build writes for the artist's mark, and what its pages link."""

    files: dict[str, Path]  # output path → cache file (icons, favicon)
    manifest: str  # its JSON
    svg_icon: bool
    theme_colours: tuple[str, str]  # <meta name="theme-color">, light and dark


# --- the icons ----------------------------------------------------------------------------------------

def initials(name: str) -> str:
    words = [w for w in name.split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[:2]).upper() or "♪"


def _avatar(content: str, relative: str | None) -> Image.Image | None:
    if not relative or not relative.lower().endswith(RASTER) or not safefiles.is_safe(content, relative):
        return None
    try:
        with Image.open(Path(content) / relative) as image:
            image.draft("RGB", (512, 512))
            return ImageOps.exif_transpose(image).convert("RGBA")
    except (OSError, Image.DecompressionBombError) as error:
        log.warning("%s: could not read the avatar to draw the site's icons (%s); using your initials", relative,
                    error)
        return None


@lru_cache(maxsize=8)
def _heading_font(path: str | None, size: int):
    """The theme's heading font for Pillow (WOFF2 turned into plain OpenType in memory), else DejaVu."""
    if path:
        try:

            font = TTFont(path)
            font.flavor = None
            data = io.BytesIO()
            font.save(data)
            data.seek(0)
            return ImageFont.truetype(data, size)
        except (OSError, ValueError, KeyError, AssertionError, TTLibError) as error:  # a damaged font file:
            # the icon still gets drawn
            log.debug("marks: heading font %s unusable (%s)", path, error)
    for candidate in DEJAVU_BOLD:
        if os.path.exists(candidate):
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)


def _own_face(font_path: str | None) -> glyphs.Font | None:
    """The font initials are drawn in: the theme's heading font, else DejaVu (None: Pillow's own)."""
    return (font_path, 0) if font_path else next(((p, 0) for p in DEJAVU_BOLD if os.path.exists(p)), None)


def _other_face(font_path: str | None, letters: str) -> glyphs.Font | None:
    """A system font for initials the heading font (or DejaVu) has no glyphs for; None when it has them."""
    own = _own_face(font_path)
    needed = {ord(c) for c in letters}
    if own is None or needed <= glyphs.characters(own):
        return None
    return glyphs.choose(letters, glyphs.FALLBACKS["bold"])


def draw_icon(size: int, purpose: str, avatar: Image.Image | None, name: str, accent: str,
              font_path: str | None, opaque: bool = False) -> Image.Image:
    """One square icon: the avatar filling it, or the initials on the accent (rounded, unless maskable/opaque)."""
    if avatar is not None:
        icon = ImageOps.fit(avatar, (size, size), Image.Resampling.LANCZOS)
        return icon.convert("RGB") if opaque or purpose == "maskable" else icon
    canvas = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(canvas)
    if opaque or purpose == "maskable":
        pen.rectangle((0, 0, size, size), fill=accent)
    else:
        pen.rounded_rectangle((0, 0, size - 1, size - 1), radius=round(size * 0.22), fill=accent)
    letters = initials(name)
    # a maskable icon keeps its content inside the middle 80% circle
    scale = 0.34 if purpose == "maskable" else 0.44
    points = max(8, round(size * scale / max(1, len(letters) * 0.62)))
    other = _other_face(font_path, letters)
    if other is None:  # what the heading font lacks, no font here has: left out, never an empty square
        font, letters = _heading_font(font_path, points), glyphs.drawable(letters, _own_face(font_path))
    else:  # "森": the theme's fonts have no such letter
        font, letters = ImageFont.truetype(other[0], points, index=other[1]), glyphs.drawable(letters, other)
    if letters.strip():
        pen.text((size / 2, size / 2), letters, font=font, fill=colours.text_on(accent), anchor="mm")
    return canvas.convert("RGB") if opaque or purpose == "maskable" else canvas


def _png(image: Image.Image) -> bytes:
    """PNG with at most 256 colours: a photo's icon weighs a third as much and looks the same at icon size."""
    if image.mode == "RGBA":
        small = image.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    else:
        small = image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.FLOYDSTEINBERG)
    out = io.BytesIO()
    small.save(out, "PNG", optimize=True)
    return out.getvalue()


def _ico(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "ICO", sizes=FAVICON_SIZES)
    return out.getvalue()


def short_name(name: str) -> str:
    """What a home screen shows under the icon: the name, or as many of its first words as fit."""
    if len(name) <= SHORT_NAME:
        return name
    words, kept = name.split(), ""
    for word in words:
        if len(f"{kept} {word}".strip()) > SHORT_NAME:
            break
        kept = f"{kept} {word}".strip()
    return kept or name[:SHORT_NAME]


def manifest(name: str, description: str, language: str, background: str, theme_colour: str) -> str:
    """The web app manifest: fans can add the hub to a home screen, with the artist's icon and colours."""
    data = {
        "name": name, "short_name": short_name(name), "description": description, "lang": language,
        "id": "./", "start_url": "./", "scope": "./", "display": "standalone",
        "background_color": background, "theme_color": theme_colour,
        "icons": [{"src": path, "sizes": f"{size}x{size}", "type": "image/png", "purpose": purpose}
                  for path, (size, purpose) in ICONS.items()],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def plan(settings: dict, look) -> Marks:
    """Draw (or find in the cache) the site's icons; what the build writes and the pages link."""
    artist = settings.get("FANZINE_ARTIST", {})
    content = settings["PATH"]
    name = artist.get("name") or settings.get("SITENAME", "")
    avatar_path = artist.get("avatar")
    avatar = _avatar(content, avatar_path)
    heading = fonts.FONTS.get(look.heading_font)
    font_file = next(iter(heading.files(Path(settings["THEME"]) / "fonts").values()), None) if heading else None
    digest = hashlib.sha256()
    letters, own = initials(name), _own_face(str(font_file) if font_file else None)
    other = _other_face(str(font_file) if font_file else None, letters)
    lacking = own is not None and not {ord(c) for c in letters} <= glyphs.characters(own)
    for part in (VERSION, name, look.accent, str(font_file and _file_hash(font_file)),
                 *([glyphs.VERSION, *(glyphs.identity((other,)) if other else ())] if lacking else [])):
        digest.update(part.encode() + b"\0")  # initials their font has keep the key they had
    if avatar is not None:
        digest.update(_file_hash(Path(content) / avatar_path).encode())
    key = digest.hexdigest()[:24]
    cache = Path(settings["CACHE_PATH"]) / "marks"
    files: dict[str, Path] = {}

    def cached(target: str, draw) -> None:
        path = cache / f"{key}-{target.replace('/', '-')}"
        if not path.exists():
            cache.mkdir(parents=True, exist_ok=True)
            _atomic(path, draw())
        files[target] = path

    def draw(size: int, purpose: str, opaque: bool = False):
        return draw_icon(size, purpose, avatar, name, look.accent, str(font_file) if font_file else None, opaque)

    cached(FAVICON, lambda: _ico(draw(48, "any")))
    cached(TOUCH_ICON, lambda: _png(draw(180, "any", opaque=True)))
    for target, (size, purpose) in ICONS.items():
        cached(target, lambda size=size, purpose=purpose: _png(draw(size, purpose)))
    svg = bool(avatar_path and avatar_path.lower().endswith(".svg") and safefiles.is_safe(content, avatar_path))
    if svg:
        files[FAVICON_SVG] = Path(content) / avatar_path
    preset = look.preset
    signature = preset.dark if preset.signature == "dark" else preset.light
    text = manifest(name, artist.get("tagline") or artist.get("description") or name,
                    settings.get("DEFAULT_LANG", "en"), signature.bg, signature.bg)
    return Marks(files=files, manifest=text, svg_icon=svg, theme_colours=(preset.light.bg, preset.dark.bg))


def _file_hash(path: Path) -> str:
    found = Path(path).stat()  # by its stamp: the warm `make serve` process sees a replaced avatar
    return _hash_of(str(path), found.st_mtime_ns, found.st_size)


@lru_cache(maxsize=64)
def _hash_of(path: str, _stamp: int, _size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# --- the hero backdrop --------------------------------------------------------------------------------

def hero(settings: dict, look) -> HeroPicture | None:
    """artist.yml's `background:` as the hero backdrop, with the overlay that keeps the words over it readable.

    Drawn once: the files and the overlay's opacities are kept in CACHE_PATH/marks by a hash of the picture
    and the preset's colours, so a rebuild opens no picture at all.
    """
    relative = settings.get("FANZINE_ARTIST", {}).get("background")
    content = settings["PATH"]
    if not relative or not relative.lower().endswith(RASTER) or not safefiles.is_safe(content, relative):
        return None
    try:
        data = (Path(content) / relative).read_bytes()
    except OSError:
        return None
    palettes = (look.preset.light, look.preset.dark)
    key = hashlib.sha256(VERSION.encode() + data + repr(palettes).encode()).hexdigest()[:16]
    cache = Path(settings["CACHE_PATH"]) / "marks"
    plan_file = cache / f"hero-{key}.json"
    if not plan_file.exists():
        try:
            with Image.open(io.BytesIO(data)) as image:
                image.draft("RGB", (HERO_WIDTHS[-1], HERO_WIDTHS[-1]))
                band = _band(ImageOps.exif_transpose(image).convert("RGB"))
        except (OSError, Image.DecompressionBombError) as error:
            log.warning("%s: could not read the background picture (%s); the theme's own backdrop shows",
                        relative, error)
            return None
        cache.mkdir(parents=True, exist_ok=True)
        _atomic(plan_file, json.dumps(_draw_hero(band, key, cache, palettes)).encode())
    plan = json.loads(plan_file.read_text(encoding="utf-8"))
    stem = Path(relative).stem
    named = {width: f"{HERO_FOLDER}/{stem}-{width}.{key[:8]}" for width, _height in plan["sizes"]}
    webp = tuple((f"{named[w]}.webp", w, h) for w, h in plan["sizes"])
    jpeg_width, jpeg_height = plan["sizes"][0]
    sources = {f"{named[w]}.webp": cache / f"hero-{key}-{w}.webp" for w, _h in plan["sizes"]}
    sources[f"{named[jpeg_width]}.jpg"] = cache / f"hero-{key}-{jpeg_width}.jpg"
    return HeroPicture(webp=webp, jpeg=(f"{named[jpeg_width]}.jpg", jpeg_width, jpeg_height),
                       scrim=tuple(plan["scrim"]), sources=sources)


def _draw_hero(band: Image.Image, key: str, cache: Path, palettes) -> dict:
    """Write the softened band in each width (WebP, and JPEG for the smallest) and work out the overlay."""
    sizes: list[tuple[int, int]] = []
    for width in HERO_WIDTHS:
        if width > band.width and sizes:
            break
        shown = band if band.width <= width else band.resize((width, round(band.height * width / band.width)),
                                                              Image.Resampling.LANCZOS)
        soft = _soften(shown)
        sizes.append((soft.width, soft.height))
        for fmt, ext, options in (("WEBP", "webp", {"quality": 70, "method": 6}),
                                  ("JPEG", "jpg", {"quality": 72, "optimize": True, "progressive": True})):
            if fmt == "WEBP" or len(sizes) == 1:
                out = io.BytesIO()
                soft.save(out, fmt, **options)
                _atomic(cache / f"hero-{key}-{soft.width}.{ext}", out.getvalue())
    # measured on the softened picture as a phone gets it, at a quarter of its width, each sample the brightest
    # (and the darkest) of its neighbours: whatever a glyph lands on
    phone = (HERO_WIDTHS[0], round(HERO_WIDTHS[0] * band.height / band.width))
    soft = _soften(band.resize(phone, Image.Resampling.LANCZOS))
    small = soft.resize((200, max(1, round(200 * soft.height / soft.width))), Image.Resampling.BOX)
    sample = _both(small.filter(ImageFilter.MaxFilter(3)), small.filter(ImageFilter.MinFilter(3)))
    scrim = [scrim_for(sample, palette.bg, (palette.text,)) for palette in palettes]  # over it, every word is --text
    return {"sizes": sizes, "scrim": scrim}


def _atomic(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    os.replace(partial, path)


def _soften(picture: Image.Image) -> Image.Image:
    return picture.filter(ImageFilter.GaussianBlur(picture.width / 400))


def _both(bright: Image.Image, dark: Image.Image) -> Image.Image:
    """One strip holding both samples: scrim_for() looks at the darkest and the brightest pixels of it."""
    strip = Image.new("RGB", (bright.width + dark.width, max(bright.height, dark.height)))
    strip.paste(bright, (0, 0))
    strip.paste(dark, (bright.width, 0))
    return strip


def _band(picture: Image.Image) -> Image.Image:
    """The middle of the picture at HERO_SHAPE, at most the widest hero width."""
    width = min(picture.width, HERO_WIDTHS[-1])
    height = round(width / HERO_SHAPE)
    return ImageOps.fit(picture, (width, height), Image.Resampling.LANCZOS)


def scrim_for(sample: Image.Image, page: str, texts: tuple[str, ...], step: float = 0.02) -> float:
    """The least opacity of the page colour over `sample` at which every text colour reads at 4.5:1 on every
    pixel: as the browser blends it (in sRGB), so what this promises is what a fan sees."""
    by_light = sorted(set(pixels_of(sample)), key=lambda p: colours.luminance(_blend(p, p, 0)))
    pixels = by_light[:64] + by_light[-64:]  # the darkest and the brightest decide
    overlay = (int(page[1:3], 16), int(page[3:5], 16), int(page[5:7], 16))
    alpha = 0.0
    while alpha < 1:
        if all(_reads(texts, _blend(pixel, overlay, alpha)) for pixel in pixels):
            return round(min(1.0, alpha + 0.04), 2)  # and a little more, for the pixels between samples
        alpha = round(alpha + step, 2)
    return 1.0


def pixels_of(image: Image.Image) -> list[tuple[int, int, int]]:
    """Every pixel of a picture as (r, g, b)."""
    data = image.convert("RGB").tobytes()
    return [(data[i], data[i + 1], data[i + 2]) for i in range(0, len(data), 3)]


def _blend(pixel: tuple[int, int, int], overlay: tuple[int, int, int], alpha: float) -> str:
    return "#" + "".join(f"{round(alpha * o + (1 - alpha) * p):02x}" for p, o in zip(pixel, overlay, strict=True))


def _reads(texts: tuple[str, ...], background: str) -> bool:
    return all(colours.contrast(text, background) >= colours.TEXT_CONTRAST for text in texts)


# --- writing them -------------------------------------------------------------------------------------

class MarksGenerator:
    """A Pelican generator that writes the icons, the manifest and the hero backdrop into output/."""

    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
        self.settings, self.output_path = settings, Path(output_path)

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer) -> None:
        marks: Marks | None = self.settings.get("FANZINE_MARKS")
        hero_picture: HeroPicture | None = self.settings.get("FANZINE_HERO")
        files = dict(marks.files) if marks else {}
        if hero_picture:
            files.update(hero_picture.sources)
        for target, source in sorted(files.items()):
            path = self.output_path / target
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, path)
        if marks:
            (self.output_path / MANIFEST).write_text(marks.manifest, encoding="utf-8")


def get_generators(pelican):
    return [MarksGenerator]
