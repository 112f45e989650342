"""Plan vs actual (计划实绩表): counting the floor's results and reading them against targets.

Counting rules (one per figure, so that every page and export agrees with the workbook):
- leads (留档): customers rows whose `first_contact` falls in the period, by the card's consultant;
- visits (来店): the showroom log's visits in the period (phone-ins are not visits), anonymous
  walk-ins included, by the row's consultant; a workbook whose log sheet holds no row falls back
  to contacts rows of type `visit` (`visits_from_log` says which, and the pages say so);
- test drives (试驾): contacts rows of type `test_drive` in the period;
  (a contact row counts only when its outcome is reached, a blank outcome reading as reached,
  and it is not void: an unanswered call or a mis-tap taken back is no result);
- orders (订单): deliveries rows whose `order_date` falls in the period and whose status is not
  `cancelled` (the deliveries sheet is the order book: one row per car sold; an `order`
  contact alone is a conversation, not an order);
- deliveries (交车): deliveries rows with status `done` whose `delivered_at` falls in the period
  (`scheduled` when `delivered_at` was left empty).
Each figure goes to the consultant named on that row. Periods are inclusive calendar days.

Rates are shares of one population, the period's visits (`visit_rows`), so none passes 100%:
capture = visits with a customer (the row's card, or the one card with its phone); test-drive
rate = visits marked test drive, or whose customer has a test-drive contact that day; close rate
= visits whose customer ordered in the period. Loss rate = lost / (lost + orders) of the period,
lost being the lost records dated in it that the manager approved (a blank decision, as typed in
Excel, reads as approved; pending and rejected requests are still open leads).
Follow-ups: completion rate = of the items due on a day of the period up to today (as the due list
showed them the evening before, or as they opened that day), the share no longer open at the end
of their due day; overdue = items open today past their due day, by owner.
"""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from logic import cn_calendar, showroom
from logic.followups import due_followups, setting_int, setting_list
from logic.ownership import live_customers

METRICS: tuple[str, ...] = ("leads", "visits", "test_drives", "orders", "deliveries")
RATIOS: tuple[str, ...] = ("capture_rate", "test_drive_rate", "close_rate", "loss_rate", "followup_rate")

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
        "visits": _names(visit_rows(frames, start, end)["consultant"]).fillna("").value_counts(),
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


def visits_from_log(frames: Frames) -> bool:
    """Whether visits are counted from the showroom log (else from contact rows of type visit)."""
    return showroom.in_use(frames)


def visit_rows(frames: Frames, start: date, end: date) -> pd.DataFrame:
    """The period's visits, one row each: day, consultant, customer (NA: anonymous) and test_drive."""
    if showroom.in_use(frames):
        rows = showroom.log_rows(frames, start, end)
        rows = rows.loc[~rows["call"]]
        marked = rows["test_drive"].astype("boolean").fillna(False).astype(bool)
        customer = rows["linked"]
    else:
        contacts = frames["contacts"]
        rows = contacts.loc[
            counted(contacts) & is_value(contacts["type"], "visit") & in_period(contacts["date"], start, end)
        ]
        marked = pd.Series(False, index=rows.index)
        customer = showroom.linked(rows, frames["customers"])  # a row without an ID: the one card with its phone
    day = pd.to_datetime(rows["date"], errors="coerce").dt.normalize()
    contacts = frames["contacts"]
    drives = contacts.loc[
        counted(contacts) & is_value(contacts["type"], "test_drive") & in_period(contacts["date"], start, end)
    ]
    drove = set(
        zip(
            drives["customer_id"].astype("string").str.strip().fillna(""),
            pd.to_datetime(drives["date"], errors="coerce").dt.normalize(),
            strict=True,
        )
    )
    # an anonymous visit is matched to no test drive, not to an anonymous one
    by_contact = [(c, d) in drove for c, d in zip(customer.fillna("-"), day, strict=True)]
    return pd.DataFrame(
        {
            "day": day,
            "consultant": rows["consultant"].astype("string"),
            "customer": customer.astype("string"),
            "test_drive": marked | pd.Series(by_contact, index=rows.index, dtype=bool),
        },
        index=rows.index,
    )


def ordered_customers(frames: Frames, start: date, end: date) -> set[str]:
    """IDs of the customers with an order (not cancelled) dated in the period."""
    deliveries = frames["deliveries"]
    rows = deliveries.loc[
        ~is_value(deliveries["status"], "cancelled") & in_period(deliveries["order_date"], start, end)
    ]
    return set(rows["customer_id"].astype("string").str.strip().dropna())


def lost_counts(frames: Frames, start: date, end: date) -> pd.Series:
    """Lost records dated in the period that count as closed (approved, or no decision typed), by consultant."""
    lost = frames["lost"]
    open_request = is_value(lost["decision"], "pending", "rejected")
    return _count_by(lost, in_period(lost["date"], start, end) & ~open_request)


