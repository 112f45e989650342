"""The due screen's rules: whose names are offered, the figures of the filtered list, cards, one item's customer."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from logic.due_view import PER_PAGE, by_key, customer_key, due_item, due_view, reassign_targets, staff_names

ON = date(2026, 11, 20)


def item(customer_id, kind="grade_interval", overdue=0, consultant="Li", phone="13800000001", **extra):
    return {"customer_id": customer_id, "customer": f"name {customer_id}", "phone": phone, "grade": "B",
            "consultant": consultant, "customer_consultant": consultant, "kind": kind, "label": kind,
            "due": ON - timedelta(days=overdue), "overdue_days": overdue, "last_contact": None, "festival": None,
            "script": "hello", "_row": 2, **extra}  # fmt: skip


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


def test_a_card_without_an_id_is_found_and_written_by_its_phone() -> None:
    group = pd.DataFrame([item(None, phone="13900000009"), item(None, kind="birthday", phone="13900000009")])
    assert customer_key(group) == "#13900000009"
    picked = due_item(group, "birthday")
    assert (picked.customer_id, picked.key, picked.owner) == (None, {"phone": "13900000009"}, "Li")
    assert picked.row["kind"] == "birthday"


def test_a_card_with_an_id_is_written_by_its_id() -> None:
    picked = due_item(pd.DataFrame([item("C7")]), "grade_interval")
    assert (picked.customer_id, picked.key, picked.text("script")) == ("C7", {"customer_id": "C7"}, "hello")


def test_of_two_cards_with_one_key_the_first_is_picked() -> None:
    first, second = (pd.DataFrame([item(None, customer=name)]) for name in ("first", "second"))
    assert by_key([first, second])["#13800000001"] is first


def test_a_customer_is_reassigned_to_anyone_but_its_owner() -> None:
    assert reassign_targets(["Li", "Zhao", "Sun"], "Zhao") == ["Li", "Sun"]
