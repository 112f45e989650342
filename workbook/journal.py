"""The pending-changes journal: operations waiting while another program holds the workbook.

One hidden JSON-lines file beside the workbook (`.name.xlsx.pending.jsonl`, beside the real
file when the workbook is opened through a symbolic link); each line is {"id", "queued_at",
"actor", "op"}. Callers hold the writer lock while changing it.

Every append starts on a line of its own (a newline first when a crash left the file without
one) and is fsynced; an append that fails is cut off again. A line that cannot be read (torn by
a power cut or a full disk) or that is not an operation is never dropped: `set_aside` moves it
to the rejected file (`.name.xlsx.rejected.jsonl`) with its reason, where the sidebar and
`cli.py sync` show it.
`workbook.overlay` shows waiting changes as already made.
"""

from __future__ import annotations

import json
import os
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

from workbook import operations

UNREADABLE = "journal.unreadable"  # a line that is not JSON (torn, or garbage)
NOT_AN_OPERATION = "journal.not_an_operation"  # JSON, but not an entry this app wrote


def _beside(path: str | os.PathLike[str], suffix: str) -> Path:
    # a symbolic link's journal lives beside the file it points to: every way in shares one journal
    p = Path(os.path.realpath(path))
    return p.with_name(f".{p.name}.{suffix}")


def journal_path(path: str | os.PathLike[str]) -> Path:
    return _beside(path, "pending.jsonl")


def rejected_path(path: str | os.PathLike[str]) -> Path:
    return _beside(path, "rejected.jsonl")


def _raw_lines(file: Path) -> list[bytes]:
    """The file's non-blank lines as bytes (a torn line may end inside a UTF-8 character)."""
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        return []
    return [line for line in data.split(b"\n") if line.strip()]


def _entry(line: bytes) -> tuple[dict[str, Any] | None, str, dict[str, Any]]:
    """The entry on one journal line, or None with the reason it is not one."""
    try:
        value = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None, UNREADABLE, {}
    if not isinstance(value, dict) or not isinstance(value.get("id"), str) or not isinstance(value.get("op"), dict):
        return None, NOT_AN_OPERATION, {"found": _short(value)}
    try:
        ops = operations.flatten(operations.from_json(value["op"]))
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        return None, NOT_AN_OPERATION, {"found": _short(exc)}
    for op in ops:
        for cells in (getattr(op, "key", None), op.values, getattr(op, "expect", None)):
            odd = [v for v in (cells or {}).values() if not isinstance(v, _CELL_TYPES)]
            if odd:  # a list or an object where a cell value belongs: no page could show it
                return None, NOT_AN_OPERATION, {"found": _short(odd[0])}
    return value, "", {}


_CELL_TYPES = (str, int, float, bool, date, type(None))  # datetime is a date


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 120 else text[:119] + "…"


def entries(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """The journal's well-formed entries in order (what `set_aside` would move is left out)."""
    out = []
    for line in _raw_lines(journal_path(path)):
        entry, _code, _params = _entry(line)
        if entry is not None:
            out.append(entry)
    return out


def pending(path: str | os.PathLike[str]) -> list[operations.Op]:
    """The operations waiting for this workbook, in order."""
    return [operations.from_json(e["op"]) for e in entries(path)]


def has_lines(path: str | os.PathLike[str]) -> bool:
    """Whether the journal holds anything at all (entries, or lines still to be set aside)."""
    return bool(_raw_lines(journal_path(path)))


def set_aside(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Move the journal's unreadable lines and non-operations to the rejected file, with the
    reason; returns them as rejected records. Call it holding the writer lock."""
    jp = journal_path(path)
    lines = _raw_lines(jp)
    keep: list[bytes] = []
    records: list[dict[str, Any]] = []
    for n, line in enumerate(lines, start=1):
        entry, code, params = _entry(line)
        if entry is not None:
            keep.append(line)
            continue
        text = line.decode("utf-8", errors="replace")
        records.append(
            {"id": None, "op": None, "actor": None, "raw": text, "code": code, "params": {"line": n, **params}}
        )
    if not records:
        return []
    # the rejected file first: a crash between the two leaves a line in both, never in neither
    for record in records:
        reject(path, record, record["code"], record["params"])
    _rewrite(jp, keep)
    return records


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - folders cannot be opened on Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _append_lines(file: Path, lines: list[str]) -> None:
    """Append whole lines, each on a line of its own, fsynced; a failed append is cut off again."""
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    # O_BINARY: Windows would otherwise write every "\n" as "\r\n"
    fd = os.open(file, os.O_RDWR | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0), 0o644)
    try:
        size = os.fstat(fd).st_size
        if size:
            os.lseek(fd, size - 1, os.SEEK_SET)
            if os.read(fd, 1) != b"\n":
                data = b"\n" + data  # a torn line from a crash: ours must not be glued onto it
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        except BaseException:
            # cut the half-written entry off again (what could not be cut is set aside when read)
            try:
                os.ftruncate(fd, size)
                os.fsync(fd)
            except OSError:
                pass
            raise
    finally:
        os.close(fd)
    _fsync_dir(file.parent)


def _rewrite(file: Path, lines: list[bytes]) -> None:
    """Replace the file by these lines at once (temp file, fsync, replace); no lines: remove it."""
    if not lines:
        file.unlink(missing_ok=True)
        return
    tmp = file.with_name(file.name + ".tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(b"".join(line + b"\n" for line in lines))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, file)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(file.parent)


def add(path: str | os.PathLike[str], ops: list[operations.Op], actor: str | None = None) -> list[str]:
    """Append operations to the journal (fsynced); returns their entry ids."""
    ids = []
    lines = []
    now = datetime.now().isoformat(timespec="seconds")
    for op in ops:
        eid = uuid.uuid4().hex
        ids.append(eid)
        lines.append(
            json.dumps({"id": eid, "queued_at": now, "actor": actor, "op": operations.to_json(op)}, ensure_ascii=False)
        )
    _append_lines(journal_path(path), lines)
    return ids


def remove(path: str | os.PathLike[str], ids: set[str]) -> None:
    """Drop entries (applied or rejected) from the journal, atomically; every other line stays."""
    jp = journal_path(path)
    keep = []
    for line in _raw_lines(jp):
        entry, _code, _params = _entry(line)
        if entry is None or entry["id"] not in ids:
            keep.append(line)
    _rewrite(jp, keep)


def reject(path: str | os.PathLike[str], entry: dict[str, Any], code: str, params: dict[str, Any]) -> None:
    """Keep a waiting operation that could not be applied, with the reason, for a person to see."""
    record = {
        **entry,
        "rejected_at": datetime.now().isoformat(timespec="seconds"),
        "code": code,
        "params": _jsonable(params),
    }
    _append_lines(rejected_path(path), [json.dumps(record, ensure_ascii=False)])


def rejected(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Waiting operations that were rejected when the file was written (code, params, op)."""
    out = []
    for n, line in enumerate(_raw_lines(rejected_path(path)), start=1):
        try:
            record = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            record = None
        if not isinstance(record, dict):  # a torn line of the rejected file itself is shown, not hidden
            record = {"raw": line.decode("utf-8", errors="replace"), "code": UNREADABLE, "params": {"line": n}}
        out.append(record)
    return out


def _jsonable(params: dict[str, Any]) -> dict[str, Any]:
    return {k: (v if isinstance(v, str | int | float | bool | type(None)) else str(v)) for k, v in params.items()}
