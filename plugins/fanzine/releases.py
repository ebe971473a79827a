"""Releases: upcoming or out by date, running times, buttons, discography order, and what sharing needs.

`prepare()` runs on every build (never cached): whether a release is out
depends on the day the site is built for.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

from markupsafe import Markup

from . import cssprune, presets, safefiles, socialcards, theme
from .calendar import day_of
from .ics import release_day_event
from .platforms import PLATFORMS
from .socialcards import Card, write_card
from .structured import iso_duration, json_ld
from .utm import add_utm, merge

TYPE_NAMES = {"album": "Album", "ep": "EP", "single": "Single", "remix": "Remix", "live": "Live album",
              "compilation": "Compilation"}
CALENDAR_FILE = "release.ics"
SMARTLINK_STYLESHEET = "theme/css/fanzine-go.css"  # the smart links' own stylesheet, cut down from the theme's
RELEASE_STYLESHEET = "theme/css/fanzine-release.css"  # the release pages', the same way
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
            "name": link.get("label") or platform.name,
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
                               accent=artist.get("accent", "#c2185b"))
    release.social_card_path = f"{folder}/card.{release.social_card.key()[:10]}.jpg"
    release.social = link_preview(release, settings, name)
    release.json_ld = json_ld(structured_data(release, settings, name))


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
RELEASE_TYPES = {"album": "AlbumRelease", "ep": "EPRelease", "single": "SingleRelease"}
PRODUCTION_TYPES = {"remix": "RemixAlbum", "live": "LiveAlbum", "compilation": "CompilationAlbum"}


def release_type(release) -> str:
    if release.type in RELEASE_TYPES:
        return RELEASE_TYPES[release.type]
    count = len(release.tracklist)
    return "SingleRelease" if count <= 3 else "EPRelease" if count <= 6 else "AlbumRelease"


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


def write_extras(release, settings: dict, output_path: str) -> None:
    """The release's files beside its page: the social card and the calendar file."""
    write_card(release.social_card, settings["CACHE_PATH"], Path(output_path) / release.social_card_path)
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


def write_smartlink_stylesheet(settings: dict, output_path: str, pages: list[str]) -> None:
    """The smart links' stylesheet: the artist's colours and only the theme's rules the built /go/ pages use.

    A smart link is opened from a bio in an in-app browser on a weak connection;
    it should not wait for the rules of every other page.
    """
    output, static = Path(output_path), Path(settings["THEME"]) / "static"
    used: set[str] = set()
    for page in pages:
        used |= cssprune.classes_in_html((output / page).read_text(encoding="utf-8"))
    css = presets.head_rules(settings)  # fonts and the theme preset's tokens
    css += cssprune.prune(theme.bundle_css(static / "css" / "main.css") + presets.skin(settings), used) + "\n"
    target = output / SMARTLINK_STYLESHEET
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(css, encoding="utf-8")
