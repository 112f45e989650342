"""The customers page through AppTest: search from the sidebar, open a card, make a card, the duplicate-phone check."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from tests.support.apptest_helpers import ROOT, app_test, shown_text
from tests.support.shared import validation_problems
from workbook.template import write_workbook

TODAY = date(2026, 11, 22)
FIXTURES = ROOT / "tests" / "fixtures"

STAFF = [
    {"name": "李娜", "role": "consultant", "active": True},
    {"name": "赵敏", "role": "consultant", "active": True},
    {"name": "王经理", "role": "manager", "active": True},
]


def store() -> dict:
    """Three cards, one of them without an ID; a voided contact; a delivery."""
    customers = [
        {"customer_id": "C0001", "name": "王建国", "sex": "M", "phone": "13812345678", "consultant": "李娜",
         "first_contact": date(2026, 10, 1), "grade": "B", "source": "walk_in", "model": "星辰X5",
         "note": "**VIP** 喜欢<b>蓝色</b>"},
        {"customer_id": "C0002", "name": "Anna Li", "phone": "13900001111", "consultant": "赵敏",
         "first_contact": date(2026, 11, 1), "grade": "A"},
        {"name": "张三", "phone": "13600003333", "consultant": "赵敏", "first_contact": date(2026, 11, 20),
         "grade": "C"},
    ]  # fmt: skip
    contacts = [
        {"contact_id": "K0001", "date": date(2026, 10, 1), "time": "10:00", "customer_id": "C0001",
         "consultant": "李娜", "type": "visit", "first_visit": True, "result": "首次到店看车", "recorded_by": "李娜"},
        {"contact_id": "K0002", "date": date(2026, 11, 10), "time": "15:00", "customer_id": "C0001",
         "consultant": "李娜", "type": "call", "outcome": "no_answer", "result": "电话没人接", "recorded_by": "李娜"},
        {"contact_id": "K0003", "date": date(2026, 11, 12), "time": "16:30", "customer_id": "C0001",
         "consultant": "李娜", "type": "call", "result": "误点的一条", "recorded_by": "李娜", "void": True},
    ]  # fmt: skip
    deliveries = [
        {"delivery_id": "D0001", "customer_id": "C0001", "customer": "王建国", "consultant": "李娜",
         "model": "星辰X5", "order_date": date(2026, 11, 5), "status": "planned"},
    ]  # fmt: skip
    return {"staff": STAFF, "customers": customers, "contacts": contacts, "deliveries": deliveries}


@pytest.fixture
def workbook(tmp_path):
    return write_workbook(tmp_path / "store.xlsx", "zh", store(), settings={"greeting_festivals": ""})


def page(monkeypatch, tmp_path, wb, **kw):
    # as in test_due_page: the pages-folder mode's rerun would swallow the clicks under AppTest
    monkeypatch.setattr("ui.session._leave_pages_folder_mode", lambda: None)
    at = app_test(monkeypatch, tmp_path, wb, page="pages/customers.py", today=TODAY, **kw)
    assert not at.exception, at.exception
    return at


def html_text(at) -> str:
    return "".join(h.proto.body for h in at.get("html"))


def result_labels(at) -> list[str]:
    return [shown_text(b.label) for b in at.button if b.key and b.key.startswith("cust_hit_")]


def rows(path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def test_a_name_typed_in_the_sidebar_lists_the_card_with_phone_consultant_grade_and_last_contact(
    monkeypatch, tmp_path, workbook
):
    at = app_test(monkeypatch, tmp_path, workbook, page="pages/due.py", today=TODAY, lang="zh")
    at.sidebar.text_input(key="ui_customer_search").input("王建").run()
    assert not at.exception, at.exception
    assert at.sidebar.text_input(key="ui_customer_search").value == ""
    assert at.text_input(key="cust_q").value == "王建"
    assert result_labels(at) == ["**王建国** · 13812345678 · 李娜 · B · 最近接触 2026-11-10"]


def test_four_digits_of_a_phone_find_it_and_three_say_to_type_more(monkeypatch, tmp_path, workbook):
    at = page(monkeypatch, tmp_path, workbook, lang="en")
    at.text_input(key="cust_q").input("0111").run()
    assert result_labels(at) == ["**Anna Li** · 13900001111 · 赵敏 · A · no contact yet"]
    at.text_input(key="cust_q").input("111").run()
    assert result_labels(at) == []
    assert any("at least 4" in i.value for i in at.info)


def test_an_id_opens_the_list_on_that_card_and_a_click_opens_the_card(monkeypatch, tmp_path, workbook):
    at = page(monkeypatch, tmp_path, workbook, lang="zh")
    at.text_input(key="cust_q").input("c1").run()
    assert len(result_labels(at)) == 1
    at.button(key="cust_hit_0").click().run()
    assert not at.exception, at.exception
    assert at.query_params["id"] == "C0001"
    assert [shown_text(s.value) for s in at.subheader] == ["王建国"]
    text = html_text(at)
    # the record, with the sheet's headers in the UI language and workbook text as text
    assert "意向车型" in text and "星辰X5" in text and "来源" in text and "自然到店" in text
    assert "**VIP** 喜欢&lt;b&gt;蓝色&lt;/b&gt;" in text
    # every contact newest first, the voided one kept and marked
    assert text.index("误点的一条") < text.index("电话没人接") < text.index("首次到店看车")
    assert '<tr class="cust-void"><td>2026-11-12' in text and "已作废" in text
    assert "未接通" in text  # the outcome's label
    assert len(at.dataframe) == 1 and at.dataframe[0].value.iloc[0]["交车编号"] == "D0001"


def test_the_card_lists_the_open_follow_up_items_of_the_due_list(monkeypatch, tmp_path, workbook):
    at = page(monkeypatch, tmp_path, workbook, lang="en")
    at.query_params["id"] = "C0002"
    at.run()
    assert not at.exception, at.exception
    assert any(m.value.startswith("**Open follow-ups (") and "(0)" not in m.value for m in at.markdown)
    assert "overdue" in html_text(at)


def test_a_card_without_an_id_opens_by_its_phone(monkeypatch, tmp_path, workbook):
    at = page(monkeypatch, tmp_path, workbook, lang="zh")
    at.text_input(key="cust_q").input("张三").run()
    at.button(key="cust_hit_0").click().run()
    assert at.query_params["id"] == "#13600003333"
    assert [shown_text(s.value) for s in at.subheader] == ["张三"]


def fill(at, **values):
    for name, value in values.items():
        widget = at.selectbox(key=f"cust_add_{name}") if name in ("source", "grade", "consultant") else None
        if widget is not None:
            widget.set_value(value)
        else:
            at.text_input(key=f"cust_add_{name}").input(value)
    return at.run()


def test_a_new_card_is_written_with_its_author_and_opened(monkeypatch, tmp_path, workbook):
    at = page(monkeypatch, tmp_path, workbook, lang="zh", actor="赵敏")
    fill(at, name="=李四", phone="+86 137-0000-9999", source="phone_in", model="星辰S5", grade="H")
    at.button(key="cust_add_save").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.query_params["id"] == "C0003"  # the next ID after the highest, as the writer assigns
    assert [shown_text(s.value) for s in at.subheader] == ["=李四"]
    header, *body = rows(workbook, "客户")
    written = dict(zip(header, body[-1], strict=False))
    assert written["客户编号"] == "C0003" and written["客户姓名"] == "=李四"
    assert written["手机"] == "+8613700009999"  # text, not a number
    assert (written["销售顾问"], written["建档人"], written["级别"]) == ("赵敏", "赵敏", "H")
    assert written["来源"] == "来电" and written["意向车型"] == "星辰S5"
    assert written["首次接触"] == TODAY  # the clock's day
    assert isinstance(written["录入时间"], datetime) and written["录入时间"].date() == TODAY


def test_nobody_acting_is_asked_inline_and_the_pick_becomes_the_consultant(monkeypatch, tmp_path, workbook):
    at = page(monkeypatch, tmp_path, workbook, lang="en")
    fill(at, name="Bob", phone="13100001111", grade="C")
    at.button(key="cust_add_save").click().run()
    assert [e.value for e in at.error] == ["Pick who you are, then save."]
    assert at.text_input(key="cust_add_name").value == "Bob"  # kept
    at.selectbox(key="ui_who_cust_add").set_value("李娜").run()
    at.button(key="cust_add_save").click().run()
    assert not at.error, [e.value for e in at.error]
    header, *body = rows(workbook, "客户")
    written = dict(zip(header, body[-1], strict=False))
    assert (written["客户姓名"], written["销售顾问"], written["建档人"]) == ("Bob", "李娜", "李娜")


def test_a_refused_card_keeps_what_was_typed_and_says_why_next_to_the_form(monkeypatch, tmp_path, workbook):
    at = page(monkeypatch, tmp_path, workbook, lang="en", actor="赵敏")
    fill(at, name="Bob", phone="call me", model="X5")
    at.button(key="cust_add_save").click().run()
    assert [e.value for e in at.error] == ["Please fill in: Grade"]
    fill(at, grade="B")
    at.button(key="cust_add_save").click().run()
    assert len(at.error) == 1 and "is not a phone number" in shown_text(at.error[0].value)
    assert [at.text_input(key=f"cust_add_{k}").value for k in ("name", "phone", "model")] == ["Bob", "call me", "X5"]
    assert len(rows(workbook, "客户")) == 4  # nothing written


def test_a_phone_already_on_a_card_names_its_owner_and_offers_that_card(monkeypatch, tmp_path, workbook):
    at = page(monkeypatch, tmp_path, workbook, lang="zh", actor="赵敏")
    fill(at, name="王先生", phone="138 1234 5678", grade="A")
    warning = shown_text(at.warning[0].value)
    assert "按首次接触，是 李娜 的客户 王建国（C0001）" in warning
    at.button(key="cust_add_save").click().run()
    assert len(rows(workbook, "客户")) == 4  # not written by a consultant
    assert at.text_input(key="cust_add_name").value == "王先生"
    at.checkbox(key="cust_add_confirm").check().run()
    at.button(key="cust_add_save").click().run()
    assert [shown_text(e.value) for e in at.error] == ["同一手机号的第二张卡只能由经理确认后新建。"]
    assert len(rows(workbook, "客户")) == 4
    at.button(key="cust_add_open_theirs").click().run()
    assert at.query_params["id"] == "C0001"
    assert [shown_text(s.value) for s in at.subheader] == ["王建国"]


def test_a_manager_may_still_make_a_second_card_for_a_phone_after_confirming(monkeypatch, tmp_path, workbook):
    at = page(monkeypatch, tmp_path, workbook, lang="zh", actor="王经理")
    fill(at, name="王先生", phone="13812345678", grade="A", consultant="赵敏")
    at.checkbox(key="cust_add_confirm").check().run()
    at.button(key="cust_add_save").click().run()
    assert not at.error, [e.value for e in at.error]
    header, *body = rows(workbook, "客户")
    written = dict(zip(header, body[-1], strict=False))
    assert (written["客户姓名"], written["销售顾问"], written["建档人"]) == ("王先生", "赵敏", "王经理")


def test_a_workbook_of_the_first_release_takes_a_new_card_with_the_next_id(monkeypatch, tmp_path):
    wb = Path(shutil.copyfile(FIXTURES / "first_release_zh.xlsx", tmp_path / "old.xlsx"))
    at = page(monkeypatch, tmp_path, wb, lang="zh", actor="谢雨伟")
    fill(at, name="老客户新卡", phone="13199990000", grade="B")
    at.button(key="cust_add_save").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    header, *body = rows(wb, "客户")
    written = dict(zip(header, body[-1], strict=False))
    assert (written["客户姓名"], written["手机"], written["销售顾问"], written["级别"]) == (
        "老客户新卡",
        "13199990000",
        "谢雨伟",
        "B",
    )
    assert written["客户编号"] == f"C{len(body):05d}"  # the next number, in the width the sheet uses
    # the writer adds no column for the author alone (recorded_by/at are filled where the sheet has them)
    assert "建档人" not in header
    assert validation_problems(wb) == []


def test_a_search_from_the_sidebar_keeps_the_sessions_language(monkeypatch, tmp_path, workbook):
    at = app_test(monkeypatch, tmp_path, workbook, page="pages/due.py", today=TODAY)
    at.sidebar.selectbox(key="ui_lang").set_value("en").run()
    at.sidebar.text_input(key="ui_customer_search").input("Anna").run()
    assert not at.exception, at.exception
    assert at.session_state["ui_lang"] == "en"
    assert at.text_input(key="cust_q").label == "Find a customer"


def test_a_search_that_finds_nothing_starts_a_new_card_with_what_was_typed(monkeypatch, tmp_path, workbook):
    at = page(monkeypatch, tmp_path, workbook, lang="zh")
    at.text_input(key="cust_q").input("13588889999").run()
    assert any("没有找到" in shown_text(i.value) for i in at.info)
    at.button(key="cust_make").click().run()
    assert at.text_input(key="cust_add_phone").value == "13588889999"
    assert at.text_input(key="cust_add_name").value == ""


def test_the_customers_card_carries_the_due_cards_actions_and_a_no_answer_is_written_from_it(
    monkeypatch, tmp_path, workbook
):
    at = page(monkeypatch, tmp_path, workbook, actor="赵敏")
    at.query_params["id"] = "C0002"
    at.run()
    assert not at.exception, at.exception
    before = len(rows(workbook, "接触记录"))
    at.button(key="cust_C0002_na").click().run()
    assert not at.exception, at.exception
    written = rows(workbook, "接触记录")
    assert len(written) == before + 1
    header, last = written[0], written[-1]
    assert last[header.index("客户编号")] == "C0002" and last[header.index("记录人")] == "赵敏"
    assert last[header.index("接通情况")] in ("未接通", "no_answer")
