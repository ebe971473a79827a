"""Releases (content/releases/): singles, EPs and albums, upcoming or out by date, and what sharing them needs.

Its keys, its page and listing (/releases/<slug>/, the discography at /releases/),
the smart link (/go/<slug>/), release day as a calendar file, the social card,
link previews, JSON-LD and the feed. `prepare()` runs on every build (never
cached): whether a release is out depends on the day the site is built for.
"""
from __future__ import annotations

import datetime as dt
import difflib
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from feedgenerator import get_tag_uri
from markupsafe import Markup, escape
from pelican.contents import Page

from ..content import safefiles
from ..content.schema import Boolean, Choice, Date, Duration, ListOf, Markdown, Record, Text, Url
from ..content.today import day_of
from ..errors import Problem
from ..outputs import images, socialcards
from ..outputs.feeds import Entry, absolute_html, at
from ..outputs.ics import release_day_event
from ..outputs.socialcards import Card, write_card
from ..outputs.structured import iso_duration
from ..theme.embeds import player_can_play
from ..theme.platforms import PLATFORMS
from ..theme.utm import add_utm, merge
from . import artist as artist_yml
from .fields import ACCESS, COMMON, COVER, UTM, PlatformLinks, player_is_a_link, tags
from .registry import Build, ContentType, Feed, ItemPage, Listing, Nav, Scaffold, add

if TYPE_CHECKING:
    from ..content.check import Site

RELEASE_TYPES = ["single", "ep", "album", "remix", "live", "compilation"]

TRACK = Record({
    "title": Text("the track title", required=True),
    "duration": Duration("running time like 3:41"),
    "featuring": ListOf(Text(max_length=100), "featured artists", allow_single=True, max_items=20),
    "isrc": Text("the track's ISRC", pattern=r"[A-Z]{2}-?[A-Z0-9]{3}-?\d{2}-?\d{5}",
                 pattern_hint="an ISRC like USRC17607839"),
    "lyrics": Markdown("the lyrics, shown collapsed", max_length=20000),
    "explicit": Boolean("marks the track explicit"),
}, shorthand="title")

RELEASE = Record({
    "title": Text("the release title", required=True),
    "type": Choice(RELEASE_TYPES, "what kind of release", required=True),
    "release_date": Date("before this day the release shows as upcoming, with a countdown and your pre-save link; "
                         "from this day on it shows as out now", required=True),
    **COVER,
    "label": Text("your label, or Self-released", max_length=100),
    "summary": Markdown("one or two lines for listings and link previews", max_length=500),
    "tracks": ListOf(TRACK, "the tracklist", max_items=200),
    "links": PlatformLinks("where to listen or buy. Known services are checked (a Spotify link must be on "
                           "open.spotify.com); add `available_before_release: true` to show a link while the "
                           "release is upcoming", example="spotify: https://open.spotify.com/album/..."),
    "presave": Url("the pre-save link, shown while upcoming"),
    "player": Text("which of `links` becomes the click-to-load player on the page (Spotify, Apple Music, "
                   "SoundCloud, YouTube or Bandcamp; see [embeds.md](embeds.md))", max_length=40),
    "bandcamp_id": Text("Bandcamp's album or track number, or its player address (for the Bandcamp player; see "
                        "[embeds.md](embeds.md))", max_length=2000,
                        pattern=r"\d{4,12}|(?s:.*bandcamp\.com/EmbeddedPlayer/.*)",
                        pattern_hint="Bandcamp's numeric id, like 1536701931, or the EmbeddedPlayer address "
                                     "from Bandcamp's embed code"),
    "credits": ListOf(Record({
        "role": Text("what they did", required=True, max_length=100),
        "names": ListOf(Text(max_length=100), "who did it", required=True, allow_single=True, max_items=50),
    }), "who made it"),
    "tags": tags(),
    "utm": UTM,
    "access": ACCESS,
    **COMMON,
}, rules=[player_is_a_link, player_can_play])


