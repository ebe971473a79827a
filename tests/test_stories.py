"""Stories: pages, index, tags, neighbours, related releases, summaries, BlogPosting, and far-future dates."""
from __future__ import annotations

import re
from pathlib import Path

import extruct
import pytest

from conftest import AS_OF, copy_project, fanzine
from fanzine.types import stories
from support.browser import phone_problems

SITE = "https://novalights.example"
NEWEST_FIRST = ["thank-you-lamplighters", "night-drive-voice-memo", "two-synth-rule", "tour-diary-glasshouse"]


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


@pytest.mark.parametrize("words,minutes", [(0, 1), (1, 1), (200, 1), (201, 2), (1000, 5)])
def test_reading_time_rounds_up_at_200_words_a_minute(words, minutes):
    html = "<p>" + " ".join(["word"] * words) + "</p>"
    assert stories.reading_minutes(html) == minutes


@pytest.mark.parametrize("text, words", [
    ("夜のドライブ、東京で。", 5),  # 9 characters of Japanese (the punctuation is not read): half a word each
    ("はじめての東京ライブ日記 with the band", 9),  # 12 characters, then 3 words
    ("我们的第一场演出", 4),
    ("첫 번째 공연", 3),  # Korean is written with spaces: counted by words
])
def test_chinese_and_japanese_are_counted_by_characters(text, words):
    assert stories.words_in(f"<p>{text}</p>") == words


def test_a_long_japanese_story_is_not_one_minute():
    sentence = "夜の街を走りながら、新しい歌のことを考えていました。"  # 26 characters, 24 of them read
    assert stories.reading_minutes("<p>" + sentence * 120 + "</p>") == 8  # 2,880 characters at 400 a minute


def test_reading_time_counts_words_not_markup():
    assert stories.reading_minutes('<p><a href="https://x.example/a/b/c/d">one</a> don’t <em>two</em></p>') == 1


def test_story_page_shows_cover_date_reading_time_and_tags(site):
    html = read(site, "stories/night-drive-voice-memo/index.html")
    assert '<h1 class="story__title">Night Drive started as a forty-second voice memo</h1>' in html
    assert re.search(r'<time datetime="2026-10-30T00:00:00\+00:00">30 October 2026</time> · \d+ min read', html)
    assert re.search(r'<img class="story__cover"[^>]*alt="A glowing pink and cyan audio waveform', html)
    for tag in ("behind-the-scenes", "night-drive", "songwriting"):
        assert f'<a class="tags__tag" href="{SITE}/stories/tags/{tag}/">#{tag}</a>' in html


def test_stories_link_to_their_older_and_newer_neighbours(site):
    for index, slug in enumerate(NEWEST_FIRST):
        html = read(site, f"stories/{slug}/index.html")
        newer = NEWEST_FIRST[index - 1] if index > 0 else None
        older = NEWEST_FIRST[index + 1] if index + 1 < len(NEWEST_FIRST) else None
        assert (f'href="{SITE}/stories/{older}/" rel="prev"' in html) == bool(older)
        assert (f'href="{SITE}/stories/{newer}/" rel="next"' in html) == bool(newer)
        assert html.count('rel="prev"') == bool(older) and html.count('rel="next"') == bool(newer)


def test_a_story_shows_the_releases_it_names(site):
    html = read(site, "stories/night-drive-voice-memo/index.html")
    section = html[html.index('<section class="story__releases"'):]
    assert "The release in this story" in section
    assert f'href="{SITE}/releases/night-drive/">Night Drive</a>' in section
    assert "story__releases" not in read(site, "stories/two-synth-rule/index.html")


def test_index_lists_every_story_newest_first_with_summaries(site):
    html = read(site, "stories/index.html")
    positions = [html.index(f'href="{SITE}/stories/{slug}/"') for slug in NEWEST_FIRST]
    assert positions == sorted(positions)
    assert "The Discord just passed 500 members." in html  # the summary: key
    assert f'href="{SITE}/stories/tags/night-drive/">#night-drive <span class="tags__count">' in html
    assert f'href="{SITE}/feeds/stories.atom.xml"' in html


def test_tag_pages_list_their_stories(site):
    html = read(site, "stories/tags/night-drive/index.html")
    assert "<h1>Stories tagged #night-drive</h1>" in html
    assert "2 stories" in html
    assert f'href="{SITE}/stories/thank-you-lamplighters/"' in html
    assert f'href="{SITE}/stories/night-drive-voice-memo/"' in html
    assert "two-synth-rule" not in html


def test_story_json_ld_is_a_blog_posting(site):
    data = extruct.extract(read(site, "stories/night-drive-voice-memo/index.html"), base_url=SITE,
                           syntaxes=["json-ld"], uniform=True)["json-ld"]
    post = next(item for item in data if item["@type"] == "BlogPosting")
    assert post["headline"] == "Night Drive started as a forty-second voice memo"
    assert post["datePublished"] == "2026-10-30T00:00:00+00:00"
    assert post["author"] == {"@type": "MusicGroup", "name": "Nova Lights", "url": f"{SITE}/"}
    assert post["image"] == f"{SITE}/images/night-drive-voice-memo.jpg"
    assert post["url"] == f"{SITE}/stories/night-drive-voice-memo/"
    assert post["keywords"] == ["behind-the-scenes", "night-drive", "songwriting"]
    assert post["about"] == [{"@type": "MusicRecording", "name": "Night Drive", "url": f"{SITE}/releases/night-drive/"}]
    assert post["description"].startswith("How a hummed melody")
    assert re.fullmatch(r"PT\d+M", post["timeRequired"])


# --- stories an artist might write --------------------------------------------------------------

STORY = """---
title: {title}
date: {date}
{extra}
---
{body}
"""


