"""sanitize.py: the allowlist that fans' rendered Markdown passes through."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown import Markdown

from fanzine.content import sanitize
from support.html import elements, problems
from xss_vectors import BODY_VECTORS, MARKER

MARKDOWN = {"extensions": ["markdown.extensions.extra", "markdown.extensions.smarty",
                           "markdown.extensions.sane_lists"], "output_format": "html5"}
def render(text: str) -> str:
    return Markdown(**MARKDOWN).convert(text)


@pytest.mark.parametrize("vector", BODY_VECTORS)
def test_no_vector_survives_markdown_and_the_sanitiser(vector):
    html = sanitize.clean(render(f"Before.\n\n{vector}\n\nAfter."))
    assert problems(html) == []
    assert "Before." in html and "After." in html  # the fan's own words stay
    assert sanitize.clean(html) == html  # idempotent: a second pass changes nothing


def test_there_are_at_least_fifty_vectors():
    assert len(BODY_VECTORS) >= 50
    assert len(set(BODY_VECTORS)) == len(BODY_VECTORS)


def test_prose_keeps_its_structure():
    html = sanitize.clean(render(
        "## Side A\n\n*soft* and **loud**, `code`, ~~no~~\n\n> a quote\n\n1. one\n2. two\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n[the band](https://novalights.example/) and <abbr title=\"x\">X</abbr>"))
    for tag in ("<h2", "<em>", "<strong>", "<code>", "<blockquote>", "<ol>", "<li>", "<table>", "<td", "<abbr"):
        assert tag in html
    assert '<a href="https://novalights.example/" rel="nofollow ugc noopener">the band</a>' in html


def test_links_are_marked_as_community_links_whatever_rel_the_fan_wrote():
    html = sanitize.clean('<a href="https://ok.example/" rel="me author" target="_blank">x</a>')
    assert html == '<a href="https://ok.example/" rel="nofollow ugc noopener">x</a>'


@pytest.mark.parametrize("href", ["https://ok.example/", "http://ok.example/", "mailto:fan@ok.example",
                                  "/releases/night-drive/", "#fn:1"])
def test_safe_links_are_kept(href):
    assert 'href="' in sanitize.clean(f'<a href="{href}">x</a>')


@pytest.mark.parametrize("href", ["javascript:alert(1)", "data:text/html,x", "vbscript:x", "file:///etc/passwd",
                                  "ftp://ok.example/"])
def test_other_schemes_are_dropped(href):
    assert "href" not in sanitize.clean(f'<a href="{href}">x</a>')


def test_ids_are_prefixed_so_a_fan_cannot_clobber_the_page():
    html = sanitize.clean(render("A note.[^1]\n\n[^1]: The footnote."))
    ids = [attrs["id"] for _tag, attrs in elements(html) if "id" in attrs]
    hrefs = [attrs["href"] for tag, attrs in elements(html) if tag == "a"]
    assert ids and all(i.startswith("ugc-") for i in ids)
    assert hrefs and all(h.startswith("#ugc-") for h in hrefs)  # the footnote links still work
    assert {h[1:] for h in hrefs} <= set(ids)
    assert sanitize.clean('<p id="gate-data">x</p>') == '<p id="ugc-gate-data">x</p>'


def test_class_attributes_are_dropped_so_fans_cannot_dress_up_as_the_site():
    assert sanitize.clean('<a class="button button--primary" href="https://ok.example/">x</a>') == \
        '<a href="https://ok.example/" rel="nofollow ugc noopener">x</a>'


def test_dropped_containers_lose_their_content_and_unknown_tags_keep_their_text():
    assert sanitize.clean("<script>secret()</script><style>p{}</style><blink>kept</blink>") == "kept"


@pytest.mark.parametrize("folders,path,expected", [
    (["playlists"], "content/playlists/a.md", True),
    (["playlists"], "content/stories/a.md", False),
    (["playlists", "stories"], "content/stories/a.md", True),
    ([], "content/playlists/a.md", True),  # playlists are declared untrusted (types/playlists.py): always sanitised
    (["playlists"], "elsewhere/playlists/a.md", False),
    (["playlists"], None, False),
])
def test_untrusted_folders_are_the_types_and_a_setting(tmp_path, folders, path, expected):
    settings = {"PATH": str(tmp_path / "content"), "FANZINE_UNTRUSTED_FOLDERS": folders}
    source = str(tmp_path / path) if path else None
    assert sanitize.is_untrusted(source, settings) is expected


def test_playlists_are_untrusted_by_default(tmp_path):
    assert sanitize.is_untrusted(str(tmp_path / "content/playlists/a.md"), {"PATH": str(tmp_path / "content")})


FRAGMENTS = st.sampled_from(["<", ">", "'", '"', "=", "/", " ", "\t", "&#", "x", ";", ":", "javascript", "on",
                             "error", "load", "script", "svg", "img", "a", "href", "src", "style", "alert(1)",
                             "<!--", "-->", "<![CDATA[", "]]>", "`", "&lt;", "data", "iframe", MARKER])


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS, max_size=40).map("".join))
def test_any_mix_of_dangerous_fragments_comes_out_inert(text):
    html = sanitize.clean(text)
    assert problems(html) == []
    assert sanitize.clean(html) == html


@pytest.mark.parametrize("given, kept", [
    ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
    ("<a>plain</a>", "<a>plain</a>"),
    ('<a id="z" href="ftp://x">x</a>', '<a id="ugc-z">x</a>'),
    ('<a href="https://x.example" title="t">x</a>',
     '<a href="https://x.example" title="t" rel="nofollow ugc noopener">x</a>'),
    ('<a title="a&quot; href=&quot;x">x</a>', '<a title="a&quot; href=&quot;x">x</a>'),
])
def test_rel_only_on_links_that_keep_their_href(given, kept):
    """rel without href is invalid HTML: nh3 adds rel to every <a>, even one whose href it removed."""
    assert sanitize.clean(given) == kept
    assert sanitize.clean(kept) == kept
