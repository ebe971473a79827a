"""The golden whole-site snapshot: a fixture hub's build, normalised, kept under tests/golden/ and compared by diff.

A template or engine change shows up as a reviewable diff of tests/golden/ in the commit that makes it;
`make golden` writes the snapshot again from the current engine. Kept: every text file the build writes
(pages, feeds, sitemap, calendar files, stylesheets, host config), and the names of the others (pictures)
in MANIFEST.txt. Left out: the theme's own static files, copied as they are. Normalised: the content hashes
in pictures' and cards' file names (they change whenever a picture's encoder does).
"""
from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path

from conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "taina-rocha"
STATIC = ROOT / "themes" / "fanzine" / "static"
TEXT = {".html", ".xml", ".css", ".js", ".json", ".ics", ".txt", ".toml", ".xspf", ".svg"}
HASHED = re.compile(r"(?<=[./-])[0-9a-f]{8,16}(?=\.(?:jpg|jpeg|png|webp|avif)\b)")
MANIFEST = "MANIFEST.txt"


def normalise(text: str) -> str:
    return HASHED.sub("HASH", text)


def is_text(path: Path) -> bool:
    return path.suffix in TEXT or path.name in ("_headers", "_redirects")


def copied_from_theme(output: Path, path: Path) -> bool:
    relative = path.relative_to(output)
    if relative.parts[0] != "theme":
        return False
    source = STATIC.joinpath(*relative.parts[1:])
    return source.is_file() and source.read_bytes() == path.read_bytes()


def snapshot(output: Path) -> dict[str, str]:
    """Normalised relative path → normalised text, for every text file; MANIFEST.txt names every file."""
    files = sorted(p for p in output.rglob("*") if p.is_file())
    found = {MANIFEST: "".join(normalise(p.relative_to(output).as_posix()) + "\n" for p in files)}
    for path in files:
        if is_text(path) and not copied_from_theme(output, path):
            found[normalise(path.relative_to(output).as_posix())] = normalise(path.read_text(encoding="utf-8"))
    return found


def stored() -> dict[str, str]:
    return {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(GOLDEN.rglob("*")) if p.is_file()}


def differences(output: Path, limit: int = 400) -> str:
    """A unified diff of the golden snapshot against this build ("" when they agree)."""
    built, golden = snapshot(output), stored()
    lines: list[str] = []
    for name in sorted(set(built) | set(golden)):
        if built.get(name) != golden.get(name):
            lines += difflib.unified_diff((golden.get(name) or "").splitlines(), (built.get(name) or "").splitlines(),
                                          f"tests/golden/taina-rocha/{name}", f"this build: {name}", lineterm="")
    if len(lines) > limit:
        lines = lines[:limit] + [f"... and {len(lines) - limit} more lines"]
    return "\n".join(lines)


def write(output: Path) -> None:
    """Replace the golden snapshot with this build's."""
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for name, text in snapshot(output).items():
        target = GOLDEN / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
