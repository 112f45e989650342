"""The delivery ceremony: which deliveries to show, each one's checklist state and progress.

Pure functions over the reader's frames (see BRIEF.md, frame contract): the checklist
template is the `checklist_items` frame (edited by the manager in Excel), the ticks are the
`checklist` frame keyed by (delivery_id, item_id). `now` / `today` are always passed in.

Choices written down here:
- a template row with a blank "active" cell is active, a blank "required" cell is optional,
  a blank "due hours" cell means "due at the delivery time" (0 hours);
- items are ordered by phase (the order of the `phase` choice list), then by the "order"
  column (blank last), then by their Excel row;
- an item is late when it is not done and `now` is past its due time
  (scheduled + due_hours); a delivery with no scheduled time has no due times, so nothing
  of it is late;
- when the checklist sheet holds the same (delivery, item) twice, the lowest row wins
  (the writer's Upsert updates the first match);
- a completed delivery's checklist is the template as it stood at the handover. The template
  carries no dates, so the ticks tell: an item counts for a completed delivery when that
  delivery has a row for it (ticked, or left open: recording the handover writes a row for
  every open item), or when some delivery ticked it at or before this handover (a tick with
  no time counts as "always there"). Any other item was added to the template later: its
  status is "not_in_use", it is not counted, never late. An item made inactive after the
  handover still shows on a completed delivery that has a row for it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import Any, Literal

import numpy as np
import pandas as pd

from workbook.schema import choice_list

Status = Literal["done", "open", "late", "not_in_use"]
NOT_IN_USE = "not_in_use"
Bucket = Literal["overdue", "today", "upcoming", "unscheduled", "done"]

PHASES: tuple[str, ...] = choice_list("phase").codes()
BUCKET_ORDER: tuple[str, ...] = ("overdue", "today", "upcoming", "unscheduled", "done")
STATE_COLUMNS: tuple[str, ...] = (
    "item_id",
    "phase",
    "item_zh",
    "item_en",
    "owner_role",
    "required",
    "due_hours",
    "order",
    "due_at",
    "done",
    "by",
    "at",
    "note",
    "status",
)


def _missing(value: object) -> bool:
    """True for None, NaN, NaT and pd.NA (and not for a list or a frame)."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _get(row: Mapping[str, Any] | pd.Series, key: str) -> Any:
    value = row.get(key) if hasattr(row, "get") else None
    return None if _missing(value) else value


def _as_datetime(value: object) -> datetime | None:
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return pd.Timestamp(value).to_pydatetime()


def _phase_rank(phase: object) -> int:
    return PHASES.index(phase) if phase in PHASES else len(PHASES)


def active_items(items: pd.DataFrame) -> pd.DataFrame:
    """The template's active items, ordered by phase, then order, then Excel row."""
    if items.empty:
        return items.copy()
    return _ordered_items(items[items["active"].fillna(True).astype(bool)])


def _ordered_items(items: pd.DataFrame) -> pd.DataFrame:
    """Template rows with an item ID, one per ID, ordered by phase, then order, then Excel row."""
    out = items.copy()
    out = out[out["item_id"].notna() & (out["item_id"].astype("string").str.strip() != "")]
    out = out.drop_duplicates(subset="item_id", keep="first")
    out["_phase_rank"] = out["phase"].map(_phase_rank)
    big = 10**9
    out["_order_rank"] = out["order"].astype("Float64").fillna(big)
    row = out["_row"] if "_row" in out.columns else pd.Series(range(len(out)), index=out.index)
    out["_row_rank"] = row
    out = out.sort_values(["_phase_rank", "_order_rank", "_row_rank"], kind="stable")
    return out.drop(columns=["_phase_rank", "_order_rank", "_row_rank"]).reset_index(drop=True)


def ticks_for(delivery_id: str, ticks: pd.DataFrame) -> pd.DataFrame:
    """The checklist rows of one delivery, one per item (the first row wins)."""
    if ticks.empty:
        return ticks.copy()
    mine = ticks[ticks["delivery_id"].astype("string") == str(delivery_id)]
    if "_row" in mine.columns:
        mine = mine.sort_values("_row", kind="stable")
    return mine.drop_duplicates(subset="item_id", keep="first")


