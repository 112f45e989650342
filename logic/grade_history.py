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
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from workbook.schema import HOT_GRADES, sheet

# C < B < A < H; O/D are "won", F/Z are "out" (below every hot grade)
RANK: dict[str, int] = {"F": 0, "Z": 0, "C": 1, "B": 2, "A": 3, "H": 4, "O": 5, "D": 6}
WON: tuple[str, ...] = ("O", "D")
OUT: tuple[str, ...] = ("F", "Z")

# order of same-day events of different origin: contacts, order, delivery, lost, the sheet
_PRIO_CONTACT, _PRIO_ORDER, _PRIO_DELIVERY, _PRIO_LOST, _PRIO_SHEET = 0, 1, 2, 3, 9


def empty_frame(sheet_key: str) -> pd.DataFrame:
    """An empty frame of a sheet in the reader's contract shape (for an absent sheet)."""
    return pd.DataFrame({k: pd.Series(dtype="object") for k in (*sheet(sheet_key).column_keys(), "_row")})


def frame(frames: Mapping[str, pd.DataFrame], key: str) -> pd.DataFrame:
    """The frame of a sheet, or an empty one when the workbook lacks it."""
    df = frames.get(key)
    return empty_frame(key) if df is None else df


def _text(s: pd.Series) -> pd.Series:
    return s.astype("string").str.strip().replace("", pd.NA)


def _keys(s: pd.Series) -> pd.Series:
    # keys stay plain Python strings: isin/map over arrow strings is many times slower
    return s.astype(object).where(s.notna(), None)


def _day(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s, errors="coerce").dt.normalize()


def customer_keys(customers: pd.DataFrame) -> pd.Series:
    """A key per customer row: its ID, or "#<Excel row>" for a hand-added row without one."""
    ids = _text(customers["customer_id"])
    rows = "#" + customers["_row"].astype("Int64").astype("string")
    return _keys(ids.fillna(rows))


def link_rows(rows: pd.DataFrame, customers: pd.DataFrame, keys: pd.Series) -> pd.Series:
    """The customer key of each row (contacts, deliveries, lost): by ID, else by a unique phone."""
    known = set(keys.dropna())
    ids = (
        _keys(_text(rows["customer_id"])) if "customer_id" in rows else pd.Series(None, index=rows.index, dtype=object)
    )
    by_id = ids.where(ids.isin(known), None)
    if "phone" not in rows:
        return by_id
    phones = _text(customers["phone"])
    lookup = pd.Series(keys.to_numpy(), index=phones.to_numpy())
    lookup = lookup[lookup.index.notna() & ~lookup.index.duplicated(keep=False)]
    by_phone = _keys(_text(rows["phone"])).map(lookup)
    return _keys(by_id.where(by_id.notna(), by_phone))


def linked_contacts(frames: Mapping[str, pd.DataFrame], customers: pd.DataFrame, keys: pd.Series) -> pd.DataFrame:
    """Contacts of known customers with `key`, `day` and a same-day order `tie`, sorted."""
    contacts = frame(frames, "contacts")
    hhmm = contacts["time"].astype("string").str.strip()
    minutes = pd.to_numeric(hhmm.str.slice(0, 2), errors="coerce") * 60 + pd.to_numeric(
        hhmm.str.slice(3, 5), errors="coerce"
    )
    row = pd.to_numeric(contacts["_row"], errors="coerce").astype("float64")
    out = contacts.assign(
        key=link_rows(contacts, customers, keys),
        day=_day(contacts["date"]).astype("datetime64[ns]"),
        tie=minutes.fillna(-1).astype("float64") * 1e8 + row,  # time first, then row order
    )
    out = out.dropna(subset=["key", "day"])
    return out.sort_values(["key", "day", "tie"], kind="stable").reset_index(drop=True)


