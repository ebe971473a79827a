"""The `fanzine` command: check, build, serve and scaffold. What the Makefile runs.

Artists see sentences, never tracebacks: every FanzineError is printed as its
message and exits 1; `--debug` shows the traceback for developers.
"""
from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import logging
import os
import pickle
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from ..content.check import check_site
from ..early import sources
from ..early.secret import working_secret
from ..errors import FanzineError, display_path
from ..pipeline.settings import apply as apply_settings
from . import docs, gatecli, participation, stats
from .events import add_commands as add_event_commands
from .fans import add_commands as add_fan_commands
from .scaffold import kinds

log = logging.getLogger("fanzine")


class CountingHandler(logging.Handler):
    """Counts Pelican's errors so a build that logged one exits non-zero (for CI)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record):
        self.count += 1


def drop_content_caches(cache: str) -> None:
    """Pelican's cache files and the check's, dropped after one could not be read (a build killed mid-write,
    or another build writing it right then). The folders stay: pictures, cards, fonts and compiled templates
    are named by a hash of their inputs, and a dev server running beside this build is using them."""
    folder = Path(cache)
    if folder.is_dir():
        for path in folder.iterdir():
            if path.is_file() or path.is_symlink():
                path.unlink(missing_ok=True)


def setup_logging(debug: bool) -> CountingHandler:
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING,
                        format="%(levelname)s: %(message)s" if debug else "%(message)s", force=True)
    counter = CountingHandler()
    logging.getLogger().addHandler(counter)
    return counter


def print_problems(problems) -> None:
    errors = [p for p in problems if not p.warning]
    for problem in sorted(problems):
        print(problem, file=sys.stderr)
    if errors:
        noun = "problem" if len(errors) == 1 else "problems"
        print(f"\n{len(errors)} {noun} found. Fix {'it' if len(errors) == 1 else 'them'} and run again.",
              file=sys.stderr)


def load_settings(publish: bool, output: str | None, as_of: str | None, content: str | None = None) -> dict:
    from pelican.settings import read_settings

    override = {}
    if content:
        override["PATH"] = os.path.abspath(content)
    if output:
        override["OUTPUT_PATH"] = os.path.abspath(output)
    if as_of:
        override["FANZINE_AS_OF"] = as_of
    settings = read_settings("publishconf.py" if publish else "pelicanconf.py", override=override)
    load_site_plugins(settings)
    # Pelican's own cleaning empties OUTPUT_PATH; only ever allow that for ./output.
    if Path(settings["OUTPUT_PATH"]).resolve() != Path("output").resolve():
        settings["DELETE_OUTPUT_DIRECTORY"] = False
    check_cache_folder(settings["CACHE_PATH"])
    return settings


def check_cache_folder(cache: str) -> None:
    """The cache folder is Fanzine's to fill, and everything in it can be made again. A file in its place, or
    a link in it to a place that is gone (a disk not mounted), would stop the build deep inside: say so first."""
    folder = Path(cache)
    for path in [folder, *(folder.iterdir() if folder.is_dir() else ())]:
        if path.is_symlink() and not path.exists():
            raise FanzineError(f"{display_path(path)}: expected a folder for the build's cache, found a link to "
                               f"{os.readlink(path)}, which does not exist. Delete the link (Fanzine makes the "
                               "folder again) or make the folder it points to.")
    if folder.exists() and not folder.is_dir():
        raise FanzineError(f"{display_path(cache)}: expected a folder for the build's cache, found a file. "
                           "Delete it (Fanzine makes the folder again).")


def project_settings() -> dict:
    """The development settings of the project in this folder (where pages land), or none outside a project."""
    if not Path("pelicanconf.py").is_file():
        return {}
    from pelican.settings import read_settings

    return read_settings("pelicanconf.py")


def load_site_plugins(settings: dict) -> None:
    """Import the project's other Pelican plugins (PLUGINS, from PLUGIN_PATHS): the content types they add
    must be known before the check, and to `fanzine new`. Pelican imports them again (from its module cache)."""
    for folder in settings.get("PLUGIN_PATHS") or []:
        if folder not in sys.path:
            sys.path.insert(0, folder)
    for name in settings.get("PLUGINS") or []:
        if isinstance(name, str) and name != "fanzine":
            try:
                importlib.import_module(name)
            except ImportError:
                pass  # Pelican says which plugin it cannot load, in its own words, when the build starts


def command_check(args) -> int:
    from ..content.safefiles import links_in_theme

    sources.use(working_secret(publish=args.publish)[0])
    settings = project_settings()
    load_site_plugins(settings)  # their content types are checked too
    settings = apply_settings(settings)
    site = check_site(args.content, settings=settings, purpose="publish" if args.publish else "check")
    site.problems += links_in_theme(settings)
    print_problems(site.problems)
    if site.errors:
        return 1
    count = sum(len(items) for items in site.items.values())
    checked = f"artist.yml and {count} content {'file' if count == 1 else 'files'} checked"
    warnings = len(site.problems)
    if warnings:
        print(f"No errors: {checked}; {warnings} {'warning' if warnings == 1 else 'warnings'} above to look at.")
    else:
        print(f"All good: {checked}.")
    return 0


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """A build makes hundreds of thousands of objects that live until it ends, and Python's cycle collector
    walked them over and over (a twentieth of a cached build of 1,000 items): what exists when the build
    starts is set aside from collection, and young objects are collected less often. Restored afterwards."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(10_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def command_build(args) -> int:
    with fewer_collections():
        return build_site(args)


