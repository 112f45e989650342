"""One measurement in a fresh process: `python -m bench.measure KIND WORKBOOK [--today D]`.

Prints one JSON line: {"kind", "seconds", "peak_rss_mb", ...extra}. `seconds` covers only
the measured step (imports and set-up excluded); `peak_rss_mb` is the process's peak
resident memory, so every kind carries the same interpreter and import baseline.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import sys
import tempfile
import time
import zipfile
import zlib
from datetime import date, datetime
from pathlib import Path


def _peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mb() -> float:
    """The process's resident memory now."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def raw_calamine(path: Path, today: date) -> dict:
    """The floor for reading: python-calamine, every sheet to Python lists, nothing typed."""
    import python_calamine

    t0 = time.perf_counter()
    wb = python_calamine.load_workbook(str(path))
    cells = 0
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).to_python()
        cells += sum(len(r) for r in rows)
    return {"seconds": time.perf_counter() - t0, "cells": cells}


def guard(path: Path, today: date) -> dict:
    """The guard's own scan (zip sizes, real extents), reported on its own line."""
    from workbook.guard import vet

    t0 = time.perf_counter()
    vet(path)
    return {"seconds": time.perf_counter() - t0}


def typed_load(path: Path, today: date) -> dict:
    """The product's load: guard, calamine, typing, checks, problems. The guard's share is
    timed inside the same load, so it can be reported on its own line."""
    from workbook import reading

    inner = reading.vet
    spent = [0.0]

    def timed_vet(*args, **kwargs):
        g0 = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - g0

    reading.vet = timed_vet  # instrumentation of this process only: the load itself is unchanged
    t0 = time.perf_counter()
    wb = reading.read_workbook(path)
    seconds = time.perf_counter() - t0
    return {
        "seconds": seconds,
        "guard_seconds": spent[0],
        "rows": {k: len(v) for k, v in wb.frames.items()},
        "problems": len(wb.problems),
    }


def due_list(path: Path, today: date) -> dict:
    """The follow-up due list for every consultant, on an already loaded workbook."""
    from logic.followups import due_followups
    from workbook.reading import read_workbook

    wb = read_workbook(path)
    t0 = time.perf_counter()
    items = due_followups(wb.frames, wb.settings, today)
    return {"seconds": time.perf_counter() - t0, "items": len(items)}


def _work_copy(path: Path) -> tuple[Path, Path]:
    folder = Path(tempfile.mkdtemp(prefix="bench-write-"))
    target = folder / path.name
    shutil.copyfile(path, target)
    return folder, target


def _sheet_rows(path: Path, sheet_key: str) -> tuple[list[list], int, dict[str, int]]:
    """A declared sheet's rows, read with calamine alone (so neither the time nor the peak
    memory of a full load is carried into the write measured after it), its header row's
    index and {column key: index}."""
    import python_calamine

    from workbook import schema

    decl = schema.sheet(sheet_key)
    wb = python_calamine.load_workbook(str(path))
    name = next(n for n in wb.sheet_names if (m := schema.match_sheet(n)) is not None and m.key == sheet_key)
    rows = wb.get_sheet_by_name(name).to_python()
    found = schema.find_header_row(decl, rows[: schema.HEADER_SCAN_ROWS])
    assert found is not None, f"no header on {name}"
    return rows, found[0], found[1]


