"""`make start NAME="Glass Harbour"`: clear the example band out of content/ and begin the artist's own hub.

The template ships the example hub twice: in examples/nova-lights/ (kept for
reference) and in content/ (so `make serve` shows something on the first
run). Starting fresh removes from content/ every file that is byte for byte
the example's, writes a minimal artist.yml and main link page with the
artist's name, and leaves a hub that `make check` passes without a warning.

An artist's work is never deleted by accident: when content/ holds a file the
example does not have, or one of the example's files changed, nothing is
touched and the files are named. With --force, the example's files go even
when changed, and files the example does not have are still kept (with the
pictures they use).
"""
from __future__ import annotations

import os
import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from functions.keys import DEVELOPMENT_SECRET

from ..content.check import check_site
from ..content.schema import INVALID, Report
from ..early.sealing import SealError, SourcesKey, open_bytes, read_header, sealed_path
from ..errors import FanzineError, display_path
from ..types.artist import ARTIST

EXAMPLE = Path("examples") / "nova-lights"
# Kept whatever happens: the template fans copy to send a playlist (CONTRIBUTING.md links it), and the
# rule that keeps early-access pages out of git unless sealed (docs/early-access.md).
KEEP = {"playlists/_template.md", "early/.gitignore"}
DEFAULT_THEME = ARTIST.fields["theme"].default
UTC_NAMES = {"Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "Etc/GMT"}

ARTIST_YML = """\
# Who you are: every page of your hub reads this file. Change the words after
# each colon and keep the key names; docs/authoring.md explains every key.
# Lines starting with # are notes: remove the # (and the space after it) to use a key.
name: {name}
# tagline: One line under your name
# bio: |
#   A few sentences about you for the home page. **Bold** and *italics* work.
# avatar: images/avatar.jpg       # a square picture you put in content/images/
# avatar_alt: What the picture shows, for fans using screen readers
theme: {theme}                    # how your hub looks: synthwave, lo-fi, afro-house, drum-and-bass, indie-folk
                                  # or minimal; see each on a phone in docs/themes.md
# accent: "#cc1f63"               # your colour for buttons and links (each theme has its own)
# background: images/backdrop.jpg # a wide picture behind your name on the home and link pages
timezone: {timezone}              # release days and scheduled links flip at midnight here
# language: en                    # the language your pages are written in, like pt-BR or ja: screen readers
                                  # read them in its voice, and phones pick its fonts
# socials:                        # your profiles, shown as icons
#   instagram: https://www.instagram.com/your-name
#   spotify: https://open.spotify.com/artist/your-artist-id
# newsletter: {{ provider: buttondown, username: your-name }}   # see docs/newsletter.md
# discord: {{ invite: https://discord.gg/your-invite }}         # see docs/discord.md
# contributing: https://github.com/you/your-hub/blob/HEAD/CONTRIBUTING.md
#   where fans learn to send a playlist; worked out from your git remote when unset
"""

LINK_PAGE = """\
---
# Your main link page, at /links/: the address to put in your Instagram or TikTok bio.
# One line per button, in order; remove the # in front of a line to use it.
title: {title}
featured: latest          # your newest release goes on top, once you have one
links:
  - {{ block: socials }}    # your profiles from artist.yml, as round icons
  # - {{ label: Listen on Spotify, url: https://open.spotify.com/artist/your-artist-id }}
  # - {{ label: Tour dates and tickets, url: https://www.your-domain.com/tour, highlight: true }}
  # - {{ label: Email me, url: "mailto:you@your-domain" }}
---
"""


@dataclass
class Started:
    """What `start` did, for the command to report."""

    removed: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # the artist's own files (with --force)
    written: list[Path] = field(default_factory=list)


def start(name: str, content: Path = Path("content"), example: Path = EXAMPLE, force: bool = False,
          timezone: str | None = None) -> Started:
    """Replace the example band in `content` with a fresh hub for `name`; refuses to delete the artist's work."""
    name = clean_name(name)
    if not example.is_dir():
        raise FanzineError(f"{display_path(example)}: missing, so there is no telling which files in "
                           f"{display_path(content)}/ are the example's; restore it from git "
                           f"(git checkout -- {example.as_posix()})")
    theirs = sort_files(content, example)
    changed = [p for p, kind in theirs.items() if kind == "changed"]
    new = [p for p, kind in theirs.items() if kind == "new"]
    if (changed or new) and not force:
        raise FanzineError(refusal(content, changed, new, name))
    done = Started()
    # pictures of the example that the artist's own files show stay too
    pictures_in_use = used_pictures(content, set(new))
    for relative, kind in sorted(theirs.items()):
        if kind == "new" or relative.as_posix() in KEEP or relative.as_posix() in pictures_in_use:
            if kind == "new":
                done.kept.append(content / relative)
            continue
        (content / relative).unlink()
        done.removed.append(content / relative)
    remove_empty_folders(content)
    done.written = write_fresh(content, name, timezone or local_timezone())
    return done


def clean_name(name: str) -> str:
    usage = 'NAME: expected your artist or band name, like make start NAME="Glass Harbour"'
    if not (name or "").strip():
        raise FanzineError(usage)
    report = Report("NAME")
    cleaned = ARTIST.fields["name"].clean(name, "", report)
    if cleaned is INVALID:
        raise FanzineError(f"{usage} ({report.problems[0].message})")
    return str(cleaned)


def sort_files(content: Path, example: Path) -> dict[Path, str]:
    """Each file under content/ by relative path: "example" (identical), "changed" or "new"."""
    found: dict[Path, str] = {}
    if not content.is_dir():
        return found
    for path in sorted(content.rglob("*")):
        if not path.is_file() or path.name in (".DS_Store", "Thumbs.db"):
            continue
        relative = path.relative_to(content)
        twin = example / relative
        if not twin.is_file():
            found[relative] = "example" if opened_example_copy(path, example / relative) else "new"
        elif twin.read_bytes() == path.read_bytes():
            found[relative] = "example"
        else:
            found[relative] = "changed"
    return found


def opened_example_copy(path: Path, twin: Path) -> bool:
    """An example early-access page or file opened from its sealed copy (`make open`): the example's own words."""
    sealed = sealed_path(twin)
    key = SourcesKey.from_secret(DEVELOPMENT_SECRET)
    try:
        if not sealed.is_file() or read_header(sealed).key_id != key.key_id:
            return False
        return open_bytes(key, sealed) == path.read_bytes()
    except (SealError, OSError):
        return False


def refusal(content: Path, changed: list[Path], new: list[Path], name: str) -> str:
    lines = [f"{display_path(content)}/ holds work that is not the example's, so nothing was deleted:"]
    lines += [f"  {display_path(content / p)} (changed since the example)" for p in changed]
    lines += [f"  {display_path(content / p)} (not in the example)" for p in new]
    lines.append("Move what you want to keep out of content/ and run the command again, or run")
    lines.append(f'  make start NAME="{name}" FORCE=1')
    lines.append("to delete the example's files even where you changed them (files the example does not have "
                 "are kept, with the pictures they use).")
    return "\n".join(lines)


def used_pictures(content: Path, kept: set[Path]) -> set[str]:
    """Paths under images/ (as written in front matter) that the artist's own files mention."""
    texts = []
    for relative in kept:
        if relative.suffix.lower() in (".md", ".markdown", ".yml", ".yaml"):
            texts.append((content / relative).read_text(encoding="utf-8", errors="replace"))
    mentioned = set()
    for text in texts:
        mentioned |= set(re.findall(r"images/[^\s\"'()\]},]+", text))
    return mentioned


def remove_empty_folders(content: Path) -> None:
    for folder in sorted((p for p in content.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


def write_fresh(content: Path, name: str, timezone: str) -> list[Path]:
    """The minimal artist.yml and main link page: nothing in them is a placeholder `make check` warns about."""
    content.mkdir(parents=True, exist_ok=True)
    artist = content / "artist.yml"
    artist.write_text(ARTIST_YML.format(name=yaml_text(name), theme=DEFAULT_THEME, timezone=timezone),
                      encoding="utf-8")
    links = content / "links" / "index.md"
    links.parent.mkdir(exist_ok=True)
    links.write_text(LINK_PAGE.format(title=yaml_text(f"{name} — links")), encoding="utf-8")
    return [artist, links]


def yaml_text(text: str) -> str:
    """`text` as a YAML value: plain when YAML reads it back unchanged, else double-quoted."""
    try:
        plain_ok = "#" not in text and yaml.safe_load(f"key: {text}") == {"key": text}
    except yaml.YAMLError:
        plain_ok = False
    if plain_ok:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def local_timezone() -> str:
    """The computer's timezone name (Europe/London), so the artist's dates mean their days; UTC if unknown."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    except OSError:
        pass
    target = os.path.realpath("/etc/localtime")
    if "zoneinfo/" in target:
        candidates.append(target.split("zoneinfo/", 1)[1])
    for candidate in candidates:
        if candidate and "/" in candidate and not candidate.startswith(("/", "posix/", "right/")):
            try:
                zoneinfo.ZoneInfo(candidate)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                continue
            return "UTC" if candidate in UTC_NAMES else candidate
    return "UTC"


def report(done: Started, name: str, content: Path) -> str:
    """What the command prints: what changed, where the example is, what to do next, and the check's verdict."""
    lines = [f"Started {name}'s hub: removed the example band's {len(done.removed)} files from "
             f"{display_path(content)}/ and wrote {', '.join(display_path(p) for p in done.written)}."]
    if done.kept:
        lines.append("Kept your own files: " + ", ".join(display_path(p) for p in done.kept))
    lines.append(f"The example band stays in {EXAMPLE.as_posix()}/ for reference; to see it: "
                 f"make serve CONTENT={EXAMPLE.as_posix()}")
    site = check_site(content)
    if site.problems:
        lines.append("`make check` finds these in the files you kept:")
        lines += [f"  {problem}" for problem in sorted(site.problems)]
    else:
        lines.append("`make check` is happy. Next: your tagline, colour and links in content/artist.yml "
                     "(docs/first-afternoon.md walks you through it), then make serve.")
    return "\n".join(lines)
