"""`make new-story TITLE="..."`: a new content file with today's date and a slug from the title."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

from ..errors import FanzineError

TEMPLATES = {
    "release": ("releases", """---
title: {title}
type: single              # single | ep | album | remix | live | compilation
release_date: {today}     # before this date the release shows as upcoming
# cover: images/{slug}.jpg   # put the picture in content/images/, then remove the # at the start
cover_alt: Describe the cover for fans using screen readers
tracks:
  - title: {title}
    # duration: "3:41"      # the running time: remove the # at the start
links:
  spotify: https://open.spotify.com/album/REPLACE
# presave: https://...    # shown while the release is upcoming
---
Write the release notes here: the story of the song, who played on it, thank-yous.
"""),
    "story": ("stories", """---
title: {title}
date: {today}
summary: One or two lines that make fans want to read on.
tags: []
---
Write your story here.
"""),
    "playlist": ("playlists", """---
title: {title}
curator: your-name        # or {{ name: your-name, url: https://... }}
date: {today}
tracks:
  - {{ artist: Artist name, title: Track title, note: "why it belongs here" }}
---
A few words about your playlist: when to play it, what ties it together.
"""),
    "link-page": ("links", """---
title: {title}
featured: latest          # latest | upcoming | none | releases/<file name>
links:
  - {{ label: My latest release, url: https://example.com, highlight: true }}
  - {{ block: newsletter }}
---
"""),
}


def slugify(title: str) -> str:
    """"Tour Diary: Lisbon!" → "tour-diary-lisbon"."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].strip("-")


def scaffold(kind: str, title: str, content: Path, today: dt.date | None = None) -> Path:
    """Write the new file; refuses to overwrite one that exists."""
    title = title.strip()
    if not title:
        raise FanzineError(f'TITLE: expected a title, like make new-{kind} TITLE="Night Drive"')
    slug = slugify(title)
    if not slug:
        raise FanzineError(f'TITLE: expected letters or digits in the title, got "{title}"')
    folder, template = TEMPLATES[kind]
    path = content / folder / f"{slug}.md"
    if path.exists():
        raise FanzineError(f"{path} already exists: pick another title or edit that file")
    path.parent.mkdir(parents=True, exist_ok=True)
    quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    path.write_text(template.format(title=quoted, slug=slug, today=(today or dt.date.today()).isoformat()),
                    encoding="utf-8")
    return path
