"""Fanzine: the Pelican plugin that turns an artist's Markdown and YAML into a fan hub.

`register()` only connects signals; each concern lives in its own module:
frontmatter/schema/schemas/check (reading and checking content), readers,
contents and generators (Pelican's pipeline), releases, calendar, colours,
theme, site (artist.yml → settings) and cli (the `fanzine` command).
"""
from __future__ import annotations


def register() -> None:
    from pelican import signals

    from . import (bodyembeds, embeds, feeds, fonts, gatedfiles, hostconfig, marks, redirects, safefiles, sanitize, site,
                   sitemap, stories)
    from .generators import get_generators, take_gated_articles
    from .readers import add_reader

    signals.initialized.connect(site.configure)
    signals.initialized.connect(feeds.take_over)
    signals.readers_init.connect(add_reader)
    signals.content_object_init.connect(sanitize.sanitise_content)
    signals.get_generators.connect(get_generators)
    signals.get_generators.connect(feeds.get_generators)
    signals.get_generators.connect(sitemap.get_generators)  # sitemap.xml, robots.txt
    signals.get_generators.connect(redirects.get_generators)  # _redirects and moved pages' forwarding pages
    signals.article_generator_pretaxonomy.connect(take_gated_articles)
    signals.article_generator_finalized.connect(stories.link_neighbours)
    signals.article_generator_finalized.connect(stories.leave_out_drafts)
    signals.page_generator_finalized.connect(take_gated_articles)
    signals.all_generators_finalized.connect(stories.finish)
    # never a link, never outside content/: no generator follows one, and the static copy takes only real pictures
    for found_files in (signals.article_generator_init, signals.page_generator_init, signals.static_generator_init):
        found_files.connect(safefiles.walk_without_links)
    signals.static_generator_finalized.connect(safefiles.refuse_unsafe_static_files)
    signals.all_generators_finalized.connect(feeds.link_written_feeds)
    # click-to-load players, the Discord widget and newsletter signups; host headers (CSP) from the result
    signals.initialized.connect(embeds.configure)
    signals.initialized.connect(bodyembeds.configure)
    signals.all_generators_finalized.connect(bodyembeds.render_bodies)
    signals.finalized.connect(hostconfig.write_host_config)
    # the artist's mark (icons, manifest, hero backdrop) and the theme's fonts, cut to the characters the pages use
    signals.get_generators.connect(marks.get_generators)
    signals.finalized.connect(fonts.write_fonts)
    signals.static_generator_finalized.connect(gatedfiles.withhold_gated_pictures)
