"""The .xlsx package: its zip members inflated within the reader's limits, its relationships.

`Package(data)` reads the central directory of a workbook held in memory. `chunks(name)`
inflates one member piece by piece and `read(name)` whole; both refuse what the limits in
`workbook.limits` refuse (calamine has none of its own): a part that inflates past the size
the zip declares, past its limit or its compression ratio, every part together past the
total, and a part whose CRC is wrong. The guard streams every XML part through it before
calamine sees a file; the writer reads the parts it edits. `replace` and `write` make a new
package in which every member not replaced is copied byte-for-byte (its compressed bytes);
a replaced member's pieces may ask for full flush points, or copy a stretch of the old member's
compressed bytes between two of them (`workbook.flush_points`), and `read_split` reads such a
member without that stretch.

A refusal is made by the `refuse` function the package is given, from a reason (one of
`REASONS`) and the part concerned, so the guard's problems and the writer's refusals each
keep their own codes.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from workbook import deflate, limits
from workbook.errors import WriteRefused
from workbook.flush_points import Flush, Layout, Sealed, Stretch, WrittenMember, crc32_combine
from workbook.markup import parse_attrs
from workbook.prepared import Source

COMPRESS_LEVEL = 1  # a rewritten part: ~2x faster than level 6, ~35% larger, as Excel's own saves
REASONS = ("not_zip", "zip64", "encrypted", "too_large", "zip_bomb", "too_much_data", "damaged")

Refuse = Callable[[str, str], Exception]  # (reason, part) -> the error to raise

_EOCD = b"PK\x05\x06"
_CDH = b"PK\x01\x02"
_LFH = b"PK\x03\x04"
_INFLATE_STEP = 1 << 15  # compressed bytes per inflate call: the unconsumed tail is copied on every call

_WRITE_CODES = {
    "not_zip": "write.not_xlsx",
    "encrypted": "write.not_xlsx",
    "zip64": "write.zip64",
    "too_large": "write.too_large",
    "zip_bomb": "write.too_large",
    "too_much_data": "write.too_large",
    "damaged": "write.damaged",
}


def refuse_write(reason: str, part: str) -> WriteRefused:
    """The writer's refusal of a package it cannot edit safely (a part the reader refuses is not written either)."""
    code = _WRITE_CODES[reason]
    return WriteRefused(code, part=part) if code in ("write.too_large", "write.damaged") else WriteRefused(code)


@dataclass
class Member:
    """One zip member as found in the central directory."""

    name: str
    cd_raw: bytes
    flags: int
    method: int
    crc: int
    compress_size: int
    file_size: int
    offset: int
    mod_time: int
    mod_date: int


