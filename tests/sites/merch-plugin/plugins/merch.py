"""Merch (content/merch/): shirts and pins fans design, each with its page, a listing, a feed and a product file.

A site's own plugin: it declares one content type and everything is derived
from it (the check, `fanzine new merch`, the nav, the sitemap, the feeds, the
page-not-found page's links and the `{ block: merch }` of link pages).
Designs come from fans, so the folder is untrusted (sanitised, small bodies),
and an item with `access:` becomes an early-access page (a members' pre-order).
"""
from __future__ import annotations

import json
from pathlib import Path

from feedgenerator import get_tag_uri
from pelican.contents import Page

from fanzine.content.schema import Choice, Date, ListOf, Markdown, Record, Text, Url
from fanzine.outputs.feeds import Entry, absolute_html, at
from fanzine.types import ContentType, Feed, Listing, Nav, Scaffold, add
from fanzine.types.fields import ACCESS, COMMON, COVER

MERCH_SCHEMA = Record({
    "title": Text("what it is", required=True),
    "price": Text("the price as fans see it", required=True, pattern=r"\d+(\.\d\d)? [A-Z]{3}",
                  pattern_hint="a price like 25.00 EUR"),
    "date": Date("when it went on sale", required=True),
    "shop": Url("where fans buy it", required=True),
    "designer": Text("the fan who designed it", max_length=100),
    "sizes": ListOf(Choice(["s", "m", "l", "xl"]), "the sizes on offer", max_items=4),
    "summary": Markdown("one line for the listing", max_length=300),
    **COVER,
    "access": ACCESS,
    **COMMON,
})


class Merch(Page):
    """One merch item: /merch/<slug>/ (MERCH_URL, MERCH_SAVE_AS)."""

    default_template = "merch"


def product(item, settings: dict) -> dict:
    """The item's schema.org Product, also written as merch/<slug>.json for a shop widget."""
    amount, currency = item.metadata["price"].split()
    return {"@context": "https://schema.org", "@type": "Product", "name": item.title,
            "url": f"{settings.get('SITEURL', '')}/{item.url}",
            "offers": {"@type": "Offer", "price": amount, "priceCurrency": currency, "url": item.metadata["shop"]}}


def feed_entry(item, settings: dict) -> Entry:
    site = settings["SITEURL"]
    link = f"{site}/{item.url}"
    return Entry(kind="merch", title=f"{item.title} ({item.metadata['price']})", link=link,
                 id=get_tag_uri(link, item.date), published=at(item.date), updated=at(item.date),
                 author=settings["FANZINE_ARTIST"]["name"], author_link=f"{site}/", summary=None,
                 content=absolute_html(item.get_content(site), site))


def product_files(slug: str, page: str, settings: dict) -> list[str]:
    return [f"merch/{slug}.json"]


def write_files(generator, writer) -> None:
    """One product file per item, and the whole catalogue (per type) beside the listing."""
    output = Path(generator.output_path) / "merch"
    output.mkdir(parents=True, exist_ok=True)
    catalogue = []
    for item in generator.items:
        data = product(item, generator.settings)
        (output / f"{item.slug}.json").write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
        catalogue.append(data)
    (output / "catalogue.json").write_text(json.dumps(catalogue, sort_keys=True), encoding="utf-8")


SCAFFOLD = """---
title: {title}
price: 25.00 EUR
date: {today}
shop: https://shop.example/REPLACE
---
Who designed it, and what it shows.
"""

MERCH = add(ContentType(
    folder="merch", item="merch item", schema=MERCH_SCHEMA, template="merch", content_class=Merch,
    doc="shirts and pins fans design",
    urls={"MERCH_URL": "merch/{slug}/", "MERCH_SAVE_AS": "merch/{slug}/index.html"},
    structured_data=product,
    listings=(Listing("merch_index", "MERCH_INDEX", "merch/", "the merch page"),),
    item_files=product_files,
    nav=Nav("Merch", "MERCH_INDEX", order=35, lost="merch"),
    feed=Feed("FEED_MERCH_ATOM", "feeds/merch.atom.xml", "{site}: merch",
              lambda context: list(context.get("listed_merch", [])), feed_entry),
    scaffold=Scaffold("merch", SCAFFOLD),
    untrusted=True, blocks=("merch",),
    write_outputs=write_files,
))


def register() -> None:
    """Pelican's entry point: the type above is registered when the module is imported."""
