"""The showroom network: which browser is the manager's, the sign-in for every other one, and who it is.

A loopback browser is the manager's machine. With `-- --lan`, any other browser signs in with a staff name
and PIN (access.pins) and gets a signed token kept in a cookie, so a reload or a phone waking up stays
signed in until the token runs out or the PIN changes. Without `--lan` a remote browser sees nothing.
`DEALER_LAN_TEST_REMOTE=1` (tests only) counts loopback browsers as remote.
"""

from __future__ import annotations

import ipaddress
import json
import os
from dataclasses import dataclass
from datetime import datetime, timedelta

import streamlit as st

from access import tokens
from access.lockout import Lockouts
from access.pins import PinStore
from logic import roles
from ui import config

GRANT_KEY = "ui_lan_grant"
COOKIE_KEY = "ui_lan_cookie"  # the cookie this browser should hold: (token, expires), "" to forget it
COOKIE = "dealer_signin"
ENV_TEST_REMOTE = "DEALER_LAN_TEST_REMOTE"
DEFAULT_HOURS = 12


@dataclass(frozen=True)
class SignedIn:
    """A remote browser's staff member, as the token says."""

    name: str
    generation: int
    expires: datetime


def store() -> PinStore:
    """The PIN file in the user's config folder."""
    return PinStore(config.config_dir())


@st.cache_resource
def lockouts() -> Lockouts:
    """Wrong PINs counted for this server process (one table for every session)."""
    return Lockouts()


def lan_mode() -> bool:
    """Whether the app was started for the showroom network (`-- --lan`)."""
    return config.parse_startup().lan


def client_address() -> str:
    """The browser's address as the TCP connection shows it ("127.0.0.1" for a loopback one)."""
    address = st.context.ip_address
    return address if isinstance(address, str) else "127.0.0.1"


def is_remote() -> bool:
    """Whether this browser is not on the manager's own machine (or tests say to count it so)."""
    if os.environ.get(ENV_TEST_REMOTE) == "1":
        return True
    address = st.context.ip_address
    if not isinstance(address, str):  # Streamlit reports a loopback connection as None; AppTest has no connection
        return False
    try:
        return not ipaddress.ip_address(address.split("%", 1)[0]).is_loopback
    except ValueError:
        return True


def signed_in() -> SignedIn | None:
    """The staff member this remote browser signed in as, checked against the PIN file now."""
    grant = st.session_state.get(GRANT_KEY)
    if grant is None:
        wanted = st.session_state.get(COOKIE_KEY)  # after a sign-out here, the session's cookies are stale
        token = wanted[0] if wanted is not None else st.context.cookies.get(COOKIE)
        grant = _check(token) if token else None
        if grant is not None:
            st.session_state[GRANT_KEY] = grant
    elif _revoked(grant):
        grant = None
        st.session_state.pop(GRANT_KEY, None)
    return grant


def _check(token: str) -> SignedIn | None:
    pins = store()
    grant = tokens.read(token, pins.secret(), datetime.now())
    if grant is None or pins.generation(grant.name) != grant.generation:
        return None
    return SignedIn(grant.name, grant.generation, grant.expires)


def _revoked(grant: SignedIn) -> bool:
    return datetime.now() >= grant.expires or store().generation(grant.name) != grant.generation


def sign_in(name: str, pin: str, hours: int) -> str:
    """Try a sign-in from this browser: "ok", "wrong" or "locked" (the wrong case never says which part)."""
    now = datetime.now()
    address = client_address()
    table = lockouts()
    if table.locked_until(address, name, now) is not None:
        return "locked"
    pins = store()
    if not pins.check(name, pin):
        table.failed(address, name, now)
        return "locked" if table.locked_until(address, name, now) is not None else "wrong"
    table.succeeded(address, name)
    generation = pins.generation(name) or 0
    token = tokens.make(name, generation, now, hours, pins.secret())
    expires = now + timedelta(hours=hours)
    st.session_state[GRANT_KEY] = SignedIn(name, generation, expires)
    st.session_state[COOKIE_KEY] = (token, expires)  # set by the page from the next run on (keep_cookie)
    return "ok"


def sign_out() -> None:
    """Forget this browser's sign-in (the cookie too, from this run on)."""
    st.session_state.pop(GRANT_KEY, None)
    st.session_state[COOKIE_KEY] = ("", datetime.now())  # the next run's page removes it (keep_cookie)


def keep_cookie() -> None:
    """Have the page set this browser's sign-in cookie (or its removal), on every run of the session.

    Streamlit reads cookies but cannot set them: a script in the page does, for the next session start (a
    reload, a phone waking up). Sent once, beside the sign-in's rerun, the script did not always run before
    the page was replaced, and the next reload asked for the PIN again; sent by every run it is in the page
    that stays. A session's cookies never change, so "the browser has it" is known only when they say so.
    SameSite=Strict: no other site's page sends it along.
    """
    wanted = st.session_state.get(COOKIE_KEY)
    if wanted is None:
        return
    token, expires = wanted
    if token and st.context.cookies.get(COOKIE) == token:
        return
    seconds = max(0, int((expires - datetime.now()).total_seconds()))
    value = json.dumps(f"{COOKIE}={token}; path=/; max-age={seconds}; SameSite=Strict")
    hide = "<style>.stElementContainer:has(.lan-cookie) { display: none; }</style>"  # a script only: no room
    script = f"<script>document.cookie = {value};</script>"
    st.html(f'<span class="lan-cookie"></span>{hide}{script}', unsafe_allow_javascript=True)


def may_see(role: str | None, page_file: str) -> bool:
    """Whether the signed-in role may open `page_file` (the manager's machine may open everything)."""
    return roles.may_see(role, page_file)