def _first_row(path: Path, sheet_key: str) -> dict:
    """The middle data row of a sheet, by column key."""
    rows, header, cols = _sheet_rows(path, sheet_key)
    data = [r for r in rows[header + 1 :] if any(v not in ("", None) for v in r)]
    row = data[len(data) // 2]
    return {k: row[i] for k, i in cols.items()}


def _as_read_by_the_app(path: Path) -> dict:
    """What the app holds from its last read and passes to every write (ui/session.write):
    the file's fingerprint and the backup count in its settings. Read with calamine from the
    settings sheet alone: the writer's own `_backup_keep` would hold the whole package in
    memory here and raise the write's measured peak (M tick: 142 -> 165 MB)."""
    from workbook import schema
    from workbook.writing import fingerprint

    keep = int(schema.SETTINGS_BY_KEY["backup_keep"].default)  # type: ignore[call-overload]
    rows, header, cols = _sheet_rows(path, "settings")
    for row in rows[header + 1 :]:
        setting = schema.match_setting(str(row[cols["name"]]))
        if setting is not None and setting.key == "backup_keep" and row[cols["value"]] not in ("", None):
            keep = max(1, int(float(row[cols["value"]])))
    return {"expected": fingerprint(path), "backup_keep": keep}


def _write(path: Path, make_ops) -> dict:
    from workbook.writing import apply

    folder, target = _work_copy(path)
    try:
        ops = make_ops(target)
        held = _as_read_by_the_app(target)
        t0 = time.perf_counter()
        result = apply(target, ops, actor="bench", **held)
        seconds = time.perf_counter() - t0
        return {"seconds": seconds, "status": result.status}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _write_next(path: Path, make_ops) -> dict:
    """The app's next click: the same kind of write again in the same process, after a first one
    (which lays the flush points in the large sheets it rewrites; only the second is timed)."""
    from workbook.writing import apply

    folder, target = _work_copy(path)
    try:
        apply(target, make_ops(target), actor="bench")
        ops = make_ops(target)
        held = _as_read_by_the_app(target)
        t0 = time.perf_counter()
        result = apply(target, ops, actor="bench", **held)
        seconds = time.perf_counter() - t0
        return {"seconds": seconds, "status": result.status}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def write_followup_done(path: Path, today: date) -> dict:
    """Mark a follow-up done: a contact with its follow-up kind, and the customer's grade."""
    return _write(path, _followup_done_ops(today))


def _followup_done_ops(today: date):
    from workbook import operations as ops

    def make(target: Path):
        customer = _first_row(target, "customers")
        return [
            ops.log_contact(
                customer_id=customer["customer_id"],
                consultant=customer["consultant"],
                type="call",
                on=today,
                result="bench",
                followup_kind="monthly",
                grade="B",
            )
        ]

    return make


def _append_contact_ops(today: date):
    from workbook import operations as ops

    def make(target: Path):
        customer = _first_row(target, "customers")
        return [
            ops.log_contact(
                customer_id=customer["customer_id"],
                consultant=customer["consultant"],
                type="visit",
                on=today,
                result="bench",
            )
        ]

    return make


def write_followup_done_next(path: Path, today: date) -> dict:
    """Mark a follow-up done as the app's next click (a write in the same process before it)."""
    return _write_next(path, _followup_done_ops(today))


def write_append_contact_next(path: Path, today: date) -> dict:
    """Append one contact as the app's next click (a write in the same process before it)."""
    return _write_next(path, _append_contact_ops(today))


def write_tick(path: Path, today: date) -> dict:
    """Tick one delivery-checklist item (an upsert on a grid sheet)."""
    from workbook import operations as ops

    def make(target: Path):
        delivery = _first_row(target, "deliveries")
        return [ops.set_checklist_item(delivery["delivery_id"], "PRE-01", True, by="bench", at=datetime.now())]

    return _write(path, make)


def write_append_contact(path: Path, today: date) -> dict:
    """Append one contact row."""
    return _write(path, _append_contact_ops(today))


def _click_log(path: Path, today: date, *, reread: bool) -> dict:
    """Logging a due follow-up in the app, click to confirmation, without the browser: the app's
    own write (`ui.session.write`'s call of the writer, with what its last read holds), then what
    the next rerun does before the page shows the result: the cached load and the due list.
    `reread` drops the cache after the write, as the app did before `loading.after_write`."""
    from logic.followups import due_followups
    from ui import loading
    from workbook import operations as ops
    from workbook.writing import apply

    folder, target = _work_copy(path)
    try:
        held = loading.load(target)  # the page as the manager sees it before the click
        loading.wait_for_snapshots()  # the read's snapshot is written on a thread: not during the timed click
        wb = held.workbook
        assert wb is not None, held.error or held.internal
        customer = wb.frames["customers"].iloc[len(wb.frames["customers"]) // 2]
        op = ops.log_contact(
            customer["customer_id"], "call", today, result="bench", consultant=customer["consultant"],
            followup_kind="grade_interval", time="10:00", recorded_by="bench",
        )  # fmt: skip
        keep = wb.settings.get("backup_keep")
        t0 = time.perf_counter()
        result = apply(target, [op], actor="bench", expected=wb.fingerprint, backup_keep=int(keep) if keep else None)
        wrote = time.perf_counter() - t0
        overlaid = not reread and loading.after_write(target, held, [op], result)
        if not overlaid:
            loading.invalidate(target)
        shown = loading.load(target)
        assert shown.workbook is not None
        items = due_followups(shown.workbook.frames, shown.workbook.settings, today, lang=shown.workbook.lang)
        seconds = time.perf_counter() - t0
        return {
            "seconds": seconds,
            "write_seconds": wrote,
            "overlaid": overlaid,
            "status": result.status,
            "items": len(items),
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def click_log(path: Path, today: date) -> dict:
    """Log a due follow-up: the write, then the rerun draws from the workbook held with the write applied."""
    return _click_log(path, today, reread=False)


def click_log_reread(path: Path, today: date) -> dict:
    """Log a due follow-up as before: the write, then the rerun reads the whole workbook again."""
    return _click_log(path, today, reread=True)


def _sheet_parts(zin: zipfile.ZipFile, sheet_keys: tuple[str, ...]) -> set[str]:
    """The zip member names of the worksheets that stand for `sheet_keys`."""
    import re

    from workbook.schema import match_sheet

    wb_xml = zin.read("xl/workbook.xml").decode("utf-8")
    rels = zin.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    targets = dict(re.findall(r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
    targets.update({k: v for v, k in re.findall(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
    parts = set()
    for name, rid in re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', wb_xml):
        found = match_sheet(name)
        if found is not None and found.key in sheet_keys:
            target = targets[rid].lstrip("/")
            parts.add(target if target.startswith("xl/") else "xl/" + target)
    return parts


def _floor(path: Path, sheet_keys: tuple[str, ...]) -> dict:
    """What any safe write must do at least: read and hash the file, copy it as a backup,
    copy the untouched members' compressed bytes, recompress the touched sheets (at the
    writer's own compression level, so the comparison is like for like)."""
    from workbook.package import COMPRESS_LEVEL as WRITER_LEVEL

    folder, target = _work_copy(path)
    try:
        t0 = time.perf_counter()
        data = target.read_bytes()
        hashlib.sha256(data).hexdigest()
        shutil.copyfile(target, folder / "backup.xlsx")
        with zipfile.ZipFile(target) as zin:
            touched = _sheet_parts(zin, sheet_keys)
            out = bytearray()
            for info in zin.infolist():
                if info.filename in touched:
                    c = zlib.compressobj(WRITER_LEVEL, zlib.DEFLATED, -15)
                    out += c.compress(zin.read(info)) + c.flush()
                else:
                    # raw compressed bytes: header length + name + extra, then compress_size
                    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
                    out += data[start : start + info.compress_size]
        tmp = folder / "out.tmp"
        with open(tmp, "wb") as fh:
            fh.write(out)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(folder / "out.xlsx")
        return {"seconds": time.perf_counter() - t0, "touched": sorted(touched)}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def floor_followup_done(path: Path, today: date) -> dict:
    """The floor for marking a follow-up done: contacts and customers sheets touched."""
    return _floor(path, ("contacts", "customers"))


def floor_tick(path: Path, today: date) -> dict:
    """The floor for ticking a checklist item: the checklist sheet touched."""
    return _floor(path, ("checklist",))


def floor_append_contact(path: Path, today: date) -> dict:
    """The floor for appending a contact: the contacts sheet touched."""
    return _floor(path, ("contacts",))


def openpyxl_roundtrip(path: Path, today: date) -> dict:
    """The naive alternative the product refuses: openpyxl load + save."""
    import openpyxl

    folder, target = _work_copy(path)
    try:
        t0 = time.perf_counter()
        wb = openpyxl.load_workbook(target)
        wb.save(folder / "saved.xlsx")
        return {"seconds": time.perf_counter() - t0}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


KINDS = {
    "raw_calamine": raw_calamine,
    "guard": guard,
    "typed_load": typed_load,
    "due_list": due_list,
    "click_log": click_log,
    "click_log_reread": click_log_reread,
    "write_followup_done": write_followup_done,
    "write_tick": write_tick,
    "write_append_contact": write_append_contact,
    "write_followup_done_next": write_followup_done_next,
    "write_append_contact_next": write_append_contact_next,
    "floor_followup_done": floor_followup_done,
    "floor_tick": floor_tick,
    "floor_append_contact": floor_append_contact,
    "openpyxl_roundtrip": openpyxl_roundtrip,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=sorted(KINDS))
    parser.add_argument("workbook", type=Path)
    parser.add_argument("--today", type=date.fromisoformat, required=True)
    args = parser.parse_args(argv)
    # every kind starts from the same imports, so peak memories compare what the steps add
    import python_calamine  # noqa: F401

    import logic.followups  # noqa: F401
    import workbook.reading
    import workbook.writing  # noqa: F401

    base = _rss_mb()
    result = KINDS[args.kind](args.workbook, args.today)
    peak = _peak_rss_mb()
    result = {"kind": args.kind, **result, "peak_rss_mb": round(peak, 1), "step_mb": round(peak - base, 1)}
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
