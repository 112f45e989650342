"""The monthly hot-lead table (月度Hot管理表): who was hot, who is, what moved, and the hot list.

For a month, "start" is the end of the day before its first day and "now" is `today` for
the current month, the month's last day for a past one (grades per `logic.grade_history`).
Per customer:

- new: first contact within the month (up to now);
- upgraded / downgraded: start and now both hot (C < B < A < H) and now is above / below
  start; a customer back from F/Z to a hot grade counts as upgraded;
- ordered / delivered / lost / dormant: the customer's grade turned O / D / F / Z at some
  event within the month (a new customer who ordered counts; ordered then delivered in the
  same month counts in both).

`month_customers` gives those flags per customer; `monthly_table` counts them per
consultant, model or source (start and now by grade, new by grade now); `hot_list` is the
follow-up view of the customers hot now; the rest feeds the charts and the export.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

import numpy as np
import pandas as pd

from logic.grade_history import OUT, RANK, GradeHistory, grade_history, link_rows
from workbook.schema import HOT_GRADES

TREND_GRADES: tuple[str, ...] = HOT_GRADES[:2]  # the weekly trend follows the two hottest grades (H, A)

MOVES: dict[str, str] = {"ordered": "O", "delivered": "D", "lost": "F", "dormant": "Z"}
GROUPINGS: tuple[str, ...] = ("consultant", "model", "source")
TOTAL = "__total__"  # the group key of the totals row
WEEKS: tuple[str, ...] = ("W1", "W2", "W3", "W4", "W5")
FUNNEL: tuple[str, ...] = ("leads", "test_drives", "orders", "deliveries")


def _as_text(frame: pd.DataFrame, keys: tuple[str, ...]) -> dict[str, pd.Series]:
    """The columns `keys` of `frame` as pandas string columns, by key (in that order)."""
    return {k: frame[k].astype("string") for k in keys}


def table_columns() -> list[str]:
    """The count columns of `monthly_table`, in the order a manager reads them."""
    cols = [f"start_{g}" for g in HOT_GRADES] + ["start_hot"]
    cols += [f"new_{g}" for g in HOT_GRADES] + ["new"]
    cols += ["upgraded", "downgraded", *MOVES]
    cols += [f"now_{g}" for g in HOT_GRADES] + ["now_hot"]
    return cols


def parse_month(month: str | date) -> date:
    """The first day of a month given as "YYYY-MM" or any date in it."""
    if isinstance(month, date):
        return month.replace(day=1)
    year, mon = str(month).strip()[:7].split("-")
    return date(int(year), int(mon), 1)


def month_bounds(month: str | date) -> tuple[date, date]:
    """First and last day of a month."""
    first = parse_month(month)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def start_of(month: str | date) -> date:
    """The day "start" stands for: the last day before the month (grades as the month began)."""
    return month_bounds(month)[0] - timedelta(days=1)


def as_of(month: str | date, today: date) -> date:
    """The day "now" stands for: today in the current month, the last day of a past one."""
    first, last = month_bounds(month)
    return min(last, today) if today >= first else first - timedelta(days=1)


def week_of(days: pd.Series) -> pd.Series:
    """W1..W5 for day-of-month numbers: days 1-7, 8-14, 15-21, 22-28, 29 to the end."""
    idx = ((days.astype("int64") - 1) // 7).clip(upper=4)
    return idx.map(dict(enumerate(WEEKS)))


def _flag(s: pd.Series) -> pd.Series:
    return s.fillna(False).astype(bool)


def month_customers(
    frames: Mapping[str, pd.DataFrame], month: str | date, today: date, history: GradeHistory | None = None
) -> pd.DataFrame:
    """One row per customer known by the month's "now": grades at start and now, and the flags."""
    hist = history or grade_history(frames, today)
    first, _ = month_bounds(month)
    start_day, now_day = first - timedelta(days=1), as_of(month, today)
    cust = hist.customers
    start = hist.grades_on(start_day)
    now = hist.grades_on(now_day)

    # what the grade turned into at each event within the month (the first compared to start)
    ev = hist.events
    dates = ev["date"].to_numpy()
    in_month = (dates >= np.datetime64(pd.Timestamp(first), "ns")) & (
        dates <= np.datetime64(pd.Timestamp(now_day), "ns")
    )
    codes = ev["code"].to_numpy()[in_month]
    grades = ev["grade"].to_numpy(dtype=object)[in_month]
    first_of_customer = np.r_[True, codes[1:] != codes[:-1]] if len(codes) else np.zeros(0, dtype=bool)
    prev = np.r_[None, grades[:-1]] if len(codes) else grades
    prev[first_of_customer] = start[codes[first_of_customer]]
    changed = grades != prev
    turned: dict[str, np.ndarray] = {}
    for move, grade in MOVES.items():
        flag = np.zeros(len(cust), dtype=bool)
        flag[codes[changed & (grades == grade)]] = True
        turned[move] = flag

    out = pd.DataFrame(
        {
            **_as_text(cust, ("customer_id", "name", "consultant", "model", "source")),
            "first_contact": cust["first_contact"],
            "expected_purchase": pd.to_datetime(cust["expected_purchase"], errors="coerce"),
            "start": pd.array(start, dtype="string"),
            "now": pd.array(now, dtype="string"),
            **turned,
        },
        index=cust.index,
    )
    out = out[out["now"].notna()].copy()
    ts_first, ts_now = pd.Timestamp(first), pd.Timestamp(now_day)
    out["new"] = _flag((out["first_contact"] >= ts_first) & (out["first_contact"] <= ts_now))

    rank_start = out["start"].map(RANK)
    rank_now = out["now"].map(RANK)
    hot_now = _flag(out["now"].isin(HOT_GRADES))
    out["upgraded"] = _flag(hot_now & out["start"].isin([*HOT_GRADES, *OUT]) & (rank_now > rank_start))
    out["downgraded"] = _flag(hot_now & out["start"].isin(HOT_GRADES) & (rank_now < rank_start))
    cols = [c for c in out.columns if c not in MOVES] + list(MOVES)
    return out[cols]


