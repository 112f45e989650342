"""Who holds a workbook open (Excel/WPS `~$name`, LibreOffice `.~lock.name#`) and the writer's own lock.

An office lock file means "do not write": the change waits in the journal. A lock that
looks stale (old, or LibreOffice's on this machine with no LibreOffice running) is reported
as such; it is never deleted, only overridden when the caller says so.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from workbook.errors import WorkbookError

STALE_HOURS = 12.0  # an Excel owner file older than this is probably left over from a crash


@dataclass(frozen=True)
class Holder:
    """Another program holding the workbook open."""

    app: str  # "excel" (also WPS) | "libreoffice"
    user: str | None
    host: str | None
    since: datetime | None
    lock_path: str
    stale: bool

    @property
    def name(self) -> str | None:
        return self.user

    def __str__(self) -> str:
        return self.user or self.app


def office_lock_paths(path: str | os.PathLike[str]) -> list[Path]:
    """The lock files Excel, WPS and LibreOffice would create for this workbook."""
    out: list[Path] = []
    # opened through a symbolic link, Excel locks beside the link, LibreOffice beside the target:
    # both places count
    for p in dict.fromkeys((Path(path), Path(os.path.realpath(path)))):
        # Word shortens long names in its owner file; Excel and WPS keep the whole name. A
        # shortened guess could be another workbook's lock, so only the exact names count.
        out += [p.with_name("~$" + p.name), p.with_name(".~lock." + p.name + "#")]
    return out


def _excel_owner(data: bytes) -> str | None:
    # Excel's owner file: byte 0 = length, then the (ANSI) user name; at 54 the same in UTF-16
    try:
        if len(data) >= 56:
            n16 = data[54]
            if 0 < n16 <= 54 and len(data) >= 56 + 2 * n16:
                name = data[56 : 56 + 2 * n16].decode("utf-16-le").strip("\x00 ")
                if name:
                    return name
        n = data[0]
        if 0 < n < len(data):
            name = _ansi(data[1 : 1 + n]).strip("\x00 ")
            return name or None
    except (IndexError, UnicodeDecodeError):
        return None
    return None


def _ansi(raw: bytes) -> str:
    """The owner file's ANSI name: UTF-8 if it is that, else the Chinese Windows code page
    (GBK, read as its superset GB18030), else UTF-8 with unreadable bytes marked."""
    for encoding in ("utf-8", "gb18030"):
        with contextlib.suppress(UnicodeDecodeError):
            return raw.decode(encoding)
    return raw.decode("utf-8", errors="replace")


def _soffice_running() -> bool:
    proc = Path("/proc")
    if not proc.is_dir():
        return True  # cannot tell: assume it runs
    for d in proc.iterdir():
        if d.name.isdigit():
            try:
                comm = (d / "comm").read_text(errors="replace").strip()
            except OSError:
                continue
            if comm.startswith("soffice"):
                return True
    return False


def holder(path: str | os.PathLike[str], *, stale_hours: float = STALE_HOURS) -> Holder | None:
    """Who holds the workbook open, from its lock files; None when nobody does."""
    for lock in office_lock_paths(path):
        try:
            st = lock.stat()
            data = lock.read_bytes()[:4096]
        except OSError:
            continue
        since = datetime.fromtimestamp(st.st_mtime)
        age_hours = (time.time() - st.st_mtime) / 3600
        if lock.name.startswith(".~lock."):
            fields = data.decode("utf-8", errors="replace").split(",")
            user = (fields[0] or (fields[1] if len(fields) > 1 else "")).strip() or None
            host = fields[2].strip() if len(fields) > 2 else None
            stale = bool(host) and host == socket.gethostname() and not _soffice_running()
            return Holder("libreoffice", user, host, since, str(lock), stale or age_hours > stale_hours * 4)
        return Holder("excel", _excel_owner(data), None, since, str(lock), age_hours > stale_hours)
    return None


# --------------------------------------------------------------------------- own lock


class WriterBusy(WorkbookError):
    """Another writer of this app kept the workbook's writer lock past the timeout."""


def writer_lock_path(path: str | os.PathLike[str]) -> Path:
    p = Path(os.path.realpath(path))  # one lock whichever link the workbook was opened through
    return p.with_name(f".{p.name}.writer.lock")


@contextlib.contextmanager
def writer_lock(path: str | os.PathLike[str], timeout: float = 60.0) -> Iterator[None]:
    """Serialise this app's writers of one workbook (browser tabs, the CLI) with a lock file."""
    lp = writer_lock_path(path)
    fd = os.open(lp, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                _lock(fd)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise WriterBusy("write.writer_busy", seconds=int(timeout)) from None
                time.sleep(0.02)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
