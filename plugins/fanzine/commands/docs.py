"""`fanzine docs` (make docs): the docs' tables of keys and of settings, written from their declarations.

docs/authoring.md's tables of keys come from the schemas and docs/development.md's table of settings from
pipeline/settings.py, so the documentation cannot drift from what `fanzine check` accepts.

Each table sits between markers the hand-written prose keeps (`<!-- keys:releases -->` … `<!-- /keys -->`,
`<!-- settings -->` … `<!-- /settings -->`); `--check` says which are out of date without writing.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..content.schema import Field, ListOf, Record
from ..errors import FanzineError
from ..pipeline.settings import declared
from ..types import content_types
from ..types.artist import ARTIST

AUTHORING = Path("docs") / "authoring.md"
DEVELOPMENT = Path("docs") / "development.md"
MARKER = re.compile(r"(<!-- (keys:[a-z0-9_-]+|settings) -->\n)(.*?)(<!-- /(?:keys|settings) -->)", re.S)


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _default(field: Field) -> str:
    if field.default is None:
        return ""
    shown = str(field.default).lower() if isinstance(field.default, bool) else field.default
    return f"; default `{shown}`"


def key_rows(record: Record, prefix: str = "") -> list[str]:
    """One row per key, then the keys of its own keys (`tracks[].title`), in the order they are declared."""
    rows = []
    for name, field in record.fields.items():
        key = f"`{prefix}{name}`" + (" (required)" if field.required else "")
        value = field.describe() + _default(field)
        if field.example:
            value += f"; for example `{field.example}`"
        rows.append(f"| {key} | {_cell(field.doc)} | {_cell(value)} |")
        if isinstance(field, Record):
            rows += key_rows(field, f"{prefix}{name}.")
        elif isinstance(field, ListOf) and isinstance(field.item, Record):
            rows += key_rows(field.item, f"{prefix}{name}[].")
    return rows


def keys_table(record: Record) -> str:
    return "\n".join(["| key | what it does | what it takes |", "|---|---|---|", *key_rows(record)]) + "\n"


def settings_table() -> str:
    rows = ["| setting | default | what it does |", "|---|---|---|"]
    for setting in sorted(declared().values(), key=lambda s: s.name):
        default = "(set by the build)" if setting.set_by_build else f"`{setting.default_value()!r}`"
        rows.append(f"| `{setting.name}` | {_cell(default)} | {_cell(setting.doc)} |")
    return "\n".join(rows) + "\n"


def tables() -> dict[str, str]:
    """Every generated table, by its marker's name."""
    found = {"keys:artist": keys_table(ARTIST), "settings": settings_table()}
    for kind in content_types():
        found[f"keys:{kind.folder}"] = keys_table(kind.schema)
    return found


def render(text: str, generated: dict[str, str], shown: str) -> str:
    """The document with each marked table replaced by its generated one."""
    def replace(match: re.Match) -> str:
        name = match.group(2)
        if name not in generated:
            raise FanzineError(f"{shown}: <!-- {name} -->: no such table; expected one of: {', '.join(generated)}")
        return match.group(1) + generated[name] + match.group(4)

    return MARKER.sub(replace, text)


def stale(root: Path = Path(".")) -> list[str]:
    """The documents whose generated tables are not current."""
    generated = tables()
    out_of_date = []
    for document in (AUTHORING, DEVELOPMENT):
        path = root / document
        text = path.read_text(encoding="utf-8")
        if render(text, generated, str(document)) != text:
            out_of_date.append(str(document))
    return out_of_date


def write(root: Path = Path(".")) -> list[str]:
    """Rewrite the generated tables; the documents that changed."""
    generated = tables()
    changed = []
    for document in (AUTHORING, DEVELOPMENT):
        path = root / document
        text = path.read_text(encoding="utf-8")
        updated = render(text, generated, str(document))
        if updated != text:
            path.write_text(updated, encoding="utf-8")
            changed.append(str(document))
    return changed


def command_docs(args) -> int:
    if args.check:
        out_of_date = stale()
        for document in out_of_date:
            print(f"{document}: its tables of keys or settings are out of date: run `make docs`")
        return 1 if out_of_date else 0
    changed = write()
    print("Updated " + ", ".join(changed) if changed else "The tables of keys and settings are current.")
    return 0


def add_command(commands) -> None:
    docs = commands.add_parser("docs", help="write the tables of keys (docs/authoring.md) and settings "
                                            "(docs/development.md) from their declarations")
    docs.add_argument("--check", action="store_true", help="only say whether they are current")
    docs.set_defaults(run=command_docs)
