"""Reading the workbook once per version of the file: a cache keyed by (path, mtime_ns, size).

The file on disk is the source of truth. A read result (a LoadedWorkbook, or the reason the
file cannot be used) is kept per path until the file's size or mtime changes. Operations waiting
in the journal are applied first (`workbook.writing.flush_pending`); those that still cannot
be written (Excel holds the file) are overlaid on the frames, shown as made. After the app's
own write the cache takes the written operations applied to what it holds (`after_write`),
so a click costs its write, not a re-read of the whole workbook; a change queued while Excel
holds the file is shown the same way (`after_queue`).

When the file changed on disk (a save in Excel), the read takes the sheets whose sources did not
change from the last read (`read_workbook(previous=...)`). When the app starts on a workbook that
has not changed since it was last read, the typed snapshot of that read is taken from the user's
cache folder (`workbook.snapshot`, `cache_dir()`) instead of parsing the file; a file that did
change is read at the start (`read_ahead`), taking the sheets that did not from the snapshot. Every
read made from the file leaves a new snapshot, written on a thread of its own after the page has its
data.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import subprocess
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import platformdirs
import streamlit as st

import i18n
from logic import references
from ui import config, per_version
from workbook import journal, locks, operations, overlay, prepared, snapshot, writing
from workbook.errors import Problem, UnusableWorkbook, WorkbookError
from workbook.reading import LoadedWorkbook, Progress, SheetRead, read_workbook

log = logging.getLogger(__name__)

StatKey = tuple[str, int, int, int, int]
_MAX_PATHS = 3  # a few workbooks in memory at most; the L sample is large

# What a file looks like while another program is still writing it in place (a save, a copy, a
# sync client): cut short, no zip directory yet, unreadable for a moment.
HALF_WRITTEN = frozenset(
    {"problem.damaged", "problem.file_empty", "problem.not_workbook", "problem.read_failed", "problem.file_unreadable"}
)
SETTLE_SECONDS = 6.0  # a file modified this recently and unreadable is waited for, not reported
_SETTLED_FOR = 0.5  # unchanged this long: the writer is done


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
    return 1 if any(p.exists() for p in locks.office_lock_paths(path)) else 0


def _journal_mtime(path: Path) -> int:
    try:
        return journal.journal_path(path).stat().st_mtime_ns
    except OSError:
        return 0


_problem_cache: OrderedDict[tuple[str, tuple[int, ...]], tuple[tuple[object, ...], list[Problem]]] = OrderedDict()


def all_problems(wb: LoadedWorkbook, lang: str) -> list[Problem]:
    """The reader's problems, then the names and IDs pointing nowhere (`logic.references`): worked out once
    per language and version of what they are made from (0.3 s at 228k contacts), not per rerun, nor after
    the app's own write to a sheet the checks do not read (a ticked checklist item keeps every frame they read)."""
    made_from = (wb.problems, wb.sheet_names, wb.headers, *(wb.frames.get(k) for k in references.READS))
    key = (lang, tuple(map(id, made_from)))

    def kept() -> list[Problem] | None:
        with _lock:
            hit = _problem_cache.get(key)
            if hit is None or not all(a is b for a, b in zip(hit[0], made_from, strict=True)):
                return None
            _problem_cache.move_to_end(key)
            return hit[1]

    found = kept()
    if found is not None:
        return found
    with per_version.one_at_a_time(("problems", key)):  # the server's start may be at it (ui.warm)
        found = kept()
        if found is None:
            found = [*wb.problems, *references.workbook_problems(wb, lang)]
            with _lock:
                _problem_cache[key] = (made_from, found)
                while len(_problem_cache) > 8:
                    _problem_cache.popitem(last=False)
    return found


@dataclass(frozen=True)
class LoadResult:
    """One read of one version of the file: the workbook, or why it cannot be used."""

    key: StatKey
    workbook: LoadedWorkbook | None = None
    error: WorkbookError | None = None
    internal: str | None = None  # an unexpected exception, shown without a traceback
    flushed: int = 0
    base: LoadedWorkbook | None = None  # the file's read before the journal's waiting operations were shown on it


