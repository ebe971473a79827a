"""What a pass over every built page found in each page's text, kept from one build to the next.

Three passes read every page a build wrote: the content security policy's
origins (hostconfig.py), the classes the stylesheets keep (stylesheets.py)
and the characters the fonts are cut to (fonts.py). The warm dev server
renders few pages again on a save, so most pages' text is the same as last
time: what a pass found in a text is looked up by the text's digest instead
of parsed again. A fresh `fanzine build` finds nothing kept and pays a hash.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

Found = TypeVar("Found")

_ALL: list[PerPage[Any]] = []
# this build's pages as read: path → (time in ns, size, text, digest); the passes read each page once
_READ: dict[str, tuple[int, int, str, bytes]] = {}
_DIGESTS: dict[int, tuple[str, bytes]] = {}  # id of a text read above → (the text, its digest)


def digest_of(text: str) -> bytes:
    kept = _DIGESTS.get(id(text))
    if kept is not None and kept[0] is text:
        return kept[1]
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def page_text(path: str | os.PathLike) -> str:
    """A built page's text, read once per build while it stays as it was (a rewrite changes its time and size)."""
    path = os.fspath(path)
    found = os.stat(path)
    kept = _READ.get(path)
    if kept is not None and kept[:2] == (found.st_mtime_ns, found.st_size):
        return kept[2]
    with open(path, encoding="utf-8", errors="replace") as file:
        text = file.read()
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    _READ[path] = (found.st_mtime_ns, found.st_size, text, digest)
    _DIGESTS[id(text)] = (text, digest)
    return text


class PerPage(Generic[Found]):
    """`find(text, *more)` for one page's text, remembered; keeps what this build and the last one used.
    What it returns is shared between calls: return frozensets and tuples, not sets and lists."""

    def __init__(self, find: Callable[..., Found]) -> None:
        self.find = find
        self.last: dict[tuple, Found] = {}
        self.now: dict[tuple, Found] = {}
        _ALL.append(self)

    def __call__(self, text: str, *more: Hashable) -> Found:
        key = (digest_of(text), *more)
        if key in self.now:
            return self.now[key]
        found = self.last[key] if key in self.last else self.find(text, *more)
        self.now[key] = found
        return found

    def forget_older(self) -> None:
        self.last, self.now = self.now, {}


def new_build(*_args: Any) -> None:
    """Signal handler (initialized): what no page of the last build used is forgotten."""
    _READ.clear()
    _DIGESTS.clear()
    for memo in _ALL:
        memo.forget_older()
