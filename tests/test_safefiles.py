"""Never outside content/: a link in a fan's pull request can neither pass the check nor be published by a build.

The finding: `ln -s /proc/self/environ content/images/env.png` passed `make check`
and the publish build copied it, publishing FANZINE_GATE_SECRET and every access
code; a link to a folder outside the project published the endpoint's SQLite
signups. Each case here is checked as the artist runs it (`fanzine check`, then
`fanzine build --publish`), and then built by a build that skips the check
(Pelican run directly with a check that found nothing): the build must still
copy nothing, and no byte of the secret or of the linked files may reach output/.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GATE_ENV, fanzine, project_env
from fanzine.content.safefiles import unsafe_reason
from fixture_sites import AS_OF, SITEURL, make_project, picture

pytestmark = pytest.mark.slow

ENV_SENTINEL = "ENV-SENTINEL-3b1f-never-publish-me"
DB_SENTINEL = b"SIGNUPS-SENTINEL-fan@example.com"
SECRET_SENTINEL = b"SECRET-SENTINEL-9c2e"
LINK_ADVICE = "Fanzine never reads or publishes links: put the file itself here, or delete the link"

# Pelican run directly, told that the check found nothing: only the build's own guards stand.
BYPASS = f"""
import logging, sys
from pelican import Pelican
from fanzine.content.check import check_site
from fanzine.commands.cli import load_settings, setup_logging
counter = setup_logging(False)
settings = load_settings(True, None, {AS_OF!r})
site = check_site(settings["PATH"], settings=settings)
site.problems = []
settings["FANZINE_SITE"] = site
Pelican(settings).run()
print("errors:", counter.count)
"""


def bypassed_build(project: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, **GATE_ENV, **project_env(project), "SITEURL": SITEURL, "FANZINE_SENTINEL": ENV_SENTINEL}
    return subprocess.run([sys.executable, "-c", BYPASS], cwd=project, env=env, capture_output=True, text=True,
                          timeout=120)


def leaked(output: Path) -> list[str]:
    """Output files holding any sentinel or the site secret."""
    needles = [ENV_SENTINEL.encode(), DB_SENTINEL, SECRET_SENTINEL, GATE_ENV["FANZINE_GATE_SECRET"].encode()]
    found = []
    for path in output.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            found += [f"{path.relative_to(output)} holds {needle[:12]!r}" for needle in needles if needle in data]
    return found


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder outside the project, like where the endpoint keeps its signups, holding a fake secret."""
    folder = tmp_path / "functions-data"
    folder.mkdir()
    (folder / "signups.sqlite3").write_bytes(b"SQLite format 3\x00" + DB_SENTINEL)
    (folder / "secret.env").write_bytes(b"FANZINE_GATE_SECRET=" + SECRET_SENTINEL)
    return folder


def artist_run(project: Path) -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]:
    """`fanzine check` and `fanzine build --publish`, as the artist (and CI) run them."""
    env = {"SITEURL": SITEURL, "FANZINE_SENTINEL": ENV_SENTINEL}
    return (fanzine("check", cwd=project, env=env),
            fanzine("build", "--publish", "--as-of", AS_OF, cwd=project, env=env))


def assert_refused(project: Path, messages: list[str], refused: list[str]) -> None:
    check, build = artist_run(project)
    assert check.returncode == 1 and build.returncode == 1
    for result in (check, build):
        assert result.stderr.splitlines()[: len(messages)] == messages, result.stderr
        assert "Something went wrong inside Fanzine" not in result.stderr
    assert not (project / "output").exists()  # the build stopped at the check, before writing anything
    bypassed = bypassed_build(project)  # a build that walked into /proc/self/root would hit the timeout
    for name in refused:
        assert f"content/{name}: not read or published: it is a symbolic link" in bypassed.stderr, bypassed.stderr
    assert f"errors: {len(refused)}" in bypassed.stdout, bypassed.stdout + bypassed.stderr
    assert leaked(project / "output") == []
    for name in refused:
        assert not os.path.lexists(project / "output" / name)


def test_symlink_to_proc_environ_is_refused_and_never_copied(tmp_path):
    project = make_project(tmp_path / "project")
    (project / "content/images/env.png").symlink_to("/proc/self/environ")
    assert_refused(project, [f"content/images/env.png: is a symbolic link (to /proc/self/environ); {LINK_ADVICE}"],
                   ["images/env.png"])


def test_folder_link_to_the_signups_database_is_refused_and_never_copied(tmp_path, outside):
    project = make_project(tmp_path / "project")
    (project / "content/images/data").symlink_to(outside)
    assert_refused(project, [f"content/images/data: is a symbolic link (to {outside}); {LINK_ADVICE}"],
                   ["images/data"])


def test_link_to_proc_self_is_refused_without_walking_the_disk(tmp_path):
    """/proc/self/root is the whole disk: following the link would copy, or walk, everything."""
    project = make_project(tmp_path / "project")
    (project / "content/images/proc").symlink_to("/proc/self")
    assert_refused(project, [f"content/images/proc: is a symbolic link (to /proc/self); {LINK_ADVICE}"],
                   ["images/proc"])


