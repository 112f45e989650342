"""The workbook check page through AppTest: its filters follow a language switch."""

from __future__ import annotations

import shutil

import pytest

import i18n
from tests.apptest_helpers import ROOT, app_test


@pytest.fixture
def wb(tmp_path):
    copy = tmp_path / "store.xlsx"
    shutil.copyfile(ROOT / "sample_data" / "sample_zh.xlsx", copy)  # it has problems to filter
    return copy


def _filter(at, kind: str, label_key: str, lang: str):
    label = i18n.t(label_key, lang)
    [widget] = [w for w in getattr(at, kind) if w.label == label]
    return widget


def test_the_filter_chips_take_the_new_languages_labels_and_keep_the_choice(wb, tmp_path, monkeypatch):
    at = app_test(monkeypatch, tmp_path, wb, page="pages/health.py", lang="zh")
    assert not at.exception, at.exception
    severity = _filter(at, "multiselect", "health.filter.severity", "zh")
    assert severity.options == ["错误", "警告"]
    severity.set_value(["warning"]).run()
    zh_id = _filter(at, "multiselect", "health.filter.severity", "zh").id

    at.selectbox(key="ui_lang").select("en").run()
    assert not at.exception, at.exception
    severity = _filter(at, "multiselect", "health.filter.severity", "en")
    # a widget the browser has not seen yet: it cannot keep showing the Chinese chips
    assert severity.id != zh_id
    assert severity.options == ["Error", "Warning"]
    assert severity.value == ["warning"]
    shown = [c.value for c in at.caption if c.value.startswith("Showing ")]
    assert shown and not shown[0].startswith("Showing 0 ")


def test_the_chosen_sheet_stays_chosen_after_a_language_switch(wb, tmp_path, monkeypatch):
    at = app_test(monkeypatch, tmp_path, wb, page="pages/health.py", lang="zh")
    sheet = _filter(at, "selectbox", "health.filter.sheet", "zh")
    assert sheet.options[0] == i18n.t("health.filter.all_sheets", "zh")
    name = sheet.options[1]  # a sheet's name as in the file: the same in either UI language
    sheet.set_value(name).run()
    at.selectbox(key="ui_lang").select("en").run()
    assert not at.exception, at.exception
    sheet = _filter(at, "selectbox", "health.filter.sheet", "en")
    assert sheet.options[0] == i18n.t("health.filter.all_sheets", "en")
    assert sheet.value == name
