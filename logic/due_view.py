"""What the follow-ups due (跟进到期) screen shows: whose list, the figures, the customer cards, one item to act on.

The due list itself is `logic.followups.due_followups`; this module decides on top of it:
- the names offered: active staff, then anyone owning a customer; reassignment goes to
  consultants (everyone when the staff sheet names no consultant);
- the figures: items due today, overdue, upcoming, and customers, of the list as filtered;
- the cards: one per customer, `PER_PAGE` a screen page;
- a customer without an ID is found by its phone ("#phone"), and is written by that phone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from logic import followups as fu
from logic.cells import cell_text

PER_PAGE = 50  # customers per screen page
LOG_TYPES: tuple[str, ...] = ("call", "message", "visit", "home_visit", "test_drive", "quote", "other")


def staff_names(roles: Mapping[str, str], owners: Iterable[object]) -> tuple[list[str], list[str]]:
    """(everyone to filter by, consultants to reassign to): staff in sheet order, then other customer owners."""
    names = list(dict.fromkeys([*roles, *(str(n) for n in owners if n is not None and not pd.isna(n))]))
    consultants = [n for n in names if roles.get(n, "consultant") == "consultant"] or names
    return names, consultants


@dataclass(frozen=True)
class DueView:
    """The due screen for one filter."""

    mine: pd.DataFrame  # the list with kind and overdue filters, every owner (for the per-consultant table)
    shown: pd.DataFrame  # ... and only the chosen owner's
    groups: list[pd.DataFrame]  # shown, one frame per customer

    def count(self, when: str) -> int:
        """Items shown due "today", "overdue" or "upcoming"."""
        days = self.shown["overdue_days"]
        mask = {"today": days == 0, "overdue": days > 0, "upcoming": days < 0}[when]
        return int(mask.sum())

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.groups) // PER_PAGE))

    def page(self, number: int) -> list[pd.DataFrame]:
        """The customers on screen page `number` (from 1)."""
        return self.groups[(number - 1) * PER_PAGE : number * PER_PAGE]


def due_view(
    due: pd.DataFrame, *, consultant: str | None, kinds: Sequence[str] = (), overdue_only: bool = False
) -> DueView:
    """The due list as filtered: some kinds, only overdue ones, one owner (None: everyone)."""
    mine = fu.filter_items(due, kinds=kinds, overdue_only=overdue_only)
    shown = fu.filter_items(mine, consultant=consultant)
    return DueView(mine, shown, fu.by_customer(shown))


def customer_key(group: pd.DataFrame) -> str:
    """A card's key: the customer ID, else "#" and the phone."""
    first = group.iloc[0]
    return cell_text(first["customer_id"]) or f"#{cell_text(first['phone'])}"


def by_key(groups: Iterable[pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The cards by `customer_key`, in order; of two cards with one key (same phone, no ID) the first."""
    out: dict[str, pd.DataFrame] = {}
    for group in groups:
        out.setdefault(customer_key(group), group)
    return out


@dataclass(frozen=True)
class DueItem:
    """One item picked to act on, with what a write needs to find its customer."""

    row: pd.Series
    customer_id: str | None
    key: dict[str, str]  # {"customer_id": ...}, or {"phone": ...} for a card without an ID
    owner: str  # the customer's own consultant ("" when none)

    def text(self, column: str) -> str:
        return cell_text(self.row[column])


def due_item(group: pd.DataFrame, kind: str) -> DueItem:
    """The customer's item of `kind`."""
    row = group[group["kind"] == kind].iloc[0]
    cid = cell_text(row["customer_id"]) or None
    key = {"customer_id": cid} if cid else {"phone": cell_text(row["phone"])}
    return DueItem(row, cid, key, cell_text(row["customer_consultant"]))


def reassign_targets(consultants: Sequence[str], owner: str) -> list[str]:
    """The consultants a customer can be handed to: everyone but its owner."""
    return [n for n in consultants if n != owner]