def _group_order(values: pd.Series, preferred: Iterable[str]) -> list[str]:
    present = list(dict.fromkeys(values.tolist()))
    first = [p for p in preferred if p]
    return list(dict.fromkeys([*first, *sorted(p for p in present if p not in first)]))


def monthly_table(
    mc: pd.DataFrame, by: str = "consultant", *, groups: Iterable[str] = (), total: bool = True
) -> pd.DataFrame:
    """Counts per `by` value (rows, "" for none) of `table_columns()`, with a TOTAL row last.

    `groups` lists values shown even with nothing to count (e.g. every active consultant).
    """
    key = mc[by].fillna("").astype(str)
    cols: dict[str, pd.Series] = {}
    for g in HOT_GRADES:
        cols[f"start_{g}"] = mc["start"] == g
    cols["start_hot"] = mc["start"].isin(HOT_GRADES)
    for g in HOT_GRADES:
        cols[f"new_{g}"] = mc["new"] & (mc["now"] == g)
    cols["new"] = mc["new"]
    for name in ("upgraded", "downgraded", *MOVES):
        cols[name] = mc[name]
    for g in HOT_GRADES:
        cols[f"now_{g}"] = mc["now"] == g
    cols["now_hot"] = mc["now"].isin(HOT_GRADES)
    flags = pd.DataFrame({k: _flag(v).astype("int64") for k, v in cols.items()}, index=mc.index)
    counts = flags.groupby(key.to_numpy()).sum()
    order = _group_order(key, groups)
    counts = counts.reindex(order, fill_value=0)
    counts.index.name = by
    if total:
        counts.loc[TOTAL] = counts.sum()
    return counts[table_columns()].astype("int64")


def month_rows(mc: pd.DataFrame) -> pd.DataFrame:
    """The customers the month's hot table lists: hot at the start, hot now, or new this month."""
    keep = _flag(mc["start"].isin(HOT_GRADES) | mc["now"].isin(HOT_GRADES) | mc["new"])
    rows = mc[keep].copy()
    rows["_rank"] = rows["now"].map(RANK).fillna(-1)
    rows = rows.sort_values(["consultant", "_rank", "name"], ascending=[True, False, True], kind="stable")
    return rows.drop(columns="_rank")


