"""Service icons: the theme's SVG sprite, inlined one glyph at a time where a page shows it.

Inline SVG costs no request and draws in the text colour (currentColor), so
icons follow light and dark mode; a page carries only the glyphs it uses.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache

from markupsafe import Markup

SPRITE = os.path.join("static", "icons", "platforms.svg")
FALLBACK = "link"  # a service the theme has no glyph for gets the chain link
_SYMBOL = re.compile(r'<symbol id="([\w-]+)"([^>]*)>(.*?)</symbol>', re.S)
_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
# Line icons: 2-unit round strokes unless a symbol or one of its shapes says otherwise.
DEFAULTS = {"fill": "none", "stroke": "currentColor", "stroke-width": "2", "stroke-linecap": "round",
            "stroke-linejoin": "round"}


@lru_cache(maxsize=8)
def _load(path: str, stamp: float) -> dict[str, tuple[dict[str, str], str]]:
    with open(path, encoding="utf-8") as sprite:
        text = sprite.read()
    return {name: (dict(_ATTRIBUTE.findall(attributes)), body.strip())
            for name, attributes, body in _SYMBOL.findall(text)}


def glyphs(theme_path: str) -> dict[str, tuple[dict[str, str], str]]:
    """Every symbol in the theme's sprite: name → (its attributes, its shapes)."""
    path = os.path.join(theme_path, SPRITE)
    return _load(path, os.stat(path).st_mtime)


def has_icon(theme_path: str, name: str) -> bool:
    return name in glyphs(theme_path)


def inline(theme_path: str, name: str, css_class: str = "icon") -> Markup:
    """An <svg> for `name`, hidden from screen readers: the text next to it already says what it is."""
    known = glyphs(theme_path)
    attributes, body = known.get(name) or known[FALLBACK]
    root = {**DEFAULTS, **attributes}
    view_box = root.pop("viewBox", "0 0 24 24")
    drawn = " ".join(f'{key}="{value}"' for key, value in root.items())
    return Markup(f'<svg class="{css_class}" width="20" height="20" viewBox="{view_box}" {drawn} '
                  f'aria-hidden="true">{body}</svg>')
