"""The deliveries screen's figures: the week at a glance, each delivery's progress, what is said under an item."""

from __future__ import annotations

from datetime import datetime

import pytest

from logic import deliveries as dl
from logic.deliveries_view import customer_phone, deliveries_view, item_facts, open_required_names
from tests.support.frames import frame, frames

NOW = datetime(2026, 11, 25, 9, 0)


def item(item_id, *, required=True, due_hours=-2, order=1):
    return {"item_id": item_id, "phase": "prep", "item_zh": f"项目{item_id}", "item_en": f"Item {item_id}",
            "owner_role": "consultant", "required": required, "due_hours": due_hours, "order": order, "active": True}  # fmt: skip


def delivery(did, scheduled, status="planned", delivered_at=None, customer="王伟", customer_id="C1"):
    return {"delivery_id": did, "customer_id": customer_id, "customer": customer, "consultant": "李娜",
            "scheduled": scheduled, "status": status, "delivered_at": delivered_at}  # fmt: skip


ITEMS = [item("I1", due_hours=-48), item("I2", due_hours=2, order=2), item("I3", required=False, order=3)]


def _view(deliveries, ticks=(), items=ITEMS):
    f = frames(deliveries=deliveries, checklist_items=list(items), checklist=list(ticks))
    return deliveries_view(f, NOW)


def test_the_glance_counts_each_bucket_and_the_late_items_of_deliveries_not_yet_handed_over() -> None:
    dv = _view(
        [
            delivery("D1", datetime(2026, 11, 25, 14, 0)),  # today; I1 was due two days before: late
            delivery("D2", datetime(2026, 11, 27, 10, 0)),  # upcoming; nothing late yet
            delivery("D3", datetime(2026, 11, 24, 10, 0)),  # overdue; every item late
            delivery("D4", datetime(2026, 11, 23, 10, 0), "done", datetime(2026, 11, 23, 11, 0)),
        ]
    )
    assert [(x.delivery_id, x.bucket) for x in dv.lines] == [
        ("D3", "overdue"), ("D1", "today"), ("D2", "upcoming"), ("D4", "done")
    ]  # fmt: skip
    assert (dv.count("today"), dv.count("upcoming"), dv.count("overdue"), dv.count("done")) == (1, 1, 1, 1)
    assert {x.delivery_id: x.late for x in dv.lines if x.bucket != "done"} == {"D1": 1, "D2": 0, "D3": 3}
    assert dv.late_items == 4
    assert not dv.no_items


@pytest.mark.parametrize(
    ("ticks", "done", "share"),
    [([], 0, 0.0), ([{"delivery_id": "D1", "item_id": "I1", "done": True}], 1, 100 / 3)],
    ids=["nothing ticked", "one of three"],
)
def test_a_deliverys_progress_is_items_done_of_items_counted(ticks, done, share) -> None:
    [line] = _view([delivery("D1", datetime(2026, 11, 26, 10, 0))], ticks).lines
    assert (line.done, line.total) == (done, 3)
    assert line.share == pytest.approx(share)


def test_a_done_delivery_is_shown_by_its_handover_time_and_a_nameless_one_by_its_customer_id() -> None:
    handed = datetime(2026, 11, 24, 16, 0)
    dv = _view([delivery("D1", datetime(2026, 11, 24, 10, 0), "done", handed, customer=None, customer_id="C9")])
    assert (dv.lines[0].when, dv.lines[0].customer) == (handed, "C9")


def test_an_empty_template_is_said_and_an_empty_week_has_no_lines() -> None:
    dv = _view([], items=[])
    assert dv.no_items and dv.lines == []


CUSTOMERS = frame("customers", [{"customer_id": "C1", "phone": "13800001111"}, {"customer_id": "C2", "phone": None}])


@pytest.mark.parametrize(("customer_id", "expected"), [("C1", "13800001111"), ("C2", None), ("C3", None), (None, None)])
def test_the_phone_shown_is_the_customers_card_phone_if_any(customer_id, expected) -> None:
    assert customer_phone(CUSTOMERS, customer_id) == expected


def _state(ticks=()):
    row = frame("deliveries", [delivery("D1", datetime(2026, 11, 25, 10, 0))]).iloc[0]
    items = frame("checklist_items", ITEMS)
    return row, dl.checklist_state(row, items, frame("checklist", list(ticks)), NOW)


def test_an_open_item_shows_its_due_time_and_a_ticked_one_who_and_when() -> None:
    row, state = _state([{"delivery_id": "D1", "item_id": "I1", "done": True, "by": "李娜", "at": NOW}])
    staff = frame("staff", [])
    ticked, open_ = (item_facts(state.iloc[i], row, staff) for i in (0, 1))
    assert (ticked.done, ticked.by, ticked.at, ticked.due_at) == (True, "李娜", NOW, None)
    assert (open_.done, open_.required, open_.due_at) == (False, True, datetime(2026, 11, 25, 12, 0))
    assert open_.owner == "李娜"


@pytest.mark.parametrize(
    ("count", "listed", "more"), [(0, 0, False), (8, 8, False), (9, 8, True)], ids=["none", "eight", "nine"]
)
def test_open_required_items_are_named_up_to_eight_before_completing(count, listed, more) -> None:
    items = frame("checklist_items", [item(f"I{i}", order=i) for i in range(count)])
    row = frame("deliveries", [delivery("D1", datetime(2026, 11, 30, 10, 0))]).iloc[0]
    state = dl.checklist_state(row, items, frame("checklist", []), NOW)
    n, names, has_more = open_required_names(state, "zh")
    assert (n, len(names), has_more) == (count, listed, more)
