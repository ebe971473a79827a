"""Pelican's pure path arithmetic, done once per file instead of on every look-up.

Pelican works out an item's path relative to content/ each time anything asks
for its `url` or `save_as` (a template, a listing, a feed, the plugin): on a
1,000-item hub that is 6,700 `os.path.relpath` calls per build, a twentieth of
a save in the dev server. The answer depends only on the two absolute paths,
so it is kept.
"""
from __future__ import annotations

import functools
import os

from pelican.contents import Content
from pelican.utils import posixize_path


@functools.lru_cache(maxsize=65536)
def relative_path(content: str, source: str) -> str:
    """`source` relative to the content folder, with forward slashes (both paths absolute)."""
    return posixize_path(os.path.relpath(os.path.abspath(os.path.join(content, source)), os.path.abspath(content)))


def relative_source_path(self: Content, source_path: str | None = None) -> str | None:
    """Content.get_relative_source_path, kept per pair of absolute paths (a relative one depends on where
    the process stands, so it is worked out each time as Pelican does)."""
    source_path = source_path or self.source_path
    if source_path is None:
        return None
    content = self.settings["PATH"]
    if not (os.path.isabs(content) and os.path.isabs(source_path)):
        return posixize_path(os.path.relpath(os.path.abspath(os.path.join(content, source_path)),
                                             os.path.abspath(content)))
    return relative_path(content, source_path)


def install(*_pelican: object) -> None:
    """Signal handler (initialized): Pelican's Content takes the kept version (again is harmless)."""
    Content.get_relative_source_path = relative_source_path
