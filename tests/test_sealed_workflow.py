"""The artist's early-access workflow in a real git repository, as docs/early-access.md tells it.

A new artist writes a gated page with a picture, a track and a stem pack, and a
story with `access:`, all carrying sentinels; seals, commits, edits, seals and
commits again, pushes to a bare repository; CI clones it and publishes with
FANZINE_GATE_SECRET alone. No sentinel is ever in git (any commit, any blob)
or in the published output.
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import wave
import zipfile
from pathlib import Path

import pytest

from conftest import AS_OF, ROOT, copy_project, fanzine

PAGE_SENTINEL = "SENTINEL-page-9d2e-the-tapes-are-under-the-stairs"
STORY_SENTINEL = "SENTINEL-story-51b7-we-almost-called-it-sodium"
EDIT_SENTINEL = "SENTINEL-edit-0c44-second-verse-rewritten"
FILE_SENTINELS = {"tape.wav": b"SENTINEL-wav-77aa", "stems.zip": b"SENTINEL-zip-31fe",
                  "cover.png": b"SENTINEL-png-e0d5"}
ALL_SENTINELS = [s.encode() for s in (PAGE_SENTINEL, STORY_SENTINEL, EDIT_SENTINEL)] + list(FILE_SENTINELS.values())
NO_ENV_SECRET = {"FANZINE_GATE_SECRET": ""}  # the secret comes from .fanzine-secret, as on the artist's computer


def git(*args: str, cwd: Path) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=True,
                            env={**os.environ, "GIT_AUTHOR_NAME": "Artist", "GIT_AUTHOR_EMAIL": "artist@example.com",
                                 "GIT_COMMITTER_NAME": "Artist", "GIT_COMMITTER_EMAIL": "artist@example.com"})
    return result.stdout.decode("utf-8", "replace")


def git_bytes(*args: str, cwd: Path) -> bytes:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=True).stdout


def wav_with(marker: bytes) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(8000)
        file.writeframes(marker + b"\0" * (16000 - len(marker)))
    return out.getvalue()


def png_with(marker: bytes) -> bytes:
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", marker.decode())
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 120, 40)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def zip_with(marker: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(zipfile.ZipInfo("stems/README.txt", (2026, 1, 1, 0, 0, 0)), marker)
    return out.getvalue()


def new_artist_project(tmp_path: Path) -> Path:
    """A fork of the template whose artist removed the example's early pages and starts a repository."""
    project = copy_project(tmp_path / "hub")
    shutil.rmtree(project / "content/early")
    (project / "content/early").mkdir()
    shutil.copy2(ROOT / "content/early/.gitignore", project / "content/early/.gitignore")
    shutil.copy2(ROOT / ".gitignore", project / ".gitignore")
    git("init", "-q", "-b", "main", cwd=project)
    git("add", "-A", cwd=project)
    git("commit", "-qm", "Start my hub", cwd=project)
    return project


def write_gated_page(project: Path) -> None:
    (project / "content/early/midnight-tapes.md").write_text(f"""---
title: Midnight tapes
access:
  mode: signup
  teaser: The tapes, a week early.
---
{PAGE_SENTINEL}

![The tape box](cover.png)

![Side A](tape.wav)

[The stems](stems.zip)
""")
    folder = project / "content/early/midnight-tapes"
    folder.mkdir()
    (folder / "tape.wav").write_bytes(wav_with(FILE_SENTINELS["tape.wav"]))
    (folder / "stems.zip").write_bytes(zip_with(FILE_SENTINELS["stems.zip"]))
    (folder / "cover.png").write_bytes(png_with(FILE_SENTINELS["cover.png"]))
    story = project / "content/stories/two-synth-rule.md"
    story.write_text(story.read_text().replace("---\n", "---\naccess: { mode: signup }\n", 1) + f"\n{STORY_SENTINEL}\n")


def assert_no_sentinel_in_git(repository: Path) -> int:
    """`git log -p --all` and every blob of every commit: no sentinel. Returns how many blobs were read."""
    log = git_bytes("log", "-p", "--all", "--binary", cwd=repository)
    for sentinel in ALL_SENTINELS:
        assert sentinel not in log, f"{sentinel!r} is in git log -p --all of {repository.name}"
    reachable = {line.split()[0] for line in git("rev-list", "--all", "--objects", cwd=repository).splitlines()}
    # every object in the repository, reachable or not (a sentinel in a dangling blob would still be pushed)
    kinds = dict(line.split() for line in git("cat-file", "--batch-all-objects",
                                              "--batch-check=%(objectname) %(objecttype)", cwd=repository).splitlines())
    assert reachable <= set(kinds)
    blobs = 0
    for sha, kind in kinds.items():
        if kind == "blob":
            data = git_bytes("cat-file", "-p", sha, cwd=repository)
            for sentinel in ALL_SENTINELS:
                assert sentinel not in data, f"{sentinel!r} is in blob {sha} of {repository.name}"
            blobs += 1
    return blobs


