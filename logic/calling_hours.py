"""The calling window: the hours of the day in which customers are called or messaged.

The settings `calling_hours_start` and `calling_hours_end` (09:00 and 20:00 by default) bound it;
the start is inside the window, the end is not (a message due at 20:00 waits for the morning).
A follow-up item whose rule gives it a time of day (the message an hour after a delivery, the
safe-arrival call) and whose time falls outside the window is due at the window's next opening:
the same day's start when it is early, the next day's start when it is late. The day may then
move further for a closed day, as every item's does (`logic.followups`).

A setting that is not a time, or a window that ends before it starts, reads as the default (the
reader has already warned about a bad cell on the settings sheet).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import time
from typing import Any

import numpy as np

from workbook.schema import SETTINGS_BY_KEY

Window = tuple[time, time]
NO_TIME = -1  # the minute of an item that has no time of day (due some time on its day)


def _as_time(value: object) -> time | None:
    """A time of day from "HH:MM" text (or "H:MM", "HH:MM:SS") or a `time`; None when it is neither."""
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if not isinstance(value, str):
        return None
    parts = value.strip().split(":")
    try:
        hours, minutes = int(parts[0]), int(parts[1])
        return time(hours, minutes) if len(parts) in (2, 3) else None
    except (ValueError, IndexError):
        return None


def calling_window(settings: Mapping[str, Any]) -> Window:
    """(start, end) of the calling window from the settings, the defaults where they are missing or odd."""
    default = (
        _as_time(SETTINGS_BY_KEY["calling_hours_start"].default) or time(9, 0),
        _as_time(SETTINGS_BY_KEY["calling_hours_end"].default) or time(20, 0),
    )
    start = _as_time(settings.get("calling_hours_start")) or default[0]
    end = _as_time(settings.get("calling_hours_end")) or default[1]
    if start >= end:  # a window that closes before it opens cannot be meant
        return default
    return start, end


def window_text(window: Window) -> str:
    """The window as the card and `due --json` show it: "09:00-20:00"."""
    return f"{window[0]:%H:%M}-{window[1]:%H:%M}"


def minute_of(t: time) -> int:
    """Minutes since midnight of a time of day."""
    return t.hour * 60 + t.minute


def into_window(days: np.ndarray, minutes: np.ndarray, window: Window) -> tuple[np.ndarray, np.ndarray]:
    """(days, minutes) moved to the next opening of the window where the minute falls outside it.

    `days` are day numbers, `minutes` minutes since midnight (`NO_TIME` for an item without a
    time, left as it is). Early: the same day's start; at or after the end: the next day's start.
    """
    start, end = minute_of(window[0]), minute_of(window[1])
    timed = minutes != NO_TIME
    early = timed & (minutes < start)
    late = timed & (minutes >= end)
    days = np.where(late, days + 1, days)
    minutes = np.where(early | late, start, minutes)
    return days, minutes
