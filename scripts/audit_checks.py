"""The checks behind `make audit`, one function per check, shared by scripts/audit.py and tests/test_audit.py.

Every check looks at a built site (a `Site`: the output folder and the URL it
is served at) and answers with a `Report`: which files it looked at and what
it found. A finding is a failure unless it says otherwise (JSON-LD that a page
type does not carry yet is reported, and fails only for types audit.toml
lists as required).

    nu_check         the Nu Html Checker, one JVM run for every page and stylesheet
    axe_check        axe-core in Chromium, at each width and colour scheme
    link_check       every internal href/src/srcset/url() resolves to a built file, every #fragment to an id
    feed_check       every feed under feeds/ is Atom with its required elements
    jsonld_check     every page's JSON-LD parses; each page type carries its schema.org type and properties
    lighthouse_check Lighthouse mobile on one page of each type, against the thresholds
"""
from __future__ import annotations

import datetime as dt
import fnmatch
import functools
import html.parser
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
import tomllib
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "audit.toml"
NODE_MODULES = ROOT / "node_modules"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"
# Debian's chromium, or the Chrome/Chromium a CI image ships (GitHub's runners have google-chrome); CHROMIUM= wins.
CHROMIUM = os.environ.get("CHROMIUM") or next(
    (found for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
     if (found := shutil.which(name))), None) or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ATOM = "{http://www.w3.org/2005/Atom}"
CHECKS = ("nu", "axe", "links", "feeds", "jsonld", "lighthouse")


# --- results ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    """One thing a check found on one file of the built site (its path in the site, e.g. `about/index.html`)."""
    path: str
    message: str
    failure: bool = True


@dataclass
class Report:
    """What one check looked at and found. `skipped` says why it could not run at all."""
    check: str
    checked: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    scores: dict[str, dict[str, int]] = field(default_factory=dict)  # Lighthouse: path -> category -> score
    skipped: str | None = None

    @property
    def failures(self) -> list[Finding]:
        return [f for f in self.findings if f.failure]

    def lines(self) -> list[str]:
        """The findings as `path: message` lines, failures first."""
        ordered = self.failures + [f for f in self.findings if not f.failure]
        return [f"{f.path}: {f.message}" + ("" if f.failure else "  (not failing)") for f in ordered]


# --- configuration and the built site ----------------------------------------------------------

def load_config(path: Path = CONFIG) -> dict:
    """audit.toml: page types, checker settings and thresholds."""
    with open(path, "rb") as file:
        return tomllib.load(file)


class Site:
    """A built site: its output folder and the URL it is (or would be) served at ("" for root-relative)."""

    def __init__(self, root: Path, base_url: str = "", config: dict | None = None):
        self.root = Path(root)
        self.base_url = base_url.rstrip("/")
        self.config = config if config is not None else load_config()
        self._parsed: dict[str, ParsedPage] = {}

    def pages(self) -> list[str]:
        """Every HTML page, as a path in the site."""
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))

    def files(self, pattern: str) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.glob(pattern) if p.is_file())

    def url_path(self, path: str) -> str:
        """The URL path a fan types for a file: `about/index.html` -> `/about/`."""
        path = "/" + path
        return path.removesuffix("index.html") if path.endswith("/index.html") else path

    def url(self, path: str) -> str:
        return self.base_url + self.url_path(path)

    def kind(self, path: str) -> str:
        """The page type of a file (audit.toml's page_types, first match wins), or "other"."""
        for page_type in self.config.get("page_types", []):
            if any(fnmatch.fnmatchcase(path, pattern) for pattern in page_type["match"]):
                return page_type["name"]
        return "other"

    def parsed(self, path: str) -> ParsedPage:
        if path not in self._parsed:
            parser = PageParser()
            parser.feed((self.root / path).read_text(encoding="utf-8", errors="replace"))
            parser.close()
            self._parsed[path] = parser.page
        return self._parsed[path]

    def stylesheets(self) -> list[str]:
        """The stylesheets the pages load (what a fan downloads), as paths in the site."""
        found = set()
        for page in self.pages():
            for url in self.parsed(page).stylesheets:
                target = self.resolve(page, url)
                if target and target.suffix == ".css" and target.is_file():
                    found.add(target.relative_to(self.root).as_posix())
        return sorted(found)

    def is_internal(self, absolute: str) -> bool:
        parts = urlsplit(absolute)
        if not parts.netloc:
            return parts.scheme in ("", "http", "https")
        base = urlsplit(self.base_url)
        return (parts.scheme, parts.netloc) == (base.scheme, base.netloc)

    def resolve(self, path: str, url: str) -> Path | None:
        """The file an internal URL found in `path` points to (which may not exist); None when external."""
        absolute = urljoin(self.url(path), url.strip())
        if not self.is_internal(absolute):
            return None
        url_path = unquote(urlsplit(absolute).path) or "/"
        base_path = urlsplit(self.base_url).path
        if base_path and not (url_path + "/").startswith(base_path + "/"):
            return None  # same host, another site (https://user.github.io/other-project/)
        target = self.root / url_path[len(base_path):].lstrip("/")
        if url_path.endswith("/") or target.is_dir():
            target = target / "index.html"
        return target


