"""The follow-up cadence: which customer must be contacted, for which rule, by when.

`due_followups(frames, settings, today)` returns a DataFrame, one row per customer and rule
(`kind`, a code of the schema's `followup_kind` list), with the columns of `DUE_COLUMNS`.
Rows are those due on `today` or earlier and not yet done; `horizon_days` adds upcoming ones.

How an item is done ("satisfied"): by a fitting contact of the same customer dated on or after
the item's window opening, or by any contact whose `followup_kind` names the item.
- New lead (counted from first contact, distinct contact days): the greeting (`new_lead_24h`)
  needs one follow-up contact, `new_lead_week1` two, `new_lead_week2` three, `new_lead_month1`
  four. The first-contact record itself is not a follow-up: rows marked first visit, else
  the first-contact day's earliest untagged contact; nor is a visit / test drive / quote on
  that day. Calls, visits, messages, home visits, test drives, quotes and orders fit.
- Recurring rules (`monthly`, `grade_interval`, `waiting_car`, `after_delivery_monthly`) are
  due an interval after the last fitting contact; any fitting contact renews them.
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
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd

from logic import cn_calendar
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
    "overdue_days",  # today - due (0 due today, negative upcoming)
    "last_contact",  # date of the customer's latest contact of any kind, or None
    "window_opened",  # date from which a fitting contact does the item
    "festival",  # festival name for holiday greetings (zh key), else ""
    "delivery_id",  # for after-delivery items, else NA
    "rescheduled",  # True when a reschedule row set the due date
    "script",  # the call script in `lang`
    "_row",  # the customer's Excel row
)
LEAD_TYPES = ("call", "visit", "message", "home_visit", "test_drive", "quote", "order")
TALK_TYPES = ("call", "visit", "message", "home_visit")
CLOSED_GRADES = ("F", "Z")
MANAGER_ROLES = ("manager", "director")
_LEAD_STEPS = ("new_lead_24h", "new_lead_week1", "new_lead_week2", "new_lead_month1")


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

NONE = np.int64(-(2**62))
_TYPE_CODES: tuple[str, ...] = choice_list("contact_type").codes()


def _days(s: pd.Series | pd.Index | np.ndarray) -> np.ndarray:
    """Whole days since 1970 (NONE where missing) of a date-like column."""
    d = pd.to_datetime(pd.Series(np.asarray(s)) if not isinstance(s, pd.Series) else s, errors="coerce")
    arr = d.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    out = arr.astype(np.int64)
    out[np.isnat(arr)] = NONE
    return out


def _day(d: date) -> np.int64:
    return np.int64((d - date(1970, 1, 1)).days)


def _to_date(days: np.ndarray) -> np.ndarray:
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


def _frame(frames: Mapping[str, pd.DataFrame], key: str, columns: tuple[str, ...]) -> pd.DataFrame:
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


def _bool(s: pd.Series) -> np.ndarray:
    return s.isin([True]).to_numpy(dtype=bool)


def _codes(s: pd.Series, codes: tuple[str, ...]) -> np.ndarray:
    """Position of each value in `codes` (-1 for missing or unknown); the reader gives codes as is."""
    found = pd.Categorical(s.astype("string"), categories=list(codes)).codes.astype(np.int16)
    odd = (found < 0) & s.notna().to_numpy()
    if odd.any():  # a hand-made frame with stray spaces or capitals
        found[odd] = pd.Categorical(_text(s[odd]).str.lower(), categories=[c.lower() for c in codes]).codes
    return found


def _max_at(n: int, ci: np.ndarray, days: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
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
    s = staff[staff["name"].notna()]
    active = ~s["active"].isin([False]) if "active" in s.columns else pd.Series(True, index=s.index)
    out: list[str] = []
    for role in MANAGER_ROLES:
        out += [str(n).strip() for n in s.loc[active & s["role"].isin([role]), "name"]]
    return out


@dataclass
class _Customers:
    frame: pd.DataFrame  # customer_id, name, phone, consultant, grade, sex, ckey, _row
    first: np.ndarray
    birthday: np.ndarray
    lunar: np.ndarray

    @property
    def n(self) -> int:
        return len(self.frame)


@dataclass
class _Contacts:
    ci: np.ndarray  # customer position
    day: np.ndarray
    type: np.ndarray  # index into _TYPE_CODES, -1 unknown
    tag: np.ndarray  # index into KINDS, -1 none
    by_manager: np.ndarray
    first_visit: np.ndarray
    time: pd.Series  # "HH:MM" text, for ordering a day's contacts

    def types(self, *codes: str) -> np.ndarray:
        return np.isin(self.type, [_TYPE_CODES.index(c) for c in codes])

    def tagged(self, *kinds: str) -> np.ndarray:
        return np.isin(self.tag, [KINDS.index(k) for k in kinds])


@dataclass
class _Part:
    ci: np.ndarray
    kind: str
    due: np.ndarray
    window: np.ndarray
    owner: str | np.ndarray | None = None  # None: the customer's consultant; an array: per row
    festival: str = ""
    delivery: np.ndarray | None = None

    def where(self, keep: np.ndarray) -> _Part:
        d = None if self.delivery is None else self.delivery[keep]
        owner = self.owner[keep] if isinstance(self.owner, np.ndarray) else self.owner
        return _Part(self.ci[keep], self.kind, self.due[keep], self.window[keep], owner, self.festival, d)


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
    t = _day(today)
    cust = _customers(frames)
    if not cust.n:
        return _empty()
    con = _contacts(frames, cust, t)
    mgrs = managers(frames.get("staff"))
    manager = mgrs[0] if mgrs else None
    deliv = _deliveries(frames, cust)
    status = _status(cust, deliv)

    parts: list[_Part] = []
    parts += _lead_items(cust, con, status == 1, settings, manager)
    parts += _waiting_items(cust, con, deliv, status == 2, settings)
    parts += _delivery_items(cust, con, deliv, status == 3, settings, mgrs)
    live = status != 0
    if setting_bool(settings, "birthday_greeting"):
        parts += _birthday_items(cust, con, live, settings, today)
    parts += _holiday_items(cust, con, live, settings, today, frames.get("calendar"))
    parts = [p for p in parts if len(p.ci)]
    if not parts:
        return _empty()

    f = cust.frame
    consultants = f["consultant"].to_numpy(dtype=object, na_value=None)
    ci = np.concatenate([p.ci for p in parts])
    owner = np.concatenate(
        [
            consultants[p.ci]
            if p.owner is None
            else p.owner
            if isinstance(p.owner, np.ndarray)
            else np.full(len(p.ci), p.owner, dtype=object)
            for p in parts
        ]
    )
    items = pd.DataFrame(
        {
            "ci": ci,
            "kind": np.concatenate([np.full(len(p.ci), p.kind, dtype=object) for p in parts]),
            "due": np.concatenate([p.due for p in parts]),
            "window": np.concatenate([p.window for p in parts]),
            "owner": owner,
            "festival": np.concatenate([np.full(len(p.ci), p.festival, dtype=object) for p in parts]),
            "delivery_id": np.concatenate(
                [p.delivery if p.delivery is not None else np.full(len(p.ci), None, dtype=object) for p in parts]
            ),
        }
    )
    items = items[items["due"] > NONE // 2]
    items["base"] = items["due"]
    items = _move_blocked(items, frames, settings)
    items = _apply_reschedules(items, frames.get("reschedules"), cust)
    items = _move_blocked(items, frames, settings)  # a new date on a closed day moves too
    if consultant is not None:
        items = items[items["owner"].isin([str(consultant).strip()])]
    items = items[items["due"] <= t + (horizon_days or 0)]
    items = items.drop_duplicates(["ci", "kind"], keep="first")
    return _finish(items, cust, con, settings, t, lang)


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in DUE_COLUMNS})


def _customers(frames: Mapping[str, pd.DataFrame]) -> _Customers:
    cols = (
        "customer_id",
        "name",
        "phone",
        "consultant",
        "first_contact",
        "grade",
        "birthday",
        "birthday_lunar",
        "sex",
        "_row",
    )
    c = _frame(frames, "customers", cols)
    out = pd.DataFrame(
        {
            "customer_id": _text(c["customer_id"]),
            "name": _text(c["name"]),
            "phone": _text(c["phone"]),
            "consultant": _text(c["consultant"]),
            "grade": _text(c["grade"]).str.upper(),
            "sex": _text(c["sex"]),
            "_row": c["_row"],
            "_src": np.arange(len(c)),  # position in the sheet's frame, for callers that need more columns
        }
    )
    first = _days(c["first_contact"])
    # a hand-added row may lack an ID: it is keyed by phone, else by its Excel row
    key = out["customer_id"].astype(object)
    by_phone = "#phone:" + out["phone"].astype(object).astype(str)
    by_row = "#row:" + out["_row"].astype(str)
    out["ckey"] = key.where(key.notna(), by_phone.where(out["phone"].notna(), by_row)).astype(str)
    # a repeated ID is the reader's problem to report; the first row stands for the customer
    valid = first > NONE
    keep = valid & ~(out["ckey"].where(valid).duplicated(keep="first") & valid).to_numpy()
    out = out[keep].reset_index(drop=True)
    return _Customers(out, first[keep], _days(c["birthday"])[keep], _bool(c["birthday_lunar"])[keep])


def _positions(keys: pd.Series, cust: _Customers) -> np.ndarray:
    """Each key's customer position (-1 when unknown), by factorizing both together (fast on strings)."""
    own = cust.frame["ckey"].astype("string")
    codes, uniques = pd.factorize(pd.concat([own, keys.astype("string")], ignore_index=True))
    lookup = np.full(len(uniques) + 1, -1, dtype=np.int64)
    lookup[codes[: len(own)]] = np.arange(len(own))
    return lookup[codes[len(own) :]]  # a missing key has code -1: the extra last slot, -1


