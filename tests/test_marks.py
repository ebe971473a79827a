"""marks.py: the artist's icons and web app manifest (never Fanzine's own mark), and the hero backdrop whose
overlay keeps the words over it readable."""
from __future__ import annotations

import io
import json
import random

import pytest
from PIL import Image

from conftest import ROOT
from fanzine.outputs import marks
from fanzine.theme import presets
from fanzine.theme.colours import TEXT_CONTRAST, contrast
from fixture_sites import ARTIST, build, make_project, picture

THEME = ROOT / "themes" / "fanzine"


def settings_for(tmp_path, artist: dict, theme: str = "synthwave") -> tuple[dict, presets.Look]:
    look = presets.look({"theme": theme, **artist}, THEME)
    settings = {"PATH": str(tmp_path / "content"), "THEME": str(THEME), "CACHE_PATH": str(tmp_path / "cache"),
                "FANZINE_ARTIST": {"name": "Glass Harbour", "tagline": "Songs from the ferry", **artist},
                "DEFAULT_LANG": "en"}
    return settings, look


def image(path) -> Image.Image:
    return Image.open(io.BytesIO(path.read_bytes()))


def test_icons_come_from_the_avatar_in_every_size(tmp_path):
    picture(tmp_path / "content" / "images" / "me.jpg", (600, 400), "#3366cc")
    settings, look = settings_for(tmp_path, {"avatar": "images/me.jpg"})
    planned = marks.plan(settings, look)
    sizes = {target: image(path).size for target, path in planned.files.items() if target != "favicon.ico"}
    assert sizes == {"apple-touch-icon.png": (180, 180), "icons/icon-192.png": (192, 192),
                     "icons/icon-512.png": (512, 512), "icons/maskable-512.png": (512, 512)}
    favicon = Image.open(planned.files["favicon.ico"])
    assert favicon.format == "ICO" and favicon.info["sizes"] >= {(16, 16), (32, 32), (48, 48)}
    middle = image(planned.files["icons/icon-512.png"]).convert("RGB").getpixel((256, 256))
    assert middle == pytest.approx((0x33, 0x66, 0xcc), abs=12)  # the avatar, not a letter on a colour
    assert not planned.svg_icon


def test_without_an_avatar_the_icons_show_the_initials_on_the_accent(tmp_path):
    (tmp_path / "content").mkdir()
    settings, look = settings_for(tmp_path, {"accent": "#2a7f62"})
    planned = marks.plan(settings, look)
    icon = image(planned.files["icons/maskable-512.png"]).convert("RGB")
    assert icon.getpixel((5, 5)) == (0x2a, 0x7f, 0x62)  # maskable: the accent to the edges
    colours = {colour for _count, colour in icon.getcolors(1 << 16)}
    assert (255, 255, 255) in colours  # the letters, white on this green
    rounded = image(planned.files["icons/icon-512.png"])
    assert rounded.mode in ("RGBA", "P") and rounded.convert("RGBA").getpixel((0, 0))[3] == 0  # rounded corners
    assert image(planned.files["apple-touch-icon.png"]).convert("RGBA").getpixel((0, 0))[3] == 255  # iOS: opaque
    assert marks.initials("Glass Harbour") == "GH" and marks.initials("björk") == "B" and marks.initials("!!!") == "♪"


