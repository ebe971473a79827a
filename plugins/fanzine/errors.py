"""The project's error classes: every content mistake becomes a Problem an artist can read."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

# Control characters a file or key name can carry into a message: shown as \x07, never sent to the terminal.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text safe to print: a fan's file cannot move the cursor, clear the screen or reverse the artist's terminal."""
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                         text)


def display_path(path: Path | str) -> str:
    """Paths as the artist sees them: relative to where they ran the command."""
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file: where it is, which key, and what is expected."""

    path: str
    key: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.path}: {self.key}" if self.key else self.path
        prefix = "warning: " if self.warning else ""
        return printable(f"{where}: {prefix}{self.message}")


class FanzineError(Exception):
    """Base class for errors the artist should read as plain sentences."""


class ContentError(FanzineError):
    """The content folder has mistakes; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        errors = [p for p in self.problems if not p.warning]
        noun = "problem" if len(errors) == 1 else "problems"
        lines = [f"{len(errors)} content {noun} to fix:"] + [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


def format_got(value: object) -> str:
    """Describe a value the way an artist typed it: strings in quotes, lists and mappings by kind."""
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return '"' + shown.replace("\n", "\\n") + '"'
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a list of keys (a mapping)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (set, frozenset, tuple)):
        return "a set of values"
    if isinstance(value, (bytes, bytearray)):
        return "binary data"
    return str(value)
