"""The Markdown reader: YAML front matter in, Pelican metadata out.

An equivalent of pelican-plugins' yaml-metadata reader, written here because
that reader logs and drops a file whose YAML is broken; ours checks every key
against the content type's schema and turns mistakes into artist-facing
problems (which `fanzine check` has already reported before any build).

It renders the whole body: Pelican's own MarkdownReader switches on Markdown's
`meta` extension, which silently takes a body's first lines shaped like
`Update: we swapped the mixer` (or a bare `https://` link) as metadata. Our
front matter is YAML, so no extension that takes text out of a body is used,
and Pelican's other readers (reStructuredText, HTML, .mkd) are switched off:
`fanzine check` says such files are ignored, and they are.
"""
from __future__ import annotations

import copyreg
import datetime as dt
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from markdown import Markdown
from markdown.extensions.meta import MetaExtension
from pelican.contents import Tag
from pelican.readers import BaseReader
from pelican.utils import SafeDatetime

from ..content import frontmatter, safefiles
from ..content.check import slug_for
from ..content.schema import INVALID, Date, Report
from ..early import sources
from ..early.sealing import is_sealed_name, plain_path
from ..errors import ContentError, Problem, display_path
from ..types import registry
from . import prefetch

# Front matter already cleaned by this build's `fanzine check`, by real path (filled by site.configure).
# A module variable, not a setting: Pelican pickles settings into its cache.
CHECKED: dict[str, dict] = {}
CHECKED_STAMPS: dict[str, tuple[int, int]] = {}  # each checked file's (size, mtime in ns) before the check read it
_SETTINGS: list[dict] = [{}]  # the settings of the build reading content now (add_reader)


class BuildSettings(Mapping):
    """The settings of the build running now, for the tags Pelican's content cache gives back."""

    def __getitem__(self, key: str) -> Any:
        return _SETTINGS[0][key]

    def __iter__(self) -> Iterator[str]:
        return iter(_SETTINGS[0])

    def __len__(self) -> int:
        return len(_SETTINGS[0])


def tag_from_cache(name: str, slug: str | None, slug_from_name: bool) -> Tag:
    tag = Tag(name, BuildSettings())
    tag._slug, tag._slug_from_name = slug, slug_from_name
    return tag


def tag_for_cache(tag: Tag) -> tuple:
    """A tag in Pelican's content cache is its name and slug, not a copy of every setting: with one per tag
    per file, the stories' cache of a 1,000-item hub was 2.6 MB, gzipped and read back on every build."""
    return tag_from_cache, (tag.name, tag._slug, tag._slug_from_name)


copyreg.pickle(Tag, tag_for_cache)

# Markdown extensions that take text out of a body (by the names Markdown accepts for them).
TEXT_EATERS = {"meta", "markdown.extensions.meta", "markdown.extensions.meta:MetaExtension"}


def _eats_text(extension) -> bool:
    return isinstance(extension, MetaExtension) or (isinstance(extension, str) and extension in TEXT_EATERS)


def markdown_options(settings: dict) -> dict:
    """The MARKDOWN setting as every fanzine renderer uses it: each configured extension, none that drops text."""
    options = dict(settings["MARKDOWN"])
    listed = list(options.get("extensions", []))
    configs = options.get("extension_configs", {})
    named = listed + [name for name in configs if name not in listed]
    options["extensions"] = [extension for extension in named if not _eats_text(extension)]
    options["extension_configs"] = {name: config for name, config in configs.items() if not _eats_text(name)}
    return options


