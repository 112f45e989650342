"""The browser benchmark's arithmetic: when a shown result has settled, the medians, the goals of issue #17 and their verdicts.

Pure (no browser, no app): the clock and the sleep are passed in, so tests can run it on a made-up clock.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

HOLD_SECONDS = 0.6  # a result counts once it has stayed on the page this long (CONTRACTS.md, "Measuring speed")
POLL_SECONDS = 0.05  # how often the page is looked at: the timings' resolution

# what the manager does, in the order a run does it, and how the report names it
ACTIONS: dict[str, str] = {
    "bare_streamlit": "for reference, a Streamlit page of three elements (bench/bare_page.py), this project's settings,"
    " a fresh browser: start until drawn (what any Streamlit page costs here; no workbook)",
    "open_first": "open the app, workbook never opened before: start until the morning page is drawn",
    "open": "open the app, workbook unchanged since the last opening",
    "open_again": "the same, in the browser that opened it before at the same address (Streamlit's frontend cached)",
    "open_next_day": "the same, a fresh browser, the next day (the manager's first open of a day; workbook unchanged)",
    "log": "log a due follow-up: click until the confirmation shows or the item is gone",
    "tick": "tick a checklist item: click until it shows ticked",
    "outside_save": "save from outside (os.replace of a changed copy) until the open due page shows it",
}


def wait_settled(
    shown: Callable[[], bool],
    *,
    timeout: float,
    hold: float = HOLD_SECONDS,
    interval: float = POLL_SECONDS,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> float:
    """The clock's time at which `shown()` became true and then stayed true for `hold` seconds.

    A result that shows and goes again (a page drawn twice, a half-finished rerun) starts the
    wait afresh. Each look is timed when it starts, so a timing is late by at most `interval`.
    Raises TimeoutError when nothing settles within `timeout` seconds.
    """
    deadline = clock() + timeout
    since: float | None = None
    while True:
        now = clock()
        if shown():
            if since is None:
                since = now
            elif now - since >= hold:
                return since
        else:
            since = None
        if now > deadline:
            raise TimeoutError(f"the page did not show the result for {hold} s within {timeout} s")
        sleep(interval)


@dataclass(frozen=True)
class Goal:
    """One goal of issue #17: an action's median at most `limit`, in seconds or as a share of R."""

    action: str
    limit: float
    of_r: bool  # True: `limit` is a ratio to R (raw python-calamine of every sheet); False: seconds

    def describe(self) -> str:
        return f"≤ {self.limit:g} R" if self.of_r else f"≤ {self.limit:g} s"


def goals(size: str, poll_seconds: float) -> dict[str, Goal]:
    """Issue #17's goals at `size`; S's outside save is held to one poll interval of the app's watcher plus 0.5 s."""
    if size == "S":
        return {
            "log": Goal("log", 0.5, of_r=False),
            "tick": Goal("tick", 0.5, of_r=False),
            "open": Goal("open", 2.0, of_r=False),
            "outside_save": Goal("outside_save", poll_seconds + 0.5, of_r=False),
        }
    if size == "M":
        return {
            "log": Goal("log", 0.33, of_r=True),
            "tick": Goal("tick", 0.13, of_r=True),
            "open": Goal("open", 0.66, of_r=True),
            "outside_save": Goal("outside_save", 1.0, of_r=True),
        }
    if size == "L":
        return {
            "log": Goal("log", 0.2, of_r=True),
            "tick": Goal("tick", 0.07, of_r=True),
            "open": Goal("open", 0.3, of_r=True),
        }
    raise ValueError(f"unknown sample size {size!r}: expected S, M or L")


def verdicts(
    size: str, timings: Mapping[str, Sequence[float]], r_runs: Sequence[float], poll_seconds: float
) -> list[dict]:
    """One row per action measured: its median seconds, its ratio to R's median, its goal and whether that holds."""
    r = statistics.median(r_runs) if r_runs else None
    held = goals(size, poll_seconds)
    rows = []
    for action in ACTIONS:
        runs = timings.get(action)
        if not runs:
            continue
        seconds = statistics.median(runs)
        ratio = None if not r else seconds / r
        goal = held.get(action)
        if goal is None:
            holds = None
        elif goal.of_r:
            holds = None if ratio is None else ratio <= goal.limit
        else:
            holds = seconds <= goal.limit
        rows.append(
            {
                "size": size,
                "action": action,
                "seconds": seconds,
                "runs": [round(s, 3) for s in runs],
                "r_seconds": r,
                "ratio": ratio,
                "goal": None if goal is None else goal.describe(),
                "holds": holds,
            }
        )
    return rows


def table(rows: Sequence[dict]) -> str:
    """The verdict rows as the text table `python -m bench --browser` prints."""
    lines = [f"{'size':<5}{'action':<14}{'median s':>10}{'R s':>8}{'× R':>8}  {'goal':<10}holds"]
    for row in rows:
        ratio = "—" if row["ratio"] is None else f"{row['ratio']:.2f}"
        r = "—" if row["r_seconds"] is None else f"{row['r_seconds']:.2f}"
        verdict = {True: "yes", False: "NO", None: "(shown only)"}[row["holds"]]
        lines.append(
            f"{row['size']:<5}{row['action']:<14}{row['seconds']:>10.2f}{r:>8}{ratio:>8}  {row['goal'] or '':<10}{verdict}"
        )
    return "\n".join(lines)