def _contacts(frames: Mapping[str, pd.DataFrame], cust: _Customers, today: np.int64) -> _Contacts:
    cols = ("customer_id", "phone", "date", "time", "type", "followup_kind", "consultant", "first_visit")
    c = _frame(frames, "contacts", cols)
    ci = _positions(c["customer_id"].astype("string"), cust)
    missing = ci < 0
    if missing.any():  # IDs typed with stray spaces
        ci[missing] = _positions(_text(c.loc[missing, "customer_id"]), cust)
        missing = ci < 0
    if missing.any():
        # a hand-entered contact without a (known) customer ID is matched by a unique phone
        cf = cust.frame
        phones = cf[cf["phone"].notna() & ~cf["phone"].duplicated(keep=False)]
        idx = pd.Index(phones["phone"]).get_indexer(
            _text(c.loc[missing, "phone"]).astype(object).where(lambda s: s.notna(), None)
        )
        ci[missing] = np.where(idx >= 0, phones.index.to_numpy()[idx], -1)
    day = _days(c["date"])
    # a contact dated in the future (a typo, or a plan) does not do today's item
    keep = (ci >= 0) & (day > NONE) & (day <= today)
    mgrs = managers(frames.get("staff"))
    by = c["consultant"].astype("string")
    return _Contacts(
        ci=ci[keep].astype(np.int64),
        day=day[keep],
        type=_codes(c["type"], _TYPE_CODES)[keep],
        tag=_codes(c["followup_kind"], KINDS)[keep],
        by_manager=by.isin(mgrs).to_numpy(dtype=bool, na_value=False)[keep]
        if mgrs
        else np.zeros(int(keep.sum()), dtype=bool),
        first_visit=_bool(c["first_visit"])[keep],
        time=c["time"].astype("string")[keep],
    )


