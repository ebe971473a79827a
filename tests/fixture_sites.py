"""Small hubs of another artist (Ada Quarry), written into tmp folders: tests that break or probe content
build these instead of the example band, so they keep working whatever the example holds.

`make_project(folder, files)` copies the engine (theme, plugin, settings) and writes a minimal valid
content folder plus the given files; `build()` runs `fanzine build` in it as an artist would.
"""
from __future__ import annotations

import base64
import html
import json
import re
import shutil
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from PIL import Image

from conftest import GATE_ENV, ROOT, fanzine, share_cache
from functions.keys import signup_page_key

SITEURL = "https://ada-quarry.example"
ARTIST = """\
name: Ada Quarry
tagline: Field recordings and broken tape loops
avatar: images/ada.jpg
accent: "#2a7f62"
timezone: Europe/Berlin
forms: { endpoint: /api }
"""
BASE_FILES = {
    "releases/tape-one.md": "---\ntitle: Tape One\ntype: ep\nrelease_date: 2025-03-01\n---\nRecorded in a quarry.\n",
    "stories/hello.md": "---\ntitle: Hello\ndate: 2025-03-02\n---\nFirst story.\n",
    "links/index.md": "---\ntitle: Ada Quarry links\nlinks:\n  - { label: Tape One, url: /releases/tape-one/ }\n---\n",
}
AS_OF = "2025-06-01"


def picture(path: Path, size: tuple[int, int] = (64, 64), colour: str = "#2a7f62") -> None:
    """A small real picture (drawn here: tests never read the example's content/)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path, "JPEG", quality=80)


def make_project(destination: Path, files: dict[str, str | bytes] | None = None, artist: str = ARTIST,
                 base: bool = True) -> Path:
    """The engine plus Ada Quarry's content (base files unless base=False) and `files`, by path under content/."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "themes", destination / "themes")
    shutil.copy2(ROOT / "pelicanconf.py", destination / "pelicanconf.py")
    shutil.copy2(ROOT / "publishconf.py", destination / "publishconf.py")
    shutil.copytree(ROOT / "plugins" / "fanzine", destination / "plugins" / "fanzine",
                    ignore=shutil.ignore_patterns("__pycache__"))
    share_cache(destination)  # cut fonts and icons, named by their inputs: shared by every hub of the session
    content = destination / "content"
    picture(content / "images" / "ada.jpg")
    (content / "artist.yml").write_text(artist, encoding="utf-8")
    for relative, text in {**(BASE_FILES if base else {}), **(files or {})}.items():
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return destination


def build(project: Path, *extra: str, publish: bool = True, env: dict | None = None):
    """`fanzine build [--publish]` in the project, as of AS_OF; returns the finished process."""
    args = ["build", "--as-of", AS_OF, *(["--publish"] if publish else []), *extra]
    return fanzine(*args, cwd=project, env={"SITEURL": SITEURL, **(env or {})})


def page_text(html_text: str) -> str:
    """What a fan reads: tags dropped, entities decoded, whitespace collapsed."""
    text = re.sub(r"<script\b.*?</script>", " ", html_text, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def unseal(page_html: str, secret: str = GATE_ENV["FANZINE_GATE_SECRET"]) -> str:
    """The body of a signup-gated page, decrypted as the fan's browser does after the endpoint hands out the key."""
    data = json.loads(re.search(r'<script id="gate-data" type="application/json">(.*?)</script>',
                                page_html, re.S).group(1).replace("<\\/", "</"))

    def raw(text: str) -> bytes:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

    aad = f"fanzine-gate-v{data['v']}:{data['page']}".encode()
    wrapped = raw(data["signup"]["wrapped"])
    content_key = AESGCM(signup_page_key(secret, data["page"])).decrypt(wrapped[:12], wrapped[12:], aad + b":signup")
    body = raw(data["body"])
    return AESGCM(content_key).decrypt(body[:12], body[12:], aad).decode("utf-8")
