"""Responsive pictures: each cover resized to a few widths, as WebP and in its own format, cached between builds.

A fan on a phone downloads the width their screen needs (srcset/sizes), as
WebP where the browser takes it. Every resized file is kept under
CACHE_PATH/images, named by a hash of the source bytes and the settings that
drew it, so a rebuild copies unchanged pictures instead of redrawing them.
Encoding is deterministic: the same picture always gives the same bytes.
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

from PIL import Image, ImageOps, UnidentifiedImageError

from ..content import safefiles

log = logging.getLogger(__name__)

WIDTHS = (320, 640, 960, 1280, 1600)  # the largest is also the cap for huge originals
FOLDER = "images/sized"  # where resized files land in output/
VERSION = "2"  # change when the drawing below changes, so cached files are redrawn
FORMATS = {  # Pillow format → (extension, MIME type, save options)
    "JPEG": ("jpg", "image/jpeg", {"quality": 80, "optimize": True, "progressive": True}),
    "PNG": ("png", "image/png", {"compress_level": 9}),
    "WEBP": ("webp", "image/webp", {"quality": 78, "method": 4}),
}
WORKERS = max(1, min(4, os.cpu_count() or 1))


@dataclass(frozen=True)
class Variant:
    url: str  # relative to the site root, e.g. images/sized/night-drive-640.1a2b3c4d.webp
    width: int
    height: int


@dataclass(frozen=True)
class Picture:
    """What a template needs for <picture>: the variants, a fallback, and the shape to reserve."""

    width: int
    height: int
    src: str
    mime: str
    srcset: tuple[Variant, ...]  # in the picture's own format
    webp: tuple[Variant, ...]


def widths_for(width: int) -> list[int]:
    """The widths to make: the standard ones below the original, then the original (capped)."""
    return [w for w in WIDTHS if w < width] + ([width] if width <= WIDTHS[-1] else [])


_MEMO: dict[tuple, tuple[Picture, tuple[tuple[Path, str], ...]] | None] = {}  # pictures drawn in this process
_WRITTEN: set[tuple] = set()  # ... and copied into this build's output (the warm dev server builds again and again)


_SAFE: dict[tuple[str, str], bool] = {}  # this build's look at each picture's path (a cover shows on many pages)


def new_build(*_args) -> None:
    """Signal handler (initialized): a new build looks at each picture's path and copies its files again."""
    _WRITTEN.clear()
    _SAFE.clear()


def picture(content_path: str, output_path: str, cache_path: str, relative: str) -> Picture | None:
    """The responsive set for a picture in content/; None for SVG, GIF or a file Pillow cannot read.

    Writes the variants into output_path (from the cache when it has them).
    """
    source = Path(content_path) / relative
    if (content_path, relative) not in _SAFE:
        _SAFE[(content_path, relative)] = safefiles.is_safe(content_path, relative)
    if not _SAFE[(content_path, relative)]:  # a link is never read, let alone resized and published
        return None
    try:
        stamp = source.stat().st_mtime_ns
    except OSError:
        return None
    key = (str(source), stamp, cache_path)
    if key not in _MEMO:  # one build renders the same cover on many pages; the warm dev server many builds
        _MEMO[key] = _make(source, relative, Path(cache_path) / "images")
    made = _MEMO[key]
    if made is None:
        return None
    if (key, output_path) not in _WRITTEN:
        (Path(output_path) / FOLDER).mkdir(parents=True, exist_ok=True)
        try:
            for cached, name in made[1]:
                shutil.copyfile(cached, Path(output_path) / FOLDER / name)
        except FileNotFoundError:  # the cache was emptied under this process (the dev server): draw it again
            del _MEMO[key]
            return picture(content_path, output_path, cache_path, relative)
        _WRITTEN.add((key, output_path))
    return made[0]


