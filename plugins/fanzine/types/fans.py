"""Approved fan submissions (content/fans/<call>/<number>.md), written by `fanzine approve`; untrusted.

Each file is one fan's answer to a call, with their credit: the name they
gave, what they wrote (plain text, never Markdown or HTML) and their link (an
entry: fan art, a remix, a playlist). They have no page of their own: the
call's page and the fan wall at /community/ show them. The wall is this type's
listing: playlist curators, approved submissions grouped by call, and the
fans' suggestions that won a poll.
"""
from __future__ import annotations

from typing import Any

from pelican.contents import Page

from ..content.schema import Date, Integer, Record, Slug, Text, Url
from ..theme.embeds import find_embed
from .fields import COMMON
from .registry import Build, ContentType, Nav, add

MAX_TEXT = 1000

FAN = Record({
    "call": Slug("the call it answers (content/calls/<call>.md)", required=True),
    "name": Text("the fan's name, as they asked to be credited", required=True, max_length=80),
    "text": Text("what they wrote (shown as plain text)", max_length=MAX_TEXT),
    "url": Url("their entry: where their art, remix or playlist is"),
    "date": Date("when they sent it", required=True),
    "submission": Integer("its number in the fan store (fanzine inbox)"),
    **COMMON,
})


class Fan(Page):
    """One approved submission; shown on its call's page and on /community/, no page of its own."""

    default_template = "call"


def titled(metadata: dict[str, Any], timezone: Any) -> None:
    """Pelican wants a title: a submission's is the fan's name (it is never a page's title)."""
    metadata.setdefault("title", metadata.get("name", ""))


def prepare(fan, build: Build) -> None:
    """A remix or playlist link a player knows becomes a click-to-load player."""
    url = fan.metadata.get("url")
    fan.player = find_embed(url) if url else None


def by_call(fans: list) -> list:
    """Oldest first within a call (first come, first credited), calls in name order; builds repeat."""
    return sorted(fans, key=lambda fan: (fan.metadata["call"], fan.date, fan.slug))


def group(build: Build) -> None:
    """The wall's groups: each call's approved submissions, for the call pages and /community/."""
    groups: dict[str, list] = {}
    for fan in build.context.get("listed_fans", []):
        groups.setdefault(fan.metadata["call"], []).append(fan)
    build.context["fans_by_call"] = groups


def no_pages(generator, writer) -> None:
    """Approved submissions have no page of their own."""


def check_fan(site, item: dict) -> None:
    from ..errors import Problem

    call = item.get("call")
    if call and call not in site.items.get("calls", {}):
        site.problems.append(Problem(item["_path"], "call", f"there is no call content/calls/{call}.md"))


def has_wall(context: dict) -> bool:
    """The nav links the wall once fans have something there or something to join: not for curators alone
    (the playlists page credits them)."""
    return bool(context.get("listed_fans")
                or any(item.state == "open" for item in [*context.get("listed_polls", []),
                                                         *context.get("listed_calls", [])])
                or any(poll.tally for poll in context.get("listed_polls", [])))


def has_participation(context: dict) -> bool:
    """The wall is written once the hub has a poll, a call or an approved submission (a fresh hub gets no
    empty page)."""
    return bool(context.get("listed_fans") or context.get("listed_polls") or context.get("listed_calls"))


def write_wall(generator, writer) -> None:
    """/community/ (COMMUNITY_SAVE_AS), when there is anything to put on it."""
    settings = generator.settings
    if has_participation(generator.context):
        writer.write_file(settings["COMMUNITY_SAVE_AS"], generator.get_template("community"), generator.context,
                          relative_urls=settings["RELATIVE_URLS"], url=settings["COMMUNITY_URL"])


def wall_in_sitemap(context: dict, day) -> dict:
    return {context["COMMUNITY_URL"]: None} if has_participation(context) else {}


FANS = add(ContentType(
    folder="fans", item="fan submission", schema=FAN, template="call", content_class=Fan,
    doc="fans' approved submissions, written by `fanzine approve` (untrusted: sanitised like playlists)",
    urls={"FAN_URL": "community/", "FAN_SAVE_AS": "", "COMMUNITY_URL": "community/",
          "COMMUNITY_SAVE_AS": "community/index.html"},
    order=by_call, prepare=prepare, metadata=titled, untrusted=True, sitemap="none",
    sitemap_pages=wall_in_sitemap,
    nav=Nav("Community", "COMMUNITY", order=40, shown=has_wall, in_footer=False),
    after_context=group, write_pages=no_pages, write_outputs=write_wall, check_references=check_fan,
))
