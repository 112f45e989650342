"""The check page in a real browser at 1366x768, in zh and en: a manager hands a customer back, then merges the cards."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import i18n
from tests.support.browser import helpers
from tests.support.browser.helpers import assert_no_error_box, goto, main_text, select_option, sheet_rows, wait_for_run
from tests.support.ownership_books import shared_phone_book
from tests.support.sample import SAMPLE_TODAY

SHOTS = Path(os.environ.get("BROWSER_SHOTS") or "/tmp/shots-owners")
WHO = "ui_who_own_back_13800000001"


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"owners-{name}.png"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_manager_resolves_a_shared_phone_from_the_check_page(browser, tmp_path, lang):
    path = shared_phone_book(tmp_path)
    server = helpers.start_server(path, SAMPLE_TODAY, tmp_path / "home")
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(helpers.RUN_TIMEOUT_MS)
    try:
        goto(page, server.url, "health")
        helpers.set_language(page, lang)
        text = main_text(page)
        assert i18n.t("own.owner", lang, owner="王磊", card="C0001") in text
        assert i18n.t("ui.needs_actor", lang) not in text  # nothing asks for a name before a write
        _shot(page, f"{lang}-1-shared")

        select_option(page, WHO, "李娜")
        page.get_by_role("button", name=i18n.t("own.back.submit", lang)).first.click()
        wait_for_run(page)
        assert_no_error_box(page)
        assert {r["consultant"] for r in sheet_rows(path, "customers")} == {"王磊"}
        assert i18n.t("own.duplicate", lang, consultant="王磊") in main_text(page)
        _shot(page, f"{lang}-2-handed-back")

        page.get_by_role("button", name=i18n.t("own.merge.submit", lang)).first.click()
        wait_for_run(page)
        assert_no_error_box(page)
        assert i18n.t("health.ok", lang) in main_text(page)
        merged = {r["customer_id"]: r["merged_into"] for r in sheet_rows(path, "customers")}
        assert merged["C0002"] == "C0001"
        records = sheet_rows(path, "reassignments")
        assert [r["by"] for r in records] == ["李娜", "李娜"]
        _shot(page, f"{lang}-3-clean")
    finally:
        context.close()
        server.stop()
