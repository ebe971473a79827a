"""Music and social services known by key: their display name and the hosts their links live on."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Platform:
    key: str
    name: str
    hosts: tuple[str, ...]  # the first is the one named in error messages
    action: str = "Listen on"  # button text: "Listen on Spotify", "Watch on YouTube"

    def owns(self, url: str) -> bool:
        return self.owns_host(host_of(url))

    def owns_host(self, host: str) -> bool:
        return any(host == h or host.endswith("." + h) for h in self.hosts)


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:  # a malformed [IPv6] host: no service's
        return ""


_PLATFORMS = [
    Platform("spotify", "Spotify", ("open.spotify.com", "spotify.link", "spotify.com")),
    Platform("apple_music", "Apple Music", ("music.apple.com", "itunes.apple.com")),
    Platform("youtube_music", "YouTube Music", ("music.youtube.com",)),
    Platform("youtube", "YouTube", ("www.youtube.com", "youtube.com", "youtu.be"), "Watch on"),
    Platform("bandcamp", "Bandcamp", ("bandcamp.com",), "Buy on"),
    Platform("soundcloud", "SoundCloud", ("soundcloud.com", "on.soundcloud.com")),
    Platform("tidal", "TIDAL", ("tidal.com", "listen.tidal.com")),
    Platform("deezer", "Deezer", ("www.deezer.com", "deezer.com", "deezer.page.link")),
    Platform("amazon_music", "Amazon Music",
             ("music.amazon.com", "amazon.com", "music.amazon.co.uk", "music.amazon.de")),
    Platform("qobuz", "Qobuz", ("www.qobuz.com", "open.qobuz.com", "qobuz.com")),
    Platform("beatport", "Beatport", ("www.beatport.com", "beatport.com"), "Buy on"),
    Platform("audiomack", "Audiomack", ("audiomack.com",)),
    Platform("audius", "Audius", ("audius.co",)),
    Platform("mixcloud", "Mixcloud", ("www.mixcloud.com", "mixcloud.com")),
    Platform("napster", "Napster", ("web.napster.com", "napster.com")),
    Platform("pandora", "Pandora", ("www.pandora.com", "pandora.com", "pandora.app.link")),
    Platform("anghami", "Anghami", ("play.anghami.com", "anghami.com")),
    Platform("boomplay", "Boomplay", ("www.boomplay.com", "boomplay.com")),
    Platform("jiosaavn", "JioSaavn", ("www.jiosaavn.com", "jiosaavn.com")),
    Platform("yandex", "Yandex Music", ("music.yandex.ru", "music.yandex.com")),
    Platform("netease", "NetEase Cloud Music", ("music.163.com",)),
    Platform("instagram", "Instagram", ("www.instagram.com", "instagram.com"), "Follow on"),
    Platform("tiktok", "TikTok", ("www.tiktok.com", "tiktok.com"), "Follow on"),
    Platform("twitch", "Twitch", ("www.twitch.tv", "twitch.tv"), "Watch on"),
    Platform("bluesky", "Bluesky", ("bsky.app",), "Follow on"),
    Platform("mastodon", "Mastodon", (), "Follow on"),  # any instance host
    Platform("threads", "Threads", ("www.threads.net", "threads.net", "threads.com"), "Follow on"),
    Platform("facebook", "Facebook", ("www.facebook.com", "facebook.com"), "Follow on"),
    Platform("x", "X", ("x.com", "twitter.com"), "Follow on"),
    Platform("patreon", "Patreon", ("www.patreon.com", "patreon.com"), "Support on"),
    Platform("kofi", "Ko-fi", ("ko-fi.com",), "Support on"),
    Platform("discord", "Discord", ("discord.gg", "discord.com"), "Join on"),
]

PLATFORMS: dict[str, Platform] = {p.key: p for p in _PLATFORMS}


@functools.lru_cache(maxsize=4096)  # every link of every link page, on every build
def platform_for_url(url: str) -> Platform | None:
    """The service a link points at, to pick an icon for a plain link-page button."""
    host = host_of(url)
    for platform in _PLATFORMS:
        if platform.hosts and platform.owns_host(host):
            return platform
    return None
