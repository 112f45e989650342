"""The morning (早会) and evening (夕会) meeting boards, built from the workbook's frames.

Definitions the boards use (the same everywhere, so a printed sheet agrees with the page):
- the day's plan: plans rows dated that day (made at the previous evening meeting);
- appointments: plan rows of the day whose activity is a showroom or home visit;
- test drives today: plan rows of the day whose activity is a test drive;
- deliveries today: deliveries rows scheduled that day and not cancelled;
- H leads: the consultant's customers whose grade is H;
- results (visits, leads, test drives, orders, deliveries): the counting rules of
  `logic.plan_actual`;
- follow-ups: `logic.followups.counts_by_consultant` of the due list the caller passes in
  (`due_followups(frames, settings, day)`, as the due-list page computes it), so every
  count equals the due list's for the same owner and day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pandas as pd

from logic import showroom
from logic.followups import counts_by_consultant
from logic.ownership import live_customers
from logic.plan_actual import (
    METRICS,
    Figure,
    actuals,
    consultants,
    counted,
    in_period,
    is_value,
    month_bounds,
    month_key,
    targets_for,
    time_progress,
)

Frames = dict[str, pd.DataFrame]

APPOINTMENT_ACTIVITIES: tuple[str, ...] = ("visit", "home_visit")
PENDING_REVIEW_DAYS = 14  # undecided lost requests this recent are listed at the evening meeting
ROTA_FIELDS: tuple[str, ...] = ("shift", "order", "appearance_ok", "folder_ok", "note")


# --------------------------------------------------------------------------- pieces


@dataclass(frozen=True)
class PlanItem:
    """One row of the activity plan (活动预订表)."""

    plan_id: str | None
    time: str | None
    customer: str | None
    activity: str | None  # a contact_type code
    goal: str | None
    done: bool | None
    result: str | None


@dataclass(frozen=True)
class Note:
    """One meeting note; `consultant` None for a note to the whole floor."""

    meeting_id: str | None
    consultant: str | None
    note: str
    by: str | None


@dataclass(frozen=True)
class RotaEntry:
    """A consultant's rota cell for a day; every field None when the rota has no row."""

    shift: str | None = None
    order: int | None = None
    appearance_ok: bool | None = None
    folder_ok: bool | None = None
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in ROTA_FIELDS}


@dataclass(frozen=True)
class LostCase:
    """A lost-sale record for the evening review."""

    lost_id: str | None
    consultant: str
    customer_id: str | None
    customer: str | None
    model: str | None
    reason: str | None  # a lost_reason code (or the text as typed, the list is open)
    competitor: str | None
    decision: str | None  # a decision code; None = not decided yet
    decided_by: str | None
    note: str | None


@dataclass(frozen=True)
class Booking:
    """Something fixed for a consultant on a day: a scheduled delivery or an appointment in the plan."""

    kind: str  # "delivery", or the plan's contact_type code (visit, home_visit, test_drive)
    time: str | None  # "HH:MM"
    customer: str | None


@dataclass
class MorningLine:
    """One consultant on the morning board."""

    consultant: str
    rota: RotaEntry
    plans: list[PlanItem]
    due_today: int
    overdue: int
    appointments: int
    test_drives: int
    deliveries: int
    yesterday: dict[str, int]  # results by metric
    yesterday_planned: dict[str, int]  # yesterday's plan by metric (visits, test drives, orders, deliveries)
    yesterday_plans: int
    yesterday_plans_done: int
    month: dict[str, Figure]  # month to date against target
    hot: list[str]  # names of H leads
    notes: list[Note]
    booked: list[Booking] = field(default_factory=list)  # today's deliveries and appointments, by time

    @property
    def on_duty(self) -> bool:
        """On duty unless the rota says day off or leave (no row = on duty)."""
        return self.rota.shift not in ("off", "leave")

    @property
    def off_but_booked(self) -> list[Booking]:
        """Today's deliveries and appointments of a consultant who is off (someone must cover or swap)."""
        return [] if self.on_duty else self.booked


