#!/usr/bin/env python3
"""Audit a hub: build it, check every page, print one table, fail on any problem.

    make audit                                           # the example hub (examples/nova-lights)
    make site-check                                      # your own content/: links, Nu and axe
    .venv/bin/python scripts/audit.py --content content  # your own content/, every check
    .venv/bin/python scripts/audit.py --skip-lighthouse  # the fast parts only (~1 minute)
    .venv/bin/python scripts/audit.py --only links,feeds,jsonld
    .venv/bin/python scripts/audit.py --theme lo-fi --only axe,lighthouse --front-doors   # another theme
    make quality                                         # the audit, its table written into docs/quality.md

It builds the hub with production settings into a temporary folder, serves it
on 127.0.0.1 (the site URL the build is given, so every absolute link stays on
this machine), and runs the checks of scripts/audit_checks.py on it:

  nu          Nu Html Checker: every page and stylesheet, zero errors
  axe         axe-core WCAG 2.2 AA + best practice in Chromium, every page at each
              width and colour scheme in audit.toml, zero violations
  links       every internal href/src/srcset/url() and #fragment resolves
  feeds       every feed under feeds/ is well-formed Atom with its required elements
  jsonld      JSON-LD parses; page types carry their schema.org type and properties
  lighthouse  Lighthouse mobile on one page of each type, against audit.toml's minimums

Thresholds and page types live in audit.toml. Exit status: 0 when every check
passes, 1 when any fails (or cannot run), 2 when the site does not build.
"""
from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from audit_checks import (  # noqa: E402
    CHECKS,
    CHROMIUM,
    CHROMIUM_ARGS,
    CONFIG,
    NODE_MODULES,
    Report,
    Site,
    axe_check,
    axe_width,
    feed_check,
    jsonld_check,
    lighthouse_check,
    link_check,
    load_config,
    nu_check,
)

PROJECT_PARTS = ("themes", "plugins", "overrides", "pelicanconf.py", "publishconf.py")
EXAMPLE = ROOT / "examples" / "nova-lights"  # what `make audit` audits: the example hub, not the artist's content/
BENCH_MD = ROOT / "bench" / "results" / "bench.md"
COLUMNS = {"nu": "Nu HTML", "axe": "axe", "links": "links", "feeds": "feeds", "jsonld": "JSON-LD",
           "lighthouse": "Lighthouse"}
VARIANT = re.compile(r"\d+ px \w+: ")
FRONT_DOORS = ["home", "link page", "release", "smart link"]  # where fans land from a bio or a post
NOUNS = {"nu": "error", "axe": "violation", "links": "broken", "feeds": "problem", "jsonld": "problem",
         "lighthouse": "below"}


# --- build and serve ---------------------------------------------------------------------------

class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path) -> http.server.ThreadingHTTPServer:
    """A static server for `folder` on a free port of 127.0.0.1 (a secure context, as for the tests)."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def code_envs(content: Path) -> set[str]:
    """Every `code_env:` the content names (gated pages' access codes), in open pages and sealed ones this
    computer's secret opens."""
    from fanzine.early.sealing import SealError
    from fanzine.early.sources import opener

    pattern = re.compile(r"^\s*code_env:\s*[\"']?([A-Z][A-Z0-9_]*)", re.M)
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in content.rglob("*.md")]
    for sealed in content.rglob("*.md.sealed"):
        try:
            texts.append(opener().page_text(sealed))
        except (SealError, OSError, UnicodeDecodeError):  # sealed with another secret: the build will say so
            continue
    return {name for text in texts for name in pattern.findall(text)}


class BuildFailed(Exception):
    """The site does not build; the message is the build's output."""


