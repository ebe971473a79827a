"""`fanzine polls results`: the counts of closed polls, from the fan store into content/polls/<poll>.results.yml.

The build never reads the store: results are published by writing them into
a content file the artist can read, commit and correct. Only what the poll
itself allows is counted: its own choices, votes of its kind (by address for
`vote: email`, by browser for `vote: device`) and votes cast while it was open
(from `opens` to the end of `closes`, in the artist's timezone).
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from zoneinfo import ZoneInfo

import yaml

from ..content.check import check_site
from ..early.environment import build_environment
from ..errors import FanzineError
from ..types import polls as poll_type
from .fans import DEV_STORE, _open

HEADER = ("# Written by `fanzine polls results` from the fan store. The next build shows these counts on the\n"
          "# poll's page. Keep the choice ids; correct a count only if you know it is wrong.\n")


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register `fanzine polls results`."""
    polls = commands.add_parser("polls", help="publish the results of closed polls")
    actions = polls.add_subparsers(dest="action", required=True)
    results = actions.add_parser("results", help="write each closed poll's counts next to it "
                                                 "(content/polls/<poll>.results.yml)")
    results.add_argument("--content", default="content")
    results.add_argument("--store", help=f"the fan store (default: FANZINE_STORE, else {DEV_STORE})")
    results.add_argument("--as-of", help="count the polls closed by this date (YYYY-MM-DD)")
    results.add_argument("--again", action="store_true", help="write results already written again")
    results.add_argument("--if-configured", action="store_true",
                         help="do nothing (and say so) unless a store is given or FANZINE_STORE is set, also in "
                              "FANZINE_SECRETS: what the daily workflow runs")
    results.set_defaults(run=command_results)


def window(poll: dict, zone: ZoneInfo) -> tuple[dt.datetime | None, dt.datetime]:
    """When a poll took votes, as aware times: from the start of `opens` to the end of `closes` (or its time)."""
    def moment(value, end: bool) -> dt.datetime:
        if isinstance(value, dt.datetime):
            value = value if value.tzinfo else value.replace(tzinfo=zone)
            # "closes: 2026-11-30 23:59" takes votes through the last second of that minute
            return value + dt.timedelta(seconds=59) if end and value.second == 0 else value
        day = dt.datetime.combine(value, dt.time.max if end else dt.time.min)
        return day.replace(tzinfo=zone)

    opens = poll.get("opens")
    return (moment(opens, False) if opens is not None else None), moment(poll["closes"], True)


def timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def count(poll: dict, votes: list, zone: ZoneInfo, slug: str) -> dict[str, int]:
    """The poll's counts: its choices, its kind of vote, its window; every choice listed (zero included)."""
    opens, closes = window(poll, zone)
    # The store's times are ISO 8601 UTC text of one width: compared as text, in the same form.
    first = timestamp(opens) if opens is not None else ""
    last = timestamp(closes)
    by_email = poll.get("vote", "email") == "email"
    counts = {choice["id"]: 0 for choice in poll["choices"]}
    for vote in votes:
        if vote.poll == slug and vote.choice in counts and (vote.email is not None) == by_email \
                and first <= vote.created_at <= last:
            counts[vote.choice] += 1
    return counts


def results_text(counts: dict[str, int], written: dt.date) -> str:
    """The results file: every value written by the YAML dumper, never by string formatting."""
    data = {"counts": counts, "total": sum(counts.values()), "written": written.isoformat()}
    return HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def configured_store(given: str | None) -> str | None:
    """--store, else FANZINE_STORE from the environment or from the FANZINE_SECRETS bundle (the workflow's)."""
    return given or build_environment().get("FANZINE_STORE")


def command_results(args) -> int:
    from functions.store import StoreError

    location = configured_store(args.store)
    if args.if_configured and not location:
        print("No fan store configured (FANZINE_STORE): poll results are not written.")
        return 0

    settings = {"FANZINE_AS_OF": args.as_of} if args.as_of else {}
    site = check_site(args.content, settings=settings, purpose="check")
    errors = [problem for problem in site.errors if "polls/" in problem.path.replace("\\", "/")]
    if errors:
        raise FanzineError("Fix the polls first:\n" + "\n".join(str(problem) for problem in errors))
    zone = ZoneInfo(site.artist.get("timezone") or "UTC")
    today = site.today or dt.date.today()  # the check always works the day out
    closed = {slug: poll for slug, poll in site.items.get("polls", {}).items()
              if poll_type.state(poll, today) == "closed" and poll.get("results", "after-close") != "hidden"}
    if not closed:
        print(f"No poll has closed by {today.isoformat()}: nothing to write.")
        return 0
    store = _open(location)
    try:
        votes = store.votes()
    except StoreError as error:
        raise FanzineError(str(error)) from None
    finally:
        store.close()
    for slug, poll in sorted(closed.items()):
        target = poll_type.results_path(poll["_file"])
        if target.exists() and not args.again:
            print(f"{poll['_path']}: results already written in {target.name} (use --again to count again)")
            continue
        counts = count(poll, votes, zone, slug)
        target.write_text(results_text(counts, today), encoding="utf-8")
        total = sum(counts.values())
        print(f"{poll['_path']}: {total:,} {'vote' if total == 1 else 'votes'} written to {target.name}",
              file=sys.stdout)
    return 0
