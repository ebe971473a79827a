"""Turns content/artist.yml into Pelican settings and template helpers, once per build."""
from __future__ import annotations

import datetime as dt
import functools
import logging
import os
from collections.abc import Callable

from markdown import Markdown
from markupsafe import Markup

from ..content import safefiles, today
from ..content.check import check_site
from ..early import gate, sources
from ..early.secret import working_secret
from ..errors import ContentError, Problem
from ..outputs import images, previews, structured
from ..theme import icons, identity, linebreaks, stats
from ..theme.platforms import PLATFORMS
from ..types import releases
from ..types.artist import artist_json_ld, default
from . import contributing, prefetch, readers

log = logging.getLogger(__name__)


RELEASE_TYPE_NAMES = releases.TYPE_NAMES


def real_paths() -> Callable[[str | os.PathLike], str]:
    """os.path.realpath for the check's items, each folder resolved once: the check refused every link to a file,
    so a file's real path is its folder's and its name (a link made since is refused again by the reader)."""
    folders: dict[str, str] = {}

    def real(path: str | os.PathLike) -> str:
        folder, name = os.path.split(os.path.abspath(path))
        if folder not in folders:
            folders[folder] = os.path.realpath(folder)
        return os.path.join(folders[folder], name)
    return real


def configure(pelican) -> None:
    """Check the content (reusing the `fanzine` command's check if it just ran) and apply artist.yml."""
    settings = pelican.settings
    today.as_of(settings)  # a bad AS_OF fails here, before any work
    publish = bool(settings.get("FANZINE_PUBLISH"))
    site = settings.pop("FANZINE_SITE", None)
    if site is None:
        sources.use(working_secret(publish)[0])
        site = check_site(settings["PATH"], settings=settings, purpose="publish" if publish else "build")
    engine = safefiles.links_in_theme(settings)  # checked on every build, even one handed a finished check
    if site.errors or engine:
        raise ContentError(site.problems + engine)
    real = real_paths()
    readers.CHECKED.clear()  # the reader reuses this check's cleaned front matter instead of parsing again
    readers.CHECKED.update({real(item["_file"]): {k: v for k, v in item.items() if not k.startswith("_")}
                            for items in site.items.values() for item in items.values() if not item.get("_invalid")})
    readers.CHECKED_STAMPS.clear()
    readers.CHECKED_STAMPS.update({real(item["_file"]): item["_stamp"]
                                   for items in site.items.values() for item in items.values() if "_stamp" in item})
    keys, secret_problems = gate.Keys.from_environment(publish)
    gated = {item["_path"]: item for items in site.items.values() for item in items.values() if item.get("access")}
    problems = [Problem(path, "access", problem) for path in gated for problem in secret_problems]
    problems += gate.missing_codes(gated, keys, publish, site.artist)
    for problem in problems:
        if problem.warning:
            log.warning("%s", problem)
    if any(not p.warning for p in problems):
        raise ContentError(problems)
    settings["FANZINE_GATE_KEYS"] = keys
    settings["FANZINE_GATED_PICTURES"] = sorted(site.gated_pictures)  # kept out of the clear copy of images/
    apply_artist(settings, site.artist, site.today)
    prefetch.remember(site)


def apply_artist(settings: dict, artist: dict, day: dt.date | None = None) -> None:
    """artist.yml into the settings templates read; `day` is the check's day of the build (FANZINE_TODAY)."""
    artist = dict(artist)
    if artist.get("bio"):
        # the artist's own Markdown: trusted, so marked safe for the autoescaping templates
        bio = Markdown(**readers.markdown_options(settings)).convert(artist["bio"])
        artist["bio_html"] = Markup(linebreaks.join(bio))
    settings["FANZINE_ARTIST"] = artist
    settings["ARTIST"] = artist
    settings["SITENAME"] = artist.get("name", settings.get("SITENAME", "Fanzine"))
    settings["TIMEZONE"] = artist.get("timezone", default("timezone"))
    settings["DEFAULT_LANG"] = artist.get("language", default("language"))
    settings["FANZINE_HOME"] = artist.get("home", default("home"))
    settings["FANZINE_CONTRIBUTING_URL"] = contributing.contributing_url(artist, settings["PATH"])
    settings["FANZINE_TODAY"] = day or today.as_of(settings)
    if settings["FANZINE_HOME"] == "links":  # the main link page is written to / instead of the hub
        settings["DIRECT_TEMPLATES"] = [t for t in settings["DIRECT_TEMPLATES"] if t != "index"]
    settings["ARTIST_JSON_LD"] = artist_json_ld(artist, settings.get("SITEURL", ""))
    settings["PLATFORM_NAMES"] = {key: platform.name for key, platform in PLATFORMS.items()}
    settings["RELEASE_TYPE_NAMES"] = RELEASE_TYPE_NAMES
    settings["RELEASE_TYPE_PLURALS"] = {kind: name + ("es" if name.endswith("x") else "s")
                                        for kind, name in RELEASE_TYPE_NAMES.items()}
    content_path = settings["PATH"]
    settings["JINJA_FILTERS"] = {
        **settings.get("JINJA_FILTERS", {}),
        "clock": releases.clock,
        "stats_target": stats.target,
        "iso_duration": structured.iso_duration,
        "image_size": functools.partial(images.image_size, content_path),  # picklable: Pelican caches settings
        "picture": functools.partial(images.picture, content_path, settings["OUTPUT_PATH"], settings["CACHE_PATH"]),
        "icon": functools.partial(icons.inline, settings["THEME"]),
        "cover_preview": functools.partial(previews.cover_preview, content_path, settings["OUTPUT_PATH"],
                                           settings["CACHE_PATH"], settings.get("SITEURL", "")),
    }
    identity.configure(settings, artist)  # theme preset, fonts, icons, hero backdrop; settles the accent
    previews.configure(settings)