# --- reading pages -----------------------------------------------------------------------------

@dataclass
class ParsedPage:
    ids: set[str] = field(default_factory=set)
    references: list[tuple[str, str]] = field(default_factory=list)  # (where, url), e.g. ("a href", "/about/")
    stylesheets: list[str] = field(default_factory=list)
    json_ld: list[str] = field(default_factory=list)


URL_ATTRIBUTES = {"href": ("a", "area", "link", "use"), "xlink:href": ("use",),
                  "src": ("img", "script", "source", "iframe", "audio", "video", "track", "embed", "input"),
                  "poster": ("video",), "data": ("object",)}
META_URLS = {"og:image", "og:url", "og:audio", "og:video", "twitter:image"}


class PageParser(html.parser.HTMLParser):
    """Collects what the link and JSON-LD checks need from one page: ids, URLs, JSON-LD scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._json_ld: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("id",) + (("name",) if tag == "a" else ()):
            if attributes.get(name):
                self.page.ids.add(attributes[name])
        for attribute, tags in URL_ATTRIBUTES.items():
            if tag in tags and attributes.get(attribute) is not None:
                self.page.references.append((f"{tag} {attribute}", attributes[attribute]))
        if tag in ("img", "source") and attributes.get("srcset"):
            for candidate in attributes["srcset"].split(","):
                if candidate.strip():
                    self.page.references.append((f"{tag} srcset", candidate.split()[0]))
        if tag == "meta" and (attributes.get("property") or attributes.get("name")) in META_URLS:
            self.page.references.append((f"meta {attributes.get('property') or attributes.get('name')}",
                                         attributes.get("content") or ""))
        rel = (attributes.get("rel") or "").lower().split()
        if tag == "link" and "stylesheet" in rel and attributes.get("href"):
            self.page.stylesheets.append(attributes["href"])
        if tag == "script" and (attributes.get("type") or "").strip().lower() == "application/ld+json":
            self._json_ld = []

    def handle_data(self, data):
        if self._json_ld is not None:
            self._json_ld.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._json_ld is not None:
            self.page.json_ld.append("".join(self._json_ld))
            self._json_ld = None


CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


def css_references(text: str) -> list[tuple[str, str]]:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return [("css url()", m.group(2)) if m.group(2) else ("css @import", m.group(4)) for m in CSS_URL.finditer(text)]


# --- Nu Html Checker ---------------------------------------------------------------------------

def nu_check(site: Site, timeout: int = 600) -> Report:
    """Every page and every stylesheet a page loads through the Nu Html Checker, in one JVM run."""
    report = Report("nu")
    java = shutil.which("java")
    if not (java and VNU.exists()):
        report.skipped = "needs java" if not java else f"needs {VNU.relative_to(ROOT)} (npm ci)"
        return report
    report.checked = site.pages() + site.stylesheets()
    # Files named one by one: --also-check-css reads .css as CSS; vnu writes its JSON report to stderr.
    result = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--also-check-css",
                             *(str(site.root / path) for path in report.checked)],
                            capture_output=True, text=True, timeout=timeout)
    try:
        messages = json.loads(result.stderr)["messages"]
    except (ValueError, KeyError):
        report.findings.append(Finding(".", f"the Nu Html Checker did not report (exit {result.returncode}): "
                                            f"{result.stderr[-500:]}"))
        return report
    root = site.root.resolve()
    for message in messages:
        location = Path(unquote(message.get("url", "").removeprefix("file:")))
        path = location.relative_to(root).as_posix() if location.is_relative_to(root) else str(location)
        where = f"line {message.get('lastLine', '?')}"
        extract = " ".join((message.get("extract") or "").split())
        text = f"Nu {where}: {message['message']}" + (f"  [{extract[:80]}]" if extract else "")
        if message.get("type") == "info":
            if message.get("subType") == "warning":
                report.findings.append(Finding(path, text.replace("Nu ", "Nu warning ", 1), failure=False))
        else:  # "error" and "non-document-error" (a file it could not read)
            report.findings.append(Finding(path, text))
    return report


# --- axe-core ----------------------------------------------------------------------------------

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ')),
  }));
}"""


