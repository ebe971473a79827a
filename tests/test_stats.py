"""theme/stats.py and the site side of `stats:`: off by default, one line to turn on, the privacy page says which."""
from __future__ import annotations

import re

import pytest

from fanzine.theme import stats
from fixture_sites import ARTIST, build, make_project, page_text
from functions import hits
from support.qr import decode_qr

FILES = {
    "links/index.md": "---\ntitle: Ada Quarry links\nlinks:\n  - { label: Tape One, url: /releases/tape-one/ }\n"
                      "  - { label: \"Tickets!\", url: \"https://tickets.example/ada?utm_source=bio\" }\n"
                      "  - { label: ツアー, url: \"https://tour.example/\" }\n---\n",
    "releases/tape-one.md": "---\ntitle: Tape One\ntype: ep\nrelease_date: 2025-03-01\nlinks:\n"
                            "  spotify: https://open.spotify.com/album/abc\n"
                            "  bandcamp: https://ada.bandcamp.com/album/t\n"
                            "---\nRecorded in a quarry.\n",
    "releases/tape-two.md": "---\ntitle: Tape Two\ntype: single\nrelease_date: 2025-09-01\n"
                            "presave: https://distrokid.com/hyperfollow/ada/tape-two\n---\nSoon.\n",
    "pages/about.md": "---\ntitle: About\n---\nAbout Ada.\n",
}
SCRIPT = re.compile(r'<script src="https://ada-quarry\.example/theme/js/stats\.js" data-endpoint="([^"]*)" defer>'
                    r'</script>')
FRONT_DOORS = {"index.html", "links/index.html", "releases/tape-one/index.html", "releases/tape-two/index.html",
               "go/tape-one/index.html", "go/tape-two/index.html"}


@pytest.fixture(scope="module")
def counted(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("on"), FILES, artist=ARTIST + "stats: on\n")
    assert build(project).returncode == 0
    return project / "output"


@pytest.fixture(scope="module")
def uncounted(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("off"), FILES)
    assert build(project).returncode == 0
    return project / "output"


def html_pages(output):
    return {str(path.relative_to(output)): path.read_text(encoding="utf-8") for path in output.rglob("*.html")}


def test_stats_on_loads_the_script_on_the_front_doors_only(counted):
    scripts = {name: SCRIPT.findall(text) for name, text in html_pages(counted).items()}
    assert {name for name, found in scripts.items() if found} == FRONT_DOORS
    assert {found[0] for found in scripts.values() if found} == {"/api"}
    assert not [name for name, found in scripts.items() if len(found) > 1]


def test_taps_are_named_at_build_never_by_their_address(counted):
    def targets(page):
        return re.findall(r'data-stats="([^"]*)"', (counted / page).read_text(encoding="utf-8"))

    tour = stats.target("ツアー")
    assert targets("links/index.html") == ["link:tape-one", "link:tickets", tour]
    assert re.fullmatch(r"link:x[0-9a-f]{8}", tour)
    assert targets("releases/tape-one/index.html") == ["service:spotify", "service:bandcamp"]
    assert targets("go/tape-one/index.html") == ["service:spotify", "service:bandcamp"]
    assert targets("go/tape-two/index.html") == ["presave"]
    every = [t for text in html_pages(counted).values() for t in re.findall(r'data-stats="([^"]*)"', text)]
    assert every and all(hits.TARGET.fullmatch(target) for target in every)  # what the endpoint accepts


def test_stats_off_by_default_loads_nothing_and_names_nothing(uncounted):
    for name, text in html_pages(uncounted).items():
        assert "stats.js" not in text and "data-stats" not in text and 'name="stats"' not in text, name


def test_signup_forms_say_the_site_counts_them(counted, uncounted, tmp_path):
    project = make_project(tmp_path, FILES, artist=ARTIST + "stats: on\nnewsletter: { provider: endpoint }\n")
    assert build(project).returncode == 0
    assert '<input type="hidden" name="stats" value="on">' in (project / "output" / "index.html").read_text()


