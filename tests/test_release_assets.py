"""What a release brings besides its page: service icons, responsive covers, the social card, the calendar file."""
from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import pytest
from PIL import Image

from fanzine.outputs import images, socialcards
from fanzine.outputs.ics import escape, fold, release_day_event
from fanzine.outputs.socialcards import Card
from fanzine.theme import icons
from fanzine.theme.platforms import PLATFORMS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "nova-lights"  # the example hub (tests never read content/)
THEME = str(ROOT / "themes" / "fanzine")
COVER = EXAMPLE / "images" / "night-drive.jpg"
MUSIC_SERVICES = ["spotify", "apple_music", "youtube_music", "youtube", "bandcamp", "soundcloud", "tidal", "deezer",
                  "amazon_music", "qobuz", "beatport", "audiomack", "audius", "mixcloud", "napster", "pandora",
                  "anghami", "boomplay", "jiosaavn", "yandex"]


# --- Icons ----------------------------------------------------------------------------------------

def test_at_least_twenty_music_services_have_a_name_and_an_icon():
    glyphs = icons.glyphs(THEME)
    for key in MUSIC_SERVICES:
        assert PLATFORMS[key].name and PLATFORMS[key].hosts, key
        assert key in glyphs, f"no icon drawn for {key}"
    assert len([key for key in PLATFORMS if key in glyphs]) >= 20


def test_every_known_service_has_an_icon():
    assert sorted(set(PLATFORMS) - set(icons.glyphs(THEME))) == []


def test_the_sprite_is_well_formed_svg_with_one_colour():
    text = (ROOT / "themes/fanzine/static/icons/platforms.svg").read_text()
    root = ET.fromstring(text)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    colours = set(re.findall(r'(?:fill|stroke)="([^"]+)"', text)) - {"none"}
    assert colours == {"currentColor"}, "icons draw in the text colour only, so they follow light and dark mode"


def test_an_inlined_icon_is_hidden_from_screen_readers_and_small():
    svg = str(icons.inline(THEME, "spotify"))
    ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
    assert 'aria-hidden="true"' in svg and 'viewBox="0 0 24 24"' in svg
    assert len(svg) < 600
    assert str(icons.inline(THEME, "no-such-service")) == str(icons.inline(THEME, "link"))


def test_a_symbol_can_draw_solid():
    assert 'fill="currentColor" stroke="none"' in str(icons.inline(THEME, "tidal"))


# --- Responsive covers ----------------------------------------------------------------------------

@pytest.fixture
def folders(tmp_path):
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    shutil.copy(COVER, content / "images" / "cover.jpg")
    images._MEMO.clear()
    images.new_build()
    return content, tmp_path / "output", tmp_path / "cache"


def make(folders, name="images/cover.jpg"):
    content, output, cache = folders
    images._MEMO.clear()  # as a new process would
    images.new_build()
    return images.picture(str(content), str(output), str(cache), name)


def test_widths_never_upscale_and_cap_huge_pictures():
    assert images.widths_for(1200) == [320, 640, 960, 1200]
    assert images.widths_for(400) == [320, 400]
    assert images.widths_for(200) == [200]
    assert images.widths_for(6000) == [320, 640, 960, 1280, 1600]


def test_a_jpeg_cover_comes_as_webp_and_jpeg_in_each_width(folders):
    picture = make(folders)
    output = folders[1]
    assert [v.width for v in picture.srcset] == [v.width for v in picture.webp] == [320, 640, 960, 1200]
    assert (picture.width, picture.height, picture.mime) == (1200, 1200, "image/jpeg")
    assert picture.src.endswith(".jpg") and "-640." in picture.src
    for variant in picture.srcset + picture.webp:
        with Image.open(output / variant.url) as image:
            assert image.size == (variant.width, variant.height)
            assert image.format == ("WEBP" if variant.url.endswith(".webp") else "JPEG")
            assert "exif" not in image.info
    assert (output / picture.webp[0].url).stat().st_size < (output / picture.srcset[0].url).stat().st_size


def test_the_same_cover_gives_the_same_bytes(folders, tmp_path):
    first = make(folders)
    before = {v.url: (folders[1] / v.url).read_bytes() for v in first.srcset + first.webp}
    shutil.rmtree(folders[1])
    shutil.rmtree(folders[2])  # no cache: drawn again from scratch
    second = make(folders)
    assert {v.url: (folders[1] / v.url).read_bytes() for v in second.srcset + second.webp} == before


