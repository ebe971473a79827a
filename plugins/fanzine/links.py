"""Link-in-bio pages: what each shows on the day of the build, where its buttons point, and its QR codes.

The LinkPagesGenerator reads content/links/*.md; this module decides the rest:
which links are inside their `from`/`until` window today, the UTM tags on the
ones that leave the site, the icon a button gets from its URL's host, the
featured release, and the page's QR codes (SVG for screens, PNG for print),
which encode the page's absolute address with its UTM parameters.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

import segno

from . import calendar, cssprune, icons, presets, previews, samelinks, theme
from .check import display_path
from .platforms import PLATFORMS, platform_for_url
from .utm import add_utm, merge

log = logging.getLogger(__name__)

STYLESHEET = "theme/css/fanzine-links.css"  # the link pages' own stylesheet, cut down from the theme's
HOME_STYLESHEET = "theme/css/fanzine-home.css"  # the hub home's, the same way
SCRIPT = re.compile(r'<script[^>]+src="[^"]*?/?theme/(js/[\w.-]+\.js)"')
QR_ERROR_LEVEL = "m"  # survives a crease or a smudge on a printed poster
QR_SVG_SCALE = 8  # px per module: a sharp default size on screen; the SVG scales to any size anyway
QR_PNG_SCALE = 20  # px per module: about 900 px across for a typical page address, enough for print


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
        if not calendar.is_live(source, today):
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


def qr_paths(page) -> tuple[str, str]:
    """Where a page's QR codes go, next to the page: links/qr.svg, links/<slug>/qr.svg (and .png)."""
    folder = Path(page.save_as).parent
    return str(folder / "qr.svg"), str(folder / "qr.png")


def write_qr_codes(page, output_path: str | Path) -> list[Path]:
    """Write the page's QR codes as SVG and PNG; the same address always gives the same bytes."""
    if not page.address:
        return []
    code = segno.make(page.address, error=QR_ERROR_LEVEL, micro=False, boost_error=False)
    written = []
    for relative, options in zip(qr_paths(page), (
            {"scale": QR_SVG_SCALE, "light": "#fff", "xmldecl": False, "title": f"QR code: {page.address}"},
            {"scale": QR_PNG_SCALE})):
        target = Path(output_path) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        code.save(str(target), border=4, dark="#000", **options)
        written.append(target)
    return written


def write_outputs(pages: list, settings: dict, output_path: str | Path, extra_pages: tuple[str, ...] = ()) -> None:
    """Everything the link pages need besides their HTML: QR codes and their stylesheet; and the hub home's.

    Runs once the pages are written (the hub home is written before): each
    stylesheet is cut to the classes its pages use. `extra_pages` are more output
    files built from the link page template (/ with home: links).
    """
    if pages and not pages[0].address:
        # Without the site's address there is nothing for a phone to open; `make publish` sets SITEURL.
        level = logging.WARNING if settings.get("FANZINE_PUBLISH") else logging.DEBUG
        log.log(level, "links: QR codes not made: set SITEURL to the site's address, like https://novalights.band")
    for page in pages:
        write_qr_codes(page, output_path)
    if pages:
        write_stylesheet(settings, output_path, [p.save_as for p in pages] + list(extra_pages), STYLESHEET)
    if settings.get("FANZINE_HOME") != "links" and (Path(output_path) / "index.html").is_file():
        write_stylesheet(settings, output_path, ["index.html"], HOME_STYLESHEET)


def write_stylesheet(settings: dict, output_path: str | Path, built: list[str], stylesheet: str = STYLESHEET) -> Path:
    """A front door's stylesheet: the artist's colours and the theme's rules that the built pages use.

    A fan on a weak connection opens the link page (or the home) first; it must
    not wait for the rules of every other page (releases, stories, players).
    """
    output, static = Path(output_path), Path(settings["THEME"]) / "static"
    used: set[str] = set()
    for page in built:
        text = (output / page).read_text(encoding="utf-8")
        used |= cssprune.classes_in_html(text)
        for script in SCRIPT.findall(text):  # theme scripts, read from the theme: not copied to output/ yet
            source = static / script
            if source.is_file():
                used |= cssprune.classes_in_script(source.read_text(encoding="utf-8"))
    css = presets.head_rules(settings)  # fonts and the theme preset's tokens
    css += cssprune.prune(theme.bundle_css(static / "css" / "main.css") + presets.skin(settings), used) + "\n"
    target = output / stylesheet
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(css, encoding="utf-8")
    return target
