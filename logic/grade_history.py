"""Each customer's lead grade on any day, rebuilt from the rows that record it.

The rule (what the monthly hot-lead table is built on):

- A grade *event* is a contact row with a "grade after" (its date; same-day contacts in
  time, then row order), a deliveries row that is not cancelled (its order date → O; when
  done, its delivery date → D) and a lost row the manager has not left pending or
  rejected (its date → F). Events after `today` are ignored.
- The customers sheet's grade is what the manager edits in Excel: it is an event *today*,
  after every other event, so it always wins for "now"; a grade changed in Excel without a
  contact moves the customer from today on.
- A customer's grade on a day is the grade of their latest event on or before that day.
- Before their first event (but on or after their first contact) a customer holds their
  earliest known hot grade (H/A/B/C among their events, the sheet's included), else C (a
  lead not yet graded is at best C); a customer with no event at all holds the sheet's
  grade since their first contact.
- Before their first contact (or first event, if earlier) a customer did not exist: NA.

Rows find their customer by customer ID, else by a phone number only one customer has.
Internally customers are numbered (`code`, their position) so that 900k contacts sort and
group as integers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from logic.ownership import live_customers
from workbook.schema import HOT_GRADES, sheet

WON: tuple[str, ...] = ("O", "D")
OUT: tuple[str, ...] = ("F", "Z")
# How far along a lead is, for up- and downgrades: out (F/Z) below every hot grade, the hot grades
# in reverse of schema.HOT_GRADES (C < B < A < H), then won (O < D).
RANK: dict[str, int] = {
    **dict.fromkeys(OUT, 0),
    **{g: len(HOT_GRADES) - i for i, g in enumerate(HOT_GRADES)},
    **{g: len(HOT_GRADES) + 1 + i for i, g in enumerate(WON)},
}

# order of same-day events of different origin: contacts, order, delivery, lost, the sheet
_PRIO_CONTACT, _PRIO_ORDER, _PRIO_DELIVERY, _PRIO_LOST, _PRIO_SHEET = 0, 1, 2, 3, 9
_EVENT_COLUMNS = ("code", "date", "prio", "tie", "grade")


def empty_frame(sheet_key: str) -> pd.DataFrame:
    """An empty frame of a sheet in the reader's contract shape (for an absent sheet)."""
    return pd.DataFrame({k: pd.Series(dtype="object") for k in (*sheet(sheet_key).column_keys(), "_row")})


def frame(frames: Mapping[str, pd.DataFrame], key: str) -> pd.DataFrame:
    """The frame of a sheet, or an empty one when the workbook lacks it."""
    df = frames.get(key)
    return empty_frame(key) if df is None else df


def _obj(s: pd.Series) -> pd.Series:
    """Stripped text as plain Python strings, None for missing or blank (hashing arrow strings is slow)."""
    text = s.astype("string").str.strip()
    text = text.mask(text == "")
    return pd.Series(text.to_numpy(dtype=object, na_value=None), index=s.index, dtype=object)


def _day(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s, errors="coerce").dt.normalize().astype("datetime64[ns]")


def customer_keys(customers: pd.DataFrame) -> pd.Series:
    """A key per customer row: its ID, or "#<Excel row>" for a hand-added row without one."""
    ids = _obj(customers["customer_id"])
    rows = "#" + pd.to_numeric(customers["_row"], errors="coerce").astype("Int64").astype(str)
    return ids.where(ids.notna(), rows.astype(object))


def _pa_text(s: pd.Series) -> pa.Array:
    """Stripped text as an arrow array, null for missing or blank (arrow hashes 900k IDs in C++)."""
    text = pc.utf8_trim_whitespace(pa.array(s.astype("string")).cast(pa.large_string()))
    return pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.large_string()), text)


