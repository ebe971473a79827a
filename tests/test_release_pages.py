"""Release pages, smart links and the discography in a whole build of the example hub.

The session's `site` fixture is the example built for 2026-11-21 with production
settings (SITEURL https://novalights.example): Night Drive (out 2026-12-05) is
upcoming, the other three releases are out.
"""
from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import extruct
import icalendar
import pytest

from conftest import AS_OF, copy_project, fanzine

pytestmark = pytest.mark.slow

SITE = "https://novalights.example"


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


class Links(HTMLParser):
    """Every <a href> of a page, with the element's text."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href, self._open = dict(attrs).get("href", ""), []

    def handle_data(self, data):
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._open is not None:
            self.links.append((self._href, " ".join("".join(self._open).split())))
            self._open = None


def links_of(html: str) -> list[tuple[str, str]]:
    """The page's links, without the skip link."""
    parser = Links()
    parser.feed(html)
    return [(href, text) for href, text in parser.links if href != "#main"]


def meta(html: str) -> dict[str, str]:
    return dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html))


# --- The release page -----------------------------------------------------------------------------

def test_an_out_release_page_shows_everything(site):
    html = read(site, "releases/glasshouse-hours/index.html")
    assert '<h1 class="release__title">Glasshouse Hours</h1>' in html
    assert '<p class="release__kicker">EP</p>' in html
    assert 'Released <time datetime="2026-04-17">17 April 2026</time> · 5 tracks · 19:31' in html
    assert '<time datetime="PT3M49S">3:49</time>' in html  # each track's duration
    assert '5 tracks · <time datetime="PT19M31S">19:31</time>' in html  # the total running time
    assert 'feat. Oskar Lindqvist-Bello' in html  # on his track, not on the EP's header
    assert 'class="release__featuring"' not in html
    assert "<dt>Label</dt><dd>Self-released</dd>" in html
    assert "<dt>Mixed by</dt><dd>Priya Castellanos</dd>" in html
    assert '<h2 id="notes-heading">About the EP</h2>' in html
    assert "<strong>Glasshouse Hours</strong> in February" in html  # the Markdown release notes
    assert re.search(r'<details class="lyrics"><summary>Lyrics<span class="visually-hidden"> for Glasshouse '
                     r'Hours</span></summary>', html), "lyrics shown collapsed"
    names = [text for _, text in links_of(html)]
    for expected in ("Listen on Spotify", "Listen on Apple Music", "Watch on YouTube", "Buy on Bandcamp",
                     "Listen on SoundCloud", "Live from the box room (full EP)"):
        assert expected in names
    assert html.count('<svg class="icon"') >= 6  # each platform button has its icon
    assert "Pre-save" not in html and "Add to calendar" not in html and "countdown.js" not in html


def test_an_upcoming_release_page_counts_down_and_offers_the_presave_first(site):
    html = read(site, "releases/night-drive/index.html")
    assert '<strong class="badge">Upcoming</strong>' in html
    assert 'Out <time datetime="2026-12-05">5 December 2026</time>' in html
    assert '<span data-countdown="2026-12-05T00:00:00+00:00">14 days to go</span>' in html
    links = [(href, text) for href, text in links_of(html)]
    (presave,) = [href for href, text in links if text.startswith("Pre-save")]
    assert presave == "https://distrokid.com/hyperfollow/novalights/night-drive?utm_campaign=night-drive"
    assert html.index("Pre-save Night Drive") < html.index("Add to calendar") < html.index("Tracklist")
    assert (f"{SITE}/releases/night-drive/release.ics", "Add to calendar") in links
    assert "Listen on Spotify" not in html and "open.spotify.com/album" not in html.split("</head>")[1]
    assert "Cassette single (100 copies)" in html  # available_before_release: true
    assert f'<script src="{SITE}/theme/js/countdown.js" defer></script>' in html
    assert "<script>" not in html  # nothing inline: a strict CSP can ship


def test_the_countdown_script_is_tiny_and_in_the_output(site):
    script = site / "theme/js/countdown.js"
    assert script.exists() and len(gzip.compress(script.read_bytes())) < 700


