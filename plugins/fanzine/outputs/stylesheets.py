"""The theme's stylesheets, made once per build: the look's fonts and tokens first, then the theme's rules.

The theme's CSS is one file per component, listed in order by css/main.css,
followed by the theme preset's own rules (themes/fanzine/presets/<name>.css).
Fans get them as one file (one request on a weak connection), opened by the
preset's fonts and colour tokens (theme/presets.py), so no inline style is
needed and a strict CSP can ship.

Each front door (the link pages, the hub home, release pages, the smart links)
gets its own stylesheet cut down to the rules its built pages can use
(theme/cssprune.py): most fans open one of them first, in an app, on a weak
connection. STYLESHEETS is the one table of them.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..theme import cssprune, presets
from . import pagescan

IMPORT = re.compile(r'@import\s+(?:url\()?["\']?([\w./-]+\.css)["\']?\)?\s*;')
SCRIPT = re.compile(r'<script[^>]+src="[^"]*?/?theme/(js/[\w.-]+\.js)"')
STYLESHEET = "theme/css/fanzine.css"


def bundle_css(main: Path) -> str:
    """main.css with each `@import "x.css";` replaced by that file, in order."""
    folder = main.parent
    return IMPORT.sub(lambda m: (folder / m.group(1)).read_text(encoding="utf-8").strip() + "\n",
                      main.read_text(encoding="utf-8"))


# --- which pages each stylesheet serves --------------------------------------------------------------

def link_pages(context: dict, settings: dict, output: Path) -> list[str] | None:
    """Every link page, and / when it is the main link page (home: links); none: no stylesheet."""
    pages = [page.save_as for page in context.get("links", [])]
    main = any(page.slug == "index" for page in context.get("links", []))
    if main and settings.get("FANZINE_HOME") == "links":
        pages.append("index.html")
    return pages or None


def hub_home(context: dict, settings: dict, output: Path) -> list[str] | None:
    if settings.get("FANZINE_HOME") != "links" and (output / "index.html").is_file():
        return ["index.html"]
    return None


def release_pages(context: dict, settings: dict, output: Path) -> list[str] | None:
    """A release page is a front door too: a fan's first tap from a post."""
    return [release.save_as for release in context.get("releases", [])] or None


def smart_links(context: dict, settings: dict, output: Path) -> list[str] | None:
    return [str(settings["GO_SAVE_AS"]).format(slug=release.slug) for release in context.get("releases", [])]


@dataclass(frozen=True)
class Stylesheet:
    """One stylesheet of the build: where it goes and which built pages' classes it keeps."""

    path: str
    pages: Callable[[dict, dict, Path], list[str] | None] | None  # None: the whole theme
    scripts: bool = False  # also the classes the pages' theme scripts add after they load


STYLESHEETS: tuple[Stylesheet, ...] = (
    Stylesheet(STYLESHEET, None),
    Stylesheet("theme/css/fanzine-links.css", link_pages, scripts=True),
    Stylesheet("theme/css/fanzine-home.css", hub_home, scripts=True),
    Stylesheet("theme/css/fanzine-release.css", release_pages, scripts=True),
    Stylesheet("theme/css/fanzine-go.css", smart_links),
)


def classes_used(output: Path, static: Path, pages: list[str], scripts: bool) -> frozenset[str]:
    used: set[str] = set()
    loaded: set[str] = set()
    for page in pages:
        classes, page_scripts = page_classes(pagescan.page_text(output / page))
        used |= classes
        loaded.update(page_scripts)
    for script in sorted(loaded) if scripts else ():  # theme scripts, read from the theme: not in output/ yet
        source = static / script
        if source.is_file():
            used |= script_classes(source.read_text(encoding="utf-8"))
    return frozenset(used)


@functools.lru_cache(maxsize=32)
def script_classes(text: str) -> frozenset[str]:
    return frozenset(cssprune.classes_in_script(text))


@functools.lru_cache(maxsize=len(STYLESHEETS) * 2)
def pruned(css: str, used: frozenset[str]) -> str:
    """The rules of css the classes can use: a save that changed neither (most saves) prunes nothing again."""
    return cssprune.prune(css, set(used))


def classes_in_page(text: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The classes a page's elements carry, and the theme scripts it loads."""
    return frozenset(cssprune.classes_in_html(text)), tuple(SCRIPT.findall(text))


page_classes = pagescan.PerPage(classes_in_page)  # the warm dev server re-reads only the pages it rendered again


class StylesheetsGenerator:
    """A Pelican generator that writes every stylesheet of STYLESHEETS, once every page is written."""

    def __init__(self, context: dict, settings: dict, path: str, theme: str, output_path: str, *args: Any,
                 **kwargs: Any) -> None:
        self.context, self.settings, self.output_path = context, settings, Path(output_path)

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer: Any) -> None:
        static = Path(self.settings["THEME"]) / "static"
        # read and joined once per build: the theme's rules, then the preset's own
        theme_css = bundle_css(static / "css" / "main.css") + presets.skin(self.settings)
        head = presets.head_rules(self.settings)  # the fonts and the look's tokens, light and dark
        for stylesheet in STYLESHEETS:
            css = head
            if stylesheet.pages is None:
                css += theme_css
            else:
                pages = stylesheet.pages(self.context, self.settings, self.output_path)
                if pages is None:
                    continue
                css += pruned(theme_css, classes_used(self.output_path, static, pages, stylesheet.scripts))
                css += "\n"
            target = self.output_path / stylesheet.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(css, encoding="utf-8")


def get_generators(pelican: Any) -> type:
    return StylesheetsGenerator
