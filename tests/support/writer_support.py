"""Helpers shared by the writer's tests: raw members, every member's content, the visit the speed tests log, a small customers workbook."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from typing import Any

from workbook import operations
from workbook.package import Package


def raw_members(path: Path) -> dict[str, tuple[int, bytes]]:
    """Each zip member's CRC and its compressed bytes exactly as stored."""
    data = path.read_bytes()
    pkg = Package(data)
    with zipfile.ZipFile(path) as z:
        crcs = {i.filename: i.CRC for i in z.infolist()}
    return {m.name: (crcs[m.name], pkg._compressed(m)) for m in pkg.members}


def changed_members(before: Path, after: Path) -> set[str]:
    """Members whose stored bytes differ (or that appeared / disappeared)."""
    a, b = raw_members(before), raw_members(after)
    return {n for n in a.keys() | b.keys() if a.get(n) != b.get(n)}


def customers_workbook(path: Path, lang: str = "zh", extra: dict[str, list[dict[str, Any]]] | None = None) -> Path:
    """A template workbook with two staff, two customers (one added by hand, without ID)."""
    from workbook import template

    data: dict[str, list[dict[str, Any]]] = {
        "staff": [{"name": "王磊", "role": "consultant"}, {"name": "李娜", "role": "manager"}],
        "customers": [
            {"customer_id": "C0001", "name": "张三", "phone": "13800000001", "consultant": "王磊",
             "first_contact": date(2026, 11, 1), "grade": "H"},
            {"name": "李四", "phone": "13800000002", "consultant": "王磊", "first_contact": date(2026, 11, 2), "grade": "B"},
        ],
    }  # fmt: skip
    data.update(extra or {})
    return template.write_workbook(path, lang=lang, data=data)  # type: ignore[arg-type]


def log_visit(customer: str, note: str, on: date) -> operations.Append:
    """A visit logged for `customer` by 王磊 at 10:00: the contact the writer's speed tests append."""
    return operations.log_contact(customer, "visit", on, result=note, consultant="王磊", time="10:00")


def zip_content(path: Path) -> dict[str, bytes]:
    """Every member's inflated content, the zip checked whole first."""
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        return {n: z.read(n) for n in z.namelist()}
