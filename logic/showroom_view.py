"""What the front-desk page decides: a new log row's cells, the rows it offers to sign out or to link, the cards offered.

- a new row needs a time in as HH:MM and, when a phone is typed, 11 digits (a leading +86 or spaces are dropped);
- a typed phone that is exactly one card's links the row to that card (its customer ID is written);
- a visit with a time in and no time out is still in the showroom and can be signed out;
- today's rows with no customer can be taken over by a card: today's new cards are offered, then the cards
  contacted today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from logic.cells import cell_text
from logic.showroom import customer_of

TIME_OF_DAY = re.compile(r"([01]?\d|2[0-3]):[0-5]\d")


def clean_phone(text: str | None) -> str | None:
    """The phone as digits (spaces, dashes and a leading +86 dropped); None when blank."""
    digits = re.sub(r"[\s\-()]", "", text or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    return digits or None


def entry_problem(time_in: str | None, phone: str | None) -> str | None:
    """Why a new row cannot be saved ("bad_time", "bad_phone"), or None."""
    if not TIME_OF_DAY.fullmatch((time_in or "").strip()):
        return "bad_time"
    digits = clean_phone(phone)
    if digits is not None and not re.fullmatch(r"1\d{10}", digits):
        return "bad_phone"
    return None


def entry_values(customers: pd.DataFrame, **typed: Any) -> dict[str, Any]:
    """The cells of a new log row from the form (blanks left out), linked to the card its phone belongs to."""
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in typed.items()}
    values["phone"] = clean_phone(values.get("phone"))
    values["time_in"] = values["time_in"].zfill(5)
    values["customer_id"] = customer_of(values["phone"], customers)
    return {k: v for k, v in values.items() if v not in (None, "")}


@dataclass(frozen=True)
class CardChoice:
    """A card offered to take over a log row: its ID and the label shown ("name · phone tail · consultant")."""

    customer_id: str
    label: str


def card_choices(customers: pd.DataFrame, contacts: pd.DataFrame, day: date) -> list[CardChoice]:
    """Cards made on `day`, then cards contacted on `day`, each once."""
    made = customers.loc[pd.to_datetime(customers["first_contact"], errors="coerce").dt.date.eq(day)]
    met_ids = contacts.loc[pd.to_datetime(contacts["date"], errors="coerce").dt.date.eq(day), "customer_id"]
    met = customers.loc[customers["customer_id"].isin(list(met_ids.dropna())).fillna(False).astype(bool)]
    out: dict[str, CardChoice] = {}
    for _, r in pd.concat([made, met]).iterrows():
        cid = cell_text(r["customer_id"])
        if cid and cid not in out:
            parts = (cell_text(r["name"]), cell_text(r["phone"])[-4:], cell_text(r["consultant"]))
            out[cid] = CardChoice(cid, " · ".join(p for p in parts if p))
    return list(out.values())
