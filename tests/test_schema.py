"""The schema language (content/schema.py) and the content types declared with it (types/)."""
from __future__ import annotations

import datetime as dt

import pytest

from fanzine.content.schema import (
    INVALID,
    Boolean,
    Choice,
    Colour,
    Date,
    Duration,
    ImagePath,
    Integer,
    ListOf,
    MapOf,
    OneOf,
    Record,
    Report,
    Slug,
    Text,
    Url,
    join,
    unknown_key_message,
)
from fanzine.errors import ContentError, Problem, format_got
from fanzine.types import content_types
from fanzine.types.artist import ARTIST
from fanzine.types.fields import PlatformLinks, Timezone
from fanzine.types.links import LINK_PAGE
from fanzine.types.playlists import PLAYLIST
from fanzine.types.releases import RELEASE

FOLDERS = {kind.folder: kind.schema for kind in content_types()}


def clean(field, value, key="key"):
    """(cleaned value, the problem lines) for one value."""
    report = Report("content/x.md")
    result = field.clean(value, key, report)
    return result, [str(p) for p in report.problems]


def only_problem(field, value, key="key") -> str:
    result, problems = clean(field, value, key)
    assert result is INVALID
    assert len(problems) == 1, problems
    return problems[0]


# --- errors.py ---------------------------------------------------------------------------------

def test_problem_reads_path_key_message():
    assert str(Problem("content/a.md", "title", "expected text, got nothing")) == \
        "content/a.md: title: expected text, got nothing"
    assert str(Problem("content/a.md", "", "not valid YAML")) == "content/a.md: not valid YAML"
    assert str(Problem("content/a.md", "cover", "looks small", warning=True)) == \
        "content/a.md: cover: warning: looks small"


def test_content_error_counts_errors_not_warnings_and_lists_every_problem():
    error = ContentError([Problem("b.md", "k", "two"), Problem("a.md", "k", "one"),
                          Problem("a.md", "w", "careful", warning=True)])
    assert str(error) == "2 content problems to fix:\n  a.md: k: one\n  a.md: w: warning: careful\n  b.md: k: two"
    assert str(ContentError([Problem("a.md", "", "x")])).startswith("1 content problem to fix:")


@pytest.mark.parametrize("value, shown", [
    ("next friday", '"next friday"'), (None, "nothing"), (True, "true"), (False, "false"),
    ({"a": 1}, "a list of keys (a mapping)"), ([1, 2], "a list"), (42, "42"), (dt.date(2026, 1, 2), "2026-01-02"),
    ("a\nb", '"a\\nb"'), ("x" * 100, '"' + "x" * 57 + '..."'),
])
def test_format_got_shows_values_as_typed(value, shown):
    assert format_got(value) == shown


def test_join_counts_list_entries_from_one():
    assert join("", "title") == "title"
    assert join("tracks", 0) == "tracks[1]"
    assert join("tracks[1]", "title") == "tracks[1].title"


# --- scalar fields -----------------------------------------------------------------------------

def test_text_accepts_numbers_and_strips():
    assert clean(Text(), "  Night Drive ") == ("Night Drive", [])
    assert clean(Text(), 2026) == ("2026", [])


@pytest.mark.parametrize("value, message", [
    (None, "content/x.md: key: expected text, got nothing"),
    ([1], "content/x.md: key: expected text, got a list"),
    ({"a": 1}, "content/x.md: key: expected text, got a list of keys (a mapping)"),
    (True, "content/x.md: key: expected text, got true"),
    ("   ", "content/x.md: key: expected text, got an empty value"),
    ("x" * 301, "content/x.md: key: expected at most 300 characters, got 301"),
    ("x" * 2_000_000, "content/x.md: key: expected at most 300 characters, got 2,000,000"),
])
def test_text_refuses(value, message):
    assert only_problem(Text(), value) == message


def test_text_pattern_uses_its_hint():
    field = Text(pattern=r"[A-Z]+", pattern_hint="capital letters like ABC")
    assert clean(field, "ABC") == ("ABC", [])
    assert only_problem(field, "abc") == 'content/x.md: key: expected capital letters like ABC, got "abc"'


