"""Sealed copies for git: an early-access page or file, encrypted so a public repository holds no plaintext.

`make seal` writes `night-drive-demos.md.sealed` next to `night-drive-demos.md`
(which git ignores); a build without the plaintext (CI) opens the sealed copy
in memory. The key comes from the site secret (FANZINE_GATE_SECRET) by HKDF,
so the artist keeps one secret for everything.

Format, version 1, for a plaintext of N bytes:

    magic   b"FANZINE-SEALED-1\\n"  says what the file is to anyone who opens it
    key id  8 bytes    which secret sealed it (an HMAC of a label: says nothing about the secret)
    tag     32 bytes   HMAC-SHA256 of the plaintext under the MAC key
    size    8 bytes    N, big-endian
    chunks  ceil(N / CHUNK) of them (one empty chunk when N = 0): AES-256-GCM ciphertext + 16-byte tag,
            nonce = 4 zero bytes + the chunk's index (8 bytes, big-endian), AAD = the header above

Each plaintext gets its own file key, HMAC(encryption key, tag), so the
counter nonces never repeat under one key for two different plaintexts; the
same plaintext under the same secret always gives the same bytes, so git sees
no change when nothing changed. The size and indexes are authenticated: a
truncated, reordered or spliced copy does not open.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import struct
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ..errors import FanzineError

MAGIC = b"FANZINE-SEALED-1\n"
SUFFIX = ".sealed"
CHUNK = 1024 * 1024  # plaintext bytes per chunk: what sealing and opening hold in memory at once
HEADER = struct.Struct(f">{len(MAGIC)}s8s32sQ")
TAG_LENGTH = 16


class SealError(FanzineError):
    """A sealed copy that cannot be opened: another secret, or damaged."""


@dataclass(frozen=True)
class SourcesKey:
    """The keys for sealed copies, derived from the site secret."""

    encryption: bytes
    mac: bytes
    key_id: bytes

    @classmethod
    def from_secret(cls, secret: str) -> SourcesKey:
        material = HKDF(algorithm=hashes.SHA256(), length=64, salt=b"fanzine-sources-v1",
                        info=b"sealed sources").derive(secret.encode("utf-8"))
        mac = material[32:]
        return cls(material[:32], mac, hmac.new(mac, b"key id", hashlib.sha256).digest()[:8])

    def file_key(self, tag: bytes) -> AESGCM:
        return AESGCM(hmac.new(self.encryption, b"file\x00" + tag, hashlib.sha256).digest())


@dataclass(frozen=True)
class Header:
    key_id: bytes
    tag: bytes
    size: int

    def pack(self) -> bytes:
        return HEADER.pack(MAGIC, self.key_id, self.tag, self.size)


def sealed_path(path: Path) -> Path:
    return path.with_name(path.name + SUFFIX)


def plain_path(path: Path) -> Path:
    return path.with_name(path.name[: -len(SUFFIX)])


def is_sealed_name(path: Path | str) -> bool:
    return str(path).endswith(SUFFIX)


def read_chunks(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            yield chunk


def tag_of(key: SourcesKey, path: Path) -> tuple[bytes, int]:
    """The plaintext's MAC and size, read chunk by chunk."""
    mac, size = hmac.new(key.mac, digestmod=hashlib.sha256), 0
    for chunk in read_chunks(path):
        mac.update(chunk)
        size += len(chunk)
    return mac.digest(), size


def read_header(path: Path) -> Header:
    """The header of a sealed copy; SealError when the file is not one."""
    with open(path, "rb") as handle:
        raw = handle.read(HEADER.size)
    if len(raw) < HEADER.size or not raw.startswith(MAGIC):
        raise SealError(f"{path}: this is not a sealed copy made by `make seal` (it may be damaged)")
    _magic, key_id, tag, size = HEADER.unpack(raw)
    return Header(key_id, tag, size)


def is_current(key: SourcesKey, plain: Path, sealed: Path) -> bool:
    """True when `sealed` holds exactly `plain`, sealed under this key (no decryption needed)."""
    try:
        header = read_header(sealed)
    except (OSError, SealError):
        return False
    if header.key_id != key.key_id or header.size != plain.stat().st_size:
        return False
    return hmac.compare_digest(header.tag, tag_of(key, plain)[0])


