"""Large sheets deflated with flush points ahead of the first write: that write then costs what the next ones do.

The first write after the app starts, or after another program saved the workbook, finds no layout
(`workbook.flush_points`) for the contacts sheet: it inflates, scans and deflates the whole sheet
to append one row. `writing.prepare` does that part beforehand: it deflates the sheet's content as
the file holds it, with the flush points a write lays, and returns the compressed bytes and their
layout with what identifies the member they were made from (its content's CRC and size, its
compressed size and the CRC of its compressed bytes). A write uses them only when the file's member
is still that very member: the content is the same, compressed otherwise, so the write copies the
middle's compressed bytes from them as it would from its own last write.

The app has it done by a process of its own at low priority (`start`; `python -m
workbook.prepare_job`), which leaves what it made in the user's cache folder (`store`), so that
the pages keep both cores and the interpreter to themselves, and a restart of the app finds it
there. A write to a sheet being prepared waits for that process (it would otherwise do the same
work beside it); anything that does not match is written the whole way, as before.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import subprocess
import sys
import threading
import zlib
from collections.abc import Collection
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from workbook.flush_points import Layout, Stretch, WrittenMember

FORMAT = 2  # of the files `store` writes: another format is not read
KEPT_WORKBOOKS = 3  # a manager switching between a few workbooks keeps each one's preparation
WAIT_SECONDS = 120.0  # a write waits this long at most for a preparation under way (L on a slow laptop)
ROOT = Path(__file__).resolve().parent.parent  # where `python -m workbook.prepare_job` is found


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


# --------------------------------------------------------------------------- the files


def _stem(path: Path) -> str:
    """The file names' stem for one workbook, by its full path."""
    return hashlib.sha256(str(path).encode("utf-8")).hexdigest()[:24]


def _layout_json(layout: Layout) -> dict[str, Any]:
    rows = layout.rows
    return {
        "part": layout.part,
        "member": {**asdict(layout.member), "stretches": [asdict(s) for s in layout.member.stretches]},
        "head": asdict(layout.head),
        "middle": asdict(layout.middle),
        "tail": asdict(layout.tail),
        "rows": {"start": rows.start, "stop": rows.stop} if isinstance(rows, range) else list(rows),
        "id_max": [[list(k), list(v)] for k, v in layout.id_max.items()],
        "middle_ids": [[list(k), list(v)] for k, v in layout.middle_ids.items()],
        "arrays": [list(a) for a in layout.arrays] if layout.arrays is not None else None,
        "shared_crc": layout.shared_crc,
    }


def _ids(pairs: list[list[list[Any]]]) -> dict[tuple[int, str, int], tuple[int, int]]:
    return {(int(k[0]), str(k[1]), int(k[2])): (int(v[0]), int(v[1])) for k, v in pairs}


def _layout_from(d: dict[str, Any]) -> Layout:
    m = d["member"]
    rows = d["rows"]
    return Layout(
        part=d["part"],
        member=WrittenMember(
            m["crc"], m["size"], m["compress_size"], m["packed_crc"], [Stretch(**s) for s in m["stretches"]]
        ),
        head=Stretch(**d["head"]),
        middle=Stretch(**d["middle"]),
        tail=Stretch(**d["tail"]),
        rows=range(rows["start"], rows["stop"]) if isinstance(rows, dict) else [int(r) for r in rows],
        id_max=_ids(d["id_max"]),
        middle_ids=_ids(d["middle_ids"]),
        arrays=[(a[0], a[1], a[2], a[3]) for a in d["arrays"]] if d["arrays"] is not None else None,
        shared_crc=d["shared_crc"],
    )


def _replace_with(target: Path, data: bytes) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)


