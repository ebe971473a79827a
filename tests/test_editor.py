"""The editor in the browser (outputs/editor.py, outputs/editorconfig.py): /admin/ and its generated config.yml.

The configuration comes from the schemas, so it cannot drift: every key of every
content type the editor may edit (and of artist.yml) is found in it, with the
widget its type needs and the check's own rules. /admin/ is built only when
artist.yml asks for it, with its own headers and noindex, and the rest of the
site keeps its policy. The round trip in Chromium is test_editor_browser.py.
"""
from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from fanzine.outputs import editor, editorconfig, hostconfig
from fanzine.types import artist as artist_yml
from fanzine.types import registry
from fixture_sites import ARTIST, build, make_project

EDITOR = "editor: { repo: ada-quarry/hub }\n"


def config_keys(fields: list[dict], prefix: str = "") -> set[str]:
    """Every key path a Decap configuration's fields offer (tracks.duration), recursively."""
    found = set()
    for entry in fields:
        path = f"{prefix}.{entry['name']}" if prefix else entry["name"]
        found.add(path)
        if "fields" in entry:
            found |= config_keys(entry["fields"], path)
    return found


def widgets(fields: list[dict], prefix: str = "") -> dict[str, dict]:
    found = {}
    for entry in fields:
        path = f"{prefix}.{entry['name']}" if prefix else entry["name"]
        found[path] = entry
        found.update(widgets(entry.get("fields", []), path))
    return found


@pytest.fixture(scope="module")
def config() -> dict:
    return editorconfig.editor_config({"repo": "ada-quarry/hub", "branch": "main"}, "content", local=False)


def collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


# --- generated, never drifting -------------------------------------------------------------------------

def test_every_schema_key_is_in_the_generated_configuration(config):
    editable = [t for t in registry.content_types() if editorconfig.edited(t)]
    assert {t.folder for t in editable} >= {"releases", "stories", "playlists", "links", "pages"}
    for kind in editable:
        offered = config_keys(collection(config, kind.folder)["fields"])
        expected = {key for key in editorconfig.schema_keys(kind.schema)
                    if key.split(".")[0] not in editorconfig.GATED_KEYS}
        assert expected - offered == set(), kind.folder
        assert "body" in offered
    artist = collection(config, "artist")["files"][0]
    expected = editorconfig.schema_keys(artist_yml.ARTIST)
    assert expected - config_keys(artist["fields"]) == set()
    assert artist["file"] == "content/artist.yml"


def test_the_coverage_walk_reaches_nested_keys():
    """The test above could pass by finding nothing: the walk names nested keys of lists and records."""
    keys = editorconfig.schema_keys(registry.by_folder("releases").schema)
    assert {"tracks.duration", "tracks.featuring", "credits.role", "credits.names", "links.spotify",
            "utm.campaign", "access.mode"} <= keys
    assert {"discord.server_id", "newsletter.provider", "editor.repo", "socials.instagram"} <= \
        editorconfig.schema_keys(artist_yml.ARTIST)


def test_a_site_plugin_s_content_type_gets_a_collection_too():
    from fanzine.content.schema import Date, Record, Text

    merch = registry.add(registry.ContentType(folder="merch", item="merch item", template="merch", schema=Record({
        "title": Text("the name", required=True), "restock": Date("when it is back")})))
    try:
        config = editorconfig.editor_config({"repo": "a/b"}, "content", local=False)
        entry = collection(config, "merch")
        assert entry["folder"] == "content/merch" and entry["label_singular"] == "Merch item"
        assert widgets(entry["fields"])["restock"]["widget"] == "datetime"
    finally:
        registry.remove(merch.folder)


def test_gated_pages_are_never_offered(config):
    names = [c["name"] for c in config["collections"]]
    assert "early" not in names
    for entry in config["collections"]:
        for fields in ([entry["fields"]] if "fields" in entry else [f["fields"] for f in entry["files"]]):
            assert "access" not in {f["name"] for f in fields}


