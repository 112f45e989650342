"""Present mode (投影): a meeting shown one section a screen for the projector, moved through with next / previous.

A meeting page hands `run` its sections in the meeting's agenda order; each section is one or
more screens of HTML (a section too long for one screen pages within itself) and, optionally,
its editing widgets, drawn only after the section's "edit" toggle. Present mode is remembered in
the session and can be opened by a bookmark with `?present=1` in the address.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import streamlit as st

from ui import meetings as view
from ui.styles import stylesheet

T = Callable[..., str]
Item = TypeVar("Item")

QUERY = "present"
ROWS_PER_SCREEN = 8  # one row per consultant: eight a screen at 1920x1080 with the figures above
CASES_PER_SCREEN = 12  # lists of cases (lost, won, bookings, hours): short rows, more a screen
CARDS_PER_SCREEN = 4  # plan cards, two by two
PLAN_ROWS_PER_CARD = 4  # a card's plan rows; the rest are counted ("+2 more")


@dataclass(frozen=True)
class Section:
    """One item of the meeting's agenda: its stable code, its title, its screens and its editing widgets."""

    code: str
    title: str
    screens: list[str]
    edit: Callable[[], None] | None = None


# --------------------------------------------------------------------------- on / off


def _state_key(meeting: str) -> str:
    return f"present_{meeting}"


def is_on(meeting: str) -> bool:
    """Whether `meeting` ("morning" / "evening") is in present mode: remembered for the session, or `?present=1`."""
    key = _state_key(meeting)
    if st.query_params.get(QUERY) == "1":
        st.session_state[key] = True
    on = bool(st.session_state.get(key))
    if on and st.query_params.get(QUERY) != "1":
        st.query_params[QUERY] = "1"  # so the address is a bookmark of what is shown
    return on


def _switch(meeting: str, on: bool) -> None:
    st.session_state[_state_key(meeting)] = on
    st.session_state[f"present_{meeting}_at"] = (0, 0)
    st.session_state[f"present_{meeting}_edit"] = False
    if on:
        st.query_params[QUERY] = "1"
    elif QUERY in st.query_params:
        del st.query_params[QUERY]


def enter_button(meeting: str, t: T) -> None:
    """The button in the meeting page's header row that opens present mode at the first section."""
    st.button(
        t("present.enter"),
        key=f"present_{meeting}_enter",
        icon=":material/slideshow:",
        on_click=_switch,
        args=(meeting, True),
    )


# --------------------------------------------------------------------------- moving through the sections


def _position(meeting: str, sections: Sequence[Section]) -> tuple[int, int]:
    """The (section, screen) shown, kept within what the sections hold now (a new day may have fewer)."""
    section, screen = st.session_state.get(f"present_{meeting}_at", (0, 0))
    section = min(max(section, 0), len(sections) - 1)
    screen = min(max(screen, 0), len(sections[section].screens) - 1)
    return section, screen


def step(sections: Sequence[Section], at: tuple[int, int], by: int) -> tuple[int, int]:
    """The screen `by` (+1 / -1) from `at`: through a section's screens, then on to the next section's first
    (or back to the previous section's last); it stays at either end."""
    section, screen = at
    screen += by
    if screen >= len(sections[section].screens):
        if section + 1 >= len(sections):
            return at
        return section + 1, 0
    if screen < 0:
        if section == 0:
            return at
        return section - 1, len(sections[section - 1].screens) - 1
    return section, screen


def _go(meeting: str, to: tuple[int, int], shown: tuple[int, int]) -> None:
    # The target is fixed when the button is drawn: a click (or key) that arrives twice still moves one screen.
    st.session_state[f"present_{meeting}_at"] = to
    if to[0] != shown[0]:
        st.session_state[f"present_{meeting}_edit"] = False  # a new section opens read-only


