"""The artist's accent colour made readable: WCAG contrast on a theme's light and dark backgrounds."""
from __future__ import annotations

LIGHT_BACKGROUND = "#ffffff"
DARK_BACKGROUND = "#121214"
TEXT_CONTRAST = 4.5  # WCAG 2.2 AA for body text


def _channels(colour: str) -> tuple[float, float, float]:
    red, green, blue = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return red, green, blue


def luminance(colour: str) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(colour: str, target: str, amount: float) -> str:
    pairs = zip(_channels(colour), _channels(target), strict=True)
    mixed = (round((1 - amount) * x * 255 + amount * y * 255) for x, y in pairs)
    return "#" + "".join(f"{c:02x}" for c in mixed)


def readable_on(colour: str, background: str, *others: str) -> str:
    """The accent, moved toward black or white just enough to read as text on `background` (and on `others`,
    a theme's card surfaces, which lie on the same side of mid-grey)."""
    target = "#000000" if luminance(background) > 0.5 else "#ffffff"
    for step in range(0, 101, 2):
        candidate = mix(colour, target, step / 100)
        if all(contrast(candidate, b) >= TEXT_CONTRAST for b in (background, *others)):
            return candidate
    return target


def text_on(colour: str) -> str:
    """White or near-black text on an accent-coloured button, whichever reads better."""
    return "#ffffff" if contrast("#ffffff", colour) >= contrast("#111111", colour) else "#111111"


def palette(accent: str, light: tuple[str, ...] = (LIGHT_BACKGROUND,),
            dark: tuple[str, ...] = (DARK_BACKGROUND,)) -> dict[str, str]:
    """CSS custom properties for both colour schemes.

    `light` and `dark` are each scheme's page background, then any surfaces text sits on
    (cards): accent-coloured text reads on all of them, and a button shows against the page.
    """
    light_button = readable_on(accent, "#ffffff") if max(contrast("#ffffff", accent),
                                                         contrast("#111111", accent)) < TEXT_CONTRAST else accent
    dark_button = readable_on(accent, dark[0]) if contrast(accent, dark[0]) < 3 else accent
    if max(contrast("#ffffff", dark_button), contrast("#111111", dark_button)) < TEXT_CONTRAST:
        # mid-tones (#6666ff) show on the dark page but neither text colour reads on them: lighten
        dark_button = readable_on(dark_button, "#111111")
    return {
        "accent": light_button,
        "on-accent": text_on(light_button),
        "accent-text": readable_on(accent, *light),
        "dark-accent": dark_button,
        "dark-on-accent": text_on(dark_button),
        "dark-accent-text": readable_on(accent, *dark),
    }
