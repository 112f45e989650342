"""Who did a follow-up while someone else was logging it too (logic.just_done)."""

from __future__ import annotations

import pandas as pd
import pytest

from logic.just_done import JustDone, just_done

CONTACTS = pd.DataFrame(
    {
        "customer_id": ["C1", "C1", "C2", "C1"],
        "date": pd.to_datetime(["2026-11-20", "2026-11-22", "2026-11-22", "2026-11-22"]),
        "time": ["09:00", "10:15", "10:20", pd.NA],
        "consultant": ["李娜", "李娜", "赵敏", "赵敏"],
        "followup_kind": ["new_lead_24h", "new_lead_24h", pd.NA, pd.NA],
        "recorded_by": [pd.NA, "王经理", "赵敏", pd.NA],
        "_row": [2, 3, 4, 5],
    }
)
NOTHING_DUE = pd.DataFrame({"customer_id": ["C2"], "kind": ["birthday"]})


@pytest.mark.parametrize(
    ("situation", "due", "customer", "kind", "expected"),
    [
        ("still due: nobody did it", pd.DataFrame({"customer_id": ["C1"], "kind": ["grade_interval"]}),
         "C1", "grade_interval", None),
        ("done: the contact tagged with the item, entered last", NOTHING_DUE, "C1", "new_lead_24h",
         JustDone(by="王经理", at="10:15")),
        ("done by an untagged contact: the customer's last, by its consultant and date", NOTHING_DUE,
         "C1", "grade_interval", JustDone(by="赵敏", at="2026-11-22")),
        ("a customer without contacts: nobody to name", NOTHING_DUE, "C9", "new_lead_24h", None),
    ],
)  # fmt: skip
def test_who_did_the_item(situation, due, customer, kind, expected):
    assert just_done(CONTACTS, due, customer, kind) == expected, situation


def test_an_older_round_tagged_with_the_item_is_not_taken_for_todays_untagged_contact():
    # a card with several items writes its contact untagged; the item's own tag two weeks ago was an earlier round
    contacts = pd.DataFrame(
        {
            "customer_id": ["C3", "C3"],
            "date": pd.to_datetime(["2026-11-06", "2026-11-20"]),
            "time": ["14:15", "20:52"],
            "consultant": ["蒋婷", "蒋婷"],
            "followup_kind": ["grade_interval", pd.NA],
            "recorded_by": ["蒋婷", "蒋婷"],
            "_row": [7, 9],
        }
    )
    assert just_done(contacts, NOTHING_DUE, "C3", "grade_interval") == JustDone(by="蒋婷", at="20:52")
