"""First-contact ownership: the rightful owner of a shared phone, ties, duplicate cards, voided contacts, merges."""

from __future__ import annotations

from datetime import date

from logic.followups import due_followups
from logic.grade_history import grade_history
from logic.meetings import morning_board
from logic.ownership import conflicts, live_customers, phone_digits, references, spread
from logic.plan_actual import actuals
from tests.support.frames import contact, customer, frames, staff
from workbook.schema import default_settings

PHONE = "13912345678"
D1, D2, D3 = date(2026, 11, 1), date(2026, 11, 2), date(2026, 11, 3)


def _two_cards(**contacts_of):
    cards = [
        customer("C0001", D2, phone=PHONE, consultant="李娜"),
        customer("C0002", D2, phone="139-1234-5678", consultant="王磊"),
    ]
    return frames(customers=cards, contacts=contacts_of.get("contacts", []))


def test_the_owner_is_the_consultant_whose_card_was_contacted_first() -> None:
    f = _two_cards(contacts=[contact("C0001", D2, time="10:00"), contact("C0002", D1, time="16:00", consultant="王磊")])
    [c] = conflicts(f["customers"], f["contacts"])
    assert c.owner == "王磊" and c.owner_card == "C0002" and c.shared and not c.duplicate
    assert [x.customer_id for x in c.others()] == ["C0001"]
    assert [x.customer_id for x in c.to_hand_back()] == ["C0001"]


def test_on_the_same_day_the_earlier_time_owns() -> None:
    f = _two_cards(contacts=[contact("C0001", D2, time="09:30"), contact("C0002", D2, time="11:00", consultant="王磊")])
    [c] = conflicts(f["customers"], f["contacts"])
    assert c.owner == "李娜" and c.owner_card == "C0001"


def test_the_same_moment_is_a_tie_for_the_manager() -> None:
    f = _two_cards(contacts=[contact("C0001", D2, time="10:00"), contact("C0002", D2, time="10:00", consultant="王磊")])
    [c] = conflicts(f["customers"], f["contacts"])
    assert c.owner is None and c.owner_card is None and c.to_hand_back() == ()


def test_the_same_day_with_a_time_unknown_is_a_tie() -> None:
    f = _two_cards(contacts=[contact("C0001", D2, time="10:00"), contact("C0002", D2, consultant="王磊")])
    [c] = conflicts(f["customers"], f["contacts"])
    assert c.owner is None


def test_a_voided_contact_does_not_make_the_first_contact() -> None:
    f = _two_cards(
        contacts=[
            contact("C0001", D1, time="09:00", void=True),
            contact("C0001", D3, time="09:00"),
            contact("C0002", D2, time="15:00", consultant="王磊"),
        ]
    )
    [c] = conflicts(f["customers"], f["contacts"])
    assert c.owner == "王磊" and c.cards[0].first_day == D2


def test_a_card_without_contacts_counts_from_its_first_contact_date() -> None:
    cards = [
        customer("C0001", D1, phone=PHONE, consultant="李娜"),
        customer("C0002", D3, phone=PHONE, consultant="王磊"),
    ]
    f = frames(customers=cards)
    [c] = conflicts(f["customers"], f["contacts"])
    assert c.owner == "李娜" and c.cards[0].first_time is None


def test_two_cards_under_one_consultant_are_a_duplicate_card() -> None:
    cards = [customer("C0001", D1, phone=PHONE), customer("C0002", D2, phone="+86 139 1234 5678")]
    f = frames(customers=cards)
    [c] = conflicts(f["customers"], f["contacts"])
    assert c.duplicate and not c.shared and c.owner == "李娜" and c.owner_card == "C0001"


def test_different_phones_and_merged_cards_are_no_conflict() -> None:
    cards = [
        customer("C0001", D1, phone=PHONE),
        customer("C0002", D2, phone=PHONE, merged_into="C0001"),
        customer("C0003", D2, phone="13700000000"),
    ]
    f = frames(customers=cards)
    assert conflicts(f["customers"], f["contacts"]) == []
    assert list(live_customers(f["customers"])["customer_id"]) == ["C0001", "C0003"]


def test_phone_digits_ignore_spacing_and_the_country_code() -> None:
    assert phone_digits("+86 139-1234-5678") == phone_digits("13912345678") == "13912345678"
    assert phone_digits(None) == ""


def test_references_list_every_row_naming_a_card_and_the_rows_without_an_id() -> None:
    f = frames(
        customers=[customer("C0001"), customer("C0002")],
        contacts=[contact("C0002", D1), contact("C0001", D1), {**contact("C0002", D2), "contact_id": None}],
        plans=[{"plan_id": "P0001", "date": D3, "consultant": "李娜", "customer_id": "C0002"}],
    )
    refs = references(f, "C0002")
    assert refs.ids["plans"] == ["P0001"] and len(refs.ids["contacts"]) == 1
    assert refs.without_id == [("contacts", 4)] and refs.count == 2


def test_customers_are_dealt_out_in_turn() -> None:
    assert spread(["C1", "C2", "C3", "C4", "C5"], ["甲", "乙"]) == [
        ("C1", "甲"), ("C2", "乙"), ("C3", "甲"), ("C4", "乙"), ("C5", "甲"),
    ]  # fmt: skip
    assert spread(["C1"], []) == []


# --------------------------------------------------------------------------- a merged card counts nowhere


def _merged_twin():
    today = date(2026, 11, 22)
    return today, frames(
        staff=staff("李娜"),
        customers=[
            customer("C0001", date(2026, 10, 1), phone=PHONE, grade="H"),
            customer("C0002", date(2026, 10, 1), phone=PHONE, grade="H", merged_into="C0001"),
        ],
        contacts=[contact("C0001", date(2026, 10, 1)), contact("C0001", date(2026, 10, 20))],
    )


def test_a_merged_card_has_no_due_items_while_its_survivor_has() -> None:
    today, f = _merged_twin()
    due = due_followups(f, default_settings(), today)
    assert set(due["customer_id"]) == {"C0001"}
    f["customers"].loc[1, "merged_into"] = None  # the same twin not merged: due too
    assert set(due_followups(f, default_settings(), today)["customer_id"]) == {"C0001", "C0002"}


def test_a_merged_card_is_no_lead_no_hot_customer_and_no_duplicate_warning() -> None:
    today, f = _merged_twin()
    assert list(grade_history(f, today).customers["customer_id"]) == ["C0001"]
    assert actuals(f, date(2026, 10, 1), date(2026, 10, 31)).loc["李娜", "leads"] == 1
    assert morning_board(f, default_settings(), today).hot_total == 1
    assert conflicts(f["customers"], f["contacts"]) == []