_lock = threading.Lock()
_cache: OrderedDict[str, LoadResult] = OrderedDict()
_path_locks: dict[str, threading.Lock] = {}
# a snapshot of an earlier version of the file, loaded at the start for the first run's read to take from
_earlier: dict[str, snapshot.Kept] = {}
# the start's read under way, by path: the sheet being read and how far the read is (`load_showing_progress`)
_reading: dict[str, tuple[str, float]] = {}


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


def after_write(path: Path, before: LoadResult, ops: list[operations.Op], result: writing.WriteResult) -> bool:
    """After the app's own write: cache `before`'s workbook with `ops` applied as the writer wrote
    them, keyed by the file as the write left it, so the next rerun reads nothing.

    This holds because the overlay takes every value the way a write then a read takes it
    (`overlay(read(f), ops, ids) == read(write(f, ops))`, tests/unit/test_overlay.py). It is
    done only when what was written is exactly `ops` on exactly the file `before` read: not
    when the file had changed since (the writer re-applied the keyed operations to another
    version), nor when waiting journal entries were written with them or rejected, nor when
    the file changed again after the write, nor when the write needs a sheet or column the
    read did not find (an older workbook gaining it). Then the cache is dropped and the next
    rerun reads the file, as before. Returns whether the cache now holds the new state.

    Decisions: the reader's `problems` stay those of the last read. The writer refuses a value
    the reader would report, so a write adds no problem; one a write cures (a hand-added row
    given its ID) stays listed until the next read of the file. Appended rows get the Excel
    rows after the last one read, in order (the file alone knows the exact number; the pages
    only use `_row` to order rows).
    """
    wb, fp = before.workbook, result.fingerprint
    fits = (
        wb is not None
        and fp is not None
        and result.status == "written"
        and not result.reapplied
        and not result.flushed
        and not result.rejected
        and cached_workbook(path) is wb
        and all(_found(wb, op) for op in operations.flatten(ops))
    )
    key = stat_key(path)
    ours = key is not None and fp is not None and (key[1], key[2]) == (fp.mtime_ns, fp.size)
    if ours and result.status == "written":
        with _lock:  # the writer laid its own flush points in the file it wrote: nothing to prepare
            _prepared[key[0]] = key  # type: ignore[index]
    if not fits or key is None or not ours:
        invalidate(path)
        return False
    assert wb is not None and fp is not None
    frames = _number_new_rows(wb.frames, overlay.overlay(wb.frames, ops, ids=result.ids, lang=wb.lang))
    written = dataclasses.replace(
        wb,
        frames=frames,
        settings=overlay.settings(wb.settings, ops, lang=wb.lang),
        fingerprint=(fp.size, fp.mtime_ns, fp.sha256),
        sheet_reads=_kept_reads(wb, frames, ops),
        highest_ids={},  # learned from the file as read, not from the one written
    )
    _keep(key[0], LoadResult(key, workbook=written, base=written))
    return True


def after_queue(path: Path, before: LoadResult, result: writing.WriteResult) -> bool:
    """After a change was queued in the journal (Excel holds the file): cache `before`'s read of the
    file with every waiting operation shown on it, which is what reading the unchanged file gives
    (`_read`: the read, then `_overlay_pending`), so the next rerun parses nothing. Done only when
    the file itself is still the version `before` read and `before` is what the cache holds;
    otherwise the cache is dropped and the next rerun reads. Returns whether the cache holds it."""
    key, base = stat_key(path), before.base
    fits = (
        result.status == "queued"
        and base is not None
        and key is not None
        and (key[1], key[2]) == (before.key[1], before.key[2])
        and cached_workbook(path) is before.workbook
    )
    if not fits:
        invalidate(path)
        return False
    assert key is not None and base is not None
    _keep(key[0], LoadResult(key, workbook=_overlay_pending(path, base), base=base))
    return True


def after_change(path: Path, before: LoadResult, ops: list[operations.Op], result: writing.WriteResult) -> bool:
    """`after_write` for a written change, `after_queue` for a queued one; True if the next rerun reads nothing."""
    if result.status == "written":
        return after_write(path, before, ops, result)
    return after_queue(path, before, result)


_prepared: dict[str, StatKey] = {}


