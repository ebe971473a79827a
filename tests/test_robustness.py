"""`fanzine check` never crashes: whatever lands in content/, the artist reads sentences about that file.

Random front matter for every content type (the schema's real keys mixed with
made-up ones, wrong types, huge and unicode strings, nesting, lists of mappings)
is written as YAML into the right folder; check_site must return, and every
problem must be a Problem that names the file.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fanzine.content.check import check_site
from fanzine.content.schema import Boolean, Choice, Date, Duration, Field, ImagePath, ListOf, MapOf, OneOf, Record, Url
from fanzine.errors import Problem
from fanzine.theme.platforms import PLATFORMS
from fanzine.types import content_types
from fanzine.types.artist import ARTIST
from fixture_sites import build as build_project
from fixture_sites import make_project

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "nova-lights"  # the example hub (tests never read content/)
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # yaml.safe_dump, at C speed
FUZZ = settings(max_examples=40, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def key_names(field: Field, found: set[str]) -> set[str]:
    """Every key name a schema knows, at any depth."""
    if isinstance(field, Record):
        for name, child in field.fields.items():
            found.add(name)
            key_names(child, found)
    elif isinstance(field, ListOf):
        key_names(field.item, found)
    elif isinstance(field, MapOf):
        key_names(field.value, found)
    elif isinstance(field, OneOf):
        for _matches, child in field.alternatives:
            key_names(child, found)
    return found


FOLDERS = {kind.folder: kind.schema for kind in content_types()}
ALL_KEYS = sorted(key_names(ARTIST, set()).union(*(key_names(s, set()) for s in FOLDERS.values()))
                  | {"spotify", "apple_music", "bandcamp", "youtube", "instagram", "nts", "myspace"})
# Values that are nearly right, or dangerous, are where the checks branch.
TRICKY = st.sampled_from([
    "https://open.spotify.com/album/x", "https://music.apple.com/gb/album/x", "https://[not-ipv6", "https://intranet",
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "data:text/html,x", "vbscript:x",
    "mailto:a@b.co", "/api", "//evil.example", "/../../etc", "3:41", "3:61", "1:02:03", "99:99:99", "2026-12-05",
    "2026-12-05 18:00", "2026-13-45", "next friday", "#ff3e7f", "#fff", "pink", "images/avatar.jpg",
    "images/nope.jpg", "../../secret.jpg", "/etc/passwd.jpg", "C:\\x.jpg", "releases/night-drive", "releases/nope",
    "releases/../../x", "latest", "upcoming", "none", "newsletter", "discord", "release", "socials", "single",
    "signup", "code", "both", "NIGHT_DRIVE_CODE", "night-drive", "../../etc", "Night Drive", "", " ", "\x00",
    "\u202etxt.exe", "🎹" * 50, "Europe/London", "Mars/Olympus", "../../../etc/passwd", "USRC17607839",
    "123456789012345678", "draft", "hidden", "published",
])
URLS = st.one_of(st.sampled_from([
    "https://open.spotify.com/album/x", "https://music.apple.com/gb/album/x", "https://novalights.bandcamp.com/",
    "https://[not-ipv6", "http://[::1]:8000/", "https://example.com:99999/", "https://intranet", "https://ex ample.com",
    "https://xn--exmple-cua.com/", "https://exämple.com/", "javascript:alert(1)", "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)", "\x01javascript:x", "data:text/html,x", "vbscript:x", "file:///etc/passwd",
    "mailto:a@b.co", "mailto:", "tel:+44", "/api", "//evil.example", "/../../etc", "https://", "https://?",
    "https://@/", "http://user:pass@host.example/", "https://a.b/" + "x" * 5000,
]), st.from_regex(r"\Ahttps?://[^\s]{0,20}\Z"))
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)  # no lone surrogates: not UTF-8
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), TEXT, TRICKY, st.dates(), st.datetimes(),
    st.sampled_from([301, 5_001, 200_000]).map(lambda n: "x" * n),   # longer than any limit
)
KEYS = st.one_of(st.sampled_from(ALL_KEYS), TEXT, st.integers(-5, 5), st.booleans(), st.none())
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=5)),
    max_leaves=12,
)
# Long lists of mappings (tracks, links, credits) around the limits
LONG_LISTS = st.builds(lambda n, entry: [entry] * n, st.sampled_from([0, 1, 101, 201, 501]),
                       st.dictionaries(st.sampled_from(ALL_KEYS), SCALARS, max_size=4))


def mostly(right, wrong):
    """`right` nine times in ten. (st.one_of flattens nested choices, so repeating a branch does not weight it.)"""
    return st.sampled_from(range(10)).flatmap(lambda roll: wrong if roll == 9 else right)  # integers() favour 0


LEFT_OUT = object()


def maybe(strategy):
    """A key's value three times in four; otherwise the key is left out."""
    return st.sampled_from(range(4)).flatmap(lambda roll: st.just(LEFT_OUT) if roll == 3 else strategy)


