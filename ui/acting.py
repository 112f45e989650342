"""Who makes a write: the sidebar's "acting as", else a name asked for inside the form at the moment of writing.

A form calls `field(ctx, key)` where its inputs are drawn (it draws nothing while somebody is acting) and
its save callback calls `chosen(key)`: the author, or None when the form has to say "pick who you are"
(`MISSING_KEY`). A name picked in a form is kept as the session's "acting as" for the next write; a manager's
write checks the role of the chosen name (`manager`) and keeps it only when that name may write.
"""

from __future__ import annotations

import streamlit as st

from ui import session
from ui.text import plain

MISSING_KEY = "ui.who.missing"


def _widget_key(key: str) -> str:
    return f"ui_who_{key}"


def field(ctx: session.Ctx | None, key: str) -> None:
    """Ask "who are you" inline when nobody is acting; draw nothing otherwise (`ctx` None: the session's)."""
    if session.actor() if ctx is None else ctx.actor:
        return
    t = session.t if ctx is None else ctx.t
    session.relabel(_widget_key(key))
    st.selectbox(
        t("ui.who.label"),
        ["", *_staff_names(ctx)],
        key=_widget_key(key),
        format_func=lambda name: plain(name) if name else t("ui.who.pick"),
    )


def _staff_names(ctx: session.Ctx | None) -> list[str]:
    if ctx is not None:
        return list(ctx.staff)
    res = session.current()
    return list(session.staff_roles(res.workbook)) if res is not None and res.workbook is not None else []


def chosen(key: str, *, keep: bool = True) -> str | None:
    """The author of the form's write: the session's actor, else the name picked in the form (then kept,
    unless `keep` is False: a form that still checks the name's role keeps it with `remember` once it may write)."""
    current = session.actor()
    if current:
        return current
    picked = st.session_state.get(_widget_key(key)) or None
    if picked and keep:
        remember(picked)
    return picked


def author(key: str) -> str | None:
    """The author of the form's write (`chosen`), or None after saying "pick who you are" next to the form."""
    who = chosen(key)
    if who is None:
        st.error(session.t(MISSING_KEY), icon="")
    return who


def manager(ctx: session.Ctx | None, key: str) -> str | None:
    """The author of a manager-only write: the chosen name when it is a manager's (then kept); else shows why
    not next to the form (nobody chosen, or not a manager) and gives None."""
    who = chosen(key, keep=False)
    if who is None:
        st.error(session.t(MISSING_KEY), icon="")
        return None
    if not session.is_manager(who):
        st.error(session.t("ui.needs_manager"), icon="")
        return None
    remember(who)
    return who


def remember(name: str) -> None:
    """Keep `name` as the session's "acting as" for the next write."""
    st.session_state[session.ACTOR_KEY] = name