def prepare_writes(path: Path) -> subprocess.Popen[bytes] | None:
    """At the start (`ui.warm`, a large file) or once the page is drawn: deflate the sheets a click
    appends to ahead of the first write, in a process of its own at low priority (`workbook.prepared`),
    so that the first click after a start or an outside save costs what the later ones do. Once per
    version of the file, and only for a workbook large enough for a person to notice
    (`writing.PREPARE_FROM`). The process started, if one was."""
    key = stat_key(path)
    if key is None or key[2] < writing.PREPARE_FROM:
        return None
    with _lock:
        if _prepared.get(key[0]) == key:
            return None
        _prepared[key[0]] = key
    if prepared.is_current(prepared_dir(), path):
        return None  # prepared before the app last stopped
    return prepared.start(path, prepared_dir())


def cached_workbook(path: Path) -> LoadedWorkbook | None:
    """The workbook the cache holds for `path`, whatever the file is now."""
    with _lock:
        hit = _cache.get(str(Path(path).resolve()))
    return hit.workbook if hit is not None else None


def _found(wb: LoadedWorkbook, op: operations.Append | operations.Update | operations.Upsert) -> bool:
    """Whether every sheet and column the operation writes was found by the read (else the write added it)."""
    headers = wb.headers.get(op.sheet)
    if headers is None or op.sheet not in wb.frames:
        return False
    key = op.key if isinstance(op, operations.Update | operations.Upsert) else {}
    fills = [k for k, _src in operations.customer_fills(op.sheet, dict(op.values))]
    return all(c in headers for c in (*op.values, *key, *fills))


