"""The weekly case review (本周成交/战败案例) the evening meeting holds on the settings' case-review day.

- the review is held on the weekday the setting `case_review_weekday` names (1 = Monday … 7 = Sunday;
  a value outside 1-7 reads as the default, Monday);
- "the week" is the seven days ending with the meeting's day, so the review covers a whole week
  whichever weekday it is held on;
- won deals: deliveries rows whose order date falls in the week and whose status is not cancelled
  (the orders of `logic.plan_actual`), with the card's source;
- lost cases: lost records dated in the week, except requests the manager rejected (the customer
  is still a lead), with the day, reason, competitor and decision (`logic.meetings.lost_on`);
- both grouped by consultant, in the order of the board's consultants, then by date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd

from logic.meetings import LostCase, lost_on
from logic.plan_actual import in_period, is_value

Frames = dict[str, pd.DataFrame]

DEFAULT_WEEKDAY = 1
WEEK_DAYS = 7


@dataclass(frozen=True)
class WonDeal:
    """An order signed in the week: who sold what to whom, and where the customer came from."""

    consultant: str
    customer: str | None
    model: str | None
    order_date: date
    source: str | None  # a source choice code of the customer's card (None: not known)


@dataclass(frozen=True)
class LostInWeek:
    """A lost case of the week and the day it was recorded."""

    day: date
    case: LostCase


@dataclass(frozen=True)
class CaseReview:
    """The week's won deals and lost cases, each grouped by consultant."""

    start: date
    end: date
    won: list[WonDeal]
    lost: list[LostInWeek]

    @property
    def consultants(self) -> list[str]:
        """Everyone with a case this week, in the order the cases are listed."""
        names = [x.consultant for x in self.won] + [x.case.consultant for x in self.lost]
        return list(dict.fromkeys(names))


def review_weekday(settings: dict[str, Any]) -> int:
    """The case-review weekday from the settings, 1 = Monday … 7 = Sunday (Monday when unset or out of range)."""
    value = settings.get("case_review_weekday")
    try:
        day = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return DEFAULT_WEEKDAY
    return day if 1 <= day <= 7 else DEFAULT_WEEKDAY


def is_review_day(settings: dict[str, Any], day: date) -> bool:
    """Whether the evening meeting of `day` holds the weekly case review."""
    return day.isoweekday() == review_weekday(settings)


def _text(value: Any) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    return str(value).strip() or None


def _rank(names: Sequence[str]) -> dict[str, int]:
    return {n: i for i, n in enumerate(names)}


def case_review(frames: Frames, day: date, consultants: Sequence[str] = ()) -> CaseReview:
    """The won deals and lost cases of the seven days ending with `day`, by consultant (`consultants` first, in order)."""
    start = day - timedelta(days=WEEK_DAYS - 1)
    deliveries = frames["deliveries"]
    rows = deliveries.loc[
        ~is_value(deliveries["status"], "cancelled") & in_period(deliveries["order_date"], start, day)
    ]
    customers = frames["customers"]
    ids = customers["customer_id"].astype("string").str.strip()
    source = dict(zip(ids, customers["source"], strict=True))
    won = [
        WonDeal(
            _text(r["consultant"]) or "",
            _text(r["customer"]) or _text(r["customer_id"]),
            _text(r["model"]),
            pd.Timestamp(r["order_date"]).date(),
            _text(source.get(_text(r["customer_id"]) or "")),
        )
        for _, r in rows.iterrows()
    ]
    lost = [
        LostInWeek(d, c)
        for d in (start + timedelta(days=i) for i in range(WEEK_DAYS))
        for c in lost_on(frames, d)
        if c.decision != "rejected"
    ]
    rank = _rank(consultants)
    won.sort(key=lambda x: (rank.get(x.consultant, len(rank)), x.consultant, x.order_date))
    lost.sort(key=lambda x: (rank.get(x.case.consultant, len(rank)), x.case.consultant, x.day))
    return CaseReview(start, day, won, lost)
