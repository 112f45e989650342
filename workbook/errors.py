"""The problems and errors the workbook layer reports.

Problem                   one finding about the workbook (severity, where, code + params)
WorkbookError             base: "a person can fix this"; carries a code and params
├── UnusableWorkbook      the file as a whole cannot be read (not a workbook, bomb, ...)
├── WriteRefused          a write that cannot be done safely; the file is left untouched
├── WriteConflict         the file changed in a way the operation cannot be re-applied to
└── WorkbookBusy          another program holds the file open; the change was queued

Nothing here is worded: whoever shows one makes its text with `i18n.describe(found, lang)`, in the
language shown (`code` is an i18n key, `params` its parameters).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One finding: where it is (sheet as named in the file, Excel row, header as found)."""

    severity: Severity
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def as_json(self, message: str) -> dict[str, Any]:
        """The problem as `check --json` gives it, with its text in the language asked for."""
        return {
            "severity": self.severity,
            "code": self.code,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": message,
        }


class WorkbookError(Exception):
    """Base of every error a manager can do something about."""

    exit_code = 2

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def __str__(self) -> str:
        return f"{self.code} {self.params}" if self.params else self.code


class UnusableWorkbook(WorkbookError):
    """The file as a whole cannot be used."""


class WriteRefused(WorkbookError):
    """A write that cannot be done safely; nothing was changed."""


class WriteConflict(WorkbookError):
    """The workbook changed so that the operation cannot be re-applied."""

    exit_code = 3


class WorkbookBusy(WorkbookError):
    """Another program holds the workbook open; the operation waits in the journal."""

    exit_code = 75
