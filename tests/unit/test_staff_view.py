"""The staff page's figures: customers per staff member, open ones, and whose customers a bulk move takes."""

from __future__ import annotations

from logic.staff_view import customers_of, staff_table
from tests.support.frames import customer, frames, staff


def _book():
    return frames(
        staff=[*staff("王磊", "赵强"), {"name": "钱多", "role": "consultant", "active": False}],
        customers=[
            customer("C0001", consultant="王磊", grade="H"),
            customer("C0002", consultant="王磊", grade="D"),
            customer("C0003", consultant="王磊", grade="O"),
            customer("C0004", consultant="王磊", grade="B", merged_into="C0001"),
            customer("C0005", consultant="赵强", grade="F"),
            customer("C0006", consultant="孙某", grade="C"),
        ],
    )


def test_each_staff_member_has_their_customers_and_open_customers_counted() -> None:
    f = _book()
    table = staff_table(f["staff"], f["customers"]).set_index("name")
    assert table.loc["王磊", ["customers", "open"]].tolist() == [3, 2]  # the merged card counts nowhere
    assert table.loc["赵强", ["customers", "open"]].tolist() == [1, 0]
    assert table.loc["王经理", "role"] == "manager" and table.loc["王经理", "customers"] == 0
    assert not table.loc["钱多", "active"] and table.loc["赵强", "active"]
    assert table.loc["孙某", "customers"] == 1 and not table.loc["孙某", "active"]  # on cards, not on the staff sheet


def test_a_bulk_move_takes_every_live_card_or_only_the_open_ones() -> None:
    f = _book()
    assert customers_of(f["customers"], "王磊") == ["C0001", "C0002", "C0003"]
    assert customers_of(f["customers"], "王磊", open_only=True) == ["C0001", "C0003"]
    assert customers_of(f["customers"], "无名") == []
