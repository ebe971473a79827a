"""`fanzine stats`: what the cookieless counts say, as a table in the terminal and a local HTML report.

The counts come from the fan store (`taps`: day, page, target, count; see
functions/hits.py). Pages are the site's front doors (`/`, `/links/`,
`/releases/<slug>/`, `/go/<slug>/`) and the endpoint's own counts
(`early:<slug>` and `newsletter` for signups, `poll:<slug>` votes and
`event:<slug>` RSVPs); targets are `view`, `qr`,
`presave`, `link:<label>` and `service:<name>`. The report's charts are
inline SVG drawn here, each with its table beside it: no script, nothing
fetched, readable offline and with a screen reader.
"""
from __future__ import annotations

import argparse
import html
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from ..errors import FanzineError
from .fans import DEV_STORE, _open

DEFAULT_DAYS = 28
TOP_LINKS = 10
LINES = 5  # links drawn over time in the report
NOTHING_YET = ("No counts in {store} for {period}. Counting starts once artist.yml says stats: on and the site "
               "is published (see docs/stats.md).")


def add_command(commands: argparse._SubParsersAction) -> None:
    """Register `fanzine stats` on the main parser's subcommands."""
    stats = commands.add_parser("stats", help="what fans visit and tap (cookieless counts): a table, or an HTML "
                                              "report with --html")
    stats.add_argument("--store", help="the fan store: a SQLite file or postgresql://… (default: FANZINE_STORE, "
                                       f"else FANZINE_DB, else {DEV_STORE})")
    stats.add_argument("--days", type=int, default=DEFAULT_DAYS,
                       help=f"how many days up to today (default: {DEFAULT_DAYS}; 0: every day counted)")
    stats.add_argument("--as-of", help="the last day of the period (YYYY-MM-DD; default: today, UTC)")
    stats.add_argument("--html", metavar="FILE", help="also write a report with charts to this file (stats.html)")
    stats.set_defaults(run=command_stats)


@dataclass
class Stats:
    """The counts of a period, arranged the way artists ask about them."""

    first: date
    last: date
    by_day: dict[tuple[str, str], Counter] = field(default_factory=lambda: defaultdict(Counter))  # (page, target)
    totals: Counter = field(default_factory=Counter)  # (page, target) → count

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def doors(self) -> list[tuple[str, int, int, int]]:
        """(page, visits, taps, arrivals by QR) per front door, most visited first."""
        pages = {page for page, target in self.totals if page.startswith("/")}
        rows = []
        for page in pages:
            visits = self.totals[(page, "view")]
            qr = self.totals[(page, "qr")]
            taps = sum(n for (p, t), n in self.totals.items() if p == page and t not in ("view", "qr"))
            rows.append((page, visits, taps, qr))
        return sorted(rows, key=lambda row: (-row[1], -row[2], row[0]))

    def links(self) -> list[tuple[str, str, int]]:
        """(page, link, taps) of link pages' links, most tapped first."""
        rows = [(page, target[5:], n) for (page, target), n in self.totals.items() if target.startswith("link:")]
        return sorted(rows, key=lambda row: (-row[2], row[0], row[1]))

    def services(self) -> dict[str, Counter]:
        """Per release (the last part of its page's address), the services fans chose and pre-saves."""
        chosen: dict[str, Counter] = defaultdict(Counter)
        for (page, target), n in self.totals.items():
            if target.startswith("service:") or target == "presave":
                release = page.strip("/").rsplit("/", 1)[-1] or "home"
                chosen[release][target.removeprefix("service:")] += n
        return dict(sorted(chosen.items(), key=lambda item: (-sum(item[1].values()), item[0])))

    def signups(self) -> list[tuple[str, int]]:
        """(early-access page or "newsletter", signups), most first."""
        rows = [(page.removeprefix("early:"), n) for (page, target), n in self.totals.items() if target == "signup"]
        return sorted(rows, key=lambda row: (-row[1], row[0]))

    def answers(self) -> list[tuple[str, str, int]]:
        """(poll or event, "votes" or "RSVPs", how many) from the endpoint's own counts, most first."""
        nouns = {"vote": "votes", "rsvp": "RSVPs"}
        rows = [(page.partition(":")[2] or page, nouns[target], n) for (page, target), n in self.totals.items()
                if target in nouns]
        return sorted(rows, key=lambda row: (-row[2], row[0]))

    def weeks(self) -> list[tuple[date, int, int, int]]:
        """(Monday, visits, taps, signups) per week of the period."""
        weeks: dict[date, list[int]] = {}
        for day in self.days:
            weeks.setdefault(day - timedelta(days=day.weekday()), [0, 0, 0])
        for (_page, target), counts in self.by_day.items():
            # votes and RSVPs have their own table; an arrival by QR is a visit already counted as a view
            column = {"view": 0, "signup": 2, "qr": None, "vote": None, "rsvp": None}.get(target, 1)
            if column is None:
                continue
            for day, n in counts.items():
                weeks[day - timedelta(days=day.weekday())][column] += n
        return [(monday, visits, taps, signups) for monday, (visits, taps, signups) in sorted(weeks.items())]