def _events(
    frames: Mapping[str, pd.DataFrame], contacts: pd.DataFrame, customers: pd.DataFrame, keys: pd.Series, today: date
) -> pd.DataFrame:
    cols = ["key", "date", "prio", "tie", "grade"]
    parts: list[pd.DataFrame] = []

    if len(contacts):
        parts.append(
            pd.DataFrame(
                {
                    "key": contacts["key"],
                    "date": contacts["day"],
                    "prio": _PRIO_CONTACT,
                    "tie": contacts["tie"],
                    "grade": _text(contacts["grade_after"]),
                }
            )
        )

    deliveries = frame(frames, "deliveries")
    if len(deliveries):
        dkey = link_rows(deliveries, customers, keys)
        status = _text(deliveries["status"])
        live = status.fillna("") != "cancelled"
        parts.append(
            pd.DataFrame(
                {"key": dkey, "date": _day(deliveries["order_date"]), "prio": _PRIO_ORDER, "tie": 0.0, "grade": "O"}
            )[live]
        )
        done_day = _day(deliveries["delivered_at"]).fillna(_day(deliveries["scheduled"]))
        parts.append(
            pd.DataFrame({"key": dkey, "date": done_day, "prio": _PRIO_DELIVERY, "tie": 0.0, "grade": "D"})[
                status.fillna("") == "done"
            ]
        )

    lost = frame(frames, "lost")
    if len(lost):
        decided = ~_text(lost["decision"]).fillna("").isin(["pending", "rejected"])
        parts.append(
            pd.DataFrame(
                {
                    "key": link_rows(lost, customers, keys),
                    "date": _day(lost["date"]),
                    "prio": _PRIO_LOST,
                    "tie": 0.0,
                    "grade": "F",
                }
            )[decided]
        )

    if not parts:
        return pd.DataFrame(
            {
                c: pd.Series(dtype=t)
                for c, t in zip(cols, ["object", "datetime64[ns]", "int64", "float64", "string"], strict=True)
            }
        )
    ev = pd.concat(parts, ignore_index=True)
    ev["grade"] = ev["grade"].astype("string")
    ev["key"] = _keys(ev["key"])
    ev = ev.dropna(subset=["key", "date", "grade"])
    ev = ev[ev["date"] <= pd.Timestamp(today)]
    return ev[cols]


@dataclass(frozen=True)
class GradeHistory:
    """Customers (indexed by key) and their grade events, sorted; ask `on(day)` for grades."""

    customers: pd.DataFrame  # key index; name, consultant, model, source, grade, since, fallback, ...
    events: pd.DataFrame  # key, date, prio, tie, grade — sorted, the sheet's grade last at today
    contacts: pd.DataFrame  # the contacts of known customers, with key, day and tie, sorted
    today: date

    def on(self, day: date) -> pd.Series:
        """Each customer's grade at the end of `day` (NA before they existed)."""
        ts = pd.Timestamp(day)
        ev = self.events
        last = ev.loc[ev["date"] <= ts].groupby("key", sort=False)["grade"].last()
        grade = self.customers.index.to_series().map(last).astype("string")
        grade = grade.fillna(self.customers["fallback"])
        return grade.mask(self.customers["since"] > ts).rename("grade")


def grade_history(frames: Mapping[str, pd.DataFrame], today: date) -> GradeHistory:
    """Build every customer's grade history from the workbook's frames (see the module rule)."""
    raw = frame(frames, "customers")
    keys = customer_keys(raw)
    cust = raw.assign(key=keys).drop_duplicates("key", keep="first").set_index("key")
    cust.index = pd.Index(cust.index.astype(object), name="key")
    keys = cust.index.to_series()

    contacts = linked_contacts(frames, cust.reset_index(), keys.reset_index(drop=True))
    hist = _events(frames, contacts, cust.reset_index(), keys.reset_index(drop=True), today)
    hist = hist[hist["key"].isin(cust.index)]
    sheet_grade = _text(cust["grade"])
    today_ts = pd.Timestamp(today)
    sheet_ev = pd.DataFrame(
        {"key": cust.index, "date": today_ts, "prio": _PRIO_SHEET, "tie": 0.0, "grade": sheet_grade.to_numpy()}
    ).dropna(subset=["grade"])
    events = pd.concat([hist, sheet_ev], ignore_index=True)
    events["key"] = _keys(events["key"])
    events["grade"] = events["grade"].astype("string")
    events["date"] = events["date"].astype("datetime64[ns]")
    events = events.sort_values(["key", "date", "prio", "tie"], kind="stable").reset_index(drop=True)

    first_event = hist.assign(date=hist["date"].astype("datetime64[ns]")).groupby("key")["date"].min()
    first_contact = _day(cust["first_contact"]).astype("datetime64[ns]")
    first_seen = first_event.reindex(cust.index)
    since = first_contact.mask(first_contact.isna() | (first_seen < first_contact), first_seen)

    hot_hist = hist[hist["grade"].isin(HOT_GRADES)].sort_values(["key", "date", "prio", "tie"], kind="stable")
    first_hot = cust.index.to_series().map(hot_hist.groupby("key")["grade"].first()).astype("string")
    sheet_hot = sheet_grade.where(sheet_grade.isin(HOT_GRADES))
    has_hist = cust.index.isin(hist["key"])
    fallback = first_hot.fillna(sheet_hot).fillna("C").where(has_hist, sheet_grade).astype("string")

    cust = cust.assign(
        grade=sheet_grade,
        first_contact=first_contact,
        since=since,
        fallback=fallback,
    )
    return GradeHistory(customers=cust, events=events, contacts=contacts, today=today)
