#!/usr/bin/env python3
"""Generate the example artwork in examples/nova-lights/images/ for the Nova Lights demo site.

Every picture is original abstract artwork drawn with Pillow: gradients, neon
suns, grids, mountains, orbits, lights. The output is deterministic: each image
has its own fixed random seed and JPEGs are written without EXIF or timestamps,
so running the script twice gives the same files on the same Pillow version.

    python3 scripts/make_example_images.py            # writes examples/nova-lights/images/*.jpg
    python3 scripts/make_example_images.py --out DIR  # somewhere else

Needs only Pillow (already a project dependency). Each JPEG is kept under
MAX_BYTES by lowering the quality a step at a time if needed.
"""

from __future__ import annotations

import argparse
import io
import itertools
import math
import random
import zlib
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
# the example hub's pictures; copy them into content/images/ too (the template ships content/ as a copy)
OUT_DIR = ROOT / "examples" / "nova-lights" / "images"
MAX_BYTES = 120_000
SS = 2  # supersampling factor for crisp anti-aliased shapes

Color = tuple[int, int, int]


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------

def hexc(value: str) -> Color:
    value = value.lstrip("#")
    return tuple(int(value[i:i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def lerp(a: float, b: float, t: float) -> float:
    return a + (b - a) * t


def mix(c1: Color, c2: Color, t: float) -> Color:
    return tuple(int(round(lerp(a, b, t))) for a, b in zip(c1, c2, strict=True))  # type: ignore[return-value]


def ramp(stops: list[tuple[float, str]], t: float) -> Color:
    """Colour at position t (0..1) of a multi-stop gradient."""
    cols = [(p, hexc(c)) for p, c in stops]
    if t <= cols[0][0]:
        return cols[0][1]
    for (p0, c0), (p1, c1) in itertools.pairwise(cols):
        if t <= p1:
            return mix(c0, c1, (t - p0) / max(p1 - p0, 1e-9))
    return cols[-1][1]


def vgradient(w: int, h: int, stops: list[tuple[float, str]]) -> Image.Image:
    col = Image.new("RGB", (1, h))
    col.putdata([ramp(stops, y / max(h - 1, 1)) for y in range(h)])
    return col.resize((w, h), Image.Resampling.NEAREST)


def hgradient(w: int, h: int, stops: list[tuple[float, str]]) -> Image.Image:
    row = Image.new("RGB", (w, 1))
    row.putdata([ramp(stops, x / max(w - 1, 1)) for x in range(w)])
    return row.resize((w, h), Image.Resampling.NEAREST)


def radial_mask(w: int, h: int, cx: float, cy: float, radius: float,
                power: float = 1.0) -> Image.Image:
    """L mask: 255 at (cx, cy) fading to 0 at `radius`."""
    # radial_gradient reaches 255 in the corners; the inscribed circle is at ~181
    lut = [int(255 * max(0.0, 1 - i / 181) ** power) for i in range(256)]
    g = Image.radial_gradient("L").point(lut)  # 256x256, 255 in the centre
    g = g.resize((int(radius * 2), int(radius * 2)), Image.Resampling.BILINEAR)
    mask = Image.new("L", (w, h), 0)
    mask.paste(g, (int(cx - radius), int(cy - radius)))
    return mask


def glow(base: Image.Image, layer: Image.Image, radii=(6, 18, 48),
         strength=(1.0, 0.8, 0.6)) -> Image.Image:
    """Screen a blurred copy of `layer` (plus the crisp layer) onto base."""
    out = base
    for r, s in zip(radii, strength, strict=True):
        blurred = layer.filter(ImageFilter.GaussianBlur(r))
        if s != 1.0:
            blurred = Image.eval(blurred, lambda v, s=s: int(v * s))
        out = ImageChops.screen(out, blurred)
    return ImageChops.screen(out, layer)


def tint(color: Color, w: int, h: int) -> Image.Image:
    return Image.new("RGB", (w, h), color)


def paint(base: Image.Image, color: Color, mask: Image.Image) -> Image.Image:
    return Image.composite(tint(color, *base.size), base, mask)


def vignette(img: Image.Image, amount: float = 0.55) -> Image.Image:
    w, h = img.size
    r = math.hypot(w, h) / 2
    m = radial_mask(w, h, w / 2, h / 2, r * 1.35, power=1.2)
    m = Image.eval(m, lambda v: int(255 - (255 - v) * amount))
    return Image.composite(img, tint((0, 0, 0), w, h), m)


def ridge(rng: random.Random, n: int, rough: float) -> list[float]:
    """Midpoint-displacement mountain profile: n+1 heights in 0..1."""
    size = 1
    while size < n:
        size *= 2
    pts = [0.0] * (size + 1)
    pts[0], pts[size] = rng.random(), rng.random()
    step, scale = size, 1.0
    while step > 1:
        half = step // 2
        for i in range(half, size, step):
            pts[i] = (pts[i - half] + pts[i + half]) / 2 + (rng.random() - 0.5) * scale
        step, scale = half, scale * rough
    lo, hi = min(pts), max(pts)
    return [(p - lo) / (hi - lo or 1) for p in pts[: n + 1]]


def save_jpeg(img: Image.Image, path: Path, quality: int = 82) -> tuple[int, int]:
    img = img.convert("RGB")
    while True:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=quality, optimize=True, progressive=True,
                 subsampling="4:2:0")
        data = buf.getvalue()
        if len(data) <= MAX_BYTES or quality <= 55:
            break
        quality -= 3
    path.write_bytes(data)
    return len(data), quality


def seeded(name: str) -> random.Random:
    return random.Random(zlib.crc32(name.encode()))


def down(img: Image.Image, w: int, h: int) -> Image.Image:
    return img.resize((w, h), Image.Resampling.LANCZOS)


# --------------------------------------------------------------------------
# shared motifs
# --------------------------------------------------------------------------

def striped_sun(w: int, h: int, cx: float, cy: float, r: float,
                top: str, bottom: str, bands: int = 7) -> tuple[Image.Image, Image.Image]:
    """A retro sun: returns (colour image, mask) with stripes cut out of its lower half."""
    colour = vgradient(w, h, [(max(0, (cy - r) / h), top), (min(1, (cy + r) / h), bottom)])
    mask = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(mask)
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=255)
    y = cy - r * 0.05
    gap = r * 0.035
    for i in range(bands):
        band = r * (0.035 + 0.022 * i)
        d.rectangle([cx - r - 2, y, cx + r + 2, y + gap], fill=0)
        y += gap + band
        gap *= 1.28
    return colour, mask


def stars(draw: ImageDraw.ImageDraw, rng: random.Random, w: int, h: int,
          count: int, ymax: float, big: float = 2.2) -> None:
    for _ in range(count):
        x, y = rng.random() * w, rng.random() * ymax
        r = rng.random() ** 3 * big * SS + 0.6 * SS
        v = int(120 + rng.random() * 135)
        c = (v, v, min(255, v + 25))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=c)