def _positions(values: pa.Array, value_set: pa.Array) -> np.ndarray:
    """Position of each value in `value_set`, -1 where absent or null."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    found = pc.index_in(values, value_set=value_set)
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


@dataclass(frozen=True)
class _Linker:
    """Finds the customer (code = position) of a row: by ID, else by a phone only one customer has."""

    ids: pa.Array
    phones: pa.Array
    phone_codes: np.ndarray

    @classmethod
    def of(cls, customers: pd.DataFrame, keys: pd.Index) -> _Linker:
        phones = _obj(customers["phone"]).reset_index(drop=True)
        codes = pd.Series(np.arange(len(phones)), index=phones.to_numpy(dtype=object))
        codes = codes[codes.index.notna() & ~codes.index.duplicated(keep=False)]
        return cls(
            ids=pa.array(keys.to_numpy(dtype=object), type=pa.large_string()),
            phones=pa.array(codes.index.to_numpy(dtype=object), type=pa.large_string()),
            phone_codes=codes.to_numpy(),
        )

    def codes(self, rows: pd.DataFrame) -> np.ndarray:
        """Customer code per row, -1 where none is found."""
        n = len(rows)
        found = np.full(n, -1, dtype=np.int64)
        if not n:
            return found
        if "customer_id" in rows:
            found = _positions(_pa_text(rows["customer_id"]), self.ids)
        missing = found < 0
        if "phone" in rows and missing.any() and len(self.phones):
            at = _positions(_pa_text(rows["phone"][missing]), self.phones)
            found[missing] = np.where(at >= 0, self.phone_codes[np.maximum(at, 0)], -1)
        return found


def link_rows(rows: pd.DataFrame, customers: pd.DataFrame, keys: pd.Series) -> pd.Series:
    """The customer key of each row (contacts, deliveries, lost, due items): by ID, else by a unique phone."""
    index = pd.Index(keys.to_numpy(dtype=object))
    codes = _Linker.of(customers, index).codes(rows)
    out = np.where(codes >= 0, index.to_numpy(dtype=object)[np.maximum(codes, 0)] if len(index) else None, None)
    return pd.Series(out, index=rows.index, dtype=object)


# the contact columns the hot table reads; the rest is not carried through the sort
_CONTACT_COLUMNS = ("type", "result", "grade_after", "next_date", "_row")


def _minutes(s: pd.Series) -> np.ndarray:
    """Minutes after midnight of "HH:MM" texts, -1 where missing or malformed."""
    text = pa.array(s.astype("string")).cast(pa.large_string())
    if len(text) == 0:
        return np.zeros(0)
    ok = pc.fill_null(pc.match_substring_regex(text, r"^[0-2]?[0-9]:[0-5][0-9]"), False)
    parts = pc.split_pattern(pc.if_else(ok, text, "0:0"), ":")
    hours = pc.cast(pc.list_element(parts, 0), pa.int64())
    mins = pc.cast(pc.utf8_slice_codeunits(pc.list_element(parts, 1), 0, 2), pa.int64())
    value = pc.add(pc.multiply(hours, 60), mins).to_numpy(zero_copy_only=False)
    return np.where(ok.to_numpy(zero_copy_only=False), value, -1).astype(float)


def _linked_contacts(frames: Mapping[str, pd.DataFrame], linker: _Linker, keys: np.ndarray) -> pd.DataFrame:
    contacts = frame(frames, "contacts")
    code = linker.codes(contacts)
    day = _day(contacts["date"])
    row = pd.to_numeric(contacts["_row"], errors="coerce").astype("float64").fillna(0).to_numpy()
    tie = _minutes(contacts["time"]) * 1e8 + row  # time first, then row order
    keep = (code >= 0) & day.notna().to_numpy()
    order = np.lexsort((tie[keep], day.to_numpy()[keep], code[keep]))
    picked = np.flatnonzero(keep)[order]
    out = contacts[[c for c in _CONTACT_COLUMNS if c in contacts]].iloc[picked].reset_index(drop=True)
    out["code"] = code[picked]
    out["day"] = day.to_numpy()[picked]
    out["tie"] = tie[picked]
    out["key"] = keys[out["code"].to_numpy()] if len(out) else pd.Series(dtype=object)
    return out


def _part(code: np.ndarray, day: pd.Series, prio: int, tie: np.ndarray | float, grade: object) -> pd.DataFrame:
    return pd.DataFrame(
        {"code": code, "date": day.to_numpy(dtype="datetime64[ns]"), "prio": prio, "tie": tie, "grade": grade}
    )


def _events(frames: Mapping[str, pd.DataFrame], contacts: pd.DataFrame, linker: _Linker) -> pd.DataFrame:
    parts: list[pd.DataFrame] = []
    graded = contacts[contacts["grade_after"].notna()]
    if len(graded):
        parts.append(
            _part(
                graded["code"].to_numpy(),
                graded["day"],
                _PRIO_CONTACT,
                graded["tie"].to_numpy(),
                _obj(graded["grade_after"]).to_numpy(dtype=object),
            )
        )
    deliveries = frame(frames, "deliveries")
    if len(deliveries):
        code = linker.codes(deliveries)
        status = _obj(deliveries["status"]).fillna("")
        live = (status != "cancelled").to_numpy()
        parts.append(_part(code, _day(deliveries["order_date"]), _PRIO_ORDER, 0.0, "O")[live])
        done_day = _day(deliveries["delivered_at"]).fillna(_day(deliveries["scheduled"]))
        parts.append(_part(code, done_day, _PRIO_DELIVERY, 0.0, "D")[(status == "done").to_numpy()])
    lost = frame(frames, "lost")
    if len(lost):
        decided = ~_obj(lost["decision"]).fillna("").isin(["pending", "rejected"]).to_numpy()
        parts.append(_part(linker.codes(lost), _day(lost["date"]), _PRIO_LOST, 0.0, "F")[decided])
    if not parts:
        return _part(np.zeros(0, dtype=np.int64), pd.Series(dtype="datetime64[ns]"), 0, 0.0, None)
    ev = pd.concat(parts, ignore_index=True)
    return ev[(ev["code"] >= 0) & ev["date"].notna() & ev["grade"].notna()]


@dataclass(frozen=True)
class GradeHistory:
    """Customers (indexed by key) and their grade events, sorted; ask `on(day)` for grades."""

    customers: pd.DataFrame  # key index; name, consultant, model, source, grade, since, fallback, ...
    events: pd.DataFrame  # code, key, date, prio, tie, grade — sorted, the sheet's grade last at today
    contacts: pd.DataFrame  # the contacts of known customers, with code, key, day and tie, sorted
    today: date

    def grades_on(self, day: date) -> np.ndarray:
        """Each customer's grade at the end of `day`, by code (None before they existed)."""
        ts = np.datetime64(pd.Timestamp(day), "ns")
        ev = self.events
        mask = ev["date"].to_numpy() <= ts
        codes = ev["code"].to_numpy()[mask]
        grades = ev["grade"].to_numpy(dtype=object)[mask]
        out = self.customers["fallback"].to_numpy(dtype=object).copy()
        if len(codes):
            last = np.r_[codes[1:] != codes[:-1], True]  # events are sorted by code, then time
            out[codes[last]] = grades[last]
        since = self.customers["since"].to_numpy()
        out[since > ts] = None
        return out

    def on(self, day: date) -> pd.Series:
        """Each customer's grade at the end of `day` (NA before they existed), by key."""
        return pd.Series(self.grades_on(day), index=self.customers.index, dtype="string", name="grade")


