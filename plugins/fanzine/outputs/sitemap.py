"""sitemap.xml and robots.txt: every public page for search engines, and nothing gated, hidden or drafted.

The sitemap (https://www.sitemaps.org/protocol.html) lists each page a fan can
find from the hub: every content type's listed pages (releases, stories and
their tag pages, playlists, link pages, plain pages) and listing pages, with absolute addresses (so only when SITEURL is
set, like the feeds) and `lastmod` where the content says when it changed.
Early-access pages (noindex, sealed), hidden and draft items, smart links
(/go/: their canonical is the release page) and the not-found page are left out.
robots.txt lets every crawler in and names the sitemap.
"""
from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ..content.today import build_day
from ..types import registry

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_FILE, ROBOTS_FILE = "sitemap.xml", "robots.txt"
GENERATED = "Written by `fanzine build` (plugins/fanzine/outputs/sitemap.py)."


def _day(value) -> dt.date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, dt.datetime) else value


def _newest(days) -> dt.date | None:
    known = [day for day in days if day is not None]
    return max(known) if known else None


def item_day(item, today: dt.date) -> dt.date | None:
    """When an item last changed, as its content says (never after the day of the build)."""
    day = _day(item.metadata.get("modified") or item.metadata.get("date"))
    return min(day, today) if day else None


def public_pages(context: dict, settings: dict) -> dict[str, dt.date | None]:
    """Every public page's path on the site (like releases/night-drive/) → its lastmod day, if known.

    Each content type says how its pages date (its `sitemap`): by their content's date, by the build (link
    pages flip by date), or not at all (plain pages); early-access pages are left out. A listing is as new
    as its newest item, and the home as its newest listing.
    """
    today = build_day(settings)
    pages: dict[str, dt.date | None] = {}
    listings: list[dt.date | None] = []
    for kind in registry.content_types():
        if kind.sitemap is None:
            continue
        lastmod = {"date": lambda item: item_day(item, today), "today": lambda item: today,
                   "none": lambda item: None}[kind.sitemap]
        listed = kind.listed_items(context)
        for item in listed:
            pages[item.url] = lastmod(item)
        if kind.sitemap_pages is not None:
            pages.update(kind.sitemap_pages(context, lambda item: item_day(item, today)))
        if kind.listings:
            newest = _newest(lastmod(item) for item in listed)
            listings.append(newest)
            for listing in kind.listings:
                pages[settings[f"{listing.setting}_URL"]] = newest
    if settings.get("FANZINE_HOME") == "links":
        if any(link.slug == "index" for link in context.get("listed_links", [])):
            pages[""] = today
    else:
        pages[""] = _newest(listings)
    return pages


def sitemap_xml(pages: dict[str, dt.date | None], siteurl: str) -> bytes:
    """The urlset, sorted by address, so the same site gives the same bytes."""
    ET.register_namespace("", NAMESPACE)
    root = ET.Element(f"{{{NAMESPACE}}}urlset")
    for path in sorted(pages):
        url = ET.SubElement(root, f"{{{NAMESPACE}}}url")
        ET.SubElement(url, f"{{{NAMESPACE}}}loc").text = f"{siteurl}/{path}"
        day = pages[path]
        if day:
            ET.SubElement(url, f"{{{NAMESPACE}}}lastmod").text = day.isoformat()
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def robots_txt(siteurl: str | None) -> str:
    lines = [f"# {GENERATED}", "User-agent: *", "Disallow:"]
    if siteurl:
        lines += ["", f"Sitemap: {siteurl}/{SITEMAP_FILE}"]
    return "\n".join(lines) + "\n"


class SitemapGenerator:
    """A Pelican generator that writes sitemap.xml and robots.txt once every page is known."""

    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
        self.context, self.settings, self.output_path = context, settings, Path(output_path)

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer) -> None:
        siteurl = (self.settings.get("SITEURL") or "").rstrip("/")
        absolute = re.match(r"https?://[^/]", siteurl) is not None  # a sitemap needs absolute addresses
        self.output_path.mkdir(parents=True, exist_ok=True)
        if absolute:
            pages = public_pages(self.context, self.settings)
            (self.output_path / SITEMAP_FILE).write_bytes(sitemap_xml(pages, siteurl))
        (self.output_path / ROBOTS_FILE).write_text(robots_txt(siteurl if absolute else None), encoding="utf-8")


def get_generators(pelican):
    return SitemapGenerator