# --- The date boundary, in whole builds on either side of it --------------------------------------

@pytest.fixture(scope="module")
def around_release_day(example_on):
    """The example hub built for the day before Night Drive's release and for the day itself."""
    return {day: example_on(day) for day in ("2026-12-04", "2026-12-05")}


def test_the_day_before_release_day_is_still_upcoming(around_release_day):
    site = around_release_day["2026-12-04"]
    page, go = read(site, "releases/night-drive/index.html"), read(site, "go/night-drive/index.html")
    assert "Out tomorrow" in page and "Pre-save Night Drive" in page and "Listen on Spotify" not in page
    assert ">Pre-save<" in go and "Listen on Spotify" not in go
    discography = read(site, "releases/index.html")
    assert discography.index("Night Drive") < discography.index("Sodium Lights")


def test_release_day_is_out_now(around_release_day):
    site = around_release_day["2026-12-05"]
    page, go = read(site, "releases/night-drive/index.html"), read(site, "go/night-drive/index.html")
    assert '<strong class="badge">Out now</strong>' in page
    assert "Listen on Spotify" in page and "Pre-save Night Drive" not in page and "data-countdown" not in page
    assert "Listen on Spotify" in go and ">Pre-save<" not in go and "Add to calendar" not in go
    assert 'Released <time datetime="2026-12-05">' in page


# --- The smart link -------------------------------------------------------------------------------

def outgoing(html: str) -> list[str]:
    return [href for href, _ in links_of(html) if href.startswith("http") and not href.startswith(SITE)]


def test_the_smart_link_is_one_screen_of_buttons(site):
    html = read(site, "go/glasshouse-hours/index.html")
    assert 'class="site-header"' not in html and 'class="site-footer"' not in html
    assert '<h1 class="smartlink__title">Glasshouse Hours</h1>' in html
    assert [text for _, text in links_of(html)][:6] == [
        "Listen on Spotify", "Listen on Apple Music", "Watch on YouTube", "Buy on Bandcamp",
        "Listen on SoundCloud", "Live from the box room (full EP)"]
    assert len(outgoing(html)) == 6


def test_upcoming_smart_link_leads_with_the_presave(site):
    html = read(site, "go/night-drive/index.html")
    texts = [text for _, text in links_of(html)]
    assert texts[:3] == ["Pre-save", "Add to calendar", "Cassette single (100 copies)"]


def test_every_outgoing_smart_link_carries_the_campaign_once(tmp_path):
    project = copy_project(tmp_path / "project")
    artist = project / "content/artist.yml"
    artist.write_text(artist.read_text() + "utm: { source: bio, medium: social, campaign: everything }\n")
    release = project / "content/releases/glasshouse-hours.md"
    release.write_text(release.read_text()
                       .replace("tags: [synthwave, ep, dreampop]", "tags: [synthwave, ep, dreampop]\n"
                                                                   "utm: { campaign: glasshouse }")
                       .replace("https://open.spotify.com/album/nzqw7wZyVGOeUvfJIssDj4",
                                "https://open.spotify.com/album/nzqw7wZyVGOeUvfJIssDj4?si=x&utm_source=qr"))
    fanzine("build", "--as-of", AS_OF, "--output", str(tmp_path / "out"), cwd=project, check=True)
    for slug, campaign in (("glasshouse-hours", "glasshouse"), ("night-drive", "night-drive"),
                           ("satellite-summer", "everything")):
        links = outgoing(read(tmp_path / "out", f"go/{slug}/index.html"))
        assert links
        for href in links:
            names = [name for name, _ in parse_qsl(urlsplit(href).query)]
            assert len(names) == len(set(names)), f"a parameter twice in {href}"
            query = dict(parse_qsl(urlsplit(href).query))
            assert query["utm_campaign"] == campaign and query["utm_medium"] == "social", href
            assert query["utm_source"] == ("qr" if "si=x" in href else "bio"), href
    spotify = [h for h in outgoing(read(tmp_path / "out", "go/glasshouse-hours/index.html")) if "spotify" in h]
    assert spotify == ["https://open.spotify.com/album/nzqw7wZyVGOeUvfJIssDj4?si=x&utm_source=qr"
                       "&utm_medium=social&utm_campaign=glasshouse"]


