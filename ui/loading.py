"""Reading the workbook once per version of the file: a cache keyed by (path, mtime_ns, size).

The file on disk is the source of truth. A read result (a LoadedWorkbook, or the reason the
file cannot be used) is kept per path until the file's size or mtime changes. Waiting journal
operations are applied first (`workbook.writing.flush_pending`) when the writer provides it.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from workbook import schema
from workbook.errors import UnusableWorkbook, WorkbookError

log = logging.getLogger(__name__)

StatKey = tuple[str, int, int]
_MAX_PATHS = 3  # a few workbooks in memory at most; the L sample is large


def stat_key(path: Path) -> StatKey | None:
    """(resolved path, mtime_ns, size), or None when the file is not there."""
    try:
        st = Path(path).stat()
    except OSError:
        return None
    return (str(Path(path).resolve()), st.st_mtime_ns, st.st_size)


def optional(module: str, name: str) -> Any:
    """`module.name` if another engineer's module provides it yet, else None."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise
    return getattr(mod, name, None)


@dataclass
class PlaceholderWorkbook:
    """Stands in for a LoadedWorkbook while `workbook.reading` is not installed: every sheet empty."""

    path: Path
    lang: str = "zh"
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    settings: dict[str, object] = field(default_factory=schema.default_settings)
    problems: list = field(default_factory=list)
    sheet_names: dict[str, str] = field(default_factory=dict)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    fingerprint: object = None
    date1904: bool = False
    placeholder: bool = True

    def __post_init__(self) -> None:
        for s in schema.SHEETS:
            self.frames.setdefault(
                s.key,
                pd.DataFrame(
                    {**{c.key: pd.Series(dtype="object") for c in s.columns}, "_row": pd.Series(dtype="int64")}
                ),
            )
            self.sheet_names.setdefault(s.key, s.name(self.lang))


@dataclass(frozen=True)
class LoadResult:
    """One read of one version of the file: the workbook, or why it cannot be used."""

    key: StatKey
    workbook: Any = None
    error: WorkbookError | None = None
    internal: str | None = None  # an unexpected exception, shown without a traceback
    flushed: int = 0


_lock = threading.Lock()
_cache: OrderedDict[str, LoadResult] = OrderedDict()
_path_locks: dict[str, threading.Lock] = {}


def cached(path: Path) -> LoadResult | None:
    """The cached result for the file as it is now on disk, or None if it must be read."""
    key = stat_key(path)
    if key is None:
        return None
    with _lock:
        hit = _cache.get(key[0])
    return hit if hit is not None and hit.key == key else None


def invalidate(path: Path) -> None:
    with _lock:
        _cache.pop(str(Path(path).resolve()), None)


def _flush(path: Path) -> int:
    flush = optional("workbook.writing", "flush_pending")
    if flush is None:
        return 0
    try:
        result = flush(path)
    except WorkbookError as exc:  # still held open, or a conflict: the journal keeps the ops
        log.info("pending operations not flushed: %s", exc)
        return 0
    return len(result) if isinstance(result, (list, tuple)) else int(getattr(result, "count", 0) or 0)


def _read(path: Path) -> Any:
    read_workbook = optional("workbook.reading", "read_workbook")
    if read_workbook is None:
        return PlaceholderWorkbook(Path(path))
    return read_workbook(path)


def load(path: Path) -> LoadResult:
    """Read the workbook (after applying waiting journal operations), using the cache."""
    path = Path(path)
    hit = cached(path)
    if hit is not None:
        return hit
    resolved = str(path.resolve())
    with _lock:
        plock = _path_locks.setdefault(resolved, threading.Lock())
    with plock:  # two sessions asking at once read the file once
        hit = cached(path)
        if hit is not None:
            return hit
        if not path.is_file():
            result = LoadResult((resolved, 0, 0), error=UnusableWorkbook("ui.sidebar.not_found", path=str(path)))
            return result
        flushed = _flush(path)
        key = stat_key(path)
        assert key is not None
        try:
            result = LoadResult(key, workbook=_read(path), flushed=flushed)
        except WorkbookError as exc:
            result = LoadResult(key, error=exc, flushed=flushed)
        except Exception as exc:
            log.exception("reading %s failed", path)
            result = LoadResult(key, internal=f"{type(exc).__name__}: {exc}", flushed=flushed)
        with _lock:
            _cache[resolved] = result
            _cache.move_to_end(resolved)
            while len(_cache) > _MAX_PATHS:
                _cache.popitem(last=False)
        return result
