"""Finding a customer card: by name, by four or more digits of a phone, or by customer ID; and who owns a phone.

How a query is read (the search box of every page):
- a customer ID (`C0012`, any case; `c12` finds `C0012` too): that card;
- only digits and a phone's separators (spaces, dashes, dots, brackets, a leading +): the
  cards whose phone holds those digits one after another anywhere ("5678" finds
  138 1234 5678); fewer than `MIN_DIGITS` digits find nothing (too many phones share them);
- anything else: the cards whose name holds the query (Latin letters in any case).
A card without an ID is found like any other; its reference is "#" and its phone digits, as
on the due page.

Who owns a phone (the duplicate check when a card is made) is logic.ownership's first-contact rule,
the same the check page applies.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from logic import ownership
from logic.cells import cell_text

MIN_DIGITS = 4
LIMIT = 50  # results shown; the count says how many matched

_ID = re.compile(r"^\s*([A-Za-z])\s*0*(\d+)\s*$")
_PHONE_LIKE = re.compile(r"^[\s\d+\-.()（）]+$")
_NOT_DIGIT = re.compile(r"\D")
RESULT_COLUMNS: tuple[str, ...] = ("ref", "customer_id", "name", "phone", "consultant", "grade", "last_contact")


def digits(text: object) -> str:
    """The digits of a phone as typed ("+86 138-1234-5678" -> "8613812345678")."""
    return _NOT_DIGIT.sub("", cell_text(text))


def same_phone(text: object) -> str:
    """The digits that identify a mobile: without China's country code (86 / 0086) before an 11-digit number."""
    d = digits(text)
    for prefix in ("0086", "86"):
        if d.startswith(prefix) and len(d) == len(prefix) + 11 and d[len(prefix)] == "1":
            return d[len(prefix) :]
    return d


def customer_ref(customer_id: object, phone: object) -> str:
    """The reference a card is opened by: its ID, else "#" and its phone's digits (a card typed without an ID)."""
    cid = cell_text(customer_id).strip()
    return cid if cid else "#" + digits(phone)


@dataclass(frozen=True)
class SearchResult:
    """The cards a query found: `how` it was read ("id", "phone", "name"; "empty", "few_digits" find none)."""

    how: str
    rows: pd.DataFrame  # RESULT_COLUMNS, at most `LIMIT`, best first
    total: int  # how many matched in all

    @property
    def more(self) -> int:
        """How many matched beyond those listed."""
        return self.total - len(self.rows)


def read_query(query: str) -> tuple[str, str]:
    """(how, what): how a query is read and the text to look for (the ID's number, the digits, the name)."""
    q = query.strip()
    if not q:
        return "empty", ""
    if _ID.match(q) and not q[0].isdigit():
        return "id", q
    if _PHONE_LIKE.match(q):
        d = same_phone(q)  # "+86 138…" finds the 138… typed without the country code
        return ("phone", d) if len(d) >= MIN_DIGITS else ("few_digits", d)
    return "name", q


def _id_mask(ids: pd.Series, query: str) -> pd.Series:
    m = _ID.match(query)
    assert m is not None
    prefix, number = m.group(1).upper(), m.group(2).lstrip("0") or "0"
    text = ids.astype("string").str.strip().str.upper()
    digits_part = text.str.slice(1)
    same_number = (
        (text.str.slice(0, 1) == prefix)
        & digits_part.str.isdigit()
        & ((digits_part.str.lstrip("0").replace("", "0")) == number)
    )
    return (same_number | (text == query.strip().upper())).fillna(False).astype(bool)