# --- The discography ------------------------------------------------------------------------------

def test_discography_is_newest_first_with_upcoming_on_top_and_marked(site):
    html = read(site, "releases/index.html")
    everything = html[html.index('id="all"'):html.index('id="album"')]
    order = [everything.index(title) for title in
             ("Night Drive", "Sodium Lights (Mara K Remix)", "Glasshouse Hours", "Satellite Summer")]
    assert order == sorted(order)
    assert '<strong class="badge">Out <time datetime="2026-12-05">5 Dec 2026</time></strong>' in everything


def test_discography_filters_by_type_with_anchors(site):
    html = read(site, "releases/index.html")
    filters = [href for href, _ in links_of(html) if href.startswith("#")]
    assert filters == ["#all", "#album", "#ep", "#single", "#remix"]
    for kind in filters:
        assert f'id="{kind[1:]}"' in html
    eps = html[html.index('id="ep"'):html.index('id="single"')]
    assert "Glasshouse Hours" in eps and "Satellite Summer" not in eps
    css = read(site, "theme/css/fanzine.css")
    assert ".discography__group--type:target" in css


# --- Sharing: link previews, the social card, the calendar ---------------------------------------

def test_release_pages_have_open_graph_and_twitter_cards(site):
    for slug, kind in (("night-drive", "music.song"), ("glasshouse-hours", "music.album")):
        for page in (f"releases/{slug}/index.html", f"go/{slug}/index.html"):
            tags = meta(read(site, page))
            assert tags["og:type"] == kind
            title = tags["og:title"]
            assert title.startswith(title.split(" · ")[0]) and " · Nova Lights" in title
            assert tags["og:description"] and tags["twitter:description"] == tags["og:description"]
            assert tags["twitter:card"] == "summary_large_image"
            assert re.fullmatch(rf"{SITE}/releases/{slug}/card\.[0-9a-f]{{10}}\.jpg", tags["og:image"])
            assert tags["twitter:image"] == tags["og:image"]
            assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
            assert tags["og:image:alt"].startswith("Cover of ")
            assert tags["og:url"] == f"{SITE}/{page.replace('index.html', '')}"
            assert (site / tags["og:image"].removeprefix(SITE + "/")).exists()
    assert meta(read(site, "releases/night-drive/index.html"))["music:release_date"] == "2026-12-05"


def test_open_graph_reads_the_same_to_extruct(site):
    html = read(site, "releases/night-drive/index.html")
    (og,) = extruct.extract(html, base_url=f"{SITE}/releases/night-drive/", syntaxes=["opengraph"],
                            uniform=True)["opengraph"]
    assert og["@type"] == "music.song" and og["og:image"].startswith(SITE)


