"""Early access for real: sealed at build time, nothing leaks, opened in Chromium through the endpoint."""
from __future__ import annotations

import gzip
import html
import mimetypes
import re
import sqlite3
import threading
from pathlib import Path
from urllib.parse import unquote
from wsgiref.util import FileWrapper

import pytest

from conftest import AS_OF, GATE_ENV, copy_project, fanzine
from fanzine.early import gate
from functions.core import Endpoint
from functions.keys import signup_page_key
from functions.wsgi import make_app, make_server, mount

SENTINEL = "SENTINEL-7f3a9c-stems-are-in-the-blue-folder"
CODE = GATE_ENV["STUDIO_DIARY_CODE"]


# A sentence with what Markdown, SmartyPants and HTML escaping all rewrite: quotes, an ampersand,
# a dash, accents and a line break inside the paragraph.
RICH_SENTINEL = "Kit's \"blue\" folder & the 7f3a stems --\nnaïve démo"


def add_sentinel(project: Path) -> None:
    """Sentinels at the start, in the middle and at the end of every gated body, and in a gated story."""
    for page in (project / "content/early").glob("*.md"):
        head, _, body = page.read_text().partition("\n---\n")
        page.write_text(f"{head}\n---\n{RICH_SENTINEL}\n\n{body}\n\nSecret line: {SENTINEL}.\n")
    story = project / "content/stories/two-synth-rule.md"
    text = story.read_text().replace("---\n", "---\naccess: { mode: signup }\n", 1)
    head, _, body = text.partition("\n---\n")
    story.write_text(f"{head}\n---\n{RICH_SENTINEL} {SENTINEL}\n\n{body}")


