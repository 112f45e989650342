"""Apply keyed operations to a manager's workbook: safely, surgically, atomically, backed up.

    result = writing.apply(path, [operations.log_contact("C0012", "call", today)], actor="王磊",
                           expected=loaded.fingerprint)
    result.status  # "written" or "queued" (Excel/WPS/LibreOffice holds the file: see result.holder)

Order of a write: the app's own writer lock; an office lock file → the operations wait in
the journal; waiting operations are applied first; the file is read, fingerprinted and
edited in memory (only the sheet parts that change, every other zip member copied raw; a large
sheet this process wrote last is read without its middle, which is copied compressed:
`workbook.flush_points`);
the new package goes to a temp file in the same folder (fsync), the old bytes to a backup,
and `os.replace` swaps it in (the folder fsynced). Refusals (`WriteRefused`) and conflicts
(`WriteConflict`) leave the file untouched.

An older workbook gains what a write needs (`workbook.upgrade`): a column the schema declares
and the sheet lacks, when the write puts a value in it; a sheet the schema declares but does
not require (reschedules, meetings, calendar, and the later optional sheets). A required sheet
or column missing is refused with the reason: the reader already reports the workbook unusable.

The file system's refusals become refusals with a reason, never a crash: a read-only
workbook, a folder or disk that cannot be written, a full disk (the change is refused, not
queued: the journal is on the same disk; the message says what the backups take). A file
that another program opens while we replace it (Windows' sharing violation, retried for about
two seconds) queues the change like an open file. A workbook opened through a symbolic link
is written, backed up and journalled as the real file it points to.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import errno
import functools
import gc
import hashlib
import os
import tempfile
import time as _time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbook import backup, codecs, flush_points, journal, locks, operations, prepared, schema, upgrade
from workbook.book import Book
from workbook.cells import CellValue, Written
from workbook.errors import WorkbookBusy, WorkbookError, WriteConflict, WriteRefused
from workbook.sheet_part import NeedsWholeSheet, SheetPart

# the sheets the app's clicks append to, deflated ahead of the first write (`prepare`), in a
# workbook of this size or more (below it the first write takes a few tenths of a second at most)
PREPARED_SHEETS = ("contacts",)
PREPARE_FROM = 4 << 20
REPLACE_RETRIES = 10  # Windows: a virus scanner or indexer may hold the file for a moment (~2 s in all)

# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Fingerprint:
    """What a file was when it was read: size, modification time (ns) and SHA-256 ("" for the
    file a write has just made: it is told by size and time)."""

    size: int
    mtime_ns: int
    sha256: str


def fingerprint(path: str | os.PathLike[str]) -> Fingerprint:
    """The file's fingerprint now."""
    st = os.stat(path)
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return Fingerprint(st.st_size, st.st_mtime_ns, h.hexdigest())


def _read_as_is(expected: Any, fp: Fingerprint) -> bool:
    """Whether the caller's read was of these very bytes: its fingerprint carries their SHA-256."""
    if isinstance(expected, dict):
        sha = expected.get("sha256")
    elif isinstance(expected, tuple | list) and not hasattr(expected, "sha256"):
        sha = expected[2] if len(expected) > 2 else None
    else:
        sha = getattr(expected, "sha256", None)
    return bool(sha) and str(sha) == fp.sha256


def _same(expected: Any, fp: Fingerprint) -> bool:
    if expected is None:
        return True
    if isinstance(expected, dict):
        get = expected.get
    elif isinstance(expected, tuple | list) and not hasattr(expected, "sha256"):
        vals = dict(zip(("size", "mtime_ns", "sha256"), expected, strict=False))
        get = vals.get
    else:

        def get(k: str, d: Any = None) -> Any:
            return getattr(expected, k, d)

    sha = get("sha256")
    if sha:
        return str(sha) == fp.sha256
    return get("size") == fp.size and get("mtime_ns") == fp.mtime_ns


@dataclass
class WriteResult:
    """What `apply` did: status "written" or "queued", IDs allocated, who holds the file."""

    status: str
    ids: list[str] = field(default_factory=list)
    holder: locks.Holder | None = None
    fingerprint: Fingerprint | None = None
    backup: Path | None = None
    applied: int = 0
    flushed: int = 0  # waiting operations from the journal applied first
    rejected: list[dict[str, Any]] = field(default_factory=list)  # waiting operations that failed
    reapplied: bool = False  # the file had changed since it was read; the keyed ops were re-applied
    changed_parts: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return self.applied + self.flushed


# --------------------------------------------------------------------------- entry points


