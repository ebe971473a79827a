"""Placeholders never go live: what the scaffolds write for the artist to replace, found before publishing.

`make new-release` and friends (scaffold.py), the fans' playlist template and
the artist.yml that `make start` writes hold stand-ins: an address ending in
REPLACE, example.com, "Write the release notes here…", placeholder alt text.
While drafting (`make serve`, `make check`) each is a warning; under
`make publish` (and `make check PUBLISH=1`, the deploy's check) an error that
names the file and the key (or "body"). Drafts (`status: draft`) are never
published, so they are left alone.
"""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from ..errors import Problem
from .schema import join

# Every value a scaffold writes for the artist to replace (tests/test_placeholders.py checks that each
# scaffold's stand-ins are all here)...
TEXTS = (
    "Describe the cover for fans using screen readers",  # make new-release
    "One or two lines that make fans want to read on.",  # make new-story
    # make new-playlist and content/playlists/_template.md
    "your-name", "Your playlist title", "Artist name", "Track title", "why it belongs here",
    "Another Artist", "Another Song", "A Third Artist", "A Title: With a Colon Needs Quotes",
    "My latest release",  # make new-link-page
    "REPLACE with the venue's name", "REPLACE with the city",  # make new-event
    "The first choice", "The second choice",  # make new-poll
    # make start's artist.yml, when a commented-out key is switched on unchanged
    "One line under your name",
    "A few sentences about you for the home page. **Bold** and *italics* work.",
    "What the picture shows, for fans using screen readers",
)
# ...and every body it writes (found anywhere in a body, even with the artist's words around it).
BODIES = (
    "Write the release notes here: the story of the song, who played on it, thank-yous.",
    "Write your story here.",
    "What to expect: who is playing, doors, age limits, how to join.",
    "A few words: what the vote decides, and when you'll share the result.",  # make new-poll
    "What you are asking for, and what happens to what fans send (you pick, you credit).",  # make new-call
    "A few words about your playlist: when to play it, what ties it together.",
    "A few words about your playlist: when to play it, what ties it together, who it is for.",
)
# Words inside an address that only ever stand in for the real one.
URL_WORDS = {"replace", "your-name", "your-artist-id", "your-invite", "your-domain", "your-hub"}
# Domains reserved for documentation (RFC 2606): never a real page.
EXAMPLE_DOMAINS = ("example.com", "example.org", "example.net")


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


_TEXTS = {_normal(text) for text in TEXTS + BODIES}
_SENTENCES = [_normal(text) for text in TEXTS + BODIES if len(text) > 30]  # long enough to spot inside others


def placeholder_in_value(value: str) -> bool:
    """True when a front-matter value is (or holds) a stand-in for the artist's own words or address."""
    normal = _normal(value)
    if normal in _TEXTS or any(sentence in normal for sentence in _SENTENCES):
        return True
    return placeholder_in_url(value)


def placeholder_in_url(value: str) -> bool:
    text = value.strip()
    if not re.match(r"(?i)(https?:|mailto:|/)", text):
        return False
    if "..." in text or "…" in text:
        return True
    if text.lower().startswith("mailto:"):
        host = text[7:].split("?", 1)[0].rpartition("@")[2].lower()
    else:
        try:
            host = (urlsplit(text).hostname or "").lower()
        except ValueError:  # not an address at all ("https://[oops"): the schema says so already
            host = ""
    if any(host == domain or host.endswith("." + domain) for domain in EXAMPLE_DOMAINS):
        return True
    words = re.split(r"[/.@:?=&#]+", text.lower())
    return any(word in URL_WORDS for word in words)


def find(shown: str, data: Any, body: str | None, publish: bool) -> list[Problem]:
    """Every placeholder left in a file's front matter (by key, as the artist wrote it) and body."""
    if isinstance(data, dict) and data.get("status") == "draft":
        return []
    problems = []
    for key, value in _strings(data, ""):
        if placeholder_in_value(value):
            problems.append(_problem(shown, key, value, publish))
    if body:
        normal = _normal(body)
        # the longest first: a body holding the long playlist sentence is reported once, not twice
        for sentence in sorted(BODIES, key=len, reverse=True):
            if _normal(sentence) in normal:
                problems.append(_problem(shown, "body", sentence, publish))
                normal = normal.replace(_normal(sentence), "")
    return problems


def _problem(shown: str, key: str, value: str, publish: bool) -> Problem:
    fix = "the real address" if placeholder_in_url(value) else "your own words"
    quoted = value if len(value) <= 70 else value[:67] + "..."
    return Problem(shown, key, f'"{quoted}" is a placeholder: replace it with {fix} before publishing',
                   warning=not publish)


def _strings(value: Any, key: str):
    """(key, text) for every text in a front-matter value, keyed the way check messages name them."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for name, inner in value.items():
            if isinstance(name, str):
                yield from _strings(inner, join(key, name))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _strings(inner, join(key, index))
