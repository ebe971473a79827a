"""Atom feeds: stories, releases and playlists together (/feeds/all.atom.xml) and one feed per kind.

Fanzine writes every feed itself, so Pelican's own article feeds are switched
off once their paths are read (FEED_ALL_ATOM and FEED_ATOM, plus fanzine's
FEED_RELEASES_ATOM and FEED_PLAYLISTS_ATOM, in publishconf.py). Feeds list
only what the site lists: no draft, hidden or gated item ever enters one, and
a release enters on its release date, when fans can play it.

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

from feedgenerator import Atom1Feed, get_tag_uri
from markupsafe import Markup, escape

from ..content.today import day_of

log = logging.getLogger(__name__)

# kind -> the setting that names its path (None or "" turns that feed off)
SETTINGS = {
    "all": "FEED_ALL_ATOM",
    "stories": "FEED_ATOM",
    "releases": "FEED_RELEASES_ATOM",
    "playlists": "FEED_PLAYLISTS_ATOM",
}
TITLES = {"all": "{site}", "stories": "{site}: stories", "releases": "{site}: releases",
          "playlists": "{site}: community playlists"}
PAGES = {"all": "", "stories": "STORIES_URL", "releases": "RELEASES_INDEX_URL", "playlists": "PLAYLISTS_INDEX_URL"}
ROOT_RELATIVE = re.compile(r'(\s(?:href|src))="/(?!/)')
# An entry's HTML above this many characters is replaced by its summary and a link: every feed reader
# downloads the whole feed on every poll, so one very long story must not make every feed huge.
MAX_ENTRY_CONTENT = 100_000


def take_over(pelican) -> None:
    """Signal handler (initialized): remember the feed paths, and stop Pelican writing its own."""
    settings = pelican.settings
    feeds = {kind: settings.get(name) or None for kind, name in SETTINGS.items()}
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


def _at(value) -> dt.datetime:
    """A date as a timezone-aware datetime (Pelican gives these already; release days are dates)."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)


def story_entries(context: dict, settings: dict) -> list[Entry]:
    site, artist = settings["SITEURL"], _artist(settings)
    entries = []
    for story in context.get("articles", []):
        link = f"{site}/{story.url}"
        content = absolute_html(story.get_content(site), site)
        summary = absolute_html(story.summary, site)
        entries.append(Entry(
            kind="stories", title=Markup(story.title).striptags(), link=link, id=get_tag_uri(link, story.date),
            published=_at(story.date), updated=_at(getattr(story, "modified", None) or story.date),
            author=artist, author_link=f"{site}/", summary=None if summary == content else summary,
            content=content, categories=tuple(str(tag) for tag in getattr(story, "tags", []) or ()),
        ))
    return entries


def release_entries(context: dict, settings: dict) -> list[Entry]:
    site, artist = settings["SITEURL"], _artist(settings)
    type_names = settings.get("RELEASE_TYPE_NAMES", {})
    entries = []
    for release in context.get("listed_releases", []):
        if getattr(release, "is_upcoming", False):
            continue  # enters the feed on release day (the daily rebuild), when fans can listen
        link = f"{site}/{release.url}"
        day = day_of(release.release_date)
        kind = type_names.get(release.metadata.get("type"), "Release")
        parts = [f"<p>{escape(kind)} by {escape(artist)}, out {day.strftime('%-d %B %Y')}.</p>"]
        if getattr(release, "summary", None) and release.metadata.get("summary"):
            parts.append(release.summary)
        buttons = getattr(release, "buttons", [])
        if buttons:
            links = ", ".join(f'<a href="{escape(b["url"])}">{escape(b["name"])}</a>' for b in buttons)
            parts.append(f"<p>Listen: {links}</p>")
        tracks = release.metadata.get("tracks", [])
        if len(tracks) > 1:
            parts.append("<ol>" + "".join(f"<li>{escape(t['title'])}</li>" for t in tracks) + "</ol>")
        parts.append(release.get_content(site))
        # "Glasshouse Hours (EP)", but not "Sodium Lights (Mara K Remix) (Remix)"
        title = release.title if kind.casefold() in release.title.casefold() else f"{release.title} ({kind})"
        entries.append(Entry(
            kind="releases", title=title, link=link, id=get_tag_uri(link, release.date),
            published=_at(release.date), updated=_at(release.date), author=artist, author_link=f"{site}/",
            summary=Markup(release.metadata["summary"]).striptags() if release.metadata.get("summary") else None,
            content=absolute_html("\n".join(parts), site),
            categories=tuple(str(tag) for tag in getattr(release, "tags", []) or ()),
        ))
    return entries


def playlist_entries(context: dict, settings: dict) -> list[Entry]:
    site = settings["SITEURL"]
    entries = []
    for playlist in context.get("listed_playlists", []):
        link = f"{site}/{playlist.url}"
        curator = playlist.curator
        tracks = "".join(f"<li>{escape(t.artist)} — {escape(t.title)}</li>" for t in playlist.tracklist)
        # the curator's words were sanitised when read (sanitize.py); the track strings are escaped here
        content = f"{playlist.get_content(site)}\n<ol>{tracks}</ol>"
        entries.append(Entry(
            kind="playlists", title=f"{playlist.title}, a playlist by {curator['name']}", link=link,
            id=get_tag_uri(link, playlist.date), published=_at(playlist.date), updated=_at(playlist.date),
            author=curator["name"], author_link=curator.get("url"),
            summary=" ".join(Markup(playlist.summary or "").striptags().split()) or None,
            content=absolute_html(content, site),
            categories=tuple(str(tag) for tag in getattr(playlist, "tags", []) or ()),
        ))
    return entries


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
    page = settings.get(PAGES[kind], "") if PAGES[kind] else ""
    feed = Atom1Feed(
        title=TITLES[kind].format(site=settings.get("SITENAME", "")),
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
        by_kind = {
            "stories": story_entries(self.context, self.settings),
            "releases": release_entries(self.context, self.settings),
            "playlists": playlist_entries(self.context, self.settings),
        }
        by_kind["all"] = [entry for entries in by_kind.values() for entry in entries]
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
    kinds = set()
    if context.get("articles"):
        kinds.add("stories")
    if any(not getattr(r, "is_upcoming", False) for r in context.get("listed_releases", [])):
        kinds.add("releases")
    if context.get("listed_playlists"):
        kinds.add("playlists")
    return kinds | ({"all"} if kinds else set())


def link_written_feeds(generators) -> None:
    """Signal handler (all_generators_finalized): pages link only feeds that exist, never a 404."""
    context = generators[0].context if generators else {}
    written = kinds_with_entries(context)
    context["FANZINE_FEEDS"] = {kind: path if kind in written else None
                                for kind, path in (context.get("FANZINE_FEEDS") or {}).items()}


def get_generators(pelican):
    return FeedsGenerator
