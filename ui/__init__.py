"""Shared UI of the app: session state, loading, sidebar, rendering, printing, editors.

Page recipe (pages/<name>.py; declare the page once in ui/pages.py, app.py picks it up):

    import streamlit as st
    from logic.followups import due_followups
    from ui import render, session
    from ui import print as ui_print
    from workbook import operations

    ctx = session.page_setup("ui.page.due")        # title, messages; stops with st.error if unusable
    due = due_followups(ctx.wb.frames, ctx.settings, ctx.today)   # rules live in logic/, given today
    ui_print.print_controls(ctx.t("ui.page.due"))  # print view toggle + print button + print header
    render.metrics([(ctx.t("due.page.due_today"), len(due))])
    if st.button(ctx.t("due.page.log"), key="due_log"):
        session.write([operations.log_contact(...)])   # written / queued / refused / conflict shown; reruns

ctx (`session.Ctx`): lang, today (sidebar "as of"), actor, is_manager, wb (the `LoadedWorkbook`,
journal overlaid), path, t(key, **params), frame(sheet), settings, staff. Texts go in i18n/<area>.py.
Unsaved input: session.mark_dirty(key) / clear_dirty(key) so the auto-refresh waits.
Editors: edited = editor.editor(df, "key", ...); compare it with df in logic/, then
session.write(ops, clears=["key"]) (the editor starts afresh).
Manager-only: `if session.require_manager(ctx): ...`. Exports: `st.download_button` with the bytes of
`workbook.export.export_workbook(tables, lang, title)` (every .xlsx export is made in workbook/).
"""
