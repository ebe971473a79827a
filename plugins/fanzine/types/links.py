"""Link-in-bio pages (content/links/): what each shows on the day of the build and where its buttons point.

The generator reads content/links/*.md; this module decides the rest: which
links are inside their `from`/`until` window today, the UTM tags on the ones
that leave the site, the icon a button gets from its URL's host and the
featured release. Each page's QR codes are outputs/qr.py's; its small
stylesheet is outputs/stylesheets.py's.
"""
from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path, PurePosixPath

from pelican.contents import Page

from ..content.schema import Boolean, Choice, Date, Integer, ListOf, OneOf, Record, Report, Slug, Text, Url, join, reads
from ..content.today import is_live
from ..errors import Problem, display_path
from ..outputs import previews, qr
from ..pipeline.settings import value
from ..theme import icons, samelinks
from ..theme.platforms import PLATFORMS, platform_for_url
from ..theme.utm import add_utm, merge
from . import registry
from .fields import COMMON, UTM
from .registry import Build, ContentType, Nav, Scaffold, add

log = logging.getLogger(__name__)

BUILT_IN_BLOCKS = ["newsletter", "discord", "release", "socials"]


class FeaturedReleaseMissing(LookupError):
    """`featured: releases/<slug>` names a release that is not built (drafts and gated releases are not)."""


# --- what a page shows today --------------------------------------------------------------------

def prepare(page, today: dt.date, releases: list, settings: dict) -> None:
    """Set what a link page shows on the day of the build: its entries, featured release and address."""
    siteurl = settings.get("SITEURL", "")
    page.utm = merge(settings.get("FANZINE_ARTIST", {}).get("utm"), page.metadata.get("utm"))
    page.entries = entries(page.metadata.get("links", []), today, page.utm, releases, siteurl)
    for entry in page.entries:
        if entry.get("icon") and not has_icon(settings, entry["icon"]):
            entry["icon"] = None  # the theme has no glyph for it (yet): a plain button reads fine
    page.socials = socials(settings.get("FANZINE_ARTIST", {}).get("socials") or {}, settings)
    try:
        page.feature = featured_release(page.metadata.get("featured", "none"), releases)
    except FeaturedReleaseMissing as missing:
        # `fanzine check` stops a missing release before any build; this is a draft or gated one.
        log.error("%s: featured: the release '%s' is not built (a draft, or gated behind access:); "
                  "feature another release or use featured: latest", display_path(Path(page.source_path)), missing)
        page.feature = None
    page.entries = samelinks.drop_repeats(page.entries, page.feature, settings)  # each place shown once
    page.parts = parts(page.entries)
    page.places_socials = any(e.get("block") == "socials" for e in page.entries)
    page.address = address(page, siteurl)
    # its link preview: the artist's card, with this page's own line when it has one
    page.preview = previews.card_preview(settings, previews.artist_card(settings, page.metadata.get("description")))
    # a page that would show only the artist's name (a fresh `make start`) says more is coming
    page.is_empty = not (page.feature or page.socials or (getattr(page, "_content", "") or "").strip()
                         or any(part.get("block") != "socials" for part in page.parts))


def entries(links: list[dict], today: dt.date, utm: dict, releases: list, siteurl: str = "") -> list[dict]:
    """The page's links, blocks and headings that are live today, ready for the template.

    Each entry keeps its `source` (the cleaned front matter) and adds what the
    template needs: `kind` (link, heading or block), and for a link its final
    `href` and `icon`; for a release block the release itself; and for a
    release card the heading level that nests it under the heading before it.
    """
    by_slug = {release.slug: release for release in releases}
    shown, under_heading = [], False
    for source in links:
        if not is_live(source, today):
            continue
        if "heading" in source:
            under_heading = True
            shown.append({"kind": "heading", "text": source["heading"], "source": source})
        elif "block" in source:
            entry = {"kind": "block", "block": source["block"], "source": source}
            if source["block"] == "release":
                entry["release"] = by_slug.get(source.get("release"))
                entry["level"] = 3 if under_heading else 2
                if entry["release"] is None:
                    continue  # a draft or gated release: `fanzine check` has said so
            shown.append(entry)
        else:
            shown.append({"kind": "link", "label": source["label"], "href": outgoing(source["url"], utm, siteurl),
                          "icon": icon_for(source["url"]), "highlight": bool(source.get("highlight")),
                          "source": source})
    return shown


def parts(shown: list[dict]) -> list[dict]:
    """The page in the order it reads: each run of links becomes one list; headings and blocks stand between."""
    grouped: list[dict] = []
    for entry in shown:
        if entry["kind"] != "link":
            grouped.append(entry)
        elif grouped and grouped[-1]["kind"] == "links":
            grouped[-1]["links"].append(entry)
        else:
            grouped.append({"kind": "links", "links": [entry]})
    return grouped


