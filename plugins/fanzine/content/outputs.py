"""Where each content file lands in output/, from the build's own settings, so clashes are found before a build.

Two sources claiming one output file would stop Pelican halfway ("Failed to
overwrite …") or silently replace a page. `fanzine check` reports each clash
and names both sources: a page named like a section (pages/releases.md and the
discography at /releases/), a playlist named curators, a gated story reusing
an early-access page's name, a `slug:` override landing on another file's page.
"""
from __future__ import annotations

import os
from pathlib import PurePosixPath

from ..outputs import redirects
from ..errors import Problem

# The URL settings a check needs, as pelicanconf.py sets them (the build's own settings win).
DEFAULTS = {
    "ARTICLE_SAVE_AS": "stories/{slug}/index.html",
    "PAGE_SAVE_AS": "{slug}/index.html",
    "RELEASE_SAVE_AS": "releases/{slug}/index.html",
    "GO_SAVE_AS": "go/{slug}/index.html",
    "PLAYLIST_SAVE_AS": "playlists/{slug}/index.html",
    "PLAYLIST_XSPF_SAVE_AS": "playlists/{slug}.xspf",
    "LINKPAGE_SAVE_AS": "links/{slug}/index.html",
    "LINKS_INDEX_SAVE_AS": "links/index.html",
    "EARLY_SAVE_AS": "early/{slug}/index.html",
    "INDEX_SAVE_AS": "index.html",
    "STORIES_SAVE_AS": "stories/index.html",
    "NOTFOUND_SAVE_AS": "404.html",
    "RELEASES_INDEX_SAVE_AS": "releases/index.html",
    "PLAYLISTS_INDEX_SAVE_AS": "playlists/index.html",
    "PLAYLISTS_CURATORS_SAVE_AS": "playlists/curators/index.html",
}
# The hub's own pages, by the setting that places them, as the artist knows them.
SITE_PAGES = {
    "STORIES_SAVE_AS": "the stories page",
    "NOTFOUND_SAVE_AS": "the page-not-found page",
    "RELEASES_INDEX_SAVE_AS": "the discography page",
    "PLAYLISTS_INDEX_SAVE_AS": "the playlists page",
    "PLAYLISTS_CURATORS_SAVE_AS": "the curators page",
}
CALENDAR_FILE = "release.ics"  # releases.CALENDAR_FILE, next to the release page


def setting(settings: dict, name: str) -> str:
    return settings.get(name) or DEFAULTS[name]


def address(output: str) -> str:
    """An output file as fans see its address: releases/index.html → /releases/."""
    return "/" + (output[: -len("index.html")] if output.endswith("index.html") else output)


def item_outputs(folder: str, slug: str, item: dict, settings: dict) -> list[str]:
    """Every file one content file writes (none for a draft)."""
    if item.get("status") == "draft":
        return []
    if item.get("access") or folder == "early":  # a gated story, page or release is an early-access page
        return [setting(settings, "EARLY_SAVE_AS").format(slug=slug)]
    if folder == "releases":
        page = setting(settings, "RELEASE_SAVE_AS").format(slug=slug)
        return [page, setting(settings, "GO_SAVE_AS").format(slug=slug),
                str(PurePosixPath(os.path.dirname(page)) / CALENDAR_FILE)]
    if folder == "playlists":
        return [setting(settings, "PLAYLIST_SAVE_AS").format(slug=slug),
                setting(settings, "PLAYLIST_XSPF_SAVE_AS").format(slug=slug)]
    if folder == "links":
        page = setting(settings, "LINKS_INDEX_SAVE_AS" if slug == "index" else "LINKPAGE_SAVE_AS").format(slug=slug)
        folder_of_page = PurePosixPath(os.path.dirname(page))
        return [page, str(folder_of_page / "qr.svg"), str(folder_of_page / "qr.png")]
    name = {"stories": "ARTICLE_SAVE_AS", "pages": "PAGE_SAVE_AS"}[folder]
    return [setting(settings, name).format(slug=slug)]


def site_outputs(artist: dict, settings: dict) -> dict[str, str]:
    """The hub's own pages: output file → what the artist calls it."""
    pages = {setting(settings, name): words for name, words in SITE_PAGES.items()}
    if artist.get("home", "hub") == "hub":
        pages[setting(settings, "INDEX_SAVE_AS")] = "the home page"
    return pages


def collisions(items: dict[str, dict[str, dict]], artist: dict, settings: dict,
               artist_path: str = "content/artist.yml") -> list[Problem]:
    """One problem for each file whose output is already claimed by the hub or by another file,
    and for each redirect (artist.yml's redirects:) from an address that is a page of the hub."""
    claimed: dict[str, tuple[str, dict | None]] = {output: (words, None) for output, words in
                                                   site_outputs(artist, settings).items()}
    problems = []
    sources = sorted((item["_path"], folder, slug, item) for folder, found in items.items()
                     for slug, item in found.items())
    for shown, folder, slug, item in sources:
        for output in item_outputs(folder, slug, item, settings):
            if output not in claimed:
                claimed[output] = (shown, item)
                continue
            owner, other = claimed[output]
            key = "slug" if item.get("slug") else ""
            if other is None:
                message = (f"would be written to {address(output)}, which is {owner}; rename the file, or give it "
                           "another name with slug:")
            else:
                gated = any(i.get("access") and "/early/" not in i["_path"].replace(os.sep, "/") for i in (item, other))
                why = " (a file with access: becomes an early-access page, under /early/)" if gated else ""
                message = (f"would be written to {address(output)}, like {owner}{why}; rename one of them, or give "
                           "it another name with slug:")
            problems.append(Problem(shown, key, message))
            break  # one message per file: its other outputs move with it
    for old in sorted(artist.get("redirects") or {}):
        output = redirects.forwarding_file(old)
        if output in claimed:
            owner, other = claimed[output]
            what = f"the page of {owner}" if other is not None else owner
            problems.append(Problem(artist_path, f"redirects.{old}", f"{address(output)} is {what}: a redirect from "
                                    "there would hide it; remove the redirect, or move the page"))
    return problems
