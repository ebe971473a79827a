"""Generators for releases, playlists, link pages and early-access pages.

Each reads its folder through Pelican's readers (so the content cache works
for it), publishes its items to the template context, and writes one page per
item plus the folder's index page.
"""
from __future__ import annotations

import logging
import os
from operator import attrgetter
from pathlib import Path

from pelican.generators import CachingGenerator
from pelican.readers import SkipStub

from . import (bodyembeds, calendar, gate, gatedfiles, links, playlists, previews, readers, releases,
               safefiles)
from .sealing import is_sealed_name
from .theme import ThemeAssetsGenerator
from .contents import Early, LinkPage, Playlist, Release

log = logging.getLogger(__name__)


class FolderGenerator(CachingGenerator):
    """One content folder → one Pelican content class; subclasses say which."""

    folder = ""
    content_class = Release
    index_template: str | None = None  # the folder's listing page, if it has one

    def __init__(self, *args, **kwargs):
        self.items = []
        super().__init__(*args, **kwargs)

    def get_files(self, paths, exclude=None, extensions=None) -> set[str]:
        return safefiles.files_without_links(self, paths, exclude, extensions)  # no link is ever followed

    def generate_context(self) -> None:
        today = calendar.as_of(self.settings)
        items = []
        for path in self.get_files([self.folder]):
            if not self.is_item_source(path):
                continue
            item = self.get_cached_data(path, None)
            if item is None:
                try:
                    item = self.readers.read_file(base_path=self.path, path=path,
                                                  content_class=self.content_class, context=self.context)
                except Exception as error:  # Pelican's rule: report the file, go on with the others
                    log.error("Could not process %s\n%s", path, error)
                    self._add_failed_source_path(path)
                    continue
                if isinstance(item, SkipStub):
                    continue
                if not item.is_valid():
                    self._add_failed_source_path(path)
                    continue
                self.cache_data(path, item)
            if item.status == "draft":
                continue
            if item.metadata.get("access") and self.folder != "early":
                gated_elsewhere(self.context).append(item)  # becomes an early-access page instead
                continue
            self.prepare(item, today)
            self.add_source_path(item)
            self.add_static_links(item)
            items.append(item)
        self.items = self.order(items)
        self.context[self.folder] = self.items
        self.context[f"listed_{self.folder}"] = [i for i in self.items if i.status != "hidden"]
        self.save_cache()
        self.readers.save_cache()

    def is_item_source(self, path: str) -> bool:
        """A sealed copy is read only when this build's check read it (its plaintext is not open here)."""
        return not is_sealed_name(path) or os.path.realpath(os.path.join(self.path, path)) in readers.CHECKED

    def prepare(self, item, today) -> None:
        """Work out what depends on the day of the build (never cached)."""

    def order(self, items: list) -> list:
        return sorted(items, key=attrgetter("date"), reverse=True)

    def generate_output(self, writer) -> None:
        name = self.content_class.__name__.lower()
        for item in self.items:
            writer.write_file(item.save_as, self.get_template(item.template), self.context,
                              relative_urls=self.settings["RELATIVE_URLS"], url=item.url,
                              override_output=hasattr(item, "override_save_as"), page=item, **{name: item})
        if self.index_template:
            save_as = self.settings[f"{self.folder.upper()}_INDEX_SAVE_AS"]
            writer.write_file(save_as, self.get_template(self.index_template), self.context,
                              relative_urls=self.settings["RELATIVE_URLS"],
                              url=self.settings[f"{self.folder.upper()}_INDEX_URL"])


class ReleasesGenerator(FolderGenerator):
    folder = "releases"
    content_class = Release
    index_template = "releases"

    def prepare(self, item, today) -> None:
        releases.prepare(item, today, self.settings)

    def order(self, items):
        return releases.discography_order(items)

    def generate_output(self, writer) -> None:
        super().generate_output(writer)
        template = self.get_template("go")
        for release in self.items:  # the smart link: /go/<slug>/, one screen for bios and posts
            writer.write_file(self.settings["GO_SAVE_AS"].format(slug=release.slug), template, self.context,
                              relative_urls=self.settings["RELATIVE_URLS"],
                              url=self.settings["GO_URL"].format(slug=release.slug), release=release)
            releases.write_extras(release, self.settings, self.output_path)  # social card, release.ics
        releases.write_smartlink_stylesheet(self.settings, self.output_path,
                                            [self.settings["GO_SAVE_AS"].format(slug=r.slug) for r in self.items])
        if self.items:  # a release page is a front door too (a fan's first tap from a post): its own small stylesheet
            links.write_stylesheet(self.settings, self.output_path, [r.save_as for r in self.items],
                                   releases.RELEASE_STYLESHEET)


class PlaylistsGenerator(FolderGenerator):
    folder = "playlists"
    content_class = Playlist
    index_template = "playlists"

    def generate_context(self) -> None:
        # releases are read first (see get_generators): a fan's track can link to its release page
        self.hub = playlists.Hub.from_context(self.context, self.settings)
        super().generate_context()
        self.context["curators"] = playlists.curators(self.context["listed_playlists"])

    def prepare(self, item, today) -> None:
        playlists.prepare(item, self.hub, self.settings)

    def order(self, items):
        return playlists.index_order(items)

    def generate_output(self, writer) -> None:
        super().generate_output(writer)
        playlists.write_outputs(self, writer)  # /playlists/curators/ and the .xspf exports


