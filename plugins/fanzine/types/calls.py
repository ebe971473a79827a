"""Calls for submissions (content/calls/): fans name the B-side, send fan art, remixes, questions, playlists.

A call is open from `opens` through the day of `closes`; its form posts to the
endpoint's /submit (with or without JavaScript) and asks what `asks:` lists,
plus the fan's name and their consent to be published. What fans send waits in
the fan store until the artist approves it (`fanzine approve`), which writes it
into content/fans/<call>/; the call's page and /community/ show it from there.
"""
from __future__ import annotations

from typing import Any

from pelican.contents import Page

from ..content.schema import Choice, Date, ListOf, Markdown, Record, Report, Text
from ..content.today import day_of
from ..errors import Problem
from .fields import COMMON
from .polls import closing_order, site_path, state
from .registry import Build, ContentType, Scaffold, add

KINDS = ["suggestion", "fan-art", "remix", "question", "playlist"]
ASKS = ["text", "url", "email"]
# What each kind asks for when `asks:` is not given (the name and consent are always asked).
DEFAULT_ASKS = {"suggestion": ["text"], "question": ["text"], "fan-art": ["url", "text"], "remix": ["url", "text"],
                "playlist": ["url", "text"]}
# The words of the form, by kind: (the text field's label, the link field's label).
LABELS = {
    "suggestion": ("Your suggestion", "A link (optional)"),
    "question": ("Your question", "A link (optional)"),
    "fan-art": ("A few words about it (optional)", "Link to your art (where it is posted)"),
    "remix": ("A few words about it (optional)", "Link to your remix (SoundCloud, YouTube, Bandcamp…)"),
    "playlist": ("Why these songs? (optional)", "Link to your playlist"),
}


def stems_page(value: Any, key: str, report: Report):
    """`stems: early/<page>`: the early-access page with the stems (checked against content/early/)."""
    if not isinstance(value, str) or not value.startswith("early/") or "/" in value[len("early/"):] \
            or not value[len("early/"):]:
        return report.error(key, f"expected an early-access page like early/night-drive-demos, got {value!r}")
    return value


class StemsPage(Text):
    expected = "an early-access page like early/night-drive-demos"

    def describe(self) -> str:
        return self.expected

    def check(self, value, key, report):
        text = super().check(value, key, report)
        return text if not isinstance(text, str) else stems_page(text, key, report)


def closes_after_opening(item: dict, key: str, report: Report):
    opens, closes = item.get("opens"), item.get("closes")
    if opens is not None and closes is not None and day_of(closes) < day_of(opens):
        return report.error("closes", "the call closes before it opens: expected a date after opens")
    return None


closes_after_opening.needs = ("opens", "closes")  # type: ignore[attr-defined]

CALL = Record({
    "title": Text("what you ask fans for", required=True),
    "kind": Choice(KINDS, "what fans send: a suggestion (name the B-side), fan art or a remix (a link), a "
                          "question, a playlist (a link)", required=True),
    "opens": Date("the first day fans can send"),
    "closes": Date("the last day fans can send", required=True),
    "asks": ListOf(Choice(ASKS), "what the form asks besides the name: text, url (a link), email (to reach the "
                                 "fan; never published)", allow_single=True, max_items=3),
    "stems": StemsPage("remix contests: the early-access page where entrants get the stems"),
    "summary": Markdown("shown in blocks and on the fan wall", max_length=500),
    **COMMON,
}, rules=[closes_after_opening])


class Call(Page):
    """A call for submissions: /calls/<slug>/ (CALL_URL, CALL_SAVE_AS)."""

    default_template = "call"


def prepare(call, build: Build) -> None:
    """Its state on the build's day, its form's endpoint and fields, where the stems are."""
    settings = build.settings
    call.state = state(call.metadata, build.today)
    call.kind = call.metadata["kind"]
    call.asks = call.metadata.get("asks") or DEFAULT_ASKS[call.kind]
    call.text_label, call.url_label = LABELS[call.kind]
    if "text" in call.asks and "url" not in call.asks:
        call.text_label = call.text_label.replace(" (optional)", "")
    endpoint = ((settings.get("FANZINE_ARTIST") or {}).get("forms") or {}).get("endpoint", "").rstrip("/")
    call.submit_action = f"{endpoint}/submit" if endpoint else None
    call.back = site_path(settings, call.url)
    stems = call.metadata.get("stems")
    call.stems_url = str(settings.get("EARLY_URL", "early/{slug}/")).format(slug=stems.split("/", 1)[1]) \
        if stems else None


def check_call(site, item: dict) -> None:
    """An open call has somewhere to post; its stems page exists."""
    shown = item["_path"]
    stems = item.get("stems")
    if stems and stems.split("/", 1)[1] not in site.items.get("early", {}):
        site.problems.append(Problem(shown, "stems", f"there is no early-access page content/{stems}.md"))
    if not site.artist.get("forms") and not site.artist.get("_unread") and not item.get("_invalid") \
            and item.get("closes") and state(item, site.today) != "closed":
        site.problems.append(Problem(shown, "", "a call needs the form endpoint to collect submissions: add forms: "
                                                "{ endpoint: ... } to content/artist.yml (see docs/endpoint.md)"))


SCAFFOLD = """---
title: {title}
kind: suggestion         # suggestion | fan-art | remix | question | playlist
opens: {today}
closes: {today}          # the last day fans can send: change it
# asks: [text]           # what the form asks besides the name: text, url, email
# stems: early/your-stems-page   # remix contests: where entrants get the stems
---
What you are asking for, and what happens to what fans send (you pick, you credit).
"""

CALLS = add(ContentType(
    folder="calls", item="call", schema=CALL, template="call", content_class=Call,
    doc="calls for submissions: song names, fan art, remixes, questions, playlists",
    urls={"CALL_URL": "calls/{slug}/", "CALL_SAVE_AS": "calls/{slug}/index.html"},
    order=closing_order, prepare=prepare,
    scaffold=Scaffold("call", SCAFFOLD),
    blocks=("call",), sitemap="none",
    check_references=check_call,
))