@pytest.fixture(scope="module")
def pushed(tmp_path_factory):
    """The documented workflow, from a new repository to a CI build of what was pushed."""
    tmp_path = tmp_path_factory.mktemp("workflow")
    project = new_artist_project(tmp_path)
    made = fanzine("secret", cwd=project, env=NO_ENV_SECRET, check=True)
    secret = (project / ".fanzine-secret").read_text().strip()
    write_gated_page(project)
    sealed = fanzine("seal", cwd=project, env=NO_ENV_SECRET, check=True)
    git("add", "-A", cwd=project)
    git("commit", "-qm", "Midnight tapes, early access", cwd=project)
    page = project / "content/early/midnight-tapes.md"
    page.write_text(page.read_text() + f"\n{EDIT_SENTINEL}\n")
    warned = fanzine("check", cwd=project, env=NO_ENV_SECRET)
    resealed = fanzine("seal", cwd=project, env=NO_ENV_SECRET, check=True)
    changed = git("status", "--porcelain", cwd=project)
    git("add", "-A", cwd=project)
    git("commit", "-qm", "Second verse", cwd=project)
    remote = tmp_path / "remote.git"
    git("init", "-q", "--bare", str(remote), cwd=tmp_path)
    git("push", "-q", str(remote), "main", cwd=project)
    ci = tmp_path / "ci"
    git("clone", "-q", "-b", "main", str(remote), str(ci), cwd=tmp_path)
    published = fanzine("build", "--publish", "--as-of", AS_OF, cwd=ci,
                        env={"FANZINE_GATE_SECRET": secret, "SITEURL": "https://tapes.example"})
    return {"project": project, "remote": remote, "ci": ci, "secret": secret, "made": made, "sealed": sealed,
            "warned": warned, "resealed": resealed, "changed": changed, "published": published}


def test_no_sentinel_is_ever_in_git_history_or_any_blob(pushed):
    assert pushed["published"].returncode == 0, pushed["published"].stderr
    for repository in (pushed["project"], pushed["remote"]):
        assert assert_no_sentinel_in_git(repository) > 50


def test_only_sealed_copies_of_gated_files_are_tracked(pushed):
    tracked = git("ls-files", cwd=pushed["project"]).split("\n")
    assert "content/early/midnight-tapes.md.sealed" in tracked
    assert "content/early/midnight-tapes/stems.zip.sealed" in tracked
    assert "content/stories/two-synth-rule.md.sealed" in tracked
    for plain in ("content/early/midnight-tapes.md", "content/early/midnight-tapes/stems.zip",
                  "content/stories/two-synth-rule.md", ".fanzine-secret"):
        assert plain not in tracked
    assert (pushed["project"] / "content/stories/.gitignore").read_text().endswith("/two-synth-rule.md\n")
    assert not (pushed["ci"] / ".fanzine-secret").exists()


def test_seal_says_what_it_did_and_what_to_commit(pushed):
    out = pushed["sealed"].stdout
    assert "sealed content/early/midnight-tapes.md → midnight-tapes.md.sealed" in out
    assert "took content/stories/two-synth-rule.md out of git (it stays on your computer; its sealed copy is " \
           "committed instead)" in out
    assert out.rstrip().endswith("Sealed 5 file(s); 0 unchanged. Commit the .sealed files (git add content, then "
                                 "commit): only sealed copies of early-access pages ever go into git.")
    assert "Your site secret is in .fanzine-secret (git ignores it)" in pushed["made"].stdout


def test_an_edit_not_yet_sealed_is_pointed_out_and_sealing_changes_only_that_copy(pushed):
    assert ("content/early/midnight-tapes.md: warning: changed since it was sealed: run `make seal` before you "
            "commit (the published site is built from the sealed copy)") in pushed["warned"].stderr
    assert "Sealed 1 file(s); 4 unchanged." in pushed["resealed"].stdout
    assert pushed["changed"].split() == ["M", "content/early/midnight-tapes.md.sealed"]


