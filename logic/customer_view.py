"""What a customer's card shows: the record, every contact newest first, the open follow-up items, deliveries.

- The record: every column of the customer row that holds a value, in the sheet's order.
- Contacts: the rows of that customer (by ID; a card without an ID by its phone), newest first
  (date, then time, then the order typed); a voided row is listed and marked, never left out.
- Open items: the rows of the due list (`logic.followups.due_followups`, as the due page has
  it) that belong to the customer.
- Deliveries: the customer's rows of the deliveries sheet, as they stand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from logic.cells import cell_text
from logic.customer_search import customer_ref, digits

CONTACT_COLUMNS: tuple[str, ...] = ("date", "time", "type", "outcome", "result", "recorded_by", "void")


@dataclass(frozen=True)
class CustomerCard:
    """One customer's card, every part as plain data for the page to draw."""

    ref: str
    customer_id: str
    name: str
    phone: str
    consultant: str
    grade: str
    record: list[tuple[str, object]]  # (column key, value) of every column holding a value
    contacts: pd.DataFrame  # CONTACT_COLUMNS (void as a bool), newest first
    items: pd.DataFrame  # the customer's rows of the due list
    deliveries: pd.DataFrame  # the customer's rows of the deliveries sheet


def _filled(value: object) -> bool:
    return cell_text(value).strip() != ""


def _mine(frame: pd.DataFrame | None, customer_id: str, phone: str, *, by_phone: bool) -> pd.DataFrame:
    if frame is None or frame.empty or "customer_id" not in frame.columns:
        return pd.DataFrame() if frame is None else frame.iloc[0:0]
    if customer_id:
        return frame[frame["customer_id"].astype("string").str.strip() == customer_id]
    if not by_phone or "phone" not in frame.columns or not phone:
        return frame.iloc[0:0]
    blank = frame["customer_id"].map(lambda v: not _filled(v))
    return frame[blank & (frame["phone"].map(digits) == digits(phone))]


def contact_rows(contacts: pd.DataFrame | None, customer_id: str, phone: str) -> pd.DataFrame:
    """The customer's contact rows, newest first, in `CONTACT_COLUMNS` (void as True/False)."""
    mine = _mine(contacts, customer_id, phone, by_phone=True)
    out = pd.DataFrame({c: mine[c] if c in mine.columns else pd.NA for c in CONTACT_COLUMNS}, index=mine.index)
    out["void"] = out["void"].fillna(False).astype(bool)
    out["_time"] = out["time"].map(cell_text)
    out["_order"] = range(len(out))
    out = out.sort_values(["date", "_time", "_order"], ascending=False, na_position="last", kind="stable")
    return out.drop(columns=["_time", "_order"]).reset_index(drop=True)


def customer_card(
    row: pd.Series,
    columns: Sequence[str],
    contacts: pd.DataFrame | None,
    due: pd.DataFrame | None,
    deliveries: pd.DataFrame | None,
) -> CustomerCard:
    """The card of the customer `row` (a row of the customers frame; `columns` the sheet's column keys in order)."""
    cid = cell_text(row.get("customer_id")).strip()
    phone = cell_text(row.get("phone"))
    record = [(c, row.get(c)) for c in columns if c in row.index and _filled(row.get(c))]
    items = _mine(due, cid, phone, by_phone=True)
    if not items.empty and "due" in items.columns:
        items = items.sort_values("due", kind="stable")
    return CustomerCard(
        ref=customer_ref(cid, phone),
        customer_id=cid,
        name=cell_text(row.get("name")),
        phone=phone,
        consultant=cell_text(row.get("consultant")),
        grade=cell_text(row.get("grade")),
        record=record,
        contacts=contact_rows(contacts, cid, phone),
        items=items.reset_index(drop=True),
        deliveries=_mine(deliveries, cid, phone, by_phone=False).reset_index(drop=True),
    )
