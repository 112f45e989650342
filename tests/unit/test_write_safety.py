"""The writer under pressure: files held open, stale locks, concurrent writers, killed writers, failing disks."""

from __future__ import annotations

import contextlib
import errno
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
import python_calamine

from tests.support.cli import run_cli
from tests.support.shared import validation_problems
from tests.support.writer_support import customers_workbook
from workbook import journal, locks, operations, writing
from workbook.errors import WriteRefused

ROOT = Path(__file__).resolve().parents[2]


def contact_ids(path: Path) -> list[str]:
    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("接触记录").to_python()
    return [r[0] for r in sheet[1:] if r and r[0]]


def refused_on_a_full_disk(book: Path, monkeypatch: pytest.MonkeyPatch) -> WriteRefused:
    """The refusal of a grade change written while every fsync finds the disk full."""

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(WriteRefused) as refused:
        writing.apply(book, [operations.set_grade("C0001", "A")])
    monkeypatch.undo()
    return refused.value


def excel_owner_file(user: str) -> bytes:
    """The owner file Excel writes beside an open workbook: ANSI name at 1, UTF-16 name at 56."""
    ansi = user.encode("ascii", errors="replace")[:53]
    head = bytes([len(ansi)]) + ansi
    head += b" " * (54 - len(head))
    wide = user.encode("utf-16-le")
    return head + bytes([len(user), 0]) + wide + b"\x00" * (165 - 56 - len(wide))


def test_a_workbook_open_in_excel_is_not_touched_and_the_change_waits_then_lands(book: Path) -> None:
    owner = book.with_name("~$" + book.name)
    owner.write_bytes(excel_owner_file("王磊"))
    before = book.read_bytes()
    result = writing.apply(book, [operations.log_contact("C0001", "call", date(2026, 11, 22), result="排队")])
    assert result.status == "queued" and result.holder is not None and result.holder.user == "王磊"
    assert book.read_bytes() == before
    assert len(writing.pending(book)) == 1
    assert writing.flush_pending(book).status == "queued"  # still open
    owner.unlink()
    flushed = writing.flush_pending(book)
    assert flushed.status == "written" and flushed.flushed == 1 and flushed.ids == ["K0001"]
    assert contact_ids(book) == ["K0001"] and writing.pending(book) == []


def test_the_next_write_applies_waiting_changes_first_in_order(book: Path) -> None:
    lock = book.with_name(f".~lock.{book.name}#")
    lock.write_text(",Li Na,other-host,22.11.2026 09:00,file:///home/lina/.config/libreoffice/4;", encoding="utf-8")
    assert (
        writing.apply(book, [operations.log_contact("C0001", "call", date(2026, 11, 20), result="first")]).holder.user
        == "Li Na"
    )
    writing.apply(book, [operations.log_contact("C0001", "visit", date(2026, 11, 21), result="second")])
    lock.unlink()
    result = writing.apply(book, [operations.log_contact("C0001", "quote", date(2026, 11, 22), result="third")])
    assert result.flushed == 2 and result.ids == ["K0003"]
    sheet = python_calamine.CalamineWorkbook.from_path(str(book)).get_sheet_by_name("接触记录").to_python()
    assert [r[11] for r in sheet[1:4]] == ["first", "second", "third"]


def test_a_stale_lock_is_reported_and_only_overridden_when_asked(book: Path) -> None:
    owner = book.with_name("~$" + book.name)
    owner.write_bytes(excel_owner_file("Old PC"))
    old = time.time() - 3 * 86400
    os.utime(owner, (old, old))
    op = operations.set_grade("C0001", "A")
    result = writing.apply(book, [op])
    assert result.status == "queued" and result.holder.stale
    forced = writing.apply(book, [], override_stale_lock=True)
    assert forced.status == "written" and forced.flushed == 1
    assert owner.exists(), "a lock file is never deleted by the writer"


def test_a_libreoffice_lock_from_another_host_is_not_stale() -> None:
    h = locks.Holder("libreoffice", "x", "elsewhere", None, "", False)
    assert not h.stale
    assert socket.gethostname()


