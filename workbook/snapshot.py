"""A typed snapshot of a workbook's last read, kept in a cache folder: `save(wb, folder, today)`, `load(path, folder, today)`.

Opening a workbook whose bytes have not changed since the last read takes the snapshot instead
of parsing the file: each sheet's typed frame as an Arrow IPC file (zstd), the settings, problems
and where everything was found as JSON. A snapshot is `current` when it was made from the file as
it is now (path, size, mtime and the SHA-256 of its bytes) by this version of the reader
(`version()`: a hash of the reader's own code, every module of `workbook/`, so the schema and the
codecs too, and of the pandas and pyarrow versions), and holds for the day asked about: made that
day, or placing no date typed without a year (11月3日 takes the year nearest to `today`). So the
first open of a new day takes it too. One that is not current still carries what a new read needs
to take every sheet whose sources did not change from it (the next morning after an evening's
edits in Excel, only the changed sheets, or only the rows appended, are parsed). A snapshot of
another version of the reader, or one that cannot be read back, is removed. One snapshot is kept
per workbook and only the last `KEEP` workbooks' (the L sample's is ~70 MB).

Settings and problem parameters are written as JSON with dates tagged; a read whose values would
not come back equal (anything JSON cannot carry) is not snapshotted, so a snapshot, when there is
one, gives exactly what the read gave."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.ipc as ipc

from workbook import codecs
from workbook.appended import RowsStamp
from workbook.errors import Problem
from workbook.guard import GuardReport, SheetExtent, TableExtent, read_bytes
from workbook.reading import LoadedWorkbook, SheetRead

FORMAT = 1
KEEP = 3  # workbooks whose snapshot is kept: the one open and a couple opened before
_META = "meta.json"
_BATCH_ROWS = 65_536
_CODE = Path(__file__).resolve().parent
_version: str | None = None


class _NotPlain(ValueError):
    """A value JSON cannot carry exactly: the read is not snapshotted."""


def version() -> str:
    """What a snapshot must have been made by: the reader's code and the libraries holding the frames."""
    global _version
    if _version is None:
        h = hashlib.sha256(f"{FORMAT} pandas {pd.__version__} pyarrow {pa.__version__}".encode())
        for module in sorted(_CODE.glob("*.py")):
            h.update(module.name.encode() + b"\0" + module.read_bytes())
        _version = h.hexdigest()
    return _version


def entry(path: Path, folder: Path) -> Path:
    """The folder holding the snapshot of the workbook at `path` (one per workbook)."""
    return folder / hashlib.sha256(str(Path(path).resolve()).encode()).hexdigest()[:24]


def save(wb: LoadedWorkbook, folder: Path, today: dt.date) -> Path | None:
    """Keep `wb` (a read of the file as it is now) as the snapshot of its workbook; None when it cannot be kept."""
    target = entry(wb.path, folder)
    try:
        meta = _meta(wb, today)
    except _NotPlain:
        shutil.rmtree(target, ignore_errors=True)  # an earlier version's snapshot would only be loaded for nothing
        return None
    folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".new-", dir=folder))
    try:
        options = ipc.IpcWriteOptions(compression="zstd")
        for i, (key, frame) in enumerate(wb.frames.items()):
            schema = pa.Schema.from_pandas(frame, preserve_index=False)
            with pa.OSFile(str(work / f"{i}.arrow"), "wb") as sink, ipc.new_file(sink, schema, options=options) as w:
                # a slice at a time: the Arrow copy of a 900k-row sheet is never held whole beside the frame
                for start in range(0, max(len(frame), 1), _BATCH_ROWS):
                    part = frame.iloc[start : start + _BATCH_ROWS]
                    w.write_table(pa.Table.from_pandas(part, schema=schema, preserve_index=False))
            meta["sheets"].append(key)
        (work / _META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)
        os.replace(work, target)
    except OSError:
        shutil.rmtree(work, ignore_errors=True)
        return None
    _prune(folder)
    return target


@dataclass(frozen=True)
class Kept:
    """A workbook's snapshot: the read it holds, and whether that read is `current`: made from the file
    as it is now, and holding for the day asked about. One that is not still lets a new read take from
    it every sheet whose sources did not change (`read_workbook(previous=...)`)."""

    workbook: LoadedWorkbook
    current: bool