def due_at(delivery: Mapping[str, Any] | pd.Series, due_hours: object) -> datetime | None:
    """When an item is due: the delivery's scheduled time plus its due hours (blank = 0)."""
    scheduled = _as_datetime(_get(delivery, "scheduled"))
    if scheduled is None:
        return None
    hours = 0 if _missing(due_hours) else int(due_hours)  # type: ignore[call-overload]
    return scheduled + timedelta(hours=hours)


def checklist_state(
    delivery: Mapping[str, Any] | pd.Series,
    items: pd.DataFrame,
    ticks: pd.DataFrame,
    now: datetime,
) -> pd.DataFrame:
    """Every active template item for one delivery: due time, tick (who, when) and status.

    Columns: STATE_COLUMNS; `status` is "done", "open", "late" or "not_in_use" (a completed
    delivery's item added to the template later); `due_at` is NaT when the delivery has no
    scheduled time.
    """
    did = str(_get(delivery, "delivery_id") or "")
    one = pd.DataFrame(
        {
            "delivery_id": [did],
            "scheduled": [_as_datetime(_get(delivery, "scheduled"))],
            "delivered_at": [_as_datetime(_get(delivery, "delivered_at"))],
            "status": pd.Series([_get(delivery, "status")], dtype="string"),
        }
    )
    return checklist_states(one, items, ticks, now)[did]


class ChecklistStates(Mapping[str, pd.DataFrame]):
    """`checklist_state` of every delivery of a frame, by delivery ID: one frame holding them all, each
    delivery's rows together, sliced when asked for (the week's view at L holds up to 600 deliveries
    and shows one), with each delivery's progress worked out on the arrays."""

    def __init__(self, state: pd.DataFrame, ids: list[str], starts: np.ndarray) -> None:
        self.state = state  # STATE_COLUMNS, the deliveries' rows one after the other, in `ids`' order
        self.ids = ids
        self.starts = starts  # where each delivery's rows begin; len(ids) + 1 entries
        self._at = {did: i for i, did in enumerate(ids)}

    def __getitem__(self, delivery_id: str) -> pd.DataFrame:
        i = self._at[delivery_id]
        return self.state.iloc[self.starts[i] : self.starts[i + 1]].reset_index(drop=True)

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def progress(self) -> dict[str, tuple[int, int, int]]:
        """(done, total, late) per delivery: `overall_progress` and the late items, for all at once."""
        counts = np.concatenate([_counts(self.state), np.zeros((3, 1), dtype=np.int64)], axis=1)  # every start a column
        sums = np.add.reduceat(counts, self.starts[:-1], axis=1)
        sums[:, self.starts[1:] == self.starts[:-1]] = 0  # reduceat gives a delivery without rows the next one's row
        return {did: (int(sums[0, i]), int(sums[1, i]), int(sums[2, i])) for i, did in enumerate(self.ids)}


