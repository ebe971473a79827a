"""plugins/fanzine/early/sealing.py: the sealed copies committed to git instead of early-access pages and files."""
from __future__ import annotations

import os

import pytest

from fanzine.early.sealing import (
    CHUNK,
    HEADER,
    MAGIC,
    SealError,
    SourcesKey,
    is_current,
    open_bytes,
    open_chunks,
    reseal,
    seal,
    sealed_path,
)

KEY = SourcesKey.from_secret("a-site-secret-of-more-than-32-characters")
OTHER = SourcesKey.from_secret("another-site-secret-of-32-characters-or-more")


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 5])
def test_a_sealed_copy_opens_to_exactly_its_plaintext(tmp_path, size):
    plain = tmp_path / "stems.zip"
    plain.write_bytes(os.urandom(size))
    assert seal(KEY, plain)
    data = sealed_path(plain).read_bytes()
    assert data.startswith(MAGIC)
    assert len(data) == HEADER.size + size + 16 * max(1, -(-size // CHUNK))
    assert open_bytes(KEY, sealed_path(plain)) == plain.read_bytes()


def test_sealing_the_same_plaintext_twice_gives_the_same_bytes_so_git_sees_no_change(tmp_path):
    plain = tmp_path / "page.md"
    plain.write_text("---\ntitle: x\n---\nThe demos are in the blue folder.\n")
    seal(KEY, plain)
    first = sealed_path(plain).read_bytes()
    mtime = sealed_path(plain).stat().st_mtime_ns
    assert seal(KEY, plain) is False  # unchanged: not even rewritten
    assert sealed_path(plain).stat().st_mtime_ns == mtime
    sealed_path(plain).unlink()
    seal(KEY, plain)
    assert sealed_path(plain).read_bytes() == first


def test_two_plaintexts_never_share_a_key_and_nonce(tmp_path):
    """Counter nonces are safe because each plaintext gets its own file key (from its MAC)."""
    one, two = tmp_path / "one.md", tmp_path / "two.md"
    one.write_bytes(b"A" * 100)
    two.write_bytes(b"B" * 100)
    seal(KEY, one)
    seal(KEY, two)
    a, b = sealed_path(one).read_bytes(), sealed_path(two).read_bytes()
    assert a[HEADER.size:HEADER.size + 16] != b[HEADER.size:HEADER.size + 16]
    # XOR of the two ciphertexts is not the XOR of the plaintexts: different keystreams
    xor = bytes(x ^ y for x, y in zip(a[HEADER.size:HEADER.size + 100], b[HEADER.size:HEADER.size + 100], strict=True))
    assert xor != bytes(x ^ y for x, y in zip(b"A" * 100, b"B" * 100, strict=True))


def test_a_copy_sealed_with_another_secret_is_refused_by_name(tmp_path):
    plain = tmp_path / "page.md"
    plain.write_text("secret words")
    seal(OTHER, plain)
    with pytest.raises(SealError, match="sealed with a different secret than the FANZINE_GATE_SECRET in use"):
        open_bytes(KEY, sealed_path(plain))


@pytest.mark.parametrize("damage", ["flip a byte", "cut the end", "add a byte", "swap two chunks"])
def test_a_damaged_copy_never_opens(tmp_path, damage):
    plain = tmp_path / "stems.zip"
    plain.write_bytes(os.urandom(2 * CHUNK + 10))
    seal(KEY, plain)
    sealed = sealed_path(plain)
    data = bytearray(sealed.read_bytes())
    record = CHUNK + 16
    if damage == "flip a byte":
        data[-5] ^= 1
    elif damage == "cut the end":
        del data[-20:]
    elif damage == "add a byte":
        data += b"\0"
    else:
        start = HEADER.size
        data[start:start + 2 * record] = data[start + record:start + 2 * record] + data[start:start + record]
    sealed.write_bytes(bytes(data))
    with pytest.raises(SealError, match="damaged"):
        b"".join(open_chunks(KEY, sealed))


def test_memory_stays_at_one_chunk_whatever_the_file_size(tmp_path):
    plain = tmp_path / "big.wav"
    with open(plain, "wb") as out:
        for _ in range(8):
            out.write(os.urandom(CHUNK))
    seal(KEY, plain)
    sizes = [len(chunk) for chunk in open_chunks(KEY, sealed_path(plain))]
    assert max(sizes) == CHUNK and len(sizes) == 8


def test_is_current_says_whether_the_plaintext_changed_since_sealing(tmp_path):
    plain = tmp_path / "page.md"
    plain.write_text("first version")
    seal(KEY, plain)
    assert is_current(KEY, plain, sealed_path(plain))
    plain.write_text("second version")
    assert not is_current(KEY, plain, sealed_path(plain))
    assert not is_current(OTHER, plain, sealed_path(plain))


def test_resealing_under_another_secret_never_writes_the_plaintext(tmp_path):
    plain = tmp_path / "page.md"
    plain.write_text("words")
    seal(OTHER, plain)
    plain.unlink()
    reseal(OTHER, KEY, sealed_path(plain))
    assert not plain.exists()
    assert open_bytes(KEY, sealed_path(plain)) == b"words"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.md.sealed"]  # no temporary left behind


def test_whether_a_page_is_gated_is_read_again_only_when_the_file_changes(tmp_path, monkeypatch):
    """The dev server seals before every save's build: an unchanged page's front matter is not parsed again,
    and a page that gains or loses its access: key is seen at once."""
    from fanzine.content import frontmatter
    from fanzine.early import sources

    page = tmp_path / "demos.md"
    page.write_text("---\ntitle: Demos\n---\nSoon.\n", encoding="utf-8")
    assert not sources.has_access(page)
    page.write_text("---\ntitle: Demos\naccess: signup\n---\nSoon.\n", encoding="utf-8")
    assert sources.has_access(page)
    parsed = []
    real_load = frontmatter.load_file
    monkeypatch.setattr(frontmatter, "load_file", lambda *args: parsed.append(args) or real_load(*args))
    assert sources.has_access(page) and parsed == []
    page.write_text("---\ntitle: Demos\naccesx: signup\n---\nSoon.\n", encoding="utf-8")  # same size, key gone
    os.utime(page, ns=(1, 1))  # however coarse the clock: another time
    assert not sources.has_access(page) and len(parsed) == 1
    page.unlink()
    assert not sources.has_access(page)
