"""Every setting the plugin reads, declared once with its type, default and what it does; applied when Pelican starts.

pelicanconf.py keeps what an artist or Pelican itself needs (paths, plugins,
theme, cache, feeds on or off); everything else has its default here or, for
the addresses of a content type's pages, in that type's record (types/).
A setting still at Pelican's own default takes Fanzine's; one the project sets
wins. An unknown FANZINE_* setting is reported with the nearest known name,
never silently ignored.
"""
from __future__ import annotations

import difflib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import FanzineError
from ..types import registry

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Setting:
    """One setting: its name, the type its value must have, its default and one line on what it does."""

    name: str
    kind: type | tuple[type, ...]
    default: Any
    doc: str
    set_by_build: bool = False  # computed by the build (from artist.yml, the check...): not for pelicanconf.py

    def default_value(self) -> Any:
        return self.default() if callable(self.default) else _copy(self.default)


def _copy(value: Any) -> Any:
    """Defaults are handed out as fresh lists and dicts: a build that changes one never changes the next's."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def _untrusted() -> list[str]:
    return list(registry.untrusted_folders())


OPTIONAL_TEXT = (str, type(None))

SETTINGS: tuple[Setting, ...] = (
    # the hub's own pages
    Setting("INDEX_SAVE_AS", str, "index.html", "the hub home (or the main link page with home: links)"),
    Setting("NOTFOUND_SAVE_AS", str, "404.html", "the page-not-found page, which every static host serves"),
    Setting("PRIVACY_URL", str, "privacy/", "the privacy page: what the site counts (artist.yml's stats:)"),
    Setting("PRIVACY_SAVE_AS", str, "privacy/index.html", "the privacy page"),
    Setting("DIRECT_TEMPLATES", list, ["index", "stories", "notfound", "privacy"],
            "the pages made from a template alone: the home, the stories page, the page-not-found page, the privacy "
            "page"),
    # Pelican's pages a fan hub has no use for: off
    Setting("TAGS_SAVE_AS", str, "", "no page listing every tag (each tag has its own page)"),
    Setting("CATEGORY_SAVE_AS", str, "", "no category pages: stories have tags"),
    Setting("CATEGORIES_SAVE_AS", str, "", "no category pages: stories have tags"),
    Setting("AUTHOR_SAVE_AS", str, "", "no author pages: the hub has one artist"),
    Setting("AUTHORS_SAVE_AS", str, "", "no author pages: the hub has one artist"),
    Setting("ARCHIVES_SAVE_AS", str, "", "no archive page: the stories page lists every story"),
    Setting("DRAFT_SAVE_AS", str, "", "status: draft is never built (see types/fields.py, STATUS)"),
    Setting("DRAFT_PAGE_SAVE_AS", str, "", "status: draft is never built, pages neither"),
    # how content is read
    Setting("SLUGIFY_SOURCE", str, "basename", "a page's address comes from its file name (or its slug: key)"),
    Setting("FILENAME_METADATA", str, r"(?!x)x", "never guess dates from file names"),
    Setting("DEFAULT_PAGINATION", (bool, int), False, "listings are one page each"),
    Setting("SUMMARY_MAX_PARAGRAPHS", (int, type(None)), 1, "a summary without summary: is the first paragraph"),
    Setting("SUMMARY_MAX_LENGTH", (int, type(None)), 60, "… cut to this many words"),
    Setting("MARKDOWN", dict, {
        "extension_configs": {
            "markdown.extensions.extra": {},
            "markdown.extensions.smarty": {},
            "markdown.extensions.sane_lists": {},
        },
        "output_format": "html5",
    }, "Python-Markdown's extensions (never `meta`: front matter is YAML; players join at start-up)"),
    Setting("JINJA_ENVIRONMENT", dict, {"trim_blocks": True, "lstrip_blocks": True, "extensions": [],
                                        "autoescape": True},
            "every template escapes what it prints; HTML rendered from Markdown is printed with | safe"),
    # Fanzine's own
    Setting("FANZINE_AS_OF", OPTIONAL_TEXT, None,
            "build the site as it will look on this day (YYYY-MM-DD); also AS_OF=, --as-of and the environment"),
    Setting("FANZINE_PUBLISH", bool, False,
            "a production build (publishconf.py): placeholders and forms that cannot work are errors"),
    Setting("FANZINE_UNTRUSTED_FOLDERS", list, _untrusted,
            "content folders whose Markdown comes from fans (sanitised, small bodies); untrusted types always are"),
    Setting("FANZINE_ARTIST", dict, {}, "content/artist.yml, checked (also ARTIST in templates)", set_by_build=True),
    Setting("FANZINE_SITE", object, None, "the check the `fanzine` command ran, handed to the build",
            set_by_build=True),
    Setting("FANZINE_TODAY", object, None, "the day the site is built for: AS_OF, or today in the artist's "
            "timezone; computed once by the check", set_by_build=True),
    Setting("FANZINE_HOME", str, "hub", "artist.yml's home: (hub or links)", set_by_build=True),
    Setting("FANZINE_FEEDS", dict, {}, "each feed's path, or None where it is not written", set_by_build=True),
    Setting("FANZINE_CONTRIBUTING_URL", OPTIONAL_TEXT, None, "where the \"Add your playlist\" card sends fans",
            set_by_build=True),
    Setting("FANZINE_GATE_KEYS", object, None, "the early-access keys of this build", set_by_build=True),
    Setting("FANZINE_GATED_PICTURES", list, [], "pictures only gated pages show: never copied in clear",
            set_by_build=True),
    # the hub's look, settled once per build from artist.yml (theme/identity.py)
    Setting("FANZINE_LOOK", object, None, "the theme preset with artist.yml's accent and fonts (theme/presets.py)",
            set_by_build=True),
    Setting("FANZINE_TYPEFACES", list, [], "the font files the look uses, cut to the pages' characters at the end",
            set_by_build=True),
    Setting("FANZINE_FONT_PRELOADS", list, [], "the font files every page preloads", set_by_build=True),
    Setting("FANZINE_HERO", object, None, "the softened background picture and its overlay, or None",
            set_by_build=True),
    Setting("FANZINE_MARKS", object, None, "the artist's icons and web app manifest (outputs/marks.py)",
            set_by_build=True),
)


def declared() -> dict[str, Setting]:
    """Every declared setting by name: the general ones above and each content type's addresses and feed."""
    found = {setting.name: setting for setting in SETTINGS}
    for content_type in registry.content_types():
        for name, default in content_type.settings().items():
            kind = OPTIONAL_TEXT if name.startswith("FEED_") else str
            found.setdefault(name, Setting(name, kind, default, f"{_what(name)} (types/{content_type.folder}.py)"))
    return found


