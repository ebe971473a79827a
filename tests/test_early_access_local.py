"""Early access works out of the box under `make serve` on a fresh clone: nothing to export, nothing to set.

The build and the endpoint mounted at /api/ share the labelled development
secret, so a signup unlocks the example's signup page and the development
code opens its code page, in Chromium, from a `git clone` of this repository.
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import AS_OF, ROOT, project_env
from support.server import fetch, free_port, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def fresh_clone_served(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("fresh")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    assert not (clone / "content/early/night-drive-demos.md").exists()  # only sealed copies come with a clone
    assert not (clone / ".fanzine-secret").exists()
    environ = {name: value for name, value in os.environ.items()
               if name not in ("FANZINE_GATE_SECRET", "STUDIO_DIARY_CODE")}
    port = free_port()
    log = open(tmp_path / "serve.log", "w+")
    process = subprocess.Popen([sys.executable, "-m", "fanzine", "serve", "--port", str(port), "--as-of", AS_OF],
                               cwd=clone, stdout=log, stderr=subprocess.STDOUT, env={**environ, **project_env(clone)})
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: "Nova Lights" in fetch(url + "/"), timeout=90, what="the first build to be served")
        yield url, tmp_path / "serve.log"
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def test_the_terminal_says_which_secret_early_access_uses(fresh_clone_served):
    _url, log = fresh_clone_served
    assert ("[fanzine] early access: the development secret (signups and the code early-access-dev-code work here; "
            "`make secret` makes your own)") in log.read_text()


def settle(page, url: str) -> None:
    """The dev server may reload the page once after a build: let that happen before the test types."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)
    page.wait_for_load_state("networkidle")


def test_a_signup_unlocks_the_example_page_with_its_picture(fresh_clone_served, page):
    url, _log = fresh_clone_served
    settle(page, url + "/early/night-drive-demos/")
    page.fill("#gate-email", "newcomer@example.org")
    page.check("#gate-consent")
    page.get_by_role("button", name="Unlock", exact=True).click()
    page.wait_for_selector("text=Thank you for signing up", timeout=20_000)
    width = "(document.querySelector('#gate-body img') || {}).naturalWidth || 0"
    for _ in range(100):
        if page.evaluate(width) > 0:
            break
        page.wait_for_timeout(100)
    assert page.evaluate(width) == 540


def test_the_development_code_opens_the_code_page(fresh_clone_served, page):
    url, _log = fresh_clone_served
    settle(page, url + "/early/studio-diary/")
    page.fill("#gate-code", "early-access-dev-code")
    page.get_by_role("button", name="Open", exact=True).click()
    page.wait_for_selector("text=keeping notes as album two comes together", timeout=30_000)
