"""The newsletter signup: each provider's form (address, field names, honeypot) and its settings.

Most providers take a plain HTML form post, so the signup works without
JavaScript and without loading anything from the provider until a fan
subscribes. beehiiv and Substack only offer their own iframe: it loads on a
click, like the music players. `endpoint` posts to the artist's own form
endpoint (functions/), which answers in JSON that theme/js/embed.js shows
inline. docs/newsletter.md explains where each setting is found.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from ..content.schema import INVALID, Report, join
from ..errors import format_got

UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


@dataclass(frozen=True)
class Provider:
    """A newsletter service: its name, the setting it needs and where the artist finds that setting."""

    key: str
    name: str
    setting: str  # username | url | form_id | "" (nothing beyond provider:)
    where: str    # completes "required for <key>: ..."


PROVIDERS = {p.key: p for p in [
    Provider("buttondown", "Buttondown", "username",
             "your Buttondown username, the last part of https://buttondown.com/<username>"),
    Provider("mailchimp", "Mailchimp", "url",
             "the form address from Mailchimp's embedded form code (Audience → Signup forms → Embedded "
             "forms: the action=\"…\" address, like https://example.us21.list-manage.com/subscribe/post?u=…&id=…)"),
    Provider("kit", "Kit", "form_id",
             "the number of your Kit form (Grow → Landing Pages & Forms → your form → Embed → HTML: the number "
             "in https://app.kit.com/forms/<number>/subscriptions)"),
    Provider("mailerlite", "MailerLite", "url",
             "the form address from MailerLite's HTML embed code (Forms → your form → Embed → HTML code: the "
             "action=\"…\" address, like https://assets.mailerlite.com/jsonp/123456/forms/98765432101234567/subscribe)"),
    Provider("emailoctopus", "EmailOctopus", "form_id",
             "your list's id, a code like 00000000-0000-0000-0000-000000000000 (Lists → your list: it is in the "
             "page's address, and in the action=\"…\" address of the form's HTML code)"),
    Provider("beehiiv", "beehiiv", "form_id",
             "the id of your beehiiv embed form (Grow → Subscribe forms → your form → Get embed code: the code "
             "after https://embeds.beehiiv.com/)"),
    Provider("substack", "Substack", "username",
             "your Substack name, the first part of https://<name>.substack.com (or url: your publication's "
             "address if it has its own domain)"),
    Provider("endpoint", "your form endpoint", "", ""),
]}


@dataclass(frozen=True)
class SignupForm:
    """What partials/newsletter.html draws: a form that posts, or a click-to-load iframe."""

    provider: str
    name: str
    kind: str                     # "form" (a provider's form), "endpoint" (our own), or "frame"
    action: str = ""              # where the form posts
    email_field: str = "email"    # the provider's name for the email field
    hidden: tuple[tuple[str, str], ...] = ()  # fields the provider expects as they are
    honeypot: str = ""            # the provider's own bot trap field, where it documents one
    frame_src: str = ""           # kind "frame": the iframe address (loaded on a click)
    frame_height: int = 0
    link: str = ""                # kind "frame": where the button goes without JavaScript

    @property
    def host(self) -> str:
        """The origin the browser talks to when a fan subscribes (for the CSP)."""
        parts = urlsplit(self.frame_src or self.action)
        return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


def signup_form(artist: dict) -> SignupForm | None:
    """The signup form for artist.yml's newsletter: section (a Jinja filter); None without one."""
    settings = artist.get("newsletter") if isinstance(artist, dict) else None
    if not settings or settings.get("provider") not in PROVIDERS:
        return None
    provider = PROVIDERS[settings["provider"]]
    try:
        return FORMS[provider.key](settings, artist)
    except (KeyError, ValueError):  # `fanzine check` has said what is missing
        return None


def _buttondown(s, _artist):
    return SignupForm("buttondown", "Buttondown", "form",
                      f"https://buttondown.com/api/emails/embed-subscribe/{s['username']}",
                      hidden=(("embed", "1"),))


def _mailchimp(s, _artist):
    action = html.unescape(s["url"]).replace("/subscribe/post-json", "/subscribe/post")
    query = parse_qs(urlsplit(action).query)
    # Mailchimp's embed code carries a hidden trap field named b_<u>_<id>: bots fill it, people never see it.
    return SignupForm("mailchimp", "Mailchimp", "form", action, email_field="EMAIL",
                      honeypot=f"b_{query['u'][0]}_{query['id'][0]}")


def _kit(s, _artist):
    return SignupForm("kit", "Kit", "form", f"https://app.kit.com/forms/{s['form_id']}/subscriptions",
                      email_field="email_address")


def _mailerlite(s, _artist):
    return SignupForm("mailerlite", "MailerLite", "form", html.unescape(s["url"]), email_field="fields[email]",
                      hidden=(("ml-submit", "1"), ("anticsrf", "true")))


def _emailoctopus(s, _artist):
    list_id = s["form_id"].lower()
    # EmailOctopus's HTML form has a trap field named hp<list id>.
    return SignupForm("emailoctopus", "EmailOctopus", "form",
                      f"https://emailoctopus.com/lists/{list_id}/members/embedded/1.3/add",
                      email_field="field_0", honeypot=f"hp{list_id}")