def run(meeting: str, sections: Sequence[Section], t: T) -> None:
    """Draw present mode: the bar (where we are, previous / next, edit, exit) and the current screen."""
    st.html(stylesheet("present"))
    section_at, screen_at = at = _position(meeting, sections)
    section = sections[section_at]
    count = ""
    if len(section.screens) > 1:
        count = t("present.screen", screen=screen_at + 1, screens=len(section.screens))
    title = t("present.indicator", n=section_at + 1, total=len(sections), title=section.title)
    with st.container(key=f"present_{meeting}_bar", horizontal=True, vertical_alignment="center", gap="medium"):
        st.html(
            f'<div class="pr-title" data-section="{view.esc(section.code)}">{view.esc(title)}'
            f'<span class="pr-count">{view.esc(count)}</span></div>',
            width="stretch",
        )
        st.button(
            t("present.prev"),
            key=f"present_{meeting}_prev",
            icon=":material/arrow_back:",
            shortcut="Left",
            disabled=step(sections, at, -1) == at,
            on_click=_go,
            args=(meeting, step(sections, at, -1), at),
        )
        st.button(
            t("present.next"),
            key=f"present_{meeting}_next",
            icon=":material/arrow_forward:",
            icon_position="right",
            shortcut="Right",
            type="primary",
            disabled=step(sections, at, 1) == at,
            on_click=_go,
            args=(meeting, step(sections, at, 1), at),
        )
        # a presentation clicker sends Page Down / Page Up: the same steps, from buttons kept out of sight
        for key, shortcut, move in (("page_prev", "PageUp", -1), ("page_next", "PageDown", 1)):
            st.button(
                shortcut,
                key=f"present_{meeting}_{key}",
                shortcut=shortcut,
                disabled=step(sections, at, move) == at,
                on_click=_go,
                args=(meeting, step(sections, at, move), at),
            )
        editing = False
        if section.edit is not None:
            editing = st.toggle(t("present.edit"), key=f"present_{meeting}_edit")
        st.button(
            t("present.exit"),
            key=f"present_{meeting}_exit",
            icon=":material/close:",
            on_click=_switch,
            args=(meeting, False),
        )
    st.html(
        f'<div class="pr-screen" data-section="{view.esc(section.code)}" data-screen="{screen_at + 1}" '
        f'data-screens="{len(section.screens)}">'
        f"{section.screens[screen_at]}</div>"
    )
    if editing and section.edit is not None:
        section.edit()


# --------------------------------------------------------------------------- building a screen


def screens(items: Sequence[Item], per_screen: int, draw: Callable[[Sequence[Item]], str]) -> list[str]:
    """`items` drawn `per_screen` at a time (one screen, drawn from nothing, when there are none)."""
    chunks = [items[i : i + per_screen] for i in range(0, len(items), per_screen)] or [items[:0]]
    return [draw(chunk) for chunk in chunks]


def figures_html(items: Sequence[tuple[str, object, str]]) -> str:
    """A row of key figures for the back row: (label, value, tone "" / "bad" / "good")."""
    cells = "".join(
        f'<div class="pr-num{" pr-" + tone if tone else ""}"><b>{view.esc(value)}</b><span>{view.esc(label)}</span></div>'
        for label, value, tone in items
    )
    return f'<div class="pr-nums">{cells}</div>'


def line_html(text: str, tone: str = "") -> str:
    """A line of text (tone "warn" or "ok" colours it)."""
    return f'<div class="pr-line{" pr-" + tone if tone else ""}">{view.esc(text)}</div>'


def card_html(name: str, sub: str, body: str, off: bool = False) -> str:
    """A consultant's card: the name (and a few words beside it) over `body` (HTML)."""
    klass = "pr-card pr-off" if off else "pr-card"
    head = f'<div class="pr-name">{view.esc(name)}<span class="pr-sub">{view.esc(sub)}</span></div>'
    return f'<div class="{klass}" data-consultant="{view.esc(name)}">{head}{body}</div>'


def cards_html(cards: Sequence[str], columns: int) -> str:
    return f'<div class="pr-cards pr-cols-{columns}">{"".join(cards)}</div>'


def table_html(
    headers: Sequence[str], rows: Sequence[Sequence[tuple[object, str]]], numeric: Sequence[int] = (), klass: str = ""
) -> str:
    """A meeting table (ui.meetings.table_html), drawn large by the present stylesheet (`klass` sets its columns)."""
    return view.table_html(headers, rows, numeric=numeric, klass=f"pr-table {klass}".strip())


def shown(values: Sequence[Any], limit: int) -> tuple[Sequence[Any], int]:
    """The first `limit` values and how many more there are."""
    return values[:limit], max(len(values) - limit, 0)
