"""The delivery checklist rules, on hand-built frames in the reader's frame contract shape."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

import i18n
from logic import deliveries as dl
from tests.support.frames import frame
from workbook.schema import choice_list


def item(item_id, phase="prep", *, required=True, due_hours=None, order=None, active=True, role="consultant"):
    return {
        "item_id": item_id,
        "phase": phase,
        "item_zh": f"项目{item_id}",
        "item_en": f"Item {item_id}",
        "owner_role": role,
        "required": required,
        "due_hours": due_hours,
        "order": order,
        "active": active,
    }


SCHEDULED = datetime(2026, 11, 25, 10, 0)
DELIVERY = frame(
    "deliveries",
    [
        {
            "delivery_id": "D001",
            "customer_id": "C001",
            "customer": "王伟",
            "consultant": "李娜",
            "service_advisor": "赵强",
            "scheduled": SCHEDULED,
            "status": "planned",
        }
    ],
).iloc[0]

BASE_ITEMS = [
    item("I1", "before", due_hours=-24, order=1),
    item("I2", "prep", due_hours=-2, order=1),
    item("I3", "ceremony", required=False, due_hours=1, order=1),
]


def tick(item_id, done=True, by="李娜", at=datetime(2026, 11, 24, 9, 0), delivery_id="D001"):
    return {"delivery_id": delivery_id, "item_id": item_id, "done": done, "by": by, "at": at}


@pytest.mark.parametrize(
    ("situation", "items", "ticks", "now", "expected"),
    [
        (
            "no ticks, days before",
            BASE_ITEMS,
            [],
            datetime(2026, 11, 20, 9),
            {"I1": "open", "I2": "open", "I3": "open"},
        ),
        (
            "all ticked",
            BASE_ITEMS,
            [tick("I1"), tick("I2"), tick("I3")],
            datetime(2026, 11, 26, 9),
            {"I1": "done", "I2": "done", "I3": "done"},
        ),
        (
            "required item late a day before (due hours negative = before delivery)",
            BASE_ITEMS,
            [],
            datetime(2026, 11, 24, 10, 1),
            {"I1": "late", "I2": "open", "I3": "open"},
        ),
        (
            "exactly at the due time is not yet late",
            BASE_ITEMS,
            [],
            datetime(2026, 11, 24, 10, 0),
            {"I1": "open", "I2": "open", "I3": "open"},
        ),
        (
            "an unticked row (done = no) is still open",
            BASE_ITEMS,
            [tick("I1", done=False)],
            datetime(2026, 11, 24, 11),
            {"I1": "late", "I2": "open", "I3": "open"},
        ),
        (
            "template item added in Excel appears",
            [*BASE_ITEMS, item("I9", "documents", due_hours=0)],
            [],
            datetime(2026, 11, 20),
            {"I1": "open", "I2": "open", "I9": "open", "I3": "open"},
        ),
        (
            "inactive item is hidden",
            [*BASE_ITEMS, item("I8", active=False)],
            [],
            datetime(2026, 11, 20),
            {"I1": "open", "I2": "open", "I3": "open"},
        ),
        (
            "blank active cell counts as active",
            [*BASE_ITEMS, item("I7", "after", active=None)],
            [],
            datetime(2026, 11, 20),
            {"I1": "open", "I2": "open", "I3": "open", "I7": "open"},
        ),
        (
            "blank due hours is due at the delivery time",
            [item("I5", due_hours=None)],
            [],
            datetime(2026, 11, 25, 10, 30),
            {"I5": "late"},
        ),
        (
            "optional items turn late too",
            [item("I6", required=False, due_hours=-1)],
            [],
            datetime(2026, 11, 25, 9, 30),
            {"I6": "late"},
        ),
        (
            "another delivery's ticks do not count",
            [item("I1", due_hours=-24)],
            [tick("I1", delivery_id="D002")],
            datetime(2026, 11, 26),
            {"I1": "late"},
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_checklist_state_gives_each_item_its_status(situation, items, ticks, now, expected):
    state = dl.checklist_state(DELIVERY, frame("checklist_items", items), frame("checklist", ticks), now)
    assert dict(zip(state["item_id"], state["status"], strict=True)) == expected
    assert list(state["item_id"]) == list(expected)  # phase order, as listed


def test_due_at_is_scheduled_plus_due_hours():
    state = dl.checklist_state(DELIVERY, frame("checklist_items", BASE_ITEMS), frame("checklist", []), SCHEDULED)
    assert list(state["due_at"]) == [
        pd.Timestamp(2026, 11, 24, 10),
        pd.Timestamp(2026, 11, 25, 8),
        pd.Timestamp(2026, 11, 25, 11),
    ]


def test_a_tick_carries_who_and_when():
    state = dl.checklist_state(
        DELIVERY, frame("checklist_items", BASE_ITEMS), frame("checklist", [tick("I2", by="赵强")]), SCHEDULED
    )
    row = state.set_index("item_id").loc["I2"]
    assert row["by"] == "赵强"
    assert row["at"] == pd.Timestamp(2026, 11, 24, 9)
    assert pd.isna(state.set_index("item_id").loc["I1", "by"])


def test_a_delivery_without_a_time_has_nothing_late():
    undated = DELIVERY.copy()
    undated["scheduled"] = pd.NaT
    state = dl.checklist_state(
        undated, frame("checklist_items", BASE_ITEMS), frame("checklist", []), datetime(2030, 1, 1)
    )
    assert set(state["status"]) == {"open"}
    assert state["due_at"].isna().all()


def test_items_sort_by_phase_then_order_then_row():
    items = [
        item("X3", "ceremony", order=1),
        item("X2", "prep", order=None),
        item("X1", "prep", order=2),
        item("X0", "prep", order=1),
        item("X4", "before", order=9),
    ]
    assert list(dl.active_items(frame("checklist_items", items))["item_id"]) == ["X4", "X0", "X1", "X2", "X3"]


def test_a_repeated_tick_row_takes_the_first_one():
    ticks = [tick("I1", done=True, by="甲"), tick("I1", done=False, by="乙")]
    state = dl.checklist_state(DELIVERY, frame("checklist_items", BASE_ITEMS), frame("checklist", ticks), SCHEDULED)
    assert state.set_index("item_id").loc["I1", "by"] == "甲"


def test_phase_progress_counts_done_total_late_and_required_open():
    items = [
        item("A", "before", due_hours=-24),
        item("B", "before", due_hours=-24, required=False),
        item("C", "prep", due_hours=-1),
    ]
    state = dl.checklist_state(
        DELIVERY, frame("checklist_items", items), frame("checklist", [tick("A")]), datetime(2026, 11, 24, 12)
    )
    progress = dl.phase_progress(state).set_index("phase")
    assert progress.loc["before", ["done", "total", "late", "required_open"]].tolist() == [1, 2, 1, 0]
    assert progress.loc["prep", ["done", "total", "late", "required_open"]].tolist() == [0, 1, 0, 1]
    assert progress.loc["before", "share"] == 0.5
    assert list(progress.index) == ["before", "prep"]
    assert dl.overall_progress(state) == (1, 3)


def test_required_open_lists_only_required_items_not_done():
    state = dl.checklist_state(
        DELIVERY, frame("checklist_items", BASE_ITEMS), frame("checklist", [tick("I1")]), SCHEDULED
    )
    assert list(dl.required_open(state)["item_id"]) == ["I2"]


@pytest.mark.parametrize(
    ("status", "required", "done", "now", "expected"),
    [
        ("late", False, False, datetime(2026, 11, 25, 12), True),
        ("open", True, False, datetime(2026, 11, 25, 7), True),  # delivery day, still open
        ("open", True, False, datetime(2026, 11, 23), False),  # days ahead
        ("open", False, False, datetime(2026, 11, 25, 7), False),
        ("done", True, True, datetime(2026, 11, 26), False),
    ],
)
def test_is_red_marks_late_items_and_required_items_open_on_the_day(status, required, done, now, expected):
    row = {"status": status, "required": required, "done": done, "due_at": pd.Timestamp(2026, 11, 25, 9)}
    assert dl.is_red(row, now) is expected


TODAY = date(2026, 11, 22)


def _delivery(did, scheduled=None, status="planned", delivered_at=None):
    return {
        "delivery_id": did,
        "customer_id": "C1",
        "consultant": "李娜",
        "scheduled": scheduled,
        "delivered_at": delivered_at,
        "status": status,
    }


def test_deliveries_in_window_buckets_and_orders_what_a_manager_looks_at():
    rows = [
        _delivery("UP2", datetime(2026, 11, 29, 10)),
        _delivery("TODAY", datetime(2026, 11, 22, 15)),
        _delivery("UP1", datetime(2026, 11, 23, 9)),
        _delivery("FAR", datetime(2026, 11, 30, 10)),  # beyond 7 days
        _delivery("LATE", datetime(2026, 11, 20, 10)),
        _delivery("NOTIME"),
        _delivery("DONE_OLD", datetime(2026, 11, 1), "done", datetime(2026, 11, 1, 11)),
        _delivery("DONE1", datetime(2026, 11, 18), "done", datetime(2026, 11, 18, 11)),
        _delivery("DONE2", datetime(2026, 11, 21), "done", datetime(2026, 11, 21, 11)),
        _delivery("GONE", datetime(2026, 11, 23), "cancelled"),
        _delivery("BLANK_DONE", datetime(2026, 11, 21, 9), None, datetime(2026, 11, 21, 10)),
    ]
    out = dl.deliveries_in_window(frame("deliveries", rows), TODAY, days=7)
    assert list(zip(out["delivery_id"], out["bucket"], strict=True)) == [
        ("LATE", "overdue"),
        ("TODAY", "today"),
        ("UP1", "upcoming"),
        ("UP2", "upcoming"),
        ("NOTIME", "unscheduled"),
        ("DONE2", "done"),
        ("BLANK_DONE", "done"),
        ("DONE1", "done"),
    ]


def test_deliveries_in_window_on_an_empty_sheet_is_empty():
    assert dl.deliveries_in_window(frame("deliveries", []), TODAY).empty


STAFF = frame(
    "staff",
    [
        {"name": "李娜", "role": "consultant", "active": True},
        {"name": "钱经理", "role": "manager", "active": True},
        {"name": "老经理", "role": "manager", "active": False},
        {"name": "小周", "role": "front_desk", "active": None},
        {"name": "赵强", "role": "service_advisor", "active": True},
        {"name": "孙SA", "role": "service_advisor", "active": True},
    ],
)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("consultant", "李娜"),
        ("service_advisor", "赵强"),  # the delivery's own S/A, not every S/A
        ("manager", "钱经理"),
        ("front_desk", "小周"),
        ("director", None),
        (None, None),
    ],
)
def test_owner_name_names_the_person_behind_each_role(role, expected):
    assert dl.owner_name(role, DELIVERY, STAFF) == expected


def test_owner_name_falls_back_to_staff_when_the_delivery_has_no_service_advisor():
    d = DELIVERY.copy()
    d["service_advisor"] = pd.NA
    assert dl.owner_name("service_advisor", d, STAFF) == "赵强、孙SA"


@pytest.mark.parametrize(
    ("zh", "en", "lang", "expected"),
    [("洗车", "Wash the car", "en", "Wash the car"), ("洗车", None, "en", "洗车"), ("洗车", "Wash", "zh", "洗车")],
)
def test_item_text_falls_back_to_the_other_language(zh, en, lang, expected):
    assert dl.item_text({"item_zh": zh, "item_en": en}, lang) == expected


def test_find_delivery_by_id():
    df = frame("deliveries", [_delivery("D1"), _delivery("D2")])
    assert dl.find_delivery(df, "D2")["delivery_id"] == "D2"
    assert dl.find_delivery(df, "D9") is None


def test_an_empty_template_gives_an_empty_checklist_and_no_progress():
    state = dl.checklist_state(DELIVERY, frame("checklist_items", []), frame("checklist", [tick("I1")]), SCHEDULED)
    assert state.empty
    assert list(state.columns) == list(dl.STATE_COLUMNS)
    assert dl.phase_progress(state).empty
    assert dl.overall_progress(state) == (0, 0)


def test_after_delivery_plan_takes_its_dates_from_the_follow_up_engine():
    from logic.followups import due_followups
    from tests.support.frames import contact, customer, delivery, frames, staff
    from workbook.schema import default_settings

    done_at = datetime(2026, 11, 20, 15, 0)
    d = delivery("C0001", done_at, delivery_id="D0001")
    data = frames(
        customers=[customer("C0001", first=date(2026, 10, 1), grade="D")],
        contacts=[contact("C0001", date(2026, 11, 20), "call", followup_kind="after_delivery_arrival")],
        deliveries=[d],
        staff=staff("李娜"),
    )
    settings = default_settings()
    due = due_followups(data, settings, date(2026, 11, 20), horizon_days=dl.after_horizon_days(settings))
    plan = dl.after_delivery_plan(due, "D0001").set_index("kind")
    assert list(plan.index) == list(dl.AFTER_KINDS)
    assert bool(plan.loc["after_delivery_arrival", "done"]) is True  # the call was logged
    expected = {
        "after_delivery_1h": date(2026, 11, 20),
        "after_delivery_day3": date(2026, 11, 23),
        "after_delivery_day4": date(2026, 11, 24),
        "after_delivery_monthly": date(2026, 12, 20),
    }
    assert {k: plan.loc[k, "due"] for k in expected} == expected
    assert plan.loc["after_delivery_day4", "owner"] == "王经理"
    assert dl.after_delivery_plan(due, "D9999")["done"].all()


@pytest.mark.parametrize(
    ("settings", "expected"),
    [({}, 32), ({"after_monthly_days": 60}, 62), ({"after_monthly_days": "x"}, 32)],
)
def test_after_horizon_reaches_the_last_after_delivery_item(settings, expected):
    assert dl.after_horizon_days(settings) == expected


def test_checklist_states_gives_each_delivery_the_same_state_as_checklist_state():
    rows = [
        {**_delivery("D001", SCHEDULED), "customer_id": "C001"},
        {**_delivery("D002", datetime(2026, 11, 26, 15)), "customer_id": "C002"},
        _delivery("D003"),
    ]
    deliveries = frame("deliveries", rows)
    items = frame("checklist_items", BASE_ITEMS)
    ticks = frame("checklist", [tick("I1"), tick("I2", delivery_id="D002"), tick("I3", delivery_id="D009")])
    now = datetime(2026, 11, 25, 9)
    many = dl.checklist_states(deliveries, items, ticks, now)
    assert set(many) == {"D001", "D002", "D003"}
    for _, row in deliveries.iterrows():
        pd.testing.assert_frame_equal(many[row["delivery_id"]], dl.checklist_state(row, items, ticks, now))
    assert list(many["D002"]["status"]) == ["open", "done", "open"]


def test_each_deliverys_progress_from_the_one_frame_is_its_own_states_even_with_no_rows_between_or_at_the_end():
    done_at = datetime(2026, 11, 24, 16)
    rows = [
        _delivery("D001", SCHEDULED, status="done", delivered_at=done_at),  # its ticked items stay shown
        _delivery("D002", SCHEDULED),  # planned: no item in use, so no rows
        _delivery("D003", datetime(2026, 11, 20, 10), status="done", delivered_at=done_at),
        _delivery("D004", datetime(2026, 11, 26, 10)),  # no rows, last
    ]
    deliveries = frame("deliveries", rows)
    items = frame("checklist_items", [item("I1", due_hours=-24, active=False), item("I2", active=False)])
    ticks = frame(
        "checklist",
        [
            tick("I1"),
            tick("I2", done=False),
            tick("I1", delivery_id="D003", done=False),
            tick("I2", delivery_id="D003"),
        ],
    )
    now = datetime(2026, 11, 25, 9)
    many = dl.checklist_states(deliveries, items, ticks, now)
    assert [len(many[d]) for d in many] == [2, 0, 2, 0]
    expected = {}
    for did in many:
        state = dl.checklist_state(deliveries[deliveries["delivery_id"] == did].iloc[0], items, ticks, now)
        pd.testing.assert_frame_equal(many[did], state)
        late = int((state["status"] == "late").sum()) if len(state) else 0
        expected[did] = (*dl.overall_progress(state), late)
    assert many.progress() == expected
    assert expected["D001"] == (1, 2, 0) and expected["D002"] == (0, 0, 0)


@pytest.mark.parametrize(
    ("hours", "expected"),
    [(-48, datetime(2026, 11, 23, 10)), (0, SCHEDULED), (None, SCHEDULED), (3, datetime(2026, 11, 25, 13))],
)
def test_due_at_counts_hours_from_the_scheduled_time(hours, expected):
    assert dl.due_at(DELIVERY, hours) == expected


def test_ticks_for_keeps_one_row_per_item_of_that_delivery():
    ticks = frame("checklist", [tick("I1", by="甲"), tick("I1", by="乙"), tick("I2", delivery_id="D002")])
    mine = dl.ticks_for("D001", ticks)
    assert list(mine["item_id"]) == ["I1"] and list(mine["by"]) == ["甲"]


HANDED_OVER = datetime(2026, 11, 25, 11, 30)
COMPLETED = pd.Series({**DELIVERY.to_dict(), "status": "done", "delivered_at": pd.Timestamp(HANDED_OVER)})
LATER = datetime(2026, 12, 1, 9, 0)


@pytest.mark.parametrize(
    ("situation", "ticks", "expected"),
    [
        ("an item nobody has ticked yet was added after the handover", [tick("I1"), tick("I2")], "not_in_use"),
        (
            "an item first ticked on a later delivery was added after the handover",
            [tick("I1"), tick("I2"), tick("I9", delivery_id="D002", at=LATER)],
            "not_in_use",
        ),
        (
            "an item another delivery ticked before the handover was left open (late)",
            [tick("I1"), tick("I2"), tick("I9", delivery_id="D000", at=datetime(2026, 11, 1, 9))],
            "late",
        ),
        (
            "an item ticked by hand in Excel without a time counts as always there",
            [tick("I1"), tick("I2"), tick("I9", delivery_id="D000", at=None)],
            "late",
        ),
        ("an item unticked on this delivery was in use", [tick("I1"), tick("I2"), tick("I9", done=False)], "late"),
        ("an item ticked on this delivery is done", [tick("I1"), tick("I2"), tick("I9", at=LATER)], "done"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_a_completed_delivery_keeps_the_checklist_it_had_at_the_handover(situation, ticks, expected):
    items = frame("checklist_items", [*BASE_ITEMS, item("I9", "documents", due_hours=0)])
    state = dl.checklist_state(COMPLETED, items, frame("checklist", ticks), LATER)
    assert state.set_index("item_id").loc["I9", "status"] == expected


def test_an_item_not_in_use_at_the_handover_is_not_counted_late_or_red():
    items = frame("checklist_items", [*BASE_ITEMS, item("I9", "documents", due_hours=0)])
    state = dl.checklist_state(COMPLETED, items, frame("checklist", [tick("I1"), tick("I2"), tick("I3")]), LATER)
    assert dl.overall_progress(state) == (3, 3)
    assert dl.required_open(state).empty
    assert "documents" not in set(dl.phase_progress(state)["phase"])
    assert not dl.is_red(state.set_index("item_id").loc["I9"], LATER)


def test_a_planned_delivery_shows_a_newly_added_item_as_open():
    items = frame("checklist_items", [*BASE_ITEMS, item("I9", "documents", due_hours=0)])
    state = dl.checklist_state(DELIVERY, items, frame("checklist", [tick("I1")]), datetime(2026, 11, 20))
    assert state.set_index("item_id").loc["I9", "status"] == "open"
    assert dl.overall_progress(state) == (1, 4)


def test_an_item_made_inactive_after_the_handover_still_shows_on_the_completed_delivery():
    items = frame("checklist_items", [*BASE_ITEMS[:2], item("I3", "ceremony", active=False)])
    ticks = frame("checklist", [tick("I1"), tick("I2"), tick("I3")])
    assert list(dl.checklist_state(COMPLETED, items, ticks, LATER)["item_id"]) == ["I1", "I2", "I3"]
    assert list(dl.checklist_state(DELIVERY, items, ticks, LATER)["item_id"]) == ["I1", "I2"]


def test_recording_the_handover_keeps_a_row_for_each_open_item_without_one():
    items = frame("checklist_items", BASE_ITEMS)
    ticks = frame("checklist", [tick("I1"), tick("I2", done=False)])
    state = dl.checklist_state(DELIVERY, items, ticks, SCHEDULED)
    assert dl.unrecorded_open(state, ticks, "D001") == ["I3"]
    assert dl.unrecorded_open(state, frame("checklist", []), "D001") == ["I2", "I3"]


def _form(lang: str, now: datetime = datetime(2026, 11, 25, 9)):
    from ui import deliveries as view

    items = frame("checklist_items", [*BASE_ITEMS, item("I9", "documents", due_hours=0)])
    state = dl.checklist_state(DELIVERY, items, frame("checklist", [tick("I1", by="赵强")]), now)
    staff = frame("staff", [{"name": "李娜", "role": "consultant", "active": True}])
    return view.form_content(
        DELIVERY, state, staff, lang=lang, t=lambda k, **p: i18n.t(k, lang, **p), phone="13900000001"
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_checklist_export_is_a_valid_workbook_saying_what_the_printed_form_says(tmp_path, lang):
    from python_calamine import CalamineWorkbook

    from tests.support.shared import validation_problems
    from ui import deliveries as view

    form = _form(lang)
    path = tmp_path / f"checklist-{lang}.xlsx"
    path.write_bytes(view.export_bytes(form))
    assert validation_problems(path) == []
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == [i18n.t("deliv.export.sheet", lang)]
    cells = [str(c) for row in book.get_sheet_by_index(0).to_python() for c in row if c != ""]
    text = "\n".join(cells)
    assert cells[0] == i18n.t("deliv.print.title", lang)
    for phase in ("before", "prep", "documents", "ceremony"):
        assert choice_list("phase").label(phase, lang) in cells
    first, other = ("Item I1", "项目I1") if lang == "en" else ("项目I1", "Item I1")
    assert f"{first} *" in cells and other not in text
    assert "13900000001" in text and "赵强" in text
    assert i18n.t("deliv.print.sign_manager", lang) in cells
    # the tick: the done item's row starts with it, the open ones' boxes are empty
    rows = book.get_sheet_by_index(0).to_python()
    boxes = {str(r[1]).rstrip(" *"): r[0] for r in rows if str(r[1]).rstrip(" *") in {first, first.replace("1", "2")}}
    assert boxes == {first: "√", first.replace("1", "2"): ""}
    html = view.form_html(form)
    for phase_label, items in form.phases:
        assert phase_label in html
        assert all(i.text in html for i in items)


def test_the_printed_form_and_export_leave_out_items_not_in_use_at_the_handover():
    from ui import deliveries as view

    items = frame("checklist_items", [*BASE_ITEMS, item("I9", "documents", due_hours=0)])
    ticks = frame("checklist", [tick("I1"), tick("I2"), tick("I3", delivery_id="D000")])
    state = dl.checklist_state(COMPLETED, items, ticks, LATER)
    form = view.form_content(COMPLETED, state, frame("staff", []), lang="en", t=lambda k, **p: i18n.t(k, "en", **p))
    assert [i.text for _, group in form.phases for i in group] == ["Item I1", "Item I2", "Item I3"]


def test_a_delivery_with_a_blank_status_and_a_delivered_time_is_completed_for_its_checklist():
    blank = pd.Series({**COMPLETED.to_dict(), "status": pd.NA})
    items = frame("checklist_items", [*BASE_ITEMS, item("I9", "documents", due_hours=0)])
    state = dl.checklist_state(blank, items, frame("checklist", [tick("I1")]), LATER)
    assert state.set_index("item_id").loc["I9", "status"] == "not_in_use"
