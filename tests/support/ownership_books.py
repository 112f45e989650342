"""Workbooks for the first-contact ownership tests: two cards for one phone, made by the project's own template."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.support.writer_support import customers_workbook

STAFF = [
    {"name": "王磊", "role": "consultant"},
    {"name": "赵强", "role": "consultant"},
    {"name": "李娜", "role": "manager"},
]


def shared_phone_book(tmp_path: Path) -> Path:
    """Two cards for one phone: 王磊 met the customer on 11-01, 赵强 entered them again on 11-03."""
    extra = {
        "staff": STAFF,
        "customers": [
            {"customer_id": "C0001", "name": "张三", "phone": "13800000001", "consultant": "王磊",
             "first_contact": date(2026, 11, 1), "grade": "B"},
            {"customer_id": "C0002", "name": "张三", "phone": "13800000001", "consultant": "赵强",
             "first_contact": date(2026, 11, 3), "grade": "A"},
        ],
        "contacts": [
            {"contact_id": "K0001", "date": date(2026, 11, 1), "time": "10:00", "customer_id": "C0001",
             "consultant": "王磊", "type": "visit"},
            {"contact_id": "K0002", "date": date(2026, 11, 3), "time": "15:00", "customer_id": "C0002",
             "consultant": "赵强", "type": "visit"},
        ],
    }  # fmt: skip
    return customers_workbook(tmp_path / "店.xlsx", extra=extra)
