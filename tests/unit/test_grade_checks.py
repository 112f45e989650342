"""Grade-consistency warnings on hand-built frames."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from logic.grade_checks import by_customer, grade_warnings
from tests.support.frames import contact, customer, delivery, frames
from workbook.schema import default_settings

TODAY = date(2026, 11, 22)


def ahead(n: int) -> date:
    return TODAY + timedelta(days=n)


def codes(f, **settings):
    s = default_settings()
    s.update(settings)
    return {(w.customer_id, w.code) for w in grade_warnings(f, s, TODAY)}


@pytest.mark.parametrize(
    ("grade", "in_days", "expected"),
    [
        ("H", 3, None),
        ("H", 7, None),
        ("H", 8, "too_hot"),  # A's window
        ("H", 60, "too_hot"),
        ("A", 15, None),
        ("A", 5, "too_cold"),
        ("B", 20, None),
        ("C", 3, "too_cold"),
        ("C", 90, None),
        ("C", 200, None),  # beyond every window: C is the coldest hot grade
        ("B", -3, "expected_passed"),
    ],
)
def test_a_grade_that_contradicts_the_expected_purchase_date_is_flagged(grade, in_days, expected):
    contacts = [contact("C1", TODAY)]
    f = frames(
        customers=[customer("C1", TODAY - timedelta(days=10), grade=grade, expected_purchase=ahead(in_days))],
        contacts=contacts,
    )
    got = {c for _, c in codes(f)}
    assert got == ({expected} if expected else set())


def test_the_message_names_the_grade_the_days_and_the_window():
    f = frames(
        customers=[customer("C1", TODAY, grade="H", expected_purchase=ahead(60))], contacts=[contact("C1", TODAY)]
    )
    [w] = grade_warnings(f, default_settings(), TODAY)
    assert (w.code, w.params) == ("too_hot", {"grade": "H", "days": 60, "window": 7, "expected": "C"})
    assert "60" in w.message("zh") and "H" in w.message("en") and w.row == 2


def test_grade_windows_come_from_the_settings():
    f = frames(
        customers=[customer("C1", TODAY, grade="H", expected_purchase=ahead(10))], contacts=[contact("C1", TODAY)]
    )
    assert codes(f) == {("C1", "too_hot")}
    assert codes(f, grade_window_H=10) == set()


@pytest.mark.parametrize(("idle", "expected"), [(2, False), (3, True), (10, True)])
def test_an_h_lead_untouched_for_the_warning_days_is_flagged(idle, expected):
    f = frames(
        customers=[customer("C1", TODAY - timedelta(days=30), grade="H")],
        contacts=[contact("C1", TODAY - timedelta(days=idle))],
    )
    assert (("C1", "h_untouched") in codes(f)) is expected


def test_a_delivered_customer_still_graded_as_a_lead_is_flagged():
    f = frames(
        customers=[
            customer("C1", TODAY, grade="A"),
            customer("C2", TODAY, grade="D"),
            customer("C3", TODAY, grade="O"),
        ],
        contacts=[contact(c, TODAY) for c in ("C1", "C2", "C3")],
        deliveries=[delivery(c, datetime(2026, 11, 20, 10)) for c in ("C1", "C2", "C3")],
    )
    assert codes(f) == {("C1", "delivered_not_d"), ("C3", "delivered_not_d")}


def test_an_ordered_customer_graded_c_is_flagged():
    f = frames(
        customers=[
            customer("C1", TODAY, grade="C"),
            customer("C2", TODAY, grade="O"),
            customer("C3", TODAY, grade="B"),
        ],
        contacts=[contact("C1", TODAY), contact("C2", TODAY), contact("C3", TODAY, "order")],
        deliveries=[delivery("C1", None, status="planned"), delivery("C2", None, status="planned")],
    )
    assert codes(f) == {("C1", "ordered_still_lead"), ("C3", "ordered_still_lead")}


def test_graded_d_without_a_completed_delivery_is_flagged():
    f = frames(customers=[customer("C1", TODAY, grade="D")])
    assert codes(f) == {("C1", "d_without_delivery")}


def test_lost_and_dormant_customers_raise_no_grade_warnings():
    f = frames(
        customers=[customer("C1", TODAY - timedelta(days=50), grade=g, expected_purchase=ahead(1)) for g in "FZ"]
    )
    assert codes(f) == set()


def test_warnings_group_by_customer():
    f = frames(customers=[customer("C1", TODAY - timedelta(days=30), grade="H", expected_purchase=ahead(60))])
    groups = by_customer(grade_warnings(f, default_settings(), TODAY))
    assert {w.code for w in groups["C1"]} == {"too_hot", "h_untouched"}


def test_an_empty_workbook_has_no_warnings():
    assert grade_warnings(frames(), default_settings(), TODAY) == []


@pytest.mark.parametrize(
    ("grade", "promised_in", "expected"),
    [
        ("H", 2, False),  # H: every 2 days
        ("H", 21, True),  # an H customer promised a call in three weeks
        ("B", 7, False),
        ("B", 8, True),
        ("C", 14, False),
    ],
)
def test_a_promise_later_than_the_grade_interval_allows_is_flagged(grade, promised_in, expected):
    f = frames(
        customers=[customer("C1", TODAY - timedelta(days=30), grade=grade)],
        contacts=[contact("C1", TODAY, next_date=ahead(promised_in))],
    )
    assert (("C1", "promise_too_late") in codes(f)) is expected


def test_a_promise_ended_by_a_later_contact_or_made_by_a_no_answer_is_not_flagged():
    ended = frames(
        customers=[customer("C1", TODAY - timedelta(days=30), grade="H")],
        contacts=[contact("C1", TODAY - timedelta(days=1), next_date=ahead(21)), contact("C1", TODAY)],
    )
    tried = frames(
        customers=[customer("C1", TODAY - timedelta(days=30), grade="H")],
        contacts=[contact("C1", TODAY, outcome="no_answer", next_date=ahead(21))],
    )
    assert ("C1", "promise_too_late") not in codes(ended) | codes(tried)


def test_the_promise_message_names_the_day_the_gap_and_the_interval():
    f = frames(
        customers=[customer("C1", TODAY - timedelta(days=30), grade="H")],
        contacts=[contact("C1", TODAY, next_date=ahead(21))],
    )
    (w,) = [w for w in grade_warnings(f, default_settings(), TODAY) if w.code == "promise_too_late"]
    assert w.message("en") == (
        "Promised a call on 2026-12-13 (21 days away), but a grade H lead needs contact every 2 days"
    )
