"""The right sentence for the common mistakes, and a sentence for every input the attack review found.

Each case writes one or two files into another artist's small hub (fixture_sites.py)
and expects the exact lines `fanzine check` prints: YAML mistakes named at the line
where they start with the usual fix, a front matter never closed, a picture with
"did you mean", output-path clashes naming both files, hidden control characters
naming their key or line, fans' bodies over their size cap, and {static}/{filename}
links to files that are not there or not published.
"""
from __future__ import annotations

import pytest

from fanzine.content.bodies import MAX_FAN_BODY
from fanzine.content.check import check_site
from fixture_sites import ARTIST, make_project, picture

PLAYLIST = "---\ntitle: {title}\ncurator: fan\ndate: 2025-01-03\ntracks:\n  - {{ artist: A, title: B }}\n---\n{body}"
CONTROL = "contains an invisible control character ({code}); delete it (such characters often come from copying " \
          "text out of another app)"
ABOUT = "---\ntitle: About\n---\nWho we are.\n"


def playlist(title: str = "Notes", body: str = "Words.\n") -> str:
    return PLAYLIST.format(title=title, body=body)


CASES = [
    # --- YAML mistakes: the line where the problem starts, and the usual fix ----------------------
    pytest.param({"stories/tour.md": "---\ntitle: Tour diary: Lisbon\ndate: 2025-01-10\n---\n"},
                 ["content/stories/tour.md: YAML error at line 2, column 18: a value containing ': ' needs quotes "
                  'around it: write it as title: "Tour diary: Lisbon"'], id="colon-in-a-value"),
    pytest.param({"stories/tour.md": '---\ntitle: "Tour diary\ndate: 2025-01-10\ntags: [a]\n---\n'},
                 ['content/stories/tour.md: YAML error at line 2, column 8: the quote " that starts this value is '
                  'never closed; end the value with " too'], id="quote-never-closed"),
    pytest.param({"stories/tour.md": "---\ntitle: Tour\ntags: [lisbon, porto\ndate: 2025-01-10\n---\n"},
                 ["content/stories/tour.md: YAML error at line 3, column 7: the [ opened here is never closed; close "
                  "it with ], or, if [ is part of the text, put the whole value in quotes: write it as "
                  'tags: "[lisbon, porto"'], id="bracket-never-closed"),
    pytest.param({"stories/tour.md": "---\ntitle: {Live} in Lisbon\ndate: 2025-01-10\n---\n"},
                 ["content/stories/tour.md: YAML error at line 2, column 15: the value goes on after its closing }; "
                  'put the whole value in quotes: write it as title: "{Live} in Lisbon"'], id="brace-starts-a-value"),
    pytest.param({"stories/tour.md": "---\ntitle: '@ada' live\ndate: 2025-01-10\n---\n"},
                 ["content/stories/tour.md: YAML error at line 2, column 15: the value goes on after its closing '; "
                  "put the whole value in quotes: write it as title: \"'@ada' live\""], id="text-after-a-quote"),
    *[pytest.param({"stories/tour.md": f"---\ntitle: {start}Tour\ndate: 2025-01-10\n---\n"},
                   [f"content/stories/tour.md: YAML error at line 2, column 8: a value that starts with {start[0]} "
                    f'needs quotes around it: write it as title: "{start}Tour"'], id=f"value-starting-with-{name}")
      for start, name in [("@", "at"), ("`", "backtick"), ("*", "star"), ("& ", "ampersand"), ("%", "percent"),
                          ("!", "exclamation")]],
    pytest.param({"stories/tour.md": "---\ntitle: Tour\ndate: 2025-01-10\ncover_alt: Ada\n  on stage: yes\n---\n"},
                 ["content/stories/tour.md: YAML error at line 5, column 11: this line is indented further than the "
                  "keys above it; start it in the same column as the other keys of its section (or, if it belongs to "
                  "the value above, put that value in quotes)"], id="colon-on-a-continued-line"),
    pytest.param({"playlists/mix.md": "---\ntitle: Mix\ncurator:\n  name: fan\n url: https://fan.example\n"
                                      "date: 2025-01-03\ntracks: [{ artist: A, title: B }]\n---\n"},
                 ["content/playlists/mix.md: YAML error at line 5, column 2: this line is not lined up with the keys "
                  "above it; start the keys of one section in the same column"], id="key-out-of-line"),
    pytest.param({"playlists/mix.md": "---\ntitle: Mix\ncurator: fan\ndate: 2025-01-03\ntracks:\n"
                                      "  - { artist: A, title: B }\n   - { artist: C, title: D }\n---\n"},
                 ["content/playlists/mix.md: YAML error at line 7, column 4: the entries of one list ('- ...') must "
                  "all start in the same column"], id="list-out-of-line"),
    pytest.param({"stories/tour.md": "---\ntitle: Tour\ndate: 2025-01-10\n\nWe played Lisbon.\n"},
                 ["content/stories/tour.md: the front matter starts with '---' on line 1 but is never closed; add a "
                  "line '---' after its last key, before the text"], id="front-matter-never-closed"),
    pytest.param({"stories/tour.md": "---\ntitle: Tour\ndate: 2025-01-10\n----\nWe played Lisbon.\n"},
                 ["content/stories/tour.md: the front matter starts with '---' on line 1 but is never closed; add a "
                  "line '---' after its last key, before the text (line 4 has '----': use exactly three dashes)"],
                 id="front-matter-closed-with-four-dashes"),
    pytest.param({"stories/tour.md": "title: Tour\ndate: 2025-01-10\n---\nWe played Lisbon.\n"},
                 ["content/stories/tour.md: expected the file to start with front matter: a line '---', YAML keys "
                  "like 'title: ...', then another '---'"], id="front-matter-never-opened"),
    pytest.param({"stories/tour.md": "---\ntitle: Songs #1 fan\ndate: 2025-01-10  # moved twice\n---\n"},
                 ['content/stories/tour.md: line 2: warning: the text from # on is a YAML comment, so the value is '
                  'only "Songs"; if # is part of it, put the value in quotes: write it as title: "Songs #1 fan"'],
                 id="hash-drops-the-rest-of-a-value"),
    # --- pictures: did you mean -------------------------------------------------------------------
    pytest.param({"stories/tour.md": "---\ntitle: Tour\ndate: 2025-01-10\ncover: images/Lisbon.JPG\n---\n"},
                 ["content/stories/tour.md: cover: the picture content/images/Lisbon.JPG does not exist; did you "
                  "mean 'images/lisbon.jpg'? (letter case matters on the web)"], id="picture-letter-case"),
    pytest.param({"stories/tour.md": "---\ntitle: Tour\ndate: 2025-01-10\ncover: lisbon.jpg\n---\n"},
                 ["content/stories/tour.md: cover: the picture content/lisbon.jpg does not exist; did you mean "
                  "'images/lisbon.jpg'? (pictures live in content/images/)"], id="picture-without-images-folder"),
    pytest.param({"stories/tour.md": "---\ntitle: Tour\ndate: 2025-01-10\ncover: images/lisbonn.jpg\n---\n"},
                 ["content/stories/tour.md: cover: the picture content/images/lisbonn.jpg does not exist; did you "
                  "mean 'images/lisbon.jpg'?"], id="picture-misspelt"),
    pytest.param({"stories/tour.md": "---\ntitle: Tour\ndate: 2025-01-10\ncover: images/harbour.jpg\n---\n"},
                 ["content/stories/tour.md: cover: the picture content/images/harbour.jpg does not exist"],
                 id="picture-nothing-close"),
    # --- output paths: both sources named ---------------------------------------------------------
    pytest.param({"pages/releases.md": "---\ntitle: Releases\n---\nx\n"},
                 ["content/pages/releases.md: would be written to /releases/, which is the discography page; rename "
                  "the file, or give it another name with slug:"], id="page-named-like-a-section"),
    pytest.param({"pages/stories.md": "---\ntitle: Stories\n---\nx\n"},
                 ["content/pages/stories.md: would be written to /stories/, which is the stories page; rename "
                  "the file, or give it another name with slug:"], id="page-named-stories"),
    pytest.param({"playlists/curators.md": playlist()},
                 ["content/playlists/curators.md: would be written to /playlists/curators/, which is the curators "
                  "page; rename the file, or give it another name with slug:"], id="playlist-named-curators"),
    pytest.param({"early/demos.md": "---\ntitle: Demos\naccess: { mode: signup }\n---\nx\n",
                  "stories/demos.md": "---\ntitle: Demos\ndate: 2025-01-10\naccess: { mode: signup }\n---\nx\n"},
                 ["content/stories/demos.md: would be written to /early/demos/, like content/early/demos.md (a file "
                  "with access: becomes an early-access page, under /early/); rename one of them, or give it another "
                  "name with slug:"], id="gated-story-reusing-an-early-name"),
    pytest.param({"early/demos.md": "---\ntitle: Demos\naccess: { mode: signup }\n---\nx\n",
                  "releases/tape-two.md": "---\ntitle: Tape Two\ntype: ep\nrelease_date: 2025-05-01\nslug: demos\n"
                                          "access: { mode: signup }\n---\nx\n"},
                 ["content/releases/tape-two.md: slug: would be written to /early/demos/, like content/early/demos.md "
                  "(a file with access: becomes an early-access page, under /early/); rename one of them, or give it "
                  "another name with slug:"], id="slug-override-colliding"),
    pytest.param({"pages/links.md": "---\ntitle: Links\n---\nx\n"},
                 ["content/pages/links.md: would be written to /links/, like content/links/index.md; rename one of "
                  "them, or give it another name with slug:"], id="page-named-like-the-link-page"),
    pytest.param({"pages/home.md": "---\ntitle: Home\nslug: stories\nstatus: draft\n---\nx\n",
                  "pages/go.md": ABOUT, "pages/feeds.md": ABOUT, "pages/tags.md": ABOUT,
                  "stories/tags.md": "---\ntitle: Tags\ndate: 2025-01-10\n---\nx\n"},
                 [], id="no-clash-for-drafts-go-feeds-and-tags"),
    pytest.param({"artist.yml": ARTIST + "redirects:\n  /releases/tape-one/: /stories/\n  releases/old: /stories/\n"
                                         "  /old/: /old\n"},
                 ["content/artist.yml: redirects./old/: redirects to itself; remove it",
                  "content/artist.yml: redirects./releases/tape-one/: /releases/tape-one/ is the page of "
                  "content/releases/tape-one.md: a redirect from there would hide it; remove the redirect, or move "
                  "the page",
                  "content/artist.yml: redirects.releases/old: expected an old address on this site, starting with /, "
                  "like /releases/old-name/"], id="redirects-that-cannot-work"),
    # --- hidden characters: the key or the line ---------------------------------------------------
    pytest.param({"playlists/bell.md": playlist(title='"Bell \\a mix"')},
                 ["content/playlists/bell.md: title: " + CONTROL.format(code="U+0007")], id="c0-in-a-title"),
    pytest.param({"playlists/bell.md": PLAYLIST.replace("curator: fan", 'curator: "fan\\u202Eevil"').format(
                     title="Bell", body="x\n")},
                 ["content/playlists/bell.md: curator.name: contains a text-direction control character (U+202E); "
                  "delete it (such characters often come from copying text out of another app)"], id="bidi-override"),
    pytest.param({"playlists/bell.md": playlist(body="Fine line.\n\nA form\x0cfeed.\n")},
                 ["content/playlists/bell.md: line 10: " + CONTROL.format(code="U+000C")], id="c0-in-a-body"),
    pytest.param({"playlists/bell.md": playlist(body="A DEL\x7f.\n")},
                 ["content/playlists/bell.md: line 8: " + CONTROL.format(code="U+007F")], id="del-in-a-body"),
    pytest.param({"stories/tour.md": "---\ntitle: Tour\ndate: 2025-01-10\ntags: [\"a\\x1bb\"]\n---\n"},
                 ["content/stories/tour.md: tags[1]: " + CONTROL.format(code="U+001B")], id="escape-in-a-tag"),
    # --- size caps --------------------------------------------------------------------------------
    pytest.param({"playlists/long.md": playlist(body="word " * 5_000)},
                 [f"content/playlists/long.md: the text after the front matter is 25,000 characters long; expected at "
                  f"most {MAX_FAN_BODY:,} (a fan's notes are shown on the page, in listings and in the feeds: "
                  "shorten them)"], id="fan-body-over-its-cap"),
    pytest.param({"stories/long.md": "---\ntitle: Long\ndate: 2025-01-10\n---\n" + "word " * 5_000}, [],
                 id="artist-story-of-25000-characters-is-fine"),
    # --- links to files in bodies -----------------------------------------------------------------
    pytest.param({"pages/about.md": "---\ntitle: About\n---\n![me]({static}/images/lisbn.jpg) "
                                    "[press]({filename}/pages/press.md) [tour]({filename}/stories/hello.md)\n"},
                 ["content/pages/about.md: line 4: {filename}/pages/press.md: no content file content/pages/press.md",
                  "content/pages/about.md: line 4: {static}/images/lisbn.jpg: the file content/images/lisbn.jpg does "
                  "not exist; did you mean 'images/lisbon.jpg'?"], id="links-to-missing-files"),
    pytest.param({"pages/about.md": "---\ntitle: About\n---\n[draft]({filename}../stories/next.md)\n",
                  "stories/next.md": "---\ntitle: Next\ndate: 2025-01-10\nstatus: draft\n---\nx\n"},
                 ["content/pages/about.md: line 4: {filename}../stories/next.md: content/stories/next.md is a draft "
                  "(status: draft), so it is not built; publish it or remove the link"], id="link-to-a-draft"),
]


@pytest.mark.parametrize("files, expected", CASES)
def test_each_mistake_gets_its_exact_message(tmp_path, monkeypatch, files, expected):
    project = make_project(tmp_path / "project", files)
    picture(project / "content/images/lisbon.jpg")
    monkeypatch.chdir(project)
    assert sorted(str(problem) for problem in check_site("content").problems) == expected