@dataclass(frozen=True)
class DueCount:
    """Follow-up items of an owner who has no line on the board (a manager, or "-" for none)."""

    consultant: str
    due_today: int
    overdue: int


@dataclass
class MorningBoard:
    """The whole morning board for one day."""

    day: date
    month: str
    time_progress: float
    lines: list[MorningLine]
    notes: list[Note]  # general notes (no consultant)
    hot_total: int = 0
    others: list[DueCount] = field(default_factory=list)  # follow-ups owned by people not on the board

    @property
    def due_today(self) -> int:
        """Items due today on the whole due list (consultants and others)."""
        return sum(x.due_today for x in self.lines) + sum(x.due_today for x in self.others)

    @property
    def overdue(self) -> int:
        """Overdue items on the whole due list (consultants and others)."""
        return sum(x.overdue for x in self.lines) + sum(x.overdue for x in self.others)


@dataclass
class EveningLine:
    """One consultant on the evening board."""

    consultant: str
    results: dict[str, int]  # today's results by metric
    planned: dict[str, int]  # today's plan by metric (visits, test drives, orders, deliveries)
    plans: int
    plans_done: int
    visits_without_card: int
    cards_without_grade: int
    followups_due_open: int  # due today, not done
    overdue: int
    tomorrow: list[PlanItem]
    lost: list[LostCase]
    notes: list[Note]
    today: list[PlanItem] = field(default_factory=list)  # today's plan items, to tick done


@dataclass
class EveningBoard:
    """The whole evening board for one day."""

    day: date
    tomorrow: date
    lines: list[EveningLine]
    notes: list[Note]
    totals: dict[str, int] = field(default_factory=dict)
    pending_recent: list[LostCase] = field(default_factory=list)  # undecided, last PENDING_REVIEW_DAYS days
    pending_older: int = 0  # undecided and older than that

    @property
    def lost(self) -> list[LostCase]:
        return [case for line in self.lines for case in line.lost]


# --------------------------------------------------------------------------- reading helpers


def _text(value: Any) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def _bool(value: Any) -> bool | None:
    return None if value is None or pd.isna(value) else bool(value)