def rates(visits: pd.DataFrame, ordered: set[str], orders: int, lost: int) -> dict[str, float | None]:
    """The floor's rates over one population of visits (so each is at most 1) and the loss rate."""
    n = len(visits)
    customer = visits["customer"]
    return {
        "capture_rate": ratio(int(customer.notna().sum()), n),
        "test_drive_rate": ratio(int(visits["test_drive"].sum()), n),
        "close_rate": ratio(int(customer.isin(list(ordered)).fillna(False).sum()), n),
        "loss_rate": ratio(lost, lost + orders),
    }


@dataclass(frozen=True)
class FollowupScore:
    """One owner's follow-ups in a period: items due, done by their due day, and overdue today."""

    due: int = 0
    on_time: int = 0
    overdue: int = 0

    @property
    def completion_rate(self) -> float | None:
        return ratio(self.on_time, self.due)


def followup_scores(
    frames: Frames, settings: dict[str, object], start: date, end: date, today: date
) -> dict[str, FollowupScore]:
    """Per owner ("" for the store): items due in the period up to today, done on time, and overdue today.

    The due list is replayed day by day only for the cards with something on a day of the period
    (`busy_customers`). Every other card's list keeps its items and their due days through the period, and
    none can be done in it (no contact): each item due in the period is due and not done on time, found in
    one list as of the period's last day; only a holiday greeting, which gives way to the next festival's,
    is read from the lists of the days it can fall due (`greeting_days`).
    """
    last = min(end, today)
    # the log's visits joined to the contacts once, not again in each day's due list
    frames = {**frames, "contacts": showroom.visits_as_contacts(frames), showroom.LOG: frames[showroom.LOG].iloc[0:0]}
    due: Counter[str] = Counter()
    on_time: Counter[str] = Counter()
    if start <= last:
        busy = busy_customers(frames, start, last)
        _replay(_customers_where(frames, busy), settings, start, last, due, on_time)
        quiet = _customers_where(frames, ~busy)
        items = due_followups(quiet, settings, last)
        days = pd.to_datetime(items["due"]).dt.date
        owners = list(items.loc[((days >= start) & ~items["kind"].eq("holiday_greeting")).astype(bool), "consultant"])
        for day in greeting_days(frames, settings, start, last):
            items = due_followups(quiet, settings, day)
            due_then = pd.to_datetime(items["due"]).dt.date.eq(day) & items["kind"].eq("holiday_greeting")
            owners += list(items.loc[due_then.astype(bool), "consultant"])
        for owner in owners:
            due.update({_owner(owner), ""})
    current = due_followups(frames, settings, today)
    overdue = current.loc[current["overdue_days"] > 0, "consultant"].astype("string").fillna("").value_counts()
    names = {*due, *overdue.index, ""}
    return {n: FollowupScore(due[n], on_time[n], int(overdue.get(n, 0)) if n else int(overdue.sum())) for n in names}


GREETING_DRIFT_DAYS = 14  # how far a store closure or a day off can move a greeting past its day


def greeting_days(frames: Frames, settings: dict[str, object], start: date, last: date) -> list[date]:
    """The days from `start` to `last` on which a holiday greeting can fall due: each festival's greeting day
    (the settings' festivals and the calendar sheet's, `holiday_greeting_days_before` ahead) and the
    `GREETING_DRIFT_DAYS` after it, where a closed day or the owner's day off moves it."""
    before = setting_int(settings, "holiday_greeting_days_before")
    sheet = frames.get("calendar")
    rows = None if sheet is None else zip(sheet["date"], sheet["name"], sheet["greeting"], strict=True)
    festivals = cn_calendar.greeted_festivals(
        setting_list(settings, "greeting_festivals"),
        start - timedelta(days=GREETING_DRIFT_DAYS - before),
        last + timedelta(days=before),
        rows,
    )
    days: set[date] = set()
    for festival, _ in festivals:
        greet = festival - timedelta(days=before)
        days |= {greet + timedelta(days=k) for k in range(GREETING_DRIFT_DAYS + 1)}
    return sorted(d for d in days if start <= d <= last)


def _owner(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)  # type: ignore[call-overload]


def _replay(
    frames: Frames, settings: dict[str, object], start: date, last: date, due: Counter[str], on_time: Counter[str]
) -> None:
    """Count each day's items as the due list showed them the evening before or that day, and which were done."""
    before = due_followups(frames, settings, start - timedelta(days=1), horizon_days=1)
    day = start
    while day <= last:
        now = due_followups(frames, settings, day, horizon_days=1)
        today_items = now.loc[pd.to_datetime(now["due"]).dt.date.eq(day)]
        expected = pd.concat([before.loc[pd.to_datetime(before["due"]).dt.date.eq(day)], today_items])
        expected = expected.drop_duplicates(["customer_id", "_row", "kind"])
        still = set(zip(today_items["_row"], today_items["kind"], strict=True))
        for owner, row, kind in zip(expected["consultant"], expected["_row"], expected["kind"], strict=True):
            keys = {_owner(owner), ""}
            due.update(keys)
            if (row, kind) not in still:
                on_time.update(keys)
        before = now
        day += timedelta(days=1)


