"""The follow-up cadence: which customer must be contacted, for which rule, by when.

`due_followups(frames, settings, today)` returns a DataFrame, one row per customer and rule
(`kind`, a code of the schema's `followup_kind` list), with the columns of `DUE_COLUMNS`.
Rows are those due on `today` or earlier and not yet done; `horizon_days` adds upcoming ones.

How an item is done ("satisfied"): by a fitting contact of the same customer dated on or after
the item's window opening, or by any contact whose `followup_kind` names the item. Only a
contact whose outcome is reached counts (a blank outcome, as in every workbook made before
outcomes existed, is reached); a voided row counts for nothing anywhere. A showroom-log visit linked to
the customer is a visit contact too, one per customer and day (`logic.showroom.visits_as_contacts`).
- No answer: a try, not a contact. It counts toward `attempts` of every open item of the
  customer whose window opened on or before its day (only of the named item when it names a
  follow-up kind); once the tries reach `out_of_contact_tries` on different days the item is
  flagged `out_of_contact` (失联) for the manager. A wrong number is neither contact nor try.
- The promised date (下次跟进日期 of the customer's latest reached contact, by date, then the
  time it was recorded): a `next_contact` item due that day, owned by the customer's
  consultant (the manager when that consultant has left). Until that day the lead-cadence
  (`new_lead_*`, `monthly`) and `grade_interval` items wait: one due before the promised day
  is due on it. Greetings, birthdays, waiting-for-car, delivery and after-delivery items do
  not wait. Only a later reached contact replaces or ends the promise; a no-answer does not.
- New lead (counted from first contact, distinct contact days): the greeting (`new_lead_24h`)
  needs one follow-up contact, `new_lead_week1` two, `new_lead_week2` three, `new_lead_month1`
  four. The first-contact record itself is not a follow-up: rows marked first visit, else
  the first-contact day's earliest untagged contact; nor is a visit / test drive / quote on
  that day. Calls, visits, messages, home visits, test drives, quotes and orders fit.
- Recurring rules (`monthly`, `grade_interval`, `waiting_car`, `after_delivery_monthly`) are
  due an interval after the last fitting contact; any fitting contact renews them.
- Waiting for the car (a planned delivery, from its row on the deliveries sheet): the car
  allocated (`car_allocated`) is due the day of 配车日期 and done by a call, message, visit or
  home visit from that day; the balance reminder (`balance_reminder`) is due
  `balance_reminder_days` before 尾款约定日期 (or before the expected delivery day when that is
  earlier, never before the order), done the same way from that day, and not raised once
  尾款到账日期 is filled; a delay (`delivery_delay`: the expected delivery day, 交车时间, later than
  合同约定交车日期) is due the day it is seen, overdue from the promised day once that has passed,
  and done only by a contact naming it (the workbook keeps no history of the expected day, so an
  ordinary call cannot be told apart from one made before the delay). Without these columns,
  as in an older workbook, there are no such items.
- After delivery: safe-arrival = a call on or after the delivery day; 1-hour = a message;
  day 3 = a call / visit / home visit from the day after delivery by someone who is not a
  manager; day 4 = any contact by a manager (owner: the manager named among the delivery's
  attendees, else the first active manager on the staff sheet) from the day after
  delivery; monthly = counted from the delivery day or the last contact after day 4.
- Birthday (solar, or lunar when `birthday_lunar`) and holiday greetings: a call, message,
  visit or home visit on or after the day (the greeting day for festivals); a contact tagged
  `birthday` counts from `holiday_greeting_days_before` days before. Only occurrences after
  the customer's first contact count; an unmet one stays overdue until the next occurrence
  is nearer than it (a birthday missed in May is not chased next April).
- `dormancy_review`: a lead `dormancy_days` after first contact without purchase; owner the
  manager; done by a contact tagged `dormancy_review` (or by grading the customer F/Z).
Unmet items stay overdue until done. Customers graded F or Z get no items. A reschedule row
(latest per customer and kind, for the same original due date when one is given) sets the
due date. A due date on a store-closed day, or (setting `move_to_duty_day`) on the owner's day
off in the rota, moves to the next open day.
- Calling hours (`logic.calling_hours`): an item whose rule gives it a time of day (the safe-arrival
  call from the handover on, the message `after_message_hours` later) carries it as `due_at`; one
  falling outside the window in the settings is due at the window's next opening (a 19:30
  delivery's 20:30 message is due the next day at 09:00), then moved for a closed day like any item
  (`due_at` becomes that day's opening; a rescheduled item has none). Every item carries the window.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property, lru_cache
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from logic import calling_hours, cn_calendar
from logic.calling_hours import NO_TIME, Window
from logic.ownership import merged_mask
from logic.scripts import scripts_for
from logic.showroom import visits_as_contacts
from workbook.schema import HOT_GRADES, SETTINGS_BY_KEY, choice_list

KINDS: tuple[str, ...] = choice_list("followup_kind").codes()
DUE_COLUMNS: tuple[str, ...] = (
    "customer_id",  # the customer's ID (NA for a hand-added row without one)
    "customer",  # name
    "phone",
    "sex",
    "grade",
    "consultant",  # owner of the item: the customer's consultant, or the manager
    "customer_consultant",  # the customer's own consultant
    "kind",  # followup_kind code
    "label",  # the kind's label in `lang`
    "due",  # date
    "due_at",  # datetime: the time of day the item is due, for a rule that gives one, else None
    "overdue_days",  # today - due (0 due today, negative upcoming)
    "last_contact",  # date of the customer's latest contact of any kind, or None
    "window_opened",  # date from which a fitting contact does the item
    "festival",  # festival name for holiday greetings (zh key), else ""
    "delivery_id",  # for after-delivery items, else NA
    "rescheduled",  # True when a reschedule row set the due date
    "script",  # the call script in `lang`
    "attempts",  # no-answer tries since the item's window opened (0 when none)
    "last_attempt",  # date of the latest of those tries, or None
    "out_of_contact",  # True once the tries reach `out_of_contact_tries` on different days
    "window",  # (start, end) times of the calling window in the settings
    "_row",  # the customer's Excel row
)
LEAD_TYPES = ("call", "visit", "message", "home_visit", "test_drive", "quote", "order")
TALK_TYPES = ("call", "visit", "message", "home_visit")
CLOSED_GRADES = ("F", "Z")
MANAGER_ROLES = ("manager", "director")
_LEAD_STEPS = ("new_lead_24h", "new_lead_week1", "new_lead_week2", "new_lead_month1")
HELD_BY_PROMISE: tuple[str, ...] = (*_LEAD_STEPS, "monthly", "grade_interval")  # the kinds a promised date holds
OUTCOMES: tuple[str, ...] = choice_list("contact_outcome").codes()  # reached first: what a blank outcome reads as


@dataclass(frozen=True)
class DueItem:
    """One follow-up item, as plain Python values (see `DUE_COLUMNS`)."""

    customer_id: str | None
    customer: str
    phone: str | None
    consultant: str | None
    kind: str
    label: str
    due: date
    overdue_days: int
    last_contact: date | None
    window_opened: date | None
    grade: str | None
    festival: str
    delivery_id: str | None
    rescheduled: bool
    script: str
    attempts: int = 0
    last_attempt: date | None = None
    out_of_contact: bool = False
    due_at: datetime | None = None
    window: Window = (time(9, 0), time(20, 0))

    def as_json(self) -> dict[str, Any]:
        """The `due --json` item: ISO dates, null for none."""
        return {
            "customer_id": self.customer_id,
            "customer": self.customer,
            "phone": self.phone,
            "consultant": self.consultant,
            "kind": self.kind,
            "due": self.due.isoformat(),
            "overdue_days": self.overdue_days,
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
            "label": self.label,
            "script": self.script,
            "grade": self.grade,
            "window_opened": self.window_opened.isoformat() if self.window_opened else None,
            "festival": self.festival or None,
            "delivery_id": self.delivery_id,
            "rescheduled": self.rescheduled,
            "attempts": self.attempts,
            "last_attempt": self.last_attempt.isoformat() if self.last_attempt else None,
            "out_of_contact": self.out_of_contact,
            "due_at": self.due_at.isoformat(timespec="minutes") if self.due_at else None,
            "window": calling_hours.window_text(self.window),
        }


def to_items(due: pd.DataFrame) -> list[DueItem]:
    """The rows of a `due_followups` frame as `DueItem`s."""

    def val(v: Any) -> Any:
        return None if v is None or (not isinstance(v, str) and pd.isna(v)) else v

    def day(v: Any) -> date | None:
        v = val(v)
        return None if v is None else pd.Timestamp(v).date()

    out = []
    for r in due.to_dict("records"):
        out.append(
            DueItem(
                customer_id=val(r["customer_id"]),
                customer=val(r["customer"]) or "",
                phone=val(r["phone"]),
                consultant=val(r["consultant"]),
                kind=r["kind"],
                label=r["label"],
                due=day(r["due"]) or date.min,
                overdue_days=int(r["overdue_days"]),
                last_contact=day(r["last_contact"]),
                window_opened=day(r["window_opened"]),
                grade=val(r["grade"]),
                festival=val(r["festival"]) or "",
                delivery_id=val(r["delivery_id"]),
                rescheduled=bool(r["rescheduled"]),
                script=r["script"],
                attempts=int(r["attempts"]),
                last_attempt=day(r["last_attempt"]),
                out_of_contact=bool(r["out_of_contact"]),
                due_at=None if val(r["due_at"]) is None else pd.Timestamp(r["due_at"]).to_pydatetime(),
                window=r["window"],
            )
        )
    return out


# --------------------------------------------------------------------------- settings


def setting_int(settings: Mapping[str, Any], key: str) -> int:
    """An integer setting, the schema default when missing or not a number."""
    try:
        v = int(settings.get(key))  # type: ignore[arg-type]
        return max(v, 0)
    except (TypeError, ValueError):
        return int(SETTINGS_BY_KEY[key].default)  # type: ignore[call-overload]


def setting_bool(settings: Mapping[str, Any], key: str) -> bool:
    v = settings.get(key, SETTINGS_BY_KEY[key].default)
    if isinstance(v, str):
        return v.strip().lower() in ("yes", "true", "1", "是", "y")
    return bool(v) if v is not None and not pd.isna(v) else bool(SETTINGS_BY_KEY[key].default)


def setting_list(settings: Mapping[str, Any], key: str) -> tuple[str, ...]:
    v = settings.get(key, SETTINGS_BY_KEY[key].default)
    if isinstance(v, str):
        v = v.replace("，", ",").replace("、", ",").split(",")
    return tuple(str(x).strip() for x in (v or ()) if str(x).strip())


# --------------------------------------------------------------------------- helpers
# Dates are whole days since 1970 in int64 arrays (NONE for "no date"), customers are
# positions 0..n-1, contacts carry their customer's position: every rule is array arithmetic.
# The cost at workbook sizes is per pandas operation, not per row: columns are taken out once
# (text as Arrow arrays, dates as numpy) and everything after that is numpy or Arrow compute.

NONE = np.int64(-(2**62))
_TYPE_CODES: tuple[str, ...] = choice_list("contact_type").codes()
_ARROW_TEXT = pd.StringDtype("pyarrow")
_NS = np.dtype("datetime64[ns]")
_NS_PER_DAY = 86_400_000_000_000
_NAT = np.iinfo(np.int64).min


def day_numbers(s: pd.Series | pd.Index | np.ndarray) -> np.ndarray:
    """Whole days since 1970 (NONE where missing) of a date-like column."""
    if isinstance(s, pd.Series | np.ndarray) and s.dtype == _NS:  # the reader's dates: integer arithmetic
        v = np.asarray(s).view(np.int64)
        out = v // _NS_PER_DAY  # floor, as numpy's cast to datetime64[D]
        out[v == _NAT] = NONE
        return out
    d = pd.to_datetime(pd.Series(np.asarray(s)) if not isinstance(s, pd.Series) else s, errors="coerce")
    arr = d.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    out = arr.astype(np.int64)
    out[np.isnat(arr)] = NONE
    return out


def day_number(d: date) -> np.int64:
    """Whole days since 1970 of a date (the unit of `day_numbers`)."""
    return np.int64((d - date(1970, 1, 1)).days)


def to_dates(days: np.ndarray) -> np.ndarray:
    """Objects `date` (None where NONE) from day numbers."""
    ok = days > NONE // 2
    out = np.full(len(days), None, dtype=object)
    if ok.any():
        out[ok] = days[ok].astype("datetime64[D]").astype(object)
    return out


def _text(s: pd.Series) -> pd.Series:
    """Stripped text with NA for blanks."""
    out = s.astype("string").str.strip()
    blank = out.eq("").fillna(False).to_numpy(dtype=bool)
    if blank.any():
        out[blank] = pd.NA
    return out


def _arrow(s: pd.Series | None, n: int) -> pa.Array:
    """A text column as an Arrow string array (null for missing), as `astype("string")` has it."""
    if s is None:
        return pa.nulls(n, pa.large_string())
    if s.dtype != _ARROW_TEXT:
        s = s.astype(_ARROW_TEXT)
    a = pa.array(s.array)
    # a frame with rows added after a write (the overlay's concat) holds its text in several chunks
    return a.combine_chunks() if isinstance(a, pa.ChunkedArray) else a


def _trim(a: pa.Array) -> pa.Array:
    """Stripped text with null for blanks (what `_text` does, in one pass of Arrow compute)."""
    t = pc.utf8_trim_whitespace(a)
    blank = pc.equal(t, "")
    return pc.if_else(blank, pa.scalar(None, t.type), t) if pc.any(blank).as_py() else t


def _objects(a: pa.Array) -> np.ndarray:
    """Plain Python values (None for null) of an Arrow array."""
    return a.to_numpy(zero_copy_only=False)


def _column(f: pd.DataFrame | None, col: str) -> pd.Series | None:
    return f[col] if f is not None and col in f.columns else None


def sheet_columns(frames: Mapping[str, pd.DataFrame], key: str, columns: tuple[str, ...]) -> pd.DataFrame:
    """Just `columns` of a sheet's frame (all-NA where missing), indexed 0..n-1, without copying data."""
    f = frames.get(key)
    if f is None:
        f = pd.DataFrame()
    n = len(f)
    data = {
        c: (f[c].reset_index(drop=True) if c in f.columns else pd.Series(pd.NA, index=range(n), dtype=object))
        for c in columns
    }
    return pd.DataFrame(data, index=pd.RangeIndex(n), copy=False)


