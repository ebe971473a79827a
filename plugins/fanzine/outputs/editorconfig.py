"""The browser editor's configuration (Decap CMS's config.yml), generated from the content types' schemas.

Every content type the editor may edit becomes a folder collection, every key
of its schema a field with the widget its field type needs (dates get a date
picker, choices a select, tracks and credits a list of entries, covers an image
upload into content/images/), and the rules Decap can express (required keys,
patterns) are the check's own, worded like `make check`'s messages. Nothing
is written by hand, so the editor can never drift from the check:
tests/test_editor.py walks every schema and finds every key here.

Left out on purpose: early-access pages and every `access:` key (a gated
page's plaintext must never be committed from a browser; docs/editor.md).
"""
from __future__ import annotations

import re
from typing import Any

from ..content.schema import (
    SAFE_SLUG,
    Boolean,
    Choice,
    Colour,
    Date,
    Duration,
    Field,
    ImagePath,
    Integer,
    ListOf,
    MapOf,
    Markdown,
    OneOf,
    Record,
    Slug,
    Text,
    Url,
)
from ..theme.platforms import PLATFORMS
from ..theme.presets import PRESETS, PresetName
from ..types import artist as artist_yml
from ..types import registry
from ..types.fields import PlatformLinks

GATED_FOLDERS = ("early",)  # sealed in git: never offered to the editor
GATED_KEYS = ("access",)  # the key that turns any page into a sealed one
IMAGES = "images"  # covers are written `images/x.jpg`, relative to content/

URL_REST = r"""(?:[/?#][^\s<>"'\\]*)?"""
WEB = r"""https?://(?:localhost|[^/?#\s<>"'\\:]+\.[^/?#\s<>"'\\:]+)(?::\d+)?""" + URL_REST
DURATION = r"(?:\d+:)?\d{1,3}:[0-5]\d"


def js_pattern(python_pattern: str) -> str:
    """A schema's Python pattern (matched whole) as the JavaScript RegExp Decap tests values with."""
    return f"^(?:{python_pattern.replace('(?s:', '(?:')})$"


LABELS = {"isrc": "ISRC", "cover_alt": "Cover description", "avatar_alt": "Avatar description", "url": "URL",
          "utm": "Campaign tags (UTM)", "server_id": "Server ID", "form_id": "Form ID", "presave": "Pre-save link",
          "bandcamp_id": "Bandcamp ID", "auth_url": "Sign-in helper (OAuth) URL", "repo": "Repository"}


def label(name: str) -> str:
    """release_date → Release date (and the few names that read better spelled out)."""
    return LABELS.get(name) or name.replace("_", " ").capitalize()


def plain(doc: str) -> str:
    """A key's doc as a hint: Markdown links cut down to their text."""
    return re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", doc)


def url_pattern(spec: Url) -> list[str]:
    options = [WEB] + ([r"mailto:\S+", r"tel:\S+"] if spec.contact else []) + ([r"/(?!/)\S*"] if spec.relative else [])
    shown = ["https://"] + (["mailto:", "tel:"] if spec.contact else []) + (["/"] if spec.relative else [])
    return [f"^(?:{'|'.join(options)})$", "expected a web address starting with " + " or ".join(shown)]


def length_pattern(spec: Text) -> list[str]:
    return [f"^[\\s\\S]{{0,{spec.max_length}}}$", f"expected at most {spec.max_length:,} characters"]


def platform_field(name: str) -> dict[str, Any]:
    """One known service of a `links:`/`socials:` map: a link that must be on the service's own hosts."""
    platform = PLATFORMS[name]
    entry: dict[str, Any] = {"name": name, "label": platform.name, "widget": "string", "required": False}
    if platform.hosts:
        hosts = "|".join(re.escape(host) for host in platform.hosts)
        first = platform.hosts[0]
        article = "an" if first[0] in "aeiox" else "a"
        entry["pattern"] = [f"^https?://(?:[^/?#\\s]*\\.)?(?:{hosts})(?::\\d+)?{URL_REST}$",
                            f"expected {article} {first} URL"]
    else:
        entry["pattern"] = [f"^{WEB}$", "expected a web address starting with https://"]
    return entry


def widget(spec: Field) -> dict[str, Any]:
    """The Decap widget (and its options) for one field type; the most specific type first."""
    if isinstance(spec, Boolean):
        return {"widget": "boolean"}
    if isinstance(spec, Integer):
        return {"widget": "number", "value_type": "int", "min": spec.minimum, "max": spec.maximum}
    if isinstance(spec, Choice):
        return {"widget": "select", "options": spec.options}
    if isinstance(spec, PresetName):
        return {"widget": "select", "options": sorted(PRESETS)}
    if isinstance(spec, Date):
        return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}
    if isinstance(spec, Duration):
        return {"widget": "string", "pattern": [f"^{DURATION}$", f"expected {spec.expected}"]}
    if isinstance(spec, Colour):
        return {"widget": "color", "allowInput": True,
                "pattern": ["^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$", f"expected {spec.expected}"]}
    if isinstance(spec, Url):
        return {"widget": "string", "pattern": url_pattern(spec)}
    if isinstance(spec, ImagePath):
        return {"widget": "image", "choose_url": False}
    if isinstance(spec, Slug):
        return {"widget": "string", "pattern": [js_pattern(SAFE_SLUG.pattern), f"expected {spec.expected}"]}
    if isinstance(spec, Markdown):
        return {"widget": "markdown", "pattern": length_pattern(spec)}
    if isinstance(spec, Text):
        kind = "text" if spec.max_length > 300 else "string"
        if spec.pattern is not None:
            return {"widget": kind, "pattern": [js_pattern(spec.pattern.pattern), f"expected {spec.pattern_hint}"]}
        return {"widget": kind, "pattern": length_pattern(spec)}
    if isinstance(spec, PlatformLinks):
        return {"widget": "object", "collapsed": True, "fields": [platform_field(name) for name in PLATFORMS]}
    if isinstance(spec, Record):
        return {"widget": "object", "collapsed": True, "fields": fields(spec)}
    if isinstance(spec, ListOf):
        return list_widget(spec)
    if isinstance(spec, OneOf):
        return {"widget": "object", "fields": alternatives(spec)}
    # A mapping of free keys (redirects) has no widget: kept as written, edited in the file.
    return {"widget": "hidden"}


