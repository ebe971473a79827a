"""The content-type record: everything the engine knows about one folder of content/, declared once.

A content type (releases, stories, playlists, ...) is one `ContentType`. The
check, the reader, the generators, the `fanzine new` scaffolds, the feeds, the
nav, the sitemap, the output-path collision check and docs/authoring.md's
tables of keys are all derived from these records, so adding a type is one
module (its schema, preparation and record) and two templates (its page and
its listing): see docs/development.md, "Adding a content type".

The built-in types are declared in this package's modules (releases.py,
stories.py, ...); a site's own Pelican plugin adds more with `add()`.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ..content.check import Site
    from ..content.schema import Record
    from ..outputs.feeds import Entry


class Build(Protocol):
    """What a type's hooks see of the build: its day, its settings and the template context."""

    today: dt.date
    settings: dict[str, Any]
    context: dict[str, Any]


@dataclass(frozen=True)
class Listing:
    """A page that lists a type's items, like the discography at /releases/."""

    template: str  # themes/<theme>/templates/<template>.html
    setting: str  # the settings <setting>_URL and <setting>_SAVE_AS place it
    url: str  # the default address, like "releases/"
    called: str  # what the artist calls it in messages: "the discography page"
    written_by_pelican: bool = False  # the stories page is Pelican's own direct template

    @property
    def save_as(self) -> str:
        return self.url + "index.html" if self.url.endswith("/") or not self.url else self.url


@dataclass(frozen=True)
class ItemPage:
    """One more page per item made from a template, like a release's smart link at /go/<slug>/."""

    template: str
    setting: str  # <setting>_URL and <setting>_SAVE_AS, formatted with the item's slug
    url: str  # the default address, like "go/{slug}/"


@dataclass(frozen=True)
class Nav:
    """The type's entry in the site's main navigation (shown only when it has something to show)."""

    label: str  # "Music"
    setting: str  # the page it links to: <setting>_URL
    order: int = 50  # smaller comes first
    lost: str | None = None  # named on the page-not-found page ("Try the home page, the music or the links")
    in_footer: bool = True  # named in the link pages' "<artist>: music, stories and playlists" footer
    shown: Callable[[dict[str, Any]], bool] | None = None  # default: the type has listed items


@dataclass(frozen=True)
class Feed:
    """The type's Atom feed: which items become entries, and how."""

    setting: str  # the setting naming the feed's path (None or "" turns it off)
    path: str  # its default path, like "feeds/releases.atom.xml"
    title: str  # "{site}: releases"
    items: Callable[[dict[str, Any]], list]  # the context's items that become entries (none: no feed written)
    entry: Callable[[Any, dict[str, Any]], Entry]  # one item → one entry (settings given)
    in_all: bool = True  # also in the site-wide feed (FEED_ALL_ATOM)


@dataclass(frozen=True)
class Scaffold:
    """What `fanzine new <command> "Title"` (and `make new-<command>`) writes: a file to fill in."""

    command: str  # release, story, link-page
    text: str  # the file, with {title} (quoted for YAML), {slug} and {today}


def newest_first(items: list) -> list:
    return sorted(items, key=attrgetter("date"), reverse=True)


