"""The morning and evening meeting boards, on hand-built frames in the reader's contract shape."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from logic.meetings import (
    RotaEntry,
    cards_without_grade,
    due_counts,
    evening_board,
    morning_board,
    pending_lost,
    rota_changes,
    visits_without_card,
)
from tests.support.frames_meetings import at, frames, staff

DAY = date(2026, 11, 15)
YESTERDAY = DAY - timedelta(days=1)
TOMORROW = DAY + timedelta(days=1)
SETTINGS = {"target_deadline_days": 3}


def plan(day: date, consultant: str, activity: str = "call", **extra: object) -> dict:
    return {"date": day, "consultant": consultant, "activity": activity, **extra}


def line(board, name: str):
    return next(x for x in board.lines if x.consultant == name)


# --------------------------------------------------------------------------- morning


def test_every_active_consultant_is_on_the_morning_board_even_without_rows() -> None:
    f = frames(staff=[*staff("Li", "Zhao"), {"name": "Old", "role": "consultant", "active": False}])
    board = morning_board(f, SETTINGS, DAY)
    assert [x.consultant for x in board.lines] == ["Li", "Zhao"]
    assert all(x.on_duty and x.plans == [] for x in board.lines)


def test_the_rota_orders_the_board_and_days_off_go_last() -> None:
    f = frames(
        staff=staff("Li", "Zhao", "Sun", "Qian"),
        rota=[
            {"date": DAY, "consultant": "Li", "shift": "off"},
            {"date": DAY, "consultant": "Zhao", "shift": "on", "order": 2},
            {"date": DAY, "consultant": "Sun", "shift": "on", "order": 1, "appearance_ok": True, "folder_ok": False},
            {"date": YESTERDAY, "consultant": "Qian", "shift": "off"},
        ],
    )
    board = morning_board(f, SETTINGS, DAY)
    assert [x.consultant for x in board.lines] == ["Sun", "Zhao", "Qian", "Li"]
    sun = line(board, "Sun")
    assert (sun.rota.appearance_ok, sun.rota.folder_ok) == (True, False)
    assert not line(board, "Li").on_duty
    assert line(board, "Qian").rota == RotaEntry()  # yesterday's row says nothing about today


def test_todays_plan_is_the_one_made_last_evening_sorted_by_time() -> None:
    f = frames(
        staff=staff("Li"),
        plans=[
            plan(DAY, "Li", "call", time="14:00", customer="Zhang", goal="invite"),
            plan(DAY, "Li", "test_drive", time="10:00", customer="Wu"),
            plan(DAY, "Li", "visit", customer="Ma"),
            plan(TOMORROW, "Li", "call", time="09:00"),
            plan(DAY, "Zhao", "call"),
        ],
    )
    li = line(morning_board(f, SETTINGS, DAY), "Li")
    assert [(p.time, p.customer) for p in li.plans] == [("10:00", "Wu"), ("14:00", "Zhang"), (None, "Ma")]
    assert li.appointments == 1
    assert li.test_drives == 1


def test_someone_with_a_plan_but_not_on_the_staff_sheet_still_shows() -> None:
    f = frames(staff=staff("Li"), plans=[plan(DAY, "Temp", "call")])
    assert [x.consultant for x in morning_board(f, SETTINGS, DAY).lines] == ["Li", "Temp"]


def test_deliveries_today_count_scheduled_and_not_cancelled_ones() -> None:
    f = frames(
        staff=staff("Li"),
        deliveries=[
            {"customer_id": "C1", "consultant": "Li", "scheduled": at(DAY, 10), "status": "planned"},
            {"customer_id": "C2", "consultant": "Li", "scheduled": at(DAY, 15), "status": "cancelled"},
            {"customer_id": "C3", "consultant": "Li", "scheduled": at(TOMORROW, 10), "status": "planned"},
        ],
    )
    assert line(morning_board(f, SETTINGS, DAY), "Li").deliveries == 1


def due_list(*items: tuple[str, int]) -> pd.DataFrame:
    """A due list as `due_followups` returns it: (owner, overdue days) per item, one customer each."""
    return pd.DataFrame(
        {
            "customer_id": [f"C{i}" for i in range(len(items))],
            "customer": [f"c{i}" for i in range(len(items))],
            "phone": [None] * len(items),
            "consultant": [who for who, _ in items],
            "overdue_days": [days for _, days in items],
        }
    )


def test_follow_ups_split_into_due_today_and_overdue() -> None:
    due = due_list(("Li", 0), ("Li", 3), ("Li", 1), ("Zhao", 0))
    board = morning_board(frames(staff=staff("Li", "Zhao")), SETTINGS, DAY, due=due)
    assert (line(board, "Li").due_today, line(board, "Li").overdue) == (1, 2)
    assert (line(board, "Zhao").due_today, line(board, "Zhao").overdue) == (1, 0)


def test_follow_ups_in_the_future_are_not_counted() -> None:
    assert due_counts(due_list(("Li", -1), ("Li", 0))) == {"Li": (1, 0)}


def test_a_managers_follow_ups_are_kept_apart_and_in_the_totals() -> None:
    f = frames(staff=[*staff("Li"), {"name": "Boss", "role": "manager", "active": True}])
    board = morning_board(f, SETTINGS, DAY, due=due_list(("Li", 0), ("Boss", 2), ("Boss", 0), (None, 1)))
    assert [x.consultant for x in board.lines] == ["Li"]
    assert {(x.consultant, x.due_today, x.overdue) for x in board.others} == {("Boss", 1, 1), ("-", 0, 1)}
    assert (board.due_today, board.overdue) == (2, 2)


def test_yesterdays_results_are_read_against_yesterdays_plan() -> None:
    f = frames(
        staff=staff("Li"),
        plans=[
            plan(YESTERDAY, "Li", "visit", done=True),
            plan(YESTERDAY, "Li", "test_drive", done=False),
            plan(YESTERDAY, "Li", "home_visit"),
            plan(DAY, "Li", "order"),
        ],
        contacts=[
            {"date": YESTERDAY, "consultant": "Li", "type": "visit"},
            {"date": YESTERDAY, "consultant": "Li", "type": "test_drive"},
            {"date": DAY, "consultant": "Li", "type": "visit"},
        ],
    )
    li = line(morning_board(f, SETTINGS, DAY), "Li")
    assert (li.yesterday_plans, li.yesterday_plans_done) == (3, 1)
    assert li.yesterday["visits"] == 1
    assert li.yesterday["test_drives"] == 1
    assert li.yesterday_planned == {"visits": 2, "test_drives": 1, "orders": 0, "deliveries": 0}


def test_month_to_date_is_read_against_target_and_time_progress() -> None:
    f = frames(
        staff=staff("Li"),
        targets=[{"month": "2026-11", "consultant": "Li", "visits": 30, "orders": 6}],
        contacts=[{"date": date(2026, 11, d), "consultant": "Li", "type": "visit"} for d in (1, 5, 15)]
        + [{"date": date(2026, 10, 31), "consultant": "Li", "type": "visit"}],
        deliveries=[{"customer_id": "C1", "consultant": "Li", "order_date": date(2026, 11, 3), "status": "planned"}],
    )
    board = morning_board(f, SETTINGS, DAY)
    li = line(board, "Li")
    assert board.time_progress == pytest.approx(0.5)
    assert li.month["visits"].actual == 3
    assert li.month["visits"].progress == pytest.approx(0.1)
    assert li.month["visits"].behind
    assert li.month["orders"].actual == 1
    assert li.month["leads"].target is None


def test_h_leads_are_counted_and_named_per_consultant() -> None:
    f = frames(
        staff=staff("Li", "Zhao"),
        customers=[
            {"name": "Zhang San", "consultant": "Li", "first_contact": DAY, "grade": "H"},
            {"name": "Wu", "consultant": "Li", "first_contact": DAY, "grade": "A"},
            {"name": "Ma", "consultant": "Zhao", "first_contact": DAY, "grade": "H"},
            {"name": "Zhou", "consultant": "Li", "first_contact": DAY, "grade": "H"},
        ],
    )
    board = morning_board(f, SETTINGS, DAY)
    assert line(board, "Li").hot == ["Zhang San", "Zhou"]
    assert board.hot_total == 3


def test_morning_notes_split_into_general_and_per_consultant() -> None:
    f = frames(
        staff=staff("Li"),
        meetings=[
            {"date": DAY, "kind": "morning", "note": "Promotion this weekend"},
            {"date": DAY, "kind": "morning", "consultant": "Li", "note": "Call Zhang first"},
            {"date": DAY, "kind": "evening", "consultant": "Li", "note": "not a morning note"},
            {"date": YESTERDAY, "kind": "morning", "note": "old"},
        ],
    )
    board = morning_board(f, SETTINGS, DAY)
    assert [n.note for n in board.notes] == ["Promotion this weekend"]
    assert [n.note for n in line(board, "Li").notes] == ["Call Zhang first"]


# --------------------------------------------------------------------------- evening


def _evening_frames() -> dict:
    return frames(
        staff=staff("Li", "Zhao"),
        customers=[
            {"customer_id": "C1", "name": "Zhang", "consultant": "Li", "first_contact": DAY, "grade": "B"},
            {"customer_id": "C2", "name": "Wu", "consultant": "Zhao", "first_contact": YESTERDAY, "grade": None},
        ],
        contacts=[
            {"date": DAY, "consultant": "Li", "type": "visit", "customer_id": "C1"},
            {"date": DAY, "consultant": "Li", "type": "visit", "customer_id": None, "customer": "walk-in"},
            {"date": DAY, "consultant": "Li", "type": "visit", "customer_id": " "},
            {"date": DAY, "consultant": "Li", "type": "test_drive", "customer_id": "C1"},
            {"date": YESTERDAY, "consultant": "Li", "type": "visit", "customer_id": None},
            {"date": DAY, "consultant": "Zhao", "type": "call", "customer_id": None},
        ],
        plans=[
            plan(DAY, "Li", "visit", done=True),
            plan(DAY, "Li", "test_drive", done=True),
            plan(DAY, "Li", "test_drive", done=False),
            plan(TOMORROW, "Zhao", "call", time="09:30", customer="Wu", goal="invite for test drive"),
        ],
        deliveries=[
            {
                "customer_id": "C9",
                "consultant": "Zhao",
                "scheduled": at(DAY, 10),
                "status": "done",
                "delivered_at": at(DAY, 11),
                "order_date": date(2026, 11, 2),
            }
        ],
        lost=[
            {
                "lost_id": "L1",
                "date": DAY,
                "consultant": "Zhao",
                "customer": "Ma",
                "reason": "price",
                "competitor_brand": "BYD",
                "competitor_model": "Song",
                "decision": "pending",
            },
            {"lost_id": "L2", "date": YESTERDAY, "consultant": "Li", "customer": "Qin", "reason": "postponed"},
            {"lost_id": "L3", "date": YESTERDAY, "consultant": "Li", "customer": "Xu", "decision": "approved"},
        ],
    )


def test_evening_results_come_from_the_workbook_and_stand_against_the_plan() -> None:
    board = evening_board(_evening_frames(), SETTINGS, DAY)
    li = line(board, "Li")
    assert li.results == {"leads": 1, "visits": 3, "test_drives": 1, "orders": 0, "deliveries": 0}
    assert li.planned == {"visits": 1, "test_drives": 2, "orders": 0, "deliveries": 0}
    assert (li.plans, li.plans_done) == (3, 2)
    assert line(board, "Zhao").results["deliveries"] == 1
    assert board.totals["visits"] == 3


def test_visits_without_a_card_are_flagged_for_same_day_entry() -> None:
    f = _evening_frames()
    assert len(visits_without_card(f, DAY)) == 2
    assert line(evening_board(f, SETTINGS, DAY), "Li").visits_without_card == 2


def _log_row(consultant: str, day: date = DAY, **values: object) -> dict:
    return {"date": day, "time_in": "10:00", "kind": "visit", "consultant": consultant, **values}


def test_with_a_showroom_log_the_walk_ins_without_a_card_are_its_anonymous_visits_of_the_day() -> None:
    f = _evening_frames()
    zhang_phone = "13900000001"
    customers = [{**r, "phone": zhang_phone if r["customer_id"] == "C1" else None} for r in _rows(f["customers"])]
    f = {
        **f,
        **frames(
            customers=customers,
            showroom_log=[
                _log_row("Li"),  # anonymous: counts
                _log_row("Li", customer_id="C1"),  # linked by ID
                _log_row("Li", phone=zhang_phone),  # linked by the one card with this phone
                _log_row("Zhao"),
                _log_row("Zhao"),
                _log_row("Zhao", kind="call"),  # a phone-in is no walk-in
                _log_row("Li", day=YESTERDAY),  # another day
            ],
        ),
    }
    # the contacts' two anonymous visits of Li no longer count: the log is the record of visits
    assert _rows(visits_without_card(f, DAY)[["consultant"]]) == [{"consultant": c} for c in ("Li", "Zhao", "Zhao")]
    board = evening_board(f, SETTINGS, DAY)
    assert (line(board, "Li").visits_without_card, line(board, "Zhao").visits_without_card) == (1, 2)


def test_without_a_showroom_log_the_walk_ins_without_a_card_are_visit_contacts_without_an_id() -> None:
    f = _evening_frames()
    assert f["showroom_log"].empty
    assert list(visits_without_card(f, DAY)["consultant"]) == ["Li", "Li"]
    assert line(evening_board(f, SETTINGS, DAY), "Zhao").visits_without_card == 0


def _rows(frame: pd.DataFrame) -> list[dict]:
    """A frame's rows as dicts without the reader's `_row`, NA as None."""
    keep = frame.drop(columns=["_row"], errors="ignore").astype(object)
    return keep.where(keep.notna(), None).to_dict("records")


def test_cards_without_grade_include_rows_the_reader_left_out() -> None:
    f = _evening_frames()
    assert list(cards_without_grade(f)["name"]) == ["Wu"]
    board = evening_board(f, SETTINGS, DAY, ungraded={"Li": 2})
    assert line(board, "Zhao").cards_without_grade == 1
    assert line(board, "Li").cards_without_grade == 2


def test_todays_follow_ups_not_done_are_counted_apart_from_overdue_ones() -> None:
    due = due_list(("Li", 0), ("Li", 0), ("Li", 4))
    li = line(evening_board(_evening_frames(), SETTINGS, DAY, due=due), "Li")
    assert (li.followups_due_open, li.overdue) == (2, 1)


def test_tomorrows_plan_shows_what_each_consultant_entered() -> None:
    board = evening_board(_evening_frames(), SETTINGS, DAY)
    assert board.tomorrow == TOMORROW
    [item] = line(board, "Zhao").tomorrow
    assert (item.time, item.customer, item.activity, item.goal) == ("09:30", "Wu", "call", "invite for test drive")
    assert line(board, "Li").tomorrow == []


def test_todays_lost_cases_come_with_reason_and_competitor() -> None:
    board = evening_board(_evening_frames(), SETTINGS, DAY)
    [case] = board.lost
    assert (case.lost_id, case.consultant, case.reason, case.competitor, case.decision) == (
        "L1",
        "Zhao",
        "price",
        "BYD Song",
        "pending",
    )


def test_pending_lost_requests_include_earlier_undecided_ones() -> None:
    assert [c.lost_id for c in pending_lost(_evening_frames(), DAY)] == ["L1", "L2"]


def test_evening_notes_are_kept_apart_from_morning_notes() -> None:
    f = _evening_frames()
    f["meetings"] = frames(
        meetings=[{"date": DAY, "kind": "evening", "note": "Good day"}, {"date": DAY, "kind": "morning", "note": "no"}]
    )["meetings"]
    assert [n.note for n in evening_board(f, SETTINGS, DAY).notes] == ["Good day"]


# --------------------------------------------------------------------------- rota edits


def test_rota_changes_keep_only_what_was_changed() -> None:
    before = {"Li": RotaEntry("on", 1, None, None, None)}
    after = {
        "Li": {"shift": "on", "order": 1.0, "appearance_ok": True, "folder_ok": None, "note": ""},
        "Zhao": {"shift": "off", "order": None, "appearance_ok": None, "folder_ok": None, "note": None},
        "Sun": {"shift": None, "order": None, "appearance_ok": None, "folder_ok": None, "note": "  "},
    }
    assert rota_changes(before, after) == {"Li": {"appearance_ok": True}, "Zhao": {"shift": "off"}}


def test_an_unticked_box_as_the_editor_shows_it_is_no_change_but_unticking_a_tick_is() -> None:
    before = {"Li": RotaEntry("on", 1, None, None, None), "Zhao": RotaEntry("on", 2, True, True, None)}
    after = {
        "Li": {"shift": "on", "order": "1", "appearance_ok": False, "folder_ok": False, "note": ""},
        "Zhao": {"shift": "on", "order": 2, "appearance_ok": False, "folder_ok": True, "note": ""},
    }
    assert rota_changes(before, after) == {"Zhao": {"appearance_ok": False}}


def test_the_evening_lists_recent_undecided_lost_requests_and_counts_older_ones() -> None:
    f = _evening_frames()
    f["lost"] = frames(
        lost=[
            {"lost_id": "L1", "date": DAY, "consultant": "Li", "decision": "pending"},
            {"lost_id": "L2", "date": DAY - timedelta(days=3), "consultant": "Li"},
            {"lost_id": "L3", "date": DAY - timedelta(days=3), "consultant": "Li", "decision": "rejected"},
            {"lost_id": "L4", "date": DAY - timedelta(days=40), "consultant": "Li", "decision": "pending"},
            {"lost_id": "L5", "date": DAY - timedelta(days=60), "consultant": "Li", "decision": "pending"},
        ]
    )["lost"]
    board = evening_board(f, SETTINGS, DAY)
    assert [c.lost_id for c in board.lost] == ["L1"]
    assert [c.lost_id for c in board.pending_recent] == ["L2"]
    assert board.pending_older == 2


# --------------------------------------------------------------------------- the S sample, counted twice


@pytest.mark.slow
def test_the_morning_and_evening_boards_on_the_s_sample_agree_with_the_files_rows(tmp_path) -> None:
    sample = pytest.importorskip("workbook.sample")
    reading = pytest.importorskip("workbook.reading")
    from collections import Counter

    from tests.support.file_rows import day_of, raw_rows
    from workbook import schema

    today = date(2026, 11, 20)
    path = sample.write_sample(tmp_path / "s.xlsx", "S", "zh", today, 1)
    wb = reading.read_workbook(path)
    morning = morning_board(wb.frames, wb.settings, today)
    evening = evening_board(wb.frames, wb.settings, today)

    def name(r: dict) -> str:
        return str(r["consultant"]).strip()

    plans = raw_rows(path, "plans", "zh")
    today_plans = Counter(name(r) for r in plans if day_of(r["date"]) == today)
    tomorrow_plans = Counter(name(r) for r in plans if day_of(r["date"]) == today + timedelta(days=1))
    hot = Counter(name(r) for r in raw_rows(path, "customers", "zh") if r["grade"] == "H")
    call = schema.choice_list("visit_kind").label("call", "zh")
    phones = Counter(str(r["phone"]) for r in raw_rows(path, "customers", "zh") if r["phone"] and r["customer_id"])
    walk_ins = Counter(  # the sample keeps the showroom log: its visits with no ID and no card's phone
        name(r)
        for r in raw_rows(path, "showroom_log", "zh")
        if day_of(r["date"]) == today and r["kind"] != call and not r["customer_id"] and phones[str(r["phone"])] != 1
    )
    lost_today = Counter(name(r) for r in raw_rows(path, "lost", "zh") if day_of(r["date"]) == today)

    assert sum(today_plans.values()) > 0 and sum(hot.values()) > 0, "the sample should have plans and H leads"
    for line in morning.lines:
        assert len(line.plans) == today_plans.get(line.consultant, 0), line.consultant
        assert len(line.hot) == hot.get(line.consultant, 0), line.consultant
    for line in evening.lines:
        assert len(line.tomorrow) == tomorrow_plans.get(line.consultant, 0), line.consultant
        assert line.visits_without_card == walk_ins.get(line.consultant, 0), line.consultant
        assert len(line.lost) == lost_today.get(line.consultant, 0), line.consultant
    assert sum(len(x.plans) for x in morning.lines) == sum(today_plans.values())


def test_a_consultant_off_today_with_a_delivery_or_appointment_today_is_flagged() -> None:
    f = frames(
        staff=staff("Peng", "Li"),
        rota=[
            {"date": DAY, "consultant": "Peng", "shift": "off"},
            {"date": DAY, "consultant": "Li", "shift": "on"},
        ],
        deliveries=[
            {
                "customer_id": "C1",
                "customer": "Liu",
                "consultant": "Peng",
                "scheduled": at(DAY, 14),
                "status": "planned",
            },
            {"customer_id": "C2", "consultant": "Peng", "scheduled": at(DAY, 9), "status": "cancelled"},
            {"customer_id": "C3", "consultant": "Li", "scheduled": at(DAY, 11), "status": "planned"},
        ],
        plans=[
            plan(DAY, "Peng", "test_drive", time="10:30", customer="Guo"),
            plan(DAY, "Peng", "call", time="09:00", customer="Zhao"),  # a call can be made by anyone
            plan(TOMORROW, "Peng", "visit", time="10:00"),
        ],
    )
    board = morning_board(f, SETTINGS, DAY)
    busy = line(board, "Peng").off_but_booked
    assert [(b.kind, b.time, b.customer) for b in busy] == [
        ("test_drive", "10:30", "Guo"),
        ("delivery", "14:00", "Liu"),
    ]
    assert line(board, "Li").off_but_booked == []  # on duty: their delivery needs no warning
    assert [b.kind for b in line(board, "Li").booked] == ["delivery"]


def test_the_meetings_show_no_emoji_or_dingbat_a_laptop_without_a_symbol_font_draws_as_a_box() -> None:
    import re
    from pathlib import Path

    from i18n import meetings

    pictographs = re.compile("[\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f]")  # as test_plain_symbols
    assert {k: p for k, p in meetings.STRINGS.items() if any(pictographs.search(x) for x in p)} == {}
    root = Path(__file__).resolve().parents[2]
    for path in ("pages/morning.py", "pages/evening.py", "pages/plan_actual.py", "ui/meetings.py"):
        lines = (root / path).read_text(encoding="utf-8").splitlines()
        assert [f"{path}:{n}: {x.strip()}" for n, x in enumerate(lines, 1) if pictographs.search(x)] == []


def test_a_voided_walk_in_is_not_a_visit_without_a_card() -> None:
    f = _evening_frames()
    contacts = f["contacts"].copy()
    blank = contacts["customer_id"].astype("string").str.strip().fillna("").eq("") & contacts["type"].eq("visit")
    first = contacts.index[blank.fillna(False).astype(bool)][0]
    contacts["void"] = contacts["void"].astype("boolean")
    contacts.loc[first, "void"] = True
    f = {**f, "contacts": contacts}
    assert len(visits_without_card(f, DAY)) == 1