def test_each_key_gets_the_widget_its_type_needs(config):
    release = widgets(collection(config, "releases")["fields"])
    assert release["release_date"].items() >= {"widget": "datetime", "format": "YYYY-MM-DD", "time_format": False,
                                           "required": True}.items()
    assert release["type"]["widget"] == "select"
    assert release["type"]["options"] == ["single", "ep", "album", "remix", "live", "compilation"]
    assert release["tracks"]["widget"] == "list" and release["tracks"]["summary"] == "{{fields.title}}"
    assert release["tracks.duration"]["pattern"] == [r"^(?:\d+:)?\d{1,3}:[0-5]\d$", 'expected a duration like "3:41"']
    assert release["tracks.featuring"]["field"]["widget"] == "string"  # a list of names, written as a YAML list
    assert release["credits"]["widget"] == "list" and release["credits.names"]["widget"] == "list"
    assert release["cover"].items() >= {"widget": "image", "choose_url": False, "required": False}.items()
    assert release["summary"]["widget"] == "markdown"
    assert release["presave"]["pattern"][1] == "expected a web address starting with https://"
    assert release["links.spotify"]["pattern"][1] == "expected an open.spotify.com URL"
    assert release["tracks.explicit"]["widget"] == "boolean"
    assert release["slug"]["pattern"][1] == "expected a slug of lowercase letters, digits and hyphens, like night-drive"
    assert release["status"]["options"] == ["published", "draft", "hidden"]
    artist = widgets(collection(config, "artist")["files"][0]["fields"])
    assert artist["accent"]["widget"] == "color"
    assert artist["theme"]["widget"] == "select" and "synthwave" in artist["theme"]["options"]
    assert artist["home"].items() >= {"widget": "select", "default": "hub"}.items()
    assert artist["redirects"]["widget"] == "hidden"  # old → new lines have no widget: kept as written
    links = widgets(collection(config, "links")["fields"])
    assert links["links"]["widget"] == "list"
    assert {"links.label", "links.url", "links.block", "links.heading"} <= set(links)
    assert "mailto:" in links["links.url"]["pattern"][1] and links["links.block"]["widget"] == "select"


def test_patterns_say_what_make_check_says_and_match_what_it_accepts(config):
    release = widgets(collection(config, "releases")["fields"])
    duration = re.compile(release["tracks.duration"]["pattern"][0])
    assert duration.match("3:41") and duration.match("1:02:03") and not duration.match("3.41")
    spotify = re.compile(release["links.spotify"]["pattern"][0])
    assert spotify.match("https://open.spotify.com/album/abc") and not spotify.match("https://example.com/spotify")
    isrc = re.compile(release["tracks.isrc"]["pattern"][0])
    assert isrc.match("USRC17607839") and not isrc.match("nope")
    web = re.compile(release["presave"]["pattern"][0])
    assert web.match("https://distrokid.com/hyperfollow/x") and not web.match("javascript:alert(1)")
    assert not web.match("https://exa mple.com")
    # Decap reads a pattern as a JavaScript RegExp: Python's inline flags must not reach it
    every = [e["pattern"][0] for c in config["collections"] for e in widgets(
        c.get("fields") or c["files"][0]["fields"]).values() if "pattern" in e]
    assert every and not [p for p in every if "(?s" in p or "(?P" in p]


def test_required_keys_are_required_and_optional_dates_start_empty(config):
    story = widgets(collection(config, "stories")["fields"])
    assert story["title"]["required"] is True and story["date"]["required"] is True
    assert story["modified"]["required"] is False and story["modified"]["default"] == ""
    assert story["summary"]["required"] is False


def test_fans_playlists_are_never_previewed_in_the_editor(config):
    assert collection(config, "playlists")["editor"] == {"preview": False}
    assert "editor" not in collection(config, "releases")


def test_the_editor_key_is_checked_with_a_did_you_mean(tmp_path):
    project = make_project(tmp_path / "hub", artist=ARTIST + "editor: { repo: ada-quarry/hub, brnach: main }\n")
    result = build(project)
    assert result.returncode == 1
    assert "content/artist.yml: editor.brnach: unknown key; did you mean 'branch'?" in result.stderr
    (project / "content" / "artist.yml").write_text(ARTIST + "editor: { repo: not a repo }\n", encoding="utf-8")
    result = build(project)
    assert "content/artist.yml: editor.repo: expected a repository like your-name/your-hub, got \"not a repo\"" \
        in result.stderr


# --- built only when enabled, with its own headers ----------------------------------------------------------

@pytest.fixture(scope="module")
def with_editor(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("editor") / "hub", artist=ARTIST + EDITOR)
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project / "output"


def test_no_editor_unless_artist_yml_asks(tmp_path):
    project = make_project(tmp_path / "hub")
    assert build(project).returncode == 0
    assert not (project / "output" / "admin").exists()
    assert "/admin/" not in (project / "output" / "_headers").read_text(encoding="utf-8")


def test_admin_holds_the_page_the_config_and_the_bundle_from_the_repository(with_editor):
    admin = with_editor / "admin"
    assert sorted(p.name for p in admin.iterdir()) == ["LICENSE", "config.yml", "decap-cms.js",
                                                      "decap-cms.js.LICENSE.txt", "index.html"]
    assert (admin / "decap-cms.js").read_bytes() == (ROOT / "themes/fanzine/admin/decap-cms.js").read_bytes()
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert '<script src="decap-cms.js"></script>' in page and "https://" not in page.split("<body>")[1]
    assert '<meta name="robots" content="noindex, nofollow">' in page
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"] == {"name": "github", "repo": "ada-quarry/hub", "branch": "main"}
    assert "local_backend" not in config  # a publish build never talks to a server on the editor's computer
    assert config["media_folder"] == "content/images" and config["public_folder"] == "images"
    assert config["site_url"] == "https://ada-quarry.example"


