"""The due screen's rules: whose names are offered, the figures of the filtered list, cards, one item's customer."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from logic.due_view import (
    PER_PAGE,
    card,
    customer_key,
    digits,
    due_view,
    last_tries,
    own_today,
    reassign_targets,
    staff_names,
    void_refusal,
)

ON = date(2026, 11, 20)


def item(customer_id, kind="grade_interval", overdue=0, consultant="Li", phone="13800000001", **extra):
    return {"customer_id": customer_id, "customer": f"name {customer_id}", "phone": phone, "grade": "B",
            "consultant": consultant, "customer_consultant": consultant, "kind": kind, "label": kind,
            "due": ON - timedelta(days=overdue), "overdue_days": overdue, "last_contact": None, "festival": None,
            "script": "hello", "_row": 2, "attempts": 0, "last_attempt": None, "out_of_contact": False,
            **extra}  # fmt: skip


DUE = pd.DataFrame(
    [
        item("C1", overdue=0),
        item("C1", kind="birthday", overdue=3),
        item("C2", overdue=-2, consultant="Zhao"),
        item("C3", kind="birthday", overdue=1, consultant="Zhao"),
    ]
)


@pytest.mark.parametrize(
    ("roles", "owners", "names", "consultants"),
    [
        ({"Li": "consultant", "Wang": "manager"}, ["Li", "Old"], ["Li", "Wang", "Old"], ["Li", "Old"]),
        ({"Wang": "manager"}, [], ["Wang"], ["Wang"]),
        ({"Li": "consultant"}, ["Li", None, float("nan")], ["Li"], ["Li"]),
    ],
    ids=["staff then other owners", "no consultant on the sheet", "blank owners"],
)
def test_names_are_staff_then_owners_and_reassignment_goes_to_consultants(roles, owners, names, consultants) -> None:
    assert staff_names(roles, owners) == (names, consultants)


@pytest.mark.parametrize(
    ("consultant", "kinds", "overdue_only", "expected"),
    [
        (None, (), False, {"today": 1, "overdue": 2, "upcoming": 1, "customers": 3}),
        ("Li", (), False, {"today": 1, "overdue": 1, "upcoming": 0, "customers": 1}),
        (None, ("birthday",), False, {"today": 0, "overdue": 2, "upcoming": 0, "customers": 2}),
        ("Zhao", (), True, {"today": 0, "overdue": 1, "upcoming": 0, "customers": 1}),
    ],
    ids=["everyone", "one consultant", "one kind", "only overdue"],
)
def test_the_figures_count_the_list_as_filtered(consultant, kinds, overdue_only, expected) -> None:
    dv = due_view(DUE, consultant=consultant, kinds=kinds, overdue_only=overdue_only)
    got = {w: dv.count(w) for w in ("today", "overdue", "upcoming")} | {"customers": len(dv.groups)}
    assert got == expected


def test_the_per_consultant_table_keeps_every_owner_while_the_cards_follow_the_chosen_one() -> None:
    dv = due_view(DUE, consultant="Li")
    assert set(dv.mine["consultant"]) == {"Li", "Zhao"} and set(dv.shown["consultant"]) == {"Li"}


@pytest.mark.parametrize(("customers", "pages", "last"), [(0, 1, 0), (PER_PAGE, 1, PER_PAGE), (PER_PAGE + 1, 2, 1)])
def test_cards_come_fifty_a_screen_page(customers, pages, last) -> None:
    due = pd.DataFrame([item(f"C{i}") for i in range(customers)])
    dv = due_view(due, consultant=None)
    assert dv.pages == pages and len(dv.page(pages)) == last


def test_a_card_without_an_id_is_keyed_by_its_phone() -> None:
    group = pd.DataFrame([item(None, phone="13900000009"), item(None, kind="birthday", phone="13900000009")])
    assert customer_key(group) == "#13900000009"
    c = card(group)
    assert (c.customer_id, c.phone, c.consultant, c.kinds) == (
        None,
        "13900000009",
        "Li",
        ["grade_interval", "birthday"],
    )


def test_a_card_carries_the_most_tries_its_last_day_the_promise_and_the_flag() -> None:
    group = pd.DataFrame(
        [
            item("C7", attempts=2, last_attempt=ON - timedelta(days=1), out_of_contact=False),
            item("C7", kind="next_contact", attempts=3, last_attempt=ON, out_of_contact=True),
        ]
    )
    c = card(group)
    assert (c.attempts, c.last_attempt, c.promised, c.out_of_contact, c.late) == (3, ON, ON, True, False)


def test_a_card_with_no_tries_and_no_promise() -> None:
    c = card(pd.DataFrame([item("C7", overdue=2, attempts=0, last_attempt=None, out_of_contact=False)]))
    assert (c.attempts, c.last_attempt, c.promised, c.late) == (0, None, None, True)


@pytest.mark.parametrize(
    ("phone", "link"),
    [("138 0000 0001", "13800000001"), ("+86-138-0000-0001", "+8613800000001"), ("无", ""), ("1)](javascript:x", "1")],
    ids=["spaces", "country code", "no digits", "markup"],
)
def test_a_call_link_is_made_of_the_phones_digits_only(phone, link) -> None:
    assert digits(phone) == link


def contact(cid, *, by="Li", day=ON, outcome="reached", time="10:00", void=None, at=None):
    return {"contact_id": cid, "customer_id": "C1", "date": pd.Timestamp(day), "time": time, "outcome": outcome,
            "recorded_by": by, "void": void, "recorded_at": pd.Timestamp(at) if at else pd.NaT}  # fmt: skip


CONTACTS = pd.DataFrame(
    [
        contact("K1", outcome="no_answer", day=ON - timedelta(days=1), time="18:40"),
        contact("K2", outcome="no_answer", time="09:15"),
        contact("K3", outcome="no_answer", time="11:30", void=True),
        contact("K4", by="Zhao"),
        contact("K5", day=ON - timedelta(days=2), at=ON),  # entered today for another day
        contact("K6", day=ON - timedelta(days=1)),
    ]
)


def test_the_last_try_is_the_latest_live_no_answer() -> None:
    assert last_tries(CONTACTS, ["C1", "C9"]) == {"C1": (ON, "09:15")}


@pytest.mark.parametrize(
    ("cid", "who", "expected"),
    [
        ("K2", "Li", None),
        ("K5", "Li", None),
        ("K4", "Li", "cards.void.not_yours"),
        ("K2", None, "cards.void.not_yours"),
        ("K6", "Li", "cards.void.not_today"),
        ("K3", "Li", "cards.void.already"),
        ("K99", "Li", "cards.void.not_found"),
    ],
    ids=["own today", "entered today for another day", "another's", "nobody", "yesterday's", "void", "missing"],
)
def test_only_the_author_takes_back_a_row_on_the_day_it_was_entered(cid, who, expected) -> None:
    assert void_refusal(CONTACTS, cid, who, ON) == expected


def test_todays_own_entries_are_the_rows_one_may_take_back() -> None:
    assert own_today(CONTACTS, "Li", ON)["contact_id"].tolist() == ["K2", "K5"]
    assert own_today(CONTACTS, None, ON).empty


def test_a_customer_is_reassigned_to_anyone_but_its_owner() -> None:
    assert reassign_targets(["Li", "Zhao", "Sun"], "Zhao") == ["Li", "Sun"]
