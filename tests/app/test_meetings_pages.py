"""The meeting pages through AppTest on a real S sample: what they write lands in the workbook and shows up again."""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from logic.meetings import evening_board, morning_board
from logic.plan_actual import month_key, next_month, plan_vs_actual
from tests.support.apptest_helpers import TODAY, app_test
from tests.support.sample import make_sample
from workbook import operations, reading, schema, writing

pytestmark = pytest.mark.slow
TOMORROW = TODAY + timedelta(days=1)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return make_sample(tmp_path_factory.mktemp("meetings") / "sample.xlsx")


@pytest.fixture
def workbook(sample: Path, tmp_path: Path) -> Path:
    """A fresh copy of the sample for a test that writes."""
    copy = tmp_path / "wb.xlsx"
    shutil.copyfile(sample, copy)
    return copy


def _raw(path: Path, sheet_key: str) -> list[dict]:
    """A sheet's rows straight from the file (python-calamine), keyed by column key."""
    from python_calamine import CalamineWorkbook

    sheet = schema.sheet(sheet_key)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet.name("zh")).to_python()
    index = {c.key: rows[0].index(c.zh) for c in sheet.columns if c.zh in rows[0]}
    return [{k: r[j] for k, j in index.items()} for r in rows[1:]]


def _first_consultant(path: Path) -> str:
    wb = reading.read_workbook(path)
    board = morning_board(wb.frames, wb.settings, TODAY)
    return board.lines[0].consultant


def _manager(path: Path) -> str:
    role = schema.choice_list("role").label("manager", "zh")
    return next(str(r["name"]) for r in _raw(path, "staff") if r["role"] == role)