def test_boolean():
    assert clean(Boolean(), True) == (True, [])
    assert only_problem(Boolean(), "yes") == 'content/x.md: key: expected true or false, got "yes"'
    assert only_problem(Boolean(), 1) == "content/x.md: key: expected true or false, got 1"


def test_integer():
    field = Integer(minimum=1, maximum=10)
    assert clean(field, 3) == (3, [])
    assert clean(field, " 7 ") == (7, [])
    assert only_problem(field, 11) == "content/x.md: key: expected a whole number from 1 to 10, got 11"
    assert only_problem(field, True) == "content/x.md: key: expected a whole number from 1 to 10, got true"
    assert only_problem(field, 2.5) == "content/x.md: key: expected a whole number from 1 to 10, got 2.5"
    # digit-like characters int() refuses (found by the random front matter test): a sentence, not a crash
    assert only_problem(field, "¹") == 'content/x.md: key: expected a whole number from 1 to 10, got "¹"'


def test_choice_is_case_insensitive_and_suggests():
    field = Choice(["single", "ep", "album"])
    assert clean(field, " Album ") == ("album", [])
    assert only_problem(field, "singel") == \
        "content/x.md: key: expected one of: single, ep, album, got \"singel\"; did you mean 'single'?"
    assert only_problem(field, "mixtape") == 'content/x.md: key: expected one of: single, ep, album, got "mixtape"'
    assert only_problem(field, 3) == "content/x.md: key: expected one of: single, ep, album, got 3"


@pytest.mark.parametrize("value, cleaned", [
    (dt.date(2026, 12, 5), dt.date(2026, 12, 5)),
    ("2026-12-05", dt.date(2026, 12, 5)),
    (" 2026-12-05 ", dt.date(2026, 12, 5)),
    ("2026-12-05 18:00", dt.datetime(2026, 12, 5, 18, 0)),
    ("2026-12-05T18:00:30", dt.datetime(2026, 12, 5, 18, 0, 30)),
    (dt.datetime(2026, 12, 5, 18, 0), dt.datetime(2026, 12, 5, 18, 0)),
])
def test_date_accepts(value, cleaned):
    assert clean(Date(), value) == (cleaned, [])


@pytest.mark.parametrize("value", ["next friday", "05/12/2026", "2026-13-45", "2026-02-30", 20261205, ["2026-12-05"]])
def test_date_refuses(value):
    assert only_problem(Date(), value) == f"content/x.md: key: expected a date like 2026-12-05, got {format_got(value)}"


@pytest.mark.parametrize("value, seconds", [("3:41", 221), ("0:05", 5), ("12:00", 720), ("1:02:03", 3723),
                                            (" 3:41 ", 221), ("100:00", 6000)])
def test_duration_in_seconds(value, seconds):
    assert clean(Duration(), value) == (seconds, [])


@pytest.mark.parametrize("value", ["3:61", "1:60:00"])
def test_duration_over_sixty(value):
    assert only_problem(Duration(), value) == ('content/x.md: key: expected a duration like "3:41" with seconds '
                                                f'(and minutes after hours) below 60, got "{value}"')


@pytest.mark.parametrize("value", ["3m41s", "3:4", "3.41", 221, None, "-3:41"])
def test_duration_refuses_other_shapes(value):
    assert only_problem(Duration(), value) == \
        f'content/x.md: key: expected a duration like "3:41", got {format_got(value)}'


def test_colour_normalises_short_and_upper_case():
    assert clean(Colour(), "#FF3E7F") == ("#ff3e7f", [])
    assert clean(Colour(), "#F3a") == ("#ff33aa", [])
    for bad in ("ff3e7f", "#ff3e7", "pink", "#gggggg", 0xff3e7f):
        assert only_problem(Colour(), bad) == \
            f'content/x.md: key: expected a colour like "#ff3e7f", got {format_got(bad)}'


@pytest.mark.parametrize("value", ["night-drive", "a", "2026", "ep-2"])
def test_slug_accepts(value):
    assert clean(Slug(), value) == (value, [])


@pytest.mark.parametrize("value", ["../../etc", "Night-Drive", "night drive", "-night", "night-", "a/b", "x" * 81,
                                   "night_drive", "nıght"])
