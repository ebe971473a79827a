#!/usr/bin/env python3
"""Build speed and page weight of Fanzine, measured next to bare Pelican building the same Markdown.

    make bench                                  # = .venv/bin/python scripts/bench.py
    .venv/bin/python scripts/bench.py --sizes 100,1000 --runs 3
    .venv/bin/python scripts/bench.py --quick   # smoke run: example hub + 100 items, 1 run
    .venv/bin/python scripts/bench.py --profile 1000   # also cProfile a cold and a cached 1,000-item build
    .venv/bin/python scripts/bench.py --only store     # = make bench ONLY=store: only the fan store under load

For the example hub and for generated hubs of each size (scripts/genhub.py,
with the same Markdown written as a bare Pelican project), it runs whole
builds as separate processes, interleaved A B A B (Fanzine, bare Pelican):

  cold      the content cache and output/ set aside before the run
  cached    the next build, with the content cache left by the cold one
  restored  Fanzine cold again, but with the caches of pictures and fonts
            (.fanzine-cache/images, cards, fonts) kept, as the site workflow
            restores them in CI; compared with bare Pelican's cold build

Set aside, not deleted: this machine's disk is ext4 without a journal, where a
file made within minutes of deleting thousands costs the kernel a look at each
deleted inode (2 to 3 s of a cold 1,000-item build, most of it in the build
that makes more files). The folders set aside (old hubs too) are deleted when
the run ends, after the results are written.

and takes medians of wall time, CPU time (user+sys of the process) and peak
RSS (os.wait4's ru_maxrss for that one process). It prints a table with the
ratios Fanzine/bare and writes bench/results/bench.json and bench.md.

It also builds the example hub with production settings and weighs one page
of each type: gzip -9 of the HTML plus the CSS and JS files it loads, and the
fonts it downloads (the ones it preloads, and any other @font-face file whose
unicode-range its words need; WOFF2 is compressed already). The front doors
(home, /links/, a release, /go/) have budgets: 14 KB = 14,336 bytes of HTML +
CSS + JS (what one TCP round trip carries) and 30 KB of fonts; the other pages
are informational. `--only weights` runs this part alone (a minute).

Exit status: 0 when every build worked and the budgets hold; 1 when a page is
over its budget; 2 when a build failed. A slow timing never fails the run:
the machine is shared and noisy, so the numbers are for reading, as ratios.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import html
import html.parser
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import bench_live  # noqa: E402
import genhub  # noqa: E402

AS_OF = "2026-11-21"
RESULTS = ROOT / "bench" / "results"
BUDGET = 14 * 1024  # bytes, gzip -9 of HTML + CSS + JS: one TCP round trip (10 segments of 1,460 bytes)
FONT_BUDGET = 30 * 1024  # bytes of WOFF2 one page downloads
SITEURL = "https://novalights.example"
# Benchmark-only keys for early-access pages (never used anywhere real): the site secret, and one
# code for every `code_env:` named in the content, so gated pages are encrypted as in production.
GATE_SECRET = "bench-only-secret-0123456789-abcdefghij-KLMNOP"
GATE_CODE = "bench-only-lantern-orbit-cactus-velvet"  # strong enough for a production build
# Page types to weigh: (label, output path candidates, budget or None). The first path that exists wins.
PAGES = [
    ("home", ["index.html"], BUDGET),
    ("/links/", ["links/index.html"], BUDGET),
    ("release", ["releases/night-drive/index.html", "releases/*/index.html"], BUDGET),
    ("release (out)", ["releases/glasshouse-hours/index.html"], BUDGET),
    ("/go/ smart link", ["go/night-drive/index.html", "go/*/index.html"], BUDGET),
    ("story", ["stories/two-synth-rule/index.html", "stories/*/index.html"], None),
    ("playlist", ["playlists/last-train-home/index.html", "playlists/*/index.html"], None),
    ("page", ["about/index.html"], None),
    ("early page (locked)", ["early/night-drive-demos/index.html", "early/*/index.html"], None),
    ("/events/", ["events/index.html"], None),
    ("event (RSVP form)", ["events/night-drive-listening-party/index.html", "events/*/index.html"], None),
]


def python_for_builds() -> str:
    """The project's venv Python (pelican and the plugin's dependencies live there)."""
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


# ---------------------------------------------------------------------------------------------
# Running one build


class Project:
    """One buildable project folder: a Fanzine hub copy or its bare Pelican twin."""

    def __init__(self, kind: str, path: Path, python: str, publish: bool = False, aside: Path | None = None):
        self.kind, self.path, self.python, self.publish, self.aside = kind, path, python, publish, aside
        conf = (path / "pelicanconf.py").read_text(encoding="utf-8")
        match = re.search(r'^CACHE_PATH\s*=\s*["\']([^"\']+)["\']', conf, re.M)
        self.cache = path / (match.group(1) if match else "cache")
        self.output = path / "output"

    def command(self) -> list[str]:
        if self.kind == "fanzine":
            return [self.python, "-m", "fanzine", "build", "--as-of", AS_OF, "--output", str(self.output),
                    "--quiet"] + (["--publish"] if self.publish else [])
        return [self.python, "-m", "pelican", "-s", "pelicanconf.py"]

    def env(self) -> dict:
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        env.pop("FANZINE_AS_OF", None)  # make bench exports an empty one; --as-of decides
        if self.kind == "fanzine":  # import the plugin from the copy, as the tests do
            env["PYTHONPATH"] = os.pathsep.join([str(self.path / "plugins"), str(self.path)])
            env["FANZINE_GATE_SECRET"] = GATE_SECRET
            env["FANZINE_HOST"] = "own-server"  # the example's forms post to /api, which runs beside the site
            env.update({name: GATE_CODE for name in self.code_envs()})
            if self.publish:
                env["SITEURL"] = SITEURL
        return env

    def code_envs(self) -> set[str]:
        if not hasattr(self, "_code_envs"):
            pattern = re.compile(r"^\s*code_env:\s*[\"']?([A-Z][A-Z0-9_]*)", re.M)
            self._code_envs = {m for p in (self.path / "content").rglob("*.md")
                               for m in pattern.findall(p.read_text(encoding="utf-8", errors="replace"))}
        return self._code_envs

    def clean(self, keep: tuple[str, ...] = ()) -> None:
        """Remove the caches and output/, but the cache's `keep` folders. Into `aside` when there is one:
        deleting thousands of files on this machine slows down the next build (see the top of this file)."""
        moved = set_aside([self.cache, self.output], self.aside or self.path)
        for name in keep:
            if moved and (moved / self.cache.name / name).is_dir():
                self.cache.mkdir(exist_ok=True)
                (moved / self.cache.name / name).rename(self.cache / name)
        if moved and not self.aside:
            shutil.rmtree(moved, ignore_errors=True)

    def build(self, log: Path, timeout: float = 1800) -> dict:
        """Run one build as its own process; wall time, CPU time and peak RSS of that process."""
        with open(log, "wb") as out:
            started = time.perf_counter()
            process = subprocess.Popen(self.command(), cwd=self.path, env=self.env(), stdout=out,
                                       stderr=subprocess.STDOUT)
            deadline = started + timeout
            while True:  # os.wait4 gives this child's own rusage (RUSAGE_CHILDREN would be the max of all)
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() > deadline:
                    process.kill()
                    pid, status, usage = os.wait4(process.pid, 0)
                    break
                time.sleep(0.005)
            wall = time.perf_counter() - started
            process.returncode = os.waitstatus_to_exitcode(status)
        return {"ok": process.returncode == 0, "returncode": process.returncode, "wall_s": round(wall, 4),
                "cpu_s": round(usage.ru_utime + usage.ru_stime, 4), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
                "log": str(log)}


def set_aside(folders: list[Path], aside: Path) -> Path | None:
    """Move the folders that exist (a dangling link too) into a new folder under `aside`; that folder, or None."""
    present = [folder for folder in folders if os.path.lexists(folder)]
    if not present:
        return None
    moved = Path(tempfile.mkdtemp(dir=aside, prefix=".set-aside-"))
    for folder in present:
        folder.rename(moved / folder.name)
    return moved


def log_tail(path: str, lines: int = 15) -> str:
    try:
        return "\n".join(Path(path).read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


# ---------------------------------------------------------------------------------------------
# One snapshot of the project for the whole run

def snapshot(work: Path, python: str, logs: Path, tries: int = 3, wait: float = 20) -> tuple[Path, dict]:
    """Copy themes/, plugins/, settings and content/ once, so every hub builds the same code.

    Other people edit the working tree while this runs: a copy taken mid-edit may not build.
    The snapshot must build the example hub; if it does not, take it again a little later.
    """
    source = work / "source"
    for attempt in range(1, tries + 1):
        shutil.rmtree(source, ignore_errors=True)
        genhub.copy_project(source, example=True)
        preflight = work / "preflight"
        shutil.rmtree(preflight, ignore_errors=True)
        genhub.copy_project(preflight, example=True, source=source)
        built = Project("fanzine", preflight, python).build(logs / f"preflight-{attempt}.log")
        shutil.rmtree(preflight, ignore_errors=True)
        if built["ok"] or attempt == tries:
            break
        print(f"  the working tree does not build right now (being edited?); trying again in {wait:.0f} s:\n"
              + log_tail(built["log"], 3), file=sys.stderr)
        time.sleep(wait)
    digest = hashlib.sha256()
    for path in sorted(p for name in ("plugins", "themes", "pelicanconf.py", "publishconf.py")
                       for p in ([source / name] if (source / name).is_file() else (source / name).rglob("*"))):
        if path.is_file():
            digest.update(str(path.relative_to(source)).encode() + b"\0" + path.read_bytes())
    return source, {"builds": built["ok"], "attempts": attempt, "digest": digest.hexdigest()[:12]}


# ---------------------------------------------------------------------------------------------
# One hub: Fanzine and bare Pelican, cold and cached, interleaved


RESTORED = ("images", "cards", "fonts")  # the caches the site workflow restores (actions/cache)


def measure(name: str, items: int, fanzine: Project, bare: Project, runs: int, warmup: bool, logs: Path) -> dict:
    pair = [("fanzine", fanzine), ("bare", bare)]
    samples = {f"{kind}_{phase}": [] for kind, _ in pair for phase in ("cold", "cached")}
    samples["fanzine_restored"] = []
    failures = []
    logs.mkdir(parents=True, exist_ok=True)

    def run(kind: str, project: Project, phase: str, n: int) -> None:
        result = project.build(logs / f"{name.replace(',', '')}-{kind}-{phase}-{n}.log")
        if result["ok"]:
            samples[f"{kind}_{phase}"].append(result)
        else:
            failures.append({"kind": kind, "phase": phase, "run": n, **result, "tail": log_tail(result["log"])})
            print(f"  ! {kind} {phase} build failed (exit {result['returncode']}); log: {result['log']}\n"
                  + log_tail(result["log"]), file=sys.stderr)
        print(f"  {name:>8} {kind:<7} {phase:<8} run {n}: {result['wall_s']:7.2f} s wall "
              f"{result['cpu_s']:7.2f} s cpu {result['peak_rss_mb']:7.1f} MB", flush=True)

    if warmup:  # compile the copies' .pyc, fill the page cache; not counted
        for kind, project in pair:
            project.clean()
            project.build(logs / f"{name.replace(',', '')}-{kind}-warmup.log")
    for n in range(1, runs + 1):
        for kind, project in pair:  # A B: cold
            project.clean()
            run(kind, project, "cold", n)
        for kind, project in pair:  # A B: cached (the cold run above left the cache warm)
            run(kind, project, "cached", n)
        fanzine.clean(keep=RESTORED)  # cold, with the pictures and fonts CI restores (against bare cold)
        run("fanzine", fanzine, "restored", n)

    summary: dict = {"name": name, "items": items, "runs": runs, "failures": failures}
    for key, values in samples.items():
        summary[key] = {
            "n": len(values),
            "wall_s": median(v["wall_s"] for v in values),
            "cpu_s": median(v["cpu_s"] for v in values),
            "peak_rss_mb": median(v["peak_rss_mb"] for v in values),
            "wall_all": [v["wall_s"] for v in values],
            "cpu_all": [v["cpu_s"] for v in values],
        }
    for phase, against in (("cold", "cold"), ("cached", "cached"), ("restored", "cold")):
        a, b = summary[f"fanzine_{phase}"], summary[f"bare_{against}"]
        summary[f"ratio_{phase}"] = {m: ratio(a[m], b[m]) for m in ("wall_s", "cpu_s", "peak_rss_mb")}
    return summary


def median(values) -> float | None:
    values = list(values)
    return round(statistics.median(values), 3) if values else None


def ratio(a, b) -> float | None:
    return round(a / b, 2) if a and b else None


# ---------------------------------------------------------------------------------------------
# Page weight


class Assets(html.parser.HTMLParser):
    """Stylesheets and scripts a page loads (inline ones are part of the HTML already)."""

    def __init__(self):
        super().__init__()
        self.css, self.js = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("href"):
            self.css.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.js.append(a["src"])


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def local_file(output: Path, href: str) -> Path | None:
    path = href.split("#")[0].split("?")[0]
    if path.startswith(SITEURL):
        path = path[len(SITEURL):]
    if re.match(r"^[a-z]+:|^//", path):
        return None  # third-party: not ours to weigh (and a budget breach of its own)
    candidate = output / path.lstrip("/")
    return candidate if candidate.is_file() else None


FONT_FACE = re.compile(r'@font-face\{[^}]*?src:url\("?([^")]+)"?\)[^}]*?unicode-range:([^;}]+)')
PRELOAD = re.compile(r'<link rel="preload" href="([^"]+)" as="font"')


def page_fonts(output: Path, page_text: str, stylesheets: list[Path]) -> list[Path]:
    """The font files a page downloads: those it preloads, and each @font-face file its words fall in."""
    words = {ord(c) for c in html.unescape(re.sub(r"<(script|style)\b.*?</\1>|<[^>]+>", " ", page_text, flags=re.S))}
    found = [local_file(output, href) for href in PRELOAD.findall(page_text)]
    for sheet in stylesheets:
        for href, ranges in FONT_FACE.findall(sheet.read_text(encoding="utf-8")):
            wanted = set()
            for part in ranges.split(","):
                low, _, high = part.strip().removeprefix("U+").partition("-")
                wanted |= set(range(int(low, 16), int(high or low, 16) + 1))
            if words & wanted:
                found.append(local_file(output, href))
    return sorted({f for f in found if f is not None})


def weigh(output: Path) -> list[dict]:
    rows = []
    for label, candidates, budget in PAGES:
        page = None
        for pattern in candidates:
            found = sorted(output.glob(pattern))
            if found:
                page = found[0]
                break
        if page is None:
            rows.append({"page": label, "path": candidates[0], "missing": True, "budget": budget})
            continue
        data = page.read_bytes()
        parser = Assets()
        parser.feed(data.decode("utf-8", errors="replace"))
        row = {"page": label, "path": "/" + str(page.relative_to(output)).removesuffix("index.html"),
               "html_raw": len(data), "html_gz": gz(data), "css_gz": 0, "js_gz": 0, "css": [], "js": [],
               "unresolved": []}
        for kind, hrefs in (("css", parser.css), ("js", parser.js)):
            for href in hrefs:
                asset = local_file(output, href)
                if asset is None:
                    row["unresolved"].append(href)
                    continue
                row[f"{kind}_gz"] += gz(asset.read_bytes())
                row[kind].append("/" + str(asset.relative_to(output)))
        row["total_gz"] = row["html_gz"] + row["css_gz"] + row["js_gz"]
        fonts = page_fonts(output, data.decode("utf-8", errors="replace"), [output / c.lstrip("/") for c in row["css"]])
        row["fonts"] = ["/" + str(f.relative_to(output)) for f in fonts]
        row["fonts_bytes"] = sum(f.stat().st_size for f in fonts)
        row["budget"] = budget
        row["over_budget"] = bool(budget and (row["total_gz"] > budget or row["fonts_bytes"] > FONT_BUDGET))
        rows.append(row)
    return rows


# ---------------------------------------------------------------------------------------------
# Profile


AREAS = [  # (label, substring of the code's file name); first match wins
    ("Markdown (python-markdown)", "/markdown/"),
    ("YAML (PyYAML)", "/yaml/"),
    ("Jinja2 templates", "/jinja2/"),
    ("Jinja2 templates", ".html"),
    ("Jinja2 templates", "/markupsafe/"),
    ("pickle (content cache)", "zlib.Compress"),
    ("fanzine plugin", "/plugins/fanzine/"),
    ("Pelican", "/pelican/"),
    ("Pillow (image decode, resize, encode)", "/PIL/"),
    ("Pillow (image decode, resize, encode)", "Imaging"),
    ("waiting for image worker threads", "_thread.lock"),
    ("regular expressions (re)", "re.Pattern"),
    ("docutils (imported by Pelican)", "/docutils/"),
    ("pickle (content cache)", "pickle"),
    ("file system (stat, open, write, mkdir, copy)", "posix"),
    ("file system (stat, open, write, mkdir, copy)", "io."),
    ("file system (stat, open, write, mkdir, copy)", "shutil"),
]


# Profiles the build itself (not interpreter start-up) and keeps the command's exit status.
PROFILE_SNIPPET = ("import cProfile, sys\nfrom fanzine.commands.cli import main\nprofile = cProfile.Profile()\n"
                   "status = profile.runcall(main, sys.argv[2:])\nprofile.dump_stats(sys.argv[1])\nsys.exit(status)\n")


# Named stages of a build: (label, file name ending, function); cumulative time, so stages nest.
STAGES = [
    ("whole build (fanzine build)", "fanzine/commands/cli.py", "command_build"),
    ("fanzine check: every file's YAML + schema, before Pelican starts", "fanzine/content/check.py", "check_site"),
    ("Pelican run (readers, generators, writers)", "pelican/__init__.py", "run"),
    ("reading content files (Pelican readers, cache misses)", "pelican/readers.py", "read_file"),
    ("fanzine reader: YAML + schema + Markdown of one file", "fanzine/pipeline/readers.py", "read"),
    ("front matter YAML parsing (check + reader)", "fanzine/content/frontmatter.py", "load_file"),
    ("schema checks (check + reader)", "fanzine/content/schema.py", "clean"),
    ("Markdown to HTML (python-markdown convert)", "markdown/core.py", "convert"),
    ("social cards: drawing link-preview pictures (socialcards.write_card)", "fanzine/outputs/socialcards.py",
     "write_card"),
    ("responsive images: resizing covers (images.picture)", "fanzine/outputs/images.py", "picture"),
    ("host config: scanning output/ for _headers (hostconfig)", "fanzine/outputs/hostconfig.py", "write_host_config"),
    ("writing pages (Pelican Writer.write_file)", "pelican/writers.py", "write_file"),
    ("Jinja2 rendering (Template.render)", "jinja2/environment.py", "render"),
    ("Jinja2 compiling templates (no bytecode cache)", "jinja2/environment.py", "compile"),
    ("opening output files incl. makedirs (Writer._open_w)", "pelican/writers.py", "_open_w"),
    ("content cache save (pickle + gzip)", "pelican/cache.py", "save_cache"),
    ("content cache load (unpickle)", "~", "<built-in method _pickle.load>"),
]


def example_for_publish(hub: Path, source: Path, python: str) -> Project:
    """The example hub copied for a production build: its early-access pages are sealed with the development
    secret, which a publish build refuses, so they are opened first, as the tests do (conftest.copy_project)."""
    shutil.rmtree(hub, ignore_errors=True)
    genhub.copy_project(hub, example=True, source=source)
    subprocess.run([python, "-c", "import pathlib; from fanzine.early.sources import open_development_copies; "
                    "open_development_copies(pathlib.Path('content'))"],
                   cwd=hub, env=Project("fanzine", hub, python).env(), check=True)
    return Project("fanzine", hub, python, publish=True)  # made now: it reads the opened pages' code_env


def weigh_with_stats(source: Path, work: Path, python: str, logs: Path) -> list[dict] | str:
    """The front doors' weights once artist.yml says `stats: on` (issue 19): the budgets must still hold."""
    hub = work / "weights-stats"
    project = example_for_publish(hub, source, python)
    artist = hub / "content" / "artist.yml"
    artist.write_text(artist.read_text(encoding="utf-8") + "\nstats: on\n", encoding="utf-8")
    built = project.build(logs / "weights-stats-build.log")
    if not built["ok"]:
        return log_tail(built["log"])
    rows = [row for row in weigh(project.output) if row["page"] in ("home", "/links/", "release", "/go/ smart link")]
    shutil.rmtree(hub, ignore_errors=True)
    return rows