def list_widget(spec: ListOf) -> dict[str, Any]:
    entry: dict[str, Any] = {"widget": "list", "max": spec.max_items}
    if isinstance(spec.item, Record):
        entry["fields"] = fields(spec.item)
        first = next(iter(spec.item.fields))
        entry["summary"] = f"{{{{fields.{first}}}}}"
    elif isinstance(spec.item, OneOf):
        entry["fields"] = alternatives(spec.item)
    else:
        entry["field"] = {"name": "entry", "label": "Entry", **widget(spec.item)}
    if spec.required:
        entry["min"] = 1
    return entry


def alternatives(spec: OneOf) -> list[dict[str, Any]]:
    """Entries of several shapes (a link, a block or a heading): every shape's keys, each optional."""
    merged: dict[str, dict[str, Any]] = {}
    for _, shape in spec.alternatives:
        if isinstance(shape, Record):
            for entry in fields(shape):
                merged.setdefault(entry["name"], {**entry, "required": False})
    hint = f"{spec.expected[0].upper()}{spec.expected[1:]}."
    return [{**entry, "hint": f"{hint} {entry.get('hint', '')}".strip()} for entry in merged.values()]


def field(name: str, spec: Field) -> dict[str, Any]:
    """One key of a schema as a Decap field."""
    entry: dict[str, Any] = {"name": name, "label": label(name), **widget(spec), "required": spec.required}
    if spec.doc:
        entry["hint"] = plain(spec.doc[0].upper() + spec.doc[1:])
    if spec.default is not None and not isinstance(spec.default, (dict, list)):
        entry["default"] = spec.default
    elif entry["widget"] == "datetime" and not spec.required:
        entry["default"] = ""  # Decap fills an empty date picker with today otherwise
    return entry


def fields(schema: Record) -> list[dict[str, Any]]:
    return [field(name, spec) for name, spec in schema.fields.items() if name not in GATED_KEYS]


def collection(kind: registry.ContentType, content: str) -> dict[str, Any]:
    """One content type as a folder collection: a file per item, named from its title."""
    entry: dict[str, Any] = {
        "name": kind.folder, "label": label(kind.folder), "label_singular": kind.item.capitalize(),
        "folder": f"{content}/{kind.folder}", "create": True, "extension": "md", "format": "frontmatter",
        "slug": "{{slug}}", "identifier_field": "title",
        "fields": fields(kind.schema) + [{"name": "body", "label": "Body", "widget": "markdown", "required": False,
                                          "hint": "The page's words, in Markdown"}],
    }
    if kind.doc:
        entry["description"] = plain(kind.doc[0].upper() + kind.doc[1:])
    if kind.untrusted:
        entry["editor"] = {"preview": False}  # fans wrote it: never rendered inside the editor
    return entry


def backend(editor: dict[str, Any]) -> dict[str, Any]:
    entry = {"name": editor.get("backend", "github"), "repo": editor["repo"], "branch": editor.get("branch", "main")}
    if editor.get("auth_url"):
        entry["base_url"] = editor["auth_url"].rstrip("/")
    return entry


def edited(kind: registry.ContentType) -> bool:
    """Whether the editor offers a type: not gated pages, and not files without a title (approved fan
    submissions in content/fans/ are written by `fanzine approve`, one folder per call)."""
    return kind.folder not in GATED_FOLDERS and "title" in kind.schema.fields


def editor_config(editor: dict[str, Any], content: str, *, local: bool, site_url: str = "") -> dict[str, Any]:
    """Decap CMS's whole configuration for a hub whose content/ is `content` (relative to the repository).

    `local` adds Decap's local backend (decap-server on this computer), for development builds only.
    """
    config: dict[str, Any] = {"backend": backend(editor)}
    if local:
        config["local_backend"] = True
    if site_url:
        config["site_url"] = config["display_url"] = site_url
    config.update({
        "media_folder": f"{content}/{IMAGES}", "public_folder": IMAGES,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [collection(kind, content) for kind in registry.content_types() if edited(kind)]
        + [{"name": "artist", "label": "Artist", "description": "Who you are: content/artist.yml",
            "files": [{"name": "artist", "label": "Artist", "file": f"{content}/{artist_yml.ARTIST_FILE}",
                       "fields": fields(artist_yml.ARTIST)}]}],
    })
    return config


def schema_keys(schema: Field, prefix: str = "") -> set[str]:
    """Every key path of a schema (tracks.duration), recursively; what the editor must offer."""
    found: set[str] = set()
    if isinstance(schema, ListOf):
        return schema_keys(schema.item, prefix)
    if isinstance(schema, OneOf):
        for _, shape in schema.alternatives:
            found |= schema_keys(shape, prefix)
        return found
    if isinstance(schema, PlatformLinks):
        return {f"{prefix}.{name}" if prefix else name for name in PLATFORMS}
    if isinstance(schema, MapOf):
        return found
    if isinstance(schema, Record):
        for name, spec in schema.fields.items():
            path = f"{prefix}.{name}" if prefix else name
            found.add(path)
            found |= schema_keys(spec, path)
    return found
