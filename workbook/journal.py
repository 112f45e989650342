"""The pending-changes journal: operations waiting while another program holds the workbook.

One hidden JSON-lines file beside the workbook (`.name.xlsx.pending.jsonl`); each line is
{"id", "queued_at", "actor", "op"}. Callers hold the writer lock while changing it.
`overlay(frames, ops)` shows waiting changes as already made (pure pandas).
"""

from __future__ import annotations

import json
import os
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbook import operations, schema

if TYPE_CHECKING:
    import pandas as pd


def journal_path(path: str | os.PathLike[str]) -> Path:
    p = Path(path)
    return p.with_name(f".{p.name}.pending.jsonl")


def rejected_path(path: str | os.PathLike[str]) -> Path:
    p = Path(path)
    return p.with_name(f".{p.name}.rejected.jsonl")


def entries(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """The journal's entries in order (a torn last line from a crash is skipped)."""
    jp = journal_path(path)
    try:
        text = jp.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return out


def pending(path: str | os.PathLike[str]) -> list[operations.Op]:
    """The operations waiting for this workbook, in order."""
    return [operations.from_json(e["op"]) for e in entries(path)]


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - folders cannot be opened on Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def add(path: str | os.PathLike[str], ops: list[operations.Op], actor: str | None = None) -> list[str]:
    """Append operations to the journal (fsynced); returns their entry ids."""
    jp = journal_path(path)
    ids = []
    lines = []
    now = datetime.now().isoformat(timespec="seconds")
    for op in ops:
        eid = uuid.uuid4().hex
        ids.append(eid)
        lines.append(
            json.dumps({"id": eid, "queued_at": now, "actor": actor, "op": operations.to_json(op)}, ensure_ascii=False)
        )
    with open(jp, "a", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))
        f.flush()
        os.fsync(f.fileno())
    _fsync_dir(jp.parent)
    return ids


def remove(path: str | os.PathLike[str], ids: set[str]) -> None:
    """Drop entries (applied or rejected) from the journal, atomically."""
    jp = journal_path(path)
    keep = [e for e in entries(path) if e.get("id") not in ids]
    if not keep:
        jp.unlink(missing_ok=True)
        return
    tmp = jp.with_name(jp.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in keep))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, jp)
    _fsync_dir(jp.parent)


def reject(path: str | os.PathLike[str], entry: dict[str, Any], code: str, params: dict[str, Any]) -> None:
    """Keep a waiting operation that could not be applied, with the reason, for a person to see."""
    rp = rejected_path(path)
    record = {
        **entry,
        "rejected_at": datetime.now().isoformat(timespec="seconds"),
        "code": code,
        "params": _jsonable(params),
    }
    with open(rp, "a", encoding="utf-8") as f:
        f.write(json.dumps(record, ensure_ascii=False) + "\n")


def rejected(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Waiting operations that were rejected when the file was written (code, params, op)."""
    try:
        text = rejected_path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _jsonable(params: dict[str, Any]) -> dict[str, Any]:
    return {k: (v if isinstance(v, str | int | float | bool | type(None)) else str(v)) for k, v in params.items()}


# --------------------------------------------------------------------------- overlay


def _cell(value: Any, dtype: Any) -> Any:
    import pandas as pd

    if value is None:
        return pd.NA
    if isinstance(value, date) and not isinstance(value, datetime):
        return pd.Timestamp(value)
    if isinstance(value, datetime):
        return pd.Timestamp(value)
    return value


def _matches(frame: pd.DataFrame, key: dict[str, Any]) -> pd.Series:
    import pandas as pd

    mask = pd.Series(True, index=frame.index)
    for k, v in key.items():
        if v in (None, "") or k not in frame.columns:
            continue
        col = frame[k]
        if isinstance(v, date):
            target = pd.Timestamp(v)
            mask &= col.eq(target).fillna(False).astype(bool)
        else:
            mask &= col.astype("string").eq(str(v)).fillna(False).astype(bool)
    return mask


def overlay(frames: dict[str, pd.DataFrame], ops: list[Any]) -> dict[str, pd.DataFrame]:
    """Frames with waiting operations shown as made (appended rows get `_row` NA, `_pending` True)."""
    # pandas is imported here only: the command line's writers should not pay for it
    out = {k: v for k, v in frames.items()}
    for op in operations.flatten(ops):
        frame = out.get(op.sheet)
        if frame is None:
            continue
        frame = frame.copy()
        if "_pending" not in frame.columns:
            frame["_pending"] = False
        if isinstance(op, operations.Append):
            frame = _append(frame, op.values, out, op.sheet)
        else:
            mask = _matches(frame, op.key)
            if mask.any():
                for k, v in op.values.items():
                    if k in frame.columns:
                        frame.loc[mask, k] = _cell(v, frame[k].dtype)
                frame.loc[mask, "_pending"] = True
            elif isinstance(op, operations.Upsert):
                frame = _append(frame, {**op.key, **op.values}, out, op.sheet)
        out[op.sheet] = frame
    return out


def _append(frame: pd.DataFrame, values: dict[str, Any], frames: dict[str, pd.DataFrame], sheet: str) -> pd.DataFrame:
    import pandas as pd

    row = {c: pd.NA for c in frame.columns}
    for k, v in values.items():
        if k in row:
            row[k] = _cell(v, frame[k].dtype)
    row["_pending"] = True
    if "_row" in row:
        row["_row"] = pd.NA
    _fill_from_customer(row, frames.get("customers"), sheet)
    decl = schema.SHEETS_BY_KEY.get(sheet)
    if decl is not None and decl.id_column and pd.isna(row.get(decl.id_column, pd.NA)):
        row[decl.id_column] = pd.NA  # allocated when the file is written
    new = pd.DataFrame([row])
    if "_row" in frame.columns:
        frame = frame.assign(_row=frame["_row"].astype("Int64"))  # an appended row has no Excel row yet
    for c in frame.columns:
        try:
            new[c] = new[c].astype(frame[c].dtype)
        except (TypeError, ValueError):
            new[c] = new[c].astype(object)
    if frame.empty:
        return new.reset_index(drop=True)
    return pd.concat([frame, new], ignore_index=True)


def _fill_from_customer(row: dict[str, Any], customers: pd.DataFrame | None, sheet: str) -> None:
    """Name, phone and consultant of an appended row's customer, as the writer will fill them."""
    import pandas as pd

    cid = row.get("customer_id")
    if (
        sheet == "customers"
        or customers is None
        or cid is None
        or cid is pd.NA
        or "customer_id" not in customers.columns
    ):
        return
    hit = customers[customers["customer_id"].astype("string").eq(str(cid)).fillna(False).astype(bool)]
    if len(hit) != 1:
        return
    for k, src in (("customer", "name"), ("phone", "phone"), ("consultant", "consultant")):
        if k in row and src in hit.columns and pd.isna(row[k]):
            row[k] = hit.iloc[0][src]
