"""The editor in Chromium, for real: Decap CMS from /admin/ with its local backend (decap-server) on a git repo.

An artist (Ada Quarry, not the example band) creates a release with two tracks,
a cover upload and a Spotify link, publishes it, and the file lands in
content/releases/, passes `fanzine check` and builds its page; edits an
existing story; and is refused a wrong duration and a Spotify link that is not
Spotify's, with the check's own words. The site is served with the headers its
`_headers` asks for (tests/headers_server.py), in a browser that enforces them:
the editor runs with no CSP violation under /admin/'s own policy.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from conftest import IN_CI, ROOT, fanzine
from fanzine.content import frontmatter
from fixture_sites import ARTIST, AS_OF, build, make_project, picture
from headers_server import free_port, serve

pytestmark = pytest.mark.browser
DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
STORY = "---\ntitle: Hello\ndate: 2025-03-02\nsummary: The first one.\ntags: [diary]\n---\nFirst story.\n"
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    """Ada Quarry's hub in a git repository, built for development, with decap-server and a static host."""
    node = shutil.which("node")
    if not node or not DECAP_SERVER.is_file():
        if IN_CI:
            pytest.fail("decap-server is missing: run npm ci (make test does)")
        pytest.skip("decap-server is not installed (npm ci)")
    project = make_project(tmp_path_factory.mktemp("editor") / "hub", {"stories/hello.md": STORY},
                           artist=ARTIST + "editor: { repo: ada-quarry/hub }\n")
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "add", "content"], cwd=project, check=True)
    subprocess.run(["git", "-c", "user.email=ada@example.com", "-c", "user.name=Ada", "commit", "-qm", "hub"],
                   cwd=project, check=True)
    assert build(project, publish=False).returncode == 0
    port = free_port()
    log = open(project.parent / "decap-server.log", "w")
    backend = subprocess.Popen([node, str(DECAP_SERVER)], stdout=log, stderr=subprocess.STDOUT,
                               env={**os.environ, "PORT": str(port), "GIT_REPO_DIRECTORY": str(project)})
    deadline = time.monotonic() + 30
    while True:  # the editor asks decap-server once, on load: it must be listening first
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert time.monotonic() < deadline and backend.poll() is None, "decap-server did not start"
            time.sleep(0.2)
    site = serve(project / "output")
    yield project, f"http://127.0.0.1:{site.server_address[1]}", port
    site.shutdown()
    backend.terminate()
    backend.wait(timeout=10)


@pytest.fixture
def editor(browser, hub):
    """The editor at 1280 px, signed in to the local backend, under the headers the host sends."""
    project, base, port = hub
    context = browser.new_context(bypass_csp=False, viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    # The generated config names decap-server's usual address; this test's server listens on a free port.
    context.route("http://localhost:8081/**", lambda route: route.continue_(
        url=route.request.url.replace("http://localhost:8081", f"http://127.0.0.1:{port}")))
    page = context.new_page()
    page.problems = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and page.problems.append(msg.text))
    response = page.goto(base + "/admin/")
    assert "'unsafe-eval'" in response.headers["content-security-policy"]
    assert response.headers["x-robots-tag"] == "noindex, nofollow"
    page.get_by_role("button", name="Login").click()
    page.get_by_role("link", name="Releases").first.wait_for()
    page.base = base
    yield page
    context.close()


def violations(page) -> list[str]:
    return page.problems + page.evaluate("window.__violations")


def settled(page, path: Path, seconds: float = 30) -> str:
    """The file once it has appeared and stopped changing (decap-server writes it in steps).

    It waits with the page's own timer: the route to decap-server runs only while Playwright has control.
    """
    deadline, last = time.monotonic() + seconds, None
    while time.monotonic() < deadline:
        text = path.read_text(encoding="utf-8") if path.exists() else None
        if text and text == last:
            return text
        last = text
        page.wait_for_timeout(300)
    raise AssertionError(f"{path} was not written: {last!r}")


def front_matter(text: str) -> dict:
    """As Fanzine reads it (YAML's base-60 numbers are not durations' problem there)."""
    return frontmatter.load_yaml(text.split("---")[1])


def new_release(page, title: str, durations: tuple[str, str], spotify: str) -> None:
    page.goto(page.base + "/admin/#/collections/releases/new")
    page.fill('[id^="title-field-"]', title)
    page.fill('[id^="type-field-"]', "ep")
    page.keyboard.press("Enter")
    page.fill('[id^="release_date-field-"]', "2025-05-01")
    add = page.get_by_role("button", name=re.compile("Add tracks"))
    add.click()
    add.click()
    titles, times = page.locator('[id^="title-field-"]'), page.locator('[id^="duration-field-"]')
    titles.nth(1).fill(title)
    times.nth(0).fill(durations[0])
    titles.nth(2).fill("Overtime")
    times.nth(1).fill(durations[1])
    page.locator('[id^="links-field-"]').get_by_role("button").first.click()  # the links are folded
    page.fill('[id^="spotify-field-"]', spotify)


