"""Members-only events (`access:` on an event): the public part stays public (title, time, kind, status, the
listing, the calendar), while the stream link and the notes are sealed like an early-access page and leak into
no other file of the build: not the listing, calendars, JSON-LD, sitemap, feeds or link previews.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from fixture_sites import SITEURL, build, make_project, unseal

STREAM = "https://stream.example/members-only-7f3a"
SECRET_NOTES = "Password for the stream chat is quarry-velvet"
MEMBERS = {
    "events/members.md": "---\ntitle: Members' tape session\nkind: livestream\nstarts: 2026-03-20 20:00\n"
                         f"where: {{ online: '{STREAM}' }}\naccess: {{ mode: signup, teaser: Bring tea. }}\n"
                         f"summary: A live tape session for members.\n---\n{SECRET_NOTES}.\n",
    "events/opened.md": "---\ntitle: Opened session\nkind: livestream\nstarts: 2026-02-20 20:00\n"
                        "where: { online: 'https://stream.example/was-members-only' }\n"
                        "access: { mode: signup, until: 2026-03-01 }\n---\nNow for everyone.\n",
}


@pytest.fixture(scope="module")
def members_site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("members") / "project", MEMBERS)
    result = build(project, "--as-of", "2026-03-09")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "output"


def test_the_public_part_stays_public(members_site):
    page = (members_site / "events/members/index.html").read_text(encoding="utf-8")
    assert '<h1 class="event__title">Members&#39; tape session</h1>' in page
    assert '<time datetime="2026-03-20T20:00:00+01:00">Fri 20 March 2026, 20:00 CET</time>' in page
    assert "Online, for members: unlock the link below" in page and "Bring tea." in page
    assert '<script src="' + SITEURL + '/theme/js/gate.js" defer></script>' in page


def test_the_stream_link_and_notes_are_in_no_file_in_clear(members_site):
    for path in members_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".ics", ".json", ".txt", ".webmanifest", ""):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert STREAM not in text and SECRET_NOTES not in text, path.relative_to(members_site)


def test_unlocking_gives_the_link_and_the_notes(members_site):
    page = (members_site / "events/members/index.html").read_text(encoding="utf-8")
    opened = unseal(page)
    assert f'href="{STREAM}"' in opened and "Join Members&#39; tape session" in opened
    assert SECRET_NOTES in opened


def test_calendars_and_json_ld_point_at_the_page_instead(members_site):
    ics = (members_site / "events/members/event.ics").read_text(encoding="utf-8")
    assert f"LOCATION:{SITEURL}/events/members/" in ics
    page = (members_site / "events/members/index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1))
    assert data["location"] == {"@type": "VirtualLocation", "url": f"{SITEURL}/events/members/"}


def test_after_until_the_event_is_public(members_site):
    page = (members_site / "events/opened/index.html").read_text(encoding="utf-8")
    assert "Now for everyone." in page and "gate.js" not in page
    assert 'href="https://stream.example/was-members-only"' not in page  # past: no join link any more