def axe_source() -> str | None:
    return AXE.read_text(encoding="utf-8") if AXE.exists() else None


def axe_page(page, url: str, widths: list[int], schemes: list[str], tags: list[str], source: str) -> list[str]:
    """axe-core's violations on one page at every width and colour scheme, one line per rule.

    One load per page: the width and the scheme are switched in place (the page
    re-lays itself out; nothing is cached between axe runs).
    """
    page.set_viewport_size({"width": widths[0], "height": 844})
    page.emulate_media(color_scheme=schemes[0])
    response = page.goto(url, wait_until="load")
    if response is None or response.status >= 400:
        return [f"{widths[0]} px: the page did not load (HTTP {response.status if response else '?'})"]
    page.add_script_tag(content=source)
    lines = []
    for width in widths:
        page.set_viewport_size({"width": width, "height": 844 if width < 700 else 900})
        for scheme in schemes:
            page.emulate_media(color_scheme=scheme)
            for violation in page.evaluate(RUN_AXE, tags):
                targets = ", ".join(violation["nodes"][:4]) + (
                    f" (+{len(violation['nodes']) - 4} more)" if len(violation["nodes"]) > 4 else "")
                lines.append(f"{width} px {scheme}: axe {violation['id']} ({violation['impact']}): "
                             f"{violation['help']} — {targets}")
    return lines


