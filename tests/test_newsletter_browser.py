"""The newsletter block with `provider: endpoint`, in Chromium, under the site's own CSP.

The form posts to the artist's form endpoint (functions/, mounted at /api/ as
`make serve` does). With JavaScript the answer is shown in place: thanks, the
endpoint's own error sentence, or a note that it could not be reached.
Without JavaScript it is an ordinary form post.
"""
from __future__ import annotations

import sqlite3
from urllib.parse import urlsplit

import pytest

from embeds_site import embeds_site
from functions.core import Endpoint
from functions.settings import load_settings
from functions.wsgi import make_app
from headers_server import serve

pytestmark = pytest.mark.browser

FORM = "section.newsletter form[data-signup]"


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    return tmp_path_factory.mktemp("signups") / "signups.sqlite3"


@pytest.fixture(scope="module")
def hub_url(tmp_path_factory, database):
    forms = make_app(Endpoint(load_settings({"FANZINE_DB": str(database), "FANZINE_RATE_LIMIT_EMAIL": "0",
                                             "FANZINE_RATE_LIMIT_IP": "0"})))
    server = serve(embeds_site(tmp_path_factory, newsletter="endpoint"), forms=forms)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def strict_page(browser):
    context = browser.new_context(bypass_csp=False, viewport={"width": 390, "height": 844})
    context.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname == "127.0.0.1"
                  else route.abort())
    page = context.new_page()
    page.problems = []
    page.on("console", lambda msg: msg.type == "error" and page.problems.append(msg.text))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    yield page
    context.close()


def sign_up(page, url: str, email: str) -> None:
    page.goto(url + "/links/", wait_until="networkidle")
    form = page.locator(FORM)
    form.locator("input[type=email]").fill(email)
    form.locator("input[name=consent]").check()
    form.locator("button[type=submit]").click()


def status_of(page) -> str:
    status = page.locator(f"{FORM} [data-signup-status]")
    page.wait_for_function("el => el.textContent && !el.textContent.startsWith('Signing')",
                           arg=status.element_handle())
    return status.text_content()


def test_a_signup_is_thanked_in_place_and_recorded(strict_page, hub_url, database):
    sign_up(strict_page, hub_url, "fan@example.com")
    assert status_of(strict_page) == "Thank you! You’re on the list."
    assert strict_page.url == hub_url + "/links/"
    assert strict_page.locator(f"{FORM} input[type=email]").input_value() == ""
    rows = sqlite3.connect(database).execute("SELECT email, consent FROM signups").fetchall()
    assert ("fan@example.com", 1) in rows
    assert strict_page.problems == []


def test_the_endpoint_s_refusal_is_shown_next_to_the_form(strict_page, hub_url):
    strict_page.goto(hub_url + "/links/", wait_until="networkidle")
    strict_page.evaluate(f"document.querySelector('{FORM} input[name=website]').value = 'bot'")
    sign_up_form = strict_page.locator(FORM)
    sign_up_form.locator("input[type=email]").fill("bot@example.com")
    sign_up_form.locator("input[name=consent]").check()
    sign_up_form.locator("button[type=submit]").click()
    assert status_of(strict_page).startswith("This looks like an automated signup.")
    assert "signup__status--error" in strict_page.get_attribute(f"{FORM} [data-signup-status]", "class")
    assert not strict_page.locator(f"{FORM} button[type=submit]").is_disabled()


def test_an_unreachable_endpoint_says_so(strict_page, hub_url):
    strict_page.route("**/api/subscribe", lambda route: route.abort())
    sign_up(strict_page, hub_url, "offline@example.com")
    assert status_of(strict_page) == "We couldn’t reach the signup service. Please try again."


def test_without_javascript_it_is_a_real_form_post(browser, hub_url, database):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(hub_url + "/links/", wait_until="networkidle")
    form = page.locator(FORM)
    form.locator("input[type=email]").fill("nojs@example.com")
    form.locator("input[name=consent]").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.url == hub_url + "/api/subscribe"
    assert '"ok": true' in page.content() or '"ok":true' in page.content()
    rows = sqlite3.connect(database).execute("SELECT email FROM signups").fetchall()
    assert ("nojs@example.com",) in rows
    context.close()
