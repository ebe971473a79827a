"""Players in Markdown bodies: a line holding only a supported share link becomes a click-to-load player.

Two steps, so the rendered Markdown stays plain and safe to cache, sanitise and put in feeds:

1. While Markdown renders, the Markdown extension turns such a line into a
   paragraph holding just that link (also what feeds show).
2. Templates print a body through the `players` filter (`{{ release | players }}`),
   which runs inside Pelican's own Jinja environment and replaces each such
   paragraph with the theme's partials/embed.html, found where every template is
   (overrides/ first, then the theme). Early-access bodies get their players the
   same way, from the generator's own environment, before they are sealed.
   Rendering at the last moment means a changed theme never meets a stale cached body.
"""
from __future__ import annotations

import html
import re
from xml.etree import ElementTree

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.util import AtomicString
from markupsafe import Markup

from ..content import sanitize
from . import linebreaks
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


def rel_for(item, settings: dict) -> str:
    """A fan's playlist notes link out as the sanitiser marks fans' links; everyone else's noopener."""
    untrusted = sanitize.is_untrusted(getattr(item, "source_path", None), settings)
    return sanitize.LINK_REL if untrusted else "noopener"


def render_html(body: str, environment: Environment, siteurl: str = "",
                rel: str = "noopener") -> tuple[str, set[str]]:
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
        template = template or environment.get_template("partials/embed.html")
        hosts.add(embed.host)
        return template.render(embed=embed, rel=rel, SITEURL=siteurl)

    return LONE_LINK.sub(replace, body), hosts


@pass_context
def players(context: Context, item) -> Markup:
    """Jinja filter: a content object's body with its players, rendered in the page's own environment.

    Marks the page so base.html loads theme/js/embed.js (as partials/embed.html does when included).
    """
    body = getattr(item, "content", None) or ""
    settings = getattr(item, "settings", None) or context.get_all()
    rendered, hosts = render_html(linebreaks.join(body), context.environment, context.get("SITEURL", ""),
                                  rel_for(item, settings))
    needed = context.get("scripts_needed")
    if hosts and needed is not None:
        needed["embed"] = True  # as {% set scripts_needed.embed = true %} does
    return Markup(rendered)


def configure(pelican) -> None:
    """Signal handler (initialized): the Markdown extension joins the site's Markdown settings, the filter
    the site's Jinja filters."""
    pelican.settings["JINJA_FILTERS"] = {**pelican.settings.get("JINJA_FILTERS", {}), "players": players}
    settings = pelican.settings["MARKDOWN"]
    settings.setdefault("extension_configs", {}).setdefault("fanzine.theme.players", {})
    extensions = settings.get("extensions")
    if extensions is not None and "fanzine.theme.players" not in extensions:
        extensions.append("fanzine.theme.players")