@dataclass
class _Deliveries:
    done_at: np.ndarray  # datetime64[ns] of the latest done delivery per customer (NaT none)
    done_id: np.ndarray  # its ID (object)
    planned: np.ndarray  # bool
    planned_id: np.ndarray
    order_day: np.ndarray
    attendees: np.ndarray  # attendees text of the latest done delivery (object)


def _deliveries(frames: Mapping[str, pd.DataFrame], cust: _Customers) -> _Deliveries:
    n = cust.n
    cols = ("delivery_id", "customer_id", "status", "scheduled", "delivered_at", "order_date", "attendees")
    d = _frame(frames, "deliveries", cols)
    ci = _positions(_text(d["customer_id"]), cust)
    status = _text(d["status"])
    at = pd.to_datetime(d["delivered_at"], errors="coerce").astype("datetime64[ns]")
    sched = pd.to_datetime(d["scheduled"], errors="coerce").astype("datetime64[ns]")
    when = at.where(at.notna(), sched).to_numpy()
    done = (status.isin(["done"]) | (status.isna() & at.notna())).to_numpy() & ~np.isnat(when) & (ci >= 0)
    planned = (status.isin(["planned"]) | (status.isna() & at.isna())).to_numpy() & (ci >= 0)
    ids = _text(d["delivery_id"]).to_numpy(dtype=object, na_value=None)
    out = _Deliveries(
        np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]"),
        np.full(n, None, dtype=object),
        np.zeros(n, dtype=bool),
        np.full(n, None, dtype=object),
        np.full(n, NONE, dtype=np.int64),
        np.full(n, None, dtype=object),
    )
    order = np.argsort(when[done], kind="stable")  # later deliveries overwrite earlier ones
    dci = ci[done][order]
    out.done_at[dci] = when[done][order]
    out.done_id[dci] = ids[done][order]
    out.attendees[dci] = _text(d["attendees"]).to_numpy(dtype=object, na_value=None)[done][order]
    out.planned[ci[planned]] = True
    out.planned_id[ci[planned]] = ids[planned]
    np.maximum.at(out.order_day, ci[planned], _days(d["order_date"])[planned])
    return out


