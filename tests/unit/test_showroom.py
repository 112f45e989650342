"""The showroom log: linking rows to cards, traffic by hour, the rates over visits, the fallback, follow-up visits."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from logic import showroom
from logic.followups import due_followups
from logic.plan_actual import plan_vs_actual, visit_rows
from logic.showroom_view import card_choices, entry_problem, entry_values
from tests.support.frames import contact, customer, delivery, frames, staff

DAY = date(2026, 11, 14)  # a Saturday


def visit(time_in: str | None = "10:15", kind: str = "visit", **values) -> dict:
    return {"date": values.pop("date", DAY), "time_in": time_in, "kind": kind, "consultant": "李娜", **values}


# --------------------------------------------------------------------------- linking


def test_a_row_is_linked_by_its_customer_id_else_by_the_one_card_with_its_phone() -> None:
    f = frames(
        customers=[
            customer("C1"),
            customer("C2"),
            customer("C3", phone="13900000009"),
            customer("C4", phone="13900000009"),
        ],
        showroom_log=[
            visit(customer_id="C2"),
            visit(phone=customer("C1")["phone"]),
            visit(phone="13900000009"),  # two cards have it: whose it is stays open
            visit(),
        ],
    )
    rows = showroom.log_rows(f, DAY, DAY)
    assert list(rows["linked"].astype(object).where(rows["linked"].notna(), None)) == ["C2", "C1", None, None]


def test_a_typed_phone_of_one_card_links_the_new_row() -> None:
    customers = frames(customers=[customer("C7")])["customers"]
    values = entry_values(customers, time_in="9:05", phone=" 139-0000-0007 ", customer="", model="S5")
    assert values == {"time_in": "09:05", "phone": "13900000007", "customer_id": "C7", "model": "S5"}


@pytest.mark.parametrize(
    ("time_in", "phone", "problem"),
    [("10:05", "", None), ("10:5", None, "bad_time"), ("", None, "bad_time"), ("10:05", "12345", "bad_phone"),
     ("23:59", "+86 13912345678", None)],
)  # fmt: skip
def test_a_new_row_needs_a_time_in_and_a_real_phone_when_one_is_typed(time_in, phone, problem) -> None:
    assert entry_problem(time_in, phone) == problem


def test_cards_offered_to_take_over_a_visit_are_todays_new_and_todays_contacted() -> None:
    f = frames(
        customers=[customer("C1", DAY, name="新"), customer("C2", DAY - timedelta(days=9), name="老"), customer("C3")],
        contacts=[contact("C2", DAY, "call")],
    )
    assert [c.customer_id for c in card_choices(f["customers"], f["contacts"], DAY)] == ["C1", "C2"]


# --------------------------------------------------------------------------- traffic by hour


def test_traffic_counts_visits_calls_new_cards_and_captured_leads_by_hour() -> None:
    f = frames(
        customers=[customer("C1", DAY), customer("C2", DAY), customer("C3", DAY - timedelta(days=30))],
        contacts=[contact("C2", DAY, "call", time="15:40")],
        showroom_log=[
            visit("10:05"),
            visit("10:40", customer_id="C1"),
            visit("11:10", kind="call"),
            visit("14:20", customer_id="C3"),
            visit(None),
            visit("09:00", date=DAY - timedelta(days=1)),
        ],
    )
    got = showroom.traffic(f, DAY)
    assert got.from_log
    assert [(h.hour, h.visits, h.calls, h.new_cards, h.captured) for h in got.hours] == [
        (10, 2, 0, 1, 1),
        (11, 0, 1, 0, 0),
        (14, 1, 0, 0, 1),
        (15, 0, 0, 1, 0),  # C2's card came from a call at 15:40 with no log row
        (None, 1, 0, 0, 0),
    ]
    assert (got.total.visits, got.total.calls, got.total.new_cards, got.total.captured) == (4, 1, 2, 2)


def test_without_a_log_the_traffic_is_the_visit_contacts_and_says_so() -> None:
    f = frames(
        customers=[customer("C1", DAY)],
        contacts=[contact("C1", DAY, "visit", time="16:30"), contact(None, DAY, "visit", time="16:50"),
                  contact("C1", DAY, "call", time="17:00")],
    )  # fmt: skip
    got = showroom.traffic(f, DAY)
    assert not got.from_log
    assert [(h.hour, h.visits, h.calls, h.new_cards, h.captured) for h in got.hours] == [(16, 2, 0, 1, 1)]


# --------------------------------------------------------------------------- rates


def _busy_month() -> dict:
    """One consultant whose customer came four times, test-drove twice and ordered; plus anonymous walk-ins."""
    return frames(
        staff=staff("李娜"),
        customers=[customer("C1", DAY), customer("C2", DAY)],
        contacts=[contact("C1", DAY + timedelta(days=d), "test_drive") for d in (0, 1, 2)]
        + [contact("C1", DAY + timedelta(days=d), "visit") for d in (0, 1, 2, 3)],
        deliveries=[delivery("C1", None, "planned", order_date=DAY + timedelta(days=3))],
        lost=[
            {"date": DAY, "customer_id": "C2", "consultant": "李娜", "decision": "approved"},
            {"date": DAY, "customer_id": "C9", "consultant": "李娜", "decision": "pending"},
        ],
        showroom_log=[visit(date=DAY + timedelta(days=d), customer_id="C1") for d in (0, 1, 2, 3)]
        + [visit(date=DAY, test_drive=True)],
    )


def test_rates_are_shares_of_the_months_visits_and_never_pass_100_percent() -> None:
    table = plan_vs_actual(_busy_month(), "2026-11", DAY + timedelta(days=5))
    li = next(line for line in table.lines if line.consultant == "李娜")
    # three test-drive contacts and one order against one customer's four visits: counted per visit
    assert li.figures["visits"].actual == 5
    assert li.ratios["capture_rate"] == pytest.approx(4 / 5)
    assert li.ratios["test_drive_rate"] == pytest.approx(4 / 5)  # 3 days with a test drive + 1 marked in the log
    assert li.ratios["close_rate"] == pytest.approx(4 / 5)
    assert li.ratios["loss_rate"] == pytest.approx(1 / 2)  # 1 approved lost, 1 order; the pending one is open
    for line in [*table.lines, table.total]:
        assert all(v is None or 0 <= v <= 1 for v in line.ratios.values()), line.consultant


def test_a_phone_in_is_not_a_visit() -> None:
    f = frames(showroom_log=[visit(kind="call"), visit()])
    assert len(visit_rows(f, DAY, DAY)) == 1


def test_without_a_log_plan_vs_actual_counts_the_visit_contacts_and_says_so() -> None:
    f = frames(staff=staff("李娜"), customers=[customer("C1", DAY)], contacts=[contact("C1", DAY, "visit")])
    table = plan_vs_actual(f, "2026-11", DAY)
    assert not table.visits_from_log
    assert table.total.figures["visits"].actual == 1
    f = frames(staff=staff("李娜"), customers=[customer("C1", DAY)], contacts=[contact("C1", DAY, "visit")],
               showroom_log=[visit(date=DAY - timedelta(days=40))])  # fmt: skip
    table = plan_vs_actual(f, "2026-11", DAY)
    assert table.visits_from_log
    assert table.total.figures["visits"].actual == 0


def test_follow_up_completion_is_the_share_done_by_the_due_day_and_overdue_is_counted_today() -> None:
    first = date(2026, 11, 2)
    f = frames(
        staff=staff("李娜"),
        customers=[customer("C1", first), customer("C2", first)],
        contacts=[contact("C1", first + timedelta(days=1), "call"), contact("C2", first + timedelta(days=3), "call")],
    )
    table = plan_vs_actual(f, "2026-11", date(2026, 11, 6))
    li = next(line for line in table.lines if line.consultant == "李娜")
    # both greetings were due on 11-03: C1's was done that day, C2's two days late
    assert li.ratios["followup_rate"] == pytest.approx(1 / 2)
    assert li.overdue == 0
    assert table.total.overdue == li.overdue


# --------------------------------------------------------------------------- the follow-up rules


def test_a_linked_log_visit_does_the_customers_follow_up_like_a_visit_contact() -> None:
    first = DAY - timedelta(days=3)
    f = frames(customers=[customer("C1", first)], staff=staff("李娜"))
    assert ("C1", "new_lead_24h") in set(zip(*due_followups(f, {}, DAY)[["customer_id", "kind"]].values.T, strict=True))
    f = frames(customers=[customer("C1", first)], staff=staff("李娜"),
               showroom_log=[visit(date=first + timedelta(days=1), phone=customer("C1")["phone"])])  # fmt: skip
    assert "new_lead_24h" not in set(due_followups(f, {}, DAY)["kind"])


def test_a_log_visit_on_a_day_with_a_visit_contact_adds_nothing() -> None:
    f = frames(
        customers=[customer("C1")],
        contacts=[contact("C1", DAY, "visit")],
        showroom_log=[
            visit(customer_id="C1"),
            visit("15:00", customer_id="C1"),
            visit(customer_id="C1", date=DAY + timedelta(days=1)),
        ],
    )
    added = showroom.visits_as_contacts(f)
    assert len(added) == 2
    assert list(added["date"].dt.date) == [DAY, DAY + timedelta(days=1)]