def _bool(s: pd.Series | None, n: int | None = None) -> np.ndarray:
    if s is None:
        return np.zeros(n or 0, dtype=bool)
    if s.dtype == "boolean":
        return s.to_numpy(dtype=bool, na_value=False)
    return s.isin([True]).to_numpy(dtype=bool)


def _codes(s: pd.Series | None, codes: tuple[str, ...], n: int = 0) -> np.ndarray:
    """Position of each value in `codes` (-1 for missing or unknown); the reader gives codes as is."""
    if s is None:
        return np.full(n, -1, dtype=np.int16)
    a = _arrow(s, len(s))
    at = pc.index_in(a, value_set=pa.array(codes, a.type))
    found = pc.fill_null(at, -1).to_numpy(zero_copy_only=False).astype(np.int16)
    if at.null_count == a.null_count:  # every non-blank value is a code as is
        return found
    odd = (found < 0) & pc.is_valid(a).to_numpy(zero_copy_only=False)
    if odd.any():  # a hand-made frame with stray spaces or capitals
        lower = pa.array([c.lower() for c in codes], a.type)
        fixed = pc.index_in(pc.utf8_lower(_trim(a.filter(pa.array(odd)))), value_set=lower)
        found[odd] = pc.fill_null(fixed, -1).to_numpy(zero_copy_only=False)
    return found


