"""Older workbooks for the upgrade tests: the project's own template, made as if the schema lacked some columns or sheets."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from workbook import schema, template


@contextmanager
def _schema_without(columns: Mapping[str, set[str]], sheets: set[str]) -> Iterator[None]:
    """The schema as an earlier release declared it: without these sheets and columns, while the block runs."""
    saved = schema.SHEETS, dict(schema.SHEETS_BY_KEY)
    older = tuple(
        dataclasses.replace(s, columns=tuple(c for c in s.columns if c.key not in columns.get(s.key, set())))
        for s in schema.SHEETS
        if s.key not in sheets
    )
    schema.SHEETS = older
    schema.SHEETS_BY_KEY.clear()
    schema.SHEETS_BY_KEY.update({s.key: s for s in older})
    try:
        yield
    finally:
        schema.SHEETS = saved[0]
        schema.SHEETS_BY_KEY.clear()
        schema.SHEETS_BY_KEY.update(saved[1])


def older_workbook(
    path: Path,
    *,
    lang: schema.Lang = "zh",
    data: Mapping[str, list[dict[str, Any]]] | None = None,
    without_columns: Mapping[str, set[str]] | None = None,
    without_sheets: set[str] | None = None,
) -> Path:
    """A template workbook (two staff, two customers, plus `data`) lacking the given columns and sheets."""
    rows: dict[str, list[dict[str, Any]]] = {
        "staff": [{"name": "王磊", "role": "consultant"}, {"name": "李娜", "role": "manager"}],
        "customers": [
            {"customer_id": "C0001", "name": "张三", "phone": "13800000001", "consultant": "王磊",
             "first_contact": date(2026, 11, 1), "grade": "H"},
        ],
    }  # fmt: skip
    rows.update(data or {})
    gone = set(without_sheets or ())
    with _schema_without(without_columns or {}, gone):
        return template.write_workbook(path, lang=lang, data={k: v for k, v in rows.items() if k not in gone})
