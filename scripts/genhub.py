#!/usr/bin/env python3
"""Generate a synthetic Fanzine hub of N content items, for benchmarks.

    python scripts/genhub.py N DEST                  # a Fanzine project with N generated items
    python scripts/genhub.py N DEST --bare DEST2     # ... and the same Markdown as a bare Pelican project
    python scripts/genhub.py 0 DEST --example        # the repo's own example hub (examples/nova-lights/ copied as is)
    python scripts/genhub.py 0 DEST --example --bare DEST2

DEST is a complete project: themes/, plugins/, pelicanconf.py, publishconf.py
and the example hub's artist.yml and images/ are copied from this repository, then
content/{releases,stories,playlists,links}/ are filled with N items in a
realistic mix: 15% releases (1-12 tracks, platform links, credits), 55%
stories (4-10 paragraphs of Markdown with headings, lists, links, emphasis),
25% playlists (8-30 tracks) and 5% link pages (8-15 links; the first is the
main page, links/index.md). Covers reuse the example pictures. The output is
deterministic (seeded random, --seed) and passes `fanzine check`.

--bare DEST2 writes the same Markdown bodies as a bare Pelican project: every
item is a Pelican article (content/<folder>/<file>.md, so the same paths and
{filename} links work) with Pelican's native header (Title:, Date:, Tags:,
Slug:), and a pelicanconf.py with Pelican's default theme (no THEME),
PLUGINS = [], feeds off, the same MARKDOWN extensions as Fanzine, and the
content cache on (CACHE_CONTENT / LOAD_CONTENT_CACHE; a "cold" run deletes the
cache folder first). It is "bare Pelican building the same Markdown".

Run it with the project's venv (it needs PyYAML): .venv/bin/python scripts/genhub.py ...
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = Path("examples") / "nova-lights"  # the example hub, a content folder (content/ may be the artist's own)
AS_OF = dt.date(2026, 11, 21)  # the benchmark's "today" (bench.py builds with --as-of 2026-11-21)
MIX = [("releases", 0.15), ("stories", 0.55), ("playlists", 0.25), ("links", 0.05)]
FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.S | re.M)

# ---------------------------------------------------------------------------------------------
# Word material: enough variety that Markdown, Jinja and gzip see realistic, non-repeating text.

WORDS = """
night drive window static neon harbour signal motorway sodium amber glass summer satellite tape
cassette synth chorus verse bridge bassline drum machine reverb echo delay tunnel platform carriage
ticket station bus van kettle launderette box room stairwell studio demo stem mix master vinyl
radio frequency dial headphones cable pedal amplifier speaker microphone lyric melody harmony
rhythm tempo heartbeat pulse glow flicker shimmer hum drift wobble crackle hiss fade swell
city town suburb street junction roundabout bridge river canal towpath hillside moor valley coast
pier promenade arcade fairground carousel lighthouse ferry airport terminal runway motorway
morning evening midnight dawn dusk twilight weekend winter spring autumn rain frost fog snow
friend stranger crowd audience band drummer singer producer engineer promoter driver fan
listen play record write sing hum tune patch sample loop bounce rehearse soundcheck tour travel
warm cold slow fast quiet loud bright dark soft heavy strange simple wonky tender restless
little long short final first secret hidden golden silver electric analogue digital borrowed
""".split()
NAMES = ["Ros", "Kit", "Mara K", "Jess", "Oskar", "Priya", "Tomasz", "Lena", "Dev", "Aoife", "Sam",
         "Yusuf", "Hana", "Marek", "Chidi", "Elif", "Noor", "Bea", "Rafa", "Ingrid"]
ARTISTS = ["Nova Lights", "Cassette Weather", "Ferro & Finch", "Junebug Motorcade", "Marigold Telex",
           "The Sleeper Cabins", "Mara K", "Polar Suburbs", "Kestrel Avenue", "Ondine Park",
           "Harbour Static", "Velvet Transit", "Paper Satellites", "Low Tide Arcade", "Glass Animals Club",
           "Midnight Pharmacy", "The Amber Signals", "Northbound Ghosts", "Lantern Society", "Quiet Engines"]
PLACES = ["Sheffield", "Leeds", "Glasgow", "Manchester", "Bristol", "London", "Dublin", "Belfast",
          "Newcastle", "Cardiff", "Nottingham", "Liverpool", "Edinburgh", "Brighton"]
TAGS = ["synthwave", "tour-diary", "studio", "gear", "process", "songwriting", "live", "community",
        "discord", "behind-the-scenes", "night-drive", "glasshouse-hours", "remix", "vinyl", "cassette",
        "merch", "lyrics", "interview", "press", "fan-art", "playlist", "demos", "mixing", "mastering",
        "video", "photos", "festival", "acoustic", "covers", "news"]
RELEASE_TYPES = ["single"] * 5 + ["ep"] * 3 + ["album"] * 2 + ["remix", "live", "compilation"]
ROLES = ["Written by", "Produced by", "Vocals", "Mixed by", "Mastered by", "Cover art by", "Drums",
         "Synths", "Recorded by"]
ALPHANUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class Writer:
    """Everything random comes from one seeded generator, so a given (N, seed) gives identical files."""

    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.covers: list[str] = []

    # --- small pieces -------------------------------------------------------------------------
    def words(self, low: int, high: int) -> list[str]:
        return [self.r.choice(WORDS) for _ in range(self.r.randint(low, high))]

    def title(self, low: int = 2, high: int = 5) -> str:
        return " ".join(w.capitalize() for w in self.words(low, high))

    def ident(self, length: int = 22) -> str:
        return "".join(self.r.choice(ALPHANUM) for _ in range(length))

    def sentence(self) -> str:
        words = self.words(6, 18)
        # inline Markdown: emphasis, strong, a link, a name; in the proportions of real posts
        roll = self.r.random()
        if roll < 0.12:
            i = self.r.randrange(len(words))
            words[i] = f"*{words[i]}*"
        elif roll < 0.22:
            i = self.r.randrange(len(words) - 1)
            words[i:i + 2] = [f"**{words[i]} {words[i + 1]}**"]
        elif roll < 0.30:
            i = self.r.randrange(len(words) - 1)
            url = self.r.choice([f"https://www.youtube.com/watch?v={self.ident(11)}",
                                 f"https://novalights.bandcamp.com/track/{slugify(self.title())}",
                                 f"/stories/{slugify(self.title())}/", "https://discord.gg/UqiTVg5b"])
            words[i:i + 2] = [f"[{words[i]} {words[i + 1]}]({url})"]
        elif roll < 0.36:
            words.insert(self.r.randrange(len(words)), self.r.choice(NAMES))
        text = " ".join(words)
        end = self.r.choice([".", ".", ".", ".", "!", "?", " — " + " ".join(self.words(2, 5)) + "."])
        return text[0].upper() + text[1:] + end

    def paragraph(self, low: int = 3, high: int = 7) -> str:
        text = " ".join(self.sentence() for _ in range(self.r.randint(low, high)))
        return wrap(text)

    def story_body(self) -> str:
        blocks = []
        for i in range(self.r.randint(4, 10)):
            if i and self.r.random() < 0.3:
                blocks.append(f"## {self.title(2, 6)}")
            roll = self.r.random()
            if i and roll < 0.15:
                blocks.append("\n".join(f"- {self.sentence()}" for _ in range(self.r.randint(3, 6))))
            elif i and roll < 0.25:
                blocks.append("\n".join(f"{n}. {self.sentence()}" for n in range(1, self.r.randint(3, 6) + 1)))
            elif i and roll < 0.30:
                blocks.append("> " + wrap(self.sentence() + " " + self.sentence()).replace("\n", "\n> "))
            blocks.append(self.paragraph())
        return "\n\n".join(blocks) + "\n"

    def duration(self, low: int = 95, high: int = 420) -> str:
        seconds = self.r.randint(low, high)
        return f"{seconds // 60}:{seconds % 60:02d}"

    def day(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.r.randint(0, (end - start).days))

    def cover(self, data: dict, what: str) -> None:
        image = self.r.choice(self.covers)
        data["cover"] = f"images/{image}"
        data["cover_alt"] = f"{what}: " + " ".join(self.words(5, 12))

    # --- content types ------------------------------------------------------------------------
    def release(self, slug: str, title: str) -> tuple[dict, str]:
        # about 1 in 12 releases is still upcoming on the benchmark's "today"
        upcoming = self.r.random() < 0.08
        date = (self.day(AS_OF + dt.timedelta(days=1), AS_OF + dt.timedelta(days=120)) if upcoming
                else self.day(dt.date(2012, 1, 1), AS_OF - dt.timedelta(days=1)))
        kind = self.r.choice(RELEASE_TYPES)
        count = 1 if kind == "single" and self.r.random() < 0.5 else self.r.randint(2 if kind != "single" else 1, 12)
        data: dict = {"title": title, "type": kind, "release_date": date}
        if self.r.random() < 0.7:
            data["summary"] = " ".join(self.words(10, 30)).capitalize() + "."
        self.cover(data, "Cover of " + title)
        data["label"] = self.r.choice(["Self-released", "Parallax Tapes", "Night Bus Records", "Lamplight Audio"])
        tracks = []
        for n in range(count):
            track: dict = {"title": title if n == 0 else self.title(1, 5), "duration": self.duration(),
                           "isrc": f"GBNVL{date.year % 100:02d}{self.r.randint(0, 99999):05d}"}
            if self.r.random() < 0.2:
                track["featuring"] = [self.r.choice(NAMES)]
            if self.r.random() < 0.05:
                track["lyrics"] = "\n\n".join("\n".join(" ".join(self.words(5, 9)).capitalize() for _ in range(4))
                                              for _ in range(self.r.randint(2, 4))) + "\n"
            tracks.append(track)
        data["tracks"] = tracks
        album = self.ident()
        links = {"spotify": f"https://open.spotify.com/album/{album}",
                 "apple_music": f"https://music.apple.com/gb/album/{slug}/{self.r.randint(10**9, 10**10 - 1)}",
                 "bandcamp": f"https://novalights.bandcamp.com/album/{slug}",
                 "youtube": f"https://www.youtube.com/watch?v={self.ident(11)}",
                 "tidal": f"https://tidal.com/browse/album/{self.r.randint(10**7, 10**9)}",
                 "deezer": f"https://www.deezer.com/album/{self.r.randint(10**7, 10**9)}",
                 "soundcloud": f"https://soundcloud.com/novalights/sets/{slug}"}
        others = sorted(set(links) - {"spotify", "bandcamp"})
        keep = ["spotify", "bandcamp"] + self.r.sample(others, self.r.randint(1, 4))
        data["links"] = {k: links[k] for k in links if k in keep}
        if self.r.random() < 0.15:
            data["links"]["cassette"] = {"url": f"https://novalights.bandcamp.com/merch/{slug}-cassette",
                                         "label": "Cassette (100 copies)", "available_before_release": True}
        if upcoming:
            data["presave"] = f"https://distrokid.com/hyperfollow/novalights/{slug}"
        data["player"] = self.r.choice(["bandcamp", "spotify"])
        if data["player"] == "bandcamp":
            data["bandcamp_id"] = str(self.r.randint(10**9, 4 * 10**9))
        data["credits"] = [{"role": role, "names": self.r.sample(NAMES, self.r.randint(1, 3))}
                           for role in self.r.sample(ROLES, self.r.randint(2, 6))]
        data["tags"] = self.r.sample(TAGS, self.r.randint(1, 4))
        body = "\n\n".join(self.paragraph(2, 6) for _ in range(self.r.randint(1, 4))) + "\n"
        return data, body

    def story(self, slug: str, title: str, releases: list[str]) -> tuple[dict, str]:
        data: dict = {"title": title, "date": self.day(dt.date(2016, 1, 1), AS_OF - dt.timedelta(days=1))}
        if self.r.random() < 0.6:
            data["summary"] = " ".join(self.words(12, 35)).capitalize() + "."
        if self.r.random() < 0.8:
            self.cover(data, title)
        data["tags"] = self.r.sample(TAGS, self.r.randint(1, 4))
        if releases and self.r.random() < 0.3:
            data["releases"] = self.r.sample(releases, min(len(releases), self.r.randint(1, 2)))
        return data, self.story_body()

    def playlist(self, slug: str, title: str) -> tuple[dict, str]:
        curator = slugify(self.r.choice(NAMES)).replace("-", "") + "_" + self.r.choice(WORDS)
        data: dict = {"title": title,
                      "curator": ({"name": curator, "url": f"https://www.instagram.com/{curator}"}
                                  if self.r.random() < 0.6 else curator),
                      "date": self.day(dt.date(2020, 1, 1), AS_OF - dt.timedelta(days=1))}
        if self.r.random() < 0.03:
            data["pinned"] = True
        if self.r.random() < 0.3:
            data["summary"] = " ".join(self.words(8, 25)).capitalize() + "."
        if self.r.random() < 0.7:
            self.cover(data, title)
        data["links"] = {"spotify": f"https://open.spotify.com/playlist/{self.ident()}"}
        if self.r.random() < 0.4:
            data["links"]["youtube"] = f"https://www.youtube.com/playlist?list=PL{self.ident(32)}"
        data["player"] = "spotify"
        tracks = []
        for _ in range(self.r.randint(8, 30)):
            track: dict = {"artist": self.r.choice(ARTISTS), "title": self.title(1, 6)}
            if self.r.random() < 0.3:
                track["url"] = f"https://open.spotify.com/track/{self.ident()}"
            if self.r.random() < 0.25:
                track["note"] = " ".join(self.words(3, 12))
            tracks.append(track)
        data["tracks"] = tracks
        data["tags"] = self.r.sample(TAGS, self.r.randint(0, 3))
        body = "\n\n".join(self.paragraph(2, 5) for _ in range(self.r.randint(1, 4))) + "\n"
        return data, body

    def link_page(self, slug: str, title: str, releases: list[str]) -> tuple[dict, str]:
        named = [f"releases/{self.r.choice(releases)}"] if releases else []
        featured = self.r.choice(["latest", "upcoming", "none"] + named)
        data: dict = {"title": title, "featured": featured,
                      "utm": {"source": self.r.choice(["instagram", "tiktok", "youtube"]), "medium": "social"}}
        links: list[dict] = []
        for _ in range(self.r.randint(8, 15)):
            roll = self.r.random()
            if roll < 0.1:
                links.append({"heading": self.title(1, 3)})
                continue
            if roll < 0.2 and releases:
                target = f"/go/{self.r.choice(releases)}/"
            elif roll < 0.25:
                target = "mailto:hello@novalights.band?subject=Booking"
            else:
                place, number = slugify(self.r.choice(PLACES)), self.r.randint(10**6, 10**7)
                target = f"https://www.seetickets.com/event/nova-lights/{place}/{number}"
            link: dict = {"label": f"{self.title(1, 4)} — {self.r.choice(PLACES)}", "url": target}
            if self.r.random() < 0.1:
                link["highlight"] = True
            if self.r.random() < 0.1:
                link["until"] = AS_OF + dt.timedelta(days=self.r.randint(-30, 60))
            links.append(link)
        links += [{"block": "newsletter"}] + ([{"block": "discord"}] if self.r.random() < 0.5 else [])
        data["links"] = links
        body = self.paragraph(1, 3) + "\n" if self.r.random() < 0.5 else ""
        return data, body


def wrap(text: str, width: int = 78) -> str:
    """Hard-wrap like an artist's editor would (Markdown joins the lines back)."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join(lines + [line])


