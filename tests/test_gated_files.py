"""Files of an early-access page: published only as ciphertext, opened in the fan's browser after unlock.

A fixture page of our own offers a picture, a track, a 20 MB stem pack and a
picture from content/images/ that no public page shows, each carrying a
sentinel. The output holds none of them in clear; Python opens the chunks the
way gate.js does (an independent check of the format); Chromium, under the
site's real Content-Security-Policy, shows the pictures, loads the track and
saves the stem pack under its name with the right SHA-256. "Remember me"
expires, and raising `key_version` locks out a remembered key.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import io
import json
import re
import wave
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from conftest import AS_OF, GATE_ENV, copy_project, fanzine
from fanzine.early import gatedfiles
from functions.core import Endpoint
from functions.keys import signup_page_key
from functions.wsgi import make_app
from headers_server import serve

SECRET = GATE_ENV["FANZINE_GATE_SECRET"]
PAGE_SENTINEL = "SENTINEL-body-b81f-lyrics-on-the-back-of-a-receipt"
SENTINELS = {"cover.png": b"SENTINEL-cover-6a0c", "tape.wav": b"SENTINEL-tape-23e9",
             "stems.zip": b"SENTINEL-stems-f117", "images/secret-flyer.png": b"SENTINEL-flyer-4d52"}
STEMS_SIZE = 20 * 1024 * 1024 + 12345  # 20 MB and a bit: 21 chunks, the last one short


def png(marker: bytes, colour=(200, 120, 40)) -> bytes:
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", marker.decode())
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def wav(marker: bytes) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(8000)
        file.writeframes(marker + bytes(32000 - len(marker)))  # two seconds
    return out.getvalue()


def stems() -> bytes:
    block = hashlib.sha256(b"stems").digest() * 1024  # 32 KB of varied bytes, repeated: deterministic
    data = bytearray(block * (STEMS_SIZE // len(block) + 1))[:STEMS_SIZE]
    data[STEMS_SIZE // 2:STEMS_SIZE // 2 + len(SENTINELS["stems.zip"])] = SENTINELS["stems.zip"]
    return bytes(data)


PAGE = f"""---
title: Midnight tapes
access:
  mode: signup
  teaser: The tapes, a week early.
---
{PAGE_SENTINEL}

![The tape box]({{static}}/images/secret-flyer.png)

![A photo of the tape](midnight-tapes/cover.png)

![Side A](tape.wav)