def apply(
    path: str | os.PathLike[str],
    ops: Any,
    *,
    actor: str | None = None,
    expected: Any = None,
    override_stale_lock: bool = False,
    backup_keep: int | None = None,
    lock_timeout: float = 60.0,
    known_ids: dict[str, tuple[int, int, int]] | None = None,
    prepared_in: Path | None = None,
) -> WriteResult:
    """Apply operations (a list, a Group or one op) to the workbook at `path`.

    Returns status "written", or "queued" when another program holds the file open (the
    operations then wait in the journal). Raises `WriteRefused` / `WriteConflict`.
    `backup_keep`: how many backups to keep, as the caller read it from the file (the app
    passes its settings' value with `expected`); read from the file itself when not given, or
    when the file is not the one `expected` describes. `known_ids`: the highest IDs the caller's read
    found (`LoadedWorkbook.highest_ids`), used only when `expected` carries the SHA-256 of the file as
    it is now (a write leaves none: the IDs it allocated are not among them). `prepared_in`: the
    folder where the app's preparations are kept (`workbook.prepared`); a write to a sheet being
    prepared waits for it and uses what it made where the file still holds what it was made from.
    """
    given, path = Path(path), _real(path)
    flat = operations.flatten(ops)
    with _os_refusals(path), locks.writer_lock(path, lock_timeout):
        h = locks.holder(given)
        if h is not None and not (override_stale_lock and h.stale):
            _queue(path, flat, actor)
            return WriteResult("queued", holder=h)
        rejected: list[dict[str, Any]] = []
        try:
            flushed = _flush_locked(path, backup_keep, rejected)
            if not flat:
                return flushed
            # a write to a sheet that may be prepared; another write need not wait for it
            ready_in = prepared_in if any(op.sheet in PREPARED_SHEETS for op in flat) else None
            result = _transaction(path, lambda book: _apply_ops(book, flat), expected, backup_keep, known_ids, ready_in)
        except WorkbookBusy:  # opened by another program while we replaced it: wait like an open file
            _queue(path, flat, actor)
            return WriteResult("queued", holder=locks.holder(given), rejected=rejected)
        result.flushed = flushed.flushed
        result.rejected = rejected
        result.applied = len(flat)
        return result


def prepare(path: str | os.PathLike[str]) -> dict[str, prepared.Prepared]:
    """The large sheets the app's clicks append to (`PREPARED_SHEETS`) deflated with the flush
    points a write lays, ahead of the first write, which then copies their middle as a later write
    does (`workbook.prepared`), by part. Nothing is written. A file the writer could not edit is
    left to the write, which says why."""
    found: dict[str, prepared.Prepared] = {}
    try:
        book = Book(_real(path).read_bytes())
        for key in PREPARED_SHEETS:
            b = _Binding.find(book, key)
            if b is None:
                continue
            if b.decl.id_prefix:  # the highest ID, asked as the write asks it: the layout keeps it
                b.sp.highest_id(b.col_or_refuse(b.decl.key_columns[0]), b.decl.id_prefix, b.header_row + 1)
            b.sp.array_ranges()
            ready = book.deflated_ahead(b.sp)
            if ready is not None:
                found[ready.part] = ready
    except (OSError, WorkbookError):
        return {}
    return found


def flush_pending(
    path: str | os.PathLike[str], *, override_stale_lock: bool = False, lock_timeout: float = 60.0
) -> WriteResult:
    """Apply the operations waiting in the journal (the app calls this on load and refresh).

    Lines of the journal that cannot be applied at all (unreadable, not an operation) are set
    aside into the rejected file first, even while the file is held; they are in `rejected`."""
    given, path = Path(path), _real(path)
    if not journal.journal_path(path).exists():
        return WriteResult("written")
    with _os_refusals(path), locks.writer_lock(path, lock_timeout):
        rejected = journal.set_aside(path)
        h = locks.holder(given)
        if h is not None and not (override_stale_lock and h.stale):
            return WriteResult("queued", holder=h, rejected=rejected)
        try:
            return _flush_locked(path, None, rejected)
        except WorkbookBusy:
            return WriteResult("queued", holder=locks.holder(given), rejected=rejected)


def pending(path: str | os.PathLike[str]) -> list[operations.Op]:
    """The operations waiting for this workbook (shown by the UI as already made)."""
    return journal.pending(path)