def outgoing(url: str, utm: dict | None, siteurl: str = "") -> str:
    """Where a button points: site paths under SITEURL, other sites with the page's UTM tags.

    Links within the site are never tagged (the visit is already counted), and
    neither are mailto:/tel: links or parameters the artist already wrote.
    """
    if url.startswith("/"):
        return siteurl + url  # a hub deployed under a sub-path keeps working
    if siteurl and (url == siteurl or url.startswith(siteurl + "/")):
        return url
    return add_utm(url, utm)


def socials(profiles: dict, settings: dict) -> list[dict]:
    """The artist's profiles from artist.yml: name, url and icon (None where the theme has no glyph)."""
    return [{"name": link.get("label") or (PLATFORMS[key].name if key in PLATFORMS else key), "url": link["url"],
             "icon": key if has_icon(settings, key) else None} for key, link in profiles.items()]


def has_icon(settings: dict, name: str) -> bool:
    try:
        return icons.has_icon(settings["THEME"], name)
    except (OSError, KeyError):  # a theme without the sprite: buttons without icons
        return False


def icon_for(url: str) -> str | None:
    """The icon a button gets from where it points: a known service, an email or a phone number."""
    scheme = url.split(":", 1)[0].lower()
    if scheme == "mailto":
        return "email"
    if scheme == "tel":
        return "phone"
    platform = platform_for_url(url) if scheme in ("http", "https") else None
    return platform.key if platform else None


def featured_release(choice: str, releases: list):
    """The release a page puts on top: `latest`, `upcoming`, `none` or `releases/<slug>`.

    `latest` is the newest release that is out, and `upcoming` the next one to
    come out. Each falls back to the other, so a page set to `upcoming` keeps
    showing the release, now with "Listen", once its day has come and the
    daily rebuild has flipped it; and a debut's `latest` shows its pre-save.
    """
    if not choice or choice == "none":
        return None
    if choice.startswith("releases/"):
        slug = choice.split("/", 1)[1]
        for release in releases:
            if release.slug == slug:
                return release
        raise FeaturedReleaseMissing(slug)
    listed = [r for r in releases if getattr(r, "status", "published") != "hidden"]
    upcoming = sorted((r for r in listed if r.is_upcoming), key=lambda r: r.day)
    out = sorted((r for r in listed if not r.is_upcoming), key=lambda r: r.day, reverse=True)
    order = out + upcoming if choice == "latest" else upcoming + out
    return order[0] if order else None


def hub_feature(link_pages: list, releases: list):
    """The home page's hero: the main link page's featured release, else the next (or latest) release."""
    main = next((p for p in link_pages if p.slug == "index"), None)
    return (main and getattr(main, "feature", None)) or featured_release("upcoming", releases)


# --- the page's address and its QR codes ----------------------------------------------------------

def address(page, siteurl: str) -> str | None:
    """The page's absolute URL with its UTM parameters; None without an absolute SITEURL."""
    if not siteurl.lower().startswith(("http://", "https://")):
        return None
    return add_utm(f"{siteurl}/{page.url}", page.utm)


# --- the content type ----------------------------------------------------------------------------------

def _day(value):
    return value.date() if hasattr(value, "date") else value


@reads('from', 'until')
def window_in_order(link: dict, key: str, report: Report):
    if link.get("from") and link.get("until") and _day(link["from"]) > _day(link["until"]):
        return report.error(join(key, "from"), f"expected a date before until ({link['until']}), "
                                               f"got {link['from']}")
    return None


def link_blocks() -> list[str]:
    """The blocks a link page can place: the built-in ones, then those the content types offer."""
    return BUILT_IN_BLOCKS + [block for block in registry.blocks() if block not in BUILT_IN_BLOCKS]


@reads('block', 'kind', 'limit')
def events_keys_only_on_events(block: dict, key: str, report: Report):
    for name in ("kind", "limit"):
        if name in block and block.get("block") != "events":
            return report.error(join(key, name), f"only with block: events (this is block: {block.get('block')})")
    return None


LINK = Record({
    "label": Text("the button text", required=True, max_length=100),
    "url": Url("where it goes", required=True, contact=True, relative=True),
    "highlight": Boolean("make it the spotlight button"),
    "from": Date("show from this date"),
    "until": Date("show until this date (hidden from this date on)"),
}, rules=[window_in_order])
LINK_BLOCK = Record({
    "block": Choice(link_blocks, "a ready-made block", required=True),
    "release": Slug("with block: release, which release"),
    "kind": Choice(["show", "listening-party", "livestream", "qa", "meetup"], "with block: events, only this kind"),
    "limit": Integer("with block: events, how many upcoming events (default 5)", minimum=1, maximum=50),
}, rules=[events_keys_only_on_events])
LINK_HEADING = Record({"heading": Text("a section heading", required=True, max_length=100)})
LINK_ENTRY = OneOf([
    (lambda v: isinstance(v, dict) and "block" in v, LINK_BLOCK),
    (lambda v: isinstance(v, dict) and "heading" in v, LINK_HEADING),
    (lambda v: isinstance(v, dict), LINK),
], "a link { label: ..., url: ... }, a { block: ... } or a { heading: ... }")

