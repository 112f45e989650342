"""The morning screen counts from this month's contacts only: the same figures as counted over the whole workbook."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from logic.morning_view import morning_view
from logic.plan_actual import METRICS, actuals, month_bounds, month_key
from logic.showroom import traffic
from tests.support.sample import SAMPLE_TODAY
from workbook import reading

pytestmark = pytest.mark.slow  # reads the S sample (2,000 customers, 17k contacts)


@pytest.fixture(scope="module")
def wb(_sample_master_zh: Path) -> Any:
    return reading.read_workbook(_sample_master_zh)


@pytest.mark.parametrize("day", [SAMPLE_TODAY, SAMPLE_TODAY - timedelta(days=5), date(2026, 11, 1)], ids=str)
def test_yesterday_the_month_and_yesterdays_traffic_are_those_of_the_whole_workbook(wb, day: date) -> None:
    view = morning_view(wb.frames, wb.settings, day, None)
    yesterday = day - timedelta(days=1)
    assert view.traffic == traffic(wb.frames, yesterday)
    assert view.traffic.total.visits > 0  # the sample has a working day before each of these
    month = actuals(wb.frames, month_bounds(month_key(day))[0], day)
    before = actuals(wb.frames, yesterday, yesterday)
    for line in view.board.lines:
        counted = {m: int(month.at[line.consultant, m]) if line.consultant in month.index else 0 for m in METRICS}
        assert {m: line.month[m].actual for m in METRICS} == counted, line.consultant
        counted = {m: int(before.at[line.consultant, m]) if line.consultant in before.index else 0 for m in METRICS}
        assert line.yesterday == counted, line.consultant
