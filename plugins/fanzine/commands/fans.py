"""`fanzine fans export|forget` and `fanzine store migrate`: the artist's own copy of what fans sent.

The artist owns the data: export every address with what it signed up for
(CSV for a spreadsheet, JSON for a program), erase one address from every
table when a fan asks, and move the whole store from SQLite to PostgreSQL.
Every failure is one sentence (a bad URL, a server that does not answer, a
missing file), never a traceback.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from ..errors import FanzineError

DEV_STORE = ".fanzine-cache/signups.sqlite3"  # where `make serve`'s endpoint keeps signups
CSV_COLUMNS = ("address", "consent", "kind", "for", "detail", "when")
# A cell a spreadsheet would run as a formula (OWASP "CSV injection"): an address may start with + - or =.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register `fanzine fans …` and `fanzine store …` on the main parser's subcommands."""
    store_help = "the fan store: a SQLite file or postgresql://… (default: FANZINE_STORE, else FANZINE_DB, " \
                 f"else {DEV_STORE})"
    fans = commands.add_parser("fans", help="export the fans' data, or erase one fan's")
    actions = fans.add_subparsers(dest="action", required=True)
    export = actions.add_parser("export", help="every address, its consent, what it signed up for and when")
    export.add_argument("--store", help=store_help)
    export.add_argument("--format", choices=["csv", "json"], default="csv")
    export.add_argument("--output", help="write to this file (default: the screen)")
    export.set_defaults(run=command_export)
    forget = actions.add_parser("forget", help="erase one address from every table, and say what was erased")
    forget.add_argument("address")
    forget.add_argument("--store", help=store_help)
    forget.set_defaults(run=command_forget)

    store = commands.add_parser("store", help="move the fan store")
    store_actions = store.add_subparsers(dest="action", required=True)
    migrate = store_actions.add_parser("migrate", help="copy a fan store into an empty one (SQLite to PostgreSQL)")
    migrate.add_argument("--from", dest="source", required=True, help="the store to copy (left as it is)")
    migrate.add_argument("--to", dest="target", required=True, help="an empty store (a new SQLite file is made)")
    migrate.set_defaults(run=command_migrate)


def _open(location: str | None, option: str = "--store", create: bool = False, prune: bool = True):
    """The store at `location` (or the default), or a FanzineError saying what is wrong with it."""
    from functions.store import StoreError, open_store, parse_store

    given = location is not None
    location = location or os.environ.get("FANZINE_STORE") or os.environ.get("FANZINE_DB") or DEV_STORE
    try:
        parsed = parse_store(location)
    except ValueError as error:
        raise FanzineError(f"{option}: {error}.") from None
    store = open_store(parsed, create=create)
    try:
        store.schema_version()  # connects (and migrates) now, so a problem is reported before any work
        if prune:
            store.prune()  # what is kept only for a while goes first (see docs/privacy.md)
    except StoreError as error:
        store.close()
        hint = "" if given else f" Say which store with {option} (the FANZINE_STORE your endpoint uses)."
        raise FanzineError(f"{error}{hint}") from None
    return store


def _store_errors(error: Exception) -> FanzineError:
    return FanzineError(str(error))


def command_export(args) -> int:
    from functions.store import StoreError

    store = _open(args.store)
    try:
        fans = _gather(store)
    except StoreError as error:
        raise _store_errors(error) from None
    finally:
        store.close()
    text = _as_json(fans, str(store.location)) if args.format == "json" else _as_csv(fans)
    held = {kind: sum(len(fan[kind]) for fan in fans.values()) for kind in ("signups", "votes", "rsvps", "submissions")}
    what = ", ".join(_count(held[kind], noun) for kind, noun in
                     (("signups", "signup"), ("votes", "vote"), ("rsvps", "RSVP"), ("submissions", "submission")))
    summary = f"{_count(len(fans), 'fan')} ({what}) from {store.location}"
    if args.output:
        _write_private(Path(args.output), text)
        print(f"Exported {summary} to {args.output}.", file=sys.stderr)
    else:
        sys.stdout.write(text)
        print(f"Exported {summary}.", file=sys.stderr)
    return 0


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _gather(store) -> dict[str, dict[str, list[dict]]]:
    """Everything tied to an address, by address (device votes and tap counts hold none)."""
    fans: dict[str, dict[str, list[dict]]] = {}

    def fan(address: str) -> dict[str, list[dict]]:
        return fans.setdefault(address, {"signups": [], "votes": [], "rsvps": [], "submissions": []})

    for signup in store.signups():
        fan(signup.email)["signups"].append(
            {"for": signup.page or "newsletter", "consent": signup.consent, "at": signup.created_at})
    for vote in store.votes():
        if vote.email:
            fan(vote.email)["votes"].append({"poll": vote.poll, "choice": vote.choice, "at": vote.created_at})
    for rsvp in store.rsvps():
        fan(rsvp.email)["rsvps"].append({"event": rsvp.event, "consent": rsvp.consent, "at": rsvp.created_at})
    for submission in store.submissions():
        if submission.email:
            fan(submission.email)["submissions"].append({
                "call": submission.call, "name": submission.name, "text": submission.text, "url": submission.url,
                "status": submission.status, "consent": submission.consent, "at": submission.created_at,
            })
    return dict(sorted(fans.items()))


