#!/usr/bin/env python3
"""Fetch the fonts Fanzine ships into themes/fanzine/fonts/, from npm's @fontsource packages.

    .venv/bin/python scripts/update_fonts.py            # every font in FONTS below
    .venv/bin/python scripts/update_fonts.py inter      # one of them

Each font gets a folder with its Latin and Latin Extended files (WOFF2; the
variable "wght" file where the family has one) and its licence. All of them are
under the SIL Open Font License 1.1 without a Reserved Font Name, so the build
may subset them (plugins/fanzine/fonts.py) and keep their names.

Adding a font: add a line here (npm package, version, file prefix), run this
script, then add the font to plugins/fanzine/fonts.py's FONTS table and to
docs/themes.md. Never point a page at another host: fonts are served from the site.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "themes" / "fanzine" / "fonts"
# id: (npm package, version, file prefix inside the package's files/ folder)
FONTS = {
    "anton": ("@fontsource/anton", "5.3.0", "anton-{subset}-400-normal"),
    "chivo-mono": ("@fontsource-variable/chivo-mono", "5.3.0", "chivo-mono-{subset}-wght-normal"),
    "dm-sans": ("@fontsource-variable/dm-sans", "5.3.0", "dm-sans-{subset}-wght-normal"),
    "fraunces": ("@fontsource-variable/fraunces", "5.3.0", "fraunces-{subset}-wght-normal"),
    "fredoka": ("@fontsource-variable/fredoka", "5.3.0", "fredoka-{subset}-wght-normal"),
    "inter": ("@fontsource-variable/inter", "5.3.0", "inter-{subset}-wght-normal"),
    "nunito": ("@fontsource-variable/nunito", "5.3.0", "nunito-{subset}-wght-normal"),
    "orbitron": ("@fontsource-variable/orbitron", "5.3.0", "orbitron-{subset}-wght-normal"),
    "space-grotesk": ("@fontsource-variable/space-grotesk", "5.3.0", "space-grotesk-{subset}-wght-normal"),
    "syne": ("@fontsource-variable/syne", "5.3.0", "syne-{subset}-wght-normal"),
}
SUBSETS = ("latin", "latin-ext")


def fetch(font_id: str, work: Path) -> None:
    package, version, prefix = FONTS[font_id]
    packed = subprocess.run(["npm", "pack", "--silent", f"{package}@{version}"], cwd=work, check=True,
                            capture_output=True, text=True).stdout.split()[-1]
    unpacked = work / font_id
    with tarfile.open(work / packed) as archive:
        archive.extractall(unpacked, filter="data")
    files = unpacked / "package" / "files"
    licence = (unpacked / "package" / "LICENSE").read_text(encoding="utf-8")
    if "Reserved Font Name" in licence.split("PREAMBLE")[0]:
        raise SystemExit(f"{package} declares a Reserved Font Name: a subset could not keep its name")
    folder = TARGET / font_id
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for subset in SUBSETS:
        source = files / (prefix.format(subset=subset) + ".woff2")
        if source.is_file():
            shutil.copyfile(source, folder / f"{subset}.woff2")
    (folder / "LICENSE").write_text(licence, encoding="utf-8")
    metadata = json.loads((unpacked / "package" / "metadata.json").read_text(encoding="utf-8"))
    (folder / "SOURCE").write_text(f"{package}@{version} ({metadata['family']}, {metadata['license']['type']}): "
                                   f"{metadata['license']['attribution']}\n", encoding="utf-8")
    print(f"{font_id}: " + ", ".join(f"{p.name} {p.stat().st_size:,} B" for p in sorted(folder.glob("*.woff2"))))


def main(argv: list[str]) -> int:
    wanted = argv or sorted(FONTS)
    unknown = [name for name in wanted if name not in FONTS]
    if unknown:
        print(f"unknown font(s): {', '.join(unknown)}; expected some of: {', '.join(sorted(FONTS))}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as work:
        for font_id in wanted:
            fetch(font_id, Path(work))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