def store(folder: Path, path: Path, found: dict[str, Prepared], version: list[int]) -> None:
    """Keep what was prepared for the workbook at `path`, as `version` (`version_of`) found it, in
    `folder` (replacing what was kept for it)."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = _stem(path)
    for stale in folder.glob(f".{stem}*.tmp"):  # left by a preparation stopped half-way
        with contextlib.suppress(OSError):
            stale.unlink()
    entries = []
    for n, ready in enumerate(found.values()):
        _replace_with(folder / f"{stem}-{n}.bin", ready.packed)
        entries.append({"bin": f"{stem}-{n}.bin", "source": asdict(ready.source), "layout": _layout_json(ready.layout)})
    _write_index(folder, path, entries, version)
    _keep_newest(folder)


def _keep_newest(folder: Path) -> None:
    """What was prepared for workbooks other than the `KEPT_WORKBOOKS` prepared last is removed (at L
    a preparation takes about 130 MB)."""
    indexes = sorted(folder.glob("*.json"), key=lambda f: f.stat().st_mtime_ns, reverse=True)
    for index in indexes[KEPT_WORKBOOKS:]:
        for f in [index, *folder.glob(f"{index.stem}-*.bin")]:
            with contextlib.suppress(OSError):
                f.unlink()


def _write_index(folder: Path, path: Path, entries: list[dict[str, Any]], version: list[int]) -> None:
    index = {"format": FORMAT, "workbook": str(path), "version": version, "parts": entries}
    _replace_with(folder / f"{_stem(path)}.json", json.dumps(index).encode("utf-8"))


def version_of(path: Path) -> list[int]:
    """The workbook's size and modification time (taken before it is read for preparing)."""
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def _index(folder: Path, path: Path) -> dict[str, Any]:
    try:
        index = json.loads((folder / f"{_stem(path)}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(index, dict) or index.get("format") != FORMAT or index.get("workbook") != str(path):
        return {}
    return index


def _entries(folder: Path, path: Path) -> list[dict[str, Any]]:
    return list(_index(folder, path).get("parts") or [])


def is_current(folder: Path, path: Path) -> bool:
    """Whether what is kept was made from the workbook as it is now (its size and time): then a new
    start of the app need not prepare it again."""
    path = Path(os.path.realpath(path))
    try:
        return _index(folder, path).get("version") == version_of(path)
    except OSError:
        return False


def load(folder: Path, path: Path) -> dict[str, Prepared]:
    """What is kept in `folder` for the workbook at `path` (each still to be checked against the
    file); nothing where it is missing, unreadable or of another format."""
    out: dict[str, Prepared] = {}
    for entry in _entries(folder, path):
        try:
            layout = _layout_from(entry["layout"])
            packed = (folder / entry["bin"]).read_bytes()
            source = Source(**entry["source"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if zlib.crc32(packed) == layout.member.packed_crc:  # else replaced under us: not these bytes
            out[layout.part] = Prepared(layout.part, source, packed, layout)
    return out


def forget(folder: Path, path: Path, parts: Collection[str] | None = None) -> None:
    """Drop what is kept for `path`: the given parts (their sheets were rewritten), or all of it."""
    index = _index(folder, path)
    entries = list(index.get("parts") or [])
    dropped = [e for e in entries if parts is None or e.get("layout", {}).get("part") in parts]
    if not dropped:
        return
    left = [e for e in entries if e not in dropped]
    if left:
        _write_index(folder, path, left, index.get("version") or [])
    else:
        with contextlib.suppress(OSError):
            (folder / f"{_stem(path)}.json").unlink()
    for entry in dropped:
        with contextlib.suppress(OSError, TypeError):
            (folder / str(entry["bin"])).unlink()


# --------------------------------------------------------------------------- the process


_lock = threading.Lock()
_jobs: dict[str, subprocess.Popen[bytes]] = {}


@atexit.register
def stop_all() -> None:
    """The app is stopping: its preparations stop with it (what they made would be made again)."""
    with _lock:
        for job in _jobs.values():
            if job.poll() is None:
                job.kill()
                job.wait()
        _jobs.clear()


# Windows' process creation flags (subprocess names them on Windows only)
BELOW_NORMAL_PRIORITY_CLASS = 0x00004000
CREATE_NO_WINDOW = 0x08000000


def start_options(platform: str = sys.platform) -> dict[str, Any]:
    """How the process is started: on Windows below normal priority and without a console window of
    its own (elsewhere it lowers its own priority: `workbook.prepare_job`)."""
    if platform == "win32":
        return {"creationflags": BELOW_NORMAL_PRIORITY_CLASS | CREATE_NO_WINDOW}
    return {}


def start(path: Path, folder: Path) -> subprocess.Popen[bytes]:
    """Prepare the workbook at `path` in a process of its own, at low priority, into `folder`; one
    still preparing an older version of the file is stopped first."""
    path = Path(os.path.realpath(path))  # as the writer names it
    with _lock:
        running = _jobs.pop(str(path), None)
        if running is not None and running.poll() is None:
            running.kill()
            running.wait()
        job = subprocess.Popen(
            [sys.executable, "-m", "workbook.prepare_job", str(path), str(folder)],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            **start_options(),
        )
        _jobs[str(path)] = job
    return job


def recall(folder: Path, path: Path) -> dict[str, Prepared]:
    """What is kept for the workbook at `path`, once a preparation under way has ended."""
    with _lock:
        job = _jobs.get(str(path))
    if job is not None:
        try:
            job.wait(WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            job.kill()
            job.wait()
    return load(folder, path)
