"""Fanzine: the Pelican plugin that turns an artist's Markdown and YAML into a fan hub.

`register()` only connects signals; each concern lives in its own module:
frontmatter/schema/schemas/check (reading and checking content), readers,
contents and generators (Pelican's pipeline), releases, calendar, colours,
theme, site (artist.yml → settings) and cli (the `fanzine` command).
"""
from __future__ import annotations


def register() -> None:
    from pelican import signals

    from . import site
    from .generators import get_generators, take_gated_articles
    from .readers import add_reader

    signals.initialized.connect(site.configure)
    signals.readers_init.connect(add_reader)
    signals.get_generators.connect(get_generators)
    signals.article_generator_pretaxonomy.connect(take_gated_articles)
    signals.page_generator_finalized.connect(take_gated_articles)
