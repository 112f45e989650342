"""The sign-in form a remote browser sees instead of any page: staff name and PIN."""

from __future__ import annotations

from urllib.parse import urlparse

import streamlit as st

import i18n
from ui import lan

NAME_KEY = "ui_signin_name"
PIN_KEY = "ui_signin_pin"
RESULT_KEY = "ui_signin_result"
ASKED_KEY = "ui_signin_asked"


def form(lang: str, hours: int) -> None:
    """Draw the sign-in; a right PIN signs this browser in and reruns the app."""
    st.title(i18n.t("lan.signin.title", lang))
    # the run after the sign-in no longer knows the page the address names (no navigation ran for it): keep it
    st.session_state[ASKED_KEY] = urlparse(st.context.url or "").path.strip("/").rsplit("/", 1)[-1]
    names = lan.store().names()
    if not names:
        st.info(i18n.t("lan.signin.none", lang), icon="")
        return
    st.caption(i18n.t("lan.signin.intro", lang))

    def submit() -> None:
        name = st.session_state.get(NAME_KEY) or ""
        pin = st.session_state.get(PIN_KEY) or ""
        st.session_state[PIN_KEY] = ""  # a PIN never stays in a field
        st.session_state[RESULT_KEY] = lan.sign_in(name, pin, hours) if name else "wrong"

    with st.container(key="ui_signin"):
        st.selectbox(i18n.t("lan.signin.name", lang), names, key=NAME_KEY)
        st.text_input(i18n.t("lan.signin.pin", lang), key=PIN_KEY, type="password", max_chars=8)
        st.button(i18n.t("lan.signin.button", lang), on_click=submit, type="primary", width="stretch")
    result = st.session_state.pop(RESULT_KEY, None)
    if result == "ok":
        st.rerun()
    if result == "wrong":
        st.error(i18n.t("lan.signin.wrong", lang), icon="")
    elif result == "locked":
        st.error(i18n.t("lan.signin.locked", lang), icon="")


def asked_page() -> str:
    """The URL path of the page this browser asked for before it signed in ("" for none), said once."""
    return st.session_state.pop(ASKED_KEY, "")
