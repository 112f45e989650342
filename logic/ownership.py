"""First-contact ownership (首问负责制): whose customer a phone shared by several cards is, and what a merge touches.

The rules, in the manager's words:
- Cards are the same customer when their phones hold the same digits (spaces, dashes and a
  leading +86 do not count). A card merged into another (`merged_into` filled) counts nowhere.
- A card's first contact is its earliest contact row that is not void (date, then time); a card
  without such a row has the first-contact date written on the card, time unknown.
- The rightful owner is the consultant of the card with the earliest first contact. When two
  cards of different consultants share that earliest moment (or its time is not known for one
  of them), it is a tie and the manager decides.
- Several cards for one phone under the one consultant are a duplicate card: one should be
  merged into the other.
- A hand-back moves every card of the phone not under the owner to the owner (a reassignment).
- A merge points every row that names the merged card (contacts, deliveries, plans, lost sales,
  reschedules, reassignments, every sheet with a customer ID) at the surviving card.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import cycle
from typing import Any

import pandas as pd

from workbook import schema

# every sheet whose rows point at a customer by ID: a merge rewrites them all
REFERENCING_SHEETS: tuple[str, ...] = tuple(
    s.key for s in schema.SHEETS if s.key != "customers" and "customer_id" in s.column_keys()
)


@dataclass(frozen=True)
class Card:
    """One customer card among those sharing a phone, with its first contact."""

    customer_id: str
    name: str
    consultant: str
    first_day: date | None
    first_time: str | None  # "HH:MM", None when not known
    row: int  # Excel row on the customers sheet


@dataclass(frozen=True)
class Conflict:
    """Cards sharing one phone: the rightful owner (None: a tie, the manager decides) and what is wrong."""

    phone: str
    cards: tuple[Card, ...]  # earliest first contact first
    owner: str | None  # the rightful consultant
    owner_card: str | None  # the card whose first contact makes the owner

    @property
    def consultants(self) -> tuple[str, ...]:
        """The consultants the cards are under, in the cards' order."""
        return tuple(dict.fromkeys(c.consultant for c in self.cards))

    @property
    def shared(self) -> bool:
        """Whether the cards are under more than one consultant (a hand-back is due)."""
        return len(self.consultants) > 1

    @property
    def duplicate(self) -> bool:
        """Whether one consultant has several cards for the phone (a merge is due)."""
        return len(self.consultants) < len(self.cards)

    def others(self) -> tuple[Card, ...]:
        """The cards that are not the owner's card."""
        return tuple(c for c in self.cards if c.customer_id != self.owner_card)

    def to_hand_back(self) -> tuple[Card, ...]:
        """The cards under another consultant than the owner (none while it is a tie)."""
        return tuple(c for c in self.cards if self.owner is not None and c.consultant != self.owner)


def phone_digits(value: object) -> str:
    """The digits of a phone, without a leading 86 country code on a Chinese mobile number."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    digits = "".join(ch for ch in str(value) if ch.isdigit())
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    return digits


def merged_mask(customers: pd.DataFrame) -> pd.Series:
    """True for the cards merged into another (they count nowhere)."""
    if "merged_into" not in customers:
        return pd.Series(False, index=customers.index)
    filled = customers["merged_into"].notna()
    if not filled.any():  # the usual case: nothing merged, nothing to look at
        return filled
    text = customers["merged_into"].astype("string").str.strip()
    return text.notna() & (text != "")


def live_customers(customers: pd.DataFrame) -> pd.DataFrame:
    """The customers sheet without the cards merged into another."""
    mask = merged_mask(customers)
    return customers if not mask.any() else customers.loc[~mask]


def _text(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def _day(value: Any) -> date | None:
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value if isinstance(value, date) else None


def first_contacts(contacts: pd.DataFrame, ids: Iterable[str]) -> dict[str, tuple[date, str | None]]:
    """Each card's earliest contact that is not void, as (date, "HH:MM" or None), among `ids`."""
    wanted = set(ids)
    out: dict[str, tuple[date, str | None]] = {}
    if contacts.empty or not wanted:
        return out
    rows = contacts[contacts["customer_id"].isin(wanted)]
    if "void" in rows:
        rows = rows[~rows["void"].fillna(False).astype(bool)]
    for cid, day, t in zip(rows["customer_id"], rows["date"], rows["time"], strict=True):
        d = _day(day)
        if d is None:
            continue
        moment = (d, _text(t) or None)
        best = out.get(cid)
        if best is None or _earlier(moment, best):
            out[cid] = moment
    return out


def _earlier(a: tuple[date, str | None], b: tuple[date, str | None]) -> bool:
    """Whether moment `a` is known to come before `b` (an unknown time on the same day is not earlier)."""
    if a[0] != b[0]:
        return a[0] < b[0]
    return a[1] is not None and b[1] is not None and a[1] < b[1]