class Release(Page):
    """A single, EP or album: /releases/<slug>/ (RELEASE_URL, RELEASE_SAVE_AS)."""

    default_template = "release"


TYPE_NAMES = {"album": "Album", "ep": "EP", "single": "Single", "remix": "Remix", "live": "Live album",
              "compilation": "Compilation"}
CALENDAR_FILE = "release.ics"
NEW_FOR_DAYS = 28  # marked "Out now" for four weeks from release day


def prepare(release, today: dt.date, settings: dict | None = None) -> None:
    """Set what a release page shows on the day of the build.

    Without `settings` only the day-dependent facts are set (as unit tests use it);
    with them, also links with campaign tags, the social card and structured data.
    """
    release.day = day_of(release.release_date)
    release.is_upcoming = today < release.day
    release.days_to_go = (release.day - today).days if release.is_upcoming else 0
    release.is_new = not release.is_upcoming and (today - release.day).days < NEW_FOR_DAYS
    release.tracklist = release.metadata.get("tracks", [])
    known = [t["duration"] for t in release.tracklist if t.get("duration")]
    release.running_time = sum(known) if known and len(known) == len(release.tracklist) else None
    release.featuring = featured_artists(release.title, release.tracklist)
    artist = (settings or {}).get("FANZINE_ARTIST", {})
    release.campaign = merge(artist.get("utm"), release.metadata.get("utm"))
    links = release.metadata.get("links", {})
    release.buttons = platform_buttons(links, release.is_upcoming, release.campaign)
    presave = release.metadata.get("presave")
    release.presave_url = add_utm(presave, release.campaign) if presave and release.is_upcoming else None
    player = release.metadata.get("player")
    release.player_url = add_utm(links[player]["url"], release.campaign) if player in links else None
    if settings is not None:
        share(release, settings, today)


def featured_artists(title: str, tracks: list[dict]) -> list[str]:
    """Who the release itself features: those on its title track (or its only track), else those on every track.

    A guest on one song of an EP is credited on that track, not on the EP.
    """
    lead = [t for t in tracks if t["title"].casefold() == title.casefold()] or (tracks if len(tracks) == 1 else [])
    if lead:
        return list(lead[0].get("featuring", []))
    everywhere = [name for name in (tracks[0].get("featuring", []) if tracks else [])
                  if all(name in t.get("featuring", []) for t in tracks)]
    return everywhere


def platform_buttons(links: dict, upcoming: bool, utm: dict | None = None) -> list[dict]:
    """One button per link, known services first in the order fans look for them.

    While upcoming, only links marked `available_before_release` show. `utm`
    adds campaign tags a link does not already carry.
    """
    order = list(PLATFORMS)
    buttons = []
    for key, link in links.items():
        if upcoming and not link.get("available_before_release"):
            continue
        platform = PLATFORMS.get(key)
        buttons.append({
            "key": key,
            "name": link.get("label") or (platform.name if platform else key),
            "action": platform.action if platform else "Open on",
            "url": add_utm(link["url"], utm),
            "icon": key if platform else "link",
            "rank": order.index(key) if platform else len(order),
        })
    return sorted(buttons, key=lambda b: b["rank"])


def discography_order(releases: list) -> list:
    """Upcoming first (soonest on top), then the rest newest first."""
    upcoming = sorted((r for r in releases if r.is_upcoming), key=lambda r: r.day)
    out = sorted((r for r in releases if not r.is_upcoming), key=lambda r: r.day, reverse=True)
    return upcoming + out


def clock(seconds: int | None) -> str:
    """3:41, or 1:02:03 past an hour."""
    if seconds is None:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


# --- Sharing: calendar, social card, link previews, structured data ---------------------------

def site_url(settings: dict, path: str = "") -> str:
    """An address on the site: absolute when SITEURL is set (production), root-relative otherwise."""
    return f"{settings.get('SITEURL', '').rstrip('/')}/{path.lstrip('/')}"