def test_the_calendar_file_is_built_and_valid(site):
    data = (site / "releases/night-drive/release.ics").read_bytes()
    (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Night Drive by Nova Lights is out"
    assert event.decoded("DTSTART").isoformat() == "2026-12-05"
    assert str(event["URL"]) == f"{SITE}/releases/night-drive/"
    assert str(event["UID"]) == "release-night-drive@novalights.example"


# --- Structured data ------------------------------------------------------------------------------

def json_ld(site: Path, page: str) -> dict:
    (data,) = extruct.extract(read(site, page), base_url=SITE, syntaxes=["json-ld"])["json-ld"]
    return data


def test_an_ep_is_a_music_album_with_its_tracks(site):
    album = json_ld(site, "releases/glasshouse-hours/index.html")
    assert album["@context"] == "https://schema.org" and album["@type"] == "MusicAlbum"
    assert album["albumReleaseType"] == "https://schema.org/EPRelease"
    assert album["albumProductionType"] == "https://schema.org/StudioAlbum"
    assert album["byArtist"] == {"@type": "MusicGroup", "name": "Nova Lights", "url": f"{SITE}/"}
    assert album["datePublished"] == "2026-04-17"
    assert album["image"] == f"{SITE}/images/glasshouse-hours.jpg"
    assert album["numTracks"] == 5 and len(album["track"]) == 5
    first = album["track"][0]
    assert first == {"@type": "MusicRecording", "name": "Glasshouse Hours", "position": 1,
                     "duration": "PT3M49S", "isrcCode": "GBNVL2600001", "byArtist": album["byArtist"]}
    assert album["track"][3]["byArtist"][1] == {"@type": "MusicGroup", "name": "Oskar Lindqvist-Bello"}
    assert "https://open.spotify.com/album/nzqw7wZyVGOeUvfJIssDj4" in album["sameAs"]


def test_a_single_is_a_music_recording(site):
    single = json_ld(site, "releases/night-drive/index.html")
    assert single["@type"] == "MusicRecording"
    assert (single["name"], single["duration"], single["isrcCode"]) == ("Night Drive", "PT3M41S", "GBNVL2600008")
    assert single["byArtist"]["@type"] == "MusicGroup" and single["datePublished"] == "2026-12-05"
    assert single["inAlbum"]["@type"] == "MusicAlbum"
    assert single["inAlbum"]["albumReleaseType"] == "https://schema.org/SingleRelease"
    assert [t["name"] for t in single["inAlbum"]["track"]] == ["Night Drive", "Night Drive (Instrumental)"]
    assert "sameAs" not in single  # not out yet


def test_an_album_and_a_remix_say_what_they_are(site):
    album = json_ld(site, "releases/satellite-summer/index.html")
    assert album["albumReleaseType"] == "https://schema.org/AlbumRelease"
    assert album["albumRelease"]["recordLabel"] == {"@type": "Organization", "name": "Parallax Tapes"}
    remix = json_ld(site, "releases/sodium-lights-mara-k-remix/index.html")
    assert remix["albumProductionType"] == "https://schema.org/RemixAlbum"
    assert remix["albumReleaseType"] == "https://schema.org/SingleRelease"


# --- Responsive covers ----------------------------------------------------------------------------

def test_covers_are_responsive_webp_and_jpeg_with_their_size(site):
    html = read(site, "releases/glasshouse-hours/index.html")
    picture = re.search(r"<picture>.*?</picture>", html).group(0)
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)">', picture)
    assert webp, picture
    assert [entry.split()[1] for entry in webp.group(1).split(", ")] == ["320w", "640w", "960w", "1200w"]
    img = re.search(r"<img ([^>]+)>", picture).group(1)
    assert 'width="1200" height="1200"' in img and 'class="release__cover"' in img
    assert re.search(r'srcset="[^"]+\.jpg 320w', img) and 'fetchpriority="high"' in img
    assert 'alt="Rows of glowing glass panes' in img
    for url in re.findall(r"(https://\S+?\.(?:webp|jpg))", picture):
        assert (site / url.removeprefix(SITE + "/")).is_file(), url


# --- Errors: one clear message naming file and key ------------------------------------------------

def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1))


def test_release_mistakes_are_each_one_clear_message(tmp_path):
    project = copy_project(tmp_path)
    releases = project / "content/releases"
    edit(releases / "night-drive.md", "cover: images/night-drive.jpg", "cover: images/night-drive.png")
    edit(releases / "satellite-summer.md", 'duration: "3:36"', 'duration: "3:61"')
    edit(releases / "glasshouse-hours.md", "release_date: 2026-04-17", "release_date: spring 2026")
    edit(releases / "glasshouse-hours.md", "spotify: https://open.spotify.com/album/nzqw7wZyVGOeUvfJIssDj4",
         "spotify: https://music.apple.com/gb/album/glasshouse-hours-ep/1755101507")
    edit(releases / "sodium-lights-mara-k-remix.md", "player: spotify", "player: tidal")
    result = fanzine("build", "--as-of", AS_OF, cwd=project)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("content/")]
    assert lines == [
        "content/releases/glasshouse-hours.md: links.spotify: expected an open.spotify.com URL, got "
        "https://music.apple.com/gb/album/glasshouse-hours-ep/1755101507",
        'content/releases/glasshouse-hours.md: release_date: expected a date like 2026-12-05, got "spring 2026"',
        "content/releases/night-drive.md: cover: the picture content/images/night-drive.png does not exist; "
        "did you mean 'images/night-drive.jpg'?",
        'content/releases/satellite-summer.md: tracks[3].duration: expected a duration like "3:41" with seconds '
        '(and minutes after hours) below 60, got "3:61"',
        "content/releases/sodium-lights-mara-k-remix.md: player: expected the name of one of this file's links "
        '(spotify, apple_music, bandcamp, youtube, soundcloud, nts), got "tidal"',
    ]
    assert "5 problems found" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not (project / "output").exists()


