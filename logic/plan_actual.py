"""Plan vs actual (计划实绩表): counting the floor's results and reading them against targets.

Counting rules (one per figure, so that every page and export agrees with the workbook):
- leads (留档): customers rows whose `first_contact` falls in the period, by the card's consultant;
- visits (来店): contacts rows of type `visit` in the period, walk-ins without a card included;
- test drives (试驾): contacts rows of type `test_drive` in the period;
  (a contact row counts only when its outcome is reached, a blank outcome reading as reached,
  and it is not void: an unanswered call or a mis-tap taken back is no result);
- orders (订单): deliveries rows whose `order_date` falls in the period and whose status is not
  `cancelled` (the deliveries sheet is the order book: one row per car sold; an `order`
  contact alone is a conversation, not an order);
- deliveries (交车): deliveries rows with status `done` whose `delivered_at` falls in the period
  (`scheduled` when `delivered_at` was left empty).
Each figure goes to the consultant named on that row. Periods are inclusive calendar days.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from logic.ownership import live_customers

METRICS: tuple[str, ...] = ("leads", "visits", "test_drives", "orders", "deliveries")
RATIOS: tuple[str, ...] = ("capture_rate", "test_drive_rate", "close_rate")

Frames = dict[str, pd.DataFrame]


# --------------------------------------------------------------------------- small helpers


def is_value(series: pd.Series, *values: str) -> pd.Series:
    """True where the (string) column holds one of `values`; NA counts as no."""
    return series.astype("string").isin(values).fillna(False).astype(bool)


def counted(contacts: pd.DataFrame) -> pd.Series:
    """True for the contact rows that count: outcome reached (or blank, as in older workbooks) and not void."""
    mask = pd.Series(True, index=contacts.index)
    if "outcome" in contacts.columns:
        mask &= contacts["outcome"].isna().astype(bool) | is_value(contacts["outcome"], "reached")
    if "void" in contacts.columns:
        mask &= ~contacts["void"].isin([True]).astype(bool)
    return mask


def in_period(series: pd.Series, start: date, end: date) -> pd.Series:
    """True where the date/datetime column falls on a day from `start` to `end` inclusive."""
    days = pd.to_datetime(series, errors="coerce").dt.normalize()
    mask = (days >= pd.Timestamp(start)) & (days <= pd.Timestamp(end))
    return mask.fillna(False).astype(bool)


def month_key(day: date) -> str:
    """The month a day belongs to, as the workbook writes it ("YYYY-MM")."""
    return f"{day.year:04d}-{day.month:02d}"


def month_bounds(month: str) -> tuple[date, date]:
    """First and last day of a "YYYY-MM" month."""
    year, mon = (int(p) for p in month.split("-"))
    return date(year, mon, 1), date(year, mon, calendar.monthrange(year, mon)[1])


def next_month(month: str) -> str:
    """The month after a "YYYY-MM" month."""
    last = month_bounds(month)[1]
    return month_key(last + timedelta(days=1))


def time_progress(month: str, today: date) -> float:
    """Share of the month gone by `today` (day of month / days in month); 0 before, 1 after."""
    first, last = month_bounds(month)
    if today < first:
        return 0.0
    if today >= last:
        return 1.0
    return today.day / last.day


def ratio(part: float, whole: float) -> float | None:
    """part / whole, or None when there is nothing to divide by."""
    return None if not whole else part / whole


def _names(series: pd.Series) -> pd.Series:
    return series.astype("string").str.strip()


def consultants(frames: Frames) -> list[str]:
    """Active sales consultants on the staff sheet, in the sheet's order."""
    staff = frames.get("staff")
    if staff is None or staff.empty:
        return []
    role = is_value(staff["role"], "consultant")
    active = staff["active"].astype("boolean").fillna(True).astype(bool)
    names = _names(staff.loc[role & active, "name"]).dropna()
    return list(dict.fromkeys(n for n in names if n))


