"""No dead forms in production: `make publish` stops when the forms post to a path the host cannot run."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import AS_OF, EXAMPLE, copy_project, fanzine
from fanzine.content.check import check_site
from fanzine.outputs.hosting import chosen_host

NO_CI = {"FANZINE_HOST": "", "GITHUB_ACTIONS": "", "NETLIFY": "", "CF_PAGES": "", "VERCEL": ""}
FIX = ('Deploy the endpoint (docs/deploy.md, "The form endpoint") and put its full address here, like '
       "https://your-hub-forms.vercel.app/api; or, if this site does run the endpoint at that path, say so with "
       "host: vercel or host: own-server in content/artist.yml")
DEMOS = "the unlock form of content/early/night-drive-demos.md"


def problem(where: str, forms: str = DEMOS, would: str = "would not work") -> str:
    return (f'content/artist.yml: forms.endpoint: "/api" is a path on your own site, but {where}, so {forms} '
            f"{would}. {FIX}")


@pytest.mark.parametrize("artist, environ, expected", [
    ({"host": "netlify"}, {"GITHUB_ACTIONS": "true", "FANZINE_HOST": "vercel"},
     ("netlify", "host: in content/artist.yml")),
    ({}, {"GITHUB_ACTIONS": "true", "FANZINE_HOST": "own-server"}, ("own-server", "FANZINE_HOST in the environment")),
    ({}, {"GITHUB_ACTIONS": "true"}, ("github-pages", "detected from GitHub Actions")),
    ({}, {"NETLIFY": "true"}, ("netlify", "detected from Netlify's build")),
    ({}, {"CF_PAGES": "1"}, ("cloudflare-pages", "detected from Cloudflare Pages' build")),
    ({}, {"VERCEL": "1", "GITHUB_ACTIONS": "true"}, ("vercel", "detected from Vercel's build")),
    ({}, {}, (None, "no host: in content/artist.yml and none detected")),
])
def test_how_the_host_is_known(artist, environ, expected):
    host, how = chosen_host(artist, environ)
    assert (host.key if host else None, how) == expected


@pytest.fixture
def content(tmp_path, monkeypatch) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    for name, value in NO_CI.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("FANZINE_AS_OF", AS_OF)
    return Path("content")


@pytest.mark.parametrize("variable, value, where", [
    ("GITHUB_ACTIONS", "true", "your host is GitHub Pages (detected from GitHub Actions), which only serves files"),
    ("NETLIFY", "true", "your host is Netlify (detected from Netlify's build), which only serves files"),
    ("CF_PAGES", "1", "your host is Cloudflare Pages (detected from Cloudflare Pages' build), which only serves files"),
])
def test_a_static_host_cannot_run_api(content, monkeypatch, variable, value, where):
    monkeypatch.setenv(variable, value)
    assert [str(p) for p in check_site(content, publish=True).errors] == [problem(where)]
    assert check_site(content).problems == []  # while drafting, /api is the dev server's endpoint


def test_an_unknown_host_is_not_trusted_with_a_path(content):
    assert [str(p) for p in check_site(content, publish=True).errors] == [problem(
        "it is not known where this site is published (no host: in content/artist.yml and none detected)",
        would="may not work")]


@pytest.mark.parametrize("host", ["vercel", "own-server"])
def test_hosts_that_run_the_endpoint_beside_the_site(content, host):
    artist = content / "artist.yml"
    artist.write_text(artist.read_text() + f"host: {host}\n")
    assert check_site(content, publish=True).problems == []


def test_a_full_address_works_anywhere(content, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    artist = content / "artist.yml"
    artist.write_text(artist.read_text().replace("endpoint: /api", "endpoint: https://nova-forms.vercel.app/api"))
    assert check_site(content, publish=True).problems == []


def test_no_form_needs_the_endpoint_once_the_page_opens(content, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("FANZINE_AS_OF", "2026-12-05")  # night-drive-demos' until: it builds as a public page
    assert check_site(content, publish=True).problems == []


def test_the_newsletter_form_on_the_endpoint_counts_too(content, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    artist = content / "artist.yml"
    artist.write_text(artist.read_text().replace("provider: buttondown\n  username: novalights\n",
                                                 "provider: endpoint\n"))
    where = "your host is GitHub Pages (detected from GitHub Actions), which only serves files"
    assert [str(p) for p in check_site(content, publish=True).errors] == [
        problem(where, forms=f"{DEMOS} and the newsletter signup")]


def test_make_publish_stops_and_names_the_fix(tmp_path):
    project = copy_project(tmp_path)
    env = {**NO_CI, "GITHUB_ACTIONS": "true", "SITEURL": "https://novalights.example"}
    result = fanzine("build", "--publish", "--as-of", AS_OF, cwd=project, env=env)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == problem(
        "your host is GitHub Pages (detected from GitHub Actions), which only serves files")
    assert not (project / "output" / "index.html").exists()
    # a development build keeps /api: `make serve` runs the endpoint there
    assert fanzine("build", "--as-of", AS_OF, cwd=project, env=env).returncode == 0
