"""Share links → click-to-load players (embeds.py), players in Markdown bodies (players.py), and the facade.

The browser side (nothing loads before a click, only the chosen service after)
is in test_privacy.py.
"""
from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from conftest import ROOT
from embeds_site import EXTRA_FILES, HOSTS, embeds_site
from fanzine.content.check import check_site
from fanzine.theme import players
from fanzine.theme.embeds import NotPlayable, embed_for, find_embed, player_of
from support.theme import pelican_environment

THEME = ROOT / "themes" / "fanzine"


# --- each service's share links ------------------------------------------------------------------

@pytest.mark.parametrize("url, kind, src, height", [
    ("https://open.spotify.com/album/XFWXLCpaNfhs0gCa05RFRu", "album",
     "https://open.spotify.com/embed/album/XFWXLCpaNfhs0gCa05RFRu", 352),
    ("https://open.spotify.com/intl-de/track/DRET79IqJzQtJZPGSEZ4zB?si=a1b2c3", "track",
     "https://open.spotify.com/embed/track/DRET79IqJzQtJZPGSEZ4zB", 152),
    ("https://open.spotify.com/playlist/i0d9TH4QgTNBEjE4o24hOS", "playlist",
     "https://open.spotify.com/embed/playlist/i0d9TH4QgTNBEjE4o24hOS", 352),
    ("https://open.spotify.com/artist/huG8GP38g4o5MNJAYKJ1UX", "artist",
     "https://open.spotify.com/embed/artist/huG8GP38g4o5MNJAYKJ1UX", 352),
    ("https://open.spotify.com/episode/huG8GP38g4o5MNJAYKJ1UX", "episode",
     "https://open.spotify.com/embed/episode/huG8GP38g4o5MNJAYKJ1UX", 152),
])
def test_spotify(url, kind, src, height):
    embed = embed_for(url)
    assert (embed.service, embed.kind, embed.src, embed.height, embed.url) == ("spotify", kind, src, height, url)
    assert embed.host == "https://open.spotify.com"
    assert embed.src_dark == src + "?theme=0"


@pytest.mark.parametrize("url, kind, src, height", [
    ("https://music.apple.com/gb/album/night-drive-single/1784290960", "album",
     "https://embed.music.apple.com/gb/album/night-drive-single/1784290960", 450),
    ("https://music.apple.com/gb/album/night-drive-single/1784290960?i=1784290961", "track",
     "https://embed.music.apple.com/gb/album/night-drive-single/1784290960?i=1784290961", 175),
    ("https://music.apple.com/us/song/night-drive/1784290961", "track",
     "https://embed.music.apple.com/us/song/night-drive/1784290961", 175),
    ("https://music.apple.com/gb/playlist/late-night/pl.u-abcdEFGH1234", "playlist",
     "https://embed.music.apple.com/gb/playlist/late-night/pl.u-abcdEFGH1234", 450),
])
def test_apple_music(url, kind, src, height):
    embed = embed_for(url)
    assert (embed.service, embed.kind, embed.src, embed.height) == ("apple_music", kind, src, height)
    assert embed.host == "https://embed.music.apple.com"


@pytest.mark.parametrize("url, kind, height", [
    ("https://soundcloud.com/novalights/sodium-lights-mara-k-remix", "track", 166),
    ("https://soundcloud.com/novalights/sets/glasshouse-hours", "set", 450),
    ("https://soundcloud.com/novalights", "artist", 450),
])
def test_soundcloud(url, kind, height):
    embed = embed_for(url)
    assert (embed.service, embed.kind, embed.height) == ("soundcloud", kind, height)
    assert embed.src.startswith("https://w.soundcloud.com/player/?url=https%3A%2F%2Fsoundcloud.com%2Fnovalights")
    assert "auto_play=true" in embed.src  # the fan pressed play already


def test_soundcloud_player_address_is_accepted_and_its_link_kept():
    url = "https://w.soundcloud.com/player/?url=https%3A//soundcloud.com/novalights/night-drive&color=ff5500"
    embed = embed_for(url)
    assert embed.kind == "track" and embed.url == url
    assert "url=https%3A%2F%2Fsoundcloud.com%2Fnovalights%2Fnight-drive" in embed.src


