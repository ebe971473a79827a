"""A copy of the example hub with every kind of click-to-load embed, for the embeds, privacy and header tests.

Players through `player:` on releases (Spotify, Bandcamp by id and by
EmbeddedPlayer address, Apple Music, SoundCloud, YouTube) and a playlist; a
line holding only a share link in a story, a page, a fan's playlist notes and
a sealed early-access page; the Discord card with its widget; and the
newsletter (beehiiv's click-to-load form by default, or any other provider).
Each variant is built once per test session and shared by the test files.
"""
from __future__ import annotations

import re
import threading
from pathlib import Path

from conftest import AS_OF, copy_project, fanzine

# Every service host a facade on this hub can load, by service.
HOSTS = {
    "spotify": "https://open.spotify.com",
    "apple_music": "https://embed.music.apple.com",
    "soundcloud": "https://w.soundcloud.com",
    "youtube": "https://www.youtube-nocookie.com",
    "bandcamp": "https://bandcamp.com",
    "discord": "https://discord.com",
    "beehiiv": "https://embeds.beehiiv.com",
}
BEEHIIV_ID = "0d3f5a2e-1b7c-4e8a-9f10-2a3b4c5d6e7f"
NEWSLETTERS = {
    "beehiiv": f"newsletter:\n  provider: beehiiv\n  form_id: {BEEHIIV_ID}\n",
    "endpoint": "newsletter:\n  provider: endpoint\n",
    "buttondown": "newsletter:\n  provider: buttondown\n  username: novalights\n",
}

RELEASE = """---
title: {title}
type: single
release_date: 2026-03-01
summary: "A test single with a {name} player."
links:
  {key}: {url}
player: {key}
{extra}---
Notes.
"""
RELEASES = {
    "apple-test": ("Apple Test", "Apple Music", "apple_music",
                   "https://music.apple.com/gb/album/night-drive-single/1784290960", ""),
    "soundcloud-test": ("SoundCloud Test", "SoundCloud", "soundcloud",
                        "https://soundcloud.com/novalights/sodium-lights-mara-k-remix", ""),
    "youtube-test": ("YouTube Test", "YouTube", "youtube", "https://www.youtube.com/watch?v=A3R6DiZezwf", ""),
    "bandcamp-player-test": ("Bandcamp Player Test", "Bandcamp", "bandcamp",
                             "https://novalights.bandcamp.com/track/night-drive",
                             "bandcamp_id: https://bandcamp.com/EmbeddedPlayer/track=3247245729/size=large/\n"),
}
BODY_LINKS = """
https://open.spotify.com/track/DRET79IqJzQtJZPGSEZ4zB

https://music.apple.com/gb/album/night-drive-single/1784290960?i=1784290961

<https://soundcloud.com/novalights/night-drive-demo>

https://youtu.be/d8PM5Pp_7vt

https://bandcamp.com/EmbeddedPlayer/album=4016564252/size=large/

A [link with words](https://open.spotify.com/album/XFWXLCpaNfhs0gCa05RFRu) stays a link, and so does
https://example.com/not-a-player inside a paragraph.
"""
EXTRA_FILES = {
    "stories/every-player.md": "---\ntitle: Every player\ndate: 2026-10-01\nsummary: All of them.\n"
                               "tags: [test]\n---\nWhere to listen:\n" + BODY_LINKS,
    "pages/listen.md": "---\ntitle: Listen\n---\nOur latest video:\n\nhttps://www.youtube.com/watch?v=A3R6DiZezwf\n",
    "playlists/video-mix.md": "---\ntitle: Video mix\ncurator: test_fan\ndate: 2026-10-02\n"
                              "links:\n  youtube: https://www.youtube.com/playlist?list=PLTBoJBLIqmHm3vnhTxnOJiLOuHGib0G1b\n"
                              "player: youtube\ntracks:\n  - { artist: Nova Lights, title: Night Drive }\n---\n"
                              "My favourite live one:\n\nhttps://www.youtube.com/watch?v=d8PM5Pp_7vt\n",
}
EARLY_EMBED = "\n\nThe first rough demo:\n\nhttps://soundcloud.com/novalights/album-two-sketch-1\n"

# What each page type is on this hub: (path, the services its facades load).
PAGES = {
    "home": ("/", {"discord", "beehiiv"}),
    "release (Spotify)": ("/releases/satellite-summer/", {"spotify"}),
    "release (Bandcamp id)": ("/releases/glasshouse-hours/", {"bandcamp"}),
    "release (Bandcamp EmbeddedPlayer)": ("/releases/bandcamp-player-test/", {"bandcamp"}),
    "release (Apple Music)": ("/releases/apple-test/", {"apple_music"}),
    "release (SoundCloud)": ("/releases/soundcloud-test/", {"soundcloud"}),
    "release (YouTube)": ("/releases/youtube-test/", {"youtube"}),
    "release (upcoming)": ("/releases/night-drive/", set()),
    "releases": ("/releases/", set()),
    "story with body players": ("/stories/every-player/", {"spotify", "apple_music", "soundcloud", "youtube",
                                                          "bandcamp"}),
    "stories": ("/stories/", set()),
    "tag": ("/stories/tags/gear/", set()),
    "playlist (Spotify)": ("/playlists/last-train-home/", {"spotify"}),
    "playlist (YouTube, fan's notes)": ("/playlists/video-mix/", {"youtube"}),
    "playlists": ("/playlists/", set()),
    "link page": ("/links/", {"discord", "beehiiv"}),
    "campaign link page": ("/links/tour/", {"beehiiv"}),
    "page with a player": ("/listen/", {"youtube"}),
    "about": ("/about/", set()),
    "early access (signup)": ("/early/night-drive-demos/", set()),
    "early access (code, sealed player)": ("/early/studio-diary/", set()),
    "smart link": ("/go/night-drive/", set()),
    "404": ("/404.html", set()),
}

_built: dict[str, Path] = {}
_lock = threading.Lock()


def make_project(destination: Path, newsletter: str = "beehiiv") -> Path:
    """The example hub plus every embed kind, with `newsletter` as its newsletter provider."""
    project = copy_project(destination)
    content = project / "content"
    artist = content / "artist.yml"
    text = re.sub(r"^newsletter:\n(?:[ \t]+.*\n)+", NEWSLETTERS[newsletter], artist.read_text(encoding="utf-8"),
                  flags=re.M)
    artist.write_text(text, encoding="utf-8")
    for slug, (title, name, key, url, extra) in RELEASES.items():
        (content / "releases" / f"{slug}.md").write_text(
            RELEASE.format(title=title, name=name, key=key, url=url, extra=extra), encoding="utf-8")
    for path, text in EXTRA_FILES.items():
        (content / path).write_text(text, encoding="utf-8")
    diary = content / "early" / "studio-diary.md"
    diary.write_text(diary.read_text(encoding="utf-8") + EARLY_EMBED, encoding="utf-8")
    return project


def embeds_site(tmp_path_factory, newsletter: str = "beehiiv", publish: bool = False) -> Path:
    """The built output folder of that hub (development settings unless publish), built once per session."""
    key = f"{newsletter}-{'publish' if publish else 'dev'}"
    with _lock:
        if key not in _built:
            project = make_project(tmp_path_factory.mktemp(f"embeds-{key}"), newsletter)
            args = ["build", "--as-of", AS_OF] + (["--publish"] if publish else [])
            fanzine(*args, cwd=project, env={"SITEURL": "https://novalights.example"} if publish else None,
                    check=True)
            _built[key] = project / "output"
        return _built[key]
