#!/usr/bin/env python3
"""The theme gallery: the example hub built once per theme preset and photographed on a phone, light and dark.

    make gallery                                    # = .venv/bin/python scripts/gallery.py
    .venv/bin/python scripts/gallery.py lo-fi       # one preset
    .venv/bin/python scripts/gallery.py --look /tmp/looks   # every front door at 390 and 1280 px, for review

For each preset (plugins/fanzine/presets.py) it copies examples/nova-lights,
sets `theme:` in its artist.yml (and drops the example's own accent and
background, so each preset shows its own colours), builds it, serves it on
127.0.0.1 and has Chromium photograph the link page and the home page at
390 x 844 in light and dark. The pictures go to docs/themes/<preset>.png (the
four views side by side, as a small palette PNG) and docs/themes.md is
written from the presets table, so the page always shows every preset. The
example itself, with its own accent and background picture, goes to
docs/themes/own-picture.png.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "nova-lights"
DOCS = ROOT / "docs"
PICTURES = DOCS / "themes"
AS_OF = "2026-11-21"
PHONE = {"width": 390, "height": 844}
SHOWN = [("/links/", "link page"), ("/", "home")]
OWN = "own-picture"  # the example as it ships: its own accent and background picture
LOOK_PAGES = ["/", "/links/", "/releases/night-drive/", "/releases/glasshouse-hours/", "/go/night-drive/"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
sys.path.insert(0, str(ROOT / "plugins"))


def with_theme(content: Path, preset: str, own_colours: bool = False) -> None:
    """Set `theme: <preset>` in a content folder's artist.yml; without own_colours, drop its accent and background."""
    artist = content / "artist.yml"
    lines = [line for line in artist.read_text(encoding="utf-8").splitlines()
             if not re.match(r"\s*#?\s*theme:", line)
             and (own_colours or not re.match(r"\s*#?\s*(accent|background):", line))]
    lines.append(f"theme: {preset}")
    artist.write_text("\n".join(lines) + "\n", encoding="utf-8")


def build(content: Path, output: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)]),
           "FANZINE_HOST": "own-server"}
    env.pop("FANZINE_AS_OF", None)
    command = [sys.executable, "-m", "fanzine.cli", "build", "--content", str(content), "--output", str(output),
               "--as-of", AS_OF, "--quiet"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise SystemExit(f"the example hub did not build:\n{result.stdout}\n{result.stderr}")


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def photograph(url: str, shots: list[tuple[str, str, dict, bool]]) -> dict[str, bytes]:
    """(name, path, viewport, full page) → PNG bytes, light and dark: {name-scheme: png}."""
    from playwright.sync_api import sync_playwright

    pictures = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                             headless=True, args=CHROMIUM_ARGS)
        try:
            for scheme in ("light", "dark"):
                for name, path, viewport, full in shots:
                    context = browser.new_context(viewport=viewport, color_scheme=scheme, device_scale_factor=1)
                    page = context.new_page()
                    page.goto(url + path, wait_until="networkidle")
                    page.evaluate("document.fonts.ready")
                    pictures[f"{name}-{scheme}"] = page.screenshot(full_page=full)
                    context.close()
        finally:
            browser.close()
    return pictures


