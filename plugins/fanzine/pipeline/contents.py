"""Content classes for the types Pelican lacks; a class's name picks its URL settings.

`Release` reads RELEASE_URL / RELEASE_SAVE_AS, `Playlist` PLAYLIST_*, and so on
(see pelicanconf.py). Stories are Pelican articles and pages are Pelican pages.
"""
from __future__ import annotations

from pelican.contents import Page


class Release(Page):
    """A single, EP or album: /releases/<slug>/."""

    default_template = "release"


class Playlist(Page):
    """A community playlist, usually sent in by a fan: /playlists/<slug>/."""

    default_template = "playlist"


class LinkPage(Page):
    """A link-in-bio page: /links/ for links/index.md, /links/<slug>/ for the others."""

    default_template = "links"

    @property
    def is_main(self) -> bool:
        return self.slug == "index"


class Early(Page):
    """An early-access page: /early/<slug>/, locked until a fan unlocks it."""

    default_template = "early"
