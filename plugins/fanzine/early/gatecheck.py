"""The early-access checks over the whole content folder: unsealed commits, unsealed copies, files pages link to.

What is committed unsealed, what is not sealed yet, and the files gated pages link to.

Run by check.py after every file is read. Severity follows the run: `make serve` and `make html` warn,
`make check` and `make publish` refuse a gated file committed to git unsealed, and `make publish` refuses
pages sealed with the development secret.
"""
from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

from ..errors import Problem
from . import gatedfiles, sources
from .sealing import SealError, is_current, is_sealed_name, plain_path, sealed_path
from .secret import SECRET_FILE

# Link targets in Markdown: inline links and pictures, reference definitions, and raw HTML attributes.
TARGETS = re.compile(r"""\]\(\s*<?([^)\s>]+)|^[ ]{0,3}\[[^\]]+\]:\s*<?([^\s>]+)|\b(?:src|href)\s*=\s*["']([^"']+)""",
                     re.M)
UNSEALED_IN_GIT = ("is committed to git unsealed, so anyone who can read the repository can read it. Run `make "
                   "seal` (it takes the file out of git and commits its sealed copy instead) and see \"If you "
                   "committed a gated file\" in docs/early-access.md to remove it from the history; or, if nobody "
                   "else can read the repository, add `repository: private` to content/artist.yml")


def check_early_access(site) -> None:
    """Add every early-access problem of the site to site.problems (and note the pictures only gated pages use)."""
    private = site.artist.get("repository") == "private"
    tracked = sources.tracked_files(site.root)
    gated_pages = [(slug, item) for items in site.items.values() for slug, item in items.items() if item.get("access")]
    site.gated_pictures = set()
    pictures: dict[str, list[str]] = {}
    for slug, item in gated_pages:
        for name in check_page_files(site, slug, item):
            pictures.setdefault(name, []).append(item["_path"])
    check_pictures(site, pictures, tracked, private)
    secret_file = site.root.parent / SECRET_FILE
    if secret_file.is_file() and secret_file in (sources.tracked_files(site.root.parent) or set()):
        site.problems.append(Problem(SECRET_FILE, "", "your site secret is committed to git: run `git rm --cached "
                                     f"{SECRET_FILE}`, commit, then make a new secret (`make secret` after "
                                     f"deleting {SECRET_FILE}) and seal again"))
    for plain in gated_plaintexts(site, gated_pages):
        check_sealed_copy(site, plain, tracked, private)


def gated_plaintexts(site, gated_pages) -> list[Path]:
    """Every gated page and file, named by its plaintext path, whether it is open here or only sealed."""
    found = {plain_path(Path(item["_file"])) if is_sealed_name(item["_file"]) else Path(item["_file"])
             for _slug, item in gated_pages}
    early = site.root / sources.EARLY
    if early.is_dir():
        for directory, folders, names in os.walk(early):
            folders[:] = [f for f in folders if not f.startswith(".")]
            for name in names:
                if not name.startswith("."):
                    path = Path(directory) / name
                    found.add(plain_path(path) if is_sealed_name(path) else path)
    return sorted(found)


def check_sealed_copy(site, plain: Path, tracked: set[Path] | None, private: bool) -> None:
    shown = sources.display(plain)
    sealed = sealed_path(plain)
    opener = sources.opener()
    if tracked is not None and plain in tracked and not private:
        site.problems.append(Problem(shown, "", UNSEALED_IN_GIT, warning=site.purpose == "build"))
    if plain.is_file():
        if private or tracked is None:  # sealing is for git: no repository here, nothing to remind
            return
        if not sealed.is_file():
            site.problems.append(Problem(shown, "", "not sealed yet: run `make seal` before you commit", warning=True))
        elif not is_current(opener.key, plain, sealed) and not is_current(opener.development_key, plain, sealed):
            site.problems.append(Problem(shown, "", "changed since it was sealed: run `make seal` before you commit "
                                                    "(the published site is built from the sealed copy)", warning=True))
    elif site.purpose == "publish" and sealed.is_file() and opener.is_development_sealed(sealed):
        site.problems.append(Problem(shown + ".sealed", "", "sealed with Fanzine's development secret, which "
                                     "everyone knows, so it is not secret: run `make seal` on your computer to "
                                     "seal it again with your own secret (or delete it, if it is the example's)"))


