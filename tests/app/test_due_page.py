"""The follow-ups page through AppTest: filters, the cards, and each card's own actions."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import pytest

import i18n
from tests.support.apptest_helpers import app_test, shown_text
from tests.support.due_scenario import TODAY, scenario
from workbook import operations, writing
from workbook.reading import read_workbook
from workbook.template import write_workbook


@pytest.fixture
def workbook(tmp_path):
    return write_workbook(tmp_path / "store.xlsx", "zh", scenario(), settings={"greeting_festivals": ""})


def page(monkeypatch, tmp_path, wb, **kw):
    # Under AppTest, ui.session's "leave pages-folder mode" reruns every script run before the
    # page body, which swallows button clicks; that mode only exists for a real first visit.
    monkeypatch.setattr("ui.session._leave_pages_folder_mode", lambda: None)
    at = app_test(monkeypatch, tmp_path, wb, page="pages/due.py", today=TODAY, **kw)
    assert not at.exception, at.exception
    return at


def html_text(at) -> str:
    return "".join(str(getattr(h, "proto", h)) for h in at.get("html"))


def test_the_page_lists_every_customer_with_items_and_the_calling_hours(monkeypatch, tmp_path, workbook):
    at = page(monkeypatch, tmp_path, workbook, lang="zh")
    text = html_text(at)
    for name in ("王建国", "刘芳", "陈大伟"):
        assert name in text
    assert "tel:13800000001" in text and "逾期 5 天" in text
    assert any("联系时间: 09:00-20:00" in shown_text(c.value) for c in at.caption)


def test_a_grade_that_contradicts_the_expected_date_is_noted_on_the_card(monkeypatch, tmp_path):
    data = scenario()
    data["customers"][0]["expected_purchase"] = TODAY + timedelta(days=60)  # graded B: within 30 days
    wb = write_workbook(tmp_path / "w.xlsx", "zh", data, settings={"greeting_festivals": ""})
    text = html_text(page(monkeypatch, tmp_path, wb, lang="zh"))
    assert "级别 B 偏高: 预计购买日期在 60 天后" in text


def test_a_public_holiday_is_named_and_follow_ups_stay_due(monkeypatch, tmp_path, workbook):
    from datetime import date

    at = app_test(monkeypatch, tmp_path, workbook, page="pages/due.py", today=date(2026, 10, 1), lang="zh")
    assert not at.exception
    assert any("国庆节" in i.value for i in at.info)


def test_a_consultant_filter_keeps_their_items(monkeypatch, tmp_path, workbook):
    at = page(monkeypatch, tmp_path, workbook, lang="zh")
    at.selectbox(key="due_consultant_").set_value("赵敏").run()
    text = html_text(at)
    assert "刘芳" in text and "王建国" not in text


def contacts(wb):
    return read_workbook(wb).frames["contacts"]


def test_logging_reached_on_the_card_clears_the_item_and_writes_the_contact_with_its_time(
    monkeypatch, tmp_path, workbook
):
    at = page(monkeypatch, tmp_path, workbook, lang="zh", actor="李娜")
    at.text_area(key="card_C0001_note").input("已电话问候")
    before = datetime.now().strftime("%H:%M")
    at.button(key="card_C0001_rf_save").click().run()
    after = datetime.now().strftime("%H:%M")
    assert not at.exception
    found = contacts(workbook)
    row = found[found["result"] == "已电话问候"].iloc[0]
    assert (row["customer_id"], row["followup_kind"], row["consultant"], row["type"], row["recorded_by"]) == (
        "C0001",
        "new_lead_24h",
        "李娜",
        "call",
        "李娜",
    )
    assert (row["outcome"], row["date"].date()) == ("reached", TODAY)
    # the time of logging (the sheet's time column), not left empty
    assert isinstance(row["time"], str) and (before <= row["time"] <= after or after < before)  # or midnight passed
    assert "王建国" not in html_text(at)


def test_the_promised_date_and_grade_after_go_with_the_reached_contact(monkeypatch, tmp_path, workbook):
    at = page(monkeypatch, tmp_path, workbook, lang="zh", actor="李娜")
    at.text_area(key="card_C0001_note").input("客户周末来店")
    at.selectbox(key="card_C0001_grade").set_value("H")
    at.date_input(key="card_C0001_next").set_value(TODAY + timedelta(days=3))
    at.button(key="card_C0001_rf_save").click().run()
    assert not at.exception
    frames = read_workbook(workbook).frames
    row = frames["contacts"][frames["contacts"]["result"] == "客户周末来店"].iloc[0]
    assert (row["next_date"].date(), row["grade_after"]) == (TODAY + timedelta(days=3), "H")
    assert frames["customers"].set_index("customer_id").loc["C0001", "grade"] == "H"


def test_no_answer_is_one_tap_that_leaves_the_card_with_its_tries(monkeypatch, tmp_path, workbook):
    at = page(monkeypatch, tmp_path, workbook, lang="zh", actor="李娜")
    at.button(key="card_C0001_na").click().run()
    assert not at.exception
    row = contacts(workbook).iloc[-1]
    assert (row["customer_id"], row["outcome"], row["date"].date(), row["recorded_by"], row["type"]) == (
        "C0001",
        "no_answer",
        TODAY,
        "李娜",
        "call",
    )
    assert pd.isna(row["followup_kind"]), "a try on every open item of the customer"
    assert "王建国" in html_text(at)
    assert any(f"未接通 1 次, 上次 {row['time']}" in shown_text(m.value) for m in at.markdown)


def test_rescheduling_on_the_card_moves_every_item_of_the_customer_out_of_today(monkeypatch, tmp_path, workbook):
    at = page(monkeypatch, tmp_path, workbook, lang="zh", actor="赵敏")
    at.date_input(key="card_C0002_mdate").set_value(TODAY + timedelta(days=3))
    at.text_input(key="card_C0002_mreason").input("客户出差")
    at.button(key="card_C0002_mf_save").click().run()
    assert not at.exception
    r = read_workbook(workbook).frames["reschedules"]
    assert sorted(r[["customer_id", "kind", "reason", "by"]].values.tolist()) == [
        ["C0002", "grade_interval", "客户出差", "赵敏"],
        ["C0002", "new_lead_week1", "客户出差", "赵敏"],
    ]
    assert "刘芳" not in html_text(at)


def test_a_reschedule_without_a_reason_is_refused_beside_the_card_and_keeps_the_date(monkeypatch, tmp_path, workbook):
    at = page(monkeypatch, tmp_path, workbook, lang="zh", actor="李娜")
    at.date_input(key="card_C0001_mdate").set_value(TODAY + timedelta(days=4))
    at.button(key="card_C0001_mf_save").click().run()
    assert [e.value for e in at.error] == [i18n.t("cards.reason_needed", "zh")]
    assert at.date_input(key="card_C0001_mdate").value == TODAY + timedelta(days=4)
    assert read_workbook(workbook).frames["reschedules"].empty


def test_only_a_manager_sees_reassign_on_a_card(monkeypatch, tmp_path, workbook):
    consultant = page(monkeypatch, tmp_path, workbook, lang="en", actor="李娜")
    assert "card_C0001_af_save" not in [b.key for b in consultant.button]
    manager = page(monkeypatch, tmp_path, workbook, lang="en", actor="王经理")
    assert "card_C0001_af_save" in [b.key for b in manager.button]


def _dormant_lead(tmp_path):
    data = scenario()
    data["customers"].append(
        {"customer_id": "C0009", "name": "孙丽", "sex": "F", "phone": "13800000009", "consultant": "李娜",
         "first_contact": TODAY - timedelta(days=400), "grade": "C"}
    )  # fmt: skip
    return write_workbook(tmp_path / "w.xlsx", "zh", data, settings={"greeting_festivals": ""})


def test_a_manager_reassigns_a_year_old_lead_from_its_card_and_the_review_is_done(monkeypatch, tmp_path):
    wb = _dormant_lead(tmp_path)
    at = page(monkeypatch, tmp_path, wb, lang="zh", actor="王经理")
    at.selectbox(key="card_C0009_ato").set_value("赵敏")
    at.text_input(key="card_C0009_areason").input("李娜休产假")
    at.button(key="card_C0009_af_save").click().run()
    assert not at.exception
    frames = read_workbook(wb).frames
    cust = frames["customers"].set_index("customer_id")
    assert cust.loc["C0009", "consultant"] == "赵敏"
    review = frames["contacts"][frames["contacts"]["followup_kind"] == "dormancy_review"]
    assert review["customer_id"].tolist() == ["C0009"] and review["recorded_by"].tolist() == ["王经理"]
    assert "李娜休产假" in review["result"].iloc[0]
    assert 'data-kind="dormancy_review"' not in html_text(at)


def test_a_reassignment_that_conflicts_says_why_beside_the_card_and_keeps_the_reason(monkeypatch, tmp_path):
    wb = _dormant_lead(tmp_path)
    at = page(monkeypatch, tmp_path, wb, lang="zh", actor="王经理")
    writing.apply(wb, [operations.reassign("C0009", "王经理")], actor="王经理")  # another browser moved her first
    at.selectbox(key="card_C0009_ato").set_value("赵敏")
    at.text_input(key="card_C0009_areason").input("李娜休产假")
    at.button(key="card_C0009_af_save").click().run()
    assert not at.exception
    assert read_workbook(wb).frames["customers"].set_index("customer_id").loc["C0009", "consultant"] == "王经理"
    [error] = at.get("error")
    assert error.value.startswith(i18n.t("ui.write.conflict", "zh", reason="")[:4])
    assert at.text_input(key="card_C0009_areason").value == "李娜休产假"


def test_the_export_is_a_valid_workbook_with_the_filtered_list(tmp_path, workbook):
    from python_calamine import CalamineWorkbook

    import i18n
    from logic.followups import due_followups
    from tests.support.shared import validation_problems
    from ui.due import export_bytes

    wb = read_workbook(workbook)
    due = due_followups(wb.frames, wb.settings, TODAY)
    out = tmp_path / "due.xlsx"
    out.write_bytes(export_bytes(due, lambda k, **p: i18n.t(k, "zh", **p), "今日跟进", "zh"))
    assert validation_problems(out) == []
    book = CalamineWorkbook.from_path(str(out))
    rows = book.get_sheet_by_name(book.sheet_names[0]).to_python()
    head = next(i for i, r in enumerate(rows) if r[:3] == ["到期日", "逾期天数", "负责人"])  # under a title, if any
    body = [r for r in rows[head + 1 :] if any(r)]
    assert len(body) == len(due) and {r[3] for r in body} == set(due["customer_id"])


def test_the_contact_is_dated_the_clocks_day_not_the_as_of_day(monkeypatch, tmp_path, workbook):
    at = page(monkeypatch, tmp_path, workbook, lang="zh", actor="李娜")
    at.session_state["ui_as_of"] = TODAY + timedelta(days=2)
    at = at.run()
    assert "逾期 2 天" in html_text(at)  # the page looks two days ahead: 王建国's greeting is 2 days late
    assert at.date_input(key="card_C0001_date").value == TODAY  # shown before saving
    at.text_area(key="card_C0001_note").input("已电话问候")
    at.button(key="card_C0001_rf_save").click().run()
    assert not at.exception
    found = contacts(workbook)
    row = found[found["result"] == "已电话问候"].iloc[0]
    assert (row["date"].date(), row["outcome"]) == (TODAY, "reached")


def test_a_card_shows_the_no_answer_tries_and_flags_a_customer_possibly_out_of_contact(monkeypatch, tmp_path):
    data = scenario()
    tries = [TODAY - timedelta(days=n) for n in (2, 1, 0)]
    data["contacts"] += [
        {"contact_id": f"K09{n}", "date": d, "customer_id": "C0002", "consultant": "赵敏", "type": "call",
         "outcome": "no_answer"}
        for n, d in enumerate(tries)
    ]  # fmt: skip
    wb = write_workbook(tmp_path / "w.xlsx", "zh", data, settings={"greeting_festivals": ""})
    at = page(monkeypatch, tmp_path, wb, lang="zh")
    assert "可能失联" in html_text(at)
    tries = [shown_text(m.value) for m in at.markdown if "未接通" in m.value]
    assert tries == [f":red[未接通 3 次, 上次 {TODAY.isoformat()}]"], "no time recorded: the day is shown"


def test_the_print_layout_is_the_whole_list_as_text_without_actions(monkeypatch, tmp_path, workbook):
    at = page(monkeypatch, tmp_path, workbook, lang="zh")
    at.session_state["due_print_view"] = True
    at = at.run()
    assert not at.exception
    text = html_text(at)
    assert "王建国" in text and "陈大伟" in text
    assert not [b.key for b in at.button if (b.key or "").startswith("card_")]
