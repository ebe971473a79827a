"""Fans' Markdown made safe: HTML from untrusted folders is cut down to an allowlist after rendering.

Playlists arrive as pull requests from fans, so their Markdown may carry raw
HTML. After Markdown has rendered it, nh3 (the ammonia sanitiser) keeps only
the tags and attributes prose needs: no script, style, iframe, object, form,
event handler, inline CSS or picture (a picture from another host is a
third-party request, and a tracking pixel), and no link that is not http(s),
mailto: or a path on this site. Links are marked rel="nofollow ugc noopener".
Front-matter strings need none of this: the templates escape everything.
"""
from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import nh3

from .bodies import untrusted_folders

# What a curator's few paragraphs can use: text structure, lists, quotes, tables, code.
TAGS = frozenset({
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6",
    "strong", "b", "em", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "abbr", "q", "cite",
    "code", "pre", "kbd", "samp", "blockquote",
    "ul", "ol", "li", "dl", "dt", "dd",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "a", "span", "div",
})
# Removed with everything inside them (other unknown tags are removed but keep their text).
DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "template", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript",
    "noembed", "noframes", "svg", "math", "textarea", "select", "title", "xmp", "plaintext",
})
ATTRIBUTES = {
    "*": {"id"},  # prefixed below, so a fan's id can never clash with the page's own
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"
ID_PREFIX = "ugc-"


def _same_page_links(tag: str, attribute: str, value: str) -> str | None:
    """Footnote links (#fn:1) follow their targets' prefixed ids."""
    if attribute == "href" and value.startswith("#") and not value.startswith("#" + ID_PREFIX):
        return "#" + ID_PREFIX + value[1:]
    return value


# An <a> tag as nh3 writes it: attributes always in double quotes, a quote inside one always as &quot;.
ANCHOR = re.compile(r'<a\b((?:[^>"]|"[^"]*")*)>')
REL = f' rel="{LINK_REL}"'


def _rel_only_with_href(match: re.Match) -> str:
    """nh3 gives every <a> the rel, even one whose href it removed; rel without href is invalid HTML."""
    attributes = match.group(1)
    if ' href="' in attributes:
        return match.group(0)
    return f"<a{attributes.replace(REL, '')}>"


@functools.lru_cache(maxsize=4096)  # the warm dev server cleans the same bodies on every save: once is enough
def clean(html: str) -> str:
    """The allowlisted part of an HTML fragment (idempotent: clean(clean(x)) == clean(x))."""
    cleaned = nh3.clean(html, tags=set(TAGS), clean_content_tags=set(DROPPED_WITH_CONTENT),
                        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
                        url_schemes=set(URL_SCHEMES), link_rel=LINK_REL, strip_comments=True,
                        id_prefix=ID_PREFIX, attribute_filter=_same_page_links)
    return ANCHOR.sub(_rel_only_with_href, cleaned)


def is_untrusted(source_path: str | None, settings: dict) -> bool:
    """Whether a content file sits in a folder fans write (playlists, FANZINE_UNTRUSTED_FOLDERS: see bodies.py)."""
    if not source_path:
        return False
    folders = untrusted_folders(settings)
    try:
        relative = Path(os.path.abspath(source_path)).relative_to(os.path.abspath(settings["PATH"]))
    except ValueError:
        return False
    return bool(relative.parts) and relative.parts[0] in folders


def sanitise_content(content) -> None:
    """Signal handler (content_object_init): the body and summary of untrusted files, cleaned.

    It runs when Pelican makes the content object, after Markdown, so the
    reader cache keeps the rendered HTML and the generator cache keeps the
    cleaned object: nothing unclean is ever handed to a template or a feed.
    """
    if not is_untrusted(getattr(content, "source_path", None), content.settings):
        return
    content._content = clean(content._content or "")
    if content.metadata.get("summary"):
        content.metadata["summary"] = clean(content.metadata["summary"])
        content._summary = content.metadata["summary"]
