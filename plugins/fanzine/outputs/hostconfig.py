"""Security headers for static hosts (_headers, netlify.toml, vercel.json) and the CSP <meta> of every page.

`_headers` serves Netlify and Cloudflare Pages; the same Content-Security-Policy goes in a <meta> of every
page, for hosts that send no headers (GitHub Pages).

The Content-Security-Policy is worked out from the built pages themselves, so
it allows exactly what the site uses and nothing more: frame-src lists the
hosts of the players, widget and signup forms a fan can load with a click,
form-action the hosts its forms post to, connect-src the form endpoint its
scripts talk to. Scripts and styles come only from the site itself: the theme
has no inline script, event handler or style attribute. docs/deploy.md says
which host reads which file.

Once the policy is known (after every page is written), each page gets it as
`<meta http-equiv="Content-Security-Policy">` right after its charset, less
what only a header can carry (frame-ancestors, report-uri, report-to,
sandbox). A page's own meta never changes the scan, so the same site always
gives the same policy, header and meta alike.
"""
from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from . import editor, hosting, pagescan, redirects

HEADERS_FILE, NETLIFY_FILE, VERCEL_FILE = "_headers", "netlify.toml", "vercel.json"
TWO_YEARS = 63072000
# Features the players' iframes ask for (embeds.py): granted to this site and the players' hosts only.
DELEGATED = ("autoplay", "encrypted-media", "fullscreen", "picture-in-picture", "clipboard-write")
# Features no page of the hub uses: off for the pages and anything they embed.
DENIED = ("accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
          "microphone", "midi", "payment", "usb", "browsing-topics")

FACADES = re.compile(r'<a\b[^>]*?\bdata-embed-src="[^>]*>')
ATTRIBUTE = re.compile(r'\b(data-embed-src|data-embed-src-dark|data-embed-allow)="([^"]*)"')
IFRAMES = re.compile(r'<iframe\b[^>]*?\bsrc="([^"]+)"[^>]*>')
FORM_ACTIONS = re.compile(r'<form\b[^>]*?\baction="([^"]*)"')
PICTURES = re.compile(r'<(?:img|source)\b[^>]*>')
ORIGIN = re.compile(r'https?://[^/"\s,?#]+', re.I)
DATA_URL = re.compile(r'''url\(\s*["']?data:|\b(?:src|href)="data:''')


def origin(url: str) -> str | None:
    """https://host[:port] of an absolute http(s) address; None for a path on this site."""
    parts = urlsplit(url.strip())
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc.lower()}"
    return None


def html_files(folder: Path):
    """Every .html file under the folder.

    The editor's page (/admin/) is not one of the site's pages: it has its own policy (editor.py).
    """
    yield from pagescan.html_files(folder, skip=(editor.FOLDER,) if editor.built(Path(folder)) else ())


def scan_output(output: Path, pages: list[str] | None = None) -> dict[str, set[str]]:
    """The other origins the built pages can reach, by the directive (or delegated feature) that must allow them.
    `pages`: the site's pages, when the caller has walked output/ already."""
    found: dict[str, set[str]] = {"frame-src": set(), "form-action": set(), "img-src": set(), "media-src": set()}
    for feature in DELEGATED:
        found[feature] = set()
    for page in html_files(output) if pages is None else pages:
        for directive, origins in page_origins(pagescan.page_text(page)):
            found[directive] |= origins
    for sheet in output.glob("theme/css/*.css"):
        if DATA_URL.search(sheet.read_text(encoding="utf-8", errors="replace")):
            found["img-src"].add("data:")
    return found


def origins_in_page(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """What one page reaches: (directive, origins) pairs; each pattern runs only where its marker appears."""
    found: dict[str, set[str]] = {}

    def add(directive: str, origins: set[str]) -> None:
        found.setdefault(directive, set()).update(origins)

    if "data-embed-src" in text:
        for tag in FACADES.findall(text):
            attributes = dict(ATTRIBUTE.findall(tag))
            hosts = {origin(attributes[name]) or "'self'" for name in ("data-embed-src", "data-embed-src-dark")
                     if name in attributes}
            add("frame-src", hosts)
            for feature in attributes.get("data-embed-allow", "").split(";"):
                if feature.strip() in DELEGATED:
                    add(feature.strip(), hosts)
    if "<iframe" in text:
        add("frame-src", {origin(source) or "'self'" for source in IFRAMES.findall(text)})
    if "<form" in text:
        add("form-action", {origin(action) or "'self'" for action in FORM_ACTIONS.findall(text)})
    if "http" in text:
        for tag in PICTURES.findall(text):
            add("img-src", {host.lower() for host in ORIGIN.findall(tag)})
    if "data:" in text and DATA_URL.search(text):
        add("img-src", {"data:"})
    gated: dict[str, set[str]] = {"img-src": set(), "media-src": set()}
    found_gated_media(text, gated)
    for directive, origins in gated.items():
        if origins:
            add(directive, origins)
    return tuple((directive, frozenset(origins)) for directive, origins in found.items())


page_origins = pagescan.PerPage(origins_in_page)  # the warm dev server re-parses only the pages it rendered again


def found_gated_media(text: str, found: dict[str, set[str]]) -> None:
    """A locked early-access page shows its pictures and plays its tracks from blob: URLs once gate.js has
    opened them (the sealed body cannot be scanned, so any locked page allows both); an opened one from the site."""
    if 'id="gate-data"' in text:
        found["img-src"].add("blob:")
        found["media-src"] |= {"'self'", "blob:"}
    if "<audio" in text or "<video" in text:
        found["media-src"].add("'self'")


# The policy's own sources, directive by directive: the one place to allow something for every page
# (what only some pages need, like blob: for a locked page's pictures and tracks, is found by scan_output).
# content_security_policy() adds what the built pages reach on other hosts; an empty frame-src becomes 'none'.
BASE_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'none'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'",),
    "font-src": ("'self'",),  # the theme's fonts, cut for the site (fonts.py): never another host's
    "connect-src": ("'self'",),
    "manifest-src": ("'self'",),  # the web app manifest (marks.py)
    "form-action": ("'self'",),
    "frame-src": (),
    "base-uri": ("'none'",),
    "object-src": ("'none'",),
    "frame-ancestors": ("'none'",),
}
# Directives a <meta> policy cannot carry (CSP 3, section 3.3): only the header sets them.
HEADER_ONLY = ("frame-ancestors", "report-uri", "report-to", "sandbox")