def shaped_like(field: Field):
    """Values of roughly the right shape for a field (so the deeper checks run), sometimes anything at all."""
    if isinstance(field, Record):
        keys = st.fixed_dictionaries({name: maybe(shaped_like(child)) for name, child in field.fields.items()})
        extra = mostly(st.just({}), st.dictionaries(KEYS, VALUES, min_size=1, max_size=2))
        right = st.tuples(keys, extra).map(lambda pair: {**pair[1], **{k: v for k, v in pair[0].items()
                                                                      if v is not LEFT_OUT}})
        if field.shorthand:
            right = st.one_of(right, TEXT, TRICKY)
    elif isinstance(field, ListOf):
        right = mostly(st.lists(shaped_like(field.item), min_size=1, max_size=4),
                       st.one_of(shaped_like(field.item), LONG_LISTS))
    elif isinstance(field, MapOf):
        names = st.one_of(st.sampled_from(sorted(PLATFORMS)), st.sampled_from(["nts", "merch"]), TEXT)
        right = st.dictionaries(names, shaped_like(field.value), max_size=4)
    elif isinstance(field, OneOf):
        right = st.one_of(*(shaped_like(child) for _matches, child in field.alternatives))
    elif isinstance(field, Choice):
        right = st.sampled_from(field.options + [option.upper() + " " for option in field.options] + ["nope"])
    elif isinstance(field, Boolean):
        right = st.booleans()
    elif isinstance(field, (Date, Duration)):
        right = st.one_of(st.dates(), st.datetimes(), TRICKY, st.from_regex(r"\A\d{1,4}[-:]\d{1,3}([-:]\d{1,3})?\Z"))
    elif isinstance(field, Url):
        right = URLS
    elif isinstance(field, ImagePath):
        right = st.sampled_from(["images/avatar.jpg", "images/nope.png", "../../secret.jpg", "/etc/passwd.jpg",
                                 "images\\..\\x.jpg", "C:/x.jpg", "images/x.txt", "images/\x00.jpg", "."])
    else:  # text, slugs, colours
        right = st.one_of(TRICKY, TEXT)
    return mostly(right, VALUES)


def front_matter(schema: Record):
    """A mapping built from the schema's own keys, with made-up keys and wrong values mixed in."""
    shaped = shaped_like(schema).filter(lambda v: isinstance(v, dict))
    return mostly(shaped, st.dictionaries(st.one_of(st.sampled_from(sorted(schema.fields)), KEYS),
                                          st.one_of(VALUES, LONG_LISTS), max_size=12))


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    """A small valid hub (artist.yml, one release, the avatar) in a folder the checks run from."""
    project = tmp_path_factory.mktemp("fuzz")
    folder = project / "content"
    (folder / "images").mkdir(parents=True)
    shutil.copy2(EXAMPLE / "images" / "avatar.jpg", folder / "images" / "avatar.jpg")
    (folder / "artist.yml").write_text(
        "name: Nova Lights\navatar: images/avatar.jpg\ndiscord: { invite: https://discord.gg/abc }\n"
        "newsletter: { provider: buttondown, username: nova }\n", encoding="utf-8")
    (folder / "releases").mkdir()
    (folder / "releases" / "night-drive.md").write_text(
        "---\ntitle: Night Drive\ntype: single\nrelease_date: 2026-12-05\n---\n", encoding="utf-8")
    before = os.getcwd()
    os.chdir(project)
    try:
        assert check_site("content").problems == []
        yield Path("content")
    finally:
        os.chdir(before)


CASES_RUN = [0]  # reported at the end of the run by conftest.pytest_terminal_summary


