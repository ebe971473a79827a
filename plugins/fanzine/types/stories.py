"""Stories (content/stories/, Pelican articles): reading time, neighbours, the releases they name, BlogPosting data.

Pelican reads, orders, tags and paginates stories; this module declares their
keys and adds what a fan's story page shows beyond that, once every generator
has its context (a story names releases, which are read by fanzine's own generator).
"""
from __future__ import annotations

import datetime as dt
import functools
import math
import re
from typing import Any

from feedgenerator import get_tag_uri
from markupsafe import Markup

from ..content.schema import Date, ListOf, Markdown, Record, Report, Slug, Text, join, reads
from ..content.today import day_of
from ..outputs.feeds import Entry, absolute_html, at
from .fields import ACCESS, COMMON, COVER, tags
from .registry import Build, ContentType, Feed, Listing, Nav, Scaffold, add

WORDS_PER_MINUTE = 200  # a relaxed reading pace, so "4 min read" is never an underestimate
WORD = re.compile(r"\w+(?:['’]\w+)*")
# Chinese and Japanese are written without spaces: a relaxed reader takes about 400 characters a minute,
# so each character counts as half a word (a run of them between two commas is not one word).
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")


@functools.lru_cache(maxsize=8192)  # the warm dev server builds the same bodies again on every save
def words_in(html: str) -> int:
    """How many words an HTML body has for a reader (tags left out; Chinese and Japanese by characters)."""
    text = Markup(html or "").striptags()
    unspaced = len(UNSPACED.findall(text))
    return len(WORD.findall(UNSPACED.sub(" ", text))) + math.ceil(unspaced / 2)


def reading_minutes(html: str) -> int:
    """Minutes to read an HTML body at WORDS_PER_MINUTE, at least 1."""
    return max(1, math.ceil(words_in(html) / WORDS_PER_MINUTE))


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


def prepare_story(story, build: Build) -> None:
    """Once every generator has read its folder: the releases a story names (gated ones are not in the context,
    so a story never links to, or leaks, one) and its reading time."""
    releases = {release.slug: release for release in build.context.get("releases", [])}
    story.related_releases = [releases[slug] for slug in story.metadata.get("releases", []) if slug in releases]
    if not hasattr(story, "reading_minutes"):
        story.reading_minutes = reading_minutes(story._content)


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
        "wordCount": words_in(story._content or ""),
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
    """Schema rule: a story dated more than a year ahead is probably a typo in the year (a warning).

    "Today" is the build's (report.today: AS_OF, or today in the artist's timezone), as for every other date.
    """
    date = story.get("date")
    today = report.today
    if date is None or today is None:
        return None
    if day_of(date) > _one_year_after(today):
        report.warn(join(key, "date"), f"{day_of(date).isoformat()} is more than a year after today "
                                       f"({today.isoformat()}); is the year right? The story is published now "
                                       "and listed as the newest until then")
    return None


def _one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)

STORY = Record({
    "title": Text("the story title", required=True),
    "date": Date("when it was published", required=True),
    "modified": Date("when it was last changed"),
    "summary": Markdown("shown in listings; defaults to the first paragraph", max_length=500),
    **COVER,
    "tags": tags(),
    "releases": ListOf(Slug(), "releases this story is about (their file names)", max_items=20, allow_single=True),
    "access": ACCESS,
    **COMMON,
}, rules=[date_not_far_ahead])


def story_json_ld(story, settings: dict) -> dict:
    return blog_posting(story, settings)


def story_metadata(metadata: dict[str, Any], timezone: Any) -> None:
    metadata["template"] = "story"


def feed_entry(story, settings: dict) -> Entry:
    site = settings["SITEURL"]
    artist = settings.get("FANZINE_ARTIST", {}).get("name") or settings.get("SITENAME", "")
    link = f"{site}/{story.url}"
    content = absolute_html(story.get_content(site), site)
    summary = absolute_html(story.summary, site)
    return Entry(
        kind="stories", title=Markup(story.title).striptags(), link=link, id=get_tag_uri(link, story.date),
        published=at(story.date), updated=at(getattr(story, "modified", None) or story.date),
        author=artist, author_link=f"{site}/", summary=None if summary == content else summary,
        content=content, categories=tuple(str(tag) for tag in getattr(story, "tags", []) or ()),
    )


def check_references(site, story: dict) -> None:
    """Every release a story names exists."""
    from .releases import missing_release

    for i, slug in enumerate(story.get("releases", [])):
        if slug not in site.items["releases"]:
            missing_release(site, story["_path"], f"releases[{i + 1}]", slug)


def tag_pages(context: dict, lastmod) -> dict[str, dt.date | None]:
    """The sitemap's tag pages: each is as new as its newest story."""
    pages: dict[str, dt.date | None] = {}
    for tag, stories in context.get("tags", []):
        days = [day for day in (lastmod(story) for story in stories) if day is not None]
        pages[tag.url] = max(days) if days else None
    return pages


SCAFFOLD = """---
title: {title}
date: {today}
summary: One or two lines that make fans want to read on.
tags: []
---
Write your story here.
"""

STORIES = add(ContentType(
    folder="stories", item="story", schema=STORY, template="story", pelican="ARTICLE",
    doc="blog posts: behind the scenes, tour diaries",
    urls={"ARTICLE_URL": "stories/{slug}/", "ARTICLE_SAVE_AS": "stories/{slug}/index.html",
          "TAG_URL": "stories/tags/{slug}/", "TAG_SAVE_AS": "stories/tags/{slug}/index.html"},
    prepare=prepare_story, structured_data=story_json_ld, metadata=story_metadata,
    listings=(Listing("stories", "STORIES", "stories/", "the stories page", written_by_pelican=True),),
    nav=Nav("Stories", "STORIES", order=20),
    feed=Feed("FEED_ATOM", "feeds/stories.atom.xml", "{site}: stories",
              lambda context: list(context.get("articles", [])), feed_entry),
    scaffold=Scaffold("story", SCAFFOLD),
    listed=lambda context: list(context.get("articles", [])),
    items=lambda context: list(context.get("articles", [])) + list(context.get("hidden_articles", [])),
    check_references=check_references, sitemap_pages=tag_pages,
))
