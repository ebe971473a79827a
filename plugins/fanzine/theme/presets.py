"""Theme presets: how a hub looks, named for the scene it belongs to, as a table of design tokens.

artist.yml picks one (`theme: synthwave`) and may override its accent
(`accent:`), its fonts (`fonts: { heading: ..., body: ... }`) and its backdrop
(`background: images/x.jpg`, see marks.py). A preset is data: light and dark
palettes, a type pairing (fonts.py), surfaces, corner radii and the background
treatment its own stylesheet draws (themes/fanzine/presets/<name>.css).

Every stylesheet the build writes opens with `head_rules()`: the fonts'
@font-face rules and the tokens as CSS custom properties for both colour
schemes, with the accent moved where needed so it reads on this preset's own
backgrounds (colours.py). `skin()` is the preset's stylesheet, appended to the
theme's before a front door's stylesheet is cut down to what its pages use.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..content.schema import Field
from ..errors import format_got
from . import colours, fonts


@dataclass(frozen=True)
class Palette:
    """One colour scheme. text and muted read on bg and surface at 4.5:1 or better (tests/test_presets.py)."""

    bg: str
    surface: str
    text: str
    muted: str
    border: str


@dataclass(frozen=True)
class Preset:
    name: str  # what artist.yml says: theme: lo-fi
    title: str  # how docs/themes.md names it
    scene: str  # one line on who it is for
    accent: str  # the accent when artist.yml sets none
    light: Palette
    dark: Palette
    heading_font: str  # a fonts.FONTS id, or fonts.SYSTEM
    body_font: str
    heading_weight: int = 700
    heading_case: str = "none"  # text-transform of headings
    heading_tracking: str = "normal"  # letter-spacing of headings
    heading_scale: float = 1.0  # wide display faces run smaller
    radius: str = "0.75rem"  # cards, blocks, covers
    button_radius: str = "0.75rem"
    border_width: str = "1px"
    background: str = "none"  # what presets/<name>.css draws behind the page, for the docs
    signature: str = "light"  # the scheme that says most about the scene: the home-screen splash colour
    aliases: tuple[str, ...] = field(default=())


PRESETS = {preset.name: preset for preset in (
    Preset(
        name="synthwave", title="Synthwave",
        scene="Retro-futurist night drives: neon on deep violet, chrome type, a sunset over a glowing grid.",
        accent="#ff3e7f",
        light=Palette(bg="#fbf5ff", surface="#f1e4fa", text="#1f1238", muted="#5a4778", border="#d9c4ea"),
        dark=Palette(bg="#100a22", surface="#1c1236", text="#f6efff", muted="#bcaad9", border="#3a2a63"),
        heading_font="orbitron", body_font="space-grotesk", heading_weight=800, heading_tracking="0.02em",
        heading_scale=0.86, radius="0.5rem", button_radius="0.35rem",
        background="a sunset glow over a perspective grid", signature="dark", aliases=("synth", "retrowave", "outrun"),
    ),
    Preset(
        name="lo-fi", title="Lo-fi",
        scene="Cozy beats to study to: warm lamplight, soft rounded type, paper grain, a rainy window at night.",
        accent="#b5532f",
        light=Palette(bg="#f5eee5", surface="#ece2d5", text="#3a2f2a", muted="#655850", border="#d9cbbb"),
        dark=Palette(bg="#1d1a25", surface="#292535", text="#f1e8de", muted="#b7ab9f", border="#3d3849"),
        heading_font="fredoka", body_font="nunito", heading_weight=600, radius="1.25rem", button_radius="2rem",
        background="film grain and two soft glows: lamplight and window", signature="dark",
        aliases=("lofi", "lo-fi-hip-hop", "chill"),
    ),
    Preset(
        name="afro-house", title="Afro house",
        scene="Sunset on the dancefloor: warm sand and burnt orange, bold wide type, a woven band of colour.",
        accent="#c2410c",
        light=Palette(bg="#fcf5ea", surface="#f4e5cd", text="#2a1709", muted="#68472d", border="#e3cca9"),
        dark=Palette(bg="#170f09", surface="#261a10", text="#fcefdc", muted="#d0b696", border="#43301f"),
        heading_font="syne", body_font="dm-sans", heading_weight=800, heading_case="uppercase",
        heading_tracking="0.01em", heading_scale=0.92, radius="1rem", button_radius="2rem",
        background="a low sun and a woven band of colour", aliases=("afrohouse", "amapiano", "afro"),
    ),
    Preset(
        name="drum-and-bass", title="Drum and bass",
        scene="Warehouse at 3 a.m.: black and acid green, condensed capitals, monospaced notes, hard edges.",
        accent="#c6f700",
        light=Palette(bg="#e9e9e5", surface="#f7f7f4", text="#0c0c0d", muted="#48484e", border="#0c0c0d"),
        dark=Palette(bg="#0a0a0b", surface="#161618", text="#f4f4f5", muted="#a9a9b2", border="#3a3a40"),
        heading_font="anton", body_font="chivo-mono", heading_weight=400, heading_case="uppercase",
        heading_tracking="0.02em", heading_scale=1.08, radius="0", button_radius="0", border_width="2px",
        background="scanlines and a hazard stripe", signature="dark",
        aliases=("dnb", "drum-n-bass", "jungle", "drumandbass"),
    ),
    Preset(
        name="indie-folk", title="Indie folk",
        scene="Songs from the cabin: paper and ink, a soft old-style serif, forest green, pencil rules.",
        accent="#2f6b4f",
        light=Palette(bg="#f7f2e8", surface="#ede5d4", text="#2b2a25", muted="#5b564a", border="#d5cbb6"),
        dark=Palette(bg="#191b16", surface="#23261f", text="#ede7d7", muted="#b7ae9b", border="#3b3e33"),
        heading_font="fraunces", body_font="fraunces", heading_weight=600, heading_tracking="-0.01em",
        radius="0.4rem", button_radius="0.4rem",
        background="paper grain", aliases=("folk", "indie", "acoustic", "singer-songwriter"),
    ),
    Preset(
        name="minimal", title="Minimal",
        scene="Nothing but the music: white or black, one clean typeface, your colour on the buttons.",
        accent="#c2185b",
        light=Palette(bg="#ffffff", surface="#f4f4f5", text="#18181b", muted="#52525b", border="#e4e4e7"),
        dark=Palette(bg="#0f0f10", surface="#1c1c1f", text="#f4f4f5", muted="#a1a1aa", border="#303034"),
        heading_font="inter", body_font="inter", heading_weight=750, heading_tracking="-0.02em",
        radius="0.75rem", button_radius="0.75rem",
        background="a faint glow of your accent", aliases=("clean", "simple", "default"),
    ),
)}
DEFAULT = "minimal"  # a hub whose artist.yml names no theme


def normalise(name: str) -> str:
    """'Drum & Bass', 'drum_and_bass' and 'Drum and bass' are the same preset."""
    return re.sub(r"[\s_]+", "-", name.strip().lower().replace("&", "and"))


def find(name: str) -> Preset | None:
    """The preset artist.yml names (by name or alias), or None."""
    wanted = normalise(name)
    for preset in PRESETS.values():
        if wanted == preset.name or wanted in preset.aliases:
            return preset
    return None


def nearest(typed: str) -> Preset | None:
    """The preset a near miss meant: a typo ('synthwav'), or a name with more words ('lofi-beats')."""
    wanted = normalise(typed)
    names = sorted(PRESETS) + sorted(a for p in PRESETS.values() for a in p.aliases)
    close = difflib.get_close_matches(wanted, names, n=1)
    if not close:
        close = [name for name in names if len(name) >= 4 and wanted.startswith(name)][:1]
    return find(close[0]) if close else None


class PresetName(Field):
    """artist.yml's `theme:`: one of the presets, with a did-you-mean for a near miss."""

    expected = "one of the themes: " + ", ".join(sorted(PRESETS))

    def check(self, value, key, report):
        preset = find(value) if isinstance(value, str) and value.strip() else None
        if preset is not None:
            return preset.name
        close = nearest(value) if isinstance(value, str) else None
        hint = f"; did you mean '{close.name}'?" if close else " (see docs/themes.md)"
        return report.error(key, f"expected {self.expected}, got {format_got(value)}{hint}")


