"""Compiled templates kept between builds: Jinja parses and compiles each template once, not once per generator.

Pelican gives every generator its own Jinja environment, so a build used to
parse and compile the theme's templates about ten times over (most of a warm
rebuild's time). Jinja's bytecode cache is keyed by the template's name and
checked against a checksum of its source, so an edited template is compiled
again and nothing stale is ever rendered. The compiled code is kept in memory
(the warm `make serve` process) and in CACHE_PATH/templates (fresh processes).
The output is the same with or without it.

Within one build the theme does not change, so each environment trusts the
templates it loaded (no `auto_reload` check of every template's file time
before every page), and the theme's template list, which Pelican computes in
every generator only for a debug line, is made once per build.
"""
from __future__ import annotations

import os
from typing import Any

from jinja2.bccache import Bucket, FileSystemBytecodeCache
from jinja2.loaders import FileSystemLoader


class TemplateCache(FileSystemBytecodeCache):
    """Jinja's file bytecode cache with an in-memory layer; pickles as its folder alone (Pelican pickles settings)."""

    def __init__(self, directory: str) -> None:
        os.makedirs(directory, exist_ok=True)
        super().__init__(directory)
        self.compiled: dict[str, tuple[str, Any]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        kept = self.compiled.get(bucket.key)
        if kept is not None and kept[0] == bucket.checksum:
            bucket.code = kept[1]
            return
        super().load_bytecode(bucket)
        if bucket.code is not None:
            self.compiled[bucket.key] = (bucket.checksum, bucket.code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = (bucket.checksum, bucket.code)
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass  # a read-only or full cache folder only costs the next process a compile

    def __reduce__(self):
        return (shared, (self.directory,))


_CACHES: dict[str, TemplateCache] = {}


def shared(directory: str) -> TemplateCache:
    """The one cache of a folder in this process (the warm dev server's builds share it)."""
    directory = os.path.abspath(directory)
    if directory not in _CACHES:
        _CACHES[directory] = TemplateCache(directory)
    return _CACHES[directory]


_LISTED: dict[tuple[str, ...], list[str]] = {}  # this build's theme folders → the templates in them
_list_templates = FileSystemLoader.list_templates


def listed_once(loader: FileSystemLoader) -> list[str]:
    """FileSystemLoader.list_templates, walked once per build for the same folders (a copy each call)."""
    folders = tuple(os.fspath(path) for path in loader.searchpath)
    if folders not in _LISTED:
        _LISTED[folders] = _list_templates(loader)
    return list(_LISTED[folders])


def configure(pelican) -> None:
    """Signal handler (initialized): every generator's Jinja environment shares the compiled templates,
    trusts them for the whole build, and the theme is listed once."""
    settings = pelican.settings
    folder = os.path.join(settings.get("CACHE_PATH") or "cache", "templates")
    settings["JINJA_ENVIRONMENT"] = {**settings["JINJA_ENVIRONMENT"], "bytecode_cache": shared(folder),
                                     "auto_reload": False}
    _LISTED.clear()
    FileSystemLoader.list_templates = listed_once  # type: ignore[method-assign,assignment]