def test_a_waiting_change_that_no_longer_applies_is_set_aside_with_its_reason(book: Path) -> None:
    owner = book.with_name("~$" + book.name)
    owner.write_bytes(excel_owner_file("x"))
    writing.apply(book, [operations.set_grade("C0404", "A")])  # no such customer
    writing.apply(book, [operations.set_grade("C0001", "A")])
    owner.unlink()
    result = writing.flush_pending(book)
    assert result.flushed == 1 and [r["code"] for r in result.rejected] == ["write.row_gone"]
    assert journal.pending(book) == [] and journal.rejected(book)[0]["code"] == "write.row_gone"


def test_cli_log_exits_75_while_the_file_is_open_and_sync_writes_it_after(book: Path) -> None:
    owner = book.with_name("~$" + book.name)
    owner.write_bytes(excel_owner_file("王磊"))
    queued = run_cli("log", str(book), "--customer", "C0001", "--type", "visit", "--on", "2026-11-22", "--grade", "A")
    assert queued.returncode == 75, queued.stderr
    assert run_cli("sync", str(book)).returncode == 75
    owner.unlink()
    synced = run_cli("sync", str(book), "--lang", "en")
    assert synced.returncode == 0, synced.stderr
    assert contact_ids(book) == ["K0001"]
    assert run_cli("log", str(book), "--customer", "C0404", "--type", "call", "--on", "2026-11-22").returncode == 2
    assert run_cli("log", str(book), "--customer", "C0001", "--type", "fax", "--on", "2026-11-22").returncode == 2


def test_cli_restore_lists_backups_and_puts_one_back(book: Path) -> None:
    original = book.read_bytes()
    writing.apply(book, [operations.set_grade("C0001", "C")])
    listed = run_cli("restore", str(book), "--list")
    assert listed.returncode == 0 and ".xlsx" in listed.stdout
    first = listed.stdout.split()[0]
    assert run_cli("restore", str(book), "--from", first).returncode == 0
    assert book.read_bytes() == original


def test_two_threads_writing_at_once_both_land(book: Path) -> None:
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(3):
                writing.apply(book, [operations.log_contact("C0001", "call", date(2026, 11, 22), result=f"t{n}-{i}")])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert sorted(contact_ids(book)) == [f"K{n:04d}" for n in range(1, 7)]


