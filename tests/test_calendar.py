"""What day the site is built for, and when scheduled things show: `from` inclusive, `until` exclusive."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from fanzine.content.today import as_of, day_of, is_live
from fanzine.errors import FanzineError

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
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"):  # UTC+14 and UTC-11: often different days
        before = dt.datetime.now(ZoneInfo(zone)).date()
        today = as_of({"TIMEZONE": zone})
        assert today in (before, dt.datetime.now(ZoneInfo(zone)).date())
    assert as_of({}) in (dt.datetime.now(ZoneInfo("UTC")).date() - dt.timedelta(days=1),
                         dt.datetime.now(ZoneInfo("UTC")).date())


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