# --------------------------------------------------------------------------
# release covers (1200 x 1200)
# --------------------------------------------------------------------------

def cover_night_drive(name: str) -> Image.Image:
    rng = seeded(name)
    W = H = 1200 * SS
    hy = int(H * 0.58)  # horizon
    cx = W / 2
    img = vgradient(W, H, [(0, "#07041a"), (0.30, "#1d0b3f"), (0.50, "#5a1255"),
                           (0.58, "#c2185b"), (0.585, "#12051f"), (1, "#05020d")])
    sky = ImageDraw.Draw(img)
    stars(sky, rng, W, H, 160, hy * 0.7)

    # sun glow and sun
    sr = W * 0.24
    scy = hy - sr * 0.35
    img = paint(img, hexc("#ff4f8b"), Image.eval(radial_mask(W, H, cx, scy, sr * 2.3, 1.8), lambda v: int(v * 0.55)))
    colour, mask = striped_sun(W, H, cx, scy, sr, "#ffe36e", "#ff2f7a", bands=8)
    horizon_clip = Image.new("L", (W, H), 0)
    ImageDraw.Draw(horizon_clip).rectangle([0, 0, W, hy], fill=255)
    mask = ImageChops.multiply(mask, horizon_clip)
    img = Image.composite(colour, img, mask)

    # two mountain ranges with neon rims
    neon = Image.new("RGB", (W, H))
    nd = ImageDraw.Draw(neon)
    for layer, (height, col, rim, rough) in enumerate([
        (0.20, "#2a0b45", "#7a3cff", 0.62),
        (0.12, "#14062a", "#ff3e9a", 0.55),
    ]):
        prof = ridge(rng, 64, rough)
        pts = []
        for i, p in enumerate(prof):
            x = i / 64 * W
            # keep a valley in the middle so the sun stays visible
            valley = 0.25 + 0.75 * min(1, abs(x - cx) / (W * (0.28 - 0.06 * layer))) ** 1.6
            pts.append((x, hy - p * height * H * valley))
        poly = pts + [(W, hy + 2), (0, hy + 2)]
        ImageDraw.Draw(img).polygon(poly, fill=hexc(col))
        nd.line(pts, fill=hexc(rim), width=3 * SS, joint="curve")

    # perspective grid on the ground
    grid = Image.new("RGB", (W, H))
    gd = ImageDraw.Draw(grid)
    gcol = hexc("#ff2bd6")
    for k in range(-22, 23):
        gd.line([(cx + k * W * 0.09, H), (cx + k * W * 0.004, hy)], fill=gcol, width=2 * SS)
    n = 16
    for i in range(1, n + 1):
        y = hy + (H - hy) * (i / n) ** 2.3
        fade = int(255 * (0.35 + 0.65 * i / n))
        gd.line([(0, y), (W, y)], fill=mix((0, 0, 0), gcol, fade / 255), width=2 * SS)

    # the road: dark trapezoid with a cyan edge and dashed centre line
    road = [(cx - W * 0.012, hy), (cx + W * 0.012, hy), (cx + W * 0.34, H), (cx - W * 0.34, H)]
    rd = ImageDraw.Draw(img)
    rd.polygon(road, fill=hexc("#0b0314"))
    gmask = Image.new("L", (W, H), 255)
    ImageDraw.Draw(gmask).polygon(road, fill=0)
    grid = Image.composite(grid, tint((0, 0, 0), W, H), gmask)
    nd.line([road[0], road[3]], fill=hexc("#37e6ff"), width=3 * SS)
    nd.line([road[1], road[2]], fill=hexc("#37e6ff"), width=3 * SS)
    for i in range(14):
        t0, t1 = (i / 14) ** 2.3, ((i + 0.45) / 14) ** 2.3
        y0, y1 = hy + (H - hy) * t0, hy + (H - hy) * t1
        wd0, wd1 = 1 + 10 * t0, 1 + 10 * t1
        nd.polygon([(cx - wd0 * SS, y0), (cx + wd0 * SS, y0), (cx + wd1 * SS, y1), (cx - wd1 * SS, y1)],
                   fill=hexc("#ffd86b"))
    nd.line([(0, hy), (W, hy)], fill=hexc("#ff6fb0"), width=2 * SS)

    img = glow(img, grid, radii=(4 * SS, 14 * SS), strength=(0.9, 0.6))
    img = glow(img, neon, radii=(5 * SS, 16 * SS, 40 * SS), strength=(1.0, 0.7, 0.45))
    img = vignette(img, 0.35)
    return down(img, 1200, 1200)