def profile_one(project: Project, out: Path) -> dict:
    import pstats

    stats_file = out.with_suffix(".prof")
    command = project.command()
    assert command[1:3] == ["-m", "fanzine"]
    command[1:3] = ["-c", PROFILE_SNIPPET, str(stats_file)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=project.path, env=project.env(), capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        return {"error": done.stdout[-2000:] + done.stderr[-2000:]}
    stats = pstats.Stats(str(stats_file))
    total = stats.total_tt
    areas: dict[str, float] = {}
    stages = {label: 0.0 for label, _, _ in STAGES}
    for (filename, _line, function), (_cc, _nc, tt, ct, _callers) in stats.stats.items():
        where = filename if filename != "~" else function
        area = next((label for label, key in AREAS if key in where), "other (Python runtime, stdlib)")
        areas[area] = areas.get(area, 0.0) + tt
        for label, suffix, name in STAGES:
            if filename.endswith(suffix) and function == name:
                stages[label] += ct
    top = []
    for (filename, line, function), (_cc, nc, tt, ct, _callers) in sorted(
            stats.stats.items(), key=lambda kv: kv[1][3], reverse=True)[:60]:
        short = filename.split("site-packages/")[-1].replace(str(project.path) + "/", "")
        top.append({"function": f"{short}:{line}({function})", "calls": nc, "self_s": round(tt, 3),
                    "cumulative_s": round(ct, 3)})
    with open(out, "w", encoding="utf-8") as text:
        stats.stream = text
        stats.sort_stats("cumulative").print_stats(60)
        stats.sort_stats("tottime").print_stats(40)
    return {"wall_s_profiled": round(wall, 2), "total_self_s": round(total, 2),
            "stages": {k: round(v, 3) for k, v in stages.items()},
            "areas": {k: round(v, 3) for k, v in sorted(areas.items(), key=lambda kv: -kv[1])},
            "top_cumulative": top, "text": str(out)}


def profile(project: Project, results: Path, size: int) -> dict:
    """cProfile one cold Fanzine build, then the cached one after it. Profiling slows Python code
    down unevenly (1.5x for a whole build here): read the shares, not the seconds."""
    project.clean()
    cold = profile_one(project, results / f"profile-{size}-cold.txt")
    cached = profile_one(project, results / f"profile-{size}-cached.txt") if "error" not in cold else {}
    return {"items": size, "cold": cold, "cached": cached}


# ---------------------------------------------------------------------------------------------
# Report


def fmt_s(value) -> str:
    return "—" if value is None else f"{value:.2f} s"


def fmt_x(value) -> str:
    return "—" if value is None else f"{value:.2f}x"


def fmt_mb(value) -> str:
    return "—" if value is None else f"{value:.0f} MB"


def speed_table(hubs: list[dict], metric: str) -> list[str]:
    """Cold and cached side by side; "restored" is Fanzine cold with the caches of pictures and fonts that CI
    keeps, against bare Pelican's cold build."""
    lines = ["| hub | items | runs | Fanzine cold | bare cold | cold ratio | Fanzine cached | bare cached "
             "| cached ratio | Fanzine cold, pictures and fonts restored | ratio to bare cold |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for h in hubs:
        fc, bc, fw, bw = h["fanzine_cold"], h["bare_cold"], h["fanzine_cached"], h["bare_cached"]
        fr = h.get("fanzine_restored") or {}
        lines.append(f"| {h['name']} | {h['items']:,} | {min(fc['n'], bc['n'])} | {fmt_s(fc[metric])} | "
                     f"{fmt_s(bc[metric])} | {fmt_x(h['ratio_cold'][metric])} | {fmt_s(fw[metric])} | "
                     f"{fmt_s(bw[metric])} | {fmt_x(h['ratio_cached'][metric])} | {fmt_s(fr.get(metric))} | "
                     f"{fmt_x((h.get('ratio_restored') or {}).get(metric))} |")
    return lines


def memory_table(hubs: list[dict]) -> list[str]:
    lines = ["| hub | Fanzine cold | bare cold | ratio | Fanzine cached | bare cached | ratio |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for h in hubs:
        lines.append(f"| {h['name']} | {fmt_mb(h['fanzine_cold']['peak_rss_mb'])} | "
                     f"{fmt_mb(h['bare_cold']['peak_rss_mb'])} | {fmt_x(h['ratio_cold']['peak_rss_mb'])} | "
                     f"{fmt_mb(h['fanzine_cached']['peak_rss_mb'])} | {fmt_mb(h['bare_cached']['peak_rss_mb'])} | "
                     f"{fmt_x(h['ratio_cached']['peak_rss_mb'])} |")
    return lines


def weight_table(rows: list[dict]) -> list[str]:
    lines = ["| page | path | HTML | CSS | JS | total (gzip -9) | budget | fonts (WOFF2) | budget | |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        if r.get("missing"):
            lines.append(f"| {r['page']} | {r['path']} | — | — | — | — | — | — | — | not built |")
            continue
        budget = f"{r['budget']:,} B" if r["budget"] else "informational"
        font_budget = f"{FONT_BUDGET:,} B" if r["budget"] else "informational"
        verdict = ("**over**" if r["over_budget"] else "ok") if r["budget"] else ""
        lines.append(f"| {r['page']} | {r['path']} | {r['html_gz']:,} B | {r['css_gz']:,} B | {r['js_gz']:,} B | "
                     f"{r['total_gz']:,} B | {budget} | {r['fonts_bytes']:,} B ({len(r['fonts'])}) | {font_budget} "
                     f"| {verdict} |")
    return lines


def machine() -> dict:
    model = ""
    try:
        model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                      if line.startswith("model name")), "")
    except OSError:
        pass
    try:
        memory = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError):
        memory = None
    versions = subprocess.run([python_for_builds(), "-c", "import pelican, markdown, jinja2, yaml; print("
                               "pelican.__version__, markdown.__version__, jinja2.__version__, yaml.__version__)"],
                              capture_output=True, text=True).stdout.split()
    names = ["pelican", "markdown", "jinja2", "pyyaml"]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    dirty = bool(subprocess.run(["git", "status", "--porcelain", "--", "plugins", "themes", "pelicanconf.py"],
                                cwd=ROOT, capture_output=True, text=True).stdout.strip())
    return {"cpus": os.cpu_count(), "cpu_model": model, "memory_gib": memory, "python": platform.python_version(),
            "versions": dict(zip(names, versions, strict=False)),
            "commit": commit + ("+uncommitted plugin/theme changes" if dirty else ""),
            "load_avg_start": [round(x, 2) for x in os.getloadavg()]}


def profile_md(p: dict) -> list[str]:
    out = [f"## Where a {p['items']:,}-item Fanzine build spends its time (cProfile)", "",
           "Profiling slows Python code unevenly (1.5x for a whole build here): read the shares, not the seconds.", ""]
    for phase in ("cold", "cached"):
        run = p.get(phase) or {}
        if "error" in run:
            out += [f"Profiling the {phase} build failed: {run['error'][-500:]}", ""]
            continue
        if not run:
            continue
        whole = run["stages"][STAGES[0][0]] or run["total_self_s"]
        out += [f"### {phase.capitalize()} build: stages (cumulative time; stages nest)", "",
                "| stage | time | share of the build |", "|---|---:|---:|"]
        out += [f"| {label} | {seconds:.2f} s | {seconds / whole:.0%} |" for label, seconds in run["stages"].items()]
        out += ["", f"### {phase.capitalize()} build: self time by library", "", "| area | self time | share |",
                "|---|---:|---:|"]
        out += [f"| {area} | {seconds:.2f} s | {seconds / run['total_self_s']:.0%} |"
                for area, seconds in run["areas"].items() if seconds >= 0.005]
        out += ["", f"Full listing: `{run['text']}`", ""]
    return out


def report_md(result: dict) -> str:
    m = result["machine"]
    out = [f"# Fanzine benchmark — {result['date']}", "",
           f"Machine: {m['cpus']} CPUs ({m['cpu_model']}), {m['memory_gib']} GiB, Python {m['python']}, "
           + ", ".join(f"{k} {v}" for k, v in m["versions"].items())
           + f"; commit {m['commit']}, snapshot {result.get('snapshot', {}).get('digest')}.",
           f"Load average at start {m['load_avg_start']}, at end {m.get('load_avg_end')} "
           "(the machine is shared: read the ratios, measured side by side, A B A B).", "",
           f"Command: `{result['command']}`", "",
           "## Build time, wall clock (medians)", "", *speed_table(result["hubs"], "wall_s"), "",
           "## Build time, CPU (user+sys of the build process, medians)", "",
           *speed_table(result["hubs"], "cpu_s"), "",
           "## Peak memory (max RSS of the build process, medians)", "", *memory_table(result["hubs"]), ""]
    if result.get("weights"):
        out += ["## Page weight (example hub, production settings, gzip -9)", "",
                *weight_table(result["weights"]), "",
                f"Budgets for the front doors (home, /links/, a release, /go/): ≤ {BUDGET:,} bytes of HTML + CSS + "
                f"JS together, gzipped, and ≤ {FONT_BUDGET:,} bytes of fonts; the others are informational.", ""]
    if result.get("weights_stats"):
        out += ["## Page weight with `stats: on` (the front doors load theme/js/stats.js)", "",
                *weight_table(result["weights_stats"]), ""]
    out += bench_live.live_md(result) + bench_live.targets_md(result)
    if result.get("profile"):
        out += profile_md(result["profile"])
    failures = [f for h in result["hubs"] for f in h["failures"]]
    if failures:
        out += ["## Failed builds", ""] + [f"- {f['kind']} {f['phase']} run {f['run']}: exit {f['returncode']}, "
                                           f"log {f['log']}" for f in failures] + [""]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------


def store_only(results_dir: Path, seconds: float) -> int:
    """`--only store`: the fan store part alone (about a minute), written to bench/results/store.{json,md}."""
    results_dir.mkdir(parents=True, exist_ok=True)
    load_start = [round(x, 2) for x in os.getloadavg()]
    print("fan store: the form endpoint under load on SQLite, then PostgreSQL (127.0.0.1)", flush=True)
    store = bench_live.store_load(seconds=seconds)
    print("cookieless counts: /hit under load on SQLite, then PostgreSQL", flush=True)
    hits = bench_live.hit_load(seconds=seconds)
    result = {"date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "machine": machine(), "store": store,
              "hits": hits}
    result["machine"]["load_avg_start"], result["machine"]["load_avg_end"] = load_start, [
        round(x, 2) for x in os.getloadavg()]
    lines = bench_live.store_md(store) + bench_live.hit_md(hits)
    (results_dir / "store.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (results_dir / "store.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[2:]))
    print(f"Load average {load_start} at start, {result['machine']['load_avg_end']} at end (2 = both cores busy).")
    print(f"Wrote {results_dir / 'store.json'} and {results_dir / 'store.md'}.")
    runs = [run for run in (*store.values(), *hits.values()) if "lost" in run]
    return 0 if all(run["errors"] == 0 and run["lost"] == 0 and run.get("duplicated", 0) == 0 for run in runs) else 1


