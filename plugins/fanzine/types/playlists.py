"""Community playlists (content/playlists/, from fans: untrusted): linked tracks, curators, XSPF and JSON-LD.

A playlist's tracks are whatever a fan typed. A track whose artist is the
hub's artist, and whose title is a track of one of the artist's (listed)
releases, links to that release's page; curators are grouped by name so
regular contributors are recognised on /playlists/curators/.
"""
from __future__ import annotations

import functools
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from feedgenerator import get_tag_uri
from markupsafe import Markup, escape
from pelican.contents import Page

from ..content.schema import Boolean, Date, Duration, ListOf, Markdown, Record, Text, Url, slugify
from ..outputs.feeds import Entry, absolute_html, at
from ..outputs.structured import iso_duration
from ..pipeline.settings import value
from ..theme.embeds import player_can_play
from . import releases
from .fields import COMMON, COVER, PlatformLinks, player_is_a_link, tags
from .registry import Build, ContentType, Feed, Listing, Nav, Scaffold, add

XSPF_NAMESPACE = "http://xspf.org/ns/0/"
MAX_PLAYLIST_TRACKS = 500
# "Nova Lights feat. Mara K", "Nova Lights & Mara K", "Mara K x Nova Lights"
CREDIT_SEPARATORS = re.compile(
    r"\s*(?:,|&|\+|/|;|\bfeat\b\.?|\bft\b\.?|\bfeaturing\b|\bwith\b|\bx\b|\band\b|\bvs\b\.?)\s*")
TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def setting(settings: dict, name: str) -> str:
    return value(settings, name)


def normalise(text: str) -> str:
    """How titles and names are compared: case, curly quotes, dashes and spacing do not matter."""
    return _normalised(text if isinstance(text, str) else str(text))