def cover_glasshouse(name: str) -> Image.Image:
    rng = seeded(name)
    W = H = 1200 * SS
    img = vgradient(W, H, [(0, "#081630"), (0.45, "#1f3f6e"), (0.74, "#6d4f9c"),
                           (0.76, "#0a1422"), (1, "#050a12")])
    cx, base = W / 2, H * 0.76
    R = W * 0.36
    palette = [hexc(c) for c in ("#3fe0c5", "#2bb39b", "#5cc8ff", "#a98bff", "#7ff0d8", "#ffcf8a")]
    weights = [5, 4, 3, 3, 2, 1]
    ribs, rings = 14, 7

    def dome_pt(theta: float, lat: float) -> tuple[float, float]:
        # a hemisphere seen from the front: meridians curve in towards the top
        return (cx + R * math.cos(lat) * math.sin(theta), base - R * 1.12 * math.sin(lat))

    def lat_of(j: float) -> float:
        return (math.pi / 2) * (j / rings) ** 0.85

    panes = Image.new("RGB", (W, H))
    pd = ImageDraw.Draw(panes)
    wing_h, wing_x0, wing_x1 = H * 0.14, R * 0.97, R * 1.55
    for side in (-1, 1):  # the two low wings either side of the dome
        cols, rows = 8, 3
        for ci in range(cols):
            for rj in range(rows):
                xa = cx + side * (wing_x0 + (wing_x1 - wing_x0) * ci / cols)
                xb = cx + side * (wing_x0 + (wing_x1 - wing_x0) * (ci + 1) / cols)
                ya, yb = base - wing_h * (rj + 1) / rows, base - wing_h * rj / rows
                c = rng.choices(palette, weights)[0]
                pd.rectangle([min(xa, xb), ya, max(xa, xb), yb], fill=mix((0, 0, 0), c, 0.12 + 0.36 * rng.random()))
    for j in range(rings):
        for i in range(ribs):
            t0 = -math.pi / 2 + math.pi * i / ribs
            t1 = -math.pi / 2 + math.pi * (i + 1) / ribs
            l0, l1 = lat_of(j), lat_of(j + 1)
            poly = [dome_pt(t0 + (t1 - t0) * k / 4, l0) for k in range(5)]
            poly += [dome_pt(t1 - (t1 - t0) * k / 4, l1) for k in range(5)]
            c = rng.choices(palette, weights)[0]
            pd.polygon(poly, fill=mix((0, 0, 0), c, 0.12 + 0.42 * rng.random()))
    dome_mask = Image.new("L", (W, H), 0)
    outline = [dome_pt(-math.pi / 2, lat_of(j / 4)) for j in range(rings * 4 + 1)]
    outline += [dome_pt(math.pi / 2, lat_of(rings - j / 4)) for j in range(rings * 4 + 1)]
    ImageDraw.Draw(dome_mask).polygon(outline, fill=255)
    ImageDraw.Draw(dome_mask).rectangle([cx - wing_x1, base - wing_h, cx + wing_x1, base], fill=255)

    # palms silhouetted against the glass: tapered, drooping fronds
    leaves = Image.new("L", (W, H), 0)
    ld = ImageDraw.Draw(leaves)
    for px, py, size in [(cx - R * 0.35, base - R * 0.55, 1.0), (cx + R * 0.4, base - R * 0.4, 0.8),
                         (cx + R * 1.2, base - wing_h * 0.6, 0.45), (cx - R * 1.25, base - wing_h * 0.7, 0.4),
                         (cx + R * 0.05, base - R * 0.2, 0.6)]:
        ld.line([(px, base), (px + R * 0.03 * size, py)], fill=255, width=int(12 * SS * size))
        for k in range(9):
            ang = math.pi * (k / 8) + (rng.random() - 0.5) * 0.25  # 0..pi, left to right
            length = R * 0.5 * size * (0.7 + rng.random() * 0.4)
            steps = 24
            for s in range(steps):
                u = s / steps
                fx = px + math.cos(math.pi - ang) * length * u
                fy = py - math.sin(ang) * length * u * 0.6 + (length * 0.55) * u * u  # droop
                rr = (1 - u) * 10 * SS * size + 2 * SS
                ld.ellipse([fx - rr, fy - rr, fx + rr, fy + rr], fill=255)
    leaves = ImageChops.multiply(leaves, dome_mask)
    panes = Image.composite(tint(hexc("#02100e"), W, H), panes,
                            Image.eval(leaves.filter(ImageFilter.GaussianBlur(2 * SS)), lambda v: int(v * 0.95)))

    # iron frame: meridian ribs, latitude rings, mullions, and a small lantern on top
    frame = Image.new("RGB", (W, H))
    fd = ImageDraw.Draw(frame)
    fcol = hexc("#d8fff6")
    for j in range(rings + 1):
        latitude = lat_of(j)
        fd.line([dome_pt(-math.pi / 2 + math.pi * k / 48, latitude) for k in range(49)], fill=fcol, width=2 * SS)
    for i in range(ribs + 1):
        th = -math.pi / 2 + math.pi * i / ribs
        fd.line([dome_pt(th, lat_of(k / 4)) for k in range(rings * 4 + 1)], fill=fcol, width=2 * SS)
    top = base - R * 1.12
    fd.rectangle([cx - R * 0.07, top - R * 0.12, cx + R * 0.07, top], outline=fcol, width=2 * SS)
    fd.pieslice([cx - R * 0.07, top - R * 0.2, cx + R * 0.07, top - R * 0.04], 180, 360, outline=fcol, width=2 * SS)
    for side in (-1, 1):
        for ci in range(9):
            x = cx + side * (wing_x0 + (wing_x1 - wing_x0) * ci / 8)
            fd.line([(x, base - wing_h), (x, base)], fill=fcol, width=2 * SS)
        for rj in range(4):
            y = base - wing_h * rj / 3
            fd.line([(cx + side * wing_x0, y), (cx + side * wing_x1, y)], fill=fcol, width=2 * SS)
    lantern = Image.new("RGB", (W, H))
    ImageDraw.Draw(lantern).rectangle([cx - R * 0.07, top - R * 0.12, cx + R * 0.07, top], fill=hexc("#b8783f"))

    glass = glow(panes, panes, radii=(10 * SS,), strength=(0.45,))
    img = Image.composite(ImageChops.screen(img, glass), img, dome_mask)
    # warm light from inside, low in the dome
    warmth = radial_mask(W, H, cx, base - R * 0.15, R * 0.9, 2.2)
    img = paint(img, hexc("#ffb86b"), Image.eval(warmth, lambda v: int(v * 0.35)))
    img = glow(img, Image.eval(frame, lambda v: int(v * 0.8)), radii=(3 * SS, 12 * SS), strength=(0.6, 0.35))
    img = glow(img, lantern, radii=(8 * SS, 30 * SS), strength=(0.7, 0.5))

    # reflection on a wet path
    refl = img.crop((0, int(base - H * 0.22), W, int(base))).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    refl = refl.filter(ImageFilter.GaussianBlur(6 * SS))
    fade = vgradient(W, refl.height, [(0, "#707070"), (1, "#000000")]).convert("L")
    ground = img.crop((0, int(base), W, int(base) + refl.height))
    img.paste(Image.composite(refl, ground, fade), (0, int(base)))
    # condensation droplets on the glass between us and the glasshouse
    drops = Image.new("RGB", (W, H))
    dd = ImageDraw.Draw(drops)
    for _ in range(120):
        x, y = rng.random() * W, rng.random() * H
        r = (1.5 + rng.random() ** 2 * 7) * SS
        v = int(30 + rng.random() * 60)
        dd.ellipse([x - r, y - r, x + r, y + r], fill=(v, v + 10, v + 20))
    img = ImageChops.screen(img, drops.filter(ImageFilter.GaussianBlur(1.2 * SS)))
    img = vignette(img, 0.45)
    return down(img, 1200, 1200)