def managers(frames: Frames) -> list[str]:
    """Staff allowed to take manager decisions (managers and directors), active or not marked."""
    staff = frames.get("staff")
    if staff is None or staff.empty:
        return []
    role = is_value(staff["role"], "manager", "director")
    active = staff["active"].astype("boolean").fillna(True).astype(bool)
    return [n for n in _names(staff.loc[role & active, "name"]).dropna() if n]


# --------------------------------------------------------------------------- counting


def _count_by(frame: pd.DataFrame, mask: pd.Series) -> pd.Series:
    names = _names(frame.loc[mask, "consultant"]).fillna("")
    return names.value_counts()


def actuals(frames: Frames, start: date, end: date) -> pd.DataFrame:
    """Results per consultant from `start` to `end` inclusive: index consultant, a column per metric."""
    customers = live_customers(frames["customers"])
    contacts = frames["contacts"]
    contacts = contacts.loc[counted(contacts)]
    deliveries = frames["deliveries"]
    status = deliveries["status"]
    done_at = deliveries["delivered_at"].where(deliveries["delivered_at"].notna(), deliveries["scheduled"])
    counts = {
        "leads": _count_by(customers, in_period(customers["first_contact"], start, end)),
        "visits": _count_by(contacts, is_value(contacts["type"], "visit") & in_period(contacts["date"], start, end)),
        "test_drives": _count_by(
            contacts, is_value(contacts["type"], "test_drive") & in_period(contacts["date"], start, end)
        ),
        "orders": _count_by(
            deliveries, ~is_value(status, "cancelled") & in_period(deliveries["order_date"], start, end)
        ),
        "deliveries": _count_by(deliveries, is_value(status, "done") & in_period(done_at, start, end)),
    }
    table = pd.DataFrame(counts).fillna(0).astype("int64")
    table.index.name = "consultant"
    return table.reindex(columns=list(METRICS), fill_value=0)


def targets_for(frames: Frames, month: str) -> pd.DataFrame:
    """Targets per consultant for a month (index consultant, a column per metric, NA = not set)."""
    targets = frames["targets"]
    rows = targets.loc[is_value(targets["month"], month)].copy()
    rows["consultant"] = _names(rows["consultant"])
    # A consultant entered twice: the last row wins, as when a manager corrects below.
    rows = rows.dropna(subset=["consultant"]).drop_duplicates("consultant", keep="last")
    table = rows.set_index("consultant")[list(METRICS)].astype("Int64")
    table.index.name = "consultant"
    return table


# --------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Figure:
    """One metric for one consultant: actual against target, read against time progress."""

    metric: str
    actual: int
    target: int | None
    time_progress: float

    @property
    def progress(self) -> float | None:
        """Actual / target; None when no target is set (or it is zero)."""
        return None if not self.target else self.actual / self.target

    @property
    def behind(self) -> bool:
        """True when progress lags the share of the month gone by."""
        p = self.progress
        return p is not None and p < self.time_progress


@dataclass(frozen=True)
class Line:
    """One consultant's (or the store's) row of the plan-vs-actual table."""

    consultant: str
    figures: dict[str, Figure]
    ratios: dict[str, float | None]
    targets_set: bool

    def actual(self, metric: str) -> int:
        return self.figures[metric].actual


@dataclass(frozen=True)
class PlanVsActual:
    """The month's table: one line per consultant plus the store total."""

    month: str
    today: date
    time_progress: float
    lines: list[Line]
    total: Line
    deadline: TargetsDeadline | None = field(default=None)

    def frame(self) -> pd.DataFrame:
        """The table flattened (consultant, metric actual/target/progress, ratios), for export."""
        records = []
        for line in [*self.lines, self.total]:
            rec: dict[str, object] = {"consultant": line.consultant}
            for m, f in line.figures.items():
                rec[f"{m}_actual"] = f.actual
                rec[f"{m}_target"] = f.target
                rec[f"{m}_progress"] = f.progress
            rec.update(line.ratios)
            records.append(rec)
        return pd.DataFrame.from_records(records)


