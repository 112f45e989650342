"""Named write operations, applied by key (never by row position), and their JSON form.

Generic: `Append(sheet, values)`, `Update(sheet, key, values, expect=None)`,
`Upsert(sheet, key, values)`, `Group(ops)`; `values`/`key`/`expect` are dicts by schema
column key, typed like the reader's output (codes for choices and grades). The domain
constructors below are thin shapes over these, e.g.::

    ui.session.write([operations.log_contact("C0012", "call", date(2026, 11, 22), result="约周六试驾")])
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from workbook import schema

# --------------------------------------------------------------------------- values


def plain(value: Any) -> Any:
    """A value as plain Python (pandas NA/NaT/Timestamp and numpy scalars made ordinary)."""
    if value is None:
        return None
    if isinstance(value, bool | str | int) and not hasattr(value, "dtype"):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, datetime):
        if type(value) is not datetime:  # pandas Timestamp
            if value != value:  # NaT
                return None
            value = value.to_pydatetime() if hasattr(value, "to_pydatetime") else datetime(*value.timetuple()[:6])
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return value
    if isinstance(value, time):
        return value.strftime("%H:%M")
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return None
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    if hasattr(value, "item"):  # numpy scalar
        return plain(value.item())
    return value


def _plain_dict(d: dict[str, Any] | None) -> dict[str, Any]:
    return {str(k): plain(v) for k, v in (d or {}).items()}


def _check_sheet(sheet: str, *dicts: dict[str, Any]) -> None:
    decl = schema.SHEETS_BY_KEY.get(sheet)
    if decl is None:
        raise ValueError(f"unknown sheet {sheet!r}")
    keys = set(decl.column_keys())
    for d in dicts:
        unknown = set(d) - keys
        if unknown:
            raise ValueError(f"sheet {sheet!r} has no columns {sorted(unknown)}")


@dataclass(frozen=True)
class Append:
    """Add a row to a sheet (an entity sheet allocates the next ID when none is given)."""

    sheet: str
    values: dict[str, Any]

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", _plain_dict(self.values))
        _check_sheet(self.sheet, self.values)


@dataclass(frozen=True)
class Update:
    """Set cells of the one row whose key columns hold `key`; `expect` = values the caller saw."""

    sheet: str
    key: dict[str, Any]
    values: dict[str, Any]
    expect: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", _plain_dict(self.key))
        object.__setattr__(self, "values", _plain_dict(self.values))
        if self.expect is not None:
            object.__setattr__(self, "expect", _plain_dict(self.expect))
        _check_sheet(self.sheet, self.key, self.values, self.expect or {})
        if not any(v not in (None, "") for v in self.key.values()):
            raise ValueError("an Update needs a key with a value")


@dataclass(frozen=True)
class Upsert:
    """Update the row with this (composite) key, or append it when there is none."""

    sheet: str
    key: dict[str, Any]
    values: dict[str, Any]

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", _plain_dict(self.key))
        object.__setattr__(self, "values", _plain_dict(self.values))
        _check_sheet(self.sheet, self.key, self.values)
        if not any(v not in (None, "") for v in self.key.values()):
            raise ValueError("an Upsert needs a key with a value")


@dataclass(frozen=True)
class Group:
    """Several operations that belong together (applied in order, in the same write)."""

    ops: tuple[Any, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        object.__setattr__(self, "ops", tuple(self.ops))


Op = Append | Update | Upsert | Group


def flatten(ops: Any) -> list[Append | Update | Upsert]:
    """Operations with groups and nested lists opened up, in order."""
    if isinstance(ops, Append | Update | Upsert):
        return [ops]
    if isinstance(ops, Group):
        return flatten(list(ops.ops))
    if isinstance(ops, dict):
        return flatten(from_json(ops))
    out: list[Append | Update | Upsert] = []
    for o in ops:
        out.extend(flatten(o))
    return out


# --------------------------------------------------------------------------- JSON


def _enc(v: Any) -> Any:
    if isinstance(v, datetime):
        return {"$datetime": v.isoformat()}
    if isinstance(v, date):
        return {"$date": v.isoformat()}
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def _dec(v: Any) -> Any:
    if isinstance(v, dict):
        if "$datetime" in v:
            return datetime.fromisoformat(v["$datetime"])
        if "$date" in v:
            return date.fromisoformat(v["$date"])
    return v


def _enc_dict(d: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if d is None else {k: _enc(v) for k, v in d.items()}


def _dec_dict(d: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if d is None else {k: _dec(v) for k, v in d.items()}


def to_json(op: Op) -> dict[str, Any]:
    """The operation as a JSON-serialisable dict (dates as {"$date": iso})."""
    if isinstance(op, Append):
        return {"op": "append", "sheet": op.sheet, "values": _enc_dict(op.values)}
    if isinstance(op, Update):
        return {
            "op": "update",
            "sheet": op.sheet,
            "key": _enc_dict(op.key),
            "values": _enc_dict(op.values),
            "expect": _enc_dict(op.expect),
        }
    if isinstance(op, Upsert):
        return {"op": "upsert", "sheet": op.sheet, "key": _enc_dict(op.key), "values": _enc_dict(op.values)}
    if isinstance(op, Group):
        return {"op": "group", "ops": [to_json(o) for o in op.ops]}
    raise TypeError(f"not an operation: {op!r}")


def from_json(d: dict[str, Any]) -> Op:
    """The operation back from `to_json`'s dict."""
    kind = d.get("op")
    if kind == "append":
        return Append(d["sheet"], _dec_dict(d["values"]) or {})
    if kind == "update":
        return Update(d["sheet"], _dec_dict(d["key"]) or {}, _dec_dict(d["values"]) or {}, _dec_dict(d.get("expect")))
    if kind == "upsert":
        return Upsert(d["sheet"], _dec_dict(d["key"]) or {}, _dec_dict(d["values"]) or {})
    if kind == "group":
        return Group(tuple(from_json(o) for o in d["ops"]))
    raise ValueError(f"not an operation: {d!r}")