def _any_at(n: int, ci: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Per customer, whether any of the contacts (where `mask`) is theirs."""
    out = np.zeros(n, dtype=bool)
    out[ci[mask]] = True
    return out


def latest_day(n: int, ci: np.ndarray, days: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """Per customer, the latest day among the contacts (where `mask`); NONE when none."""
    out = np.full(n, NONE, dtype=np.int64)
    if mask is not None:
        ci, days = ci[mask], days[mask]
    if len(ci):
        np.maximum.at(out, ci, days)
    return out


def managers(staff: pd.DataFrame | None) -> list[str]:
    """Active managers (role manager, then director) in staff-sheet order."""
    if staff is None or not len(staff) or "role" not in staff.columns:
        return []
    # a few rows: plain Python over the values beats a dozen pandas operations
    names = staff["name"].tolist() if "name" in staff.columns else [None] * len(staff)
    roles = staff["role"].tolist()
    active = staff["active"].tolist() if "active" in staff.columns else [True] * len(staff)

    def off(v: Any) -> bool:  # what `isin([False])` matches: False, 0, never a blank
        return not pd.isna(v) and v == False  # noqa: E712

    rows = [(n, r) for n, r, a in zip(names, roles, active, strict=True) if not pd.isna(n) and not off(a)]
    return [str(n).strip() for role in MANAGER_ROLES for n, r in rows if isinstance(r, str) and r == role]


@dataclass
class CustomerTable:
    """The customers the rules look at (dated rows, the first of a repeated ID), as arrays by position."""

    src: np.ndarray  # position in the sheet's frame of each customer (rows kept: dated, first of an ID)
    sheet: dict[str, pa.Array]  # text columns of the whole sheet as read (customer_id, name, ...)
    ids: pa.Array  # customer_id, stripped, per customer
    ckey: pa.Array  # the key contacts and deliveries name the customer by
    consultant: np.ndarray  # stripped (object, None for none)
    grade: np.ndarray  # stripped, upper case (object, None for none)
    row: np.ndarray  # the Excel row
    first: np.ndarray
    birthday: np.ndarray
    lunar: np.ndarray

    @property
    def n(self) -> int:
        return len(self.first)

    def text(self, col: str, at: np.ndarray | None = None) -> np.ndarray:
        """A text column, stripped (object, None for none), of the customers at positions `at` (all)."""
        rows = self.src if at is None else self.src[at]
        return _objects(_trim(self.sheet[col].take(pa.array(rows, pa.int64()))))

    @cached_property
    def phone_text(self) -> pa.Array:
        """Each customer's phone, stripped, for matching contacts by phone."""
        return _trim(self.sheet["phone"].take(pa.array(self.src, pa.int64())))

    @cached_property
    def frame(self) -> pd.DataFrame:
        """customer_id, name, phone, consultant, grade, sex, _row, _src, ckey as a frame."""
        text = {c: pd.Series(self.text(c), dtype="string") for c in ("customer_id", "name", "phone")}
        return pd.DataFrame(
            {
                **text,
                "consultant": pd.Series(self.consultant, dtype="string"),
                "grade": pd.Series(self.grade, dtype="string"),
                "sex": pd.Series(self.text("sex"), dtype="string"),
                "_row": self.row,
                "_src": self.src,
                "ckey": pd.Series(_objects(self.ckey), dtype=object).astype(str),
            }
        )


def _few_objects(a: pa.Array) -> np.ndarray:
    """`_objects` of a column with few distinct values (consultants, grades): one Python string each."""
    enc = a.dictionary_encode()
    values = np.array([*enc.dictionary.to_pylist(), None], dtype=object)  # the last slot stands for null
    return values[pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False)]


@dataclass
class ContactTable:
    """The contacts matched to a customer of a `CustomerTable`, as arrays (one entry per kept contact)."""

    ci: np.ndarray  # customer position
    day: np.ndarray
    type: np.ndarray  # index into _TYPE_CODES, -1 unknown
    tag: np.ndarray  # index into KINDS, -1 none
    by_manager: np.ndarray
    first_visit: np.ndarray
    time_text: pa.Array  # "HH:MM" text of every row of the sheet, for ordering a day's contacts
    rows: np.ndarray  # position of each kept contact in the sheet
    next_day: np.ndarray  # the date promised to the customer (next_date), NONE when none
    stamp: np.ndarray  # recorded_at as int64 nanoseconds (the smallest int64 when blank), to order a day's contacts

    masks: dict[tuple[bool, int], np.ndarray] = field(default_factory=dict)  # one pass per code and call

    def _is(self, tag: bool, code: int) -> np.ndarray:
        found = self.masks.get((tag, code))
        if found is None:
            found = self.masks[(tag, code)] = (self.tag if tag else self.type) == code
        return found

    def types(self, *codes: str) -> np.ndarray:
        return np.logical_or.reduce([self._is(False, _TYPE_CODES.index(c)) for c in codes])

    def tagged(self, *kinds: str) -> np.ndarray:
        return np.logical_or.reduce([self._is(True, KINDS.index(k)) for k in kinds])

    def times(self, at: np.ndarray) -> np.ndarray:
        """The time text of the kept contacts at positions `at` ("99:99" when blank)."""
        picked = pc.fill_null(self.time_text.take(pa.array(self.rows[at])), "99:99")
        return _objects(picked)

    def take(self, at: np.ndarray | slice) -> ContactTable:
        """Some of the contacts (positions or a slice), with their own masks."""
        return ContactTable(
            ci=self.ci[at],
            day=self.day[at],
            type=self.type[at],
            tag=self.tag[at],
            by_manager=self.by_manager[at],
            first_visit=self.first_visit[at],
            time_text=self.time_text,
            rows=self.rows[at],
            next_day=self.next_day[at],
            stamp=self.stamp[at],
        )

    def grouped(self, group: np.ndarray, count: int) -> tuple[ContactTable, np.ndarray]:
        """The contacts sorted by their customer's group 0..count-1 (`group` per customer), and
        where each group starts (`count + 1` bounds); within a group in sheet order."""
        g = group[self.ci]
        order = np.argsort(g, kind="stable")  # stable: a group's contacts keep their order
        return self.take(order), np.searchsorted(g[order], np.arange(count + 1))


@dataclass
class _Part:
    ci: np.ndarray
    kind: str
    due: np.ndarray
    window: np.ndarray
    owner: str | np.ndarray | None = None  # None: the customer's consultant; an array: per row
    festival: str = ""
    delivery: np.ndarray | None = None
    minute: np.ndarray | None = None  # the time of day due, minutes since midnight (NO_TIME: none); None: no times

    def where(self, keep: np.ndarray) -> _Part:
        d = None if self.delivery is None else self.delivery[keep]
        owner = self.owner[keep] if isinstance(self.owner, np.ndarray) else self.owner
        minute = None if self.minute is None else self.minute[keep]
        return _Part(self.ci[keep], self.kind, self.due[keep], self.window[keep], owner, self.festival, d, minute)


# --------------------------------------------------------------------------- the engine