def _ratios(values: dict[str, int]) -> dict[str, float | None]:
    visits = values["visits"]
    return {
        "capture_rate": ratio(values["leads"], visits),
        "test_drive_rate": ratio(values["test_drives"], visits),
        "close_rate": ratio(values["orders"], visits),
    }


def _line(name: str, got: dict[str, int], target: dict[str, int | None], tp: float, targets_set: bool) -> Line:
    figures = {m: Figure(m, int(got.get(m, 0)), target.get(m), tp) for m in METRICS}
    return Line(name, figures, _ratios({m: figures[m].actual for m in METRICS}), targets_set)


def plan_vs_actual(frames: Frames, month: str, today: date, settings: dict[str, object] | None = None) -> PlanVsActual:
    """Targets against actuals per consultant for `month` ("YYYY-MM"), with store totals.

    Consultants are the active ones on the staff sheet, plus anyone with a target or a
    result in the month (a consultant who left mid-month still counts).
    """
    first, last = month_bounds(month)
    tp = time_progress(month, today)
    got = actuals(frames, first, last)
    tg = targets_for(frames, month)
    names = list(dict.fromkeys([*consultants(frames), *tg.index, *(n for n in got.index if n)]))
    lines = []
    for name in names:
        counts = {m: int(got.at[name, m]) if name in got.index else 0 for m in METRICS}
        target: dict[str, int | None] = {}
        if name in tg.index:
            target = {m: None if pd.isna(tg.at[name, m]) else int(tg.at[name, m]) for m in METRICS}
        lines.append(_line(name, counts, target, tp, name in tg.index))
    totals = {m: int(got[m].sum()) for m in METRICS}
    total_target = {m: (int(tg[m].sum()) if tg[m].notna().any() else None) for m in METRICS}
    total = _line("", totals, total_target, tp, bool(len(tg)))
    deadline = targets_deadline(frames, settings or {}, today)
    return PlanVsActual(month, today, tp, lines, total, deadline)


# --------------------------------------------------------------------------- next month's targets


@dataclass(frozen=True)
class TargetsDeadline:
    """Whether next month's targets are in: due by N days before month end (settings)."""

    month: str  # the month the targets are for
    deadline: date
    missing: list[str]  # active consultants without a target row for `month`
    state: str  # "done" | "open" (before the deadline) | "due" (deadline today) | "late"

    @property
    def flagged(self) -> bool:
        return self.state in ("due", "late")


def targets_deadline(frames: Frames, settings: dict[str, object], today: date) -> TargetsDeadline:
    """Next month's targets: the deadline (month end - target_deadline_days) and who is missing."""
    days = int(settings.get("target_deadline_days", 3) or 0)  # type: ignore[call-overload]
    this_month = month_key(today)
    coming = next_month(this_month)
    deadline = month_bounds(this_month)[1] - timedelta(days=days)
    have = set(targets_for(frames, coming).index)
    missing = [n for n in consultants(frames) if n not in have]
    if not missing:
        state = "done"
    elif today < deadline:
        state = "open"
    elif today == deadline:
        state = "due"
    else:
        state = "late"
    return TargetsDeadline(coming, deadline, missing, state)


def _count(value: object) -> int | None:
    """A target cell as typed in the editor ("" / None = not set) as a whole number."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return None
    text = str(value).strip()
    if not text:
        return None
    try:
        return int(float(text))
    except ValueError:
        return None  # the editor refuses anything but digits; keep nothing rather than fail


def target_changes(before: list[dict[str, object]], after: list[dict[str, object]]) -> dict[str, dict[str, int | None]]:
    """The targets that changed per consultant, from the editor's rows before and after (None = cleared)."""
    changes: dict[str, dict[str, int | None]] = {}
    for old, new in zip(before, after, strict=True):
        diff = {m: _count(new.get(m)) for m in METRICS if _count(new.get(m)) != _count(old.get(m))}
        if diff:
            changes[str(old["consultant"])] = diff
    return changes