def _what(name: str) -> str:
    if name.startswith("FEED_"):
        return "the feed's path, once FEED_ALL_ATOM turns feeds on"
    if name.endswith("_URL"):
        return f"the address of {name[:-4]} pages"
    return f"the file in output/ of {name[:-8]} pages"


def _pelican_default(name: str) -> Any:
    from pelican.settings import DEFAULT_CONFIG

    return DEFAULT_CONFIG.get(name, _MISSING)


_MISSING = object()


def value(settings: dict[str, Any], name: str) -> Any:
    """A setting as this build has it: the project's, else Fanzine's declared default."""
    given = settings.get(name, _MISSING)
    if given is _MISSING or given == _pelican_default(name):
        setting = declared().get(name)
        if setting is not None:
            return setting.default_value()
    return None if given is _MISSING else given


def with_defaults(settings: dict[str, Any]) -> dict[str, Any]:
    """Fill in every declared setting the project leaves unset (or at Pelican's own default), in place."""
    for name, setting in declared().items():
        if setting.set_by_build:
            continue
        given = settings.get(name, _MISSING)
        if given is _MISSING or given == _pelican_default(name):
            settings[name] = setting.default_value()
    return settings


def problems(settings: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(errors, warnings): declared settings of the wrong type, and FANZINE_* settings nobody reads."""
    known = declared()
    errors, warnings = [], []
    for name, given in settings.items():
        setting = known.get(name)
        if setting is None:
            if name.startswith("FANZINE_"):
                warnings.append(unknown_setting(name, known))
            continue
        if setting.kind is not object and given is not None and not isinstance(given, setting.kind):
            errors.append(f"Setting {name}: expected {_kind_name(setting.kind)}, got {type(given).__name__} "
                          f"({given!r:.60})")
    return errors, warnings


def unknown_setting(name: str, known: dict[str, Setting]) -> str:
    # compared without the FANZINE_ every one of them shares, which would make any two look alike
    fanzine = {other.removeprefix("FANZINE_"): other for other in known if other.startswith("FANZINE_")}
    close = difflib.get_close_matches(name.removeprefix("FANZINE_"), list(fanzine), n=1, cutoff=0.6)
    if close:
        return f"Unrecognised setting {name}: did you mean {fanzine[close[0]]}?"
    return f"Unrecognised setting {name}: Fanzine reads none by that name (docs/development.md lists them)"


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {str: "text", list: "a list", dict: "a mapping", bool: "true or false", int: "a number",
             type(None): "None"}
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def apply(pelican_or_settings: Any, report: Callable[[str], None] = log.warning) -> dict[str, Any]:
    """Signal handler (initialized), and the `fanzine check` command's: defaults filled in, mistakes reported."""
    settings = getattr(pelican_or_settings, "settings", pelican_or_settings)
    errors, warnings = problems(settings)
    for warning in warnings:
        report(warning)
    if errors:
        raise FanzineError("\n".join(errors))
    return with_defaults(settings)
