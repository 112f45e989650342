"""`cli.py due --json` on real workbooks: the calling window and the waiting-for-car news, and an older workbook."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

import cli
from tests.support.shared import validation_problems
from workbook import operations, writing
from workbook.reading import read_workbook
from workbook.template import write_workbook

FIRST_RELEASE = Path(__file__).resolve().parents[1] / "fixtures" / "first_release_zh.xlsx"
NEWS = {"car_allocated", "balance_reminder", "delivery_delay"}
STAFF = [{"name": "李娜", "role": "consultant", "active": True}, {"name": "王经理", "role": "manager", "active": True}]


def _customer(cid: str, grade: str) -> dict:
    return {"customer_id": cid, "name": "王建国", "sex": "M", "phone": "1380000000" + cid[-1], "consultant": "李娜",
            "first_contact": date(2026, 10, 1), "grade": grade}  # fmt: skip


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """C1 took delivery at 19:30 on 11-20; C2 waits for a car allocated on 11-20, promised for 11-24 and now
    expected on 11-28, with the balance agreed for 11-23."""
    data = {
        "staff": STAFF,
        "customers": [_customer("C0001", "D"), _customer("C0002", "O")],
        "deliveries": [
            {"delivery_id": "D0001", "customer_id": "C0001", "consultant": "李娜", "status": "done",
             "delivered_at": datetime(2026, 11, 20, 19, 30)},
            {"delivery_id": "D0002", "customer_id": "C0002", "consultant": "李娜", "status": "planned",
             "order_date": date(2026, 11, 5), "scheduled": datetime(2026, 11, 28, 10, 0),
             "promised_delivery": date(2026, 11, 24), "allocated_on": date(2026, 11, 20),
             "balance_due": date(2026, 11, 23)},
        ],
    }  # fmt: skip
    path = tmp_path_factory.mktemp("rules") / "store.xlsx"
    return write_workbook(path, "zh", data, settings={"greeting_festivals": ""})


def due_json(capsys, path: Path, on: str, *extra: str) -> dict[tuple[str, str], dict]:
    code = cli.main(["due", str(path), "--on", on, "--json", *extra])
    out, err = capsys.readouterr()
    assert code == 0, err
    return {(i["customer_id"], i["kind"]): i for i in json.loads(out)["items"]}


def test_the_message_after_a_1930_delivery_is_listed_the_next_morning_with_its_time(capsys, store):
    assert ("C0001", "after_delivery_1h") not in due_json(capsys, store, "2026-11-20")
    item = due_json(capsys, store, "2026-11-21")[("C0001", "after_delivery_1h")]
    assert (item["due"], item["due_at"], item["window"], item["overdue_days"]) == (
        "2026-11-21",
        "2026-11-21T09:00",
        "09:00-20:00",
        0,
    )


def test_every_item_carries_the_window_and_an_untimed_one_no_due_time(capsys, store):
    items = due_json(capsys, store, "2026-11-21")
    assert {i["window"] for i in items.values()} == {"09:00-20:00"}
    assert items[("C0002", "car_allocated")]["due_at"] is None


def test_the_waiting_customer_hears_of_the_allocation_the_balance_and_the_delay(capsys, store):
    items = due_json(capsys, store, "2026-11-20")
    got = {k: (i["due"], i["overdue_days"], i["delivery_id"]) for (c, k), i in items.items() if k in NEWS}
    assert got == {
        "car_allocated": ("2026-11-20", 0, "D0002"),  # allocated today
        "balance_reminder": ("2026-11-20", 0, "D0002"),  # 11-23 less three days
        "delivery_delay": ("2026-11-20", 0, "D0002"),  # seen today, before the promised 11-24
    }
    later = due_json(capsys, store, "2026-11-26")
    assert later[("C0002", "delivery_delay")]["overdue_days"] == 2  # from the promised day


def log_call(capsys, path: Path, *kind: str) -> None:
    code = cli.main(["log", str(path), "--customer", "C0002", "--type", "call", "--today", "2026-11-21", "--by", "李娜",
                     *(("--kind", *kind) if kind else ())])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    capsys.readouterr()


def test_a_logged_call_naming_the_delay_tells_all_the_news(capsys, store, tmp_path):
    path = shutil.copy(store, tmp_path / "store.xlsx")
    assert {k for (_, k) in due_json(capsys, path, "2026-11-22")} >= NEWS
    log_call(capsys, path, "delivery_delay")
    assert not {k for (_, k) in due_json(capsys, path, "2026-11-22")} & NEWS


def test_a_plain_call_tells_the_allocation_and_the_balance_but_not_the_delay(capsys, store, tmp_path):
    path = shutil.copy(store, tmp_path / "store.xlsx")
    log_call(capsys, path)
    assert {k for (_, k) in due_json(capsys, path, "2026-11-22")} & NEWS == {"delivery_delay"}


def test_the_first_release_workbook_reads_as_before_with_no_waiting_news(capsys):
    items = due_json(capsys, FIRST_RELEASE, "2026-11-20")
    assert items and not {k for (_, k) in items} & NEWS
    assert {i["window"] for i in items.values()} == {"09:00-20:00"}


def test_the_first_release_workbook_gains_the_allocation_column_on_first_need(capsys, tmp_path):
    path = shutil.copy(FIRST_RELEASE, tmp_path / "old.xlsx")
    planned = read_workbook(path).frames["deliveries"]
    row = planned[planned["status"] == "planned"].iloc[-1]
    op = operations.update_delivery(row["delivery_id"], allocated_on=date(2026, 11, 20))
    assert writing.apply(path, [op]).status == "written"
    wb = read_workbook(path)
    assert wb.headers["deliveries"]["allocated_on"] == "配车日期"
    assert not [p for p in wb.problems if p.severity == "error"]
    items = due_json(capsys, path, "2026-11-20")
    assert items[(row["customer_id"], "car_allocated")]["delivery_id"] == row["delivery_id"]


def test_the_upgraded_first_release_workbook_passes_the_ooxml_validator(tmp_path):
    path = shutil.copy(FIRST_RELEASE, tmp_path / "old.xlsx")
    planned = read_workbook(path).frames["deliveries"]
    delivery_id = planned[planned["status"] == "planned"]["delivery_id"].iloc[0]
    op = operations.update_delivery(delivery_id, promised_delivery=date(2026, 11, 18), balance_due=date(2026, 11, 19))
    assert writing.apply(path, [op]).status == "written"
    assert validation_problems(path) == []


def test_the_first_release_workbook_reads_the_default_window_and_reminder_days():
    settings = read_workbook(FIRST_RELEASE).settings
    assert (settings["calling_hours_start"], settings["calling_hours_end"]) == ("09:00", "20:00")
    assert settings["balance_reminder_days"] == 3