def sheet(pictures: list[bytes], gap: int = 12) -> bytes:
    """Pictures side by side on one small palette PNG."""
    from PIL import Image

    opened = [Image.open(io.BytesIO(data)).convert("RGB") for data in pictures]
    width = sum(p.width for p in opened) + gap * (len(opened) - 1)
    canvas = Image.new("RGB", (width, max(p.height for p in opened)), "#ffffff")
    x = 0
    for picture in opened:
        canvas.paste(picture, (x, 0))
        x += picture.width + gap
    small = canvas.resize((canvas.width // 2, canvas.height // 2), Image.LANCZOS)
    out = io.BytesIO()
    small.quantize(192, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.FLOYDSTEINBERG).save(out, "PNG",
                                                                                                 optimize=True)
    return out.getvalue()


def page_md(presets: dict) -> str:
    from fanzine.theme import fonts

    lines = ["# Themes", "",
             "Each theme is a preset named for a scene: colours for light and dark mode, a pair of fonts, shapes and "
             "a backdrop behind your name. Pick one in `content/artist.yml`, then change what you like "
             "(see [Making it yours](#making-it-yours)).", "",
             "Every picture below is the example hub on a phone, made by `make gallery` (the link page and the "
             "home page, in light mode then dark mode), so what you see is what your fans get.", ""]
    for preset in presets.values():
        heading = fonts.FONTS.get(preset.heading_font)
        body = fonts.FONTS.get(preset.body_font)
        pair = (heading.family if heading else "your phone's own font") + (
            "" if preset.body_font == preset.heading_font else
            f" for headings, {body.family if body else 'your phone’s own font'} for the rest")
        lines += [f"## {preset.title}", "", preset.scene, "", "```yaml", f"theme: {preset.name}", "```", "",
                  f"Fonts: {pair}. Backdrop: {preset.background}. Accent when you set none: `{preset.accent}`.", "",
                  f"![The {preset.title} theme on a phone: link page and home, light and dark]"
                  f"(themes/{preset.name}.png)", ""]
    lines += [
        "## Making it yours", "",
        "The example hub as it ships: `theme: synthwave` with its own accent and a background picture behind "
        "its name (darkened in dark mode and lightened in light mode just enough for the words to read):", "",
        "![The example hub with its own background picture: link page and home, light and dark]"
        "(themes/own-picture.png)", "",
        "Three more keys in `content/artist.yml` change a theme without leaving it:", "",
        "```yaml",
        "theme: lo-fi",
        'accent: "#3d7ea6"              # your colour for buttons and links (the theme keeps it readable)',
        "background: images/window.jpg  # a wide picture behind your name on the home and link pages",
        "fonts: { heading: fraunces, body: system }   # any font below; system = the phone's own, no download",
        "```", "",
        "The fonts Fanzine ships (all under the SIL Open Font License, served from your own site, cut down to the "
        "letters your pages use): " + ", ".join(f"`{f.id}` ({f.family}{', headings only' if f.display else ''})"
                                                 for f in fonts.FONTS.values()) + ", and `system`.", "",
        "A name Fanzine does not know gets a message with the closest one: `theme: lofi-beats` → "
        "*expected one of the themes: …, got \"lofi-beats\"; did you mean 'lo-fi'?*", "",
        "Whatever you pick, the build moves your accent just enough to read on the theme's backgrounds, works out "
        "how much to darken (or lighten) your background picture so your name and tagline read over it, and the "
        "tests check every theme with axe (WCAG 2.2 AA, contrast included) in light and dark mode.", "",
        "To make these pictures again: `make gallery`.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from fanzine.theme.presets import PRESETS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("presets", nargs="*", help="presets to photograph (default: all)")
    parser.add_argument("--look", type=Path, help="write every front door at 390 and 1280 px here instead of docs/")
    args = parser.parse_args(argv)
    chosen = args.presets or [*PRESETS, OWN]
    unknown = [name for name in chosen if name not in PRESETS and name != OWN]
    if unknown:
        print(f"unknown preset(s): {', '.join(unknown)}; expected some of: {', '.join([*PRESETS, OWN])}",
              file=sys.stderr)
        return 2
    PICTURES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        for name in chosen:
            content, output = Path(scratch) / name / "content", Path(scratch) / name / "output"
            shutil.copytree(EXAMPLE, content)
            if name != OWN:
                with_theme(content, name)
            build(content, output)
            server = serve(output)
            url = f"http://127.0.0.1:{server.server_address[1]}"
            try:
                if args.look:
                    args.look.mkdir(parents=True, exist_ok=True)
                    shots = [(f"{name}-{path.strip('/').replace('/', '_') or 'home'}-{width}", path,
                              {"width": width, "height": 844 if width < 800 else 900}, False)
                             for width in (390, 1280) for path in LOOK_PAGES]
                    for key, data in photograph(url, shots).items():
                        (args.look / f"{key}.png").write_bytes(data)
                    print(f"{name}: {len(shots) * 2} pictures in {args.look}")
                    continue
                shots = [(label, path, PHONE, False) for path, label in SHOWN]
                taken = photograph(url, shots)
                order = [f"{label}-{scheme}" for scheme in ("light", "dark") for _path, label in SHOWN]
                target = PICTURES / f"{name}.png"
                target.write_bytes(sheet([taken[key] for key in order]))
                print(f"{name}: {target.relative_to(ROOT)} ({target.stat().st_size // 1024} KB)")
            finally:
                server.shutdown()
    if not args.look:
        (DOCS / "themes.md").write_text(page_md(PRESETS), encoding="utf-8")
        print("docs/themes.md written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