def publish(page) -> None:
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()


def test_a_release_made_in_the_editor_lands_in_content_passes_the_check_and_builds(editor, hub, tmp_path):
    project = hub[0]
    new_release(editor, "Night Shift", ("3:41", "4:05"), "https://open.spotify.com/album/4aawyAB9vmqN3uQ7FjRGTy")
    cover = tmp_path / "night-shift.jpg"
    picture(cover, (400, 400), "#334455")
    editor.get_by_role("button", name="Choose an image").click()
    editor.set_input_files('input[type="file"]', str(cover))  # the media library's Upload
    editor.get_by_text("night-shift.jpg").first.wait_for()
    editor.get_by_role("button", name=re.compile("Choose selected", re.I)).click()
    editor.get_by_role("button", name="Choose different image").wait_for()
    publish(editor)

    text = settled(editor, project / "content" / "releases" / "night-shift.md")
    release = front_matter(text)
    assert release == {"title": "Night Shift", "type": "ep", "release_date": release["release_date"],
                       "cover": "images/night-shift.jpg",
                       "tracks": [{"title": "Night Shift", "duration": "3:41"},
                                  {"title": "Overtime", "duration": "4:05"}],
                       "links": {"spotify": "https://open.spotify.com/album/4aawyAB9vmqN3uQ7FjRGTy"}}
    assert str(release["release_date"]) == "2025-05-01"
    assert (project / "content" / "images" / "night-shift.jpg").read_bytes() == cover.read_bytes()

    check = fanzine("check", cwd=project, env={"FANZINE_AS_OF": AS_OF})
    assert check.returncode == 0, check.stderr
    assert build(project, publish=False).returncode == 0  # as make html does (the editor keeps its local backend)
    page = (project / "output" / "releases" / "night-shift" / "index.html").read_text(encoding="utf-8")
    assert "Night Shift" in page and "Overtime" in page and "4:05" in page and "open.spotify.com" in page
    assert violations(editor) == []


def test_an_existing_story_is_edited_and_keeps_what_it_had(editor, hub):
    project = hub[0]
    editor.goto(editor.base + "/admin/#/collections/stories/entries/hello")
    title = editor.locator('[id^="title-field-"]')
    title.fill("Hello again")
    body = editor.locator('[data-slate-editor="true"]').last
    body.click()
    editor.keyboard.press("Control+End")
    editor.keyboard.type(" Now with a second sentence.")
    publish(editor)

    deadline = time.monotonic() + 30
    while "Hello again" not in (project / "content" / "stories" / "hello.md").read_text("utf-8"):
        assert time.monotonic() < deadline, "the story was not saved"
        editor.wait_for_timeout(200)
    text = settled(editor, project / "content" / "stories" / "hello.md")
    story = front_matter(text)
    assert story["title"] == "Hello again"
    assert str(story["date"]) == "2025-03-02" and story["summary"] == "The first one."
    assert story["tags"] == ["diary"]
    assert text.split("---", 2)[2].strip() == "First story. Now with a second sentence."
    check = fanzine("check", cwd=project, env={"FANZINE_AS_OF": AS_OF})
    assert check.returncode == 0, check.stderr
    assert violations(editor) == []


def test_a_wrong_value_is_refused_in_the_editor_with_the_check_s_words(editor, hub):
    project = hub[0]
    new_release(editor, "Wrong Turn", ("3.41", "4:05"), "https://example.com/wrong-turn")
    publish(editor)
    editor.get_by_text('expected a duration like "3:41"').wait_for()
    editor.get_by_text("expected an open.spotify.com URL").wait_for()
    editor.wait_for_timeout(500)
    assert not (project / "content" / "releases" / "wrong-turn.md").exists()
    assert violations(editor) == []


def test_the_rest_of_the_site_keeps_its_own_strict_policy(browser, hub):
    context = browser.new_context(bypass_csp=False, viewport={"width": 390, "height": 844})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and page.problems.append(msg.text))
    for path in ("/", "/releases/tape-one/", "/stories/hello/", "/links/"):
        response = page.goto(hub[1] + path, wait_until="networkidle")
        policy = response.headers["content-security-policy"]
        assert "script-src 'self';" in policy and "unsafe" not in policy, path
        assert "x-robots-tag" not in response.headers
        assert "/admin" not in page.content()
    assert violations(page) == []
    context.close()