# --- one site's look ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Look:
    """A site's preset with artist.yml's overrides applied: what the stylesheets and templates use."""

    preset: Preset
    accent: str
    heading_font: str
    body_font: str
    typefaces: tuple[fonts.Typeface, ...]
    scrim: tuple[float, float] | None = None  # the hero picture's overlay, light and dark (marks.py)

    def colours(self) -> dict[str, str]:
        """Both schemes' colours as custom properties: name → value, the dark ones prefixed dark-."""
        light, dark = self.preset.light, self.preset.dark
        found = {**_palette_vars(light), **{f"dark-{k}": v for k, v in _palette_vars(dark).items()}}
        found.update(colours.palette(self.accent, (light.bg, light.surface), (dark.bg, dark.surface)))
        found["glow"] = colours.mix(self.accent, light.bg, 0.8)
        found["dark-glow"] = colours.mix(self.accent, dark.bg, 0.75)
        return found

    def stack(self, role: str) -> str:
        name = self.heading_font if role == "heading" else self.body_font
        return fonts.SYSTEM_STACKS[role] if name == fonts.SYSTEM else fonts.FONTS[name].stack()


def _palette_vars(palette: Palette) -> dict[str, str]:
    return {"bg": palette.bg, "surface": palette.surface, "text": palette.text, "muted": palette.muted,
            "border": palette.border}


