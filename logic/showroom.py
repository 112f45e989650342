"""The showroom log (来店(电)登记): each row's customer, the day's traffic by hour, the log's visits for the other rules.

The rules, the same on the front-desk page, at the meetings, on plan vs actual and in `cli.py ... --json`:
- a row is a phone-in when its kind says call (来电), else a visit (a blank kind is a visit: the sheet is the
  visitor log);
- a row's customer is its customer ID, else the one card whose phone is the row's phone (none when no card or
  two cards have it); a row with a customer "left or matched a card" (captured);
- the workbook uses the log once the log sheet holds a row; before that, visits are the contact rows of type
  visit (the pages say which);
- the hour of a row is the hour of its time in; a row without a time in counts in the day, in no hour;
- a new card of the day is a customer whose first contact is that day; its hour is the earliest time in of its
  log rows that day, else the earliest time of its contact rows that day;
- for the follow-up rules a linked log visit is a visit contact of its customer, one per customer and day
  (a day that already has a visit contact row adds nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

Frames = dict[str, pd.DataFrame]

LOG = "showroom_log"


def _text(series: pd.Series) -> pd.Series:
    return series.astype("string").str.strip().replace("", pd.NA)


def _on_days(series: pd.Series, start: date, end: date) -> pd.Series:
    days = pd.to_datetime(series, errors="coerce").dt.normalize()
    return ((days >= pd.Timestamp(start)) & (days <= pd.Timestamp(end))).fillna(False).astype(bool)


def in_use(frames: Frames) -> bool:
    """Whether the workbook keeps the showroom log (its sheet holds at least one row)."""
    log = frames.get(LOG)
    return log is not None and not log.empty


def phone_owners(customers: pd.DataFrame) -> dict[str, str]:
    """Phone -> customer ID, for the phones exactly one card with an ID has."""
    cards = pd.DataFrame({"phone": _text(customers["phone"]), "id": _text(customers["customer_id"])}).dropna()
    once = cards.drop_duplicates("phone", keep=False)
    return dict(zip(once["phone"], once["id"], strict=True))


def customer_of(phone: str | None, customers: pd.DataFrame) -> str | None:
    """The customer ID of the one card with this phone, or None."""
    text = (phone or "").strip()
    return phone_owners(customers).get(text) if text else None


def linked(log: pd.DataFrame, customers: pd.DataFrame) -> pd.Series:
    """Each log row's customer: its customer ID, else the one card with its phone (NA when none)."""
    ids = _text(log["customer_id"])
    phones = _text(log["phone"]).where(ids.isna())
    if phones.isna().all():  # the usual log: linked rows carry the ID, anonymous ones no phone
        return ids
    return ids.fillna(phones.map(phone_owners(customers)).astype("string"))


def is_call(log: pd.DataFrame) -> pd.Series:
    """True for the phone-ins (来电); every other row is a visit."""
    return log["kind"].astype("string").eq("call").fillna(False).astype(bool)


def hours(times: pd.Series) -> pd.Series:
    """The hour of each "HH:MM" time (NA when blank)."""
    return pd.to_numeric(times.astype("string").str.slice(0, 2), errors="coerce").astype("Int64")


def log_rows(frames: Frames, start: date, end: date) -> pd.DataFrame:
    """The log's rows dated `start`..`end`, with `customer` (the linked ID), `call` and `hour` added."""
    log = frames[LOG]
    rows = log.loc[_on_days(log["date"], start, end)]
    return rows.assign(
        linked=linked(rows, frames["customers"]),
        call=is_call(rows),
        hour=hours(rows["time_in"]),
    )


# --------------------------------------------------------------------------- traffic by hour


@dataclass(frozen=True)
class HourTraffic:
    """One hour of a day at the front desk (hour None: rows without a time)."""

    hour: int | None
    visits: int
    calls: int
    new_cards: int
    captured: int

    def as_json(self) -> dict[str, int | None]:
        return {
            "hour": self.hour,
            "visits": self.visits,
            "calls": self.calls,
            "new_cards": self.new_cards,
            "captured": self.captured,
        }


@dataclass(frozen=True)
class Traffic:
    """A day's traffic: the hours that had any, and the day's totals."""

    day: date
    hours: list[HourTraffic]
    total: HourTraffic
    from_log: bool  # False: no log in the workbook, visits are contact rows of type visit


def _new_card_hours(frames: Frames, day: date, log: pd.DataFrame) -> pd.Series:
    """The hour each of the day's new cards came in (NA when no row of that day has a time)."""
    customers = frames["customers"]
    new_ids = _text(customers.loc[_on_days(customers["first_contact"], day, day), "customer_id"]).dropna()
    contacts = frames["contacts"]
    contacts = contacts.loc[_on_days(contacts["date"], day, day)]
    first_log = log.dropna(subset=["linked", "hour"]).groupby("linked")["hour"].min()
    first_contact = (
        pd.DataFrame({"id": _text(contacts["customer_id"]), "hour": hours(contacts["time"])})
        .dropna()
        .groupby("id")["hour"]
        .min()
    )
    ids = pd.Index(new_ids.unique())
    return first_log.reindex(ids).astype("Int64").fillna(first_contact.reindex(ids).astype("Int64"))


