"""Community playlists: pages, the index, curators, XSPF export, JSON-LD, and the mistakes fans make."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import time
from pathlib import Path
from types import SimpleNamespace

import extruct
import pytest
import yaml
from lxml import etree

from conftest import EXAMPLE, ROOT, fanzine
from fanzine.types import playlists
from support.browser import phone_problems

XSPF_SCHEMA = Path(__file__).parent / "data" / "xspf-1.rng"
SITE = "https://novalights.example"


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def track_items(html: str) -> list[str]:
    return re.findall(r'<li class="tracks__track.*?</li>', html, re.S)


# --- the hub's own songs -------------------------------------------------------------------------

@pytest.mark.parametrize("credit,ours", [
    ("Nova Lights", True), ("nova lights", True), ("  Nova   Lights ", True),
    ("Nova Lights feat. Mara K", True), ("Mara K & Nova Lights", True), ("Nova Lights x Mara K", True),
    ("Nova Lights, Mara K", True), ("Mara K ft Nova Lights", True),
    ("Nova Lightshow", False), ("The Nova Lights Tribute Band", False), ("Mara K", False),
])
def test_the_hub_artist_is_recognised_in_a_credit(credit, ours):
    assert playlists.Hub("nova lights").made(credit) is ours


def test_titles_compare_without_case_quotes_or_spacing():
    assert playlists.normalise("Cat’s  Eyes — Live") == playlists.normalise("cat's eyes - live")


def release(slug, title, day, tracks):
    return SimpleNamespace(slug=slug, title=title, day=day, url=f"releases/{slug}/",
                           metadata={"tracks": [{"title": t} for t in tracks]})


def test_a_track_links_to_the_release_named_after_it_then_the_earliest():
    single = release("night-drive", "Night Drive", dt.date(2026, 12, 5), ["Night Drive"])
    album = release("best-of", "Best Of", dt.date(2026, 1, 1), ["Night Drive", "Old Song"])
    reissue = release("old-song-reissue", "Reissue", dt.date(2027, 1, 1), ["Old Song"])
    hub = playlists.Hub.from_context({"listed_releases": [album, reissue, single]},
                                     {"FANZINE_ARTIST": {"name": "Nova Lights"}})
    assert hub.tracks[playlists.normalise("Night Drive")] == ("Night Drive", "releases/night-drive/")
    assert hub.tracks[playlists.normalise("old song")] == ("Best Of", "releases/best-of/")


def playlist(slug, date, pinned=False, curator="fan", url=None):
    return SimpleNamespace(slug=slug, date=dt.datetime(*date, tzinfo=dt.UTC), pinned=pinned,
                           curator={"name": curator, **({"url": url} if url else {})})


def test_index_order_is_pinned_then_newest_then_by_name():
    items = [playlist("b", (2026, 1, 1)), playlist("old-pin", (2025, 1, 1), pinned=True),
             playlist("a", (2026, 1, 1)), playlist("new", (2026, 6, 1)), playlist("new-pin", (2026, 2, 1), True)]
    assert [p.slug for p in playlists.index_order(items)] == ["new-pin", "old-pin", "new", "a", "b"]


def test_curators_are_grouped_by_name_in_any_case_most_playlists_first():
    items = [playlist("one", (2026, 1, 1), curator="Mara", url="https://old.example/"),
             playlist("two", (2026, 5, 1), curator="mara", url="https://www.instagram.com/mara"),
             playlist("three", (2026, 3, 1), curator="Owen"),
             playlist("four", (2026, 4, 1), curator="Ana"),
             playlist("five", (2026, 2, 1), curator="???")]
    found = playlists.curators(items)
    assert [(c.name, [p.slug for p in c.playlists]) for c in found] == [
        ("mara", ["two", "one"]), ("???", ["five"]), ("Ana", ["four"]), ("Owen", ["three"])]
    assert found[0].url == "https://www.instagram.com/mara" and found[0].site == "instagram.com"
    assert [c.anchor for c in found] == ["curator-mara", "curator-4", "curator-ana", "curator-owen"]
    assert items[0].curator_anchor == items[1].curator_anchor == "curator-mara"


# --- the example hub's pages ----------------------------------------------------------------------

def test_playlist_page_credits_the_curator_and_shows_the_playlist(site):
    html = read(site, "playlists/last-train-home/index.html")
    assert '<h1 class="playlist__title">Songs for the last train home</h1>' in html
    assert ('<a class="playlist__curator" href="https://www.instagram.com/jess_on_the_a57" '
            'rel="nofollow ugc noopener">jess_on_the_a57</a>') in html
    assert '<time datetime="2026-11-02T00:00:00+00:00">2 November 2026</time> · 12 tracks' in html
    assert re.search(r'<img class="playlist__cover" src="https://novalights.example/images/[^"]*last-train-home[^"]*"'
                     r'[^>]*alt="Streaks of window light', html)
    assert "I commute from Sheffield to Leeds" in html  # the curator's words
    assert '<p class="tracks__total">12 tracks</p>' in html
    assert len(track_items(html)) == 12


def test_platform_buttons_come_from_links_and_are_marked_as_community_links(site):
    html = read(site, "playlists/last-train-home/index.html")
    assert re.search(r'href="https://open.spotify.com/playlist/i0d9TH4QgTNBEjE4o24hOS" rel="nofollow ugc noopener"'
                     r'.*?Listen on.*?Spotify', html, re.S)
    assert re.search(r'href="https://www.youtube.com/playlist\?list=[^"]+" rel="nofollow ugc noopener"', html)


def test_the_hubs_own_tracks_are_marked_and_link_to_their_release(site):
    tracks = track_items(read(site, "playlists/last-train-home/index.html"))
    opener, platform_four, night_bus, night_drive = tracks[0], tracks[1], tracks[4], tracks[10]
    assert "tracks__track--ours" in opener and '<strong class="badge badge--ours">Nova Lights</strong>' in opener
    assert f'<a href="{SITE}/releases/glasshouse-hours/">Glasshouse Hours</a>' in opener
    assert 'href="https://open.spotify.com/track/DRET79IqJzQtJZPGSEZ4zB" rel="nofollow ugc noopener">Listen' in opener
    assert f'<a href="{SITE}/releases/glasshouse-hours/">Night Bus to Nowhere in Particular</a>' in night_bus
    assert f'<a href="{SITE}/releases/night-drive/">Night Drive</a>' in night_drive  # upcoming: its pre-save page
    assert "ours" not in platform_four and "<a " not in platform_four
    assert "“for when the board says DELAYED”" in platform_four


def test_an_own_track_without_a_matching_release_is_marked_but_not_linked():
    hub = playlists.Hub("nova lights", {"night drive": ("Night Drive", "releases/night-drive/")})
    item = SimpleNamespace(slug="p", url="playlists/p/", title="P", curator={"name": "fan"}, summary="",
                           date=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), metadata={"tracks": [
                               {"artist": "Nova Lights", "title": "Unreleased Demo"},
                               {"artist": "Someone Else", "title": "Night Drive"},
                               {"artist": "Nova Lights feat. Mara K", "title": "night drive"}]})
    playlists.prepare(item, hub, {"SITEURL": SITE})
    demo, cover_version, ours = item.tracklist
    assert demo.by_hub_artist and demo.release_url is None
    assert not cover_version.by_hub_artist and cover_version.release_url is None  # same title, other artist
    assert ours.by_hub_artist and ours.release_url == f"{SITE}/releases/night-drive/"


def test_index_lists_pinned_playlists_first_then_newest(site):
    html = read(site, "playlists/index.html")
    order = [html.index(f'href="{SITE}/playlists/{slug}/"')
             for slug in ("last-train-home", "services-at-3am", "rain-on-the-skylight")]
    assert order == sorted(order)
    assert '<p class="card__meta card__meta--curator">by jess_on_the_a57</p>' in html
    assert '12 tracks · <strong class="badge">Pinned</strong>' in html
    assert '<p class="card__meta">9 tracks</p>' in html  # not pinned
    assert f'href="{SITE}/playlists/curators/"' in html
    assert f'href="{SITE}/feeds/playlists.atom.xml"' in html


def test_curators_page_lists_every_curator_with_their_playlists(site):
    html = read(site, "playlists/curators/index.html")
    for name, slug in [("jess_on_the_a57", "last-train-home"), ("owen_outrun", "services-at-3am"),
                       ("Saoirse M.", "rain-on-the-skylight")]:
        section = html[html.index(f'<h2 class="curator__name">{name}</h2>'):]
        section = section[:section.index("</li>\n  </ul>") if "</li>\n  </ul>" in section else None]
        assert f'href="{SITE}/playlists/{slug}/"' in section
    assert '<li class="curator" id="curator-jess-on-the-a57">' in html
    assert 'href="https://open.spotify.com/user/saoirsem_listens" rel="nofollow ugc noopener">open.spotify.com' in html
    page = read(site, "playlists/last-train-home/index.html")
    assert f'href="{SITE}/playlists/curators/#curator-jess-on-the-a57">More from jess_on_the_a57</a>' in page


def test_playlist_json_ld_is_a_music_playlist_with_recordings(site):
    data = extruct.extract(read(site, "playlists/last-train-home/index.html"), base_url=SITE,
                           syntaxes=["json-ld"], uniform=True)["json-ld"]
    playlist = next(item for item in data if item["@type"] == "MusicPlaylist")
    assert playlist["name"] == "Songs for the last train home"
    assert playlist["numTracks"] == 12 == len(playlist["track"])
    assert playlist["creator"] == {"@type": "Person", "name": "jess_on_the_a57",
                                   "url": "https://www.instagram.com/jess_on_the_a57"}
    assert playlist["datePublished"] == "2026-11-02T00:00:00+00:00"
    first = playlist["track"][0]
    assert first["@type"] == "MusicRecording" and first["name"] == "Glasshouse Hours"
    assert first["byArtist"] == {"@type": "MusicGroup", "name": "Nova Lights"}
    assert first["inAlbum"]["url"] == f"{SITE}/releases/glasshouse-hours/"
    assert all(t["byArtist"]["name"] for t in playlist["track"])


# --- XSPF -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def xspf_schema():
    return etree.RelaxNG(etree.parse(str(XSPF_SCHEMA)))


def test_every_playlist_is_exported_as_valid_xspf(site, xspf_schema):
    exports = sorted((site / "playlists").glob("*.xspf"))
    assert [p.stem for p in exports] == ["last-train-home", "rain-on-the-skylight", "services-at-3am"]
    for path in exports:
        document = etree.parse(str(path))
        assert xspf_schema.validate(document), f"{path.name}: {xspf_schema.error_log}"


def test_xspf_carries_the_playlist(site):
    ns = {"x": "http://xspf.org/ns/0/"}
    root = etree.parse(str(site / "playlists/last-train-home.xspf")).getroot()
    assert root.get("version") == "1"
    assert root.findtext("x:title", namespaces=ns) == "Songs for the last train home"
    assert root.findtext("x:creator", namespaces=ns) == "jess_on_the_a57"
    assert root.findtext("x:info", namespaces=ns) == f"{SITE}/playlists/last-train-home/"
    assert root.findtext("x:location", namespaces=ns) == f"{SITE}/playlists/last-train-home.xspf"
    assert root.findtext("x:date", namespaces=ns) == "2026-11-02T00:00:00+00:00"
    tracks = root.findall("x:trackList/x:track", ns)
    assert len(tracks) == 12
    assert [tracks[0].findtext(f"x:{k}", namespaces=ns) for k in ("title", "creator", "annotation", "album")] == \
        ["Glasshouse Hours", "Nova Lights", "the opener, always", "Glasshouse Hours"]
    html = read(site, "playlists/last-train-home/index.html")
    assert f'href="{SITE}/playlists/last-train-home.xspf" type="application/xspf+xml" download' in html


@pytest.mark.parametrize("document", [
    '<playlist xmlns="http://xspf.org/ns/0/" version="1"><title>no trackList</title></playlist>',
    '<playlist xmlns="http://xspf.org/ns/0/" version="2"><trackList/></playlist>',
    '<playlist xmlns="http://xspf.org/ns/0/" version="1"><title>a</title><title>b</title><trackList/></playlist>',
    '<playlist xmlns="http://xspf.org/ns/0/" version="1"><date>2 November</date><trackList/></playlist>',
    '<playlist xmlns="http://xspf.org/ns/0/" version="1"><trackList><track><duration>3:41</duration></track>'
    '</trackList></playlist>',
    '<playlist xmlns="http://xspf.org/ns/0/" version="1"><trackList><track><artist>x</artist></track>'
    '</trackList></playlist>',
    '<playlist version="1"><trackList/></playlist>',
])
def test_the_schema_rejects_what_the_specification_forbids(xspf_schema, document):
    assert not xspf_schema.validate(etree.fromstring(document))


def test_xspf_duration_is_in_milliseconds(tmp_path):
    item = SimpleNamespace(
        title="T", url="playlists/t/", slug="t", curator={"name": "c"}, summary="", cover=None,
        date=dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC), xspf_url="playlists/t.xspf",
        tracklist=[playlists.PlaylistTrack(artist="A", title="B", duration=221)])
    xml = playlists.xspf(item, {"SITEURL": ""}).decode()
    assert "<duration>221000</duration>" in xml
    assert etree.RelaxNG(etree.parse(str(XSPF_SCHEMA))).validate(etree.fromstring(xml.encode()))


# --- mistakes, with the exact messages ------------------------------------------------------------

def write_playlist(content: Path, name: str, data: dict, body: str = "Words.\n") -> None:
    path = content / "playlists" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + yaml.safe_dump(data, sort_keys=False) + "---\n" + body, encoding="utf-8")


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "artist.yml").write_text("name: Nova Lights\n")
    return folder


def check(content: Path):
    return fanzine("check", "--content", "content", cwd=content.parent)


def test_mistakes_name_the_file_and_the_key(content):
    good = {"title": "T", "curator": "fan", "date": "2026-11-20"}
    write_playlist(content, "no-title.md", {**good, "tracks": [{"artist": "A", "title": "B"}, {"artist": "C"}]})
    write_playlist(content, "no-curator.md", {"title": "T", "date": "2026-11-20",
                                              "tracks": [{"artist": "A", "title": "B"}]})
    write_playlist(content, "no-tracks.md", good)
    write_playlist(content, "empty-curator.md", {**good, "curator": {"url": "https://fan.example/"},
                                                 "tracks": [{"artist": "A", "title": "B"}]})
    result = check(content)
    assert result.returncode == 1
    assert result.stderr.splitlines()[:4] == [
        "content/playlists/empty-curator.md: curator.name: required key is missing: expected text",
        "content/playlists/no-curator.md: curator: required key is missing: expected the curator's name, "
        "or { name: ..., url: ... }",
        "content/playlists/no-title.md: tracks[2].title: required key is missing: expected text",
        "content/playlists/no-tracks.md: tracks: required key is missing: expected a list (lines starting with '- ') "
        "of tracks like { artist: ..., title: ... }",
    ]


def test_more_than_500_tracks_is_refused_quickly(content):
    good = {"title": "T", "curator": "fan", "date": "2026-11-20"}
    write_playlist(content, "too-long.md", {**good, "tracks": [{"artist": "A", "title": f"T{i}"} for i in range(501)]})
    write_playlist(content, "far-too-long.md",
                   {**good, "tracks": [{"artist": "A", "title": f"T{i}"} for i in range(5000)]})
    started = time.perf_counter()
    result = check(content)
    took = time.perf_counter() - started
    assert result.returncode == 1
    assert "content/playlists/too-long.md: tracks: expected at most 500 entries, got 501" in result.stderr
    assert "content/playlists/far-too-long.md: tracks: expected at most 500 entries, got 5,000" in result.stderr
    assert took < 10, f"checking took {took:.1f} s"


def test_exactly_500_tracks_are_fine(content):
    write_playlist(content, "long.md", {"title": "T", "curator": "fan", "date": "2026-11-20",
                                        "tracks": [{"artist": "A", "title": f"T{i}"} for i in range(500)]})
    assert check(content).returncode == 0


def test_the_contributors_template_passes_check(content):
    (content / "playlists").mkdir()
    (content / "playlists" / "my-playlist.md").write_text((EXAMPLE / "playlists/_template.md").read_text())
    result = check(content)
    assert result.returncode == 0, result.stderr


def test_contributing_quotes_a_message_check_really_prints(content):
    guide = (ROOT / "CONTRIBUTING.md").read_text()
    quoted = re.search(r"`(content/playlists/songs-for-the-last-train\.md: [^`]+)`", guide).group(1)
    write_playlist(content, "songs-for-the-last-train.md", {
        "title": "Songs for the last train", "curator": "fan", "date": "2026-11-20",
        "tracks": [{"artist": "A", "title": "B"}, {"artist": "C", "title": "D"}, {"artist": "E"}]})
    assert quoted in check(content).stderr


# --- in Chromium: the pages test_browser.py does not open ------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/playlists/curators/", "/playlists/services-at-3am/",
                                  "/playlists/rain-on-the-skylight/"])
def test_playlist_pages_work_on_a_phone(page, site_url, axe_source, path):
    problems = phone_problems(page, site_url + path, axe_source)
    assert problems == [], "\n".join(problems)


# --- the pull-request check -------------------------------------------------------------------------

def check_job() -> dict:
    workflow = yaml.safe_load((ROOT / ".github/workflows/site.yml").read_text())
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as true
    return workflow["jobs"]["check"]


def test_pull_requests_run_make_check():
    steps = [step.get("run", "") for step in check_job()["steps"]]
    assert any("make check" in run for run in steps)


def test_the_check_pins_each_message_to_its_file(tmp_path):
    script = next(step["run"] for step in check_job()["steps"] if "make check" in step.get("run", ""))
    annotate = script[script.index("sed "):script.index("check.log", script.index("sed ")) + len("check.log")]
    (tmp_path / "check.log").write_text(
        "content/playlists/songs.md: tracks[3].title: required key is missing: expected text\n"
        "content/stories/typo.md: date: warning: 2062-11-01 is more than a year after today (2026-11-21)\n"
        "content/links/x.md: the file name makes an unsafe web address\n"
        "\n3 problems found. Fix them and run again.\n")
    result = subprocess.run(["bash", "-c", annotate.replace("\\\n", " ")], cwd=tmp_path,
                            capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == [
        "::error file=content/playlists/songs.md::tracks[3].title: required key is missing: expected text",
        "::warning file=content/stories/typo.md::date: 2062-11-01 is more than a year after today (2026-11-21)",
        "::error file=content/links/x.md::the file name makes an unsafe web address",
    ]