def check_only_names(content: Path, relative: str, text: str | bytes) -> list[Problem]:
    """Write one file, check the site, put the file back; every problem must be about that file."""
    path = content / relative
    original = path.read_bytes() if path.exists() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    CASES_RUN[0] += 1
    try:
        site = check_site(content)
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)
    shown = f"content/{relative}"
    for problem in site.problems:
        assert isinstance(problem, Problem)
        assert str(problem).startswith(shown + ": "), str(problem)
    return site.problems


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False)


def as_markdown(data: dict) -> str:
    return "---\n" + dump(data) + "---\nBody text.\n"


# "zz-" sorts after night-drive.md, so a duplicate slug is reported on the random file.
@pytest.mark.parametrize("folder", sorted(FOLDERS))
@FUZZ
@given(data=st.data())
def test_random_front_matter_never_crashes_check(content, folder, data):
    front = data.draw(front_matter(FOLDERS[folder]), label="front matter")
    check_only_names(content, f"{folder}/zz-fuzz.md", as_markdown(front))


@FUZZ
@given(front=front_matter(ARTIST))
def test_random_artist_yml_never_crashes_check(content, front):
    check_only_names(content, "artist.yml", dump(front))


@settings(FUZZ, max_examples=80)
@given(text=st.one_of(TEXT, st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
                      .map(lambda t: "---\n" + t + "\n---\n"),
                      st.binary(max_size=200).map(lambda b: b"---\n" + b + b"\n---\n")))
def test_any_file_content_never_crashes_check(content, text):
    check_only_names(content, "stories/zz-fuzz.md", text)


# --- hostile YAML, written out -----------------------------------------------------------------

LAUGHS = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
LAUGHS += [f"{n}: &{n} [{', '.join(['*' + p] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi", strict=True)]


@pytest.mark.parametrize("relative, text, message", [
    ("stories/zz-fuzz.md", "---\ntitle: lol\n" + "\n".join(LAUGHS) + "\n---\n",
     "content/stories/zz-fuzz.md: the YAML expands to more than 50,000 values (repeated anchors/aliases?); "
     "write the values out plainly"),
    ("artist.yml", "\n".join(LAUGHS) + "\n",
     "content/artist.yml: the YAML expands to more than 50,000 values (repeated anchors/aliases?); "
     "write the values out plainly"),
    ("releases/zz-fuzz.md", "---\ntitle: x\ntracks: " + "[" * 1000 + "]" * 1000 + "\n---\n",
     "content/releases/zz-fuzz.md: nested more than 40 levels deep; flatten it"),
    ("playlists/zz-fuzz.md", "---\ntracks:\n" + "".join("  " * i + "-\n" for i in range(1, 200)) + "---\n",
     "content/playlists/zz-fuzz.md: nested more than 40 levels deep; flatten it"),
    ("links/zz-fuzz.md", "---\nlinks: " + "{a: " * 500 + "1" + "}" * 500 + "\n---\n",
     "content/links/zz-fuzz.md: nested more than 40 levels deep; flatten it"),
    ("stories/zz-fuzz.md", "---\ntitle: " + "a" * 2_000_000 + "\ndate: 2026-01-01\n---\n",
     "content/stories/zz-fuzz.md: title: expected at most 300 characters, got 2,000,000"),
    ("releases/zz-fuzz.md", "---\ntitle: x\ntype: single\nrelease_date: 2026-12-05\ntracks:\n  - title: x\n"
     "    lyrics: |\n" + "      la la la la la la la la\n" * 87_382 + "---\n",   # 2 MB of words
     f"content/releases/zz-fuzz.md: tracks[1].lyrics: expected at most 20,000 characters, got {24 * 87_382 - 1:,}"),
    ("playlists/zz-fuzz.md", "---\ntitle: P\ncurator: me\ndate: 2026-01-01\ntracks:\n"
     + "  - { artist: A, title: B }\n" * 5_000 + "---\n",
     "content/playlists/zz-fuzz.md: tracks: expected at most 500 entries, got 5,000"),
    ("playlists/zz-fuzz.md", "---\ntitle: P\ncurator: me\ndate: 2026-01-01\ntracks:\n"
     + "  - { artist: A, title: B }\n" * 100_000 + "---\n",
     "content/playlists/zz-fuzz.md: more than 50,000 values in one file; split it into smaller files"),
], ids=["billion-laughs", "billion-laughs-artist", "deep-flow-list", "deep-block-list", "deep-mapping",
        "2mb-string", "2mb-lyrics", "5k-tracks", "100k-tracks"])
