"""Markdown rendered on every core before a build reads the content, so a cold build's wall time shrinks.

Pelican reads files one by one; turning Markdown into HTML is most of that.
Before the generators start, the bodies (and summaries) of the files the
content cache does not hold yet are rendered by a pool of worker processes.
Each result is filed under the text it came from, so the reader, still
reading file by file in Pelican's order, takes the HTML when the text is the
same, and renders it itself otherwise: the output is the same, byte for byte,
with or without the pool, whatever order the workers finish in.
"""
from __future__ import annotations

import hashlib
import multiprocessing
from pathlib import Path
from typing import Any

from markdown import Markdown

from ..content import frontmatter
from ..early.sealing import is_sealed_name
from . import cores

RENDERED: dict[str, str] = {}  # sha256 of (options, text) → its HTML, for this build
_OPTIONS: list[dict[str, Any]] = []


def key(options_id: str, text: str) -> str:
    return hashlib.sha256(options_id.encode() + b"\0" + text.encode("utf-8", "surrogatepass")).hexdigest()


def options_id(options: dict[str, Any]) -> str:
    return repr(sorted((name, repr(value)) for name, value in options.items()))


def _render(texts: list[str]) -> list[str | None]:
    """In a worker: the HTML of each text (None where Markdown gives up; the reader then says why)."""
    markdown = Markdown(**_OPTIONS[0])
    done: list[str | None] = []
    for text in texts:
        try:
            done.append(markdown.reset().convert(text))
        except RecursionError:
            done.append(None)
    return done


def stale_sources(site, cache_path: str | None) -> list[Path]:
    """The checked files the content cache does not hold as they are now (all of them on a cold build)."""
    files = [Path(item["_file"]) for items in site.items.values() for item in items.values()
             if item.get("_file") and not item.get("_invalid") and not is_sealed_name(str(item["_file"]))]
    stamps = [entry.stat().st_mtime for entry in Path(cache_path).glob("*Readers")] if cache_path else []
    if not stamps:
        return files
    cached = min(stamps)
    return [path for path in files if path.stat().st_mtime >= cached]


def prefetch(site, settings: dict[str, Any], options: dict[str, Any]) -> None:
    """Render the stale files' bodies and summaries on every core, filed for the reader to take."""
    RENDERED.clear()
    if not cores.workers(cores.SMALLEST):
        return  # one core, FANZINE_WORKERS=1, or a process with threads (the dev server once it serves)
    cache = settings.get("CACHE_PATH") if settings.get("LOAD_CONTENT_CACHE") else None
    stale = set(stale_sources(site, cache))
    texts: list[str] = []
    for items in site.items.values():
        for item in items.values():
            if not item.get("_file") or Path(item["_file"]) not in stale:
                continue  # the content cache holds it: the reader will not render it
            try:
                texts.append(frontmatter.body_of(Path(item["_file"]).read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError):
                continue  # the reader reports it, in its own words
            if isinstance(item.get("summary"), str):
                texts.append(item["summary"])
    workers = cores.workers(len(texts))
    if not workers:
        return
    ident = options_id(options)
    _OPTIONS[:] = [options]
    chunks = [texts[start:start + 16] for start in range(0, len(texts), 16)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for chunk, rendered in zip(chunks, pool.map(_render, chunks), strict=True):
            for text, html in zip(chunk, rendered, strict=True):
                if html is not None:
                    RENDERED[key(ident, text)] = html


def take(ident: str, text: str) -> str | None:
    """The HTML a worker made of this exact text with these options (options_id), if any."""
    if not RENDERED:
        return None
    return RENDERED.pop(key(ident, text), None)


_SITE: list[Any] = []


def remember(site) -> None:
    """site.configure hands over the check: prefetching waits until the players have joined Markdown."""
    _SITE[:] = [site]


def start(pelican) -> None:
    """Signal handler (initialized, last): the build's Markdown options are final; render ahead."""
    if _SITE:
        from .readers import markdown_options

        site = _SITE.pop()
        prefetch(site, pelican.settings, markdown_options(pelican.settings))
