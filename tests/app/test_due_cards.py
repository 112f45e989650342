"""A due card's own actions through AppTest: who makes the write, nothing typed lost, a mis-tap taken back."""

from __future__ import annotations

import pandas as pd
import pytest

import i18n
from tests.support.apptest_helpers import app_test, shown_text
from tests.support.due_scenario import TODAY, ago, scenario
from ui.card_actions import SAME_TAP_SECONDS
from workbook.reading import read_workbook
from workbook.template import write_workbook


@pytest.fixture
def workbook(tmp_path):
    return write_workbook(tmp_path / "store.xlsx", "zh", scenario(), settings={"greeting_festivals": ""})


def page(monkeypatch, tmp_path, wb, **kw):
    monkeypatch.setattr("ui.session._leave_pages_folder_mode", lambda: None)  # as tests/app/test_due_page.py
    at = app_test(monkeypatch, tmp_path, wb, page="pages/due.py", today=TODAY, lang="zh", **kw)
    assert not at.exception, at.exception
    return at


def contacts(wb):
    return read_workbook(wb).frames["contacts"]


def errors(at) -> list[str]:
    return [shown_text(e.value) for e in at.error]


def tries_shown(at) -> list[str]:
    return [shown_text(m.value) for m in at.markdown if "未接通" in m.value and m.value.startswith(":red[")]


def test_a_no_answer_tap_with_nobody_acting_asks_who_beside_the_card_then_writes_their_name(
    monkeypatch, tmp_path, workbook
):
    at = page(monkeypatch, tmp_path, workbook)
    rows = len(contacts(workbook))
    at.button(key="card_C0001_na").click().run()
    assert errors(at) == [i18n.t("ui.who.missing", "zh")]
    assert len(contacts(workbook)) == rows, "nothing written without an author"
    at.selectbox(key="ui_who_card_C0001_tap").set_value("李娜")
    at.button(key="card_C0001_na").click().run()
    assert not at.exception and errors(at) == []
    row = contacts(workbook).iloc[-1]
    assert (row["customer_id"], row["outcome"], row["recorded_by"]) == ("C0001", "no_answer", "李娜")


def test_the_reached_form_with_nobody_acting_keeps_the_note_until_a_name_is_picked(monkeypatch, tmp_path, workbook):
    at = page(monkeypatch, tmp_path, workbook)
    at.text_area(key="card_C0001_note").input("客户说周六来")
    at.button(key="card_C0001_rf_save").click().run()
    assert errors(at) == [i18n.t("ui.who.missing", "zh")]
    assert at.text_area(key="card_C0001_note").value == "客户说周六来", "the text typed is kept"
    assert "客户说周六来" not in set(contacts(workbook)["result"].dropna())
    at.selectbox(key="ui_who_card_C0001_rf").set_value("李娜")
    at.button(key="card_C0001_rf_save").click().run()
    assert not at.exception and errors(at) == []
    found = contacts(workbook)
    assert found[found["result"] == "客户说周六来"]["recorded_by"].tolist() == ["李娜"]


def test_a_write_the_workbook_refuses_keeps_the_note_and_says_why_beside_the_card(monkeypatch, tmp_path):
    data = scenario()
    twins = [
        {"name": "手填客户", "phone": "13900000007", "consultant": "李娜", "first_contact": ago(1), "grade": "B"},
        {"name": "手填客户", "phone": "13900000007", "consultant": "李娜", "first_contact": ago(1), "grade": "B"},
    ]  # two hand-added rows, no ID, one phone: a grade written by that phone cannot tell them apart
    data["customers"] += twins
    wb = write_workbook(tmp_path / "w.xlsx", "zh", data, settings={"greeting_festivals": ""})
    for row in read_workbook(wb).frames["customers"].itertuples():
        assert row.phone != "13900000007" or not isinstance(row.customer_id, str), "the rows really lack an ID"
    at = page(monkeypatch, tmp_path, wb, actor="李娜")
    key = next(b.key for b in at.button if b.key.startswith("card_p13900000007_") and b.key.endswith("_rf_save"))
    card = key.removesuffix("_rf_save")
    at.text_area(key=f"{card}_note").input("要改级别")
    at.selectbox(key=f"{card}_grade").set_value("H")
    at.button(key=key).click().run()
    assert not at.exception
    [reason] = errors(at)
    assert reason.startswith(i18n.t("ui.write.refused", "zh", reason="")[:4]), reason
    assert at.text_area(key=f"{card}_note").value == "要改级别"
    assert "要改级别" not in set(contacts(wb)["result"].dropna())


