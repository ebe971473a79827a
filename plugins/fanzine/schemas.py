"""Every content type's keys, declared once: artist.yml, releases, stories, playlists, links, pages, early.

These declarations are the artist's interface. docs/authoring.md documents
the same keys; `fanzine check` reports anything that does not fit them.
"""
from __future__ import annotations

import re
import zoneinfo

from .embeds import check_discord_invite, player_can_play
from .errors import format_got
from .fonts import FontName
from .newsletter import check_endpoint, check_settings as newsletter_settings
from .platforms import PLATFORMS
from .presets import PresetName
from .stories import date_not_far_ahead
from .schema import (INVALID, Boolean, Choice, Colour, Date, Duration, Field, ImagePath, Integer, ListOf, MapOf,
                     Markdown, OneOf, Record, Report, Slug, Text, Url, join, reads)

RELEASE_TYPES = ["single", "ep", "album", "remix", "live", "compilation"]
NEWSLETTER_PROVIDERS = ["buttondown", "mailchimp", "kit", "mailerlite", "emailoctopus", "beehiiv",
                        "substack", "endpoint"]
LINK_BLOCKS = ["newsletter", "discord", "release", "socials"]
MAX_PLAYLIST_TRACKS = 500


class Timezone(Text):
    expected = "a timezone name like Europe/London or America/New_York"

    def check(self, value, key, report):
        text = super().check(value, key, report)
        if text is INVALID:
            return INVALID
        try:
            zoneinfo.ZoneInfo(text)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return self.fail(value, key, report)
        return text


class Redirects(Field):
    """Pages that moved: `/old/address/: /new/address/` (or a full https:// address), one per line."""

    expected = "lines like '/releases/old-name/: /releases/new-name/'"
    OLD = re.compile(r"/[A-Za-z0-9._~!$&'()+,;=:@%/-]*")
    MAX = 500  # Cloudflare Pages reads 2,000 rules; each moved page makes two (with and without its final /)

    def check(self, value, key, report):
        if not isinstance(value, dict):
            return self.fail(value, key, report)
        if len(value) > self.MAX:
            return report.error(key, f"expected at most {self.MAX} redirects, got {len(value):,}")
        # The good entries are kept beside the reported mistakes, so the whole site's checks still see them.
        cleaned = {}
        for old, new in value.items():
            name = join(key, str(old))
            if not isinstance(old, str) or not self.OLD.fullmatch(old) or ".." in old.split("/") or old == "/":
                report.error(name, "expected an old address on this site, starting with /, like /releases/old-name/")
                continue
            target = Url("where it moved", relative=True).clean(new, name, report)
            if target is not INVALID and target.rstrip("/") == old.rstrip("/"):
                target = report.error(name, "redirects to itself; remove it")
            if target is not INVALID:
                cleaned[old] = target
        return cleaned


class PlatformLinks(MapOf):
    """`spotify: https://...` for known services; `{ url, label }` for any other."""

    def __init__(self, doc: str = ""):
        entry = OneOf([
            (lambda v: isinstance(v, str), Url("the link")),
            (lambda v: isinstance(v, dict), Record({
                "url": Url("the link", required=True),
                "label": Text("button text for a service Fanzine does not know", max_length=60),
                "available_before_release": Boolean("show this button while the release is upcoming"),
            })),
        ], "a web address or { url: ..., label: ... }")
        super().__init__(entry, doc)

    def clean(self, value, key, report):
        cleaned = super().clean(value, key, report)
        if cleaned is INVALID:
            return INVALID
        links, ok = {}, True
        for name, raw in cleaned.items():
            link = raw if isinstance(raw, dict) else {"url": raw}
            platform = PLATFORMS.get(name)
            if platform is None and not link.get("label"):
                report.error(join(key, name), "unknown service; write it as { url: ..., label: ... } or use "
                                              f"a known one: {', '.join(sorted(PLATFORMS))}")
                ok = False
            elif platform and platform.hosts and not platform.owns(link["url"]):
                host = platform.hosts[0]
                article = "an" if host[0] in "aeiox" else "a"  # "an open.spotify.com URL"
                report.error(join(key, name), f"expected {article} {host} URL, got {link['url']}")
                ok = False
            links[name] = link
        return links if ok else INVALID