def test_ci_publishes_the_pages_from_their_sealed_copies_with_one_secret(pushed):
    output = pushed["ci"] / "output"
    assert not (pushed["ci"] / "content/early/midnight-tapes.md").exists()  # CI never had the plaintext
    assert (output / "early/midnight-tapes/index.html").is_file()
    assert (output / "early/two-synth-rule/index.html").is_file()
    assert len(list((output / "early/midnight-tapes/files").glob("*.bin"))) == 3
    for path in output.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for sentinel in ALL_SENTINELS:
                assert sentinel not in data, f"{sentinel!r} in {path.relative_to(output)}"


def test_a_plaintext_gated_file_in_a_commit_fails_the_check_until_sealed_or_private(tmp_path):
    project = new_artist_project(tmp_path)
    story = project / "content/stories/two-synth-rule.md"
    story.write_text(story.read_text().replace("---\n", "---\naccess: { mode: signup }\n", 1))
    git("commit", "-qam", "Oops: gated without sealing", cwd=project)
    result = fanzine("check", cwd=project)
    assert result.returncode == 1
    assert ("content/stories/two-synth-rule.md: is committed to git unsealed, so anyone who can read the repository "
            "can read it. Run `make seal` (it takes the file out of git and commits its sealed copy instead) and see "
            "\"If you committed a gated file\" in docs/early-access.md to remove it from the history; or, if nobody "
            "else can read the repository, add `repository: private` to content/artist.yml") in result.stderr
    assert fanzine("build", "--publish", "--as-of", AS_OF, cwd=project).returncode == 1
    artist = project / "content/artist.yml"
    artist.write_text(artist.read_text() + "repository: private\n")
    assert fanzine("check", cwd=project).returncode == 0
    artist.write_text(artist.read_text().replace("repository: private\n", ""))
    fanzine("seal", cwd=project, check=True)
    assert fanzine("check", cwd=project).returncode == 0
    assert "content/stories/two-synth-rule.md" not in git("ls-files", cwd=project)


def test_removing_access_makes_the_page_public_again(tmp_path):
    project = new_artist_project(tmp_path)
    story = project / "content/stories/two-synth-rule.md"
    original = story.read_text()
    story.write_text(original.replace("---\n", "---\naccess: { mode: signup }\n", 1))
    fanzine("seal", cwd=project, check=True)
    story.write_text(original)
    said = fanzine("seal", cwd=project, check=True).stdout
    assert "content/stories/two-synth-rule.md has no access: any more, so it is public: deleted " \
           "two-synth-rule.md.sealed (commit two-synth-rule.md itself)" in said
    assert not (project / "content/stories/.gitignore").exists()
    assert "two-synth-rule.md" in git("status", "--porcelain", "--untracked-files=all", cwd=project)


def test_seal_refuses_to_work_without_the_artists_own_secret(tmp_path):
    project = new_artist_project(tmp_path)
    write_gated_page(project)
    result = fanzine("seal", cwd=project, env=NO_ENV_SECRET)
    assert result.returncode == 1
    assert result.stderr.strip() == ("Nothing was sealed: FANZINE_GATE_SECRET is not set. Run `make secret` once "
                                     "(it keeps your secret in .fanzine-secret, which git ignores), then `make seal` "
                                     "again.")
    assert not list((project / "content").rglob("*.sealed"))


def test_open_never_overwrites_words_not_yet_sealed(tmp_path):
    project = new_artist_project(tmp_path)
    write_gated_page(project)
    fanzine("seal", cwd=project, check=True)
    page = project / "content/early/midnight-tapes.md"
    page.write_text(page.read_text() + "\nA new paragraph.\n")
    result = fanzine("open", "midnight-tapes", cwd=project)
    assert result.returncode == 1
    assert ("not opened: content/early/midnight-tapes.md is already here and differs from its sealed copy, and it is "
            "never overwritten: run `make seal` to keep your version, or delete it to take the sealed one") \
        in result.stderr
    assert page.read_text().endswith("A new paragraph.\n")
    page.unlink()
    (project / "content/early/midnight-tapes/stems.zip").unlink()
    opened = fanzine("open", "midnight-tapes", cwd=project, check=True)
    assert "opened content/early/midnight-tapes.md" in opened.stdout
    assert (project / "content/early/midnight-tapes/stems.zip").read_bytes() == zip_with(FILE_SENTINELS["stems.zip"])
    assert "There is no early-access page called 'midnight-tape'; did you mean 'midnight-tapes'?" in \
        fanzine("open", "midnight-tape", cwd=project).stderr


