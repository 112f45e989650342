"""The workbook check screen's filters: severity, sheet or the whole file, and words in any field."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from logic.health_view import FILE, severity_counts, sheet_choices, shown_problems


@dataclass
class Problem:
    severity: str
    sheet: str | None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    text: str = ""


PROBLEMS = [
    Problem("error", "客户", 3, "级别", "X", "grade not allowed"),
    Problem("warning", "联系", 7, "电话", "123", "phone too short"),
    Problem("error", None, text="file is a copy"),
]


def _shown(severities=("error", "warning"), sheet="", search=""):
    return [p.text for p in shown_problems(PROBLEMS, severities, sheet, search, lambda p: p.text)]


def test_the_sheets_are_listed_by_name_with_the_whole_file_last() -> None:
    assert sheet_choices(PROBLEMS) == ["客户", "联系", FILE]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["grade not allowed", "phone too short", "file is a copy"]),
        ({"severities": ("warning",)}, ["phone too short"]),
        ({"sheet": FILE}, ["file is a copy"]),
        ({"sheet": "客户"}, ["grade not allowed"]),
        ({"search": " PHONE "}, ["phone too short"]),
        ({"search": "级别"}, ["grade not allowed"]),
        ({"search": "7"}, ["phone too short"]),
        ({"severities": ("error",), "search": "phone"}, []),
    ],
    ids=["everything", "warnings", "the whole file", "one sheet", "words, any case", "a column", "a row", "none"],
)
def test_a_problem_is_shown_when_every_filter_lets_it_through(filters, expected) -> None:
    assert _shown(**filters) == expected


def test_errors_and_warnings_are_counted_apart() -> None:
    assert severity_counts(PROBLEMS) == (2, 1)