class Package:
    """The zip container: its members, inflated within the limits, and replacement of a few of them."""

    def __init__(self, data: bytes, refuse: Refuse = refuse_write) -> None:
        self.data = data
        self.refuse = refuse
        self.members: list[Member] = []
        self.by_name: dict[str, Member] = {}
        self.replaced: dict[str, bytes | list[bytes | memoryview | Flush | Sealed]] = {}
        self.inflated = 0  # bytes inflated so far, every part together
        self.written: dict[str, WrittenMember] = {}  # the members `write` recompressed, as written
        self._packed: dict[str, bytes] = {}  # members' same content compressed otherwise (`adopt`)
        self._parse()

    def _parse(self) -> None:
        data, refuse = self.data, self.refuse
        if data[:4] != _LFH:
            raise refuse("not_zip", "")
        pos = data.rfind(_EOCD, max(0, len(data) - 65557))
        if pos < 0:
            raise refuse("not_zip", "")
        if data.rfind(b"PK\x06\x07", max(0, pos - 20), pos) >= 0:
            raise refuse("zip64", "")
        (_, disk, _cd_disk, n_disk, n_total, cd_size, cd_off, comment_len) = struct.unpack(
            "<4sHHHHIIH", data[pos : pos + 22]
        )
        if disk != 0 or n_disk != n_total or 0xFFFF in (n_total,) or 0xFFFFFFFF in (cd_size, cd_off):
            raise refuse("zip64", "")
        if cd_off + cd_size != pos:
            raise refuse("not_zip", "")
        self.comment = data[pos + 22 : pos + 22 + comment_len]
        self.cd_start = cd_off
        declared = 0
        p = cd_off
        for _ in range(n_total):
            if data[p : p + 4] != _CDH:
                raise refuse("not_zip", "")
            fields = struct.unpack("<4sHHHHHHIIIHHHHHII", data[p : p + 46])
            flags, method, mtime, mdate, crc, csize, usize = fields[3:10]
            n, m, k, offset = fields[10], fields[11], fields[12], fields[16]
            name = data[p + 46 : p + 46 + n].decode("utf-8" if flags & 0x800 else "cp437")
            if flags & 0x1:
                raise refuse("encrypted", name)
            if usize > limits.MAX_ENTRY_INFLATED:
                raise refuse("too_large", name)
            declared += usize
            member = Member(name, data[p : p + 46 + n + m + k], flags, method, crc, csize, usize, offset, mtime, mdate)
            self.members.append(member)
            self.by_name[name] = member
            p += 46 + n + m + k
        if declared > limits.MAX_TOTAL_INFLATED * 4:
            raise refuse("too_much_data", "")

    def names(self) -> list[str]:
        return [m.name for m in self.members]

    def has(self, name: str) -> bool:
        return name in self.by_name

    def read(self, name: str) -> bytes:
        """The member's content, inflated (or the replacement, if it was replaced)."""
        if name in self.replaced:
            content = self.replaced[name]
            if isinstance(content, bytes):
                return content
            return b"".join(self._piece_bytes(name, piece) for piece in content)
        return b"".join(self.chunks(name))

    def _piece_bytes(self, name: str, piece: bytes | memoryview | Flush | Sealed) -> bytes | memoryview:
        if isinstance(piece, Flush):
            return b""
        if isinstance(piece, Sealed):
            # a stretch between two full flush points inflates on its own
            return zlib.decompressobj(-15).decompress(self._compressed(self.by_name[name])[piece.start : piece.end])
        return piece

    def chunks(self, name: str) -> Iterator[bytes]:
        """The member's inflated bytes in chunks, refused past the limits whatever the zip declares."""
        m = self.by_name[name]
        raw = self._compressed(m)
        produced = 0
        crc = 0
        for piece in self._inflate(m, raw):
            produced += len(piece)
            self.inflated += len(piece)
            if produced > m.file_size:
                # more than the zip declares: how bombs get past checks of the declared sizes
                raise self.refuse("zip_bomb", name)
            if produced > limits.MAX_ENTRY_INFLATED or (
                produced > limits.RATIO_FLOOR and produced > limits.MAX_RATIO * max(m.compress_size, 1)
            ):
                raise self.refuse("zip_bomb", name)
            if self.inflated > limits.MAX_TOTAL_INFLATED:
                raise self.refuse("too_much_data", name)
            crc = zlib.crc32(piece, crc)
            yield piece
        if produced != m.file_size or crc != m.crc:
            raise self.refuse("damaged", name)

    def _inflate(self, m: Member, raw: memoryview) -> Iterator[bytes]:
        if m.method == 0:
            for i in range(0, len(raw), limits.CHUNK_BYTES):
                yield bytes(raw[i : i + limits.CHUNK_BYTES])
            return
        if m.method != 8:
            raise self.refuse("damaged", m.name)
        d = zlib.decompressobj(-15)
        try:
            for i in range(0, len(raw), _INFLATE_STEP):
                out = d.decompress(raw[i : i + _INFLATE_STEP], limits.CHUNK_BYTES)
                while True:
                    if out:
                        yield out
                    if not d.unconsumed_tail:
                        break
                    out = d.decompress(d.unconsumed_tail, limits.CHUNK_BYTES)
            out = d.flush()
            if out:
                yield out
        except zlib.error:
            raise self.refuse("damaged", m.name) from None
        if not d.eof:
            raise self.refuse("damaged", m.name)

    def adopt(self, name: str, packed: bytes, source: Source) -> bool:
        """Take `packed` as the member's compressed bytes from now on, where the member is the one
        `source` describes and `packed`
        holds its very content compressed otherwise (`workbook.prepared`). A member written
        unchanged is still copied as the file has it."""
        m = self.by_name.get(name)
        if m is None or name in self.replaced or m.method != 8:
            return False
        if (m.crc, m.file_size, m.compress_size) != (source.crc, source.size, source.compress_size):
            return False
        if zlib.crc32(self._compressed(m)) != source.packed_crc:
            return False
        self._packed[name] = packed
        return True

    def source(self, name: str) -> Source:
        """What identifies the member as the file holds it (see `adopt`)."""
        m = self.by_name[name]
        return Source(m.crc, m.file_size, m.compress_size, zlib.crc32(self._compressed(m)))

    def deflated(self, name: str, pieces: list[bytes | memoryview | Flush | Sealed]) -> tuple[bytes, WrittenMember]:
        """`pieces` deflated as `write` would write them in place of the member, on one core and
        without writing anything: (the compressed bytes, what identifies them)."""
        packed, _crc, _size, _packed_size = self._deflate(self.by_name[name], pieces, parallel=False)
        return b"".join(packed), self.written.pop(name)

    def read_split(self, name: str, layout: Layout) -> tuple[bytes, bytes] | None:
        """The head and tail of a member written with flush points around its middle, inflated
        without the middle; None unless the member is byte for byte the one `layout` describes."""
        m = self.by_name.get(name)
        w = layout.member
        if m is None or name in self.replaced or m.method != 8:
            return None
        raw = self._compressed(m)
        if (m.crc, m.file_size, len(raw)) != (w.crc, w.size, w.compress_size):
            return None
        if zlib.crc32(raw) != w.packed_crc:
            return None
        middle, tail_at = layout.middle, layout.tail.compressed
        try:
            d = zlib.decompressobj(-15)
            head = d.decompress(raw[: middle.compressed], middle.inflated + 1)
            t = zlib.decompressobj(-15)
            tail = t.decompress(raw[tail_at:], layout.tail_size + 1)
        except zlib.error:
            return None
        if d.eof or d.unconsumed_tail or len(head) != middle.inflated:
            return None
        if not t.eof or t.unused_data or len(tail) != layout.tail_size:
            return None
        crc = crc32_combine(crc32_combine(zlib.crc32(head), middle.crc, middle.size), zlib.crc32(tail), len(tail))
        if crc != m.crc:
            return None
        self.inflated += len(head) + len(tail)
        if self.inflated > limits.MAX_TOTAL_INFLATED:
            raise self.refuse("too_much_data", name)
        return head, tail

    def _deflate(
        self, m: Member, pieces: list[bytes | memoryview | Flush | Sealed], parallel: bool = True
    ) -> tuple[list[bytes | memoryview], int, int, int]:
        """A member's new content deflated: (compressed pieces, CRC, size, compressed size). A
        `Flush` ends the stream there with a full flush point; a `Sealed` piece is copied from the
        old member's compressed bytes between two of them. What was written is kept in `written`."""
        # Excel itself saves parts with "super fast" deflate (flag bits 1-2 set): so do we
        out: list[bytes | memoryview] = []
        stretches: list[Stretch] = []
        packed = size = 0
        stretch: list[bytes | memoryview] = []  # the content since the last flush point

        def close(end: int) -> None:
            nonlocal packed, size
            chunks, crc, n = deflate.deflate(stretch, COMPRESS_LEVEL, end, parallel)
            stretches.append(Stretch(size, packed, n, crc))
            out.extend(chunks)
            packed += sum(len(c) for c in chunks)
            size += n
            stretch.clear()

        for piece in pieces:
            if not isinstance(piece, Flush | Sealed):
                stretch.append(piece)
                continue
            close(zlib.Z_FULL_FLUSH)
            if isinstance(piece, Sealed):
                copied = self._compressed(m)[piece.start : piece.end]
                stretches.append(Stretch(size, packed, piece.size, piece.crc))
                out.append(copied)
                packed += len(copied)
                size += piece.size
        close(zlib.Z_FINISH)
        whole = 0
        for s in stretches:
            whole = crc32_combine(whole, s.crc, s.size)
        packed_crc = 0
        for chunk in out:
            packed_crc = zlib.crc32(chunk, packed_crc)
        self.written[m.name] = WrittenMember(whole, size, packed, packed_crc, stretches)
        return out, whole, size, packed

    def _compressed(self, m: Member) -> memoryview:
        """The member's compressed bytes (a view: a part of hundreds of MB is not copied)."""
        if m.name in self._packed:
            return memoryview(self._packed[m.name])
        d = self.data
        if m.offset + 30 > len(d) or d[m.offset : m.offset + 4] != _LFH:
            raise self.refuse("damaged", m.name)
        n, k = struct.unpack_from("<HH", d, m.offset + 26)
        start = m.offset + 30 + n + k
        if start + m.compress_size > len(d):
            raise self.refuse("damaged", m.name)
        return memoryview(d)[start : start + m.compress_size]

    def replace(self, name: str, content: bytes | list[bytes | memoryview | Flush | Sealed]) -> None:
        """Replace a member's content (bytes, or pieces of it written one after another)."""
        if name not in self.by_name:
            raise KeyError(name)
        self.replaced[name] = content

    def add(self, name: str, content: bytes) -> None:
        """Add a new member (a part an older workbook lacks); it is written after the others."""
        if name in self.by_name:
            raise KeyError(name)
        like = self.members[0] if self.members else None
        time, day = (like.mod_time, like.mod_date) if like else (0, 0x21)
        member = Member(name, b"", 0, 8, 0, 0, 0, -1, time, day)
        self.members.append(member)
        self.by_name[name] = member
        self.replaced[name] = content

    def write(self, out: BinaryIO) -> None:
        """Write the package: replaced members recompressed, every other one copied raw."""
        order = sorted((m for m in self.members if m.offset >= 0), key=lambda m: m.offset)
        ends = [m.offset for m in order[1:]] + [self.cd_start]
        added = [m for m in self.members if m.offset < 0]  # written after the old ones, where the directory was
        order += added
        ends += [self.cd_start] * len(added)
        new_offsets: dict[str, int] = {}
        new_cd: dict[str, bytes] = {}
        pos = 0
        run = -1  # where the current run of untouched members starts in the old file: written as one
        for m, end in zip(order, ends, strict=True):
            new_offsets[m.name] = pos
            if m.name not in self.replaced:
                if run < 0:
                    run = m.offset
                pos += end - m.offset
                cd = bytearray(m.cd_raw)
                struct.pack_into("<I", cd, 42, new_offsets[m.name])
                new_cd[m.name] = bytes(cd)
                continue
            if run >= 0:
                out.write(memoryview(self.data)[run : m.offset if m.offset >= 0 else self.cd_start])  # no copy
                run = -1
            content = self.replaced[m.name]
            pieces = [content] if isinstance(content, bytes) else content
            packed_parts, crc, size, packed_size = self._deflate(m, pieces)
            name = m.name.encode("utf-8")
            flags = (0x800 if (m.flags & 0x800 or not m.name.isascii()) else 0) | 0x6
            local = struct.pack(
                "<4sHHHHHIIIHH",
                _LFH,
                20,
                flags,
                8,
                m.mod_time,
                m.mod_date,
                crc,
                packed_size,
                size,
                len(name),
                0,
            )
            out.write(local + name)
            for part in packed_parts:
                out.write(part)
            pos += len(local) + len(name) + packed_size
            old = m.cd_raw or struct.pack("<4sHH", _CDH, 20, 20) + bytes(38)  # an added member: no old entry
            made_by = struct.unpack("<H", old[4:6])[0]
            k_len = struct.unpack("<H", old[32:34])[0]
            n_old, m_old = struct.unpack("<HH", old[28:32])
            comment = old[46 + n_old + m_old : 46 + n_old + m_old + k_len]
            disk, iattr, eattr = struct.unpack("<HHI", old[34:42])
            cd = struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                _CDH, made_by, 20, flags, 8, m.mod_time, m.mod_date, crc, packed_size, size,
                len(name), 0, len(comment), disk, iattr, eattr, new_offsets[m.name],
            )  # fmt: skip
            new_cd[m.name] = cd + name + comment
        if run >= 0:
            out.write(memoryview(self.data)[run : self.cd_start])
        cd_start = pos
        directory = b"".join(new_cd[m.name] for m in self.members)
        out.write(directory)
        pos += len(directory)
        n = len(self.members)
        out.write(
            struct.pack("<4sHHHHIIH", _EOCD, 0, 0, n, n, pos - cd_start, cd_start, len(self.comment)) + self.comment
        )


_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*?)/?>")


def relationships(xml: bytes, base_dir: str) -> list[tuple[str, str, str, str]]:
    """[(Id, Type, resolved part name, TargetMode)] of a .rels part."""
    out = []
    for m in _RELATIONSHIP.finditer(xml):
        a = parse_attrs(m.group(1).decode("utf-8", "replace"))
        target = a.get("Target", "")
        mode = a.get("TargetMode", "Internal")
        if mode == "External":
            resolved = target
        elif target.startswith("/"):
            resolved = target.lstrip("/")
        else:
            resolved = posixpath.normpath(posixpath.join(base_dir, target))
        out.append((a.get("Id", ""), a.get("Type", ""), resolved, mode))
    return out


def rels_name(part: str) -> str:
    """The relationships part that belongs to `part` ("xl/workbook.xml" -> "xl/_rels/workbook.xml.rels")."""
    d, f = posixpath.split(part)
    return posixpath.join(d, "_rels", f + ".rels")