def content_security_policy(found: dict[str, set[str]], site_origin: str | None,
                            endpoint_origin: str | None) -> dict[str, list[str]]:
    """The policy as directive → sources: BASE_POLICY, plus only what the site's pages use."""
    def ours(sources: set[str]) -> list[str]:
        # the site's own address is 'self' (pages built with absolute URLs name it in full)
        return sorted({"'self'" if s == site_origin else s for s in sources} - {"'self'"})

    reached = {
        "img-src": ours(found["img-src"]),
        "connect-src": [endpoint_origin] if endpoint_origin and endpoint_origin != site_origin else [],
        "form-action": ours(found["form-action"]),
        "frame-src": ours(found["frame-src"]),
    }
    policy = {}
    for name, sources in BASE_POLICY.items():
        policy[name] = [*sources, *reached.get(name, [])]
        if name == "img-src" and found.get("media-src"):  # audio, or gated pictures and tracks opened in the page
            policy["media-src"] = ["'self'", *ours(found["media-src"])]
    policy["frame-src"] = policy["frame-src"] or ["'none'"]
    return policy


def policy_text(policy: dict[str, list[str]], meta: bool = False) -> str:
    """The policy as a header value; for a <meta>, without the directives only a header can set."""
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in policy.items()
                     if not (meta and name in HEADER_ONLY))


def permissions_policy(found: dict[str, set[str]]) -> str:
    """Each feature a player asks for, granted to the pages and to exactly the players that ask for it."""
    parts = []
    for feature in DELEGATED:
        allowed = ["self"] + [f'"{host}"' for host in sorted(found.get(feature, ())) if host.startswith("http")]
        parts.append(f"{feature}=({' '.join(allowed)})")
    parts += [f"{feature}=()" for feature in DENIED]
    return ", ".join(parts)


def security_headers(policy: dict[str, list[str]], found: dict[str, set[str]]) -> dict[str, str]:
    """Every header the host sends with every file."""
    return {
        "Content-Security-Policy": policy_text(policy),
        "Strict-Transport-Security": f"max-age={TWO_YEARS}",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": permissions_policy(found),
        "Cross-Origin-Opener-Policy": "same-origin",
    }


def site_policy(output: Path, settings: dict,
                pages: list[str] | None = None) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """(the policy, what the pages reach) for a built site, from its pages and artist.yml's form endpoint."""
    site_origin = origin(settings.get("SITEURL") or "")
    endpoint = ((settings.get("FANZINE_ARTIST") or {}).get("forms") or {}).get("endpoint", "")
    found = scan_output(output, pages)
    return content_security_policy(found, site_origin, origin(endpoint)), found


def site_headers(output: Path, settings: dict) -> dict[str, str]:
    """The headers for a built site, from its pages and artist.yml's form endpoint."""
    return security_headers(*site_policy(output, settings))


META_POLICY = re.compile(r'[ \t]*<meta http-equiv="Content-Security-Policy" content="[^"]*">\r?\n?')
CHARSET = re.compile(r'<meta charset="utf-8">[ \t]*\r?\n?', re.I)
HEAD = re.compile(r"<head>[ \t]*\r?\n?", re.I)


def with_meta_policy(page: str, policy: str) -> str:
    """The page with exactly one CSP <meta>, first in its head after the charset (replacing an older one)."""
    if 'http-equiv="Content-Security-Policy"' in page:  # the pattern's leading blanks make it try every offset
        page = META_POLICY.sub("", page)
    anchor = CHARSET.search(page) or HEAD.search(page)
    if anchor is None:
        return page
    value = html.escape(policy, quote=False).replace('"', "&quot;")  # sources hold ' quotes, never "
    tag = f'<meta http-equiv="Content-Security-Policy" content="{value}">'
    return f"{page[:anchor.end()].rstrip()}\n  {tag}\n{page[anchor.end():]}"


