"""The warm build of `make serve`: one process keeps Pelican, the plugin and the compiled templates loaded.

Every save runs the same build `fanzine build` runs, in this process: the
check, then Pelican into a staging folder (in memory where the machine has
/dev/shm). Unchanged files are read from the content cache, templates come
compiled from memory. Then output/ is made identical to the staging folder:
only files whose bytes changed are written (each by an atomic rename, so the
server never sends half a page), files the build no longer makes are deleted.
A build that stops on a mistake writes nothing: the last good build stays
served, and the outcome says why (the same sentences the terminal prints).
"""
from __future__ import annotations

import functools
import gc
import gzip
import logging
import os
import pickle
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import FanzineError
from ..outputs import pagescan
from .rerender import PageMemory, watched_roots


@dataclass
class Outcome:
    """What one build did: the files it changed, or why it wrote nothing."""

    ok: bool
    seconds: float
    changed: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # the artist's mistakes, as the terminal shows them
    warnings: list[str] = field(default_factory=list)
    crash: str | None = None  # something went wrong inside Fanzine (not the artist's mistake)
    rendered: list[str] = field(default_factory=list)  # the pages rendered again (the others were unchanged)
    pages: int = 0  # the pages the build made


class ErrorLog(logging.Handler):
    """Pelican's and the plugin's errors during one build: a build that logged one is not published."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def staging_folder() -> Path:
    """Where the warm builds land before output/ is updated: memory (/dev/shm) when the machine offers it.
    A dev server that was killed (no chance to clean up) left its folder: it goes now."""
    memory = Path("/dev/shm")
    parent = memory if memory.is_dir() and os.access(memory, os.W_OK) else Path(tempfile.gettempdir())
    for left in parent.glob("fanzine-serve-*-*"):
        pid = left.name.split("-")[2]
        if pid.isascii() and pid.isdigit() and not Path(f"/proc/{pid}").exists() and Path("/proc/self").exists():
            shutil.rmtree(left, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"fanzine-serve-{os.getpid()}-", dir=parent))


def forget_last_build() -> None:
    """Pelican memoizes each page's content and summary in a dict on its Content class, keyed by the page
    object: in one long-lived process that keeps every build's pages alive. A build forgets the last one's."""
    from pelican.contents import Content
    from pelican.utils import memoized

    for value in vars(Content).values():
        if isinstance(value, memoized):
            value.cache.clear()


def remember_summaries() -> None:
    """Pelican cuts every item's summary from its HTML again on every build (feeds and listings use them all):
    in the dev server's process each body is cut once. The cut is a function of its arguments alone."""
    import pelican.contents

    if not hasattr(pelican.contents.truncate_html_words, "cache_info"):
        pelican.contents.truncate_html_words = functools.lru_cache(maxsize=8192)(
            pelican.contents.truncate_html_words)


def digest(path: Path, found: os.stat_result | None = None) -> bytes:
    """What a built file's bytes are, to tell which changed: a page this build wrote or read is known already."""
    known = pagescan.known_digest(path, found) if found is not None else None
    return known if known is not None else pagescan.file_digest(path.read_bytes())


