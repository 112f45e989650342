"""Unsaved edits hold off the auto-refresh; a saved editor starts afresh under a new key (streamlit 7749)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script():
    import pandas as pd
    import streamlit as st

    from ui import editor, session

    editor.editor(pd.DataFrame({"a": [1, 2]}), "plan_editor")
    if st.button("type", key="type"):
        session.mark_dirty("plan_note")
    if st.button("save", key="save"):
        editor.reset("plan_editor")
        session.clear_dirty("plan_note")
    st.markdown(f"dirty={session.is_dirty()} widget={editor.widget_key('plan_editor')}")


def _shown(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("dirty="))


def test_a_page_marked_dirty_holds_the_refresh_until_saved():
    at = AppTest.from_function(_script, default_timeout=60).run()
    assert _shown(at).startswith("dirty=False")
    at.button(key="type").click().run()
    assert _shown(at).startswith("dirty=True")
    at.button(key="save").click().run()
    assert _shown(at).startswith("dirty=False")


def test_after_a_save_the_editor_gets_a_new_widget_key():
    at = AppTest.from_function(_script, default_timeout=60).run()
    first = _shown(at).split("widget=")[1]
    at.button(key="save").click().run()
    second = _shown(at).split("widget=")[1]
    assert first != second and second.startswith("plan_editor__v")