def edit_cells(path: str | os.PathLike[str], sheet_name: str, cells: dict[str, CellValue]) -> WriteResult:
    """Low level, no schema: set cells ("B2" -> value) of a sheet named as in the file."""

    def edit(book: Book) -> list[str]:
        sp = book.sheet(sheet_name)
        for ref, value in cells.items():
            sp.set_cell(ref, value)
            sp.commit()
        return []

    return _direct(Path(path), edit)


def _direct(given: Path, edit: Callable[[Book], list[str]]) -> WriteResult:
    path = _real(given)
    with _os_refusals(path), locks.writer_lock(path):
        h = locks.holder(given)
        if h is not None:
            raise WorkbookBusy("write.busy", holder=str(h))
        return _transaction(path, edit, None, None)


def _real(path: str | os.PathLike[str]) -> Path:
    """The file itself: a symbolic link is written through, never replaced by a copy."""
    return Path(os.path.realpath(path))


@contextlib.contextmanager
def _os_refusals(path: Path) -> Iterator[None]:
    """The operating system's "no" (permissions, a read-only or full disk) as a refusal with a reason."""
    try:
        yield
    except OSError as exc:
        raise _refusal(exc, path) from exc


def _refusal(exc: OSError, path: Path) -> WriteRefused:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        count, size = backup.usage(path)
        return WriteRefused("write.disk_full", path=str(path), backups=count, size=_megabytes(size))
    if exc.errno == errno.EROFS:
        return WriteRefused("write.read_only_disk", path=str(path))
    if isinstance(exc, PermissionError):
        return WriteRefused("write.folder_refused", folder=str(path.parent))
    return WriteRefused("write.os_error", path=str(path), error=exc.strerror or type(exc).__name__)


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def _queue(path: Path, flat: list[Any], actor: str | None) -> None:
    """Put operations in the journal, as one entry (they belong together)."""
    if flat:
        journal.add(path, [operations.Group(tuple(flat))] if len(flat) > 1 else flat, actor)


def append_cells(path: str | os.PathLike[str], sheet_name: str, values: dict[str, CellValue]) -> WriteResult:
    """Low level, no schema: append a row ({column letter: value}) after the table / last used row."""

    def edit(book: Book) -> list[str]:
        r = book.sheet(sheet_name).append_row(dict(values.items()))
        return [str(r)]

    return _direct(Path(path), edit)


# --------------------------------------------------------------------------- journal


def _flush_locked(path: Path, backup_keep: int | None, rejected: list[dict[str, Any]]) -> WriteResult:
    """Apply the journal's entries in one write; an entry that fails is rejected (added to
    `rejected`) and the rest tried again."""
    result = WriteResult("written", rejected=rejected)
    rejected.extend(journal.set_aside(path))
    for _attempt in range(100):
        entries = journal.entries(path)
        if not entries:
            return result
        flat: list[Any] = []
        owner: list[int] = []
        for i, e in enumerate(entries):
            for o in operations.flatten(operations.from_json(e["op"])):
                flat.append(o)
                owner.append(i)
        try:
            res = _transaction(path, lambda book, flat=flat: _apply_ops(book, flat), None, backup_keep)
        except (WriteRefused, WriteConflict) as exc:
            index = getattr(exc, "op_index", None)
            if index is None:
                raise
            bad = entries[owner[index]]
            journal.reject(path, bad, exc.code, exc.params)
            journal.remove(path, {bad["id"]})
            rejected.append({"op": bad["op"], "code": exc.code, "params": exc.params, "actor": bad.get("actor")})
            continue
        journal.remove(path, {e["id"] for e in entries})
        res.flushed = len(entries)
        res.rejected = rejected
        return res
    return result


# --------------------------------------------------------------------------- the transaction


def _tmp_prefix(path: Path) -> str:
    return f".{path.name}.write-"


def _clean_stale_temps(path: Path) -> None:
    # we hold the writer lock: any temp file of ours still there is from a killed writer
    prefix = _tmp_prefix(path)
    with contextlib.suppress(OSError), os.scandir(path.parent) as entries:
        for e in entries:
            if e.name.startswith(prefix) and e.name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    os.unlink(e.path)


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _replace(tmp: str, path: Path) -> None:
    for attempt in range(REPLACE_RETRIES):
        try:
            os.replace(tmp, path)
            return
        except PermissionError as exc:
            if attempt == REPLACE_RETRIES - 1:
                # still held (on Windows: opened by Excel meanwhile): the caller queues the change
                raise WorkbookBusy("write.in_use", path=str(path)) from exc
            _time.sleep(0.05 * (attempt + 1))


