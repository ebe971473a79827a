"""The fonts Fanzine ships, cut at build time to the characters the site uses, served from the site itself.

Each font lives in themes/fanzine/fonts/<id>/ as its Latin and Latin Extended
WOFF2 files with its licence (SIL Open Font License, fetched by
scripts/update_fonts.py). A theme preset (presets.py) names a heading and a
body font; artist.yml's `fonts:` may pick others, or `system` for the phone's
own font (no download at all).

Once every page is written, `write_fonts()` collects the characters of the
built pages (never a gated page's words: those are ciphertext by then) plus
printable ASCII and typographic punctuation, and cuts each font to them with
fontTools: only the weights the theme uses (a heading's one weight, a body's
400 to 700), no hinting, WOFF2. The result is cached under CACHE_PATH/fonts by
a hash of its inputs, like the social cards, and always comes out byte for
byte the same. Pages preload the Latin file; the Latin Extended one is only
fetched by a page that shows such a letter (unicode-range).
"""
from __future__ import annotations

import difflib
import hashlib
import html
import io
import logging
import os
import re
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..content.schema import Field
from ..errors import format_got
from ..outputs import pagescan
from ..pipeline import cores

log = logging.getLogger(__name__)

FOLDER = "theme/fonts"  # where the cut fonts land in output/
SUBSETS = ("latin", "latin-ext")
SYSTEM = "system"  # artist.yml's word for the device's own font
VERSION = "1"  # change when the cutting below changes, so cached fonts are cut again
BODY_WEIGHTS = (400, 700)  # regular text and bold (buttons, <strong>)
# Always kept, whatever the pages say: what scripts print after load (countdowns, "Link copied"), the words
# of an early-access page once a fan unlocks it, and the punctuation Markdown's smart quotes make.
ALWAYS = "".join(chr(c) for c in range(0x20, 0x7F)) + "\u00a0‘’“”–—…·•×«»©€£"


@dataclass(frozen=True)
class Font:
    """One family Fanzine ships. `display` fonts have one heavy weight: for headings only."""

    id: str
    family: str
    fallback: str  # the CSS stack used until it loads (and for letters it lacks)
    display: bool = False

    def files(self, sources: Path) -> dict[str, Path]:
        """Its source files in the theme's fonts/ folder, by subset (latin, latin-ext), those it has."""
        folder = sources / self.id
        return {subset: folder / f"{subset}.woff2" for subset in SUBSETS if (folder / f"{subset}.woff2").is_file()}

    def stack(self) -> str:
        return f'"{self.family}",{self.fallback}'


SANS = "system-ui,-apple-system,\"Segoe UI\",Roboto,Arial,sans-serif"
SERIF = "Georgia,\"Times New Roman\",serif"
MONO = "ui-monospace,Menlo,Consolas,monospace"
FONTS = {font.id: font for font in (
    Font("anton", "Anton", "Impact,\"Arial Narrow\",sans-serif", display=True),
    Font("chivo-mono", "Chivo Mono", MONO),
    Font("dm-sans", "DM Sans", SANS),
    Font("fraunces", "Fraunces", SERIF),
    Font("fredoka", "Fredoka", SANS),
    Font("inter", "Inter", SANS),
    Font("nunito", "Nunito", SANS),
    Font("orbitron", "Orbitron", SANS, display=True),
    Font("space-grotesk", "Space Grotesk", SANS),
    Font("syne", "Syne", SANS),
)}
SYSTEM_STACKS = {"heading": SANS, "body": SANS}


def normalise(name: str) -> str:
    """'Space Grotesk', 'space_grotesk' and 'space-grotesk' are the same font."""
    return re.sub(r"[\s_]+", "-", name.strip().lower())


