"""Nothing an artist writes is silently dropped: every sentence of every body reaches its page.

Pelican's Markdown reader switches on Markdown's `meta` extension, which takes
a body's first lines shaped like `Update: we swapped the mixer` (or a bare
`https://` link) as metadata and removes them from the page. Each body here
starts the way artists and fans really start them (a `Key: value` line, a bare
link, a list, raw HTML) in every content folder, and in gated pages too, whose
sealed body is decrypted here exactly as the fan's browser does it.
"""
from __future__ import annotations

import pytest

from fanzine.pipeline.readers import markdown_options
from fixture_sites import build, make_project, page_text, unseal

pytestmark = pytest.mark.slow

BODIES = {
    "meta": "Update: we swapped the mixer in {where}.\nMood: quiet {where}\n\nLast words of {where}.\n",
    "two-meta": "Status: done {where}\nSource: https://example.com/{where}\n\nAfter the keys in {where}.\n",
    "link": "https://example.com/bare-link-{where}\n\nAfter the link in {where}.\n",
    "list": "- first item of {where}\n- second item of {where}\n\nAfter the list in {where}.\n",
    "html": "<div>Raw HTML sentence in {where}.</div>\n\nAfter the HTML in {where}.\n",
}
SENTENCES = {
    "meta": ["Update: we swapped the mixer in {where}.", "Mood: quiet {where}", "Last words of {where}."],
    "two-meta": ["Status: done {where}", "Source: https://example.com/{where}", "After the keys in {where}."],
    "link": ["https://example.com/bare-link-{where}", "After the link in {where}."],
    "list": ["first item of {where}", "second item of {where}", "After the list in {where}."],
    "html": ["Raw HTML sentence in {where}.", "After the HTML in {where}."],
}
# folder → (front matter of a file there, where its page lands, whether the page is sealed)
FOLDERS = {
    "releases": ("title: R {v}\ntype: single\nrelease_date: 2025-01-01", "releases/{slug}/index.html", False),
    "stories": ("title: S {v}\ndate: 2025-01-02", "stories/{slug}/index.html", False),
    "playlists": ("title: P {v}\ncurator: fan\ndate: 2025-01-03\ntracks:\n  - {{ artist: A, title: B }}",
                  "playlists/{slug}/index.html", False),
    "links": ("title: L {v}\nlinks:\n  - {{ label: Home, url: / }}", "links/{slug}/index.html", False),
    "pages": ("title: Page {v}", "{slug}/index.html", False),
    "early": ("title: E {v}\naccess: {{ mode: signup }}", "early/{slug}/index.html", True),
}
# items outside early/ that carry access: are sealed too, and land under early/
GATED = {
    "stories": "title: Gated story {v}\ndate: 2025-01-04\naccess: {{ mode: signup }}",
    "pages": "title: Gated page {v}\naccess: {{ mode: signup }}",
    "releases": "title: Gated release {v}\ntype: single\nrelease_date: 2025-01-05\naccess: {{ mode: signup }}",
}


def cases() -> list[tuple[str, str, str, str, bool]]:
    """(content path, front matter, variant, output page, sealed) for every folder and every body."""
    found = []
    for variant in BODIES:
        for folder, (front, page, sealed) in FOLDERS.items():
            slug = f"{variant}-{folder}"
            found.append((f"{folder}/{slug}.md", front.format(v=variant), variant,
                          page.format(slug=slug), sealed))
        for folder, front in GATED.items():
            slug = f"sealed-{variant}-{folder}"
            found.append((f"{folder}/{slug}.md", front.format(v=variant), variant, f"early/{slug}/index.html", True))
    return found


def where(path: str) -> str:
    return path.removesuffix(".md").replace("/", "-")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    files = {path: f"---\n{front}\n---\n" + BODIES[variant].format(where=where(path))
             for path, front, variant, _page, _sealed in cases()}
    project = make_project(tmp_path_factory.mktemp("bodies"), files)
    result = build(project, publish=False)
    assert result.returncode == 0, result.stderr
    return project / "output"


@pytest.mark.parametrize("path, front, variant, page, sealed", cases(), ids=[c[0] for c in cases()])
def test_every_sentence_of_every_body_reaches_its_page(built, path, front, variant, page, sealed):
    html = (built / page).read_text(encoding="utf-8")
    text = page_text(unseal(html) if sealed else html)
    for sentence in SENTENCES[variant]:
        assert sentence.format(where=where(path)) in text, f"{path}: lost {sentence!r}"


def test_no_markdown_extension_that_drops_text_is_configured():
    """Whatever Pelican adds to the MARKDOWN setting, the reader renders without `meta`."""
    settings = {"MARKDOWN": {"extensions": ["markdown.extensions.extra", "markdown.extensions.meta", "meta"],
                             "extension_configs": {"markdown.extensions.meta": {}, "markdown.extensions.smarty": {}}}}
    options = markdown_options(settings)
    assert options["extensions"] == ["markdown.extensions.extra", "markdown.extensions.smarty"]
    assert options["extension_configs"] == {"markdown.extensions.smarty": {}}
