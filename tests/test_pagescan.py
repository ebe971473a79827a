"""The passes over every built page (outputs/pagescan.py): a page's text is read once per build, a text the warm
build wrote is taken as written, and a digest is only vouched for while the file is as it was read or written."""
from __future__ import annotations

import os

import pytest

from fanzine.outputs import pagescan


@pytest.fixture(autouse=True)
def fresh_build():
    pagescan.new_build()
    pagescan.new_build()  # nothing of another test's builds is kept
    yield
    pagescan.new_build()
    pagescan.new_build()


def test_a_written_page_is_not_read_back_and_its_digest_is_its_bytes(tmp_path):
    page = tmp_path / "index.html"
    text = "<!doctype html><p>Café ☕</p>\n"
    page.write_text(text, encoding="utf-8")
    pagescan.written(page, text)
    assert pagescan.page_text(page) is text  # the object handed over: no read
    assert pagescan.known_digest(page, os.stat(page)) == pagescan.file_digest(page.read_bytes())


def test_a_page_changed_after_it_was_written_is_read_again_and_its_old_digest_not_vouched_for(tmp_path):
    page = tmp_path / "index.html"
    page.write_text("<p>one</p>", encoding="utf-8")
    pagescan.written(page, "<p>one</p>")
    page.write_text("<p>two</p>", encoding="utf-8")  # same size, other bytes: another writer came after
    assert pagescan.known_digest(page, os.stat(page)) is None
    assert pagescan.page_text(page) == "<p>two</p>"
    assert pagescan.known_digest(page, os.stat(page)) == pagescan.file_digest(b"<p>two</p>")


def test_a_write_that_did_not_land_is_not_taken(tmp_path):
    page = tmp_path / "index.html"
    page.write_text("<p>what is really there</p>", encoding="utf-8")
    pagescan.written(page, "<p>a page Pelican skipped</p>")  # Pelican wrote it to /dev/null (a second write)
    assert pagescan.page_text(page) == "<p>what is really there</p>"
    pagescan.written(tmp_path / "missing.html", "<p>x</p>")  # no file at all: nothing kept, nothing raised
    assert pagescan.known_digest(tmp_path / "missing.html", os.stat(page)) is None


def test_a_page_that_is_not_utf8_is_read_as_best_it_can_but_its_digest_comes_from_its_bytes(tmp_path):
    page = tmp_path / "old.html"
    page.write_bytes(b"<p>caf\xe9</p>")  # Latin-1: two such files can read the same and differ
    assert pagescan.page_text(page) == "<p>caf\ufffd</p>"
    assert pagescan.known_digest(page, os.stat(page)) is None  # the dev server hashes the bytes itself


def test_a_kept_text_is_hashed_once_across_builds_and_forgotten_when_no_build_uses_it(tmp_path, monkeypatch):
    text = "<p>kept from the last build</p>"
    first = pagescan.digest_of(text)
    pagescan.new_build()
    hashed = []
    monkeypatch.setattr(pagescan, "file_digest", lambda data: hashed.append(data) or b"other")
    assert pagescan.digest_of(text) == first and hashed == []  # the last build's text: known
    pagescan.new_build()
    pagescan.new_build()  # two builds that did not use it
    assert pagescan.digest_of(text) == b"other" and len(hashed) == 1


def test_the_walk_finds_every_page_skips_a_top_folder_and_follows_no_folder_link(tmp_path):
    for name in ("index.html", "a/index.html", "a/b/index.html", "admin/index.html", "a/admin/index.html",
                 "feeds/all.atom.xml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("<p>x</p>", encoding="utf-8")
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    (outside / "x").mkdir(parents=True)
    (outside / "x" / "index.html").write_text("<p>not ours</p>", encoding="utf-8")
    (tmp_path / "linked").symlink_to(outside / "x")
    found = sorted(os.path.relpath(p, tmp_path) for p in pagescan.html_files(tmp_path, skip=("admin",)))
    assert found == ["a/admin/index.html", "a/b/index.html", "a/index.html", "index.html"]