def _make(source: Path, relative: str, cache: Path) -> tuple[Picture, tuple[tuple[Path, str], ...]] | None:
    """The picture's variants drawn into the cache (when not there yet); the Picture and its files to copy.
    When an earlier build drew them all, the picture is not decoded again: its format and upright size are
    kept next to them (a phone photo takes a tenth of a second or more to decode, on every cached build)."""
    if source.suffix.lower() in (".svg", ".gif"):  # vectors scale themselves; GIFs may be animated
        return None
    data = source.read_bytes()
    digest = hashlib.sha256(VERSION.encode() + data).hexdigest()
    stem = PurePosixPath(relative).stem
    known = _known_shape(cache, digest)
    if known is not None:
        planned = _planned(stem, digest, *known, cache)
        if all(cached.exists() for _fmt, _variant, (cached, _name) in planned):
            return _picture(known[0], planned)
    try:
        with Image.open(source) as opened:
            kind = opened.format
            if kind not in FORMATS:
                return None
            image = ImageOps.exif_transpose(opened)  # phone photos: upright, as the artist saw them
            image.load()
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError) as error:
        log.warning("%s: could not read the picture to resize it (%s); using it as it is", relative, error)
        return None
    planned = _planned(stem, digest, kind, *image.size, cache)
    # An RGB picture keeps its colour profile; a CMYK or grey one is converted, and its profile would lie.
    colour_profile = image.info.get("icc_profile") if image.mode in ("RGB", "RGBA") else None
    has_metadata = any(key in image.info for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment"))
    cache.mkdir(parents=True, exist_ok=True)

    def draw(job: tuple[str, Variant, tuple[Path, str]]) -> None:
        fmt, variant, (cached, _name) = job
        if not cached.exists():
            # At full size, the artist's own file wins when it is smaller and carries no camera metadata.
            full_size = (fmt, variant.width, variant.height) == (kind, *image.size) and not has_metadata
            _save(_resized(image, variant.width, variant.height, fmt), cached, fmt, FORMATS[fmt][2],
                  colour_profile, data if full_size else None)

    with ThreadPoolExecutor(WORKERS) as pool:  # Pillow lets go of the GIL while it resizes and encodes
        list(pool.map(draw, planned))
    _keep_shape(cache, digest, kind, *image.size)
    return _picture(kind, planned)


def _planned(stem: str, digest: str, kind: str, width: int, height: int,
             cache: Path) -> list[tuple[str, Variant, tuple[Path, str]]]:
    """Each variant of a picture of this format and upright size: (format, variant, (cached file, name))."""
    kinds = [kind] if kind == "WEBP" else [kind, "WEBP"]
    planned = []
    for fmt in kinds:
        extension = FORMATS[fmt][0]
        for w in widths_for(width):
            name = f"{stem}-{w}.{digest[:8]}.{extension}"
            planned.append((fmt, Variant(f"{FOLDER}/{name}", w, round(height * w / width)),
                            (cache / f"{digest[:32]}-{w}.{extension}", name)))
    return planned


def _picture(kind: str, planned: list[tuple[str, Variant, tuple[Path, str]]]) -> tuple[Picture, tuple]:
    own = tuple(v for fmt, v, _file in planned if fmt == kind)
    webp = tuple(v for fmt, v, _file in planned if fmt == "WEBP")
    fallback = next((v for v in own if v.width >= 640), own[-1])
    return (Picture(width=own[-1].width, height=own[-1].height, src=fallback.url, mime=FORMATS[kind][1],
                    srcset=own, webp=webp), tuple(file for _fmt, _v, file in planned))


def _known_shape(cache: Path, digest: str) -> tuple[str, int, int] | None:
    """(format, width, height) of a picture an earlier build decoded, kept with its variants."""
    try:
        kind, width, height = (cache / f"{digest[:32]}.shape").read_text(encoding="ascii").split()
        if kind in FORMATS and int(width) > 0 and int(height) > 0:
            return kind, int(width), int(height)
    except (OSError, ValueError, UnicodeDecodeError):
        pass
    return None


def _keep_shape(cache: Path, digest: str, kind: str, width: int, height: int) -> None:
    target = cache / f"{digest[:32]}.shape"
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        partial.write_text(f"{kind} {width} {height}\n", encoding="ascii")
        os.replace(partial, target)
    except OSError:  # only a slower next build
        log.debug("could not keep the shape of %s", target, exc_info=True)


def _resized(image: Image.Image, width: int, height: int, fmt: str) -> Image.Image:
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    mode = "RGBA" if has_alpha and fmt != "JPEG" else "RGB"
    converted = image.convert(mode) if image.mode != mode else image
    if converted.size == (width, height):
        # Its own copy: the sizes are saved on several threads, and Pillow keeps a save's options on the
        # picture itself, so two saves of one picture at once could take each other's (flaky bytes).
        return converted.copy() if converted is image else converted
    return converted.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _save(image: Image.Image, target: Path, fmt: str, options: dict, icc_profile: bytes | None,
          original: bytes | None = None) -> None:
    """Encode `image` (or keep `original` if it is smaller), written atomically: a build stopped
    halfway never leaves a truncated file in the cache."""
    extra = {"icc_profile": icc_profile} if icc_profile else {}
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    image.save(partial, fmt, **options, **extra)
    if original is not None and len(original) < partial.stat().st_size:
        partial.write_bytes(original)
    os.replace(partial, target)


@lru_cache(maxsize=4096)
def _size(path: str, stamp: float) -> tuple[int, int] | None:
    try:
        with Image.open(path) as image:  # reads the header only
            return image.size
    except (OSError, UnidentifiedImageError):
        return None


def image_size(content_path: str, relative: str) -> tuple[int, int] | None:
    """Width and height of a picture in content/, so pages reserve its space and nothing shifts."""
    path = os.path.join(content_path, relative)
    if not safefiles.is_safe(content_path, relative):
        return None
    try:
        return _size(path, os.stat(path).st_mtime)
    except OSError:
        return None