def test_link_inside_content_images_to_another_picture_is_refused(tmp_path):
    """Even a harmless-looking link is refused: the rule is simple, and a link can be re-pointed later."""
    project = make_project(tmp_path / "project")
    (project / "content/images/copy.jpg").symlink_to("ada.jpg")
    assert_refused(project, [f"content/images/copy.jpg: is a symbolic link (to ada.jpg); {LINK_ADVICE}"],
                   ["images/copy.jpg"])


def test_links_in_other_folders_and_hidden_links_are_refused(tmp_path, outside):
    project = make_project(tmp_path / "project")
    (project / "content/stories/leak.md").symlink_to(outside / "secret.env")
    (project / "content/pages").mkdir()
    (project / "content/pages/more").symlink_to(outside)
    (project / "content/images/.env").symlink_to("/proc/self/environ")
    assert_refused(project, [
        f"content/images/.env: is a symbolic link (to /proc/self/environ); {LINK_ADVICE}",
        f"content/pages/more: is a symbolic link (to {outside}); {LINK_ADVICE}",
        f"content/stories/leak.md: is a symbolic link (to {outside / 'secret.env'}); {LINK_ADVICE}",
    ], ["images/.env", "pages/more", "stories/leak.md"])


def test_artist_yml_as_a_link_is_refused_and_never_read(tmp_path, outside):
    project = make_project(tmp_path / "project")
    (project / "content/artist.yml").unlink()
    (project / "content/artist.yml").symlink_to(outside / "secret.env")
    check = fanzine("check", cwd=project)
    assert check.returncode == 1
    assert check.stderr.splitlines()[0] == (f"content/artist.yml: is a symbolic link (to {outside / 'secret.env'}); "
                                            f"{LINK_ADVICE}")
    assert SECRET_SENTINEL.decode() not in check.stderr + check.stdout


def test_static_link_leaving_the_images_folder_is_refused_and_never_copied(tmp_path, outside):
    """A body's {static} link publishes the file it names: only files in content/images/ may be named."""
    project = make_project(tmp_path / "project", {
        "playlists/sneaky.md": "---\ntitle: Sneaky\ncurator: fan\ndate: 2025-01-01\ntracks:\n"
                               "  - { artist: A, title: B }\n---\nNotes.\n\n"
                               "[db]({static}/../../functions-data/signups.sqlite3) [src]({static}/artist.yml)\n"})
    check = fanzine("check", cwd=project)
    assert check.returncode == 1
    assert check.stderr.splitlines()[:2] == [
        "content/playlists/sneaky.md: line 10: {static}/../../functions-data/signups.sqlite3: expected a file in "
        "content/images/, the only files that are published",
        "content/playlists/sneaky.md: line 10: {static}/artist.yml: expected a file in content/images/, "
        "the only files that are published",
    ]
    bypassed = bypassed_build(project)
    assert "content/artist.yml: not read or published: it is not in content/images/" in bypassed.stderr
    assert leaked(project / "output") == []
    assert not (project / "output/artist.yml").exists()


def test_a_pipe_is_refused(tmp_path):
    project = make_project(tmp_path / "project")
    os.mkfifo(project / "content/images/pipe.jpg")
    check = fanzine("check", cwd=project)
    assert check.stderr.splitlines()[0] == ("content/images/pipe.jpg: is not a regular file (a device, pipe or "
                                            "socket); delete it")


@pytest.mark.parametrize("relative, reason", [
    ("images/ada.jpg", None),
    ("images/missing.jpg", "does not exist"),
    ("images/../artist.yml", "is outside the content folder"),
    ("/etc/passwd", "is outside the content folder"),
    ("images/link.jpg", "is (or is inside) a symbolic link"),
    ("images/folder/x.jpg", "is (or is inside) a symbolic link"),
    ("images", "is not a regular file"),
])
def test_unsafe_reason_looks_at_every_step_of_the_path(tmp_path, relative, reason):
    content = tmp_path / "content"
    picture(content / "images" / "ada.jpg")
    (content / "images" / "link.jpg").symlink_to("ada.jpg")
    real = tmp_path / "elsewhere"
    picture(real / "x.jpg")
    (content / "images" / "folder").symlink_to(real)
    assert unsafe_reason(content, relative) == reason


def test_link_in_the_theme_is_refused_even_when_the_check_is_skipped(tmp_path):
    """The theme's static files are copied too, and overrides/ templates are read: a link there stops every build."""
    project = make_project(tmp_path / "project")
    (project / "themes/fanzine/static/env.txt").symlink_to("/proc/self/environ")
    message = f"themes/fanzine/static/env.txt: is a symbolic link (to /proc/self/environ); {LINK_ADVICE}"
    check, build = artist_run(project)
    assert (check.returncode, build.returncode) == (1, 1)
    assert message in check.stderr.splitlines()
    assert f"  {message}" in build.stderr.splitlines()
    bypassed = bypassed_build(project)
    assert bypassed.returncode != 0 and message in bypassed.stderr
    assert not (project / "output").exists() or leaked(project / "output") == []
