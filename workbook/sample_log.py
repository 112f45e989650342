"""The sample's showroom log (来店(电)登记): the front desk's record of the visits and phone-ins in the contacts.

Every visit contact (named or anonymous) is a log row, and so is a test drive on a day without one; a customer
who came by phone (source phone-in) has a phone-in row on the first-contact day, and a few anonymous phone-ins
come every open day. Times in peak at 10-12 and 14-17 (weekends already bring more people); a visit lasts
20 minutes to two hours, a call a few minutes. The morning of `today` holds only rows before 10:30, the last
visitors still in the showroom (no time out). One `random.Random` seeded from the seed alone: the output
depends on (size, lang, today, seed) like the rest of the sample.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from itertools import accumulate, groupby
from typing import Any

from workbook import sample_pools as pools

HOURS = (9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19)
_HOUR_CUM = list(accumulate((2, 8, 9, 4, 4, 8, 9, 8, 5, 3, 1)))  # the floor's two peaks: 10-12 and 14-17
MORNING_END = "10:30"


def _time(rng: random.Random) -> str:
    hour = rng.choices(HOURS, cum_weights=_HOUR_CUM)[0]
    return f"{hour:02d}:{5 * int(rng.random() * 12):02d}"


def _later(hhmm: str, minutes: int) -> str:
    h, m = map(int, hhmm.split(":"))
    total = min(h * 60 + m + minutes, 23 * 60 + 59)
    return f"{total // 60:02d}:{total % 60:02d}"


def log_rows(
    contacts: Iterable[dict[str, Any]],
    customers: dict[str, dict[str, Any]],
    desk: list[str],
    today: date,
    lang: str,
    seed: int,
) -> Iterator[dict[str, Any]]:
    """The log's rows in date and time order, IDs in that order; `contacts` in date order, `desk` the front desk."""
    rng = random.Random(f"showroom-log-{seed}")
    n = 0
    for day, same_day in groupby(contacts, key=lambda c: c["date"]):
        rows = _day_rows(day, list(same_day), customers, desk, today, lang, rng)
        rows.sort(key=lambda r: r["time_in"])
        if day == today:
            for r in [r for r in rows if r["kind"] == "visit"][-2:]:
                r["time_out"] = None  # still in the showroom this morning
        for r in rows:
            n += 1
            r["visit_id"] = f"V{n:06d}"
            hh, mm = map(int, r["time_in"].split(":"))
            r["recorded_at"] = datetime.combine(day, time(hh, mm)) + timedelta(minutes=1 + n * 5 % 13)
            yield r


def _day_rows(
    day: date,
    contacts: list[dict[str, Any]],
    customers: dict[str, dict[str, Any]],
    desk: list[str],
    today: date,
    lang: str,
    rng: random.Random,
) -> list[dict[str, Any]]:
    drove = {c["customer_id"] for c in contacts if c["type"] == "test_drive" and c["customer_id"]}
    visited: set[str] = set()
    rows = []
    consultants = sorted({c["consultant"] for c in contacts if c["consultant"]})
    for c in contacts:
        cid = c["customer_id"]
        card = customers.get(cid or "", {})
        if c["type"] == "visit" or (c["type"] == "test_drive" and cid not in visited):
            if cid:
                visited.add(cid)
            rows.append(_row(day, c, card, "visit", cid in drove, consultants, desk, today, lang, rng))
        elif c["type"] == "call" and cid and card.get("source") == "phone_in" and card.get("first_contact") == day:
            rows.append(_row(day, c, card, "call", False, consultants, desk, today, lang, rng))
    if day < today and consultants:
        for _ in range(int(rng.random() * 4)):  # phone-ins that leave no name
            rows.append(_row(day, None, {}, "call", False, consultants, desk, today, lang, rng))
    return rows


def _row(
    day: date,
    contact: dict[str, Any] | None,
    card: dict[str, Any],
    kind: str,
    test_drive: bool,
    consultants: list[str],
    desk: list[str],
    today: date,
    lang: str,
    rng: random.Random,
) -> dict[str, Any]:
    zh = lang == "zh"
    named = bool(contact and contact["customer_id"])
    if contact is not None and day == today:
        time_in = contact["time"]  # this morning's rows stay before the sample's moment
    else:
        time_in = _time(rng)
        if day == today and time_in >= MORNING_END:
            time_in = "09:" + time_in[3:]
    stay = _int(rng, 20, 120) if kind == "visit" else _int(rng, 2, 10)
    consultant = contact["consultant"] if contact else consultants[int(rng.random() * len(consultants))]
    brand = pools.COMPETITORS[int(rng.random() * len(pools.COMPETITORS))]
    model = brand[2][int(rng.random() * len(brand[2]))]
    first = bool(contact and contact.get("first_visit")) or (kind == "call" and named) or not named
    return {
        "date": day,
        "time_in": time_in,
        "time_out": _later(time_in, stay),
        "kind": kind,
        "first_or_repeat": "first" if first else "repeat",
        "people": (contact or {}).get("people") or (_int(rng, 1, 3) if kind == "visit" else 1),
        "consultant": consultant,
        "handover": consultants[int(rng.random() * len(consultants))] if rng.random() < 0.05 else None,
        "source": card.get("source") or ("walk_in" if kind == "visit" else "phone_in"),
        "model": card.get("model") if named else (pools.MODELS[int(rng.random() * len(pools.MODELS))][0 if zh else 1]),
        "competitor": (model[0] if zh else model[1]) if rng.random() < 0.35 else None,
        "current_car": pools.TRADE_INS[int(rng.random() * len(pools.TRADE_INS))][0 if zh else 1]
        if rng.random() < 0.3
        else None,
        "customer": card.get("name") if named else None,
        "phone": card.get("phone") if named else None,
        "customer_id": contact["customer_id"] if named and contact else None,
        "appointment": (contact or {}).get("next_date") if named and rng.random() < 0.4 else None,
        "test_drive": test_drive,
        "recorded_by": desk[int(rng.random() * len(desk))] if desk else consultant,
    }


def _int(rng: random.Random, lo: int, hi: int) -> int:
    return lo + int(rng.random() * (hi - lo + 1))