def load(path: Path, folder: Path, today: dt.date) -> Kept | None:
    """The snapshot of the workbook at `path`, or None when there is none this version of the reader can use.

    A snapshot made by another version, one of no use to a new read (`_reads` could not keep what it
    needs) and not current, or one that cannot be read back, is removed.
    """
    target = entry(path, folder)
    try:
        meta = json.loads((target / _META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        if target.exists():
            shutil.rmtree(target, ignore_errors=True)
        return None
    try:
        st = Path(path).stat()
        current = (
            (meta.get("size"), meta.get("mtime_ns")) == (st.st_size, st.st_mtime_ns)
            and meta.get("version") == version()
            and _holds_on(meta, today)
        )
        # the stat matched: the bytes' hash is what proves them unchanged (a copy can keep size and time)
        if current and read_bytes(path)[4] != meta.get("sha256"):
            current = False
    except Exception:  # a file gone or unreadable: the reader says why, and a snapshot is of no use to it
        return None
    if meta.get("version") != version() or (not current and meta.get("reads") is None):
        shutil.rmtree(target, ignore_errors=True)
        return None
    try:
        wb = _from_meta(meta, target, Path(path))
    except Exception:  # a damaged snapshot (a disk error, a write cut short): read the workbook instead
        shutil.rmtree(target, ignore_errors=True)
        return None
    os.utime(target)  # kept among the last few
    return Kept(wb, current)


def _holds_on(meta: dict[str, Any], today: dt.date) -> bool:
    """Whether the read holds for `today`: made that day, or placing no date typed without a year by it."""
    return meta.get("today") == today.isoformat() or not codecs.depends_on_today(row[1] for row in meta["problems"])


def _prune(folder: Path) -> None:
    entries = sorted((p for p in folder.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)


# --------------------------------------------------------------------------- what JSON carries


def _meta(wb: LoadedWorkbook, today: dt.date) -> dict[str, Any]:
    size, mtime_ns, sha = wb.fingerprint
    problems = [_plain([p.severity, p.code, p.params, p.sheet, p.row, p.column, p.value]) for p in wb.problems]
    meta = {
        "format": FORMAT,
        "version": version(),
        "path": str(wb.path),
        "size": size,
        "mtime_ns": mtime_ns,
        "sha256": sha,
        "today": today.isoformat(),
        "lang": wb.lang,
        "date1904": wb.date1904,
        "settings": _plain(wb.settings),
        "problems": problems,
        "sheet_names": wb.sheet_names,
        "headers": wb.headers,
        "header_rows": wb.header_rows,
        "highest_ids": {k: list(v) for k, v in wb.highest_ids.items()},
        "guard_seconds": wb.guard_seconds,
        "sheets": [],
    }
    back = json.loads(json.dumps(meta, ensure_ascii=False))
    if _unplain(back["settings"]) != wb.settings or _problems(back["problems"]) != wb.problems:
        raise _NotPlain("settings or problems")
    if (back["sheet_names"], back["headers"], back["header_rows"]) != (wb.sheet_names, wb.headers, wb.header_rows):
        raise _NotPlain("where the sheets were found")
    meta["reads"] = _reads(wb)
    return meta


def _reads(wb: LoadedWorkbook) -> dict[str, Any] | None:
    """What a later read of the changed file needs to take unchanged sheets from this one (the
    guard's report, each sheet's sources and problems); None when it would not come back equal."""
    if wb.guard is None or set(wb.sheet_reads) - set(wb.frames):
        return None
    g = wb.guard
    guard = [
        g.size,
        g.mtime_ns,
        g.sha256,
        g.date1904,
        [list(_extent(x)) for x in g.sheets],
        g.inflated,
        g.seconds,
        g.members,
    ]
    sheets = {
        key: [
            r.source,
            r.problems,
            r.headers,
            r.header_row,
            r.votes,
            r.settings_raw,
            r.guessed,
            r.dated,
            r.strings,
            r.highest_id,
            None if r.columns is None else [r.columns[0], r.columns[1]],
        ]
        for key, r in wb.sheet_reads.items()
    }
    try:
        out = {"guard": _plain(guard), "sheets": _plain(sheets)}
    except _NotPlain:
        return None
    back = json.loads(json.dumps(out, ensure_ascii=False))
    frames = {key: r.frame for key, r in wb.sheet_reads.items()}
    again = _reads_from(back, wb.path, frames)
    if again is None or again[0] != dataclasses.replace(g, path=wb.path) or again[1] != wb.sheet_reads:
        return None
    return out


def _extent(x: SheetExtent) -> tuple[Any, ...]:
    tables = [list(dataclasses.astuple(t)) for t in x.tables]
    rows = None if x.rows is None else list(dataclasses.astuple(x.rows))
    return (x.name, x.part, x.max_row, x.max_col, x.exact, x.inflated, tables, rows)


def _reads_from(
    reads: dict[str, Any] | None, path: Path, frames: dict[str, pd.DataFrame]
) -> tuple[GuardReport, dict[str, SheetRead]] | None:
    if not reads:
        return None
    size, mtime_ns, sha, date1904, extents, inflated, seconds, members = _unplain(reads["guard"])
    guard = GuardReport(
        path=path,
        size=size,
        mtime_ns=mtime_ns,
        sha256=sha,
        date1904=date1904,
        sheets=tuple(
            SheetExtent(
                n,
                part,
                rows,
                cols,
                exact,
                inf,
                tuple(TableExtent(*t) for t in tables),
                None if stamp is None else RowsStamp(*stamp),
            )
            for n, part, rows, cols, exact, inf, tables, stamp in extents
        ),
        inflated=inflated,
        seconds=seconds,
        members={k: tuple(v) for k, v in members.items()},  # type: ignore[misc]
    )
    sheets: dict[str, SheetRead] = {}
    for key, (
        source,
        problems,
        headers,
        header_row,
        votes,
        settings_raw,
        guessed,
        dated,
        strings,
        highest,
        columns,
    ) in _unplain(reads["sheets"]).items():
        sheets[key] = SheetRead(
            source=_with_tables(source),
            frame=frames[key],
            problems=tuple(problems),
            headers=headers,
            header_row=header_row,
            votes=votes,
            settings_raw=settings_raw,
            guessed=guessed,
            dated=dated,
            strings=strings,
            highest_id=highest,
            columns=None if columns is None else (columns[0], columns[1]),
        )
    return guard, sheets


def _with_tables(source: tuple[Any, ...]) -> tuple[Any, ...]:
    """A sheet's sources as the reader makes them: its tables as TableExtent (JSON keeps their fields only)."""
    name, part, stamp, tables, *rest = source
    return (name, part, stamp, None if tables is None else tuple(TableExtent(*t) for t in tables), *rest)


def _from_meta(meta: dict[str, Any], target: Path, path: Path) -> LoadedWorkbook:
    frames: dict[str, pd.DataFrame] = {}
    for i, key in enumerate(meta["sheets"]):
        with pa.OSFile(str(target / f"{i}.arrow"), "rb") as source:
            frames[key] = ipc.open_file(source).read_all().to_pandas()
    reads = _reads_from(meta.get("reads"), path, frames)
    return LoadedWorkbook(
        path=path,
        lang=meta["lang"],
        frames=frames,
        settings=_unplain(meta["settings"]),
        problems=_problems(meta["problems"]),
        sheet_names=meta["sheet_names"],
        headers=meta["headers"],
        fingerprint=(meta["size"], meta["mtime_ns"], meta["sha256"]),
        date1904=meta["date1904"],
        header_rows={k: int(v) for k, v in meta["header_rows"].items()},
        guard_seconds=meta["guard_seconds"],
        highest_ids={k: (int(h), int(n), int(d)) for k, (h, n, d) in meta["highest_ids"].items()},
        guard=reads[0] if reads is not None else None,
        sheet_reads=reads[1] if reads is not None else {},
    )


def _problems(rows: list[Any]) -> list[Problem]:
    return [Problem(*_unplain(row)) for row in rows]


def _plain(v: Any) -> Any:
    """A value as JSON, dates and tuples tagged; raises _NotPlain for anything else."""
    if v is None or isinstance(v, bool | str):
        return v
    if isinstance(v, int | float) and type(v) in (int, float):
        return v
    if isinstance(v, dt.datetime):
        return {"$datetime": v.isoformat()}
    if isinstance(v, dt.date):
        return {"$date": v.isoformat()}
    if isinstance(v, TableExtent):
        return {"$tuple": [_plain(x) for x in dataclasses.astuple(v)]}
    if isinstance(v, Problem):
        return {"$problem": [_plain(x) for x in (v.severity, v.code, v.params, v.sheet, v.row, v.column, v.value)]}
    if isinstance(v, tuple):
        return {"$tuple": [_plain(x) for x in v]}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if isinstance(v, dict) and all(isinstance(k, str) and not k.startswith("$") for k in v):
        return {k: _plain(x) for k, x in v.items()}
    raise _NotPlain(type(v).__name__)


def _unplain(v: Any) -> Any:
    if isinstance(v, list):
        return [_unplain(x) for x in v]
    if isinstance(v, dict):
        if "$datetime" in v:
            return dt.datetime.fromisoformat(v["$datetime"])
        if "$date" in v:
            return dt.date.fromisoformat(v["$date"])
        if "$tuple" in v:
            return tuple(_unplain(x) for x in v["$tuple"])
        if "$problem" in v:
            return Problem(*(_unplain(x) for x in v["$problem"]))
        return {k: _unplain(x) for k, x in v.items()}
    return v
