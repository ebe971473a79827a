"""Plain pages (content/pages/, Pelican pages): about, press kit. Each gets its own nav entry."""
from __future__ import annotations

from ..content.schema import Markdown, Record, Text
from .fields import ACCESS, COMMON, COVER
from .registry import ContentType, add

PAGE = Record({
    "title": Text("the page title", required=True),
    "summary": Markdown("shown in link previews", max_length=500),
    **COVER,
    "access": ACCESS,
    **COMMON,
})

PAGES = add(ContentType(
    folder="pages", item="page", schema=PAGE, template="page", pelican="PAGE",
    doc="plain pages: about, press kit (each one is in the nav)",
    urls={"PAGE_URL": "{slug}/", "PAGE_SAVE_AS": "{slug}/index.html"},
    sitemap="none",  # a plain page says nothing about when it changed
    listed=lambda context: list(context.get("pages", [])),
    items=lambda context: list(context.get("pages", [])) + list(context.get("hidden_pages", [])),
))
