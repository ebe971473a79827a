"""The theme's templates rendered in Pelican's own Jinja environment, as a generator has it, for partials' tests."""
from __future__ import annotations

import functools
import tempfile

import jinja2

from conftest import ROOT

THEME = ROOT / "themes" / "fanzine"


def pelican_environment(**filters) -> jinja2.Environment:
    """Pelican's environment over the theme (overrides/ and the theme's templates), with fanzine's settings and
    the site's filters (the theme's icons, plus `filters`)."""
    from pelican.generators import Generator
    from pelican.settings import read_settings

    from fanzine.pipeline.settings import with_defaults
    from fanzine.theme import icons, players

    settings = with_defaults(read_settings(override={"THEME": str(THEME), "THEME_TEMPLATES_OVERRIDES": []}))
    settings["JINJA_FILTERS"] = {"icon": functools.partial(icons.inline, str(THEME)), "players": players.players,
                                 **filters}
    return Generator(context={}, settings=settings, path=str(ROOT), theme=str(THEME),
                     output_path=tempfile.gettempdir()).env
