"""`fanzine events import FILE.ics` and `fanzine events rsvps <event>`, run as an artist runs them.

The calendars in tests/data/calendars/ are written by hand in the shape each service exports: Bandsintown
(UTC times, "Artist @ Venue", the event page as URL), Songkick (all-day dates, a cancellation), Google
Calendar (a VTIMEZONE block with TZID times on both sides of New York's DST change, a floating time, a Meet
link as the location, and a weekly RRULE). Every written file must pass `fanzine check`; a second import
changes nothing, and a changed calendar updates only the keys the import owns.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, fanzine
from fanzine.commands.eventimport import new_path
from fanzine.content import frontmatter
from fanzine.content.check import check_site
from functions.store import open_store, parse_store

CALENDARS = ROOT / "tests" / "data" / "calendars"


@pytest.fixture
def hub(tmp_path) -> Path:
    content = tmp_path / "content"
    content.mkdir()
    (content / "artist.yml").write_text("name: Ada Quarry\ntimezone: Europe/Berlin\n", encoding="utf-8")
    return tmp_path


def run_import(hub: Path, name: str, source: Path | None = None):
    result = fanzine("events", "import", str(source or CALENDARS / f"{name}.ics"), cwd=hub)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def front(hub: Path, name: str) -> dict:
    data, _, problems = frontmatter.load_file(str(hub / "content/events" / name), name)
    return data


def test_every_export_imports_into_files_that_pass_the_check(hub, monkeypatch):
    for name in ("bandsintown", "songkick", "google"):
        run_import(hub, name)
    written = sorted(p.name for p in (hub / "content/events").glob("*.md"))
    assert written == ["ada-quarry-at-cafe-oto-cancelled-2026-06-05.md", "ada-quarry-conne-island-2026-04-18.md",
                       "ada-quarry-in-brooklyn-2026-03-08.md", "ada-quarry-molotow-2026-05-02.md",
                       "listening-night-at-the-record-shop-2026-03-20.md",
                       "quarry-sounds-festival-2026-2026-07-11.md", "tape-two-premiere-q-a-2026-03-07.md"]
    monkeypatch.chdir(hub)
    assert [str(p) for p in check_site("content").problems] == []


@pytest.mark.parametrize("title, name", [
    ("Концерт в Клубе", "kontsert-v-klube-2026-04-18.md"),  # spelled in Latin letters, as `make new-...` does
    ("Wrocław Live", "wroclaw-live-2026-04-18.md"),
    ("🎸🎸", "event-2026-04-18.md"),  # nothing to spell: still a file of its own
])
def test_a_show_s_file_name_comes_from_its_title_in_any_script(tmp_path, title, name):
    assert new_path(tmp_path, {"title": title, "starts": "2026-04-18T20:00:00"}) == tmp_path / name


def test_bandsintown_utc_times_land_in_the_artists_zone(hub):
    run_import(hub, "bandsintown")
    show = front(hub, "ada-quarry-conne-island-2026-04-18.md")
    assert show == {"title": "Ada Quarry @ Conne Island", "starts": "2026-04-18 21:00", "ends": "2026-04-19 00:00",
                    "where": {"venue": "Conne Island", "city": "Leipzig", "address": "Koburger Str. 3",
                              "country": "DE"},
                    "tickets": "https://www.bandsintown.com/e/104829371-ada-quarry-at-conne-island",
                    "uid": "bit-event-104829371@bandsintown.com"}


def test_songkick_all_day_dates_and_a_cancellation(hub):
    run_import(hub, "songkick")
    festival = front(hub, "quarry-sounds-festival-2026-2026-07-11.md")
    assert (festival["starts"], festival["ends"]) == ("2026-07-11", "2026-07-12")  # DTEND is the day after
    cancelled = front(hub, "ada-quarry-at-cafe-oto-cancelled-2026-06-05.md")
    assert cancelled["status"] == "cancelled"
    assert cancelled["where"] == {"venue": "Cafe Oto", "city": "London", "address": "18-22 Ashwin Street",
                                  "country": "GB"}


def test_google_tzid_times_keep_their_zone_on_both_sides_of_dst(hub):
    out = run_import(hub, "google")
    before = front(hub, "tape-two-premiere-q-a-2026-03-07.md")
    assert (before["starts"], before["ends"], before["timezone"]) == ("2026-03-07 21:00", "2026-03-07 22:30",
                                                                       "America/New_York")
    assert before["where"] == {"online": "https://meet.google.com/abc-defg-hij"} and before["kind"] == "livestream"
    after = front(hub, "ada-quarry-in-brooklyn-2026-03-08.md")
    assert (after["starts"], after["timezone"]) == ("2026-03-08 21:00", "America/New_York")
    assert after["where"]["city"] == "Brooklyn"
    floating = front(hub, "listening-night-at-the-record-shop-2026-03-20.md")
    assert floating["starts"] == "2026-03-20 20:00" and "timezone" not in floating  # the artist's zone
    assert "Left out 'Monday tape stream': it repeats (RRULE); add each date as its own event" in out
    body = (hub / "content/events/tape-two-premiere-q-a-2026-03-07.md").read_text(encoding="utf-8")
    assert body.endswith("---\nLive Q&A after the tape premiere.\nBring questions!\n")


def test_importing_again_changes_nothing(hub):
    for name in ("bandsintown", "songkick", "google"):
        run_import(hub, name)
    before = {p.name: p.read_bytes() for p in (hub / "content/events").glob("*.md")}
    out = run_import(hub, "google")
    assert "3 events from" in out and "0 new, 0 updated, 3 unchanged, 1 left out" in out
    assert {p.name: p.read_bytes() for p in (hub / "content/events").glob("*.md")} == before


def test_a_changed_calendar_updates_only_what_the_import_owns(hub, tmp_path):
    run_import(hub, "bandsintown")
    path = hub / "content/events/ada-quarry-molotow-2026-05-02.md"
    artist_edit = path.read_text(encoding="utf-8").replace(
        "uid:", "kind: show\nrsvp: false\nreleases: [tape-two]\nuid:") + "Support from Kiesel. 16+.\n"
    path.write_text(artist_edit, encoding="utf-8")
    moved = tmp_path / "moved.ics"
    moved.write_text((CALENDARS / "bandsintown.ics").read_text(encoding="utf-8")
                     .replace("DTSTART:20260502T180000Z", "DTSTART:20260503T190000Z\nSTATUS:CANCELLED")
                     .replace("Molotow, Hamburg", "Molotow Club, Hamburg"), encoding="utf-8")
    out = run_import(hub, "moved", moved)
    assert "0 new, 1 updated, 1 unchanged" in out
    assert sorted(p.name for p in (hub / "content/events").glob("*.md")) == [
        "ada-quarry-conne-island-2026-04-18.md", "ada-quarry-molotow-2026-05-02.md"]  # never a duplicate
    data = front(hub, "ada-quarry-molotow-2026-05-02.md")
    assert data["starts"] == "2026-05-03 21:00" and data["status"] == "cancelled"
    assert data["where"]["venue"] == "Molotow Club"
    assert (data["kind"], data["rsvp"], data["releases"]) == ("show", False, ["tape-two"])
    assert path.read_text(encoding="utf-8").endswith("---\nSupport from Kiesel. 16+.\n")


@pytest.mark.parametrize("text, message", [
    ("not a calendar", "not an iCalendar file"),
    ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "holds no events (no VEVENT); export the calendar with "
                                                           "its events."),
])
def test_a_file_that_is_not_a_calendar_gets_one_sentence(hub, tmp_path, text, message):
    bad = tmp_path / "bad.ics"
    bad.write_text(text, encoding="utf-8")
    result = fanzine("events", "import", str(bad), cwd=hub)
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr


def test_rsvps_export_as_csv_for_the_newsletter_tool(tmp_path):
    location = tmp_path / "fans.sqlite3"
    store = open_store(parse_store(str(location)), create=True)
    store.add_rsvp("listening-party", "Walker@Example.org")
    store.add_rsvp("listening-party", "=cmd@example.org")
    store.add_rsvp("glasgow-show", "other@example.org")
    store.close()
    result = fanzine("events", "rsvps", "listening-party", "--store", str(location), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "email,event,consent,rsvp_at"
    assert [line.rsplit(",", 1)[0] for line in lines[1:]] == ["walker@example.org,listening-party,yes",
                                                              "'=cmd@example.org,listening-party,yes"]
    assert result.stderr.strip() == "Exported 2 RSVPs for listening-party."
    out = tmp_path / "party.csv"
    assert fanzine("events", "rsvps", "listening-party", "--store", str(location), "--output", str(out),
                   cwd=tmp_path).returncode == 0
    assert out.stat().st_mode & 0o777 == 0o600
    missing = fanzine("events", "rsvps", "listening-partey", "--store", str(location), cwd=tmp_path)
    assert missing.returncode == 1
    assert f"No RSVPs for 'listening-partey' in the fan store at {location}. Did you mean 'listening-party'?" \
        in missing.stderr


def test_the_example_hub_files_are_untouched(hub):
    shutil.copytree(ROOT / "examples/nova-lights/events", hub / "content/events")
    before = {p.name: p.read_bytes() for p in (hub / "content/events").glob("*.md")}
    run_import(hub, "bandsintown")
    assert all((hub / "content/events" / name).read_bytes() == data for name, data in before.items())
