"""Customers (客户): find a customer by name, phone digits or ID, open the card, or make a new card."""

from __future__ import annotations

import streamlit as st

from ui import customers as view
from ui import session

ctx = session.page_setup("cust.page")
view.css()
view.after_write(ctx)

query = view.search_box(ctx)
ref = st.query_params.get(view.REF_PARAM)
if ref:
    view.card(ctx, ref)
else:
    view.add_form(ctx, view.consultants_of(ctx))  # above the results: a long list must not hide it
    view.results(ctx, query)