class FontName(Field):
    """artist.yml's `fonts.heading` or `fonts.body`: a font Fanzine ships, or `system`."""

    def __init__(self, role: str, doc: str = ""):
        super().__init__(doc)
        self.role = role
        self.choices = sorted(f.id for f in FONTS.values() if role == "heading" or not f.display) + [SYSTEM]
        self.expected = "one of the fonts Fanzine ships: " + ", ".join(self.choices)

    def check(self, value, key, report):
        if not isinstance(value, str) or not value.strip():
            return self.fail(value, key, report)
        name = normalise(value)
        if name in self.choices:
            return name
        if name in FONTS:  # a display font asked to set body text
            return report.error(key, f"{FONTS[name].family} is a display font for headings only; for body text "
                                     f"expected one of: {', '.join(self.choices)}")
        close = difflib.get_close_matches(name, self.choices, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else " (see docs/themes.md)"
        return report.error(key, f"expected {self.expected}, got {format_got(value)}{hint}")


# --- what a site uses ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Typeface:
    """A font as one site sets it: which weights to keep (a range for a variable font, or one weight)."""

    font: Font
    weights: tuple[int, int]
    sources: Path  # the theme's fonts/ folder

    def files(self) -> dict[str, Path]:
        return self.font.files(self.sources)

    def name(self, subset: str) -> str:
        return f"{self.font.id}-{subset}.woff2"

    def weight_descriptor(self) -> str:
        low, high = self.weights
        return str(low) if low == high else f"{low} {high}"


def typefaces(heading: str, body: str, heading_weight: int, sources: Path) -> list[Typeface]:
    """The fonts a site downloads, each with the weights its role needs (one file when both roles share it).

    `sources` is the theme's fonts/ folder; a font it does not hold is left out (the fallback stack shows).
    """
    wanted: dict[str, list[int]] = {}
    if heading != SYSTEM:
        wanted.setdefault(heading, []).append(heading_weight)
    if body != SYSTEM:
        wanted.setdefault(body, []).extend(BODY_WEIGHTS)
    found = []
    for font_id, weights in wanted.items():
        if not FONTS[font_id].files(sources):
            log.warning("fonts: the theme has no files for %s in %s; the fallback font shows", font_id, sources)
            continue
        low, high = axis_range(FONTS[font_id], sources)
        clipped = [min(max(w, low), high) for w in weights]
        found.append(Typeface(FONTS[font_id], (min(clipped), max(clipped)), sources))
    return found


@cache
def axis_range(font: Font, sources: Path) -> tuple[int, int]:
    """The weights the font's files cover: the wght axis of a variable font, or its one weight."""
    from fontTools.ttLib import TTFont

    path = next(iter(font.files(sources).values()))
    with TTFont(path, lazy=True) as ttf:
        if "fvar" in ttf:
            axis = next(a for a in ttf["fvar"].axes if a.axisTag == "wght")
            return int(axis.minValue), int(axis.maxValue)
        weight = ttf["OS/2"].usWeightClass
        return weight, weight


def unicode_range(codes: frozenset[int] | set[int]) -> str:
    """Characters as a CSS unicode-range (U+41-5A,U+E9): the browser fetches a file only for those."""
    ordered = sorted(codes)
    ranges, start = [], None
    for index, code in enumerate(ordered):
        if start is None:
            start = code
        if index + 1 == len(ordered) or ordered[index + 1] != code + 1:
            ranges.append(f"U+{start:X}" if start == code else f"U+{start:X}-{code:X}")
            start = None
    return ",".join(ranges)


def subset_ranges(face: Typeface) -> dict[str, tuple[Path, frozenset[int]]]:
    """Each source file with the characters it alone serves: Latin Extended repeats some Latin letters
    (space, A, Ä) that must not make every page fetch it too."""
    found: dict[str, tuple[Path, frozenset[int]]] = {}
    taken: set[int] = set()
    for subset, path in face.files().items():
        codes = _codes(path) - taken
        found[subset] = (path, codes)
        taken |= codes
    return found


def font_faces(faces: list[Typeface], siteurl: str = "") -> str:
    """@font-face rules for the site's fonts: self-hosted, `swap` (text shows at once in the fallback)."""
    rules = []
    for face in faces:
        for subset, (_path, codes) in subset_ranges(face).items():
            rules.append(f'@font-face{{font-family:"{face.font.family}";font-style:normal;'
                         f"font-weight:{face.weight_descriptor()};font-display:swap;"
                         f'src:url("{siteurl}/{FOLDER}/{face.name(subset)}") format("woff2");'
                         f"unicode-range:{unicode_range(codes)}}}")
    return "\n".join(rules) + ("\n" if rules else "")


def preloads(faces: list[Typeface]) -> list[str]:
    """The files every page asks for before its stylesheet says so: each font's Latin subset."""
    return [f"{FOLDER}/{face.name('latin')}" for face in faces if "latin" in face.files()]


# --- cutting them at the end of a build ---------------------------------------------------------------

TAGS = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.S | re.I)


