"""`fanzine events rsvps <event>`: who said they are coming, as CSV for the newsletter tool.

The RSVPs are in the fan store the endpoint writes to (functions/rsvp.py);
this reads them the way `fanzine fans export` does (same store options, same
private file, same guard against spreadsheet formulas). `fanzine events
import` lives in commands/eventimport.py.
"""
from __future__ import annotations

import argparse
import csv
import difflib
import io
import sys
from pathlib import Path

from ..errors import FanzineError
from .fans import _cell, _open, _write_private

CSV_COLUMNS = ("email", "event", "consent", "rsvp_at")  # "email" first: what newsletter tools look for


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register `fanzine events …` on the main parser's subcommands."""
    events = commands.add_parser("events", help="export an event's RSVPs, or import events from a calendar")
    actions = events.add_subparsers(dest="action", required=True)
    rsvps = actions.add_parser("rsvps", help="the fans who said they are coming to one event, as CSV")
    rsvps.add_argument("event", help="the event's file name without .md, like night-drive-listening-party")
    rsvps.add_argument("--store", help="the fan store: a SQLite file or postgresql://… (default: FANZINE_STORE, "
                                       "else FANZINE_DB, else .fanzine-cache/signups.sqlite3)")
    rsvps.add_argument("--output", help="write to this file (default: the screen)")
    rsvps.set_defaults(run=command_rsvps)
    from .eventimport import add_command as add_import

    add_import(actions)


def command_rsvps(args) -> int:
    from functions.store import StoreError

    store = _open(args.store)
    try:
        rows = store.rsvps(args.event)
        others = sorted({rsvp.event for rsvp in store.rsvps()}) if not rows else []
    except StoreError as error:
        raise FanzineError(str(error)) from None
    finally:
        store.close()
    if not rows:
        close = difflib.get_close_matches(args.event, others, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else (
            f" Events with RSVPs: {', '.join(others)}." if others else "")
        raise FanzineError(f"No RSVPs for '{args.event}' in the fan store at {store.location}.{hint}")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for rsvp in rows:
        writer.writerow((_cell(rsvp.email), _cell(rsvp.event), "yes" if rsvp.consent else "no", rsvp.created_at))
    count = f"{len(rows):,} RSVP{'' if len(rows) == 1 else 's'} for {args.event}"
    if args.output:
        _write_private(Path(args.output), out.getvalue())
        print(f"Exported {count} to {args.output}.", file=sys.stderr)
    else:
        sys.stdout.write(out.getvalue())
        print(f"Exported {count}.", file=sys.stderr)
    return 0