def _beehiiv(s, _artist):
    found = UUID.search(s.get("form_id") or s.get("url") or "")
    assert found is not None  # check_settings refused a beehiiv newsletter without its form's id
    ident = found.group(0).lower()
    return SignupForm("beehiiv", "beehiiv", "frame", frame_src=f"https://embeds.beehiiv.com/{ident}?slim=true",
                      frame_height=52, link=f"https://embeds.beehiiv.com/{ident}")


def _substack(s, _artist):
    home = s.get("url") or f"https://{s['username']}.substack.com"
    parts = urlsplit(home)
    base = f"https://{parts.netloc}"
    return SignupForm("substack", "Substack", "frame", frame_src=f"{base}/embed", frame_height=320,
                      link=f"{base}/subscribe")


def _endpoint(_s, artist):
    endpoint = artist["forms"]["endpoint"].rstrip("/")
    # with stats: on, the endpoint also counts the signup (a number; functions/hits.py)
    hidden = (("stats", "on"),) if artist.get("stats") else ()
    return SignupForm("endpoint", "your form endpoint", "endpoint", f"{endpoint}/subscribe", hidden=hidden,
                      honeypot="website")


FORMS = {"buttondown": _buttondown, "mailchimp": _mailchimp, "kit": _kit, "mailerlite": _mailerlite,
         "emailoctopus": _emailoctopus, "beehiiv": _beehiiv, "substack": _substack, "endpoint": _endpoint}


# --- checks (schema rules; schemas.py attaches them to artist.yml) ----------------------------------

def check_settings(newsletter: dict, key: str, report: Report):
    """Rule for `newsletter:`: the provider's own setting is there and has the provider's shape."""
    provider = PROVIDERS.get(newsletter.get("provider") or "")
    if provider is None:
        return None
    ok = True
    setting = provider.setting
    needed = setting and not newsletter.get(setting)
    if provider.key == "substack" and newsletter.get("url"):
        needed = False
    if provider.key == "beehiiv" and UUID.search(newsletter.get("url") or ""):
        needed = False
    if needed:
        report.error(join(key, setting), f"required for {provider.key}: {provider.where}")
        return INVALID
    problem = SHAPES.get(provider.key, lambda s: None)(newsletter)
    if problem:
        report.error(join(key, problem[0]), problem[1])
        ok = False
    for other in ("username", "url", "form_id"):
        if newsletter.get(other) and other != setting and not (provider.key in ("substack", "beehiiv")
                                                                and other == "url"):
            report.warn(join(key, other), f"not used by {provider.key}"
                                          + (f" (it uses {setting})" if setting else ""))
    return None if ok else INVALID


def check_endpoint(artist: dict, key: str, report: Report):
    """Rule for artist.yml: provider: endpoint needs the form endpoint's address."""
    if (artist.get("newsletter") or {}).get("provider") == "endpoint" and not artist.get("forms"):
        return report.error(join(key, "newsletter.provider"), "endpoint needs the form endpoint's address: add "
                                                              "forms: { endpoint: ... } (see docs/endpoint.md)")
    return None


def _shape_username(pattern: str, hint: str):
    def check(s):
        value = s.get("username")
        if value and not re.fullmatch(pattern, value):
            return "username", f"expected {hint}, got {format_got(value)}"
        return None
    return check


def _shape_url(host_suffix: str, path: str, example: str):
    def check(s):
        value = html.unescape(s.get("url") or "")
        parts = urlsplit(value)
        host = (parts.hostname or "").lower()
        if value and not ((host == host_suffix or host.endswith("." + host_suffix))
                          and re.fullmatch(path, parts.path)):
            return "url", f"expected {example}, got {format_got(s['url'])}"
        if host_suffix == "list-manage.com" and value:
            query = parse_qs(parts.query)
            if not query.get("u") or not query.get("id"):
                return "url", f"expected {example} (with both u= and id=), got {format_got(s['url'])}"
        return None
    return check


def _shape_form_id(pattern: re.Pattern, hint: str):
    def check(s):
        value = str(s.get("form_id") or "")
        if value and not pattern.fullmatch(value):
            return "form_id", f"expected {hint}, got {format_got(value)}"
        return None
    return check


SHAPES = {
    "buttondown": _shape_username(r"[A-Za-z0-9_-]{1,100}", "a Buttondown username (letters, digits, - and _)"),
    "substack": _shape_username(r"[a-z0-9-]{1,63}", "a Substack name (lowercase letters, digits and -)"),
    "mailchimp": _shape_url("list-manage.com", r"/subscribe/post(-json)?",
                            "Mailchimp's form address, like https://example.us21.list-manage.com/subscribe/post"
                            "?u=…&id=…"),
    "mailerlite": _shape_url("assets.mailerlite.com", r"/jsonp/\d+/forms/\d+/subscribe",
                             "MailerLite's form address, like https://assets.mailerlite.com/jsonp/123456/forms/"
                             "98765432101234567/subscribe"),
    "kit": _shape_form_id(re.compile(r"\d{1,12}"), "the number of your Kit form, like 1234567"),
    "emailoctopus": _shape_form_id(UUID, "your EmailOctopus list id, like 00000000-0000-0000-0000-000000000000"),
    "beehiiv": _shape_form_id(UUID, "your beehiiv embed id, like 00000000-0000-0000-0000-000000000000"),
}
