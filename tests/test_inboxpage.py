"""The dev server's local inbox page: approve and reject with buttons, and nobody else can press them."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest

from conftest import copy_project, project_env
from support.server import fetch, free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent
TAINA = ROOT / "tests" / "sites" / "taina-rocha"
TOKEN = "t" * 43
CALL = "---\ntitle: Name the B-side\nkind: suggestion\ncloses: 2099-01-01\n---\n"


@pytest.fixture
def inbox(tmp_path):
    from fanzine.commands.inboxpage import make_app
    from functions.store import open_store, parse_store

    content = tmp_path / "content"
    (content / "calls").mkdir(parents=True)
    (content / "calls" / "name-the-b-side.md").write_text(CALL, encoding="utf-8")
    location = parse_store(str(tmp_path / "fans.sqlite3"))
    store = open_store(location, create=True)
    store.add_submission("name-the-b-side", "<b>Ana</b>", text="Maré <script>alert(1)</script>", consent=True)
    store.close()
    return make_app(content, lambda: open_store(location), TOKEN), content, location


def call(app, method="GET", form=None, host="127.0.0.1:8000", origin="http://127.0.0.1:8000", remote="127.0.0.1"):
    body = urlencode(form or {}).encode()
    environ = {"REQUEST_METHOD": method, "PATH_INFO": "/__fanzine/inbox", "SCRIPT_NAME": "", "HTTP_HOST": host,
               "REMOTE_ADDR": remote, "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}
    if origin:
        environ["HTTP_ORIGIN"] = origin
    answer = {}

    def start_response(status, headers):
        answer["status"], answer["headers"] = status, dict(headers)

    answer["body"] = b"".join(app(environ, start_response)).decode()
    return answer


def test_the_page_lists_pending_submissions_with_the_fans_words_escaped(inbox):
    app, _content, _location = inbox
    page = call(app)
    assert page["status"] == "200 OK"
    assert "from <strong>&lt;b&gt;Ana&lt;/b&gt;</strong>" in page["body"]
    assert "<pre>Maré &lt;script&gt;alert(1)&lt;/script&gt;</pre>" in page["body"]
    assert f'<input type="hidden" name="token" value="{TOKEN}">' in page["body"]
    assert "frame-ancestors 'none'" in page["headers"]["Content-Security-Policy"]


def test_approve_writes_the_fan_file_and_marks_it_approved(inbox):
    from functions.store import open_store

    app, content, location = inbox
    page = call(app, "POST", {"token": TOKEN, "id": "1", "action": "approve"})
    assert f"#1: approved; written to {content.as_posix()}/fans/name-the-b-side/1.md" in page["body"]
    assert "No submissions are waiting for review." in page["body"]
    assert (content / "fans" / "name-the-b-side" / "1.md").is_file()
    assert open_store(location).submissions()[0].status == "approved"


@pytest.mark.parametrize("change, status", [
    ({"form": {"token": "wrong", "id": "1", "action": "approve"}}, "403 Forbidden"),
    ({"origin": "https://evil.example"}, "403 Forbidden"),
    ({"origin": None}, "403 Forbidden"),  # no Origin and no Referer: not this page
    ({"host": "evil.example:8000", "origin": "http://evil.example:8000"}, "403 Forbidden"),  # DNS rebinding
    ({"remote": "192.0.2.7"}, "403 Forbidden"),  # served beyond this computer
    ({"method": "PUT"}, "405 Method Not Allowed"),
])
def test_no_other_page_can_approve_through_the_artists_browser(inbox, change, status):
    app, content, _location = inbox
    arguments = {"method": "POST", "form": {"token": TOKEN, "id": "1", "action": "approve"}, **change}
    assert call(app, **arguments)["status"] == status
    assert not (content / "fans").exists()


@pytest.mark.slow
@pytest.mark.browser
def test_make_serve_offers_the_inbox_and_approving_publishes_after_the_rebuild(tmp_path, browser):
    project = copy_project(tmp_path, TAINA)
    content = project / "content"
    with (content / "artist.yml").open("a", encoding="utf-8") as artist:
        artist.write("forms:\n  endpoint: /api\n")
    (content / "calls").mkdir()
    (content / "calls" / "name-the-b-side.md").write_text(CALL, encoding="utf-8")
    port = free_port()
    log = open(tmp_path / "serve.log", "w+")
    process = subprocess.Popen([sys.executable, "-m", "fanzine", "serve", "--port", str(port)], cwd=project,
                               stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **project_env(project)})
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: "Name the B-side" in fetch(url + "/calls/name-the-b-side/"), timeout=120,
                 what="the first build")
        # without JavaScript, so no live reload lands between typing and sending on a busy machine
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(url + "/calls/name-the-b-side/", wait_until="load")
        page.fill("#call-name-the-b-side-text", "Maré Alta")
        page.fill("#call-name-the-b-side-name", "Lua Nova")
        page.check("#call-name-the-b-side-consent")
        page.click("form.call__form button[type=submit]")
        page.wait_for_selector("#sent", state="visible", timeout=60_000)
        page.goto(url + "/__fanzine/inbox", wait_until="load")
        assert "Lua Nova" in page.content()
        page.click("text=Approve #1")
        page.wait_for_selector("text=#1: approved", timeout=60_000)
        assert (content / "fans" / "name-the-b-side" / "1.md").is_file()
        wait_for(lambda: "Lua Nova" in fetch(url + "/community/"), timeout=120,
                 what="the rebuild with the approved name")
        assert not (project / "output" / "__fanzine").exists()
        context.close()
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
