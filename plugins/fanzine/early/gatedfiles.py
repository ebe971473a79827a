"""The files an early-access page offers: pictures, tracks and downloads, published only as ciphertext.

Authoring: a page's files live in content/early/<page>/ and the page links to
them by name: `![Wallpaper](wallpaper.png)` shows a picture,
`![Kitchen-table demo](kitchen-table.ogg)` a player, and
`[Download the stems](stems.zip)` a download saved under its real name
(`night-drive-demos/stems.zip`, the path from the page's own file, works too).
A picture from content/images/ (`{static}/images/x.jpg`) that only gated pages
use is treated the same way and left out of the clear copy of images/.

Published: output/early/<page>/files/<opaque name>.bin, the file cut in
chunks of CHUNK bytes, each sealed with AES-256-GCM under the page's content
key with a synthetic nonce (an HMAC of the chunk and its AAD), the AAD naming
the page, the file, the chunk's index and whether it is the last. The real
name, type and size are only inside the sealed body. gate.js fetches and opens
the chunks one by one after unlock. Once the page's `until:` day has come, the
files are copied in clear next to the page instead.
"""
from __future__ import annotations

import hashlib
import hmac
import html
import mimetypes
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from . import gate, sources
from .sealing import is_sealed_name, read_header, tag_of

CHUNK = gate.FILE_CHUNK  # plaintext bytes per published chunk: what the browser holds while it decrypts
NONCE, TAG = 12, 16
# GitHub refuses files over 100 MB, and the sealed copy of every gated file is committed.
MAX_FILE_BYTES = 95 * 1024 * 1024
FILES_DIR = "files"
TAGS = re.compile(r"<(img|a)\b([^>]*)>", re.I)
ATTRIBUTE = re.compile(r'''\b(src|href)\s*=\s*("([^"]*)"|'([^']*)')''', re.I)
for extension, kind in ((".ogg", "audio/ogg"), (".opus", "audio/ogg"), (".flac", "audio/flac"),
                        (".m4a", "audio/mp4"), (".webp", "image/webp"), (".avif", "image/avif")):
    mimetypes.add_type(kind, extension)


@dataclass(frozen=True)
class Reference:
    """One link or picture in a gated body that names a file the page offers."""

    target: str  # as written in the body
    name: str  # the file's path inside the page's folder, or "images/..." for a picture of the site


def reference(target: str, slug: str) -> str | None:
    """The file a link target names (its path in the page's folder, or images/...), or None for other links."""
    target = html.unescape(target).strip()
    static = target.startswith(("{static}", "{attach}"))
    parts = urlsplit(target.split("}", 1)[1] if static else target)
    if parts.scheme or parts.netloc or not parts.path or target.startswith(("#", "?", "{")) and not static:
        return None
    path = unquote(parts.path)
    if path.lstrip("/").startswith("images/") and (path.startswith("/") or static):
        return "images/" + path.lstrip("/")[len("images/"):]
    if path.startswith("/") or "." not in path.rsplit("/", 1)[-1]:
        return None  # a page of the site, not a file
    if path.startswith(f"{slug}/"):
        path = path[len(slug) + 1:]
    return path


def references(body_html: str, slug: str) -> list[Reference]:
    """Every file reference in a rendered body, in order (a file named twice is listed twice)."""
    found = []
    for _tag, attributes in TAGS.findall(body_html):
        for match in ATTRIBUTE.finditer(attributes):
            target = match.group(3) if match.group(3) is not None else match.group(4)
            name = reference(target, slug)
            if name is not None:
                found.append(Reference(target, name))
    return found


def kind_of(name: str) -> tuple[str, str]:
    """(picture | audio | video | download, MIME type) from the file's name."""
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    major = mime.split("/")[0]
    kind = {"image": "picture", "audio": "audio", "video": "video"}.get(major, "download")
    return kind, mime


