"""A large stretch deflated in chunks on several threads is one raw deflate stream of the same content."""

from __future__ import annotations

import random
import zlib

import pytest

from workbook import deflate


def _content(size: int, seed: int) -> bytes:
    """Sheet-like bytes: repetitive markup with varying values, so that references reach across chunks."""
    rng = random.Random(seed)
    rows = []
    n = 0
    while n < size:
        row = f'<row r="{len(rows) + 2}"><c r="A{len(rows) + 2}" t="s"><v>{rng.randrange(5000)}</v></c></row>'.encode()
        rows.append(row)
        n += len(row)
    return b"".join(rows)[:size]


def _pieces(data: bytes, cuts: list[int]) -> list[bytes | memoryview]:
    """`data` as pieces of several kinds cut at `cuts` (a chunk boundary need not fall between pieces)."""
    out: list[bytes | memoryview] = []
    start = 0
    for i, cut in enumerate([*cuts, len(data)]):
        part = data[start:cut]
        out.append(memoryview(part) if i % 2 else part)
        start = cut
    return out


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(deflate, "PARALLEL_FROM", 100_000)
    monkeypatch.setattr(deflate, "CHUNK", 70_000)
    monkeypatch.setattr(deflate, "_WORKERS", 3)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_chunks_inflate_to_the_content_with_its_crc(small_chunks, seed):
    data = _content(1_000_000 + seed * 12_345, seed)
    rng = random.Random(seed)
    cuts = sorted(rng.sample(range(1, len(data)), 7))
    out, crc, size = deflate.deflate(_pieces(data, cuts), 1, zlib.Z_FINISH)
    assert len(out) >= len(data) // deflate.CHUNK, "compressed in several chunks"
    packed = b"".join(out)
    d = zlib.decompressobj(-15)
    assert d.decompress(packed) == data
    assert d.eof and d.unused_data == b"", "one stream, finished where the bytes end"
    assert (crc, size) == (zlib.crc32(data), len(data))


def test_the_chunks_refer_back_across_their_boundaries(small_chunks):
    # 20 KB of noise repeated: only a reference back makes a chunk's first copy of it cheap
    noise = random.Random(5).randbytes(20_000)
    data = noise * 50
    packed = b"".join(deflate.deflate([data], 1, zlib.Z_FINISH)[0])
    assert zlib.decompress(packed, -15) == data
    chunks = -(-len(data) // deflate.CHUNK)
    assert chunks >= 10
    assert len(packed) < 2 * len(noise), "each chunk refers back into the one before (cold, each would hold the noise)"


def test_a_full_flush_ends_a_stretch_that_the_next_stretch_follows_without_reference(small_chunks):
    first, second = _content(600_000, 4), _content(300_000, 5)
    a, crc_a, n_a = deflate.deflate([first], 1, zlib.Z_FULL_FLUSH)
    b, crc_b, n_b = deflate.deflate([second], 1, zlib.Z_FINISH)
    assert zlib.decompress(b"".join(a + b), -15) == first + second
    assert zlib.decompress(b"".join(b), -15) == second, "the second stretch alone is a whole stream"
    assert (crc_a, n_a, crc_b, n_b) == (zlib.crc32(first), len(first), zlib.crc32(second), len(second))


def test_the_bytes_depend_only_on_the_content(small_chunks):
    data = _content(900_000, 9)
    once = b"".join(deflate.deflate(_pieces(data, [10, 500_000]), 1, zlib.Z_FINISH)[0])
    again = b"".join(deflate.deflate([data], 1, zlib.Z_FINISH)[0])
    assert once == again


def test_a_small_stretch_is_one_plain_stream():
    data = _content(50_000, 3)
    out, crc, size = deflate.deflate([data], 1, zlib.Z_FINISH)
    comp = zlib.compressobj(1, zlib.DEFLATED, -15)
    assert b"".join(out) == comp.compress(data) + comp.flush()
    assert (crc, size) == (zlib.crc32(data), len(data))
