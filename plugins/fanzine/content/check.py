"""Checks the whole content folder at once: every file against its schema, then the links between files.

Used by `fanzine check`, before every build, and by the dev server; it reads
YAML only (no Markdown rendering), so it is quick enough to run every time.
"""
from __future__ import annotations

import datetime as dt
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..pipeline import cores
from ..early import gatecheck, sources
from ..early.sealing import SealError, is_sealed_name, plain_path
from ..errors import Problem, display_path
from ..outputs import hosting
from ..types import registry
from ..types.artist import ARTIST, ARTIST_FILE
from . import bodies, frontmatter, outputs, placeholders, safefiles, today
from .schema import INVALID, SAFE_SLUG, Report

SECTIONS = ("newsletter", "discord", "forms")  # artist.yml sections that other files depend on


@dataclass
class Site:
    """The checked content: artist settings and each folder's items, keyed by slug."""

    root: Path
    artist: dict[str, Any] = field(default_factory=dict)
    items: dict[str, dict[str, dict[str, Any]]] = field(default_factory=lambda: {f: {} for f in registry.folders()})
    problems: list[Problem] = field(default_factory=list)
    # "build" (make serve, make html), "check" (make check) or "publish": how strict the early-access checks are
    purpose: str = "build"
    # sealed copies this run cannot open (no or another secret): left out of a development build
    left_out: set[Path] = field(default_factory=set)
    # pictures of content/images/ that only gated pages show: published sealed, never in clear (gatecheck.py)
    gated_pictures: set[str] = field(default_factory=set)
    settings: dict[str, Any] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)  # every real file under content/, as content-relative paths
    today: dt.date | None = None  # the day the site is built for (content/today.py), once artist.yml is read

    @property
    def publish(self) -> bool:
        """Checked for a production build: what must not go live (placeholders, dead forms) is an error."""
        return self.purpose == "publish"

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]


class FileChecks:
    """Each file's front matter, as checked in an earlier build, reused while the file is unchanged.

    Keyed by path, size, modification time, how the path is shown and the day
    of the build (some checks depend on the date), so a hit is exactly what a
    fresh check would say. A cached rebuild of a big hub skips re-reading YAML.
    """

    def __init__(self, folder: str | os.PathLike | None):
        self.file = Path(folder) / "checks.pickle" if folder else None
        self.entries: dict = {}
        self.used: dict = {}  # what this build looked up: all that is saved, so old entries drop out
        if self.file and self.file.is_file():
            try:
                self.entries = pickle.loads(self.file.read_bytes())
            except Exception:  # a damaged cache is only a slower build
                self.entries = {}
        self.stored = frozenset(self.entries)  # entries checked ahead (check_ahead) are added to entries

    VERSION = 2  # what an entry holds; bumped when it changes, so older entries are never misread

    @staticmethod
    def key(path: Path, shown: str, day: dt.date | None, stat: os.stat_result | None = None) -> tuple:
        stat = stat or path.stat()
        return (FileChecks.VERSION, str(path), stat.st_size, stat.st_mtime_ns, shown, str(day))

    def save(self) -> None:
        """Written when this build looked up other files (or other versions) than the saved ones."""
        if self.file and self.used.keys() != self.stored:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            self.file.write_bytes(pickle.dumps(self.used, protocol=pickle.HIGHEST_PROTOCOL))