@pytest.mark.parametrize("url, src", [
    ("https://www.youtube.com/watch?v=A3R6DiZezwf", "https://www.youtube-nocookie.com/embed/A3R6DiZezwf?autoplay=1"),
    ("https://youtu.be/A3R6DiZezwf?t=90", "https://www.youtube-nocookie.com/embed/A3R6DiZezwf?autoplay=1&start=90"),
    ("https://www.youtube.com/watch?v=A3R6DiZezwf&t=1m30s",
     "https://www.youtube-nocookie.com/embed/A3R6DiZezwf?autoplay=1&start=90"),
    ("https://www.youtube.com/shorts/A3R6DiZezwf", "https://www.youtube-nocookie.com/embed/A3R6DiZezwf?autoplay=1"),
    ("https://m.youtube.com/watch?v=A3R6DiZezwf", "https://www.youtube-nocookie.com/embed/A3R6DiZezwf?autoplay=1"),
    ("https://music.youtube.com/watch?v=A3R6DiZezwf", "https://www.youtube-nocookie.com/embed/A3R6DiZezwf?autoplay=1"),
    ("https://www.youtube.com/playlist?list=PLTBoJBLIqmHm3vnhTxnOJiLOuHGib0G1b",
     "https://www.youtube-nocookie.com/embed/videoseries?list=PLTBoJBLIqmHm3vnhTxnOJiLOuHGib0G1b&autoplay=1"),
])
def test_youtube_always_plays_from_the_no_cookie_host(url, src):
    embed = embed_for(url)
    assert (embed.service, embed.src, embed.height, embed.is_video) == ("youtube", src, None, True)
    assert embed.host == "https://www.youtube-nocookie.com"
    assert "fullscreen" in embed.allow


def test_bandcamp_from_an_id_and_the_release_link():
    embed = embed_for("https://novalights.bandcamp.com/album/glasshouse-hours", "4016564252")
    assert (embed.service, embed.kind, embed.height) == ("bandcamp", "album", 120)
    assert embed.src == ("https://bandcamp.com/EmbeddedPlayer/album=4016564252/size=large/bgcol=ffffff/"
                         "linkcol=0687f5/tracklist=false/artwork=small/transparent=true/")
    assert "bgcol=333333" in embed.src_dark
    assert embed.url == "https://novalights.bandcamp.com/album/glasshouse-hours"
    assert embed_for("https://novalights.bandcamp.com/track/night-drive", "3247245728").kind == "track"


@pytest.mark.parametrize("pasted", [
    "https://bandcamp.com/EmbeddedPlayer/track=3247245728/size=large/bgcol=ffffff/linkcol=0687f5/",
    '<iframe style="border: 0; width: 100%; height: 120px;" src="https://bandcamp.com/EmbeddedPlayer/track=3247245728'
    '/size=large/bgcol=ffffff/linkcol=0687f5/tracklist=false/artwork=small/transparent=true/" seamless></iframe>',
])
def test_bandcamp_from_the_embedded_player_address_or_the_whole_embed_code(pasted):
    embed = embed_for("https://novalights.bandcamp.com/track/night-drive", pasted)
    assert (embed.kind, embed.src.split("/size")[0]) == ("track", "https://bandcamp.com/EmbeddedPlayer/track=3247245728")


def test_bandcamp_embedded_player_address_as_the_link_itself():
    embed = embed_for("https://bandcamp.com/EmbeddedPlayer/album=4016564252/size=large/")
    assert embed.kind == "album" and "album=4016564252" in embed.src


BANDCAMP_MISSING = ("Bandcamp's player needs the album's number: add bandcamp_id: to this file (on your Bandcamp "
                    "page choose Share/Embed → Embed this album (or track), and copy the number after album= (or "
                    "track=) in the code), or paste the whole EmbeddedPlayer address there")


