"""Print layouts: A4 landscape through the browser's own print (which also saves PDFs).

`ui.print_css` (page_setup injects it) hides the sidebar, header and toolbar when printing;
`print_controls(title)` shows a "print view" toggle and a print button; in print view the
sidebar is hidden on screen too and a header with store, title and date is shown.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date

import streamlit as st

from ui import print_css, session
from ui.text import html_text  # the store's name as the settings sheet has it


def print_button(key: str = "ui_print") -> None:
    """A button that opens the browser's print dialog (A4 landscape, sidebar hidden)."""
    label = html.escape(session.t("ui.print.button"))
    st.html(
        f'<button class="no-print" data-testid="ui-print-button" onclick="window.print()" '
        f'style="padding:0.4rem 1rem;border:1px solid #c9ced6;border-radius:0.5rem;background:#fff;'
        f'cursor:pointer;font-size:1rem">{label}</button>',
        unsafe_allow_javascript=True,
    )


def print_header(title: str, when: date | None = None) -> None:
    """A header line for the printed page (store, title, date), shown only when printing or in print view."""
    res = session.current()
    wb = res.workbook if res is not None else None
    store = str(wb.settings.get("store_name") or "") if wb is not None else ""
    when = when or session.today()
    text = session.t("ui.print.header", store=store, title=title, date=when.isoformat())
    st.html(f'<div class="print-only" style="font-size:14pt;font-weight:600;margin-bottom:4mm">{html_text(text)}</div>')


def print_controls(title: str, key: str = "ui_print", extra: Callable[[], object] | None = None) -> bool:
    """The print-view toggle and print button (and `extra`, e.g. an export button, beside them);
    returns whether print view is on."""
    with st.container(key="ui_print_controls", horizontal=True, vertical_alignment="center"):
        on = st.toggle(session.t("ui.print.view"), key=f"{key}_view")
        print_button(key)
        if extra is not None:
            extra()
    if on:
        st.html(print_css.SCREEN_PRINT_VIEW_CSS)
    print_header(title)
    return on