def normalised(data: bytes) -> str:
    """What a reader of the file would see: gunzipped, entities and JSON escapes undone, plain quotes, one space."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    text = data.decode("utf-8", "ignore")
    text = html.unescape(html.unescape(text))
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text).replace("\\/", "/")
    text = unquote(text)
    for curly, plain in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "--"), ("—", "---")):
        text = text.replace(curly, plain)
    return re.sub(r"\s+", " ", text)


def test_no_output_file_shows_the_gated_words_in_any_encoding(gated_project):
    output = gated_project / "output"
    needles = [re.sub(r"\s+", " ", RICH_SENTINEL), "7f3a stems", SENTINEL, "naïve démo"]
    checked = 0
    for path in output.rglob("*"):
        if path.is_file() and path.suffix not in (".jpg", ".png", ".webp"):
            text = normalised(path.read_bytes())
            for needle in needles:
                assert needle not in text, f"{needle!r} leaked into {path.relative_to(output)}"
            checked += 1
    assert checked > 40
    assert (output / "early/two-synth-rule/index.html").exists()


@pytest.fixture(scope="module")
def gated_project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("gated"))
    add_sentinel(project)
    fanzine("build", "--publish", "--as-of", AS_OF, cwd=project, check=True,
            env={"SITEURL": "http://127.0.0.1"})
    return project


def every_encoding(text: str) -> list[bytes]:
    forms = {text, html.escape(text), text.replace("-", "&#45;"), text.replace("-", "\\u002d")}
    return [f.encode() for f in forms]


def test_no_output_file_holds_the_gated_body_or_the_keys(gated_project):
    output = gated_project / "output"
    needles = every_encoding(SENTINEL) + [GATE_ENV["FANZINE_GATE_SECRET"].encode(), CODE.encode(),
                                           gate.b64(signup_page_key(GATE_ENV["FANZINE_GATE_SECRET"],
                                                                    "night-drive-demos")).encode()]
    checked = 0
    for path in output.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        for needle in needles:
            assert needle not in data, f"{needle[:20]!r}… leaked into {path.relative_to(output)}"
        checked += 1
    assert checked > 40
    page = (output / "early/night-drive-demos/index.html").read_text()
    assert 'name="robots" content="noindex, nofollow"' in page
    assert "<script>" not in page  # no inline script: CSP-ready


def test_publish_without_the_secret_names_the_page_and_the_variable(tmp_path):
    project = copy_project(tmp_path)
    result = fanzine("build", "--publish", "--as-of", AS_OF, cwd=project, env={"FANZINE_GATE_SECRET": ""})
    assert result.returncode == 1
    assert "content/early/night-drive-demos.md: access: FANZINE_GATE_SECRET is not set." in result.stderr


def test_publish_without_a_code_names_the_page_and_the_variable(tmp_path):
    project = copy_project(tmp_path)
    result = fanzine("build", "--publish", "--as-of", AS_OF, cwd=project, env={"STUDIO_DIARY_CODE": ""})
    assert result.returncode == 1
    assert ("content/early/studio-diary.md: access.code_env: the environment variable STUDIO_DIARY_CODE is "
            "not set") in result.stderr


def test_a_page_opens_by_itself_after_its_until_date(tmp_path):
    project = copy_project(tmp_path)
    add_sentinel(project)
    fanzine("build", "--as-of", "2026-12-05", cwd=project, check=True)
    page = (project / "output/early/night-drive-demos/index.html").read_text()
    assert SENTINEL in page and "gate-data" not in page
    still_locked = (project / "output/early/studio-diary/index.html").read_text()
    assert SENTINEL not in still_locked


def test_sealing_is_deterministic_and_never_reuses_a_nonce():
    keys = gate.Keys("k" * 40, {"CODE": "x"})
    access = {"mode": "both", "code_env": "CODE"}
    one = gate.seal_page("<p>demo one</p>", "drop", access, keys, "/api")
    assert one == gate.seal_page("<p>demo one</p>", "drop", access, keys, "/api")
    two = gate.seal_page("<p>demo two</p>", "drop", access, keys, "/api")
    assert one["body"][:16] != two["body"][:16]  # different plaintext → different nonce (and key)
    assert one["signup"]["wrapped"][:16] != two["signup"]["wrapped"][:16]


def test_rotating_the_code_changes_what_unlocks_the_page():
    access = {"mode": "code", "code_env": "CODE"}
    old = gate.seal_page("<p>x</p>", "drop", access, gate.Keys("k" * 40, {"CODE": "old-code"}), "/api")
    new = gate.seal_page("<p>x</p>", "drop", access, gate.Keys("k" * 40, {"CODE": "new-code"}), "/api")
    assert old["code"]["wrapped"] != new["code"]["wrapped"]


# --- in the browser, with the real endpoint over HTTP ---------------------------------------------

def static_app(root: Path):
    def app(environ, start_response):
        path = environ.get("PATH_INFO", "/")
        target = (root / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if root.resolve() not in target.parents or not target.is_file():
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found"]
        kind = mimetypes.guess_type(str(target))[0] or "application/octet-stream"
        start_response("200 OK", [("Content-Type", kind)])
        return FileWrapper(target.open("rb"))
    return app


@pytest.fixture(scope="module")
def gated_dev_project(tmp_path_factory):
    """Built with development settings (root-relative URLs) but the real test secret and code."""
    project = copy_project(tmp_path_factory.mktemp("gated-dev"))
    add_sentinel(project)
    fanzine("build", "--as-of", AS_OF, cwd=project, check=True)
    return project


@pytest.fixture(scope="module")
def hub_with_endpoint(gated_dev_project, tmp_path_factory):
    database = tmp_path_factory.mktemp("db") / "signups.sqlite3"
    environ = {"FANZINE_GATE_SECRET": GATE_ENV["FANZINE_GATE_SECRET"], "FANZINE_DB": str(database),
               "FANZINE_SINKS": "sqlite"}
    forms = make_app(Endpoint.from_environ(environ))
    server = make_server("127.0.0.1", 0, mount("/api", static_app(gated_dev_project / "output"), forms))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", database
    server.shutdown()


@pytest.mark.browser
def test_a_fan_signs_up_and_the_page_opens(hub_with_endpoint, page):
    url, database = hub_with_endpoint
    page.goto(url + "/early/night-drive-demos/")
    assert SENTINEL not in page.content()
    page.fill("#gate-email", "fan@example.org")
    page.check("#gate-consent")
    page.get_by_role("button", name="Unlock", exact=True).click()
    page.wait_for_selector(f"text={SENTINEL}", timeout=15_000)
    rows = sqlite3.connect(database).execute("select page, email, consent from signups").fetchall()
    assert ("night-drive-demos", "fan@example.org", 1) in [tuple(r) for r in rows]
    # remembered: a return visit opens directly, and "forget" locks it again
    page.reload()
    page.wait_for_selector(f"text={SENTINEL}", timeout=15_000)
    page.click("#gate-forget")
    page.wait_for_selector("#gate-email", timeout=15_000)
    assert not page.is_visible(f"text={SENTINEL}")


@pytest.mark.browser
def test_a_wrong_code_is_refused_kindly_and_the_right_one_opens(hub_with_endpoint, page):
    url, _database = hub_with_endpoint
    page.goto(url + "/early/studio-diary/")
    page.fill("#gate-code", "not-the-code")
    page.get_by_role("button", name="Open", exact=True).click()
    page.wait_for_selector("text=That code didn't work", timeout=30_000)
    assert page.url.endswith("/early/studio-diary/")  # no reload, no navigation
    page.fill("#gate-code", CODE)
    page.get_by_role("button", name="Open", exact=True).click()
    page.wait_for_selector(f"text={SENTINEL}", timeout=30_000)


def test_a_story_with_access_becomes_an_early_access_page_listed_nowhere(tmp_path):
    project = copy_project(tmp_path)
    story = project / "content/stories/two-synth-rule.md"
    story.write_text(story.read_text().replace("---\n", "---\naccess: { mode: code, code_env: STUDIO_DIARY_CODE }\n", 1)
                     + f"\n{SENTINEL}\n")
    fanzine("build", "--publish", "--as-of", AS_OF, cwd=project, check=True, env={"SITEURL": "https://x.example"})
    output = project / "output"
    assert (output / "early/two-synth-rule/index.html").exists()
    assert not (output / "stories/two-synth-rule").exists()
    for path in output.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert SENTINEL.encode() not in data, path
            if path.name != "index.html" or "early" not in path.parts:
                assert b"two-synth-rule" not in data or path.suffix == ".jpg", f"listed in {path}"
