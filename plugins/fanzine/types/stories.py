"""Stories (Pelican articles): reading time, older/newer neighbours, the releases they name, BlogPosting data.

Pelican reads, orders, tags and paginates stories; this module adds what a
fan's story page shows beyond that, once every generator has its context
(a story names releases, which are read by fanzine's own generator).
"""
from __future__ import annotations

import datetime as dt
import math
import re

from markupsafe import Markup

from ..content import today as calendar
from ..content.schema import Report, join, reads
from ..outputs.structured import json_ld

WORDS_PER_MINUTE = 200  # a relaxed reading pace, so "4 min read" is never an underestimate
WORD = re.compile(r"\w+(?:['’]\w+)*")


def reading_minutes(html: str) -> int:
    """Minutes to read an HTML body at WORDS_PER_MINUTE, at least 1."""
    words = len(WORD.findall(Markup(html or "").striptags()))
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def link_neighbours(generator) -> None:
    """Signal handler (article_generator_finalized): each listed story knows its older and newer story.

    Pelican lists stories newest first; hidden and draft stories are not in
    that list, so they are nobody's neighbour.
    """
    stories = generator.articles
    for index, story in enumerate(stories):
        story.newer_story = stories[index - 1] if index > 0 else None
        story.older_story = stories[index + 1] if index + 1 < len(stories) else None
        story.reading_minutes = reading_minutes(story._content)


def leave_out_drafts(generator) -> None:
    """Signal handler (article_generator_finalized): `status: draft` means not built at all.

    Pelican would write draft stories to drafts/ (and, with no categories on
    this site, fail doing so): a fan must never find an unfinished story.
    """
    generator.drafts, generator.drafts_translations = [], []
    generator.context["drafts"] = []


def finish(generators) -> None:
    """Signal handler (all_generators_finalized): related releases and JSON-LD, now that releases are read."""
    article_generator = next((g for g in generators if hasattr(g, "articles") and hasattr(g, "drafts")), None)
    if article_generator is None:
        return
    context, settings = article_generator.context, article_generator.settings
    # Gated releases are not in context["releases"]: a story never links to (or leaks) one.
    releases = {release.slug: release for release in context.get("releases", [])}
    for story in article_generator.articles + article_generator.hidden_articles:
        story.related_releases = [releases[slug] for slug in story.metadata.get("releases", []) if slug in releases]
        if not hasattr(story, "reading_minutes"):
            story.reading_minutes = reading_minutes(story._content)
        story.json_ld = json_ld(blog_posting(story, settings))


def absolute(settings: dict, path: str) -> str:
    """A site path as fans' browsers and search engines see it (root-relative while developing)."""
    return f"{settings.get('SITEURL', '')}/{path.lstrip('/')}"


def blog_posting(story, settings: dict) -> dict:
    """schema.org BlogPosting for a story page."""
    artist = settings.get("FANZINE_ARTIST", {})
    author = {"@type": "MusicGroup", "name": artist.get("name") or settings.get("SITENAME"),
              "url": absolute(settings, "")}
    modified = getattr(story, "modified", None) or story.date
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": story.title[:110],
        "datePublished": story.date.isoformat(),
        "dateModified": modified.isoformat(),
        "url": absolute(settings, story.url),
        "mainEntityOfPage": absolute(settings, story.url),
        "author": author,
        "publisher": author,
        "description": Markup(story.summary or "").striptags(),
        "wordCount": len(WORD.findall(Markup(story._content or "").striptags())),
        "timeRequired": f"PT{story.reading_minutes}M",
        "inLanguage": settings.get("DEFAULT_LANG", "en"),
    }
    if getattr(story, "cover", None):
        data["image"] = absolute(settings, story.cover)
    if getattr(story, "tags", None):
        data["keywords"] = [str(tag) for tag in story.tags]
    if getattr(story, "related_releases", None):
        data["about"] = [{"@type": "MusicAlbum" if release.metadata.get("type") != "single" else "MusicRecording",
                          "name": release.title, "url": absolute(settings, release.url)}
                         for release in story.related_releases]
    return data


@reads('date')
def date_not_far_ahead(story: dict, key: str, report: Report):
    """Schema rule: a story dated more than a year ahead is probably a typo in the year (a warning)."""
    date = story.get("date")
    if date is None:
        return None
    today = calendar.as_of({})
    if calendar.day_of(date) > _one_year_after(today):
        report.warn(join(key, "date"), f"{calendar.day_of(date).isoformat()} is more than a year after today "
                                       f"({today.isoformat()}); is the year right? The story is published now "
                                       "and listed as the newest until then")
    return None


def _one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)
