"""What the manager's screen says about phones: LAN mode on or off, the addresses to open, a QR code, PINs."""

from __future__ import annotations

import io
import ipaddress
from datetime import datetime

import segno
import streamlit as st

from access.pins import BadPin, valid_pin
from ui import hosts, lan, session
from ui.text import plain
from workbook import schema


def addresses(port: int) -> list[str]:
    """The app's addresses a phone on the store network could open (private IPv4 interfaces)."""
    found = []
    for a in sorted(hosts.interface_addresses()):
        try:
            ip = ipaddress.ip_address(a)
        except ValueError:
            continue
        if ip.version == 4 and not ip.is_loopback and not ip.is_link_local:
            found.append(f"http://{a}:{port}/")
    return found


def qr_png(url: str) -> bytes:
    """A QR code of `url` as PNG bytes, big enough to scan from a laptop screen."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=6, border=2)
    return out.getvalue()


def _port() -> int:
    return int(st.get_option("server.port") or 8501)


def status(*, qr: bool) -> None:
    """LAN mode: the addresses (and a QR code of the first) when on; how to turn it on when off."""
    if not lan.lan_mode():
        st.caption(session.t("lan.off"))
        return
    st.caption(session.t("lan.on"))
    urls = addresses(_port())
    if not urls:
        st.caption(session.t("lan.no_address"))
        return
    for url in urls:
        st.code(url, language=None)
    if qr:
        st.image(qr_png(urls[0]), caption=session.t("lan.qr_caption"), width=220)
    st.caption(session.t("lan.http_note"))


def pins_panel(ctx: session.Ctx) -> None:
    """Set, reset and remove PINs; who has one; which sign-ins are locked now (manager only)."""
    store = lan.store()
    st.subheader(ctx.t("lan.pins.title"))
    rows = []
    for name, role in ctx.staff.items():
        rec = store.record(name)
        rows.append(
            {
                ctx.t("lan.pins.col_name"): plain(name),
                ctx.t("lan.pins.col_role"): schema.choice_list("role").label(role, ctx.lang) if role else "",
                ctx.t("lan.pins.col_pin"): ctx.t("lan.pins.has", when=rec.set_at[:16].replace("T", " "))
                if rec is not None
                else ctx.t("lan.pins.none"),
            }
        )
    st.dataframe(rows, hide_index=True, width="stretch")
    with st.form("lan_pin_form", clear_on_submit=True):
        name = st.selectbox(ctx.t("lan.pins.staff"), list(ctx.staff), format_func=plain)
        pin = st.text_input(ctx.t("lan.pins.new"), type="password", max_chars=8)
        left, right = st.columns(2)
        set_it = left.form_submit_button(ctx.t("lan.pins.set"), type="primary")
        remove_it = right.form_submit_button(ctx.t("lan.pins.remove"))
    if set_it and name:
        if not valid_pin(pin):
            st.error(ctx.t("lan.pins.bad"), icon="")
        else:
            try:
                store.set_pin(name, pin, datetime.now())
            except BadPin:
                st.error(ctx.t("lan.pins.bad"), icon="")
            else:
                st.success(ctx.t("lan.pins.done", name=plain(name)), icon="")
    if remove_it and name:
        store.remove(name)
        st.success(ctx.t("lan.pins.removed", name=plain(name)), icon="")
    st.subheader(ctx.t("lan.locks.title"))
    locks = lan.lockouts().active(datetime.now())
    if not locks:
        st.caption(ctx.t("lan.locks.none"))
    for lock in locks:
        st.text(ctx.t("lan.locks.row", name=lock.name, address=lock.address, until=lock.until.strftime("%H:%M")))


def signed_in_box() -> None:
    """A phone's sidebar: who is signed in, and signing out."""
    who = session.actor()
    if who is None:
        return
    st.caption(session.t("lan.signed_as", name=plain(who)))
    if st.button(session.t("lan.signout"), key="ui_signout"):
        lan.sign_out()
        st.rerun()
