"""content/artist.yml: who the artist is; its keys with their defaults, and the home page's MusicGroup data.

The artist defaults (the timezone, the theme...) are declared here and nowhere else; each theme
preset declares its own accent (theme/presets.py).

artist.yml is one file, not a folder of items, so it is not a content type; its
defaults live here only: everything else reads them through `default()`.
"""
from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from ..content.schema import (
    INVALID,
    Boolean,
    Choice,
    Colour,
    Field,
    ImagePath,
    Markdown,
    Record,
    Report,
    Text,
    Url,
    join,
)
from ..outputs import structured
from ..theme import presets
from ..theme.embeds import check_discord_invite
from ..theme.fonts import FontName
from ..theme.newsletter import check_endpoint
from ..theme.newsletter import check_settings as newsletter_settings
from ..theme.presets import PresetName
from .fields import UTM, PlatformLinks, Timezone

ARTIST_FILE = "artist.yml"
NEWSLETTER_PROVIDERS = ["buttondown", "mailchimp", "kit", "mailerlite", "emailoctopus", "beehiiv",
                        "substack", "endpoint"]


class Redirects(Field):
    """Pages that moved: `/old/address/: /new/address/` (or a full https:// address), one per line."""

    expected = "lines like '/releases/old-name/: /releases/new-name/'"
    OLD = re.compile(r"/[A-Za-z0-9._~!$&'()+,;=:@%/-]*")
    MAX = 500  # Cloudflare Pages reads 2,000 rules; each moved page makes two (with and without its final /)

    def describe(self) -> str:
        return f"`/old/address/: /new/address/` lines (or a full `https://` address), up to {self.MAX}"

    def check(self, value, key, report):
        if not isinstance(value, dict):
            return self.fail(value, key, report)
        if len(value) > self.MAX:
            return report.error(key, f"expected at most {self.MAX} redirects, got {len(value):,}")
        # The good entries are kept beside the reported mistakes, so the whole site's checks still see them.
        cleaned = {}
        for old, new in value.items():
            name = join(key, str(old))
            if not isinstance(old, str) or not self.OLD.fullmatch(old) or ".." in old.split("/") or old == "/":
                report.error(name, "expected an old address on this site, starting with /, like /releases/old-name/")
                continue
            target = Url("where it moved", relative=True).clean(new, name, report)
            if target is not INVALID and target.rstrip("/") == old.rstrip("/"):
                target = report.error(name, "redirects to itself; remove it")
            if target is not INVALID:
                cleaned[old] = target
        return cleaned


def check_stats(artist: dict, key: str, report: Report):
    """Rule for artist.yml: stats: on sends its counts to the form endpoint, so it needs one."""
    if artist.get("stats") and not artist.get("forms"):
        return report.error(join(key, "stats"), "on needs the form endpoint, which keeps the counts: add forms: "
                                                "{ endpoint: ... } (see docs/stats.md)")
    return None


