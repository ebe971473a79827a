"""Field declarations several content types share: status, slug, cover, access:, campaign tags, service links.

Each type module (releases.py, stories.py, ...) declares its own keys with
these and the field types of content/schema.py; artist.yml's keys are in
artist.py. docs/authoring.md's tables of keys are generated from them.
"""
from __future__ import annotations

import difflib
import zoneinfo

from ..content.schema import (
    INVALID,
    Boolean,
    Choice,
    Date,
    ImagePath,
    Integer,
    ListOf,
    MapOf,
    Markdown,
    OneOf,
    Record,
    Report,
    Slug,
    Text,
    Url,
    join,
    reads,
)
from ..errors import format_got
from ..theme.platforms import PLATFORMS


class Timezone(Text):
    expected = "a timezone name like Europe/London or America/New_York"

    def describe(self) -> str:
        return self.expected

    def check(self, value, key, report):
        text = super().check(value, key, report)
        if text is INVALID:
            return INVALID
        try:
            zoneinfo.ZoneInfo(text)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            close = difflib.get_close_matches(text, sorted(zoneinfo.available_timezones()), n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            return report.error(key, f"expected {self.expected}, got {format_got(value)}{hint}")
        return text


class PlatformLinks(MapOf):
    """`spotify: https://...` for known services; `{ url, label }` for any other."""

    def __init__(self, doc: str = "", **kw):
        entry = OneOf([
            (lambda v: isinstance(v, str), Url("the link")),
            (lambda v: isinstance(v, dict), Record({
                "url": Url("the link", required=True),
                "label": Text("button text for a service Fanzine does not know", max_length=60),
                "available_before_release": Boolean("show this button while the release is upcoming"),
            })),
        ], "a web address or { url: ..., label: ... }")
        super().__init__(entry, doc, **kw)

    def describe(self) -> str:
        return ("`service: https://...` lines for known services; any other: `name: { url: ..., label: ... }`")

    def clean(self, value, key, report):
        cleaned = super().clean(value, key, report)
        if cleaned is INVALID:
            return INVALID
        links, ok = {}, True
        for name, raw in cleaned.items():
            link = raw if isinstance(raw, dict) else {"url": raw}
            platform = PLATFORMS.get(name)
            if platform is None and not link.get("label"):
                report.error(join(key, name), "unknown service; write it as { url: ..., label: ... } or use "
                                              f"a known one: {', '.join(sorted(PLATFORMS))}")
                ok = False
            elif platform and platform.hosts and not platform.owns(link["url"]):
                host = platform.hosts[0]
                article = "an" if host[0] in "aeiox" else "a"  # "an open.spotify.com URL"
                report.error(join(key, name), f"expected {article} {host} URL, got {link['url']}")
                ok = False
            links[name] = link
        return links if ok else INVALID


def tags(doc: str = "words fans can browse by") -> ListOf:
    return ListOf(Text(max_length=40), doc, max_items=20, allow_single=True)


@reads('player', 'links')
def player_is_a_link(item: dict, key: str, report: Report):
    player = item.get("player")
    if player and player not in item.get("links", {}):
        given = ", ".join(item.get("links", {})) or "none"
        return report.error(join(key, "player"), f"expected the name of one of this file's links "
                                                 f"({given}), got {format_got(player)}")
    return None


@reads('mode', 'code_env')
def code_env_when_needed(access: dict, key: str, report: Report):
    if access.get("mode") in ("code", "both") and not access.get("code_env"):
        return report.error(join(key, "code_env"), f"required for mode {access['mode']}: the name of the "
                                                   "environment variable that holds the access code")
    return None


STATUS = Choice(["published", "draft", "hidden"], "draft: not built; hidden: built but not listed")
UTM = Record({
    "source": Text("utm_source, e.g. instagram", max_length=80),
    "medium": Text("utm_medium, e.g. social", max_length=80),
    "campaign": Text("utm_campaign, e.g. night-drive", max_length=80),
}, "tracking parameters added to outgoing links")
ACCESS = Record({
    "mode": Choice(["signup", "code", "both"], "how fans unlock the page", required=True),
    "code_env": Text("environment variable holding the access code", pattern=r"[A-Z][A-Z0-9_]{0,63}",
                     pattern_hint="an environment variable name like NIGHT_DRIVE_CODE"),
    "until": Date("after this date the page builds as a public page"),
    "teaser": Markdown("shown in clear above the unlock form", max_length=1000),
    "key_version": Integer("raise it by one to change the page's signup key: keys fans already have stop working",
                           minimum=1, maximum=9999, default=1),
    "remember_days": Integer("how long \"Remember me on this device\" lasts (0: the box is not offered)",
                             minimum=0, maximum=365, default=30),
}, "locks the page until a fan signs up or types a code", rules=[code_env_when_needed],
   expected="an access: section with mode: signup, code or both")
COVER = {
    "cover": ImagePath("the cover picture"),
    "cover_alt": Text("what the cover shows, for fans using screen readers"),
}
COMMON = {"slug": Slug("overrides the file name in the URL"), "status": STATUS}

