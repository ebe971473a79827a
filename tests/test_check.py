"""`fanzine check`: every mistake an artist can make, and the exact sentence they read for it.

Each case breaks one file in a throwaway copy of the example content and
expects one exact message line, as `make check` prints it.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fanzine.content.check import check_site
from fanzine.errors import Problem

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "nova-lights"  # the example hub (tests never read content/)

# A complete artist.yml of our own, so cases do not depend on the example's wording.
ARTIST = """\
name: Nova Lights
tagline: Synthwave for late-night drives
avatar: images/avatar.jpg
accent: "#cc1f63"
timezone: Europe/London
socials:
  instagram: https://www.instagram.com/novalights.music
  spotify: https://open.spotify.com/artist/huG8GP38g4o5MNJAYKJ1UX
discord:
  invite: https://discord.gg/UqiTVg5b
newsletter:
  provider: buttondown
  username: novalights
forms:
  endpoint: /api
"""
RELEASE = ("title: Night Drive", "type: single", "release_date: 2026-12-05")
STORY = ("title: Tour diary", "date: 2026-01-10")
PLAYLIST = ("title: Songs for the last train home", "curator: jess", "date: 2026-11-02")
TRACKS = ("tracks:", "  - { artist: Nova Lights, title: Night Drive }")
LINK_PAGE = ("title: Nova Lights — links",)
NOT_SAFE = "links are not allowed (they can run code in a fan's browser); expected a web address starting with https://"


def fm(*lines: str) -> str:
    """A Markdown file: the front matter lines between '---' and a short body."""
    return "---\n" + "\n".join(lines) + "\n---\nSome words.\n"


def without(text: str, section: str) -> str:
    """artist.yml without one top-level section (its line and the indented lines under it)."""
    kept, skipping = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith(section + ":"):
            skipping = True
            continue
        if skipping and line.startswith(" "):
            continue
        skipping = False
        kept.append(line)
    return "".join(kept)


BILLION_LAUGHS = fm(
    "title: lol",
    'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
    *(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]"
      for previous, name in zip("abcdefgh", "bcdefghi", strict=True)),
)

# (folder, file name, text, the exact line the artist reads); folder "" is content/ itself.
CASES = [
    pytest.param("releases", "night-drive.md", fm("title: Night Drive", "type: single", "release_date: next friday"),
                 'content/releases/night-drive.md: release_date: expected a date like 2026-12-05, got "next friday"',
                 id="date-in-words"),
    pytest.param("releases", "night-drive.md", fm("title: Night Drive", "type: single", "relase_date: 2026-12-05"),
                 "content/releases/night-drive.md: relase_date: unknown key; did you mean 'release_date'?",
                 id="misspelt-key"),
    pytest.param("releases", "night-drive.md", fm(*RELEASE, "utm: { sorce: instagram }"),
                 "content/releases/night-drive.md: utm.sorce: unknown key; did you mean 'source'?",
                 id="misspelt-nested-key"),
    pytest.param("links", "index.md", fm(*LINK_PAGE, "links:", "  - { block: discord, colour: red }"),
                 "content/links/index.md: links[1].colour: unknown key; expected one of: block, kind, limit, release",
                 id="unknown-key-no-close-match"),
    pytest.param("releases", "night-drive.md", fm(*RELEASE, "type: singel").replace("type: single\n", ""),
                 "content/releases/night-drive.md: type: expected one of: single, ep, album, remix, live, "
                 "compilation, got \"singel\"; did you mean 'single'?",
                 id="misspelt-choice"),
    pytest.param("releases", "night-drive.md", fm("title: Night Drive", "type: single", "release_date: 2026-13-45"),
                 'content/releases/night-drive.md: release_date: expected a date like 2026-12-05, got "2026-13-45"',
                 id="impossible-date"),
    pytest.param("releases", "night-drive.md", fm(*RELEASE, "cover: images/night-drive-final.jpg"),
                 "content/releases/night-drive.md: cover: the picture content/images/night-drive-final.jpg "
                 "does not exist; did you mean 'images/night-drive.jpg'?",
                 id="missing-cover-file"),
    pytest.param("releases", "night-drive.md", fm(*RELEASE, "tracks:", "  - { title: Night Drive, duration: 3:61 }"),
                 'content/releases/night-drive.md: tracks[1].duration: expected a duration like "3:41" with seconds '
                 '(and minutes after hours) below 60, got "3:61"',
                 id="duration-61-seconds"),
    pytest.param("releases", "night-drive.md", fm(*RELEASE, "tracks:", "  - { title: A }", "  - { duration: '3:30' }"),
                 "content/releases/night-drive.md: tracks[2].title: required key is missing: expected text",
                 id="track-without-title"),
    pytest.param("releases", "night-drive.md",
                 fm(*RELEASE, "links:", "  spotify: https://open.spotify.com/album/x", "player: bandcamp"),
                 'content/releases/night-drive.md: player: expected the name of one of this file\'s links (spotify), '
                 'got "bandcamp"',
                 id="player-not-a-link"),
    pytest.param("releases", "night-drive.md",
                 fm(*RELEASE, "links:", "  spotify: https://music.apple.com/gb/album/night-drive/1784290960"),
                 "content/releases/night-drive.md: links.spotify: expected an open.spotify.com URL, "
                 "got https://music.apple.com/gb/album/night-drive/1784290960",
                 id="host-does-not-match-service"),
    pytest.param("releases", "night-drive.md", fm(*RELEASE, "links:", "  myspace: https://myspace.com/novalights"),
                 "content/releases/night-drive.md: links.myspace: unknown service; write it as { url: ..., label: ... }"
                 " or use a known one: amazon_music, anghami, apple_music, audiomack, audius, bandcamp, beatport, "
                 "bluesky, boomplay, deezer, discord, facebook, instagram, jiosaavn, kofi, mastodon, mixcloud, napster,"
                 " netease, pandora, patreon, qobuz, soundcloud, spotify, threads, tidal, tiktok, twitch, x, yandex, "
                 "youtube, youtube_music",
                 id="unknown-service-without-label"),
    pytest.param("links", "index.md", fm(*LINK_PAGE, "links:", "  - { url: https://example.com/tickets }"),
                 "content/links/index.md: links[1].label: required key is missing: expected text",
                 id="link-without-label"),
    pytest.param("links", "index.md", fm(*LINK_PAGE, "links:", "  - { label: Tickets }"),
                 "content/links/index.md: links[1].url: required key is missing: expected a web address "
                 "starting with https://",
                 id="link-without-url"),
    pytest.param("links", "index.md",
                 fm(*LINK_PAGE, "links:",
                    "  - { label: Tour, url: /links/tour/, from: 2026-12-05, until: 2026-11-01 }"),
                 "content/links/index.md: links[1].from: expected a date before until (2026-11-01), got 2026-12-05",
                 id="from-after-until"),
    pytest.param("links", "index.md", fm(*LINK_PAGE, "links:", "  - { block: newsleter }"),
                 "content/links/index.md: links[1].block: expected one of: newsletter, discord, release, socials, "
                 "events, poll, call, got \"newsleter\"; did you mean 'newsletter'?",
                 id="unknown-block"),
    pytest.param("links", "index.md",
                 fm(*LINK_PAGE, "featured: releases/night-drve", "links:", "  - { label: Hi, url: /about/ }"),
                 "content/links/index.md: featured: no release named 'night-drve' in content/releases/; "
                 "did you mean 'night-drive'?",
                 id="featured-release-missing"),
    pytest.param("links", "index.md", fm(*LINK_PAGE, "links:", "  - { block: release, release: night-drvie }"),
                 "content/links/index.md: links[1].release: no release named 'night-drvie' in content/releases/; "
                 "did you mean 'night-drive'?",
                 id="release-block-missing-release"),
    pytest.param("stories", "tour-diary.md", fm(*STORY, "releases: [satelite-summer]"),
                 "content/stories/tour-diary.md: releases[1]: no release named 'satelite-summer' in "
                 "content/releases/; did you mean 'satellite-summer'?",
                 id="story-about-missing-release"),
    pytest.param("playlists", "last-train-home.md", fm("title: Last train", "date: 2026-11-02", *TRACKS),
                 "content/playlists/last-train-home.md: curator: required key is missing: expected the curator's "
                 "name, or { name: ..., url: ... }",
                 id="playlist-without-curator"),
    pytest.param("playlists", "last-train-home.md",
                 fm(*PLAYLIST, "tracks:", *["  - { artist: Nova Lights, title: Night Drive }"] * 501),
                 "content/playlists/last-train-home.md: tracks: expected at most 500 entries, got 501",
                 id="playlist-501-tracks"),
    pytest.param("playlists", "last-train-home.md", fm(*PLAYLIST, "pinned: yes please", *TRACKS),
                 'content/playlists/last-train-home.md: pinned: expected true or false, got "yes please"',
                 id="pinned-not-boolean"),
    pytest.param("stories", "tour-diary.md", fm("title:", "date: 2026-01-10"),
                 "content/stories/tour-diary.md: title: expected text, got nothing",
                 id="empty-title"),
    pytest.param("stories", "tour-diary.md", fm(*STORY, "status: drafts"),
                 "content/stories/tour-diary.md: status: expected one of: published, draft, hidden, got \"drafts\"; "
                 "did you mean 'draft'?",
                 id="status-typo"),
    pytest.param("early", "demos.md", fm("title: Demos", "access: { mode: code }"),
                 "content/early/demos.md: access.code_env: required for mode code: the name of the environment "
                 "variable that holds the access code",
                 id="code-mode-without-code-env"),
    pytest.param("early", "demos.md", fm("title: Demos"),
                 "content/early/demos.md: access: required key is missing: expected an access: section with "
                 "mode: signup, code or both",
                 id="early-page-without-access"),
    pytest.param("stories", "tour-diary.md", fm("title: Tour diary: Lisbon", "date: 2026-01-10"),
                 "content/stories/tour-diary.md: YAML error at line 2, column 18: a value containing ': ' needs quotes "
                 'around it: write it as title: "Tour diary: Lisbon"',
                 id="yaml-colon-needs-quotes"),
    pytest.param("stories", "tour-diary.md", fm("title: Tour diary", "tags:", "\t- lisbon", "date: 2026-01-10"),
                 "content/stories/tour-diary.md: YAML error at line 4, column 1: found character that cannot start "
                 "any token (indent with spaces, not tabs)",
                 id="tab-indent"),
    pytest.param("stories", "tour-diary.md", fm("title: Tour diary", "date: 2026-01-10", "title: Lisbon"),
                 "content/stories/tour-diary.md: title: given twice (line 2 and line 4); keep one",
                 id="key-given-twice"),
    pytest.param("stories", "tour-diary.md", fm("title: Tour diary\x07", "date: 2026-01-10"),
                 "content/stories/tour-diary.md: line 2: contains an invisible control character (U+0007); delete "
                 "it (such characters often come from copying text out of another app)",
                 id="control-character"),
    pytest.param("stories", "tour-diary.md", BILLION_LAUGHS,
                 "content/stories/tour-diary.md: the YAML expands to more than 50,000 values (repeated "
                 "anchors/aliases?); write the values out plainly",
                 id="billion-laughs"),
    pytest.param("stories", "tour-diary.md", "title: Tour diary\ndate: 2026-01-10\n",
                 "content/stories/tour-diary.md: expected the file to start with front matter: a line '---', YAML "
                 "keys like 'title: ...', then another '---'",
                 id="no-front-matter"),
    pytest.param("stories", "tour-diary.md", "---\ntitle: café\ndate: 2026-01-10\n---\n".encode("latin-1"),
                 "content/stories/tour-diary.md: expected a UTF-8 text file; save it as UTF-8",
                 id="not-utf8"),
    pytest.param("drafts", "tour-diary.md", fm(*STORY),
                 "content/drafts/tour-diary.md: not in a known folder; move it into one of: content/releases/, "
                 "content/stories/, content/playlists/, content/events/, content/links/, content/pages/, "
                 "content/polls/, content/calls/, content/fans/, content/early/",
                 id="unknown-folder"),
    pytest.param("stories", "Tour Diary.md", fm(*STORY),
                 "content/stories/Tour Diary.md: the file name makes an unsafe web address ('Tour Diary'); rename it "
                 "with lowercase letters, digits and hyphens, like night-drive.md",
                 id="unsafe-file-name"),
    pytest.param("stories", "tour-diary.md", fm(*STORY, "slug: ../../etc"),
                 'content/stories/tour-diary.md: slug: expected a slug of lowercase letters, digits and hyphens, '
                 'like night-drive, got "../../etc"',
                 id="slug-escapes-output"),
    pytest.param("stories", "tour-diary.md", fm(*STORY, "cover: ../../secret.jpg"),
                 'content/stories/tour-diary.md: cover: expected a path inside content/ (no leading /, no ..), '
                 'got "../../secret.jpg"',
                 id="cover-dot-dot"),
    pytest.param("stories", "tour-diary.md", fm(*STORY, "cover: /etc/passwd.jpg"),
                 'content/stories/tour-diary.md: cover: expected a path inside content/ (no leading /, no ..), '
                 'got "/etc/passwd.jpg"',
                 id="cover-absolute"),
    pytest.param("stories", "tour-diary.md", fm(*STORY, "cover: images/notes.txt"),
                 "content/stories/tour-diary.md: cover: expected a picture (.jpg, .jpeg, .png, .webp, .gif, .avif, "
                 '.svg), got "images/notes.txt"',
                 id="cover-not-a-picture"),
    pytest.param("links", "index.md", fm(*LINK_PAGE, "links:", "  - { label: Hi, url: '//evil.example/x' }"),
                 'content/links/index.md: links[1].url: expected a web address starting with https:// or mailto: or '
                 'tel: or /, got "//evil.example/x"',
                 id="protocol-relative-url"),
    # artist.yml
    pytest.param("", "artist.yml", ARTIST.replace("name: Nova Lights\n", ""),
                 "content/artist.yml: name: required key is missing: expected text",
                 id="artist-without-name"),
    pytest.param("", "artist.yml", ARTIST.replace('accent: "#cc1f63"', "accent: #cc1f63"),
                 'content/artist.yml: accent: expected a colour like "#ff3e7f", got nothing (in YAML a # starts a '
                 "comment: put the colour in quotes)",
                 id="accent-without-quotes"),
    pytest.param("", "artist.yml", ARTIST.replace('accent: "#cc1f63"', "accent: hot pink"),
                 'content/artist.yml: accent: expected a colour like "#ff3e7f", got "hot pink"',
                 id="accent-by-name"),
    pytest.param("", "artist.yml", ARTIST.replace("Europe/London", "Europe/Londno"),
                 'content/artist.yml: timezone: expected a timezone name like Europe/London or America/New_York, '
                 'got "Europe/Londno"; did you mean \'Europe/London\'?',
                 id="unknown-timezone"),
    pytest.param("", "artist.yml", ARTIST.replace("provider: buttondown", "provider: butondown"),
                 "content/artist.yml: newsletter.provider: expected one of: buttondown, mailchimp, kit, mailerlite, "
                 "emailoctopus, beehiiv, substack, endpoint, got \"butondown\"; did you mean 'buttondown'?",
                 id="newsletter-provider-typo"),
    pytest.param("", "artist.yml", ARTIST.replace("tagline:", "tagine:"),
                 "content/artist.yml: tagine: unknown key; did you mean 'tagline'?",
                 id="artist-misspelt-key"),
    pytest.param("", "artist.yml", ARTIST.replace("avatar: images/avatar.jpg", "avatar: images/me.png"),
                 "content/artist.yml: avatar: the picture content/images/me.png does not exist",
                 id="artist-avatar-missing"),
    pytest.param("", "artist.yml", ARTIST + "socials: [instagram]\n",
                 "content/artist.yml: socials: given twice (line 6 and line 16); keep one",
                 id="artist-section-twice"),
    pytest.param("", "artist.yml", "name: [Nova Lights\ntagline: x\n",
                 "content/artist.yml: YAML error at line 1, column 7: the [ opened here is never closed; close it "
                 "with ], or, if [ is part of the text, put the whole value in quotes: write it as "
                 'name: "[Nova Lights"',
                 id="artist-yaml-error"),
]


@pytest.fixture
def content(tmp_path, monkeypatch) -> Path:
    """A throwaway copy of the example content; the working folder is its parent, as for `make check`."""
    shutil.copytree(EXAMPLE, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "content"


def write(content: Path, relative: str, text: str | bytes) -> None:
    path = content / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def messages(site) -> list[str]:
    return [str(problem) for problem in site.problems]


@pytest.mark.parametrize("folder, name, text, expected", CASES)
def test_each_mistake_gets_its_exact_message(content, folder, name, text, expected):
    write(content, f"{folder}/{name}" if folder else name, text)
    site = check_site("content")
    assert expected in messages(site)
    # one mistake is reported on its own file, not echoed by other files
    assert {p.path for p in site.errors} == {expected.split(": ", 1)[0]}
    assert all(isinstance(p, Problem) for p in site.problems)


def test_there_are_at_least_thirty_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize("block", ["newsletter", "discord"])
def test_block_needs_its_artist_section(content, block):
    write(content, "artist.yml", without(ARTIST, block))
    write(content, "links/index.md",
          fm(*LINK_PAGE, "links:", "  - { label: Hi, url: /about/ }", f"  - {{ block: {block} }}"))
    (content / "links" / "tour.md").unlink(missing_ok=True)
    site = check_site("content")
    assert messages(site) == [
        f"content/links/index.md: links[2].block: block: {block} needs a {block}: section in content/artist.yml"]


def test_signup_pages_need_the_form_endpoint(content):
    write(content, "artist.yml", without(ARTIST, "forms"))
    write(content, "early/demos.md", fm("title: Demos", "access: { mode: both, code_env: DEMOS_CODE }"))
    site = check_site("content")
    assert ("content/early/demos.md: access.mode: mode both needs the form endpoint: add forms: { endpoint: ... } "
            "to content/artist.yml (see docs/endpoint.md)") in messages(site)


def test_a_mistake_in_artist_yml_does_not_make_its_sections_look_missing(content):
    write(content, "artist.yml", ARTIST.replace("Europe/London", "Mars/Olympus"))
    site = check_site("content")
    assert [p.path for p in site.errors] == ["content/artist.yml"]


def test_duplicate_slugs(content):
    write(content, "stories/tour-diary.md", fm(*STORY))
    write(content, "stories/lisbon.md", fm(*STORY, "slug: tour-diary"))
    site = check_site("content")
    assert messages(site) == ["content/stories/tour-diary.md: the web address 'tour-diary' is already used by "
                              "content/stories/lisbon.md; each story needs its own"]


def test_duplicate_slug_given_by_the_slug_key_is_reported_on_that_key(content):
    write(content, "releases/zz-night-drive.md", fm(*RELEASE, "slug: night-drive"))
    site = check_site("content")
    assert messages(site) == ["content/releases/zz-night-drive.md: slug: the web address 'night-drive' is already "
                              "used by content/releases/night-drive.md; each release needs its own"]


# Every key that holds a web address, and where it sits in its file.
URL_KEYS = [
    pytest.param("releases/night-drive.md", lambda u: fm(*RELEASE, "links:", f"  spotify: {u}"), "links.spotify",
                 id="release-link"),
    pytest.param("releases/night-drive.md", lambda u: fm(*RELEASE, "links:", f"  nts: {{ url: {u}, label: NTS }}"),
                 "links.nts.url", id="release-labelled-link"),
    pytest.param("releases/night-drive.md", lambda u: fm(*RELEASE, f"presave: {u}"), "presave", id="presave"),
    pytest.param("artist.yml", lambda u: ARTIST.replace("https://www.instagram.com/novalights.music", u),
                 "socials.instagram", id="socials"),
    pytest.param("artist.yml", lambda u: ARTIST.replace("https://discord.gg/UqiTVg5b", u), "discord.invite",
                 id="discord-invite"),
    # Substack on its own domain is the provider whose setting is a plain address (docs/newsletter.md)
    pytest.param("artist.yml", lambda u: ARTIST.replace("provider: buttondown\n  username: novalights",
                                                        f"provider: substack\n  url: {u}"), "newsletter.url",
                 id="newsletter-url"),
    pytest.param("artist.yml", lambda u: ARTIST.replace("endpoint: /api", f"endpoint: {u}"), "forms.endpoint",
                 id="forms-endpoint"),
    pytest.param("playlists/last-train-home.md",
                 lambda u: fm("title: Last train", f"curator: {{ name: jess, url: {u} }}", "date: 2026-11-02", *TRACKS),
                 "curator.url", id="curator-url"),
    pytest.param("playlists/last-train-home.md",
                 lambda u: fm(*PLAYLIST, "tracks:", f"  - {{ artist: Nova Lights, title: Night Drive, url: {u} }}"),
                 "tracks[1].url", id="playlist-track-url"),
    pytest.param("playlists/last-train-home.md",
                 lambda u: fm(*PLAYLIST, "links:", f"  spotify: {u}", *TRACKS), "links.spotify", id="playlist-link"),
    pytest.param("links/index.md", lambda u: fm(*LINK_PAGE, "links:", f"  - {{ label: Hi, url: {u} }}"),
                 "links[1].url", id="link-page-url"),
]
UNSAFE = [
    pytest.param("javascript:alert(document.cookie)", "javascript", id="javascript"),
    pytest.param("JaVaScRiPt:alert(1)", "javascript", id="mixed-case"),
    pytest.param("java\tscript:alert(1)", "javascript", id="tab-inside"),
    pytest.param("java\nscript:alert(1)", "javascript", id="newline-inside"),
    pytest.param("\x01javascript:alert(1)", "javascript", id="control-first"),
    pytest.param(" javascript:alert(1)", "javascript", id="leading-space"),
    pytest.param("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "data", id="data"),
    pytest.param("DATA:text/html,hi", "data", id="data-upper"),
    pytest.param("vbscript:msgbox(1)", "vbscript", id="vbscript"),
]


@pytest.mark.parametrize("where, make, key", URL_KEYS)
@pytest.mark.parametrize("url, scheme", UNSAFE)
def test_code_running_links_are_refused_in_every_url_key(content, where, make, key, url, scheme):
    write(content, where, make(json.dumps(url)))  # a JSON string is a double-quoted YAML string
    site = check_site("content")
    assert f"content/{where}: {key}: {scheme}: {NOT_SAFE}" in messages(site)


@pytest.mark.parametrize("where, make, key", URL_KEYS)
def test_a_plain_https_link_is_accepted_in_every_url_key(content, where, make, key):
    url = {"socials.instagram": "https://www.instagram.com/nova", "discord.invite": "https://discord.gg/abc",
           "links.spotify": "https://open.spotify.com/album/x"}.get(key, "https://tickets.novalights.band/x")
    write(content, where, make(url))
    site = check_site("content")
    assert messages(site) == []


def test_one_file_with_three_mistakes_reports_all_three(content):
    write(content, "releases/night-drive.md", fm(
        "title: Night Drive", "type: singel", "relase_date: 2026-12-05", "presave: javascript:alert(1)"))
    site = check_site("content")
    assert sorted(messages(site)) == sorted([
        "content/releases/night-drive.md: type: expected one of: single, ep, album, remix, live, compilation, "
        "got \"singel\"; did you mean 'single'?",
        "content/releases/night-drive.md: relase_date: unknown key; did you mean 'release_date'?",
        "content/releases/night-drive.md: release_date: required key is missing: expected a date like 2026-12-05",
        f"content/releases/night-drive.md: presave: javascript: {NOT_SAFE}",
    ])


def test_several_broken_files_are_all_reported_in_one_run(content):
    write(content, "releases/night-drive.md", fm("title: Night Drive", "type: single", "release_date: next friday"))
    write(content, "stories/tour-diary.md", fm("title: Tour diary: Lisbon", "date: 2026-01-10"))
    write(content, "playlists/last-train-home.md", fm("title: Last train", "date: 2026-11-02", *TRACKS))
    write(content, "artist.yml", ARTIST.replace("Europe/London", "Europe/Londno"))
    site = check_site("content")
    assert sorted(p.path for p in site.errors) == [
        "content/artist.yml", "content/playlists/last-train-home.md", "content/releases/night-drive.md",
        "content/stories/tour-diary.md"]


def test_a_missing_content_folder_is_a_problem_not_a_crash(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert messages(check_site("content")) == ["content: the content folder does not exist"]


def test_a_missing_artist_yml_is_reported(content):
    (content / "artist.yml").unlink()
    site = check_site("content")
    assert messages(site) == ["content/artist.yml: missing: every hub needs content/artist.yml with at least "
                              "'name: Your Name'"]


def test_the_example_content_has_no_problems(content):
    site = check_site("content")
    assert messages(site) == []
    assert site.items["releases"]["night-drive"]["title"] == "Night Drive"


# --- the real command --------------------------------------------------------------------------

def fanzine(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fanzine", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60, env={**os.environ, "PYTHONWARNINGS": "ignore"})


def break_night_drive(content: Path) -> None:
    write(content, "releases/night-drive.md", fm("title: Night Drive", "type: single", "release_date: next friday"))
    write(content, "stories/tour-diary.md", "---\ntitle: [unclosed\n---\n")


def test_check_command_fails_with_the_messages_and_no_traceback(content):
    break_night_drive(content)
    result = fanzine(content.parent, "check")
    assert result.returncode == 1
    assert 'content/releases/night-drive.md: release_date: expected a date like 2026-12-05, got "next friday"\n' \
        in result.stderr
    assert "content/stories/tour-diary.md: YAML error at line 2, column 8: the [ opened here is never closed" \
        in result.stderr
    assert "2 problems found. Fix them and run again." in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_check_command_accepts_debug(content):
    break_night_drive(content)
    result = fanzine(content.parent, "--debug", "check")
    assert result.returncode == 1
    assert 'release_date: expected a date like 2026-12-05, got "next friday"' in result.stderr
    assert "unrecognized arguments" not in result.stderr


def test_check_command_passes_on_the_example_content(content):
    result = fanzine(content.parent, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("All good: artist.yml and ")
    assert result.stderr == ""


def test_a_release_saved_with_the_wrong_extension_is_not_silently_skipped(content):
    write(content, "releases/new-single.txt", fm("title: New single"))
    site = check_site("content")
    assert ("content/releases/new-single.txt: warning: this file is ignored: only .md files in this folder are "
            "read (rename it to end in .md)") in [str(p) for p in site.problems]
    assert not site.errors


def test_one_mistake_never_hides_another_in_the_same_file(content):
    release = content / "releases/night-drive.md"
    text = release.read_text()
    text = text.replace("release_date: 2026-12-05", "release_date: next friday")
    text = text.replace("cover: images/night-drive.jpg", "cover: images/no-such-cover.jpg")
    text = text.replace("player: ", "player: tidal_nope\nx_player: ", 1) if "player: " in text else text
    release.write_text(text)
    found = messages(check_site("content"))
    assert 'content/releases/night-drive.md: release_date: expected a date like 2026-12-05, got "next friday"' in found
    assert "content/releases/night-drive.md: cover: the picture content/images/no-such-cover.jpg does not exist" \
        in found
    assert any(m.startswith("content/releases/night-drive.md: player: expected the name of one of this file's links")
               for m in found), found
