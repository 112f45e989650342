"""A customer's card as the page gets it (logic.customer_view): the record, contacts newest first, items, deliveries."""

from __future__ import annotations

import pandas as pd

from logic.customer_view import customer_card

COLUMNS = ("customer_id", "name", "phone", "consultant", "grade", "model", "note")


def customer(**values) -> pd.Series:
    base = {"customer_id": "C0001", "name": "王建国", "phone": "13812345678", "consultant": "李娜", "grade": "B",
            "model": pd.NA, "note": "  "}  # fmt: skip
    return pd.Series({**base, **values})


def contacts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": ["C0001", "C0002", "C0001", "C0001", pd.NA],
            "phone": ["13812345678", "1", "13812345678", "13812345678", "13812345678"],
            "date": pd.to_datetime(["2026-11-01", "2026-11-20", "2026-11-10", "2026-11-10", "2026-11-15"]),
            "time": ["10:00", "09:00", "09:00", "16:00", "12:00"],
            "type": ["visit", "call", "call", "call", "call"],
            "outcome": ["reached", "reached", "no_answer", "reached", "reached"],
            "result": ["first", "other customer", "morning", "afternoon", "typed by phone"],
            "recorded_by": ["李娜"] * 5,
            "void": [pd.NA, pd.NA, True, pd.NA, pd.NA],
        }
    )


def due() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": ["C0002", "C0001", "C0001"],
            "phone": ["1", "13812345678", "13812345678"],
            "kind": ["grade_interval", "birthday", "grade_interval"],
            "due": pd.to_datetime(["2026-11-20", "2026-11-25", "2026-11-18"]),
        }
    )


def test_the_record_holds_every_column_with_a_value_in_sheet_order():
    card = customer_card(customer(), COLUMNS, contacts(), due(), None)
    assert [k for k, _ in card.record] == ["customer_id", "name", "phone", "consultant", "grade"]


def test_contacts_are_the_customers_own_newest_first_with_voided_rows_kept_and_marked():
    card = customer_card(customer(), COLUMNS, contacts(), due(), None)
    assert card.contacts["result"].tolist() == ["afternoon", "morning", "first"]
    assert card.contacts["void"].tolist() == [False, True, False]


def test_a_card_without_an_id_takes_the_contacts_typed_with_its_phone_and_no_id():
    card = customer_card(customer(customer_id=pd.NA), COLUMNS, contacts(), due(), None)
    assert card.ref == "#13812345678"
    assert card.contacts["result"].tolist() == ["typed by phone"]


def test_open_items_are_the_customers_rows_of_the_due_list_soonest_first():
    card = customer_card(customer(), COLUMNS, contacts(), due(), None)
    assert card.items["kind"].tolist() == ["grade_interval", "birthday"]


def test_deliveries_are_the_customers_rows_and_none_is_an_empty_frame():
    deliveries = pd.DataFrame({"delivery_id": ["D1", "D2"], "customer_id": ["C0002", "C0001"]})
    assert customer_card(customer(), COLUMNS, contacts(), due(), deliveries).deliveries["delivery_id"].tolist() == [
        "D2"
    ]
    assert customer_card(customer(), COLUMNS, None, None, None).deliveries.empty
