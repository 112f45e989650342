"""ui.acting on a real page run: who a form's write is by, asked inline only when nobody is acting."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

import i18n
from tests.support.apptest_helpers import isolate
from tests.support.writer_support import customers_workbook


def _form_page() -> None:
    """A page with one manager-only form and one form anybody may use, each telling who would write."""
    import streamlit as st

    from ui import acting, session

    ctx = session.page_setup("ui.page.health", title=False)
    with st.form("any"):
        acting.field(ctx, "any")
        if st.form_submit_button("save-any"):
            st.text(f"any:{acting.author('any')}")
    with st.form("boss"):
        acting.field(None, "boss")
        if st.form_submit_button("save-boss"):
            st.text(f"boss:{acting.manager(ctx, 'boss')}")


def _run(monkeypatch, tmp_path, actor: str | None = None) -> AppTest:
    isolate(monkeypatch, tmp_path, customers_workbook(tmp_path / "店.xlsx"))
    at = AppTest.from_function(_form_page, default_timeout=60)
    at.session_state["ui_lang"] = "en"
    if actor:
        at.session_state["ui_actor"] = actor
    return at.run()


def _click(at: AppTest, label: str) -> AppTest:
    [button] = [b for b in at.button if b.label == label]
    return button.click().run()


def _said(at: AppTest) -> list[str]:
    return [t.value for t in at.text] + [e.value for e in at.error]


def test_while_somebody_acts_no_name_is_asked_and_the_actor_writes(monkeypatch, tmp_path) -> None:
    at = _run(monkeypatch, tmp_path, actor="王磊")
    assert not [s for s in at.selectbox if s.key.startswith("ui_who_")]
    assert "any:王磊" in _said(_click(at, "save-any"))


def test_without_an_actor_the_form_asks_and_saving_unnamed_says_so(monkeypatch, tmp_path) -> None:
    at = _run(monkeypatch, tmp_path)
    who = at.selectbox(key="ui_who_any")
    assert who.options == [i18n.t("ui.who.pick", "en"), "王磊", "李娜"]
    at = _click(at, "save-any")
    assert i18n.t("ui.who.missing", "en") in _said(at) and "any:None" in _said(at)


def test_a_name_picked_in_a_form_writes_and_is_kept_for_the_next_write(monkeypatch, tmp_path) -> None:
    at = _run(monkeypatch, tmp_path)
    at.selectbox(key="ui_who_any").select("王磊")
    at = _click(at, "save-any")
    assert "any:王磊" in _said(at) and at.session_state["ui_actor"] == "王磊"


def test_a_managers_write_refuses_a_consultants_name_and_does_not_keep_it(monkeypatch, tmp_path) -> None:
    at = _run(monkeypatch, tmp_path)
    at.selectbox(key="ui_who_boss").select("王磊")
    at = _click(at, "save-boss")
    assert i18n.t("ui.needs_manager", "en") in _said(at) and "boss:None" in _said(at)
    assert "ui_actor" not in at.session_state or at.session_state["ui_actor"] != "王磊"
    at.selectbox(key="ui_who_boss").select("李娜")
    at = _click(at, "save-boss")
    assert "boss:李娜" in _said(at) and at.session_state["ui_actor"] == "李娜"