def test_a_no_answer_taken_back_on_the_card_is_void_and_no_longer_a_try(monkeypatch, tmp_path, workbook):
    at = page(monkeypatch, tmp_path, workbook, actor="李娜")
    at.button(key="card_C0001_na").click().run()
    [shown] = tries_shown(at)
    assert shown.startswith(":red[未接通 1 次")
    at.button(key="card_C0001_undo_try").click().run()
    assert not at.exception and errors(at) == []
    row = contacts(workbook).iloc[-1]
    assert (row["outcome"], bool(row["void"])) == ("no_answer", True), "kept in the sheet, marked void"
    assert tries_shown(at) == []


def test_a_no_answer_tapped_twice_within_seconds_is_one_call_and_a_later_tap_another(monkeypatch, tmp_path, workbook):
    clock = [1000.0]
    monkeypatch.setattr("ui.card_actions._moment", lambda: clock[0])
    at = page(monkeypatch, tmp_path, workbook, actor="李娜")
    rows = len(contacts(workbook))
    at.button(key="card_C0001_na").click().run()
    clock[0] += 2  # a phone's double tap, or one tap handed to the page twice
    at.button(key="card_C0001_na").click().run()
    assert not at.exception and errors(at) == []
    assert len(contacts(workbook)) == rows + 1
    [shown] = tries_shown(at)
    assert shown.startswith(":red[未接通 1 次")
    clock[0] += SAME_TAP_SECONDS  # the next call rang out
    at.button(key="card_C0001_na").click().run()
    assert len(contacts(workbook)) == rows + 2
    [shown] = tries_shown(at)
    assert shown.startswith(":red[未接通 2 次")


def test_a_no_answer_tapped_again_after_its_take_back_is_a_new_try(monkeypatch, tmp_path, workbook):
    monkeypatch.setattr("ui.card_actions._moment", lambda: 1000.0)
    at = page(monkeypatch, tmp_path, workbook, actor="李娜")
    rows = len(contacts(workbook))
    at.button(key="card_C0001_na").click().run()
    at.button(key="card_C0001_undo_try").click().run()
    at.button(key="card_C0001_na").click().run()  # taken back as a mis-tap, then meant
    found = contacts(workbook).iloc[rows:]
    assert list(found["outcome"]) == ["no_answer", "no_answer"]
    assert [bool(v) for v in found["void"].fillna(False)] == [True, False]
    [shown] = tries_shown(at)
    assert shown.startswith(":red[未接通 1 次")


def test_a_mis_tap_found_later_is_taken_back_from_todays_own_entries(monkeypatch, tmp_path, workbook):
    at = page(monkeypatch, tmp_path, workbook, actor="李娜")
    at.text_area(key="card_C0001_note").input("点错了")
    at.button(key="card_C0001_rf_save").click().run()
    found = contacts(workbook)
    new_id = found[found["result"] == "点错了"]["contact_id"].iloc[0]
    at.button(key=f"due_void_{new_id}").click().run()
    assert not at.exception
    found = contacts(workbook)
    assert bool(found[found["contact_id"] == new_id]["void"].iloc[0])
    assert f"due_void_{new_id}" not in [b.key for b in at.button]
    assert "王建国" in "".join(str(h.proto) for h in at.get("html")), "the item is due again"


