"""Backups taken before each write: a hidden folder beside the workbook, rotated, restorable.

Kept: the most recent `keep` copies, plus the newest copy of each of the last 14 days;
`prune` keeps only the newest few (a full disk). A workbook opened through a symbolic link
keeps its backups beside the real file.
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import datetime, timedelta
from pathlib import Path

DAILY_DAYS = 14
_STAMP = re.compile(r"^(\d{8}-\d{6}-\d{6})(?:-\d+)?\.xls[xm]$")


def backup_dir(path: str | os.PathLike[str]) -> Path:
    p = Path(os.path.realpath(path))
    return p.with_name(f".{p.name}.backups")


def _stamp_of(b: Path) -> datetime | None:
    m = _STAMP.match(b.name)
    if not m:
        return None
    s = m.group(1)  # YYYYmmdd-HHMMSS-ffffff, read by hand: strptime compiles a regex on first use
    try:
        return datetime(int(s[:4]), int(s[4:6]), int(s[6:8]), int(s[9:11]), int(s[11:13]), int(s[13:15]), int(s[16:]))
    except ValueError:
        return None


def _new_backup_path(path: str | os.PathLike[str], now: datetime | None) -> Path:
    folder = backup_dir(path)
    folder.mkdir(exist_ok=True)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    # a macro workbook's backup keeps .xlsm: Excel refuses to open macro content named .xlsx
    ext = ".xlsm" if Path(os.path.realpath(path)).suffix.lower() == ".xlsm" else ".xlsx"
    target = folder / f"{stamp}{ext}"
    n = 1
    while target.exists():
        target = folder / f"{stamp}-{n}{ext}"
        n += 1
    return target


def link_backup(path: str | os.PathLike[str], read: os.stat_result, now: datetime | None = None) -> Path | None:
    """Keep the workbook's file as it is now as a new backup by giving it a second name (a hard
    link): no bytes are copied and none need syncing. This is sound because a write never
    writes into the workbook's file; it puts a new file in its place, so the old one, now
    only the backup, keeps the bytes it had. `read` is the file's status when its bytes were
    read: if it is no longer that file, or the disk has no hard links (FAT and exFAT drives,
    some network shares), this returns None and the caller copies the bytes it read instead."""
    try:
        target = _new_backup_path(path, now)
        os.link(path, target)
    except (OSError, NotImplementedError):
        return None
    try:
        now_st = os.stat(target)
        same = (now_st.st_ino, now_st.st_dev, now_st.st_size, now_st.st_mtime_ns) == (
            read.st_ino,
            read.st_dev,
            read.st_size,
            read.st_mtime_ns,
        )
    except OSError:
        same = False
    if not same:
        target.unlink(missing_ok=True)
        return None
    return target


def write_backup(path: str | os.PathLike[str], data: bytes, now: datetime | None = None) -> Path:
    """Store `data` (the workbook's bytes before a write) as a new backup; returns its path."""
    target = _new_backup_path(path, now)
    tmp = target.with_suffix(".tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, target)
    return target


def list_backups(path: str | os.PathLike[str]) -> list[Path]:
    """The workbook's backups, newest first."""
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    found = [(s, b) for b in folder.iterdir() if (s := _stamp_of(b)) is not None]
    return [b for _s, b in sorted(found, key=lambda x: (x[0], x[1].name), reverse=True)]


def rotate(path: str | os.PathLike[str], keep: int = 20, now: datetime | None = None) -> list[Path]:
    """Delete backups beyond the keep rules; returns what was deleted."""
    now = now or datetime.now()
    backups = list_backups(path)
    keep_set = set(backups[: max(keep, 1)])
    seen_days: set[str] = set()
    for b in backups:  # newest first: the first seen of a day is that day's newest
        s = _stamp_of(b)
        if s is None or now - s > timedelta(days=DAILY_DAYS):
            continue
        day = s.strftime("%Y%m%d")
        if day not in seen_days:
            seen_days.add(day)
            keep_set.add(b)
    removed = []
    for b in backups:
        if b not in keep_set:
            b.unlink(missing_ok=True)
            removed.append(b)
    return removed


def usage(path: str | os.PathLike[str]) -> tuple[int, int]:
    """How many backups the workbook has and the bytes they take on the disk (a backup that is
    still the workbook's own file, a hard link, takes none)."""
    try:
        own = os.stat(path).st_ino
    except OSError:
        own = None
    seen: set[int] = set()
    size = 0
    backups = list_backups(path)
    for b in backups:
        try:
            st = b.stat()
        except OSError:
            continue
        if st.st_ino != own and st.st_ino not in seen:
            seen.add(st.st_ino)
            size += st.st_size
    return len(backups), size


def prune(path: str | os.PathLike[str], keep: int) -> list[Path]:
    """Delete every backup but the newest `keep` (at least one); returns what was deleted."""
    removed = []
    for b in list_backups(path)[max(keep, 1) :]:
        b.unlink(missing_ok=True)
        removed.append(b)
    return removed


def resolve(path: str | os.PathLike[str], which: str | os.PathLike[str] | None) -> Path | None:
    """A backup named by its file name, its path, or None for the newest."""
    backups = list_backups(path)
    if which is None:
        return backups[0] if backups else None
    w = Path(which)
    if w.is_file():
        return w
    for b in backups:
        if b.name == w.name or b.stem == str(which):
            return b
    return None


def copy_file(src: Path, dst: Path) -> None:
    """Copy src over dst atomically (temp file in dst's folder, fsync, replace); a link's target is written."""
    dst = Path(os.path.realpath(dst))
    tmp = dst.with_name(f".{dst.name}.restore.tmp")
    try:
        shutil.copyfile(src, tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, dst)
    finally:
        tmp.unlink(missing_ok=True)
