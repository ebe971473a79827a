"""presets.py: every theme preset is readable in both schemes, and artist.yml picks one by name or near miss."""
from __future__ import annotations

import pytest

from conftest import ROOT
from fanzine.content.check import check_site
from fanzine.theme import presets
from fanzine.theme.colours import TEXT_CONTRAST, contrast
from fanzine.theme.presets import PRESETS

SCHEMES = ("light", "dark")
# accents artists really pick, awkward ones included: every preset keeps each of them readable
ACCENTS = ["#ffe600", "#ffffff", "#000000", "#cc1f63", "#00ff00", "#00ffff", "#0000ff", "#808080", "#6666ff",
           "#ff8800", "#4b0082", "#c6f700", "#2f6b4f", "#fffff0"]


def test_there_are_at_least_six_presets_named_for_scenes():
    assert {"synthwave", "lo-fi", "afro-house", "drum-and-bass", "indie-folk", "minimal"} <= set(PRESETS)
    assert presets.DEFAULT in PRESETS


def test_each_preset_is_its_own_look_not_a_recolour():
    looks = {(p.heading_font, p.body_font, p.radius, p.background) for p in PRESETS.values()}
    assert len(looks) == len(PRESETS)
    assert len({p.heading_font for p in PRESETS.values()}) == len(PRESETS)  # six type pairings


@pytest.mark.parametrize("name", list(PRESETS))
@pytest.mark.parametrize("scheme", SCHEMES)
def test_words_read_on_every_surface(name, scheme):
    palette = getattr(PRESETS[name], scheme)
    for text in (palette.text, palette.muted):
        for background in (palette.bg, palette.surface):
            assert contrast(text, background) >= TEXT_CONTRAST, f"{name} {scheme}: {text} on {background}"


@pytest.mark.parametrize("name", list(PRESETS))
@pytest.mark.parametrize("accent", [None, *ACCENTS])
def test_any_accent_reads_on_every_preset(name, accent):
    preset = PRESETS[name]
    look = presets.look({"theme": name, **({"accent": accent} if accent else {})}, ROOT / "themes" / "fanzine")
    colours = look.colours()
    for scheme, prefix in (("light", ""), ("dark", "dark-")):
        palette = getattr(preset, scheme)
        for background in (palette.bg, palette.surface):
            assert contrast(colours[prefix + "accent-text"], background) >= TEXT_CONTRAST, (scheme, background)
        assert contrast(colours[prefix + "on-accent"], colours[prefix + "accent"]) >= TEXT_CONTRAST, scheme
    assert contrast(colours["dark-accent"], preset.dark.bg) >= 3  # a button shows against the dark page


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_has_its_own_stylesheet(name):
    assert (ROOT / "themes" / "fanzine" / "presets" / f"{name}.css").is_file()


@pytest.mark.parametrize("typed, found", [
    ("synthwave", "synthwave"), ("Synthwave", "synthwave"), ("lofi", "lo-fi"), ("Lo-Fi", "lo-fi"),
    ("Drum & Bass", "drum-and-bass"), ("dnb", "drum-and-bass"), ("drum_and_bass", "drum-and-bass"),
    ("afro house", "afro-house"), ("Indie Folk", "indie-folk"), ("folk", "indie-folk"), ("minimal", "minimal"),
])
def test_a_preset_is_found_by_name_or_alias(typed, found):
    assert presets.find(typed).name == found


def write_site(tmp_path, artist_extra: str, monkeypatch):
    monkeypatch.chdir(tmp_path)  # messages name files as the artist sees them from their project
    content = tmp_path / "content"
    content.mkdir()
    (content / "artist.yml").write_text(f"name: Glass Harbour\n{artist_extra}", encoding="utf-8")
    return check_site(content)


