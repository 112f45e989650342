"""The due list's small store: follow-ups on known boundaries on TODAY, for the CLI, the page and the link tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta

TODAY = date(2026, 11, 22)


def ago(n: int) -> date:
    """The day n days before TODAY."""
    return TODAY - timedelta(days=n)


STAFF = [
    {"name": "李娜", "role": "consultant", "active": True},
    {"name": "赵敏", "role": "consultant", "active": True},
    {"name": "王经理", "role": "manager", "active": True},
]


def scenario() -> dict:
    """Leads at the day-1 and day-8 boundaries, a delivery 4 days ago, a lunar birthday today."""
    customers = [
        {"customer_id": "C0001", "name": "王建国", "sex": "M", "phone": "13800000001", "consultant": "李娜",
         "first_contact": ago(1), "grade": "B", "source": "walk_in"},
        {"customer_id": "C0002", "name": "刘芳", "sex": "F", "phone": "13800000002", "consultant": "赵敏",
         "first_contact": ago(8), "grade": "A"},
        {"customer_id": "C0003", "name": "陈大伟", "sex": "M", "phone": "13800000003", "consultant": "李娜",
         "first_contact": ago(40), "grade": "D", "birthday": date(1980, 10, 14), "birthday_lunar": True},
        {"customer_id": "C0004", "name": "周强", "sex": "M", "phone": "13800000004", "consultant": "赵敏",
         "first_contact": ago(0), "grade": "C"},
    ]  # fmt: skip
    contacts = [
        {"contact_id": "K0001", "date": ago(1), "time": "10:00", "customer_id": "C0001", "consultant": "李娜",
         "type": "visit", "first_visit": True},
        {"contact_id": "K0002", "date": ago(8), "customer_id": "C0002", "consultant": "赵敏", "type": "visit",
         "first_visit": True},
        {"contact_id": "K0003", "date": ago(8), "customer_id": "C0002", "consultant": "赵敏", "type": "message",
         "followup_kind": "new_lead_24h"},
        {"contact_id": "K0004", "date": ago(4), "customer_id": "C0003", "consultant": "李娜", "type": "delivery"},
        {"contact_id": "K0005", "date": ago(4), "customer_id": "C0003", "consultant": "李娜", "type": "message",
         "followup_kind": "after_delivery_1h"},
        {"contact_id": "K0006", "date": ago(4), "customer_id": "C0003", "consultant": "李娜", "type": "call",
         "followup_kind": "after_delivery_arrival"},
        {"contact_id": "K0007", "date": ago(1), "customer_id": "C0003", "consultant": "李娜", "type": "call",
         "followup_kind": "after_delivery_day3"},
        {"contact_id": "K0008", "date": ago(0), "time": "09:30", "customer_id": "C0004", "consultant": "赵敏",
         "type": "call"},
    ]  # fmt: skip
    deliveries = [
        {"delivery_id": "D0001", "customer_id": "C0003", "customer": "陈大伟", "consultant": "李娜",
         "order_date": ago(20), "scheduled": datetime.combine(ago(4), datetime.min.time()).replace(hour=10),
         "delivered_at": datetime.combine(ago(4), datetime.min.time()).replace(hour=11), "status": "done"},
    ]  # fmt: skip
    return {"staff": STAFF, "customers": customers, "contacts": contacts, "deliveries": deliveries}
