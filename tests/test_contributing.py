"""The "Add your playlist" card leads to the contributing guide, or is left out: never a dead end."""
from __future__ import annotations

import subprocess

import pytest

from conftest import AS_OF, copy_project, fanzine
from fanzine.pipeline.contributing import contributing_url, guide_url


@pytest.mark.parametrize("remote, guide", [
    ("https://github.com/glassharbour/hub.git", "https://github.com/glassharbour/hub/blob/HEAD/CONTRIBUTING.md"),
    ("https://github.com/glassharbour/hub", "https://github.com/glassharbour/hub/blob/HEAD/CONTRIBUTING.md"),
    ("git@github.com:glassharbour/hub.git", "https://github.com/glassharbour/hub/blob/HEAD/CONTRIBUTING.md"),
    ("ssh://git@github.com/glassharbour/hub.git", "https://github.com/glassharbour/hub/blob/HEAD/CONTRIBUTING.md"),
    # a token in the remote never reaches a page
    ("https://x-access-token:ghs_SECRET123@github.com/glassharbour/hub.git",
     "https://github.com/glassharbour/hub/blob/HEAD/CONTRIBUTING.md"),
    ("https://gitlab.com/glass/harbour/hub.git", "https://gitlab.com/glass/harbour/hub/-/blob/HEAD/CONTRIBUTING.md"),
    ("git@gitlab.com:glass/hub.git", "https://gitlab.com/glass/hub/-/blob/HEAD/CONTRIBUTING.md"),
    ("https://codeberg.org/glass/hub.git", "https://codeberg.org/glass/hub/src/branch/trunk/CONTRIBUTING.md"),
    ("git@codeberg.org:glass/hub.git", "https://codeberg.org/glass/hub/src/branch/trunk/CONTRIBUTING.md"),
    ("/home/ros/hub.git", None),  # a folder on this computer: fans cannot open it
    ("file:///home/ros/hub.git", None),
    ("https://git.example.net/glass/hub.git", None),  # a host whose web pages we do not know
    ("https://github.com/", None),
    ("https://github.com/<script>/x", None),
])
def test_the_guide_s_address_from_a_remote(remote, guide):
    assert guide_url(remote, "trunk") == guide


def git(folder, *args):
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)


def test_artist_yml_wins_then_the_remote_then_github_actions(tmp_path):
    own = "https://glassharbour.band/how-to-send-a-playlist"
    assert contributing_url({"contributing": own}, str(tmp_path), {}) == own
    assert contributing_url({}, str(tmp_path), {}) is None  # not a repository, nothing known
    assert contributing_url({}, str(tmp_path), {"GITHUB_REPOSITORY": "glass/hub"}) == \
        "https://github.com/glass/hub/blob/HEAD/CONTRIBUTING.md"
    git(tmp_path, "init", "-q", "-b", "trunk")
    git(tmp_path, "remote", "add", "origin", "git@codeberg.org:glass/hub.git")
    (tmp_path / "content").mkdir()
    assert contributing_url({}, str(tmp_path / "content"), {}) == \
        "https://codeberg.org/glass/hub/src/branch/trunk/CONTRIBUTING.md"


def playlists_page(project) -> str:
    fanzine("build", "--as-of", AS_OF, cwd=project, check=True)
    return (project / "output" / "playlists" / "index.html").read_text()


def test_the_card_links_the_guide_found_in_git(tmp_path):
    project = copy_project(tmp_path / "hub")
    git(project, "init", "-q", "-b", "main")
    git(project, "remote", "add", "origin", "https://github.com/glassharbour/hub.git")
    html = playlists_page(project)
    assert ('<h2 id="contribute-heading">Add your playlist</h2>' in html
            and '<a href="https://github.com/glassharbour/hub/blob/HEAD/CONTRIBUTING.md">How to add your playlist'
                '</a>' in html)


def test_without_any_address_the_card_is_left_out(tmp_path):
    html = playlists_page(copy_project(tmp_path / "hub"))
    assert "Add your playlist" not in html and "contribute-heading" not in html


def test_the_address_in_artist_yml(tmp_path):
    project = copy_project(tmp_path / "hub")
    artist = project / "content" / "artist.yml"
    artist.write_text(artist.read_text() + "contributing: https://glassharbour.band/send-a-playlist\n")
    assert '<a href="https://glassharbour.band/send-a-playlist">How to add your playlist</a>' in playlists_page(project)
