"""One run of the app for one session: the navigation from `ui/pages.py` (only pages whose file
exists), the workbook read through the cache, the sidebar, and the chosen page (`app.py` calls it)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

import i18n
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
    session.gate(no_menu)  # a phone on the showroom network signs in before anything is read
    result = session.current()
    session.refuse_signed_out_staff(no_menu)
    session.init_lang(result.workbook if result is not None else None)

    available = [p for p in ui_pages.available() if session.may_open(p.file)]
    listed, pages = _pages(available, lambda p: session.t(p.title_key))
    nav = st.navigation(listed)
    asked = signin.asked_page()
    if asked in pages and nav is not pages[asked]:  # a phone just signed in: the page its address named, not the first
        st.switch_page(pages[asked], query_params=st.query_params.to_dict())
    sidebar.render(result)
    phone_screen.render(nav.url_path)
    nav.run()
    session.prepare_writes()  # the page is drawn: the first click's heavy part is done meanwhile


def _pages(
    available: list[ui_pages.PageSpec], title: Callable[[ui_pages.PageSpec], str]
) -> tuple[list[st.Page], dict[str, st.Page]]:
    """Streamlit's pages: the list for `st.navigation`, and each page by its URL path."""
    default = ui_pages.default_page(available)
    pages = {
        p.url_path: st.Page(
            p.file,
            title=title(p),
            icon=p.icon,
            url_path=ui_pages.root_name(p) if p is default else p.url_path,
            default=p is default,
        )
        for p in available
    }
    listed = list(pages.values())
    if default is not None:
        # Streamlit serves the first page at the root only: its own path, a hidden page of the same file, lets a
        # bookmark to it (/due on a consultant's phone, /morning?present=1) open it without "page not found" (the
        # menu then marks no page: handing over to the root with st.switch_page lost a form's submit in the rerun)
        pages[default.url_path] = st.Page(
            default.file, title=title(default), icon=default.icon, url_path=default.url_path, visibility="hidden"
        )
        listed.append(pages[default.url_path])
    return listed, pages


def no_menu() -> None:
    """A run stopped before its page (a phone not, or no longer, signed in) lists no page and has no sidebar.

    Streamlit keeps the menu of the last run that made one: a phone just signed out still listed its
    pages beside the sign-in form. Every page is given, hidden and under the sign-in's title, so that
    the address the phone asked for is still a page (no "page not found") and no page's name is shown.
    The sidebar itself is hidden too: with the menu hidden, Streamlit's frontend at times kept the
    signed-out phone's sidebar open, and empty, over the form (two sign-outs in three one evening).
    """
    title = i18n.t("lan.signin.title", session.signin_lang())
    st.navigation(_pages(ui_pages.available(), lambda _: title)[0], position="hidden")
    st.html(_NO_SIDEBAR)


_NO_SIDEBAR = (
    '<span class="no-sidebar"></span><style>.stElementContainer:has(.no-sidebar) { display: none; }'
    ' [data-testid="stSidebar"], [data-testid="stExpandSidebarButton"] { display: none; }</style>'
)
