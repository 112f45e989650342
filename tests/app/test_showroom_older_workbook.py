"""An older workbook (no showroom log) on the front-desk page and on plan vs actual: it says where visits come
from, and gains the log on the first visit logged."""

from __future__ import annotations

import shutil
from pathlib import Path

import i18n
from tests.support.apptest_helpers import TODAY, app_test
from workbook.reading import read_workbook

FIRST_RELEASE = Path(__file__).resolve().parents[1] / "fixtures" / "first_release_zh.xlsx"


def _older(tmp_path: Path) -> Path:
    return Path(shutil.copy(FIRST_RELEASE, tmp_path / "旧.xlsx"))


def test_plan_vs_actual_says_visits_are_contact_rows_until_the_workbook_keeps_a_log(monkeypatch, tmp_path):
    older = _older(tmp_path)
    at = app_test(monkeypatch, tmp_path, older, page="pages/plan_actual.py", lang="en")
    assert not at.exception
    notice = i18n.t("showroom.from_contacts", "en")
    assert notice in [i.value for i in at.info]
    assert any(i18n.t("showroom.pva.loss_rate", "en") in h.value for h in at.get("html"))


def test_the_first_visit_logged_on_the_page_adds_the_log_to_an_older_workbook(monkeypatch, tmp_path):
    older = _older(tmp_path)
    before = read_workbook(older, today=TODAY)
    assert "showroom_log" not in before.sheet_names
    staff = before.frames["staff"]
    desk = str(staff.loc[staff["role"].eq("front_desk"), "name"].iloc[0])
    at = app_test(monkeypatch, tmp_path, older, page="pages/showroom.py", lang="zh", actor=desk)
    assert not at.exception
    at.text_input(key="showroom_time_in").input("11:05")
    at.button(key="FormSubmitter:showroom_entry-登记").click().run()
    assert not at.exception and not at.error and not at.warning
    wb = read_workbook(older, today=TODAY)
    assert wb.sheet_names["showroom_log"] == "来店(电)登记"
    assert list(wb.frames["showroom_log"]["time_in"]) == ["11:05"]
    assert i18n.t("showroom.from_contacts", "zh") not in [i.value for i in at.info]
