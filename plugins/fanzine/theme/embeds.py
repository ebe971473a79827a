"""Music players from share links: which service a link is, its player's address and height.

A fan's page loads nothing from Spotify, Apple Music, SoundCloud, YouTube or
Bandcamp until they press play: templates show a facade (partials/embed.html,
a real link to the service) and theme/js/embed.js swaps in the player below.
This module turns the link an artist pastes into what that swap needs, and
explains in a sentence when a link cannot become a player.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import parse_qs, quote, urlsplit

from ..content.schema import Report, join, reads
from ..errors import format_got

# The players a facade can load, by the platform keys used in `links:`.
SERVICES = {"spotify": "Spotify", "apple_music": "Apple Music", "soundcloud": "SoundCloud",
            "youtube": "YouTube", "youtube_music": "YouTube", "bandcamp": "Bandcamp"}
NAMES = {**SERVICES, "discord": "Discord"}
# What an iframe may use; the same features are granted to exactly these hosts in
# the Permissions-Policy header (hostconfig.py), so nothing else can ask for them.
AUDIO_FEATURES = "autoplay; encrypted-media; clipboard-write"
VIDEO_FEATURES = "autoplay; encrypted-media; clipboard-write; fullscreen; picture-in-picture"

SPOTIFY_TYPES = {"track": 152, "episode": 152, "album": 352, "playlist": 352, "artist": 352, "show": 352}
SPOTIFY_ID = re.compile(r"[A-Za-z0-9]{22}")
YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
YOUTUBE_LIST = re.compile(r"[A-Za-z0-9_-]{10,64}")
APPLE_TYPES = ("album", "playlist", "song", "music-video", "station")
BANDCAMP_PLAYER = re.compile(r"bandcamp\.com/EmbeddedPlayer/(?:v=2/)?(album|track)=(\d{4,12})", re.I)
SOUNDCLOUD_RESERVED = {"discover", "search", "stream", "upload", "you", "charts", "pages", "people",
                       "settings", "messages", "notifications", "feed"}

BANDCAMP_HELP = ("on your Bandcamp page choose Share/Embed → Embed this album (or track), and copy the "
                 "number after album= (or track=) in the code")


class NotPlayable(ValueError):
    """A link that cannot become a player; the message says why and what to paste instead."""


@dataclass(frozen=True)
class Embed:
    """One click-to-load player: everything partials/embed.html and embed.js need."""

    service: str       # spotify, apple_music, soundcloud, youtube, bandcamp
    kind: str          # track, album, playlist, video, ...: picks the height and the words
    url: str           # the share link: where the facade goes without JavaScript
    src: str           # the player's address, loaded only on a click
    height: int | None  # pixels, as in the service's own embed code; None for a 16:9 video
    src_dark: str = ""  # the player in dark colours, where the service offers one

    @property
    def name(self) -> str:
        return NAMES[self.service]

    @property
    def host(self) -> str:
        """The origin the player loads from (what the CSP's frame-src must allow)."""
        parts = urlsplit(self.src)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def is_video(self) -> bool:
        return self.height is None

    @property
    def allow(self) -> str:
        return VIDEO_FEATURES if self.is_video else AUDIO_FEATURES

    @property
    def verb(self) -> str:
        return "Watch" if self.is_video else "Play"

    @property
    def what(self) -> str:
        """'the album', 'the video': what a body embed without a title plays."""
        return "the " + {"song": "track", "set": "playlist", "music-video": "video"}.get(self.kind, self.kind)


def embed_for(url: str, bandcamp_id: str | None = None) -> Embed:
    """The player for a share link; NotPlayable (with an artist-facing reason) when there is none."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        raise NotPlayable(f"expected a share link starting with https://, got {format_got(url)}")
    bare = host[4:] if host.startswith("www.") else host
    for service, parse in PARSERS:
        if any(bare == h or bare.endswith("." + h) for h in service):
            return parse(parts, url.strip(), bandcamp_id)
    raise NotPlayable(f"Fanzine can play links from {', '.join(sorted(set(SERVICES.values())))}; "
                      f"got {format_got(url)}")


def find_embed(url: str) -> Embed | None:
    """The player for a link pasted alone on a line of Markdown, or None (then it stays a link)."""
    try:
        return embed_for(url)
    except NotPlayable:
        return None


def player_of(item) -> Embed | None:
    """A release's or playlist's `player:` as an Embed (a Jinja filter); None when it has none.

    Mistakes were reported by `fanzine check` (see player_can_play) before the
    build started, so a link that cannot play is simply left as a button here.
    """
    metadata = getattr(item, "metadata", item)
    key = metadata.get("player")
    link = metadata.get("links", {}).get(key) if key else None
    if not link:
        return None
    try:
        return embed_for(link["url"], metadata.get("bandcamp_id"))
    except NotPlayable:
        return None


@reads('player', 'links', 'bandcamp_id')
def player_can_play(item: dict, key: str, report: Report):
    """Schema rule for releases and playlists: the `player:` link must make a player."""
    name = item.get("player")
    link = item.get("links", {}).get(name) if name else None
    if not link:
        return None  # player_is_a_link reports a player: that names none of the links
    if name not in SERVICES:
        return report.error(join(key, "player"), f"Fanzine has no click-to-load player for {name}; "
                                                 f"expected one of: {', '.join(sorted(SERVICES))}")
    try:
        embed_for(link["url"], item.get("bandcamp_id"))
    except NotPlayable as reason:
        return report.error(join(key, "player"), str(reason))
    return None


# --- one parser per service: (url parts, the link as typed, bandcamp_id) → Embed -----------------

def _spotify(parts, url, _bandcamp_id) -> Embed:
    if (parts.hostname or "").lower() in ("spotify.link", "spotify.app.link"):
        raise NotPlayable(f"a spotify.link short link cannot become a player: open it, then paste the "
                          f"open.spotify.com address it leads to (got {url})")
    path = [p for p in parts.path.split("/") if p]
    if path and path[0].startswith("intl-"):
        path = path[1:]
    if path and path[0] == "embed":
        path = path[1:]
    if len(path) >= 2 and path[0] in SPOTIFY_TYPES and SPOTIFY_ID.fullmatch(path[1]):
        kind, ident = path[0], path[1]
        src = f"https://open.spotify.com/embed/{kind}/{ident}"
        return Embed("spotify", kind, url, src, SPOTIFY_TYPES[kind], src_dark=src + "?theme=0")
    raise NotPlayable("expected a Spotify link to a track, album, playlist, artist, episode or show, like "
                      f"https://open.spotify.com/album/4aawyAB9vmqN3uQ7FjRGTy (got {url})")


def _apple_music(parts, url, _bandcamp_id) -> Embed:
    path = [p for p in parts.path.split("/") if p]
    # /gb/album/night-drive-single/1784290960 (the storefront, the type, a name, the id)
    if len(path) >= 3 and len(path[0]) == 2 and path[1] in APPLE_TYPES and re.fullmatch(r"(pl\.)?[\w.-]+", path[-1]):
        song = "i" in parse_qs(parts.query) or path[1] == "song"
        query = f"?i={quote(parse_qs(parts.query)['i'][0])}" if "i" in parse_qs(parts.query) else ""
        src = "https://embed.music.apple.com/" + "/".join(quote(p) for p in path) + query
        kind = "track" if song else path[1]
        height = None if path[1] == "music-video" else 175 if song else 450
        return Embed("apple_music", kind, url, src, height)
    raise NotPlayable("expected an Apple Music link to an album, playlist or song, like "
                      f"https://music.apple.com/gb/album/night-drive-single/1784290960 (got {url})")


def _soundcloud(parts, url, _bandcamp_id) -> Embed:
    host = (parts.hostname or "").lower()
    path = [p for p in parts.path.split("/") if p]
    if host == "on.soundcloud.com":
        raise NotPlayable(f"an on.soundcloud.com short link cannot become a player: open it, then paste the "
                          f"soundcloud.com address it leads to (got {url})")
    if host == "w.soundcloud.com":  # already a player address
        target = parse_qs(parts.query).get("url", [""])[0]
        if target:
            return replace(_soundcloud(urlsplit(target), target, None), url=url)
    if not path or path[0] in SOUNDCLOUD_RESERVED:
        raise NotPlayable("expected a SoundCloud link to a track, a playlist (…/sets/…) or a profile, like "
                          f"https://soundcloud.com/novalights/night-drive (got {url})")
    canonical = "https://soundcloud.com/" + "/".join(path)
    kind = "set" if len(path) >= 3 and path[1] == "sets" else "track" if len(path) >= 2 else "artist"
    src = f"https://w.soundcloud.com/player/?url={quote(canonical, safe='')}&auto_play=true&visual=false"
    return Embed("soundcloud", kind, url, src, 166 if kind == "track" else 450)


def _youtube(parts, url, _bandcamp_id) -> Embed:
    host = (parts.hostname or "").lower()
    path = [p for p in parts.path.split("/") if p]
    query = parse_qs(parts.query)
    video = None
    if host == "youtu.be" and path:
        video = path[0]
    elif path and path[0] in ("shorts", "live", "embed", "v") and len(path) >= 2:
        video = path[1]
    elif path[:1] == ["watch"]:
        video = query.get("v", [""])[0]
    playlist = query.get("list", [""])[0]
    start = _seconds(query.get("t", query.get("start", [""]))[0])
    base = "https://www.youtube-nocookie.com/embed/"
    if video and YOUTUBE_ID.fullmatch(video) and video != "videoseries":
        src = f"{base}{video}?autoplay=1" + (f"&start={start}" if start else "")
        return Embed("youtube", "video", url, src, None)
    if playlist and YOUTUBE_LIST.fullmatch(playlist):
        return Embed("youtube", "playlist", url, f"{base}videoseries?list={playlist}&autoplay=1", None)
    raise NotPlayable("expected a YouTube link to a video or a playlist, like "
                      f"https://www.youtube.com/watch?v=dQw4w9WgXcQ (a channel cannot play; got {url})")


def _bandcamp(parts, url, bandcamp_id) -> Embed:
    found = BANDCAMP_PLAYER.search(url) or (BANDCAMP_PLAYER.search(bandcamp_id) if bandcamp_id else None)
    path = [p for p in parts.path.split("/") if p]
    if found:
        kind, number = found.group(1).lower(), found.group(2)
    elif bandcamp_id and str(bandcamp_id).strip().isascii() and str(bandcamp_id).strip().isdigit():
        kind, number = ("track" if path[:1] == ["track"] else "album"), str(bandcamp_id).strip()
    else:
        what = "track" if path[:1] == ["track"] else "album"
        raise NotPlayable(f"Bandcamp's player needs the {what}'s number: add bandcamp_id: to this file "
                          f"({BANDCAMP_HELP}), or paste the whole EmbeddedPlayer address there")
    shape = f"https://bandcamp.com/EmbeddedPlayer/{kind}={number}/size=large/{{colours}}/tracklist=false/" \
            "artwork=small/transparent=true/"
    return Embed("bandcamp", kind, url, shape.format(colours="bgcol=ffffff/linkcol=0687f5"), 120,
                 src_dark=shape.format(colours="bgcol=333333/linkcol=ffffff"))


def _seconds(text: str) -> int:
    """YouTube's t=: 90, 90s or 1m30s → 90."""
    match = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?", text or "")
    if not text or not match:
        return 0
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds


PARSERS = [
    (("open.spotify.com", "play.spotify.com", "spotify.link", "spotify.app.link"), _spotify),
    (("music.apple.com", "embed.music.apple.com"), _apple_music),
    (("soundcloud.com", "m.soundcloud.com", "on.soundcloud.com", "w.soundcloud.com"), _soundcloud),
    (("youtube.com", "m.youtube.com", "music.youtube.com", "youtu.be", "youtube-nocookie.com"), _youtube),
    (("bandcamp.com",), _bandcamp),
]


# --- Discord: the invite button and the server widget ----------------------------------------------

DISCORD_INVITE = re.compile(r"https://(?:discord\.gg|(?:www\.)?discord\.com/invite)/[A-Za-z0-9-]{2,32}/?")


def discord_widget(discord: dict | None) -> Embed | None:
    """The "who's online" widget of artist.yml's discord: section (a Jinja filter); None without server_id.

    Discord shows it only when the server's admin has turned on Server Settings →
    Widget → Enable Server Widget (docs/discord.md).
    """
    if not discord or not discord.get("server_id"):
        return None
    src = f"https://discord.com/widget?id={discord['server_id']}&theme="
    return Embed("discord", "widget", src + "light", src + "light", 500, src_dark=src + "dark")


@reads('invite')
def check_discord_invite(discord: dict, key: str, report: Report):
    """Rule for artist.yml's discord: the invite is a discord.gg (or discord.com/invite) link."""
    invite = discord.get("invite", "")
    if not DISCORD_INVITE.fullmatch(invite):
        return report.error(join(key, "invite"), "expected a Discord invite link like https://discord.gg/abc123 "
                                                 "(in Discord: your server's name → Invite People → Edit invite "
                                                 f"link → Expire After: Never), got {format_got(invite)}")
    return None


def configure(pelican) -> None:
    """Signal handler (initialized): the template filters for players, the Discord widget and signups."""
    from .newsletter import signup_form

    settings = pelican.settings
    settings["JINJA_FILTERS"] = {**settings.get("JINJA_FILTERS", {}), "player_embed": player_of,
                                 "discord_widget": discord_widget, "signup_form": signup_form}