def source_path(root: Path, slug: str, name: str) -> Path | None:
    """Where a referenced file is read from (plaintext or sealed copy); None when it does not exist."""
    if name.startswith("images/"):
        path = root / name
        return path if path.is_file() else None
    if any(part in ("", ".", "..") for part in name.split("/")):
        return None
    return sources.source_of(sources.files_folder(root, slug) / name)


@dataclass
class PageFile:
    """A file a gated page offers, as published."""

    name: str
    source: Path
    size: int
    fingerprint: bytes

    @property
    def kind(self) -> str:
        return kind_of(self.name)[0]

    @property
    def mime(self) -> str:
        return kind_of(self.name)[1]

    @property
    def download_name(self) -> str:
        return self.name.rsplit("/", 1)[-1]

    @classmethod
    def at(cls, source: Path, name: str) -> PageFile:
        opener = sources.opener()
        if is_sealed_name(source):
            header = read_header(source)
            return cls(name, source, header.size, header.tag)
        fingerprint, size = tag_of(opener.key, source)
        return cls(name, source, size, fingerprint)


def published_name(secret: str, slug: str, file: PageFile) -> str:
    """An opaque, stable name: says nothing of the file's name or content, changes when the content does."""
    digest = hmac.new(secret.encode("utf-8"), b"file-name\x00" + slug.encode() + b"\x00" + file.name.encode()
                      + b"\x00" + file.fingerprint, hashlib.sha256).hexdigest()
    return digest[:24] + ".bin"


def file_aad(slug: str, name: str, index: int, last: bool) -> bytes:
    """What each chunk is bound to (gate.js builds the same bytes)."""
    return f"fanzine-file-v1\x00{slug}\x00{name}\x00{index}\x00{1 if last else 0}".encode()


def rechunk(chunks, size: int):
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        while len(buffer) >= size:
            yield bytes(buffer[:size])
            del buffer[:size]
    if buffer:
        yield bytes(buffer)


