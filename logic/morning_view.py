"""What the morning meeting (早会) screen shows around its board: the month's pace, missed checks, rota edits.

The board itself (rota, plans, follow-ups, month to date) is `logic.meetings.morning_board`;
this module adds what the page decides on top of it:
- the store's orders this month against the sum of the consultants' targets, behind when the
  share reached is below the share of the month gone;
- a consultant on duty whose appearance or folder check is not ticked is named;
- rows of the rota editor become rota values by consultant (shift labels back to codes);
- yesterday's traffic by hour (visits, calls, new cards, leads captured) from the showroom log
  (`logic.showroom.traffic`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd

from logic.meetings import MorningBoard, contacts_between, morning_board
from logic.plan_actual import month_bounds
from logic.showroom import Traffic, traffic
from workbook.schema import choice_list

Frames = dict[str, pd.DataFrame]


@dataclass(frozen=True)
class MorningView:
    """The morning screen for one day."""

    board: MorningBoard
    day_of_month: int
    days_in_month: int
    orders_actual: int  # the store's orders this month so far
    orders_target: int  # the sum of the consultants' order targets (0: none set)
    unchecked: list[str]  # consultants on duty with the appearance or folder check not ticked
    traffic: Traffic  # yesterday's, by hour

    @property
    def names(self) -> list[str]:
        return [line.consultant for line in self.board.lines]

    @property
    def orders_behind(self) -> bool:
        """Orders reached a smaller share of the target than the share of the month gone."""
        return bool(self.orders_target) and self.orders_actual / self.orders_target < self.board.time_progress


def morning_view(frames: Frames, settings: dict[str, Any], day: date, due: pd.DataFrame | None) -> MorningView:
    """The morning screen's figures for `day`; `due` is the due list for that day."""
    board = morning_board(frames, settings, day, due=due)
    _first, last = month_bounds(board.month)
    yesterday = day - timedelta(days=1)
    return MorningView(
        board=board,
        day_of_month=day.day,
        days_in_month=last.day,
        orders_actual=sum(line.month["orders"].actual for line in board.lines),
        orders_target=sum(line.month["orders"].target or 0 for line in board.lines),
        unchecked=[x.consultant for x in board.lines if x.on_duty and not (x.rota.appearance_ok and x.rota.folder_ok)],
        traffic=traffic(contacts_between(frames, yesterday, yesterday), yesterday),
    )


def rota_edits(records: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The rota editor's rows as values by consultant: blanks as None, the shift's label as its code."""
    shifts = choice_list("shift")
    out = {}
    for record in records:
        values = {k: (None if v is None or (not isinstance(v, str) and pd.isna(v)) else v) for k, v in record.items()}
        values["shift"] = shifts.lookup(values["shift"]) if values.get("shift") else None
        out[values.pop("consultant")] = values
    return out
