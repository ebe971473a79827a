"""Early-access sources: which files are gated, and reading them whether they are open on this computer or sealed.

Gated sources are every file in content/early/ (the pages and each page's
folder of files) and every Markdown file elsewhere that has `access:`. In git
they exist only as `<name>.sealed` copies (sealing.py); the plaintext is
ignored by git. A build reads the plaintext when it is there (the artist's
computer, the dev server) and the sealed copy in memory when it is not (CI).
"""
from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

from functions.keys import DEVELOPMENT_SECRET

from ..content import frontmatter
from ..content.schema import EARLY_FOLDER
from .sealing import (
    SUFFIX,
    SealError,
    SourcesKey,
    is_sealed_name,
    open_chunks,
    open_to,
    plain_path,
    read_chunks,
    read_header,
    sealed_path,
)
from .secret import SECRET_FILE, SiteSecret, working_secret

EARLY = EARLY_FOLDER
PAGE_SUFFIXES = (".md", ".markdown")
GITIGNORE = ".gitignore"
# content/early/.gitignore: nothing in the folder is committed except sealed copies.
EARLY_GITIGNORE = """\
# Early-access pages and their files are never committed as they are: `make seal`
# writes a sealed copy (*.sealed) of each, and only those are committed.
*
!*/
!*.sealed
!.gitignore
"""
IGNORE_NOTE = "# early-access pages, committed only as sealed copies (`make seal` keeps these lines)"


class Opener:
    """Opens sealed copies with the secret in use (or, for the example pages, the development secret)."""

    def __init__(self, secret: SiteSecret):
        self.secret = secret
        self.key = SourcesKey.from_secret(secret.value)
        self.development_key = SourcesKey.from_secret(DEVELOPMENT_SECRET)

    def key_for(self, sealed: Path, shown: str) -> SourcesKey:
        key_id = read_header(sealed).key_id
        if key_id == self.key.key_id:
            return self.key
        if key_id == self.development_key.key_id:
            return self.development_key
        if self.secret.is_development:
            raise SealError(f"{shown}: sealed with your own secret, which is not set here: set "
                            f"FANZINE_GATE_SECRET (in CI, the repository secret) or put it in {SECRET_FILE}")
        raise SealError(f"{shown}: sealed with another secret than the one in {self.secret.origin}; use the "
                        "secret it was sealed with")

    def is_development_sealed(self, sealed: Path) -> bool:
        try:
            return read_header(sealed).key_id == self.development_key.key_id != self.key.key_id
        except (OSError, SealError):
            return False

    def chunks(self, source: Path, shown: str | None = None) -> Iterator[bytes]:
        """A source's bytes, chunk by chunk, from the plaintext or (in memory) from its sealed copy."""
        if not is_sealed_name(source):
            yield from read_chunks(source)
            return
        shown = shown or display(plain_path(source))
        yield from open_chunks(self.key_for(source, shown), source, shown)

    def page_text(self, source: Path, shown: str | None = None) -> str:
        """A page's Markdown; SealError when its sealed copy does not open, UnicodeDecodeError when not text."""
        return b"".join(self.chunks(source, shown)).decode("utf-8")


_current: list[Opener] = []


def use(secret: SiteSecret) -> Opener:
    """Open sealed copies with this secret from now on (set once per build by the command and the plugin)."""
    _current[:] = [Opener(secret)]
    return _current[0]


def opener() -> Opener:
    if not _current:
        use(working_secret(publish=False)[0])
    return _current[0]


def display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)


def open_development_copies(root: Path) -> list[Path]:
    """Write the plaintext of every copy sealed with the development secret (the template's example pages) that is
    not open yet, as `make open` does; for scratch copies that tests and the audit build like an artist's own."""
    key = SourcesKey.from_secret(DEVELOPMENT_SECRET)
    opened = []
    for sealed in sorted(root.rglob("*" + SUFFIX)):
        plain = plain_path(sealed)
        if not plain.exists() and read_header(sealed).key_id == key.key_id:
            open_to(key, sealed, plain)
            opened.append(plain)
    return opened


def source_of(plain: Path) -> Path | None:
    """Where to read a gated file: its plaintext if it is open here, else its sealed copy, else None."""
    if plain.is_file():
        return plain
    sealed = sealed_path(plain)
    return sealed if sealed.is_file() else None


