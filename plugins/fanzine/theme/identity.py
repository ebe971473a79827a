"""The hub's identity, worked out once per build: its theme preset and fonts, its icons and its hero backdrop.

`configure()` runs with artist.yml (site.py): it settles the accent (the
artist's, else the preset's), the look (presets.py), the fonts to cut
(fonts.py), the icons, manifest and hero backdrop (marks.py), and hands the
templates what they link: FANZINE_LOOK, FANZINE_FONT_PRELOADS, FANZINE_MARKS
and FANZINE_HERO.
"""
from __future__ import annotations

from dataclasses import replace

from ..outputs import marks
from . import fonts, presets


def configure(settings: dict, artist: dict) -> None:
    """Settle the look for this build; `artist` (artist.yml, cleaned) gets its effective accent."""
    look = presets.look(artist, settings["THEME"])
    artist["accent"] = look.accent  # link previews, release cards and icons use the same colour as the pages
    hero = marks.hero(settings, look)
    if hero is not None:
        look = replace(look, scrim=hero.scrim)
    settings["FANZINE_LOOK"] = look
    settings["FANZINE_TYPEFACES"] = list(look.typefaces)
    settings["FANZINE_FONT_PRELOADS"] = fonts.preloads(list(look.typefaces))
    settings["FANZINE_HERO"] = hero
    settings["FANZINE_MARKS"] = marks.plan(settings, look)