def build(scratch: Path, site_url: str, as_of: str | None, content: Path = EXAMPLE, theme: str | None = None) -> Path:
    """A copy of the project, with `content` as its content folder, built with production settings.

    A copy, as the tests do: the build's content cache stays out of the working
    tree, and edits made while the audit runs do not mix into it.
    """
    project = scratch / "project"
    project.mkdir()
    shutil.copytree(content, project / "content", ignore=shutil.ignore_patterns("__pycache__"))
    if theme:  # another theme preset, with its own accent and backdrop (as `make gallery` shows it)
        from gallery import with_theme
        with_theme(project / "content", theme)
    for name in PROJECT_PARTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, project / name)
    from fanzine.early.sources import open_development_copies

    open_development_copies(project / "content")  # the example's pages, sealed with the public development secret
    output = scratch / "output"
    # Audit-only stand-ins for the gate's secrets: gated pages are sealed as in production.
    env = {**os.environ, "SITEURL": site_url,
           "PYTHONPATH": os.pathsep.join([str(project / "plugins"), str(project)]),
           "FANZINE_GATE_SECRET": os.environ.get("FANZINE_GATE_SECRET") or secrets.token_urlsafe(32)}
    env.update({name: os.environ.get(name) or secrets.token_urlsafe(24) for name in code_envs(project / "content")})
    if content.resolve() == EXAMPLE.resolve():
        env["FANZINE_HOST"] = "own-server"  # the example's forms post to /api, beside the site (make serve)
    command = [sys.executable, "-m", "fanzine", "build", "--publish", "--output", str(output)]
    if as_of:
        command += ["--as-of", as_of]
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise BuildFailed((result.stdout + result.stderr).strip())
    return output


# --- running the checks ------------------------------------------------------------------------

def run_axe(site: Site, server_url: str) -> Report:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM:
        report = Report("axe")
        report.skipped = "needs chromium (apt-get install chromium)"
        return report
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(bypass_csp=True).new_page()
            return axe_check(site, server_url, page)
        finally:
            browser.close()


def run_checks(site: Site, server_url: str, checks: list[str], say) -> dict[str, Report]:
    runners = {
        "links": lambda: link_check(site),
        "feeds": lambda: feed_check(site),
        "jsonld": lambda: jsonld_check(site),
        "nu": lambda: nu_check(site),
        "axe": lambda: run_axe(site, server_url),
        "lighthouse": lambda: lighthouse_check(site, server_url, progress=say),
    }
    reports = {}
    for name in CHECKS:
        if name in checks:
            started = time.perf_counter()
            say(f"{name}…")
            reports[name] = runners[name]()
            say(f"{name}: {len(reports[name].failures)} failing, {time.perf_counter() - started:.0f} s")
    return reports


# --- the table ---------------------------------------------------------------------------------

def files_by_kind(site: Site, reports: dict[str, Report]) -> dict[str, list[str]]:
    """Every file any check looked at, by page type, in audit.toml's order."""
    kinds: dict[str, list[str]] = {t["name"]: [] for t in site.config.get("page_types", [])}
    for path in sorted({path for report in reports.values() for path in report.checked} | set(site.pages())):
        kinds.setdefault(site.kind(path), []).append(path)
    return {kind: paths for kind, paths in kinds.items() if paths}


def columns(site: Site, checks: list[str]) -> list[tuple[str, str, int | None]]:
    """(check, heading, axe width or None) for each column of the table."""
    result = []
    for name in CHECKS:
        if name == "axe":
            result += [("axe", f"axe {width} px", width) for width in site.config.get("axe", {}).get("widths", [])]
        elif name == "lighthouse":
            result.append(("lighthouse", "Lighthouse P/A/BP/SEO", None))
        else:
            result.append((name, COLUMNS[name], None))
    return [column for column in result if column[0] in checks]


def cell(report: Report | None, check: str, paths: list[str], width: int | None) -> str:
    """One cell of the table: what `check` found on the files of one page type."""
    if report is None:
        return "not run"
    if report.skipped:
        return "skipped"
    checked = [path for path in paths if path in report.checked]
    if check == "lighthouse":
        return lighthouse_cell(report, checked)
    if not checked:
        return "–"
    findings = [f for f in report.findings if f.path in checked and (width is None or axe_width(f) == width)]
    failures = [f for f in findings if f.failure]
    if failures:
        noun = NOUNS[check]
        return f"✗ {len(failures)} {noun}" + ("s" if len(failures) > 1 and noun not in ("broken", "below") else "")
    missing = {f.path for f in findings if f.message.startswith("missing: ")}
    if missing:
        return "missing" if len(missing) == len(checked) else f"missing on {len(missing)}/{len(checked)}"
    warnings = [f for f in findings if not f.failure]
    return "ok" + (f" ({len(warnings)} warning{'s' if len(warnings) > 1 else ''})" if warnings else "")