def test_slug_refuses(value):
    problem = only_problem(Slug(), value)
    assert problem.startswith("content/x.md: key: expected ")


# --- links -------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["https://open.spotify.com/album/x", "http://localhost:8000/api",
                                   "https://example.com/a?b=c#d", "  https://example.com  "])
def test_url_accepts_web_addresses(value):
    assert clean(Url(), value) == (value.strip(), [])


@pytest.mark.parametrize("value, scheme", [
    ("javascript:alert(1)", "javascript"), ("JaVaScRiPt:alert(1)", "javascript"),
    ("java\tscript:alert(1)", "javascript"), ("jav\x00ascript:alert(1)", "javascript"),
    (" \njavascript:alert(1)", "javascript"), ("data:text/html,<b>", "data"), ("vbscript:x", "vbscript"),
    ("file:///etc/passwd", "file"),
])
def test_url_refuses_code_running_schemes_even_where_contact_and_site_paths_are_allowed(value, scheme):
    for field in (Url(), Url(contact=True, relative=True)):
        assert only_problem(field, value) == (
            f"content/x.md: key: {scheme}: links are not allowed (they can run code in a fan's browser); "
            "expected a web address starting with https://")


@pytest.mark.parametrize("value, message", [
    ("https://exa mple.com", 'expected a web address without spaces or quotes, got "https://exa mple.com"'),
    ('https://x.com/"onmouseover', 'expected a web address without spaces or quotes, got "https://x.com/"onmouseover"'),
    ("https://[not-an-ipv6", 'expected a web address starting with https://, got "https://[not-an-ipv6"'),
    ("https://intranet/", 'expected a web address starting with https://, got "https://intranet/"'),
    ("www.example.com", 'expected a web address starting with https://, got "www.example.com"'),
    ("mailto:hi@example.com", 'expected a web address starting with https://, got "mailto:hi@example.com"'),
    ("/go/night-drive/", 'expected a web address starting with https://, got "/go/night-drive/"'),
    (42, "expected a web address starting with https://, got 42"),
])
def test_url_refuses(value, message):
    assert only_problem(Url(), value) == f"content/x.md: key: {message}"


def test_url_contact_and_relative_options():
    field = Url(contact=True, relative=True)
    for ok in ("mailto:hello@novalights.band?subject=Booking", "tel:+441234567", "/early/night-drive-demos/"):
        assert clean(field, ok) == (ok, [])
    for bad in ("mailto:", "//evil.example", "/../../etc/passwd"):
        assert only_problem(field, bad) == ("content/x.md: key: expected a web address starting with https:// or "
                                            f"mailto: or tel: or /, got \"{bad}\"")


@pytest.mark.parametrize("value", ["images/cover.jpg", "images/sub/Cover.PNG", "cover.webp"])
def test_image_path_accepts(value):
    assert clean(ImagePath(), value) == (value, [])


@pytest.mark.parametrize("value", ["../../secret.jpg", "/etc/passwd.jpg", "images/../../x.jpg", "\\\\server\\x.jpg",
                                   "C:/x.jpg", "images\\..\\..\\x.jpg", "https://example.com/x.jpg"])
def test_image_path_stays_inside_content(value):
    assert only_problem(ImagePath(), value) == \
        f"content/x.md: key: expected a path inside content/ (no leading /, no ..), got {format_got(value)}"


def test_image_path_must_be_a_picture():
    assert only_problem(ImagePath(), "images/cover.pdf") == \
        'content/x.md: key: expected a picture (.jpg, .jpeg, .png, .webp, .gif, .avif, .svg), got "images/cover.pdf"'


# --- containers --------------------------------------------------------------------------------

def test_list_of_reports_each_bad_entry_by_its_position():
    result, problems = clean(ListOf(Duration()), ["3:41", "3:99", "x"], "durations")
    assert result is INVALID
    assert problems == [
        'content/x.md: durations[2]: expected a duration like "3:41" with seconds (and minutes after hours) below 60, '
        'got "3:99"',
        'content/x.md: durations[3]: expected a duration like "3:41", got "x"']


