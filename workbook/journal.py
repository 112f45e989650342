"""The pending-changes journal: operations waiting while another program holds the workbook.

One hidden JSON-lines file beside the workbook (`.name.xlsx.pending.jsonl`); each line is
{"id", "queued_at", "actor", "op"}. Callers hold the writer lock while changing it.
`workbook.overlay` shows waiting changes as already made.
"""

from __future__ import annotations

import json
import os
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from workbook import operations


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
