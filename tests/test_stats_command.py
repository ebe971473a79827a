"""`fanzine stats`: the counts of a real store (both engines) as the terminal table and the HTML report."""
from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest

from conftest import fanzine
from functions.store import open_store

COUNTS = [  # (day, page, target, how many)
    ("2026-11-30", "/links/", "view", 10), ("2026-11-30", "/links/", "link:tickets", 4),
    ("2026-11-30", "/links/", "qr", 2), ("2026-12-01", "/links/", "view", 6),
    ("2026-12-01", "/links/", "link:merch", 1),
    ("2026-12-01", "/links/", "link:tickets", 2), ("2026-12-01", "/", "view", 5),
    ("2026-12-01", "/go/tape-one/", "view", 8), ("2026-12-01", "/go/tape-one/", "service:spotify", 5),
    ("2026-12-01", "/go/tape-one/", "service:bandcamp", 1), ("2026-12-01", "/releases/tape-one/", "service:spotify", 1),
    ("2026-12-02", "/go/tape-two/", "presave", 3), ("2026-12-02", "early:night-drive-demos", "signup", 2),
    ("2026-12-02", "newsletter", "signup", 1), ("2026-12-02", "poll:b-side", "vote", 4),
    ("2026-12-01", "event:lisbon", "rsvp", 2),
    ("2026-10-01", "/links/", "view", 99),  # outside the 28 days
]
TABLE = """\
Fan stats from {store}, 2026-11-05 to 2026-12-02 (28 days)

Front doors          visits  taps  from QR  taps per visit
/links/                  16     7        2             44%
/go/tape-one/             8     6        0             75%
/                         5     0        0              0%
/go/tape-two/             0     3        0               –
/releases/tape-one/       0     1        0               –

Top links  on page  taps
tickets    /links/     6
merch      /links/     1

Services chosen per release  choices
tape-one                     spotify 6 · bandcamp 1
tape-two                     presave 3

Signups per early-access drop  signups
night-drive-demos                    2
newsletter                           1

Votes and RSVPs  kind   count
b-side           votes      4
lisbon           RSVPs      2

By week (from Monday)  visits  taps  signups
2026-11-02                  0     0        0
2026-11-09                  0     0        0
2026-11-16                  0     0        0
2026-11-23                  0     0        0
2026-11-30                 29    17        3
"""


@pytest.fixture
def filled(store):
    fans = open_store(store.url)
    for day, page, target, times in COUNTS:
        for _ in range(times):
            fans.count_tap(page, target, date.fromisoformat(day))
    fans.close()
    return store


def test_the_table_answers_what_artists_ask(filled, tmp_path):
    result = fanzine("stats", "--store", filled.url, "--as-of", "2026-12-02", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == TABLE.format(store=filled.url if filled.engine == "sqlite" else
                                         re.sub(r"://([^:]*):[^@]*@", r"://\1:***@", filled.url))


def test_every_day_counted_with_days_0(filled, tmp_path):
    result = fanzine("stats", "--store", filled.url, "--as-of", "2026-12-02", "--days", "0", cwd=tmp_path)
    assert "2026-10-01 to 2026-12-02 (63 days)" in result.stdout
    assert re.search(r"/links/\s+115\s+7\s+2\s+6%", result.stdout)


class Report(HTMLParser):
    """The report's charts, tables and any reference to another file or host."""

    def __init__(self):
        super().__init__()
        self.svgs, self.tables, self.fetches, self.scripts = 0, 0, [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.svgs += tag == "svg" and attrs.get("role") == "img" and bool(attrs.get("aria-label"))
        self.tables += tag == "table"
        self.scripts += tag == "script"
        self.fetches += [value for name, value in attrs.items() if name in ("src", "href") and value]


def test_the_html_report_draws_four_charts_each_with_its_table(filled, tmp_path):
    result = fanzine("stats", "--store", filled.url, "--as-of", "2026-12-02", "--html", "stats.html", cwd=tmp_path)
    assert result.returncode == 0 and "Wrote the report to stats.html: open it in your browser." in result.stderr
    text = (tmp_path / "stats.html").read_text(encoding="utf-8")
    parsed = Report()
    parsed.feed(text)
    assert (parsed.svgs, parsed.tables, parsed.scripts, parsed.fetches) == (4, 4, 0, [])
    for heading in ("Taps per link over time", "Visits to taps, per front door",
                    "Which services fans choose, per release", "Signups per early-access drop"):
        assert f">{heading}</h2>" in text
    assert "<th scope=\"row\">night-drive-demos</th><td class=\"n\">2</td>" in text
    assert "Most tapped: tickets on /links/, 6 taps." in text


def test_an_empty_store_says_how_counting_starts(store, tmp_path):
    fans = open_store(store.url)
    fans.schema_version()  # made, migrated, no counts yet
    fans.close()
    result = fanzine("stats", "--store", store.url, "--as-of", "2026-12-02", "--html", "s.html", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("No counts in ")
    assert result.stdout.rstrip().endswith("for 2026-11-05 to 2026-12-02 (28 days). Counting starts once artist.yml "
                                           "says stats: on and the site is published (see docs/stats.md).")
    assert "Counting starts once artist.yml says stats: on" in (tmp_path / "s.html").read_text()


@pytest.mark.parametrize("args, message", [
    (["--days", "-3"], "--days: expected 0 (every day) or a number of days, got -3.\n"),
    (["--as-of", "someday"], "--as-of: expected a date like 2026-12-05, got 'someday'.\n"),
])
def test_mistakes_are_one_sentence(tmp_path, args, message):
    result = fanzine("stats", "--store", str(tmp_path / "s.sqlite3"), *args, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, message)