def test_list_of_single_value_and_limits():
    assert clean(ListOf(Text(), allow_single=True), "synthwave") == (["synthwave"], [])
    assert only_problem(ListOf(Text()), "synthwave") == \
        "content/x.md: key: expected a list (lines starting with '- ') of text, got \"synthwave\""
    assert only_problem(ListOf(Text(), max_items=2), ["a", "b", "c"]) == \
        "content/x.md: key: expected at most 2 entries, got 3"


def test_record_reports_unknown_keys_with_did_you_mean_and_missing_required_keys():
    record = Record({"title": Text(required=True), "release_date": Date(), "tags": ListOf(Text())})
    result, problems = clean(record, {"relase_date": "2026-12-05", "colour": "red"}, "")
    assert result is INVALID
    assert problems == [
        "content/x.md: relase_date: unknown key; did you mean 'release_date'?",
        "content/x.md: colour: unknown key; expected one of: release_date, tags, title",
        "content/x.md: title: required key is missing: expected text",
    ]


def test_record_empty_required_key_is_reported_once():
    record = Record({"title": Text(required=True)})
    assert clean(record, {"title": None}, "") == (INVALID, ["content/x.md: title: expected text, got nothing"])


def test_record_defaults_and_empty_optional_keys():
    record = Record({"home": Choice(["hub", "links"], default="hub"), "cover": ImagePath()})
    assert clean(record, {"cover": None}, "") == ({"home": "hub"}, [])
    assert clean(record, {"home": "LINKS"}, "") == ({"home": "links"}, [])


def test_record_shorthand_and_custom_expected():
    curator = Record({"name": Text(required=True), "url": Url()}, shorthand="name", expected="a curator")
    assert clean(curator, "mara_k") == ({"name": "mara_k"}, [])
    assert only_problem(curator, ["mara_k"]) == "content/x.md: key: expected a curator, got a list"


def test_record_rules_run_only_once_the_keys_are_clean():
    calls = []

    def rule(item, key, report):
        calls.append(item)
        return report.error(join(key, "b"), "must differ from a") if item.get("a") == item.get("b") else None

    record = Record({"a": Text(), "b": Text()}, rules=[rule])
    assert clean(record, {"a": "x", "b": "x"}, "pair") == (INVALID, ["content/x.md: pair.b: must differ from a"])
    assert clean(record, {"a": [], "b": "x"}, "pair")[0] is INVALID
    assert len(calls) == 1


def test_record_refuses_non_mappings():
    assert only_problem(Record({}), "text") == 'content/x.md: key: expected a list of keys (a mapping), got "text"'


def test_map_of_checks_key_names_and_values():
    field = MapOf(Url())
    given = {"apple_music": "https://music.apple.com/x"}
    assert clean(field, given) == (given, [])
    result, problems = clean(field, {"Apple Music": "https://music.apple.com/x", "x": "nope"}, "links")
    assert problems == [
        "content/x.md: links.Apple Music: expected a name of lowercase letters, digits and _ (like apple_music)",
        'content/x.md: links.x: expected a web address starting with https://, got "nope"']


def test_one_of_uses_the_first_matching_shape():
    field = OneOf([(lambda v: isinstance(v, str), Text()), (lambda v: isinstance(v, dict), Record({"a": Text()}))],
                  "text or { a: ... }")
    assert clean(field, "x") == ("x", [])
    assert clean(field, {"a": "y"}) == ({"a": "y"}, [])
    assert only_problem(field, 3) == "content/x.md: key: expected text or { a: ... }, got 3"


def test_unknown_key_message():
    assert unknown_key_message("titel", ["title", "date"]) == "unknown key; did you mean 'title'?"
    assert unknown_key_message("zzz", ["title", "date"]) == "unknown key; expected one of: date, title"


# --- types/ --------------------------------------------------------------------------------

def test_every_content_folder_has_a_schema_requiring_a_title():
    assert set(FOLDERS) == {"releases", "stories", "playlists", "links", "pages", "early", "events", "polls",
                            "calls", "fans"}
    # content/fans/ is written by `fanzine approve`, not by the artist: a fan's credit, under its call's title
    for folder, schema in FOLDERS.items():
        if folder == "fans":
            continue
        assert schema.fields["title"].required


