"""`make new-story TITLE="..."`: a new content file with today's date and a slug from the title.

Each content type declares what its new file looks like (its Scaffold, in types/):
`fanzine new <kind> "Title"` writes content/<folder>/<slug>.md from it.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..content.schema import slugify
from ..errors import FanzineError
from ..types import registry

__all__ = ["kinds", "scaffold", "slugify"]


def kinds() -> list[str]:
    """What `fanzine new` can start: release, story, playlist, link-page and those of plugins' types."""
    return list(registry.scaffolds())


def scaffold(kind: str, title: str, content: Path, today: dt.date | None = None) -> Path:
    """Write the new file; refuses to overwrite one that exists."""
    title = title.strip()
    if not title:
        raise FanzineError(f'TITLE: expected a title, like make new-{kind} TITLE="Night Drive"')
    slug = slugify(title)
    if not slug:
        raise FanzineError(f'TITLE: expected letters or digits in the title, got "{title}"')
    content_type = registry.scaffolds()[kind]
    assert content_type.scaffold is not None
    folder, template = content_type.folder, content_type.scaffold.text
    path = content / folder / f"{slug}.md"
    if path.exists():
        raise FanzineError(f"{path} already exists: pick another title or edit that file")
    path.parent.mkdir(parents=True, exist_ok=True)
    quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    path.write_text(template.format(title=quoted, slug=slug, today=(today or dt.date.today()).isoformat()),
                    encoding="utf-8")
    return path
