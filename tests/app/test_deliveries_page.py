"""The deliveries page through AppTest: what it offers on the checked-in sample."""

from __future__ import annotations

import shutil

import i18n
from tests.support.apptest_helpers import ROOT, app_test


def test_the_deliveries_page_offers_the_checklist_as_an_excel_download(tmp_path, monkeypatch):
    wb = tmp_path / "store.xlsx"
    shutil.copyfile(ROOT / "sample_data" / "sample_zh.xlsx", wb)
    at = app_test(monkeypatch, tmp_path, wb, page="pages/deliveries.py", lang="en")
    assert not at.exception, at.exception
    [button] = [b for b in at.get("download_button") if b.proto.id.endswith("deliv_export")]
    assert button.proto.label == i18n.t("deliv.export.button", "en")
