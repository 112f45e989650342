"""Shared UI of the app: session state, loading, sidebar, rendering, printing, editors.

Page recipe (pages/<name>.py; declare the page once in ui/pages.py):

    import streamlit as st
    from ui import render, session
    from ui import print as ui_print

    ctx = session.page_setup("ui.page.due")       # title, messages; stops if unusable
    customers = ctx.frame("customers")            # reader's frame: column keys, codes
    items = logic.followups.due(customers, ..., ctx.settings, ctx.today)   # rules live in logic/
    ui_print.print_controls(ctx.t("ui.page.due"))  # optional: print view + print button
    render.table(items, "customers", columns=[...], key="due_table")
    if st.button(ctx.t("due.log"), key="due_log"):
        session.write([operations.log_contact(...)])   # shows the result, reruns

Texts: `ctx.t(key, **params)` / `session.t(...)`, rows in your own i18n/<area>.py.
Unsaved input: `session.mark_dirty(key)` / `clear_dirty(key)` so the auto-refresh waits;
data editors: `ui.editor.editor(df, key)` then `session.write(ops, clears=[key])`.
Manager-only actions: `if session.require_manager(ctx): ...`.
"""