def month_sheet(mc: pd.DataFrame, notes: pd.DataFrame) -> pd.DataFrame:
    """The rows of the printed hot table: `month_rows` with the weekly notes W1..W5 beside them."""
    rows = month_rows(mc)
    weekly = notes.reindex(rows.index).reindex(columns=list(WEEKS)).astype("string").fillna("")
    return pd.concat([rows, weekly], axis=1)


def weekly_notes(
    frames: Mapping[str, pd.DataFrame], month: str | date, today: date, history: GradeHistory | None = None
) -> pd.DataFrame:
    """Per customer key, W1..W5: that week's contact results ("MM/DD result →grade"), one per line."""
    hist = history or grade_history(frames, today)
    first, _ = month_bounds(month)
    now_day = as_of(month, today)
    c = hist.contacts
    c = c[(c["day"] >= pd.Timestamp(first)) & (c["day"] <= pd.Timestamp(now_day))]
    result = c["result"].astype("string").str.strip().fillna("")
    grade = c["grade_after"].astype("string").fillna("")
    text = c["day"].dt.strftime("%m/%d") + " " + result + grade.where(grade == "", " →" + grade)
    text = text.str.strip()
    notes = pd.DataFrame({"key": c["key"], "week": week_of(c["day"].dt.day), "text": (text + "\n").astype(object)})
    notes = notes[((result != "") | (grade != "")).to_numpy()]
    # object-string sum concatenates in order inside the groupby loop (a join lambda is far slower)
    joined = notes.groupby(["key", "week"], sort=False)["text"].sum().str.rstrip("\n")
    wide = joined.unstack("week")
    return wide.reindex(columns=list(WEEKS)).astype("string").fillna("")


def hot_list(
    frames: Mapping[str, pd.DataFrame],
    today: date,
    *,
    due: pd.DataFrame | None = None,
    history: GradeHistory | None = None,
) -> pd.DataFrame:
    """Customers hot now (sheet grade H/A/B/C) with last contact, latest notes and next due date.

    `due`: follow-up items with `customer_id` and `due` (e.g. from `logic.followups`); without
    it, the next due date is the latest contact's "next date".
    """
    hist = history or grade_history(frames, today)
    cust = hist.customers
    hot = cust[_flag(cust["grade"].isin(HOT_GRADES))]
    c = hist.contacts
    upto = (c["day"] <= pd.Timestamp(today)).to_numpy()
    has_notes = (c["result"].astype("string").str.strip().fillna("") != "").to_numpy()
    # positions only, then a few columns: taking whole rows of 900k contacts is what costs
    last_at = _last_per_customer(c["code"].to_numpy(), upto)
    noted_at = _last_per_customer(c["code"].to_numpy(), upto & has_notes)
    last_rows = pd.DataFrame(
        {"day": c["day"].to_numpy()[last_at], "next_date": c["next_date"].to_numpy()[last_at]},
        index=c["key"].to_numpy()[last_at],
    )
    noted = pd.DataFrame(
        {"day": c["day"].to_numpy()[noted_at], "result": c["result"].to_numpy()[noted_at]},
        index=c["key"].to_numpy()[noted_at],
    )
    out = pd.DataFrame(
        {
            **_as_text(hot, ("customer_id", "name", "phone", "consultant", "grade", "model", "source")),
            "expected_purchase": pd.to_datetime(hot["expected_purchase"], errors="coerce"),
            "first_contact": hot["first_contact"],
        },
        index=hot.index,
    )
    # reindex, not map: map over an empty index turns a datetime lookup into floats
    out["last_contact"] = pd.to_datetime(last_rows["day"].reindex(out.index), errors="coerce")
    out["notes"] = noted["result"].reindex(out.index).astype("string")
    out["notes_date"] = pd.to_datetime(noted["day"].reindex(out.index), errors="coerce")
    next_date = pd.to_datetime(last_rows["next_date"].reindex(out.index), errors="coerce")
    if due is not None and len(due):
        d = due.assign(key=link_rows(due, hist.customers.reset_index(), cust.index.to_series().reset_index(drop=True)))
        first_due = pd.to_datetime(d["due"], errors="coerce").groupby(d["key"]).min()
        out["next_due"] = pd.to_datetime(first_due.reindex(out.index), errors="coerce")
    else:
        out["next_due"] = next_date
    rank = out["grade"].map(RANK).fillna(0)
    return (
        out.assign(_rank=rank)
        .sort_values(["_rank", "next_due", "name"], ascending=[False, True, True], na_position="last", kind="stable")
        .drop(columns="_rank")
    )