ARTIST = Record({
    "name": Text("your artist or band name", required=True, max_length=100, example="Nova Lights"),
    "tagline": Text("one line under your name", max_length=160, example="Synthwave for late-night drives"),
    "bio": Markdown("a short Markdown bio for the home page"),
    "description": Text("what search engines show (defaults to the tagline)", max_length=300),
    "avatar": ImagePath("a square picture of you in content/images/", example="images/avatar.jpg"),
    "avatar_alt": Text("what the avatar shows, for fans using screen readers"),
    "theme": PresetName("how your hub looks: a preset named for a scene; see every one on a phone in "
                        "[themes.md](themes.md)", default=presets.DEFAULT, example="synthwave"),
    "accent": Colour("your colour, for buttons and links (each theme has its own when you set none); Fanzine "
                     "adjusts it where needed so text stays readable on the theme's backgrounds in light and dark "
                     "mode", example='"#cc1f63"'),
    "background": ImagePath("a wide picture in content/images/ behind your name on the home and link pages; "
                            "Fanzine softens it and darkens (or lightens) it just enough for your name to read "
                            "over it", example="images/backdrop.jpg"),
    "fonts": Record({"heading": FontName("heading", "the font of your name and titles"),
                     "body": FontName("body", "the font of everything else")},
                    "the theme's fonts, changed: each a font Fanzine ships or system (your fans' phone's own "
                    "font: nothing to download); the list is in [themes.md](themes.md#making-it-yours)"),
    "home": Choice(["hub", "links"], "what your home page shows: hub (everything) or links (your link page)",
                   default="hub"),
    "timezone": Timezone("where your dates are: release days and scheduled links flip at midnight here",
                         default="UTC", example="Europe/London"),
    "language": Text("the site's language code", pattern=r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?",
                     pattern_hint="a language code like en or pt-BR", default="en"),
    "socials": PlatformLinks("your profiles, shown as icons", example="instagram: https://instagram.com/novalights"),
    "discord": Record({
        "invite": Url("the discord.gg invite link", required=True),
        "server_id": Text("enables the live widget", pattern=r"\d{17,20}",
                          pattern_hint='a Discord server id of 17-20 digits, in quotes like "123456789012345678"'),
        "name": Text("the server's name", max_length=100),
    }, "your Discord server; see [discord.md](discord.md)", rules=[check_discord_invite]),
    "newsletter": Record({
        "provider": Choice(NEWSLETTER_PROVIDERS, "who sends the newsletter", required=True),
        "username": Text("your username at the provider", max_length=100),
        "url": Url("the provider's signup form or embed address"),
        "form_id": Text("the provider's form id", max_length=100),
        "description": Text("one line on what fans get", max_length=200),
    }, "your newsletter's signup form; see [newsletter.md](newsletter.md)", rules=[newsletter_settings]),
    "forms": Record({"endpoint": Url("the address of your deployed form endpoint "
                                     "([deploy.md](deploy.md#the-form-endpoint)); `/api` works under `make serve`, "
                                     "and live only where the host runs the endpoint", relative=True, required=True,
                                     example="https://glass-harbour-forms.vercel.app/api")},
                    "where signups and unlocks are sent"),
    "host": Choice(["github-pages", "netlify", "cloudflare-pages", "vercel", "own-server"],
                   "where the site is published; found from the build when unset "
                   "([deploy.md](deploy.md#where-your-site-is-published-host))"),
    "contributing": Url("the address of the guide that tells fans how to send a playlist (the \"Add your "
                        "playlist\" card links it); when unset, your repository's `CONTRIBUTING.md` on GitHub, GitLab "
                        "or Codeberg, found from `git remote get-url origin`; when nothing is known, the card is left "
                        "out"),
    "utm": UTM,
    "repository": Choice(["public", "private"], "who can read your git repository: with private, early-access "
                         "pages may be committed unsealed (see [early-access.md](early-access.md))", default="public"),
    "stats": Boolean("count visits and taps without cookies or identifying anyone: `stats: on` (needs "
                     "`forms: endpoint`; see [stats.md](stats.md))", default=False),
    "editor": Record({
        "backend": Choice(["github"], "where your hub's repository lives", default="github"),
        "repo": Text("your hub's repository on GitHub", required=True, max_length=140,
                     pattern=r"[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}",
                     pattern_hint="a repository like your-name/your-hub", example="glass-harbour/hub"),
        "branch": Text("the branch the editor commits to", max_length=100, pattern=r"[A-Za-z0-9._/-]{1,100}",
                       pattern_hint="a branch name like main", default="main"),
        "auth_url": Url("the address of your GitHub sign-in helper (an OAuth proxy); leave it out on Netlify, "
                        "whose own sign-in is used (see [editor.md](editor.md#signing-in-with-github))"),
    }, "the editor in the browser at /admin/: built only when this is set (see [editor.md](editor.md))"),
    "redirects": Redirects("pages that moved: old address → new address (see [Moved pages](#moved-pages))",
                           example="/releases/night-drive-single/: /releases/night-drive/"),
}, rules=[check_endpoint, check_stats])


def default(key: str) -> Any:
    """An artist.yml key's default (the timezone, the theme...), as the schema declares it.

    The accent has none of its own: each theme preset has one, and the default theme's stands in.
    """
    if key == "accent":
        return presets.PRESETS[presets.DEFAULT].accent
    return ARTIST.fields[key].default


def value(settings: dict, key: str) -> Any:
    """An artist.yml key as this build has it (its default when artist.yml leaves it out)."""
    artist = settings.get("FANZINE_ARTIST") or {}
    given = artist.get(key)
    return default(key) if given is None else given


def artist_json_ld(artist: dict, siteurl: str) -> Markup:
    """The home page's schema.org MusicGroup: who the artist is and where else to find them."""
    data = {"@context": "https://schema.org", "@type": "MusicGroup", "name": artist.get("name", ""),
            "url": f"{siteurl}/"}
    if artist.get("tagline"):
        data["description"] = artist["tagline"]
    if artist.get("avatar"):
        data["image"] = f"{siteurl}/{artist['avatar']}"
    if artist.get("socials"):
        data["sameAs"] = [link["url"] for link in artist["socials"].values()]
    return structured.json_ld(data)
