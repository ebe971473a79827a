"""Front matter: splitting a Markdown file and loading its YAML safely, with line numbers artists can use."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from fanzine.content.frontmatter import MAX_DEPTH, YamlProblem, load_file, load_yaml, split


def problem_of(text: str, first_line: int = 1) -> str:
    with pytest.raises(YamlProblem) as caught:
        load_yaml(text, first_line)
    return str(caught.value)


def test_split_returns_front_matter_body_and_no_problems():
    data, body, problems = split("---\ntitle: Night Drive\ntags: [synthwave]\n---\nThe notes.\n", "content/a.md")
    assert data == {"title": "Night Drive", "tags": ["synthwave"]}
    assert body == "The notes.\n"
    assert problems == []


@pytest.mark.parametrize("text", [
    "\ufeff---\ntitle: x\n---\nbody",              # saved with a byte-order mark
    "---\r\ntitle: x\r\n---\r\nbody",              # Windows line endings
    "---  \ntitle: x\n...\nbody",                  # YAML's own end marker
])
def test_split_accepts_editor_variations(text):
    data, body, problems = split(text, "content/a.md")
    assert (data, problems) == ({"title": "x"}, [])
    assert body.strip() == "body"


def test_split_empty_front_matter_is_an_empty_mapping():
    assert split("---\n---\nbody", "a.md") == ({}, "body", [])


def test_split_without_front_matter():
    data, body, problems = split("title: x\n", "content/a.md")
    assert data is None and body == "title: x\n"
    assert [str(p) for p in problems] == ["content/a.md: expected the file to start with front matter: a line '---', "
                                          "YAML keys like 'title: ...', then another '---'"]


@pytest.mark.parametrize("text, got", [("---\n- a\n- b\n---\n", "a list"), ("---\njust words\n---\n", "str"),
                                       ("---\n42\n---\n", "int")])
def test_split_front_matter_must_be_keys(text, got):
    data, _body, problems = split(text, "a.md")
    assert data is None
    assert [str(p) for p in problems] == [f"a.md: expected the front matter to be 'key: value' lines, got {got}"]


def test_split_counts_lines_from_the_top_of_the_file():
    _data, _body, problems = split("---\ntitle: Night Drive\nsummary: Out now: listen\n---\n", "content/a.md")
    assert [str(p) for p in problems] == [
        "content/a.md: YAML error at line 3, column 17: a value containing ': ' needs quotes around it: "
        'write it as summary: "Out now: listen"']


def test_split_counts_lines_after_a_byte_order_mark_too():
    _data, _body, problems = split("\ufeff---\ntitle: x\n  bad: indent\n---\n", "a.md")
    assert str(problems[0]).startswith("a.md: YAML error at line 3, ")


@pytest.mark.parametrize("typed, loaded", [
    ('"3:41"', "3:41"), ("3:41", "3:41"), ("1:02:03", "1:02:03"), ("190:00", "190:00"),   # not base-60 numbers
    ("2026-12-05", dt.date(2026, 12, 5)), ("2026-12-05 18:00:00", dt.datetime(2026, 12, 5, 18, 0)),
    ("2026-13-45", "2026-13-45"), ("2026-02-30", "2026-02-30"),   # impossible dates stay text for the schema
    ("yes", True), ("0o17", "0o17"), ("017", 15), ("1_000", 1000), ("~", None), ("3.5", 3.5),
])
def test_values_load_as_artists_mean_them(typed, loaded):
    assert load_yaml(f"value: {typed}") == {"value": loaded}


def test_empty_text_is_nothing():
    assert load_yaml("") is None
    assert load_yaml("# just a comment\n") is None


def test_python_objects_are_refused():
    message = problem_of("x: !!python/object/apply:os.system ['echo hi']")
    assert message.startswith("YAML error at line 1, column 4: ")


def test_mapping_value_hint():
    assert problem_of("title: Tour diary: Lisbon") == ("YAML error at line 1, column 18: a value containing ': ' needs "
                                                       'quotes around it: write it as title: "Tour diary: Lisbon"')


@pytest.mark.parametrize("text, line", [
    ("title: 夜のドライブ\nrelease_date：2026-12-18\ncover: images/a.jpg\n", 2),  # YAML notices it on line 3
    ("title: 夜\nlinks:\n  spotify: https://open.spotify.com/x\n  apple_music：https://music.apple.com/x\n"
     "type: single\n", 4),
])
def test_a_full_width_colon_is_named_on_its_own_line(text, line):
    key = text.splitlines()[line - 1].split("：")[0].strip()
    assert problem_of(text).startswith(f"YAML error at line {line}, column ")
    assert problem_of(text).endswith(f"{key} is followed by a full-width colon (：); write it with an ordinary "
                                     f"colon and a space: {key}: ...")


@pytest.mark.parametrize("text, where", [("tags:\n\t- a\n", "line 2, column 1"),
                                         ("a: b\n\tc: d\n", "line 2, column 1"),
                                         ("a:\n  - b\n\t- c\n", "line 3, column 1")])
def test_tabs_get_a_hint(text, where):
    message = problem_of(text)
    assert message.startswith(f"YAML error at {where}: ")
    assert message.endswith(" (indent with spaces, not tabs)")


def test_tabs_inside_a_value_are_fine():
    assert load_yaml("title:\tNight Drive\n") == {"title": "Night Drive"}


def test_line_numbers_start_at_first_line():
    assert problem_of("a: b\n  c: d\n", first_line=10).startswith("YAML error at line 11, column 4: ")


def test_a_key_given_twice_is_reported_with_both_lines():
    assert problem_of("title: A\ndate: 2026-01-01\ntitle: B\n", first_line=2) == \
        "title: given twice (line 2 and line 4); keep one"
    assert problem_of("tracks:\n  - { title: A, title: B }\n") == "title: given twice (line 2 and line 2); keep one"


def test_merge_keys_are_still_allowed():
    assert load_yaml("base: &b {label: Hi}\nlink:\n  <<: *b\n  url: https://example.com\n")["link"] == \
        {"label": "Hi", "url": "https://example.com"}


@pytest.mark.parametrize("character, line", [("\x00", 2), ("\x07", 2), ("\x1b", 2)])
def test_control_characters_are_named_with_their_line(character, line):
    assert problem_of(f"title: x\nsummary: a{character}b\n") == (
        f"line {line}: contains an invisible control character (U+{ord(character):04X}); delete it "
        "(such characters often come from copying text out of another app)")


def test_billion_laughs_fails_fast():
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"{n}: &{n} [{', '.join(['*' + p] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi", strict=True)]
    assert problem_of("\n".join(lines)) == ("the YAML expands to more than 50,000 values (repeated anchors/aliases?); "
                                            "write the values out plainly")


def test_aliases_that_stay_small_are_fine():
    assert load_yaml("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}


def test_recursive_alias_is_refused():
    assert problem_of("a: &x [*x]\n") == f"nested more than {MAX_DEPTH} levels deep; flatten it"


@pytest.mark.parametrize("text", [
    "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5),
    "a: " + "{b: " * (MAX_DEPTH + 5) + "1" + "}" * (MAX_DEPTH + 5),
    "a:\n" + "".join("  " * i + "-\n" for i in range(1, MAX_DEPTH + 5)),
])
def test_deep_nesting_is_refused(text):
    assert problem_of(text) == f"nested more than {MAX_DEPTH} levels deep; flatten it"


def test_nesting_within_the_limit_is_fine():
    depth = MAX_DEPTH - 2
    assert load_yaml("a: " + "[" * depth + "]" * depth) is not None


def test_very_deep_nesting_is_refused_without_crashing_the_interpreter():
    # libyaml's composer recurses in C: a hundred thousand '[' used to be a segfault, not a message
    code = ("from fanzine.content.frontmatter import load_yaml, YamlProblem\n"
            "try:\n    load_yaml('a: ' + '[' * 200000 + ']' * 200000)\n"
            "except YamlProblem as e:\n    print(e)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout) == (0, f"nested more than {MAX_DEPTH} levels deep; flatten it\n")


def test_two_megabyte_value_loads():
    assert len(load_yaml("title: " + "a" * 2_000_000)["title"]) == 2_000_000


def test_several_documents_are_refused():
    assert problem_of("a: 1\n---\nb: 2\n").startswith("YAML error at line 2, column 1: ")


def test_load_file_reads_utf8(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: Café Noir ☕\n---\nbody\n", encoding="utf-8")
    assert load_file(str(path), "content/a.md") == ({"title": "Café Noir ☕"}, "body\n", [])


def test_load_file_names_encoding_problems(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes("---\ntitle: Café\n---\n".encode("utf-16"))
    _data, _body, problems = load_file(str(path), "content/a.md")
    assert [str(p) for p in problems] == ["content/a.md: expected a UTF-8 text file; save it as UTF-8"]


def test_load_file_unreadable(tmp_path):
    _data, _body, problems = load_file(str(tmp_path / "missing.md"), "content/missing.md")
    assert [str(p) for p in problems] == ["content/missing.md: could not be read: No such file or directory"]