def _last_per_customer(codes: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Positions of each customer's last row among the masked ones (rows sorted by customer, then time)."""
    at = np.flatnonzero(mask)
    kept = codes[at]
    return at[np.r_[kept[1:] != kept[:-1], True]] if len(at) else at


def filter_hot(
    rows: pd.DataFrame,
    *,
    consultant: Iterable[str] = (),
    grade: Iterable[str] = (),
    model: Iterable[str] = (),
    source: Iterable[str] = (),
) -> pd.DataFrame:
    """Rows whose column values are among the chosen ones (an empty choice keeps all)."""
    mask = pd.Series(True, index=rows.index)
    for col, chosen in (("consultant", consultant), ("grade", grade), ("model", model), ("source", source)):
        chosen = list(chosen)
        if chosen:
            mask &= _flag(rows[col].fillna("").isin(chosen))
    return rows[mask]


def trend_days(month: str | date, today: date) -> list[tuple[str, date]]:
    """The points of the weekly trend: the month's start, then each week's last day up to now."""
    first, last = month_bounds(month)
    now_day = as_of(month, today)
    points = [("start", first - timedelta(days=1))]
    for i, w in enumerate(WEEKS):
        end = min(first + timedelta(days=7 * i + 6), last)
        if i == 4 and end < first + timedelta(days=28):
            break  # February of a common year has no fifth week
        if first + timedelta(days=7 * i) > now_day:
            break
        points.append((w, min(end, now_day)))
    return points


def weekly_trend(
    history: GradeHistory, month: str | date, today: date, grades: Iterable[str] = TREND_GRADES
) -> pd.DataFrame:
    """Long table point, day, grade, count: customers per grade at each trend point."""
    grades = list(grades)
    rows = []
    for point, day in trend_days(month, today):
        g = history.on(day)
        counts = g[g.isin(grades)].value_counts()
        for grade in grades:
            rows.append({"point": point, "day": pd.Timestamp(day), "grade": grade, "count": int(counts.get(grade, 0))})
    return pd.DataFrame(rows, columns=["point", "day", "grade", "count"])


def funnel(
    frames: Mapping[str, pd.DataFrame],
    mc: pd.DataFrame,
    month: str | date,
    today: date,
    history: GradeHistory | None = None,
) -> pd.DataFrame:
    """Stage, count: new leads, customers with a test drive, orders and deliveries in the month."""
    hist = history or grade_history(frames, today)
    first, _ = month_bounds(month)
    c = hist.contacts
    in_month = (c["day"] >= pd.Timestamp(first)) & (c["day"] <= pd.Timestamp(as_of(month, today)))
    drives = c.loc[in_month & (c["type"].astype("string") == "test_drive"), "key"].nunique()
    counts = [int(mc["new"].sum()), int(drives), int(mc["ordered"].sum()), int(mc["delivered"].sum())]
    return pd.DataFrame({"stage": list(FUNNEL), "count": counts})


def conversion_by_source(mc: pd.DataFrame) -> pd.DataFrame:
    """Per source: leads in play (hot at the start or new), orders in the month, and the rate."""
    in_play = _flag(mc["start"].isin(HOT_GRADES) | mc["new"])
    src = mc["source"].fillna("").astype(str)
    df = pd.DataFrame({"source": src, "leads": in_play.astype("int64"), "orders": mc["ordered"].astype("int64")})
    out = df.groupby("source", sort=True)[["leads", "orders"]].sum()
    out = out[(out["leads"] > 0) | (out["orders"] > 0)]
    out["rate"] = (out["orders"] / out["leads"].where(out["leads"] > 0)).fillna(0.0)
    return out.reset_index()
