"""What the evening meeting (夕会) screen shows around its board: flags, the lists it acts on, plan-entry rules.

The board itself (results, plans, checks, lost cases) is `logic.meetings.evening_board`; this
module adds what the page decides on top of it, so the page only draws and writes:
- a figure is behind when a plan exists for it and the result is below the plan;
- the same-day check is clean when no consultant has a walk-in without a card, a card
  without a grade or a follow-up due today still open;
- today's plan rows with an ID are the ones the review can tick done;
- lost cases with an ID (today's and the recent undecided ones) are the ones a manager decides;
- a new plan row needs a consultant, a time as HH:MM if any, and at least a customer, an
  activity or a goal; a typed name that is exactly one card's is that card;
- the day's traffic by hour (visits, calls, new cards, leads captured) from the showroom log
  (`logic.showroom.traffic`);
- on the settings' case-review weekday, the week's won deals and lost cases (`logic.case_review`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from logic.case_review import CaseReview, case_review, is_review_day
from logic.meetings import EveningBoard, LostCase, PlanItem, evening_board, match_customer
from logic.showroom import Traffic, traffic
from workbook.schema import GRADES

Frames = dict[str, pd.DataFrame]

TIME_OF_DAY = re.compile(r"([01]?\d|2[0-3]):[0-5]\d")
CUSTOMER_CHOICES = 400  # a consultant's cards offered in the plan form, hot grades first


@dataclass(frozen=True)
class EveningView:
    """The evening screen for one day."""

    board: EveningBoard
    ungraded_rows: list[int]  # Excel rows of cards the reader left out for a missing or invalid grade
    review: list[tuple[str, PlanItem]]  # (consultant, today's plan row with an ID) to tick done
    decidable: list[LostCase]  # lost cases with an ID a manager can decide
    traffic: Traffic  # the day's, by hour
    case_review: CaseReview | None = None  # the week's won and lost cases, on the settings' case-review day only

    @property
    def names(self) -> list[str]:
        return [line.consultant for line in self.board.lines]

    @property
    def check_ok(self) -> bool:
        """No walk-in without a card, no card without a grade, no follow-up due today left open."""
        return all(
            not (x.visits_without_card or x.cards_without_grade or x.followups_due_open) for x in self.board.lines
        )


def evening_view(
    frames: Frames, settings: dict[str, Any], day: date, due: pd.DataFrame | None, ungraded_rows: Sequence[int] = ()
) -> EveningView:
    """The evening screen's figures and lists for `day`; `due` is the due list for that day."""
    board = evening_board(frames, settings, day, due=due)
    review = [(x.consultant, p) for x in board.lines for p in x.today if p.plan_id]
    decidable = [c for c in [*board.lost, *board.pending_recent] if c.lost_id]
    week = case_review(frames, day, [x.consultant for x in board.lines]) if is_review_day(settings, day) else None
    return EveningView(board, sorted(ungraded_rows), review, decidable, traffic(frames, day), week)


def behind(actual: int, planned: int | None) -> bool:
    """Whether a result falls short of its plan (no plan: never behind)."""
    return planned is not None and actual < planned


def undecided(case: LostCase) -> bool:
    """A lost request nobody has approved or rejected yet."""
    return not case.decision or case.decision == "pending"


def ungraded_rows(problems: Iterable[Any], sheet_name: str | None, grade_header: str | None) -> list[int]:
    """Excel rows of customer cards the reader left out because the grade is missing or invalid."""
    if not sheet_name or not grade_header:
        return []
    return sorted(
        {
            p.row
            for p in problems
            if p.severity == "error" and p.row and p.sheet == sheet_name and p.column == grade_header
        }
    )


# --------------------------------------------------------------------------- tomorrow's plan entry


@dataclass(frozen=True)
class CustomerChoice:
    """A card offered in the plan form: its ID, its name and the label shown ("name · grade · phone tail")."""

    customer_id: str
    name: str
    label: str


def customer_choices(
    customers: pd.DataFrame, consultant: str | None, limit: int = CUSTOMER_CHOICES
) -> list[CustomerChoice]:
    """A consultant's customers with an ID, in grade order (schema.GRADES) then sheet order."""
    if not consultant:
        return []
    rank = {g: i for i, g in enumerate(GRADES.codes())}
    mine = customers.loc[customers["consultant"].astype("string").str.strip().eq(consultant).fillna(False).astype(bool)]
    mine = mine.loc[mine["customer_id"].notna()]
    order = mine["grade"].map(lambda g: rank.get(g, len(rank)) if isinstance(g, str) else len(rank))
    mine = mine.assign(_rank=order).sort_values(["_rank", "_row"]).head(limit)
    out = []
    for _, r in mine.iterrows():
        phone = str(r["phone"])[-4:] if isinstance(r["phone"], str) else ""
        grade = r["grade"] if isinstance(r["grade"], str) else ""
        name = str(r["name"])
        out.append(CustomerChoice(str(r["customer_id"]), name, " · ".join(p for p in (name, grade, phone) if p)))
    return out


def plan_entry_problem(
    consultant: str | None, time: str | None, customer: str | None, activity: str | None, goal: str | None
) -> str | None:
    """Why a new plan row cannot be saved ("need_consultant", "bad_time", "need_something"), or None."""
    time = (time or "").strip()
    if not consultant:
        return "need_consultant"
    if time and not TIME_OF_DAY.fullmatch(time):
        return "bad_time"
    if not (customer or activity or (goal or "").strip()):
        return "need_something"
    return None


def plan_entry(
    customers: pd.DataFrame,
    consultant: str,
    time: str | None,
    picked: CustomerChoice | None,
    typed: str | None,
    activity: str | None,
    goal: str | None,
) -> dict[str, Any]:
    """The cells of a new plan row (empty ones left out): a picked card, else a typed name matched to one card."""
    time = (time or "").strip()
    if picked is not None:
        customer_id, customer = picked.customer_id, picked.name
    else:
        customer = (typed or "").strip() or None
        customer_id = match_customer(customers, customer, consultant)
    values = {
        "time": time.zfill(5) if time else None,
        "customer_id": customer_id,
        "customer": customer,
        "activity": activity,
        "goal": (goal or "").strip() or None,
    }
    return {k: v for k, v in values.items() if v is not None}
