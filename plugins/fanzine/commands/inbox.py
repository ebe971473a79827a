"""`fanzine inbox`, `fanzine approve ID…`, `fanzine reject ID…`: the artist reviews what fans sent.

Nothing a fan sends is published until it is approved here (or on the dev
server's inbox page, which calls the same functions). Approving writes the
submission into content/fans/<call>/<number>.md, every value written by the
YAML dumper (never by string formatting, so no name or text can change the
file's structure), checked again with the fans schema first; the next build
publishes it with the fan's credit. Rejected submissions are deleted from the
store 30 days later.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..content.schema import INVALID, Report
from ..errors import FanzineError
from ..types.fans import FAN
from .fans import DEV_STORE, _open

STORE_HELP = f"the fan store (default: FANZINE_STORE, else {DEV_STORE})"
HEADER = "# Approved with `fanzine approve`: a fan's submission, published with their credit. Fans wrote it:\n" \
         "# it is shown as plain text. Delete this file to take it down.\n"


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register `fanzine inbox`, `fanzine approve` and `fanzine reject`."""
    inbox = commands.add_parser("inbox", help="list fans' submissions waiting for your review")
    inbox.add_argument("--store", help=STORE_HELP)
    inbox.set_defaults(run=command_inbox)
    for name, verb in (("approve", "publish"), ("reject", "turn down")):
        action = commands.add_parser(name, help=f"{verb} submissions by their number (see fanzine inbox)")
        action.add_argument("ids", nargs="+", metavar="ID")
        action.add_argument("--store", help=STORE_HELP)
        action.add_argument("--content", default="content")
        action.set_defaults(run=command_approve if name == "approve" else command_reject)


@dataclass(frozen=True)
class Reviewed:
    """What reviewing one submission did, in a sentence for the artist."""

    ok: bool
    message: str


def pending(store) -> list:
    return store.submissions(status="pending")


def describe(submission) -> str:
    """One submission as the inbox lists it: number, call, when, name, then what they sent."""
    when = submission.created_at.replace("T", " ").removesuffix("Z")
    lines = [f"#{submission.id}  {submission.call}  {when} UTC  from {_printable(submission.name)}"]
    if submission.text:
        lines += [f"    {_printable(line)}" for line in submission.text.splitlines()[:6]]
    if submission.url:
        lines.append(f"    link: {_printable(submission.url)}")
    return "\n".join(lines)


def _printable(text: str) -> str:
    # A fan's text may hold terminal escape sequences: shown as code points, never run by the terminal.
    return "".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in text)


class QuotedDumper(yaml.SafeDumper):
    """Every text double-quoted on one line, line breaks escaped: a fan's "---" or "key: value" stays text."""


QuotedDumper.add_representer(str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text,
                                                                               style='"'))


def fan_file(submission, calls: set[str]) -> tuple[str | None, str]:
    """(the file's text, "") for an approvable submission, else (None, why not)."""
    if submission.call not in calls:
        return None, f"there is no call content/calls/{submission.call}.md (it may have been renamed)"
    data: dict[str, object] = {"call": submission.call, "name": submission.name}
    if submission.text:
        data["text"] = submission.text
    if submission.url:
        data["url"] = submission.url
    data["date"] = submission.created_at[:10]
    data["submission"] = submission.id
    report = Report(f"submission #{submission.id}")
    if FAN.clean(dict(data), "", report) is INVALID:
        return None, "; ".join(f"{p.key}: {p.message}" for p in report.problems)
    front = yaml.dump(data, Dumper=QuotedDumper, sort_keys=False, allow_unicode=True, width=10_000)
    return f"---\n{HEADER}{front}---\n", ""


def approve(store, content: Path, number: int) -> Reviewed:
    """Write one pending submission into content/fans/<call>/<number>.md, then mark it approved."""
    found = [s for s in store.submissions() if s.id == number]
    if not found:
        return Reviewed(False, f"#{number}: there is no submission with this number (see fanzine inbox)")
    submission = found[0]
    if submission.status == "rejected":
        return Reviewed(False, f"#{number}: it was rejected; it cannot be approved now")
    calls = {path.stem for path in (content / "calls").glob("*.md")}
    text, why = fan_file(submission, calls)
    if text is None:
        return Reviewed(False, f"#{number}: not approved: {why}")
    target = content / "fans" / submission.call / f"{number}.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    store.approve_submission(number)
    return Reviewed(True, f"#{number}: approved; written to {target.as_posix()} (published by the next build)")


def reject(store, number: int) -> Reviewed:
    submission = store.reject_submission(number)
    if submission is None:
        return Reviewed(False, f"#{number}: there is no submission with this number (see fanzine inbox)")
    return Reviewed(True, f"#{number}: rejected (deleted from the store in 30 days)")


def _numbers(ids: list[str]) -> list[int]:
    numbers = []
    for given in ids:
        text = given.lstrip("#")
        if not (text.isascii() and text.isdigit()) or len(text) > 18:
            raise FanzineError(f"{given!r} is not a submission number: give the numbers fanzine inbox lists, "
                               "like 12 or #12.")
        numbers.append(int(text))
    return numbers


def command_inbox(args) -> int:
    store = _open(args.store)
    try:
        waiting = pending(store)
    finally:
        store.close()
    if not waiting:
        print("No submissions are waiting for review.")
        return 0
    for submission in waiting:
        print(describe(submission))
    count = len(waiting)
    print(f"\n{count} {'submission' if count == 1 else 'submissions'} waiting. Publish with fanzine approve ID, "
          "turn down with fanzine reject ID.")
    return 0


def _review(args, work) -> int:
    numbers = _numbers(args.ids)
    store = _open(args.store)
    try:
        results = [work(store, number) for number in numbers]
    finally:
        store.close()
    for result in results:
        print(result.message, file=sys.stdout if result.ok else sys.stderr)
    return 0 if all(result.ok for result in results) else 1


def command_approve(args) -> int:
    content = Path(args.content)
    if not content.is_dir():
        raise FanzineError(f"The content folder {args.content} does not exist.")
    return _review(args, lambda store, number: approve(store, content, number))


def command_reject(args) -> int:
    return _review(args, reject)