[The stem pack (20 MB)](stems.zip)
"""


def add_tapes(project: Path, page: str = PAGE) -> None:
    (project / "content/early/midnight-tapes.md").write_text(page)
    folder = project / "content/early/midnight-tapes"
    folder.mkdir(exist_ok=True)
    (folder / "cover.png").write_bytes(png(SENTINELS["cover.png"]))
    (folder / "tape.wav").write_bytes(wav(SENTINELS["tape.wav"]))
    (folder / "stems.zip").write_bytes(stems())
    (project / "content/images/secret-flyer.png").write_bytes(png(SENTINELS["images/secret-flyer.png"], (20, 60, 200)))


@pytest.fixture(scope="module")
def tapes(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("tapes"))
    add_tapes(project)
    built = fanzine("build", "--as-of", AS_OF, cwd=project, check=True)
    return project, built


def test_no_file_of_a_gated_page_is_anywhere_in_the_output_in_clear(tapes):
    project, _ = tapes
    output = project / "output"
    needles = list(SENTINELS.values()) + [PAGE_SENTINEL.encode(), b"secret-flyer", b"stems.zip", b"tape.wav"]
    checked = 0
    for path in output.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for needle in needles:
                assert needle not in data, f"{needle!r} in {path.relative_to(output)}"
            checked += 1
    assert checked > 40
    assert not (output / "images/secret-flyer.png").exists()  # only a gated page shows it
    assert (output / "images/avatar.jpg").exists()  # the public pictures are still copied
    assert len(list((output / "early/midnight-tapes/files").glob("*.bin"))) == 4


def page_secret_body(output: Path, slug: str) -> tuple[bytes, str]:
    """What gate.js does after a signup, in Python: the content key and the body, from the page alone."""
    page = (output / f"early/{slug}/index.html").read_text()
    sealed = json.loads(html.unescape(re.search(r'<script id="gate-data" type="application/json">(.*?)</script>',
                                                page, re.S).group(1)).replace("<\\/", "</"))
    aad = f"fanzine-gate-v{sealed['v']}:{slug}".encode()

    def unpack(text: str) -> bytes:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

    wrapped = unpack(sealed["signup"]["wrapped"])
    signup_key = signup_page_key(SECRET, slug, int(sealed["signup"]["ticket"].split(".")[0]))
    cek = AESGCM(signup_key).decrypt(wrapped[:12], wrapped[12:], aad + b":signup")
    body = unpack(sealed["body"])
    return cek, AESGCM(cek).decrypt(body[:12], body[12:], aad).decode()


def open_published(output: Path, cek: bytes, url: str, name: str, size: int) -> bytes:
    data = (output / urlsplit(url).path.lstrip("/")).read_bytes()
    count, chunk, plain, offset = max(1, -(-size // gatedfiles.CHUNK)), gatedfiles.CHUNK, b"", 0
    for index in range(count):
        length = 12 + min(chunk, size - index * chunk) + 16
        record = data[offset:offset + length]
        offset += length
        plain += AESGCM(cek).decrypt(record[:12], record[12:],
                                     gatedfiles.file_aad("midnight-tapes", name, index, index == count - 1))
    assert offset == len(data)
    return plain


def test_each_file_opens_with_the_page_key_and_is_bound_to_its_name_and_place(tapes):
    project, _ = tapes
    output = project / "output"
    cek, body = page_secret_body(output, "midnight-tapes")
    assert PAGE_SENTINEL in body
    found = dict(re.findall(r'data-gate-file="([^"]+)" data-gate-name="([^"]+)"', body))
    assert sorted(found.values()) == ["cover.png", "images/secret-flyer.png", "stems.zip", "tape.wav"]
    sources = {"cover.png": png(SENTINELS["cover.png"]), "tape.wav": wav(SENTINELS["tape.wav"]), "stems.zip": stems(),
               "images/secret-flyer.png": png(SENTINELS["images/secret-flyer.png"], (20, 60, 200))}
    for url, name in found.items():
        assert open_published(output, cek, url, name, len(sources[name])) == sources[name]
    assert '<audio controls preload="metadata" aria-label="Side A"' in body
    assert 'download="stems.zip">The stem pack (20 MB)</a>' in body
    stems_url = next(url for url, name in found.items() if name == "stems.zip")
    with pytest.raises(InvalidTag):  # the same bytes under another name do not open
        open_published(output, cek, stems_url, "other.zip", STEMS_SIZE)
    record = (output / stems_url.lstrip("/")).read_bytes()[: 12 + gatedfiles.CHUNK + 16]
    with pytest.raises(InvalidTag):  # nor chunk 0 in the place of chunk 1
        AESGCM(cek).decrypt(record[:12], record[12:], gatedfiles.file_aad("midnight-tapes", "stems.zip", 1, False))


def test_sealed_files_are_byte_identical_from_build_to_build(tapes, tmp_path):
    project, _ = tapes
    again = tmp_path / "again"
    fanzine("build", "--as-of", AS_OF, "--output", str(again), cwd=project, check=True)
    first = sorted((project / "output/early/midnight-tapes/files").iterdir())
    assert [p.name for p in first] == sorted(p.name for p in (again / "early/midnight-tapes/files").iterdir())
    for path in first:
        assert path.read_bytes() == (again / "early/midnight-tapes/files" / path.name).read_bytes()


def test_on_its_until_day_a_page_offers_its_files_in_clear(tmp_path):
    project = copy_project(tmp_path)
    add_tapes(project, PAGE.replace("  mode: signup\n", "  mode: signup\n  until: 2026-12-01\n"))
    fanzine("build", "--as-of", "2026-12-01", cwd=project, check=True)
    page = (project / "output/early/midnight-tapes/index.html").read_text()
    assert '<audio controls preload="metadata" aria-label="Side A" src="/early/midnight-tapes/tape.wav">' in page
    assert '<a href="/early/midnight-tapes/stems.zip" download="stems.zip">' in page
    assert (project / "output/early/midnight-tapes/stems.zip").read_bytes() == stems()
    assert not (project / "output/early/midnight-tapes/files").exists()


def test_the_check_names_a_missing_file_and_a_file_nobody_links(tmp_path):
    project = copy_project(tmp_path)
    add_tapes(project, PAGE.replace("(stems.zip)", "(stem.zip)"))
    result = fanzine("check", cwd=project)
    assert result.returncode == 1
    assert ('content/early/midnight-tapes.md: links to "stem.zip", which is not in content/early/midnight-tapes/: put '
            "the file there, or fix the link; did you mean 'stems.zip'?") in result.stderr
    assert ("content/early/midnight-tapes/stems.zip: warning: is not linked from content/early/midnight-tapes.md, so "
            "it is not published; link it like [Download](stems.zip) or ![Picture](stems.zip)") in result.stderr


def test_a_file_too_big_for_git_hosting_is_refused(tmp_path):
    project = copy_project(tmp_path)
    add_tapes(project)
    with open(project / "content/early/midnight-tapes/stems.zip", "r+b") as file:
        file.truncate(96 * 1024 * 1024)  # sparse: no disk used
    result = fanzine("check", cwd=project)
    assert ("content/early/midnight-tapes/stems.zip: is over 95 MB: GitHub refuses files over 100 MB, and its sealed "
            "copy is committed; host it elsewhere and link to it from the page, or split it") in result.stderr


# --- in Chromium, under the site's own headers ------------------------------------------------------

@pytest.fixture(scope="module")
def tapes_url(tapes, tmp_path_factory):
    project, _ = tapes
    database = tmp_path_factory.mktemp("tapes-db") / "signups.sqlite3"
    forms = make_app(Endpoint.from_environ({"FANZINE_GATE_SECRET": SECRET, "FANZINE_DB": str(database),
                                            "FANZINE_RATE_LIMIT_IP": "0", "FANZINE_RATE_LIMIT_EMAIL": "0"}))
    server = serve(project / "output", forms=forms)
    yield f"http://127.0.0.1:{server.server_address[1]}", project
    server.shutdown()


RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.effectiveDirective + " blocked " + (e.blockedURI || "inline"));
});
"""


