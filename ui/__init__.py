"""Shared UI of the app: session state, loading, sidebar, rendering, printing, editors.

Page recipe (pages/<name>.py; declare the page once in ui/pages.py, app.py picks it up):

    import streamlit as st
    from ui import editor, render, session
    from ui import print as ui_print

    ctx = session.page_setup("ui.page.due")        # title, messages; stops with st.error if unusable
    customers = ctx.frame("customers")             # reader's frame (column keys, codes); don't mutate
    items = logic.followups.due(customers, ..., ctx.settings, ctx.today)   # rules live in logic/
    ui_print.print_controls(ctx.t("ui.page.due"))  # print view toggle + print button + print header
    render.metrics([(ctx.t("due.today"), 12), (ctx.t("due.overdue"), 3)])
    render.table(items, "customers", columns=[...], key="due_table")       # schema headers, tel:, red overdue
    if st.button(ctx.t("due.log"), key="due_log"):
        session.write([operations.log_contact(...)])   # written / queued / refused / conflict shown; reruns

ctx: lang, today (sidebar "as of"), actor, is_manager, wb (LoadedWorkbook, journal overlaid), path,
t(key, **params), frame(sheet), settings, staff. Texts go in your own i18n/<area>.py.
Unsaved input: session.mark_dirty(key) / clear_dirty(key) so the auto-refresh waits.
Editors: df2 = editor.editor(df, "key", ...); editor.changes("key"); session.write(ops, clears=["key"]).
Manager-only: `if session.require_manager(ctx): ...`. Exports: render.download_xlsx(bytes, name, key=...).
"""
