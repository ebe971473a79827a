"""Where the site is published, and whether its forms can reach the endpoint there.

`forms.endpoint: /api` (a path on the site itself) works where the endpoint
runs beside the pages: under `make serve`, on Vercel (the repository's api/
folder becomes functions) and on the artist's own server. GitHub Pages,
Netlify and Cloudflare Pages only serve files (Fanzine ships no functions for
them), so a signup or unlock form there would post into the void.

The host is `host:` in artist.yml; else FANZINE_HOST; else worked out from the
build's environment (GitHub Actions, Netlify, Cloudflare Pages and Vercel each
set their own variable). A publish build whose pages need the endpoint at a
path this host cannot run stops, naming forms.endpoint and the fix.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from ..content.today import as_of, day_of
from ..errors import Problem

HOST_ENV = "FANZINE_HOST"


@dataclass(frozen=True)
class Host:
    key: str
    name: str
    runs_endpoint: bool  # does a path on the site itself (forms.endpoint: /api) reach functions/ here?


HOSTS = {host.key: host for host in (
    Host("github-pages", "GitHub Pages", False),
    Host("netlify", "Netlify", False),
    Host("cloudflare-pages", "Cloudflare Pages", False),
    Host("vercel", "Vercel", True),
    Host("own-server", "your own server", True),
)}
# (variable, value, host, where it was seen): each CI or host sets its variable on every build
DETECTION = (
    ("VERCEL", "1", "vercel", "Vercel's build"),
    ("NETLIFY", "true", "netlify", "Netlify's build"),
    ("CF_PAGES", "1", "cloudflare-pages", "Cloudflare Pages' build"),
    ("GITHUB_ACTIONS", "true", "github-pages", "GitHub Actions"),
)


def chosen_host(artist: dict, environ: Mapping[str, str] | None = None) -> tuple[Host | None, str]:
    """The host and how it is known ("host: in content/artist.yml", "detected from GitHub Actions"…)."""
    environ = os.environ if environ is None else environ
    if artist.get("host") in HOSTS:
        return HOSTS[artist["host"]], "host: in content/artist.yml"
    if environ.get(HOST_ENV, "").strip() in HOSTS:
        return HOSTS[environ[HOST_ENV].strip()], f"{HOST_ENV} in the environment"
    for variable, value, key, where in DETECTION:
        if environ.get(variable, "").strip().lower() == value:
            return HOSTS[key], f"detected from {where}"
    return None, "no host: in content/artist.yml and none detected"


def forms_needing_the_endpoint(site) -> list[str]:
    """What the built site will post to forms.endpoint: unlock forms of locked pages, the newsletter form."""
    today = site.today or as_of({"TIMEZONE": site.artist.get("timezone")})
    needs = []
    for items in site.items.values():
        for item in items.values():
            access = item.get("access") or {}
            until = access.get("until")
            locked = until is None or today < day_of(until)
            if access.get("mode") in ("signup", "both") and locked and item.get("status") != "draft":
                needs.append(f"the unlock form of {item['_path']}")
    if (site.artist.get("newsletter") or {}).get("provider") == "endpoint":
        needs.append("the newsletter signup")
    return needs


def endpoint_problems(site, shown_artist: str, environ: dict | None = None) -> list[Problem]:
    """For a publish build: forms.endpoint must be somewhere the host can run (checked only when forms need it)."""
    forms = site.artist.get("forms")
    if not isinstance(forms, dict):  # left out, or True: artist.yml has a mistake, already reported
        return []
    endpoint = forms.get("endpoint", "")
    if not endpoint.startswith("/"):
        return []
    needs = forms_needing_the_endpoint(site)
    host, how = chosen_host(site.artist, environ)
    if not needs or (host is not None and host.runs_endpoint):
        return []
    listed = needs[0] if len(needs) == 1 else ", ".join(needs[:-1]) + " and " + needs[-1]
    where = (f"your host is {host.name} ({how}), which only serves files, so {listed} would not work"
             if host is not None else
             f"it is not known where this site is published ({how}), so {listed} may not work")
    return [Problem(shown_artist, "forms.endpoint",
                    f'"{endpoint}" is a path on your own site, but {where}. '
                    "Deploy the endpoint (docs/deploy.md, \"The form endpoint\") and put its full address here, "
                    "like https://your-hub-forms.vercel.app/api; or, if this site does run the endpoint at that "
                    "path, say so with host: vercel or host: own-server in content/artist.yml")]
