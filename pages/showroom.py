"""Showroom log (来店(电)登记): the front desk logs each visit or phone-in, signs visitors out, links later cards."""

from __future__ import annotations

import streamlit as st

from logic.plan_actual import consultants
from ui import session
from ui import showroom as floor

ctx = session.page_setup("showroom.page")
floor.css()
st.caption(ctx.t("showroom.intro"))
floor.entry_form(ctx, consultants(ctx.wb.frames))
floor.still_in(ctx)
floor.unlinked(ctx)
floor.the_day(ctx)