def test_todays_own_entries_hold_neither_another_persons_rows_nor_another_days(monkeypatch, tmp_path):
    data = scenario()
    data["contacts"] += [
        {"contact_id": "K0101", "date": TODAY, "customer_id": "C0002", "consultant": "赵敏", "type": "call",
         "recorded_by": "赵敏"},
        {"contact_id": "K0102", "date": ago(1), "customer_id": "C0001", "consultant": "李娜", "type": "call",
         "recorded_by": "李娜"},
        {"contact_id": "K0103", "date": TODAY, "customer_id": "C0001", "consultant": "李娜", "type": "call",
         "recorded_by": "李娜"},
    ]  # fmt: skip
    wb = write_workbook(tmp_path / "w.xlsx", "zh", data, settings={"greeting_festivals": ""})
    keys = [b.key for b in page(monkeypatch, tmp_path, wb, actor="李娜").button if b.key.startswith("due_void_")]
    assert keys == ["due_void_K0103"]


def test_a_take_back_by_someone_else_is_refused_with_the_reason(monkeypatch, tmp_path, workbook):
    at = page(monkeypatch, tmp_path, workbook, actor="李娜")
    at.button(key="card_C0001_na").click().run()
    at.session_state["ui_actor"] = "赵敏"  # the browser changes hands before the take-back
    at.button(key="card_C0001_undo_try").click().run()
    assert errors(at) == [i18n.t("cards.void.not_yours", "zh")]
    row = contacts(workbook).iloc[-1]
    assert row["outcome"] == "no_answer" and pd.isna(row["void"]), "the try stands"


def test_reassign_needs_a_reason_and_keeps_the_choice(monkeypatch, tmp_path, workbook):
    at = page(monkeypatch, tmp_path, workbook, actor="王经理")
    at.selectbox(key="due_consultant_王经理").set_value("李娜").run()
    at.selectbox(key="card_C0001_ato").set_value("赵敏")
    at.button(key="card_C0001_af_save").click().run()
    assert errors(at) == [i18n.t("cards.reason_needed", "zh")]
    assert at.selectbox(key="card_C0001_ato").value == "赵敏"
    assert read_workbook(workbook).frames["customers"].set_index("customer_id").loc["C0001", "consultant"] == "李娜"


def test_a_promised_date_shows_on_the_card_on_its_day(monkeypatch, tmp_path):
    data = scenario()
    data["contacts"].append(
        {"contact_id": "K0200", "date": ago(3), "customer_id": "C0002", "consultant": "赵敏", "type": "call",
         "next_date": TODAY}
    )  # fmt: skip
    wb = write_workbook(tmp_path / "w.xlsx", "zh", data, settings={"greeting_festivals": ""})
    html = "".join(str(h.proto) for h in page(monkeypatch, tmp_path, wb).get("html"))
    assert f"约定 {TODAY.isoformat()} 联系" in html


def _customer_card(customer_id: str) -> None:
    """Another page's use of the card's actions: a customer's own card, with no due item to hand."""
    import pandas as pd

    from ui import card_actions, session

    ctx = session.page_setup("ui.page.due", title=False)
    card_actions.actions(ctx, customer_id, pd.DataFrame(), key=f"cust_{customer_id}")


def test_the_actions_work_for_a_customer_with_no_open_item(monkeypatch, tmp_path, workbook):
    from streamlit.testing.v1 import AppTest

    from tests.support.apptest_helpers import isolate

    isolate(monkeypatch, tmp_path, workbook, TODAY)
    at = AppTest.from_function(_customer_card, args=("C0004",), default_timeout=60)
    at.session_state["ui_lang"] = "zh"
    at.session_state["ui_actor"] = "赵敏"
    at.run()
    assert not at.exception, at.exception
    keys = [b.key for b in at.button]
    assert "cust_C0004_na" in keys and "cust_C0004_mf_save" not in keys, "nothing to reschedule"
    at.button(key="cust_C0004_na").click().run()
    at.text_area(key="cust_C0004_note").input("客户想换车型")
    at.button(key="cust_C0004_rf_save").click().run()
    assert not at.exception and errors(at) == []
    rows = contacts(workbook).tail(2)
    assert rows[["customer_id", "outcome", "recorded_by"]].values.tolist() == [
        ["C0004", "no_answer", "赵敏"],
        ["C0004", "reached", "赵敏"],
    ]
    assert rows["followup_kind"].isna().all() and rows["result"].iloc[-1] == "客户想换车型"
