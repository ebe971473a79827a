"""Early-access pages (content/early/, and any story, page or release with `access:`): locked until a fan unlocks.

A page is locked until its `until:` day (or for good without one). While
locked, its body is sealed here, once every generator's context is complete
(so {static} and {filename} links resolve), and the page object keeps no
plaintext for any template or feed to leak; its files are published sealed too
(early/gatedfiles.py). Early-access pages are listed nowhere: no nav, feed or
sitemap entry.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pelican.contents import Page

from ..content.schema import Date, Record, Text
from ..content.today import day_of
from ..early import gate, gatedfiles
from ..theme import players
from .fields import ACCESS, COMMON, COVER
from .registry import Build, ContentType, add

EARLY_SCHEMA = Record({
    "title": Text("the page title (shown to everyone)", required=True),
    "access": Record(ACCESS.fields, ACCESS.doc, rules=ACCESS.rules, expected=ACCESS.expected, required=True),
    "date": Date("when it was added"),
    **COVER,
    **COMMON,
})


class Early(Page):
    """An early-access page: /early/<slug>/ (EARLY_URL, EARLY_SAVE_AS), locked until a fan unlocks it."""

    default_template = "early"


def gated_elsewhere(context: dict) -> list:
    """Items outside content/early/ that carry `access:`; the early-access type takes them over."""
    return context.setdefault("fanzine_gated", [])


def lock(page, build: Build) -> None:
    until = page.metadata["access"].get("until")
    page.is_locked = until is None or build.today < day_of(until)


def is_page(path: str) -> bool:
    """content/early/<page>/ holds the files a page offers, not pages."""
    return len(Path(path).parts) == 2


def undated(metadata: dict[str, Any], timezone: Any) -> None:
    if "date" not in metadata:
        from ..pipeline.readers import to_datetime

        metadata["date"] = to_datetime(dt.date(1970, 1, 1), timezone)


def take_gated(build: Build) -> None:
    """Every story, page or release with `access:` becomes an early-access page at /early/<slug>/."""
    generator: Any = build
    settings = generator.settings
    for item in gated_elsewhere(generator.context):
        item.override_url = settings["EARLY_URL"].format(slug=item.slug)
        item.override_save_as = settings["EARLY_SAVE_AS"].format(slug=item.slug)
        item.template = "early"
        lock(item, build)
        generator.items.append(item)
    generator.context["early"] = generator.items


def write_pages(generator, writer) -> None:
    """Each page's files published and its body sealed, then the page written."""
    for item in generator.items:
        publish(generator, item)
        writer.write_file(item.save_as, generator.get_template("early"), generator.context,
                          relative_urls=generator.settings["RELATIVE_URLS"], url=item.url,
                          override_output=True, page=item, early=item)


def publish(generator, item) -> None:
    """Publish the page's files (sealed, or in clear once it is public) and seal its body while locked."""
    settings = generator.settings
    keys = settings["FANZINE_GATE_KEYS"]
    plan = gatedfiles.plan_page(item, Path(generator.path), Path(generator.output_path), keys.secret,
                                item.is_locked)
    item._content = plan.body
    if not item.is_locked:
        plan.write(None)
        return
    endpoint = settings["FANZINE_ARTIST"].get("forms", {}).get("endpoint", "/api")
    siteurl = settings.get("SITEURL", "")
    # What a fan sees once unlocked: the body with its links resolved (as get_content resolves them, but without
    # leaving the plaintext in get_content's memo) and its players, rendered in this generator's own Jinja
    # environment before the body is sealed.
    body = item._update_content(item._content, siteurl)
    body, hosts = players.render_html(body, generator.env, siteurl, players.rel_for(item, settings))
    item.has_embeds = bool(hosts)  # base.html loads embed.js, which the unlocked players need
    item.sealed = gate.seal_page(body, item.slug, item.metadata["access"], keys, endpoint)
    item.sealed_json = gate.to_json(item.sealed)
    plan.write(gate.content_key(keys.secret, item.slug, body.encode("utf-8")))
    # From here on the page object holds no plaintext for any template or feed to leak.
    item._content = ""
    item._summary = ""
    item.metadata.pop("summary", None)


EARLY = add(ContentType(
    folder="early", item="early-access page", schema=EARLY_SCHEMA, template="early", content_class=Early,
    doc="early-access pages, locked until a fan signs up or types a code (sealed in git)",
    urls={"EARLY_URL": "early/{slug}/", "EARLY_SAVE_AS": "early/{slug}/index.html"},
    prepare=lock, metadata=undated, is_source=is_page, sitemap=None,
    listed=lambda context: [],
    after_context=take_gated, write_pages=write_pages,
))