def test_a_small_picture_saved_on_two_threads_at_once_gives_the_same_bytes_every_time(folders):
    """At full size the JPEG and the WebP are saved from one picture at the same moment: Pillow keeps a save's
    options on the picture, so they once took each other's now and then (one build in four differed)."""
    content, output, cache = folders
    Image.new("RGB", (64, 64), "#2a7f62").save(content / "images" / "small.jpg", "JPEG", quality=80)
    drawn = set()
    for _ in range(40):
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)  # drawn again from scratch
        picture = make(folders, "images/small.jpg")
        drawn.add(tuple((output / v.url).read_bytes() for v in picture.srcset + picture.webp))
    assert len(drawn) == 1


def test_a_rebuild_copies_from_the_cache_instead_of_redrawing(folders, monkeypatch):
    started = time.perf_counter()
    make(folders)
    cold = time.perf_counter() - started
    drawn = []
    monkeypatch.setattr(images, "_save", lambda *args: drawn.append(args))
    shutil.rmtree(folders[1])
    started = time.perf_counter()
    picture = make(folders)
    cached = time.perf_counter() - started
    assert drawn == []
    assert all((folders[1] / v.url).exists() for v in picture.srcset + picture.webp)
    assert cached < cold


def test_a_rebuild_with_every_size_cached_does_not_decode_the_picture(folders, monkeypatch):
    """A phone photo takes a tenth of a second or more to decode: a cached build takes its format and upright
    size from the cache, and decodes it only when a size is missing."""
    content, output, cache = folders
    photo = content / "images" / "phone.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # taken with the phone on its side: shown turned a quarter
    Image.new("RGB", (900, 600), "#2a7f62").save(photo, "JPEG", quality=85, exif=exif.tobytes())
    first = make(folders, "images/phone.jpg")
    assert (first.width, first.height) == (600, 900)

    def no_decoding(*_args, **_kwargs):
        raise AssertionError("decoded again")

    monkeypatch.setattr(images.Image, "open", no_decoding)
    shutil.rmtree(output)
    again = make(folders, "images/phone.jpg")
    assert again == first
    assert all((output / v.url).exists() for v in again.srcset + again.webp)

    monkeypatch.undo()
    next(iter((cache / "images").glob("*-320.webp"))).unlink()  # a size gone from the cache: drawn again
    for shape in (cache / "images").glob("*.shape"):
        shape.write_text("JPEG lots of pixels\n")  # and a damaged note: decoded again, never trusted
    assert make(folders, "images/phone.jpg") == first
    assert [path.read_text() for path in (cache / "images").glob("*.shape")] == ["JPEG 600 900\n"]


def test_a_changed_cover_gets_new_names(folders):
    first = make(folders)
    path = folders[0] / "images" / "cover.jpg"
    with Image.open(path) as image:
        image.rotate(90).save(path, "JPEG", quality=90)
    second = make(folders)
    assert first.src != second.src and first.src.split("-")[0] == second.src.split("-")[0]


def test_a_png_with_transparency_stays_png_and_keeps_it(folders):
    content = folders[0]
    Image.new("RGBA", (700, 350), (255, 0, 0, 128)).save(content / "images" / "logo.png")
    picture = make(folders, "images/logo.png")
    assert picture.mime == "image/png" and [v.width for v in picture.srcset] == [320, 640, 700]
    with Image.open(folders[1] / picture.srcset[0].url) as image:
        assert image.mode == "RGBA" and image.size == (320, 160)


def test_svg_gif_missing_and_broken_pictures_are_left_as_they_are(folders):
    content = folders[0]
    (content / "images" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    Image.new("P", (10, 10)).save(content / "images" / "dance.gif")
    (content / "images" / "broken.jpg").write_bytes(b"not a picture")
    for name in ("images/logo.svg", "images/dance.gif", "images/nope.jpg", "images/broken.jpg"):
        assert make(folders, name) is None


def test_a_phone_photo_is_turned_upright(folders):
    content = folders[0]
    photo = Image.new("RGB", (800, 400), "white")
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to view
    photo.save(content / "images" / "phone.jpg", exif=exif)
    picture = make(folders, "images/phone.jpg")
    assert (picture.width, picture.height) == (400, 800)


# --- Social card ----------------------------------------------------------------------------------

CARD = Card(title="Night Drive", artist="Nova Lights", kicker="Single · out 5 December 2026", accent="#cc1f63",
            cover=str(COVER), footer="novalights.example")


def test_the_card_is_a_1200_by_630_jpeg_drawn_the_same_every_time():
    data = socialcards.draw(CARD)
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size, image.mode) == ("JPEG", (1200, 630), "RGB")
    assert socialcards.draw(CARD) == data
    assert len(data) < 200_000


