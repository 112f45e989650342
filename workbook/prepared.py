"""Large sheets deflated with flush points ahead of the first write: that write then costs what the next ones do.

The first write after the app starts, or after another program saved the workbook, finds no layout
(`workbook.flush_points`) for the contacts sheet: it inflates, scans and deflates the whole sheet
to append one row. `writing.prepare` does that part beforehand, while the manager reads the page:
it deflates the sheet's content as it is in the file, with the flush points a write lays, and
keeps here, by the workbook's path, the compressed bytes and their layout with what identifies
the member they were made from (its content's CRC and size, its compressed size and the CRC of its
compressed bytes). The next write uses them only when the file's member is still that very member:
the content is the same, compressed otherwise, so the write copies the middle's compressed bytes
from them as it would from its own last write. A write waits for a preparation under way for the
same workbook when it writes to a sheet being prepared (it would otherwise do the same work beside
it); anything that does not match is written the whole way, as before.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from workbook.flush_points import Layout

_KEPT_PATHS = 1  # a manager works on one workbook; the compressed sheets are tens of MB


@dataclass(frozen=True)
class Source:
    """What identifies a zip member: its content's CRC and size, its compressed size and the CRC of
    its compressed bytes."""

    crc: int
    size: int
    compress_size: int
    packed_crc: int


@dataclass(frozen=True)
class Prepared:
    """A sheet's content deflated with flush points (`packed`, described by `layout`), made from
    the member `source` identifies."""

    part: str
    source: Source
    packed: bytes
    layout: Layout


_lock = threading.Lock()
_kept: dict[str, dict[str, Prepared]] = {}
_busy: dict[str, threading.Lock] = {}


def _busy_lock(path: str) -> threading.Lock:
    with _lock:
        return _busy.setdefault(path, threading.Lock())


@contextlib.contextmanager
def preparing(path: str) -> Iterator[None]:
    """Held while the workbook at `path` is prepared: a write to it waits in `recall`."""
    with _busy_lock(path):
        yield


def keep(path: str, found: dict[str, Prepared]) -> None:
    """Keep what was prepared for the workbook at `path` (replacing what was kept for it, and for any other)."""
    with _lock:
        _kept.pop(path, None)
        while len(_kept) >= _KEPT_PATHS:
            del _kept[next(iter(_kept))]
        _kept[path] = dict(found)


def recall(path: str, wait: bool = True) -> dict[str, Prepared]:
    """What is kept for the workbook at `path` (each still to be checked against the file); with
    `wait`, once a preparation under way has ended."""
    with _busy_lock(path) if wait else contextlib.nullcontext(), _lock:
        return dict(_kept.get(path, {}))


def forget(path: str, parts: Collection[str] | None = None) -> None:
    """Drop what is kept for `path`: the given parts, or all of it."""
    with _lock:
        if parts is None:
            _kept.pop(path, None)
            return
        kept = _kept.get(path, {})
        for part in [p for p in kept if p in parts]:
            del kept[part]
