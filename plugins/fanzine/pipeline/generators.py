"""The generators made from the content types: one per folder fanzine reads, each page written from its template.

Each reads its folder through Pelican's readers (so the content cache works
for it), prepares its items for the day of the build, publishes them to the
template context (`<folder>` and `listed_<folder>`), and writes one page per
item, its item pages (a release's smart link), its listings and its other
files. Stories and pages stay Pelican's articles and pages: `finish` prepares
them (and gives every item its structured data and the site its nav) once
every generator has read its folder.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from typing import Any

from markupsafe import Markup
from pelican.generators import CachingGenerator
from pelican.readers import SkipStub

from ..content import safefiles
from ..content.today import build_day
from ..early.sealing import is_sealed_name
from ..outputs.structured import json_ld
from ..types import registry
from ..types.early import gated_elsewhere
from ..types.registry import ContentType
from . import readers

log = logging.getLogger(__name__)


class ContentTypeGenerator(CachingGenerator):
    """One content folder → its items, pages and outputs, as its ContentType declares them."""

    content_type: ContentType

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.items: list = []
        super().__init__(*args, **kwargs)
        self.today: dt.date = build_day(self.settings)

    def get_files(self, paths, exclude=None, extensions=None) -> set[str]:
        return safefiles.files_without_links(self, paths, exclude, extensions)  # no link is ever followed

    def generate_context(self) -> None:
        kind = self.content_type
        if kind.before_context:
            kind.before_context(self)
        items = []
        for path in self.get_files([kind.folder]):
            if not self.is_item_source(path):
                continue
            item = self.read(path)
            if item is None or item.status == "draft":
                continue
            if item.metadata.get("access") and kind.folder != "early":
                gated_elsewhere(self.context).append(item)  # becomes an early-access page instead
                continue
            if kind.prepare:
                kind.prepare(item, self)
            self.add_source_path(item)
            self.add_static_links(item)
            items.append(item)
        self.items = kind.order(items)
        self.context[kind.folder] = self.items
        self.context[f"listed_{kind.folder}"] = [i for i in self.items if i.status != "hidden"]
        if kind.after_context:
            kind.after_context(self)
        self.save_cache()
        self.readers.save_cache()

    def read(self, path: str):
        """The item of one file, from the cache when it has not changed; None when it cannot be built."""
        item = self.get_cached_data(path, None)
        if item is not None:
            return item
        try:
            item = self.readers.read_file(base_path=self.path, path=path,
                                          content_class=self.content_type.content_class, context=self.context)
        except Exception as error:  # noqa: BLE001 - Pelican's rule: report the file, go on with the others
            log.error("Could not process %s\n%s", path, error)
            self._add_failed_source_path(path)
            return None
        if isinstance(item, SkipStub):
            return None
        if not item.is_valid():
            self._add_failed_source_path(path)
            return None
        self.cache_data(path, item)
        return item

    def is_item_source(self, path: str) -> bool:
        """A sealed copy is read only when this build's check read it (its plaintext is not open here)."""
        kind = self.content_type
        if kind.is_source is not None and not kind.is_source(path):
            return False
        return not is_sealed_name(path) or os.path.realpath(os.path.join(self.path, path)) in readers.CHECKED

    def generate_output(self, writer) -> None:
        kind, settings = self.content_type, self.settings
        relative = settings["RELATIVE_URLS"]
        if kind.write_pages is not None:
            kind.write_pages(self, writer)
        else:
            for item in self.items:
                writer.write_file(item.save_as, self.get_template(item.template), self.context,
                                  relative_urls=relative, url=item.url,
                                  override_output=hasattr(item, "override_save_as"), page=item,
                                  **{kind.variable: item})
        for page in kind.item_pages:
            template = self.get_template(page.template)
            for item in self.items:
                writer.write_file(settings[f"{page.setting}_SAVE_AS"].format(slug=item.slug), template,
                                  self.context, relative_urls=relative,
                                  url=settings[f"{page.setting}_URL"].format(slug=item.slug), **{kind.variable: item})
        for listing in kind.listings:
            if not listing.written_by_pelican:
                writer.write_file(settings[f"{listing.setting}_SAVE_AS"], self.get_template(listing.template),
                                  self.context, relative_urls=relative, url=settings[f"{listing.setting}_URL"])
        if kind.write_outputs is not None:
            kind.write_outputs(self, writer)