def test_timezone():
    assert clean(Timezone(), "America/New_York") == ("America/New_York", [])
    assert only_problem(Timezone(), "Mars/Olympus") == ('content/x.md: key: expected a timezone name like '
                                                        'Europe/London or America/New_York, got "Mars/Olympus"')
    assert only_problem(Timezone(), "../../etc/passwd").startswith("content/x.md: key: expected a timezone name")


def test_platform_links_normalise_and_check_hosts():
    field = PlatformLinks()
    assert clean(field, {"spotify": "https://open.spotify.com/album/x",
                         "nts": {"url": "https://www.nts.live/shows/x", "label": "NTS Radio"}}) == (
        {"spotify": {"url": "https://open.spotify.com/album/x"},
         "nts": {"url": "https://www.nts.live/shows/x", "label": "NTS Radio"}}, [])
    assert only_problem(field, {"apple_music": "https://open.spotify.com/album/x"}, "links") == \
        "content/x.md: links.apple_music: expected a music.apple.com URL, got https://open.spotify.com/album/x"
    assert only_problem(field, {"spotify": "https://open.spotify.com.evil.example/x"}, "links") == \
        "content/x.md: links.spotify: expected an open.spotify.com URL, got https://open.spotify.com.evil.example/x"
    # a subdomain of the service is the service
    assert clean(field, {"bandcamp": "https://novalights.bandcamp.com/album/x"})[1] == []
    # mastodon lives on any instance
    assert clean(field, {"mastodon": "https://mastodon.social/@nova"})[1] == []


def test_release_schema_end_to_end():
    release = {"title": "Night Drive", "type": "Single", "release_date": dt.date(2026, 12, 5),
               "tracks": ["Night Drive", {"title": "Instrumental", "duration": "3:41"}],
               "links": {"bandcamp": "https://novalights.bandcamp.com/album/night-drive"}, "player": "bandcamp",
               "tags": "synthwave", "bandcamp_id": 3247245728}
    cleaned, problems = clean(RELEASE, release, "")
    assert problems == []
    assert cleaned["type"] == "single"
    assert cleaned["tracks"] == [{"title": "Night Drive"}, {"title": "Instrumental", "duration": 221}]
    assert cleaned["tags"] == ["synthwave"]
    assert cleaned["bandcamp_id"] == "3247245728"


def test_playlist_curator_shorthand():
    cleaned, problems = clean(PLAYLIST, {"title": "P", "curator": "mara_k", "date": "2026-11-02",
                                         "tracks": [{"artist": "A", "title": "B"}]}, "")
    assert problems == []
    assert cleaned["curator"] == {"name": "mara_k"}


def test_link_page_entries():
    cleaned, problems = clean(LINK_PAGE, {"title": "Links", "links": [
        {"heading": "Tour"}, {"block": "Newsletter"}, {"label": "Mail", "url": "mailto:a@b.co", "until": "2026-12-05"},
        "just text"]}, "")
    assert problems == ['content/x.md: links[4]: expected a link { label: ..., url: ... }, a { block: ... } or a '
                        '{ heading: ... }, got "just text"']
    cleaned, problems = clean(LINK_PAGE, {"title": "Links", "links": [{"block": "newsletter"}]}, "")
    assert cleaned["featured"] == "none"
    assert only_problem(LINK_PAGE, {"title": "L", "featured": "newest", "links": []}, "") == \
        'content/x.md: featured: expected one of: latest, upcoming, none, releases/<file name>, got "newest"'


def test_artist_defaults():
    cleaned, problems = clean(ARTIST, {"name": "Nova Lights"}, "")
    assert problems == []
    assert cleaned == {"name": "Nova Lights", "theme": "minimal", "home": "hub", "timezone": "UTC", "language": "en",
                       "repository": "public", "stats": False}  # no accent: the theme's own, settled with the look


def test_discord_server_id_must_be_digits():
    discord = {"invite": "https://discord.gg/abc123", "server_id": "abc"}
    assert only_problem(ARTIST, {"name": "N", "discord": discord}, "") \
        == ('content/x.md: discord.server_id: expected a Discord server id of 17-20 digits, in quotes like '
            '"123456789012345678", got "abc"')