def check_site(content: str | os.PathLike, cache: str | os.PathLike | None = None,
               settings: dict | None = None, purpose: str | None = None, publish: bool = False) -> Site:
    """Check artist.yml and every Markdown file under content/; never raises for content mistakes.

    `cache` is a folder where unchanged files' results are kept between builds;
    `settings` are the build's (where pages land, which folders are fans'),
    pelicanconf.py's defaults when not given; `purpose` is "build", "check" or
    "publish" (see Site.purpose); `publish=True` is short for purpose="publish".
    """
    from ..pipeline.settings import with_defaults

    checks = FileChecks(cache)
    site = Site(root=Path(content), settings=with_defaults(dict(settings or {})),
                purpose=purpose or ("publish" if publish else "build"))
    if not site.root.is_dir():
        site.problems.append(Problem(display_path(site.root), "", "the content folder does not exist"))
        return site
    site.artist = check_artist(site)
    # The build's day, in the artist's timezone: the check's date rules use it, and so does the build (FANZINE_TODAY).
    site.today = today.as_of(site.settings, site.artist.get("timezone") or ARTIST.fields["timezone"].default)
    paths = list(safefiles.entries(site.root))
    check_ahead(site, checks, paths)
    for path in paths:
        refused = safefiles.link_problem(path)
        if refused:  # a link (to /proc/self/environ, to a folder of secrets...) is never read nor published
            site.problems.append(Problem(display_path(path), "", refused))
            continue
        if not path.is_file() or path.name.startswith(".") or _hidden(site, path):
            continue
        site.files.add(path.relative_to(site.root).as_posix())
        if path.name.startswith("_"):  # templates for contributors (Pelican's IGNORE_FILES skips them too)
            continue
        if sources.is_early_file(site.root, path):
            continue  # a file an early-access page offers (gatecheck looks at those)
        if is_sealed_name(path):
            plain = plain_path(path)
            if not plain.exists() and sources.is_page_name(plain):  # an early-access page sealed in git
                check_item(site, plain, checks, source=path)
        elif path.suffix.lower() in (".md", ".markdown"):
            check_item(site, path, checks)
        elif _companion(site, path):
            continue  # a file its type reads itself (a poll's results): checked with the item
        elif folder_of(site, path) is not None:  # a release saved as .txt would silently vanish
            site.problems.append(Problem(display_path(path), "", "this file is ignored: only .md files in this "
                                         "folder are read (rename it to end in .md)", warning=True))
    check_references(site)
    gatecheck.check_early_access(site)
    site.problems += outputs.collisions(site.items, site.artist, site.settings, display_path(site.root / ARTIST_FILE))
    if site.publish and not site.artist.get("_unread"):
        site.problems += hosting.endpoint_problems(site, display_path(site.root / ARTIST_FILE))
    if cache:
        checks.save()
    return site


def check_ahead(site: Site, checks: FileChecks, paths: list[Path]) -> None:
    """The front matter of the Markdown files the cache lacks, checked on every core before the walk below,
    which then finds them as cache entries (a cold check of a big hub). A file saved in between has another
    key and is checked again there; on one core, or a few files, this does nothing."""
    untrusted_folders = bodies.untrusted_folders(site.settings)
    jobs: list[tuple[tuple, tuple]] = []
    for path in paths:
        folder = folder_of(site, path)
        if folder is None or path.suffix.lower() not in (".md", ".markdown") or path.name.startswith((".", "_")) \
                or is_sealed_name(path) or path.is_symlink():
            continue
        try:
            found = path.stat()
        except OSError:
            continue
        shown, untrusted = display_path(path), folder in untrusted_folders
        key = FileChecks.key(path, shown, site.today, found) + (folder, untrusted, site.publish)
        if key not in checks.entries:
            jobs.append((key, (path, shown, folder, untrusted, site.publish, site.today)))
    done = cores.spread(_check_one, [arguments for _key, arguments in jobs])
    for (key, _arguments), result in zip(jobs, done or [], strict=False):
        checks.entries[key] = result


def _check_one(arguments: tuple) -> tuple:
    """In a worker: one file's check, as the cache keeps it."""
    data, cleaned, problems, links = check_front_matter(*arguments)
    return data, None if cleaned is INVALID else cleaned, problems, links


def _companion(site: Site, path: Path) -> bool:
    folder = folder_of(site, path)
    kind = registry.folders().get(folder) if folder else None
    return bool(kind and kind.companion and kind.companion(path.name))


def _hidden(site: Site, path: Path) -> bool:
    """Inside a folder whose name starts with a dot (.git, .obsidian): not content."""
    return any(part.startswith(".") for part in path.relative_to(site.root).parts[:-1])