def _trimmed(series: pd.Series) -> pd.Series:
    return series.astype("string").str.strip().replace("", pd.NA)


def busy_customers(frames: Frames, start: date, last: date) -> pd.Series:
    """Per customers row: whether its due list can change from day to day between `start` and `last`.

    A card first contacted since the period began, with a contact row dated in it (any outcome), with a car
    ordered and not yet delivered (its delay item is due the day it is seen) or with a reschedule row; and with
    it every card sharing its ID or phone, so that a contact found by phone finds the same card whether the
    due list is made for these cards or for all.
    """
    customers, contacts, deliveries = frames["customers"], frames["contacts"], frames["deliveries"]
    dated = contacts.loc[in_period(contacts["date"], start, last)]
    waiting = deliveries.loc[~is_value(deliveries["status"], "done", "cancelled")]
    moved = frames["reschedules"]  # a reschedule can set any item's due day
    # a card first contacted after the period began (even after its end) had no list at its start
    new = customers.loc[pd.to_datetime(customers["first_contact"], errors="coerce").ge(pd.Timestamp(start))]
    ids = set(_trimmed(dated["customer_id"]).dropna()) | set(_trimmed(waiting["customer_id"]).dropna())
    ids |= set(_trimmed(new["customer_id"]).dropna()) | set(_trimmed(moved["customer_id"]).dropna())
    phones = set(_trimmed(dated["phone"]).dropna())
    card_ids, card_phones = _trimmed(customers["customer_id"]), _trimmed(customers["phone"])
    busy = pd.Series(False, index=customers.index)
    while True:
        grown = (card_ids.isin(ids) | card_phones.isin(phones)).fillna(False).astype(bool)
        if grown.equals(busy):
            return busy
        busy = grown
        ids |= set(card_ids[busy].dropna())
        phones |= set(card_phones[busy].dropna())


def _customers_where(frames: Frames, keep: pd.Series) -> Frames:
    """The frames with only the cards `keep` marks, and without the contacts naming one of the other cards."""
    customers = frames["customers"]
    contacts = frames["contacts"]
    others = set(_trimmed(customers.loc[~keep, "customer_id"]).dropna())
    mine = ~_trimmed(contacts["customer_id"]).isin(others).fillna(False).astype(bool)
    return {**frames, "customers": customers.loc[keep], "contacts": contacts.loc[mine]}


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
    overdue: int = 0  # follow-ups open today past their due day

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
    visits_from_log: bool = True  # False: visits are contact rows of type visit (no showroom log yet)

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
            rec["overdue"] = line.overdue
            records.append(rec)
        return pd.DataFrame.from_records(records)


def _line(
    name: str,
    got: dict[str, int],
    target: dict[str, int | None],
    tp: float,
    targets_set: bool,
    floor: dict[str, float | None],
    score: FollowupScore,
) -> Line:
    figures = {m: Figure(m, int(got.get(m, 0)), target.get(m), tp) for m in METRICS}
    return Line(name, figures, {**floor, "followup_rate": score.completion_rate}, targets_set, score.overdue)


def plan_vs_actual(frames: Frames, month: str, today: date, settings: dict[str, object] | None = None) -> PlanVsActual:
    """Targets against actuals per consultant for `month` ("YYYY-MM"), with store totals and rates.

    Consultants are the active ones on the staff sheet, plus anyone with a target or a
    result in the month (a consultant who left mid-month still counts).
    """
    first, last = month_bounds(month)
    tp = time_progress(month, today)
    got = actuals(frames, first, last)
    tg = targets_for(frames, month)
    visits = visit_rows(frames, first, last)
    ordered = ordered_customers(frames, first, last)
    lost = lost_counts(frames, first, last)
    scores = followup_scores(frames, settings or {}, first, last, today)
    names = list(dict.fromkeys([*consultants(frames), *tg.index, *(n for n in got.index if n)]))
    lines = []
    for name in names:
        counts = {m: int(got.at[name, m]) if name in got.index else 0 for m in METRICS}
        target: dict[str, int | None] = {}
        if name in tg.index:
            target = {m: None if pd.isna(tg.at[name, m]) else int(tg.at[name, m]) for m in METRICS}
        floor = rates(
            visits.loc[visits["consultant"].str.strip().eq(name).fillna(False).astype(bool)],
            ordered,
            counts["orders"],
            int(lost.get(name, 0)),
        )
        lines.append(_line(name, counts, target, tp, name in tg.index, floor, scores.get(name, FollowupScore())))
    totals = {m: int(got[m].sum()) for m in METRICS}
    total_target = {m: (int(tg[m].sum()) if tg[m].notna().any() else None) for m in METRICS}
    store_rates = rates(visits, ordered, totals["orders"], int(lost.sum()))
    total = _line("", totals, total_target, tp, bool(len(tg)), store_rates, scores[""])
    deadline = targets_deadline(frames, settings or {}, today)
    return PlanVsActual(month, today, tp, lines, total, deadline, visits_from_log(frames))


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
