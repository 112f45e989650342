"""The check page names the rightful owner of a shared phone, and a manager resolves it there: hand-back, then merge."""

from __future__ import annotations

import i18n
from tests.support.apptest_helpers import app_test
from tests.support.file_rows import raw_rows
from tests.support.ownership_books import shared_phone_book
from tests.support.shared import validation_problems


def _texts(at) -> str:
    return " ".join(str(e.value) for e in [*at.markdown, *at.caption, *at.error, *at.warning, *at.success])


def _press(at, label_key: str, lang: str = "zh"):
    [button] = [b for b in at.button if b.label == i18n.t(label_key, lang)]
    return button.click().run()


def test_a_manager_hands_the_customer_back_then_merges_the_cards_and_the_page_is_clean(tmp_path, monkeypatch):
    path = shared_phone_book(tmp_path)
    at = app_test(monkeypatch, tmp_path, path, page="pages/health.py", lang="zh", actor="李娜")
    assert not at.exception, at.exception
    assert "归属: 王磊(卡 C0001 最先接触)" in _texts(at)

    at = _press(at, "own.back.submit")
    assert not at.exception, at.exception
    owners = {r["customer_id"]: r["consultant"] for r in raw_rows(path, "customers", "zh")}
    assert owners == {"C0001": "王磊", "C0002": "王磊"}
    [record] = raw_rows(path, "reassignments", "zh")
    assert (record["customer_id"], record["from_consultant"], record["to_consultant"], record["by"]) == (
        "C0002", "赵强", "王磊", "李娜",
    )  # fmt: skip
    assert "王磊 名下有重复的卡" in _texts(at)

    at = _press(at, "own.merge.submit")
    assert not at.exception, at.exception
    merged = {r["customer_id"]: r["merged_into"] for r in raw_rows(path, "customers", "zh")}
    assert merged == {"C0001": "", "C0002": "C0001"}
    assert {r["customer_id"] for r in raw_rows(path, "contacts", "zh")} == {"C0001"}
    assert i18n.t("health.ok", "zh") in _texts(at)
    assert validation_problems(path) == []


def test_without_anyone_acting_the_form_asks_who_and_a_consultant_may_not_resolve(tmp_path, monkeypatch):
    path = shared_phone_book(tmp_path)
    before = path.read_bytes()
    at = app_test(monkeypatch, tmp_path, path, page="pages/health.py", lang="en")
    assert not at.exception, at.exception
    assert not at.warning or all(i18n.t("ui.needs_actor", "en") not in w.value for w in at.warning)
    who = at.selectbox(key="ui_who_own_back_13800000001")
    at = _press(at, "own.back.submit", "en")
    assert i18n.t("ui.who.missing", "en") in _texts(at) and path.read_bytes() == before

    at.selectbox(key="ui_who_own_back_13800000001").select("赵强")
    at = _press(at, "own.back.submit", "en")
    assert i18n.t("ui.needs_manager", "en") in _texts(at) and path.read_bytes() == before

    at.selectbox(key="ui_who_own_back_13800000001").select("李娜")
    at = _press(at, "own.back.submit", "en")
    assert not at.exception, at.exception
    assert {r["consultant"] for r in raw_rows(path, "customers", "zh")} == {"王磊"}
    assert raw_rows(path, "reassignments", "zh")[0]["by"] == "李娜"
    assert who.options[0] == i18n.t("ui.who.pick", "en")
