"""Players in Markdown bodies: a line holding only a supported share link becomes a click-to-load player.

Two steps, so the rendered Markdown stays plain and safe to cache and sanitise:

1. While Markdown renders, the Markdown extension turns such a line into a
   paragraph holding just that link (also what feeds show).
2. Once every generator has read its content (and fans' Markdown has been
   sanitised), `render_bodies` replaces each such paragraph with the theme's
   partials/embed.html. Early-access bodies go through `render_body` before
   they are sealed. Rendering late means a changed theme never meets a stale
   cached body.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

from jinja2 import Environment, FileSystemLoader
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.util import AtomicString

from ..content import sanitize
from .embeds import find_embed

LINE = re.compile(r"\s*<?(https?://[^\s<>]+?)>?\s*")
# A paragraph that is only one link whose text is its own address (what step 1 writes).
LONE_LINK = re.compile(r'<p>\s*<a\b[^>]*?\bhref="([^"]+)"[^>]*>([^<]+)</a>\s*</p>')


def _lone_link(line: str) -> str | None:
    match = LINE.fullmatch(line)
    return match.group(1) if match and find_embed(match.group(1)) is not None else None


class EmbedLineProcessor(BlockProcessor):
    """A top-level line that is one supported share link → <p><a href=link>link</a></p>.

    The line may stand alone or inside a paragraph ("New video:\nhttps://youtu.be/..."):
    the text around it stays ordinary Markdown, before and after the player.
    """

    def test(self, parent, block):
        return parent is self.parser.root and any(_lone_link(line) for line in block.split("\n"))

    def run(self, parent, blocks):
        pending: list[str] = []
        for line in blocks.pop(0).split("\n"):
            url = _lone_link(line)
            if url is None:
                pending.append(line)
                continue
            if pending:
                self.parser.parseChunk(parent, "\n".join(pending))
                pending = []
            paragraph = ElementTree.SubElement(parent, "p")
            link = ElementTree.SubElement(paragraph, "a", {"href": url})
            link.text = AtomicString(url)  # no smart quotes or dashes inside an address
        if pending:
            self.parser.parseChunk(parent, "\n".join(pending))


class EmbedLinesExtension(Extension):
    """Registered by `configure` (as the Markdown setting "fanzine.theme.players")."""

    def extendMarkdown(self, md):
        # before the paragraph processor (10), after code blocks, lists and quotes
        md.parser.blockprocessors.register(EmbedLineProcessor(md.parser), "fanzine_embed_line", 12)


def makeExtension(**kwargs):  # noqa: N802 - Markdown's name for an extension's entry point
    return EmbedLinesExtension(**kwargs)


@lru_cache(maxsize=8)
def _environment(paths: tuple[str, ...], options: tuple) -> Environment:
    return Environment(loader=FileSystemLoader(list(paths)), **dict(options))


def theme_environment(settings: dict) -> Environment:
    """Jinja over the artist's overrides and the theme, as Pelican searches them, with the site's filters."""
    paths = [*settings.get("THEME_TEMPLATES_OVERRIDES", []), str(Path(settings["THEME"]) / "templates")]
    options = {k: v for k, v in settings.get("JINJA_ENVIRONMENT", {}).items() if k != "extensions"}
    environment = _environment(tuple(paths), tuple(sorted(options.items())))
    environment.filters.update(settings.get("JINJA_FILTERS", {}))
    environment.filters.setdefault("icon", lambda name, css_class="icon": "")
    return environment


def render_html(body: str, settings: dict, rel: str = "noopener") -> tuple[str, set[str]]:
    """The body with each lone supported link replaced by the embed partial, and the players' hosts."""
    hosts: set[str] = set()
    if "<a" not in body:
        return body, hosts
    template = None

    def replace(match: re.Match) -> str:
        nonlocal template
        url = html.unescape(match.group(1))
        if html.unescape(match.group(2)).strip() != url:
            return match.group(0)  # [words](link) stays a link
        embed = find_embed(url)
        if embed is None:
            return match.group(0)
        template = template or theme_environment(settings).get_template("partials/embed.html")
        hosts.add(embed.host)
        return template.render(embed=embed, rel=rel, SITEURL=settings.get("SITEURL", ""))

    return LONE_LINK.sub(replace, body), hosts


def render_body(item, settings: dict) -> None:
    """Give one content object its players (idempotent); marks it so base.html loads embed.js."""
    body = getattr(item, "_content", None)
    if not body:
        return
    # a fan's playlist notes link out as the sanitiser marks fans' links
    rel = sanitize.LINK_REL if sanitize.is_untrusted(getattr(item, "source_path", None), settings) else "noopener"
    rendered, hosts = render_html(body, settings, rel)
    if hosts:
        item._content = rendered
        item.has_embeds = True
        forget_rendered(item)


def forget_rendered(item) -> None:
    """Pelican memoises get_content(); drop this item's entries so templates see the players."""
    cache = getattr(type(item).get_content, "cache", None)
    if cache:
        for key in [k for k in cache if k and k[0] is item]:
            del cache[key]


CONTENT_LISTS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles", "pages",
                 "hidden_pages", "hidden_translations", "draft_pages", "draft_translations", "items")


def render_bodies(generators) -> None:
    """Signal handler (all_generators_finalized): every body of the build gets its players."""
    seen: set[int] = set()
    for generator in generators:
        for name in CONTENT_LISTS:
            for item in getattr(generator, name, None) or []:
                if id(item) not in seen:
                    seen.add(id(item))
                    render_body(item, generator.settings)


def configure(pelican) -> None:
    """Signal handler (initialized): the Markdown extension joins the site's Markdown settings."""
    settings = pelican.settings["MARKDOWN"]
    settings.setdefault("extension_configs", {}).setdefault("fanzine.theme.players", {})
    extensions = settings.get("extensions")
    if extensions is not None and "fanzine.theme.players" not in extensions:
        extensions.append("fanzine.theme.players")