class FanzineReader(BaseReader):
    """Reads content/<folder>/*.md with YAML front matter checked against the folder's schema."""

    enabled = True
    file_extensions = ["md", "markdown", "sealed"]  # *.md.sealed: an early-access page sealed in git

    def __init__(self, settings):
        super().__init__(settings)
        self._options = markdown_options(self.settings)
        self._made: Markdown | None = None
        self._options_id = prefetch.options_id(self._options) if prefetch.RENDERED else ""

    @property
    def _markdown(self) -> Markdown:
        """Made when a body is first rendered: a rebuild that finds every body in the cache makes none."""
        if self._made is None:
            self._made = Markdown(**self._options)
        return self._made

    def read(self, source_path: str):
        relative = Path(source_path).relative_to(self.settings["PATH"])
        refused = safefiles.unsafe_reason(self.settings["PATH"], relative)
        if refused:  # Pelican follows links; a build that skipped the check must still never read one
            raise ContentError([Problem(display_path(Path(source_path)), "", f"not read: it {refused}")])
        folder = relative.parts[0]
        checked = CHECKED.get(os.path.realpath(source_path))
        if is_sealed_name(source_path):
            if checked is None:  # its plaintext is open here, it is a gated file, or this run has not its secret
                return "", {"status": "skip", "title": ""}
            body = frontmatter.body_of(sources.opener().page_text(Path(source_path)))
            return self.render(body, source_path), self.pelican_metadata(checked, plain_path(Path(source_path)), folder)
        if checked is not None:  # this build's check already parsed and cleaned the front matter
            with open(source_path, encoding="utf-8") as handle:
                body = frontmatter.body_of(handle.read())
            return self.render(body, source_path), self.pelican_metadata(checked, Path(source_path), folder)
        shown = display_path(Path(source_path))
        data, body, problems = frontmatter.load_file(source_path, shown)
        kind = registry.by_folder(folder)
        schema = kind.schema if kind is not None else None
        cleaned = data
        if data is not None and schema is not None:
            report = Report(shown)
            cleaned = schema.clean(data, "", report)
            problems += [p for p in report.problems if not p.warning]
        if problems or cleaned is INVALID or cleaned is None:
            raise ContentError(problems)
        html = self.render(body, source_path)
        return html, self.pelican_metadata(cleaned, Path(source_path), folder)

    def render(self, text: str, source_path: str = "") -> str:
        ready = prefetch.take(self._options_id, text) if self._options_id else None
        if ready is not None:  # rendered ahead by a worker (prefetch.py): the same text, the same options
            return ready
        try:
            return self._markdown.reset().convert(text)
        except RecursionError:  # Python-Markdown recurses once per nested block (quotes, definition lists)
            raise ContentError([Problem(display_path(Path(source_path)) if source_path else "a summary", "",
                                        "the Markdown is nested too deeply to read (hundreds of quotes inside quotes, "
                                        "or a definition list hundreds of terms long); simplify it")]) from None

    def pelican_metadata(self, cleaned: dict, path: Path, folder: str) -> dict:
        timezone = ZoneInfo(self.settings.get("TIMEZONE") or "UTC")
        metadata = dict(cleaned)
        metadata["slug"] = slug_for(path, cleaned.get("slug"))
        metadata["folder"] = folder
        kind = registry.by_folder(folder)
        # the type's top-level dates, in the site's timezone, as Pelican's feeds and sorting expect
        for key in date_keys(kind) & metadata.keys():
            metadata[key] = to_datetime(metadata[key], timezone)
        if "tags" in metadata:
            metadata["tags"] = [Tag(tag, self.settings) for tag in metadata["tags"]]
        if metadata.get("summary"):
            metadata["summary"] = self.render(metadata["summary"])
        if kind is not None and kind.metadata is not None:
            kind.metadata(metadata, timezone)
        return metadata


def date_keys(kind) -> set[str]:
    """The keys of a type's front matter that are dates (release_date, date, modified...)."""
    if kind is None:
        return {"date", "modified"}
    return {name for name, field in kind.schema.fields.items() if isinstance(field, Date)}


def to_datetime(value: dt.date | dt.datetime, timezone: ZoneInfo) -> SafeDatetime:
    """A date in the site's timezone, as Pelican's feeds and sorting expect."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone)
    return SafeDatetime(value.year, value.month, value.day, value.hour, value.minute, value.second,
                        tzinfo=value.tzinfo)


def add_reader(readers) -> None:
    """Signal handler (readers_init): ours for .md and .markdown, Pelican's static-file reader, nothing else."""
    static = {extension: cls for extension, cls in readers.reader_classes.items() if extension == "static"}
    readers.reader_classes.clear()
    readers.reader_classes.update(static)
    for extension in FanzineReader.file_extensions:
        readers.reader_classes[extension] = FanzineReader
    readers.cache_data = cached_only_as_checked(readers.cache_data)
    _SETTINGS[0] = readers.settings


def cached_only_as_checked(cache_data: Callable[[str, Any], None]) -> Callable[[str, Any], None]:
    """Pelican's content cache, minus what was saved again while this build read it.

    Pelican stamps a file's cache entry after reading it, so a save landing
    between the read and the stamp (an artist saving while `make serve`
    builds) would be cached as if read, and every later build would show the
    old text. A file whose size or time is not what the check saw before it
    read the file is not cached: the next build reads it again.
    """
    def cache_as_checked(filename: str, data: Any) -> None:
        seen = CHECKED_STAMPS.get(os.path.realpath(filename))
        if seen is not None:
            try:
                found = os.stat(filename)
            except OSError:
                return
            if (found.st_size, found.st_mtime_ns) != seen:
                return
        cache_data(filename, data)
    return cache_as_checked


__all__ = ["FanzineReader", "add_reader", "ContentError"]
