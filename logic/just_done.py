"""Two people, one item: who did a follow-up while another person was logging it too.

When two browsers log the same follow-up at once, both contacts are written (each is a real
call or visit). The second person is told that the item had just been done, by whom and at
what time, from the workbook as it stood just before their own write: the item no longer in
its due list, and the customer's contact entered last (the one tagged with the item's kind,
when there is one) is the one that did it.
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
    tagged = mine[mine["followup_kind"] == kind] if "followup_kind" in mine.columns else mine.iloc[:0]
    pick = tagged if not tagged.empty else mine
    if "_row" in pick.columns:
        pick = pick.sort_values("_row", kind="stable")  # the order rows were entered in
    last = pick.iloc[-1]
    by = cell_text(last.get("recorded_by")) or cell_text(last.get("consultant"))
    at = cell_text(last.get("time")) or cell_text(last.get("date"))[:10]
    return JustDone(by=by, at=at)