def generator_for(kind: ContentType) -> type[ContentTypeGenerator]:
    """The generator class of a type read by fanzine; its name keeps its content cache apart from the others'."""
    name = f"{kind.content_class.__name__ if kind.content_class else kind.prefix.title()}Generator"
    return type(name, (ContentTypeGenerator,), {"content_type": kind, "__module__": __name__})


def get_generators(pelican) -> list[type]:
    """Signal handler (get_generators): one generator per type fanzine reads, in the registry's reading order."""
    return [generator_for(kind) for kind in registry.content_types() if kind.content_class is not None]


def take_gated_articles(generator) -> None:
    """Signal handler: a story or page with `access:` is listed nowhere and built as an early-access page."""
    for name in ("articles", "pages"):
        items = getattr(generator, name, None)
        if items is None:
            continue
        # A sealed copy this build's check did not read (its plaintext is open here, so Pelican's cache
        # may still hold an earlier build of it) is not built at all.
        items = [i for i in items if not is_sealed_name(i.source_path)
                 or os.path.realpath(i.source_path) in readers.CHECKED]
        gated = [i for i in items if i.metadata.get("access")]
        gated_elsewhere(generator.context).extend(gated)
        setattr(generator, name, [i for i in items if not i.metadata.get("access")])
        if name == "pages":
            generator.context["pages"] = generator.pages


class Finished:
    """The build as the content types' hooks see it once every generator has read its folder."""

    def __init__(self, context: dict[str, Any], settings: dict[str, Any]) -> None:
        self.context, self.settings = context, settings
        self.today = build_day(settings)


def finish(generators) -> None:
    """Signal handler (all_generators_finalized): the types Pelican reads are prepared (a story names releases,
    read by fanzine's own generator), every item gets its JSON-LD, and the site its nav."""
    if not generators:
        return
    context, settings = generators[0].context, generators[0].settings
    build = Finished(context, settings)
    for kind in registry.content_types():
        if kind.content_class is None and kind.prepare is not None:
            for item in kind.built_items(context):
                kind.prepare(item, build)
    for kind in registry.content_types():
        if kind.structured_data is not None:
            for item in kind.built_items(context):
                item.json_ld = ItemJsonLd(item, kind.structured_data)
    context["fanzine_nav"] = nav(context)
    context["fanzine_lost"] = [entry for entry in context["fanzine_nav"] if entry["lost"]]
    context["fanzine_blocks"] = blocks(context)


class ItemJsonLd:
    """An item's JSON-LD <script>, made when its page is rendered (`{{ release.json_ld }}`), not for every item
    on every build: a save to the warm dev server renders a few pages and keeps the others as they were."""

    __slots__ = ("item", "make", "made")

    def __init__(self, item: Any, make: Callable[[Any, dict], dict | None]) -> None:
        self.item, self.make = item, make
        self.made: Markup | None = None

    def __html__(self) -> Markup:
        if self.made is None:
            data = self.make(self.item, self.item.settings)
            self.made = json_ld(data) if data else Markup("")
        return self.made

    __str__ = __html__

    def __reduce__(self) -> tuple:  # the item (by name) and the function: what it is made of, not what it made
        return ItemJsonLd, (self.item, self.make)


def nav(context: dict[str, Any]) -> list[dict[str, Any]]:
    """The main navigation: each type's entry, in order, when it has something to show (never a link to a 404)."""
    entries = []
    for kind in registry.sorted_nav(registry.content_types()):
        entry = kind.nav
        assert entry is not None
        shown = entry.shown(context) if entry.shown is not None else bool(kind.listed_items(context))
        if shown:
            entries.append({"label": entry.label, "url": context[f"{entry.setting}_URL"], "section": kind.folder,
                            "lost": entry.lost, "in_footer": entry.in_footer})
    return entries


def blocks(context: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The link-page blocks the content types offer: block name → its label, listing address and listed items."""
    found = {}
    for kind in registry.content_types():
        listing = f"{kind.listings[0].setting}_URL" if kind.listings else None
        label = kind.nav.label if kind.nav is not None else kind.folder.replace("-", " ").title()
        for name in kind.blocks:
            found[name] = {"label": label, "url": context.get(listing) if listing else None,
                           "items": kind.listed_items(context)}
    return found