def grade_history(frames: Mapping[str, pd.DataFrame], today: date) -> GradeHistory:
    """Build every customer's grade history from the workbook's frames (see the module rule)."""
    raw = live_customers(frame(frames, "customers"))
    keys = customer_keys(raw)
    cust = raw.assign(key=keys.to_numpy(dtype=object)).drop_duplicates("key", keep="first").set_index("key")
    index = pd.Index(cust.index.to_numpy(dtype=object), name="key")
    cust.index = index
    key_array = index.to_numpy(dtype=object)
    linker = _Linker.of(cust, index)

    contacts = _linked_contacts(frames, linker, key_array)
    hist = _events(frames, contacts, linker)
    hist = hist[hist["date"] <= np.datetime64(pd.Timestamp(today), "ns")]
    sheet_grade = _obj(cust["grade"]).reset_index(drop=True)
    has_sheet = sheet_grade.notna().to_numpy()
    sheet_ev = _part(
        np.arange(len(cust))[has_sheet],
        pd.Series(pd.Timestamp(today), index=range(int(has_sheet.sum()))),
        _PRIO_SHEET,
        0.0,
        sheet_grade.to_numpy(dtype=object)[has_sheet],
    )
    events = pd.concat([hist, sheet_ev], ignore_index=True)
    events["code"] = events["code"].astype(np.int64)
    order = np.lexsort(
        (
            events["tie"].to_numpy(dtype=float),
            events["prio"].to_numpy(),
            events["date"].to_numpy(),
            events["code"].to_numpy(),
        )
    )
    events = events.iloc[order].reset_index(drop=True)
    events["key"] = key_array[events["code"].to_numpy()] if len(events) else pd.Series(dtype=object)

    n = len(cust)
    hist_sorted = events[events["prio"] != _PRIO_SHEET]
    first_contact = _day(cust["first_contact"]).reset_index(drop=True)
    first_seen = pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns]")
    if len(hist_sorted):
        firsts = hist_sorted.drop_duplicates("code", keep="first")
        first_seen.iloc[firsts["code"].to_numpy()] = firsts["date"].to_numpy()
    since = first_contact.mask(first_contact.isna() | (first_seen < first_contact), first_seen)

    hot_hist = hist_sorted[hist_sorted["grade"].isin(HOT_GRADES)].drop_duplicates("code", keep="first")
    first_hot = np.full(n, None, dtype=object)
    first_hot[hot_hist["code"].to_numpy()] = hot_hist["grade"].to_numpy(dtype=object)
    has_hist = np.zeros(n, dtype=bool)
    has_hist[hist_sorted["code"].to_numpy()] = True
    sheet_values = sheet_grade.to_numpy(dtype=object)
    sheet_hot = np.where(sheet_grade.isin(HOT_GRADES).to_numpy(), sheet_values, None)
    fallback = np.where(first_hot != None, first_hot, np.where(sheet_hot != None, sheet_hot, "C"))  # noqa: E711
    fallback = np.where(has_hist, fallback, sheet_values)

    cust = cust.assign(
        code=np.arange(n),
        grade=pd.array(sheet_values, dtype="string"),
        first_contact=first_contact.to_numpy(),
        since=since.to_numpy(),
        fallback=fallback,
    )
    return GradeHistory(customers=cust, events=events, contacts=contacts, today=today)