def build_site(args) -> int:
    from pelican import Pelican

    counter = setup_logging(args.debug)
    started = time.perf_counter()
    settings = load_settings(args.publish, args.output, args.as_of, args.content)
    sources.use(working_secret(publish=args.publish)[0])
    cache = settings.get("CACHE_PATH") if settings.get("LOAD_CONTENT_CACHE") else None
    site = check_site(settings["PATH"], cache=cache, settings=settings, purpose="publish" if args.publish else "build")
    print_problems(site.problems)
    if site.errors:
        return 1
    settings["FANZINE_SITE"] = site
    try:
        Pelican(settings).run()
    except (EOFError, pickle.UnpicklingError, ModuleNotFoundError, AttributeError):
        # a build killed mid-write can leave a truncated cache, and an older Fanzine's cache names classes that
        # have moved since: drop it and build from scratch
        drop_content_caches(settings["CACHE_PATH"])
        settings["FANZINE_SITE"] = site
        Pelican(settings).run()
    if counter.count:
        print(f"The build reported {counter.count} error(s) above.", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"Built {settings['OUTPUT_PATH']} in {time.perf_counter() - started:.1f} s.")
    return 0


def command_serve(args) -> int:
    from .devserver import serve

    setup_logging(args.debug)
    return serve(host=args.host, port=args.port, as_of=args.as_of, content=args.content,
                 fresh_process=args.fresh_process)


def command_new(args) -> int:
    from .scaffold import scaffold

    path = scaffold(args.kind, args.title, Path(args.content))
    print(f"Created {os.path.relpath(path)}: open it, fill it in, then run `make serve` to see it.")
    return 0


def command_start(args) -> int:
    from .start import report, start

    content = Path(args.content)
    done = start(args.name, content, force=args.force)
    print(report(done, args.name.strip(), content))
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="fanzine", description="Build and check a Fanzine artist hub.")
    main.add_argument("--debug", action="store_true", help="show tracebacks (for developers)")
    commands = main.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="check every content file and report every problem")
    check.add_argument("--content", default="content")
    check.add_argument("--publish", action="store_true",
                       help="check as `make publish` does: placeholders and forms that cannot work are errors")
    check.set_defaults(run=command_check)

    build = commands.add_parser("build", help="check, then build the site")
    build.add_argument("--publish", action="store_true", help="production settings (publishconf.py)")
    build.add_argument("--output", help="build into this folder instead of output/")
    build.add_argument("--as-of", help="build the site as it will look on this date (YYYY-MM-DD)")
    build.add_argument("--quiet", action="store_true")
    build.add_argument("--content", help="build this content folder instead of content/ (examples/nova-lights)")
    build.set_defaults(run=command_build)

    serve = commands.add_parser("serve", help="build, serve with live reload, rebuild on every save")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--as-of", help="preview the site as it will look on this date (YYYY-MM-DD)")
    serve.add_argument("--content", default="content", help="serve this content folder (examples/nova-lights)")
    serve.add_argument("--fresh-process", action="store_true",
                       help="rebuild in a new process on every save (slower; what make bench compares with)")
    serve.set_defaults(run=command_serve)

    choices = kinds()
    new = commands.add_parser("new", help="start a new " + ", ".join(choices[:-1]) + " or " + choices[-1])
    new.add_argument("kind", choices=choices)
    new.add_argument("title")
    new.add_argument("--content", default="content")
    new.set_defaults(run=command_new)

    fresh = commands.add_parser("start", help="remove the example band from content/ and start your own hub")
    fresh.add_argument("name", help="your artist or band name")
    fresh.add_argument("--force", action="store_true", help="also delete the example's files you changed")
    fresh.add_argument("--content", default="content")
    fresh.set_defaults(run=command_start)

    gatecli.add_commands(commands)  # seal, open, secret, code (early access)
    docs.add_command(commands)  # the tables of keys and settings in docs/
    add_fan_commands(commands)  # fans export|forget, store migrate
    add_event_commands(commands)  # events rsvps|import
    stats.add_command(commands)  # stats: the cookieless counts as a table and a report
    participation.add_commands(commands)  # polls results, inbox, approve, reject
    return main


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    if "new" in words or not words or {"-h", "--help"} & set(words):
        # the content types of the project's own plugins join `fanzine new`'s choices (and its help)
        try:
            load_site_plugins(project_settings())
        except Exception:  # noqa: BLE001 - a broken pelicanconf.py is reported by the command that reads it
            pass
    args = parser().parse_args(argv)
    for name in ("debug",):
        setattr(args, name, getattr(args, name, False))
    try:
        return args.run(args)
    except FanzineError as error:
        if args.debug:
            raise
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the last guard: a sentence, never a traceback, for artists
        if args.debug:
            raise
        print(f"Something went wrong inside Fanzine ({type(error).__name__}: {error}).\n"
              "Run the same command with --debug after `fanzine` and open an issue with its output.",
              file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