def tags(doc: str = "words fans can browse by") -> ListOf:
    return ListOf(Text(max_length=40), doc, max_items=20, allow_single=True)


@reads('player', 'links')
def player_is_a_link(item: dict, key: str, report: Report):
    player = item.get("player")
    if player and player not in item.get("links", {}):
        given = ", ".join(item.get("links", {})) or "none"
        return report.error(join(key, "player"), f"expected the name of one of this file's links "
                                                 f"({given}), got {format_got(player)}")
    return None


@reads('mode', 'code_env')
def code_env_when_needed(access: dict, key: str, report: Report):
    if access.get("mode") in ("code", "both") and not access.get("code_env"):
        return report.error(join(key, "code_env"), f"required for mode {access['mode']}: the name of the "
                                                   "environment variable that holds the access code")
    return None


@reads('from', 'until')
def window_in_order(link: dict, key: str, report: Report):
    if link.get("from") and link.get("until") and _day(link["from"]) > _day(link["until"]):
        return report.error(join(key, "from"), f"expected a date before until ({link['until']}), "
                                               f"got {link['from']}")
    return None


def _day(value):
    return value.date() if hasattr(value, "date") else value


STATUS = Choice(["published", "draft", "hidden"], "draft: not built; hidden: built but not listed")
UTM = Record({
    "source": Text("utm_source, e.g. instagram", max_length=80),
    "medium": Text("utm_medium, e.g. social", max_length=80),
    "campaign": Text("utm_campaign, e.g. night-drive", max_length=80),
}, "tracking parameters added to outgoing links")
ACCESS = Record({
    "mode": Choice(["signup", "code", "both"], "how fans unlock the page", required=True),
    "code_env": Text("environment variable holding the access code", pattern=r"[A-Z][A-Z0-9_]{0,63}",
                     pattern_hint="an environment variable name like NIGHT_DRIVE_CODE"),
    "until": Date("after this date the page builds as a public page"),
    "teaser": Markdown("shown in clear above the unlock form", max_length=1000),
    "key_version": Integer("raise it by one to change the page's signup key: keys fans already have stop working",
                           minimum=1, maximum=9999, default=1),
    "remember_days": Integer("how long \"Remember me on this device\" lasts (0: the box is not offered)",
                             minimum=0, maximum=365, default=30),
}, "locks the page until a fan signs up or types a code", rules=[code_env_when_needed],
   expected="an access: section with mode: signup, code or both")
COVER = {
    "cover": ImagePath("the cover picture"),
    "cover_alt": Text("what the cover shows, for fans using screen readers"),
}
COMMON = {"slug": Slug("overrides the file name in the URL"), "status": STATUS}