def test_hostile_yaml_gets_a_message(content, relative, text, message):
    assert [str(p) for p in check_only_names(content, relative, text)] == [message]


@pytest.mark.parametrize("value, shown", [("!!set {a, b}", "a set of values"), ("!!binary aGVsbG8=", "binary data")])
def test_yaml_tags_that_make_odd_python_values_are_refused(content, value, shown):
    problems = check_only_names(content, "stories/zz-fuzz.md", f"---\ntitle: {value}\ndate: 2026-01-01\n---\n")
    assert [str(p) for p in problems] == [f"content/stories/zz-fuzz.md: title: expected text, got {shown}"]


def test_billion_laughs_cannot_eat_memory(tmp_path):
    """The check runs in a child limited to 512 MB of memory: an expanding file must fail with a message."""
    laughs = "---\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)) + "---\n"
    shutil.copytree(EXAMPLE, tmp_path / "content")
    (tmp_path / "content/stories/laughs.md").write_text(laughs)
    script = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (512 << 20, 512 << 20)); "
              "from fanzine.content.check import check_site; "
              "print('\\n'.join(str(p) for p in check_site('content').problems))")
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "content/stories/laughs.md: the YAML expands to more than" in result.stdout


# --- whole builds: each class of input the attack review found, built as CI builds it ---------------------
#
# `fanzine build --publish` from the command line, on another artist's small hub with one hostile file
# added: the exit code and the exact lines the artist reads, and never "Something went wrong inside Fanzine".


INTERNAL_ERROR = "Something went wrong inside Fanzine"
FAN_PLAYLIST = ("---\ntitle: {title}\ncurator: fan\ndate: 2025-01-03\ntracks:\n  - {{ artist: A, title: B }}\n"
                "---\n{body}")
HIDDEN = "contains an invisible control character ({}); delete it (such characters often come from copying text " \
         "out of another app)"
TEN_MB = ("We drove out to the quarry at night and recorded the wind in the cables. " * 14 + "\n\n") * 9_400


def fan_playlist(title: str = "Notes", body: str = "Words.\n") -> str:
    return FAN_PLAYLIST.format(title=title, body=body)