@pytest.mark.slow
def test_twenty_concurrent_cli_log_runs_all_land(book: Path) -> None:
    args = [
        sys.executable,
        str(ROOT / "cli.py"),
        "log",
        str(book),
        "--customer",
        "C0001",
        "--type",
        "call",
        "--on",
        "2026-11-22",
    ]
    procs = [
        subprocess.Popen(
            [*args, "--result", f"p{i}"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for i in range(20)
    ]
    outputs = [p.communicate(timeout=240) for p in procs]
    assert [p.returncode for p in procs] == [0] * 20, [
        err for (_out, err), p in zip(outputs, procs, strict=True) if p.returncode
    ]
    ids = contact_ids(book)
    assert sorted(ids) == [f"K{n:04d}" for n in range(1, 21)]
    sheet = python_calamine.CalamineWorkbook.from_path(str(book)).get_sheet_by_name("接触记录").to_python()
    assert sorted(r[11] for r in sheet[1:] if r[0]) == sorted(f"p{i}" for i in range(20))
    assert validation_problems(book) == []


WRITER = """
import sys
from datetime import date
sys.path.insert(0, sys.argv[2])
from workbook import operations, writing
print("ready", flush=True)
i = 0
while True:
    writing.apply(sys.argv[1], [operations.log_contact("C0001", "call", date(2026, 11, 22), result=f"n{i}")], backup_keep=2)
    i += 1
"""


@pytest.mark.slow
def test_a_writer_killed_at_random_moments_never_leaves_a_damaged_file(book: Path, tmp_path: Path) -> None:
    rng = random.Random(7)
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    seen = 0
    for _ in range(8):
        proc = subprocess.Popen([sys.executable, str(script), str(book), str(ROOT)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.8))
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        with zipfile.ZipFile(book) as z:
            assert z.testzip() is None
        ids = contact_ids(book)
        assert ids == [f"K{n:04d}" for n in range(1, len(ids) + 1)]  # old or new, never half
        assert len(ids) >= seen
        seen = len(ids)
    assert validation_problems(book) == []
    writing.apply(book, [operations.set_grade("C0001", "A")])  # the next write cleans up after the dead one
    assert not list(book.parent.glob(f".{book.name}.write-*.tmp"))


def test_a_failing_disk_leaves_the_original_intact_and_no_temp_file(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = book.read_bytes()
    refused = refused_on_a_full_disk(book, monkeypatch)
    assert refused.code == "write.disk_full"
    assert book.read_bytes() == before
    assert not list(book.parent.glob(f".{book.name}.write-*.tmp"))


def test_a_sharing_violation_on_replace_is_retried(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.replace
    failures = iter([True, True])

    def flaky(src: str, dst: os.PathLike[str] | str) -> None:
        if Path(dst) == book and next(failures, False):
            raise PermissionError(13, "The process cannot access the file because it is being used by another process")
        real(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    assert writing.apply(book, [operations.set_grade("C0001", "A")]).status == "written"


def test_a_replace_that_keeps_failing_queues_the_change_and_leaves_the_original_and_no_temp_file(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = book.read_bytes()

    def denied(src: str, dst: os.PathLike[str] | str) -> None:
        raise PermissionError(13, "The process cannot access the file because it is being used by another process")

    monkeypatch.setattr(os, "replace", denied)
    monkeypatch.setattr(writing, "REPLACE_RETRIES", 3)
    result = writing.apply(book, [operations.set_grade("C0001", "A")])
    monkeypatch.undo()
    assert result.status == "queued" and len(writing.pending(book)) == 1
    assert book.read_bytes() == before
    assert not list(book.parent.glob(f".{book.name}.write-*.tmp"))
    assert writing.flush_pending(book).flushed == 1 and writing.pending(book) == []


def test_a_torn_last_journal_line_from_a_crash_is_set_aside_not_dropped(book: Path) -> None:
    journal.add(book, [operations.set_grade("C0001", "A")])
    with open(journal.journal_path(book), "a", encoding="utf-8") as f:
        f.write('{"id": "x", "op": {"op": "upd')
    assert len(journal.pending(book)) == 1
    assert writing.flush_pending(book).flushed == 1
    assert [(r["code"], r["raw"]) for r in journal.rejected(book)] == [
        ("journal.unreadable", '{"id": "x", "op": {"op": "upd')
    ]


def test_another_workbooks_lock_in_the_same_folder_does_not_block(book: Path) -> None:
    book.with_name("~$other.xlsx").write_bytes(excel_owner_file("someone"))
    book.with_name(".~lock.other.xlsx#").write_text(",x,host,now,;", encoding="utf-8")
    assert locks.holder(book) is None
    assert writing.apply(book, [operations.set_grade("C0001", "A")]).status == "written"


def test_a_refused_write_leaves_the_file_and_the_backups_as_they_were(book: Path) -> None:
    from workbook import backup
    from workbook.errors import WriteRefused

    writing.apply(book, [operations.log_contact("C0001", "call", date(2026, 11, 22), result="一")])
    before, backups = book.read_bytes(), backup.list_backups(book)
    assert len(backups) == 1 and backups[0].read_bytes() != before  # the copy from before that write
    with pytest.raises(WriteRefused):  # no such customer: refused after the backup was under way
        writing.apply(book, [operations.log_contact("C9999", "call", date(2026, 11, 22), result="二")])
    assert book.read_bytes() == before
    assert backup.list_backups(book) == backups
    assert not [p for p in backup.backup_dir(book).iterdir() if p.suffix == ".tmp"]


def test_the_backup_is_the_file_as_it_was_and_stays_so_whatever_is_done_to_the_workbook_after(book: Path) -> None:
    from workbook import backup

    before, inode = book.read_bytes(), os.stat(book).st_ino
    result = writing.apply(book, [operations.log_contact("C0001", "call", date(2026, 11, 22), result="一")])
    assert result.backup is not None and result.backup.read_bytes() == before
    # the old file itself became the backup (a second name, no copy); the workbook is a new file
    assert os.stat(result.backup).st_ino == inode != os.stat(book).st_ino
    # a program that saves into the workbook's file (not a new one) does not touch the backup
    with open(book, "r+b") as f:
        f.write(b"XXXX")
    assert result.backup.read_bytes() == before
    assert backup.list_backups(book) == [result.backup]


def test_on_a_disk_without_hard_links_the_backup_is_a_copy_of_the_bytes_read(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: object, dst: object) -> None:  # a FAT or exFAT drive, some network shares
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    before, inode = book.read_bytes(), os.stat(book).st_ino
    result = writing.apply(book, [operations.log_contact("C0001", "call", date(2026, 11, 22), result="一")])
    assert result.backup is not None and result.backup.read_bytes() == before
    assert os.stat(result.backup).st_ino != inode
    assert contact_ids(book) == ["K0001"] and validation_problems(book) == []


def test_a_file_changed_after_it_was_read_is_not_kept_as_the_backup(book: Path) -> None:
    from workbook import backup

    read = os.stat(book)
    time.sleep(0.01)
    book.write_bytes(book.read_bytes() + b"\0")  # saved in place while the write worked
    assert backup.link_backup(book, read) is None
    assert list(backup.backup_dir(book).iterdir()) == []  # its second name was taken back


@pytest.mark.parametrize("links", [True, False], ids=["linked", "copied"])
def test_a_refused_write_leaves_no_backup_whichever_way_it_was_taken(
    book: Path, monkeypatch: pytest.MonkeyPatch, links: bool
) -> None:
    from workbook import backup
    from workbook.errors import WriteRefused

    if not links:
        monkeypatch.setattr(os, "link", lambda src, dst: (_ for _ in ()).throw(OSError(errno.EPERM, "no links")))
    before = book.read_bytes()
    with pytest.raises(WriteRefused):
        writing.apply(book, [operations.log_contact("C9999", "call", date(2026, 11, 22), result="二")])
    assert book.read_bytes() == before
    assert backup.list_backups(book) == []


@pytest.mark.parametrize(
    ("ansi", "expected"),
    [("王磊".encode("gbk"), "王磊"), ("王磊".encode(), "王磊"), (b"Old PC", "Old PC")],
)
def test_an_owner_file_with_only_its_ansi_name_names_the_holder_in_the_chinese_code_page(
    book: Path, ansi: bytes, expected: str
) -> None:
    # no UTF-16 name at 54: the ANSI one is all there is (on Chinese Windows, GBK)
    owner = book.with_name("~$" + book.name)
    owner.write_bytes(bytes([len(ansi)]) + ansi + b" " * (53 - len(ansi)) + b"\x00" * 111)
    holder = locks.holder(book)
    assert holder is not None and holder.user == expected


# --------------------------------------------------------------------------- a workbook behind a symbolic link


@pytest.fixture
def linked(tmp_path: Path) -> tuple[Path, Path]:
    """A workbook in one folder and a symbolic link to it (under another name) in another."""
    (tmp_path / "files").mkdir()
    (tmp_path / "desktop").mkdir()
    real = customers_workbook(tmp_path / "files" / "店.xlsx")
    link = tmp_path / "desktop" / "快捷方式.xlsx"
    link.symlink_to(real)
    return link, real


def test_a_workbook_opened_through_a_link_is_written_and_backed_up_as_the_real_file(linked: tuple[Path, Path]) -> None:
    from workbook import backup

    link, real = linked
    before = real.read_bytes()
    result = writing.apply(link, [operations.log_contact("C0001", "call", date(2026, 11, 22), result="经链接")])
    assert result.status == "written"
    assert link.is_symlink() and link.resolve() == real
    assert contact_ids(real) == ["K0001"]
    backups = backup.list_backups(link)
    assert backups == backup.list_backups(real) and len(backups) == 1
    assert backups[0].parent.parent == real.parent
    assert not backups[0].is_symlink() and backups[0].read_bytes() == before
    assert validation_problems(real) == []


@pytest.mark.parametrize("beside", ["link", "target"])
@pytest.mark.parametrize("lock_name", ["~${}", ".~lock.{}#"])
def test_a_lock_file_beside_the_link_or_beside_its_target_holds_the_change(
    linked: tuple[Path, Path], beside: str, lock_name: str
) -> None:
    link, real = linked
    place = link if beside == "link" else real
    place.with_name(lock_name.format(place.name)).write_bytes(excel_owner_file("王磊"))
    before = real.read_bytes()
    result = writing.apply(link, [operations.set_grade("C0001", "A")])
    assert result.status == "queued" and result.holder is not None
    assert real.read_bytes() == before and link.is_symlink()
    assert len(writing.pending(link)) == len(writing.pending(real)) == 1  # one journal, whichever way in


def test_restoring_through_a_link_puts_the_backup_into_the_real_file(linked: tuple[Path, Path]) -> None:
    link, real = linked
    original = real.read_bytes()
    writing.apply(link, [operations.set_grade("C0001", "C")])
    first = run_cli("restore", str(link), "--list").stdout.split()[0]
    assert run_cli("restore", str(link), "--from", first).returncode == 0
    assert link.is_symlink() and real.read_bytes() == original


# --------------------------------------------------------------------------- the file system says no


def test_a_read_only_workbook_is_refused_with_the_reason_and_left_as_it_is(book: Path) -> None:
    before = book.read_bytes()
    os.chmod(book, 0o444)
    try:
        with pytest.raises(WriteRefused) as refused:
            writing.apply(book, [operations.set_grade("C0001", "A")])
        assert refused.value.code == "write.read_only"
        logged = run_cli(
            "log", str(book), "--customer", "C0001", "--type", "call", "--on", "2026-11-22", "--lang", "en"
        )
        assert logged.returncode == 2 and "is read-only" in logged.stderr and "Traceback" not in logged.stderr
    finally:
        os.chmod(book, 0o644)
    assert book.read_bytes() == before and writing.pending(book) == []


@pytest.mark.parametrize(
    ("fault", "code"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "write.folder_refused"),
        (OSError(errno.EROFS, "Read-only file system"), "write.read_only_disk"),
        (OSError(errno.ENOSPC, "No space left on device"), "write.disk_full"),
        (OSError(errno.EIO, "Input/output error"), "write.os_error"),
    ],
)
@pytest.mark.parametrize("held", [False, True])
def test_a_folder_the_system_will_not_write_to_refuses_the_change_with_the_reason(
    book: Path, monkeypatch: pytest.MonkeyPatch, fault: OSError, code: str, held: bool
) -> None:
    from i18n import t

    if held:
        book.with_name("~$" + book.name).write_bytes(excel_owner_file("王磊"))
    before = book.read_bytes()
    real_open = os.open

    def refusing(file: str | os.PathLike[str], flags: int, *args: int, **kw: int) -> int:
        if Path(file).parent == book.parent and flags & (os.O_WRONLY | os.O_RDWR):
            raise fault
        return real_open(file, flags, *args, **kw)

    monkeypatch.setattr(os, "open", refusing)
    with pytest.raises(WriteRefused) as refused:
        writing.apply(book, [operations.set_grade("C0001", "A")])
    monkeypatch.undo()
    assert refused.value.code == code
    message = t(refused.value.code, "en", **refused.value.params)
    assert "{" not in message and refused.value.code not in message
    assert book.read_bytes() == before and writing.pending(book) == []


def test_a_full_disk_says_what_the_backups_take_and_pruning_keeps_the_newest(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from i18n import t
    from workbook import backup

    for n in range(4):
        writing.apply(book, [operations.log_contact("C0001", "call", date(2026, 11, 22), result=f"r{n}")])
    count, size = backup.usage(book)
    assert count == 4 and size == sum(b.stat().st_size for b in backup.list_backups(book))
    refused = refused_on_a_full_disk(book, monkeypatch)
    message = t(refused.code, "en", **refused.params)
    assert f"4 backup(s) take {size / 1e6:.1f} MB" in message and "--prune 5" in message
    newest = backup.list_backups(book)[:2]
    pruned = run_cli("restore", str(book), "--prune", "2", "--lang", "en")
    assert pruned.returncode == 0 and "Deleted 2 older backup(s)" in pruned.stdout
    assert backup.list_backups(book) == newest


def test_a_file_opened_by_another_program_during_the_replace_queues_the_change(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = book.read_bytes()
    real_replace = os.replace
    owner = book.with_name("~$" + book.name)

    def excel_opens_it(src: str, dst: os.PathLike[str] | str) -> None:
        if Path(dst) == book:
            owner.write_bytes(excel_owner_file("王磊"))  # Excel keeps the file open from now on
            raise PermissionError(13, "The process cannot access the file because it is being used by another process")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", excel_opens_it)
    monkeypatch.setattr(writing, "REPLACE_RETRIES", 3)
    result = writing.apply(book, [operations.log_contact("C0001", "call", date(2026, 11, 22), result="排队")])
    monkeypatch.undo()
    assert result.status == "queued" and result.holder is not None and result.holder.user == "王磊"
    assert book.read_bytes() == before and len(writing.pending(book)) == 1
    assert not list(book.parent.glob(f".{book.name}.write-*.tmp"))
    owner.unlink()
    assert writing.flush_pending(book).flushed == 1 and contact_ids(book) == ["K0001"]


def _mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"this runner cannot mount ({done.stderr.strip() or 'mount failed'}); the injected faults cover it")


@pytest.fixture
def mounted(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A folder to mount on, unmounted again after the test."""
    if sys.platform != "linux" or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("real mounts need Linux and root; the injected faults cover it")
    folder = tmp_path / "mnt"
    folder.mkdir()
    yield folder
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_on_a_real_full_disk_the_change_is_refused_and_lands_once_there_is_room(mounted: Path) -> None:
    _mount("-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mounted))
    book = customers_workbook(mounted / "店.xlsx")
    before = book.read_bytes()
    filler = mounted / "filler"
    with open(filler, "wb", buffering=0) as f, contextlib.suppress(OSError):
        while True:
            f.write(b"\0" * 4096)
    logged = run_cli("log", str(book), "--customer", "C0001", "--type", "call", "--on", "2026-11-22", "--lang", "en")
    assert logged.returncode == 2 and "The disk is full" in logged.stderr and "Traceback" not in logged.stderr
    book.with_name("~$" + book.name).write_bytes(b"")  # a zero-byte owner file still fits: the file is held
    with pytest.raises(WriteRefused) as refused:
        writing.apply(book, [operations.set_grade("C0001", "A")])
    assert refused.value.code == "write.disk_full"
    assert book.read_bytes() == before and writing.pending(book) == []
    assert not list(mounted.glob(f".{book.name}.write-*.tmp"))
    filler.unlink()
    book.with_name("~$" + book.name).unlink()
    assert writing.apply(book, [operations.set_grade("C0001", "A")]).status == "written"


def test_on_a_real_read_only_mount_the_change_is_refused_and_the_file_left_as_it_is(
    mounted: Path, tmp_path: Path
) -> None:
    book = customers_workbook(mounted / "店.xlsx")
    before = book.read_bytes()
    _mount("--bind", str(mounted), str(mounted))
    _mount("-o", "remount,ro,bind", str(mounted))
    logged = run_cli("log", str(book), "--customer", "C0001", "--type", "call", "--on", "2026-11-22", "--lang", "en")
    assert logged.returncode == 2 and "is read-only" in logged.stderr and "Traceback" not in logged.stderr
    assert book.read_bytes() == before