def _nonce(index: int) -> bytes:
    return b"\x00" * 4 + struct.pack(">Q", index)


def seal(key: SourcesKey, plain: Path, sealed: Path | None = None) -> bool:
    """Write the sealed copy of `plain`; False (and nothing written) when it is already current."""
    sealed = sealed or sealed_path(plain)
    if sealed.exists() and is_current(key, plain, sealed):
        return False
    _write_sealed(key, lambda: read_chunks(plain), sealed)
    return True


def reseal(old: SourcesKey, new: SourcesKey, sealed: Path, shown: str | None = None) -> None:
    """Seal a sealed copy again under another key, without its plaintext ever touching the disk."""
    _write_sealed(new, lambda: open_chunks(old, sealed, shown), sealed)


def _write_sealed(key: SourcesKey, chunks, sealed: Path) -> None:
    """Two passes over `chunks()`: the MAC first (it picks the file key), then the encryption."""
    mac, size = hmac.new(key.mac, digestmod=hashlib.sha256), 0
    for chunk in chunks():
        mac.update(chunk)
        size += len(chunk)
    tag = mac.digest()
    header = Header(key.key_id, tag, size).pack()
    cipher = key.file_key(tag)
    with _atomic(sealed) as out:
        out.write(header)
        index = 0
        for chunk in _rechunk(chunks()):
            out.write(cipher.encrypt(_nonce(index), chunk, header))
            index += 1
        if index == 0:
            out.write(cipher.encrypt(_nonce(0), b"", header))


def _rechunk(chunks) -> Iterator[bytes]:
    """Exactly CHUNK bytes per chunk (the last one shorter), whatever sizes the source yields."""
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        while len(buffer) >= CHUNK:
            yield bytes(buffer[:CHUNK])
            del buffer[:CHUNK]
    if buffer:
        yield bytes(buffer)


def open_chunks(key: SourcesKey, sealed: Path, shown: str | None = None) -> Iterator[bytes]:
    """The plaintext of a sealed copy, one chunk at a time; SealError if it is not ours or damaged."""
    shown = shown or str(sealed)
    header = read_header(sealed)
    if header.key_id != key.key_id:
        raise SealError(f"{shown}: sealed with a different secret than the FANZINE_GATE_SECRET in use")
    packed = header.pack()
    cipher = key.file_key(header.tag)
    mac = hmac.new(key.mac, digestmod=hashlib.sha256)
    count = max(1, -(-header.size // CHUNK))
    seen = 0
    with open(sealed, "rb") as handle:
        handle.seek(HEADER.size)
        for index in range(count):
            size = min(CHUNK, header.size - index * CHUNK) + TAG_LENGTH
            data = handle.read(size)
            try:
                chunk = cipher.decrypt(_nonce(index), data, packed)
            except InvalidTag:
                raise SealError(f"{shown}: damaged (chunk {index + 1} of {count} does not open); take it "
                                "again from git") from None
            mac.update(chunk)
            seen += len(chunk)
            yield chunk
        if handle.read(1) or seen != header.size or not hmac.compare_digest(mac.digest(), header.tag):
            raise SealError(f"{shown}: damaged (its length does not match); take it again from git")


def open_bytes(key: SourcesKey, sealed: Path, shown: str | None = None) -> bytes:
    """The whole plaintext in memory (for pages: Markdown is small)."""
    return b"".join(open_chunks(key, sealed, shown))


def open_to(key: SourcesKey, sealed: Path, plain: Path) -> None:
    """Write the plaintext next to its sealed copy; nothing is written unless all of it opens."""
    with _atomic(plain) as out:
        for chunk in open_chunks(key, sealed):
            out.write(chunk)


class _atomic:
    """A file written in full under a temporary name, then renamed: never half a file under the real name."""

    def __init__(self, path: Path):
        self.path = path

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, self.temporary = tempfile.mkstemp(prefix=".fanzine-", dir=self.path.parent)
        self.handle = os.fdopen(descriptor, "wb")
        return self.handle

    def __exit__(self, kind, value, traceback):
        self.handle.close()
        if kind is None:
            os.replace(self.temporary, self.path)
        else:
            os.unlink(self.temporary)
        return False