def look(artist: dict, theme_path: str | Path) -> Look:
    """The look artist.yml asks for (its keys are checked already: an unknown name falls back to the default)."""
    preset = find(artist.get("theme") or DEFAULT) or PRESETS[DEFAULT]
    chosen = artist.get("fonts") or {}
    heading = chosen.get("heading") or preset.heading_font
    body = chosen.get("body") or preset.body_font
    weight = preset.heading_weight if heading == preset.heading_font else 700
    faces = fonts.typefaces(heading, body, weight, Path(theme_path) / "fonts")
    return Look(preset=preset, accent=artist.get("accent") or preset.accent, heading_font=heading, body_font=body,
                typefaces=tuple(faces))


def head_rules(settings: dict) -> str:
    """What every stylesheet opens with: the fonts' @font-face rules and the look's tokens, light and dark."""
    site_look: Look = settings["FANZINE_LOOK"]
    preset = site_look.preset
    values = site_look.colours()
    light = {k: v for k, v in values.items() if not k.startswith("dark-")}
    dark = {k[5:]: v for k, v in values.items() if k.startswith("dark-")}
    heading_weight = preset.heading_weight if site_look.heading_font == preset.heading_font else 700
    light.update({
        "font-body": site_look.stack("body"),
        "font-heading": site_look.stack("heading"),
        "heading-weight": str(heading_weight),
        "heading-case": preset.heading_case,
        "heading-tracking": preset.heading_tracking,
        "heading-scale": f"{preset.heading_scale:g}",
        "radius": preset.radius,
        "button-radius": preset.button_radius,
        "border-width": preset.border_width,
    })
    if site_look.scrim:
        light["scrim"] = _scrim(preset.light.bg, site_look.scrim[0])
        dark["scrim"] = _scrim(preset.dark.bg, site_look.scrim[1])
    css = fonts.font_faces(list(site_look.typefaces), settings.get("SITEURL", ""))
    css += ":root{" + ";".join(f"--{k}:{v}" for k, v in light.items()) + "}\n"
    css += "@media (prefers-color-scheme:dark){:root{" + ";".join(f"--{k}:{v}" for k, v in dark.items()) + "}}\n"
    return css


def _scrim(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r} {g} {b} / {alpha:.2f})"


def skin(settings: dict) -> str:
    """The preset's own stylesheet (its background treatment and touches), to follow the theme's."""
    path = Path(settings["THEME"]) / "presets" / f"{settings['FANZINE_LOOK'].preset.name}.css"
    return "\n" + path.read_text(encoding="utf-8") if path.is_file() else ""