def write_story(project: Path, slug: str, title: str, date: str, body: str, extra: str = "") -> None:
    (project / "content/stories" / f"{slug}.md").write_text(
        STORY.format(title=title, date=date, extra=extra, body=body), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The example hub plus stories that test the edges, built with production settings."""
    project = copy_project(tmp_path_factory.mktemp("stories"))
    write_story(project, "no-summary", "No summary here", "2026-11-15",
                "The first paragraph is the summary.\n\nThe second paragraph is not.")
    write_story(project, "escaped", "'\"<script>alert(1)</script>'", "2026-11-14", "Plain words.")
    write_story(project, "hidden-note", "A hidden note", "2026-11-13", "Only by link.", "status: hidden")
    write_story(project, "secret-diary", "Secret diary", "2026-11-16", "SECRET-DIARY-BODY",
                "access: { mode: code, code_env: STUDIO_DIARY_CODE }\nreleases: [night-drive]")
    release = project / "content/releases/unheard.md"
    release.write_text("---\ntitle: Unheard\ntype: single\nrelease_date: 2026-01-01\n"
                       "access: { mode: code, code_env: STUDIO_DIARY_CODE }\n---\nUNHEARD-NOTES\n")
    write_story(project, "names-a-gated-release", "About Unheard", "2026-11-10", "Words.",
                "releases: [unheard, night-drive]")
    write_story(project, "typo", "Typo", "2062-11-01", "Words.")
    write_story(project, "wip", "Draft words", "2026-11-01", "UNFINISHED-DRAFT", "status: draft")
    result = fanzine("build", "--publish", "--as-of", AS_OF, cwd=project, check=True,
                     env={"SITEURL": SITE, "FANZINE_AS_OF": AS_OF})
    (project / "build-stderr.txt").write_text(result.stderr)
    return project / "output"


def test_the_first_paragraph_is_the_summary_when_none_is_given(built):
    html = read(built, "stories/index.html")
    card = html[html.index(f'href="{SITE}/stories/no-summary/"'):]
    card = card[:card.index("</article>")]
    assert "The first paragraph is the summary." in card
    assert "The second paragraph" not in card


def test_titles_are_escaped(built):
    html = read(built, "stories/escaped/index.html")
    assert "<h1 class=\"story__title\">&#34;&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in html
    assert "<script>alert(1)" not in html


def test_hidden_and_gated_stories_are_nobodys_neighbour(built):
    for slug in ("no-summary", "escaped", "names-a-gated-release"):
        html = read(built, f"stories/{slug}/index.html")
        assert "hidden-note" not in html and "secret-diary" not in html
    assert "hidden-note" not in read(built, "stories/index.html")
    assert (built / "stories/hidden-note/index.html").exists()  # built, just not listed
    assert not (built / "stories/secret-diary").exists()  # an early-access page instead
    assert "SECRET-DIARY-BODY" not in read(built, "early/secret-diary/index.html")


def test_a_draft_story_is_not_built_anywhere(built):
    assert not (built / "drafts").exists() and not (built / "stories/wip").exists()
    assert not any("UNFINISHED-DRAFT" in path.read_text(errors="ignore") for path in built.rglob("*")
                   if path.is_file() and path.suffix in (".html", ".xml", ".xspf"))


def test_a_gated_release_named_by_a_story_is_not_linked(built):
    html = read(built, "stories/names-a-gated-release/index.html")
    section = html[html.index('<section class="story__releases"'):]
    assert f'href="{SITE}/releases/night-drive/">Night Drive</a>' in section
    assert "The release in this story" in section  # one: the gated one is left out
    assert "releases/unheard" not in html and "UNHEARD-NOTES" not in html


# --- a date far in the future ---------------------------------------------------------------------

@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    (folder / "stories").mkdir(parents=True)
    (folder / "artist.yml").write_text("name: Nova Lights\n")
    return folder


@pytest.mark.parametrize("date,warned", [("2027-11-21", False), ("2027-11-22", True), ("2026-12-25", False),
                                         ("2036-01-01", True)])
def test_a_story_dated_more_than_a_year_ahead_is_a_warning(content, date, warned):
    (content / "stories/ahead.md").write_text(f"---\ntitle: Ahead\ndate: {date}\n---\nWords.\n")
    result = fanzine("check", "--content", "content", cwd=content.parent, env={"FANZINE_AS_OF": "2026-11-21"})
    assert result.returncode == 0, result.stderr  # a warning never stops the build
    message = (f"content/stories/ahead.md: date: warning: {date} is more than a year after today (2026-11-21); "
               "is the year right? The story is published now and listed as the newest until then")
    assert (message in result.stderr) is warned
    assert result.stdout == ("No errors: artist.yml and 1 content file checked; 1 warning above to look at.\n" if warned
                             else "All good: artist.yml and 1 content file checked.\n")


def test_the_warning_shows_during_a_build_too(built):
    printed = (built.parent / "build-stderr.txt").read_text()
    assert "content/stories/typo.md: date: warning: 2062-11-01 is more than a year after today" in printed
    assert (built / "stories/typo/index.html").exists()


def test_feeds_leave_out_hidden_and_gated_stories_and_releases(built):
    text = "".join(path.read_text() for path in (built / "feeds").glob("*.atom.xml"))
    assert "stories/no-summary/" in text  # a listed story is in
    for absent in ("hidden-note", "secret-diary", "SECRET-DIARY-BODY", "releases/unheard", "UNHEARD-NOTES"):
        assert absent not in text


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/stories/night-drive-voice-memo/", "/stories/thank-you-lamplighters/",
                                  "/stories/tags/night-drive/"])
def test_story_pages_work_on_a_phone(page, site_url, axe_source, path):

    problems = phone_problems(page, site_url + path, axe_source)
    assert problems == [], "\n".join(problems)