def test_admin_has_its_own_policy_and_the_site_keeps_its_own(with_editor):
    page = (with_editor / "admin" / "index.html").read_text(encoding="utf-8")
    admin_meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    assert "script-src 'self' 'unsafe-eval'" in admin_meta
    assert "connect-src 'self' blob: https://api.github.com;" in admin_meta
    home = (with_editor / "index.html").read_text(encoding="utf-8")
    assert "script-src 'self';" in home and "unsafe" not in home
    rules = dict(hostconfig.parse_headers_file((with_editor / "_headers").read_text(encoding="utf-8")))
    assert "unsafe" not in rules["/*"]["Content-Security-Policy"]
    assert rules["/admin/*"]["X-Robots-Tag"] == "noindex, nofollow"
    assert rules["/admin/*"]["Cross-Origin-Opener-Policy"] == "same-origin-allow-popups"
    assert rules["/admin/*"]["! Content-Security-Policy"] == ""  # Cloudflare Pages: the site's policy detached
    netlify = tomllib.loads((with_editor / "netlify.toml").read_text(encoding="utf-8"))["headers"]
    assert [rule["for"] for rule in netlify] == ["/*", "/admin/*"]
    assert netlify[1]["values"]["Content-Security-Policy"] == rules["/admin/*"]["Content-Security-Policy"]
    vercel = json.loads((with_editor / "vercel.json").read_text(encoding="utf-8"))["headers"]
    assert [rule["source"] for rule in vercel] == ["/(.*)", "/admin/(.*)"]


def test_on_netlify_the_admin_rule_replaces_without_detaching(tmp_path):
    project = make_project(tmp_path / "hub", artist=ARTIST + EDITOR)
    assert build(project, env={"FANZINE_HOST": "netlify"}).returncode == 0
    text = (project / "output" / "_headers").read_text(encoding="utf-8")
    assert "/admin/*\n  Content-Security-Policy:" in text and "!" not in text


def test_nothing_public_links_to_the_editor_or_lists_it(with_editor):
    sitemap = (with_editor / "sitemap.xml").read_text(encoding="utf-8")
    assert "/admin" not in sitemap and "<loc>" in sitemap
    host_files = (hostconfig.HEADERS_FILE, hostconfig.NETLIFY_FILE, hostconfig.VERCEL_FILE)  # read by the host
    found = [p for p in with_editor.rglob("*") if p.is_file() and "admin" not in p.relative_to(with_editor).parts
             and p.name not in host_files
             and p.suffix in (".html", ".xml", ".json", ".txt", ".css", ".js") and "/admin" in p.read_text("utf-8")]
    assert found == []


def test_development_builds_also_reach_decap_server(tmp_path):
    project = make_project(tmp_path / "hub", artist=ARTIST + EDITOR)
    assert build(project, publish=False).returncode == 0
    config = yaml.safe_load((project / "output" / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["local_backend"] is True
    assert "http://localhost:8081" in (project / "output" / "admin" / "index.html").read_text(encoding="utf-8")


def test_the_editor_is_built_byte_for_byte_the_same(tmp_path, with_editor):
    project = make_project(tmp_path / "hub", artist=ARTIST + EDITOR)
    assert build(project).returncode == 0
    for name in ("index.html", "config.yml"):
        assert (project / "output" / "admin" / name).read_bytes() == (with_editor / "admin" / name).read_bytes()


def test_content_path_is_relative_to_the_repository(tmp_path):
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "examples" / "band").mkdir(parents=True)
    assert editor.content_in_repository(str(tmp_path / "repo" / "examples" / "band")) == "examples/band"
    assert editor.content_in_repository(str(tmp_path / "elsewhere")) == "content"


def test_what_the_editor_writes_for_empty_optional_fields_passes_the_check(tmp_path):
    """Decap writes `key: ""` for an optional field left empty (an optional date starts that way): left out."""
    story = ('---\ntitle: Première répétition\ndate: 2025-03-05\nmodified: ""\ncover_alt: ""\nsummary: ""\n---\n'
             "We played the new song for the first time.\n")
    project = make_project(tmp_path / "hub", {"stories/premiere-repetition.md": story})
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert "first time" in (project / "output/stories/premiere-repetition/index.html").read_text(encoding="utf-8")
    (project / "content/stories/premiere-repetition.md").write_text(story.replace("title: Première répétition",
                                                                                  'title: ""'), encoding="utf-8")
    result = build(project)  # a required key is still required
    assert "content/stories/premiere-repetition.md: title: expected text, got an empty value" in result.stderr
