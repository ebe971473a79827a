"""Calendar files follow RFC 5545 to the octet: TEXT escaped (a bare CR too), lines folded at 75 octets, CRLF ends.

The finding: a bare CR in a release title went unescaped into release.ics,
where it ends the line early for some calendar apps and makes the file invalid.
"""
from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from fanzine.outputs.ics import escape, fold, release_day_event
from fixture_sites import SITEURL, build, make_project


@pytest.mark.parametrize("text, escaped", [
    ("Night Drive", "Night Drive"),
    ("a;b,c\\d", "a\\;b\\,c\\\\d"),
    ("one\r\ntwo", "one\\ntwo"),
    ("one\ntwo", "one\\ntwo"),
    ("one\rtwo", "one\\ntwo"),             # a bare carriage return
    ("one\r\rtwo", "one\\n\\ntwo"),
    ("tab\tkept", "tab\tkept"),           # TEXT may hold a tab
    ("bell\x07gone\x00\x1b\x7f", "bellgone"),  # but no other control character
    ("naïve démo 🎹", "naïve démo 🎹"),
])
def test_text_is_escaped_as_rfc_5545_says(text, escaped):
    assert escape(text) == escaped


def test_folding_never_splits_a_character_and_keeps_75_octets():
    line = "DESCRIPTION:" + escape("é🎹," * 60)
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join([parts[0]] + [part[1:] for part in parts[1:]]) == line


def test_a_whole_event_has_only_crlf_line_ends():
    event = release_day_event(uid="release-x@example.com", day=dt.date(2025, 5, 1), summary="A\rB\nC",
                              description="x" * 200, url="https://example.com/releases/x/", stamp=dt.date(2025, 4, 1))
    data = event.encode("utf-8")
    assert data.count(b"\r") == data.count(b"\r\n") == data.count(b"\n")
    assert "SUMMARY:A\\nB\\nC\r\n" in event


def test_carriage_return_in_a_title_is_escaped_in_release_ics(tmp_path):
    project = make_project(tmp_path / "project", {
        "releases/cr.md": '---\ntitle: "Night\\rDrive, part; one\\\\two"\ntype: single\nrelease_date: 2025-05-01\n'
                          'summary: "Recorded in one night: the whole take, with a long summary that folds over '
                          'several lines of the calendar file, naïvely."\n---\nNotes.\n'})
    result = build(project)
    assert result.returncode == 0, result.stderr
    data = (project / "output/releases/cr/release.ics").read_bytes()
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\r" not in line and b"\n" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Night\nDrive, part; one\\two by Ada Quarry is out"
    assert str(event["DESCRIPTION"]).endswith(f"naïvely. {SITEURL}/releases/cr/")