@pytest.fixture
def strict(browser):
    """A fan's phone that obeys the CSP (the suite's default context bypasses it for axe-core)."""
    context = browser.new_context(bypass_csp=False, viewport={"width": 390, "height": 844}, accept_downloads=True)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: ("Content Security Policy" in m.text or "Refused" in m.text)
            and page.problems.append(m.text))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    yield page
    context.close()


def wait_until(page, expression: str, timeout: float = 20.0) -> None:
    """Poll an expression (wait_for_function would need eval, which the site's CSP forbids)."""
    for _ in range(int(timeout * 10)):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"never true: {expression}")


def sign_up(page, url: str, remember: bool = True) -> None:
    page.goto(url + "/early/midnight-tapes/")
    page.fill("#gate-email", "fan@example.org")
    page.check("#gate-consent")
    if not remember:
        page.uncheck("#gate-remember")
    page.get_by_role("button", name="Unlock", exact=True).click()
    page.wait_for_selector(f"text={PAGE_SENTINEL}", timeout=20_000)


@pytest.mark.browser
def test_after_unlock_the_pictures_show_and_the_track_plays_under_the_policy(strict, tapes_url):
    url, _ = tapes_url
    sign_up(strict, url)
    wait_until(strict, "[...document.querySelectorAll('#gate-body img')].every(i => i.naturalWidth > 0)")
    widths = strict.evaluate("[...document.querySelectorAll('#gate-body img')].map(i => [i.alt, i.naturalWidth])")
    assert widths == [["The tape box", 64], ["A photo of the tape", 64]]
    wait_until(strict, "document.querySelector('#gate-body audio').readyState >= 1")
    assert strict.evaluate("document.querySelector('#gate-body audio').duration") == pytest.approx(2.0, abs=0.05)
    strict.evaluate("document.querySelector('#gate-body audio').muted = true")
    strict.evaluate("document.querySelector('#gate-body audio').play()")
    wait_until(strict, "document.querySelector('#gate-body audio').currentTime > 0.2")
    assert strict.problems + strict.evaluate("window.__violations") == []