def _transaction(
    path: Path,
    edit: Callable[[Book], list[str]],
    expected: Any,
    backup_keep: int | None,
    known_ids: dict[str, tuple[int, int, int]] | None = None,
    prepared_in: Path | None = None,
) -> WriteResult:
    _clean_stale_temps(path)
    for _attempt in range(5):
        try:
            st0 = os.stat(path)
            data = path.read_bytes()
            st = os.stat(path)
            if (st0.st_size, st0.st_mtime_ns) != (st.st_size, st.st_mtime_ns) or len(data) != st.st_size:
                continue  # saved while we read it: read again
        except FileNotFoundError as exc:
            raise WriteRefused("write.no_file", path=str(path)) from exc
        except PermissionError as exc:
            raise WriteRefused("write.permission", path=str(path)) from exc
        if not st.st_mode & 0o222:  # marked read-only (on Windows too): the manager's "do not change"
            raise WriteRefused("write.read_only", path=str(path))
        fp = Fingerprint(len(data), st.st_mtime_ns, hashlib.sha256(data).hexdigest())
        reapplied = not _same(expected, fp)
        # the file as read becomes the backup under a second name (we never write into it, we
        # replace it); where that cannot be, the bytes read are written (and synced) as the
        # backup on a second thread meanwhile (file writes release the GIL). A write that does
        # not happen removes the backup again.
        linked = backup.link_backup(path, st)
        saving = _done(linked) if linked is not None else _background(backup.write_backup, path, data)
        try:
            gc_was_on = gc.isenabled()
            gc.disable()  # tens of thousands of short-lived row objects: collection pauses only cost time
            try:
                layouts = flush_points.recall(str(path))
                ready = prepared.recall(prepared_in, path) if prepared_in is not None else {}
                # the caller's count stands for this very file; a changed file may say otherwise
                given_keep = backup_keep if not reapplied else None
                known = known_ids if known_ids and _read_as_is(expected, fp) else None
                book, ids, changed, keep = _edited(data, edit, layouts, given_keep, known, ready)
            finally:
                if gc_was_on:
                    gc.enable()
            fd, tmp = tempfile.mkstemp(prefix=_tmp_prefix(path), suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as f:
                    book.write(f)  # straight to disk: no second copy of a large package in memory
                    f.flush()
                    os.fsync(f.fileno())
                    written = os.fstat(f.fileno())  # our file's own size and time (a rename keeps them)
                # sheets not rewritten keep their layouts: their bytes were copied
                kept = {part: lay for part, lay in layouts.items() if part not in book.pkg.replaced}
                laid = {**kept, **book.layouts()}
                rewritten = set(book.pkg.replaced)
                del book
                with contextlib.suppress(OSError):
                    os.chmod(tmp, st.st_mode & 0o777)
                bak = saving.result()
                now = os.stat(path)
                if (now.st_size, now.st_mtime_ns) != (st.st_size, st.st_mtime_ns):
                    # someone saved the workbook while we worked: start again from their file
                    os.unlink(tmp)
                    bak.unlink(missing_ok=True)
                    reapplied = True
                    continue
                _replace(tmp, path)
                flush_points.remember(str(path), laid)
                if prepared_in is not None:  # a sheet copied as it was is still the one prepared
                    prepared.forget(prepared_in, path, rewritten)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except BaseException:
            _discard(saving)
            raise
        _fsync_dir(path.parent)
        with contextlib.suppress(OSError):
            backup.rotate(path, keep)
        return WriteResult(
            "written",
            ids=ids,
            # no SHA-256 of the file just written: nothing reads one, and it cost a millisecond a
            # write; size and time tell this file from a later save (`_same` compares those then)
            fingerprint=Fingerprint(written.st_size, written.st_mtime_ns, ""),
            backup=bak,
            reapplied=reapplied,
            changed_parts=changed,
        )
    raise WriteConflict("write.keeps_changing", path=str(path))


def _edited(
    data: bytes,
    edit: Callable[[Book], list[str]],
    layouts: dict[str, flush_points.Layout],
    backup_keep: int | None,
    known_ids: dict[str, tuple[int, int, int]] | None = None,
    ready: dict[str, prepared.Prepared] | None = None,
) -> tuple[Book, list[str], list[str], int]:
    """The edit made on the file's bytes: (the book, the IDs it allocated, the parts it changed,
    the backups to keep). Sheets this process wrote last with flush points, or prepared
    (`prepare`), are read without their middle; if one of them needs its middle after an edit
    (`NeedsWholeSheet`), the edit is made again on the whole file."""
    if layouts or ready:
        try:
            return _edit(Book(data, layouts, known_ids, ready), edit, backup_keep)
        except NeedsWholeSheet:
            pass
    return _edit(Book(data, known_ids=known_ids), edit, backup_keep)


def _edit(
    book: Book, edit: Callable[[Book], list[str]], backup_keep: int | None
) -> tuple[Book, list[str], list[str], int]:
    ids = edit(book)
    keep = backup_keep if backup_keep is not None else _backup_keep(book)
    return book, ids, book.changed_parts(), keep


def _background(fn: Callable[..., Path], *args: Any) -> concurrent.futures.Future[Path]:
    """`fn(*args)` on a thread of its own (its file writes release the GIL)."""
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="backup")
    try:
        return pool.submit(fn, *args)
    finally:
        pool.shutdown(wait=False)  # the thread ends once the call is done


