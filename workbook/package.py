"""The .xlsx package: its zip members read within the limits, its relationships, a new package written.

`Package(data)` reads the central directory of a workbook held in memory; `read(name)`
inflates one member (refusing damage and parts past the reader's limits); `replace` and
`write` make a new package in which every member that was not replaced is copied
byte-for-byte (its compressed bytes, without recompression).
"""

from __future__ import annotations

import posixpath
import re
import struct
import zlib
from dataclasses import dataclass
from typing import BinaryIO

from workbook import limits
from workbook.errors import WriteRefused
from workbook.markup import parse_attrs

DEFLATE_MAX_RATIO = 1032  # deflate's most: a 258-byte match coded in about 2 bits
MAX_PART_BYTES = limits.MAX_ENTRY_INFLATED  # the reader's limit: a part it refuses we do not write either
COMPRESS_LEVEL = 1  # a rewritten part: ~2x faster than level 6, ~35% larger, as Excel's own saves

_EOCD = b"PK\x05\x06"
_CDH = b"PK\x01\x02"
_LFH = b"PK\x03\x04"


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
    """The zip container: raw members, read access, replacement of a few members."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.members: list[Member] = []
        self.by_name: dict[str, Member] = {}
        self.replaced: dict[str, bytes | list[bytes | memoryview]] = {}
        self._parse()

    def _parse(self) -> None:
        data = self.data
        if data[:4] != _LFH:
            raise WriteRefused("write.not_xlsx")
        pos = data.rfind(_EOCD, max(0, len(data) - 65557))
        if pos < 0:
            raise WriteRefused("write.not_xlsx")
        if data.rfind(b"PK\x06\x07", max(0, pos - 20), pos) >= 0:
            raise WriteRefused("write.zip64")
        (_, disk, _cd_disk, n_disk, n_total, cd_size, cd_off, comment_len) = struct.unpack(
            "<4sHHHHIIH", data[pos : pos + 22]
        )
        if disk != 0 or n_disk != n_total or 0xFFFF in (n_total,) or 0xFFFFFFFF in (cd_size, cd_off):
            raise WriteRefused("write.zip64")
        if cd_off + cd_size != pos:
            raise WriteRefused("write.not_xlsx")
        self.comment = data[pos + 22 : pos + 22 + comment_len]
        self.cd_start = cd_off
        p = cd_off
        for _ in range(n_total):
            if data[p : p + 4] != _CDH:
                raise WriteRefused("write.not_xlsx")
            fields = struct.unpack("<4sHHHHHHIIIHHHHHII", data[p : p + 46])
            flags, method, mtime, mdate, crc, csize, usize = (
                fields[3],
                fields[4],
                fields[5],
                fields[6],
                fields[7],
                fields[8],
                fields[9],
            )
            n, m, k, offset = fields[10], fields[11], fields[12], fields[16]
            raw_name = data[p + 46 : p + 46 + n]
            name = raw_name.decode("utf-8" if flags & 0x800 else "cp437")
            if flags & 0x1:
                raise WriteRefused("write.not_xlsx")
            member = Member(name, data[p : p + 46 + n + m + k], flags, method, crc, csize, usize, offset, mtime, mdate)
            if usize > MAX_PART_BYTES:
                raise WriteRefused("write.too_large", part=name)
            self.members.append(member)
            self.by_name[name] = member
            p += 46 + n + m + k

    def names(self) -> list[str]:
        return [m.name for m in self.members]

    def has(self, name: str) -> bool:
        return name in self.by_name

    def read(self, name: str) -> bytes:
        """The member's content, inflated (or the replacement, if it was replaced)."""
        if name in self.replaced:
            content = self.replaced[name]
            return content if isinstance(content, bytes) else b"".join(content)
        m = self.by_name[name]
        raw = self._compressed(m)
        try:
            if m.method == 0:
                out = raw
            elif m.method == 8 and len(raw) <= MAX_PART_BYTES // DEFLATE_MAX_RATIO:
                # too small to inflate past the limit: inflated into one buffer of the size the
                # zip declares (not grown in blocks and joined, which a fresh process pays for
                # in page faults); what it really holds is checked by its CRC below
                out = zlib.decompress(raw, -15, max(m.file_size, 1))
            elif m.method == 8:
                d = zlib.decompressobj(-15)
                out = d.decompress(raw, MAX_PART_BYTES + 1)
                if len(out) > MAX_PART_BYTES:
                    raise WriteRefused("write.too_large", part=name)
            else:
                raise WriteRefused("write.not_xlsx")
        except zlib.error as exc:
            raise WriteRefused("write.damaged", part=name) from exc
        if zlib.crc32(out) != m.crc:
            raise WriteRefused("write.damaged", part=name)
        return out

    def _local_header_len(self, m: Member) -> int:
        d = self.data
        if d[m.offset : m.offset + 4] != _LFH:
            raise WriteRefused("write.not_xlsx")
        n, k = struct.unpack("<HH", d[m.offset + 26 : m.offset + 30])
        return 30 + n + k

    def _compressed(self, m: Member) -> bytes:
        start = m.offset + self._local_header_len(m)
        return self.data[start : start + m.compress_size]

    def replace(self, name: str, content: bytes | list[bytes | memoryview]) -> None:
        """Replace a member's content (bytes, or pieces of it written one after another)."""
        if name not in self.by_name:
            raise KeyError(name)
        self.replaced[name] = content

    def write(self, out: BinaryIO) -> None:
        """Write the package: replaced members recompressed, every other one copied raw."""
        order = sorted(self.members, key=lambda m: m.offset)
        ends = [m.offset for m in order[1:]] + [self.cd_start]
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
                out.write(memoryview(self.data)[run : m.offset])  # no copy of the bytes
                run = -1
            content = self.replaced[m.name]
            pieces = [content] if isinstance(content, bytes) else content
            # Excel itself saves parts with "super fast" deflate (flag bits 1-2 set): so do we
            comp = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
            crc, size, packed_parts = 0, 0, []
            for piece in pieces:
                crc = zlib.crc32(piece, crc)
                size += len(piece)
                packed_parts.append(comp.compress(piece))
            packed_parts.append(comp.flush())
            packed = b"".join(packed_parts)
            del packed_parts
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
                len(packed),
                size,
                len(name),
                0,
            )
            out.write(local + name + packed)
            pos += len(local) + len(name) + len(packed)
            old = m.cd_raw
            made_by = struct.unpack("<H", old[4:6])[0]
            k_len = struct.unpack("<H", old[32:34])[0]
            n_old, m_old = struct.unpack("<HH", old[28:32])
            comment = old[46 + n_old + m_old : 46 + n_old + m_old + k_len]
            disk, iattr, eattr = struct.unpack("<HHI", old[34:42])
            cd = struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                _CDH, made_by, 20, flags, 8, m.mod_time, m.mod_date, crc, len(packed), size,
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
        a = parse_attrs(m.group(1).decode("utf-8"))
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
    d, f = posixpath.split(part)
    return posixpath.join(d, "_rels", f + ".rels")
