"""Theme assets made at build time: one stylesheet with the artist's look, and picture sizes.

The theme's CSS is one file per component, listed in order by css/main.css.
Fans get them as one file (one request on a weak connection), opened by the
theme preset's fonts and tokens (presets.py) and closed by its own rules, so
no inline style is needed and a strict CSP can ship.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from . import presets, safefiles

IMPORT = re.compile(r'@import\s+(?:url\()?["\']?([\w./-]+\.css)["\']?\)?\s*;')
STYLESHEET = "theme/css/fanzine.css"


def bundle_css(main: Path) -> str:
    """main.css with each `@import "x.css";` replaced by that file, in order."""
    folder = main.parent
    return IMPORT.sub(lambda m: (folder / m.group(1)).read_text(encoding="utf-8").strip() + "\n",
                      main.read_text(encoding="utf-8"))


class ThemeAssetsGenerator:
    """A Pelican generator that writes the bundled stylesheet into output/theme/css/."""

    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
        self.settings, self.output_path = settings, output_path

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer) -> None:
        css = presets.head_rules(self.settings)  # fonts and the theme preset's tokens
        css += bundle_css(Path(self.settings["THEME"]) / "static" / "css" / "main.css") + presets.skin(self.settings)
        target = Path(self.output_path) / STYLESHEET
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(css, encoding="utf-8")


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
