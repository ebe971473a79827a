"""pipeline/settings.py: every setting declared once (type, default, what it does), applied when Pelican starts;
an unknown FANZINE_* setting is reported with the nearest known name, a wrong type is a sentence."""
from __future__ import annotations

import re

import pytest

from conftest import ROOT, fanzine
from fanzine.errors import FanzineError
from fanzine.pipeline import settings
from fixture_sites import make_project

PLUGIN = ROOT / "plugins" / "fanzine"
# Keys the plugin reads that Pelican declares (its own defaults), and the ones fanzine computes for templates.
PELICAN_OWN = {"SITEURL", "SITENAME", "PATH", "THEME", "OUTPUT_PATH", "CACHE_PATH", "TIMEZONE", "DEFAULT_LANG",
               "RELATIVE_URLS", "JINJA_FILTERS", "THEME_TEMPLATES_OVERRIDES", "STATIC_PATHS", "IGNORE_FILES",
               "LOAD_CONTENT_CACHE", "DELETE_OUTPUT_DIRECTORY", "FEED_ALL_ATOM", "FEED_MAX_ITEMS", "PLUGINS",
               "PLUGIN_PATHS", "GZIP_CACHE"}
FOR_TEMPLATES = {"ARTIST", "ARTIST_JSON_LD", "SITE_PREVIEW", "PLATFORM_NAMES", "RELEASE_TYPE_NAMES",
                 "RELEASE_TYPE_PLURALS"}


def test_every_setting_the_plugin_reads_is_declared():
    """Read a key the declarations do not know, and this says which: declare it in settings.py or its type."""
    read = set()
    for source in PLUGIN.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        read |= set(re.findall(r"""settings(?:\.get\(|\[)\s*f?["']([A-Z][A-Z0-9_]+)["']""", text))
        read |= set(re.findall(r"""value\(\w+, ["']([A-Z][A-Z0-9_]+)["']\)""", text))
    undeclared = read - set(settings.declared()) - PELICAN_OWN - FOR_TEMPLATES
    assert undeclared == set()
    assert {"RELEASE_URL", "GO_SAVE_AS", "PLAYLISTS_CURATORS_URL", "LINKS_INDEX_SAVE_AS", "EARLY_URL",
            "FEED_RELEASES_ATOM", "FANZINE_UNTRUSTED_FOLDERS"} <= set(settings.declared())


def test_each_declaration_has_a_type_a_default_and_a_sentence():
    for setting in settings.declared().values():
        assert setting.doc and setting.kind, setting.name
        if not setting.set_by_build and setting.default_value() is not None:
            assert isinstance(setting.default_value(), setting.kind), setting.name


def test_pelicanconf_lists_no_address_of_a_content_type():
    text = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    assert not re.findall(r"^[A-Z_]+_(?:URL|SAVE_AS) =", text, re.M)


def test_defaults_fill_what_the_project_leaves_unset_or_at_pelicans_default():
    given = {"ARTICLE_URL": "{slug}.html", "RELEASE_URL": "music/{slug}/", "DIRECT_TEMPLATES": ["index"]}
    applied = settings.with_defaults(dict(given))
    assert applied["ARTICLE_URL"] == "stories/{slug}/"  # Pelican's own default: fanzine's applies
    assert applied["RELEASE_URL"] == "music/{slug}/"  # the project's wins
    assert applied["DIRECT_TEMPLATES"] == ["index"]
    assert applied["PLAYLIST_SAVE_AS"] == "playlists/{slug}/index.html"
    assert applied["JINJA_ENVIRONMENT"]["autoescape"] is True
    assert applied["FANZINE_UNTRUSTED_FOLDERS"] == ["playlists", "fans"]


def test_defaults_are_fresh_copies():
    first, second = settings.with_defaults({}), settings.with_defaults({})
    first["MARKDOWN"]["extension_configs"]["x"] = {}
    assert "x" not in second["MARKDOWN"]["extension_configs"]


@pytest.mark.parametrize("name, nearest", [
    ("FANZINE_UNTRUSTED_FOLDER", "FANZINE_UNTRUSTED_FOLDERS"),
    ("FANZINE_ASOF", "FANZINE_AS_OF"),
    ("FANZINE_PUBLISHED", "FANZINE_PUBLISH"),
])
def test_an_unknown_fanzine_setting_names_the_nearest_known_one(name, nearest):
    errors, warnings = settings.problems({name: ["fans"]})
    assert (errors, warnings) == ([], [f"Unrecognised setting {name}: did you mean {nearest}?"])


def test_an_unknown_setting_nothing_is_near():
    assert settings.problems({"FANZINE_ZZZZZ": 1})[1] == [
        "Unrecognised setting FANZINE_ZZZZZ: Fanzine reads none by that name (docs/development.md lists them)"]


def test_a_setting_of_the_wrong_type_stops_the_build():
    with pytest.raises(FanzineError) as caught:
        settings.apply({"FANZINE_UNTRUSTED_FOLDERS": "fans"}, report=lambda warning: None)
    assert str(caught.value) == "Setting FANZINE_UNTRUSTED_FOLDERS: expected a list, got str ('fans')"


def test_the_build_and_the_check_warn_about_an_unknown_setting(tmp_path):
    project = make_project(tmp_path / "hub")
    with open(project / "pelicanconf.py", "a", encoding="utf-8") as conf:
        conf.write('\nFANZINE_UNTRUSTED_FOLDER = ["fans"]\n')
    warning = "Unrecognised setting FANZINE_UNTRUSTED_FOLDER: did you mean FANZINE_UNTRUSTED_FOLDERS?"
    built = fanzine("build", "--as-of", "2025-06-01", cwd=project)
    assert built.returncode == 0 and warning in built.stderr
    checked = fanzine("check", cwd=project)
    assert checked.returncode == 0 and warning in checked.stderr


def test_a_project_moves_a_content_types_pages_with_one_setting(tmp_path):
    project = make_project(tmp_path / "hub")
    with open(project / "pelicanconf.py", "a", encoding="utf-8") as conf:
        conf.write('\nRELEASE_URL = "music/{slug}/"\nRELEASE_SAVE_AS = "music/{slug}/index.html"\n')
    assert fanzine("build", "--as-of", "2025-06-01", cwd=project).returncode == 0
    output = project / "output"
    assert (output / "music" / "tape-one" / "index.html").is_file()
    assert not (output / "releases" / "tape-one").exists()
    assert 'href="/music/tape-one/"' in (output / "releases" / "index.html").read_text(encoding="utf-8")
    assert (output / "music" / "tape-one" / "release.ics").is_file()  # the calendar file follows its page