@pytest.mark.parametrize("url, message", [
    ("https://novalights.bandcamp.com/album/night-drive", BANDCAMP_MISSING),
    ("https://spotify.link/aBcD123", "a spotify.link short link cannot become a player: open it, then paste the "
                                     "open.spotify.com address it leads to (got https://spotify.link/aBcD123)"),
    ("https://open.spotify.com/user/someone", "expected a Spotify link to a track, album, playlist, artist, episode "
                                              "or show, like https://open.spotify.com/album/4aawyAB9vmqN3uQ7FjRGTy "
                                              "(got https://open.spotify.com/user/someone)"),
    ("https://www.youtube.com/@novalightsmusic", "expected a YouTube link to a video or a playlist, like "
                                                 "https://www.youtube.com/watch?v=dQw4w9WgXcQ (a channel cannot play; "
                                                 "got https://www.youtube.com/@novalightsmusic)"),
    ("https://on.soundcloud.com/xYz12", "an on.soundcloud.com short link cannot become a player: open it, then "
                                        "paste the soundcloud.com address it leads to (got https://on.soundcloud.com/xYz12)"),
    ("https://music.apple.com/gb/artist/nova-lights/1234", "expected an Apple Music link to an album, playlist or "
                                                          "song, like https://music.apple.com/gb/album/night-drive-"
                                                          "single/1784290960 (got https://music.apple.com/gb/artist/"
                                                          "nova-lights/1234)"),
    ("https://www.nts.live/shows/mara-k", 'Fanzine can play links from Apple Music, Bandcamp, SoundCloud, Spotify, '
                                          'YouTube; got "https://www.nts.live/shows/mara-k"'),
])
def test_links_that_cannot_play_say_why(url, message):
    with pytest.raises(NotPlayable) as error:
        embed_for(url)
    assert str(error.value) == message
    assert find_embed(url) is None


def test_player_of_reads_a_release_or_playlist():
    class Item:
        metadata = {"player": "spotify", "links": {"spotify": {"url": "https://open.spotify.com/album/XFWXLCpaNfhs0gCa05RFRu"}}}
    assert player_of(Item()).src == "https://open.spotify.com/embed/album/XFWXLCpaNfhs0gCa05RFRu"
    assert player_of({"links": {}}) is None
    assert player_of({"player": "bandcamp", "links": {"bandcamp": {"url": "https://x.bandcamp.com/album/y"}}}) is None


# --- `fanzine check` on player: ---------------------------------------------------------------------

def check_release(tmp_path: Path, front_matter: str):
    project = tmp_path / "content"
    (project / "releases").mkdir(parents=True)
    (project / "artist.yml").write_text("name: Test\n", encoding="utf-8")
    (project / "releases" / "one.md").write_text(
        "---\ntitle: One\ntype: single\nrelease_date: 2026-01-01\n" + front_matter + "---\n", encoding="utf-8")
    return [p for p in check_site(project).problems if not p.warning]


def test_check_explains_a_missing_bandcamp_id(tmp_path):
    problems = check_release(tmp_path, "links:\n  bandcamp: https://novalights.bandcamp.com/album/night-drive\n"
                                       "player: bandcamp\n")
    assert [(p.key, p.message) for p in problems] == [("player", BANDCAMP_MISSING)]


def test_check_accepts_bandcamp_ids_and_embed_codes(tmp_path):
    base = "links:\n  bandcamp: https://novalights.bandcamp.com/album/night-drive\nplayer: bandcamp\n"
    assert check_release(tmp_path / "a", base + "bandcamp_id: 3247245728\n") == []
    assert check_release(tmp_path / "b", base + "bandcamp_id: https://bandcamp.com/EmbeddedPlayer/album=3247245728/"
                                                "size=large/\n") == []


def test_check_refuses_a_bandcamp_id_that_is_neither(tmp_path):
    problems = check_release(tmp_path, "links:\n  bandcamp: https://novalights.bandcamp.com/album/night-drive\n"
                                       "player: bandcamp\nbandcamp_id: night-drive\n")
    assert [(p.key, p.message) for p in problems] == [
        ("bandcamp_id", "expected Bandcamp's numeric id, like 1536701931, or the EmbeddedPlayer address from "
                        "Bandcamp's embed code, got \"night-drive\"")]


def test_check_refuses_a_player_without_a_click_to_load_player(tmp_path):
    problems = check_release(tmp_path, "links:\n  tidal: https://tidal.com/browse/album/1234\nplayer: tidal\n")
    assert [(p.key, p.message) for p in problems] == [
        ("player", "Fanzine has no click-to-load player for tidal; expected one of: apple_music, bandcamp, "
                   "soundcloud, spotify, youtube, youtube_music")]