def release_folder(settings: dict, slug: str) -> str:
    """Where the release page's own files go: releases/<slug>/ (from RELEASE_SAVE_AS)."""
    return os.path.dirname(settings["RELEASE_SAVE_AS"].format(slug=slug))


def share(release, settings: dict, today: dt.date) -> None:
    """Everything a release needs to be passed around: addresses, calendar, card, preview tags, JSON-LD."""
    artist = settings.get("FANZINE_ARTIST", {})
    name = artist.get("name") or settings.get("SITENAME", "")
    kind = TYPE_NAMES.get(release.type, release.type.title())
    folder = release_folder(settings, release.slug)
    release.page_url = site_url(settings, settings["RELEASE_URL"].format(slug=release.slug))
    release.go_url = site_url(settings, settings["GO_URL"].format(slug=release.slug))
    release.calendar_url = f"{folder}/{CALENDAR_FILE}"
    release.built_for = today  # the calendar file's DTSTAMP: a rebuild on the same day changes nothing
    release.countdown_to = dt.datetime.combine(release.day, dt.time(), ZoneInfo(settings.get("TIMEZONE") or "UTC"))
    summary = Markup(release.metadata.get("summary") or "").striptags()
    when = f"out {long_date(release.day)}" if release.is_upcoming else f"released {long_date(release.day)}"
    release.description = summary or f"{kind} by {name}, {when}."
    release.feed_summary = f"{kind} by {name}, {when}." + (f" {summary}" if summary else "")
    cover = release.metadata.get("cover")
    cover = os.path.join(settings["PATH"], cover) if cover and safefiles.is_safe(settings["PATH"], cover) else None
    kicker = f"{kind} · out {long_date(release.day)}" if release.is_upcoming else f"{kind} · {release.day.year}"
    release.social_card = Card(title=release.title, artist=name, kicker=kicker, cover=cover,
                               footer=settings.get("SITEURL", "").split("://", 1)[-1].rstrip("/"),
                               accent=artist_yml.value(settings, "accent"))
    release.social_card_path = f"{folder}/card.{release.social_card.key()[:10]}.jpg"
    release.social = link_preview(release, settings, name)


def link_preview(release, settings: dict, artist_name: str) -> dict:
    """What partials/social_meta.html needs: Open Graph and Twitter/X card fields, with the social card."""
    cover_text = f"Cover of {release.title} by {artist_name}"
    return {
        "type": "music.song" if release.type == "single" else "music.album",
        "title": f"{release.title} · {artist_name}",
        "description": release.description,
        "url": release.page_url,
        "image": site_url(settings, release.social_card_path),
        "image_type": "image/jpeg",
        "image_width": socialcards.WIDTH,
        "image_height": socialcards.HEIGHT,
        "image_alt": f"{cover_text}: {release.cover_alt}" if release.metadata.get("cover_alt") else cover_text,
        "music": [("music:release_date", release.day.isoformat()), ("music:musician", site_url(settings))],
    }


# albumReleaseType for the types that say it; the others go by track count, as the stores count.
ALBUM_RELEASE_TYPES = {"album": "AlbumRelease", "ep": "EPRelease", "single": "SingleRelease"}
PRODUCTION_TYPES = {"remix": "RemixAlbum", "live": "LiveAlbum", "compilation": "CompilationAlbum"}


def release_type(release) -> str:
    if release.type in ALBUM_RELEASE_TYPES:
        return ALBUM_RELEASE_TYPES[release.type]
    count = len(release.tracklist)
    return "SingleRelease" if count <= 3 else "EPRelease" if count <= 6 else "AlbumRelease"


def release_json_ld(release, settings: dict) -> dict:
    """The release page's JSON-LD (the ContentType's structured_data)."""
    artist = settings.get("FANZINE_ARTIST", {})
    return structured_data(release, settings, artist.get("name") or settings.get("SITENAME", ""))