def search(customers: pd.DataFrame, contacts: pd.DataFrame | None, query: str, *, limit: int = LIMIT) -> SearchResult:
    """The cards `query` finds (see the module's docstring), most recently contacted first."""
    how, what = read_query(query)
    if how in ("empty", "few_digits") or customers.empty:
        return SearchResult(how, pd.DataFrame(columns=list(RESULT_COLUMNS)), 0)
    if how == "id":
        mask = _id_mask(customers["customer_id"], what)
    elif how == "phone":
        mask = customers["phone"].astype("string").str.replace(r"\D", "", regex=True).str.contains(what, regex=False)
    else:
        names = customers["name"].astype("string").str.casefold()
        mask = names.str.contains(what.casefold(), regex=False)
    found = customers[mask.fillna(False).astype(bool)]
    ids = found["customer_id"].astype("string").str.strip()
    last = _latest_days(contacts, ids).reindex(ids.fillna("").to_numpy())
    order = pd.DataFrame({"last": last.to_numpy()}, index=found.index)
    keys = ["last"]
    if how == "name":  # a name found whole before one found inside a longer name
        order["exact"] = (found["name"].astype("string").str.casefold() == what.casefold()).fillna(False).to_numpy()
        keys = ["exact", "last"]
    top = found.loc[order.sort_values(keys, ascending=False, na_position="last", kind="stable").index[:limit]]
    lasts = _latest_days(contacts, top["customer_id"].astype("string").str.strip())
    rows = pd.DataFrame(
        {
            "ref": [customer_ref(i, p) for i, p in zip(top["customer_id"], top["phone"], strict=True)],
            "customer_id": [cell_text(v).strip() for v in top["customer_id"]],
            "name": [cell_text(v) for v in top["name"]],
            "phone": [cell_text(v) for v in top["phone"]],
            "consultant": [cell_text(v) for v in top["consultant"]],
            "grade": [cell_text(v) for v in top["grade"]],
        }
    )
    rows["last_contact"] = [_day(lasts.get(cid)) for cid in rows["customer_id"]]
    return SearchResult(how, rows, len(found))


def _day(value: object) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _live(contacts: pd.DataFrame) -> pd.DataFrame:
    """Contact rows that count: a voided row counts for nothing."""
    if "void" not in contacts.columns:
        return contacts
    return contacts[~contacts["void"].fillna(False).astype(bool)]


def _latest_days(contacts: pd.DataFrame | None, ids: pd.Series) -> pd.Series:
    """Customer ID -> the date of its latest contact row that is not voided, for the IDs given."""
    if contacts is None or contacts.empty or ids.empty:
        return pd.Series(dtype="datetime64[ns]")
    wanted = ids.dropna().unique()
    mine = contacts[contacts["customer_id"].isin(wanted)] if len(wanted) < 1000 else contacts  # else: all is as quick
    return _live(mine).groupby("customer_id")["date"].max()


def last_contacts(contacts: pd.DataFrame | None, customer_ids: Sequence[str]) -> list[date | None]:
    """The day of each customer's latest contact row that is not voided (None when there is none)."""
    latest = _latest_days(contacts, pd.Series(list(customer_ids), dtype="string"))
    return [_day(latest.get(cid)) if cid else None for cid in customer_ids]


# --------------------------------------------------------------------------- who owns a phone


@dataclass(frozen=True)
class PhoneOwner:
    """The cards already holding a phone and whose customer it is by first contact."""

    owner: str  # the consultant of the earliest card; the manager on a tie ("" when no manager is known)
    ref: str  # the card to open instead: the earliest one
    name: str  # that card's customer name
    tie: bool  # two consultants' cards share the earliest first contact
    cards: list[str] = field(default_factory=list)  # every card sharing the phone, earliest first


def phone_owner(
    customers: pd.DataFrame, contacts: pd.DataFrame | None, phone: str, managers: Sequence[str] = ()
) -> PhoneOwner | None:
    """Who owns `phone` among the existing cards (None when no card has it), by logic.ownership's rule."""
    if len(same_phone(phone)) < MIN_DIGITS or customers.empty:
        return None
    found = ownership.phone_cards(customers, contacts if contacts is not None else customers.iloc[0:0], phone)
    if found is None:
        return None
    first = found.cards[0]
    tie = found.owner is None and len(found.consultants) > 1
    owner = (managers[0] if managers else "") if tie else (found.owner or first.consultant)
    refs = [customer_ref(c.customer_id, phone) for c in found.cards]
    return PhoneOwner(owner=owner, ref=refs[0], name=first.name, tie=tie, cards=refs)


def find_ref(customers: pd.DataFrame, ref: str) -> pd.Series | None:
    """The customer row a reference names (an ID, or "#" and phone digits), None when none does."""
    if not ref:
        return None
    if ref.startswith("#"):
        blank_id = customers["customer_id"].map(lambda v: not cell_text(v).strip())
        hits = customers[blank_id & (customers["phone"].map(digits) == ref[1:])]
    else:
        hits = customers[customers["customer_id"].astype("string").str.strip() == ref]
    return None if hits.empty else hits.iloc[0]