def _done(value: Path) -> concurrent.futures.Future[Path]:
    """`value` as a finished Future (so a linked backup is handled as a written one)."""
    done: concurrent.futures.Future[Path] = concurrent.futures.Future()
    done.set_result(value)
    return done


def _discard(saving: concurrent.futures.Future[Path]) -> None:
    """Wait for a backup and remove it: the write it was taken for did not happen."""
    with contextlib.suppress(Exception):
        saving.result().unlink(missing_ok=True)


def _backup_keep(book: Book) -> int:
    default = int(schema.SETTINGS_BY_KEY["backup_keep"].default)  # type: ignore[call-overload]
    try:
        b = _Binding.find(book, "settings")
    except WorkbookError:
        return default
    if b is None or "name" not in b.cols or "value" not in b.cols:
        return default
    rows = b.find_rows({"name": "backup_keep"})
    if len(rows) != 1:
        return default
    cell = b.sp.cell(rows[0], b.cols["value"])
    value = b.sp.cell_value(cell) if cell else None
    try:
        return max(1, int(float(str(value))))
    except (TypeError, ValueError):
        return default


# --------------------------------------------------------------------------- schema binding


_MISSING_OK = {"customer", "phone", "recorded_by", "by", "at", "note", "recorded_at"}  # filled for convenience only
# what a blank cell already reads as: a file without the column (made before it existed) loses nothing
_BLANK_READS_AS = {"outcome": "reached"}


@functools.lru_cache(maxsize=64)
def _known_tokens(sheet_key: str) -> frozenset[str]:
    return frozenset(schema.normalize_token(n) for c in schema.sheet(sheet_key).columns for n in c.names())