@pytest.mark.browser
def test_a_20_mb_stem_pack_downloads_under_its_name_with_the_right_sha256(strict, tapes_url, tmp_path):
    url, _ = tapes_url
    sign_up(strict, url)
    link = strict.get_by_role("link", name="The stem pack (20 MB)")
    with strict.expect_download(timeout=60_000) as waiting:
        link.click()
    download = waiting.value
    assert download.suggested_filename == "stems.zip"
    saved = tmp_path / "stems.zip"
    download.save_as(saved)
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == hashlib.sha256(stems()).hexdigest()
    assert strict.problems + strict.evaluate("window.__violations") == []


@pytest.mark.browser
def test_remember_me_lasts_thirty_days_then_the_page_locks_again(browser, tapes_url):
    url, _ = tapes_url
    context = browser.new_context(viewport={"width": 390, "height": 844})
    start = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)
    context.clock.install(time=start)
    page = context.new_page()
    sign_up(page, url)
    assert page.inner_text("label[for=gate-remember]") == "Remember me on this device for 30 days"
    saved = json.loads(page.evaluate("localStorage.getItem('fanzine-gate:midnight-tapes')"))
    expected = (start + dt.timedelta(days=30)).timestamp() * 1000
    assert expected <= saved["expires"] < expected + 60_000  # the fake clock runs on from `start`
    context.clock.set_system_time(start + dt.timedelta(days=29, hours=23))
    page.reload()
    page.wait_for_selector(f"text={PAGE_SENTINEL}", timeout=20_000)
    context.clock.set_system_time(start + dt.timedelta(days=30, minutes=1))
    page.reload()
    page.wait_for_selector("#gate-email", state="visible", timeout=20_000)
    assert not page.is_visible(f"text={PAGE_SENTINEL}")
    assert page.evaluate("localStorage.getItem('fanzine-gate:midnight-tapes')") is None
    context.close()


@pytest.mark.browser
def test_raising_key_version_locks_out_a_remembered_key_and_a_new_signup_opens(browser, tmp_path):
    project = copy_project(tmp_path)
    add_tapes(project)
    fanzine("build", "--as-of", AS_OF, cwd=project, check=True)
    forms = make_app(Endpoint.from_environ({"FANZINE_GATE_SECRET": SECRET, "FANZINE_DB": str(tmp_path / "s.sqlite3"),
                                            "FANZINE_RATE_LIMIT_IP": "0", "FANZINE_RATE_LIMIT_EMAIL": "0"}))
    server = serve(project / "output", forms=forms)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    context = browser.new_context()
    page = context.new_page()
    try:
        sign_up(page, url)
        old = page.evaluate("localStorage.getItem('fanzine-gate:midnight-tapes')")
        page_file = project / "content/early/midnight-tapes.md"
        page_file.write_text(page_file.read_text().replace("  mode: signup\n", "  mode: signup\n  key_version: 2\n"))
        fanzine("build", "--as-of", AS_OF, cwd=project, check=True)
        page.reload()
        page.wait_for_selector("#gate-email", state="visible", timeout=20_000)
        assert page.evaluate("localStorage.getItem('fanzine-gate:midnight-tapes')") is None
        sign_up(page, url)  # the page's ticket now asks the endpoint for the version 2 key
        assert page.evaluate("localStorage.getItem('fanzine-gate:midnight-tapes')") != old
    finally:
        context.close()
        server.shutdown()


def test_no_half_written_file_is_left_in_the_output(tapes):
    project, _ = tapes
    assert list((project / "output").rglob("*.part")) == []
