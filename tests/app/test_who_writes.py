"""Who made a write, the same way on every page: the sidebar's "acting as", else a name asked inside the form."""

from __future__ import annotations

import shutil

import pytest

import i18n
from tests.support.apptest_helpers import ROOT, app_test
from tests.support.file_rows import raw_rows
from workbook import schema


@pytest.fixture
def store(tmp_path):
    wb = tmp_path / "store.xlsx"
    shutil.copyfile(ROOT / "sample_data" / "sample_zh.xlsx", wb)
    return wb


def _staff(path, role):
    label = schema.choice_list("role").label(role, "zh")
    return [r["name"] for r in raw_rows(path, "staff", "zh") if r["role"] == label]


def _open_tick(at):
    return next(c for c in at.checkbox if c.key.startswith("deliv_tick_") and c.key.endswith("_0") and not c.disabled)


def _ticks(path):
    return {(r["delivery_id"], r["item_id"]): r for r in raw_rows(path, "checklist", "zh")}


def test_a_tick_without_anyone_acting_asks_who_and_records_the_name_picked(store, tmp_path, monkeypatch):
    at = app_test(monkeypatch, tmp_path, store, page="pages/deliveries.py", lang="zh")
    assert not at.exception, at.exception
    assert not [w for w in at.warning if i18n.t("ui.needs_actor", "zh") in w.value]
    assert all(
        "deliv.need_actor" not in c.value and i18n.t("deliv.need_actor", "zh") not in c.value for c in at.caption
    )
    before = _ticks(store)
    box = _open_tick(at)
    at = box.check().run()
    assert i18n.t("ui.who.missing", "zh") in " ".join(e.value for e in at.error)
    assert _ticks(store) == before

    name = _staff(store, "consultant")[0]
    at.selectbox(key="ui_who_deliv_tick").select(name).run()
    box = _open_tick(at)
    at = box.check().run()
    assert not at.exception, at.exception
    after = _ticks(store)
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    assert len(changed) == 1 and next(iter(changed.values()))["by"] == name
    assert at.session_state["ui_actor"] == name  # kept for the next write


def test_a_tick_while_acting_records_the_actor_and_asks_nothing(store, tmp_path, monkeypatch):
    name = _staff(store, "consultant")[1]
    at = app_test(monkeypatch, tmp_path, store, page="pages/deliveries.py", lang="en", actor=name)
    assert not at.exception, at.exception
    assert not [s for s in at.selectbox if s.key == "ui_who_deliv_tick"]
    before = _ticks(store)
    at = _open_tick(at).check().run()
    assert not at.exception, at.exception
    changed = [v for k, v in _ticks(store).items() if before.get(k) != v]
    assert [r["by"] for r in changed] == [name]
