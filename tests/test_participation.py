"""Calls for submissions, moderation and the fan wall: /submit, `fanzine inbox|approve|reject`, /community/.

Everything here runs on a hub of another artist (Tainá Rocha, tests/sites/) with
calls of her own. The hostile suite sends more than thirty hostile submissions
and votes through the real form over HTTP, into the store, through the approve
command and the build, and into Chromium.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from conftest import GATE_ENV, copy_project, fanzine
from endpoint_helpers import make_endpoint
from functions.messages import Request
from functions.submissions import BAD_URL, NO_CONSENT, NO_NAME, NOTHING_SENT, THANKS
from xss_vectors import ATTACKER, BODY_VECTORS, SHORT_VECTORS, URL_VECTORS

ROOT = Path(__file__).resolve().parent.parent
TAINA = ROOT / "tests" / "sites" / "taina-rocha"
SITE = "http://localhost:8000"
FORM = "application/x-www-form-urlencoded"


def submit(endpoint, fields: dict, headers: dict | None = None):
    return endpoint.handle(Request("POST", "/api/submit", {"Content-Type": FORM, **(headers or {})},
                                   body=urlencode(fields).encode(), client_ip="192.0.2.1"))


B_SIDE = {"call": "name-the-b-side", "name": "Ana Lu", "text": "Maré Alta", "consent": "on"}


# --- the endpoint ---------------------------------------------------------------------------------

def test_a_submission_is_kept_as_pending(store):
    endpoint = make_endpoint(store)
    answer = submit(endpoint, {**B_SIDE, "email": "Ana@Example.com"})
    assert (answer.status, answer.body) == (200, {"ok": True, "message": THANKS})
    [kept] = endpoint.store.submissions()
    assert (kept.call, kept.name, kept.text, kept.url, kept.email, kept.status) == (
        "name-the-b-side", "Ana Lu", "Maré Alta", None, "ana@example.com", "pending")


@pytest.mark.parametrize("change, status, error, field", [
    ({"name": ""}, 400, NO_NAME, "name"),
    ({"consent": ""}, 400, NO_CONSENT, "consent"),
    ({"text": "   "}, 400, NOTHING_SENT, "text"),
    ({"text": "x" * 1001}, 400, "The answer is too long: 1,000 characters at most.", "text"),
    ({"name": "n" * 81}, 400, "The name is too long: 80 characters at most.", "name"),
    ({"name": "Ana\nLu"}, 400, "The name has a control or invisible character in it.", "name"),
    ({"name": "Ana\u202eLu"}, 400, "The name has a control or invisible character in it.", "name"),
    ({"url": "javascript:alert(1)"}, 400, BAD_URL, "url"),
    ({"url": "https://localhost/x"}, 400, BAD_URL, "url"),
    ({"url": "https://user:pw@example.com/"}, 400, BAD_URL, "url"),
    ({"url": 'https://ok.example/" onmouseover="alert(1)'}, 400, BAD_URL, "url"),
    ({"call": "../etc"}, 400, 'Call ids are lowercase letters, digits and hyphens, like "name-the-b-side".', "call"),
    ({"website": "https://spam.example"}, 403, 'This looks like an automated signup. If you are a person, leave '
     'the "website" field empty and try again.', "website"),
])
def test_a_bad_submission_gets_one_clear_sentence_and_nothing_is_kept(store, change, status, error, field):
    endpoint = make_endpoint(store)
    answer = submit(endpoint, {**B_SIDE, **change})
    assert (answer.status, answer.body) == (status, {"error": error, "field": field})
    assert endpoint.store.submissions() == []


def test_a_plain_form_comes_back_to_the_call(tmp_path):
    answer = submit(make_endpoint(tmp_path), {**B_SIDE, "back": "/calls/name-the-b-side/"},
                    {"Accept": "text/html", "Origin": SITE})
    assert (answer.status, answer.headers["Location"]) == (303, f"{SITE}/calls/name-the-b-side/#sent")


# --- moderation -------------------------------------------------------------------------------------

CALL = """---
title: Name the B-side
kind: suggestion
opens: 2026-11-01
closes: 2026-11-30
---
The new single has a B-side with no name yet.
"""
REMIX = """---
title: Remix Maré Baixa
kind: remix
closes: 2026-11-30
---
"""


def hub(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "project", TAINA)
    content = project / "content"
    with (content / "artist.yml").open("a", encoding="utf-8") as artist:
        artist.write("forms:\n  endpoint: /api\n")
    (content / "calls").mkdir()
    (content / "calls" / "name-the-b-side.md").write_text(CALL, encoding="utf-8")
    (content / "calls" / "remix-mare-baixa.md").write_text(REMIX, encoding="utf-8")
    return project


def store_with(tmp_path: Path, *submissions: dict):
    from functions.store import open_store, parse_store

    path = tmp_path / "fans.sqlite3"
    store = open_store(parse_store(str(path)), create=True)
    for submission in submissions:
        fields = dict(submission)
        store.add_submission(fields.pop("call"), fields.pop("name"), consent=True, **fields)
    store.close()
    return path


@pytest.mark.slow
def test_inbox_lists_pending_submissions_and_approve_writes_a_fan_file(tmp_path):
    project = hub(tmp_path)
    store = store_with(tmp_path, {"call": "name-the-b-side", "name": "Ana Lu", "text": "Maré Alta"},
                       {"call": "name-the-b-side", "name": "Bot", "text": "buy pills"})
    listed = fanzine("inbox", "--store", str(store), cwd=project)
    assert "#1  name-the-b-side  " in listed.stdout and "from Ana Lu\n    Maré Alta\n" in listed.stdout
    assert "2 submissions waiting. Publish with fanzine approve ID, turn down with fanzine reject ID." in listed.stdout
    approved = fanzine("approve", "1", "--store", str(store), cwd=project)
    assert approved.returncode == 0
    assert approved.stdout == ("#1: approved; written to content/fans/name-the-b-side/1.md (published by the next "
                               "build)\n")
    rejected = fanzine("reject", "#2", "--store", str(store), cwd=project)
    assert rejected.stdout == "#2: rejected (deleted from the store in 30 days)\n"
    assert fanzine("inbox", "--store", str(store), cwd=project).stdout == "No submissions are waiting for review.\n"
    written = (project / "content" / "fans" / "name-the-b-side" / "1.md").read_text(encoding="utf-8")
    assert '"name": "Ana Lu"\n"text": "Maré Alta"\n' in written
    assert not (project / "content" / "fans" / "name-the-b-side" / "2.md").exists()
    wrong = fanzine("approve", "7", "x1", "--store", str(store), cwd=project)
    assert wrong.stderr == "'x1' is not a submission number: give the numbers fanzine inbox lists, like 12 or #12.\n"
    missing = fanzine("approve", "7", "--store", str(store), cwd=project)
    assert missing.stderr == "#7: there is no submission with this number (see fanzine inbox)\n"


@pytest.mark.parametrize("name, text", [
    ("---", "---\ntitle: x\n---\n<script>alert(1)</script>"),
    ("&a [*a, *a]", "a: &a [\"lol\",\"lol\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b]"),
    ("status: draft", "call: another-call\nname: Someone Else"),
    ("!!python/object/apply:os.system", "!!python/object/apply:os.system ['echo pwned']"),
    ("'\"quoted\"'", "\\\" \\n \\u0000 {{ 7*7 }} {% raw %}"),
])
def test_approving_never_lets_a_fan_change_the_file_s_structure(tmp_path, name, text):
    from fanzine.commands.inbox import approve
    from fanzine.content.frontmatter import split
    from functions.store import open_store, parse_store

    content = tmp_path / "content"
    (content / "calls").mkdir(parents=True)
    (content / "calls" / "name-the-b-side.md").write_text(CALL, encoding="utf-8")
    store = open_store(parse_store(str(store_with(tmp_path, {"call": "name-the-b-side", "name": name,
                                                                 "text": text}))))
    assert approve(store, content, 1).ok
    data, body, problems = split((content / "fans" / "name-the-b-side" / "1.md").read_text(encoding="utf-8"), "x")
    assert problems == [] and body.strip() == ""
    assert data == {"call": "name-the-b-side", "name": name, "text": text, "date": data["date"], "submission": 1}


# --- the pages ----------------------------------------------------------------------------------------

def build(project: Path, as_of: str) -> Path:
    fanzine("build", "--as-of", as_of, "--quiet", cwd=project, check=True)
    return project / "output"


def main_of(output: Path, path: str) -> str:
    text = (output / path).read_text(encoding="utf-8")
    return text[text.index("<main"):text.index("</main>")]


@pytest.mark.slow
def test_approved_submissions_show_on_the_call_and_the_wall_with_their_credit(tmp_path):
    project = hub(tmp_path)
    store = store_with(tmp_path, {"call": "name-the-b-side", "name": "Ana Lu", "text": "Maré Alta"},
                       {"call": "remix-mare-baixa", "name": "DJ K",
                        "url": "https://soundcloud.com/dj-k/mare-baixa-remix"},
                       {"call": "name-the-b-side", "name": "Never approved", "text": "secret"})
    fanzine("approve", "1", "2", "--store", str(store), cwd=project, check=True)
    output = build(project, "2026-11-20")
    call = main_of(output, "calls/name-the-b-side/index.html")
    assert 'action="/api/submit" method="post"' in call and 'name="consent"' in call
    assert '<p class="fan-credit__text">Maré Alta</p>  <p class="fan-credit__by">— Ana Lu</p>' in call
    wall = main_of(output, "community/index.html")
    assert "Ana Lu" in wall and "Never approved" not in wall and "secret" not in wall
    assert 'data-embed-src="https://w.soundcloud.com/player/' in wall  # the remix: a click-to-load player
    assert '<a href="/calls/name-the-b-side/">Name the B-side</a>' in wall
    closed = main_of(build(project, "2026-12-01"), "calls/name-the-b-side/index.html")
    assert "<form" not in closed and "This call has closed." in closed


@pytest.mark.slow
def test_blocks_show_what_is_open_now_and_nothing_when_none_is(tmp_path):
    project = hub(tmp_path)
    links = project / "content" / "links" / "index.md"
    text = links.read_text(encoding="utf-8")
    links.write_text(text.replace("links:\n", "links:\n  - { block: call }\n  - { block: poll }\n", 1),
                     encoding="utf-8")
    open_now = main_of(build(project, "2026-11-20"), "links/index.html")
    assert '<h2 id="block-call-name-the-b-side" class="block__title">Name the B-side</h2>' in open_now
    assert 'href="/calls/name-the-b-side/">Send yours' in open_now
    assert "block-poll-" not in open_now  # no poll in this hub
    home = main_of(project / "output", "index.html")
    assert '<h2 id="block-call-name-the-b-side" class="block__title">Name the B-side</h2>' in home
    later = build(project, "2026-12-01")
    assert "block-call-" not in main_of(later, "links/index.html") and "block-call-" not in main_of(later, "index.html")


@pytest.mark.slow
def test_a_fan_file_for_a_call_that_does_not_exist_is_named(tmp_path):
    project = hub(tmp_path)
    fans = project / "content" / "fans" / "old-call"
    fans.mkdir(parents=True)
    (fans / "9.md").write_text('---\ncall: old-call\nname: Ana\ntext: hi\ndate: 2026-11-02\n---\n', encoding="utf-8")
    checked = fanzine("check", cwd=project)
    assert "content/fans/old-call/9.md: call: there is no call content/calls/old-call.md" in checked.stderr


# --- as a fan, in Chromium ----------------------------------------------------------------------------

def served(project: Path, output: Path, database: Path):
    from functions.core import Endpoint
    from functions.settings import load_settings
    from functions.wsgi import make_app
    from headers_server import serve

    forms = make_app(Endpoint(load_settings({**GATE_ENV, "FANZINE_DB": str(database), "FANZINE_RATE_LIMIT_IP": "0",
                                             "FANZINE_RATE_LIMIT_EMAIL": "0"})))
    return serve(output, forms=forms)


def local_only(context, leaving: list) -> None:
    def route(request_route):
        if urlsplit(request_route.request.url).hostname == "127.0.0.1":
            return request_route.continue_()
        leaving.append(request_route.request.url)
        return request_route.abort()

    context.route("**/*", route)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("javascript", [True, False])
def test_a_fan_names_the_b_side_and_after_approval_sees_their_name(browser, tmp_path, javascript):
    project = hub(tmp_path)
    output = build(project, "2026-11-20")
    database = tmp_path / "fans.sqlite3"
    server = served(project, output, database)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 390, "height": 844})
    leaving: list[str] = []
    local_only(context, leaving)
    page = context.new_page()
    try:
        page.goto(url + "/calls/name-the-b-side/", wait_until="load")
        page.fill("#call-name-the-b-side-text", "Maré Alta")
        page.fill("#call-name-the-b-side-name", "Lua Nova")
        page.check("#call-name-the-b-side-consent")
        page.click("form.call__form button[type=submit]")
        page.wait_for_selector("#sent", state="visible")
        assert page.url == url + "/calls/name-the-b-side/#sent"
        assert page.locator("#sent").text_content().startswith("Thank you! It’s in.")
        listed = fanzine("inbox", "--store", str(database), cwd=project)
        assert "from Lua Nova\n    Maré Alta" in listed.stdout
        fanzine("approve", "1", "--store", str(database), cwd=project, check=True)
        build(project, "2026-11-20")
        for path in ("/community/", "/calls/name-the-b-side/"):
            page.goto(url + path, wait_until="load")
            assert page.locator(".fan-credit__by", has_text="— Lua Nova").is_visible()
        assert leaving == []
    finally:
        context.close()
        server.shutdown()


def hostile_submissions() -> list[dict]:
    """Thirty-odd hostile submissions: every short vector as a name, every body vector as text, links."""
    found = []
    for number, vector in enumerate(SHORT_VECTORS):
        found.append({"call": "name-the-b-side", "name": vector[:80], "text": f"Name {number}", "consent": "on"})
    for vector in BODY_VECTORS[:24]:
        found.append({"call": "name-the-b-side", "name": "Fan", "text": vector[:1000], "consent": "on"})
    found.append({"call": "remix-mare-baixa", "name": "Remixer", "consent": "on",
                  "url": f"https://{ATTACKER}/remix?x=<script>"[:60].replace("<", "%3C").replace(">", "%3E")})
    found.append({"call": "remix-mare-baixa", "name": "Remixer 2", "consent": "on",
                  "url": "https://soundcloud.com/fan/remix\"onmouseover=alert(1)".replace('"', "%22")})
    return found


@pytest.mark.browser
@pytest.mark.slow
def test_hostile_submissions_and_votes_run_nothing_from_form_to_page(browser, tmp_path, axe_source):
    import http.client

    from support.attack import attack_report
    from support.browser import axe_report
    from support.nu import problems, run_vnu

    project = hub(tmp_path)
    output = build(project, "2026-11-20")
    database = tmp_path / "fans.sqlite3"
    server = served(project, output, database)
    host, port = server.server_address[:2]
    sent, refused = hostile_submissions(), 0

    def post(path: str, fields: dict) -> int:
        connection = http.client.HTTPConnection(host, port, timeout=10)
        connection.request("POST", path, urlencode(fields), {"Content-Type": FORM, "Origin": f"http://{host}:{port}"})
        status = connection.getresponse().status
        connection.close()
        return status

    statuses = [post("/api/submit", fields) for fields in sent]
    for vector in URL_VECTORS:  # links that must never be kept
        refused += post("/api/submit", {"call": "remix-mare-baixa", "name": "x", "url": vector, "consent": "on"}) == 400
    votes = [post("/api/vote", {"poll": poll, "choice": choice}) for poll, choice in
             [("<script>", "a"), ("p", "<img src=x onerror=alert(1)>"), ("p" * 200, "a"), ("p", "../../etc")]]
    assert len(sent) + len(URL_VECTORS) + len(votes) >= 30
    assert refused == len(URL_VECTORS) and votes == [400, 400, 400, 400]
    kept = sqlite3.connect(database).execute("SELECT id FROM submissions ORDER BY id").fetchall()
    assert statuses.count(200) == len(kept) >= 30
    fanzine("approve", *[str(row[0]) for row in kept], "--store", str(database), cwd=project, check=True)
    build(project, "2026-11-20")
    url = f"http://{host}:{port}"
    try:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        leaving: list[str] = []
        local_only(context, leaving)
        page = context.new_page()
        checker = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)  # axe runs inline
        local_only(checker, leaving)
        for path in ("/community/", "/calls/name-the-b-side/", "/calls/remix-mare-baixa/"):
            ran = attack_report(page, url + path)
            assert ran == [], "\n".join(ran)
            if axe_source:
                audit = checker.new_page()
                audit.goto(url + path, wait_until="load")
                audit.add_script_tag(content=axe_source)
                for scheme in ("light", "dark"):
                    audit.emulate_media(color_scheme=scheme)
                    assert axe_report(audit, scheme) == []
        assert [request for request in leaving if ATTACKER in request] == []
        context.close()
        checker.close()
    finally:
        server.shutdown()
    report = run_vnu(output, [output / "community" / "index.html", output / "calls" / "name-the-b-side" /
                              "index.html", output / "calls" / "remix-mare-baixa" / "index.html"])
    assert problems(report, list(report)) == []
    shown = (output / "community" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(101)&lt;/script&gt;" in shown  # the fan's words, as text


@pytest.mark.slow
def test_an_open_playlist_call_takes_over_the_add_your_playlist_card(tmp_path):
    project = hub(tmp_path)
    (project / "content" / "calls" / "your-playlists.md").write_text(
        "---\ntitle: Send your playlist\nkind: playlist\ncloses: 2026-11-30\n---\n", encoding="utf-8")
    playlists = main_of(build(project, "2026-11-20"), "playlists/index.html")
    assert '<a href="/calls/your-playlists/">Send your playlist</a>' in playlists
    call = main_of(project / "output", "calls/your-playlists/index.html")
    assert 'type="url" name="url"' in call and "Link to your playlist" in call
    assert '<a href="/calls/your-playlists/">' not in main_of(build(project, "2026-12-01"), "playlists/index.html")