def test_a_plan_saved_on_the_evening_page_is_in_the_plans_sheet_and_on_tomorrows_board(workbook, tmp_path, monkeypatch):
    who = _first_consultant(workbook)
    at = app_test(monkeypatch, tmp_path, workbook, page="pages/evening.py", lang="zh", actor=who)
    at.selectbox(key="meet_e_plan_who_0").set_value(who).run()
    at.text_input(key="meet_e_plan_time_0").input("9:05").run()
    at.selectbox(key="meet_e_plan_activity_0").set_value("visit").run()
    at.text_input(key="meet_e_plan_goal_0").input("看车谈价").run()
    at.button(key="meet_e_plan_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]

    rows = [r for r in _raw(workbook, "plans") if r["goal"] == "看车谈价"]
    assert len(rows) == 1
    assert (rows[0]["consultant"], rows[0]["time"], str(rows[0]["date"])[:10]) == (who, "09:05", TOMORROW.isoformat())
    assert rows[0]["activity"] == schema.choice_list("contact_type").label("visit", "zh")

    wb = reading.read_workbook(workbook)
    line = next(x for x in morning_board(wb.frames, wb.settings, TOMORROW).lines if x.consultant == who)
    assert [(p.time, p.goal) for p in line.plans if p.goal == "看车谈价"] == [("09:05", "看车谈价")]


def test_a_bad_time_is_refused_with_a_message_and_nothing_is_written(workbook, tmp_path, monkeypatch):
    before = len(_raw(workbook, "plans"))
    at = app_test(monkeypatch, tmp_path, workbook, page="pages/evening.py", lang="en")
    at.selectbox(key="meet_e_plan_who_0").set_value(_first_consultant(workbook)).run()
    at.text_input(key="meet_e_plan_time_0").input("25:00").run()
    at.text_input(key="meet_e_plan_goal_0").input("x").run()
    at.button(key="meet_e_plan_save").click().run()
    assert "HH:MM" in " ".join(w.value for w in at.warning)
    assert len(_raw(workbook, "plans")) == before


@pytest.mark.parametrize(
    ("page", "kind", "prefix"), [("morning", "morning", "meet_m"), ("evening", "evening", "meet_e")]
)
def test_a_meeting_note_is_recorded_in_the_meetings_sheet(workbook, tmp_path, monkeypatch, page, kind, prefix):
    who = _first_consultant(workbook)
    at = app_test(monkeypatch, tmp_path, workbook, page=f"pages/{page}.py", lang="zh", actor=_manager(workbook))
    at.selectbox(key=f"{prefix}_note_who").set_value(who)
    at.text_area(key=f"{prefix}_note_text").input("周六团购会, 全员到岗")
    at.button(key=f"FormSubmitter:{prefix}_note-保存记录").click().run()
    assert not at.exception, [e.value for e in at.exception]
    [row] = [r for r in _raw(workbook, "meetings") if r["note"] == "周六团购会, 全员到岗"]
    assert row["kind"] == schema.choice_list("meeting_kind").label(kind, "zh")
    assert str(row["date"])[:10] == TODAY.isoformat()
    assert (row["consultant"], row["by"]) == (who, _manager(workbook))
    assert "周六团购会, 全员到岗" in " ".join(h.proto.body for h in at.get("html"))  # shown back on the board


def test_only_a_manager_can_decide_a_lost_request(workbook, tmp_path, monkeypatch):
    wb = reading.read_workbook(workbook)
    board = evening_board(wb.frames, wb.settings, TODAY)
    case = next(c for c in [*board.lost, *board.pending_recent] if c.lost_id and c.decision in (None, "pending"))

    at = app_test(
        monkeypatch, tmp_path, workbook, page="pages/evening.py", lang="zh", actor=_first_consultant(workbook)
    )
    import i18n

    before = _raw(workbook, "lost")
    at.selectbox(key="meet_e_decide_id").set_value(case.lost_id).run()
    at.button(key="meet_e_decide_save").click().run()
    assert i18n.t("ui.needs_manager", "zh") in [e.value for e in at.error]
    assert _raw(workbook, "lost") == before

    manager = _manager(workbook)
    at = app_test(monkeypatch, tmp_path, workbook, page="pages/evening.py", lang="zh", actor=manager)
    at.selectbox(key="meet_e_decide_id").set_value(case.lost_id).run()
    at.selectbox(key="meet_e_decide_value").set_value("rejected").run()
    at.button(key="meet_e_decide_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    [row] = [r for r in _raw(workbook, "lost") if r["lost_id"] == case.lost_id]
    assert row["decision"] == schema.choice_list("decision").label("rejected", "zh")
    assert row["decided_by"] == manager


def test_rota_ticks_and_next_months_targets_written_by_the_writer_show_on_the_boards(workbook):
    who = _first_consultant(workbook)
    month = next_month(month_key(TODAY))
    writing.apply(
        workbook,
        [
            operations.set_rota(TODAY, who, appearance_ok=True, folder_ok=True, note="ok"),
            operations.set_targets(month, who, leads=10, visits=20, test_drives=6, orders=4, deliveries=3),
        ],
    )
    wb = reading.read_workbook(workbook)
    line = next(x for x in morning_board(wb.frames, wb.settings, TODAY).lines if x.consultant == who)
    assert (line.rota.appearance_ok, line.rota.folder_ok, line.rota.note) == (True, True, "ok")
    table = plan_vs_actual(wb.frames, month, date(TODAY.year, TODAY.month, TODAY.day), wb.settings)
    mine = next(x for x in table.lines if x.consultant == who)
    assert mine.targets_set and mine.figures["orders"].target == 4
    assert who not in table.deadline.missing


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", ["pages/morning.py", "pages/evening.py", "pages/plan_actual.py"])
def test_the_print_view_hides_the_inputs_and_keeps_the_board(sample, tmp_path, monkeypatch, page, lang):
    at = app_test(monkeypatch, tmp_path, sample, page=page, lang=lang)
    toggle = next(t for t in at.toggle if t.key.endswith("_print_view"))
    toggle.set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not [b for b in at.button if b.key and b.key.startswith("meet_")]
    assert any("mt-" in h.proto.body for h in at.get("html"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_meeting_sheets_export_as_a4_workbooks_with_every_consultant(sample, tmp_path, lang):
    import io

    import openpyxl

    from i18n import t
    from ui import meetings as view
    from workbook.export import export_workbook

    wb = reading.read_workbook(sample)
    morning = morning_board(wb.frames, wb.settings, TODAY)
    evening = evening_board(wb.frames, wb.settings, TODAY)
    table = plan_vs_actual(wb.frames, month_key(TODAY), TODAY, wb.settings)
    for tables in (view.morning_export(morning, lang), view.evening_export(evening, lang),
                   view.plan_actual_export(table, lang)):  # fmt: skip
        book = openpyxl.load_workbook(io.BytesIO(export_workbook(tables, lang=lang, title="test")))
        first = book.worksheets[0]
        assert first.page_setup.paperSize == 9 and first.page_setup.orientation == "landscape"
        names = {str(c.value) for row in first.iter_rows(min_row=3, max_col=1) for c in row}
        assert {x.consultant for x in morning.lines} <= names
        assert first.cell(2, 1).value == t("meet.col.consultant", lang)


def test_the_morning_pages_follow_up_totals_are_the_due_list_pages(sample, tmp_path, monkeypatch):
    import i18n

    at = app_test(monkeypatch, tmp_path, sample, page="pages/due.py", lang="en")
    [counts] = [c.value for c in at.caption if c.value.startswith("Due today ")]  # the due page's counts line
    due_today, overdue = re.match(r"Due today (\d+) · overdue (\d+) ", counts).groups()
    at = app_test(monkeypatch, tmp_path, sample, page="pages/morning.py", lang="en")
    assert not at.exception, [e.value for e in at.exception]
    headline = f"<b>{due_today} / {overdue}</b><span>{i18n.t('meet.m.due_total', 'en')}</span>"
    assert any(headline in h.proto.body for h in at.get("html"))


def test_the_rota_editor_shows_empty_cells_and_unticked_boxes_never_none(sample, tmp_path, monkeypatch):
    at = app_test(monkeypatch, tmp_path, sample, page="pages/morning.py", lang="zh")
    [grid] = [d for d in at.dataframe if (d.key or "").startswith("meet_m_rota_")]
    rows = grid.value
    assert not rows.isna().any().any(), rows[rows.isna().any(axis=1)]
    off = schema.choice_list("shift").label("off", "zh")
    assert (rows.loc[rows["shift"] == off, "order"] == "").all() and (rows["shift"] == off).any()
    assert rows["appearance_ok"].map(type).eq(bool).all()


@pytest.mark.parametrize(
    ("today", "kind"),
    [(TODAY, "info"), (date(2026, 11, 27), "warning"), (date(2026, 11, 29), "warning")],
    ids=["before-the-deadline", "on-the-deadline", "late"],
)
def test_the_targets_reminder_names_who_is_missing_next_month(workbook, tmp_path, monkeypatch, today, kind):
    import i18n

    at = app_test(monkeypatch, tmp_path, workbook, page="pages/plan_actual.py", lang="en", today=today)
    wb = reading.read_workbook(workbook)
    missing = plan_vs_actual(wb.frames, month_key(today), today, wb.settings).deadline.missing
    assert missing, "the sample has no targets for next month yet"
    key = {TODAY: "open", date(2026, 11, 27): "due"}.get(today, "late")
    text = i18n.t(f"meet.pva.deadline_{key}", "en", month="2026-12", deadline="2026-11-27", names=", ".join(missing))
    assert text in [e.value for e in getattr(at, kind)]

    writing.apply(
        workbook, [operations.set_targets("2026-12", who, leads=1, visits=1, test_drives=1, orders=1, deliveries=1)
                   for who in missing],
    )  # fmt: skip
    at = app_test(monkeypatch, tmp_path, workbook, page="pages/plan_actual.py", lang="en", today=today)
    assert i18n.t("meet.pva.deadline_done", "en", month="2026-12") in [e.value for e in at.success]
    assert not [w for w in at.warning if "2026-12" in w.value]


def test_a_card_left_out_for_a_missing_grade_is_named_by_its_excel_row(tmp_path):
    from logic.evening_view import ungraded_rows
    from workbook.template import write_workbook

    base = {"consultant": "李娜", "first_contact": TODAY, "phone": "13800000001", "customer_id": "C1", "name": "甲"}
    path = write_workbook(
        tmp_path / "wb.xlsx",
        lang="zh",
        data={
            "staff": [{"name": "李娜", "role": "consultant", "active": True}],
            "customers": [{**base, "grade": "B"}, {**base, "customer_id": "C2", "phone": "13800000002", "grade": None}],
        },
    )
    wb = reading.read_workbook(path)
    assert ungraded_rows(wb.problems, wb.sheet_names["customers"], wb.headers["customers"]["grade"]) == [3]


# --------------------------------------------------------------------------- QA trial fixes (issue 6)


def _meeting_day(at, prefix: str):
    """The meeting page's own date picker (its key carries the as-of date)."""
    [picker] = [
        d for d in at.date_input if (d.key or "") == f"{prefix}_day" or (d.key or "").startswith(f"{prefix}_day_")
    ]
    return picker


@pytest.mark.parametrize(("page", "prefix"), [("morning", "meet_m"), ("evening", "meet_e")])
def test_the_meeting_day_follows_the_sidebars_as_of_date_and_moves_it(sample, tmp_path, monkeypatch, page, prefix):
    at = app_test(monkeypatch, tmp_path, sample, page=f"pages/{page}.py", lang="en")
    assert _meeting_day(at, prefix).value == TODAY
    at.date_input(key="ui_as_of_widget").set_value(TOMORROW).run()  # the sidebar's "as of" date
    assert not at.exception, [e.value for e in at.exception]
    assert _meeting_day(at, prefix).value == TOMORROW
    if page == "morning":  # the board itself is tomorrow's: day 21 of the month
        assert any("(day 21 of 30)" in c.value for c in at.caption)
    later = TODAY + timedelta(days=3)
    _meeting_day(at, prefix).set_value(later).run()  # and the meeting's picker moves the sidebar's date
    assert at.date_input(key="ui_as_of_widget").value == later
    assert _meeting_day(at, prefix).value == later


def _export_sheets(tables: dict, lang: str, title: str):
    import io

    import openpyxl

    from workbook.export import export_workbook

    return openpyxl.load_workbook(io.BytesIO(export_workbook(tables, lang=lang, title=title)))


def test_the_meeting_exports_have_the_same_distinct_numeric_columns_in_zh_and_en(sample):
    import i18n
    from ui import meetings as view

    wb = reading.read_workbook(sample)
    boards = {
        "morning": lambda lang: view.morning_export(morning_board(wb.frames, wb.settings, TODAY), lang),
        "evening": lambda lang: view.evening_export(evening_board(wb.frames, wb.settings, TODAY), lang),
        "plan_actual": lambda lang: view.plan_actual_export(
            plan_vs_actual(wb.frames, month_key(TODAY), TODAY, wb.settings), lang
        ),
    }
    for page, build in boards.items():
        shapes = {}
        for lang in ("zh", "en"):
            tables = build(lang)
            title = f"Store {i18n.t(f'ui.page.{page}', lang)} {TODAY.isoformat()}"
            book = _export_sheets(tables, lang, title)
            for ws in book.worksheets:
                assert len(ws.title) <= 31
                headers = [c.value for c in ws[2] if c.value is not None]
                assert len(headers) == len(set(headers)), (page, lang, ws.title, headers)
                assert ws.cell(1, 1).value.count(i18n.t(f"ui.page.{page}", lang)) == 1, ws.cell(1, 1).value
            assert set(map(len, tables)) and all(len(n) <= 31 for n in tables), list(tables)
            shapes[lang] = [len(frame.columns) for frame in tables.values()]
            first = book.worksheets[0]
            # month-to-date / results are numbers Excel can sum, not "11/14 79%" text
            numbers = [c.value for row in first.iter_rows(min_row=3, max_row=3, min_col=2) for c in row]
            assert sum(isinstance(v, int | float) for v in numbers) >= 10, numbers
            assert not [v for v in numbers if isinstance(v, str) and "/" in v], numbers
        assert shapes["zh"] == shapes["en"], (page, shapes)
    en = view.morning_export(morning_board(wb.frames, wb.settings, TODAY), "en")
    columns = list(next(iter(en.values())).columns)
    assert {"Test drives today", "Test drives actual", "Deliveries today", "Deliveries actual"} <= set(columns)


def _unique_card(path: Path) -> tuple[str, str, str]:
    """(consultant, customer name, customer ID) of a card whose name no other card has."""
    wb = reading.read_workbook(path)
    c = wb.frames["customers"].dropna(subset=["customer_id", "name", "consultant"])
    counts = c["name"].value_counts()
    row = c.loc[c["name"].map(counts).eq(1)].iloc[0]
    return str(row["consultant"]), str(row["name"]), str(row["customer_id"])


def test_a_typed_customer_name_that_is_one_cards_is_linked_to_that_card(workbook, tmp_path, monkeypatch):
    who, name, customer_id = _unique_card(workbook)
    at = app_test(monkeypatch, tmp_path, workbook, page="pages/evening.py", lang="zh", actor=who)
    for key in ("meet_e_plan_who_0", "meet_e_plan_activity_0", "meet_e_plan_customer_0"):
        assert at.selectbox(key=key).proto.placeholder == "请选择", key  # not Streamlit's English one
    at.selectbox(key="meet_e_plan_who_0").set_value(who).run()
    assert not at.selectbox(key="meet_e_plan_customer_0").proto.accept_new_options
    at.text_input(key="meet_e_plan_new_customer_0").input(f" {name} ").run()
    at.text_input(key="meet_e_plan_goal_0").input("回访确认").run()
    at.button(key="meet_e_plan_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    [row] = [r for r in _raw(workbook, "plans") if r["goal"] == "回访确认"]
    assert (row["customer_id"], row["customer"]) == (customer_id, name)


def test_todays_plan_items_ticked_done_on_the_evening_page_are_written_and_counted(workbook, tmp_path, monkeypatch):
    wb = reading.read_workbook(workbook)
    board = evening_board(wb.frames, wb.settings, TODAY)
    review = [(x.consultant, p) for x in board.lines for p in x.today if p.plan_id]
    assert review and not any(p.done for _, p in review), "the sample has today's plans, none done"
    who, item = review[0]
    at = app_test(monkeypatch, tmp_path, workbook, page="pages/evening.py", lang="zh", actor=who)
    [grid] = [d for d in at.dataframe if (d.key or "").startswith("meet_e_done_")]
    assert grid.value["done"].map(type).eq(bool).all() and not grid.value["done"].any()
    at.session_state[f"{grid.key}"] = {
        "edited_rows": {0: {"done": True, "result": "已试驾, 约周六订车"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="meet_e_done_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    [row] = [r for r in _raw(workbook, "plans") if r["plan_id"] == item.plan_id]
    assert (row["done"], row["result"]) == ("是", "已试驾, 约周六订车")
    wb = reading.read_workbook(workbook)
    line = next(x for x in evening_board(wb.frames, wb.settings, TODAY).lines if x.consultant == who)
    assert line.plans_done == 1


def test_saving_next_months_targets_says_what_was_written(workbook, tmp_path, monkeypatch):
    import i18n

    at = app_test(monkeypatch, tmp_path, workbook, page="pages/plan_actual.py", lang="zh", actor=_manager(workbook))
    [grid] = [d for d in at.dataframe if (d.key or "").startswith("meet_pva_targets_")]
    first = str(grid.value["consultant"].iloc[0])
    at.session_state[grid.key] = {
        "edited_rows": {0: {"leads": "15", "visits": "16", "test_drives": "6", "orders": "5", "deliveries": "4"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="meet_pva_targets_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    [row] = [r for r in _raw(workbook, "targets") if str(r["month"])[:7] == "2026-12" and r["consultant"] == first]
    assert [int(row[m]) for m in ("leads", "visits", "test_drives", "orders", "deliveries")] == [15, 16, 6, 5, 4]
    details = f"{first} 留档 15 来店 16 试驾 6 订单 5 交车 4"
    assert i18n.t("meet.pva.targets_written", "zh", month="2026-12", details=details) in [s.value for s in at.success]


def test_a_note_asks_who_writes_it_inside_the_form_when_nobody_is_acting(workbook, tmp_path, monkeypatch):
    import i18n

    at = app_test(monkeypatch, tmp_path, workbook, page="pages/morning.py", lang="en")
    assert i18n.t("ui.needs_actor", "en") not in [w.value for w in at.warning]  # no standing warning while reading
    at.text_area(key="meet_m_note_text").input("Saturday event, everyone in")
    [submit] = [b for b in at.button if (b.key or "").startswith("FormSubmitter:meet_m_note")]
    at = submit.click().run()
    assert i18n.t("ui.who.missing", "en") in [e.value for e in at.error]
    assert not [r for r in _raw(workbook, "meetings") if r["note"] == "Saturday event, everyone in"]
    manager = _manager(workbook)
    at.selectbox(key="ui_who_meet_m_note").set_value(manager)
    at.text_area(key="meet_m_note_text").input("Saturday event, everyone in")
    [submit] = [b for b in at.button if (b.key or "").startswith("FormSubmitter:meet_m_note")]
    at = submit.click().run()
    assert not at.exception, [e.value for e in at.exception]
    [row] = [r for r in _raw(workbook, "meetings") if r["note"] == "Saturday event, everyone in"]
    assert row["by"] == manager


def test_the_morning_board_warns_of_a_consultant_off_today_with_a_delivery(sample, tmp_path, monkeypatch):
    wb = reading.read_workbook(sample)
    off = [x for x in morning_board(wb.frames, wb.settings, TODAY).lines if x.off_but_booked]
    assert off, "the sample has a consultant off today with a delivery"
    at = app_test(monkeypatch, tmp_path, sample, page="pages/morning.py", lang="zh")
    warnings = [w.value for w in at.warning]
    for x in off:
        assert any(w.startswith(f"{x.consultant}今日轮休但有") for w in warnings), (x.consultant, warnings)
        card = next(h.proto.body for h in at.get("html") if f'data-consultant="{x.consultant}"' in h.proto.body)
        assert f"{x.consultant}今日轮休但有" in card


def test_english_cards_list_h_leads_with_an_english_comma(sample, tmp_path, monkeypatch):
    at = app_test(monkeypatch, tmp_path, sample, page="pages/morning.py", lang="en")
    import re

    cards = "".join(h.proto.body for h in at.get("html") if "mt-cards" in h.proto.body)
    lists = re.findall(r'<div class="mt-hot">H: ([^<]*)</div>', cards)
    assert any(", " in x for x in lists) and not any("、" in x for x in lists), lists