def gather(rows, days: int, today: date) -> Stats:
    """Arrange the store's rows (TapCount) of the last `days` days up to `today` (0: every day counted)."""
    counted = [(date.fromisoformat(row.day), row) for row in rows]
    first = today - timedelta(days=days - 1) if days else min((day for day, _ in counted), default=today)
    stats = Stats(first=first, last=today)
    for day, row in counted:
        if first <= day <= today:
            stats.by_day[(row.page, row.target)][day] += row.count
            stats.totals[(row.page, row.target)] += row.count
    return stats


def command_stats(args) -> int:
    from functions.store import StoreError

    if args.days < 0:
        raise FanzineError(f"--days: expected 0 (every day) or a number of days, got {args.days}.")
    try:
        last = date.fromisoformat(args.as_of) if args.as_of else datetime.now(UTC).date()
    except ValueError:
        raise FanzineError(f"--as-of: expected a date like 2026-12-05, got {args.as_of!r}.") from None
    store = _open(args.store)
    try:
        rows = store.tap_counts()
    except StoreError as error:
        raise FanzineError(str(error)) from None
    finally:
        store.close()
    stats = gather(rows, args.days, last)
    print(table(stats, str(store.location)))
    if args.html:
        try:
            Path(args.html).write_text(report(stats, str(store.location)), encoding="utf-8")
        except OSError as error:
            raise FanzineError(f"--html: could not write {args.html}: {error.strerror or error}.") from None
        print(f"Wrote the report to {args.html}: open it in your browser.", file=sys.stderr)
    return 0


def _period(stats: Stats) -> str:
    count = len(stats.days)
    return f"{stats.first.isoformat()} to {stats.last.isoformat()} ({count} day{'s' if count != 1 else ''})"


def _share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


def table(stats: Stats, where: str) -> str:
    """The summary the terminal shows: front doors, top links, services per release, signups, weeks."""
    if not stats.totals:
        return NOTHING_YET.format(store=where, period=_period(stats))
    lines = [f"Fan stats from {where}, {_period(stats)}", ""]
    lines += _columns("Front doors", ("visits", "taps", "from QR", "taps per visit"),
                      [(page, v, t, q, _share(t, v)) for page, v, t, q in stats.doors()])
    if stats.links():
        lines += _columns("Top links", ("on page", "taps"),
                          [(link, page, n) for page, link, n in stats.links()[:TOP_LINKS]])
    if stats.services():
        lines += _columns("Services chosen per release", ("choices",),
                          [(release, " · ".join(f"{name} {n}" for name, n in chosen.most_common()))
                           for release, chosen in stats.services().items()])
    if stats.signups():
        lines += _columns("Signups per early-access drop", ("signups",), stats.signups())
    if stats.answers():
        lines += _columns("Votes and RSVPs", ("kind", "count"), stats.answers())
    lines += _columns("By week (from Monday)", ("visits", "taps", "signups"),
                      [(monday.isoformat(), v, t, s) for monday, v, t, s in stats.weeks()])
    return "\n".join(lines).rstrip()