def checklist_states(
    deliveries: pd.DataFrame, items: pd.DataFrame, ticks: pd.DataFrame, now: datetime
) -> ChecklistStates:
    """`checklist_state` for every delivery of a frame, by delivery ID (one pass over all of them)."""
    template = _ordered_items(items) if not items.empty else items.copy()
    active = template["active"].fillna(True).astype(bool).to_numpy() if len(template) else []
    template = template.reindex(
        columns=["item_id", "phase", "item_zh", "item_en", "owner_role", "required", "due_hours", "order"]
    )
    template = template.assign(
        item_id=template["item_id"].astype("string").str.strip(), _pos=range(len(template)), _active=active
    )
    ids = deliveries["delivery_id"].astype("string").fillna("")
    scheduled = pd.to_datetime(deliveries["scheduled"]).astype("datetime64[ns]")
    delivered = pd.to_datetime(deliveries.get("delivered_at", pd.Series(pd.NaT, index=deliveries.index)))
    completed = delivery_statuses(deliveries).eq("done").fillna(False).astype(bool)
    heads = pd.DataFrame(
        {
            "delivery_id": ids.to_numpy(),
            "scheduled": scheduled.to_numpy(),
            "_completed": completed.to_numpy(),
            "_handover": delivered.astype("datetime64[ns]").fillna(scheduled).where(completed).to_numpy(),
            "_d": range(len(deliveries)),
        }
    ).drop_duplicates("delivery_id")
    grid = heads.merge(template, how="cross")
    every = ticks.reindex(columns=["delivery_id", "item_id", "done", "by", "at", "note", "_row"])
    every = every.assign(
        delivery_id=every["delivery_id"].astype("string").str.strip(),
        item_id=every["item_id"].astype("string").str.strip(),
    )
    # when each item was first ticked on any delivery (a tick without a time: since ever)
    ticked = every[every["done"].astype("boolean").fillna(False).astype(bool)]
    first_seen = (
        pd.to_datetime(ticked["at"]).astype("datetime64[ns]").fillna(pd.Timestamp.min).groupby(ticked["item_id"]).min()
    )
    mine = every[every["delivery_id"].isin(heads["delivery_id"])]
    mine = mine.sort_values("_row", kind="stable").drop_duplicates(["delivery_id", "item_id"], keep="first")
    out = grid.merge(mine.drop(columns="_row").assign(_has=True), on=["delivery_id", "item_id"], how="left")
    has_row = out["_has"].astype("boolean").fillna(False).astype(bool)
    out = out[out["_active"].astype(bool) | (out["_completed"].astype(bool) & has_row)]
    out = out.sort_values(["_d", "_pos"], kind="stable")
    has_row = has_row[out.index]
    seen = pd.Series(first_seen.reindex(out["item_id"].to_numpy()).to_numpy(), index=out.index, dtype="datetime64[ns]")
    in_use = ~out["_completed"].astype(bool) | has_row | out["_handover"].isna() | (seen <= out["_handover"])
    hours = pd.to_numeric(out["due_hours"], errors="coerce").fillna(0).astype("float64")
    due = out["scheduled"] + pd.to_timedelta(hours, unit="h")
    done = out["done"].astype("boolean").fillna(False).astype(bool)
    status = pd.Series("open", index=out.index, dtype="string")
    status[~done & due.notna() & (due < pd.Timestamp(now))] = "late"
    status[done] = "done"
    status[~in_use] = NOT_IN_USE
    state = pd.DataFrame(
        {
            "item_id": out["item_id"],
            "phase": out["phase"].astype("string"),
            "item_zh": out["item_zh"].astype("string"),
            "item_en": out["item_en"].astype("string"),
            "owner_role": out["owner_role"].astype("string"),
            "required": out["required"].astype("boolean").fillna(False).astype(bool),
            "due_hours": out["due_hours"].astype("Int64"),
            "order": out["order"].astype("Int64"),
            "due_at": due.astype("datetime64[ns]"),
            "done": done,
            "by": out["by"].astype("string"),
            "at": pd.to_datetime(out["at"]).astype("datetime64[ns]"),
            "note": out["note"].astype("string"),
            "status": status,
        },
        columns=list(STATE_COLUMNS),
    )
    # the rows are in the deliveries' order (`_d`, rising in `heads` too): each one's begin where the previous one's end
    rows_d = out["_d"].to_numpy(dtype=np.int64)
    starts = np.append(np.searchsorted(rows_d, heads["_d"].to_numpy(dtype=np.int64), side="left"), len(rows_d))
    return ChecklistStates(state.reset_index(drop=True), [str(did) for did in heads["delivery_id"]], starts)


def counted(state: pd.DataFrame) -> pd.DataFrame:
    """The items that count towards progress: all but those not in use at the handover."""
    if state.empty:
        return state
    return state[state["status"] != NOT_IN_USE]


def phase_progress(state: pd.DataFrame) -> pd.DataFrame:
    """Per phase present in the checklist: done, total, late, required still open, share done."""
    cols = ["phase", "done", "total", "late", "required_open", "share"]
    state = counted(state)
    if state.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for phase, group in state.groupby("phase", sort=False, dropna=False):
        done = int(group["done"].sum())
        total = len(group)
        rows.append(
            {
                "phase": phase,
                "done": done,
                "total": total,
                "late": int((group["status"] == "late").sum()),
                "required_open": int((group["required"] & ~group["done"]).sum()),
                "share": done / total if total else 0.0,
            }
        )
    out = pd.DataFrame(rows, columns=cols)
    out["_rank"] = out["phase"].map(_phase_rank)
    return out.sort_values("_rank", kind="stable").drop(columns="_rank").reset_index(drop=True)