@dataclass(frozen=True, eq=False)
class ContentType:
    """One folder of content/ and everything derived from it.

    Only `folder`, `item`, `schema` and `template` are required; a type read by
    fanzine also names its `content_class` (a pelican.contents.Page subclass whose
    name picks its URL settings: `class Merch(Page)` reads MERCH_URL and MERCH_SAVE_AS).
    """

    folder: str  # content/<folder>/; also the template context's list of items
    item: str  # what one file is called in messages: "release", "link page"
    schema: Record  # its front-matter keys (content/schema.py field types)
    template: str  # the item page's template, without .html
    content_class: type | None = None  # None: Pelican reads the folder (stories are articles, pages are pages)
    pelican: str | None = None  # "ARTICLE" or "PAGE": the Pelican settings a type read by Pelican uses
    urls: dict[str, str] = field(default_factory=dict)  # URL and SAVE_AS settings → their defaults
    doc: str = ""  # one line for docs/authoring.md and `fanzine new --help`
    order: Callable[[list], list] = newest_first  # how the items are listed
    prepare: Callable[[Any, Build], None] | None = None  # what depends on the day of the build (never cached)
    structured_data: Callable[[Any, dict[str, Any]], dict | None] | None = None  # the item's schema.org JSON-LD
    metadata: Callable[[dict[str, Any], Any], None] | None = None  # reader hook: (metadata, timezone) → adjusted
    listings: tuple[Listing, ...] = ()
    item_pages: tuple[ItemPage, ...] = ()
    item_files: Callable[[str, str, dict[str, Any]], list[str]] | None = None  # (slug, page file, settings) → more
    nav: Nav | None = None
    feed: Feed | None = None
    scaffold: Scaffold | None = None
    untrusted: bool = False  # fans write it: raw HTML sanitised, bodies capped small (like playlists)
    blocks: tuple[str, ...] = ()  # link-page blocks it offers ({ block: <name> }): partials/blocks/<name>.html
    sitemap: str | None = "date"  # lastmod of its pages: "date" (modified or date), "today", "none"; None: left out
    sitemap_pages: Callable[[dict[str, Any], Callable[[Any], dt.date | None]], dict[str, dt.date | None]] | None = None
    listed: Callable[[dict[str, Any]], list] | None = None  # default: context["listed_<folder>"]
    items: Callable[[dict[str, Any]], list] | None = None  # every built item; default: context["<folder>"]
    check_references: Callable[[Site, dict[str, Any]], None] | None = None  # its links to other files
    save_as: Callable[[str, dict[str, Any]], str] | None = None  # where an item's page goes (default <PREFIX>_SAVE_AS)
    is_source: Callable[[str], bool] | None = None  # which files of the folder are items (default: every .md)
    companion: Callable[[str], bool] | None = None  # other files of the folder it reads itself (a poll's results)
    before_context: Callable[[Build], None] | None = None  # generator hooks (Build is the generator)
    after_context: Callable[[Build], None] | None = None
    write_pages: Callable[[Any, Any], None] | None = None  # (generator, writer): replaces the item pages' writing
    write_outputs: Callable[[Any, Any], None] | None = None  # (generator, writer): files besides the pages

    @property
    def prefix(self) -> str:
        """The settings' prefix: RELEASE for RELEASE_URL / RELEASE_SAVE_AS (the content class's name)."""
        if self.content_class is not None:
            return self.content_class.__name__.upper()
        return self.pelican or self.folder.upper()

    @property
    def may_be_gated(self) -> bool:
        """Whether its files may carry access: (such a file is built as an early-access page, listed nowhere)."""
        return "access" in self.schema.fields

    @property
    def variable(self) -> str:
        """The item's name in its templates: `release` in release.html."""
        if self.content_class is not None:
            return self.content_class.__name__.lower()
        return (self.pelican or self.folder).lower()

    def listed_items(self, context: dict[str, Any]) -> list:
        """What the site lists of this type today (not hidden, not a draft, not gated)."""
        if self.listed is not None:
            return self.listed(context)
        return list(context.get(f"listed_{self.folder}") or [])

    def built_items(self, context: dict[str, Any]) -> list:
        """Every item of this type that has a page (listed or hidden)."""
        if self.items is not None:
            return self.items(context)
        return list(context.get(self.folder) or [])

    def page_save_as(self, slug: str, settings: dict[str, Any]) -> str:
        if self.save_as is not None:
            return self.save_as(slug, settings)
        return str(settings[f"{self.prefix}_SAVE_AS"]).format(slug=slug)

    def settings(self) -> dict[str, str]:
        """Every setting this type reads, with its default: its URLs, its listings', its item pages' and its feed's."""
        declared = dict(self.urls)
        for listing in self.listings:
            declared.setdefault(f"{listing.setting}_URL", listing.url)
            declared.setdefault(f"{listing.setting}_SAVE_AS", listing.save_as)
        for page in self.item_pages:
            declared.setdefault(f"{page.setting}_URL", page.url)
            declared.setdefault(f"{page.setting}_SAVE_AS", page.url + "index.html" if page.url.endswith("/")
                                else page.url)
        if self.feed is not None:
            declared.setdefault(self.feed.setting, self.feed.path)
        return declared


_REGISTRY: dict[str, ContentType] = {}
_ORDERED: list[ContentType] = []  # content_types(), kept until a type is added or removed (asked per file)
_BUILT_IN = ("releases", "stories", "playlists", "events", "links", "pages", "polls", "calls", "fans", "early")


def add(content_type: ContentType) -> ContentType:
    """Register a content type (a site plugin calls this); the same folder again replaces the earlier record."""
    _REGISTRY[content_type.folder] = content_type
    _ORDERED.clear()
    return content_type


def remove(folder: str) -> None:
    """Forget a registered type (tests that register one of their own)."""
    _REGISTRY.pop(folder, None)
    _ORDERED.clear()


def _load_built_in() -> None:
    # Imported on first use, not at import time: the type modules import the engine, which imports this.
    if all(folder in _REGISTRY for folder in _BUILT_IN):
        return
    from . import calls, early, events, fans, links, pages, playlists, polls, releases, stories

    added = {t.folder: t for t in (releases.RELEASES, stories.STORIES, playlists.PLAYLISTS, events.EVENTS,
                                   links.LINK_PAGES, pages.PAGES, polls.POLLS, calls.CALLS, fans.FANS, early.EARLY)}
    others = {folder: t for folder, t in _REGISTRY.items() if folder not in added}
    _REGISTRY.clear()
    _REGISTRY.update({**added, **others})  # built-in first, in this order: releases are read before playlists


def _in_reading_order() -> list[ContentType]:
    # Early access is read last: it takes over every other type's files that carry access:.
    types = list(_REGISTRY.values())
    return [t for t in types if t.folder != "early"] + [t for t in types if t.folder == "early"]


def content_types() -> list[ContentType]:
    """Every content type, built-in ones first (in reading order), then those plugins added."""
    if not _ORDERED:
        _load_built_in()
        _ORDERED[:] = _in_reading_order()
    return list(_ORDERED)


def folders() -> dict[str, ContentType]:
    """content/<folder> → its type."""
    return {t.folder: t for t in content_types()}


def by_folder(folder: str) -> ContentType | None:
    return folders().get(folder)


def untrusted_folders() -> tuple[str, ...]:
    return tuple(t.folder for t in content_types() if t.untrusted)


def blocks() -> tuple[str, ...]:
    """The link-page blocks the content types offer, besides the built-in ones."""
    return tuple(block for t in content_types() for block in t.blocks)


def scaffolds() -> dict[str, ContentType]:
    """`fanzine new` command → its type."""
    return {t.scaffold.command: t for t in content_types() if t.scaffold is not None}


def sorted_nav(types: Sequence[ContentType]) -> list[ContentType]:
    return sorted((t for t in types if t.nav is not None), key=lambda t: t.nav.order if t.nav else 0)