def cover_satellite_summer(name: str) -> Image.Image:
    rng = seeded(name)
    W = H = 1200 * SS
    img = vgradient(W, H, [(0, "#020617"), (0.55, "#0a1f4d"), (1, "#0f3b6b")])
    sd = ImageDraw.Draw(img)
    stars(sd, rng, W, H, 420, H, big=2.8)
    cx, cy, R = W * 0.5, H * 0.52, W * 0.22

    # atmosphere halo
    img = paint(img, hexc("#ff9e7a"), Image.eval(radial_mask(W, H, cx, cy, R * 1.6, 2.4), lambda v: int(v * 0.6)))
    # planet body: warm peach gradient, shaded with an offset dark disc
    planet = vgradient(W, H, [(max(0, (cy - R) / H), "#ffe2b8"), ((cy) / H, "#ff9a76"),
                              (min(1, (cy + R) / H), "#c2185b")])
    body = Image.new("L", (W, H), 0)
    ImageDraw.Draw(body).ellipse([cx - R, cy - R, cx + R, cy + R], fill=255)
    # soft horizontal bands
    bands = Image.new("RGB", (W, H))
    bd = ImageDraw.Draw(bands)
    for _ in range(9):
        y = cy + (rng.random() - 0.5) * 1.8 * R
        bh = R * (0.02 + rng.random() * 0.07)
        v = int(20 + rng.random() * 40)
        bd.rectangle([cx - R, y, cx + R, y + bh], fill=(v, v // 2, v // 3))
    planet = ImageChops.subtract(planet, bands.filter(ImageFilter.GaussianBlur(6 * SS)))
    shade = Image.new("L", (W, H), 0)
    ImageDraw.Draw(shade).ellipse([cx - R * 0.3, cy - R * 0.4, cx + R * 1.9, cy + R * 1.8], fill=255)
    shade = shade.filter(ImageFilter.GaussianBlur(R * 0.25))
    shade = Image.eval(shade, lambda v: int(v * 0.7))
    planet = Image.composite(tint(hexc("#1a0b2e"), W, H), planet, shade)
    img = Image.composite(planet, img, body)

    # orbit rings: tilted ellipses, drawn in front and behind the planet
    def ring_layer(rx, ry, col, width):
        layer = Image.new("RGB", (W, H))
        ImageDraw.Draw(layer).ellipse([cx - rx, cy - ry, cx + rx, cy + ry], outline=col, width=width)
        return layer.rotate(-16, resample=Image.Resampling.BICUBIC, center=(cx, cy))

    rings = Image.new("RGB", (W, H))
    for rx, ry, col, wd in [(R * 1.55, R * 0.36, "#ffd6a8", 3 * SS), (R * 1.75, R * 0.42, "#7ad7ff", 2 * SS),
                            (R * 2.05, R * 0.55, "#ff7ab6", 2 * SS)]:
        rings = ImageChops.screen(rings, ring_layer(rx, ry, hexc(col), wd))
    # hide the ring where it passes behind the planet (upper half of the disc)
    behind = Image.new("L", (W, H), 0)
    ImageDraw.Draw(behind).ellipse([cx - R, cy - R, cx + R, cy + R], fill=255)
    upper = Image.new("L", (W, H), 0)
    ImageDraw.Draw(upper).polygon([(0, 0), (W, 0), (W, cy - W * 0.5 * math.tan(math.radians(16)) + R * 0.05),
                                   (0, cy + W * 0.5 * math.tan(math.radians(16)) + R * 0.05)], fill=255)
    hide = ImageChops.multiply(behind, upper)
    rings = Image.composite(tint((0, 0, 0), W, H), rings, hide)

    # the satellite: a bright point with a cross flare, sitting on the outer ring
    sat = Image.new("RGB", (W, H))
    satd = ImageDraw.Draw(sat)
    a = math.radians(150)
    sx0, sy0 = math.cos(a) * R * 2.05, math.sin(a) * R * 0.55
    t = math.radians(16)
    sx, sy = cx + sx0 * math.cos(t) - sy0 * math.sin(t), cy + sx0 * math.sin(t) + sy0 * math.cos(t)
    satd.ellipse([sx - 7 * SS, sy - 7 * SS, sx + 7 * SS, sy + 7 * SS], fill=(255, 255, 255))
    satd.rectangle([sx - 26 * SS, sy - 3 * SS, sx - 11 * SS, sy + 3 * SS], fill=hexc("#7ad7ff"))
    satd.rectangle([sx + 11 * SS, sy - 3 * SS, sx + 26 * SS, sy + 3 * SS], fill=hexc("#7ad7ff"))
    satd.line([(sx - 80 * SS, sy), (sx + 80 * SS, sy)], fill=(120, 120, 140), width=SS)
    satd.line([(sx, sy - 80 * SS), (sx, sy + 80 * SS)], fill=(120, 120, 140), width=SS)

    img = glow(img, rings, radii=(4 * SS, 14 * SS), strength=(0.8, 0.5))
    img = glow(img, sat, radii=(6 * SS, 24 * SS), strength=(1.0, 0.8))
    img = vignette(img, 0.3)
    return down(img, 1200, 1200)


def cover_sodium_remix(name: str) -> Image.Image:
    rng = seeded(name)
    W = H = 1200 * SS
    img = vgradient(W, H, [(0, "#1b0633"), (0.6, "#2d0a3d"), (1, "#120322")])
    cx, cy = W * 0.5, H * 0.47
    rings = Image.new("RGB", (W, H))
    rd = ImageDraw.Draw(rings)
    r = W * 0.02
    i = 0
    while r < W * 0.95:
        width = int((6 + rng.random() * 18) * SS)
        col = ramp([(0, "#fff1b8"), (0.25, "#ffb03b"), (0.6, "#ff6a1f"), (1, "#b0145a")], min(1, r / (W * 0.8)))
        fade = 1.0 - 0.75 * min(1, r / (W * 0.9))
        ox = math.sin(i * 0.7) * W * 0.006 * i ** 0.5
        rd.ellipse([cx - r + ox, cy - r, cx + r + ox, cy + r], outline=mix((0, 0, 0), col, fade), width=width)
        r += (34 + rng.random() * 46) * SS
        i += 1
    img = glow(img, rings, radii=(5 * SS, 20 * SS, 60 * SS), strength=(0.8, 0.6, 0.5))
    img = paint(img, hexc("#fff1b8"), radial_mask(W, H, cx, cy, W * 0.09, 1.5))

    # halftone dots in the lower-left corner
    dots = Image.new("RGB", (W, H))
    dd = ImageDraw.Draw(dots)
    step = 34 * SS
    for y in range(0, H, step):
        for x in range(0, W, step):
            t = max(0.0, 1 - math.hypot(x / W, (H - y) / H) / 0.55)
            if t <= 0:
                continue
            rr = t * step * 0.45
            dd.ellipse([x - rr, y - rr, x + rr, y + rr], fill=hexc("#ff3e7f"))
    img = ImageChops.screen(img, Image.eval(dots, lambda v: int(v * 0.55)))

    # remix "glitch": a few horizontal slices shifted sideways
    img = img.filter(ImageFilter.GaussianBlur(1.5 * SS))
    for _ in range(4):
        y0 = int(rng.random() * H * 0.9)
        hgt = int((8 + rng.random() * 40) * SS)
        dx = int((rng.random() - 0.5) * 120 * SS)
        strip = img.crop((0, y0, W, y0 + hgt))
        img.paste(ImageChops.offset(strip, dx, 0), (0, y0))
    img = vignette(img, 0.4)
    return down(img, 1200, 1200)


# --------------------------------------------------------------------------
# avatar (400 x 400): two overlapping lights for a duo
# --------------------------------------------------------------------------

def avatar(name: str) -> Image.Image:
    rng = seeded(name)
    W = H = 400 * SS * 2
    img = vgradient(W, H, [(0, "#14072b"), (1, "#2a0a3a")])
    gd = ImageDraw.Draw(img)
    for k in range(0, W, W // 16):
        gd.line([(k, 0), (k, H)], fill=hexc("#24123f"), width=SS)
        gd.line([(0, k), (W, k)], fill=hexc("#24123f"), width=SS)
    stars(gd, rng, W, H, 40, H, big=1.5)
    r = W * 0.27
    pink = Image.new("RGB", (W, H))
    ImageDraw.Draw(pink).ellipse([W * 0.38 - r, H * 0.5 - r, W * 0.38 + r, H * 0.5 + r], fill=hexc("#ff2f7a"))
    cyan = Image.new("RGB", (W, H))
    ImageDraw.Draw(cyan).ellipse([W * 0.62 - r, H * 0.5 - r, W * 0.62 + r, H * 0.5 + r], fill=hexc("#21c8ff"))
    lights = ImageChops.screen(pink, cyan)
    lights = ImageChops.multiply(lights, vgradient(W, H, [(0.2, "#ffffff"), (0.8, "#9a8ab0")]))
    img = glow(img, lights, radii=(10 * SS, 40 * SS, 90 * SS), strength=(0.9, 0.7, 0.5))
    # a thin horizon line through both
    line = Image.new("RGB", (W, H))
    ImageDraw.Draw(line).line([(W * 0.08, H * 0.5), (W * 0.92, H * 0.5)], fill=hexc("#ffe36e"), width=3 * SS)
    img = glow(img, line, radii=(4 * SS, 14 * SS), strength=(0.9, 0.6))
    img = vignette(img, 0.4)
    return down(img, 400, 400)


# --------------------------------------------------------------------------
# story covers (1200 x 675)
# --------------------------------------------------------------------------

def story_voice_memo(name: str) -> Image.Image:
    rng = seeded(name)
    W, H = 1200 * SS, 675 * SS
    img = vgradient(W, H, [(0, "#0a0f2c"), (1, "#160a2e")])
    gd = ImageDraw.Draw(img)
    for x in range(0, W, 60 * SS):
        gd.line([(x, 0), (x, H)], fill=hexc("#151a3d"), width=SS)
    for y in range(0, H, 60 * SS):
        gd.line([(0, y), (W, y)], fill=hexc("#151a3d"), width=SS)
    bars = Image.new("RGB", (W, H))
    bd = ImageDraw.Draw(bars)
    colours = hgradient(W, 1, [(0, "#ff3e9a"), (0.5, "#b36bff"), (1, "#37e6ff")]).load()
    n = 150
    bw = W * 0.86 / n
    x0 = W * 0.07
    cy = H * 0.52
    phase = rng.random() * 10
    for i in range(n):
        t = i / n
        env = (0.25 + 0.75 * math.sin(math.pi * t) ** 0.7) * (0.55 + 0.45 * math.sin(t * 19 + phase) ** 2)
        amp = env * (0.35 + 0.65 * rng.random()) * H * 0.36
        x = x0 + i * bw
        col = colours[int(min(W - 1, x)), 0]
        if t > 0.62:  # not played yet: dimmer
            col = mix((0, 0, 0), col, 0.45)
        bd.rounded_rectangle([x + bw * 0.2, cy - amp, x + bw * 0.8, cy + amp], radius=bw * 0.3, fill=col)
    # playhead
    px = x0 + 0.62 * n * bw
    bd.line([(px, H * 0.1), (px, H * 0.9)], fill=(255, 255, 255), width=2 * SS)
    bd.ellipse([px - 9 * SS, H * 0.1 - 9 * SS, px + 9 * SS, H * 0.1 + 9 * SS], fill=(255, 255, 255))
    img = glow(img, bars, radii=(6 * SS, 22 * SS), strength=(0.7, 0.5))
    img = vignette(img, 0.4)
    return down(img, 1200, 675)


def story_tour(name: str) -> Image.Image:
    rng = seeded(name)
    W, H = 1200 * SS, 675 * SS
    hy = H * 0.46
    img = vgradient(W, H, [(0, "#0b0626"), (0.36, "#3b1460"), (0.46, "#a02a6e"), (0.465, "#150822"), (1, "#07030f")])
    stars(ImageDraw.Draw(img), rng, W, H, 90, hy * 0.8)
    d = ImageDraw.Draw(img)
    for height, col in [(0.16, "#2c0f4a"), (0.09, "#1a0830")]:
        prof = ridge(rng, 64, 0.58)
        pts = [(i / 64 * W, hy - p * height * H) for i, p in enumerate(prof)]
        d.polygon(pts + [(W, hy + 1), (0, hy + 1)], fill=hexc(col))

    # a motorway curving away to the left
    def centre(t: float) -> tuple[float, float]:
        # t=0 near the viewer, t=1 at the horizon
        y = hy + (H - hy) * (1 - t) ** 2.2
        x = W * 0.58 - W * 0.36 * t ** 1.6 + W * 0.05 * (1 - t)
        return x, y

    def half_width(t: float) -> float:
        return W * 0.42 * (1 - t) ** 2.2 + W * 0.004

    left = [(centre(t / 60)[0] - half_width(t / 60), centre(t / 60)[1]) for t in range(61)]
    right = [(centre(t / 60)[0] + half_width(t / 60), centre(t / 60)[1]) for t in range(61)]
    d.polygon(left + right[::-1], fill=hexc("#120a1c"))
    neon = Image.new("RGB", (W, H))
    nd = ImageDraw.Draw(neon)
    nd.line(left, fill=hexc("#8a5cff"), width=2 * SS)
    nd.line(right, fill=hexc("#8a5cff"), width=2 * SS)
    for k in range(18):  # lane dashes
        t0, t1 = k / 18, (k + 0.4) / 18
        nd.line([centre(t0), centre(t1)], fill=hexc("#ffe6a0"), width=max(SS, int(6 * SS * (1 - t0) ** 2)))
    lamps = Image.new("RGB", (W, H))
    ld = ImageDraw.Draw(lamps)
    for k in range(1, 16):  # sodium streetlights along the right verge
        t = (k / 16) ** 0.9
        x, y = right[int(t * 60)]
        pole = (1 - t) ** 2.2 * H * 0.5 + 6 * SS
        x += half_width(t) * 0.25
        d.line([(x, y), (x, y - pole)], fill=hexc("#1f1530"), width=max(SS, int(5 * SS * (1 - t))))
        r = max(2 * SS, 12 * SS * (1 - t) ** 1.5)
        ld.ellipse([x - r, y - pole - r, x + r, y - pole + r], fill=hexc("#ffab3d"))
    # headlights of the van, near the viewer
    hx, hyy = centre(0.12)
    for off in (-1, 1):
        lx = hx + off * W * 0.06
        ld.ellipse([lx - 16 * SS, hyy - 10 * SS, lx + 16 * SS, hyy + 10 * SS], fill=(255, 250, 230))
    img = glow(img, neon, radii=(4 * SS, 14 * SS), strength=(0.8, 0.5))
    img = glow(img, lamps, radii=(8 * SS, 30 * SS, 70 * SS), strength=(1.0, 0.8, 0.5))
    img = vignette(img, 0.45)
    return down(img, 1200, 675)


def story_synth(name: str) -> Image.Image:
    rng = seeded(name)
    W, H = 1200 * SS, 675 * SS
    img = vgradient(W, H, [(0, "#0c0a18"), (1, "#1a0f24")])
    d = ImageDraw.Draw(img)
    light = hgradient(W, H, [(0, "#ff2f7a"), (0.55, "#9b5cff"), (1, "#21d4c8")])
    # panel with knobs and faders
    panel_top, panel_bot = H * 0.12, H * 0.56
    d.rectangle([0, panel_top, W, panel_bot], fill=hexc("#17121f"))
    leds = Image.new("RGB", (W, H))
    ledd = ImageDraw.Draw(leds)
    for i in range(11):
        kx = W * (0.06 + i * 0.052)
        ky = panel_top + (panel_bot - panel_top) * 0.32
        kr = 22 * SS
        d.ellipse([kx - kr, ky - kr, kx + kr, ky + kr], fill=hexc("#2a2334"), outline=hexc("#453b52"), width=2 * SS)
        a = math.radians(135 + rng.random() * 270)
        ledd.line([(kx, ky), (kx + math.cos(a) * kr * 0.85, ky + math.sin(a) * kr * 0.85)],
                  fill=light.getpixel((int(kx), 0)), width=3 * SS)
        ly = ky + kr * 2.2
        ledd.ellipse([kx - 4 * SS, ly - 4 * SS, kx + 4 * SS, ly + 4 * SS],
                     fill=light.getpixel((int(kx), 0)) if rng.random() > 0.35 else (40, 30, 50))
    for i in range(8):
        fx = W * (0.66 + i * 0.042)
        y0, y1 = panel_top + (panel_bot - panel_top) * 0.15, panel_top + (panel_bot - panel_top) * 0.85
        d.line([(fx, y0), (fx, y1)], fill=hexc("#05040a"), width=5 * SS)
        cap = y0 + (y1 - y0) * rng.random()
        d.rectangle([fx - 14 * SS, cap - 7 * SS, fx + 14 * SS, cap + 7 * SS], fill=hexc("#d9d2e6"))
        ledd.line([(fx - 12 * SS, cap), (fx + 12 * SS, cap)], fill=light.getpixel((int(fx), 0)), width=2 * SS)
    # keys
    ktop, kbot = panel_bot + 6 * SS, H * 1.02
    n = 29
    kw = W / n
    keys = Image.new("RGB", (W, H))
    kd = ImageDraw.Draw(keys)
    for i in range(n):
        x = i * kw
        shade = 0.55 + 0.35 * (0.5 + 0.5 * math.sin(i * 0.9))
        kd.rounded_rectangle([x + 2 * SS, ktop, x + kw - 2 * SS, kbot], radius=6 * SS,
                             fill=mix((0, 0, 0), (235, 230, 245), shade))
    keys = ImageChops.multiply(keys, ImageChops.screen(light, tint((60, 60, 70), W, H)))
    img = Image.composite(keys, img, keys.convert("L").point(lambda v: 255 if v > 8 else 0))
    d = ImageDraw.Draw(img)
    pattern = [1, 1, 0, 1, 1, 1, 0]  # black key after white key i?
    for i in range(n - 1):
        if pattern[i % 7]:
            x = (i + 1) * kw
            d.rounded_rectangle([x - kw * 0.3, ktop, x + kw * 0.3, ktop + (kbot - ktop) * 0.6], radius=4 * SS,
                                fill=hexc("#0d0a12"))
    # one key lit up, as if being played
    lit = Image.new("RGB", (W, H))
    ImageDraw.Draw(lit).rounded_rectangle([12 * kw + 2 * SS, ktop + (kbot - ktop) * 0.62, 13 * kw - 2 * SS, kbot],
                                          radius=6 * SS, fill=hexc("#ff7ab6"))
    img = glow(img, leds, radii=(4 * SS, 14 * SS), strength=(1.0, 0.7))
    img = glow(img, lit, radii=(8 * SS, 30 * SS), strength=(0.6, 0.4))
    img = paint(img, hexc("#ff2f7a"),
                Image.eval(radial_mask(W, H, W * 0.15, H * 0.95, W * 0.5, 2.0), lambda v: int(v * 0.25)))
    img = paint(img, hexc("#21d4c8"),
                Image.eval(radial_mask(W, H, W * 0.9, H * 0.1, W * 0.45, 2.0), lambda v: int(v * 0.2)))
    img = vignette(img, 0.6)
    return down(img, 1200, 675)


def story_lamplighters(name: str) -> Image.Image:
    rng = seeded(name)
    W, H = 1200 * SS, 675 * SS
    img = vgradient(W, H, [(0, "#12062b"), (0.6, "#2c0b47"), (1, "#4a1450")])
    bokeh = Image.new("RGB", (W, H))
    bd = ImageDraw.Draw(bokeh)
    for _ in range(24):
        x, y, r = rng.random() * W, rng.random() * H, (40 + rng.random() * 110) * SS
        c = mix((0, 0, 0), hexc(rng.choice(["#ff3e7f", "#ffb03b", "#9b5cff"])), 0.12 + rng.random() * 0.18)
        bd.ellipse([x - r, y - r, x + r, y + r], fill=c)
    img = ImageChops.screen(img, bokeh.filter(ImageFilter.GaussianBlur(14 * SS)))
    pts = []
    for _ in range(500):
        # denser towards a soft band across the middle, like a galaxy
        x = rng.random() * W
        y = H * 0.5 + (rng.gauss(0, 0.2) + 0.18 * math.sin(x / W * math.pi * 1.5 - 0.6)) * H
        pts.append((x, y))
    lines = Image.new("RGB", (W, H))
    ldr = ImageDraw.Draw(lines)
    for x, y in pts[:160]:
        nearest = sorted(pts[:160], key=lambda p: (p[0] - x) ** 2 + (p[1] - y) ** 2)[1:3]
        for p in nearest:
            if math.hypot(p[0] - x, p[1] - y) < W * 0.09:
                ldr.line([(x, y), p], fill=(120, 80, 110), width=SS)
    lights = Image.new("RGB", (W, H))
    lt = ImageDraw.Draw(lights)
    for x, y in pts:
        r = (1.2 + rng.random() ** 4 * 7) * SS
        c = hexc(rng.choice(["#ffd38a", "#ffe9c4", "#ffb36b", "#ff8fb8"]))
        lt.ellipse([x - r, y - r, x + r, y + r], fill=c)
    img = ImageChops.screen(img, lines)
    img = glow(img, lights, radii=(3 * SS, 10 * SS, 30 * SS), strength=(0.9, 0.6, 0.35))
    img = vignette(img, 0.4)
    return down(img, 1200, 675)


# --------------------------------------------------------------------------
# playlist covers (800 x 800)
# --------------------------------------------------------------------------

def playlist_last_train(name: str) -> Image.Image:
    rng = seeded(name)
    W = H = 800 * SS
    img = vgradient(W, H, [(0, "#040917"), (0.5, "#0b1a3a"), (1, "#04060f")])
    d = ImageDraw.Draw(img)
    # platform canopy lamps at the top, in perspective
    lamps = Image.new("RGB", (W, H))
    lmd = ImageDraw.Draw(lamps)
    for k in range(6):
        x = W * (0.06 + k * 0.19)
        y = H * 0.09
        lw = 44 * SS
        lmd.rounded_rectangle([x - lw, y - 4 * SS, x + lw, y + 4 * SS], radius=4 * SS, fill=hexc("#eaf6ff"))
    # the passing train: a dark body, rows of window light and speed lines
    ty0, ty1 = H * 0.24, H * 0.63
    d.rectangle([0, ty0, W, ty1], fill=hexc("#0e1830"))
    streaks = Image.new("RGB", (W, H))
    sd = ImageDraw.Draw(streaks)
    for y in (H * 0.31, H * 0.45):
        x = -rng.random() * W * 0.2
        while x < W:
            wlen = (40 + rng.random() * 150) * SS
            hgt = (34 + rng.random() * 10) * SS
            c = hexc(rng.choice(["#ffd37a", "#fff0c8", "#7fe9ff", "#ffb04d", "#ffd37a"]))
            c = mix((0, 0, 0), c, 0.5 + rng.random() * 0.5)
            sd.rounded_rectangle([x, y, x + wlen, y + hgt], radius=8 * SS, fill=c)
            x += wlen + (14 + rng.random() * 50) * SS
    for _ in range(26):
        y = lerp(ty0, ty1, rng.random())
        x0 = rng.random() * W
        c = mix((0, 0, 0), hexc(rng.choice(["#7fe9ff", "#ff7ab6", "#ffd37a"])), 0.25 + rng.random() * 0.5)
        sd.line([(x0, y), (x0 + (150 + rng.random() * 450) * SS, y)], fill=c, width=SS)
    sd.rectangle([0, ty1 - 10 * SS, W, ty1 - 6 * SS], fill=hexc("#ff3e7f"))  # livery stripe
    # horizontal motion blur: squash, blur, stretch back
    small = streaks.resize((W // 10, H), Image.Resampling.BILINEAR).filter(ImageFilter.BoxBlur(2))
    streaks = ImageChops.lighter(small.resize((W, H), Image.Resampling.BILINEAR),
                                 Image.eval(streaks, lambda v: int(v * 0.6)))
    img = glow(img, streaks, radii=(6 * SS, 24 * SS), strength=(0.9, 0.6))
    img = glow(img, lamps, radii=(5 * SS, 24 * SS), strength=(0.8, 0.5))
    # platform, its yellow safety line and a reflection of the train
    py = H * 0.68
    ImageDraw.Draw(img).rectangle([0, py, W, H], fill=hexc("#0a0c16"))
    refl = streaks.crop((0, int(py - H * 0.32), W, int(py))).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    refl = Image.eval(refl.filter(ImageFilter.GaussianBlur(8 * SS)), lambda v: v // 3)
    img.paste(ImageChops.screen(img.crop((0, int(py), W, int(py) + refl.height)), refl), (0, int(py)))
    line = Image.new("RGB", (W, H))
    ImageDraw.Draw(line).rectangle([0, py + 12 * SS, W, py + 20 * SS], fill=hexc("#ffd23f"))
    img = glow(img, line, radii=(5 * SS, 18 * SS), strength=(0.7, 0.4))
    img = vignette(img, 0.45)
    return down(img, 800, 800)


def playlist_services(name: str) -> Image.Image:
    rng = seeded(name)
    W = H = 800 * SS
    hy = H * 0.62
    img = vgradient(W, H, [(0, "#020205"), (0.55, "#140a12"), (0.62, "#3a1a10"), (0.625, "#0b0808"), (1, "#050404")])
    d = ImageDraw.Draw(img)
    lamps = Image.new("RGB", (W, H))
    ld = ImageDraw.Draw(lamps)
    vx = W * 0.56  # vanishing point
    for k in range(12):
        t = (k / 12) ** 1.7
        x = lerp(W * 1.02, vx, t)
        base = lerp(H * 1.05, hy, t)
        pole = lerp(H * 0.62, H * 0.015, t)
        top = base - pole
        wpx = max(SS, int(lerp(9, 1, t) * SS))
        d.line([(x, base), (x, top)], fill=hexc("#1c1412"), width=wpx)
        arm = lerp(70, 4, t) * SS
        d.line([(x, top), (x - arm, top + arm * 0.1)], fill=hexc("#1c1412"), width=wpx)
        r = lerp(16, 2, t) * SS
        ld.ellipse([x - arm - r, top - r * 0.5, x - arm + r, top + r * 0.8], fill=hexc("#ffa733"))
    # the forecourt canopy glowing in the distance, light spilling onto the ground
    canopy = Image.new("RGB", (W, H))
    cd = ImageDraw.Draw(canopy)
    cx0, cx1, cy0 = W * 0.07, W * 0.45, hy - H * 0.1
    spill = Image.new("RGB", (W, H))
    spd = ImageDraw.Draw(spill)
    spd.polygon([(cx0, cy0 + H * 0.03), (cx1, cy0 + H * 0.03), (cx1 + W * 0.06, hy + H * 0.03),
                 (cx0 - W * 0.06, hy + H * 0.03)], fill=hexc("#24424a"))
    spd.ellipse([cx0 - W * 0.1, hy - H * 0.01, cx1 + W * 0.1, hy + H * 0.09], fill=hexc("#1d3a40"))
    img = ImageChops.screen(img, spill.filter(ImageFilter.GaussianBlur(14 * SS)))
    d = ImageDraw.Draw(img)
    for px in (cx0 + 24 * SS, (cx0 + cx1) / 2, cx1 - 24 * SS):
        d.line([(px, cy0 + H * 0.03), (px, hy + H * 0.02)], fill=hexc("#3a3436"), width=4 * SS)
    for px in (cx0 + (cx1 - cx0) * 0.27, cx0 + (cx1 - cx0) * 0.73):  # two pumps
        d.rectangle([px - 9 * SS, hy - H * 0.035, px + 9 * SS, hy + H * 0.02], fill=hexc("#141a1e"))
        cd.rectangle([px - 5 * SS, hy - H * 0.028, px + 5 * SS, hy - H * 0.018], fill=hexc("#7fe9ff"))
    cd.rectangle([cx0, cy0, cx1, cy0 + H * 0.025], fill=hexc("#e8fbff"))
    cd.rectangle([cx0, cy0 + H * 0.025, cx1, cy0 + H * 0.031], fill=hexc("#ff3e7f"))
    img = glow(img, canopy, radii=(6 * SS, 30 * SS, 80 * SS), strength=(0.8, 0.6, 0.4))
    img = glow(img, lamps, radii=(6 * SS, 26 * SS, 70 * SS), strength=(1.0, 0.8, 0.5))
    # wet tarmac reflections of the lamps
    refl = lamps.crop((0, int(hy - H * 0.38), W, int(hy))).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    refl = refl.resize((W, int(H * 0.38)), Image.Resampling.BILINEAR).filter(ImageFilter.GaussianBlur(10 * SS))
    refl = Image.eval(refl, lambda v: int(v * 0.35))
    region = img.crop((0, int(hy), W, int(hy) + refl.height))
    img.paste(ImageChops.screen(region, refl), (0, int(hy)))
    stars(ImageDraw.Draw(img), rng, W, H, 30, hy * 0.5, big=1.0)
    img = vignette(img, 0.4)
    return down(img, 800, 800)


def playlist_rain(name: str) -> Image.Image:
    rng = seeded(name)
    W = H = 800 * SS
    img = vgradient(W, H, [(0, "#0b1630"), (1, "#1d1036")])
    bokeh = Image.new("RGB", (W, H))
    bd = ImageDraw.Draw(bokeh)
    for _ in range(55):
        x, y = rng.random() * W, H * (0.25 + rng.random() * 0.75)
        r = (18 + rng.random() * 60) * SS
        c = hexc(rng.choice(["#3fe0c5", "#b59cff", "#ff8fc8", "#7fb8ff", "#ffd38a"]))
        bd.ellipse([x - r, y - r, x + r, y + r], fill=mix((0, 0, 0), c, 0.25 + rng.random() * 0.4))
    img = ImageChops.screen(img, bokeh.filter(ImageFilter.GaussianBlur(9 * SS)))
    # raindrops: a dark rim, a lighter body and a bright highlight
    drops_dark = Image.new("L", (W, H), 0)
    drops_lit = Image.new("RGB", (W, H))
    dd, dl = ImageDraw.Draw(drops_dark), ImageDraw.Draw(drops_lit)
    for _ in range(170):
        x, y = rng.random() * W, rng.random() * H
        r = (3 + rng.random() ** 2.5 * 22) * SS
        ry = r * (1.0 + rng.random() * 0.35)
        dd.ellipse([x - r, y - ry, x + r, y + ry], fill=110)
        dl.ellipse([x - r * 0.8, y - ry * 0.8, x + r * 0.8, y + ry * 0.8], fill=(30, 45, 60))
        hr = r * 0.28
        dl.ellipse([x - r * 0.45 - hr, y - ry * 0.45 - hr, x - r * 0.45 + hr, y - ry * 0.45 + hr],
                   fill=(220, 235, 255))
        if r > 14 * SS and rng.random() < 0.5:  # a trail running down the glass
            dd.line([(x, y + ry), (x + (rng.random() - 0.5) * 6 * SS, y + ry + r * 6)], fill=70, width=int(r * 0.5))
    img = Image.composite(tint((4, 6, 14), W, H), img, drops_dark.filter(ImageFilter.GaussianBlur(1.2 * SS)))
    img = ImageChops.screen(img, drops_lit.filter(ImageFilter.GaussianBlur(1.0 * SS)))
    img = vignette(img, 0.4)
    return down(img, 800, 800)


def backdrop_city(name: str) -> Image.Image:
    """artist.yml's background: a wide band of Sheffield by night, rooftops and windows under a violet sky."""
    rng = seeded(name)
    W, H = 1600 * SS, 800 * SS
    hy = H * 0.74
    img = vgradient(W, H, [(0, "#0a0620"), (0.45, "#2a0f4f"), (0.68, "#8c2367"), (0.74, "#d8427c"),
                           (0.745, "#12071f"), (1, "#07030f")])
    stars(ImageDraw.Draw(img), rng, W, H, 140, hy * 0.55)
    glow = Image.eval(radial_mask(W, H, W * 0.62, hy, W * 0.45, 1.6), lambda v: int(v * 0.5))
    img = paint(img, hexc("#ff6a9a"), glow)
    d = ImageDraw.Draw(img)
    windows = Image.new("RGB", (W, H))
    wd = ImageDraw.Draw(windows)
    for tallest, colour, lit in ([(0.30, "#1d0b36", 0.10), (0.20, "#12061f", 0.22)]):
        x = -rng.random() * 80 * SS
        while x < W:
            width = (50 + rng.random() * 130) * SS
            height = H * tallest * (0.35 + rng.random() * 0.65)
            top = hy - height
            d.rectangle([x, top, x + width, hy + 2], fill=hexc(colour))
            if rng.random() < 0.25:  # a chimney or an aerial
                d.rectangle([x + width * 0.7, top - 24 * SS, x + width * 0.7 + 8 * SS, top], fill=hexc(colour))
            for wy in range(int(top + 14 * SS), int(hy - 10 * SS), int(22 * SS)):
                for wx in range(int(x + 10 * SS), int(x + width - 14 * SS), int(20 * SS)):
                    if rng.random() < lit:
                        warm = rng.choice(["#ffc36b", "#ffe3a3", "#ff8fb8", "#9fe8ff"])
                        wd.rectangle([wx, wy, wx + 8 * SS, wy + 10 * SS], fill=hexc(warm))
            x += width + rng.random() * 12 * SS
    d.rectangle([0, hy, W, H], fill=hexc("#07030f"))
    lamps = Image.new("RGB", (W, H))
    ld = ImageDraw.Draw(lamps)
    for k in range(9):  # sodium streetlights along the road in front
        lx = (k + 0.5) / 9 * W
        d.line([(lx, H), (lx, hy + 12 * SS)], fill=hexc("#1a1226"), width=4 * SS)
        ld.ellipse([lx - 10 * SS, hy + 4 * SS, lx + 10 * SS, hy + 20 * SS], fill=hexc("#ffab3d"))
    img = glow(img, windows, radii=(3 * SS, 12 * SS), strength=(0.9, 0.5))
    img = glow(img, lamps, radii=(8 * SS, 30 * SS, 80 * SS), strength=(1.0, 0.8, 0.5))
    img = vignette(img, 0.35)
    return down(img, 1600, 800)


IMAGES = {
    "avatar.jpg": avatar,
    "backdrop.jpg": backdrop_city,
    "night-drive.jpg": cover_night_drive,
    "glasshouse-hours.jpg": cover_glasshouse,
    "satellite-summer.jpg": cover_satellite_summer,
    "sodium-lights-mara-k-remix.jpg": cover_sodium_remix,
    "night-drive-voice-memo.jpg": story_voice_memo,
    "tour-diary-glasshouse.jpg": story_tour,
    "two-synth-rule.jpg": story_synth,
    "thank-you-lamplighters.jpg": story_lamplighters,
    "last-train-home.jpg": playlist_last_train,
    "services-at-3am.jpg": playlist_services,
    "rain-on-the-skylight.jpg": playlist_rain,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR,
                        help="output folder (default: examples/nova-lights/images)")
    parser.add_argument("only", nargs="*", help="file names to (re)generate; default: all")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    total = 0
    for filename, make in IMAGES.items():
        if args.only and filename not in args.only:
            continue
        size, quality = save_jpeg(make(filename), args.out / filename)
        total += size
        print(f"{filename:34} {size / 1024:6.1f} KB  (quality {quality})")
    print(f"{'total':34} {total / 1024:6.1f} KB")


if __name__ == "__main__":
    main()
