"""Fanzine: the Pelican plugin that turns an artist's Markdown and YAML into a fan hub.

The subpackages follow the flow (docs/development.md draws it):
content/ reads and checks the artist's files, types/ declares each content type
once, pipeline/ is the Pelican glue made from those declarations, early/ seals
early-access pages, outputs/ writes everything besides the pages, theme/ is
what the templates use, commands/ is the `fanzine` command. `register()` only
connects signals.
"""
from __future__ import annotations


def register() -> None:
    from pelican import signals

    from .content import safefiles, sanitize
    from .early import gatedfiles
    from .outputs import editor, feeds, hostconfig, images, marks, pagescan, previews, redirects, sitemap, stylesheets
    from .pipeline import generators, memo, prefetch, readers, settings, site, templatecache
    from .theme import embeds, fonts, players
    from .types import stories

    # settings first: every later handler reads them with their declared defaults
    signals.initialized.connect(settings.apply)
    signals.initialized.connect(memo.install)  # Pelican's path arithmetic kept per file
    signals.initialized.connect(images.new_build)  # each build copies its pictures into its own output
    signals.initialized.connect(pagescan.new_build)  # what the passes over every page found, kept one build
    signals.initialized.connect(templatecache.configure)  # templates compiled once, not once per generator
    signals.initialized.connect(site.configure)  # the check (or the command's), artist.yml → settings
    signals.initialized.connect(feeds.take_over)
    signals.initialized.connect(embeds.configure)  # players, the Discord widget and newsletter signups
    signals.initialized.connect(players.configure)
    signals.initialized.connect(prefetch.start)  # last: Markdown's options are final; bodies rendered on every core
    signals.readers_init.connect(readers.add_reader)
    signals.content_object_init.connect(sanitize.sanitise_content)
    # one generator per content type fanzine reads, then what is written once every page is
    signals.get_generators.connect(generators.get_generators)
    signals.get_generators.connect(stylesheets.get_generators)
    signals.get_generators.connect(previews.get_generators)
    signals.get_generators.connect(marks.get_generators)  # the artist's icons, manifest and hero backdrop
    signals.get_generators.connect(feeds.get_generators)
    signals.get_generators.connect(sitemap.get_generators)  # sitemap.xml, robots.txt
    signals.get_generators.connect(redirects.get_generators)  # _redirects and moved pages' forwarding pages
    signals.get_generators.connect(editor.get_generators)  # /admin/, when artist.yml enables the editor
    signals.article_generator_pretaxonomy.connect(generators.take_gated_articles)
    signals.article_generator_finalized.connect(stories.link_neighbours)
    signals.article_generator_finalized.connect(stories.leave_out_drafts)
    signals.page_generator_finalized.connect(generators.take_gated_articles)
    signals.all_generators_finalized.connect(generators.finish)  # stories' releases, JSON-LD, the nav
    signals.all_generators_finalized.connect(feeds.link_written_feeds)
    # never a link, never outside content/: no generator follows one, and the static copy takes only real pictures
    for found_files in (signals.article_generator_init, signals.page_generator_init, signals.static_generator_init):
        found_files.connect(safefiles.walk_without_links)
    signals.static_generator_finalized.connect(safefiles.refuse_unsafe_static_files)
    signals.static_generator_finalized.connect(gatedfiles.withhold_gated_pictures)
    signals.finalized.connect(hostconfig.write_host_config)  # CSP from the built pages
    signals.finalized.connect(fonts.write_fonts)  # the theme's fonts, cut to the characters the pages use