# --------------------------------------------------------------------------- records about a customer


# a record about a customer: its column <- the customer's column, filled when left empty
CUSTOMER_FILLS: tuple[tuple[str, str], ...] = (("consultant", "consultant"), ("customer", "name"), ("phone", "phone"))


def customer_fills(sheet: str, values: dict[str, Any]) -> list[tuple[str, str]]:
    """Which empty columns of a record about a customer (`values` has its customer_id) take the
    customer row's value, as (column of `sheet`, column of the customer); the writer and the
    overlay both fill by this rule."""
    keys = schema.sheet(sheet).column_keys()
    if sheet == "customers" or "customer_id" not in keys or values.get("customer_id") in (None, ""):
        return []
    return [(k, src) for k, src in CUSTOMER_FILLS if k in keys and values.get(k) in (None, "")]


def _values(**kw: Any) -> dict[str, Any]:
    return {k: v for k, v in kw.items() if v is not None}


# --------------------------------------------------------------------------- domain


def log_contact(
    customer_id: str,
    type: str,
    on: date | None = None,
    *,
    date: date | None = None,
    grade: str | None = None,
    result: str | None = None,
    next_date: date | None = None,
    grade_after: str | None = None,
    consultant: str | None = None,
    followup_kind: str | None = None,
    next_step: str | None = None,
    time: str | None = None,
    people: int | None = None,
    first_visit: bool | None = None,
    recorded_by: str | None = None,
    customer: str | None = None,
    phone: str | None = None,
    update_grade: bool = True,
    outcome: str = "reached",
    dialled: str | None = None,
    recorded_at: datetime | None = None,
) -> Op:
    """Append a contact on day `on` (or `date=`); name, phone and consultant come from the customer row
    when not given; with `grade_after` (or `grade=`) the customer's grade is updated too.

    `outcome` is a code of the `contact_outcome` list (reached, no_answer, wrong_number);
    `next_date` is the day promised to the customer; `recorded_at` when the row was entered.
    """
    date = on if on is not None else date
    if date is None:
        raise ValueError("log_contact needs the contact's date (on=...)")
    if outcome not in schema.choice_list("contact_outcome").codes():
        raise ValueError(f"unknown contact outcome {outcome!r}")
    grade_after = grade_after or grade
    if outcome == "wrong_number" and not dialled:
        dialled = phone  # the number found wrong: the warning lasts until the customer's phone differs from it
    contact = Append(
        "contacts",
        _values(
            customer_id=customer_id, type=type, date=date, result=result, next_date=next_date, grade_after=grade_after,
            consultant=consultant, followup_kind=followup_kind, next_step=next_step, time=time, people=people,
            first_visit=first_visit, recorded_by=recorded_by, customer=customer, phone=phone,
            outcome=outcome, dialled=dialled, recorded_at=recorded_at,
        ),
    )  # fmt: skip
    if grade_after and update_grade:
        return Group((contact, Update("customers", {"customer_id": customer_id}, {"grade": grade_after})))
    return contact