def due_followups(
    frames: Mapping[str, pd.DataFrame],
    settings: Mapping[str, Any],
    today: date,
    *,
    consultant: str | None = None,
    horizon_days: int | None = None,
    lang: str = "zh",
) -> pd.DataFrame:
    """Follow-up items due on `today` or earlier (plus `horizon_days` ahead), one per customer and rule.

    `frames` as the reader gives them (customers, contacts, deliveries, reschedules, rota,
    calendar, staff); `settings` typed (missing keys take the schema defaults); `consultant`
    keeps the items owned by that person. Sorted by owner, due date, customer. Example:

        due = due_followups(wb.frames, wb.settings, date(2026, 11, 22), consultant="李娜")
    """
    t = day_number(today)
    cust = customer_table(frames)
    if not cust.n:
        return _empty()
    # a linked showroom-log visit is its customer's visit contact, one per customer and day (logic.showroom)
    frames = {**frames, "contacts": visits_as_contacts(frames)}
    mgrs = managers(frames.get("staff"))
    con = contact_table(frames, cust, t, mgrs)
    manager = mgrs[0] if mgrs else None
    deliv = delivery_table(frames, cust)
    status = _status(cust, deliv)

    # each rule reads only its own customers' contacts (F/Z customers' are often the most);
    # the greetings and the last contact need the live ones, in any order
    live = status != 0
    by_status, at = con.grouped(status, 4)
    con = by_status.take(slice(at[1], at[4]))

    def of(k: int) -> ContactTable:
        return by_status.take(slice(at[k], at[k + 1]))

    parts: list[_Part] = []
    parts += _lead_items(cust, of(1), status == 1, settings, manager)
    parts += _waiting_items(cust, of(2), deliv, status == 2, settings)
    parts += _car_news_items(cust, of(2), deliv, status == 2, settings, t)
    parts += _delivery_items(cust, of(3), deliv, status == 3, settings, mgrs)
    calendar = _calendar_key(frames.get("calendar"))
    if setting_bool(settings, "birthday_greeting"):
        parts += _birthday_items(cust, con, live, settings, today)
    parts += _holiday_items(cust, con, live, settings, today, calendar)
    promised = promised_days(cust.n, con)
    parts += _promise_items(cust, promised, live, frames.get("staff"), manager)
    parts = [p for p in parts if len(p.ci)]
    if not parts:
        return _empty()

    items = _Items.of(parts, cust.consultant)
    items = items.take(items.due > NONE // 2)
    window = calling_hours.calling_window(settings)
    items.due, items.minute = calling_hours.into_window(items.due, items.minute, window)
    _hold_for_promises(items, promised)
    items.base = items.due.copy()
    closed, off = _blocked(calendar, frames.get("rota"), settings)
    opening = calling_hours.minute_of(window[0])
    _move_blocked(items, closed, off, opening)
    _apply_reschedules(items, frames.get("reschedules"), cust)
    _move_blocked(items, closed, off, opening)  # a new date on a closed day moves too
    keep = items.due <= t + (horizon_days or 0)
    if consultant is not None:
        keep &= items.owner == str(consultant).strip()
    items = items.take(keep)
    key = items.ci * np.int64(len(KINDS)) + items.kind
    first = np.unique(key, return_index=True)[1]
    if len(first) < len(key):  # one item per customer and kind: the first one
        items = items.take(np.sort(first))
    tries = contact_table(frames, cust, t, mgrs, outcome="no_answer")
    return _finish(items, cust, con, tries, settings, t, lang, window)


def promised_days(n: int, con: ContactTable) -> np.ndarray:
    """Per customer, the day promised by their latest reached contact (NONE when it promised none).

    Latest by date, then time (a blank time after any other that day), then the time it was
    recorded, then sheet order; a promise on or before the contact's own day is no promise.
    """
    out = np.full(n, NONE, dtype=np.int64)
    if not len(con.ci):
        return out
    # a day's times repeat (a few hundred distinct ones among 100k contacts at M): each is read once
    codes, distinct = pd.factorize(con.times(np.arange(len(con.ci))), use_na_sentinel=False)
    minutes = np.array([_minutes(t) for t in distinct.tolist()], dtype=np.int64)[codes]
    order = np.lexsort((con.rows, con.stamp, minutes, con.day, con.ci))
    last = order[np.r_[con.ci[order][1:] != con.ci[order][:-1], True]]
    last = last[con.next_day[last] > con.day[last]]
    out[con.ci[last]] = con.next_day[last]
    return out


def _minutes(text: object) -> int:
    """Minutes since midnight of an "HH:MM" text; a blank or odd one sorts after every time of the day."""
    try:
        hours, minutes = str(text).split(":")[:2]
        return int(hours) * 60 + int(minutes)
    except ValueError:
        return 24 * 60


def _promise_items(
    cust: CustomerTable, promised: np.ndarray, live: np.ndarray, staff: pd.DataFrame | None, manager: str | None
) -> list[_Part]:
    """The `next_contact` item of each live customer with a promise standing, owned by the customer's
    consultant (by the manager when that consultant has left)."""
    idx = np.flatnonzero(live & (promised > NONE))
    if not len(idx):
        return []
    left = _inactive(staff)
    owner = np.array([manager if c in left else c for c in cust.consultant[idx].tolist()], dtype=object)
    return [_Part(idx, "next_contact", promised[idx], promised[idx], owner=owner)]


def _inactive(staff: pd.DataFrame | None) -> set[str]:
    """Names on the staff sheet marked not active (people who have left)."""
    if staff is None or not len(staff) or "active" not in staff.columns or "name" not in staff.columns:
        return set()
    return {
        str(n).strip()
        for n, a in zip(staff["name"].tolist(), staff["active"].tolist(), strict=True)
        if not pd.isna(n) and not pd.isna(a) and a == False  # noqa: E712
    }


def _hold_for_promises(items: _Items, promised: np.ndarray) -> None:
    """A promise holds the customer's cadence items: one due before the promised day is due on it."""
    held = np.isin(items.kind, [KINDS.index(k) for k in HELD_BY_PROMISE])
    p = promised[items.ci]
    move = held & (p > NONE) & (items.due < p)
    items.due[move] = p[move]


def _attempts(items: _Items, tries: ContactTable, enough: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per item: the no-answer tries on or after its window opened (only those naming its kind, when
    a try names one), the latest try's day (NONE when none), and whether the tries reach `enough`
    on different days."""
    n = len(items.ci)
    count = np.zeros(n, dtype=np.int64)
    last = np.full(n, NONE, dtype=np.int64)
    if not len(tries.ci) or not n:
        return count, last, np.zeros(n, dtype=bool)
    # each item beside each try of its customer: the tries sorted by customer, a range of them per item
    order = np.argsort(tries.ci, kind="stable")
    ci, day, tag = tries.ci[order], tries.day[order], tries.tag[order]
    start = np.searchsorted(ci, items.ci, side="left")
    size = np.searchsorted(ci, items.ci, side="right") - start
    item = np.repeat(np.arange(n), size)
    at = np.repeat(start - np.cumsum(size) + size, size) + np.arange(len(item))
    keep = (day[at] >= items.window[item]) & ((tag[at] < 0) | (tag[at] == items.kind[item]))
    item, day = item[keep], day[at[keep]]
    count += np.bincount(item, minlength=n)
    np.maximum.at(last, item, day)
    if enough <= 0:
        return count, last, np.zeros(n, dtype=bool)
    pairs = np.unique(np.stack([item, day]), axis=1)  # one per item and day
    return count, last, np.bincount(pairs[0], minlength=n) >= enough


@dataclass
class _Items:
    """The candidate items as parallel arrays (one per item)."""

    ci: np.ndarray
    kind: np.ndarray  # index into KINDS
    due: np.ndarray
    window: np.ndarray
    owner: np.ndarray  # object: str or None
    festival: np.ndarray  # object: str
    delivery: np.ndarray  # object: str or None
    base: np.ndarray  # the due date as the rule computed it
    rescheduled: np.ndarray
    minute: np.ndarray  # the time of day due, minutes since midnight (NO_TIME for an item without one)

    @classmethod
    def of(cls, parts: list[_Part], consultants: np.ndarray) -> _Items:
        def each(make: Any, dtype: Any = object) -> np.ndarray:
            return np.concatenate([np.asarray(make(p), dtype=dtype) for p in parts])

        def owner(p: _Part) -> np.ndarray:
            if p.owner is None:
                return consultants[p.ci]
            if isinstance(p.owner, np.ndarray):
                return p.owner
            return np.full(len(p.ci), p.owner, dtype=object)

        due = each(lambda p: p.due, np.int64)
        return cls(
            ci=each(lambda p: p.ci, np.int64),
            kind=each(lambda p: np.full(len(p.ci), KINDS.index(p.kind), dtype=np.int64), np.int64),
            due=due,
            window=each(lambda p: p.window, np.int64),
            owner=each(owner),
            festival=each(lambda p: np.full(len(p.ci), p.festival, dtype=object)),
            delivery=each(lambda p: p.delivery if p.delivery is not None else np.full(len(p.ci), None, dtype=object)),
            base=due,
            rescheduled=np.zeros(len(due), dtype=bool),
            minute=each(lambda p: p.minute if p.minute is not None else np.full(len(p.ci), NO_TIME), np.int64),
        )

    def take(self, at: np.ndarray) -> _Items:
        return _Items(**{k: v[at] for k, v in vars(self).items()})


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in DUE_COLUMNS})


def customer_table(frames: Mapping[str, pd.DataFrame]) -> CustomerTable:
    """The customers sheet as the rules see it (a hand-added row without an ID keyed by phone, else row)."""
    f = frames.get("customers")
    n = 0 if f is None else len(f)
    sheet = {c: _arrow(_column(f, c), n) for c in ("customer_id", "name", "phone", "consultant", "grade", "sex")}
    ids = _trim(sheet["customer_id"])
    row_col = _column(f, "_row")
    row = np.full(n, pd.NA, dtype=object) if row_col is None else row_col.to_numpy()
    first = day_numbers(_column(f, "first_contact")) if _column(f, "first_contact") is not None else np.full(n, NONE)
    # a hand-added row may lack an ID: it is keyed by phone, else by its Excel row
    if ids.null_count:
        ckey = _objects(ids)
        phone = _objects(_trim(sheet["phone"]))
        for i in np.flatnonzero(pd.isna(ckey)):
            ckey[i] = "#phone:" + str(phone[i]) if phone[i] is not None else "#row:" + str(row[i])
        ckey_a = pa.array(ckey, ids.type)
    else:
        ckey_a = ids
    # a repeated ID is the reader's problem to report; the first row stands for the customer
    # a card merged into another counts nowhere (logic.ownership)
    live = first > NONE if f is None else (first > NONE) & ~merged_mask(f).to_numpy(dtype=bool)
    valid = np.flatnonzero(live)
    keep = valid
    if len(valid):
        codes = ckey_a.take(pa.array(valid)).dictionary_encode().indices.to_numpy(zero_copy_only=False)
        if codes.max() + 1 < len(valid):
            keep = valid[np.sort(np.unique(codes, return_index=True)[1])]
    take = pa.array(keep, pa.int64())
    birthday = _column(f, "birthday")
    return CustomerTable(
        src=keep,
        sheet=sheet,
        ids=ids.take(take),
        ckey=ckey_a.take(take),
        consultant=_few_objects(_trim(sheet["consultant"].take(take))),
        grade=_few_objects(pc.utf8_upper(_trim(sheet["grade"].take(take)))),
        row=row[keep],
        first=first[keep],
        birthday=(day_numbers(birthday) if birthday is not None else np.full(n, NONE))[keep],
        lunar=_bool(_column(f, "birthday_lunar"), n)[keep],
    )


def _positions(keys: pa.Array, cust: CustomerTable) -> np.ndarray:
    """Each key's customer position (-1 when unknown), by an Arrow hash lookup (fast on strings)."""
    found = pc.index_in(keys, value_set=cust.ckey.cast(keys.type))
    return pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64)


def contact_table(
    frames: Mapping[str, pd.DataFrame],
    cust: CustomerTable,
    today: np.int64,
    mgrs: list[str] | None = None,
    *,
    outcome: str = "reached",
) -> ContactTable:
    """The contacts of `cust`'s customers (by ID, else a unique phone) dated up to `today`, with who and what.

    Only rows of one `outcome` (a blank outcome reads as reached) that are not void: every rule
    counts reached contacts, and the no-answer tries are taken apart with `outcome="no_answer"`.
    """
    f = frames.get("contacts")
    n = 0 if f is None else len(f)
    ids = _arrow(_column(f, "customer_id"), n)
    ci = _positions(ids, cust)
    missing = ci < 0
    if missing.any() and (pc.sum(pc.is_valid(ids.filter(pa.array(missing)))).as_py() or 0):
        # IDs typed with stray spaces (a key that matches as is has none to strip)
        at = np.flatnonzero(missing)
        ci[at] = _positions(_trim(ids.take(pa.array(at))), cust)
        missing = ci < 0
    if missing.any():
        # a hand-entered contact without a (known) customer ID is matched by a unique phone
        at = np.flatnonzero(missing)
        enc = cust.phone_text.dictionary_encode()
        codes = pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
        has = codes >= 0
        count = np.bincount(codes[has], minlength=len(enc.dictionary) + 1)  # never empty: indexed below
        unique = np.full(len(enc.dictionary) + 1, -1, dtype=np.int64)  # the last slot stands for -1
        one = has & (count[np.where(has, codes, 0)] == 1)
        unique[codes[one]] = np.flatnonzero(one)
        phones = _trim(_arrow(_column(f, "phone"), n).take(pa.array(at)))
        idx = pc.fill_null(pc.index_in(phones, value_set=enc.dictionary.cast(phones.type)), -1)
        ci[at] = unique[idx.to_numpy(zero_copy_only=False).astype(np.int64)]
    date_col = _column(f, "date")
    day = day_numbers(date_col) if date_col is not None else np.full(n, NONE)
    # a contact dated in the future (a typo, or a plan) does not do today's item
    keep = (ci >= 0) & (day > NONE) & (day <= today)
    # a voided row counts for nothing; an old workbook's contacts (no outcome column) read as reached
    keep &= ~_bool(_column(f, "void"), n)
    found = _codes(_column(f, "outcome"), OUTCOMES, n)
    keep &= np.where(found < 0, 0, found) == OUTCOMES.index(outcome)
    rows = np.flatnonzero(keep)
    if mgrs is None:
        mgrs = managers(frames.get("staff"))
    if mgrs:
        by = _arrow(_column(f, "consultant"), n)
        by_manager = pc.is_in(by, value_set=pa.array(mgrs, by.type)).to_numpy(zero_copy_only=False)[rows]
    else:
        by_manager = np.zeros(len(rows), dtype=bool)
    return ContactTable(
        ci=ci[rows],
        day=day[rows],
        type=_codes(_column(f, "type"), _TYPE_CODES, n)[rows],
        tag=_codes(_column(f, "followup_kind"), KINDS, n)[rows],
        by_manager=by_manager,
        first_visit=_bool(_column(f, "first_visit"), n)[rows],
        time_text=_arrow(_column(f, "time"), n),
        rows=rows,
        next_day=(day_numbers(_column(f, "next_date")) if _column(f, "next_date") is not None else np.full(n, NONE))[
            rows
        ],
        stamp=_stamps(_column(f, "recorded_at"), n).view(np.int64)[rows],
    )


@dataclass
class DeliveryTable:
    """Per customer of a `CustomerTable`: the latest done delivery, a planned one, the order day."""

    done_at: np.ndarray  # datetime64[ns] of the latest done delivery per customer (NaT none)
    done_id: np.ndarray  # its ID (object)
    planned: np.ndarray  # bool
    planned_id: np.ndarray
    order_day: np.ndarray
    attendees: np.ndarray  # attendees text of the latest done delivery (object)
    # of the planned delivery (day numbers, NONE when blank): what the waiting-for-car rules read
    expected_day: np.ndarray  # the day of its scheduled (expected) delivery time
    promised_day: np.ndarray  # the delivery day the contract promised
    allocated_day: np.ndarray  # the day the car was allocated
    balance_day: np.ndarray  # the day agreed for the balance payment
    paid_day: np.ndarray  # the day the balance arrived


def _stamps(s: pd.Series | None, n: int) -> np.ndarray:
    """datetime64[ns] values (NaT where missing or not a date) of a column."""
    if s is None:
        return np.full(n, np.datetime64("NaT"), dtype=_NS)
    if s.dtype == _NS:
        return s.to_numpy()
    return pd.to_datetime(s, errors="coerce").astype("datetime64[ns]").to_numpy()


def delivery_table(frames: Mapping[str, pd.DataFrame], cust: CustomerTable) -> DeliveryTable:
    """The deliveries sheet per customer of `cust` (a delivery without a status counts as done once delivered)."""
    n = cust.n
    d = frames.get("deliveries")
    m = 0 if d is None else len(d)
    ci = _positions(_trim(_arrow(_column(d, "customer_id"), m)), cust)
    status = _trim(_arrow(_column(d, "status"), m))
    at = _stamps(_column(d, "delivered_at"), m)
    when = np.where(np.isnat(at), _stamps(_column(d, "scheduled"), m), at)
    no_status = pc.is_null(status).to_numpy(zero_copy_only=False)
    is_done = pc.fill_null(pc.equal(status, "done"), False).to_numpy(zero_copy_only=False)
    is_planned = pc.fill_null(pc.equal(status, "planned"), False).to_numpy(zero_copy_only=False)
    done = (is_done | (no_status & ~np.isnat(at))) & ~np.isnat(when) & (ci >= 0)
    planned = (is_planned | (no_status & np.isnat(at))) & (ci >= 0)
    ids = _objects(_trim(_arrow(_column(d, "delivery_id"), m)))
    out = DeliveryTable(
        np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]"),
        np.full(n, None, dtype=object),
        np.zeros(n, dtype=bool),
        np.full(n, None, dtype=object),
        np.full(n, NONE, dtype=np.int64),
        np.full(n, None, dtype=object),
        *(np.full(n, NONE, dtype=np.int64) for _ in range(5)),
    )
    order = np.argsort(when[done], kind="stable")  # later deliveries overwrite earlier ones
    dci = ci[done][order]
    out.done_at[dci] = when[done][order]
    out.done_id[dci] = ids[done][order]
    out.attendees[dci] = _objects(_trim(_arrow(_column(d, "attendees"), m)))[done][order]
    out.planned[ci[planned]] = True
    out.planned_id[ci[planned]] = ids[planned]
    order_date = _column(d, "order_date")
    if planned.any() and order_date is not None:
        np.maximum.at(out.order_day, ci[planned], day_numbers(order_date)[planned])
    if planned.any():  # the same row as `planned_id`: the customer's last planned one
        for target, col in (
            (out.expected_day, "scheduled"),
            (out.promised_day, "promised_delivery"),
            (out.allocated_day, "allocated_on"),
            (out.balance_day, "balance_due"),
            (out.paid_day, "balance_paid_on"),
        ):
            s = _column(d, col)
            if s is not None:
                target[ci[planned]] = day_numbers(s)[planned]
    return out


