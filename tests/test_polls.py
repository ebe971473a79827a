"""Polls: the endpoint's /vote and /results (both store engines), the poll pages, published results, Chromium.

The fixture hub is Tainá Rocha's (tests/sites/), with a form endpoint and
polls of her own: never the example band's content.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import GATE_ENV, copy_project, fanzine
from endpoint_helpers import SECRET, make_endpoint
from functions.messages import Request
from functions.votes import ALREADY, BAD_CHOICE, NO_LIVE_RESULTS, THANKS, results_ticket

ROOT = Path(__file__).resolve().parent.parent
TAINA = ROOT / "tests" / "sites" / "taina-rocha"
SITE = "http://localhost:8000"
FORM = "application/x-www-form-urlencoded"


def vote(endpoint, body: str, headers: dict | None = None, ip: str = "192.0.2.1"):
    return endpoint.handle(Request("POST", "/api/vote", {"Content-Type": FORM, **(headers or {})},
                                   body=body.encode(), client_ip=ip))


# --- the endpoint ---------------------------------------------------------------------------------

def test_one_vote_per_address_whatever_its_case(store):
    endpoint = make_endpoint(store)
    first = vote(endpoint, "poll=pick-the-cover&choice=tide&email=Fan%40Example.com")
    again = vote(endpoint, "poll=pick-the-cover&choice=dusk&email=fan%40example.COM")
    assert (first.status, first.body) == (200, {"ok": True, "counted": True, "choice": "tide", "message": THANKS})
    assert (again.status, again.body) == (200, {"ok": True, "counted": False, "choice": "tide", "message": ALREADY})
    assert endpoint.store.vote_counts("pick-the-cover") == {"tide": 1}


def test_one_vote_per_device_and_each_plain_form_vote_counts(store):
    endpoint = make_endpoint(store)
    device = "d0c5a1e2f3b4a5c6d7e8f9a0b1c2d3e4"
    assert vote(endpoint, f"poll=which-mix&choice=a&device={device}").body["counted"] is True
    assert vote(endpoint, f"poll=which-mix&choice=b&device={device}").body["counted"] is False
    assert vote(endpoint, "poll=which-mix&choice=b").body["counted"] is True  # no script, no device id
    assert endpoint.store.vote_counts("which-mix") == {"a": 1, "b": 1}


@pytest.mark.parametrize("body, status, error, field", [
    ("choice=a", 400, "The form doesn't say which poll this vote is for.", "poll"),
    ("poll=Bad%20Poll&choice=a", 400, 'Poll ids are lowercase letters, digits and hyphens, like "pick-the-cover".',
     "poll"),
    ("poll=p", 400, "Please pick one of the choices.", "choice"),
    ("poll=p&choice=%3Cscript%3E", 400, BAD_CHOICE, "choice"),
    ("poll=p&choice=a&device=short", 400,
     "The vote's device id could not be read. Please reload the page and try again.", "device"),
    ("poll=p&choice=a&email=not-an-address", 400, "An email address needs exactly one @, like fan@example.com.",
     "email"),
    ("poll=p&choice=a&website=spam", 403, 'This looks like an automated signup. If you are a person, leave the '
     '"website" field empty and try again.', "website"),
])
def test_a_bad_vote_gets_one_clear_sentence(store, body, status, error, field):
    response = vote(make_endpoint(store), body)
    assert (response.status, response.body) == (status, {"error": error, "field": field})


def test_votes_are_rate_limited_per_network(tmp_path):
    endpoint = make_endpoint(tmp_path, FANZINE_RATE_LIMIT_IP="2")
    answers = [vote(endpoint, "poll=p&choice=a").status for _ in range(3)]
    assert answers == [200, 200, 429]


def test_a_plain_form_goes_back_to_the_poll_with_its_state(store):
    endpoint = make_endpoint(store)
    html = {"Accept": "text/html,application/xhtml+xml", "Origin": SITE}
    first = vote(endpoint, "poll=p&choice=a&email=a%40example.com&back=/polls/p/", html)
    again = vote(endpoint, "poll=p&choice=a&email=a%40example.com&back=/polls/p/", html)
    assert (first.status, first.headers["Location"]) == (303, f"{SITE}/polls/p/#voted")
    assert (again.status, again.headers["Location"]) == (303, f"{SITE}/polls/p/#already-voted")


@pytest.mark.parametrize("back", ["//evil.example/", "https://evil.example/", "/polls/../x", "/a\\b",
                                  "javascript:alert(1)", "/p?x=1", ""])
def test_the_way_back_is_never_another_site(tmp_path, back):
    response = vote(make_endpoint(tmp_path), f"poll=p&choice=a&back={back}", {"Accept": "text/html",
                                                                                "Origin": SITE})
    assert response.status == 200 and "Location" not in response.headers
    assert "Thank you" in response.body_bytes().decode()


def test_an_origin_not_allowed_is_refused_and_a_referer_alone_sends_nobody_elsewhere(tmp_path):
    endpoint = make_endpoint(tmp_path)
    refused = vote(endpoint, "poll=p&choice=a&back=/p/", {"Accept": "text/html", "Origin": "https://evil.example"})
    assert refused.status == 403
    referred = vote(endpoint, "poll=p&choice=b&back=/p/", {"Accept": "text/html",
                                                            "Referer": "https://evil.example/p/"}, ip="192.0.2.9")
    assert referred.status == 200 and "Location" not in referred.headers


def test_a_refused_plain_form_gets_a_small_page_with_the_sentence_escaped(tmp_path):
    response = vote(make_endpoint(tmp_path), "poll=p&choice=%3Cb%3E&back=/polls/p/",
                    {"Accept": "text/html", "Origin": SITE})
    page = response.body_bytes().decode()
    assert response.status == 400
    assert dict(response.header_list())["Content-Type"] == "text/html; charset=utf-8"
    assert "<p>That choice isn&#x27;t one of this poll&#x27;s.</p>" in page
    assert f'<a href="{SITE}/polls/p/">Back to the page</a>' in page


def test_live_results_need_the_ticket_the_build_made(store):
    endpoint = make_endpoint(store)
    vote(endpoint, "poll=live-one&choice=a")
    ticket = results_ticket(SECRET, "live-one")
    shown = endpoint.handle(Request("GET", f"/api/results/live-one/{ticket}"))
    assert (shown.status, shown.body) == (200, {"poll": "live-one", "counts": {"a": 1}, "total": 1})
    assert shown.headers["Cache-Control"] == "public, max-age=30"
    other = results_ticket(SECRET, "another")
    refused = endpoint.handle(Request("GET", f"/api/results/live-one/{other}"))
    assert (refused.status, refused.body) == (404, {"error": NO_LIVE_RESULTS, "field": "poll"})


# --- the site ---------------------------------------------------------------------------------------

POLL = """---
title: Escolha a capa
opens: 2026-11-01
closes: 2026-11-20 21:00
choices:
  - { id: tide, label: Maré baixa, image: images/mare-baixa.jpg, image_alt: "Low tide at dusk" }
  - { id: dusk, label: Dusk, image: images/taina.jpg, image_alt: "Tainá on the shore" }
  - { id: mix-b, label: Mix B, audio: audio/mix-b.mp3 }
