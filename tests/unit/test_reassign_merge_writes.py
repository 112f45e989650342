"""Reassignments, bulk reassignments and card merges, written and read back from the file itself."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

from logic.ownership import references
from tests.support.file_rows import raw_rows
from tests.support.shared import validation_problems
from tests.support.writer_support import customers_workbook
from workbook import operations, writing
from workbook.reading import read_workbook

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
AT = datetime(2026, 11, 20, 17, 5)


def _customer(path: Path, cid: str, lang: str = "zh") -> dict:
    return next(r for r in raw_rows(path, "customers", lang) if r["customer_id"] == cid)


def test_a_reassignment_moves_the_customer_and_records_who_when_from_to_and_why(book: Path) -> None:
    op = operations.reassign("C0001", "李娜", expect_consultant="王磊", by="李娜", reason="顾问离职", at=AT)
    writing.apply(book, [op])
    assert _customer(book, "C0001")["consultant"] == "李娜"
    [record] = raw_rows(book, "reassignments", "zh")
    assert record["customer_id"] == "C0001" and record["customer"] == "张三"
    assert (record["from_consultant"], record["to_consultant"], record["by"]) == ("王磊", "李娜", "李娜")
    assert record["reason"] == "顾问离职" and record["recorded_at"] == AT
    assert record["reassignment_id"].startswith("T")
    assert validation_problems(book) == []


def test_the_old_call_without_by_or_reason_still_moves_the_customer_and_leaves_a_record(book: Path) -> None:
    writing.apply(book, [operations.reassign("C0001", "李娜")])
    assert _customer(book, "C0001")["consultant"] == "李娜"
    [record] = raw_rows(book, "reassignments", "zh")
    assert record["to_consultant"] == "李娜" and isinstance(record["recorded_at"], datetime)


def test_a_customer_found_by_phone_is_linked_to_its_record(book: Path) -> None:
    writing.apply(book, [operations.reassign({"phone": "13800000002"}, "李娜", by="李娜", at=AT)])
    moved = next(r for r in raw_rows(book, "customers", "zh") if r["phone"] == "13800000002")
    [record] = raw_rows(book, "reassignments", "zh")
    assert moved["consultant"] == "李娜" and moved["customer_id"] and record["customer_id"] == moved["customer_id"]


def test_a_bulk_reassignment_is_one_write_with_every_move_recorded(tmp_path: Path) -> None:
    extra = {
        "staff": [{"name": n, "role": r} for n, r in (("王磊", "consultant"), ("李娜", "manager"), ("赵强", "consultant"), ("钱多", "consultant"))],
        "customers": [
            {"customer_id": f"C000{i}", "name": f"客户{i}", "phone": f"1390000000{i}", "consultant": "王磊",
             "first_contact": date(2026, 11, i), "grade": "B"}
            for i in range(1, 6)
        ],
    }  # fmt: skip
    path = customers_workbook(tmp_path / "店.xlsx", extra=extra)
    moves = [("C0001", "王磊", "赵强"), ("C0002", "王磊", "钱多"), ("C0003", "王磊", "赵强")]
    result = writing.apply(path, [operations.reassign_many(moves, by="李娜", reason="离职交接", at=AT)])
    assert result.status == "written"
    owners = {r["customer_id"]: r["consultant"] for r in raw_rows(path, "customers", "zh")}
    assert owners == {"C0001": "赵强", "C0002": "钱多", "C0003": "赵强", "C0004": "王磊", "C0005": "王磊"}
    records = raw_rows(path, "reassignments", "zh")
    assert [(r["customer_id"], r["from_consultant"], r["to_consultant"]) for r in records] == moves
    assert {r["by"] for r in records} == {"李娜"} and {r["reason"] for r in records} == {"离职交接"}
    assert validation_problems(path) == []


def _merge_book(tmp_path: Path) -> Path:
    """Two cards for one person (C0001 and its later twin C0003), the twin with rows on every referencing sheet."""
    twin = {"customer_id": "C0003", "name": "张三", "phone": "138 0000 0001", "consultant": "王磊",
            "first_contact": date(2026, 11, 5), "grade": "A"}  # fmt: skip
    extra = {
        "customers": [
            {"customer_id": "C0001", "name": "张三", "phone": "13800000001", "consultant": "王磊",
             "first_contact": date(2026, 11, 1), "grade": "H"},
            twin,
        ],
        "contacts": [
            {"contact_id": f"K000{i}", "date": date(2026, 11, i), "customer_id": cid, "consultant": "王磊", "type": "call"}
            for i, cid in ((1, "C0001"), (5, "C0003"), (6, "C0003"))
        ],
        "deliveries": [{"delivery_id": "D0001", "customer_id": "C0003", "consultant": "王磊", "status": "planned"}],
        "plans": [{"plan_id": "P0001", "date": date(2026, 11, 21), "consultant": "王磊", "customer_id": "C0003"}],
        "lost": [{"lost_id": "L0001", "date": date(2026, 11, 7), "customer_id": "C0003", "consultant": "王磊"}],
        "reschedules": [{"reschedule_id": "R0001", "customer_id": "C0003", "kind": "grade_interval",
                         "new_due": date(2026, 11, 22)}],
        "checklist": [{"delivery_id": "D0001", "item_id": "B01", "done": True, "by": "王磊"}],
        "reassignments": [{"reassignment_id": "T0001", "recorded_at": AT, "customer_id": "C0003",
                           "from_consultant": "李娜", "to_consultant": "王磊"}],
    }  # fmt: skip
    return customers_workbook(tmp_path / "店.xlsx", extra=extra)


def test_a_merge_points_every_reference_at_the_surviving_card_and_deletes_nothing(tmp_path: Path) -> None:
    path = _merge_book(tmp_path)
    wb = read_workbook(path)
    refs = references(wb.frames, "C0003")
    assert refs.without_id == [] and refs.count == 7
    counts = {k: len(raw_rows(path, k, "zh")) for k in ("customers", "contacts", "deliveries", "plans", "lost",
                                                           "reschedules", "checklist", "reassignments")}  # fmt: skip
    op = operations.merge_cards("C0001", "C0003", refs.ids, by="李娜", reason="合并重复卡", at=AT,
                                from_consultant="王磊")  # fmt: skip
    assert writing.apply(path, [op]).status == "written"

    for sheet in ("contacts", "deliveries", "plans", "lost", "reschedules"):
        assert "C0003" not in {r["customer_id"] for r in raw_rows(path, sheet, "zh")}, sheet
    assert [r["customer_id"] for r in raw_rows(path, "contacts", "zh")] == ["C0001", "C0001", "C0001"]
    assert _customer(path, "C0003")["merged_into"] == "C0001"
    assert _customer(path, "C0003")["name"] == "张三"  # the merged card stays, marked
    records = raw_rows(path, "reassignments", "zh")
    assert records[0]["customer_id"] == "C0001"  # the older record follows the card too
    assert (
        records[-1]["customer_id"] == "C0001" and records[-1]["by"] == "李娜" and records[-1]["reason"] == "合并重复卡"
    )
    after = {k: len(raw_rows(path, k, "zh")) for k in counts}
    assert after == {**counts, "reassignments": counts["reassignments"] + 1}
    assert raw_rows(path, "checklist", "zh")[0]["delivery_id"] == "D0001"  # keyed by delivery: it follows with it
    assert validation_problems(path) == []


def test_the_first_release_workbook_gains_the_reassignment_sheet_and_the_merged_column_on_first_need(
    tmp_path: Path,
) -> None:
    path = Path(shutil.copy(FIXTURES / "first_release_zh.xlsx", tmp_path / "旧.xlsx"))
    wb = read_workbook(path)
    assert "客户调配记录" not in wb.sheet_names.values()
    customers = wb.frames["customers"]
    first, second = customers["customer_id"].iloc[0], customers["customer_id"].iloc[1]
    owner = customers["consultant"].iloc[0]
    target = next(c for c in customers["consultant"] if c != owner)
    op = operations.reassign(first, target, expect_consultant=owner, by="经理", reason="测试", at=AT)
    assert writing.apply(path, [op]).status == "written"
    [record] = raw_rows(path, "reassignments", "zh")
    assert (record["customer_id"], record["from_consultant"], record["to_consultant"]) == (first, owner, target)
    assert _customer(path, first)["consultant"] == target
    refs = references(read_workbook(path).frames, second)
    writing.apply(path, [operations.merge_cards(first, second, refs.ids, by="经理", at=AT, from_consultant=target)])
    assert _customer(path, second)["merged_into"] == first
    assert validation_problems(path) == []
    again = read_workbook(path)
    assert not [p for p in again.problems if p.severity == "error"]
