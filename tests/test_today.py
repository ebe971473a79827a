"""content/today.py: what day the site is built for (one day for the check and the build alike), and when
scheduled things show: `from` inclusive, `until` exclusive."""
from __future__ import annotations

import datetime as dt

import pytest

from fanzine.commands.cli import main
from fanzine.content import today
from fanzine.content.check import check_site
from fanzine.content.today import as_of, build_day, day_of, is_live
from fanzine.errors import FanzineError, display_path
from fixture_sites import make_project

DAY = dt.date(2026, 12, 5)


def test_as_of_from_settings(monkeypatch):
    monkeypatch.delenv("FANZINE_AS_OF", raising=False)
    assert as_of({"FANZINE_AS_OF": "2026-12-05"}) == DAY


def test_as_of_from_the_environment(monkeypatch):
    monkeypatch.setenv("FANZINE_AS_OF", " 2026-12-05 ")
    assert as_of({}) == DAY


def test_settings_win_over_the_environment(monkeypatch):
    monkeypatch.setenv("FANZINE_AS_OF", "2030-01-01")
    assert as_of({"FANZINE_AS_OF": "2026-12-05"}) == DAY


@pytest.mark.parametrize("typed", ["next friday", "05/12/2026", "2026-13-01", "2026-12-5x"])
def test_a_bad_as_of_is_a_sentence(monkeypatch, typed):
    monkeypatch.delenv("FANZINE_AS_OF", raising=False)
    with pytest.raises(FanzineError) as caught:
        as_of({"FANZINE_AS_OF": typed})
    assert str(caught.value) == f'AS_OF: expected a date like 2026-12-05, got "{typed}"'


def test_without_as_of_it_is_today_in_the_site_timezone(monkeypatch):
    monkeypatch.delenv("FANZINE_AS_OF", raising=False)
    monkeypatch.setattr(today, "clock", lambda: dt.datetime(2026, 12, 4, 11, 30, tzinfo=dt.UTC))
    assert as_of({"TIMEZONE": "Pacific/Kiritimati"}) == dt.date(2026, 12, 5)  # UTC+14: already tomorrow
    assert as_of({"TIMEZONE": "Pacific/Pago_Pago"}) == dt.date(2026, 12, 4)  # UTC-11
    assert as_of({}) == dt.date(2026, 12, 4)
    assert as_of({"TIMEZONE": "UTC"}, timezone="Pacific/Auckland") == dt.date(2026, 12, 5)  # artist.yml's wins


def test_the_build_uses_the_day_the_check_worked_out(monkeypatch):
    monkeypatch.setattr(today, "clock", lambda: dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    assert build_day({"FANZINE_TODAY": DAY, "TIMEZONE": "UTC"}) == DAY
    assert build_day({"TIMEZONE": "UTC"}) == dt.date(2030, 1, 1)  # a build without the check works it out


AUCKLAND = "name: Kiri Moana\naccent: \"#2a7f62\"\ntimezone: Pacific/Auckland\n"
AT_MIDNIGHT = {  # 11:30 UTC on 4 December is 00:30 on 5 December in Auckland (NZDT, UTC+13)
    "releases/tide.md": "---\ntitle: Tide\ntype: single\nrelease_date: 2026-12-05\n---\nOut at midnight.\n",
    "stories/a-year-on.md": "---\ntitle: A year on\ndate: 2027-12-05\n---\nOne year after today.\n",
    "stories/a-year-and-a-day.md": "---\ntitle: A year and a day\ndate: 2027-12-06\n---\nA typo?\n",
    "links/index.md": "---\ntitle: Links\nlinks:\n  - { label: Tide, url: /releases/tide/ }\n---\n",
}


def test_check_and_build_agree_at_the_artists_midnight(tmp_path, monkeypatch):
    """Just past midnight in Auckland, still the day before in UTC: the check's date warning and the release
    flipping to out both go by the artist's day (before, the check went by UTC: a story dated a year from the
    artist's today was called too far ahead, while the build already showed the release as out)."""
    monkeypatch.setattr(today, "clock", lambda: dt.datetime(2026, 12, 4, 11, 30, tzinfo=dt.UTC))
    monkeypatch.delenv("FANZINE_AS_OF", raising=False)
    project = make_project(tmp_path / "hub", AT_MIDNIGHT, artist=AUCKLAND, base=False)
    site = check_site(project / "content")
    assert site.today == dt.date(2026, 12, 5)
    story = display_path(project / "content" / "stories" / "a-year-and-a-day.md")
    assert [str(p) for p in site.problems] == [
        f"{story}: date: warning: 2027-12-06 is more than a year after today (2026-12-05); is the year right? "
        "The story is published now and listed as the newest until then"]
    monkeypatch.chdir(project)
    monkeypatch.syspath_prepend(str(project / "plugins"))
    assert main(["build", "--quiet"]) == 0
    page = (project / "output" / "releases" / "tide" / "index.html").read_text(encoding="utf-8")
    assert '<strong class="badge">Out now</strong>' in page and "Released <time datetime=\"2026-12-05\">" in page
def test_day_of():
    assert day_of(dt.datetime(2026, 12, 5, 23, 59)) == DAY
    assert day_of(DAY) == DAY


@pytest.mark.parametrize("window, today, live", [
    ({}, DAY, True),
    ({"from": DAY}, DAY, True),                                  # from: inclusive
    ({"from": DAY}, DAY - dt.timedelta(days=1), False),
    ({"until": DAY}, DAY, False),                                # until: exclusive (hidden from that day on)
    ({"until": DAY}, DAY - dt.timedelta(days=1), True),
    ({"from": DAY, "until": DAY + dt.timedelta(days=1)}, DAY, True),
    ({"from": DAY, "until": DAY + dt.timedelta(days=1)}, DAY + dt.timedelta(days=1), False),
    ({"from": DAY, "until": DAY}, DAY, False),
    ({"until": dt.datetime(2026, 12, 5, 18, 0)}, DAY, False),      # a time on the day still ends that day
    ({"from": dt.datetime(2026, 12, 5, 18, 0)}, DAY, True),
    ({"from": None, "until": None}, DAY, True),
])
def test_is_live_boundaries(window, today, live):
    assert is_live(window, today) is live