LINK_PAGE = Record({
    "title": Text("the page title", required=True),
    "description": Text("the line under the name", max_length=300),
    "featured": Text("the release card on top", pattern=r"latest|upcoming|none|releases/[a-z0-9][a-z0-9-]*",
                     pattern_hint="one of: latest, upcoming, none, releases/<file name>", default="none"),
    "utm": UTM,
    "links": ListOf(LINK_ENTRY, "the buttons, blocks and headings, in order", required=True, max_items=100),
    **COMMON,
})


class LinkPage(Page):
    """A link-in-bio page: /links/ for links/index.md (LINKS_INDEX_*), /links/<slug>/ for the others (LINKPAGE_*)."""

    default_template = "links"

    @property
    def is_main(self) -> bool:
        return self.slug == "index"


def page_save_as(slug: str, settings: dict) -> str:
    name = "LINKS_INDEX_SAVE_AS" if slug == "index" else "LINKPAGE_SAVE_AS"
    return str(value(settings, name)).format(slug=slug)


def qr_files(slug: str, page: str, settings: dict) -> list[str]:
    folder = PurePosixPath(page).parent
    return [str(folder / "qr.svg"), str(folder / "qr.png")]


def prepare_link_page(page, build: Build) -> None:
    if page.slug == "index":  # links/index.md is the main link page at /links/
        page.override_url = build.settings["LINKS_INDEX_URL"]
        page.override_save_as = build.settings["LINKS_INDEX_SAVE_AS"]
    prepare(page, build.today, build.context.get("releases", []), build.settings)


def main_first(pages: list) -> list:
    return sorted(pages, key=lambda p: (p.slug != "index", p.slug))


def find_main_page(build: Build) -> None:
    pages = build.context["links"]
    build.context["hub_feature"] = hub_feature(pages, build.context.get("releases", []))
    # links/index.md, if the artist has one with something on it: the nav, the home's "All links" and
    # the 404 page link it (a fresh hub's page says "More links soon" to whoever opens it from a bio)
    main = next((p for p in pages if p.slug == "index"), None)
    build.context["main_link_page"] = main if main is not None and not main.is_empty else None


def write_outputs(generator, writer) -> None:
    """The main link page again at / (with home: links), and every page's QR codes (their stylesheet is written
    once every page is: outputs/stylesheets.py)."""
    main = next((p for p in generator.items if p.slug == "index"), None)
    if main is not None and generator.settings.get("FANZINE_HOME") == "links":
        writer.write_file("index.html", generator.get_template(main.template), generator.context,
                          relative_urls=generator.settings["RELATIVE_URLS"], url="",
                          page=main, linkpage=main, is_home=True)
    qr.write_all(generator.items, generator.settings, generator.output_path)


def check_references(site, page: dict) -> None:
    """The featured release and the release blocks name built releases; newsletter and discord blocks need
    artist.yml's sections."""
    from .releases import missing_release, unbuilt_release

    featured = page.get("featured", "none")
    if featured.startswith("releases/") and featured.split("/", 1)[1] not in site.items["releases"]:
        missing_release(site, page["_path"], "featured", featured.split("/", 1)[1])
    elif featured.startswith("releases/"):
        unbuilt_release(site, page["_path"], "featured", featured.split("/", 1)[1])
    for i, entry in enumerate(page.get("links", [])):
        if entry.get("block") == "release":
            if not entry.get("release"):
                site.problems.append(Problem(page["_path"], f"links[{i + 1}].release",
                                             "required for block: release: the release's file name"))
            elif entry["release"] not in site.items["releases"]:
                missing_release(site, page["_path"], f"links[{i + 1}].release", entry["release"])
            else:
                unbuilt_release(site, page["_path"], f"links[{i + 1}].release", entry["release"])
        section = entry.get("block")
        if section in ("newsletter", "discord") and not site.artist.get(section) and not site.artist.get("_unread"):
            site.problems.append(Problem(page["_path"], f"links[{i + 1}].block",
                                         f"block: {section} needs a {section}: section in content/artist.yml"))


SCAFFOLD = """---
title: {title}
featured: latest          # latest | upcoming | none | releases/<file name>
links:
  - {{ label: My latest release, url: https://example.com, highlight: true }}
  - {{ block: newsletter }}
---
"""

LINK_PAGES = add(ContentType(
    folder="links", item="link page", schema=LINK_PAGE, template="links", content_class=LinkPage,
    doc="link-in-bio pages (links/index.md is the main one, at /links/)",
    urls={"LINKPAGE_URL": "links/{slug}/", "LINKPAGE_SAVE_AS": "links/{slug}/index.html",
          "LINKS_INDEX_URL": "links/", "LINKS_INDEX_SAVE_AS": "links/index.html"},
    order=main_first, prepare=prepare_link_page, save_as=page_save_as, item_files=qr_files,
    nav=Nav("Links", "LINKS_INDEX", order=40, lost="links", in_footer=False,
            shown=lambda context: context.get("main_link_page") is not None),
    scaffold=Scaffold("link-page", SCAFFOLD),
    sitemap="today", check_references=check_references,
    after_context=find_main_page, write_outputs=write_outputs,
))