def check_page_files(site, slug: str, item: dict) -> list[str]:
    """Every file the page links to must be in its folder; returns the site pictures (images/...) it shows."""
    source = Path(item["_file"])
    if source in site.left_out:
        return []
    from ..content.check import load_source  # check imports this module

    _data, body, _problems = load_source(source, item["_path"])
    folder = sources.files_folder(site.root, slug)
    offered = offered_files(folder)
    pictures, linked = [], set()
    for match in TARGETS.finditer(body or ""):
        target = next(group for group in match.groups() if group)
        name = gatedfiles.reference(target, slug)
        if name is None:
            continue
        if name.startswith("images/"):
            if (site.root / name).is_file():
                pictures.append(name)
            continue
        linked.add(name)
        found = gatedfiles.source_path(site.root, slug, name)
        if found is None:
            close = difflib.get_close_matches(name, offered, n=1, cutoff=0.6) or [
                n for n in offered if n.lower() == name.lower()]
            hint = f"; did you mean '{close[0]}'?" if close else ""
            site.problems.append(Problem(item["_path"], "", f'links to "{target}", which is not in '
                                         f"{sources.display(folder)}/: put the file there, or fix the link{hint}"))
        elif is_sealed_name(found) and (problem := unopenable(found)):
            site.problems.append(Problem(sources.display(found), "", problem))
        elif gatedfiles.PageFile.at(found, name).size > gatedfiles.MAX_FILE_BYTES:
            site.problems.append(Problem(sources.display(folder / name), "", "is over 95 MB: GitHub refuses files "
                                         "over 100 MB, and its sealed copy is committed; host it elsewhere and link to "
                                         "it from the page, or split it"))
    for name in sorted(set(offered) - linked):
        site.problems.append(Problem(sources.display(folder / name), "", f"is not linked from {item['_path']}, so it "
                                     f"is not published; link it like [Download]({name}) or ![Picture]({name})",
                                     warning=True))
    return pictures


def unopenable(sealed: Path) -> str | None:
    """Why a sealed file cannot be opened by this run (not a sealed copy, another secret), or None."""
    try:
        sources.opener().key_for(sealed, sources.display(plain_path(sealed)))
    except SealError as error:
        return str(error).split(": ", 1)[1]
    return None


def offered_files(folder: Path) -> list[str]:
    """The files in a page's folder, by their path inside it (open here or sealed)."""
    names = set()
    if folder.is_dir():
        for path in folder.rglob("*"):
            if path.is_file() and not path.name.startswith("."):
                plain = plain_path(path) if is_sealed_name(path) else path
                names.add(plain.relative_to(folder).as_posix())
    return sorted(names)


def check_pictures(site, pictures: dict[str, list[str]], tracked: set[Path] | None, private: bool) -> None:
    """A picture in content/images/ that only gated pages show is published sealed, and should be sealed in git."""
    if not pictures:
        return
    public_text = public_sources_text(site)
    for name, pages in sorted(pictures.items()):
        if name in public_text:
            continue  # a public page shows it too: it is public anyway
        site.gated_pictures.add(name)
        if private:
            continue
        path = site.root / name
        committed = tracked is not None and path in tracked
        site.problems.append(Problem(
            sources.display(path), "", f"is shown only on the early-access page {pages[0]}, so it is published "
            f"sealed, but it is {'committed to git' if committed else 'in content/images/'} unsealed: move it to "
            f"content/early/{Path(pages[0]).stem}/ and link it by its name, then run `make seal`",
            warning=not committed or site.purpose == "build"))


def public_sources_text(site) -> str:
    """artist.yml and every public page's file, as one text to search for picture names."""
    texts = []
    artist = site.root / "artist.yml"
    if artist.is_file():
        texts.append(artist.read_text(encoding="utf-8", errors="replace"))
    for items in site.items.values():
        for item in items.values():
            if not item.get("access") and not is_sealed_name(item["_file"]):
                texts.append(Path(item["_file"]).read_text(encoding="utf-8", errors="replace"))
    return "\n".join(texts)
