"""Atom feeds: every content type's items together (/feeds/all.atom.xml) and one feed per type that declares one.

Fanzine writes every feed itself, so Pelican's own article feeds are switched
off once their paths are read. Feeds are on when FEED_ALL_ATOM is set
(publishconf.py); each type's feed then goes where its setting says (FEED_ATOM
for stories, FEED_RELEASES_ATOM, FEED_PLAYLISTS_ATOM...: declared with the
type, in types/). Feeds list only what the site lists: no draft, hidden or gated
item ever enters one, and a release enters on its release date, when fans can play it.

Entry ids are tag: URIs made the way Pelican makes them (so a story keeps the
id it had in Pelican's feed); `updated` is the item's own date, so a rebuild of
the same content gives byte-identical feeds.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from feedgenerator import Atom1Feed
from markupsafe import Markup, escape

from ..types import registry
from ..types.registry import ContentType

log = logging.getLogger(__name__)

ROOT_RELATIVE = re.compile(r'(\s(?:href|src))="/(?!/)')
# An entry's HTML above this many characters is replaced by its summary and a link: every feed reader
# downloads the whole feed on every poll, so one very long story must not make every feed huge.
MAX_ENTRY_CONTENT = 100_000


def take_over(pelican) -> None:
    """Signal handler (initialized): remember the feed paths, and stop Pelican writing its own."""
    settings = pelican.settings
    on = bool(settings.get("FEED_ALL_ATOM"))
    feeds = {"all": settings.get("FEED_ALL_ATOM") or None}
    for kind in registry.content_types():
        if kind.feed is not None:
            feeds[kind.folder] = (settings.get(kind.feed.setting) or None) if on else None
    if any(feeds.values()) and not re.match(r"https?://[^/]", settings.get("SITEURL") or ""):
        log.warning("feeds: not written, because SITEURL is not set and feed readers need absolute links; "
                    "set it when publishing, like SITEURL=https://novalights.example make publish")
        feeds = dict.fromkeys(feeds)
    settings["FANZINE_FEEDS"] = feeds  # templates link the feeds that are written
    for name in ("FEED_ALL_ATOM", "FEED_ATOM", "FEED_RSS", "FEED_ALL_RSS"):
        settings[name] = None


@dataclass(frozen=True)
class Entry:
    kind: str
    title: str
    link: str
    id: str
    published: dt.datetime
    updated: dt.datetime
    author: str
    author_link: str | None
    summary: str | None
    content: str
    categories: tuple[str, ...] = ()


def absolute_html(html: str, site: str) -> str:
    """Links written as site paths (/releases/x/) made absolute: feed readers have no page to resolve them."""
    return ROOT_RELATIVE.sub(lambda m: f'{m.group(1)}="{site}/', html or "")


def at(value) -> dt.datetime:
    """A date as a timezone-aware datetime (Pelican gives these already; release days are dates)."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)


def type_entries(kind: ContentType, context: dict, settings: dict) -> list[Entry]:
    """A content type's feed entries: its items that belong in a feed, each made an entry."""
    if kind.feed is None:
        return []
    return [kind.feed.entry(item, settings) for item in kind.feed.items(context)]


def _artist(settings: dict) -> str:
    return settings.get("FANZINE_ARTIST", {}).get("name") or settings.get("SITENAME", "")


def newest_first(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.updated, e.published, e.id), reverse=True)


def capped(entry: Entry) -> str:
    """The entry's HTML, or for a very long one its summary and a link to the page (MAX_ENTRY_CONTENT)."""
    if len(entry.content) <= MAX_ENTRY_CONTENT:
        return entry.content
    summary = f"<p>{escape(Markup(entry.summary).striptags())}</p>" if entry.summary else ""
    return f'{summary}<p><a href="{escape(entry.link)}">Read it all on the site</a></p>'


def build_feed(kind: str, entries: list[Entry], settings: dict, path: str) -> Atom1Feed:
    site = settings["SITEURL"]
    declared = registry.by_folder(kind)
    feed_of = declared.feed if declared is not None else None
    title = feed_of.title if feed_of is not None else "{site}"
    listing = declared.listings[0].setting + "_URL" if declared is not None and declared.listings else ""
    page = settings.get(listing, "") if listing else ""
    feed = Atom1Feed(
        title=title.format(site=settings.get("SITENAME", "")),
        link=f"{site}/{page}", description=settings.get("FANZINE_ARTIST", {}).get("tagline", ""),
        language=settings.get("DEFAULT_LANG"), feed_url=f"{site}/{path}", feed_guid=f"{site}/{path}",
        author_name=_artist(settings), author_link=f"{site}/",
    )
    for entry in newest_first(entries)[: settings.get("FEED_MAX_ITEMS") or None]:
        feed.add_item(title=entry.title, link=entry.link, unique_id=entry.id, description=entry.summary,
                      content=capped(entry), pubdate=entry.published, updateddate=entry.updated,
                      author_name=entry.author, author_link=entry.author_link, categories=entry.categories)
    return feed


class FeedsGenerator:
    """A Pelican generator that writes the Atom feeds, after every other generator has read its folder."""

    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
        self.context, self.settings, self.output_path = context, settings, output_path

    def generate_context(self) -> None:
        pass

    def entries(self) -> dict[str, list[Entry]]:
        by_kind = {kind.folder: type_entries(kind, self.context, self.settings)
                   for kind in registry.content_types() if kind.feed is not None}
        by_kind["all"] = [entry for kind in registry.content_types() if kind.feed is not None and kind.feed.in_all
                          for entry in by_kind[kind.folder]]
        return by_kind

    def generate_output(self, writer) -> None:
        paths = {kind: path for kind, path in self.settings.get("FANZINE_FEEDS", {}).items() if path}
        if not paths:
            return
        for kind, entries in self.entries().items():
            if kind not in paths or not entries:
                continue  # an empty feed would need a made-up <updated>; it appears with its first entry
            target = Path(self.output_path) / paths[kind]
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8") as handle:
                build_feed(kind, entries, self.settings, paths[kind]).write(handle, "utf-8")


def kinds_with_entries(context: dict) -> set[str]:
    """The feeds that will have entries, so get written (an empty feed is not: see generate_output)."""
    kinds = {kind.folder for kind in registry.content_types() if kind.feed is not None and kind.feed.items(context)}
    in_all = {kind.folder for kind in registry.content_types() if kind.feed is not None and kind.feed.in_all}
    return kinds | ({"all"} if kinds & in_all else set())


def link_written_feeds(generators) -> None:
    """Signal handler (all_generators_finalized): pages link only feeds that exist, never a 404."""
    context = generators[0].context if generators else {}
    written = kinds_with_entries(context)
    context["FANZINE_FEEDS"] = {kind: path if kind in written else None
                                for kind, path in (context.get("FANZINE_FEEDS") or {}).items()}


def get_generators(pelican):
    return FeedsGenerator
