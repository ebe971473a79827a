"""What a pass over every built page found in each page's text, kept from one build to the next.

Three passes read every page a build wrote: the content security policy's
origins (hostconfig.py), the classes the stylesheets keep (stylesheets.py)
and the characters the fonts are cut to (fonts.py). The warm dev server
renders few pages again on a save, so most pages' text is the same as last
time: what a pass found in a text is looked up by the text's digest instead
of parsed again. A fresh `fanzine build` finds nothing kept and pays a hash.

The warm build also says which text it wrote to each page (`written`): the
passes then read no page it wrote, a page kept from the last build hashes no
text again, and the dev server tells which files changed from the digests
(`known_digest`) instead of reading every file back.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Collection, Hashable, Iterator
from typing import Any, Generic, TypeVar

Found = TypeVar("Found")

_ALL: list[PerPage[Any]] = []
# this build's pages as read or written: path → (time in ns, size, text, digest of the file's bytes or None)
_READ: dict[str, tuple[int, int, str, bytes | None]] = {}
# id of a text → (the text, its digest, its length in bytes): this build's, and the last build's (a kept page's
# text is the same object on every build, so it is hashed once); the text is held so its id stays its own
_DIGESTS: dict[int, tuple[str, bytes, int]] = {}
_LAST_DIGESTS: dict[int, tuple[str, bytes, int]] = {}


def file_digest(data: bytes) -> bytes:
    """What a file's bytes are, to tell two versions apart (only compared within one process)."""
    return hashlib.blake2b(data, digest_size=16).digest()


def _known(text: str) -> tuple[str, bytes, int]:
    for memo in (_DIGESTS, _LAST_DIGESTS):
        kept = memo.get(id(text))
        if kept is not None and kept[0] is text:
            _DIGESTS[id(text)] = kept
            return kept
    data = text.encode("utf-8", "surrogatepass")
    kept = _DIGESTS[id(text)] = (text, file_digest(data), len(data))
    return kept


def digest_of(text: str) -> bytes:
    return _known(text)[1]


def html_files(folder: str | os.PathLike, skip: Collection[str] = ()) -> Iterator[str]:
    """Every .html file under folder (as os.walk sees them: a link to a folder is not followed), with one
    scandir per folder; `skip`: folders at the top left out. These walks run over every page of every build."""
    root = os.fspath(folder)
    folders = [root]
    while folders:
        current = folders.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if is_folder:
                if not entry.is_symlink() and not (current == root and entry.name in skip):
                    folders.append(entry.path)
            elif entry.name.endswith(".html"):
                yield entry.path


def page_text(path: str | os.PathLike) -> str:
    """A built page's text, read once per build while it stays as it was (a rewrite changes its time and size)."""
    path = os.path.abspath(path)
    found = os.stat(path)
    kept = _READ.get(path)
    if kept is not None and kept[:2] == (found.st_mtime_ns, found.st_size):
        return kept[2]
    with open(path, "rb") as file:
        data = file.read()
    try:
        text, exact = data.decode("utf-8"), True
    except UnicodeDecodeError:  # not ours: the passes read it as best they can, the digest stays the bytes'
        text, exact = data.decode("utf-8", errors="replace"), False
    digest = file_digest(data)
    _READ[path] = (found.st_mtime_ns, found.st_size, text, digest if exact else None)
    _DIGESTS[id(text)] = (text, digest, len(data))
    return text


def written(path: str | os.PathLike, text: str) -> None:
    """The build has just written this text to the page at path (UTF-8, as Pelican writes pages)."""
    path = os.path.abspath(path)
    _text, digest, size = _known(text)
    try:
        found = os.stat(path)
    except OSError:
        return
    if found.st_size == size:  # else something else went there (a page Pelican would not write twice)
        _READ[path] = (found.st_mtime_ns, size, text, digest)


# Set by the warm dev server while it builds: the digest of the file output/ serves for a staging path, or None.
served_digest: Callable[[str], bytes | None] | None = None


def already_served(path: str | os.PathLike, text: str) -> bool:
    """Whether the dev server already serves exactly this text for the page at path. Then the page's staging
    copy is not rewritten (the CSP pass would write every page on every save): the passes after it and the
    comparison with output/ take the text and its digest from here, so output/ keeps its copy."""
    if served_digest is None:
        return False
    path = os.path.abspath(path)
    _text, digest, _size = _known(text)
    if served_digest(path) != digest:
        return False
    found = os.stat(path)
    _READ[path] = (found.st_mtime_ns, found.st_size, text, digest)
    return True


def known_digest(path: str | os.PathLike, found: os.stat_result) -> bytes | None:
    """The digest of the page at path if this build wrote or read it and it has not changed since, else None."""
    kept = _READ.get(os.path.abspath(path))
    if kept is not None and kept[:2] == (found.st_mtime_ns, found.st_size):
        return kept[3]
    return None


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
    global _DIGESTS, _LAST_DIGESTS
    _READ.clear()
    _DIGESTS, _LAST_DIGESTS = {}, _DIGESTS
    for memo in _ALL:
        memo.forget_older()