def test_an_unknown_service_needs_a_label(tmp_path):
    project = copy_project(tmp_path)
    release = project / "content/releases/satellite-summer.md"
    release.write_text(release.read_text().replace("  vinyl: {", "  nina: https://nina.example/x\n  vinyl: {"))
    result = fanzine("check", cwd=project)
    assert result.returncode == 1
    assert "content/releases/satellite-summer.md: links.nina: unknown service; write it as { url: ..., " \
           "label: ... } or use a known one: " in result.stderr


def test_a_bare_release_still_builds_every_part(tmp_path):
    """No cover, no tracks, no links, no summary: the page, smart link, card and calendar still work."""
    project = copy_project(tmp_path / "project")
    (project / "content/releases/demo-tape.md").write_text(
        "---\ntitle: Demo Tape\ntype: compilation\nrelease_date: 2027-02-01\n---\n")
    fanzine("build", "--as-of", AS_OF, "--output", str(tmp_path / "out"), cwd=project, check=True)
    site = tmp_path / "out"
    page = read(site, "releases/demo-tape/index.html")
    assert "Demo Tape" in page and "Tracklist" not in page and "<picture>" not in page
    assert '<span data-countdown="2027-02-01T00:00:00+00:00">72 days to go</span>' in page
    assert "Pre-save" not in page and "Add to calendar" in page  # no presave: the calendar is what's left
    tags = meta(page)
    assert tags["og:type"] == "music.album" and tags["og:description"] == \
        "Compilation by Nova Lights, out 1 February 2027."
    assert (site / tags["og:image"].lstrip("/")).exists()
    (data,) = extruct.extract(page, base_url="http://localhost/", syntaxes=["json-ld"])["json-ld"]
    assert data["@type"] == "MusicAlbum" and data["numTracks"] == 0 and "image" not in data
    assert "Demo Tape" in read(site, "go/demo-tape/index.html")
    icalendar.Calendar.from_ical((site / "releases/demo-tape/release.ics").read_bytes())


# --- Weight and determinism -----------------------------------------------------------------------

def test_smart_link_and_release_page_stay_small(site):
    for page, budget in (("go/glasshouse-hours/index.html", 8 * 1024), ("releases/night-drive/index.html", 14 * 1024)):
        html = (site / page).read_bytes()
        stylesheet = re.search(rb'<link rel="stylesheet" href="[^"]*/theme/css/([\w-]+\.css)">', html).group(1)
        css = (site / "theme/css" / stylesheet.decode()).read_bytes()
        weight = len(gzip.compress(html, 9, mtime=0)) + len(gzip.compress(css, 9, mtime=0))
        assert weight < budget, f"{page}: {weight:,} bytes gzipped with its CSS"


def test_release_extras_are_deterministic(site, tmp_path):
    """The byte-identical build test covers everything; this names the release's own files."""
    project = copy_project(tmp_path / "project")
    fanzine("build", "--publish", "--as-of", AS_OF, "--output", str(tmp_path / "again"), cwd=project, check=True,
            env={"SITEURL": SITE})
    names = [p.relative_to(site) for p in (site / "releases").rglob("*") if p.is_file()]
    names += [p.relative_to(site) for p in (site / "images/sized").iterdir()]
    assert len(names) > 30
    for name in names:
        assert (tmp_path / "again" / name).read_bytes() == (site / name).read_bytes(), name