def void_contact(contact_id: str) -> Update:
    """Mark a contact row void (a mis-tap taken back): it stays in the sheet and counts for nothing.

    Who may void which row (its author, the same day) is the page's rule; voiding twice is harmless.
    """
    return Update("contacts", {"contact_id": contact_id}, {"void": True})


def set_grade(customer_id: str, grade: str, *, expect: str | None = None) -> Update:
    """Set a customer's lead grade (code letter)."""
    return Update("customers", {"customer_id": customer_id}, {"grade": grade}, {"grade": expect} if expect else None)


def add_customer(**values: Any) -> Append:
    """Add a customer (the next customer ID is allocated when none is given)."""
    return Append("customers", values)


def update_customer(key: str | dict[str, Any], values: dict[str, Any], expect: dict[str, Any] | None = None) -> Update:
    """Set cells of a customer, found by ID (or by a dict key such as {"phone": ...})."""
    k = key if isinstance(key, dict) else {"customer_id": key}
    return Update("customers", k, values, expect)


def reassign(
    customer_id: str | dict[str, Any],
    consultant: str,
    *,
    expect_consultant: str | None = None,
    by: str | None = None,
    reason: str | None = None,
    at: datetime | None = None,
) -> Group:
    """Hand a customer to another consultant and record it on the reassignments sheet (manager only; the
    page checks the role). `expect_consultant` is the consultant the caller saw, written as "from";
    `at` defaults to now. A customer found by phone (a dict key) is linked to the record by that phone."""
    k = customer_id if isinstance(customer_id, dict) else {"customer_id": customer_id}
    move = Update(
        "customers", k, {"consultant": consultant}, {"consultant": expect_consultant} if expect_consultant else None
    )
    record = Append(
        "reassignments",
        _values(
            recorded_at=at or datetime.now().replace(microsecond=0), by=by, customer_id=k.get("customer_id"),
            phone=k.get("phone"), from_consultant=expect_consultant, to_consultant=consultant, reason=reason,
        ),
    )  # fmt: skip
    return Group((move, record))


def reassign_many(
    moves: list[tuple[str, str, str]], *, by: str | None = None, reason: str | None = None, at: datetime | None = None
) -> Group:
    """Several customers handed over in one write, each move recorded: `moves` are (customer ID, from, to)."""
    at = at or datetime.now().replace(microsecond=0)
    return Group(
        tuple(reassign(cid, to, expect_consultant=old or None, by=by, reason=reason, at=at) for cid, old, to in moves)
    )


def merge_cards(
    survivor: str,
    merged: str,
    references: dict[str, list[str]],
    *,
    by: str | None = None,
    reason: str | None = None,
    at: datetime | None = None,
    from_consultant: str | None = None,
    to_consultant: str | None = None,
) -> Group:
    """Merge customer card `merged` into `survivor`: every row that points at `merged` (`references`: sheet key ->
    the IDs of its rows) points at `survivor` afterwards, `merged` is marked `merged_into`, nothing is deleted,
    and the merge is recorded on the reassignments sheet under the surviving card."""
    if survivor == merged:
        raise ValueError("a card cannot be merged into itself")
    ops: list[Any] = []
    for sheet_key, ids in references.items():
        id_col = schema.sheet(sheet_key).id_column
        if id_col is None:
            raise ValueError(f"sheet {sheet_key!r} has no ID column to address its rows by")
        for row_id in ids:
            ops.append(Update(sheet_key, {id_col: row_id}, {"customer_id": survivor}, {"customer_id": merged}))
    ops.append(Update("customers", {"customer_id": merged}, {"merged_into": survivor}))
    record = _values(
        recorded_at=at or datetime.now().replace(microsecond=0), by=by, customer_id=survivor,
        from_consultant=from_consultant, to_consultant=to_consultant or from_consultant, reason=reason,
    )  # fmt: skip
    ops.append(Append("reassignments", record))
    return Group(tuple(ops))


def set_checklist_item(
    delivery_id: str,
    item_id: str,
    done: bool = True,
    *,
    by: str | None = None,
    at: datetime | None = None,
    note: str | None = None,
) -> Upsert:
    """Tick (or untick) one delivery checklist item."""
    values: dict[str, Any] = {"done": done, **_values(by=by, at=at, note=note)}
    return Upsert("checklist", {"delivery_id": delivery_id, "item_id": item_id}, values)


