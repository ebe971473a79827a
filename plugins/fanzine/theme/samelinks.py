"""A link page shows each place once: a link that leads where the featured release's card already leads is left out.

An artist often writes "Pre-save Night Drive" as a highlighted link while the
page also features Night Drive (`featured: upcoming`), whose card already has a
Pre-save button: fans would see the same thing twice, one above the other. So
a link is dropped when it goes to the featured release (its pre-save, its smart
link /go/<slug>/, its release page or one of its services), when a `release`
block shows that release again, or when an earlier link goes to the same place.

Two addresses are the same place when they differ only in what does not change
where they lead: http or https, www., letter case of the host, a trailing
slash, a #fragment, campaign tags (utm_*).
"""
from __future__ import annotations

import logging
from urllib.parse import parse_qsl, urlencode, urlsplit

log = logging.getLogger(__name__)


def place(url: str, siteurl: str = "") -> str:
    """Where a link leads, written one way: the key two links to the same place share."""
    if siteurl and url.startswith(siteurl):
        url = url[len(siteurl):] or "/"
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme in ("mailto", "tel"):
        return f"{scheme}:{parts.path.lower()}"
    host = (parts.hostname or "").lower().removeprefix("www.")
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not k.lower().startswith("utm_")))
    path = parts.path.rstrip("/") or "/"
    return f"{host}{path}" + (f"?{query}" if query else "")


def release_places(release, settings: dict) -> set[str]:
    """Everywhere a release's card can take a fan: pre-save, smart link, release page, its services."""
    siteurl = settings.get("SITEURL", "")
    urls = [f"/{settings['GO_URL'].format(slug=release.slug)}", f"/{release.url}"]
    urls += [link["url"] for link in (release.metadata.get("links") or {}).values()]
    if release.metadata.get("presave"):
        urls.append(release.metadata["presave"])
    return {place(url, siteurl) for url in urls}


def drop_repeats(entries: list[dict], feature, settings: dict) -> list[dict]:
    """The page's entries without the links (and release blocks) that repeat the featured card or an earlier link."""
    siteurl = settings.get("SITEURL", "")
    seen = release_places(feature, settings) if feature is not None else set()
    kept = []
    for entry in entries:
        if feature is not None and entry["kind"] == "block" and entry["block"] == "release" \
                and entry.get("release") is feature:
            log.debug("links: the release block for %s repeats the featured release; shown once",
                      entry["release"].slug)
            continue
        if entry["kind"] == "link":
            where = place(entry["source"]["url"], siteurl)
            if where in seen:
                log.debug("links: %r leads where another button already does; shown once", entry["label"])
                continue
            seen.add(where)
        kept.append(entry)
    return kept