class LinkPagesGenerator(FolderGenerator):
    folder = "links"
    content_class = LinkPage

    def prepare(self, item, today) -> None:
        if item.slug == "index":  # links/index.md is the main link page at /links/
            item.override_url = self.settings["LINKS_INDEX_URL"]
            item.override_save_as = self.settings["LINKS_INDEX_SAVE_AS"]
        links.prepare(item, today, self.context.get("releases", []), self.settings)

    def order(self, items):
        return sorted(items, key=lambda p: (p.slug != "index", p.slug))

    def generate_context(self) -> None:
        super().generate_context()
        self.context["hub_feature"] = links.hub_feature(self.items, self.context.get("releases", []))
        # links/index.md, if the artist has one with something on it: the nav, the home's "All links" and
        # the 404 page link it (a fresh hub's page says "More links soon" to whoever opens it from a bio)
        main = next((p for p in self.items if p.slug == "index"), None)
        self.context["main_link_page"] = main if main is not None and not main.is_empty else None

    def generate_output(self, writer) -> None:
        super().generate_output(writer)
        main = next((p for p in self.items if p.slug == "index"), None)
        home = ()
        if main is not None and self.settings.get("FANZINE_HOME") == "links":
            writer.write_file("index.html", self.get_template(main.template), self.context,
                              relative_urls=self.settings["RELATIVE_URLS"], url="",
                              page=main, linkpage=main, is_home=True)
            home = ("index.html",)
        links.write_outputs(self.items, self.settings, self.output_path, home)  # QR codes, stylesheet


def gated_elsewhere(context: dict) -> list:
    """Items outside content/early/ that carry `access:`; the early-access generator takes them over."""
    return context.setdefault("fanzine_gated", [])


def take_gated_articles(generator) -> None:
    """Signal handler: a story or page with `access:` is listed nowhere and built as an early-access page."""
    for name in ("articles", "pages"):
        items = getattr(generator, name, None)
        if items is None:
            continue
        # A sealed copy this build's check did not read (its plaintext is open here, so Pelican's cache
        # may still hold an earlier build of it) is not built at all.
        items = [i for i in items if not is_sealed_name(i.source_path)
                 or os.path.realpath(i.source_path) in readers.CHECKED]
        gated = [i for i in items if i.metadata.get("access")]
        gated_elsewhere(generator.context).extend(gated)
        setattr(generator, name, [i for i in items if not i.metadata.get("access")])
        if name == "pages":
            generator.context["pages"] = generator.pages


class EarlyGenerator(FolderGenerator):
    folder = "early"
    content_class = Early

    def is_item_source(self, path: str) -> bool:
        # content/early/<page>/ holds the files a page offers, not pages
        return len(Path(path).parts) == 2 and super().is_item_source(path)

    def generate_context(self) -> None:
        super().generate_context()
        today = calendar.as_of(self.settings)
        for item in gated_elsewhere(self.context):
            item.override_url = self.settings["EARLY_URL"].format(slug=item.slug)
            item.override_save_as = self.settings["EARLY_SAVE_AS"].format(slug=item.slug)
            item.template = "early"
            self.prepare(item, today)
            self.items.append(item)
        self.context["early"] = self.items

    def prepare(self, item, today) -> None:
        until = item.metadata["access"].get("until")
        item.is_locked = until is None or today < calendar.day_of(until)

    def generate_output(self, writer) -> None:
        # Sealed here, once every generator's context is complete, so {static} and {filename} links inside
        # the body resolve; nothing is written between the contexts and this point that reads early pages.
        for item in self.items:
            self.publish(item)
            writer.write_file(item.save_as, self.get_template("early"), self.context,
                              relative_urls=self.settings["RELATIVE_URLS"], url=item.url,
                              override_output=True, page=item, early=item)

    def publish(self, item) -> None:
        """Publish the page's files (sealed, or in clear once it is public) and seal its body while locked."""
        keys = self.settings["FANZINE_GATE_KEYS"]
        plan = gatedfiles.plan_page(item, Path(self.path), Path(self.output_path), keys.secret, item.is_locked)
        if plan.body != item._content:
            item._content = plan.body
            bodyembeds.forget_rendered(item)
        if not item.is_locked:
            plan.write(None)
            return
        endpoint = self.settings["FANZINE_ARTIST"].get("forms", {}).get("endpoint", "/api")
        body = item.get_content(self.settings.get("SITEURL", ""))
        item.sealed = gate.seal_page(body, item.slug, item.metadata["access"], keys, endpoint)
        item.sealed_json = gate.to_json(item.sealed)
        plan.write(gate.content_key(keys.secret, item.slug, body.encode("utf-8")))
        # From here on the page object holds no plaintext for any template or feed to leak.
        item._content = ""
        item._summary = ""
        item.metadata.pop("summary", None)
        bodyembeds.forget_rendered(item)


def get_generators(pelican):
    return [ReleasesGenerator, PlaylistsGenerator, LinkPagesGenerator, EarlyGenerator, ThemeAssetsGenerator,
            previews.PreviewCardsGenerator]
