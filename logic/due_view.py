"""What the follow-ups due (跟进到期) screen shows: whose list, the figures, the customer cards and what they may undo.

The due list itself is `logic.followups.due_followups`; this module decides on top of it:
- the names offered: active staff, then anyone owning a customer; reassignment goes to
  consultants (everyone when the staff sheet names no consultant);
- the figures: items due today, overdue, upcoming, and customers, of the list as filtered;
- the cards: one per customer, `PER_PAGE` a screen page;
- a customer without an ID is found by its phone ("#phone"), and is written by that phone;
- a card's tries, with the time of the last no-answer; the promised day (the `next_contact` item);
- a contact row may be taken back (voided) only by its author on the day it was entered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

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


def reassign_targets(consultants: Sequence[str], owner: str) -> list[str]:
    """The consultants a customer can be handed to: everyone but its owner."""
    return [n for n in consultants if n != owner]


# --------------------------------------------------------------------------- one customer's card


@dataclass(frozen=True)
class Card:
    """What one customer's due card shows: who, how to reach them, the open items, the tries, the promise."""

    key: str  # `customer_key`
    customer_id: str | None
    name: str
    phone: str
    grade: str
    consultant: str  # the customer's own consultant ("" when none)
    items: pd.DataFrame  # the customer's open items, most urgent first (may be empty)
    attempts: int  # no-answer tries on the most tried item
    last_attempt: date | None
    out_of_contact: bool
    promised: date | None  # the day promised to the customer (the `next_contact` item's day)

    @property
    def late(self) -> bool:
        return bool((self.items["overdue_days"] > 0).any()) if len(self.items) else False

    @property
    def kinds(self) -> list[str]:
        return [str(k) for k in self.items["kind"]] if len(self.items) else []


def card(group: pd.DataFrame) -> Card:
    """The card of one customer's group of due items (`followups.by_customer`)."""
    first = group.iloc[0]
    tried = group[group["attempts"] > 0]
    last = max((d for d in tried["last_attempt"] if d is not None and not pd.isna(d)), default=None)
    promise = group.loc[group["kind"] == "next_contact", "due"]
    return Card(
        key=customer_key(group),
        customer_id=cell_text(first["customer_id"]) or None,
        name=cell_text(first["customer"]),
        phone=cell_text(first["phone"]),
        grade=cell_text(first["grade"]),
        consultant=cell_text(first["customer_consultant"]),
        items=group,
        attempts=int(group["attempts"].max()) if len(group) else 0,
        last_attempt=last,
        out_of_contact=bool(group["out_of_contact"].any()),
        promised=promise.iloc[0] if len(promise) else None,
    )


def digits(phone: str) -> str:
    """The digits of a phone number (a leading + kept), for a tel: link; "" when it has none."""
    kept = "".join(ch for ch in phone if ch.isdigit())
    return ("+" + kept if phone.strip().startswith("+") else kept) if kept else ""


# --------------------------------------------------------------------------- tries and taking back


def _entry_day(contacts: pd.DataFrame) -> pd.Series:
    """The day each row was entered: its `recorded_at` day, else its own date."""
    entered = pd.to_datetime(contacts["recorded_at"], errors="coerce") if "recorded_at" in contacts else None
    dated = pd.to_datetime(contacts["date"], errors="coerce")
    day = dated if entered is None else entered.fillna(dated)
    return day.dt.date


def _live(contacts: pd.DataFrame) -> pd.Series:
    """Rows not voided (a blank void cell is a live row)."""
    if "void" not in contacts:
        return pd.Series(True, index=contacts.index)
    return ~contacts["void"].fillna(False).astype(bool)


def last_tries(contacts: pd.DataFrame, customer_ids: Iterable[str]) -> dict[str, tuple[date, str]]:
    """Per customer, the day and time ("HH:MM", "" when not recorded) of the latest live no-answer contact."""
    wanted = set(customer_ids)
    if not wanted or "outcome" not in contacts or contacts.empty:
        return {}
    tried = contacts["outcome"].eq("no_answer").fillna(False)
    rows = contacts[tried & _live(contacts) & contacts["customer_id"].isin(wanted).fillna(False)]
    out: dict[str, tuple[date, str]] = {}
    for cid, day, time in zip(rows["customer_id"], pd.to_datetime(rows["date"]), rows["time"], strict=True):
        when = (day.date(), cell_text(time))
        if cid not in out or when > out[cid]:
            out[str(cid)] = when
    return out


def own_today(contacts: pd.DataFrame, who: str | None, today: date) -> pd.DataFrame:
    """The live contact rows `who` entered on `today`, latest last: the rows they may still take back."""
    if not who or contacts.empty or "recorded_by" not in contacts:
        return contacts.iloc[0:0]
    by = contacts["recorded_by"].eq(who).fillna(False)
    mine = contacts[by & _live(contacts) & contacts["contact_id"].notna()]
    return mine[_entry_day(mine) == today]


def void_refusal(contacts: pd.DataFrame, contact_id: str, who: str | None, today: date) -> str | None:
    """Why `who` may not take back the contact row `contact_id` today (an i18n key), or None when they may.

    Only its author, on the day it was entered: another person's row, or yesterday's, is a record to correct
    in the workbook, not a mis-tap."""
    row = contacts[contacts["contact_id"] == contact_id]
    if row.empty:
        return "cards.void.not_found"
    if not bool(_live(row).iloc[0]):
        return "cards.void.already"
    if not who or cell_text(row["recorded_by"].iloc[0]) != who:
        return "cards.void.not_yours"
    if _entry_day(row).iloc[0] != today:
        return "cards.void.not_today"
    return None
