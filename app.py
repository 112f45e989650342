"""The app: `streamlit run app.py -- --workbook PATH --today YYYY-MM-DD` (both optional).

Builds the navigation from `ui/pages.py` (only pages whose file exists), reads the workbook
through the cache, draws the sidebar and runs the chosen page.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import pages as ui_pages
from ui import phone_screen, session, sidebar, signin

st.set_page_config(
    page_title="销售管理 / Dealership",
    page_icon=str(Path(__file__).with_name("static") / "page_icon.png"),
    layout="wide",
)

session.refuse_foreign_host()  # before anything is read: a foreign Host (DNS rebinding) sees no data
session.gate()  # a phone on the showroom network signs in before anything is read
result = session.current()
session.refuse_signed_out_staff()
session.init_lang(result.workbook if result is not None else None)

available = [p for p in ui_pages.available() if session.may_open(p.file)]
default = ui_pages.default_page(available)
pages = {
    p.url_path: st.Page(p.file, title=session.t(p.title_key), icon=p.icon, url_path=p.url_path, default=p is default)
    for p in available
}
nav = st.navigation(list(pages.values()))
asked = signin.asked_page()
if asked in pages and nav is not pages[asked]:  # a phone just signed in: the page its address named, not the first
    st.switch_page(pages[asked], query_params=st.query_params.to_dict())
sidebar.render(result)
phone_screen.render(nav.url_path)
nav.run()