vote: email
---
Help choose the cover.
"""
DEVICE_POLL = """---
title: Which mix?
closes: 2026-12-30
choices: [{ id: a, label: Mix A }, { id: b, label: Mix B }]
vote: device
results: live
---
"""


def hub(tmp_path: Path, results: str | None = None) -> Path:
    project = copy_project(tmp_path / "project", TAINA)
    content = project / "content"
    with (content / "artist.yml").open("a", encoding="utf-8") as artist:
        artist.write("forms:\n  endpoint: /api\n")
    (content / "polls").mkdir()
    (content / "audio").mkdir()
    (content / "audio" / "mix-b.mp3").write_bytes(b"ID3" + bytes(2000))
    (content / "polls" / "escolha-a-capa.md").write_text(POLL, encoding="utf-8")
    (content / "polls" / "which-mix.md").write_text(DEVICE_POLL, encoding="utf-8")
    if results is not None:
        (content / "polls" / "escolha-a-capa.results.yml").write_text(results, encoding="utf-8")
    return project


def build(project: Path, as_of: str) -> Path:
    fanzine("build", "--as-of", as_of, "--quiet", cwd=project, check=True)
    return project / "output"


def page(output: Path, poll: str) -> str:
    return (output / "polls" / poll / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_poll_shows_its_form_only_while_open_and_its_published_results_after(tmp_path):
    project = hub(tmp_path, "counts:\n  tide: 30\n  dusk: 10\n  mix-b: 10\n")
    before = page(build(project, "2026-10-20"), "escolha-a-capa")
    assert "<form" not in before and "Voting opens on 1 November 2026." in before
    during = page(build(project, "2026-11-20"), "escolha-a-capa")
    assert 'action="/api/vote" method="post"' in during and 'name="email"' in during
    assert '<audio class="poll__audio" controls preload="none" src="/audio/mix-b.mp3"' in during
    assert "One vote per email address." in during and "Results" not in during
    assert (project / "output" / "audio" / "mix-b.mp3").is_file()
    after = page(build(project, "2026-11-21"), "escolha-a-capa")
    assert "<form" not in after
    assert ('<span class="results__label" id="result-escolha-a-capa-tide">Maré baixa <strong class="badge">'
            'Winner</strong></span>') in after
    assert 'max="100" value="60"' in after and "60% · 30 votes" in after and "50 votes in all." in after


@pytest.mark.slow
def test_a_device_poll_with_live_results_states_its_limits_and_carries_a_ticket(tmp_path):
    text = page(build(hub(tmp_path), "2026-11-20"), "which-mix")
    assert 'data-vote-by="device"' in text and 'name="email"' not in text
    assert "One vote per browser" in text and "without JavaScript, votes are only limited per network" in text
    assert 'data-live-results="/api/results/which-mix/1.' in text


@pytest.mark.slow
def test_the_check_names_a_results_file_that_does_not_fit_the_poll(tmp_path):
    project = hub(tmp_path, "counts:\n  tide: 3\n  sunset: 2\n")
    result = fanzine("check", cwd=project)
    assert result.returncode == 1
    assert ("content/polls/escolha-a-capa.results.yml: counts.sunset: 'sunset' is not one of the poll's choices "
            "(expected one of: dusk, mix-b, tide)") in result.stdout + result.stderr


@pytest.mark.slow
def test_polls_results_counts_only_what_the_poll_allows(tmp_path):
    from functions.store import open_store, parse_store

    project = hub(tmp_path)
    store_path = tmp_path / "fans.sqlite3"
    store = open_store(parse_store(str(store_path)), create=True)
    store.record_vote("escolha-a-capa", "tide", email="a@example.com")
    store.record_vote("escolha-a-capa", "dusk", email="b@example.com")
    store.record_vote("escolha-a-capa", "tide", device="d" * 20)  # a device vote in an email poll
    store.record_vote("escolha-a-capa", "sunset", email="c@example.com")  # not a choice
    store.close()
    # every vote above was cast today, so count them by pretending the poll ran until now
    poll = project / "content" / "polls" / "escolha-a-capa.md"
    poll.write_text(POLL.replace("opens: 2026-11-01\ncloses: 2026-11-20 21:00", "closes: 2099-01-01"),
                    encoding="utf-8")
    result = fanzine("polls", "results", "--store", str(store_path), "--as-of", "2099-01-02", cwd=project)
    assert result.returncode == 0, result.stderr
    written = (project / "content" / "polls" / "escolha-a-capa.results.yml").read_text(encoding="utf-8")
    assert "counts:\n  tide: 1\n  dusk: 1\n  mix-b: 0\ntotal: 2\n" in written
    again = fanzine("polls", "results", "--store", str(store_path), "--as-of", "2099-01-02", cwd=project)
    assert "results already written in escolha-a-capa.results.yml (use --again to count again)" in again.stdout


# --- in Chromium, as a fan ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def voting_hub(tmp_path_factory):
    from functions.core import Endpoint
    from functions.settings import load_settings
    from functions.wsgi import make_app
    from headers_server import serve

    folder = tmp_path_factory.mktemp("voting")
    output = build(hub(folder), "2026-11-20")
    database = folder / "fans.sqlite3"
    forms = make_app(Endpoint(load_settings({**GATE_ENV, "FANZINE_DB": str(database), "FANZINE_RATE_LIMIT_IP": "0",
                                             "FANZINE_RATE_LIMIT_EMAIL": "0"})))
    server = serve(output, forms=forms)
    yield f"http://127.0.0.1:{server.server_address[1]}", database
    server.shutdown()


def local_only(context, leaving: list) -> None:
    def route(request_route):
        if urlsplit(request_route.request.url).hostname == "127.0.0.1":
            return request_route.continue_()
        leaving.append(request_route.request.url)
        return request_route.abort()

    context.route("**/*", route)


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False])
def test_a_fan_votes_sees_the_thank_you_and_cannot_vote_twice(browser, voting_hub, javascript):
    url, database = voting_hub
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 390, "height": 844})
    leaving: list[str] = []
    local_only(context, leaving)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    address = f"{'js' if javascript else 'plain'}@example.com"
    for attempt in range(2):
        page.goto(url + "/polls/escolha-a-capa/", wait_until="load")
        assert not page.locator("#voted").is_visible()
        page.locator("label[for='poll-escolha-a-capa-dusk']").click()
        page.fill("#poll-escolha-a-capa-email", address)
        if javascript:  # the answer comes in place
            page.click("form.poll__form button[type=submit]")
        else:  # the answer is a new page: until its stylesheet is in, every state shows, and the form
            with page.expect_navigation(wait_until="load"):
                page.click("form.poll__form button[type=submit]")
        state = "#voted" if attempt == 0 else "#already-voted"
        page.wait_for_selector(state, state="visible")
        assert page.url == url + "/polls/escolha-a-capa/" + state
        assert not page.locator("form.poll__form").is_visible()
    assert page.locator("#already-voted").text_content() == ("You already voted in this poll: your first vote "
                                                              "stands.")
    rows = sqlite3.connect(database).execute("SELECT choice FROM votes WHERE email = ?", (address,)).fetchall()
    assert rows == [("dusk",)]
    assert leaving == [] and problems == []
    context.close()


@pytest.mark.browser
def test_a_device_vote_keeps_its_id_in_local_storage_not_a_cookie(browser, voting_hub):
    url, database = voting_hub
    context = browser.new_context()
    page = context.new_page()
    for state in ("#voted", "#already-voted"):
        page.goto(url + "/polls/which-mix/", wait_until="load")
        page.locator("label[for='poll-which-mix-a']").click()
        page.click("form.poll__form button[type=submit]")
        page.wait_for_selector(state, state="visible")
    assert context.cookies() == []
    assert len(page.evaluate("localStorage.getItem('fanzine-device')")) == 32
    # the fan's own vote shows in the running count at once (the counts are otherwise cached for 30 seconds)
    page.wait_for_function("document.querySelector('[data-results-total]').textContent === '1 vote so far.'")
    assert page.locator("[data-choice='a'] [data-share]").text_content() == "100% · 1 vote"
    context.close()


def test_the_daily_workflow_s_results_step_does_nothing_without_a_store(tmp_path):
    result = fanzine("polls", "results", "--if-configured", "--content", str(tmp_path), env={"FANZINE_STORE": "",
                                                                                             "FANZINE_SECRETS": ""})
    assert (result.returncode, result.stdout) == (0, "No fan store configured (FANZINE_STORE): poll results are "
                                                     "not written.\n")


def test_only_votes_cast_while_the_poll_was_open_count_in_the_artist_s_timezone():
    import datetime as dt
    from zoneinfo import ZoneInfo

    from fanzine.commands.polls import count
    from functions.store.base import Vote

    poll = {"opens": dt.date(2026, 11, 1), "closes": dt.datetime(2026, 11, 20, 21, 0), "vote": "email",
            "choices": [{"id": "tide"}, {"id": "dusk"}]}
    votes = [Vote("p", "tide", "a@x.com", "2026-11-01T02:59:59Z"),  # 23:59:59 on 31 October in São Paulo
             Vote("p", "tide", "b@x.com", "2026-11-01T03:00:00Z"),  # midnight on 1 November there
             Vote("p", "dusk", "c@x.com", "2026-11-21T00:00:59Z"),  # 21:00:59 on the 20th there: the last minute
             Vote("p", "dusk", "d@x.com", "2026-11-21T00:01:00Z"),  # a second late
             Vote("p", "dusk", None, "2026-11-10T00:00:00Z"),  # a device vote in an email poll
             Vote("other", "dusk", "e@x.com", "2026-11-10T00:00:00Z")]
    assert count(poll, votes, ZoneInfo("America/Sao_Paulo"), "p") == {"tide": 1, "dusk": 1}


def test_a_counted_vote_is_also_a_number_for_fanzine_stats_when_the_site_says_so(store):
    endpoint = make_endpoint(store)
    vote(endpoint, "poll=cover&choice=a&email=a%40example.com&stats=on")
    vote(endpoint, "poll=cover&choice=a&email=a%40example.com&stats=on")  # again: not counted twice
    vote(endpoint, "poll=cover&choice=b&email=b%40example.com")  # stats off on this site
    assert [(tap.page, tap.target, tap.count) for tap in endpoint.store.tap_counts()] == [("poll:cover", "vote", 1)]


@pytest.mark.slow
def test_a_public_key_cannot_name_an_early_access_file(tmp_path):
    """content/early/ files reach only the fans who unlock a page: a poll's audio or picture, or any cover, shown
    to everyone, would publish them in clear. The check refuses, whatever the case of the folder's name."""
    project = hub(tmp_path)
    content = project / "content"
    (content / "early" / "demos").mkdir(parents=True)
    (content / "early" / "demos" / "take-2.mp3").write_bytes(b"ID3" + bytes(2000))
    (content / "early" / "demos" / "sleeve.jpg").write_bytes((content / "images" / "taina.jpg").read_bytes())
    poll = content / "polls" / "escolha-a-capa.md"
    poll.write_text(POLL.replace("audio: audio/mix-b.mp3", "audio: early/demos/take-2.mp3")
                    .replace("image: images/taina.jpg", "image: ./Early/demos/sleeve.jpg"), encoding="utf-8")
    result = fanzine("check", cwd=project)
    said = result.stdout + result.stderr
    assert result.returncode == 1
    assert ("content/polls/escolha-a-capa.md: choices[3].audio: expected an audio file outside content/early/ (its "
            "files reach only the fans who unlock a page; this key is shown to everyone), got "
            "'early/demos/take-2.mp3'") in said
    assert ("content/polls/escolha-a-capa.md: choices[2].image: expected a picture outside content/early/ (its "
            "files reach only the fans who unlock a page; this key is shown to everyone), got "
            '"./Early/demos/sleeve.jpg"') in said
    built = fanzine("build", "--as-of", "2026-11-20", cwd=project)
    assert built.returncode == 1 and not (project / "output" / "early" / "demos" / "take-2.mp3").exists()
