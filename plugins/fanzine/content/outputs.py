"""Where each content file lands in output/, from the build's own settings, so clashes are found before a build.

Two sources claiming one output file would stop Pelican halfway ("Failed to
overwrite …") or silently replace a page. `fanzine check` reports each clash
and names both sources: a page named like a section (pages/releases.md and the
discography at /releases/), a playlist named curators, a gated story reusing
an early-access page's name, a `slug:` override landing on another file's page.
"""
from __future__ import annotations

import os

from ..errors import Problem
from ..outputs import redirects
from ..pipeline.settings import value
from ..types import registry

# The hub's own pages besides the content types' listings, by the setting that places them.
SITE_PAGES = {"NOTFOUND_SAVE_AS": "the page-not-found page", "PRIVACY_SAVE_AS": "the privacy page"}


def setting(settings: dict, name: str) -> str:
    return str(value(settings, name))


def address(output: str) -> str:
    """An output file as fans see its address: releases/index.html → /releases/."""
    return "/" + (output[: -len("index.html")] if output.endswith("index.html") else output)


def item_outputs(folder: str, slug: str, item: dict, settings: dict) -> list[str]:
    """Every file one content file writes (none for a draft): its page, its item pages, its other files."""
    if item.get("status") == "draft":
        return []
    # a gated story, page or release is an early-access page; a members-only event keeps its page (types/events.py)
    if (item.get("access") and folder != "events") or folder == "early":
        return [setting(settings, "EARLY_SAVE_AS").format(slug=slug)]
    kind = registry.folders()[folder]
    resolved = _Resolved(settings)
    page = kind.page_save_as(slug, resolved)
    outputs = ([page] if page else []) + [setting(settings, f"{extra.setting}_SAVE_AS").format(slug=slug) for extra in kind.item_pages]
    if kind.item_files is not None:
        outputs += kind.item_files(slug, page, resolved)
    return outputs


class _Resolved(dict):
    """The settings as the build will have them: a declared setting the project leaves unset has its default."""

    def __init__(self, settings: dict):
        super().__init__(settings)

    def __missing__(self, name: str):
        return value(self, name)


def site_outputs(artist: dict, settings: dict) -> dict[str, str]:
    """The hub's own pages: output file → what the artist calls it (the content types' listings among them)."""
    pages = {setting(settings, name): words for name, words in SITE_PAGES.items()}
    for kind in registry.content_types():
        for listing in kind.listings:
            pages[setting(settings, f"{listing.setting}_SAVE_AS")] = listing.called
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
