"""The follow-ups page through AppTest: filters, the list, logging a result and rescheduling."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.support.apptest_helpers import app_test, shown_text
from tests.support.due_scenario import TODAY, scenario
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


def _choose(at, customer_id: str, kind: str):
    """Pick a customer's follow-up item in the page's two selectboxes."""
    at.selectbox(key="due_customer").set_value(customer_id).run()
    return at.selectbox(key="due_item").set_value(kind).run()


def test_logging_a_result_clears_the_item_and_writes_the_contact_with_its_time(monkeypatch, tmp_path, workbook):
    at = _choose(page(monkeypatch, tmp_path, workbook, lang="zh", actor="李娜"), "C0001", "new_lead_24h")
    at.text_area(key="due_log_note").input("已电话问候")
    before = datetime.now().strftime("%H:%M")
    at.button(key="due_log_submit").click().run()
    after = datetime.now().strftime("%H:%M")
    assert not at.exception
    contacts = read_workbook(workbook).frames["contacts"]
    row = contacts[contacts["result"] == "已电话问候"].iloc[0]
    assert (row["customer_id"], row["followup_kind"], row["consultant"], row["type"]) == (
        "C0001",
        "new_lead_24h",
        "李娜",
        "call",
    )
    # the time of logging (the sheet's time column), not left empty
    assert isinstance(row["time"], str) and (before <= row["time"] <= after or after < before)  # or midnight passed
    assert "王建国" not in html_text(at)


def test_rescheduling_moves_the_item_out_of_today(monkeypatch, tmp_path, workbook):
    at = _choose(page(monkeypatch, tmp_path, workbook, lang="zh", actor="赵敏"), "C0002", "new_lead_week1")
    at.date_input(key="due_move_date").set_value(TODAY + timedelta(days=3))
    at.text_input(key="due_move_reason").input("客户出差")
    at.button(key="due_move_submit").click().run()
    assert not at.exception
    r = read_workbook(workbook).frames["reschedules"]
    assert r[["customer_id", "kind", "reason"]].values.tolist() == [["C0002", "new_lead_week1", "客户出差"]]
    assert "一周内回访" not in html_text(at)


def test_reassigning_needs_a_manager(monkeypatch, tmp_path, workbook):
    at = page(monkeypatch, tmp_path, workbook, lang="en", actor="李娜")
    assert any("manager" in w.value.lower() for w in at.warning)


def test_a_manager_reassigns_a_year_old_lead_and_the_review_is_done(monkeypatch, tmp_path):
    data = scenario()
    data["customers"].append(
        {"customer_id": "C0009", "name": "孙丽", "sex": "F", "phone": "13800000009", "consultant": "李娜",
         "first_contact": TODAY - timedelta(days=400), "grade": "C"}
    )  # fmt: skip
    wb = write_workbook(tmp_path / "w.xlsx", "zh", data, settings={"greeting_festivals": ""})
    at = _choose(page(monkeypatch, tmp_path, wb, lang="zh", actor="王经理"), "C0009", "dormancy_review")
    at.selectbox(key="due_reassign_to").set_value("赵敏")
    at.button(key="due_reassign_submit").click().run()
    assert not at.exception
    frames = read_workbook(wb).frames
    cust = frames["customers"].set_index("customer_id")
    assert cust.loc["C0009", "consultant"] == "赵敏"
    review = frames["contacts"][frames["contacts"]["followup_kind"] == "dormancy_review"]
    assert review["customer_id"].tolist() == ["C0009"] and review["consultant"].tolist() == ["王经理"]
    assert 'data-kind="dormancy_review"' not in html_text(at)


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


def test_a_no_answer_from_the_form_is_written_as_a_try_and_the_item_stays_due(monkeypatch, tmp_path, workbook):
    at = _choose(page(monkeypatch, tmp_path, workbook, lang="zh", actor="李娜"), "C0001", "new_lead_24h")
    at.radio(key="due_log_outcome").set_value("no_answer")
    at.text_area(key="due_log_note").input("无人接听")
    at.button(key="due_log_submit").click().run()
    assert not at.exception
    contacts = read_workbook(workbook).frames["contacts"]
    row = contacts[contacts["result"] == "无人接听"].iloc[0]
    assert (row["outcome"], row["date"].date(), row["recorded_at"].date()) == ("no_answer", TODAY, TODAY)
    assert "王建国" in html_text(at)


def test_the_contact_is_dated_the_clocks_day_not_the_as_of_day(monkeypatch, tmp_path, workbook):
    at = page(monkeypatch, tmp_path, workbook, lang="zh", actor="李娜")
    at.session_state["ui_as_of"] = TODAY + timedelta(days=2)
    at = at.run()
    assert "逾期 2 天" in html_text(at)  # the page looks two days ahead: 王建国's greeting is 2 days late
    at = _choose(at, "C0001", "new_lead_24h")
    assert at.date_input(key="due_log_date").value == TODAY  # shown before saving
    at.text_area(key="due_log_note").input("已电话问候")
    at.button(key="due_log_submit").click().run()
    assert not at.exception
    contacts = read_workbook(workbook).frames["contacts"]
    row = contacts[contacts["result"] == "已电话问候"].iloc[0]
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
    text = html_text(page(monkeypatch, tmp_path, wb, lang="zh"))
    assert f"未接通 3 次, 上次 {TODAY.isoformat()}" in text and "可能失联" in text