class CacheWrites:
    """Pelican's content caches (and the check's), written once the pages are served, not in the middle of the build.

    Pelican gzips every cache file at level 9 on every build: a third of a second on a 1,000-item hub, spent
    before the saved page could be shown. Here a cache is pickled when Pelican saves it (as it is then, so
    nothing the rest of the build changes goes in), and compressed (at level 1) and written after output/
    is updated.
    """

    def __init__(self) -> None:
        self.pending: dict[str, tuple[bool, bytes]] = {}

    def __enter__(self) -> CacheWrites:
        from pelican.cache import FileDataCacher

        from ..content.check import FileChecks

        pending = self.pending

        def save_cache(cacher: FileDataCacher) -> None:
            if cacher._cache_data_policy:
                pending[cacher._cache_path] = (bool(cacher.settings["GZIP_CACHE"]), pickle.dumps(cacher._cache))

        def save_checks(checks: FileChecks) -> None:  # the check's own cache, the same way
            if checks.file and checks.used.keys() != checks.stored:
                pending[str(checks.file)] = (False, pickle.dumps(checks.used, protocol=pickle.HIGHEST_PROTOCOL))

        self.original = FileDataCacher.save_cache, FileChecks.save
        FileDataCacher.save_cache, FileChecks.save = save_cache, save_checks  # type: ignore[method-assign,assignment]
        return self

    def __exit__(self, *_exception: object) -> None:
        from pelican.cache import FileDataCacher

        from ..content.check import FileChecks

        FileDataCacher.save_cache, FileChecks.save = self.original  # type: ignore[method-assign]

    def write(self) -> None:
        """The caches to disk, each by an atomic rename (a fresh `fanzine build` may read them any time)."""
        for path, (zipped, data) in sorted(self.pending.items()):
            partial = f"{path}.fanzine-part"
            try:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                # Level 1: Pelican reads any level, and the dev server writes these after every save.
                with (gzip.open(partial, "wb", compresslevel=1) if zipped else open(partial, "wb")) as file:
                    file.write(data)
                os.replace(partial, path)
            except OSError:
                logging.getLogger("fanzine").debug("could not write the cache %s", path, exc_info=True)
        self.pending.clear()