def check_artist(site: Site) -> dict[str, Any]:
    path = site.root / ARTIST_FILE
    shown = display_path(path)
    # When artist.yml cannot be read, what it contains is unknown: "_unread" stops other
    # files from also reporting its newsletter:, discord: and forms: sections as missing.
    if path.is_symlink():  # reported with every other link; never read
        return {"_unread": True}
    if not path.is_file():
        site.problems.append(Problem(shown, "", "missing: every hub needs content/artist.yml with at least "
                                                "'name: Your Name'"))
        return {"_unread": True}
    try:
        text = path.read_text(encoding="utf-8")
        data = frontmatter.load_yaml(text)
        site.problems += frontmatter.comment_warnings(text, shown)
    except frontmatter.YamlProblem as problem:
        site.problems.append(Problem(shown, "", str(problem)))
        return {"_unread": True}
    except UnicodeDecodeError:
        site.problems.append(Problem(shown, "", "expected a UTF-8 text file; save it as UTF-8"))
        return {"_unread": True}
    report = Report(shown)
    cleaned = ARTIST.clean(data if data is not None else {}, "", report)
    site.problems += report.problems + placeholders.find(shown, data, None, site.publish)
    if cleaned is INVALID:
        # A mistake elsewhere in artist.yml must not make its sections look missing too.
        given = data if isinstance(data, dict) else {}
        return {"_unread": not isinstance(data, dict), **{k: True for k in SECTIONS if given.get(k)}}
    return cleaned


def folder_of(site: Site, path: Path) -> str | None:
    parts = path.relative_to(site.root).parts
    return parts[0] if len(parts) > 1 and parts[0] in registry.folders() else None


def check_front_matter(path: Path, shown: str, folder: str, untrusted: bool = False,
                       publish: bool = False, day: dt.date | None = None) -> tuple[Any, Any, list[Problem], list]:
    """(raw front matter, cleaned front matter, problems, the body's links to other files) for one file
    (a page or its sealed copy)."""
    text, problems = read_source(path, shown)
    if text is None:
        return None, INVALID, problems, []
    data, body, problems = frontmatter.split(text, shown)
    body_problems, links = bodies.check_body(text, body, shown, untrusted)
    if data is None:
        return None, INVALID, problems + body_problems, []
    report = Report(shown, today=day)
    cleaned = registry.folders()[folder].schema.clean(data, "", report)
    problems += report.problems + body_problems + placeholders.find(shown, data, body, publish)
    return data, cleaned, problems, links


