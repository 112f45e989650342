"""Two people, one item: who did a follow-up while another person was logging it too.

When two browsers log the same follow-up at once, both contacts are written (each is a real
call or visit). The second person is told that the item had just been done, by whom and at
what time, from the workbook as it stood just before their own write: the item no longer in
its due list, and the customer's contact entered last (the one tagged with the item's kind,
when there is one that day) is the one that did it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from logic.cells import cell_text


@dataclass(frozen=True)
class JustDone:
    """The contact that completed an item meanwhile: who entered it and when ("HH:MM", else its date)."""

    by: str
    at: str


def just_done(contacts: pd.DataFrame, due: pd.DataFrame, customer_id: str, kind: str) -> JustDone | None:
    """Who completed the customer's item of `kind`, or None while `due` (the current due list) still holds it."""
    if ((due["customer_id"] == customer_id) & (due["kind"] == kind)).any():
        return None
    mine = contacts[contacts["customer_id"] == customer_id]
    if mine.empty:
        return None
    if "_row" in mine.columns:
        mine = mine.sort_values("_row", kind="stable")  # the order rows were entered in
    # only the day of the contact entered last: a contact tagged with the item days ago did an earlier round of
    # it (a card with several items writes its contact untagged), not the one just done
    recent = mine[mine["date"] == mine.iloc[-1]["date"]] if "date" in mine.columns else mine
    recent = recent if not recent.empty else mine
    tagged = recent[recent["followup_kind"] == kind] if "followup_kind" in recent.columns else recent.iloc[:0]
    pick = tagged if not tagged.empty else recent
    last = pick.iloc[-1]
    by = cell_text(last.get("recorded_by")) or cell_text(last.get("consultant"))
    at = cell_text(last.get("time")) or cell_text(last.get("date"))[:10]
    return JustDone(by=by, at=at)
