"""Two people, one item (#15 item 10): both contacts are kept and the second person is told it was just done."""

from __future__ import annotations

import pytest

import i18n
from tests.support.apptest_helpers import app_test
from tests.support.due_scenario import TODAY, scenario
from workbook.reading import read_workbook
from workbook.template import write_workbook


@pytest.fixture
def workbook(tmp_path):
    return write_workbook(tmp_path / "store.xlsx", "zh", scenario(), settings={"greeting_festivals": ""})


def browser(monkeypatch, tmp_path, wb, actor: str):
    """One person's due page, on the new lead 王建国's first-day call (C0001, new_lead_24h)."""
    monkeypatch.setattr("ui.session._leave_pages_folder_mode", lambda: None)  # as tests/app/test_due_page.py
    at = app_test(monkeypatch, tmp_path, wb, page="pages/due.py", today=TODAY, lang="zh", actor=actor)
    if actor == "王经理":
        at.selectbox(key="due_consultant_王经理").set_value("李娜").run()  # the manager looks at 李娜's list
    assert not at.exception, at.exception
    assert "card_C0001_rf_save" in [b.key for b in at.button]
    return at


def log(at, note: str):
    at.text_area(key="card_C0001_note").input(note)
    return at.button(key="card_C0001_rf_save").click().run()


def test_both_contacts_are_kept_for_the_item_the_second_person_saw(monkeypatch, tmp_path, workbook):
    first = browser(monkeypatch, tmp_path, workbook, "李娜")
    second = browser(monkeypatch, tmp_path, workbook, "王经理")  # both pages show the item
    log(first, "李娜打的电话")
    log(second, "经理也打了")  # the page the manager clicked on still showed the item
    assert not second.exception, second.exception
    contacts = read_workbook(workbook).frames["contacts"]
    logged = contacts[contacts["result"].isin(["李娜打的电话", "经理也打了"])]
    assert logged[["customer_id", "followup_kind", "result"]].values.tolist() == [
        ["C0001", "new_lead_24h", "李娜打的电话"],
        ["C0001", "new_lead_24h", "经理也打了"],
    ], "the second contact is the manager's call to 王建国, not to whichever customer the page now lists first"


def test_the_second_person_is_told_who_did_it_and_when(monkeypatch, tmp_path, workbook):
    first = browser(monkeypatch, tmp_path, workbook, "李娜")
    second = browser(monkeypatch, tmp_path, workbook, "王经理")
    log(first, "李娜打的电话")
    at = read_workbook(workbook).frames["contacts"].iloc[-1]["time"]
    log(second, "经理也打了")
    said = i18n.t("due.page.just_done", "zh", name="王建国", by="李娜", at=at)
    assert [w.value for w in second.warning if w.value == said] == [said]
    assert not any(w.value.startswith("王建国 的这项跟进刚刚") for w in first.warning), "the first person did it"


def test_the_second_person_is_still_told_after_the_page_runs_again(monkeypatch, tmp_path, workbook):
    """A rerun a moment later (the other phone's write seen by the watcher, any click) keeps the notice."""
    first = browser(monkeypatch, tmp_path, workbook, "李娜")
    second = browser(monkeypatch, tmp_path, workbook, "王经理")
    log(first, "李娜打的电话")
    log(second, "经理也打了")
    marker = i18n.t("due.page.just_done", "zh", name="王建国", by="", at="")[:8]
    assert any(marker in w.value for w in second.warning)
    second.run()
    second.run()
    assert [w.value for w in second.warning if marker in w.value], "the notice stays through the next runs"


def test_one_person_logging_alone_is_not_told_anything_was_done_before(monkeypatch, tmp_path, workbook):
    alone = log(browser(monkeypatch, tmp_path, workbook, "李娜"), "李娜打的电话")
    assert not alone.exception, alone.exception
    marker = i18n.t("due.page.just_done", "zh", name="", by="", at="")[:6]
    assert not any(marker in w.value for w in alone.warning)


def test_a_reschedule_moves_the_item_the_person_saw_even_when_the_list_changed_meanwhile(
    monkeypatch, tmp_path, workbook
):
    first = browser(monkeypatch, tmp_path, workbook, "李娜")
    second = browser(monkeypatch, tmp_path, workbook, "王经理")
    log(first, "李娜打的电话")  # the item leaves the list the manager is looking at
    second.text_input(key="card_C0001_mreason").input("客户出差")
    second.button(key="card_C0001_mf_save").click().run()
    assert not second.exception, second.exception
    moved = read_workbook(workbook).frames["reschedules"]
    assert moved[["customer_id", "kind"]].values.tolist() == [["C0001", "new_lead_24h"]]


def test_a_reschedule_without_a_reason_is_asked_for_and_writes_nothing(monkeypatch, tmp_path, workbook):
    at = browser(monkeypatch, tmp_path, workbook, "李娜")
    at.button(key="card_C0001_mf_save").click().run()
    assert [e.value for e in at.error] == [i18n.t("cards.reason_needed", "zh")]
    assert read_workbook(workbook).frames["reschedules"].empty