def site_characters(output: Path) -> str:
    """Every character a fan can read on the built pages, plus ALWAYS; sorted, so the same site gives the same set."""
    found = set(ALWAYS)
    for page in pagescan.html_files(output):
        found |= page_characters(pagescan.page_text(page))
    return "".join(sorted(c for c in found if c.isprintable() or c == "\u00a0"))


def characters_in_page(text: str) -> frozenset[str]:
    return frozenset(html.unescape(TAGS.sub(" ", text)))


page_characters = pagescan.PerPage(characters_in_page)  # the warm dev server re-reads only the pages it rendered again


def cut(source: Path, text: str, weights: tuple[int, int]) -> bytes:
    """The source font with only the glyphs for `text` and the `weights`, as WOFF2; deterministic."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(source, recalcTimestamp=False)
    options = subset.Options()
    options.hinting = False  # modern screens need none; it is a good part of a font's size
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # names, copyright, licence: the OFL travels with the font
    options.notdef_outline = True
    options.drop_tables += ["DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)  # first: instancing a whole variable font breaks on some of these files
    if "fvar" in font:
        limits = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes}
        low, high = weights
        limits["wght"] = low if low == high else (low, high)
        font = instancer.instantiateVariableFont(font, limits)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def cut_path(source: Path, text: str, weights: tuple[int, int], cache: Path) -> Path:
    """Where cached_cut keeps this cut: named by a hash of everything that shapes it."""
    key = hashlib.sha256("\0".join([VERSION, hashlib.sha256(source.read_bytes()).hexdigest(), text,
                                    f"{weights[0]}-{weights[1]}"]).encode()).hexdigest()
    return cache / f"{key[:32]}.woff2"


def cached_cut(source: Path, text: str, weights: tuple[int, int], cache: Path) -> bytes:
    """cut(), kept under CACHE_PATH/fonts (cut_path)."""
    cached = cut_path(source, text, weights, cache)
    if cached.exists():
        return cached.read_bytes()
    data = cut(source, text, weights)
    cache.mkdir(parents=True, exist_ok=True)
    partial = cached.with_name(f".{cached.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    os.replace(partial, cached)
    return data


def _cached_cut(arguments: tuple[Path, str, tuple[int, int], Path]) -> bytes:
    return cached_cut(*arguments)


def write_fonts(pelican) -> None:
    """Signal handler (finalized): cut the site's fonts to the characters its pages use, into output/theme/fonts/."""
    settings = pelican.settings
    faces = settings.get("FANZINE_TYPEFACES") or []
    output = Path(settings["OUTPUT_PATH"])
    if not faces or not output.is_dir():
        return
    text = site_characters(output)
    target = output / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    cache = Path(settings["CACHE_PATH"]) / "fonts"
    jobs = [(face.name(subset), (source, "".join(c for c in text if ord(c) in codes), face.weights, cache))
            for face in faces for subset, (source, codes) in subset_ranges(face).items()]
    # Cutting a font is seconds of pure Python: the cuts the cache lacks run side by side on the cores first.
    cores.spread(_cached_cut, [arguments for _name, arguments in jobs if not cut_path(*arguments).exists()],
                 smallest=2, chunk=1)
    for name, arguments in jobs:
        (target / name).write_bytes(_cached_cut(arguments))
    for face in faces:
        licence = face.sources / face.font.id / "LICENSE"
        if licence.is_file():  # the OFL travels with the fonts it covers
            shutil.copyfile(licence, target / f"{face.font.id}-LICENSE.txt")


def _codes(source: Path) -> frozenset[int]:
    found = Path(source).stat()  # by its stamp: the warm `make serve` process sees a replaced font
    return _codes_of(str(source), found.st_mtime_ns, found.st_size)


@cache
def _codes_of(source: str, _stamp: int, _size: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(source, lazy=True) as ttf:
        return frozenset(ttf.getBestCmap())