def _status(cust: _Customers, deliv: _Deliveries) -> np.ndarray:
    """0 closed (F/Z), 1 lead, 2 waiting for the car, 3 delivered, per customer."""
    g = cust.frame["grade"]
    status = np.ones(cust.n, dtype=np.int8)
    status[deliv.planned | g.isin(["O"]).to_numpy()] = 2
    status[~np.isnat(deliv.done_at) | g.isin(["D"]).to_numpy()] = 3
    status[g.isin(CLOSED_GRADES).to_numpy()] = 0
    return status


def _lead_items(
    cust: _Customers, con: _Contacts, lead: np.ndarray, settings: Mapping[str, Any], manager: str | None
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
    last_fit = _max_at(n, con.ci, con.day, fits)

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
        done = (count >= k) | (_max_at(n, con.ci, con.day, con.tagged(kind)) > NONE)
        parts.append(_Part(idx, kind, due[idx], opened[idx]).where(~done[idx]))
        opened = due + 1
    month1 = first + offsets[3]
    base = np.maximum(last_fit, month1)
    parts.append(_Part(idx, "monthly", (base + setting_int(settings, "monthly_interval_days"))[idx], base[idx]))

    interval = np.full(n, -1, dtype=np.int64)
    grade = cust.frame["grade"]
    for g in HOT_GRADES:
        interval[grade.isin([g]).to_numpy()] = setting_int(settings, f"grade_interval_{g}")
    hot = lead & (interval >= 0)
    base = np.maximum(last_fit, first)
    h = np.flatnonzero(hot)
    parts.append(_Part(h, "grade_interval", (base + interval)[h], base[h]))

    due = first + setting_int(settings, "dormancy_days")
    done = _max_at(n, con.ci, con.day, con.tagged("dormancy_review")) > NONE
    parts.append(_Part(idx, "dormancy_review", due[idx], due[idx], owner=manager).where(~done[idx]))
    return parts


def _first_contact_rows(n: int, con: _Contacts, c_first: np.ndarray) -> np.ndarray:
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
        times = con.time.iloc[cand].fillna("99:99").to_numpy(dtype=object)
        order = np.lexsort((cand, times.astype(str), con.ci[cand]))
        ordered = cand[order]
        first_of_customer = np.r_[True, con.ci[ordered][1:] != con.ci[ordered][:-1]]
        out[ordered[first_of_customer]] = True
    return out


def _waiting_items(
    cust: _Customers, con: _Contacts, deliv: _Deliveries, waiting: np.ndarray, settings: Mapping[str, Any]
) -> list[_Part]:
    idx = np.flatnonzero(waiting)
    if not len(idx):
        return []
    last = _max_at(cust.n, con.ci, con.day, con.types(*TALK_TYPES) | con.tagged("waiting_car"))
    base = np.where(deliv.order_day > NONE, deliv.order_day, cust.first)
    base = np.maximum(base, last)
    due = base + setting_int(settings, "waiting_interval_days")
    return [_Part(idx, "waiting_car", due[idx], base[idx], delivery=deliv.planned_id[idx])]


def _ceremony_manager(attendees: np.ndarray, mgrs: list[str], default: str | None) -> np.ndarray:
    """Per customer, the manager who attended the delivery (named in attendees), else `default`."""
    out = np.full(len(attendees), default, dtype=object)
    for i in np.flatnonzero(pd.notna(attendees)):
        text = str(attendees[i])
        out[i] = next((m for m in mgrs if m in text), default)
    return out


def _delivery_items(
    cust: _Customers,
    con: _Contacts,
    deliv: _Deliveries,
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
    day0 = np.where(has, _days(deliv.done_at), NONE)
    c_day0 = day0[con.ci]
    after0 = (con.day >= c_day0) & (c_day0 > NONE)
    after1 = con.day > c_day0
    mgr = con.by_manager

    def still_open(mask: np.ndarray) -> np.ndarray:
        return has & (_max_at(n, con.ci, con.day, mask) == NONE)

    msg_hours = setting_int(settings, "after_message_hours")
    msg_due = np.where(has, _days(deliv.done_at + np.timedelta64(msg_hours, "h")), NONE)
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
        parts.append(_Part(idx, kind, due[idx], opened[idx], owner=who, delivery=deliv.done_id[idx]).where(keep))
    # monthly after-sales: from the delivery day, or from the last contact after the manager's day
    anchor = np.where(has, day0, cust.first)
    fit = (con.types(*TALK_TYPES) | con.tagged("after_delivery_monthly")) & (con.day > anchor[con.ci] + mday)
    base = np.maximum(anchor, _max_at(n, con.ci, con.day, fit))
    due = base + setting_int(settings, "after_monthly_days")
    parts.append(_Part(idx, "after_delivery_monthly", due[idx], base[idx], delivery=deliv.done_id[idx]))
    return parts


def _greeting_done(
    cust: _Customers, con: _Contacts, kind: str, window: np.ndarray, tag_window: np.ndarray
) -> np.ndarray:
    """Per customer: a talk contact on/after `window`, or one tagged `kind` on/after `tag_window`."""
    ok = (con.types(*TALK_TYPES) & (con.day >= window[con.ci])) | (con.tagged(kind) & (con.day >= tag_window[con.ci]))
    done = np.zeros(cust.n, dtype=bool)
    done[con.ci[ok]] = True
    return done & (window > NONE)


def _birthday_items(
    cust: _Customers, con: _Contacts, live: np.ndarray, settings: Mapping[str, Any], today: date
) -> list[_Part]:
    idx = np.flatnonzero(live & (cust.birthday > NONE))
    if not len(idx):
        return []
    bd = cust.birthday[idx].astype("datetime64[D]")
    months = (bd.astype("datetime64[M]").astype(np.int64) % 12 + 1).tolist()
    days = (bd - bd.astype("datetime64[M]")).astype(np.int64).__add__(1).tolist()
    lunar = cust.lunar[idx].tolist()
    recent = np.full(cust.n, NONE, dtype=np.int64)
    upcoming = np.full(cust.n, NONE, dtype=np.int64)
    cache: dict[tuple[bool, int, int], tuple[np.int64, np.int64]] = {}
    for i, key in zip(idx.tolist(), zip(lunar, months, days, strict=True), strict=True):
        pair = cache.get(key)
        if pair is None:
            is_lunar, m, d = key
            if is_lunar:
                past, nxt = cn_calendar.lunar_birthday_near(m, d, today)
            else:
                this = cn_calendar.solar_birthday(m, d, today.year)
                if this <= today:
                    past, nxt = this, cn_calendar.solar_birthday(m, d, today.year + 1)
                else:
                    past, nxt = cn_calendar.solar_birthday(m, d, today.year - 1), this
            pair = cache[key] = (_day(past) if past else NONE, _day(nxt) if nxt else NONE)
        recent[i], upcoming[i] = pair
    t = _day(today)
    early = setting_int(settings, "holiday_greeting_days_before")
    counts = (recent > NONE) & (recent >= cust.first)
    done = _greeting_done(cust, con, "birthday", recent, np.where(recent > NONE, recent - early, NONE))
    # an unmet greeting stays overdue until the next birthday is nearer than it
    nearer = (upcoming == NONE) | (t - recent <= upcoming - t)
    due = np.where(counts & ~done & nearer, recent, upcoming)
    return [_Part(idx, "birthday", due[idx], due[idx])]


def _holiday_items(
    cust: _Customers,
    con: _Contacts,
    live: np.ndarray,
    settings: Mapping[str, Any],
    today: date,
    calendar: pd.DataFrame | None,
) -> list[_Part]:
    names = setting_list(settings, "greeting_festivals")
    idx = np.flatnonzero(live)
    if not len(idx):
        return []
    before = setting_int(settings, "holiday_greeting_days_before")
    start, end = date.fromordinal(today.toordinal() - 400), date.fromordinal(today.toordinal() + 400)
    fests = cn_calendar.festivals_between(names, start, end, _calendar_frame(calendar))
    t = _day(today)
    greet = [(_day(d) - before, _day(d), name) for d, name in fests]
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


def _calendar_frame(calendar: pd.DataFrame | None) -> pd.DataFrame | None:
    if calendar is None or not len(calendar):
        return None
    out = _frame({"c": calendar}, "c", ("date", "kind", "name", "greeting"))
    out["date"] = pd.to_datetime(out["date"], errors="coerce").dt.normalize()
    out["kind"] = _text(out["kind"])
    return out


def _apply_reschedules(items: pd.DataFrame, resched: pd.DataFrame | None, cust: _Customers) -> pd.DataFrame:
    """Apply the reschedule rows of each (customer, kind) in the order they were made.

    A row applies when its original date is the item's due date as computed, as shown (moved
    off a closed day) or as set by an earlier reschedule; a row without an original date
    applies unless it was made before the item's window opened (it belonged to an older item).
    """
    items = items.assign(rescheduled=False)
    if resched is None or not len(resched):
        return items
    r = _frame({"r": resched}, "r", ("customer_id", "kind", "original_due", "new_due", "at", "_row"))
    r = pd.DataFrame(
        {
            "ci": _positions(_text(r["customer_id"]), cust),
            "kind": _text(r["kind"]).astype(object),
            "original": _days(r["original_due"]),
            "new": _days(r["new_due"]),
            "at": _days(r["at"]),
            "_row": pd.to_numeric(r["_row"], errors="coerce"),
        }
    )
    r = r[(r["ci"] >= 0) & r["kind"].notna() & (r["new"] > NONE)].sort_values(["at", "_row"], kind="stable")
    if not len(r):
        return items
    where = {(c, k): i for i, c, k in zip(items.index, items["ci"].tolist(), items["kind"].tolist(), strict=True)}
    due = items["due"].to_dict()
    base = items["base"].to_dict() if "base" in items.columns else due.copy()
    window = items["window"].to_dict()
    done: set[Any] = set()
    for ci, kind, original, new, at in zip(r["ci"], r["kind"], r["original"], r["new"], r["at"], strict=True):
        i = where.get((ci, kind))
        if i is None:
            continue
        if original == NONE:
            if at != NONE and at < window[i]:
                continue
        elif original not in (due[i], base[i]):
            continue
        due[i] = int(new)
        done.add(i)
    if done:
        idx = list(done)
        items.loc[idx, "due"] = [due[i] for i in idx]
        items.loc[idx, "rescheduled"] = True
    return items


def _move_blocked(items: pd.DataFrame, frames: Mapping[str, pd.DataFrame], settings: Mapping[str, Any]) -> pd.DataFrame:
    cal = _calendar_frame(frames.get("calendar"))
    rota = frames.get("rota")
    if rota is not None and len(rota):
        rota = _frame({"r": rota}, "r", ("date", "consultant", "shift"))
        rota = rota.assign(
            date=pd.to_datetime(rota["date"], errors="coerce"),
            consultant=_text(rota["consultant"]),
            shift=_text(rota["shift"]),
        )
    closed, off = cn_calendar.blocked_days(cal, rota, use_rota=setting_bool(settings, "move_to_duty_day"))
    if not closed and not off:
        return items
    blocked = {_day(d) for d in closed}
    for days in off.values():
        blocked |= {_day(d) for d in days}
    hit = items["due"].isin(list(blocked)).to_numpy()
    if not hit.any():
        return items
    sub = items.loc[hit, ["owner", "due"]]
    moved: dict[tuple[Any, int], int] = {}
    for o, d in zip(sub["owner"].tolist(), sub["due"].tolist(), strict=True):
        if (o, d) not in moved:
            new = cn_calendar.next_open_day(date(1970, 1, 1) + timedelta(days=d), o, closed, off)
            moved[(o, d)] = int(_day(new))
    items.loc[hit, "due"] = [moved[(o, d)] for o, d in zip(sub["owner"].tolist(), sub["due"].tolist(), strict=True)]
    return items


def _finish(
    items: pd.DataFrame, cust: _Customers, con: _Contacts, settings: Mapping[str, Any], t: np.int64, lang: str
) -> pd.DataFrame:
    from logic.scripts import scripts_for

    f = cust.frame
    ci = items["ci"].to_numpy()
    due = items["due"].to_numpy(dtype=np.int64)
    last_any = _max_at(cust.n, con.ci, con.day)[ci]
    labels = {c.code: c.label(lang) for c in choice_list("followup_kind").choices}  # type: ignore[arg-type]
    order = {k: i for i, k in enumerate(KINDS)}

    # object columns stay object (plain str / None): pandas would otherwise infer (slow) arrow strings
    def take(col: str) -> pd.Series:
        return pd.Series(f[col].to_numpy(dtype=object, na_value=None)[ci], dtype=object)

    def obj(col: str) -> pd.Series:
        values = items[col].to_numpy(dtype=object, copy=True)
        values[pd.isna(values)] = None
        return pd.Series(values, dtype=object)

    out = pd.DataFrame(
        {
            "customer_id": take("customer_id"),
            "customer": take("name"),
            "phone": take("phone"),
            "sex": take("sex"),
            "grade": take("grade"),
            "consultant": obj("owner"),
            "customer_consultant": take("consultant"),
            "kind": obj("kind"),
            "label": pd.Series(items["kind"].map(labels).to_numpy(dtype=object), dtype=object),
            "due": pd.Series(_to_date(due), dtype=object),
            "overdue_days": (t - due).astype(np.int64),
            "last_contact": pd.Series(_to_date(last_any), dtype=object),
            "window_opened": pd.Series(_to_date(items["window"].to_numpy(dtype=np.int64)), dtype=object),
            "festival": pd.Series(items["festival"].fillna("").to_numpy(dtype=object), dtype=object),
            "delivery_id": obj("delivery_id"),
            "rescheduled": items["rescheduled"].to_numpy(dtype=bool),
            "_row": f["_row"].to_numpy()[ci],
            "_due": due,
            "_k": items["kind"].map(order).to_numpy(),
        }
    )
    out = out.sort_values(["consultant", "_due", "customer_id", "_k"], kind="stable", na_position="last")
    out = out.drop(columns=["_due", "_k"]).reset_index(drop=True)
    out["script"] = pd.Series(scripts_for(out, settings, lang), dtype=object)
    return out[list(DUE_COLUMNS)]


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
    "after_delivery_day3",
    "after_delivery_day4",
    "birthday",
    "holiday_greeting",
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
    return [g.drop(columns=["_key", "_near", "_urgent"]) for _, g in d.groupby("_key", sort=False)]


def as_of(value: date | datetime | str) -> date:
    """A date from a date, a datetime or ISO text (for callers that take an "as of" input)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