PRIVACY_ON = (
    "Privacy This site sets no cookies and keeps nothing in your browser. Players and widgets of other services "
    "(music players, videos, chat) load only when you tap them; from then on, that service's own rules apply. "
    "What is counted Ada Quarry counts how fans use this site without knowing who they are. Each count is a number "
    "per day, per page and per link, and nothing else is stored: visits to the home page, link pages, release pages "
    "and smart links; taps on the links of link pages, and on the listen and pre-save buttons of releases and smart "
    "links (which service you chose, never the address you went to); arrivals from a printed QR code; signups for "
    "the newsletter and for early-access pages, RSVPs to events and votes in polls (a number, apart from the signup, "
    "RSVP or vote itself). "
    "What is never counted or "
    "stored No cookie, no local storage and no identifier in your browser; not your IP address; not your browser, "
    "device or screen; not the page you came from; nothing that follows you to another site. How the counts stay "
    "honest So that one visitor cannot inflate a number, the form endpoint turns your network address into a "
    "scrambled code with a key that changes every day. It uses that code only to count the same link once every 30 "
    "minutes and to slow down floods, and deletes it within 30 minutes; tomorrow's code is unrelated to today's. "
    "Your address itself is never written down. Do Not Track and Global Privacy Control If your browser "
    "sends either signal, this site sends no count at all. How long The daily counts are kept until Ada Quarry "
    "deletes them; they hold nothing about anyone. If you sign up An email address you give in a signup form is used "
    "only for what that form says, and Ada Quarry can remove it whenever you ask."
)


def main_text(output):
    text = (output / "privacy" / "index.html").read_text(encoding="utf-8")
    return page_text(text.split('<main id="main" class="main">')[1].split("</main>")[0])


def test_the_privacy_page_says_what_is_counted(counted):
    assert main_text(counted) == PRIVACY_ON


def test_the_privacy_page_says_nothing_is_counted_when_stats_are_off(uncounted):
    assert "What is counted Nothing. This site loads no analytics or counting script and sends no visit or tap " \
           "anywhere." in main_text(uncounted)
    assert "scrambled code" not in main_text(uncounted)


def test_the_privacy_page_is_linked_from_the_footers(uncounted):
    for page in ("index.html", "releases/index.html", "links/index.html", "about/index.html"):
        text = (uncounted / page).read_text(encoding="utf-8")
        assert '<a href="https://ada-quarry.example/privacy/">Privacy</a>' in text, page


def test_qr_codes_mark_arrivals_only_with_stats_on(counted, uncounted):
    assert decode_qr(counted / "links" / "qr.png") == "https://ada-quarry.example/links/?src=qr"
    assert decode_qr(uncounted / "links" / "qr.png") == "https://ada-quarry.example/links/"


def test_qr_marker_joins_campaign_tags():
    assert stats.qr_address("https://a.example/links/?utm_source=poster") == \
        "https://a.example/links/?utm_source=poster&src=qr"


def test_stats_on_needs_the_form_endpoint(tmp_path):
    artist = ARTIST.replace("forms: { endpoint: /api }\n", "") + "stats: on\n"
    result = build(make_project(tmp_path, FILES, artist=artist))
    assert result.returncode == 1
    assert ("content/artist.yml: stats: on needs the form endpoint, which keeps the counts: add forms: "
            "{ endpoint: ... } (see docs/stats.md)") in result.stdout + result.stderr


def test_stats_takes_on_or_off(tmp_path):
    result = build(make_project(tmp_path, FILES, artist=ARTIST + "stats: sometimes\n"))
    assert result.returncode == 1
    assert "content/artist.yml: stats: expected true or false, got \"sometimes\"" in result.stdout + result.stderr
    assert "Something went wrong" not in result.stdout + result.stderr