def write_sealed(file: PageFile, slug: str, key: bytes, destination: Path) -> None:
    """The file's ciphertext, chunk by chunk: memory holds one chunk whatever the file's size."""
    cipher = AESGCM(key)
    count = max(1, -(-file.size // CHUNK))
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = destination.with_name(destination.name + ".part")
    index = 0
    with open(temporary, "wb") as out:
        for chunk in rechunk(sources.opener().chunks(file.source), CHUNK) if file.size else [b""]:
            aad = file_aad(slug, file.name, index, index == count - 1)
            nonce = hmac.new(key, b"chunk\x00" + aad + b"\x00" + chunk, hashlib.sha256).digest()[:NONCE]
            out.write(nonce + cipher.encrypt(nonce, chunk, aad))
            index += 1
    if index != count:
        temporary.unlink()
        raise ValueError(f"{file.source}: changed while it was being published; build again")
    os.replace(temporary, destination)


def write_clear(file: PageFile, destination: Path) -> None:
    """After the page's until: day: the file as it is, next to the page."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    with open(destination, "wb") as out:
        for chunk in sources.opener().chunks(file.source):
            out.write(chunk)


def rewrite(body_html: str, slug: str, urls: dict[str, str], files: dict[str, PageFile], sealed: bool) -> str:
    """The body with every file reference pointing at its published copy (sealed or clear)."""
    def replace(match: re.Match) -> str:
        tag, attributes = match.group(1).lower(), match.group(2)
        for attribute in ATTRIBUTE.finditer(attributes):
            target = attribute.group(3) if attribute.group(3) is not None else attribute.group(4)
            name = reference(target, slug)
            if name is None or name not in files:
                continue
            file = files[name]
            rest = (attributes[:attribute.start()] + attributes[attribute.end():]).strip()
            return element(tag, rest, file, urls[name], sealed)
        return match.group(0)

    return TAGS.sub(replace, body_html)


def element(tag: str, rest: str, file: PageFile, url: str, sealed: bool) -> str:
    """The markup for one reference: a picture, a player or a download link."""
    rest = (" " + rest.rstrip("/").strip()) if rest.strip("/ ") else ""
    source = (f' data-gate-file="{html.escape(url)}" data-gate-name="{html.escape(file.name)}"'
              f' data-gate-type="{file.mime}" data-gate-size="{file.size}"' if sealed else
              f' src="{html.escape(url)}"')
    if tag == "img" and file.kind == "picture":
        return f"<img{rest}{source}>"
    if tag == "img" and file.kind in ("audio", "video"):
        label = re.search(r'\balt="([^"]*)"', rest)
        title = label.group(1) if label else html.escape(file.download_name)
        return (f'<span class="gate-track"><span class="gate-track__title">{title}</span>'
                f'<{file.kind} controls preload="metadata" aria-label="{title}"{source}></{file.kind}></span>')
    href = (f' href="#" data-gate-file="{html.escape(url)}" data-gate-name="{html.escape(file.name)}"'
            f' data-gate-type="{file.mime}" data-gate-size="{file.size}"' if sealed else f' href="{html.escape(url)}"')
    opening = f'<a{rest}{href} download="{html.escape(file.download_name)}">'
    if tag == "img":  # ![Stems](stems.zip): a download whose text is the alt text
        label = re.search(r'\balt="([^"]*)"', rest)
        return f'<a{href} download="{html.escape(file.download_name)}">{label.group(1) if label else ""}</a>'
    return opening


@dataclass
class PagePlan:
    """Where each file of one page goes, and the body that points at them (worked out before any key)."""

    slug: str
    body: str
    files: list[tuple[PageFile, Path]]
    sealed: bool

    def write(self, key: bytes | None) -> None:
        """Write every file: sealed under the page's content key, or in clear once the page is public."""
        written = set()
        for file, destination in self.files:
            if self.sealed:
                assert key is not None, "a locked page's files are sealed under its content key"
                write_sealed(file, self.slug, key, destination)
            else:
                write_clear(file, destination)
            written.add(destination)
        for folder in {destination.parent for _, destination in self.files if self.sealed}:
            for stale in folder.iterdir():  # a development build keeps output/: drop an earlier build's files
                if stale not in written and stale.is_file():
                    stale.unlink()


def plan_page(item, root: Path, output: Path, secret: str, sealed: bool) -> PagePlan:
    """The files a gated page's body names, where they will be published, and the body pointing there."""
    slug, body = item.slug, item._content
    files: dict[str, PageFile] = {}
    for ref in references(body, slug):
        source = source_path(root, slug, ref.name)
        if source is not None and ref.name not in files:
            files[ref.name] = PageFile.at(source, ref.name)
    page_folder = output / "early" / slug
    placed, urls = [], {}
    for name, file in sorted(files.items()):
        if sealed:
            destination = page_folder / FILES_DIR / published_name(secret, slug, file)
        else:
            destination = page_folder / (name.split("/", 1)[1] if name.startswith("images/") else name)
        placed.append((file, destination))
        urls[name] = item.settings.get("SITEURL", "") + "/" + destination.relative_to(output).as_posix()
    return PagePlan(slug, rewrite(body, slug, urls, files, sealed) if files else body, placed, sealed)


def withhold_gated_pictures(generator) -> None:
    """Signal handler (static_generator_finalized): pictures of content/images/ that only gated pages show are
    published sealed with their page, never copied in clear to output/images/."""
    gated = set(generator.settings.get("FANZINE_GATED_PICTURES") or ())
    if not gated:
        return
    kept = [static for static in generator.staticfiles
            if Path(static.get_relative_source_path()).as_posix() not in gated]
    generator.staticfiles = kept
    generator.context["staticfiles"] = kept


__all__ = ["CHUNK", "MAX_FILE_BYTES", "PageFile", "PagePlan", "plan_page", "reference", "references"]