def test_the_card_is_cached_by_everything_drawn_on_it(tmp_path, monkeypatch):
    target = tmp_path / "out" / "card.jpg"
    assert socialcards.write_card(CARD, str(tmp_path / "cache"), target) is True
    first = target.read_bytes()
    target.unlink()
    assert socialcards.write_card(CARD, str(tmp_path / "cache"), target) is False  # copied, not drawn
    assert target.read_bytes() == first
    renamed = Card(**{**CARD.__dict__, "title": "Night Drive (Extended)"})
    assert renamed.key() != CARD.key()
    assert Card(**{**CARD.__dict__, "kicker": "Single · 2026"}).key() != CARD.key()


def test_a_card_without_a_cover_and_with_a_long_title_still_draws():
    card = Card(title="A very long title that goes on and on and on past any reasonable length for a song",
                artist="Nova Lights", kicker="Album · 2025", accent="#cc1f63")
    with Image.open(io.BytesIO(socialcards.draw(card))) as image:
        assert image.size == (1200, 630)


# --- Calendar file --------------------------------------------------------------------------------

def event(**overrides):
    fields = {"uid": "release-night-drive@novalights.example", "day": dt.date(2026, 12, 5),
              "summary": "Night Drive by Nova Lights is out", "stamp": dt.date(2026, 11, 21),
              "description": "Our new single, with Mara K; out 5 December.",
              "url": "https://novalights.example/releases/night-drive/"}
    return release_day_event(**{**fields, **overrides})


def test_the_calendar_file_is_one_valid_all_day_event():
    text = event()
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    (vevent,) = calendar.walk("VEVENT")
    assert vevent.decoded("DTSTART") == dt.date(2026, 12, 5)  # a date, not a date-time: all day
    assert vevent.decoded("DTEND") == dt.date(2026, 12, 6)
    assert vevent["SUMMARY"] == "Night Drive by Nova Lights is out"
    assert vevent["DESCRIPTION"] == "Our new single, with Mara K; out 5 December."
    assert vevent["UID"] == "release-night-drive@novalights.example"
    assert str(vevent["URL"]) == "https://novalights.example/releases/night-drive/"
    assert vevent.decoded("DTSTAMP") == dt.datetime(2026, 11, 21, tzinfo=dt.UTC)
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_long_lines_fold_between_characters_not_inside_them():
    line = "DESCRIPTION:" + "Sodium lights — über alles, ✨ " * 10
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line
    calendar = icalendar.Calendar.from_ical(event(description="Sodium lights — über alles, ✨ " * 10))
    assert calendar.walk("VEVENT")[0]["DESCRIPTION"] == "Sodium lights — über alles, ✨ " * 10


def test_text_is_escaped():
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_a_cmyk_cover_becomes_rgb_without_its_cmyk_profile(folders):
    content = folders[0]
    Image.new("CMYK", (500, 500), (0, 255, 255, 0)).save(content / "images" / "print.jpg", icc_profile=b"fake")
    picture = make(folders, "images/print.jpg")
    for variant in picture.srcset + picture.webp:
        with Image.open(folders[1] / variant.url) as image:
            assert image.mode == "RGB" and "icc_profile" not in image.info


def test_at_full_size_the_smaller_of_the_original_and_the_re_encoding_is_served(folders):
    picture = make(folders)
    largest = folders[1] / picture.srcset[-1].url
    assert largest.stat().st_size <= COVER.stat().st_size  # never more than the artist's own file


def test_a_photo_with_camera_metadata_is_always_re_encoded(folders):
    content = folders[0]
    exif = Image.Exif()
    exif[0x8825] = {2: (51.0, 22.0, 50.0)}  # GPS latitude: where the photo was taken
    with Image.open(COVER) as image:
        image.save(content / "images" / "gps.jpg", exif=exif, quality=98)
    with Image.open(content / "images" / "gps.jpg") as source:
        assert "exif" in source.info
    picture = make(folders, "images/gps.jpg")
    with Image.open(folders[1] / picture.srcset[-1].url) as image:
        assert "exif" not in image.info
