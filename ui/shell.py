"""One run of the app for one session: the navigation from `ui/pages.py` (only pages whose file
exists), the workbook read through the cache, the sidebar, and the chosen page (`app.py` calls it)."""

from __future__ import annotations

import streamlit as st

from ui import lan, phone_screen, session, sidebar, signin
from ui import pages as ui_pages


def run() -> None:
    st.set_page_config(
        page_title="销售管理 / Dealership",
        page_icon=str(ui_pages.ROOT / "static" / "page_icon.png"),
        layout="wide",
    )

    session.refuse_foreign_host()  # before anything is read: a foreign Host (DNS rebinding) sees no data
    lan.keep_cookie()  # a phone's sign-in (or sign-out) kept for a reload, by every run: the sign-in's too
    session.gate()  # a phone on the showroom network signs in before anything is read
    result = session.current()
    session.refuse_signed_out_staff()
    session.init_lang(result.workbook if result is not None else None)

    available = [p for p in ui_pages.available() if session.may_open(p.file)]
    default = ui_pages.default_page(available)
    pages = {
        p.url_path: st.Page(
            p.file,
            title=session.t(p.title_key),
            icon=p.icon,
            url_path=ui_pages.root_name(p) if p is default else p.url_path,
            default=p is default,
        )
        for p in available
    }
    shown = list(pages.values())
    if default is not None:
        # Streamlit serves the first page at the root only: its own path, a hidden page of the same file, lets a
        # bookmark to it (/due on a consultant's phone, /morning?present=1) open it without "page not found" (the
        # menu then marks no page: handing over to the root with st.switch_page lost a form's submit in the rerun)
        pages[default.url_path] = st.Page(
            default.file,
            title=session.t(default.title_key),
            icon=default.icon,
            url_path=default.url_path,
            visibility="hidden",
        )
    nav = st.navigation([*shown, pages[default.url_path]] if default is not None else shown)
    asked = signin.asked_page()
    if asked in pages and nav is not pages[asked]:  # a phone just signed in: the page its address named, not the first
        st.switch_page(pages[asked], query_params=st.query_params.to_dict())
    sidebar.render(result)
    phone_screen.render(nav.url_path)
    nav.run()
    session.prepare_writes()  # the page is drawn: the first click's heavy part is done meanwhile