def reschedule(
    customer_id: str,
    kind: str,
    new_due: date,
    *,
    original_due: date | None = None,
    reason: str | None = None,
    by: str | None = None,
    at: datetime | None = None,
) -> Append:
    """Record a new due date for one follow-up item of a customer."""
    return Append(
        "reschedules",
        _values(
            customer_id=customer_id, kind=kind, new_due=new_due, original_due=original_due, reason=reason, by=by, at=at
        ),
    )


def set_rota(date: date, consultant: str, **values: Any) -> Upsert:
    """Set a consultant's rota line for a day (shift code, order, appearance_ok, folder_ok, note)."""
    return Upsert("rota", {"date": date, "consultant": consultant}, values)


def add_plan(date: date, consultant: str, **values: Any) -> Append:
    """Add a line to a consultant's activity plan (tomorrow's plan)."""
    return Append("plans", {"date": date, "consultant": consultant, **values})


def update_plan(plan_id: str, **values: Any) -> Update:
    """Set cells of a plan line (done, result, ...)."""
    return Update("plans", {"plan_id": plan_id}, values)


def set_setting(key: str, value: Any) -> Upsert:
    """Set one setting (by its key, e.g. "language"); the row is found by its key or label."""
    if key not in schema.SETTINGS_BY_KEY:
        raise ValueError(f"unknown setting {key!r}")
    return Upsert("settings", {"name": key}, {"value": value})


def add_delivery(customer_id: str, **values: Any) -> Append:
    """Plan a delivery for a customer (the next delivery ID is allocated)."""
    return Append("deliveries", {"customer_id": customer_id, "status": values.pop("status", "planned"), **values})


def update_delivery(delivery_id: str, **values: Any) -> Update:
    """Set cells of a delivery."""
    return Update("deliveries", {"delivery_id": delivery_id}, values)


def complete_delivery(
    delivery_id: str, delivered_at: datetime, *, customer_id: str | None = None, note: str | None = None
) -> Op:
    """Mark a delivery done; with `customer_id` the customer's grade becomes D (delivered)."""
    upd = Update(
        "deliveries", {"delivery_id": delivery_id}, _values(status="done", delivered_at=delivered_at, note=note)
    )
    if customer_id:
        return Group((upd, Update("customers", {"customer_id": customer_id}, {"grade": "D"})))
    return upd


def request_lost(date: date, customer_id: str, consultant: str, **values: Any) -> Append:
    """Record a lost sale waiting for the manager's decision."""
    return Append(
        "lost", {"date": date, "customer_id": customer_id, "consultant": consultant, "decision": "pending", **values}
    )


def decide_lost(
    lost_id: str, decision: str, decided_by: str, *, customer_id: str | None = None, note: str | None = None
) -> Op:
    """The manager's decision on a lost request; approved with `customer_id` sets the grade to F."""
    upd = Update("lost", {"lost_id": lost_id}, _values(decision=decision, decided_by=decided_by, note=note))
    if customer_id and decision == "approved":
        return Group((upd, Update("customers", {"customer_id": customer_id}, {"grade": "F"})))
    return upd


def add_meeting_note(
    date: date, kind: str, note: str, *, consultant: str | None = None, by: str | None = None
) -> Append:
    """Add a morning/evening/weekly meeting note (general, or for one consultant)."""
    return Append("meetings", _values(date=date, kind=kind, note=note, consultant=consultant, by=by))


def set_targets(month: str, consultant: str, **values: Any) -> Upsert:
    """Set a consultant's targets for a month ("YYYY-MM"): leads, visits, test_drives, orders, deliveries."""
    return Upsert("targets", {"month": month, "consultant": consultant}, values)


# --------------------------------------------------------------------------- the showroom log (issue 18)


def log_visit(date: date, time_in: str, kind: str = "visit", **values: Any) -> Append:
    """A visit or phone-in at the front desk (a new row of the showroom log; its ID is allocated)."""
    return Append("showroom_log", {"date": date, "time_in": time_in, "kind": kind, **_values(**values)})


def visit_left(visit_id: str, time_out: str) -> Update:
    """The visitor left: the row's time out, written only while it is still empty."""
    return Update("showroom_log", {"visit_id": visit_id}, {"time_out": time_out}, expect={"time_out": None})


def link_visit(visit_id: str, customer_id: str) -> Update:
    """A customer card takes over a log row (an anonymous visit, or one whose phone matched): its customer ID."""
    return Update("showroom_log", {"visit_id": visit_id}, {"customer_id": customer_id})
