"""Reading the workbook once per version of the file: a cache keyed by (path, mtime_ns, size).

The file on disk is the source of truth. A read result (a LoadedWorkbook, or the reason the
file cannot be used) is kept per path until the file's size or mtime changes. Operations waiting
in the journal are applied first (`workbook.writing.flush_pending`); those that still cannot
be written (Excel holds the file) are overlaid on the frames, shown as made.
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ui import config
from workbook.errors import UnusableWorkbook, WorkbookError

log = logging.getLogger(__name__)

StatKey = tuple[str, int, int, int, int]
_MAX_PATHS = 3  # a few workbooks in memory at most; the L sample is large


def stat_key(path: Path) -> StatKey | None:
    """(resolved path, mtime_ns, size, journal mtime_ns, held open 0/1), or None when the file is not there.

    The journal's time (and whether an office program holds the file) is part of the key so
    that changes queued elsewhere show up at once, and are written once the file is free.
    """
    try:
        st = Path(path).stat()
    except OSError:
        return None
    return (str(Path(path).resolve()), st.st_mtime_ns, st.st_size, _journal_mtime(path), _held(path))


def _held(path: Path) -> int:
    # Excel closing the file (its lock file going away) is a change too: waiting operations
    # can then be written, so the watcher must see it even if the workbook itself is unchanged.
    lock_paths = optional("workbook.locks", "office_lock_paths")
    if lock_paths is None:
        return 0
    return 1 if any(p.exists() for p in lock_paths(path)) else 0


def _journal_mtime(path: Path) -> int:
    journal_path = optional("workbook.journal", "journal_path")
    if journal_path is None:
        return 0
    try:
        return Path(journal_path(path)).stat().st_mtime_ns
    except OSError:
        return 0


def optional(module: str, name: str) -> Any:
    """`module.name` if another engineer's module provides it yet, else None."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise
    return getattr(mod, name, None)


_problem_cache: OrderedDict[tuple[int, str], tuple[Any, list[Any]]] = OrderedDict()


def all_problems(wb: Any, lang: str) -> list[Any]:
    """The reader's problems, then the names and IDs pointing nowhere (`logic.references`):
    worked out once per loaded workbook and language (0.3 s at 228k contacts), not per rerun."""
    key = (id(wb), lang)
    with _lock:
        hit = _problem_cache.get(key)
        if hit is not None and hit[0] is wb:
            return hit[1]
    fn = optional("logic.references", "workbook_problems")
    found = [*(getattr(wb, "problems", None) or []), *(fn(wb, lang) if fn is not None else [])]
    with _lock:
        _problem_cache[key] = (wb, found)
        while len(_problem_cache) > 8:
            _problem_cache.popitem(last=False)
    return found


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
    except WorkbookError as exc:  # a conflict or refusal: the journal keeps (or rejects) the ops
        log.info("pending operations not flushed: %s", exc)
        return 0
    return int(getattr(result, "flushed", 0) or 0)


def _overlay_pending(path: Path, wb: Any) -> Any:
    """The workbook with operations still waiting in the journal shown as made."""
    pending = optional("workbook.writing", "pending")
    overlay = optional("workbook.overlay", "overlay")
    if pending is None or overlay is None or getattr(wb, "frames", None) is None:
        return wb
    ops = pending(path)
    if not ops:
        return wb
    frames = overlay(wb.frames, ops)
    try:
        return dataclasses.replace(wb, frames=frames)
    except TypeError:  # not a dataclass: set the attribute on the object itself
        wb.frames = frames
        return wb


def _read(path: Path) -> Any:
    from workbook.reading import read_workbook

    # the app's own today (command line / DEALER_TODAY / clock) places dates typed without a year
    return _overlay_pending(path, read_workbook(path, today=config.parse_startup().today))


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
            result = LoadResult((resolved, 0, 0, 0, 0), error=UnusableWorkbook("ui.sidebar.not_found", path=str(path)))
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