def test_an_svg_avatar_is_the_tab_icon_itself(tmp_path):
    content = tmp_path / "content" / "images"
    content.mkdir(parents=True)
    (content / "mark.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>', encoding="utf-8")
    settings, look = settings_for(tmp_path, {"avatar": "images/mark.svg"})
    planned = marks.plan(settings, look)
    assert planned.svg_icon and planned.files["favicon.svg"] == content / "mark.svg"


def test_the_manifest_names_the_artist_and_the_presets_colours(tmp_path):
    (tmp_path / "content").mkdir()
    settings, look = settings_for(tmp_path, {}, theme="synthwave")
    data = json.loads(marks.plan(settings, look).manifest)
    assert data["name"] == "Glass Harbour" and data["short_name"] == "Glass"
    assert data["start_url"] == "./" and data["display"] == "standalone"
    assert data["background_color"] == presets.PRESETS["synthwave"].dark.bg  # a night scene: the dark splash
    assert {icon["purpose"] for icon in data["icons"]} == {"any", "maskable"}
    assert marks.short_name("Nova Lights") == "Nova Lights" and marks.short_name("Superlongbandname Inc") \
        == "Superlongban"


def test_icons_are_drawn_once_and_then_come_from_the_cache(tmp_path, monkeypatch):
    (tmp_path / "content").mkdir()
    settings, look = settings_for(tmp_path, {})
    first = marks.plan(settings, look)
    monkeypatch.setattr(marks, "draw_icon", lambda *a, **k: pytest.fail("drawn again although cached"))
    assert marks.plan(settings, look).files == first.files


# --- the hero backdrop's overlay -------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(6))
def test_the_overlay_makes_every_pixel_readable_under_both_text_colours(seed):
    rng = random.Random(seed)
    sample = Image.new("RGB", (48, 24))
    sample.putdata([tuple(rng.randrange(256) for _ in range(3)) for _ in range(48 * 24)])
    for page, texts in (("#100a22", ("#f6efff", "#bcaad9")), ("#fbf5ff", ("#1f1238", "#5a4778"))):
        alpha = marks.scrim_for(sample, page, texts)
        for pixel in marks.pixels_of(sample):
            blended = marks._blend(pixel, tuple(int(page[i:i + 2], 16) for i in (1, 3, 5)), alpha)
            assert all(contrast(text, blended) >= TEXT_CONTRAST for text in texts), (page, pixel, alpha)


def test_a_dark_picture_needs_little_overlay_in_the_dark_scheme_and_much_in_the_light():
    night = Image.new("RGB", (8, 4), "#0c0718")
    dark_page = marks.scrim_for(night, "#100a22", ("#f6efff", "#bcaad9"))
    light_page = marks.scrim_for(night, "#fbf5ff", ("#1f1238", "#5a4778"))
    assert dark_page <= 0.05 and light_page >= 0.6


def test_the_background_becomes_a_soft_band_in_two_widths(tmp_path):
    picture(tmp_path / "content" / "images" / "sea.jpg", (2400, 1600), "#204060")
    settings, look = settings_for(tmp_path, {"background": "images/sea.jpg"})
    hero = marks.hero(settings, look)
    assert [(w, h) for _path, w, h in hero.webp] == [(800, 400), (1600, 800)]
    assert hero.jpeg[1:] == (800, 400) and hero.jpeg[0].startswith("images/hero/sea-800.")
    assert all(path.startswith("images/hero/") for path in hero.sources)
    assert 0 <= hero.scrim[0] <= 1 and 0 <= hero.scrim[1] <= 1


def test_a_build_writes_the_mark_and_links_it_from_every_page(tmp_path):
    project = make_project(tmp_path / "p", artist=ARTIST + "theme: indie-folk\nbackground: images/wide.jpg\n")
    picture(project / "content" / "images" / "wide.jpg", (1200, 500), "#d0c0a0")
    result = build(project)
    assert result.returncode == 0, result.stderr
    output = project / "output"
    for name in ("favicon.ico", "apple-touch-icon.png", "manifest.webmanifest", "icons/icon-192.png",
                 "icons/icon-512.png", "icons/maskable-512.png"):
        assert (output / name).is_file(), name
    page = (output / "stories" / "hello" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="manifest" href="https://ada-quarry.example/manifest.webmanifest">' in page
    assert '<link rel="apple-touch-icon" href="https://ada-quarry.example/apple-touch-icon.png">' in page
    assert "theme/favicon.svg" not in page  # never Fanzine's own mark
    assert 'media="(prefers-color-scheme: dark)"' in page
    home = (output / "index.html").read_text(encoding="utf-8")
    assert 'class="backdrop backdrop--picture"' in home and "images/hero/wide-800." in home
    assert "manifest-src 'self'" in (output / "_headers").read_text(encoding="utf-8")


def test_a_background_that_is_no_picture_leaves_the_themes_own_backdrop(tmp_path, caplog):
    folder = tmp_path / "content" / "images"
    folder.mkdir(parents=True)
    (folder / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a JPEG")
    settings, look = settings_for(tmp_path, {"background": "images/broken.jpg"})
    assert marks.hero(settings, look) is None
    assert "images/broken.jpg: could not read the background picture" in caplog.text
    assert "the theme's own backdrop shows" in caplog.text