def structured_data(release, settings: dict, artist_name: str) -> dict:
    """schema.org for the release: a MusicRecording for a single, a MusicAlbum for anything else."""
    group = {"@type": "MusicGroup", "name": artist_name, "url": site_url(settings)}
    tracks = [recording(track, position, group) for position, track in enumerate(release.tracklist, 1)]
    common = {"name": release.title, "byArtist": group, "datePublished": release.day.isoformat(),
              "url": release.page_url}
    if release.metadata.get("cover"):
        common["image"] = site_url(settings, release.cover)
    if release.description:
        common["description"] = release.description
    same_as = [link["url"] for link in release.metadata.get("links", {}).values()]
    if same_as and not release.is_upcoming:
        common["sameAs"] = same_as
    album = {"@type": "MusicAlbum", **common, "albumReleaseType": "https://schema.org/" + release_type(release),
             "albumProductionType": "https://schema.org/" + PRODUCTION_TYPES.get(release.type, "StudioAlbum"),
             "numTracks": len(tracks)}
    if tracks:
        album["track"] = tracks
    if release.metadata.get("label"):
        album["albumRelease"] = {"@type": "MusicRelease", "name": release.title,
                                 "recordLabel": {"@type": "Organization", "name": release.label}}
    if release.type != "single":
        return {"@context": "https://schema.org", **album}
    # A single is its title track (or its first), on a single-release "album" when it has B-sides.
    lead = next((t for t in tracks if t["name"].casefold() == release.title.casefold()), tracks[0] if tracks else {})
    single = {"@type": "MusicRecording", **common,
              **{k: v for k, v in lead.items() if k in ("duration", "isrcCode")}}
    if len(tracks) > 1:
        single["inAlbum"] = {k: v for k, v in album.items() if k not in ("description", "sameAs")}
    return {"@context": "https://schema.org", **single}


def recording(track: dict, position: int, group: dict) -> dict:
    """One track as a schema.org MusicRecording."""
    data = {"@type": "MusicRecording", "name": track["title"], "position": position}
    featured = [{"@type": "MusicGroup", "name": name} for name in track.get("featuring", [])]
    data["byArtist"] = [group, *featured] if featured else group
    if track.get("duration"):
        data["duration"] = iso_duration(track["duration"])
    if track.get("isrc"):
        data["isrcCode"] = track["isrc"].replace("-", "")
    return data


def write_calendar(release, settings: dict, output_path: str) -> None:
    """Release day as a calendar file next to the release's page."""
    name = settings.get("FANZINE_ARTIST", {}).get("name") or settings.get("SITENAME", "")
    host = settings.get("SITEURL", "").split("://", 1)[-1].strip("/") or "fanzine.invalid"
    event = release_day_event(
        uid=f"release-{release.slug}@{host.split('/')[0]}",
        day=release.day,
        summary=f"{release.title} by {name} is out",
        description=f"{release.description} {release.page_url}" if release.page_url.startswith("http")
        else release.description,
        url=release.page_url if release.page_url.startswith("http") else "",
        stamp=release.built_for,
    )
    target = Path(output_path) / release.calendar_url
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(event.encode("utf-8"))


# --- the feed ------------------------------------------------------------------------------------

def feed_items(context: dict) -> list:
    """Listed releases that are out: a release enters the feed on release day (the daily rebuild)."""
    return [r for r in context.get("listed_releases", []) if not getattr(r, "is_upcoming", False)]


def feed_entry(release, settings: dict) -> Entry:
    site = settings["SITEURL"]
    artist = settings.get("FANZINE_ARTIST", {}).get("name") or settings.get("SITENAME", "")
    link = f"{site}/{release.url}"
    day = day_of(release.release_date)
    kind = TYPE_NAMES.get(release.metadata.get("type"), "Release")
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
    return Entry(
        kind="releases", title=title, link=link, id=get_tag_uri(link, release.date),
        published=at(release.date), updated=at(release.date), author=artist, author_link=f"{site}/",
        summary=Markup(release.metadata["summary"]).striptags() if release.metadata.get("summary") else None,
        content=absolute_html("\n".join(parts), site),
        categories=tuple(str(tag) for tag in getattr(release, "tags", []) or ()),
    )


