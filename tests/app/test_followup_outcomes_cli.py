"""`cli.py log --outcome/--next` and `cli.py due --json` on a sample made by `cli.py sample` (issue 16's check)."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

import cli
from logic.followups import HELD_BY_PROMISE
from tests.support.shared import validation_problems
from workbook import operations, writing
from workbook.reading import read_workbook

D = date(2026, 11, 20)
ROOT = Path(__file__).resolve().parents[2]
FIRST_RELEASE = ROOT / "tests" / "fixtures" / "first_release_zh.xlsx"


@pytest.fixture(scope="module")
def made_by_cli(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "store.xlsx"
    assert cli.main(["sample", str(path), "--today", D.isoformat(), "--size", "S", "--seed", "1"]) == 0
    return path


@pytest.fixture
def store(made_by_cli: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(made_by_cli, tmp_path / "store.xlsx"))


def due(capsys, path: Path, on: date) -> list[dict]:
    capsys.readouterr()
    assert cli.main(["due", str(path), "--on", on.isoformat(), "--json"]) == 0
    return json.loads(capsys.readouterr().out)["items"]


def log(capsys, path: Path, customer: str, *extra: str) -> tuple[int, str]:
    capsys.readouterr()
    code = cli.main(["log", str(path), "--customer", customer, "--type", "call", "--today", D.isoformat(), *extra])
    return code, capsys.readouterr().err


def a_customer_due_on(items: list[dict], day: date) -> tuple[str, str]:
    """A customer with a cadence item due on `day`, no tries yet and no promise standing."""
    promised = {i["customer_id"] for i in items if i["kind"] == "next_contact"}
    for i in items:
        fresh = i["attempts"] == 0 and i["customer_id"] not in promised
        if i["due"] == day.isoformat() and i["kind"] in HELD_BY_PROMISE and fresh:
            return i["customer_id"], i["kind"]
    raise AssertionError("the sample has no cadence item due today")


def of(items: list[dict], customer: str) -> list[dict]:
    return [i for i in items if i["customer_id"] == customer]


def test_a_no_answer_leaves_the_item_due_with_one_attempt_and_a_promise_holds_the_cadence(capsys, store):
    customer, kind = a_customer_due_on(due(capsys, store, D), D)

    assert log(capsys, store, customer, "--outcome", "no_answer") == (0, "")
    for on in (D, D + timedelta(days=1)):
        item = next(i for i in of(due(capsys, store, on), customer) if i["kind"] == kind)
        assert (item["attempts"], item["last_attempt"], item["out_of_contact"]) == (1, D.isoformat(), False)

    assert log(capsys, store, customer, "--outcome", "reached", "--next", (D + timedelta(days=3)).isoformat())[0] == 0
    for on in (D + timedelta(days=1), D + timedelta(days=2)):
        assert not [i for i in of(due(capsys, store, on), customer) if i["kind"] in HELD_BY_PROMISE]
    on_the_day = of(due(capsys, store, D + timedelta(days=3)), customer)
    assert [(i["kind"], i["due"]) for i in on_the_day if i["kind"] == "next_contact"] == [
        ("next_contact", (D + timedelta(days=3)).isoformat())
    ]
    assert validation_problems(store) == []


def test_the_contact_is_dated_the_clocks_day_and_records_when_it_was_entered(capsys, store):
    customer, _ = a_customer_due_on(due(capsys, store, D), D)
    assert log(capsys, store, customer, "--outcome", "no_answer")[0] == 0
    assert log(capsys, store, customer, "--on", (D - timedelta(days=2)).isoformat())[0] == 0
    contacts = read_workbook(store).frames["contacts"]
    mine = contacts[contacts["customer_id"] == customer].tail(2)
    assert [d.date() for d in mine["date"]] == [D, D - timedelta(days=2)]
    assert list(mine["outcome"]) == ["no_answer", "reached"]
    assert all(stamp.date() == D for stamp in mine["recorded_at"])


def test_an_unknown_outcome_is_bad_usage(capsys, store):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["log", str(store), "--customer", "C00001", "--type", "call", "--outcome", "maybe"])
    assert exit_.value.code == 2


def test_the_first_release_workbook_reads_every_contact_as_reached(capsys, tmp_path):
    old = Path(shutil.copy(FIRST_RELEASE, tmp_path / "old.xlsx"))
    assert read_workbook(old).frames["contacts"]["outcome"].isna().all()  # the file has no such column
    items = due(capsys, old, D)
    assert items and all(i["attempts"] == 0 and i["last_attempt"] is None for i in items)


def test_the_first_release_workbook_takes_a_reached_contact(capsys, tmp_path):
    old = Path(shutil.copy(FIRST_RELEASE, tmp_path / "old.xlsx"))
    customer, _ = a_customer_due_on(due(capsys, old, D), D)
    assert log(capsys, old, customer, "--next", (D + timedelta(days=3)).isoformat()) == (0, "")
    assert [i["kind"] for i in of(due(capsys, old, D + timedelta(days=3)), customer)].count("next_contact") == 1


def test_the_first_release_workbook_takes_a_no_answer_by_gaining_the_outcome_column(capsys, tmp_path):
    # the workbook the first release made has no outcome column: the write adds it surgically
    old = Path(shutil.copy(FIRST_RELEASE, tmp_path / "old.xlsx"))
    customer, kind = a_customer_due_on(due(capsys, old, D), D)
    code, err = log(capsys, old, customer, "--outcome", "no_answer", "--lang", "en")
    assert code == 0 and "Traceback" not in err
    wb = read_workbook(old)
    assert wb.headers["contacts"]["outcome"] == "接通情况"  # the header in the sheet's language
    contacts = wb.frames["contacts"]
    assert list(contacts["outcome"].dropna()) == ["no_answer"]  # every older contact reads as reached
    item = next(i for i in of(due(capsys, old, D), customer) if i["kind"] == kind)
    assert (item["attempts"], item["last_attempt"]) == (1, D.isoformat())
    assert validation_problems(old) == []


def test_a_voided_no_answer_is_no_longer_a_try(capsys, store):
    customer, kind = a_customer_due_on(due(capsys, store, D), D)
    assert log(capsys, store, customer, "--outcome", "no_answer")[0] == 0
    contacts = read_workbook(store).frames["contacts"]
    last_id = contacts[contacts["customer_id"] == customer]["contact_id"].iloc[-1]
    assert writing.apply(store, [operations.void_contact(last_id)]).status == "written"
    item = next(i for i in of(due(capsys, store, D), customer) if i["kind"] == kind)
    assert (item["attempts"], item["last_attempt"]) == (0, None)
    contacts = read_workbook(store).frames["contacts"]
    assert bool(contacts.loc[contacts["contact_id"] == last_id, "void"].iloc[0]) is True  # kept, never deleted


def test_the_text_list_shows_the_tries(capsys, store):
    customer, _ = a_customer_due_on(due(capsys, store, D), D)
    assert log(capsys, store, customer, "--outcome", "no_answer")[0] == 0
    assert cli.main(["due", str(store), "--on", D.isoformat(), "--lang", "en"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if customer in line]
    assert lines and all(f"No answer 1×, last {D.isoformat()}" in line for line in lines)


def test_a_wrong_number_logged_is_a_warning_on_the_customers_phone(capsys, store):
    customer, _ = a_customer_due_on(due(capsys, store, D), D)

    def wrong_numbers() -> list[dict]:
        capsys.readouterr()
        cli.main(["check", str(store), "--json"])
        return [p for p in json.loads(capsys.readouterr().out)["problems"] if p["code"] == "problem.wrong_number"]

    before = wrong_numbers()
    assert log(capsys, store, customer, "--outcome", "wrong_number")[0] == 0
    added = [p for p in wrong_numbers() if p not in before]
    phone = read_workbook(store).frames["customers"].set_index("customer_id").loc[customer, "phone"]
    assert [(p["severity"], p["value"]) for p in added] == [("warning", phone)]
    assert customer in {i["customer_id"] for i in due(capsys, store, D)}  # still in every list
