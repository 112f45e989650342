"""Who makes a write: the sidebar's "acting as", else a name asked for inside the form at the moment of writing.

A form calls `field(ctx, key)` where its inputs are drawn (it draws nothing while somebody is acting) and
its save callback calls `chosen(key)`: the author, or None when the form has to say "pick who you are"
(`MISSING_KEY`). A name picked in a form is kept as the session's "acting as" for the next write.
"""

from __future__ import annotations

import streamlit as st

from ui import session
from ui.text import plain

MISSING_KEY = "ui.who.missing"


def _widget_key(key: str) -> str:
    return f"ui_who_{key}"


def field(ctx: session.Ctx, key: str) -> None:
    """Ask "who are you" inline when nobody is acting; draw nothing otherwise."""
    if ctx.actor:
        return
    names = list(ctx.staff)
    st.selectbox(
        ctx.t("ui.who.label"),
        ["", *names],
        key=_widget_key(key),
        format_func=lambda name: plain(name) if name else ctx.t("ui.who.pick"),
    )


def chosen(key: str) -> str | None:
    """The author of the form's write: the session's actor, else the name picked in the form (then kept)."""
    current = session.actor()
    if current:
        return current
    picked = st.session_state.get(_widget_key(key)) or None
    if picked:
        st.session_state[session.ACTOR_KEY] = picked
    return picked
