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
    """The picture's variants drawn into the cache (when not there yet); the Picture and its files to copy."""
    if source.suffix.lower() in (".svg", ".gif"):  # vectors scale themselves; GIFs may be animated
        return None
    data = source.read_bytes()
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
    digest = hashlib.sha256(VERSION.encode() + data).hexdigest()
    stem = PurePosixPath(relative).stem
    kinds = [kind] if kind == "WEBP" else [kind, "WEBP"]
    jobs = [(w, round(image.height * w / image.width), k) for k in kinds for w in widths_for(image.width)]
    # An RGB picture keeps its colour profile; a CMYK or grey one is converted, and its profile would lie.
    colour_profile = image.info.get("icc_profile") if image.mode in ("RGB", "RGBA") else None
    has_metadata = any(key in image.info for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment"))
    cache.mkdir(parents=True, exist_ok=True)

    def one(job):
        width, height, fmt = job
        extension, _mime, options = FORMATS[fmt]
        name = f"{stem}-{width}.{digest[:8]}.{extension}"
        cached = cache / f"{digest[:32]}-{width}.{extension}"
        if not cached.exists():
            # At full size, the artist's own file wins when it is smaller and carries no camera metadata.
            keep = data if (fmt, width, height) == (kind, *image.size) and not has_metadata else None
            _save(_resized(image, width, height, fmt), cached, fmt, options, colour_profile, keep)
        return fmt, Variant(f"{FOLDER}/{name}", width, height), (cached, name)

    with ThreadPoolExecutor(WORKERS) as pool:  # Pillow lets go of the GIL while it resizes and encodes
        made = list(pool.map(one, jobs))
    own = tuple(v for fmt, v, _file in made if fmt == kind)
    webp = tuple(v for fmt, v, _file in made if fmt == "WEBP")
    fallback = next((v for v in own if v.width >= 640), own[-1])
    return (Picture(width=own[-1].width, height=own[-1].height, src=fallback.url, mime=FORMATS[kind][1],
                    srcset=own, webp=webp), tuple(file for _fmt, _v, file in made))


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