BUILDS = [
    pytest.param({"playlists/bell.md": fan_playlist(title='"Bell \\a mix"')}, None, 1,
                 ["content/playlists/bell.md: title: " + HIDDEN.format("U+0007")], id="c0-in-a-fan-title"),
    pytest.param({"playlists/bell.md": fan_playlist(body="Static\x00noise.\n")}, None, 1,
                 ["content/playlists/bell.md: line 8: " + HIDDEN.format("U+0000")], id="nul-in-a-fan-body"),
    pytest.param({"playlists/huge.md": fan_playlist(body=TEN_MB)}, None, 1,
                 [f"content/playlists/huge.md: the text after the front matter is {len(TEN_MB):,} characters long; "
                  "expected at most 20,000 (a fan's notes are shown on the page, in listings and in the feeds: "
                  "shorten them)"], id="10mb-fan-body"),
    pytest.param({"playlists/brackets.md": fan_playlist(body="[" * 19_000 + "\n")}, None, 1,
                 ["content/playlists/brackets.md: line 8: this paragraph holds 19,000 '[' characters, which would "
                  "take Markdown minutes to read; write each link as [words](address), or split the paragraph"],
                 id="bracket-storm"),
    pytest.param({"playlists/glossary.md": fan_playlist(body="term\n: meaning\n" * 600)}, None, 1,
                 ["Could not process playlists/glossary.md",
                  "1 content problem to fix:",
                  "  content/playlists/glossary.md: the Markdown is nested too deeply to read (hundreds of quotes "
                  "inside quotes, or a definition list hundreds of terms long); simplify it"],
                 id="markdown-nested-too-deep"),
    pytest.param({"pages/releases.md": "---\ntitle: Releases\n---\nOur records.\n"}, None, 1,
                 ["content/pages/releases.md: would be written to /releases/, which is the discography page; "
                  "rename the file, or give it another name with slug:"], id="page-named-like-a-section"),
    pytest.param({"playlists/curators.md": fan_playlist()}, None, 1,
                 ["content/playlists/curators.md: would be written to /playlists/curators/, which is the curators "
                  "page; rename the file, or give it another name with slug:"], id="playlist-named-curators"),
    pytest.param({"early/demos.md": "---\ntitle: Demos\naccess: { mode: signup }\n---\nx\n",
                  "stories/demos.md": "---\ntitle: Demos\ndate: 2025-01-10\naccess: { mode: signup }\n---\nx\n"},
                 None, 1, ["content/stories/demos.md: would be written to /early/demos/, like content/early/demos.md "
                           "(a file with access: becomes an early-access page, under /early/); rename one of them, "
                           "or give it another name with slug:"], id="gated-story-reusing-an-early-name"),
    pytest.param({}, ("images/env.png", "/proc/self/environ"), 1,
                 ["content/images/env.png: is a symbolic link (to /proc/self/environ); Fanzine never reads or "
                  "publishes links: put the file itself here, or delete the link"], id="link-to-proc-environ"),
    pytest.param({"stories/tour.md": "---\ntitle: Tour diary: Lisbon\ndate: 2025-01-10\n---\n"}, None, 1,
                 ["content/stories/tour.md: YAML error at line 2, column 18: a value containing ': ' needs quotes "
                  'around it: write it as title: "Tour diary: Lisbon"'], id="yaml-colon"),
    pytest.param({"stories/tour.md": "---\ntitle: Tour\ndate: 2025-01-10\nWe played Lisbon.\n"}, None, 1,
                 ["content/stories/tour.md: the front matter starts with '---' on line 1 but is never closed; add a "
                  "line '---' after its last key, before the text"], id="front-matter-never-closed"),
    pytest.param({"stories/empty.md": ""}, None, 1,
                 ["content/stories/empty.md: expected the file to start with front matter: a line '---', YAML keys "
                  "like 'title: ...', then another '---'"], id="empty-file"),
    pytest.param({"stories/photo.md": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"}, None, 1,
                 ["content/stories/photo.md: expected a UTF-8 text file; save it as UTF-8"], id="binary-file"),
    pytest.param({"pages/press.md": "---\ntitle: Press\n---\n[photo]({static}/../publishconf.py)\n"}, None, 1,
                 ["content/pages/press.md: line 4: {static}/../publishconf.py: expected a file in content/images/, "
                  "the only files that are published"], id="static-link-leaving-content"),
    pytest.param({"pages/old.html": "<html><body>Old page</body></html>", "pages/notes.rst": "Title\n=====\n"},
                 None, 0, ["content/pages/notes.rst: warning: this file is ignored: only .md files in this folder "
                           "are read (rename it to end in .md)",
                           "content/pages/old.html: warning: this file is ignored: only .md files in this folder are "
                           "read (rename it to end in .md)"], id="html-and-rst-files-are-ignored-as-said"),
    pytest.param({"releases/cr.md": '---\ntitle: "Night\\rDrive"\ntype: single\nrelease_date: 2025-05-01\n---\nx\n'},
                 None, 0, [], id="carriage-return-in-a-title"),
    pytest.param({"stories/crlf.md": "\ufeff---\r\ntitle: Windows\r\ndate: 2025-01-10\r\n---\r\nSaved on Windows.\r\n"},
                 None, 0, [], id="bom-and-crlf"),
]


@pytest.mark.slow
@pytest.mark.parametrize("files, link, code, lines", BUILDS)
def test_every_input_class_gets_a_message_from_a_whole_build(tmp_path, files, link, code, lines):
    project = make_project(tmp_path / "project", files)
    if link:
        (project / "content" / link[0]).symlink_to(link[1])
    CASES_RUN[0] += 1
    result = build_project(project)
    printed = result.stderr.splitlines()
    assert INTERNAL_ERROR not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert result.returncode == code, result.stderr[-3000:]
    assert [line for line in printed if line in lines] == lines, result.stderr[-3000:]
    if code == 0:
        assert (project / "output/index.html").is_file()
        assert not list((project / "output").rglob("old*")) and not list((project / "output").rglob("notes*"))