def test_check_refuses_a_share_link_that_cannot_play(tmp_path):
    problems = check_release(tmp_path, "links:\n  youtube: https://www.youtube.com/@novalightsmusic\nplayer: youtube\n")
    assert [p.key for p in problems] == ["player"]
    assert problems[0].message.startswith("expected a YouTube link to a video or a playlist")


# --- a line holding only a link, in Markdown ---------------------------------------------------------

def render(text: str) -> str:
    md = markdown.Markdown(extensions=["fanzine.theme.players", "markdown.extensions.extra",
                                       "markdown.extensions.smarty"], output_format="html5")
    return md.convert(text)


def test_a_line_holding_only_a_share_link_becomes_a_link_paragraph():
    html = render("Before.\n\nhttps://youtu.be/a--b_c-d_ef?t=1\n\n<https://open.spotify.com/album/XFWXLCpaNfhs0gCa05RFRu>\n")
    assert '<p><a href="https://youtu.be/a--b_c-d_ef?t=1">https://youtu.be/a--b_c-d_ef?t=1</a></p>' in html  # no dashes
    assert ('<p><a href="https://open.spotify.com/album/XFWXLCpaNfhs0gCa05RFRu">'
            'https://open.spotify.com/album/XFWXLCpaNfhs0gCa05RFRu</a></p>') in html


def test_a_share_link_on_its_own_line_inside_a_paragraph_also_becomes_a_player():
    html = render("New video, *finally*:\nhttps://www.youtube.com/watch?v=d8PM5Pp_7vt\nTell us what you think.\n")
    assert html == ('<p>New video, <em>finally</em>:</p>\n'
                    '<p><a href="https://www.youtube.com/watch?v=d8PM5Pp_7vt">'
                    'https://www.youtube.com/watch?v=d8PM5Pp_7vt</a></p>\n'
                    '<p>Tell us what you think.</p>')


@pytest.mark.parametrize("text", [
    "https://example.com/not-a-player\n",
    "Listen: https://open.spotify.com/album/XFWXLCpaNfhs0gCa05RFRu\n",
    "> https://open.spotify.com/album/XFWXLCpaNfhs0gCa05RFRu\n",
    "    https://open.spotify.com/album/XFWXLCpaNfhs0gCa05RFRu\n",
])
def test_other_lines_stay_as_they_are(text):
    html = render(text)
    assert not players.LONE_LINK.search(html) or "<blockquote>" in html


def environment():
    return pelican_environment()


def test_render_html_swaps_lone_links_for_facades_and_leaves_words_alone():
    body = render("https://open.spotify.com/track/DRET79IqJzQtJZPGSEZ4zB\n\n"
                  "[words](https://open.spotify.com/album/XFWXLCpaNfhs0gCa05RFRu)\n")
    html, hosts = players.render_html(body, environment())
    assert hosts == {"https://open.spotify.com"}
    assert html.count('class="embed embed--spotify"') == 1
    assert 'data-embed-src="https://open.spotify.com/embed/track/DRET79IqJzQtJZPGSEZ4zB"' in html
    assert '<a href="https://open.spotify.com/album/XFWXLCpaNfhs0gCa05RFRu">words</a>' in html
    again, _ = players.render_html(html, environment())
    assert again == html  # idempotent


def test_fans_links_survive_the_sanitiser_and_still_become_players():
    from fanzine.content import sanitize

    body = sanitize.clean(render("https://youtu.be/A3R6DiZezwf\n"))
    html, hosts = players.render_html(body, environment(), rel=sanitize.LINK_REL)
    assert hosts == {"https://www.youtube-nocookie.com"}
    assert 'rel="nofollow ugc noopener"' in html


# --- the facade partial ------------------------------------------------------------------------------

def facade(url: str, **context) -> str:
    template = environment().get_template("partials/embed.html")
    return template.render(embed=embed_for(url), SITEURL="", **context)


def test_the_facade_is_a_real_link_to_the_service_with_the_player_in_data_attributes():
    html = facade("https://open.spotify.com/album/XFWXLCpaNfhs0gCa05RFRu", title="Satellite Summer")
    assert ('<a class="embed__facade" href="https://open.spotify.com/album/XFWXLCpaNfhs0gCa05RFRu" rel="noopener"'
            in html)
    assert 'data-embed-src="https://open.spotify.com/embed/album/XFWXLCpaNfhs0gCa05RFRu"' in html
    assert 'data-embed-height="352"' in html
    assert 'data-embed-title="Spotify player: Satellite Summer"' in html
    assert "Play Satellite Summer" in html and "on Spotify" in html
    assert "Nothing loads from Spotify until you press play." in html
    assert "<iframe" not in html and "<script" not in html