def _status(cust: CustomerTable, deliv: DeliveryTable) -> np.ndarray:
    """0 closed (F/Z), 1 lead, 2 waiting for the car, 3 delivered, per customer."""
    g = cust.grade
    status = np.ones(cust.n, dtype=np.int8)
    status[deliv.planned | (g == "O")] = 2
    status[~np.isnat(deliv.done_at) | (g == "D")] = 3
    status[np.isin(g.astype(str), CLOSED_GRADES)] = 0  # str: None as "None", never a grade
    return status


def _lead_items(
    cust: CustomerTable, con: ContactTable, lead: np.ndarray, settings: Mapping[str, Any], manager: str | None
) -> list[_Part]:
    n, first = cust.n, cust.first
    c_first = first[con.ci]
    tagged = con.tagged(*_LEAD_STEPS, "monthly", "grade_interval")
    first_visit = _first_contact_rows(n, con, c_first) | (
        (con.day == c_first) & con.types("visit", "test_drive", "quote")
    )
    fits = (con.day >= c_first) & ((con.types(*LEAD_TYPES) & ~first_visit) | tagged)
    # distinct contact days per customer
    pairs = np.sort(con.ci[fits] * np.int64(1 << 32) + con.day[fits] % (1 << 32))  # sort: faster than np.unique
    pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]] if len(pairs) else pairs
    count = np.bincount((pairs // (1 << 32)).astype(np.int64), minlength=n)
    last_fit = latest_day(n, con.ci, con.day, fits)

    hours = setting_int(settings, "new_lead_intro_hours")
    offsets = (
        math.ceil(hours / 24),
        setting_int(settings, "new_lead_week1_days"),
        setting_int(settings, "new_lead_week2_days"),
        setting_int(settings, "new_lead_month1_days"),
    )
    idx = np.flatnonzero(lead)
    parts = []
    opened = first
    for k, (kind, days) in enumerate(zip(_LEAD_STEPS, offsets, strict=True), start=1):
        due = first + days
        done = (count >= k) | _any_at(n, con.ci, con.tagged(kind))
        parts.append(_Part(idx, kind, due[idx], opened[idx]).where(~done[idx]))
        opened = due + 1
    month1 = first + offsets[3]
    base = np.maximum(last_fit, month1)
    parts.append(_Part(idx, "monthly", (base + setting_int(settings, "monthly_interval_days"))[idx], base[idx]))

    interval = np.full(n, -1, dtype=np.int64)
    for g in HOT_GRADES:
        interval[cust.grade == g] = setting_int(settings, f"grade_interval_{g}")
    hot = lead & (interval >= 0)
    base = np.maximum(last_fit, first)
    h = np.flatnonzero(hot)
    parts.append(_Part(h, "grade_interval", (base + interval)[h], base[h]))

    due = first + setting_int(settings, "dormancy_days")
    done = _any_at(n, con.ci, con.tagged("dormancy_review"))
    parts.append(_Part(idx, "dormancy_review", due[idx], due[idx], owner=manager).where(~done[idx]))
    return parts


def _first_contact_rows(n: int, con: ContactTable, c_first: np.ndarray) -> np.ndarray:
    """The contacts that record the first contact itself (not a follow-up).

    Rows marked first visit; and, for a customer without such a row on the first-contact
    day, that day's earliest untagged contact (the walk-in or the phone-in that made the lead).
    """
    out = con.first_visit.copy()
    on_first = (con.day == c_first) & (con.tag < 0)
    marked = np.zeros(n, dtype=bool)
    marked[con.ci[con.first_visit & (con.day == c_first)]] = True
    cand = np.flatnonzero(on_first & ~marked[con.ci])
    if len(cand):
        times = con.times(cand)
        order = np.lexsort((cand, times.astype(str), con.ci[cand]))
        ordered = cand[order]
        first_of_customer = np.r_[True, con.ci[ordered][1:] != con.ci[ordered][:-1]]
        out[ordered[first_of_customer]] = True
    return out


def _waiting_items(
    cust: CustomerTable, con: ContactTable, deliv: DeliveryTable, waiting: np.ndarray, settings: Mapping[str, Any]
) -> list[_Part]:
    idx = np.flatnonzero(waiting)
    if not len(idx):
        return []
    last = latest_day(cust.n, con.ci, con.day, con.types(*TALK_TYPES) | con.tagged("waiting_car"))
    base = np.where(deliv.order_day > NONE, deliv.order_day, cust.first)
    base = np.maximum(base, last)
    due = base + setting_int(settings, "waiting_interval_days")
    return [_Part(idx, "waiting_car", due[idx], base[idx], delivery=deliv.planned_id[idx])]


def _car_news_items(
    cust: CustomerTable,
    con: ContactTable,
    deliv: DeliveryTable,
    waiting: np.ndarray,
    settings: Mapping[str, Any],
    t: np.int64,
) -> list[_Part]:
    """The news a waiting customer is told at once: the car allocated, the balance due, a delay."""
    n = cust.n
    started = np.where(deliv.order_day > NONE, deliv.order_day, cust.first)

    def told(kind: str, since: np.ndarray, talk: bool = True) -> np.ndarray:
        """Per customer: a contact naming `kind`, or (when `talk`) a call / message / visit, on or after `since`."""
        fit = con.tagged(kind) | (con.types(*TALK_TYPES) if talk else np.zeros(len(con.ci), dtype=bool))
        return _any_at(n, con.ci, fit & (con.day >= since[con.ci]))

    parts = []
    allocated = deliv.allocated_day
    idx = np.flatnonzero(waiting & (allocated > NONE) & ~told("car_allocated", allocated))
    parts.append(_Part(idx, "car_allocated", allocated[idx], allocated[idx], delivery=deliv.planned_id[idx]))

    # the balance is chased before its agreed day, or before the delivery when that comes first
    owed = np.where(
        (deliv.expected_day > NONE) & (deliv.expected_day < deliv.balance_day), deliv.expected_day, deliv.balance_day
    )
    remind = np.maximum(owed - setting_int(settings, "balance_reminder_days"), started)
    unpaid = (deliv.balance_day > NONE) & (deliv.paid_day == NONE)
    idx = np.flatnonzero(waiting & unpaid & ~told("balance_reminder", remind))
    parts.append(_Part(idx, "balance_reminder", remind[idx], remind[idx], delivery=deliv.planned_id[idx]))

    # a delay: the expected day later than the promised one; the workbook keeps no history of the
    # expected day, so the app cannot know since when: it is due the day it is seen (today), and
    # overdue from the promised day once that has passed; done by a contact that names it
    late = (deliv.promised_day > NONE) & (deliv.expected_day > deliv.promised_day)
    seen = np.minimum(deliv.promised_day, t)
    idx = np.flatnonzero(waiting & late & ~told("delivery_delay", started, talk=False))
    parts.append(_Part(idx, "delivery_delay", seen[idx], started[idx], delivery=deliv.planned_id[idx]))
    return parts


def _ceremony_manager(attendees: np.ndarray, mgrs: list[str], default: str | None) -> np.ndarray:
    """Per customer, the manager who attended the delivery (named in attendees), else `default`."""
    out = np.full(len(attendees), default, dtype=object)
    found: dict[str, str | None] = {}  # the same few attendee lists come back delivery after delivery
    for i in np.flatnonzero(pd.notna(attendees)).tolist():
        text = str(attendees[i])
        if text not in found:
            found[text] = next((m for m in mgrs if m in text), default)
        out[i] = found[text]
    return out


def _delivery_items(
    cust: CustomerTable,
    con: ContactTable,
    deliv: DeliveryTable,
    delivered: np.ndarray,
    settings: Mapping[str, Any],
    mgrs: list[str],
) -> list[_Part]:
    idx = np.flatnonzero(delivered)
    if not len(idx):
        return []
    manager = _ceremony_manager(deliv.attendees, mgrs, mgrs[0] if mgrs else None)
    n = cust.n
    has = ~np.isnat(deliv.done_at)
    day0 = np.where(has, day_numbers(deliv.done_at), NONE)
    c_day0 = day0[con.ci]
    after0 = (con.day >= c_day0) & (c_day0 > NONE)
    after1 = con.day > c_day0
    mgr = con.by_manager

    def still_open(mask: np.ndarray) -> np.ndarray:
        return has & ~_any_at(n, con.ci, mask)

    msg_hours = setting_int(settings, "after_message_hours")
    msg_at = deliv.done_at + np.timedelta64(msg_hours, "h")
    msg_due = np.where(has, day_numbers(msg_at), NONE)
    # both are due at a time of day: the arrival call from the handover on, the message its hours later
    timed = {"after_delivery_arrival": _minutes_of(deliv.done_at), "after_delivery_1h": _minutes_of(msg_at)}
    call_day = setting_int(settings, "after_call_day")
    mday = setting_int(settings, "after_manager_call_day")
    rules = (
        (
            "after_delivery_arrival",
            day0,
            day0,
            after0 & (con.types("call") | con.tagged("after_delivery_arrival")),
            None,
        ),
        ("after_delivery_1h", msg_due, day0, after0 & (con.types("message") | con.tagged("after_delivery_1h")), None),
        (
            "after_delivery_day3",
            day0 + call_day,
            day0 + 1,
            (after1 & con.types("call", "visit", "home_visit") & ~mgr) | (after0 & con.tagged("after_delivery_day3")),
            None,
        ),
        (
            "after_delivery_day4",
            day0 + mday,
            day0 + 1,
            (after1 & con.types(*TALK_TYPES) & mgr) | (after0 & con.tagged("after_delivery_day4")),
            manager,
        ),
    )
    parts = []
    for kind, due, opened, mask, owner in rules:
        keep = still_open(mask)[idx]
        who = owner[idx] if isinstance(owner, np.ndarray) else owner
        minute = timed[kind][idx] if kind in timed else None
        part = _Part(idx, kind, due[idx], opened[idx], owner=who, delivery=deliv.done_id[idx], minute=minute)
        parts.append(part.where(keep))
    # monthly after-sales: from the delivery day, or from the last contact after the manager's day
    anchor = np.where(has, day0, cust.first)
    fit = (con.types(*TALK_TYPES) | con.tagged("after_delivery_monthly")) & (con.day > anchor[con.ci] + mday)
    base = np.maximum(anchor, latest_day(n, con.ci, con.day, fit))
    due = base + setting_int(settings, "after_monthly_days")
    parts.append(_Part(idx, "after_delivery_monthly", due[idx], base[idx], delivery=deliv.done_id[idx]))
    return parts


def _minutes_of(stamps: np.ndarray) -> np.ndarray:
    """Minutes since midnight of datetime64[ns] values (NO_TIME where NaT)."""
    v = stamps.astype(_NS).view(np.int64)
    return np.where(np.isnat(stamps), NO_TIME, (v % _NS_PER_DAY) // 60_000_000_000)


def _greeting_done(
    cust: CustomerTable, con: ContactTable, kind: str, window: np.ndarray, tag_window: np.ndarray
) -> np.ndarray:
    """Per customer: a talk contact on/after `window`, or one tagged `kind` on/after `tag_window`."""
    ok = (con.types(*TALK_TYPES) & (con.day >= window[con.ci])) | (con.tagged(kind) & (con.day >= tag_window[con.ci]))
    done = np.zeros(cust.n, dtype=bool)
    done[con.ci[ok]] = True
    return done & (window > NONE)


def _birthday_items(
    cust: CustomerTable, con: ContactTable, live: np.ndarray, settings: Mapping[str, Any], today: date
) -> list[_Part]:
    idx = np.flatnonzero(live & (cust.birthday > NONE))
    if not len(idx):
        return []
    bd = cust.birthday[idx].astype("datetime64[D]")
    months = bd.astype("datetime64[M]").astype(np.int64) % 12 + 1
    days = (bd - bd.astype("datetime64[M]")).astype(np.int64) + 1
    # one calendar look-up per distinct (lunar?, month, day), not per customer
    keys, inverse = np.unique(cust.lunar[idx] * 10_000 + months * 100 + days, return_inverse=True)
    pairs = np.array(
        [_birthday_pair(bool(k // 10_000), int(k // 100 % 100), int(k % 100), today) for k in keys.tolist()],
        dtype=np.int64,
    ).reshape(-1, 2)
    recent = np.full(cust.n, NONE, dtype=np.int64)
    upcoming = np.full(cust.n, NONE, dtype=np.int64)
    recent[idx] = pairs[inverse.ravel(), 0]
    upcoming[idx] = pairs[inverse.ravel(), 1]
    t = day_number(today)
    early = setting_int(settings, "holiday_greeting_days_before")
    counts = (recent > NONE) & (recent >= cust.first)
    done = _greeting_done(cust, con, "birthday", recent, np.where(recent > NONE, recent - early, NONE))
    # an unmet greeting stays overdue until the next birthday is nearer than it
    nearer = (upcoming == NONE) | (t - recent <= upcoming - t)
    due = np.where(counts & ~done & nearer, recent, upcoming)
    return [_Part(idx, "birthday", due[idx], due[idx])]


def _holiday_items(
    cust: CustomerTable,
    con: ContactTable,
    live: np.ndarray,
    settings: Mapping[str, Any],
    today: date,
    calendar: CalendarKey,
) -> list[_Part]:
    names = setting_list(settings, "greeting_festivals")
    idx = np.flatnonzero(live)
    if not len(idx):
        return []
    before = setting_int(settings, "holiday_greeting_days_before")
    start, end = date.fromordinal(today.toordinal() - 400), date.fromordinal(today.toordinal() + 400)
    fests = _festivals(calendar, names, start, end)
    t = day_number(today)
    greet = [(day_number(d) - before, day_number(d), name) for d, name in fests]
    past = [g for g in greet if g[0] <= t]
    future = [g for g in greet if g[0] > t]
    parts = []
    rest = np.ones(cust.n, dtype=bool)
    # an unmet greeting stays overdue until the next festival's greeting day is nearer than it
    if past and (not future or t - past[-1][0] <= future[0][0] - t):
        g_day, f_day, name = past[-1]
        window = np.full(cust.n, g_day, dtype=np.int64)
        open_ = (cust.first <= f_day) & ~_greeting_done(cust, con, "holiday_greeting", window, window)
        parts.append(_Part(idx, "holiday_greeting", window[idx], window[idx], festival=name).where(open_[idx]))
        rest = ~open_
    if future:
        g_day, _, name = future[0]
        window = np.full(cust.n, g_day, dtype=np.int64)
        parts.append(_Part(idx, "holiday_greeting", window[idx], window[idx], festival=name).where(rest[idx]))
    return parts


CalendarKey = tuple[tuple[Any, ...], ...] | None


def _calendar_key(calendar: pd.DataFrame | None) -> CalendarKey:
    """The calendar sheet as hashable columns: day numbers, kinds (stripped), names, greetings."""
    if calendar is None or not len(calendar):
        return None
    n = len(calendar)
    dates = _column(calendar, "date")

    def raw(col: str) -> tuple[Any, ...]:
        s = _column(calendar, col)
        return (None,) * n if s is None else tuple(s.tolist())

    return (
        (int(NONE),) * n if dates is None else tuple(day_numbers(dates).tolist()),
        tuple(_objects(_trim(_arrow(_column(calendar, "kind"), n))).tolist()),
        raw("name"),
        raw("greeting"),
    )


def _date_of(day: int) -> date | None:
    return None if day == NONE else date(1970, 1, 1) + timedelta(days=day)


def _cached(fn: Any) -> Any:
    """`fn` memoised on its (hashable) arguments; calls with unhashable ones are simply made."""
    memo = lru_cache(maxsize=32)(fn)

    def call(*args: Any) -> Any:
        try:
            hash(args)
        except TypeError:
            return fn(*args)
        return memo(*args)

    return call


@_cached
def _festivals(key: CalendarKey, names: tuple[str, ...], start: date, end: date) -> tuple[tuple[date, str], ...]:
    rows = None if key is None else zip(map(_date_of, key[0]), key[2], key[3], strict=True)
    return tuple(cn_calendar.greeted_festivals(names, start, end, rows))


@_cached
def _closed(key: CalendarKey) -> frozenset[date]:
    """The days the store is closed (calendar rows of kind "closed")."""
    if key is None:
        return frozenset()
    return frozenset(_date_of(d) for d, kind in zip(key[0], key[1], strict=True) if kind == "closed" and d != NONE)


@lru_cache(maxsize=4096)
def _birthday_pair(is_lunar: bool, m: int, d: int, today: date) -> tuple[np.int64, np.int64]:
    """(the latest birthday on or before today, the next one after) as day numbers."""
    if is_lunar:
        past, nxt = cn_calendar.lunar_birthday_near(m, d, today)
    else:
        this = cn_calendar.solar_birthday(m, d, today.year)
        if this <= today:
            past, nxt = this, cn_calendar.solar_birthday(m, d, today.year + 1)
        else:
            past, nxt = cn_calendar.solar_birthday(m, d, today.year - 1), this
    return (day_number(past) if past else NONE, day_number(nxt) if nxt else NONE)


def _apply_reschedules(items: _Items, resched: pd.DataFrame | None, cust: CustomerTable) -> None:
    """Apply the reschedule rows of each (customer, kind) in the order they were made.

    A row applies when its original date is the item's due date as computed, as shown (moved
    off a closed day) or as set by an earlier reschedule; a row without an original date
    applies unless it was made before the item's window opened (it belonged to an older item).
    """
    if resched is None or not len(resched):
        return
    m = len(resched)
    ci = _positions(_trim(_arrow(_column(resched, "customer_id"), m)), cust)
    kind = _codes_exact(_trim(_arrow(_column(resched, "kind"), m)), KINDS)

    def days(col: str) -> np.ndarray:
        s = _column(resched, col)
        return np.full(m, NONE) if s is None else day_numbers(s)

    new, original, at = days("new_due"), days("original_due"), days("at")
    row_col = _column(resched, "_row")
    row = np.zeros(m) if row_col is None else pd.to_numeric(row_col, errors="coerce").to_numpy(dtype=np.float64)
    ok = np.flatnonzero((ci >= 0) & (kind >= 0) & (new > NONE))
    if not len(ok):
        return
    ok = ok[np.lexsort((row[ok], at[ok]))]
    r_key = ci[ok] * np.int64(len(KINDS)) + kind[ok]
    i_key = items.ci * np.int64(len(KINDS)) + items.kind
    near = np.flatnonzero(np.isin(i_key, r_key))
    where = dict(zip(i_key[near].tolist(), near.tolist(), strict=True))  # the last item of a key wins
    due, base, window = items.due, items.base, items.window
    for k, original_, new_, at_ in zip(
        r_key.tolist(), original[ok].tolist(), new[ok].tolist(), at[ok].tolist(), strict=True
    ):
        i = where.get(k)
        if i is None:
            continue
        if original_ == NONE:
            if at_ != NONE and at_ < window[i]:
                continue
        elif original_ != due[i] and original_ != base[i]:
            continue
        due[i] = new_
        items.rescheduled[i] = True
        items.minute[i] = NO_TIME  # the new date is a day, not an hour


def _codes_exact(a: pa.Array, codes: tuple[str, ...]) -> np.ndarray:
    """Position of each value in `codes`, exactly as written (-1 for missing or unknown)."""
    found = pc.index_in(a, value_set=pa.array(codes, a.type))
    return pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64)


def _blocked(
    calendar: CalendarKey, rota: pd.DataFrame | None, settings: Mapping[str, Any]
) -> tuple[frozenset[date], dict[str, set[date]]]:
    """(store-closed days, {consultant: days off}) that due dates move off."""
    off: dict[str, set[date]] = {}
    if setting_bool(settings, "move_to_duty_day") and rota is not None and len(rota):
        r = sheet_columns({"r": rota}, "r", ("date", "consultant", "shift"))
        r = r.assign(
            date=pd.to_datetime(r["date"], errors="coerce"), consultant=_text(r["consultant"]), shift=_text(r["shift"])
        )
        off = cn_calendar.blocked_days(None, r, use_rota=True)[1]
    return _closed(calendar), off


def _move_blocked(items: _Items, closed: frozenset[date], off: dict[str, set[date]], opening: int) -> None:
    """Due dates on a closed day (or the owner's day off) to the next open day; a timed item to its opening."""
    if not closed and not off:
        return
    blocked = {day_number(d) for d in closed}
    for days in off.values():
        blocked |= {day_number(d) for d in days}
    hit = np.flatnonzero(np.isin(items.due, np.fromiter(blocked, dtype=np.int64, count=len(blocked))))
    if not len(hit):
        return
    moved: dict[tuple[Any, int], int] = {}
    closed_set = set(closed)
    for i, o, d in zip(hit.tolist(), items.owner[hit].tolist(), items.due[hit].tolist(), strict=True):
        if (o, d) not in moved:
            new = cn_calendar.next_open_day(date(1970, 1, 1) + timedelta(days=d), o, closed_set, off)
            moved[(o, d)] = int(day_number(new))
        items.due[i] = moved[(o, d)]
        if items.minute[i] != NO_TIME:
            items.minute[i] = opening


def _finish(
    items: _Items,
    cust: CustomerTable,
    con: ContactTable,
    tries: ContactTable,
    settings: Mapping[str, Any],
    t: np.int64,
    lang: str,
    window: Window,
) -> pd.DataFrame:
    def rank(values: np.ndarray) -> np.ndarray:
        """Sort ranks of text values, missing ones last (as `sort_values(na_position="last")`)."""
        try:  # plain str and None (a due list's few hundred rows): a Python sort of the distinct values
            ordered = sorted({v for v in values.tolist() if v is not None})
        except TypeError:  # mixed types: pandas' own order
            codes, uniques = pd.factorize(values, sort=True)
            return np.where(codes < 0, len(uniques), codes)
        at = {v: i for i, v in enumerate(ordered)}
        return np.array([at.get(v, len(ordered)) if v is not None else len(ordered) for v in values.tolist()])

    owner = items.owner
    ids = cust.text("customer_id", items.ci)
    order = np.lexsort((items.kind, rank(ids), items.due, rank(owner)))
    ci, due, kind = items.ci[order], items.due[order], items.kind[order]
    labels = np.array([c.label(lang) for c in _KIND_CHOICES], dtype=object)  # type: ignore[arg-type]
    codes = np.array(KINDS, dtype=object)

    cols = {
        "customer_id": ids[order],
        "customer": cust.text("name", ci),
        "phone": cust.text("phone", ci),
        "sex": cust.text("sex", ci),
        "grade": cust.grade[ci],
        "consultant": owner[order],
        "customer_consultant": cust.consultant[ci],
        "kind": codes[kind],
        "label": labels[kind],
        "due": to_dates(due),
        "due_at": _due_at(due, items.minute[order]),
        "last_contact": to_dates(latest_day(cust.n, con.ci, con.day)[ci]),
        "window_opened": to_dates(items.window[order]),
        "festival": items.festival[order],
        "delivery_id": items.delivery[order],
    }
    attempts, last_try, lost = _attempts(items, tries, setting_int(settings, "out_of_contact_tries"))
    cols["last_attempt"] = to_dates(last_try[order])
    cols["script"] = scripts_for(cols, settings, lang)
    cols["window"] = np.empty(len(order), dtype=object)
    cols["window"].fill(window)  # one tuple per row (an assignment would spread its two times)
    # the text and date columns as one object block (plain str / date / None: pandas would
    # otherwise infer slow arrow strings), then the typed ones at their places
    names = [c for c in DUE_COLUMNS if c in cols]
    block = np.empty((len(order), len(names)), dtype=object)
    for j, c in enumerate(names):
        block[:, j] = cols[c]
    out = pd.DataFrame(block, columns=names, dtype=object)
    typed = {
        "overdue_days": (t - due).astype(np.int64),
        "rescheduled": items.rescheduled[order],
        "attempts": attempts[order],
        "out_of_contact": lost[order],
        "_row": cust.row[ci],
    }
    for c in DUE_COLUMNS:
        if c in typed:
            out.insert(DUE_COLUMNS.index(c), c, typed[c])
    return out


_KIND_CHOICES = choice_list("followup_kind").choices


def _due_at(days: np.ndarray, minutes: np.ndarray) -> np.ndarray:
    """`datetime`s (None for an item without a time of day) of due days and minutes."""
    out = np.full(len(days), None, dtype=object)
    for i in np.flatnonzero(minutes != NO_TIME).tolist():
        out[i] = datetime(1970, 1, 1) + timedelta(days=int(days[i]), minutes=int(minutes[i]))
    return out


# --------------------------------------------------------------------------- for pages


def filter_items(
    due: pd.DataFrame, *, consultant: str | None = None, kinds: Iterable[str] | None = None, overdue_only: bool = False
) -> pd.DataFrame:
    """The rows of a due list for one owner, some kinds, and/or only the overdue ones."""
    keep = np.ones(len(due), dtype=bool)
    if consultant:
        keep &= due["consultant"].isin([consultant]).to_numpy()
    kinds = list(kinds or [])
    if kinds:
        keep &= due["kind"].isin(kinds).to_numpy()
    if overdue_only:
        keep &= (due["overdue_days"] > 0).to_numpy()
    return due[keep].reset_index(drop=True)


def counts_by_consultant(due: pd.DataFrame) -> pd.DataFrame:
    """Per owner: items due today, overdue, upcoming, and customers concerned (most overdue first)."""
    cols = ["consultant", "due_today", "overdue", "upcoming", "customers"]
    if due.empty:
        return pd.DataFrame(columns=cols)
    d = due.assign(
        consultant=due["consultant"].fillna("-"),
        due_today=(due["overdue_days"] == 0).astype(int),
        overdue=(due["overdue_days"] > 0).astype(int),
        upcoming=(due["overdue_days"] < 0).astype(int),
        _c=due["customer_id"].fillna(due["phone"]).fillna(due["customer"]),
    )
    g = d.groupby("consultant", sort=False)
    out = g[["due_today", "overdue", "upcoming"]].sum()
    out["customers"] = g["_c"].nunique()
    out = out.reset_index().sort_values(["overdue", "due_today", "consultant"], ascending=[False, False, True])
    return out[cols].reset_index(drop=True)


URGENCY: tuple[str, ...] = (
    "after_delivery_arrival",
    "after_delivery_1h",
    "new_lead_24h",
    "delivery_delay",
    "next_contact",
    "after_delivery_day3",
    "after_delivery_day4",
    "birthday",
    "holiday_greeting",
    "car_allocated",
    "balance_reminder",
    "waiting_car",
    "grade_interval",
    "new_lead_week1",
    "new_lead_week2",
    "new_lead_month1",
    "monthly",
    "after_delivery_monthly",
    "dormancy_review",
)  # what cannot wait comes first among customers due on the same day


def by_customer(due: pd.DataFrame) -> list[pd.DataFrame]:
    """The items grouped by customer: today's first, then the most recently lapsed, then upcoming.

    A long-lapsed backlog is the least actionable, so it comes after what is due now; among
    customers due the same day, the most urgent kind first (`URGENCY`: a safe-arrival call
    before a monthly call); within a customer the most overdue item first.
    """
    if due.empty:
        return []
    key = due["customer_id"].fillna("#" + due["phone"].fillna("").astype(str) + "#" + due["_row"].astype(str))
    od = due["overdue_days"]
    rank = od.where(od >= 0, 1_000_000 - od)  # upcoming after every overdue item
    nearest = rank.groupby(key, sort=False).transform("min")
    urgency = due["kind"].map({k: i for i, k in enumerate(URGENCY)}).fillna(len(URGENCY))
    urgent = urgency.where(rank == nearest, len(URGENCY)).groupby(key, sort=False).transform("min")
    d = due.assign(_key=key, _near=nearest, _urgent=urgent).sort_values(
        ["_near", "_urgent", "_key", "overdue_days"], ascending=[True, True, True, False], kind="stable"
    )
    keys = d["_key"].to_numpy()
    d = d.drop(columns=["_key", "_near", "_urgent"])  # once, not per customer: 0.7 s for a store's 1,300 customers
    return [g for _, g in d.groupby(keys, sort=False)]


def as_of(value: date | datetime | str) -> date:
    """A date from a date, a datetime or ISO text (for callers that take an "as of" input)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