ARTIST = Record({
    "name": Text("the artist or band name", required=True, max_length=100),
    "tagline": Text("one line under the name", max_length=160),
    "bio": Markdown("a short Markdown bio"),
    "description": Text("the description search engines show", max_length=300),
    "avatar": ImagePath("a square picture of the artist"),
    "avatar_alt": Text("what the avatar shows"),
    "accent": Colour("the accent colour of buttons and links; each theme has its own"),
    "theme": PresetName("how the hub looks: a preset named for a scene, see docs/themes.md", default="minimal"),
    "fonts": Record({"heading": FontName("heading", "the font of names and titles"),
                     "body": FontName("body", "the font of everything else")}, "the theme's fonts, changed"),
    "background": ImagePath("a wide picture behind your name on the home and link pages"),
    "home": Choice(["hub", "links"], "what / shows", default="hub"),
    "timezone": Timezone("dates are read in this timezone", default="UTC"),
    "language": Text("the site's language code", pattern=r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?",
                     pattern_hint="a language code like en or pt-BR", default="en"),
    "socials": PlatformLinks("social profiles, shown as icons"),
    "discord": Record({
        "invite": Url("the discord.gg invite link", required=True),
        "server_id": Text("enables the live widget", pattern=r"\d{17,20}",
                          pattern_hint='a Discord server id of 17-20 digits, in quotes like "123456789012345678"'),
        "name": Text("the server's name", max_length=100),
    }, rules=[check_discord_invite]),
    "newsletter": Record({
        "provider": Choice(NEWSLETTER_PROVIDERS, "who sends the newsletter", required=True),
        "username": Text("your username at the provider", max_length=100),
        "url": Url("the provider's signup form or embed address"),
        "form_id": Text("the provider's form id", max_length=100),
        "description": Text("one line on what fans get", max_length=200),
    }, rules=[newsletter_settings]),
    "forms": Record({"endpoint": Url("the deployed functions/ base URL", relative=True, required=True)}),
    "host": Choice(["github-pages", "netlify", "cloudflare-pages", "vercel", "own-server"],
                   "where the site is published; found from the build's environment when unset"),
    "contributing": Url("where fans learn to send a playlist (your CONTRIBUTING.md); from git when unset"),
    "utm": UTM,
    "repository": Choice(["public", "private"], "who can read the git repository: with private, early-access "
                         "pages may be committed unsealed", default="public"),
    "redirects": Redirects("pages that moved: old address → new address (see docs/authoring.md)"),
}, rules=[check_endpoint])

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
    "release_date": Date("before this date the release is upcoming", required=True),
    **COVER,
    "label": Text("record label", max_length=100),
    "summary": Markdown("one or two lines for listings and link previews", max_length=500),
    "tracks": ListOf(TRACK, "the tracklist", max_items=200),
    "links": PlatformLinks("where to listen or buy"),
    "presave": Url("the pre-save link, shown while upcoming"),
    "player": Text("which link becomes the click-to-load player", max_length=40),
    "bandcamp_id": Text("Bandcamp's album or track id, or its EmbeddedPlayer address", max_length=2000,
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

STORY = Record({
    "title": Text("the story title", required=True),
    "date": Date("when it was published", required=True),
    "modified": Date("when it was last changed"),
    "summary": Markdown("shown in listings; defaults to the first paragraph", max_length=500),
    **COVER,
    "tags": tags(),
    "releases": ListOf(Slug(), "releases this story is about (their file names)", max_items=20, allow_single=True),
    "access": ACCESS,
    **COMMON,
}, rules=[date_not_far_ahead])

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

LINK = Record({
    "label": Text("the button text", required=True, max_length=100),
    "url": Url("where it goes", required=True, contact=True, relative=True),
    "highlight": Boolean("make it the spotlight button"),
    "from": Date("show from this date"),
    "until": Date("show until this date (hidden from this date on)"),
}, rules=[window_in_order])
LINK_BLOCK = Record({
    "block": Choice(LINK_BLOCKS, "a ready-made block", required=True),
    "release": Slug("with block: release, which release"),
})
LINK_HEADING = Record({"heading": Text("a section heading", required=True, max_length=100)})
LINK_ENTRY = OneOf([
    (lambda v: isinstance(v, dict) and "block" in v, LINK_BLOCK),
    (lambda v: isinstance(v, dict) and "heading" in v, LINK_HEADING),
    (lambda v: isinstance(v, dict), LINK),
], "a link { label: ..., url: ... }, a { block: ... } or a { heading: ... }")

LINK_PAGE = Record({
    "title": Text("the page title", required=True),
    "description": Text("the line under the name", max_length=300),
    "featured": Text("the release card on top", pattern=r"latest|upcoming|none|releases/[a-z0-9][a-z0-9-]*",
                     pattern_hint="one of: latest, upcoming, none, releases/<file name>", default="none"),
    "utm": UTM,
    "links": ListOf(LINK_ENTRY, "the buttons, blocks and headings, in order", required=True, max_items=100),
    **COMMON,
})

PAGE = Record({
    "title": Text("the page title", required=True),
    "summary": Markdown("shown in link previews", max_length=500),
    **COVER,
    "access": ACCESS,
    **COMMON,
})

EARLY = Record({
    "title": Text("the page title (shown to everyone)", required=True),
    "access": Record(ACCESS.fields, ACCESS.doc, rules=ACCESS.rules, expected=ACCESS.expected, required=True),
    "date": Date("when it was added"),
    **COVER,
    **COMMON,
})

# content/<folder>/*.md → its schema
FOLDERS: dict[str, Record] = {
    "releases": RELEASE,
    "stories": STORY,
    "playlists": PLAYLIST,
    "links": LINK_PAGE,
    "pages": PAGE,
    "early": EARLY,
}
