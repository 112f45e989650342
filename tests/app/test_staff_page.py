"""The staff page: a manager moves a leaving consultant's customers to several consultants in one recorded write."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import i18n
from tests.support.apptest_helpers import app_test
from tests.support.file_rows import raw_rows
from tests.support.shared import validation_problems
from tests.support.writer_support import customers_workbook


def _leaving_book(tmp_path: Path) -> Path:
    """王磊 leaves with four customers (one delivered); 赵强 and 钱多 take them over; 李娜 manages."""
    grades = {"C0001": "H", "C0002": "B", "C0003": "D", "C0004": "A"}
    extra = {
        "staff": [{"name": n, "role": r} for n, r in (("王磊", "consultant"), ("赵强", "consultant"),
                                                      ("钱多", "consultant"), ("李娜", "manager"))],
        "customers": [
            {"customer_id": cid, "name": f"客户{cid}", "phone": f"1380000000{i}", "consultant": "王磊",
             "first_contact": date(2026, 11, i), "grade": g}
            for i, (cid, g) in enumerate(grades.items(), start=1)
        ],
    }  # fmt: skip
    return customers_workbook(tmp_path / "店.xlsx", extra=extra)


def _submit(at, lang: str = "zh"):
    [button] = [b for b in at.button if b.label == i18n.t("staff.bulk.submit", lang)]
    return button.click().run()


def _texts(at) -> str:
    return " ".join(str(e.value) for e in [*at.error, *at.warning, *at.success, *at.markdown])


def test_a_manager_deals_the_open_customers_out_in_turn_and_every_move_is_recorded(tmp_path, monkeypatch):
    path = _leaving_book(tmp_path)
    at = app_test(monkeypatch, tmp_path, path, page="pages/staff.py", lang="zh", actor="李娜")
    assert not at.exception, at.exception
    at.selectbox(key="staff_bulk_from").select("王磊")
    at.multiselect(key="staff_bulk_to").select("赵强").select("钱多")
    at = _submit(at)
    assert not at.exception, at.exception
    owners = {r["customer_id"]: r["consultant"] for r in raw_rows(path, "customers", "zh")}
    assert owners == {"C0001": "赵强", "C0002": "钱多", "C0003": "王磊", "C0004": "赵强"}  # the delivered one stays
    records = raw_rows(path, "reassignments", "zh")
    assert [(r["customer_id"], r["from_consultant"], r["to_consultant"]) for r in records] == [
        ("C0001", "王磊", "赵强"), ("C0002", "王磊", "钱多"), ("C0004", "王磊", "赵强"),
    ]  # fmt: skip
    assert {(r["by"], r["reason"]) for r in records} == {("李娜", "顾问离职交接")}
    assert validation_problems(path) == []
    shown = at.dataframe[0].value
    assert shown.set_index(i18n.t("staff.col.name", "zh")).loc["王磊", i18n.t("staff.col.customers", "zh")] == 1


def test_without_anyone_acting_the_form_asks_who_and_a_consultant_may_not_move_customers(tmp_path, monkeypatch):
    path = _leaving_book(tmp_path)
    before = path.read_bytes()
    at = app_test(monkeypatch, tmp_path, path, page="pages/staff.py", lang="en")
    assert not at.exception and not at.warning
    at.multiselect(key="staff_bulk_to").select("赵强")
    at = _submit(at, "en")
    assert i18n.t("ui.who.missing", "en") in _texts(at) and path.read_bytes() == before
    at.selectbox(key="ui_who_staff_bulk").select("钱多")
    at = _submit(at, "en")
    assert i18n.t("ui.needs_manager", "en") in _texts(at) and path.read_bytes() == before
    at.selectbox(key="ui_who_staff_bulk").select("李娜")
    at = _submit(at, "en")
    assert not at.exception, at.exception
    assert {r["consultant"] for r in raw_rows(path, "customers", "zh")} == {"赵强", "王磊"}
    assert {r["by"] for r in raw_rows(path, "reassignments", "zh")} == {"李娜"}