def write_meta_policy(output: Path, policy: dict[str, list[str]], pages: list[str] | None = None) -> None:
    """Every built page carries the site's policy (less what only a header can set) in a <meta>."""
    text = policy_text(policy, meta=True)
    for name in html_files(output) if pages is None else pages:
        page = pagescan.page_text(name)
        updated = page_with_policy(page, text)
        if updated != page and not pagescan.already_served(name, updated):
            with open(name, "w", encoding="utf-8") as file:
                file.write(updated)
            pagescan.written(name, updated)


page_with_policy = pagescan.PerPage(with_meta_policy)


GENERATED = ("Written by `fanzine build` from the built pages (plugins/fanzine/outputs/hostconfig.py); "
             "see docs/deploy.md.")


EDITOR_PATH = f"/{editor.FOLDER}/*"


def headers_file(headers: dict[str, str], editor_headers: dict[str, str] | None = None, detach: bool = True) -> str:
    """Netlify's and Cloudflare Pages' `_headers` format: a path pattern, then indented headers.

    The editor's rule comes last. Both hosts apply every rule a path matches: on Netlify a later rule's
    header replaces an earlier one's; Cloudflare Pages would join the two policies (both enforced), so
    `! Name` first detaches the site's (`detach`; left out where the host is Netlify, which does not know it).
    """
    lines = [f"# {GENERATED}", "/*"] + [f"  {name}: {value}" for name, value in headers.items()]
    if editor_headers:
        lines.append(EDITOR_PATH)
        lines += [f"  ! {name}" for name in editor_headers if detach and name in headers]
        lines += [f"  {name}: {value}" for name, value in editor_headers.items()]
    return "\n".join(lines) + "\n"


def netlify_toml(headers: dict[str, str], editor_headers: dict[str, str] | None = None) -> str:
    lines = [f"# {GENERATED}", "[[headers]]", '  for = "/*"', "  [headers.values]"]
    lines += [f"    {name} = {json.dumps(value)}" for name, value in headers.items()]
    if editor_headers:  # a later rule's header replaces an earlier one's
        lines += ["[[headers]]", f'  for = "{EDITOR_PATH}"', "  [headers.values]"]
        lines += [f"    {name} = {json.dumps(value)}" for name, value in editor_headers.items()]
    return "\n".join(lines) + "\n"


def vercel_json(headers: dict[str, str], moved: Sequence[tuple[str, str]] = (),
                editor_headers: dict[str, str] | None = None) -> str:
    """Vercel reads no _headers or _redirects: the same headers and redirects (redirects.py) in its own file."""
    every = [{"key": name, "value": value} for name, value in headers.items()]
    rules: list[dict[str, object]] = [{"source": "/(.*)", "headers": every}]
    if editor_headers:  # the later rule's value wins for the same header
        rules.append({"source": f"/{editor.FOLDER}/(.*)",
                      "headers": [{"key": name, "value": value} for name, value in editor_headers.items()]})
    config: dict[str, object] = {"headers": rules}
    if moved:
        config["redirects"] = [{"source": old, "destination": new, "permanent": True} for old, new in moved]
    return json.dumps(config, indent=2) + "\n"


def write_host_config(pelican) -> None:
    """Signal handler (finalized): the policy into every page, then the three files next to the pages they protect."""
    output = Path(pelican.settings["OUTPUT_PATH"])
    if not output.is_dir():
        return
    pages = list(html_files(output))  # one walk for both passes
    policy, found = site_policy(output, pelican.settings, pages)
    headers = security_headers(policy, found)
    write_meta_policy(output, policy, pages)  # for hosts that read none of the files below (GitHub Pages)
    admin = editor.headers(pelican.settings) if editor.built(output) else None
    host, _ = hosting.chosen_host(pelican.settings.get("FANZINE_ARTIST") or {})
    detach = host is None or host.key != "netlify"
    (output / HEADERS_FILE).write_text(headers_file(headers, admin, detach), encoding="utf-8")
    (output / NETLIFY_FILE).write_text(netlify_toml(headers, admin), encoding="utf-8")
    (output / VERCEL_FILE).write_text(vercel_json(headers, redirects.rules(pelican.settings), admin),
                                      encoding="utf-8")


def parse_headers_file(text: str) -> list[tuple[str, dict[str, str]]]:
    """`_headers` back into (path pattern, headers) pairs, as a host reads it (used by the tests' server)."""
    rules: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), {}))
        elif rules and line.strip().startswith("!"):  # Cloudflare Pages: detach the header earlier rules set
            rules[-1][1]["! " + line.strip()[1:].strip()] = ""
        elif rules and ":" in line:
            name, value = line.strip().split(":", 1)
            rules[-1][1][name.strip()] = value.strip()
    return rules