def files_folder(root: Path, slug: str) -> Path:
    """content/early/<page>/: the files a gated page offers (pictures, tracks, downloads)."""
    return root / EARLY / slug


def is_page_name(path: Path) -> bool:
    return path.suffix.lower() in PAGE_SUFFIXES


def in_early(root: Path, path: Path) -> bool:
    parts = path.relative_to(root).parts
    return len(parts) > 1 and parts[0] == EARLY


def is_early_file(root: Path, path: Path) -> bool:
    """A file in a page's folder (content/early/<page>/...), as opposed to a page itself."""
    parts = path.relative_to(root).parts
    return len(parts) > 2 and parts[0] == EARLY


# path → ((inode, size, modification time), whether its front matter has an access: key)
_ACCESS: dict[str, tuple[tuple[int, int, int], bool]] = {}


def has_access(path: Path) -> bool:
    """Whether a page's front matter has an `access:` key. Remembered while the file is unchanged: the dev
    server seals before every save's build, and parsing every page's YAML again took 0.3 s on 1,000 items."""
    try:
        found = path.stat()
    except OSError:
        return False
    stamp = (found.st_ino, found.st_size, found.st_mtime_ns)
    kept = _ACCESS.get(str(path))
    if kept is not None and kept[0] == stamp:
        return kept[1]
    data, _body, _problems = frontmatter.load_file(str(path), display(path))
    gated = isinstance(data, dict) and bool(data.get("access"))
    _ACCESS[str(path)] = (stamp, gated)
    return gated


def gated_sources(root: Path) -> list[Path]:
    """Every gated file under the content folder, named by its plaintext path (open here or not)."""
    found: set[Path] = set()
    for directory, folders, names in os.walk(root):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in names:
            path = Path(directory) / name
            if name.startswith(".") or not path.is_file() or path.is_symlink():
                continue
            plain = plain_path(path) if is_sealed_name(path) else path
            if in_early(root, plain):
                found.add(plain)
            elif is_page_name(plain) and (is_sealed_name(path) or has_access(path)):
                found.add(plain)
    return sorted(found)


def tracked_files(root: Path) -> set[Path] | None:
    """Files under root that git tracks (in its index), or None where there is no git or no repository."""
    try:
        result = subprocess.run(["git", "ls-files", "-z", "--cached"], cwd=root, capture_output=True, timeout=60,
                                check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    return {root / name for name in result.stdout.decode("utf-8", "surrogateescape").split("\0") if name}


def untrack(path: Path) -> bool:
    """Take a file out of git's index (it stays on disk); True when it was tracked."""
    result = subprocess.run(["git", "rm", "--cached", "--quiet", "--", path.name], cwd=path.parent,
                            capture_output=True, check=False)
    return result.returncode == 0


def write_early_gitignore(root: Path) -> bool:
    """content/early/.gitignore, so nothing there but sealed copies is ever committed; True when written."""
    path = root / EARLY / GITIGNORE
    if path.is_file() and path.read_text(encoding="utf-8") == EARLY_GITIGNORE:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(EARLY_GITIGNORE, encoding="utf-8")
    return True


def ignore_lines(folder: Path) -> tuple[list[str], set[str]]:
    """A folder's .gitignore lines, and the names `make seal` added to it."""
    path = folder / GITIGNORE
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    ours, after_note = set(), False
    for line in lines:
        if line == IGNORE_NOTE:
            after_note = True
        elif after_note and line.startswith("/"):
            ours.add(line[1:])
        else:
            after_note = False
    return lines, ours


def set_ignored(folder: Path, names: set[str]) -> bool:
    """Make `make seal`'s lines in folder/.gitignore name exactly `names`; True when the file changed."""
    lines, ours = ignore_lines(folder)
    if ours == names:
        return False
    kept, skipping = [], False
    for line in lines:
        if line == IGNORE_NOTE:
            skipping = True
            continue
        if skipping and line.startswith("/"):
            continue
        skipping = False
        kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    if names:
        kept += ([""] if kept else []) + [IGNORE_NOTE] + [f"/{name}" for name in sorted(names)]
    path = folder / GITIGNORE
    if kept:
        path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    elif path.is_file():
        path.unlink()
    return True


__all__ = ["Opener", "SealError", "SUFFIX", "gated_sources", "opener", "source_of", "use"]