def test_a_fresh_clone_of_the_template_publishes_only_after_resealing_the_example(tmp_path):
    """The template's example pages are sealed with the public development secret: fine for `make serve`,
    refused by a real publish until `make seal` seals them again with the artist's own secret."""
    clone = tmp_path / "template"
    git("clone", "-q", str(ROOT), str(clone), cwd=tmp_path)
    assert not (clone / "content/early/night-drive-demos.md").exists()
    built = fanzine("build", "--as-of", AS_OF, cwd=clone, env=NO_ENV_SECRET)
    assert built.returncode == 0, built.stderr
    assert (clone / "output/early/night-drive-demos/index.html").is_file()
    refused = fanzine("build", "--publish", "--as-of", AS_OF, cwd=clone)
    assert refused.returncode == 1
    assert ("content/early/night-drive-demos.md.sealed: sealed with Fanzine's development secret, which everyone "
            "knows, so it is not secret: run `make seal` on your computer to seal it again with your own secret (or "
            "delete it, if it is the example's)") in refused.stderr
    resealed = fanzine("seal", cwd=clone, check=True).stdout
    assert "sealed night-drive-demos.md.sealed again with your secret (it was sealed with the development secret)" \
        in resealed
    assert not (clone / "content/early/night-drive-demos.md").exists()  # never written to disk on the way
    assert fanzine("build", "--publish", "--as-of", AS_OF, cwd=clone).returncode == 0


def test_a_build_without_the_secret_leaves_sealed_pages_out_with_a_warning(tmp_path):
    """A fan's pull request is built without secrets: the preview builds, without the early-access pages."""
    project = new_artist_project(tmp_path)
    write_gated_page(project)
    fanzine("seal", cwd=project, check=True)
    (project / "content/early/midnight-tapes.md").unlink()
    result = fanzine("build", "--as-of", AS_OF, cwd=project, env=NO_ENV_SECRET)
    assert result.returncode == 0, result.stderr
    assert ("content/early/midnight-tapes.md.sealed: warning: sealed with your own secret, which is not set here: set "
            "FANZINE_GATE_SECRET (in CI, the repository secret) or put it in .fanzine-secret; it is left out of this "
            "build") in result.stderr
    assert not (project / "output/early/midnight-tapes").exists()


def test_sealed_copies_are_byte_identical_across_machines(tmp_path):
    """Two computers with the same secret seal the same page to the same bytes: no spurious git changes."""
    first = new_artist_project(tmp_path / "one")
    write_gated_page(first)
    fanzine("seal", cwd=first, check=True)
    second = tmp_path / "two"
    shutil.copytree(first, second)
    for sealed in second.rglob("*.sealed"):
        sealed.unlink()
    fanzine("seal", cwd=second, check=True)
    for sealed in first.rglob("*.sealed"):
        assert sealed.read_bytes() == (second / sealed.relative_to(first)).read_bytes(), sealed.name


def test_a_damaged_sealed_page_or_file_gets_a_sentence_not_a_traceback(tmp_path):
    project = new_artist_project(tmp_path)
    write_gated_page(project)
    fanzine("seal", cwd=project, check=True)
    (project / "content/early/midnight-tapes.md").unlink()
    (project / "content/early/midnight-tapes/stems.zip").unlink()
    (project / "content/early/midnight-tapes/stems.zip.sealed").write_bytes(b"PK\x03\x04 not a sealed copy")
    result = fanzine("build", "--publish", "--as-of", AS_OF, cwd=project)
    assert result.returncode == 1
    assert ("content/early/midnight-tapes/stems.zip.sealed: this is not a sealed copy made by `make seal` (it may be "
            "damaged)") in result.stderr
    assert "Traceback" not in result.stderr and "inside Fanzine" not in result.stderr
    page = project / "content/early/midnight-tapes.md.sealed"
    page.write_bytes(page.read_bytes()[:-3])
    result = fanzine("build", "--publish", "--as-of", AS_OF, cwd=project)
    assert ("content/early/midnight-tapes.md.sealed: damaged (chunk 1 of 1 does not open); take it again from git"
            in result.stderr)
    assert "Traceback" not in result.stderr and "inside Fanzine" not in result.stderr