def axe_check(site: Site, server_url: str, page, paths: list[str] | None = None,
              widths: list[int] | None = None) -> Report:
    """axe-core on every page (or `paths`), served at `server_url`, through a Playwright page."""
    settings = site.config.get("axe", {})
    report = Report("axe")
    source = axe_source()
    if source is None:
        report.skipped = f"needs {AXE.relative_to(ROOT)} (npm ci)"
        return report
    widths = widths or settings.get("widths", [390, 1280])
    schemes = settings.get("schemes", ["light", "dark"])
    tags = settings.get("tags", ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    for path in paths if paths is not None else site.pages():
        report.checked.append(path)
        for line in axe_page(page, server_url.rstrip("/") + site.url_path(path), widths, schemes, tags, source):
            report.findings.append(Finding(path, line))
    return report


def axe_width(finding: Finding) -> int | None:
    """The width (px) an axe finding was seen at."""
    match = re.match(r"(\d+) px", finding.message)
    return int(match.group(1)) if match else None


# --- internal links, assets and anchors --------------------------------------------------------

SKIPPED_SCHEMES = ("mailto:", "tel:", "sms:", "data:", "javascript:", "blob:", "about:")


def link_check(site: Site) -> Report:
    """Every internal URL in the pages, the stylesheets they load and the feeds resolves; every #fragment to an id."""
    report = Report("links")
    ignore = site.config.get("links", {}).get("ignore", [])
    sources = [(path, site.parsed(path).references) for path in site.pages()]
    sources += [(path, css_references((site.root / path).read_text(encoding="utf-8", errors="replace")))
                for path in site.stylesheets()]
    sources += [(path, feed_references(site, path)) for path in site.files("feeds/**/*.xml")]
    if (site.root / "sitemap.xml").is_file():
        sources.append(("sitemap.xml", [("sitemap loc", loc) for loc in xml_texts(site.root / "sitemap.xml", "loc")]))
    for path, references in sources:
        report.checked.append(path)
        seen = set()
        for where, url in references:
            url = url.strip()
            if (where, url) in seen or url.lower().startswith(SKIPPED_SCHEMES):
                continue
            seen.add((where, url))
            problem = broken(site, path, url, ignore)
            if problem:
                report.findings.append(Finding(path, f"{where}={url!r}: {problem}"))
    return report


def broken(site: Site, path: str, url: str, ignore: list[str]) -> str | None:
    """Why an internal URL does not resolve, or None (fine, or external)."""
    target = site.resolve(path, url)
    if target is None:
        return None
    url_path = urlsplit(urljoin(site.url(path), url)).path
    if any(fnmatch.fnmatchcase(url_path, pattern) for pattern in ignore):
        return None
    if not target.is_file():
        return f"no such file in the built site ({target.relative_to(site.root).as_posix()})"
    fragment = unquote(urlsplit(url).fragment)
    target_path = target.relative_to(site.root).as_posix()
    if fragment and fragment != "top" and target.suffix == ".html":
        if fragment not in site.parsed(target_path).ids:
            return f"no element with id {fragment!r} on {site.url_path(target_path)}"
    elif fragment and target.suffix == ".svg":  # a sprite: <use href="icons.svg#spotify">
        if fragment not in svg_ids(target):
            return f"no element with id {fragment!r} in {target_path}"
    return None


@functools.lru_cache(maxsize=64)
def svg_ids(path: Path) -> frozenset[str]:
    try:
        return frozenset(e.get("id") for e in ET.parse(path).iter() if e.get("id"))
    except ET.ParseError:
        return frozenset()


def xml_texts(path: Path, local_name: str) -> list[str]:
    try:
        tree = ET.parse(path)
    except ET.ParseError:
        return []  # the feed check reports it
    return [(e.text or "").strip() for e in tree.iter() if e.tag.rsplit("}", 1)[-1] == local_name]


def feed_references(site: Site, path: str) -> list[tuple[str, str]]:
    """A feed's link hrefs and the URLs inside its entries' HTML content, made absolute against the feed."""
    try:
        tree = ET.parse(site.root / path)
    except ET.ParseError:
        return []
    references = []
    for element in tree.iter():
        if element.tag == ATOM + "link" and element.get("href"):
            references.append(("atom link", element.get("href")))
        elif element.tag in (ATOM + "content", ATOM + "summary") and element.get("type") == "html" and element.text:
            parser = PageParser()
            parser.feed(element.text)
            references += [(f"entry {where}", url) for where, url in parser.page.references]
    return references


# --- feeds -------------------------------------------------------------------------------------

def feed_check(site: Site) -> Report:
    """Every .xml under feeds/ parses and carries the elements Atom (RFC 4287) requires."""
    report = Report("feeds")
    expected = site.config.get("feeds", {}).get("expected", [])
    for path in expected:
        if not (site.root / path).is_file():
            report.findings.append(Finding(path, "expected feed was not built (audit.toml [feeds] expected)"))
    for path in site.files("feeds/**/*.xml"):
        report.checked.append(path)
        report.findings += [Finding(path, problem) for problem in atom_problems(site.root / path)]
    return report


def atom_problems(path: Path) -> list[str]:
    """What an Atom feed lacks: feed id/title/updated/link/author, each entry's id/title/updated/link."""
    try:
        feed = ET.parse(path).getroot()
    except ET.ParseError as error:
        return [f"not well-formed XML: {error}"]
    if feed.tag != ATOM + "feed":
        return [f"not an Atom feed: the root element is <{feed.tag}>, expected <feed> in the Atom namespace"]
    problems = [f"feed: {p}" for p in element_problems(feed)]
    entries = feed.findall(ATOM + "entry")
    for number, entry in enumerate(entries, 1):
        title = (entry.findtext(ATOM + "title") or "").strip()
        label = f"entry {number}" + (f" ({title[:40]!r})" if title else "")
        problems += [f"{label}: {p}" for p in element_problems(entry)]
    anonymous = [str(number) for number, entry in enumerate(entries, 1) if not has_author(entry)]
    if anonymous and not has_author(feed):
        blank = " (<author> is there, its <name> is empty)" if feed.find(f".//{ATOM}author") is not None else ""
        problems.append(f"no author name on the feed nor on entr{'y' if len(anonymous) == 1 else 'ies'} "
                        f"{', '.join(anonymous)}{blank}: Atom needs an <author><name> on the feed or on every entry")
    ids = [(entry.findtext(ATOM + "id") or "").strip() for entry in entries]
    problems += [f"entry id {i!r} is used {ids.count(i)} times" for i in sorted(set(ids)) if i and ids.count(i) > 1]
    return problems


def element_problems(element: ET.Element) -> list[str]:
    problems = []
    for name in ("id", "title", "updated"):
        child = element.find(ATOM + name)
        if child is None:
            problems.append(f"no <{name}>")
        elif not "".join(child.itertext()).strip():
            problems.append(f"<{name}> is empty")
    updated = (element.findtext(ATOM + "updated") or "").strip()
    if updated:
        try:
            dt.datetime.fromisoformat(updated.replace("Z", "+00:00"))
            if not re.search(r"(Z|[+-]\d\d:\d\d)$", updated):
                raise ValueError
        except ValueError:
            problems.append(f"<updated> {updated!r} is not an RFC 3339 date-time with a timezone")
    links = [link for link in element.findall(ATOM + "link") if (link.get("href") or "").strip()]
    if not links:
        problems.append("no <link href=…>")
    elif element.tag == ATOM + "entry" and not any(link.get("rel", "alternate") == "alternate" for link in links):
        problems.append("no <link rel=\"alternate\"> to the entry's page")
    return problems


def has_author(element: ET.Element) -> bool:
    return any((author.findtext(ATOM + "name") or "").strip() for author in element.findall(ATOM + "author"))


# --- JSON-LD -----------------------------------------------------------------------------------

def jsonld_check(site: Site) -> Report:
    """Every page's JSON-LD parses; each mapped page type carries its schema.org type and properties."""
    import extruct  # the test extras; imported here so the other checks run without it

    logging.getLogger("extruct").setLevel(logging.CRITICAL)  # it logs a traceback, then raises
    report = Report("jsonld")
    settings = site.config.get("jsonld", {})
    required = set(settings.get("required", []))
    forbidden = set(settings.get("forbidden", []))
    expectations = settings.get("types", {})
    for path in site.pages():
        page = site.parsed(path)
        if not page.json_ld and site.kind(path) not in expectations:
            continue  # nothing to check, nothing expected
        report.checked.append(path)
        broken_json = False
        for number, script in enumerate(page.json_ld, 1):
            try:
                json.loads(script)
            except ValueError as error:
                broken_json = True
                report.findings.append(Finding(path, f"JSON-LD block {number} does not parse: {error}"))
        if broken_json:
            continue
        try:
            items = extruct.extract((site.root / path).read_text(encoding="utf-8"), base_url=site.url(path),
                                    syntaxes=["json-ld"], uniform=False, errors="strict").get("json-ld", [])
        except Exception as error:  # noqa: BLE001 - extruct raises whatever its parsers raise
            report.findings.append(Finding(path, f"extruct cannot read the JSON-LD: {error}"))
            continue
        for item in items:
            if "schema.org" not in json.dumps(item.get("@context", "")):
                report.findings.append(Finding(path, f"JSON-LD without a schema.org @context: {short(item)}"))
        kind = site.kind(path)
        if items and kind in forbidden:
            report.findings.append(Finding(path, f"{kind} pages carry no JSON-LD (audit.toml [jsonld] forbidden), "
                                                 f"found {short(items)}"))
        if kind in expectations:
            report.findings += jsonld_expectation(path, kind, items, expectations[kind], kind in required)
    return report


def jsonld_expectation(path: str, kind: str, items: list, expected: dict, required: bool) -> list[Finding]:
    types = expected["types"]
    nodes = list(outermost(items, set(types)))
    if not nodes:
        found = sorted({name for node in walk(items) for name in type_names(node)})
        what = f"no {' or '.join(types)} in its JSON-LD" + (f" (found {', '.join(found)})" if found else "")
        return [Finding(path, "missing: " + what +
                        ("" if required else f" — not required yet for {kind} (audit.toml [jsonld] required)"),
                        failure=required)]
    findings = []
    for node in nodes:
        absent = [name for name in expected.get("properties", []) if is_empty(lookup(node, name))]
        if absent:
            named = node.get("name") or node.get("headline") or ""
            findings.append(Finding(path, f"{'/'.join(type_names(node))} {named} lacks {', '.join(absent)}"
                                    .replace("  ", " ")))
    return findings


def walk(value):
    """Every JSON object in a JSON-LD document, @graph and nested ones included."""
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from walk(child)
    elif isinstance(value, list):
        for child in value:
            yield from walk(child)


def outermost(value, types: set[str]):
    """The nodes of one of `types` not inside another such node: an album's tracks are part of the album."""
    if isinstance(value, dict) and set(type_names(value)) & types:
        yield value
    elif isinstance(value, dict):
        for child in value.values():
            yield from outermost(child, types)
    elif isinstance(value, list):
        for child in value:
            yield from outermost(child, types)


def type_names(node: dict) -> list[str]:
    types = node.get("@type", [])
    return [re.split(r"[/:#]", t)[-1] for t in ([types] if isinstance(types, str) else types) if isinstance(t, str)]


def lookup(node: dict, dotted: str):
    value = node
    for part in dotted.split("."):
        if isinstance(value, list):
            value = value[0] if value else None
        value = value.get(part) if isinstance(value, dict) else None
    return value


def is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def short(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


# --- Lighthouse --------------------------------------------------------------------------------

def lighthouse_samples(site: Site) -> dict[str, str]:
    """One page of each page type for Lighthouse: audit.toml [lighthouse.pages], else the type's first page."""
    chosen = dict(site.config.get("lighthouse", {}).get("pages", {}))
    samples = {}
    for path in site.pages():
        kind = site.kind(path)
        if kind not in samples and kind not in chosen:
            samples[kind] = path
    for kind, url_path in chosen.items():
        path = url_path.lstrip("/") + ("index.html" if url_path.endswith("/") else "")
        samples[kind] = path
    only = site.config.get("lighthouse", {}).get("only")  # audit.py --front-doors
    return {kind: path for kind, path in samples.items() if not only or kind in only}


def thresholds(config: dict, kind: str) -> dict[str, int]:
    settings = config.get("lighthouse", {})
    return {**settings.get("minimum", {}), **settings.get("minimum_by_type", {}).get(kind, {})}


def lighthouse_page(url: str, categories: list[str], skip_audits: list[str] = (), timeout: int = 180) -> dict:
    """Lighthouse's report for one URL (mobile, simulated throttling), with the flags in ../shared/TOOLING.md."""
    with tempfile.TemporaryDirectory(prefix="fanzine-lh-") as scratch:
        profile, output = Path(scratch) / "profile", Path(scratch) / "lh.json"
        flags = " ".join(["--headless", *CHROMIUM_ARGS, f"--user-data-dir={profile}"])
        command = ["npx", "--no-install", "lighthouse", url, f"--chrome-flags={flags}",
                   f"--only-categories={','.join(categories)}", "--output=json", f"--output-path={output}", "--quiet"]
        if skip_audits:
            command.append(f"--skip-audits={','.join(skip_audits)}")
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                                env={**os.environ, "CHROME_PATH": CHROMIUM or "chromium"})
        if result.returncode != 0 or not output.exists():
            raise RuntimeError(f"lighthouse exited {result.returncode}: {(result.stderr or result.stdout)[-400:]}")
        return json.loads(output.read_text(encoding="utf-8"))


def lighthouse_scores(lhr: dict) -> dict[str, int]:
    return {name: round((category["score"] or 0) * 100) for name, category in lhr["categories"].items()}


def lighthouse_losses(lhr: dict, category: str) -> list[str]:
    """The audits that cost a category points, for the report."""
    lost = []
    for ref in lhr["categories"][category]["auditRefs"]:
        audit = lhr["audits"][ref["id"]]
        if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
            lost.append(f"{ref['id']} ({audit['score']:.2f}" + (f", {audit['displayValue']}"
                                                              if audit.get("displayValue") else "") + ")")
    return lost


def median_run(reports: list[dict]) -> dict:
    """The median run of several, by the sum of its scores (as Lighthouse CI picks it)."""
    return sorted(reports, key=lambda lhr: sum(lighthouse_scores(lhr).values()))[len(reports) // 2]


def short_of(lhr: dict, minimums: dict[str, int]) -> bool:
    return any(score < minimums.get(category, 0) for category, score in lighthouse_scores(lhr).items())


def lighthouse_check(site: Site, server_url: str, progress=None) -> Report:
    """Lighthouse mobile on one page of each type, each category against its threshold."""
    settings = site.config.get("lighthouse", {})
    categories = settings.get("categories", ["performance", "accessibility", "best-practices", "seo"])
    runs = int(settings.get("runs", 1))
    report = Report("lighthouse")
    if not (CHROMIUM and LIGHTHOUSE.exists()):
        report.skipped = "needs chromium" if not CHROMIUM else f"needs {LIGHTHOUSE.relative_to(ROOT)} (npm ci)"
        return report
    for kind, path in lighthouse_samples(site).items():
        report.checked.append(path)
        if not (site.root / path).is_file():
            report.findings.append(Finding(path, "the page chosen for Lighthouse (audit.toml [lighthouse.pages]) "
                                                 "was not built"))
            continue
        url = server_url.rstrip("/") + site.url_path(path)
        if progress:
            progress(f"lighthouse {site.url_path(path)}")
        skip = settings.get("skip_audits", {}).get(kind, [])
        minimums = thresholds(site.config, kind)
        try:
            reports = [lighthouse_page(url, categories, skip) for _ in range(runs)]
            if len(reports) < 3 and short_of(median_run(reports), minimums):
                # The score is a simulation fed by this machine's timings: a busy moment can cost a front door
                # its 100. A shortfall is measured again and the median of three counts, as in Lighthouse CI.
                if progress:
                    progress(f"lighthouse {site.url_path(path)} again (short of its minimum)")
                reports += [lighthouse_page(url, categories, skip) for _ in range(3 - len(reports))]
        except (RuntimeError, subprocess.TimeoutExpired, ValueError) as error:
            report.findings.append(Finding(path, f"Lighthouse did not run: {error}"))
            continue
        lhr = median_run(reports)
        scores = lighthouse_scores(lhr)
        report.scores[path] = scores
        for category, score in scores.items():
            if score < 100:  # below the threshold fails; any lost point is worth a line
                failing = score < minimums.get(category, 0)
                report.findings.append(Finding(
                    path, f"Lighthouse {category} {score}" + (f" < {minimums[category]}" if failing else "")
                    + ": " + "; ".join(lighthouse_losses(lhr, category)), failure=failing))
        if skip:
            report.findings.append(Finding(path, f"Lighthouse audits left out: {', '.join(skip)} "
                                                 "(audit.toml [lighthouse.skip_audits])", failure=False))
    return report