def lighthouse_cell(report: Report, checked: list[str]) -> str:
    if not checked:
        return "–"
    path = checked[0]
    if path not in report.scores:
        return "✗ did not run"
    scores = "/".join(str(score) for score in report.scores[path].values())
    return scores + (" ✗" if any(f.path == path for f in report.failures) else "")


def table(site: Site, reports: dict[str, Report], checks: list[str]) -> list[list[str]]:
    """Rows of the table, the heading first: page type × check."""
    cols = columns(site, checks)
    rows = [["page type", "files"] + [heading for _check, heading, _width in cols]]
    for kind, paths in files_by_kind(site, reports).items():
        rows.append([kind, str(len(paths))] + [cell(reports.get(check), check, paths, width)
                                               for check, _heading, width in cols])
    return rows


def plain_table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def markdown_table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join("---" if i < 1 else ":---:" for i in range(len(rows[0])))
             + "|"]
    lines += ["| " + " | ".join(value.replace("|", "\\|") for value in row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def details(site: Site, reports: dict[str, Report], limit: int = 12) -> list[str]:
    """Every finding, grouped by check and then by message (the same problem on many pages is one line)."""
    lines = []
    for name, report in reports.items():
        if report.skipped:
            lines.append(f"{COLUMNS[name]}: could not run: {report.skipped}")
            continue
        groups: dict[tuple[bool, str], list[str]] = defaultdict(list)
        variants: dict[tuple[bool, str], list[str]] = defaultdict(list)
        for finding in report.findings:
            # axe's "390 px dark: <violation>": one line per violation, with the widths and schemes listed
            variant, _, message = finding.message.partition(": ") if VARIANT.match(finding.message) else (
                "", "", finding.message)
            key = (finding.failure, message)
            if finding.path not in groups[key]:
                groups[key].append(finding.path)
            if variant and variant not in variants[key]:
                variants[key].append(variant)
        if not groups:
            continue
        failing = sum(1 for failure, _message in groups if failure)
        not_failing = len(report.findings) - len(report.failures)
        lines.append(f"{COLUMNS[name]}: {len(report.failures)} failing finding(s)"
                     + (f", {not_failing} not failing" if failing < len(groups) else ""))
        ordered = sorted(groups.items(), key=lambda item: (not item[0][0], item[0][1]))
        for shown, ((failure, message), paths) in enumerate(ordered):
            if shown == limit * 3:
                lines.append(f"  … and {len(ordered) - shown} more")
                break
            where = ", ".join(site.url_path(p) if p.endswith(".html") else p for p in paths[:limit])
            where += f" (+{len(paths) - limit} more)" if len(paths) > limit else ""
            at = f" (at {', '.join(variants[(failure, message)])})" if variants[(failure, message)] else ""
            lines.append(f"  {'✗' if failure else '·'} {message}\n      on {where}{at}")
    return lines


def tool_versions() -> str:
    versions = []
    for package in ("vnu-jar", "axe-core", "lighthouse"):
        manifest = NODE_MODULES / package / "package.json"
        if manifest.exists():
            versions.append(f"{package} {json.loads(manifest.read_text())['version']}")
    return ", ".join(versions)


# --- docs/quality.md ---------------------------------------------------------------------------

def replace_section(text: str, name: str, body: str) -> str:
    """`text` with what lies between the lines `<!-- name:start -->` and `<!-- name:end -->` replaced by `body`."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    section = re.compile(rf"^{re.escape(start)}\n.*?^{re.escape(end)}$", re.M | re.S)
    if not section.search(text):
        raise SystemExit(f"docs: the lines {start} … {end} are missing; put them back where the {name} goes")
    return section.sub(lambda _match: f"{start}\n{body.strip()}\n{end}", text, count=1)


def bench_section() -> str:
    if not BENCH_MD.exists():
        return "_No benchmark figures yet: run `make bench`, then `make quality`._"
    text = BENCH_MD.read_text(encoding="utf-8")
    # bench.md's headings, two levels down so they sit under this page's "Build benchmarks"
    return re.sub(r"^(#{1,4}) ", lambda m: "#" * min(len(m.group(1)) + 2, 6) + " ", text, flags=re.M)


def write_docs(path: Path, site: Site, reports: dict[str, Report], checks: list[str], summary: str,
               as_of: str) -> None:
    rows = table(site, reports, checks)
    found = details(site, reports)
    body = "\n".join([
        f"Audited {dt.date.today().isoformat()}, the site as built on {as_of}, "
        f"with {tool_versions()}. Command: `make quality`.",
        "",
        markdown_table(rows),
        "",
        f"**{summary}**",
        "",
    ] + (["```text", *found, "```"] if found else []))
    text = path.read_text(encoding="utf-8")
    text = replace_section(text, "audit", body)
    text = replace_section(text, "bench", bench_section())
    path.write_text(text, encoding="utf-8")


# --- the command -------------------------------------------------------------------------------

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Build a hub and audit every page (see audit.toml).")
    parser.add_argument("--content", type=Path, default=EXAMPLE,
                        help="the content folder to build (default: the example hub, examples/nova-lights)")
    parser.add_argument("--only", help=f"comma-separated checks to run, from: {','.join(CHECKS)}")
    parser.add_argument("--skip-lighthouse", action="store_true", help="leave Lighthouse out (the slow part)")
    parser.add_argument("--as-of", help="build the site as it will look on this day (YYYY-MM-DD); default today "
                                        "or $FANZINE_AS_OF")
    parser.add_argument("--config", type=Path, default=CONFIG, help="thresholds and page types (audit.toml)")
    parser.add_argument("--write-docs", type=Path, metavar="MARKDOWN",
                        help="also write the table into this page, between its audit markers (docs/quality.md)")
    parser.add_argument("--keep", action="store_true", help="keep the built site and print where it is")
    parser.add_argument("--theme", help="audit the hub in this theme preset instead of its own (see docs/themes.md)")
    parser.add_argument("--front-doors", action="store_true",
                        help="Lighthouse on the front doors only: home, link page, release, smart link")
    args = parser.parse_args(argv)
    checks = [c.strip() for c in args.only.split(",")] if args.only else list(CHECKS)
    unknown = [c for c in checks if c not in CHECKS]
    if unknown:
        parser.error(f"unknown check {', '.join(unknown)}: expected some of {', '.join(CHECKS)}")
    if args.skip_lighthouse and "lighthouse" in checks:
        checks.remove("lighthouse")
    args.checks = checks
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    config = load_config(args.config)
    if args.content.resolve() != EXAMPLE.resolve():
        # audit.toml names the example's feeds and pages; another hub is held to everything else
        config.setdefault("feeds", {})["expected"] = []
        config.setdefault("lighthouse", {})["pages"] = {}
    if args.front_doors:
        config.setdefault("lighthouse", {})["only"] = FRONT_DOORS
    as_of = args.as_of or os.environ.get("FANZINE_AS_OF") or dt.date.today().isoformat()
    started = time.perf_counter()

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - started:5.0f} s] {message}", file=sys.stderr, flush=True)

    scratch = Path(tempfile.mkdtemp(prefix="fanzine-audit-"))
    (scratch / "output").mkdir()
    server = serve(scratch / "output")
    server_url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        say(f"building the site as of {as_of} for {server_url}/ …")
        try:
            output = build(scratch, server_url, as_of, args.content, args.theme)
        except BuildFailed as error:
            print(f"The site does not build, so it cannot be audited:\n{error}", file=sys.stderr)
            return 2
        site = Site(output, server_url, config)
        reports = run_checks(site, server_url, args.checks, say)
        return report(site, reports, args, as_of, time.perf_counter() - started)
    finally:
        server.shutdown()
        if args.keep:
            say(f"the built site is kept in {scratch / 'output'}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


def report(site: Site, reports: dict[str, Report], args: argparse.Namespace, as_of: str, seconds: float) -> int:
    """Print the findings and the table (and write them into the docs); the exit status."""
    failing = {name: len(r.failures) + (1 if r.skipped else 0) for name, r in reports.items()}
    failing = {name: count for name, count in failing.items() if count}
    summary = ("Audit passed: " + ", ".join(COLUMNS[c] for c in args.checks) + " all clean."
               if not failing else
               "Audit FAILED: " + ", ".join(f"{COLUMNS[name]} {count}" for name, count in failing.items())
               + " failing finding(s).")
    found = details(site, reports)
    if found:
        print("\n".join(found) + "\n")
    print(plain_table(table(site, reports, args.checks)))
    print(f"\n{summary}  (site as of {as_of}; {seconds:.0f} s)")
    if args.write_docs:
        write_docs(args.write_docs, site, reports, args.checks, summary, as_of)
        print(f"Wrote the table into {args.write_docs}.")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
