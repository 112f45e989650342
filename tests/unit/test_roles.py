"""What a signed-in phone may open, by the staff member's role (CONTRACTS.md's table)."""

from __future__ import annotations

import pandas as pd
import pytest

from logic import roles


@pytest.mark.parametrize("role", ["manager", "director"])
def test_a_manager_may_open_every_page(role):
    assert roles.may_see(role, "pages/hot.py") and roles.may_see(role, "pages/phones.py")


def test_a_consultant_may_open_their_worklist_and_nothing_of_the_meetings():
    assert roles.may_see("consultant", "pages/due.py")
    assert roles.may_see("consultant", "pages/deliveries.py")
    for page in ("pages/morning.py", "pages/evening.py", "pages/hot.py", "pages/plan_actual.py", "pages/health.py"):
        assert not roles.may_see("consultant", page), page
    assert not roles.may_see("consultant", "pages/phones.py")


def test_the_front_desk_and_service_advisor_see_only_their_own_page():
    assert not roles.may_see("front_desk", "pages/due.py")
    assert roles.may_see("service_advisor", "pages/deliveries.py")
    assert not roles.may_see("service_advisor", "pages/due.py")


def test_an_unknown_role_sees_nothing():
    assert not roles.may_see(None, "pages/due.py")
    assert not roles.may_see("", "pages/due.py")


def test_active_staff_leaves_out_the_inactive_and_the_nameless():
    staff = pd.DataFrame(
        {
            "name": ["蒋婷", " 王磊 ", None, "唐嘉悦"],
            "role": ["consultant", "manager", "consultant", "consultant"],
            "active": pd.array([True, pd.NA, True, False], dtype="boolean"),
        }
    )
    assert roles.active_staff(staff) == {"蒋婷": "consultant", "王磊": "manager"}
    assert roles.active_staff(None) == {}


OWNERS = {"C1": "蒋婷", "C2": "王磊"}


def test_a_consultant_writes_contacts_for_their_own_customers_only():
    assert roles.refused_sheets("consultant", "蒋婷", [("contacts", "C1"), ("reschedules", "C1")], OWNERS) == []
    assert roles.refused_sheets("consultant", "蒋婷", [("contacts", "C2")], OWNERS) == ["contacts"]


def test_a_consultant_may_not_write_targets_settings_or_the_rota():
    writes = [("targets", None), ("settings", None), ("rota", None)]
    assert roles.refused_sheets("consultant", "蒋婷", writes, OWNERS) == ["targets", "settings", "rota"]


def test_a_manager_writes_everything_and_an_unknown_role_nothing():
    assert roles.refused_sheets("manager", "谢雨伟", [("settings", None), ("contacts", "C2")], OWNERS) == []
    assert roles.refused_sheets(None, "某人", [("contacts", "C1")], OWNERS) == ["contacts"]


def test_the_service_advisor_ticks_checklists_only():
    assert roles.refused_sheets("service_advisor", "王金志", [("checklist", None)], OWNERS) == []
    assert roles.refused_sheets("service_advisor", "王金志", [("contacts", "C1")], OWNERS) == ["contacts"]


def test_a_consultants_phone_sees_only_their_customers_and_the_rows_that_name_them():
    frames = {
        "customers": pd.DataFrame({"customer_id": ["C1", "C2"], "consultant": ["蒋婷", "王磊"]}),
        "contacts": pd.DataFrame({"customer_id": ["C1", "C2", "C2"], "note": ["a", "b", "c"]}),
        "deliveries": pd.DataFrame({"delivery_id": ["D1", "D2"], "customer_id": ["C2", "C1"]}),
        "checklist": pd.DataFrame({"delivery_id": ["D1", "D2", "D2"], "item": [1, 1, 2]}),
        "targets": pd.DataFrame({"consultant": ["蒋婷", "王磊"], "orders": [3, 4]}),
        "staff": pd.DataFrame({"name": ["蒋婷", "王磊"]}),
    }
    own = roles.own_frames(frames, "蒋婷")
    assert own["customers"]["customer_id"].tolist() == ["C1"]
    assert own["contacts"]["note"].tolist() == ["a"]
    assert own["deliveries"]["delivery_id"].tolist() == ["D2"]
    assert own["checklist"]["item"].tolist() == [1, 2]
    assert own["targets"]["orders"].tolist() == [3]
    assert len(own["staff"]) == 2