def read_source(source: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """The text of a page, opening its sealed copy in memory when that is what is here."""
    if not is_sealed_name(source):
        return frontmatter.read_file(str(source), shown)
    try:
        return sources.opener().page_text(source, shown), []
    except SealError as error:
        return None, [Problem(shown + ".sealed", "", str(error).split(": ", 1)[1])]
    except UnicodeDecodeError:
        return None, [Problem(shown, "", "expected a UTF-8 text file; save it as UTF-8")]


def load_source(source: Path, shown: str) -> tuple[Any, str, list[Problem]]:
    """Front matter and body of a page (see read_source)."""
    text, problems = read_source(source, shown)
    if text is None:
        return None, "", problems
    return frontmatter.split(text, shown)


def can_open(site: Site, sealed: Path, shown: str) -> bool:
    """Whether this run has the secret a sealed page needs; says so when it has not."""
    try:
        sources.opener().key_for(sealed, shown)
        return True
    except SealError as error:
        message = str(error).split(": ", 1)[1]
    except OSError as error:
        message = f"could not be read: {error.strerror}"
    # Built where the artist's secret is not (a fork's pull request): left out, and the preview still builds.
    left_out = site.purpose != "publish" and sources.opener().secret.is_development
    if left_out:
        site.left_out.add(sealed)
        message += "; it is left out of this build"
    site.problems.append(Problem(shown + ".sealed", "", message, warning=left_out))
    return False


def check_item(site: Site, path: Path, checks: FileChecks | None = None, source: Path | None = None) -> None:
    """Check one content file; `source` is its sealed copy when only that is here."""
    source = source or path
    shown = display_path(path)
    folder = folder_of(site, path)
    if folder is None:
        site.problems.append(Problem(shown, "", "not in a known folder; move it into one of: "
                                                + ", ".join(f"content/{f}/" for f in registry.folders())))
        return
    if source != path and not can_open(site, source, shown):
        return
    untrusted = folder in bodies.untrusted_folders(site.settings)
    found = source.stat()  # before reading: a save after it makes the reader's copy not cached (readers.py)
    stamp = (found.st_size, found.st_mtime_ns)
    key = FileChecks.key(source, shown, site.today, found) + (folder, untrusted, site.publish) if checks is not None else None
    if checks is not None and key in checks.entries:
        data, cleaned, problems, links = checks.entries[key]
        cleaned = INVALID if cleaned is None else cleaned  # INVALID is a marker object: it does not pickle
    else:
        data, cleaned, problems, links = check_front_matter(source, shown, folder, untrusted, site.publish, site.today)
    if checks is not None:
        checks.used[key] = (data, None if cleaned is INVALID else cleaned, problems, links)
    site.problems += problems
    if data is None:
        return
    override = data.get("slug") if isinstance(data.get("slug"), str) else None
    slug = slug_for(path, override)
    if not SAFE_SLUG.fullmatch(slug):
        if override:  # the slug: key's own check has said what is wrong with it
            return
        site.problems.append(Problem(shown, "", f"the file name makes an unsafe web address ({slug!r}); rename "
                                                "it with lowercase letters, digits and hyphens, like night-drive.md"))
        return
    if slug in site.items[folder]:
        other = site.items[folder][slug]["_path"]
        site.problems.append(Problem(shown, "slug" if override else "",
                                     f"the web address '{slug}' is already used by {other}; each "
                                     f"{registry.folders()[folder].item} needs its own"))
        return
    # A broken file still claims its slug, so references to it don't report twice, and its valid
    # keys are still checked against the rest of the site (a missing cover is reported with the typo).
    schema = registry.folders()[folder].schema
    fields = cleaned if cleaned is not INVALID else {**valid_keys(schema, data, shown), "_invalid": True}
    site.items[folder][slug] = {**fields, "_path": shown, "_file": source, "_links": links, "_stamp": stamp}


def valid_keys(schema, data: dict, shown: str) -> dict:
    """The keys of a broken file that are fine on their own (their problems are already reported)."""
    quiet = Report(shown)
    kept = {}
    for name, raw in data.items():
        if isinstance(name, str) and name in schema.fields and raw is not None:
            value = schema.fields[name].clean(raw, name, quiet)
            if value is not INVALID:
                kept[name] = value
    return kept


def slug_for(path: Path, override: str | None) -> str:
    """The URL name: the `slug:` key if given, else the file name without .md."""
    return (override or path.stem).strip()


def check_references(site: Site) -> None:
    """Links between files: pictures exist, each type's references (a story's releases...), forms for gates."""
    artist_file = display_path(site.root / ARTIST_FILE)
    image_keys = [("avatar", site.artist, artist_file), ("background", site.artist, artist_file)]
    for folder, items in site.items.items():
        kind = registry.folders()[folder]
        for item in items.values():
            image_keys.append(("cover", item, item["_path"]))
            if kind.check_references is not None:
                kind.check_references(site, item)
            mode = (item.get("access") or {}).get("mode")
            if mode in ("signup", "both") and not site.artist.get("forms") and not site.artist.get("_unread"):
                site.problems.append(Problem(item["_path"], "access.mode", f"mode {mode} needs the form endpoint: "
                                             "add forms: { endpoint: ... } to content/artist.yml (see docs/endpoint.md)"))
    if site.artist.get("home") == "links" and "index" not in site.items["links"]:
        site.problems.append(Problem(display_path(site.root / ARTIST_FILE), "home", "home: links shows your main "
                                     "link page at /, but content/links/index.md does not exist; write it (make "
                                     "start writes one) or use home: hub"))
    for key, item, shown in image_keys:
        image = item.get(key)
        # compared with the files as they are named (a Mac finds Cover.JPG for cover.jpg; the web host will not)
        if image and image not in site.files and not (site.root / image).is_symlink():
            site.problems.append(Problem(shown, key, f"the picture content/{image} does not exist"
                                                     + bodies.suggestion(image, site.files)))
    check_body_links(site)


def check_body_links(site: Site) -> None:
    """{static}, {attach} and {filename} links in bodies name files that are published."""
    pages = {item["_file"].relative_to(site.root).as_posix(): item
             for items in site.items.values() for item in items.values()}
    published = tuple(Path(folder).parts[0] for folder in site.settings.get("STATIC_PATHS", ["images"]))
    for source, item in pages.items():
        if item.get("_links"):
            site.problems += bodies.check_links(source, item["_path"], item["_links"], site.files, pages,
                                                published, site.root)