def _number_new_rows(before: dict[str, pd.DataFrame], after: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Appended rows numbered after the last Excel row read, so that ordering by `_row` stays right."""
    out = dict(after)
    for sheet, frame in after.items():
        if frame is before.get(sheet) or overlay.ROW not in frame.columns:
            continue
        rows = frame[overlay.ROW]
        new = rows.isna() & (frame.index >= len(before[sheet]))
        if not new.any():
            continue
        last = int(pd.to_numeric(rows, errors="coerce").max()) if rows.notna().any() else 1
        frame = frame.copy()
        frame.loc[new, overlay.ROW] = range(last + 1, last + 1 + int(new.sum()))
        if overlay.ROW in before[sheet].columns and frame[overlay.ROW].notna().all():
            frame[overlay.ROW] = frame[overlay.ROW].astype(before[sheet][overlay.ROW].dtype)  # as the reader types it
        out[sheet] = frame
    return out


def _flush(path: Path) -> int:
    try:
        result = writing.flush_pending(path)
    except WorkbookError as exc:  # a conflict or refusal: the journal keeps (or rejects) the ops
        log.info("pending operations not flushed: %s", exc)
        return 0
    return result.flushed


def _overlay_pending(path: Path, wb: LoadedWorkbook) -> LoadedWorkbook:
    """The workbook with operations still waiting in the journal shown as made."""
    ops = writing.pending(path)
    if not ops:
        return wb
    frames = overlay.overlay(wb.frames, ops, lang=wb.lang)
    return dataclasses.replace(
        wb,
        frames=frames,
        settings=overlay.settings(wb.settings, ops, lang=wb.lang),
        sheet_reads=_untouched_reads(wb, frames),
    )


def _untouched_reads(wb: LoadedWorkbook, frames: dict[str, pd.DataFrame]) -> dict[str, SheetRead]:
    """The sheets a later partial read may take from `wb`: those the operations left as read. A sheet
    written to is parsed again anyway (its part changed), and keeping its frame as read beside the
    written one would hold a second copy of it (at L the contacts sheet) for as long as the app runs."""
    return {k: r for k, r in wb.sheet_reads.items() if frames.get(k) is wb.frames.get(k)}


def _kept_reads(wb: LoadedWorkbook, frames: dict[str, pd.DataFrame], ops: list[operations.Op]) -> dict[str, SheetRead]:
    """After the app's own write, the sheets a later partial read may take from `wb`: those the
    operations left as read, and those they only appended rows to. The rows read are then the new
    frame's first ones, kept as a view of it (no second copy), and the next read of the file parses
    only the rows after them (`workbook.appended`: the writer leaves the rows' bytes as they were)."""
    flat = operations.flatten(ops)
    appended = {op.sheet for op in flat} - {op.sheet for op in flat if not isinstance(op, operations.Append)}
    kept = _untouched_reads(wb, frames)
    for key, read in wb.sheet_reads.items():
        now = frames.get(key)
        if key in appended and now is not None and _begins_with(now, read.frame):
            kept[key] = dataclasses.replace(read, frame=now.iloc[: len(read.frame)])
    return kept


def _begins_with(frame: pd.DataFrame, rows: pd.DataFrame) -> bool:
    """Whether `frame` can be `rows` with rows appended, as the overlay appends them (leaving the rows
    before as they are): the same columns and dtypes, at least as many rows."""
    return (
        list(frame.columns) == list(rows.columns)
        and len(frame) >= len(rows)
        and all(frame[c].dtype == rows[c].dtype for c in rows.columns)
    )


def cache_dir() -> Path:
    """The user's cache folder for this app (Windows: %LOCALAPPDATA%\\dealer-workbook\\cache; else
    $XDG_CACHE_HOME/dealer-workbook, ~/.cache/dealer-workbook by default; macOS: ~/Library/Caches)."""
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / config.APP_NAME / "cache"
    return platformdirs.user_cache_path(config.APP_NAME, appauthor=False)


def prepared_dir() -> Path:
    """Where the sheets deflated ahead of the first write are kept (`workbook.prepared`)."""
    return cache_dir() / "prepared"


def snapshot_dir() -> Path:
    return cache_dir() / "snapshots"


_saving: dict[str, threading.Thread] = {}


def _save_snapshot(wb: LoadedWorkbook, today: dt.date) -> None:
    """Keep the read as the workbook's snapshot, on a thread: the page need not wait for the disk."""

    def save() -> None:
        try:
            snapshot.save(wb, snapshot_dir(), today)
        except Exception:  # a cache that cannot be written only costs the next start a parse
            log.exception("the snapshot of %s was not kept", wb.path)

    key = str(Path(wb.path).resolve())
    earlier = _saving.get(key)
    if earlier is not None:
        earlier.join()  # one writer per workbook's snapshot at a time, the newest last
    thread = threading.Thread(target=save, name="snapshot", daemon=True)
    _saving[key] = thread
    thread.start()


def _wait_for_snapshot(path: Path) -> None:
    thread = _saving.get(str(Path(path).resolve()))
    if thread is not None:
        thread.join()


def wait_for_snapshots() -> None:
    """Until the snapshots being written are on disk (tests, and a clean exit)."""
    for thread in list(_saving.values()):
        thread.join()


def _read(path: Path, progress: Progress | None = None) -> tuple[LoadedWorkbook, LoadedWorkbook]:
    """(the file's read, the same with the journal's waiting operations shown on it)."""
    # the app's own today (command line / DEALER_TODAY / clock) places dates typed without a year
    today = config.parse_startup().today or dt.date.today()
    earlier = [cached_workbook(path)]
    if earlier[0] is None:  # a snapshot still being written is of this very file: wait for it, not parse
        _wait_for_snapshot(path)
        kept = _earlier.pop(str(path.resolve()), None) or snapshot.load(path, snapshot_dir(), today)
        if kept is not None and kept.current:
            return kept.workbook, _overlay_pending(path, kept.workbook)
        earlier = [kept.workbook if kept is not None else None]  # the sheets that did not change are taken from it
        del kept
    # handed over, not held here: the reader lets go of the sheets it will not take (a snapshot's
    # frames after an edit that reordered the shared strings: 340 MB at L while the file is parsed)
    wb = read_workbook(path, today=today, previous=earlier.pop(), progress=progress)
    _save_snapshot(wb, today)
    return wb, _overlay_pending(path, wb)


def _modified_within(path: Path, seconds: float) -> bool:
    try:
        return time.time() - path.stat().st_mtime < seconds
    except OSError:
        return True  # gone for a moment: replaced by a save in progress


def _wait_until_settled(path: Path, deadline: float) -> None:
    """Until the file's size and time have held still for a moment, or the deadline passes."""
    last, since = stat_key(path), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = stat_key(path)
        if now != last:
            last, since = now, time.monotonic()
        elif now is not None and time.monotonic() - since >= _SETTLED_FOR:
            return


def _read_settled(path: Path, flushed: int, progress: Progress | None = None) -> LoadResult:
    """One read; a file that is unreadable because another program is still writing it is waited for
    and read again quietly, so the alarm shows only if it stays broken."""
    deadline = time.monotonic() + SETTLE_SECONDS
    while True:
        key = stat_key(path) or (str(path.resolve()), 0, 0, 0, 0)
        try:
            base, wb = _read(path, progress)
            return LoadResult(key, workbook=wb, flushed=flushed, base=base)
        except WorkbookError as exc:
            if exc.code in HALF_WRITTEN and time.monotonic() < deadline and _modified_within(path, SETTLE_SECONDS):
                log.info("%s is still being written (%s): waiting", path, exc.code)
                _wait_until_settled(path, deadline)
                continue
            return LoadResult(key, error=exc, flushed=flushed)
        except Exception as exc:
            log.exception("reading %s failed", path)
            return LoadResult(key, internal=f"{type(exc).__name__}: {exc}", flushed=flushed)


def load(path: Path, progress: Progress | None = None) -> LoadResult:
    """Read the workbook (after applying waiting journal operations), using the cache; `progress`
    is told which sheet is being parsed and how far the read is."""
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
        result = _read_settled(path, flushed, progress)
        _keep(resolved, result)
        return result


def _keep(resolved: str, result: LoadResult) -> None:
    with _lock:
        _cache[resolved] = result
        _cache.move_to_end(resolved)
        while len(_cache) > _MAX_PATHS:
            _cache.popitem(last=False)


def read_ahead(path: Path) -> bool:
    """Cache the workbook at the server's start, before any session asks; True if it did.

    A file unchanged since its last read is taken from its snapshot. One changed since (the app's own
    writes the day before, an evening's edits in Excel) or never read is read here, as the first run
    would read it, while the browser loads Streamlit's frontend; a first run that begins meanwhile
    shows how far this read is (`load_showing_progress`). A file with changes waiting in the journal
    is left to the first run: that run writes them and says so."""
    path = Path(path)
    resolved = str(path.resolve())
    with _lock:
        plock = _path_locks.setdefault(resolved, threading.Lock())
    with plock:
        key = stat_key(path)
        if key is None or cached(path) is not None or writing.pending(path):
            return False
        today = config.parse_startup().today or dt.date.today()
        kept = snapshot.load(path, snapshot_dir(), today)
        if kept is not None and kept.current and stat_key(path) == key:
            _keep(resolved, LoadResult(key, workbook=kept.workbook, base=kept.workbook))
            return True
        if kept is not None:  # the read below takes the sheets that did not change from it, and no more:
            _earlier[resolved] = snapshot.Kept(kept.workbook, current=False)  # the file may have changed meanwhile
        del kept  # `_read` hands it to the reader
        _reading[resolved] = ("", 0.0)

    def told(sheet: str, done: float) -> None:
        _reading[resolved] = (sheet, done)

    try:
        return load(path, progress=told).workbook is not None
    finally:
        _reading.pop(resolved, None)


def load_showing_progress(path: Path, lang: str) -> LoadResult:
    """`load`, showing on the page which sheet is being read and how far the read is (a long first
    read at M or L takes seconds); the bar is gone once the read is done."""
    name = Path(path).name
    resolved = str(Path(path).resolve())
    box = st.empty()
    bar = box.progress(0.0, text=i18n.t("readcost.progress.checking", lang, name=name))

    def told(sheet: str, done: float) -> None:
        percent = round(done * 100)
        bar.progress(
            min(done, 1.0), text=i18n.t("readcost.progress.sheet", lang, name=name, sheet=sheet, percent=percent)
        )

    try:
        shown = ("", 0.0)
        while resolved in _reading and cached(path) is None:  # the start is reading it: how far it is
            now = _reading.get(resolved, shown)
            if now != shown and now[0]:
                told(*now)
            shown = now
            time.sleep(0.1)
        return load(path, progress=told)
    finally:
        box.empty()