# --- the check: other files that name a release ---------------------------------------------------

def missing_release(site: Site, shown: str, key: str, slug: str) -> None:
    """A file names a release that content/releases/ does not have."""
    close = difflib.get_close_matches(slug, list(site.items["releases"]), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    site.problems.append(Problem(shown, key, f"no release named '{slug}' in content/releases/{hint}"))


def unbuilt_release(site: Site, shown: str, key: str, slug: str) -> None:
    """A link page can only show a release that gets built: not a draft, not one gated behind access:."""
    release = site.items["releases"][slug]
    if release.get("status") == "draft":
        site.problems.append(Problem(shown, key, f"the release '{slug}' is a draft (status: draft), so it is not "
                                                 "built; publish it or feature another release"))
    elif release.get("access"):
        site.problems.append(Problem(shown, key, f"the release '{slug}' is an early-access page (it has access:), "
                                                 "so it has no public page to link to; feature another release"))


# --- the content type ------------------------------------------------------------------------------

def prepare_release(release, build: Build) -> None:
    prepare(release, build.today, build.settings)


def release_metadata(metadata: dict[str, Any], timezone: Any) -> None:
    metadata["date"] = metadata["release_date"]  # Pelican sorts and dates a release by its release day


def calendar_file(slug: str, page: str, settings: dict) -> list[str]:
    """Besides its page and smart link, each release writes release day as a calendar file next to its page."""
    return [f"{os.path.dirname(page)}/{CALENDAR_FILE}"]


def write_release_files(generator, writer) -> None:
    """Each release's social card and calendar file (its page and smart link are written from templates).
    Cards the cache lacks are drawn on every core when there are several (a cold build): Pillow lets go of the
    GIL while it decodes, resizes and encodes. A save in the dev server draws its one card on its own thread,
    which keeps its fonts loaded (new threads on every save would load them again, and grow memory)."""
    settings, output = generator.settings, generator.output_path
    cache = settings["CACHE_PATH"]
    cards = {release.social_card_path: release.social_card for release in generator.items}
    missing = [path for path in sorted(cards) if not socialcards.cached_file(cards[path], cache).exists()]
    if len(missing) > 1:
        with ThreadPoolExecutor(images.WORKERS) as pool:
            list(pool.map(lambda path: socialcards.drawn(cards[path], cache), missing))
    for path in sorted(cards):
        write_card(cards[path], cache, Path(output) / path)
    for release in generator.items:
        write_calendar(release, settings, output)


SCAFFOLD = """---
title: {title}
type: single              # single | ep | album | remix | live | compilation
release_date: {today}     # before this date the release shows as upcoming
# cover: images/{slug}.jpg   # put the picture in content/images/, then remove the # at the start
cover_alt: Describe the cover for fans using screen readers
tracks:
  - title: {title}
    # duration: "3:41"      # the running time: remove the # at the start
links:
  spotify: https://open.spotify.com/album/REPLACE
# presave: https://...    # shown while the release is upcoming
---
Write the release notes here: the story of the song, who played on it, thank-yous.
"""

RELEASES = add(ContentType(
    folder="releases", item="release", schema=RELEASE, template="release", content_class=Release,
    doc="singles, EPs and albums",
    urls={"RELEASE_URL": "releases/{slug}/", "RELEASE_SAVE_AS": "releases/{slug}/index.html"},
    order=discography_order, prepare=prepare_release, structured_data=release_json_ld, metadata=release_metadata,
    listings=(Listing("releases", "RELEASES_INDEX", "releases/", "the discography page"),),
    item_pages=(ItemPage("go", "GO", "go/{slug}/"),),
    item_files=calendar_file,
    nav=Nav("Music", "RELEASES_INDEX", order=10, lost="music"),
    feed=Feed("FEED_RELEASES_ATOM", "feeds/releases.atom.xml", "{site}: releases", feed_items, feed_entry),
    scaffold=Scaffold("release", SCAFFOLD),
    write_outputs=write_release_files,
))
