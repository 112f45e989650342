"""`cli.py due` end to end on real workbooks written by the template (and reshaped as managers do)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

import cli
from tests.support.due_scenario import STAFF, TODAY, ago, scenario
from workbook import schema
from workbook.template import write_workbook

EXPECTED = {
    ("C0001", "new_lead_24h", 0),
    ("C0002", "new_lead_week1", 1),
    ("C0003", "after_delivery_day4", 0),
    ("C0003", "birthday", 0),  # lunar 十月十四 2026 = 2026-11-22
    ("C0002", "grade_interval", 5),  # grade A: every 3 days
}


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("due") / "store.xlsx"
    return write_workbook(path, "zh", scenario(), settings={"greeting_festivals": ""})


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def due_json(capsys, path: Path, *extra: str) -> dict:
    code, out, err = run(capsys, "due", str(path), "--on", TODAY.isoformat(), "--json", *extra)
    assert code == 0, err
    return json.loads(out)


def test_due_json_lists_what_is_due_with_iso_dates(capsys, workbook):
    doc = due_json(capsys, workbook)
    assert doc["on"] == "2026-11-22"
    assert {(i["customer_id"], i["kind"], i["overdue_days"]) for i in doc["items"]} == EXPECTED
    for item in doc["items"]:
        assert {
            "customer_id",
            "customer",
            "phone",
            "consultant",
            "kind",
            "due",
            "overdue_days",
            "last_contact",
        } <= item.keys()
        assert date.fromisoformat(item["due"]) <= TODAY
        assert (TODAY - date.fromisoformat(item["due"])).days == item["overdue_days"]
        assert item["script"] and item["label"]


def test_due_json_names_the_owner_phone_and_last_contact(capsys, workbook):
    items = {(i["customer_id"], i["kind"]): i for i in due_json(capsys, workbook)["items"]}
    day4 = items[("C0003", "after_delivery_day4")]
    assert (day4["consultant"], day4["phone"], day4["last_contact"]) == ("王经理", "13800000003", ago(1).isoformat())
    assert items[("C0001", "new_lead_24h")]["last_contact"] == ago(1).isoformat()
    assert "王先生" in items[("C0001", "new_lead_24h")]["script"]


def test_due_json_for_one_consultant(capsys, workbook):
    doc = due_json(capsys, workbook, "--consultant", "赵敏")
    assert {(i["customer_id"], i["kind"]) for i in doc["items"]} == {
        ("C0002", "new_lead_week1"),
        ("C0002", "grade_interval"),
    }


def test_an_earlier_date_shows_what_was_due_then(capsys, workbook):
    code, out, _ = run(capsys, "due", str(workbook), "--on", ago(1).isoformat(), "--json")
    assert code == 0
    kinds = {(i["customer_id"], i["kind"]) for i in json.loads(out)["items"]}
    assert ("C0002", "new_lead_week1") in kinds and ("C0001", "new_lead_24h") not in kinds


def test_last_contact_is_null_when_there_was_none(capsys, tmp_path):
    data = {"staff": STAFF, "customers": [scenario()["customers"][0]]}
    path = write_workbook(tmp_path / "w.xlsx", "en", data, settings={"greeting_festivals": ""})
    [item] = due_json(capsys, path)["items"]
    assert item["last_contact"] is None and item["kind"] == "new_lead_24h"


def test_due_table_in_english(capsys, workbook):
    code, out, _ = run(capsys, "due", str(workbook), "--on", TODAY.isoformat(), "--lang", "en", "--scripts")
    assert code == 0
    assert "Greeting within 24 hours" in out and "王建国" in out and "5 items, 2 overdue" in out


def test_unknown_consultant_is_refused_with_exit_2(capsys, workbook):
    code, out, err = run(capsys, "due", str(workbook), "--on", TODAY.isoformat(), "--consultant", "无名")
    assert code == 2 and "无名" in err and "李娜" in err and out == ""


def test_an_unusable_workbook_exits_2_without_a_traceback(capsys, tmp_path):
    bad = tmp_path / "not.xlsx"
    bad.write_text("客户,电话\n张三,138\n", encoding="utf-8")
    code, out, err = run(capsys, "due", str(bad), "--on", TODAY.isoformat(), "--json")
    assert code == 2 and out == "" and "Traceback" not in err and err.strip()


def test_a_bad_date_is_a_usage_error(capsys, workbook):
    with pytest.raises(SystemExit) as exc:
        cli.main(["due", str(workbook), "--on", "2026-13-01"])
    assert exc.value.code == 2


def reshape(src: Path, dst: Path) -> Path:
    """The workbook as a manager leaves it: a title row, columns in another order, dates typed as text."""
    wb = openpyxl.load_workbook(src)
    out = openpyxl.Workbook()
    out.remove(out.active)
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        if not rows:
            continue
        header, body = rows[0], rows[1:]
        order = list(range(len(header)))[::-1]  # every column moved
        new = out.create_sheet(ws.title)
        new.append([f"{ws.title}(2026年)"])
        new.append([header[i] for i in order])
        for r in body:
            cells = []
            for i in order:
                v = r[i]
                if isinstance(v, datetime) and v.time() == datetime.min.time():
                    v = f"{v.year}年{v.month}月{v.day}日"  # a date typed as Chinese text
                cells.append(v)
            new.append(cells)
    out.save(dst)  # a NEW file, made for the test
    return dst


def test_the_due_list_survives_the_way_managers_reshape_the_workbook(capsys, workbook, tmp_path):
    reshaped = reshape(workbook, tmp_path / "reshaped.xlsx")
    before = due_json(capsys, workbook)["items"]
    after = due_json(capsys, reshaped)["items"]
    assert [(i["customer_id"], i["kind"], i["due"], i["overdue_days"]) for i in after] == [
        (i["customer_id"], i["kind"], i["due"], i["overdue_days"]) for i in before
    ]


def test_the_sheet_names_used_are_the_schemas():
    assert schema.sheet("customers").name("zh") == "客户"  # the reshape keeps names the reader knows