def test_a_video_facade_has_no_fixed_height_and_says_watch():
    html = facade("https://youtu.be/A3R6DiZezwf")
    assert "embed--video" in html and "data-embed-height" not in html and "Watch the video" in html


def test_every_service_has_a_placeholder_colour_and_the_player_styles_exist():
    css = (THEME / "static" / "css" / "embeds.css").read_text(encoding="utf-8")
    for service in ("spotify", "apple-music", "soundcloud", "youtube", "bandcamp"):
        assert f".embed--{service} {{ --service:" in css
    for name in ("embed__facade", "embed__frame", "embed__play", "embed__note", "embed--video"):
        assert f".{name}" in css
    for bundle in (THEME / "static" / "css").glob("main*.css"):  # main.css, and any smaller bundle's list
        assert '@import "embeds.css";' in bundle.read_text(encoding="utf-8"), bundle.name


# --- on a built hub ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hub(tmp_path_factory) -> Path:
    return embeds_site(tmp_path_factory)


@pytest.mark.slow
def test_every_body_link_became_a_facade_on_the_built_story(hub):
    html = (hub / "stories" / "every-player" / "index.html").read_text(encoding="utf-8")
    sources = re.findall(r'data-embed-src="([^"]+)"', html)
    assert [s.split("/")[2] for s in sources] == ["open.spotify.com", "embed.music.apple.com", "w.soundcloud.com",
                                                  "www.youtube-nocookie.com", "bandcamp.com"]
    assert '<a href="https://open.spotify.com/album/XFWXLCpaNfhs0gCa05RFRu">link with words</a>' in html
    assert 'src="/theme/js/embed.js"' in html


@pytest.mark.slow
def test_release_and_playlist_players_and_where_embed_js_loads(hub):
    release = (hub / "releases" / "satellite-summer" / "index.html").read_text(encoding="utf-8")
    assert 'class="embed embed--spotify"' in release and "embed__cover" in release
    assert 'src="/theme/js/embed.js"' in release
    upcoming = (hub / "releases" / "night-drive" / "index.html").read_text(encoding="utf-8")
    assert "data-embed-src" not in upcoming and "embed.js" not in upcoming  # no player before release day
    playlist = (hub / "playlists" / "video-mix" / "index.html").read_text(encoding="utf-8")
    assert playlist.count('class="embed embed--youtube embed--video"') == 2  # player: and the fan's line
    assert 'rel="nofollow ugc noopener" data-embed-src' in playlist
    about = (hub / "about" / "index.html").read_text(encoding="utf-8")
    assert "embed.js" not in about


@pytest.mark.slow
def test_a_sealed_page_keeps_its_player_inside_the_ciphertext(hub):
    html = (hub / "early" / "studio-diary" / "index.html").read_text(encoding="utf-8")
    assert "album-two-sketch-1" not in html and "data-embed-src" not in html
    assert 'src="/theme/js/embed.js"' in html  # ready for the player once the page is opened


def test_the_test_hub_covers_every_service():
    assert set(HOSTS) >= {"spotify", "apple_music", "soundcloud", "youtube", "bandcamp"}
    assert any("EmbeddedPlayer" in text for text in EXTRA_FILES.values())


@pytest.mark.slow
def test_every_facade_discord_card_and_signup_is_valid_html(tmp_path_factory):
    """The Nu Html Checker over the hubs with every player and two kinds of newsletter block."""
    import shutil
    import subprocess

    from conftest import IN_CI

    java, vnu = shutil.which("java"), ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if not (java and vnu.exists()):
        if IN_CI:
            pytest.fail("CI=true but java or node_modules/vnu-jar is missing")
        pytest.skip("the Nu Html Checker needs java and node_modules/vnu-jar (npm ci)")
    pages = [str(page) for variant in ("beehiiv", "endpoint")
             for page in sorted(embeds_site(tmp_path_factory, newsletter=variant).rglob("*.html"))]
    result = subprocess.run([java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(vnu),
                             "--errors-only", *pages], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
