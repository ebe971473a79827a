"""Which files the build may read and publish: real files inside content/, never a link, never outside.

A fan's pull request can carry a symbolic link (`images/env.png → /proc/self/environ`,
or a folder link to where the endpoint keeps its signups): copied as a picture,
it would publish the site secret or the fans' addresses. So `fanzine check`
refuses every link under content/ (and in the theme and overrides/, which the
build also reads), and the build's static copy refuses them again on its own,
so even a build that skips the check never follows one.
"""
from __future__ import annotations

import fnmatch
import functools
import logging
import os
import stat
from pathlib import Path

from ..errors import Problem

log = logging.getLogger(__name__)

LINK_ADVICE = "Fanzine never reads or publishes links: put the file itself here, or delete the link"


def entries(root: Path):
    """Every file, folder and link under root, in a stable order, without following any link."""
    for directory, folders, files in os.walk(root, followlinks=False):
        folders.sort()
        for name in sorted(folders + files):
            yield Path(directory) / name


def links_in_theme(settings: dict) -> list[Problem]:
    """Links in the other folders a build reads and copies: the theme and overrides/ (a pull request can add
    them there too)."""
    problems = []
    for folder in [settings.get("THEME"), *settings.get("THEME_TEMPLATES_OVERRIDES", [])]:
        if folder and os.path.isdir(folder):
            for path in entries(Path(folder)):
                refused = link_problem(path)
                if refused:
                    problems.append(Problem(os.path.relpath(path), "", refused))
    return problems


def link_problem(path: Path) -> str | None:
    """What is wrong with one entry found by entries(): a link, or something that is not a file or folder."""
    try:
        mode = path.lstat().st_mode
    except OSError as error:
        return f"could not be read: {error.strerror}"
    if stat.S_ISLNK(mode):
        try:
            target = os.readlink(path)
        except OSError:
            target = "somewhere"
        return f"is a symbolic link (to {target}); {LINK_ADVICE}"
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return "is not a regular file (a device, pipe or socket); delete it"
    return None


def unsafe_reason(root: str | os.PathLike, relative: str | os.PathLike) -> str | None:
    """Why content/<relative> must not be read or copied, or None for a regular file inside root.

    Every step of the path is looked at without following links, and the real
    path must stay inside root: `images/../../x`, `images/link/x` and a link
    anywhere on the way are all refused.
    """
    base = Path(os.path.realpath(root))
    parts = Path(relative).parts
    if Path(relative).is_absolute() or ".." in parts or not parts:
        return "is outside the content folder"
    path = base
    for part in parts:
        path = path / part
        try:
            mode = path.lstat().st_mode
        except OSError:
            return "does not exist"
        if stat.S_ISLNK(mode):
            return "is (or is inside) a symbolic link"
    if not stat.S_ISREG(mode):
        return "is not a regular file"
    if not Path(os.path.realpath(path)).is_relative_to(base):
        return "is outside the content folder"
    return None


def is_safe(root: str | os.PathLike, relative: str | os.PathLike) -> bool:
    return unsafe_reason(root, relative) is None


def _refuse(generator, relative: str, reason: str) -> None:
    """One error per file and generator (Pelican looks for files more than once)."""
    refused = generator.__dict__.setdefault("_fanzine_refused", set())
    if relative not in refused:
        refused.add(relative)
        log.error("content/%s: not read or published: it %s", Path(relative).as_posix(), reason)


class SortedFiles(set):
    """A set of file names that iterates in name order: items with the same date are listed in the same order
    in every build (a plain set's order changes from one process to the next with Python's string hashing)."""

    def __iter__(self):
        return iter(sorted(set.__iter__(self)))


def files_without_links(generator, paths, exclude=None, extensions=None) -> set[str]:
    """Pelican's Generator.get_files, except that no link is followed or returned: each is an error.

    Pelican walks content folders following links, so a link to /proc/self (whose
    `root` is the whole disk) would be walked, and a linked folder's files copied.
    """
    paths = [paths] if isinstance(paths, str) else paths
    content = generator.path
    excluded = {os.path.normpath(os.path.join(content, path)) for path in exclude or []}
    ignores = generator.settings.get("IGNORE_FILES", [])
    found: set[str] = SortedFiles()
    for path in paths:
        root = os.path.join(content, path) if path else content
        if os.path.islink(root):
            _refuse(generator, os.path.relpath(root, content), "is a symbolic link")
        elif os.path.isdir(root):
            found.update(walk_folder(generator, root, content, excluded, ignores, extensions))
        elif os.path.isfile(root) and generator._include_path(path, extensions):
            found.add(path)
    return found


def walk_folder(generator, root: str, content: str, excluded: set[str], ignores: list[str], extensions) -> list[str]:
    """The regular files under root (relative to content/), in name order; each link met is refused."""
    found: list[str] = []
    with os.scandir(root) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)  # the kind of each comes with the listing
    for entry in entries:
        relative = os.path.relpath(entry.path, content)
        if entry.is_symlink():
            _refuse(generator, relative, "is a symbolic link")
        elif entry.is_dir(follow_symlinks=False):
            if entry.path not in excluded and not any(fnmatch.fnmatch(entry.name, ignore) for ignore in ignores):
                found += walk_folder(generator, entry.path, content, excluded, ignores, extensions)
        elif entry.is_file(follow_symlinks=False) and generator._include_path(relative, extensions):
            found.append(relative)
    return found


def walk_without_links(generator) -> None:
    """Signal handler (article, page and static generator init): the generator finds files without following links."""
    generator.get_files = functools.partial(files_without_links, generator)


def refuse_unsafe_static_files(generator) -> None:
    """Signal handler (static_generator_finalized): copy only real files inside STATIC_PATHS (content/images/).

    Pelican's static copy follows links and also copies any file a body names
    with {static}; here each such file is dropped, and the build reports it as
    an error (so `fanzine build` fails), whatever the check said before.
    """
    content = generator.path
    folders = tuple(Path(folder).parts[0] for folder in generator.settings.get("STATIC_PATHS", []))
    kept = []
    for static in generator.staticfiles:
        relative = os.path.relpath(static.source_path, content)
        reason = unsafe_reason(content, relative)
        if reason is None and Path(relative).parts[0] not in folders:
            reason = f"is not in {', '.join(f'content/{f}/' for f in folders)}, the folder of files to publish"
        if reason is None:
            kept.append(static)
            continue
        _refuse(generator, relative, reason)
        generator.context.get("static_content", {}).pop(static.get_relative_source_path(), None)
    generator.staticfiles = kept
    generator.context["staticfiles"] = kept
