"""The hub home (/ with home: hub): hero release, latest stories, pinned playlists, Discord, newsletter, links."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from support.pages import SITEURL, Page, build, read

pytestmark = pytest.mark.slow


def section(text: str, heading_id: str) -> str:
    """The <section> labelled by the heading with this id."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}">.*?</section>', text, re.S)
    assert match, f"no section labelled {heading_id}"
    return match.group(0)


def test_the_hero_names_the_artist_and_leads_to_the_link_page(site):
    text = read(site, "index.html")
    hero = section(text, "hero-heading")
    assert '<h1 id="hero-heading" class="hero__name">Nova Lights</h1>' in hero
    assert "Synthwave for late-night drives and the long way home" in hero
    assert f'href="{SITEURL}/links/">All links</a>' in hero


def test_the_featured_release_is_the_next_one_with_its_pre_save(site):
    feature = section(read(site, "index.html"), "feature-heading")
    assert '<h2 id="feature-heading">Coming soon</h2>' in feature
    assert '<h3 class="feature__title">Night Drive</h3>' in feature
    assert f'<a class="feature__action" href="{SITEURL}/go/night-drive/">Pre-save' in feature
    assert f'<a href="{SITEURL}/releases/night-drive/">More about Night Drive</a>' in feature


def test_the_latest_three_stories_newest_first(site):
    stories = section(read(site, "index.html"), "stories-heading")
    titles = [text for level, text in Page(stories).headings if level == "h3"]
    assert titles == ["Thank you, Lamplighters", "Night Drive started as a forty-second voice memo",
                      "The two-synth rule (and everything else on the desk)"]
    assert f'href="{SITEURL}/stories/">All stories</a>' in stories


def test_only_pinned_community_playlists(site):
    playlists = section(read(site, "index.html"), "playlists-heading")
    titles = [text for level, text in Page(playlists).headings if level == "h3"]
    assert titles == ["Songs for the last train home", "Motorway services, 3 a.m."]
    assert "Rain on the skylight" not in playlists


def test_discord_and_newsletter_calls_to_action(site):
    text = read(site, "index.html")
    assert 'class="block discord"' in text and 'href="https://discord.gg/UqiTVg5b"' in text
    assert 'class="block newsletter"' in text and 'type="email"' in text
    assert text.index("playlists-heading") < text.index('class="block discord"')


def test_the_home_carries_the_in_app_hint_hidden(site):
    text = read(site, "index.html")
    assert '<div class="inapp" id="inapp" role="region" aria-label="Open in your browser" hidden>' in text
    assert f'<script src="{SITEURL}/theme/js/inapp.js" defer></script>' in text


def test_on_release_day_the_hero_says_out_now_and_listen(example_on):
    text = read(example_on("2026-12-05", publish=True), "index.html")
    feature = section(text, "feature-heading")
    assert '<h2 id="feature-heading">Out now</h2>' in feature
    assert f'<a class="feature__action" href="{SITEURL}/go/night-drive/">Listen' in feature


def set_main_featured(value: str):
    def edit(project: Path) -> None:
        main = project / "content/links/index.md"
        main.write_text(main.read_text().replace("featured: upcoming", f"featured: {value}"))
    return edit


def test_the_hero_follows_the_main_link_page_featured_release(tmp_path):
    text = read(build(tmp_path, edit=set_main_featured("releases/satellite-summer")), "index.html")
    feature = section(text, "feature-heading")
    assert '<h2 id="feature-heading">Out now</h2>' in feature and "Satellite Summer" in feature


def test_with_nothing_featured_the_hero_still_shows_the_next_release(tmp_path):
    output = build(tmp_path, edit=set_main_featured("none"))
    assert 'class="feature"' not in read(output, "links/index.html")
    assert "Night Drive" in section(read(output, "index.html"), "feature-heading")
