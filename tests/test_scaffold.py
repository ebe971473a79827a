"""`make new-*`: a new content file that passes `make check` as written, and never overwrites one."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from fanzine.commands.scaffold import scaffold, slugify
from fanzine.content.check import check_site
from fanzine.content.frontmatter import load_file
from fanzine.errors import FanzineError
from fanzine.types.registry import scaffolds

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "nova-lights"  # the example hub (tests never read content/)
TODAY = dt.date(2026, 11, 21)


@pytest.mark.parametrize("title, slug", [
    ("Night Drive", "night-drive"),
    ("Tour Diary: Lisbon!", "tour-diary-lisbon"),
    ("  Sodium Lights (Mara K Remix)  ", "sodium-lights-mara-k-remix"),
    ("Café Noir — Live à Paris", "cafe-noir-live-a-paris"),
    ("2026: A Year", "2026-a-year"),
    ("../../etc/passwd", "etc-passwd"),
    ("Światło nad Wisłą", "swiatlo-nad-wisla"),  # ł is a letter of its own, not an l with an accent
    ("Ночной город", "nochnoi-gorod"),
    ("Straße der Ørsted", "strasse-der-orsted"),
    ("Ἀθῆναι", "athenai"),
    ("日本のツアー", "ri-ben-notsua"),  # spelled as Pelican spells such tags: a name to rename if you like
    ("🔥 ♪", ""),
    ("x" * 59 + " y", "x" * 59),  # cut at 60 characters, never ending in a hyphen
])
def test_slugify(title, slug):
    assert slugify(title) == slug


@pytest.fixture
def content(tmp_path, monkeypatch) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return Path("content")


@pytest.mark.parametrize("kind", list(scaffolds()))
def test_the_new_file_passes_check(content, kind):
    path = scaffold(kind, 'Tour Diary: "Lisbon" \\ 2026', content, today=TODAY)
    assert path == content / scaffolds()[kind].folder / "tour-diary-lisbon-2026.md"
    site = check_site(content)
    assert site.errors == []  # its placeholders are warnings until publishing (tests/test_placeholders.py)
    item = site.items[scaffolds()[kind].folder]["tour-diary-lisbon-2026"]
    assert item["title"] == 'Tour Diary: "Lisbon" \\ 2026'   # quotes, colon and backslash survive


def test_dates_are_today(content):
    data, _body, _problems = load_file(str(scaffold("release", "Night Bus", content, today=TODAY)), "x")
    assert data["release_date"] == TODAY
    data, _body, _problems = load_file(str(scaffold("story", "Night Bus", content, today=TODAY)), "x")
    assert data["date"] == TODAY


def test_the_folder_is_created_when_missing(tmp_path):
    path = scaffold("story", "First post", tmp_path / "content", today=TODAY)
    assert path.read_text(encoding="utf-8").startswith('---\ntitle: "First post"\ndate: 2026-11-21\n')


def test_a_title_in_any_script_makes_a_file_that_passes_check(content):
    path = scaffold("release", "Ночной город", content, today=TODAY)
    assert path == content / "releases" / "nochnoi-gorod.md"
    site = check_site(content)
    assert site.errors == []
    assert site.items["releases"]["nochnoi-gorod"]["title"] == "Ночной город"


def test_refuses_to_overwrite(content):
    path = scaffold("story", "Tour Diary", content, today=TODAY)
    path.write_text("my words", encoding="utf-8")
    with pytest.raises(FanzineError) as caught:
        scaffold("story", "tour diary!", content, today=TODAY)
    assert str(caught.value) == "content/stories/tour-diary.md already exists: pick another title or edit that file"
    assert path.read_text(encoding="utf-8") == "my words"


@pytest.mark.parametrize("title, message", [
    ("   ", 'TITLE: expected a title, like make new-story TITLE="Night Drive"'),
    ("🔥 ♪", 'TITLE: expected letters or digits in the title, got "🔥 ♪"'),
])
def test_unusable_titles(content, title, message):
    with pytest.raises(FanzineError) as caught:
        scaffold("story", title, content, today=TODAY)
    assert str(caught.value) == message
    assert not (content / "stories" / ".md").exists()
