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
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

Found = TypeVar("Found")

_ALL: list[PerPage[Any]] = []


class PerPage(Generic[Found]):
    """`find(text, *more)` for one page's text, remembered; keeps what this build and the last one used.
    What it returns is shared between calls: return frozensets and tuples, not sets and lists."""

    def __init__(self, find: Callable[..., Found]) -> None:
        self.find = find
        self.last: dict[tuple, Found] = {}
        self.now: dict[tuple, Found] = {}
        _ALL.append(self)

    def __call__(self, text: str, *more: Hashable) -> Found:
        key = (hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest(), *more)
        if key in self.now:
            return self.now[key]
        found = self.last[key] if key in self.last else self.find(text, *more)
        self.now[key] = found
        return found

    def forget_older(self) -> None:
        self.last, self.now = self.now, {}


def new_build(*_args: Any) -> None:
    """Signal handler (initialized): what no page of the last build used is forgotten."""
    for memo in _ALL:
        memo.forget_older()
