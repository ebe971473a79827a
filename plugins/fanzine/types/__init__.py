"""The content types: one module per folder of content/, and artist.yml; the registry everything is derived from.

releases, stories, playlists, links, pages and early each declare a ContentType (registry.py); artist.py
declares artist.yml's keys.
"""
from __future__ import annotations

from .registry import (
                       Build,
                       ContentType,
                       Feed,
                       ItemPage,
                       Listing,
                       Nav,
                       Scaffold,
                       add,
                       by_folder,
                       content_types,
                       folders,
                       remove,
)

__all__ = ["Build", "ContentType", "Feed", "ItemPage", "Listing", "Nav", "Scaffold", "add", "by_folder",
           "content_types", "folders", "remove"]