def _int(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _consultant_is(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame["consultant"].astype("string").str.strip().eq(name).fillna(False).astype(bool)


def _day_rows(frame: pd.DataFrame, column: str, day: date) -> pd.DataFrame:
    return frame.loc[in_period(frame[column], day, day)]


@dataclass(frozen=True)
class _Day:
    """One day's plan items and its scheduled (not cancelled) deliveries, by consultant, each sheet scanned once:
    a board asks for every consultant, and a scan per consultant cost seconds at a three-year workbook."""

    plans: dict[str, list[PlanItem]]  # by time (rows without a time last)
    deliveries: dict[str, list[Booking]]  # in sheet order


def _day(frames: Frames, day: date) -> _Day:
    plans = _day_rows(frames["plans"], "date", day)
    plans = plans.assign(_t=plans["time"].astype("string").fillna("99:99")).sort_values(["_t", "_row"])
    items: dict[str, list[PlanItem]] = {}
    for who, (_, r) in zip(_stripped(plans["consultant"]), plans.iterrows(), strict=True):
        item = PlanItem(
            _text(r["plan_id"]),
            _text(r["time"]),
            _text(r["customer"]) or _text(r["customer_id"]),
            _text(r["activity"]),
            _text(r["goal"]),
            _bool(r["done"]),
            _text(r["result"]),
        )
        if who is not None:
            items.setdefault(who, []).append(item)
    deliveries = frames["deliveries"]
    rows = deliveries.loc[in_period(deliveries["scheduled"], day, day) & ~is_value(deliveries["status"], "cancelled")]
    scheduled: dict[str, list[Booking]] = {}
    for who, (_, r) in zip(_stripped(rows["consultant"]), rows.iterrows(), strict=True):
        booking = Booking(
            "delivery",
            None if pd.isna(r["scheduled"]) else pd.Timestamp(r["scheduled"]).strftime("%H:%M"),
            _text(r["customer"]) or _text(r["customer_id"]),
        )
        if who is not None:
            scheduled.setdefault(who, []).append(booking)
    return _Day(items, scheduled)


def _stripped(names: pd.Series) -> list[str | None]:
    """Each name with surrounding spaces removed (None for a blank cell), as `_consultant_is` compares them."""
    return [None if n is pd.NA else n for n in names.astype("string").str.strip()]


def plan_items(frames: Frames, day: date, consultant: str) -> list[PlanItem]:
    """A consultant's plan rows for a day, by time (rows without a time last)."""
    return _day(frames, day).plans.get(consultant, [])


def rota_for(frames: Frames, day: date) -> dict[str, RotaEntry]:
    """The rota rows of a day by consultant (a repeated row: the last one wins)."""
    rows = _day_rows(frames["rota"], "date", day)
    out: dict[str, RotaEntry] = {}
    for _, r in rows.iterrows():
        name = _text(r["consultant"])
        if name:
            out[name] = RotaEntry(
                _text(r["shift"]), _int(r["order"]), _bool(r["appearance_ok"]), _bool(r["folder_ok"]), _text(r["note"])
            )
    return out


def meeting_notes(frames: Frames, day: date, kind: str) -> list[Note]:
    """The notes of one meeting (kind "morning" / "evening") on a day, in sheet order."""
    meetings = frames.get("meetings")
    if meetings is None or meetings.empty:
        return []
    rows = meetings.loc[in_period(meetings["date"], day, day) & is_value(meetings["kind"], kind)]
    return [
        Note(_text(r["meeting_id"]), _text(r["consultant"]), _text(r["note"]) or "", _text(r["by"]))
        for _, r in rows.iterrows()
        if _text(r["note"])
    ]


def due_counts(due: pd.DataFrame | None) -> dict[str, tuple[int, int]]:
    """Follow-up items per owner as (due today, overdue), exactly as the due list counts them.

    `due` is what `logic.followups.due_followups` returns for the meeting's day (no horizon);
    the counts are its `counts_by_consultant`, so the board and the due list never differ.
    """
    if due is None or due.empty:
        return {}
    table = counts_by_consultant(due)
    return {str(r.consultant): (int(r.due_today), int(r.overdue)) for r in table.itertuples()}


def _board_names(frames: Frames, *extra: Iterable[str]) -> list[str]:
    names = list(consultants(frames))
    for group in extra:
        names += [n for n in group if n and n not in names]
    return names


def _plan_names(frames: Frames, day: date) -> list[str]:
    rows = _day_rows(frames["plans"], "date", day)
    return [n for n in rows["consultant"].astype("string").str.strip().dropna() if n]


def _planned(of: _Day, name: str) -> dict[str, int]:
    items = of.plans.get(name, [])
    return {
        "visits": sum(1 for p in items if p.activity in APPOINTMENT_ACTIVITIES),
        "test_drives": sum(1 for p in items if p.activity == "test_drive"),
        "orders": sum(1 for p in items if p.activity == "order"),
        "deliveries": len(of.deliveries.get(name, [])),
    }


BOOKED_ACTIVITIES: tuple[str, ...] = (*APPOINTMENT_ACTIVITIES, "test_drive")


def bookings(frames: Frames, day: date, consultant: str) -> list[Booking]:
    """A consultant's deliveries scheduled on `day` (not cancelled) and appointments / test drives planned, by time."""
    return _booked(_day(frames, day), consultant)


def _booked(of: _Day, consultant: str) -> list[Booking]:
    out = list(of.deliveries.get(consultant, []))
    out += [
        Booking(p.activity, p.time, p.customer) for p in of.plans.get(consultant, []) if p.activity in BOOKED_ACTIVITIES
    ]
    return sorted(out, key=lambda b: b.time or "99:99")


def contacts_between(frames: Frames, start: date, end: date) -> Frames:
    """`frames` with the contacts narrowed to rows dated `start`..`end`, for counts of periods within it.

    `actuals` and `logic.showroom.traffic` read no contact dated outside the period asked (the customers
    and the showroom log they read whole), so they count the same on these frames, without scanning three
    years of contacts again for each period (tests/unit/test_meetings_sample.py holds the figures to the file).
    """
    contacts = frames["contacts"]
    return {**frames, "contacts": contacts.loc[in_period(contacts["date"], start, end)]}


def _row_counts(table: pd.DataFrame, name: str) -> dict[str, int]:
    return {m: int(table.at[name, m]) if name in table.index else 0 for m in METRICS}


# --------------------------------------------------------------------------- the boards


def morning_board(frames: Frames, settings: dict[str, Any], day: date, due: pd.DataFrame | None = None) -> MorningBoard:
    """Everything the morning meeting goes through, per consultant, for `day`.

    Consultants are listed in the rota's order of taking walk-ins (those on duty first,
    then by `order`, then the staff sheet's order). `due` is `due_followups(frames,
    settings, day)`; owners of items who have no line (managers) are in `others`.
    """
    month = month_key(day)
    tp = time_progress(month, day)
    rota = rota_for(frames, day)
    names = _board_names(frames, rota, _plan_names(frames, day))
    counts = due_counts(due)
    yesterday = day - timedelta(days=1)
    first, _last = month_bounds(month)
    recent = contacts_between(frames, min(first, yesterday), day)
    y_table = actuals(recent, yesterday, yesterday)
    m_table = actuals(recent, first, day)
    targets = targets_for(frames, month)
    customers = live_customers(frames["customers"])
    hot_rows = customers.loc[is_value(customers["grade"], "H")]
    hot_by: dict[str, list[str]] = {}
    for who, hot_name in zip(_stripped(hot_rows["consultant"]), hot_rows["name"].astype("string"), strict=True):
        if who is not None and hot_name is not pd.NA:
            hot_by.setdefault(who, []).append(hot_name)
    notes = meeting_notes(frames, day, "morning")
    today_, yesterday_ = _day(frames, day), _day(frames, yesterday)
    lines = []
    for name in names:
        entry = rota.get(name, RotaEntry())
        items = today_.plans.get(name, [])
        y_items = yesterday_.plans.get(name, [])
        planned = _planned(today_, name)
        target_row = targets.loc[name] if name in targets.index else None
        month_actual = _row_counts(m_table, name)
        month_figures = {
            m: Figure(
                m,
                month_actual[m],
                None if target_row is None or pd.isna(target_row[m]) else int(target_row[m]),
                tp,
            )
            for m in METRICS
        }
        hot = hot_by.get(name, [])
        lines.append(
            MorningLine(
                consultant=name,
                rota=entry,
                plans=items,
                due_today=counts.get(name, (0, 0))[0],
                overdue=counts.get(name, (0, 0))[1],
                appointments=planned["visits"],
                test_drives=planned["test_drives"],
                deliveries=planned["deliveries"],
                yesterday=_row_counts(y_table, name),
                yesterday_planned=_planned(yesterday_, name),
                yesterday_plans=len(y_items),
                yesterday_plans_done=sum(1 for p in y_items if p.done),
                month=month_figures,
                hot=hot,
                notes=[n for n in notes if n.consultant == name],
                booked=_booked(today_, name),
            )
        )
    position = {n: i for i, n in enumerate(names)}

    def order(line: MorningLine) -> tuple[int, int, int]:
        rank = line.rota.order if line.rota.order is not None else 10_000
        return (0 if line.on_duty else 1, rank, position[line.consultant])

    lines.sort(key=order)
    general = [n for n in notes if n.consultant is None or n.consultant not in position]
    others = [DueCount(n, *c) for n, c in counts.items() if n not in position]
    return MorningBoard(day, month, tp, lines, general, sum(len(line.hot) for line in lines), others)


def _lost_cases(rows: pd.DataFrame) -> list[LostCase]:
    cases = []
    for _, r in rows.iterrows():
        brand, model = _text(r["competitor_brand"]), _text(r["competitor_model"])
        competitor = " ".join(p for p in (brand, model) if p) or None
        cases.append(
            LostCase(
                _text(r["lost_id"]),
                _text(r["consultant"]) or "",
                _text(r["customer_id"]),
                _text(r["customer"]) or _text(r["customer_id"]),
                _text(r["model"]),
                _text(r["reason"]),
                competitor,
                _text(r["decision"]),
                _text(r["decided_by"]),
                _text(r["note"]),
            )
        )
    return cases


def lost_on(frames: Frames, day: date) -> list[LostCase]:
    """The lost-sale records dated `day`."""
    return _lost_cases(_day_rows(frames["lost"], "date", day))


def pending_lost(frames: Frames, day: date, since: date | None = None) -> list[LostCase]:
    """Lost requests dated `since`..`day` still waiting for the manager (no decision, or pending)."""
    lost = frames["lost"]
    lost = lost.loc[in_period(lost["date"], since or date(1900, 1, 1), day)]
    return _lost_cases(lost.loc[(lost["decision"].isna() | is_value(lost["decision"], "pending")).astype(bool)])


def visits_without_card(frames: Frames, day: date) -> pd.DataFrame:
    """The day's walk-ins who left no customer card, one row each with its `consultant`.

    From the showroom log where the workbook keeps one (its visits of the day linked to no card, as
    `logic.showroom.anonymous_visits`); else the day's visit contacts with no customer ID.
    """
    if showroom.in_use(frames):
        return showroom.anonymous_visits(frames, day)
    contacts = frames["contacts"]
    mask = in_period(contacts["date"], day, day) & is_value(contacts["type"], "visit") & counted(contacts)
    mask &= contacts["customer_id"].astype("string").str.strip().fillna("").eq("").astype(bool)
    return contacts.loc[mask]


def cards_without_grade(frames: Frames, ungraded_rows: Iterable[int] = ()) -> pd.DataFrame:
    """Customer cards with no grade: rows with an empty grade, or whose Excel row is listed.

    The reader leaves out a card whose required grade is missing and reports it as a
    problem; the caller passes those Excel rows in `ungraded_rows`.
    """
    customers = frames["customers"]
    mask = customers["grade"].isna() | customers["_row"].isin(list(ungraded_rows))
    return customers.loc[mask.astype(bool)]


def evening_board(
    frames: Frames,
    settings: dict[str, Any],
    day: date,
    due: pd.DataFrame | None = None,
    ungraded: dict[str, int] | None = None,
) -> EveningBoard:
    """Everything the evening meeting goes through, per consultant, for `day`.

    `due` is `due_followups(...)` for `day`; `ungraded` counts, per consultant, cards the
    reader left out for a missing grade (see `cards_without_grade`).
    """
    tomorrow = day + timedelta(days=1)
    table = actuals(frames, day, day)
    walk_ins = visits_without_card(frames, day)
    no_grade = cards_without_grade(frames)
    counts = due_counts(due)
    lost = lost_on(frames, day)
    notes = meeting_notes(frames, day, "evening")
    names = _board_names(
        frames,
        _plan_names(frames, day),
        _plan_names(frames, tomorrow),
        (c.consultant for c in lost),
        (n for n in table.index if n and table.loc[n].sum() > 0),
    )
    position = {n: i for i, n in enumerate(names)}
    today_, tomorrow_ = _day(frames, day), _day(frames, tomorrow)
    lines = []
    for name in names:
        items = today_.plans.get(name, [])
        lines.append(
            EveningLine(
                consultant=name,
                results=_row_counts(table, name),
                planned=_planned(today_, name),
                plans=len(items),
                plans_done=sum(1 for p in items if p.done),
                visits_without_card=int(_consultant_is(walk_ins, name).sum()),
                cards_without_grade=int(_consultant_is(no_grade, name).sum()) + (ungraded or {}).get(name, 0),
                followups_due_open=counts.get(name, (0, 0))[0],
                overdue=counts.get(name, (0, 0))[1],
                tomorrow=tomorrow_.plans.get(name, []),
                lost=[c for c in lost if c.consultant == name],
                notes=[n for n in notes if n.consultant == name],
                today=items,
            )
        )
    general = [n for n in notes if n.consultant is None or n.consultant not in position]
    totals = {m: int(table[m].sum()) for m in METRICS}
    recent_from = day - timedelta(days=PENDING_REVIEW_DAYS)
    recent = pending_lost(frames, day - timedelta(days=1), since=recent_from)
    older = len(pending_lost(frames, recent_from - timedelta(days=1)))
    return EveningBoard(day, tomorrow, lines, general, totals, recent, older)


# --------------------------------------------------------------------------- rota edits


def rota_changes(before: dict[str, RotaEntry], after: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The rota fields that changed per consultant (only changed fields, None = cleared; unticked = unchanged when empty)."""
    changes: dict[str, dict[str, Any]] = {}
    for name, values in after.items():
        old = before.get(name, RotaEntry()).as_dict()
        diff = {}
        for key in ROTA_FIELDS:
            if key not in values:
                continue
            new = _normalise(key, values[key])
            if key in ("appearance_ok", "folder_ok") and new is False and old[key] is None:
                continue  # a box never ticked shows unticked: leaving it so is no change
            if new != old[key]:
                diff[key] = new
        if diff:
            changes[name] = diff
    return changes


def _normalise(key: str, value: Any) -> Any:
    if key in ("appearance_ok", "folder_ok"):
        return _bool(value)
    if key == "order":  # the editor holds it as text ("" = none)
        text = _text(value)
        try:
            return None if text is None else int(float(text))
        except ValueError:
            return None  # the editor refuses anything but a number; keep nothing rather than fail
    return _text(value)


# --------------------------------------------------------------------------- plan entry and review


def match_customer(customers: pd.DataFrame, name: str | None, consultant: str | None = None) -> str | None:
    """The customer ID of the one card named exactly `name` (the consultant's own cards first); None if none or several."""
    text = _text(name)
    if text is None:
        return None
    named = customers.loc[
        customers["name"].astype("string").str.strip().eq(text).fillna(False).astype(bool)
        & customers["customer_id"].notna()
    ]
    for rows in ((named.loc[_consultant_is(named, consultant)] if consultant else named), named):
        ids = rows["customer_id"].astype("string").str.strip().dropna().unique()
        if len(ids) == 1:
            return str(ids[0])
        if len(ids) > 1:
            return None  # two cards of that name: the manager must pick the card
    return None


def plan_done_changes(before: Iterable[PlanItem], after: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per plan ID, the done tick and result that changed (rows as the review editor returns them: plan_id, done, result)."""
    old = {p.plan_id: p for p in before if p.plan_id}
    changes: dict[str, dict[str, Any]] = {}
    for row in after:
        item = old.get(_text(row.get("plan_id")) or "")
        if item is None:
            continue
        diff: dict[str, Any] = {}
        done = bool(row.get("done")) if row.get("done") is not None and not pd.isna(row.get("done")) else False
        if done != bool(item.done):  # never ticked shows unticked: leaving it so is no change
            diff["done"] = done
        result = _text(row.get("result"))
        if result != item.result:
            diff["result"] = result
        if diff:
            changes[item.plan_id] = diff  # type: ignore[index]
    return changes
