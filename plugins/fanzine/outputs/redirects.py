"""Moved pages on every host: artist.yml's `redirects:`, and the short feed addresses people type.

`_redirects` is what Netlify and Cloudflare Pages read; vercel.json carries the
same rules for Vercel (hostconfig.py). GitHub Pages reads neither, so each moved
page also gets a small page at its old address that forwards at once (a meta
refresh, with a link for the few browsers that ignore it); hosts that answer the
rule with a 301 first never show it. An address that was never built gets the
hub's /404.html, which all four hosts serve by themselves: no rule is needed.
"""
from __future__ import annotations

from pathlib import Path

from markupsafe import escape

REDIRECTS_FILE = "_redirects"
FEED_ALIASES = ("/feed", "/rss", "/atom.xml", "/feed.xml", "/rss.xml", "/index.xml")
GENERATED = ("Written by `fanzine build` (plugins/fanzine/outputs/redirects.py) from artist.yml's redirects:; "
             "see docs/deploy.md.")


def moved_pages(settings: dict) -> dict[str, str]:
    """artist.yml's redirects: old address on this site → new address (a site path or https://)."""
    return dict((settings.get("FANZINE_ARTIST") or {}).get("redirects") or {})


def rules(settings: dict) -> list[tuple[str, str]]:
    """(from, to) pairs, moved pages first (each with and without its final slash), then the feed's aliases."""
    found: list[tuple[str, str]] = []
    for old, new in sorted(moved_pages(settings).items()):
        found.append((old, new))
        if old.endswith("/") and old != "/":
            found.append((old.rstrip("/"), new))
    feed = (settings.get("FANZINE_FEEDS") or {}).get("all")
    if feed:
        found += [(alias, f"/{feed}") for alias in FEED_ALIASES if alias not in dict(found)]
    return found


def redirects_file(pairs: list[tuple[str, str]]) -> str:
    """Netlify's and Cloudflare Pages' format: from, to, status, one rule a line."""
    return "\n".join([f"# {GENERATED}"] + [f"{old} {new} 301" for old, new in pairs]) + "\n"


def forwarding_file(old: str) -> str:
    """Where the forwarding page for an old address goes in output/: /tour/ and /tour → tour/index.html."""
    path = old.lstrip("/")
    return path if path.endswith(".html") else f"{path.rstrip('/')}/index.html"


def forwarding_page(target: str, language: str = "en") -> str:
    """A page that sends the fan on at once; search engines follow its canonical link."""
    url = escape(target)
    return (f'<!doctype html>\n<html lang="{escape(language)}">\n<head>\n  <meta charset="utf-8">\n'
            f'  <title>This page has moved</title>\n  <meta name="robots" content="noindex">\n'
            f'  <meta http-equiv="refresh" content="0; url={url}">\n  <link rel="canonical" href="{url}">\n'
            f'</head>\n<body>\n  <p>This page has moved to <a href="{url}">{url}</a>.</p>\n</body>\n</html>\n')


class RedirectsGenerator:
    """A Pelican generator that writes `_redirects` and the forwarding pages of moved pages."""

    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
        self.settings, self.output_path = settings, Path(output_path)

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer) -> None:
        pairs = rules(self.settings)
        siteurl = (self.settings.get("SITEURL") or "").rstrip("/")
        self.output_path.mkdir(parents=True, exist_ok=True)
        (self.output_path / REDIRECTS_FILE).write_text(redirects_file(pairs), encoding="utf-8")
        for old, new in moved_pages(self.settings).items():
            target = f"{siteurl}{new}" if new.startswith("/") else new
            page = self.output_path / forwarding_file(old)
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(forwarding_page(target, self.settings.get("DEFAULT_LANG", "en")), encoding="utf-8")


def get_generators(pelican):
    return RedirectsGenerator