@functools.lru_cache(maxsize=16384)  # every playlist's tracks are compared with the hub's on every build
def _normalised(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().translate(TYPOGRAPHY)
    return " ".join(text.split())


@functools.lru_cache(maxsize=16384)
def credited(artist: str) -> frozenset[str]:
    """The names an artist credit gives, normalised: the whole credit and each name in it."""
    credit = normalise(artist)
    return frozenset([credit, *(part for part in CREDIT_SEPARATORS.split(credit) if part)])


@dataclass(frozen=True)
class PlaylistTrack:
    """One line of a playlist, as the page, the feed and the XSPF file show it."""

    artist: str
    title: str
    url: str | None = None
    note: str | None = None
    duration: int | None = None
    by_hub_artist: bool = False
    release_title: str | None = None  # the hub's release this track is on, when it is one of theirs
    release_url: str | None = None


@dataclass
class Hub:
    """What a playlist is compared with: the artist's name and their releases' tracks."""

    artist: str
    tracks: dict[str, tuple[str, str]] = field(default_factory=dict)  # normalised title -> (release title, url)

    @classmethod
    def from_context(cls, context: dict, settings: dict) -> Hub:
        artist = settings.get("FANZINE_ARTIST", {}).get("name") or settings.get("SITENAME", "")
        hub = cls(normalise(artist))
        # Listed releases only: a hidden or gated release is never linked (nor revealed) by a fan's playlist.
        candidates = []
        for release in context.get("listed_releases", []):
            for track in release.metadata.get("tracks", []):
                title = normalise(track["title"])
                # the release named after the track (the single) first, then the earliest
                candidates.append((title, normalise(release.title) != title, release.day, release.slug, release))
        for title, _named, _day, _slug, release in sorted(candidates, key=lambda c: c[:4]):
            hub.tracks.setdefault(title, (release.title, release.url))
        return hub

    def made(self, artist: str) -> bool:
        """Whether a track's artist credit names the hub's artist (alone or with others)."""
        return self.artist in credited(artist)


def prepare(playlist, hub: Hub, settings: dict) -> None:
    """Set what a playlist page shows: the track list, platform buttons, structured data."""
    site = settings.get("SITEURL", "")
    tracks = []
    for raw in playlist.metadata.get("tracks", []):
        ours = hub.made(raw["artist"])
        release = hub.tracks.get(normalise(raw["title"])) if ours else None
        tracks.append(PlaylistTrack(
            artist=raw["artist"], title=raw["title"], url=raw.get("url"), note=raw.get("note"),
            duration=raw.get("duration"), by_hub_artist=ours,
            release_title=release[0] if release else None,
            release_url=f"{site}/{release[1]}" if release else None,
        ))
    playlist.tracklist = tracks
    known = [t.duration for t in tracks if t.duration]
    playlist.running_time = sum(known) if tracks and len(known) == len(tracks) else None
    playlist.buttons = releases.platform_buttons(playlist.metadata.get("links", {}), upcoming=False)
    playlist.xspf_url = setting(settings, "PLAYLIST_XSPF_URL").format(slug=playlist.slug)


def index_order(playlists: list) -> list:
    """Pinned playlists first, then newest first; same-day playlists by file name, so builds repeat."""
    by_name = sorted(playlists, key=attrgetter("slug"))
    newest = sorted(by_name, key=attrgetter("date"), reverse=True)
    return sorted(newest, key=lambda p: not getattr(p, "pinned", False))


@dataclass
class Curator:
    """A fan who sent in playlists, with the playlists they made (newest first)."""

    name: str
    url: str | None
    anchor: str
    playlists: list

    @property
    def site(self) -> str | None:
        """Where their link goes, as fans recognise it: instagram.com, open.spotify.com."""
        host = urlsplit(self.url).hostname if self.url else None
        return host.removeprefix("www.") if host else None


def curators(playlists: list) -> list[Curator]:
    """Every curator of the listed playlists: the most playlists first, then by name.

    The same name in any case is the same curator; their link is the one
    given on their newest playlist. Each playlist learns its curator's anchor
    on /playlists/curators/, so its page can link "more from this curator".
    """
    groups: dict[str, list] = {}
    for playlist in sorted(playlists, key=lambda p: (-p.date.timestamp(), p.slug)):
        groups.setdefault(normalise(playlist.curator["name"]), []).append(playlist)
    found: list[Curator] = []
    anchors: set[str] = set()
    for made in groups.values():
        name = made[0].curator["name"]
        anchor = "curator-" + (slugify(name, spell_out=False) or str(len(anchors) + 1))  # links fans shared
        while anchor in anchors:
            anchor += "-2"
        anchors.add(anchor)
        url = next((p.curator.get("url") for p in made if p.curator.get("url")), None)
        found.append(Curator(name=name, url=url, anchor=anchor, playlists=made))
        for playlist in made:
            playlist.curator_anchor = anchor
    return sorted(found, key=lambda c: (-len(c.playlists), normalise(c.name), c.anchor))


def absolute(settings: dict, path: str) -> str:
    return f"{settings.get('SITEURL', '')}/{path.lstrip('/')}"


def plain_summary(playlist) -> str:
    return " ".join(Markup(playlist.summary or "").striptags().split())


def music_playlist(playlist, settings: dict) -> dict:
    """schema.org MusicPlaylist: numTracks and every track as a MusicRecording byArtist."""
    curator = {"@type": "Person", "name": playlist.curator["name"]}
    if playlist.curator.get("url"):
        curator["url"] = playlist.curator["url"]
    tracks = []
    for track in playlist.tracklist:
        recording = {"@type": "MusicRecording", "name": track.title,
                     "byArtist": {"@type": "MusicGroup", "name": track.artist}}
        if track.release_url or track.url:
            recording["url"] = track.release_url or track.url
        if track.release_title:
            recording["inAlbum"] = {"@type": "MusicAlbum", "name": track.release_title, "url": track.release_url}
        if track.duration:
            recording["duration"] = iso_duration(track.duration)
        tracks.append(recording)
    data = {
        "@context": "https://schema.org",
        "@type": "MusicPlaylist",
        "name": playlist.title,
        "url": absolute(settings, playlist.url),
        "datePublished": playlist.date.isoformat(),
        "creator": curator,
        "numTracks": len(tracks),
        "track": tracks,
    }
    if plain_summary(playlist):
        data["description"] = plain_summary(playlist)
    if getattr(playlist, "cover", None):
        data["image"] = absolute(settings, playlist.cover)
    return data


def xspf(playlist, settings: dict) -> bytes:
    """The playlist as XSPF version 1 (https://xspf.org/spec), for VLC, foobar2000, Strawberry and friends."""
    tracks = tuple((track.title, track.artist, track.note, track.url or track.release_url, track.release_title,
                    track.duration * 1000 if track.duration else None)  # milliseconds
                   for track in playlist.tracklist)
    return xspf_document(playlist.title, playlist.curator["name"], plain_summary(playlist),
                         absolute(settings, playlist.url), absolute(settings, playlist.xspf_url),
                         absolute(settings, playlist.cover) if getattr(playlist, "cover", None) else None,
                         playlist.date.isoformat(), tracks)


@functools.lru_cache(maxsize=4096)  # the warm dev server writes every playlist's file on every save
def xspf_document(title: str, creator: str, annotation: str, info: str, location: str, image: str | None,
                  date: str, tracks: tuple[tuple[Any, ...], ...]) -> bytes:
    """The XSPF file of these values. Elements come in the order the specification lists them. Tracks carry
    no <location>: a fan's playlist names songs, not audio files, so players resolve them by title and
    creator; <info> links to where to listen."""
    ns = "{" + XSPF_NAMESPACE + "}"
    root = ET.Element(ns + "playlist", {"version": "1"})

    def add(parent, name, text):
        if text not in (None, ""):
            ET.SubElement(parent, ns + name).text = str(text)

    for name, text in (("title", title), ("creator", creator), ("annotation", annotation), ("info", info),
                       ("location", location), ("image", image), ("date", date)):
        add(root, name, text)
    track_list = ET.SubElement(root, ns + "trackList")
    for values in tracks:
        element = ET.SubElement(track_list, ns + "track")
        for name, text in zip(("title", "creator", "annotation", "info", "album", "duration"), values, strict=True):
            add(element, name, text)
    ET.register_namespace("", XSPF_NAMESPACE)
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def write_outputs(generator, writer) -> None:
    """One .xspf file per playlist (its page and the curators page are written from templates)."""
    settings = generator.settings
    for playlist in generator.items:
        path = Path(generator.output_path) / setting(settings, "PLAYLIST_XSPF_SAVE_AS").format(slug=playlist.slug)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(xspf(playlist, settings))


# --- the feed -----------------------------------------------------------------------------------

def feed_entry(playlist, settings: dict) -> Entry:
    site = settings["SITEURL"]
    link = f"{site}/{playlist.url}"
    curator = playlist.curator
    tracks = "".join(f"<li>{escape(t.artist)} — {escape(t.title)}</li>" for t in playlist.tracklist)
    # the curator's words were sanitised when read (content/sanitize.py); the track strings are escaped here
    content = f"{playlist.get_content(site)}\n<ol>{tracks}</ol>"
    return Entry(
        kind="playlists", title=f"{playlist.title}, a playlist by {curator['name']}", link=link,
        id=get_tag_uri(link, playlist.date), published=at(playlist.date), updated=at(playlist.date),
        author=curator["name"], author_link=curator.get("url"),
        summary=" ".join(Markup(playlist.summary or "").striptags().split()) or None,
        content=absolute_html(content, site),
        categories=tuple(str(tag) for tag in getattr(playlist, "tags", []) or ()),
    )


# --- the content type ----------------------------------------------------------------------------

PLAYLIST_TRACK = Record({
    "artist": Text("who made the track", required=True, max_length=200),
    "title": Text("the track title", required=True),
    "url": Url("a link to the track"),
    "note": Text("why it is on the list", max_length=500),
    "duration": Duration("running time like 3:41"),
}, expected="tracks like { artist: ..., title: ... }")

PLAYLIST = Record({
    "title": Text("the playlist title", required=True),
    "curator": Record({
        "name": Text("the curator's name", required=True, max_length=100),
        "url": Url("a link to the curator"),
    }, "who made the playlist", shorthand="name", required=True,
       expected="the curator's name, or { name: ..., url: ... }"),
    "date": Date("when it was added", required=True),
    "pinned": Boolean("pinned playlists come first"),
    "summary": Markdown("shown in listings", max_length=500),
    **COVER,
    "links": PlatformLinks("where to listen"),
    "player": Text("which link becomes the click-to-load player", max_length=40),
    "tracks": ListOf(PLAYLIST_TRACK, "the tracks", required=True, max_items=MAX_PLAYLIST_TRACKS),
    "tags": tags(),
    **COMMON,
}, rules=[player_is_a_link, player_can_play])


class Playlist(Page):
    """A community playlist, usually sent in by a fan: /playlists/<slug>/ (PLAYLIST_URL, PLAYLIST_SAVE_AS)."""

    default_template = "playlist"


def find_hub(build: Build) -> None:
    """Before the playlists are read: the hub's releases (read first), so a fan's track can link to its release."""
    build.hub = Hub.from_context(build.context, build.settings)  # type: ignore[attr-defined]


def prepare_playlist(playlist, build: Build) -> None:
    prepare(playlist, build.hub, build.settings)  # type: ignore[attr-defined]


def credit_curators(build: Build) -> None:
    build.context["curators"] = curators(build.context["listed_playlists"])


def playlist_json_ld(playlist, settings: dict) -> dict:
    return music_playlist(playlist, settings)


def xspf_file(slug: str, page: str, settings: dict) -> list[str]:
    return [setting(settings, "PLAYLIST_XSPF_SAVE_AS").format(slug=slug)]


SCAFFOLD = """---
title: {title}
curator: your-name        # or {{ name: your-name, url: https://... }}
date: {today}
tracks:
  - {{ artist: Artist name, title: Track title, note: "why it belongs here" }}
---
A few words about your playlist: when to play it, what ties it together.
"""

PLAYLISTS = add(ContentType(
    folder="playlists", item="playlist", schema=PLAYLIST, template="playlist", content_class=Playlist,
    doc="community playlists, often sent in by fans",
    urls={"PLAYLIST_URL": "playlists/{slug}/", "PLAYLIST_SAVE_AS": "playlists/{slug}/index.html",
          "PLAYLIST_XSPF_URL": "playlists/{slug}.xspf", "PLAYLIST_XSPF_SAVE_AS": "playlists/{slug}.xspf"},
    order=index_order, prepare=prepare_playlist, structured_data=playlist_json_ld,
    listings=(Listing("playlists", "PLAYLISTS_INDEX", "playlists/", "the playlists page"),
              Listing("curators", "PLAYLISTS_CURATORS", "playlists/curators/", "the curators page")),
    item_files=xspf_file,
    nav=Nav("Playlists", "PLAYLISTS_INDEX", order=30),
    feed=Feed("FEED_PLAYLISTS_ATOM", "feeds/playlists.atom.xml", "{site}: community playlists",
              lambda context: list(context.get("listed_playlists", [])), feed_entry),
    scaffold=Scaffold("playlist", SCAFFOLD),
    untrusted=True,
    before_context=find_hub, after_context=credit_curators, write_outputs=write_outputs,
))
