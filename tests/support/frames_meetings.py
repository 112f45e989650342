"""Hand-built frames in the reader's contract shape, for the meeting and plan-vs-actual tests:
the builders of `tests/support/frames.py`, with these tests' default manager and a time helper."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from tests.support import frames as _frames
from tests.support.frames import frame, frames

__all__ = ["at", "frame", "frames", "staff"]


def staff(*consultants: str, managers: tuple[str, ...] = ("Wang",)) -> list[dict[str, Any]]:
    """Staff rows: the given consultants and managers, all active."""
    return _frames.staff(*consultants, managers=managers)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A time on a day."""
    return datetime(day.year, day.month, day.day, hour, minute)
