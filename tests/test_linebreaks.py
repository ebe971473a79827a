"""A line break typed inside a paragraph of Chinese or Japanese shows as nothing; between English words, as
a space; in <pre>, as a line break."""
from __future__ import annotations

import pytest

from fanzine.theme import linebreaks
from fixture_sites import ARTIST, build, make_project


@pytest.mark.parametrize("html, shown", [
    ("<p>東京のシンガー。\n夜の街を歌う。</p>", "<p>東京のシンガー。夜の街を歌う。</p>"),
    ("<p>デモを、\n  友だちに</p>", "<p>デモを、友だちに</p>"),
    ("<p>我们的\n演出</p>", "<p>我们的演出</p>"),
    ("<p>Night\nDrive</p>", "<p>Night\nDrive</p>"),  # a space between English words, as typed
    ("<p>東京\nlive</p>", "<p>東京\nlive</p>"),  # Japanese next to English: the space stays
    ("<p>첫 번째\n공연</p>", "<p>첫 번째\n공연</p>"),  # Korean is written with spaces
    ("<pre><code>夜の\n街</code></pre>\n<p>夜の\n街</p>", "<pre><code>夜の\n街</code></pre>\n<p>夜の街</p>"),
])
def test_line_breaks_inside_chinese_and_japanese_paragraphs(html, shown):
    assert linebreaks.join(html) == shown


def test_a_japanese_story_and_bio_read_without_gaps(tmp_path):
    story = ("---\ntitle: はじめてのライブ\ndate: 2025-03-03\n---\n"
             "東京でのはじめてのライブでした。\n夜の街を歌いました。\n")
    artist = ARTIST.replace("tagline: Field recordings and broken tape loops\n",
                            "tagline: Field recordings\nbio: |\n  東京のシンガー。\n  夜の街を歌う。\n")
    project = make_project(tmp_path / "hub", {"stories/live.md": story}, artist=artist)
    result = build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "output" / "stories" / "live" / "index.html").read_text(encoding="utf-8")
    assert "ライブでした。夜の街" in page
    home = (project / "output" / "index.html").read_text(encoding="utf-8")
    assert "東京のシンガー。夜の街を歌う。" in home