class WarmBuild:
    """Builds content/ into output/ again and again in this process, writing only what changed."""

    def __init__(self, content: str = "content", as_of: str | None = None, output: str = "output") -> None:
        self.content, self.as_of = content, as_of
        self.output = Path(output).resolve()
        self.staging = staging_folder()
        self.served: dict[str, bytes] | None = None  # output/'s files → their digests, as last written
        self.pages = PageMemory(watched_roots(content, Path.cwd()))  # what each page read when last rendered
        self.caches: CacheWrites | None = None
        self.collecting = False  # the cycle collector paused for the last build, until write_caches()
        remember_summaries()

    def close(self) -> None:
        self.write_caches()
        shutil.rmtree(self.staging, ignore_errors=True)

    def build(self) -> Outcome:
        """One whole build into staging, then output/ updated; never raises for the artist's mistakes.
        Pages whose inputs did not change since the last good build are not rendered again (rerender.py).

        Python's cycle collector is paused until write_caches(): on a 1,000-item hub it walked every object
        of the build once or twice per save (0.1 s of the artist's wait), and a build's garbage is freed in
        one collection after the page is served."""
        self.collect()  # the last build's garbage, if write_caches() was not called
        started = time.perf_counter()
        self.collecting = gc.isenabled()
        gc.disable()
        self.pages.begin()
        good = False
        try:
            with CacheWrites() as caches:
                outcome = self.build_once(started)
            good = outcome.ok
        finally:
            self.pages.end(good)  # also when the build was interrupted (Ctrl+C): the classes are Jinja's again
        outcome.rendered, outcome.pages = list(self.pages.rendered), len(self.pages.rendered) + self.pages.kept
        self.caches = caches  # written by write_caches(), once the open pages know the new build is there
        return outcome

    def write_caches(self) -> None:
        """Pelican's content caches of the last build, to disk, and the build before it deleted from staging
        (after output/ is updated and announced)."""
        if self.caches is not None:
            self.caches.write()
            self.caches = None
        self.delete_set_aside()
        self.collect()

    def collect(self) -> None:
        """The cycle collector back on, after one collection of the last build's garbage."""
        if self.collecting:
            self.collecting = False
            gc.collect()
            gc.enable()

    def set_aside(self) -> None:
        """The last build's staging folder moved out of the way (one rename): deleting its files is no work for
        the build the artist waits for (write_caches does it once the page is served)."""
        self.delete_set_aside()  # a build before it, if nobody called write_caches
        if self.staging.exists():
            aside = self.staging.with_name(f"{self.staging.name}-old")
            try:
                os.replace(self.staging, aside)
            except OSError:
                shutil.rmtree(self.staging, ignore_errors=True)

    def delete_set_aside(self) -> None:
        shutil.rmtree(self.staging.with_name(f"{self.staging.name}-old"), ignore_errors=True)

    def build_once(self, started: float) -> Outcome:
        from ..content.check import check_site
        from ..early import sources
        from ..early.secret import working_secret
        from .cli import load_settings

        errors = ErrorLog()
        root = logging.getLogger()
        root.addHandler(errors)
        forget_last_build()
        try:
            self.set_aside()
            self.staging.mkdir(parents=True)
            settings = load_settings(False, str(self.staging), self.as_of, self.content)
            settings["DELETE_OUTPUT_DIRECTORY"] = False
            sources.use(working_secret(publish=False)[0])
            cache = settings.get("CACHE_PATH") if settings.get("LOAD_CONTENT_CACHE") else None
            site = check_site(settings["PATH"], cache=cache, settings=settings, purpose="build")
            warnings = [str(p) for p in sorted(site.problems) if p.warning]
            if site.errors:
                return Outcome(False, time.perf_counter() - started, warnings=warnings,
                               problems=[str(p) for p in sorted(site.problems) if not p.warning])
            settings["FANZINE_SITE"] = site
            pagescan.served_digest = self.served_digest
            self.run_pelican(settings)
        except FanzineError as error:
            return Outcome(False, time.perf_counter() - started, problems=[str(error)])
        except Exception as error:  # noqa: BLE001 - the dev server keeps serving and says what happened
            logging.getLogger("fanzine").debug("the warm build failed", exc_info=True)
            return Outcome(False, time.perf_counter() - started, crash=f"{type(error).__name__}: {error}")
        finally:
            pagescan.served_digest = None
            root.removeHandler(errors)
            forget_last_build()
        if errors.messages:
            return Outcome(False, time.perf_counter() - started, warnings=warnings, problems=errors.messages)
        changed, deleted = self.publish()
        return Outcome(True, time.perf_counter() - started, changed, deleted, warnings=warnings)

    @staticmethod
    def run_pelican(settings: dict) -> None:
        from pelican import Pelican
        from pelican.log import console

        from .cli import drop_content_caches

        site = settings["FANZINE_SITE"]
        console.quiet = True  # the terminal says "rebuilt in 0.12 s", not Pelican's summary every save
        try:
            Pelican(settings).run()
        except (EOFError, pickle.UnpicklingError, ModuleNotFoundError, AttributeError):
            drop_content_caches(settings["CACHE_PATH"])  # as `fanzine build`: a broken cache
            settings["FANZINE_SITE"] = site
            Pelican(settings).run()
        finally:
            console.quiet = False

    def served_digest(self, path: str) -> bytes | None:
        """The digest of what output/ serves for a file of the staging folder (as the last publish wrote it)."""
        prefix = f"{self.staging}{os.sep}"
        if self.served is None or not path.startswith(prefix):
            return None
        return self.served.get(path[len(prefix):].replace(os.sep, "/"))

    def publish(self) -> tuple[list[str], list[str]]:
        """output/ made identical to the staging folder: changed files replaced atomically, gone ones deleted."""
        if self.served is None:
            self.served = self.scan(self.output)
        built = self.scan(self.staging)
        changed = sorted(name for name, sha in built.items() if self.served.get(name) != sha)
        deleted = sorted(set(self.served) - set(built))
        for name in changed:
            target = self.output / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_dir():
                shutil.rmtree(target)
            partial = target.with_name(f".{target.name}.fanzine-part")
            shutil.copyfile(self.staging / name, partial)
            os.replace(partial, target)
        for name in deleted:
            (self.output / name).unlink(missing_ok=True)
        self.prune_empty_folders({str(Path(name).parent) for name in deleted})
        self.served = built
        return changed, deleted

    def prune_empty_folders(self, folders: set[str]) -> None:
        for folder in sorted(folders, key=len, reverse=True):
            path = self.output / folder
            while path != self.output and path.is_dir() and not any(path.iterdir()):
                path.rmdir()
                path = path.parent

    @staticmethod
    def scan(root: Path) -> dict[str, bytes]:
        """Every file under root (relative name → digest); never follows a link."""
        found: dict[str, bytes] = {}
        folders = [(root, "")]
        while folders:
            folder, prefix = folders.pop()
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:  # the entry knows whether it is a link, a folder or a file: no more lookups
                if entry.is_symlink():
                    continue
                if entry.is_dir():
                    folders.append((Path(entry.path), f"{prefix}{entry.name}/"))
                elif entry.is_file():
                    found[prefix + entry.name] = digest(Path(entry.path), entry.stat())
        return found