def conflicts(customers: pd.DataFrame, contacts: pd.DataFrame) -> list[Conflict]:
    """Every phone held by more than one live card, with its rightful owner, ordered by phone."""
    live = live_customers(customers)
    # only phones held more than once are looked at one by one (the sheet may hold a few hundred thousand)
    digits_all = live["phone"].astype("string").str.replace(r"\D", "", regex=True)
    country = digits_all.str.len().eq(13) & digits_all.str.startswith("86")
    digits_all = digits_all.where(~country.fillna(False), digits_all.str.slice(2))
    repeated = (digits_all.fillna("") != "") & digits_all.duplicated(keep=False)
    live = live.loc[repeated.to_numpy(dtype=bool)]
    groups: dict[str, list[Card]] = {}
    for card, digits in zip(_cards(live, contacts, named_only=True), live["phone"].map(phone_digits), strict=True):
        if digits and card is not None:
            groups.setdefault(digits, []).append(card)
    return [_judge(phone, groups[phone]) for phone in sorted(groups) if len(groups[phone]) > 1]


def phone_cards(customers: pd.DataFrame, contacts: pd.DataFrame, phone: str) -> Conflict | None:
    """The live cards holding `phone` (one or more, a card without an ID among them), judged like `conflicts`:
    the rightful owner by first contact; None when no card holds it (the duplicate check at entry)."""
    wanted = phone_digits(phone)
    if not wanted:
        return None
    live = live_customers(customers)
    plain = live["phone"].astype("string").str.replace(r"\D", "", regex=True)
    near = live.loc[plain.str.contains(wanted, regex=False).fillna(False).to_numpy(dtype=bool)]  # few exact checks
    hits = near.loc[(near["phone"].map(phone_digits) == wanted).to_numpy(dtype=bool)]
    if hits.empty:
        return None
    return _judge(wanted, [c for c in _cards(hits, contacts, named_only=False) if c is not None])


def _cards(rows: pd.DataFrame, contacts: pd.DataFrame, *, named_only: bool) -> list[Card | None]:
    """A Card per customers row, with its first contact (from the contacts, else the first-contact column);
    None for a row without an ID when `named_only`."""
    ids = [_text(c) for c in rows["customer_id"]]
    firsts = first_contacts(contacts, (c for c in ids if c))
    excel_rows = rows["_row"] if "_row" in rows.columns else pd.Series(0, index=rows.index)
    out: list[Card | None] = []
    for cid, name, consultant, first, row in zip(
        ids, rows["name"], rows["consultant"], rows["first_contact"], excel_rows, strict=True
    ):
        if named_only and not cid:
            out.append(None)
            continue
        day, at = firsts.get(cid, (_day(first), None)) if cid else (_day(first), None)
        out.append(Card(cid, _text(name), _text(consultant), day, at, int(row)))
    return out


def _judge(phone: str, cards: list[Card]) -> Conflict:
    """The owner among cards sharing `phone`: the earliest first contact, a tie to the manager."""
    known = [c for c in cards if c.first_day is not None]
    ordered = sorted(known, key=lambda c: (c.first_day, c.first_time or "99:99", c.row)) + [
        c for c in cards if c.first_day is None
    ]
    if not known:
        return Conflict(phone, tuple(ordered), None, None)
    first = ordered[0]
    moment = (first.first_day, first.first_time)
    rivals = [c for c in known if c is not first and not _earlier(moment, (c.first_day, c.first_time))]  # type: ignore[arg-type]
    if any(c.consultant != first.consultant for c in rivals):
        return Conflict(phone, tuple(ordered), None, None)
    return Conflict(phone, tuple(ordered), first.consultant, first.customer_id)


@dataclass(frozen=True)
class References:
    """The rows that point at one customer card: IDs by sheet, and rows without an ID (they block a merge)."""

    ids: dict[str, list[str]]
    without_id: list[tuple[str, int]]  # (sheet key, Excel row)

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.ids.values())


def references(frames: dict[str, pd.DataFrame], customer_id: str) -> References:
    """Every row of every sheet with a customer ID column that names `customer_id`."""
    ids: dict[str, list[str]] = {}
    without: list[tuple[str, int]] = []
    for key in REFERENCING_SHEETS:
        frame = frames.get(key)
        id_col = schema.sheet(key).id_column
        if frame is None or frame.empty or "customer_id" not in frame or id_col is None:
            continue
        rows = frame[frame["customer_id"].astype("string").str.strip() == customer_id]
        for row_id, row in zip(rows[id_col], rows["_row"], strict=True):
            if _text(row_id):
                ids.setdefault(key, []).append(_text(row_id))
            else:
                without.append((key, int(row)))
    return References(ids, without)


def spread(customer_ids: Sequence[str], consultants: Sequence[str]) -> list[tuple[str, str]]:
    """The customers dealt out to the consultants in turn (round-robin), in the given orders."""
    if not consultants:
        return []
    return list(zip(customer_ids, cycle(consultants), strict=False))