def _contact_visits(frames: Frames, day: date) -> pd.DataFrame:
    """The day's contact rows of type visit (reached, not void), shaped like log rows: the fallback."""
    contacts = frames["contacts"]
    mask = _on_days(contacts["date"], day, day) & contacts["type"].astype("string").eq("visit").fillna(False)
    if "outcome" in contacts.columns:
        mask &= contacts["outcome"].isna() | contacts["outcome"].astype("string").eq("reached").fillna(False)
    if "void" in contacts.columns:
        mask &= ~contacts["void"].astype("boolean").fillna(False)
    rows = contacts.loc[mask.astype(bool)]
    return pd.DataFrame(
        {"linked": linked(rows, frames["customers"]).astype("string"), "call": False, "hour": hours(rows["time"])},
        index=rows.index,
    )


def traffic(frames: Frames, day: date) -> Traffic:
    """The day's visits, calls, new cards and captured leads by hour (the log, else contact visits)."""
    from_log = in_use(frames)
    rows = log_rows(frames, day, day) if from_log else _contact_visits(frames, day)
    card_hours = _new_card_hours(frames, day, rows)
    keyed = rows.assign(hour_key=rows["hour"].astype("object").where(rows["hour"].notna(), None))
    slots = sorted({h for h in keyed["hour_key"] if h is not None} | {int(h) for h in card_hours.dropna()})
    if keyed["hour_key"].isna().any() or card_hours.isna().any():
        slots = [*slots, None]

    def count(hour: int | None) -> HourTraffic:
        here = keyed.loc[keyed["hour_key"].isna()] if hour is None else keyed.loc[keyed["hour_key"].eq(hour)]
        cards = card_hours.isna() if hour is None else card_hours.eq(hour).fillna(False)
        return HourTraffic(
            hour,
            int((~here["call"]).sum()),
            int(here["call"].sum()),
            int(cards.sum()),
            int(here["linked"].notna().sum()),
        )

    by_hour = [count(h) for h in slots]
    total = HourTraffic(
        None,
        sum(h.visits for h in by_hour),
        sum(h.calls for h in by_hour),
        len(card_hours),
        sum(h.captured for h in by_hour),
    )
    return Traffic(day, by_hour, total, from_log)


# --------------------------------------------------------------------------- the front desk's day


def open_rows(frames: Frames, day: date) -> pd.DataFrame:
    """The day's visits still in the showroom: a time in and no time out."""
    rows = log_rows(frames, day, day)
    still = rows["time_in"].notna() & rows["time_out"].isna() & ~rows["call"]
    return rows.loc[still.astype(bool)]


def anonymous_visits(frames: Frames, day: date) -> pd.DataFrame:
    """The day's visits (not phone-ins) linked to no customer card: walk-ins who left no card."""
    rows = log_rows(frames, day, day)
    return rows.loc[(~rows["call"] & rows["linked"].isna()).astype(bool)]


def unlinked_rows(frames: Frames, day: date) -> pd.DataFrame:
    """The day's rows with an ID and no customer: the ones a later card can take over."""
    rows = log_rows(frames, day, day)
    return rows.loc[(rows["linked"].isna() & rows["visit_id"].notna()).astype(bool)]


# --------------------------------------------------------------------------- the follow-up rules


def _day_keys(ids: pd.Series, days: pd.Series) -> pd.Series:
    """ "customer ID|YYYY-MM-DD" per row, to find a customer's day in another sheet."""
    return ids.astype("string") + "|" + pd.to_datetime(days, errors="coerce").dt.strftime("%Y-%m-%d").astype("string")


def visits_as_contacts(frames: Frames) -> pd.DataFrame:
    """The contacts frame with each linked log visit added as a visit contact, one per customer and day.

    A customer's day that already has a visit contact row (reached, not void) adds nothing; the added rows
    carry the log's date, time in, consultant, first-visit mark and entry time.
    """
    contacts = frames["contacts"]
    if not in_use(frames):
        return contacts
    log = frames[LOG]
    log = log.assign(linked=linked(log, frames["customers"]), day=pd.to_datetime(log["date"], errors="coerce"))
    log = log.loc[(~is_call(log) & log["linked"].notna() & log["day"].notna()).astype(bool)]
    log = log.sort_values(["day", "time_in"], na_position="last").drop_duplicates(["linked", "day"])
    is_visit = contacts["type"].astype("string").eq("visit").fillna(False)
    if "void" in contacts.columns:
        is_visit &= ~contacts["void"].astype("boolean").fillna(False)
    if "outcome" in contacts.columns:
        is_visit &= contacts["outcome"].isna() | contacts["outcome"].astype("string").eq("reached").fillna(False)
    visits = contacts.loc[is_visit.astype(bool)]  # the keys of the visits alone: most contacts are calls
    visit_days = _day_keys(_text(visits["customer_id"]), visits["date"])
    seen = set(visit_days.dropna().tolist())
    log = log.loc[[k not in seen for k in _day_keys(log["linked"], log["day"]).tolist()]]
    if log.empty:
        return contacts
    values = {
        "date": log["day"].dt.normalize(),
        "time": log["time_in"],
        "customer_id": log["linked"],
        "customer": log["customer"],
        "phone": log["phone"],
        "consultant": log["consultant"],
        "type": pd.Series("visit", index=log.index),
        "first_visit": log["first_or_repeat"].astype("string").eq("first"),
        "people": log["people"],
        "recorded_by": log["recorded_by"],
        "recorded_at": log["recorded_at"],
        "_row": log["_row"],
    }
    added = pd.DataFrame(
        {
            c: (values[c] if c in values else pd.Series(pd.NA, index=log.index)).astype(contacts[c].dtype)
            for c in contacts.columns
        }
    )
    return pd.concat([contacts, added], ignore_index=True)