def reload_only(results_dir: Path, python: str, saves: int, sizes: list[int]) -> int:
    """`--only reload` (make bench ONLY=reload): save → page served in the dev server, warm and fresh-process,
    on the example hub and the generated hubs of --sizes (1,000 by default); bench/results/reload.{json,md}."""
    results_dir.mkdir(parents=True, exist_ok=True)
    result: dict = {"date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "machine": machine(), "reload": {}}
    with tempfile.TemporaryDirectory(prefix="fanzine-bench-reload-") as work:
        for size in [0, *sizes]:
            name = f"{size:,}" if size else "example"
            hub = Path(work) / f"hub-{size}"
            if size:
                genhub.generate(size, hub, seed=20261121)
            else:
                genhub.copy_project(hub, example=True)
            print(f"{name}: save → page served in the dev server, warm and fresh-process ({saves} saves each)",
                  flush=True)
            target = bench_live.RELOAD_TARGETS_S.get(name, 1.0)
            result["reload"][name] = bench_live.reload_both(hub, python, Project("fanzine", hub, python).env(),
                                                            target, edits=saves)
            if not size:  # the example hub: 200 saves take a few minutes
                print(f"{name}: 200 saves in one warm dev server: peak memory", flush=True)
                result["long_session"] = bench_live.long_session(hub, python, Project("fanzine", hub, python).env())
    result["machine"]["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]
    lines = bench_live.live_md(result)
    (results_dir / "reload.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (results_dir / "reload.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


def participation(votes: int = 2000) -> dict:
    """Votes and submissions per second through the endpoint's core on SQLite (in process, no HTTP), and
    how long counting a poll of that many votes takes (what `fanzine polls results` does)."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "plugins"))
    from zoneinfo import ZoneInfo

    from fanzine.commands.polls import count
    from functions.core import Endpoint
    from functions.messages import Request
    from functions.settings import load_settings

    folder = Path(tempfile.mkdtemp(prefix="fanzine-participation-"))
    endpoint = Endpoint(load_settings({"FANZINE_DB": str(folder / "fans.sqlite3"), "FANZINE_RATE_LIMIT_IP": "0",
                                       "FANZINE_RATE_LIMIT_EMAIL": "0"}))
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    timings = {}
    for route, body in (("vote", "poll=cover&choice=c{n}&email=fan{i}%40example.com"),
                        ("submit", "call=b-side&name=Fan+{i}&text=Name+{i}&consent=on")):
        started = time.perf_counter()
        for i in range(votes):
            answer = endpoint.handle(Request("POST", f"/api/{route}", form, client_ip="192.0.2.1",
                                             body=body.format(i=i, n=i % 3).encode()))
            assert answer.status == 200, answer.body
        timings[route] = round(votes / (time.perf_counter() - started))
    poll = {"closes": dt.datetime(2999, 1, 1), "vote": "email", "choices": [{"id": f"c{n}"} for n in range(3)]}
    cast = endpoint.store.votes()
    started = time.perf_counter()
    counted = count(poll, cast, ZoneInfo("UTC"), "cover")
    timings["count_ms"] = round((time.perf_counter() - started) * 1000, 1)
    assert sum(counted.values()) == votes
    shutil.rmtree(folder, ignore_errors=True)
    return {"votes_per_s": timings["vote"], "submissions_per_s": timings["submit"], "votes": votes,
            "count_ms": timings["count_ms"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure Fanzine build speed against bare Pelican, and page weight.")
    parser.add_argument("--sizes", default="100,1000,5000", help="generated hub sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each build (default 3)")
    parser.add_argument("--big-runs", type=int, default=2,
                        help="runs for hubs of 5,000 items or more (default 2, to stay under ~10 minutes)")
    parser.add_argument("--example-runs", type=int, default=5, help="runs for the example hub (default 5)")
    parser.add_argument("--quick", action="store_true", help="smoke run: example hub and 100 items, 1 run each")
    parser.add_argument("--no-example", action="store_true", help="skip the example hub's timings")
    parser.add_argument("--no-weights", action="store_true", help="skip page weights")
    parser.add_argument("--no-live", action="store_true",
                        help="skip the dev-server reload latency and the fan store load test")
    parser.add_argument("--saves", type=int, default=10,
                        help="saves timed in the dev server, warm and fresh-process (default 10)")
    parser.add_argument("--only", choices=["store", "weights", "reload", "participation"],
                        help="run only this part: store = the form endpoint on each fan store engine under load; "
                             "weights = the example hub's page weights; reload = save → page served in the dev "
                             "server, warm and fresh-process, and a 200-save session; participation = votes and "
                             "submissions per second, and counting a poll")
    parser.add_argument("--profile", type=int, metavar="N",
                        help="also cProfile one cold and one cached Fanzine build of the N-item hub (N in --sizes)")
    parser.add_argument("--workdir", type=Path, help="where to generate the hubs (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the generated hubs")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.only == "store":
        return store_only(args.results, seconds=5 if args.quick else 20)
    if args.only == "participation":
        found = participation()
        print(f"votes: {found['votes_per_s']:,}/s, submissions: {found['submissions_per_s']:,}/s (SQLite, in process); "
              f"counting {found['votes']:,} votes: {found['count_ms']} ms")
        return 0
    if args.quick:
        args.sizes, args.runs, args.big_runs, args.example_runs = "100", 1, 1, 1
    if args.only == "weights":
        args.sizes, args.no_example, args.no_live = "", True, True
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if args.only == "reload":
        return reload_only(args.results, python_for_builds(), args.saves,
                           [n for n in sizes if n <= 1000] if args.sizes != parser.get_default("sizes") else [1000])

    python = python_for_builds()
    results_dir = args.results
    results_dir.mkdir(parents=True, exist_ok=True)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="fanzine-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    aside = work / "set-aside"  # the caches and output/ each cold build starts without; deleted at the end
    shutil.rmtree(aside, ignore_errors=True)
    aside.mkdir()
    logs = results_dir / "logs"
    shutil.rmtree(logs, ignore_errors=True)
    logs.mkdir(parents=True)
    started = time.perf_counter()
    result: dict = {"date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "machine": machine(),
                    "command": " ".join(["scripts/bench.py", *(argv if argv is not None else sys.argv[1:])]),
                    "as_of": AS_OF, "hubs": []}
    status = 0
    try:
        print("snapshot of themes/, plugins/, settings and content/ ...", flush=True)
        source, result["snapshot"] = snapshot(work, python, logs)
        if not result["snapshot"]["builds"]:
            print("  ! the snapshot does not build the example hub; the builds below will fail", file=sys.stderr)
        if not args.no_weights:  # first: quick, and kept even if the timings are interrupted
            print("example hub: production build for page weights", flush=True)
            project = example_for_publish(work / "weights", source, python)
            built = project.build(logs / "weights-build.log")
            if built["ok"]:
                result["weights"] = weigh(project.output)
                if any(r.get("over_budget") for r in result["weights"]):
                    status = 1
            else:
                print("  ! production build failed:\n" + log_tail(built["log"]), file=sys.stderr)
                result["weights_error"] = log_tail(built["log"])
                status = 2
            print("example hub with stats: on: the front doors' weights", flush=True)
            counted = weigh_with_stats(source, work, python, logs)
            if isinstance(counted, str):
                print("  ! production build with stats: on failed:\n" + counted, file=sys.stderr)
                status = 2
            else:
                result["weights_stats"] = counted
                if any(r.get("over_budget") for r in counted):
                    status = 1

        hubs: list[tuple[str, int, Path, Path, int]] = []
        if not args.no_example:
            hubs.append(("example", 0, work / "example", work / "example-bare", args.example_runs))
        for size in sizes:
            runs = args.big_runs if size >= 5000 else args.runs
            hubs.append((f"{size:,}", size, work / f"hub-{size}", work / f"hub-{size}-bare", runs))
        for name, size, hub, bare, runs in hubs:
            try:
                set_aside([hub, bare], aside)  # a --workdir used before: its hubs go aside, not deleted now
                if size:
                    genhub.generate(size, hub, seed=20261121, source=source)
                else:
                    genhub.copy_project(hub, example=True, source=source)
                count = genhub.write_bare(hub, bare)
                fanzine = Project("fanzine", hub, python, aside=aside)
                plain = Project("bare", bare, python, aside=aside)
                print(f"{name}: generating done ({count} items) — measuring, {runs} run(s), A B A B", flush=True)
                summary = measure(name, count, fanzine, plain, runs=runs, warmup=size <= 1000, logs=logs)
                result["hubs"].append(summary)
                if summary["failures"]:
                    status = 2
                if name in bench_live.RELOAD_TARGETS_S and not args.no_live:
                    print(f"{name}: save → page served in the dev server, warm and fresh-process", flush=True)
                    result.setdefault("reload", {})[name] = bench_live.reload_both(
                        hub, python, fanzine.env(), bench_live.RELOAD_TARGETS_S[name], edits=args.saves)
                if args.profile == size:
                    print(f"{name}: profiling one cold and one cached Fanzine build", flush=True)
                    result["profile"] = profile(fanzine, results_dir, size)
            except KeyboardInterrupt:  # Ctrl-C: keep what is measured so far, skip the rest
                print(f"\ninterrupted during the {name} hub: writing what was measured before it", file=sys.stderr)
                result["interrupted"] = name
                status = status or 130
                break
            finally:
                if not args.keep and not args.workdir:  # aside, deleted with the rest when the run ends
                    set_aside([hub, bare], aside)
        if not args.no_live:
            print("fan store: the form endpoint under load on SQLite, then PostgreSQL (127.0.0.1)", flush=True)
            result["store"] = bench_live.store_load(seconds=5 if args.quick else 20)
            print("cookieless counts: /hit under load on SQLite, then PostgreSQL", flush=True)
            result["hits"] = bench_live.hit_load(seconds=5 if args.quick else 20)
    finally:
        result["machine"]["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]
        result["elapsed_s"] = round(time.perf_counter() - started, 1)
        (results_dir / "bench.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        (results_dir / "bench.md").write_text(report_md(result), encoding="utf-8")
        shutil.rmtree(aside, ignore_errors=True)  # after the results are safe: it holds a few GB at most
        if not args.keep and not args.workdir:
            shutil.rmtree(work, ignore_errors=True)

    print()
    print("Wall clock, medians (Fanzine vs bare Pelican on the same Markdown):")
    print("\n".join(speed_table(result["hubs"], "wall_s")))
    print("\nCPU time (user+sys), medians:")
    print("\n".join(speed_table(result["hubs"], "cpu_s")))
    print("\nPeak RSS, medians:")
    print("\n".join(memory_table(result["hubs"])))
    if result.get("weights"):
        print("\nPage weight, example hub (production), gzip -9:")
        print("\n".join(weight_table(result["weights"])))
        if result.get("weights_stats"):
            print("\nPage weight with stats: on, gzip -9:")
            print("\n".join(weight_table(result["weights_stats"])))
        for r in [*result["weights"], *result.get("weights_stats", [])]:
            if r.get("over_budget"):
                print(f"OVER BUDGET: {r['page']} is {r['total_gz']:,} bytes gzipped (budget {r['budget']:,}) and "
                      f"downloads {r['fonts_bytes']:,} bytes of fonts (budget {FONT_BUDGET:,}).")
    for phase in ("cold", "cached"):
        run = (result.get("profile") or {}).get(phase) or {}
        if run.get("stages"):
            whole = run["stages"][STAGES[0][0]] or run["total_self_s"]
            print(f"\nProfile of one {phase} {result['profile']['items']:,}-item Fanzine build (cProfile, shares):")
            for label, seconds in run["stages"].items():
                print(f"  {seconds / whole:5.0%}  {label}")
    live = bench_live.live_md(result) + bench_live.targets_md(result)
    if live:
        print("\n" + "\n".join(line for line in live if line and not line.startswith("## ")))
    print(f"\nWrote {results_dir / 'bench.json'} and {results_dir / 'bench.md'} in {result['elapsed_s']:.0f} s.")
    if result.get("interrupted"):
        print(f"Interrupted: the {result['interrupted']} hub and those after it were not measured.", file=sys.stderr)
    if status == 2:
        print("Some builds FAILED: see the logs above (timings of failed builds are left out).", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