def counts(n: int) -> dict[str, int]:
    """Split N items across the mix (largest remainders); at least one link page for /links/."""
    raw = {folder: n * share for folder, share in MIX}
    result = {folder: int(value) for folder, value in raw.items()}
    for folder in sorted(raw, key=lambda f: raw[f] - result[f], reverse=True)[: n - sum(result.values())]:
        result[folder] += 1
    if n and result["links"] == 0:
        result["links"], result["stories"] = 1, result["stories"] - 1
    return result


def write_item(folder: Path, slug: str, data: dict, body: str) -> None:
    header = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{slug}.md").write_text(f"---\n{header}---\n{body}", encoding="utf-8")


def copy_project(dest: Path, example: bool, source: Path = ROOT) -> None:
    """Copy the project's theme, plugin and settings (and its example content, or only artist.yml + images)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("themes", "plugins"):
        shutil.copytree(source / name, dest / name, ignore=ignore, dirs_exist_ok=True)
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy2(source / name, dest / name)
    if (source / "overrides").is_dir():
        shutil.copytree(source / "overrides", dest / "overrides", ignore=ignore, dirs_exist_ok=True)
    # the repository's example hub; a project copied by this function (bench's snapshot) has only content/
    example_hub = source / EXAMPLE if (source / EXAMPLE).is_dir() else source / "content"
    if example:
        shutil.copytree(example_hub, dest / "content", ignore=ignore, dirs_exist_ok=True)
    else:
        (dest / "content").mkdir(exist_ok=True)
        shutil.copy2(example_hub / "artist.yml", dest / "content" / "artist.yml")
        shutil.copytree(example_hub / "images", dest / "content" / "images", dirs_exist_ok=True)


def generate(n: int, dest: Path, seed: int, source: Path = ROOT) -> dict[str, int]:
    """Write a Fanzine project with n generated items at dest (which must not hold content yet)."""
    copy_project(dest, example=False, source=source)
    content = dest / "content"
    writer = Writer(seed)
    writer.covers = sorted(p.name for p in (content / "images").glob("*.jpg") if p.name != "avatar.jpg")
    plan = counts(n)
    used: set[str] = set()

    def new_slug(title: str, i: int) -> str:
        slug = f"{slugify(title)[:50].strip('-')}-{i:05d}"
        assert slug not in used
        used.add(slug)
        return slug

    releases: list[str] = []
    for i in range(plan["releases"]):
        title = writer.title(1, 4)
        slug = new_slug(title, i)
        write_item(content / "releases", slug, *writer.release(slug, title))
        releases.append(slug)
    for i in range(plan["stories"]):
        title = writer.title(3, 9)
        slug = new_slug(title, i)
        write_item(content / "stories", slug, *writer.story(slug, title, releases))
    for i in range(plan["playlists"]):
        title = writer.title(2, 6)
        slug = new_slug(title, i)
        write_item(content / "playlists", slug, *writer.playlist(slug, title))
    for i in range(plan["links"]):
        title = "Nova Lights — " + ("links" if i == 0 else writer.title(1, 3))
        slug = "index" if i == 0 else new_slug(title.split("— ", 1)[1], i)
        write_item(content / "links", slug, *writer.link_page(slug, title, releases))
    return plan


# ---------------------------------------------------------------------------------------------
# The bare Pelican twin: the same Markdown bodies, Pelican's own header, default theme, no plugins.

BARE_CONF = '''"""Bare Pelican building the same Markdown as a Fanzine hub (written by scripts/genhub.py)."""
PATH = "content"
OUTPUT_PATH = "output"
SITENAME = "Bare Pelican"
SITEURL = ""
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
# Pelican's default theme: no THEME. No plugins (PLUGINS unset would load every installed one).
PLUGINS = []
# Every item is an article: content/<folder>/<file>.md, as in the Fanzine hub.
ARTICLE_PATHS = [""]
PAGE_PATHS = ["_no_pages_"]
STATIC_PATHS = ["images"]
IGNORE_FILES = [".#*", "*~", "*.swp", "_*.md"]
FILENAME_METADATA = r"(?!x)x"
DEFAULT_PAGINATION = False
# The same Markdown extensions as Fanzine's MARKDOWN setting (plugins/fanzine/pipeline/settings.py).
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.smarty": {},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}
# Feeds off (as in Fanzine's development settings).
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
# The content cache, as Fanzine's pelicanconf.py has it; a cold run deletes CACHE_PATH first.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
CHECK_MODIFIED_METHOD = "mtime"
DELETE_OUTPUT_DIRECTORY = False
'''


def bare_header(meta: dict, folder: str, stem: str) -> str:
    title = " ".join(str(meta.get("title") or stem).split())
    date = meta.get("date") or meta.get("release_date") or dt.date(2026, 1, 1)
    if not isinstance(date, (dt.date, dt.datetime)):
        date = dt.date.fromisoformat(str(date)[:10])
    tags = meta.get("tags") or []
    tags = [tags] if isinstance(tags, str) else tags
    lines = [f"Title: {title}", f"Date: {date:%Y-%m-%d %H:%M}"]
    if tags:
        lines.append("Tags: " + ", ".join(str(t) for t in tags))
    lines.append(f"Slug: {folder}-{meta.get('slug') or stem}")  # folder prefix: links/index must not be /index.html
    return "\n".join(lines) + "\n\n"


def write_bare(source: Path, dest: Path) -> int:
    """Turn the Fanzine project at source into a bare Pelican project at dest; returns the item count."""
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "pelicanconf.py").write_text(BARE_CONF, encoding="utf-8")
    content = source / "content"
    count = 0
    for path in sorted(content.rglob("*.md")):
        if path.name.startswith("_") or len(path.relative_to(content).parts) < 2:
            continue
        text = path.read_text(encoding="utf-8")
        match = FRONT_MATTER.match(text)
        meta = (yaml.safe_load(match.group(1)) if match else None) or {}
        body = text[match.end():] if match else text
        rel = path.relative_to(content)
        target = dest / "content" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(bare_header(meta, rel.parts[0], path.stem) + body, encoding="utf-8")
        count += 1
    if (content / "images").is_dir():  # the same static files to copy
        shutil.copytree(content / "images", dest / "content" / "images", dirs_exist_ok=True)
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of content items to generate (ignored with --example)")
    parser.add_argument("dest", type=Path, help="where to write the Fanzine project (must be empty or missing)")
    parser.add_argument("--bare", type=Path, metavar="DEST2", help="also write the bare Pelican twin here")
    parser.add_argument("--example", action="store_true", help="copy the repo's example hub instead of generating")
    parser.add_argument("--seed", type=int, default=20261121)
    parser.add_argument("--source", type=Path, default=ROOT,
                        help="the project to copy themes/, plugins/, settings and content/ from (default: this repo)")
    args = parser.parse_args(argv)
    for folder in (args.dest, args.bare):
        if folder is not None and folder.exists() and any(folder.iterdir()):
            parser.error(f"{folder} is not empty; pick a new folder")
    if args.example:
        copy_project(args.dest, example=True, source=args.source)
        print(f"{args.dest}: the example hub")
    else:
        if args.n < 1:
            parser.error("N must be at least 1")
        plan = generate(args.n, args.dest, args.seed, source=args.source)
        print(f"{args.dest}: {args.n} items (" + ", ".join(f"{v} {k}" for k, v in plan.items()) + ")")
    if args.bare:
        count = write_bare(args.dest, args.bare)
        print(f"{args.bare}: bare Pelican, {count} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