class _Binding:
    """One declared sheet found in the file: its part, header row, columns and language."""

    def __init__(self, book: Book, decl: schema.Sheet, sp: SheetPart) -> None:
        self.book = book
        self.decl = decl
        self.sp = sp
        known = _known_tokens(decl.key)

        def header_rows(last: int) -> list[list[Any]]:
            top = sp.rows_values(1, last)
            width = max((max(r) for r in top.values() if r), default=0)
            # data cells can never name a column: blank them so the shared matcher has little to do
            return [
                [
                    v if isinstance(v, str) and schema.normalize_token(v) in known else None
                    for v in (top.get(r, {}).get(c) for c in range(1, width + 1))
                ]
                for r in range(1, last + 1)
            ]

        # the row that names the most columns wins, the first of equals: a first row that names
        # them all is the header, without reading (and resolving the strings of) the rows below
        rows = header_rows(1)
        found = schema.find_header_row(decl, rows)
        if found is None or len(found[1]) < len(decl.columns):
            rows = header_rows(schema.HEADER_SCAN_ROWS)
            found = schema.find_header_row(decl, rows)
        if found is None:
            raise WriteRefused("write.no_header", sheet=sp.name)
        idx, colmap = found
        self.header_row = idx + 1
        self.cols = {k: i + 1 for k, i in colmap.items()}
        self.known_id = book.known_ids.get(decl.key)
        self.headers = {k: str(rows[idx][i]) for k, i in colmap.items()}
        zh = sum(
            schema.normalize_token(self.headers[k]) == schema.normalize_token(decl.column(k).zh) for k in self.cols
        )
        en = sum(
            schema.normalize_token(self.headers[k]) == schema.normalize_token(decl.column(k).en) for k in self.cols
        )
        name = schema.normalize_token(sp.name)
        zh += name == schema.normalize_token(decl.zh)
        en += name == schema.normalize_token(decl.en)
        self.lang: schema.Lang = "en" if en > zh else "zh"

    @classmethod
    def find(cls, book: Book, sheet_key: str) -> _Binding | None:
        decl = schema.sheet(sheet_key)
        candidates = [s for s in book.sheets if (m := schema.match_sheet(s.name)) is not None and m.key == sheet_key]
        if not candidates:
            return None
        exact = [s for s in candidates if s.name in (decl.zh, decl.en)]
        info = (exact or candidates)[0]
        return cls(book, decl, book.sheet(info.name))

    # ---------------------------------------------------------------- values

    def header(self, key: str) -> str:
        return self.headers.get(key) or self.decl.column(key).header(self.lang)

    def canon_cell(self, col: schema.Column, raw: Any) -> Any:
        """A cell's value in the reader's terms, to compare with an operation's value."""
        return codecs.codec_for(col, self.decl.key).canon(raw, date1904=self.book.date1904)

    def canon_value(self, col: schema.Column, value: Any) -> Any:
        """An operation's value in comparable form (the key canonicaliser's)."""
        return codecs.key(col, value, self.decl.key)

    def written(self, col: schema.Column, value: Any, setting: str | None = None) -> Written:
        """How an operation's value is put in a cell of this column, in this sheet's language."""
        try:
            if self.decl.key == "settings" and col.key == "value" and setting in schema.SETTINGS_BY_KEY:
                return codecs.setting_cell(schema.SETTINGS_BY_KEY[setting], value, self.lang)
            return codecs.codec_for(col, self.decl.key).cell(value, self.lang)
        except codecs.Refusal as refusal:
            if refusal.code == "write.too_long":
                raise WriteRefused(
                    refusal.code, sheet=self.sp.name, cell=self.header(col.key), **refusal.params
                ) from None
            raise WriteRefused(
                refusal.code,
                sheet=self.sp.name,
                column=self.header(col.key),
                value=str(operations.plain(value))[:80],
                **refusal.params,
            ) from None

    # ---------------------------------------------------------------- rows

    def col_or_add(self, key: str) -> int:
        """The column of `key`, added to the sheet first where an older workbook lacks it (not a
        required column: the reader already reports that one missing, and every row would lack it)."""
        if key in self.cols or self.decl.column(key).required:
            return self.col_or_refuse(key)
        self.cols[key] = upgrade.add_column(self.book, self.sp, self.header_row, self.lang, self.decl, key)
        self.headers[key] = self.decl.column(key).header(self.lang)
        return self.cols[key]

    def col_or_refuse(self, key: str) -> int:
        if key not in self.cols:
            raise WriteRefused("write.no_column", sheet=self.sp.name, column=self.decl.column(key).header(self.lang))
        return self.cols[key]

    def find_rows(self, key: dict[str, Any]) -> list[int]:
        rows: set[int] | None = None
        for k, v in key.items():
            if v is None or v == "":
                continue
            col = self.decl.column(k)
            target = self.canon_value(col, v)
            if rows is not None and len(rows) <= 200:
                # a composite key: the first column left few rows; read their cells, not the column
                ci = self.col_or_refuse(k)
                found = set()
                for r in rows:
                    cell = self.sp.cell(r, ci)
                    if self.canon_cell(col, self.sp.cell_value(cell) if cell else None) == target:
                        found.add(r)
                rows = found
                continue
            text_key = (
                col.type == "text" and target is not None and not (self.decl.key == "settings" and col.key == "name")
            )
            if text_key and isinstance(target, str):
                # an ID: search the sheet for it rather than read the whole column, where that is exact
                hit_rows = self.sp.rows_with_text(self.col_or_refuse(k), target, self.header_row + 1)
                if hit_rows is not None:
                    rows = set(hit_rows) if rows is None else rows & hit_rows
                    continue
            values = self.sp.column_values(self.col_or_refuse(k), self.header_row + 1)
            if text_key:
                # a text key (an ID): a text cell compares stripped, exactly as canon_cell would
                canon = self.canon_cell
                hit = {
                    r
                    for r, raw in values.items()
                    if (raw.strip() if raw.__class__ is str else canon(col, raw)) == target
                }
            else:
                canon_of = codecs.codec_for(col, self.decl.key).canon  # looked up once for the whole column
                date1904 = self.book.date1904
                hit = {r for r, raw in values.items() if canon_of(raw, date1904=date1904) == target}
            rows = hit if rows is None else rows & hit
        return sorted(rows or ())

    def current(self, r: int, keys: list[str]) -> dict[str, Any]:
        cells = {c.col: c for c in self.sp.row_cells(r)}
        out = {}
        for k in keys:
            if k in self.cols:
                cell = cells.get(self.cols[k])
                out[k] = self.canon_cell(self.decl.column(k), self.sp.cell_value(cell) if cell else None)
        return out

    def next_id(self) -> str:
        prefix = self.decl.id_prefix or ""
        col = self.col_or_refuse(self.decl.key_columns[0])
        known, self.known_id = self.known_id, None  # good for the first ID only: the sheet holds it from then on
        if prefix and known is not None and known[0] == self.header_row and not self.sp.edited:
            quick: tuple[int, int] | None = (known[1], known[2])
        else:  # the column read where the quick way cannot tell, and kept for the layout of the next write
            quick = self.sp.highest_id(col, prefix, self.header_row + 1) if prefix else None
        if quick is not None:
            best, width = quick[0], max(4, quick[1])
        else:
            digits = self.sp.id_numbers(col, prefix, self.header_row + 1)
            best = max(map(int, digits), default=0)
            width = max(4, max(map(len, digits), default=0))
        return f"{prefix}{best + 1:0{width}d}"


