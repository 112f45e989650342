"""Phones (手机访问): whether consultants' phones can reach the app, the address and QR code, and their PINs."""

from __future__ import annotations

import streamlit as st

from ui import phones, session

ctx = session.page_setup("lan.page.title")
phones.status(qr=True)
if session.require_manager(ctx):
    st.divider()
    phones.pins_panel(ctx)
