"""/admin/: the editor in the browser (Decap CMS), built only when artist.yml has an `editor:` section.

Three files: the page (with its own CSP and noindex), config.yml (generated
from the schemas by editorconfig.py) and the Decap bundle, copied from the copy
the theme keeps (themes/fanzine/admin/, vendored from npm with its licence: a
fresh clone and an artist's CI build /admin/ without npm, and nothing is ever
loaded from a CDN). The editor is static: it can only commit with the artist's
own GitHub sign-in, so a fan who opens /admin/ gets a login button and nothing else.

/admin/ keeps the site's headers except three (hostconfig.py writes them): its
own Content-Security-Policy (Decap compiles its configuration's checks with
eval and styles itself inline, and talks to GitHub's API; the rest of the site
keeps its strict policy), `X-Robots-Tag: noindex`, and a Cross-Origin-Opener-Policy
that lets GitHub's sign-in window answer the page that opened it.
"""
from __future__ import annotations

import html
import logging
import shutil
from pathlib import Path
from typing import Any

import yaml

from .editorconfig import editor_config

log = logging.getLogger(__name__)

FOLDER = "admin"
BUNDLE = "decap-cms.js"
CONFIG = "config.yml"
BUNDLE_FILES = (BUNDLE, "LICENSE", "decap-cms.js.LICENSE.txt")
GITHUB_API = "https://api.github.com"
LOCAL_BACKEND = ("http://localhost:8081", "http://127.0.0.1:8081")  # decap-server, development builds only
THEME_ADMIN = Path(__file__).resolve().parents[3] / "themes" / "fanzine" / "admin"


def enabled(settings: dict) -> dict[str, Any] | None:
    """artist.yml's `editor:` section, when the editor is to be built."""
    return (settings.get("FANZINE_ARTIST") or {}).get("editor") or None


def is_local(settings: dict) -> bool:
    """Development builds (make serve, make html) also talk to decap-server on this computer."""
    return not settings.get("FANZINE_PUBLISH")


def policy(settings: dict) -> dict[str, list[str]]:
    """/admin/'s Content-Security-Policy: what Decap needs, nothing more."""
    # blob: an uploaded picture is read back before it is committed
    connect = ["'self'", "blob:", GITHUB_API] + (list(LOCAL_BACKEND) if is_local(settings) else [])
    return {
        "default-src": ["'none'"],
        "script-src": ["'self'", "'unsafe-eval'"],  # ajv compiles the configuration's checks with new Function
        "style-src": ["'self'", "'unsafe-inline'"],  # emotion writes its styles into <style> elements
        "img-src": ["'self'", "blob:", "data:", "https://avatars.githubusercontent.com"],
        "media-src": ["'self'", "blob:"],
        "font-src": ["'self'"],
        "connect-src": connect,
        "frame-src": ["'self'", "blob:"],  # the preview pane
        "form-action": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
    }


def headers(settings: dict) -> dict[str, str]:
    """The headers /admin/ sets instead of the site's."""
    from .hostconfig import policy_text

    return {
        "Content-Security-Policy": policy_text(policy(settings)),
        "Cross-Origin-Opener-Policy": "same-origin-allow-popups",  # GitHub's sign-in window posts back
        "X-Robots-Tag": "noindex, nofollow",
    }


def content_in_repository(content_path: str) -> str:
    """content/'s path inside its git repository (what Decap's folders are relative to); `content` if unknown."""
    path = Path(content_path).resolve()
    for parent in (path, *path.parents):
        if (parent / ".git").exists():
            return path.relative_to(parent).as_posix() or "."
    return "content"


def admin_page(settings: dict) -> str:
    from .hostconfig import policy_text

    meta = html.escape(policy_text(policy(settings), meta=True), quote=False).replace('"', "&quot;")
    name = html.escape((settings.get("FANZINE_ARTIST") or {}).get("name", "Fanzine"))
    return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="{meta}">
  <meta name="robots" content="noindex, nofollow">
  <meta name="referrer" content="same-origin">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Edit {name}'s hub</title>
  <link rel="cms-config-url" type="text/yaml" href="{CONFIG}">
</head>
<body>
  <noscript>The editor needs JavaScript.</noscript>
  <script src="{BUNDLE}"></script>
</body>
</html>
"""


def config_text(settings: dict) -> str:
    editor = enabled(settings) or {}
    siteurl = (settings.get("SITEURL") or "").rstrip("/")
    config = editor_config(editor, content_in_repository(settings["PATH"]), local=is_local(settings),
                           site_url=siteurl if siteurl.startswith("http") else "")
    head = ("# Written by `fanzine build` from Fanzine's schemas (plugins/fanzine/outputs/editorconfig.py); "
            "see docs/editor.md\n")
    return head + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=120)


def bundle_folder(settings: dict) -> Path:
    """The theme's copy of the bundle (a theme of the artist's own may carry another), else Fanzine's."""
    theme = Path(settings.get("THEME") or "") / FOLDER
    return theme if (theme / BUNDLE).is_file() else THEME_ADMIN


def write_editor(output: Path, settings: dict) -> None:
    folder = output / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(admin_page(settings), encoding="utf-8")
    (folder / CONFIG).write_text(config_text(settings), encoding="utf-8")
    source = bundle_folder(settings)
    if not (source / BUNDLE).is_file():
        log.error("The editor's program is missing: %s. Get it again with `git checkout -- %s`.",
                  source / BUNDLE, "themes/fanzine/admin")
    for name in BUNDLE_FILES:
        if (source / name).is_file():
            shutil.copyfile(source / name, folder / name)


def built(output: Path) -> bool:
    """Whether output/admin/ is the editor (its page is left alone by the site's CSP <meta> writer)."""
    return (output / FOLDER / CONFIG).is_file() and (output / FOLDER / BUNDLE).is_file()


class EditorGenerator:
    """A Pelican generator that writes /admin/ when artist.yml enables the editor."""

    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
        self.settings, self.output_path = settings, Path(output_path)

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer) -> None:
        if enabled(self.settings):
            write_editor(self.output_path, self.settings)


def get_generators(pelican):
    return EditorGenerator
