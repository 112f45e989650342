"""Row builders for the hot-lead tests (consultant Li, model Aurora); the frames come from tests.support.frames."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.support.frames import frame, frames

__all__ = ["contact", "customer", "frame", "frames"]


def customer(cid: str | None, grade: str, first: date = date(2026, 9, 1), **more: Any) -> dict[str, Any]:
    """A customers row: consultant Li, model Aurora, source walk-in unless given."""
    row = {
        "customer_id": cid,
        "name": f"Cust {cid}",
        "phone": f"1380000{(cid or '0000')[-4:]:0>4}",
        "consultant": "Li",
        "source": "walk_in",
        "first_contact": first,
        "model": "Aurora",
        "grade": grade,
    }
    return row | more


def contact(
    cid: str | None, day: date, grade_after: str | None = None, result: str = "", **more: Any
) -> dict[str, Any]:
    """A contacts row of customer `cid` on `day`."""
    row = {
        "date": day,
        "customer_id": cid,
        "consultant": "Li",
        "type": "call",
        "result": result or None,
        "grade_after": grade_after,
    }
    return row | more
