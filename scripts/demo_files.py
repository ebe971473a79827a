"""Write the example hub's early-access files: two demo excerpts, a stem pack and a phone wallpaper.

Small and deterministic (same bytes on every run), so their sealed copies in
git only change when this script does. Run it from the project folder, then
seal them with the public development secret, as the template ships them:

    .venv/bin/python scripts/demo_files.py content/early/night-drive-demos
    .venv/bin/fanzine seal --development
"""
from __future__ import annotations

import io
import math
import struct
import sys
import wave
import zipfile
from pathlib import Path

from PIL import Image, ImageDraw

RATE = 16_000  # samples a second: small files that still sound like notes
NOTES = {"D3": 146.83, "F3": 174.61, "A3": 220.00, "C4": 261.63, "D4": 293.66, "E4": 329.63, "F4": 349.23,
         "G4": 392.00, "A4": 440.00, "C5": 523.25, "D5": 587.33}


def tone(notes: list[tuple[str, float]], harmonics: tuple[float, ...] = (1.0, 0.35, 0.15)) -> bytes:
    """16-bit mono samples of notes played one after another, each with a soft attack and release."""
    frames = bytearray()
    for name, seconds in notes:
        count = int(RATE * seconds)
        for n in range(count):
            envelope = min(1.0, n / (0.02 * RATE)) * min(1.0, (count - n) / (0.08 * RATE))
            value = sum(level * math.sin(2 * math.pi * NOTES[name] * (k + 1) * n / RATE)
                        for k, level in enumerate(harmonics))
            frames += struct.pack("<h", int(9000 * envelope * value))
    return bytes(frames)


def wav(samples: bytes) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(RATE)
        file.writeframes(samples)
    return out.getvalue()


def stem_pack() -> bytes:
    """A ZIP of one-bar stems, with fixed dates so the bytes never change."""
    stems = {
        "night-drive-stems/bass.wav": tone([("D3", 0.5), ("D3", 0.5), ("F3", 0.5), ("A3", 0.5)], (1.0, 0.5)),
        "night-drive-stems/synth-1.wav": tone([("D4", 1.0), ("C4", 1.0)]),
        "night-drive-stems/synth-2.wav": tone([("A4", 0.5), ("F4", 0.5), ("G4", 0.5), ("E4", 0.5)]),
        "night-drive-stems/lead-vocal-guide.wav": tone([("D5", 1.0), ("C5", 0.5), ("A4", 0.5)], (1.0, 0.1)),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, samples in sorted(stems.items()):
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, wav(samples))
        readme = zipfile.ZipInfo("night-drive-stems/README.txt", date_time=(2026, 11, 1, 0, 0, 0))
        archive.writestr(readme, "Night Drive stems, 120 BPM, D minor. Non-commercial use: remixes, edits, videos.\n")
    return out.getvalue()


def wallpaper() -> bytes:
    """A 540 x 960 phone wallpaper: a night sky over a road of sodium lights."""
    width, height = 540, 960
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        draw.line([(0, y), (width, y)], fill=(int(12 + 40 * t), int(10 + 18 * t), int(40 + 30 * (1 - t))))
    for i in range(14):  # the road's lights, smaller towards the horizon
        y = 540 + int(420 * (i / 13) ** 1.8)
        radius = 2 + i
        for x in (width // 2 - 30 - 14 * i, width // 2 + 30 + 14 * i):
            draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=(255, 170, 60))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def main(folder: str) -> None:
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    files = {
        "01-new-recording-871.wav": wav(tone([("D4", 0.4), ("F4", 0.4), ("A4", 0.8), ("G4", 0.4), ("F4", 1.0)])),
        "02-kitchen-table.wav": wav(tone([("A3", 0.5), ("D4", 0.5), ("F4", 0.5), ("A4", 0.5), ("C5", 0.5),
                                          ("A4", 1.0)])),
        "night-drive-stems.zip": stem_pack(),
        "night-drive-wallpaper.png": wallpaper(),
    }
    for name, data in files.items():
        (target / name).write_bytes(data)
        print(f"wrote {target / name} ({len(data):,} bytes)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "content/early/night-drive-demos")
