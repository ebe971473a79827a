"""Every page of the example hub, and the theme's stylesheet, pass the Nu Html Checker (vnu).

The checker is a Java program that is slow to start, so one run checks every
page and the stylesheet together, and both tests read its report.
"""
from __future__ import annotations

import pytest

from support.nu import STYLESHEET, problems, run_vnu

pytestmark = pytest.mark.slow

@pytest.fixture(scope="module")
def nu_report(dev_site) -> dict[str, list[dict]]:
    """The checker's messages for every built page and the bundled stylesheet, by path in the site."""
    pages = sorted(dev_site.rglob("*.html"))
    assert pages, f"the build wrote no pages into {dev_site}"
    return run_vnu(dev_site, pages + [dev_site / STYLESHEET])


def test_every_page_is_valid_html(nu_report):
    pages = [path for path in nu_report if path.endswith(".html")]
    errors = problems(nu_report, pages)
    if errors:
        pytest.fail(f"{len(errors)} HTML error(s) in {len(pages)} pages:\n" + "\n".join(errors), pytrace=False)


def test_stylesheet_is_valid_css(nu_report):
    errors = problems(nu_report, [STYLESHEET])
    if errors:
        pytest.fail(f"{len(errors)} CSS error(s) in {STYLESHEET}:\n" + "\n".join(errors), pytrace=False)


def test_a_hostile_playlist_builds_into_valid_html(tmp_path):
    """A fan's playlist carrying every XSS vector (tests/xss_vectors.py): what the sanitiser keeps is still valid
    HTML (nh3 once left <a rel=…> without href, which the checker refuses)."""
    from fixture_sites import build, make_project, picture
    from xss_vectors import SLUG, evil_playlist

    project = make_project(tmp_path / "project", {f"playlists/{SLUG}.md": evil_playlist()})
    picture(project / "content/images/last-train-home.jpg")
    result = build(project, publish=False)
    assert result.returncode == 0, result.stderr
    site = project / "output"
    pages = [site / "playlists" / SLUG / "index.html", site / "playlists/index.html",
             site / "playlists/curators/index.html"]
    report = run_vnu(site, pages)
    errors = problems(report, [str(page.relative_to(site)) for page in pages])
    assert errors == [], "\n".join(errors)


def test_every_kind_of_event_page_is_valid_html(tmp_path):
    """Event pages in every state (tickets, sold out, cancelled, all-day, past with a recording, RSVP form,
    members-only and sealed), the events page and a link page built from { block: events }."""
    from fixture_sites import build, make_project

    def event(name: str, *lines: str) -> tuple[str, str]:
        return f"events/{name}.md", "---\n" + "\n".join([f"title: {name.title()}", *lines]) + "\n---\nWhat to expect.\n"

    venue = "where: { venue: The Quarry, city: Leipzig, country: DE }"
    files = dict([
        event("tickets", "starts: 2025-07-01 20:00", venue, "tickets: https://tickets.example/a"),
        event("sold", "starts: 2025-07-02 20:00", venue, "tickets: https://tickets.example/b", "status: sold-out"),
        event("cancelled", "starts: 2025-07-03 20:00", venue, "status: cancelled"),
        event("fest", "kind: meetup", "starts: 2025-08-01", "ends: 2025-08-03", venue),
        event("past", "starts: 2025-05-01 20:00", venue, "recording: https://www.youtube.com/watch?v=d8PM5Pp_7vt"),
        event("party", "kind: listening-party", "starts: 2025-07-04 20:00", "where: { online: 'https://x.example/s' }",
              "rsvp: true"),
        event("members", "kind: livestream", "starts: 2025-07-05 20:00", "where: { online: 'https://x.example/m' }",
              "access: { mode: both, code_env: MEMBERS_CODE }"),
    ])
    files["links/tour.md"] = "---\ntitle: Tour\nlinks:\n  - { block: events }\n  - { block: events, kind: show }\n---\n"
    project = make_project(tmp_path / "project", files)
    result = build(project, publish=False)
    assert result.returncode == 0, result.stderr
    site = project / "output"
    pages = sorted(site.glob("events/**/index.html")) + [site / "links/tour/index.html", site / "index.html"]
    report = run_vnu(site, pages)
    errors = problems(report, [str(page.relative_to(site)) for page in pages])
    assert errors == [], "\n".join(errors)