def _as_json(fans: dict[str, dict[str, list[dict]]], where: str) -> str:
    exported = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    document = {"store": where, "exported_at": exported,
                "fans": [{"address": address, **records} for address, records in fans.items()]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _as_csv(fans: dict[str, dict[str, list[dict]]]) -> str:
    rows = []
    for address, records in fans.items():
        for signup in records["signups"]:
            rows.append((address, _yes(signup["consent"]), "signup", signup["for"], "", signup["at"]))
        for vote in records["votes"]:
            rows.append((address, "", "vote", vote["poll"], vote["choice"], vote["at"]))
        for rsvp in records["rsvps"]:
            rows.append((address, _yes(rsvp["consent"]), "rsvp", rsvp["event"], "", rsvp["at"]))
        for submission in records["submissions"]:
            rows.append((address, _yes(submission["consent"]), "submission", submission["call"],
                         submission["status"], submission["at"]))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(tuple(_cell(value) for value in row) for row in sorted(rows, key=lambda row: (row[0], row[5])))
    return out.getvalue()


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def _write_private(path: Path, text: str) -> None:
    """Write personal data readable by its owner only."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as out:
            out.write(text)
    except OSError as error:
        raise FanzineError(f"--output: could not write {path}: {error.strerror or error}.") from None


def command_forget(args) -> int:
    from functions.store import StoreError
    from functions.validation import normalise_email

    address = normalise_email(args.address.strip())
    if address.count("@") != 1 or address.startswith("@") or address.endswith("@"):
        raise FanzineError(f"ADDRESS: expected an email address like fan@example.com but received: {args.address!r}.")
    store = _open(args.store)
    try:
        deleted = store.forget(address)
    except StoreError as error:
        raise _store_errors(error) from None
    finally:
        store.close()
    total = sum(deleted.values())
    if not total:
        print(f"The fan store at {store.location} holds nothing for {address}: nothing to erase.")
    else:
        print(f"Erased {address} from the fan store at {store.location}:")
        for table, count in deleted.items():
            print(f"  {table:<12} {count:>6,} {'row' if count == 1 else 'rows'}")
        print(f"  {'total':<12} {total:>6,}")
    print("Newsletter providers (Buttondown, beehiiv) keep their own list: remove the address there too. "
          "Approved submissions already published live in content/fans/.")
    return 0


def command_migrate(args) -> int:
    from functions.store import StoreError, parse_store

    for option, value in (("--from", args.source), ("--to", args.target)):
        try:
            parse_store(value)
        except ValueError as error:
            raise FanzineError(f"{option}: {error}.") from None
    if parse_store(args.source).target == parse_store(args.target).target:
        raise FanzineError("--from and --to are the same store: give the new, empty store to --to.")
    source = _open(args.source, "--from", prune=False)  # copied exactly as it is
    target = None
    try:
        target = _open(args.target, "--to", create=True, prune=False)
        copied = target.load(source.dump())
    except StoreError as error:
        raise _store_errors(error) from None
    finally:
        source.close()
        if target is not None:
            target.close()
    print(f"Copied {source.location} to {target.location}; every count matches:")
    for table, count in copied.items():
        print(f"  {table:<12} {count:>8,}")
    print(f"Rate-limit counters are not copied: they last a minute. Now point the endpoint at the new store "
          f"(FANZINE_STORE={target.location}).")
    return 0
