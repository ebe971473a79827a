"""The newsletter block: each provider's form (newsletter.py, partials/newsletter.html) and its settings' checks.

The endpoint provider's inline answer (embed.js) is tested in a browser in
test_newsletter_browser.py.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from fanzine.content.check import check_site
from fanzine.theme.embeds import discord_widget
from fanzine.theme.newsletter import signup_form
from support.theme import pelican_environment

THEME = ROOT / "themes" / "fanzine"
MAILCHIMP = "https://novalights.us21.list-manage.com/subscribe/post?u=4ee971990485d64595bb60f19&id=e0ebb46d37"
MAILERLITE = "https://assets.mailerlite.com/jsonp/2638909/forms/199881784273405207/subscribe"
UUID = "2f1e0c3a-9b8d-4c7e-a6f5-0123456789ab"

SETTINGS = {
    "buttondown": {"username": "novalights"},
    "mailchimp": {"url": MAILCHIMP},
    "kit": {"form_id": "7463169"},
    "mailerlite": {"url": MAILERLITE},
    "emailoctopus": {"form_id": UUID},
    "beehiiv": {"form_id": UUID},
    "substack": {"username": "novalights"},
    "endpoint": {},
}


def artist(provider: str, **extra) -> dict:
    return {"name": "Nova Lights", "newsletter": {"provider": provider, **SETTINGS[provider], **extra},
            "forms": {"endpoint": "https://forms.novalights.example/api"}}


@pytest.mark.parametrize("provider, action, email, hidden, honeypot", [
    ("buttondown", "https://buttondown.com/api/emails/embed-subscribe/novalights", "email", (("embed", "1"),), ""),
    ("mailchimp", MAILCHIMP, "EMAIL", (), "b_4ee971990485d64595bb60f19_e0ebb46d37"),
    ("kit", "https://app.kit.com/forms/7463169/subscriptions", "email_address", (), ""),
    ("mailerlite", MAILERLITE, "fields[email]", (("ml-submit", "1"), ("anticsrf", "true")), ""),
    ("emailoctopus", f"https://emailoctopus.com/lists/{UUID}/members/embedded/1.3/add", "field_0", (), f"hp{UUID}"),
    ("endpoint", "https://forms.novalights.example/api/subscribe", "email", (), "website"),
])
def test_providers_with_a_plain_form(provider, action, email, hidden, honeypot):
    form = signup_form(artist(provider))
    assert (form.kind, form.action, form.email_field, form.hidden, form.honeypot) == (
        "endpoint" if provider == "endpoint" else "form", action, email, hidden, honeypot)


@pytest.mark.parametrize("provider, src, height, link", [
    ("beehiiv", f"https://embeds.beehiiv.com/{UUID}?slim=true", 52, f"https://embeds.beehiiv.com/{UUID}"),
    ("substack", "https://novalights.substack.com/embed", 320, "https://novalights.substack.com/subscribe"),
])
def test_providers_with_only_an_iframe_load_it_on_a_click(provider, src, height, link):
    form = signup_form(artist(provider))
    assert (form.kind, form.frame_src, form.frame_height, form.link) == ("frame", src, height, link)


def test_substack_on_its_own_domain_and_mailchimp_json_address():
    form = signup_form({"newsletter": {"provider": "substack", "url": "https://news.novalights.example"}})
    assert form.frame_src == "https://news.novalights.example/embed"
    form = signup_form({"newsletter": {"provider": "mailchimp", "url": MAILCHIMP.replace("/post?", "/post-json?")}})
    assert form.action == MAILCHIMP  # the JSONP address answers scripts, not a fan's form post


def test_no_newsletter_no_block():
    assert signup_form({"name": "x"}) is None


# --- the block as fans see it ------------------------------------------------------------------------

def render_block(name: str, data: dict) -> str:
    environment = pelican_environment(signup_form=signup_form, discord_widget=discord_widget)
    template = environment.get_template(f"partials/{name}.html")
    return template.render(ARTIST=data, SITENAME=data["name"], SITEURL="", block_id="t")


@pytest.mark.parametrize("provider", ["buttondown", "mailchimp", "kit", "mailerlite", "emailoctopus"])
def test_a_provider_form_posts_without_javascript_and_says_who_gets_the_address(provider):
    html = render_block("newsletter", artist(provider))
    form = signup_form(artist(provider))
    assert f'<form class="signup newsletter__form" action="{form.action.replace("&", "&amp;")}" method="post">' in html
    assert f'type="email" name="{form.email_field}" autocomplete="email"' in html
    assert '<label class="signup__label" for="newsletter-email-t">Email address</label>' in html
    assert (f"{form.name} sends this newsletter for Nova Lights: subscribing gives them your email address. "
            "You can unsubscribe at any time.") in html
    assert "data-signup" not in html  # the provider answers with its own page
    if form.honeypot:
        assert f'name="{form.honeypot}" tabindex="-1" autocomplete="off"' in html
        assert '<div class="signup__trap" aria-hidden="true">' in html


def test_the_endpoint_form_asks_for_consent_and_answers_inline():
    html = render_block("newsletter", artist("endpoint"))
    assert 'action="https://forms.novalights.example/api/subscribe" method="post" data-signup>' in html
    assert 'name="consent" value="true" required' in html
    assert "Yes, Nova Lights may email me. I can unsubscribe at any time." in html
    assert 'name="website" tabindex="-1"' in html
    assert 'data-signup-status role="status" aria-live="polite"' in html


@pytest.mark.parametrize("provider", ["beehiiv", "substack"])
def test_an_iframe_provider_shows_a_button_until_a_click(provider):
    html = render_block("newsletter", artist(provider))
    form = signup_form(artist(provider))
    assert "<iframe" not in html and "<form" not in html
    assert f'href="{form.link}" rel="noopener" data-embed-src="{form.frame_src}"' in html
    assert f"Loads {form.name}'s signup form, which may set cookies." in html


def test_the_description_replaces_the_default_pitch():
    html = render_block("newsletter", artist("buttondown", description="One email a month."))
    assert '<p class="newsletter__pitch">One email a month.</p>' in html


# --- checks: "newsletter.username: required for buttondown" --------------------------------------------

def check_artist(tmp_path: Path, yaml: str) -> list[tuple[str, str, bool]]:
    content = tmp_path / "content"
    content.mkdir(parents=True)
    (content / "artist.yml").write_text("name: Nova Lights\n" + yaml, encoding="utf-8")
    return [(p.key, p.message, p.warning) for p in check_site(content).problems]


@pytest.mark.parametrize("provider, key, where", [
    ("buttondown", "username", "your Buttondown username, the last part of https://buttondown.com/<username>"),
    ("mailchimp", "url", "the form address from Mailchimp's embedded form code (Audience → Signup forms → "
                         "Embedded forms: the action=\"…\" address, like "
                         "https://example.us21.list-manage.com/subscribe/post?u=…&id=…)"),
    ("kit", "form_id", "the number of your Kit form (Grow → Landing Pages & Forms → your form → Embed → HTML: the "
                       "number in https://app.kit.com/forms/<number>/subscriptions)"),
    ("mailerlite", "url", "the form address from MailerLite's HTML embed code (Forms → your form → Embed → HTML "
                          "code: the action=\"…\" address, like "
                          "https://assets.mailerlite.com/jsonp/123456/forms/98765432101234567/subscribe)"),
    ("emailoctopus", "form_id", "your list's id, a code like 00000000-0000-0000-0000-000000000000 (Lists → your "
                                "list: it is in the page's address, and in the action=\"…\" address of the form's "
                                "HTML code)"),
    ("beehiiv", "form_id", "the id of your beehiiv embed form (Grow → Subscribe forms → your form → Get embed "
                           "code: the code after https://embeds.beehiiv.com/)"),
    ("substack", "username", "your Substack name, the first part of https://<name>.substack.com (or url: your "
                             "publication's address if it has its own domain)"),
])
def test_each_provider_names_its_missing_setting(tmp_path, provider, key, where):
    problems = check_artist(tmp_path, f"newsletter:\n  provider: {provider}\n")
    assert problems == [(f"newsletter.{key}", f"required for {provider}: {where}", False)]


def test_the_issue_s_example_message(tmp_path):
    problems = check_artist(tmp_path, "newsletter:\n  provider: buttondown\n")
    assert str(check_site(tmp_path / "content").problems[0]).endswith(
        "artist.yml: newsletter.username: required for buttondown: your Buttondown username, the last part of "
        "https://buttondown.com/<username>")
    assert len(problems) == 1


@pytest.mark.parametrize("yaml, key, message", [
    ("  provider: mailchimp\n  url: https://novalights.example/subscribe\n", "newsletter.url",
     "expected Mailchimp's form address, like https://example.us21.list-manage.com/subscribe/post?u=…&id=…, "
     "got \"https://novalights.example/subscribe\""),
    ("  provider: mailchimp\n  url: https://x.us21.list-manage.com/subscribe/post?u=abc\n", "newsletter.url",
     "expected Mailchimp's form address, like https://example.us21.list-manage.com/subscribe/post?u=…&id=… (with "
     "both u= and id=), got \"https://x.us21.list-manage.com/subscribe/post?u=abc\""),
    ("  provider: kit\n  form_id: my-form\n", "newsletter.form_id",
     "expected the number of your Kit form, like 1234567, got \"my-form\""),
    ("  provider: buttondown\n  username: nova lights\n", "newsletter.username",
     "expected a Buttondown username (letters, digits, - and _), got \"nova lights\""),
    ("  provider: beehiiv\n  form_id: abc\n", "newsletter.form_id",
     "expected your beehiiv embed id, like 00000000-0000-0000-0000-000000000000, got \"abc\""),
    ("  provider: mailerlite\n  url: https://assets.mailerlite.com/forms/1\n", "newsletter.url",
     "expected MailerLite's form address, like https://assets.mailerlite.com/jsonp/123456/forms/98765432101234567/"
     "subscribe, got \"https://assets.mailerlite.com/forms/1\""),
])
def test_settings_of_the_wrong_shape(tmp_path, yaml, key, message):
    assert check_artist(tmp_path, "newsletter:\n" + yaml) == [(key, message, False)]


def test_a_setting_the_provider_does_not_use_is_a_warning(tmp_path):
    problems = check_artist(tmp_path, "newsletter:\n  provider: kit\n  form_id: 7463169\n  username: nova\n")
    assert problems == [("newsletter.username", "not used by kit (it uses form_id)", True)]


def test_endpoint_needs_the_form_endpoint(tmp_path):
    assert check_artist(tmp_path, "newsletter:\n  provider: endpoint\n") == [
        ("newsletter.provider", "endpoint needs the form endpoint's address: add forms: { endpoint: ... } "
                                "(see docs/endpoint.md)", False)]
    assert check_artist(tmp_path / "ok", "newsletter:\n  provider: endpoint\nforms:\n  endpoint: /api\n") == []


@pytest.mark.parametrize("provider", sorted(SETTINGS))
def test_every_valid_setting_passes_the_check(tmp_path, provider):
    lines = "".join(f"  {k}: {v}\n" for k, v in SETTINGS[provider].items())
    assert check_artist(tmp_path, f"newsletter:\n  provider: {provider}\n{lines}forms:\n  endpoint: /api\n") == []
