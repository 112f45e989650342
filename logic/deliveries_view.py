"""What the deliveries (交车) screen shows: the week's deliveries at a glance and each one's checklist lines.

The rules of a delivery and its checklist are `logic.deliveries`; this module gathers what the
page draws from them:
- the window: planned deliveries from overdue ones to `DAYS_AHEAD` days ahead, and those
  handed over in the last `RECENT_DAYS` days;
- the glance: planned today, upcoming, overdue, and late checklist items of planned ones;
- per delivery its progress (items done of those counted) and late items;
- per checklist item the facts shown under it (owner, required, due while open, late, ticked).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from logic import deliveries as dl
from logic.cells import cell_text

Frames = dict[str, pd.DataFrame]

DAYS_AHEAD = 7
RECENT_DAYS = 7
OPEN_LISTED = 8  # open required items named before completing; the rest as "…"


@dataclass(frozen=True)
class DeliveryLine:
    """One delivery in the week's overview."""

    delivery_id: str
    bucket: str  # overdue, today, upcoming, unscheduled, done
    when: Any  # delivered_at for a done one, else scheduled (a timestamp or missing)
    customer: str  # the name, else the customer ID
    model: Any
    consultant: Any
    service_advisor: Any
    done: int
    total: int
    late: int

    @property
    def share(self) -> float:
        """Items done as a percentage (0 for an empty checklist)."""
        return 100 * self.done / max(self.total, 1)


@dataclass(frozen=True)
class DeliveriesView:
    """The deliveries screen for one day."""

    window: pd.DataFrame  # logic.deliveries.deliveries_in_window
    states: Mapping[str, pd.DataFrame]  # checklist state per delivery ID
    lines: list[DeliveryLine]
    no_items: bool  # the checklist template has no item in use

    def count(self, bucket: str) -> int:
        return sum(1 for line in self.lines if line.bucket == bucket)

    @property
    def late_items(self) -> int:
        """Late checklist items of deliveries not yet handed over."""
        return sum(line.late for line in self.lines if line.bucket != "done")

    def line(self, delivery_id: str) -> DeliveryLine:
        return next(line for line in self.lines if line.delivery_id == delivery_id)

    def delivery(self, delivery_id: str) -> pd.Series:
        return self.window[self.window["delivery_id"] == delivery_id].iloc[0]


def deliveries_view(frames: Frames, now: datetime) -> DeliveriesView:
    """The week's deliveries around `now` with their checklist states."""
    items = frames["checklist_items"]
    window = dl.deliveries_in_window(frames["deliveries"], now.date(), days=DAYS_AHEAD, recent_days=RECENT_DAYS)
    states: Mapping[str, pd.DataFrame] = {}
    progress: dict[str, tuple[int, int, int]] = {}
    if not window.empty:
        found = dl.checklist_states(window, items, frames["checklist"], now)
        states, progress = found, found.progress()
    lines = []
    for _, row in window.iterrows():
        did = str(row["delivery_id"])
        done, total, late = progress[did]
        lines.append(
            DeliveryLine(
                delivery_id=did,
                bucket=str(row["bucket"]),
                when=row["delivered_at"] if row["bucket"] == "done" else row["scheduled"],
                customer=cell_text(row["customer"]) or cell_text(row["customer_id"]),
                model=row["model"],
                consultant=row["consultant"],
                service_advisor=row["service_advisor"],
                done=done,
                total=total,
                late=late,
            )
        )
    return DeliveriesView(window, states, lines, dl.active_items(items).empty)


def customer_phone(customers: pd.DataFrame, customer_id: object) -> str | None:
    """The phone on the customer's card, None when there is no card or no phone."""
    if customers.empty or customer_id is None or pd.isna(customer_id):
        return None
    hit = customers.loc[customers["customer_id"] == customer_id, "phone"]
    return hit.iloc[0] if len(hit) and pd.notna(hit.iloc[0]) else None


@dataclass(frozen=True)
class ItemFacts:
    """What is said under one checklist item."""

    owner_role: Any
    owner: str | None  # the person holding that role on this delivery
    required: bool
    due_at: Any  # shown while the item is open
    late: bool
    done: bool
    by: str
    at: Any


def item_facts(item: pd.Series, delivery: pd.Series, staff: pd.DataFrame) -> ItemFacts:
    """The owner, flags and tick of one checklist item."""
    done = bool(item["done"])
    return ItemFacts(
        owner_role=item["owner_role"],
        owner=dl.owner_name(item["owner_role"], delivery, staff),
        required=bool(item["required"]),
        due_at=item["due_at"] if pd.notna(item["due_at"]) and not done else None,
        late=item["status"] == "late",
        done=done,
        by=cell_text(item["by"]),
        at=item["at"],
    )


def open_required_names(state: pd.DataFrame, lang: str) -> tuple[int, list[str], bool]:
    """Required items still open at completion: how many, the first `OPEN_LISTED` names, whether more follow."""
    open_required = dl.required_open(state)
    names = [dl.item_text(r, lang) for _, r in open_required.head(OPEN_LISTED).iterrows()]
    return len(open_required), names, len(open_required) > OPEN_LISTED