@pytest.mark.parametrize("line, message", [
    ("theme: synthwav\n", "content/artist.yml: theme: expected one of the themes: afro-house, drum-and-bass, "
                          "indie-folk, lo-fi, minimal, synthwave, got \"synthwav\"; did you mean 'synthwave'?"),
    ("theme: lofi-beats\n", "content/artist.yml: theme: expected one of the themes: afro-house, drum-and-bass, "
                            "indie-folk, lo-fi, minimal, synthwave, got \"lofi-beats\"; did you mean 'lo-fi'?"),
    ("theme: vaporwave\n", "content/artist.yml: theme: expected one of the themes: afro-house, drum-and-bass, "
                           "indie-folk, lo-fi, minimal, synthwave, got \"vaporwave\" (see docs/themes.md)"),
    ("theme: 7\n", "content/artist.yml: theme: expected one of the themes: afro-house, drum-and-bass, "
                   "indie-folk, lo-fi, minimal, synthwave, got 7 (see docs/themes.md)"),
    ("fonts: { heading: orbiton }\n",
     "content/artist.yml: fonts.heading: expected one of the fonts Fanzine ships: anton, chivo-mono, dm-sans, "
     "fraunces, fredoka, inter, nunito, orbitron, space-grotesk, syne, system, got \"orbiton\"; "
     "did you mean 'orbitron'?"),
    ("fonts: { body: Anton }\n",
     "content/artist.yml: fonts.body: Anton is a display font for headings only; for body text expected one of: "
     "chivo-mono, dm-sans, fraunces, fredoka, inter, nunito, space-grotesk, syne, system"),
    ("fonts: { body: comic-sans }\n",
     "content/artist.yml: fonts.body: expected one of the fonts Fanzine ships: chivo-mono, dm-sans, fraunces, "
     "fredoka, inter, nunito, space-grotesk, syne, system, got \"comic-sans\"; did you mean 'dm-sans'?"),
    ("fonts: { body: papyrus }\n",
     "content/artist.yml: fonts.body: expected one of the fonts Fanzine ships: chivo-mono, dm-sans, fraunces, "
     "fredoka, inter, nunito, space-grotesk, syne, system, got \"papyrus\" (see docs/themes.md)"),
    ("fonts: { title: inter }\n", "content/artist.yml: fonts.title: unknown key; expected one of: body, heading"),
    ("background: images/missing.jpg\n",
     "content/artist.yml: background: the picture content/images/missing.jpg does not exist"),
])
def test_a_mistake_in_the_look_gets_one_clear_message(tmp_path, monkeypatch, line, message):
    site = write_site(tmp_path, line, monkeypatch)
    assert [str(p) for p in site.problems if not p.warning] == [message]


def test_names_are_cleaned_to_what_the_build_uses(tmp_path, monkeypatch):
    site = write_site(tmp_path, "theme: Drum & Bass\nfonts: { heading: Space Grotesk, body: SYSTEM }\n", monkeypatch)
    assert not site.errors
    assert site.artist["theme"] == "drum-and-bass"
    assert site.artist["fonts"] == {"heading": "space-grotesk", "body": "system"}


def test_the_look_takes_artist_yml_overrides():
    theme = ROOT / "themes" / "fanzine"
    plain = presets.look({"theme": "indie-folk"}, theme)
    assert plain.accent == PRESETS["indie-folk"].accent and plain.heading_font == plain.body_font == "fraunces"
    assert [face.font.id for face in plain.typefaces] == ["fraunces"]
    assert plain.typefaces[0].weights == (400, 700)  # one file: body 400 to 700, headings at 600 inside it
    changed = presets.look({"theme": "indie-folk", "accent": "#3d7ea6",
                            "fonts": {"heading": "anton", "body": "system"}}, theme)
    assert changed.accent == "#3d7ea6"
    assert [(face.font.id, face.weights) for face in changed.typefaces] == [("anton", (400, 400))]
    assert changed.stack("body").startswith("system-ui")


def test_head_rules_open_every_stylesheet_with_fonts_and_both_schemes():
    settings = {"FANZINE_LOOK": presets.look({"theme": "lo-fi"}, ROOT / "themes" / "fanzine"), "SITEURL": ""}
    css = presets.head_rules(settings)
    assert css.startswith('@font-face{font-family:"Fredoka"')
    assert 'src:url("/theme/fonts/nunito-latin.woff2") format("woff2")' in css
    assert ":root{--bg:#f5eee5;" in css and "@media (prefers-color-scheme:dark){:root{--bg:#1d1a25;" in css
    assert "--font-heading:\"Fredoka\"," in css and "--button-radius:2rem" in css
