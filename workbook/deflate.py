"""Deflating a large stretch of a part on every core: `deflate(pieces, level, end)`.

The stretch's bytes are cut into `CHUNK`-sized pieces, each compressed by a compressor of its own
on a thread (zlib lets go of the GIL while it compresses). Every piece but the last ends with a
sync flush (byte-aligned, an empty stored block), and each piece's compressor is primed with the
32 KB before it, so that references may reach back into the piece before, as in one stream: the
pieces joined are one raw deflate stream, the shape pigz writes, which any inflater reads. The
first piece has no dictionary: a stretch starts after a full flush point or at the member's start,
where nothing before may be referred to. The last ends with `end` (a full flush, or the stream's
finish). The bytes depend only on the data and `CHUNK`, never on the threads' timing.

Measured on the M sample's contacts sheet (195 MB inflated, 2 cores): see docs/fast-paths.md.
"""

from __future__ import annotations

import concurrent.futures
import os
import zlib
from collections.abc import Sequence

from workbook.flush_points import crc32_combine

Buffer = bytes | bytearray | memoryview

PARALLEL_FROM = 8 << 20  # smaller stretches are deflated in one stream: threads would cost more than they save
CHUNK = 4 << 20
WINDOW = 32 << 10  # deflate's window: how far back a reference may reach
_WORKERS = min(4, os.cpu_count() or 1)


def deflate(pieces: Sequence[Buffer], level: int, end: int, parallel: bool = True) -> tuple[list[bytes], int, int]:
    """The concatenated `pieces` deflated as raw deflate ending with `end` (zlib.Z_FULL_FLUSH or
    zlib.Z_FINISH): (compressed chunks, CRC-32 of the content, content size). Not `parallel`: one
    stream on one core (work done in the background leaves the other cores to the page)."""
    size = sum(len(p) for p in pieces)
    if size < PARALLEL_FROM or _WORKERS < 2 or not parallel:
        return _one(list(pieces), level, end, None)
    chunks = _cut([memoryview(p).cast("B") for p in pieces], CHUNK)
    jobs = [
        (chunk, level, end if i == len(chunks) - 1 else zlib.Z_SYNC_FLUSH, _before(chunks, i))
        for i, chunk in enumerate(chunks)
    ]
    with concurrent.futures.ThreadPoolExecutor(max_workers=_WORKERS, thread_name_prefix="deflate") as pool:
        done = list(pool.map(lambda job: _one(*job), jobs))
    out: list[bytes] = []
    crc = 0
    for packed, chunk_crc, chunk_size in done:
        out.extend(packed)
        crc = crc32_combine(crc, chunk_crc, chunk_size)
    return out, crc, size


def _one(pieces: list[Buffer], level: int, end: int, zdict: bytes | None) -> tuple[list[bytes], int, int]:
    comp = (
        zlib.compressobj(level, zlib.DEFLATED, -15, zdict=zdict)
        if zdict
        else zlib.compressobj(level, zlib.DEFLATED, -15)
    )
    out: list[bytes] = []
    crc = size = 0
    for piece in pieces:
        crc = zlib.crc32(piece, crc)
        size += len(piece)
        packed = comp.compress(piece)
        if packed:
            out.append(packed)
    out.append(comp.flush(end))
    return out, crc, size


def _cut(views: list[memoryview], step: int) -> list[list[memoryview]]:
    """The views regrouped into chunks of `step` bytes (the last may be shorter), without copying."""
    chunks: list[list[memoryview]] = [[]]
    room = step
    for view in views:
        while len(view):
            if room == 0:
                chunks.append([])
                room = step
            take = view[:room]
            chunks[-1].append(take)
            view = view[room:]
            room -= len(take)
    return [c for c in chunks if c]


def _before(chunks: list[list[memoryview]], i: int) -> bytes | None:
    """The last `WINDOW` bytes before chunk `i` (None for the first)."""
    if i == 0:
        return None
    need, parts = WINDOW, []
    for view in reversed([v for chunk in chunks[:i] for v in chunk]):
        parts.append(bytes(view[-need:]))
        need -= len(parts[-1])
        if need == 0:
            break
    return b"".join(reversed(parts))
