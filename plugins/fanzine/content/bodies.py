"""A content file's Markdown body, checked before any build: its size, hidden characters, and the files it links to.

The body is the text after the front matter. A fan's (playlists/, fans/) is
capped small: it is shown on its page, in listings and in the feeds, and a
10 MB one made two 21 MB feeds and a four-minute build. Control characters
break the XML feeds; `{static}`/`{attach}` links may only name files the build
publishes (content/images/), and `{filename}` links a content file that exists.
"""
from __future__ import annotations

import difflib
import posixpath
import re
from pathlib import PurePosixPath
from urllib.parse import unquote

from . import safefiles
from ..errors import Problem
from .schema import hidden_character

MAX_BODY = 1_000_000     # characters of an artist's body: a long story is about 60,000
MAX_FAN_BODY = 20_000    # characters of a fan's notes (about 3,000 words)
# Markdown reads links by scanning from each "[" to the end of its paragraph: a paragraph of thousands of
# unmatched brackets (a hostile playlist) takes minutes. '[' count × paragraph length above this is refused.
BRACKET_WORK = 10_000_000
PARAGRAPHS = re.compile(r"[^\n]*\S.*?(?=\n[ \t]*\n|\Z)", re.S)
# Pelican's links to other files of the site: {static}/images/x.jpg, {attach}..., {filename}/pages/about.md
INTRASITE = re.compile(r"\{(static|attach|filename)\}([^\s)\"'<>]+)")


def untrusted_folders(settings: dict) -> tuple[str, ...]:
    """The folders fans write: every content type declared untrusted, and FANZINE_UNTRUSTED_FOLDERS."""
    from ..types import registry

    declared = registry.untrusted_folders()
    return declared + tuple(f for f in settings.get("FANZINE_UNTRUSTED_FOLDERS") or () if f not in declared)


def check_body(text: str, body: str, shown: str, untrusted: bool) -> tuple[list[Problem], list[tuple[int, str, str]]]:
    """(problems, intrasite links as (line, kind, target)) of one file's body; `text` is the whole file."""
    first_line = text.count("\n", 0, len(text) - len(body)) + 1
    limit = MAX_FAN_BODY if untrusted else MAX_BODY
    if len(body) > limit:
        advice = ("a fan's notes are shown on the page, in listings and in the feeds: shorten them"
                  if untrusted else "split it into several files")
        return [Problem(shown, "", f"the text after the front matter is {len(body):,} characters long; expected "
                                   f"at most {limit:,} ({advice})")], []
    problems = []
    for paragraph in PARAGRAPHS.finditer(body):
        brackets = paragraph.group().count("[")
        if brackets * len(paragraph.group()) > BRACKET_WORK:
            line = first_line + body.count("\n", 0, paragraph.start())
            problems.append(Problem(shown, f"line {line}", f"this paragraph holds {brackets:,} '[' characters, which "
                                    "would take Markdown minutes to read; write each link as [words](address), or "
                                    "split the paragraph"))
            break
    hidden = hidden_character(body)
    if hidden:
        problems.append(Problem(shown, f"line {first_line + body.count(chr(10), 0, hidden[0])}", hidden[1]))
    links = [(first_line + body.count("\n", 0, match.start()), match.group(1), match.group(2))
             for match in INTRASITE.finditer(body)]
    return problems, links


def target_of(source: str, target: str) -> str | None:
    """A link's file relative to content/ (posix), as Pelican resolves it; None when it leaves content/."""
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(source), path)
    normal = posixpath.normpath(joined)
    return None if normal.startswith("../") or normal == ".." or normal.startswith("/") else normal


def suggestion(wanted: str, files: set[str], folder: str = "images") -> str:
    """'; did you mean …?' for a file name that is not there: letter case, a missing folder, close spellings."""
    by_case = {name.casefold(): name for name in files}
    for candidate, why in ((wanted, " (letter case matters on the web)"),
                           (f"{folder}/{wanted}", f" (pictures live in content/{folder}/)")):
        if candidate in files or candidate.casefold() in by_case:
            return f"; did you mean '{by_case[candidate.casefold()] if candidate not in files else candidate}'?{why}"
    # close spellings among the files of the same folder (the shared folder name would make everything look close)
    parent, name = posixpath.split(wanted)
    siblings = {posixpath.basename(path): path for path in files if posixpath.dirname(path) == (parent or folder)}
    close = difflib.get_close_matches(name, sorted(siblings), n=1, cutoff=0.75)
    return f"; did you mean '{siblings[close[0]]}'?" if close else ""


def check_links(source: str, shown: str, links, files: set[str], pages: dict[str, dict], published: tuple[str, ...],
                root) -> list[Problem]:
    """Each {static}/{attach} link names a published file; each {filename} link a content file that is built."""
    problems = []
    for line, kind, target in links:
        key, written = f"line {line}", f"{{{kind}}}{target}"
        relative = target_of(source, target)
        if kind == "filename":
            page = pages.get(relative or "")
            if page is None:
                hint = suggestion(relative, set(pages), folder="pages") if relative else ""
                problems.append(Problem(shown, key, f"{written}: no content file content/{relative or target}{hint}"))
            elif page.get("status") == "draft":
                problems.append(Problem(shown, key, f"{written}: content/{relative} is a draft (status: draft), so "
                                                    "it is not built; publish it or remove the link"))
            continue
        if relative is None or PurePosixPath(relative).parts[0] not in published:
            problems.append(Problem(shown, key, f"{written}: expected a file in "
                                                f"{' or '.join(f'content/{f}/' for f in published)}, "
                                                "the only files that are published"))
        elif relative not in files and safefiles.unsafe_reason(root, relative) in (None, "does not exist"):
            problems.append(Problem(shown, key, f"{written}: the file content/{relative} does not exist"
                                                + suggestion(relative, files)))
    return problems