def _counts(state: pd.DataFrame) -> np.ndarray:
    """Per item of a checklist state, as three rows of 0 and 1: done (of those counted), counted (not
    `NOT_IN_USE` at the handover), late. A delivery's progress is their sum (`overall_progress`,
    `ChecklistStates.progress` for a whole week at once)."""
    status = state["status"].to_numpy(dtype=object)
    used = status != NOT_IN_USE
    done = state["done"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    return np.stack([done & used, used, status == "late"]).astype(np.int64)


def overall_progress(state: pd.DataFrame) -> tuple[int, int]:
    """(done, total) over the whole checklist (items not in use at the handover left out)."""
    done, total, _ = _counts(state).sum(axis=1)
    return int(done), int(total)


def required_open(state: pd.DataFrame) -> pd.DataFrame:
    """Required items not yet done (completing the delivery with these asks for confirmation)."""
    state = counted(state)
    if state.empty:
        return state
    return state[state["required"] & ~state["done"]].reset_index(drop=True)


def unrecorded_open(state: pd.DataFrame, ticks: pd.DataFrame, delivery_id: str) -> list[str]:
    """Item IDs still open with no checklist row for the delivery: recording the handover writes
    an unticked row for each, so the completed delivery keeps the checklist it had."""
    open_items = counted(state)
    if open_items.empty:
        return []
    recorded = set(ticks_for(delivery_id, ticks)["item_id"].astype("string").str.strip()) if not ticks.empty else set()
    return [str(i) for i in open_items.loc[~open_items["done"], "item_id"] if str(i) not in recorded]


def is_red(item: Mapping[str, Any] | pd.Series, now: datetime) -> bool:
    """Show an item in red: late, or required and still open on the delivery day or after it."""
    if item["status"] == "late":
        return True
    if item["done"] or not item["required"] or item["status"] == NOT_IN_USE:
        return False
    when = _as_datetime(item["due_at"])
    return when is not None and now.date() >= when.date()


def delivery_status(delivery: Mapping[str, Any] | pd.Series) -> str:
    """The delivery's status code; a blank status reads as done when it has a delivered time."""
    status = _get(delivery, "status")
    if status:
        return str(status)
    return "done" if _get(delivery, "delivered_at") is not None else "planned"


def delivery_statuses(deliveries: pd.DataFrame) -> pd.Series:
    """`delivery_status` of every row at once (the status code, else "done" when it has a delivered time)."""
    index = deliveries.index
    code = deliveries.get("status", pd.Series(pd.NA, index=index)).astype("string").fillna("")
    delivered = pd.to_datetime(deliveries.get("delivered_at", pd.Series(pd.NaT, index=index)))
    fallback = pd.Series(np.where(delivered.notna().to_numpy(), "done", "planned"), index=index, dtype="string")
    return code.where(code != "", fallback)


def deliveries_in_window(
    deliveries: pd.DataFrame,
    today: date,
    days: int = 7,
    recent_days: int = 7,
) -> pd.DataFrame:
    """The deliveries a manager looks at, each with a `bucket` column, in reading order.

    overdue: planned, scheduled before today; today: planned today; upcoming: planned in
    the next `days` days; unscheduled: planned without a time; done: delivered in the last
    `recent_days` days (or today). Cancelled deliveries are left out.
    """
    if deliveries.empty:
        out = deliveries.copy()
        out["bucket"] = pd.Series(dtype="string")
        return out
    start = pd.Timestamp(today)
    end = start + pd.Timedelta(days=days + 1)
    recent = start - pd.Timedelta(days=recent_days)
    status = delivery_statuses(deliveries)
    sched = pd.to_datetime(deliveries["scheduled"])
    delivered = pd.to_datetime(deliveries["delivered_at"]).fillna(sched)
    planned = status == "planned"
    bucket = pd.Series(pd.NA, index=deliveries.index, dtype="string")
    bucket[planned & sched.isna()] = "unscheduled"
    bucket[planned & (sched < start)] = "overdue"
    bucket[planned & (sched >= start) & (sched < start + pd.Timedelta(days=1))] = "today"
    bucket[planned & (sched >= start + pd.Timedelta(days=1)) & (sched < end)] = "upcoming"
    bucket[(status == "done") & (delivered >= recent) & (delivered < start + pd.Timedelta(days=1))] = "done"
    out = deliveries.assign(bucket=bucket, _b=bucket.map(lambda b: BUCKET_ORDER.index(b) if isinstance(b, str) else -1))
    out = out[out["_b"] >= 0]
    # done ones newest first, the rest soonest first
    waiting = out[out["bucket"] != "done"].sort_values(["_b", "scheduled"], kind="stable", na_position="last")
    done = out[out["bucket"] == "done"]
    done = done.assign(_t=pd.to_datetime(done["delivered_at"]).fillna(pd.to_datetime(done["scheduled"])))
    done = done.sort_values("_t", ascending=False, kind="stable").drop(columns="_t")
    return pd.concat([waiting, done]).drop(columns="_b").reset_index(drop=True)


def owner_name(role: object, delivery: Mapping[str, Any] | pd.Series, staff: pd.DataFrame) -> str | None:
    """The person who owns an item: the delivery's consultant or service advisor, else the
    active staff member(s) holding that role (names joined with "、"); None when unknown."""
    if _missing(role) or not role:
        return None
    if role in ("consultant", "service_advisor"):
        name = _get(delivery, str(role))
        if name:
            return str(name)
        if role == "consultant":
            return None
    if staff.empty:
        return None
    active = staff["active"].fillna(True).astype(bool)
    names = [str(n) for n in staff.loc[active & (staff["role"] == role), "name"].dropna()]
    return "、".join(names) if names else None


def item_text(item: Mapping[str, Any] | pd.Series, lang: str) -> str:
    """An item's text in `lang`, falling back to the other language when blank."""
    zh, en = _get(item, "item_zh"), _get(item, "item_en")
    first, second = (en, zh) if lang == "en" else (zh, en)
    return str(first or second or "")


def find_delivery(deliveries: pd.DataFrame, delivery_id: str) -> pd.Series | None:
    """The delivery row with that ID, or None."""
    if deliveries.empty:
        return None
    hit = deliveries[deliveries["delivery_id"].astype("string") == str(delivery_id)]
    return None if hit.empty else hit.iloc[0]


AFTER_KINDS: tuple[str, ...] = (
    "after_delivery_arrival",
    "after_delivery_1h",
    "after_delivery_day3",
    "after_delivery_day4",
    "after_delivery_monthly",
)


def after_horizon_days(settings: Mapping[str, Any]) -> int:
    """How far ahead to ask the follow-up engine so every after-delivery item of a fresh delivery shows."""
    days = []
    for key, default in (("after_monthly_days", 30), ("after_manager_call_day", 4), ("after_call_day", 3)):
        try:
            days.append(int(settings.get(key)))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            days.append(default)
    return max(days) + 2


def after_delivery_plan(due: pd.DataFrame, delivery_id: str) -> pd.DataFrame:
    """One delivery's after-delivery follow-ups from `logic.followups.due_followups` (run with a horizon).

    One row per kind of AFTER_KINDS: `due` (date, None when done), `owner`, `done` (no open
    item left: a fitting contact was logged), `overdue_days`. The dates are the engine's;
    nothing here repeats its rules.
    """
    mine = due[(due["delivery_id"].astype("string") == str(delivery_id)) & due["kind"].isin(AFTER_KINDS)]
    by_kind = {str(r["kind"]): r for _, r in mine.iterrows()}
    rows = []
    for kind in AFTER_KINDS:
        r = by_kind.get(kind)
        rows.append(
            {
                "kind": kind,
                "due": None if r is None else r["due"],
                "owner": None if r is None or _missing(r["consultant"]) else str(r["consultant"]),
                "done": r is None,
                "overdue_days": 0 if r is None else int(r["overdue_days"]),
            }
        )
    return pd.DataFrame(rows, columns=["kind", "due", "owner", "done", "overdue_days"])