def _columns(title: str, headings: tuple[str, ...], rows: list[tuple]) -> list[str]:
    """A titled table: the first column left-aligned, numbers right-aligned, text left-aligned."""
    cells = [[title, *headings]] + [[str(value) for value in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    numeric = [all(isinstance(row[i], int) or str(row[i]).endswith("%") or row[i] == "–" for row in rows)
               for i in range(len(cells[0]))]
    out = []
    for row in cells:
        parts = [row[0].ljust(widths[0])]
        parts += [cell.rjust(w) if num else cell.ljust(w) for cell, w, num in zip(row[1:], widths[1:], numeric[1:],
                                                                                   strict=True)]
        out.append("  ".join(parts).rstrip())
    return [*out, ""]


# --- the HTML report ---------------------------------------------------------------------------------------

STYLE = """
:root { color-scheme: light dark; --ink: #1d1b20; --soft: #5b5761; --paper: #fffdf9; --line: #d9d4dc;
  --a: #b0175a; --b: #2f6f9f; --c: #5d7f1f; --d: #8a5a00; --e: #6b4fa0; }
@media (prefers-color-scheme: dark) { :root { --ink: #f1edf3; --soft: #bdb6c2; --paper: #17151a; --line: #3d3842;
  --a: #ff7fb0; --b: #7fbfff; --c: #b4dc6e; --d: #f0b95a; --e: #c3a8ff; } }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem 1rem 3rem; font: 1rem/1.5 system-ui, sans-serif;
  color: var(--ink); background: var(--paper); }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.2rem; margin: 2.25rem 0 .5rem; }
p.lead { color: var(--soft); margin: 0 0 1rem; }
svg { display: block; width: 100%; height: auto; max-width: 46rem; overflow: visible; }
svg text { fill: var(--ink); font: 12px system-ui, sans-serif; } svg .soft { fill: var(--soft); }
svg .axis { stroke: var(--line); }
svg .s0 { fill: var(--a); stroke: var(--a); } svg .s1 { fill: var(--b); stroke: var(--b); }
svg .s2 { fill: var(--c); stroke: var(--c); } svg .s3 { fill: var(--d); stroke: var(--d); }
svg .s4 { fill: var(--e); stroke: var(--e); }
svg polyline[class] { fill: none; stroke-width: 2.5; }
figure { margin: 0; overflow-x: auto; } figure svg { min-width: 34rem; } th { white-space: nowrap; }
.key { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; padding: 0; margin: .5rem 0; }
.key span { display: inline-block; width: .8rem; height: .8rem; margin-right: .35rem; border-radius: 2px;
  vertical-align: -1px; }
.k0 { background: var(--a); } .k1 { background: var(--b); } .k2 { background: var(--c); }
.k3 { background: var(--d); } .k4 { background: var(--e); }
details { margin: .5rem 0 0; } summary { cursor: pointer; color: var(--soft); }
table { border-collapse: collapse; margin: .5rem 0; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid var(--line); padding: .25rem .75rem .25rem 0; text-align: left; }
td.n, th.n { text-align: right; }
"""
BAR_HEIGHT, GAP, LABEL_WIDTH, CHART_WIDTH = 18, 10, 190, 640


def report(stats: Stats, where: str) -> str:
    """The whole report as one HTML file: four charts, each followed by its table."""
    sections = [f"<h1>Fan stats</h1>\n<p class=\"lead\">{_e(where)}, {_e(_period(stats))}. Counted without cookies "
                "or identifying anyone: numbers per day, page and link.</p>"]
    if not stats.totals:
        sections.append(f"<p>{_e(NOTHING_YET.format(store=where, period=_period(stats)))}</p>")
    else:
        sections += [_links_over_time(stats), _doors(stats), _services(stats), _signups(stats)]
    body = "\n".join(section for section in sections if section)
    return (f"<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Fan stats</title>\n"
            f"<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n")


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _table(caption: str, headings: tuple[str, ...], rows: list[tuple]) -> str:
    number = ' class="n"'
    head = "".join(f"<th scope=\"col\"{number if i else ''}>{_e(h)}</th>" for i, h in enumerate(headings))
    body = "".join("<tr>" + "".join(
        f"<th scope=\"row\">{_e(cell)}</th>" if i == 0 else f"<td class=\"n\">{_e(cell)}</td>"
        for i, cell in enumerate(row)) + "</tr>\n" for row in rows)
    return (f"<details><summary>The numbers as a table</summary>\n<table>\n<caption>{_e(caption)}</caption>\n"
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n</details>")


def _section(number: int, title: str, summary: str, chart: str, key: str, table_html: str) -> str:
    return (f"<section aria-labelledby=\"chart-{number}\">\n<h2 id=\"chart-{number}\">{_e(title)}</h2>\n"
            f"<figure>\n{chart}\n{key}<figcaption class=\"lead\">{_e(summary)}</figcaption>\n</figure>\n{table_html}\n"
            "</section>")


def _key(names: list[str]) -> str:
    items = "".join(f"<li><span class=\"k{i % 5}\"></span>{_e(name)}</li>" for i, name in enumerate(names))
    return f"<ul class=\"key\">{items}</ul>\n"


def _svg(title: str, width: int, height: int, inner: str) -> str:
    return (f"<svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{_e(title)}\">"
            f"<title>{_e(title)}</title>\n{inner}</svg>")


def _bars(title: str, rows: list[tuple[str, list[int]]], series: int, zeros: bool = True) -> str:
    """Horizontal bars: one group per row, `series` bars per group, labelled with their numbers (0s too unless
    `zeros` is False: a service nobody chose for a release is simply not drawn)."""
    top = max((value for _, values in rows for value in values), default=0) or 1
    group = series * BAR_HEIGHT + GAP
    span = CHART_WIDTH - LABEL_WIDTH - 50
    parts = []
    for i, (label, values) in enumerate(rows):
        y = i * group
        parts.append(f"<text x=\"{LABEL_WIDTH - 8}\" y=\"{y + series * BAR_HEIGHT / 2 + 4:.0f}\" "
                     f"text-anchor=\"end\">{_e(label[:32])}</text>")
        for s, value in enumerate(values):
            if not value and not zeros:
                continue
            width = max(1.0, span * value / top) if value else 0
            by = y + s * BAR_HEIGHT
            parts.append(f"<rect class=\"s{s % 5}\" x=\"{LABEL_WIDTH}\" y=\"{by + 2}\" width=\"{width:.1f}\" "
                         f"height=\"{BAR_HEIGHT - 4}\" rx=\"2\"/><text x=\"{LABEL_WIDTH + width + 6:.1f}\" "
                         f"y=\"{by + BAR_HEIGHT / 2 + 4:.0f}\">{value}</text>")
    return _svg(title, CHART_WIDTH, max(group * len(rows), group), "\n".join(parts) + "\n")


def _links_over_time(stats: Stats) -> str:
    links = stats.links()[:LINES]
    if not links:
        return ""
    days = stats.days
    series = [[stats.by_day[(page, f"link:{link}")][day] for day in days] for page, link, _ in links]
    top = max(max(values) for values in series) or 1
    left, width, height, bottom = 40, CHART_WIDTH, 220, 30
    step = (width - left - 10) / max(1, len(days) - 1)
    base = height - bottom
    parts = [f"<line class=\"axis\" x1=\"{left}\" y1=\"{base}\" x2=\"{width - 10}\" y2=\"{base}\"/>",
             f"<text class=\"soft\" x=\"{left - 6}\" y=\"14\" text-anchor=\"end\">{top}</text>",
             f"<text class=\"soft\" x=\"{left - 6}\" y=\"{height - bottom + 4}\" text-anchor=\"end\">0</text>",
             f"<text class=\"soft\" x=\"{left}\" y=\"{height - 8}\">{days[0].isoformat()}</text>",
             f"<text class=\"soft\" x=\"{width - 10}\" y=\"{height - 8}\" "
             f"text-anchor=\"end\">{days[-1].isoformat()}</text>"]
    for s, values in enumerate(series):
        points = " ".join(f"{left + i * step:.1f},{(height - bottom) - (height - bottom - 10) * v / top:.1f}"
                          for i, v in enumerate(values))
        parts.append(f"<polyline class=\"s{s}\" points=\"{points}\"/>")
    names = [f"{link} ({page})" for page, link, _ in links]
    best = links[0]
    chart = _svg(f"Taps per day on the {len(links)} most tapped links", width, height, "\n".join(parts) + "\n")
    rows = [(day.isoformat(), *(values[i] for values in series)) for i, day in enumerate(days)]
    return _section(1, "Taps per link over time", f"Most tapped: {best[1]} on {best[0]}, {best[2]} taps.", chart,
                    _key(names), _table("Taps per day, per link", ("Day", *names), rows))


def _doors(stats: Stats) -> str:
    doors = stats.doors()
    rows = [(page, [visits, taps]) for page, visits, taps, _ in doors]
    chart = _bars("Visits and taps per front door", rows, 2)
    table_rows = [(page, v, t, q, _share(t, v)) for page, v, t, q in doors]
    total_v, total_t = sum(v for _, v, _, _ in doors), sum(t for _, _, t, _ in doors)
    return _section(2, "Visits to taps, per front door",
                    f"{total_v} visits, {total_t} taps ({_share(total_t, total_v)} taps per visit).", chart,
                    _key(["visits", "taps"]),
                    _table("Visits and taps per front door", ("Page", "Visits", "Taps", "From QR", "Taps per visit"),
                           table_rows))


def _services(stats: Stats) -> str:
    chosen = stats.services()
    if not chosen:
        return ""
    names = sorted({name for counts in chosen.values() for name in counts},
                   key=lambda name: (-sum(c[name] for c in chosen.values()), name))
    rows = [(release, [counts[name] for name in names]) for release, counts in chosen.items()]
    chart = _bars("Services fans choose, per release", rows, len(names), zeros=False)
    return _section(3, "Which services fans choose, per release",
                    f"{sum(sum(c.values()) for c in chosen.values())} choices on {len(chosen)} releases.", chart,
                    _key(names), _table("Choices per release", ("Release", *names),
                                        [(release, *values) for release, values in rows]))


def _signups(stats: Stats) -> str:
    signups = stats.signups()
    if not signups:
        return ""
    chart = _bars("Signups per early-access drop", [(drop, [n]) for drop, n in signups], 1)
    return _section(4, "Signups per early-access drop", f"{sum(n for _, n in signups)} signups.", chart,
                    _key(["signups"]), _table("Signups per drop", ("Drop", "Signups"), signups))