# --------------------------------------------------------------------------- applying ops


class _Context:
    def __init__(self, book: Book) -> None:
        self.book = book
        self._bindings: dict[str, _Binding] = {}
        self._found: dict[str, _Binding | None] = {}

    def _find(self, sheet_key: str) -> _Binding | None:
        # a sheet's header is found once per write, however many operations look at it
        if sheet_key not in self._found:
            self._found[sheet_key] = _Binding.find(self.book, sheet_key)
        return self._found[sheet_key]

    def binding(self, sheet_key: str) -> _Binding:
        if sheet_key not in self._bindings:
            b = self._find(sheet_key)
            if b is None:
                b = self._add_sheet(sheet_key)
            if b.sp.is_protected():
                raise WriteRefused("write.protected", sheet=b.sp.name)
            self._bindings[sheet_key] = b
        return self._bindings[sheet_key]

    def _add_sheet(self, sheet_key: str) -> _Binding:
        """A sheet an older workbook lacks, added now; only sheets the schema does not require
        (a workbook without a required one is not usable: the reader reports it)."""
        decl = schema.sheet(sheet_key)
        if decl.required:
            raise WriteRefused("write.no_sheet_for", sheet=f"{decl.zh} / {decl.en}")
        # the new sheet speaks the customers sheet's language and wears its header's cell format
        model = self._find("customers")
        lang: schema.Lang = model.lang if model is not None else "zh"
        first = model.sp.row_cells(model.header_row) if model is not None else []
        style = int(first[0].attrs["s"]) if first and "s" in first[0].attrs else None
        b = _Binding(self.book, decl, upgrade.add_sheet(self.book, decl, lang, style))
        self._found[sheet_key] = b
        return b

    def _key_text(self, b: _Binding, key: dict[str, Any]) -> str:
        return ", ".join(f"{b.header(k)}={v}" for k, v in key.items() if v not in (None, ""))

    def _fill_from_customer(self, b: _Binding, values: dict[str, Any]) -> None:
        """Name, phone and consultant of a record's customer, by `operations.customer_fills`."""
        cid = values.get("customer_id")
        if cid in (None, "") or b.decl.key == "customers" or "customer_id" not in b.decl.column_keys():
            return
        cb = self._find("customers")
        if cb is None or "customer_id" not in cb.cols:
            return
        rows = cb.find_rows({"customer_id": cid})
        if not rows:
            # a typo in an ID would file the record under nobody: refuse it
            raise WriteRefused("write.unknown_customer", customer_id=str(cid))
        fills = operations.customer_fills(b.decl.key, values)
        if len(rows) > 1 or not fills:
            return
        got = cb.current(rows[0], [src for _, src in fills])
        for k, src in fills:
            v = got.get(src)
            if v not in (None, ""):
                values[k] = v

    def _link_customer(self, b: _Binding, values: dict[str, Any]) -> None:
        """A record about a customer added by hand without an ID is linked by phone, and that
        customer gets an ID now: the first write about a row gives it its ID (CONTRACTS.md)."""
        if b.decl.key == "customers" or "customer_id" not in b.decl.column_keys():
            return
        if values.get("customer_id") not in (None, "") or values.get("phone") in (None, ""):
            return
        cb = self._find("customers")
        if cb is None or "customer_id" not in cb.cols or "phone" not in cb.cols:
            return
        rows = cb.find_rows({"phone": values["phone"]})
        if len(rows) != 1:
            return  # no card (a walk-in) or the phone is ambiguous: the record stays as typed
        cid = cb.current(rows[0], ["customer_id"]).get("customer_id")
        if cid in (None, ""):
            cid = self.update(operations.Update("customers", {"phone": values["phone"]}, {}), rows)
        values["customer_id"] = cid

    def append(self, op: operations.Append) -> str | None:
        b = self.binding(op.sheet)
        values = dict(op.values)
        self._link_customer(b, values)
        self._fill_from_customer(b, values)
        new_id = None
        idc = b.decl.id_column
        if idc:
            if values.get(idc) in (None, ""):
                if idc in b.cols:
                    new_id = values[idc] = b.next_id()
            elif b.find_rows({idc: values[idc]}):
                raise WriteRefused("write.duplicate_id", sheet=b.sp.name, id=str(values[idc]))
        for c in b.decl.columns:
            if c.required and values.get(c.key) in (None, "") and c.key in b.cols:
                raise WriteRefused("write.missing_required", sheet=b.sp.name, column=b.header(c.key))
        cells: dict[str | int, Any] = {}
        for k, v in values.items():
            if k not in b.cols:
                if v in (None, "") or k in _MISSING_OK or _BLANK_READS_AS.get(k) == v:
                    continue
                b.col_or_add(k)
        setting = values.get("name") if b.decl.key == "settings" else None
        if b.decl.key == "settings" and "note" in b.cols and values.get("note") is None:
            values["note"] = codecs.setting_note(setting, b.lang)
        for k, ci in b.cols.items():
            cells[ci] = b.written(b.decl.column(k), values.get(k), setting)
        b.sp.append_row(cells, header_row=b.header_row)
        b.sp.commit()
        return new_id

    def update(self, op: operations.Update | operations.Upsert, rows: list[int] | None = None) -> str | None:
        b = self.binding(op.sheet)
        if rows is None:
            rows = b.find_rows(op.key)
        if not rows:
            raise WriteConflict("write.row_gone", sheet=b.sp.name, key=self._key_text(b, op.key))
        if len(rows) > 1:
            raise WriteRefused(
                "write.ambiguous_key",
                sheet=b.sp.name,
                key=self._key_text(b, op.key),
                rows=", ".join(map(str, rows[:10])),
            )
        r = rows[0]
        expect = op.expect if isinstance(op, operations.Update) else None
        values = dict(op.values)
        cur = b.current(r, list(set(values) | set(expect or {}) | set(b.decl.key_columns)))
        for k, seen in (expect or {}).items():
            col = b.decl.column(k)
            now = cur.get(k)
            if now != b.canon_value(col, seen) and now != b.canon_value(col, values.get(k)):
                raise WriteConflict(
                    "write.changed_cell",
                    sheet=b.sp.name,
                    row=r,
                    column=b.header(k),
                    expected="" if seen is None else str(seen),
                    found="" if now is None else str(now),
                )
        new_id = None
        idc = b.decl.id_column
        if idc and idc in b.cols and cur.get(idc) in (None, "") and values.get(idc) in (None, ""):
            new_id = values[idc] = b.next_id()  # a hand-added row gets its ID the first time we write it
        setting = cur.get("name") if b.decl.key == "settings" else None
        cells: dict[int, Any] = {}
        for k, v in values.items():
            if k not in b.cols:
                if v in (None, "") or k in _MISSING_OK or _BLANK_READS_AS.get(k) == v:
                    continue
                b.col_or_add(k)
            cells[b.cols[k]] = b.written(b.decl.column(k), v, setting)
        above = r - 1 if r - 1 > b.header_row else None
        b.sp.set_cells(r, cells, above=above)
        b.sp.commit()
        return new_id

    def upsert(self, op: operations.Upsert) -> str | None:
        b = self.binding(op.sheet)
        rows = b.find_rows(op.key)
        if not rows:
            return self.append(operations.Append(op.sheet, {**op.values, **op.key}))
        return self.update(op, rows)


def _apply_ops(book: Book, ops: list[Any]) -> list[str]:
    ctx = _Context(book)
    ids: list[str] = []
    for i, op in enumerate(ops):
        try:
            if isinstance(op, operations.Append):
                new = ctx.append(op)
            elif isinstance(op, operations.Upsert):
                new = ctx.upsert(op)
            elif isinstance(op, operations.Update):
                new = ctx.update(op)
            else:
                raise TypeError(f"not an operation: {op!r}")
        except WorkbookError as exc:
            exc.op_index = i  # type: ignore[attr-defined]
            raise
        if new:
            ids.append(new)
    return ids
