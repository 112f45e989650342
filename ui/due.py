"""Pieces of the follow-ups page: the cached due list, the grouped list as HTML, the export, links to it.

A link may open the page on one consultant: `due?consultant=NAME` (URL-encoded; the page's URL
path is its file stem, see ui/pages.py). The page pre-selects that name when the link is
followed; the person's own choice afterwards wins and is written back into the URL, so the
address always says what is shown (and can be bookmarked). An unknown name is ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from urllib.parse import quote, urlencode

import pandas as pd
import streamlit as st

from logic.followups import KINDS, due_followups
from logic.grade_checks import by_customer, grade_warnings
from ui import lan, per_version, session
from ui import pages as ui_pages
from ui.styles import stylesheet
from ui.text import html_text, plain
from workbook import schema
from workbook.export import export_workbook
from workbook.reading import LoadedWorkbook

PAGE = "pages/due.py"
CONSULTANT_PARAM = "consultant"


def page_href(consultant: str) -> str:
    """The due page's address relative to the app, opened on `consultant` ("due?consultant=%E5%BC%A0%E4%BC%9F")."""
    query = urlencode({CONSULTANT_PARAM: consultant}, quote_via=quote, safe="")
    return f"{ui_pages.spec(PAGE).url_path}?{query}"


def linked_consultant(param: str | None, names: Sequence[str], seen: str | None) -> str | None:
    """The consultant a just-followed link asks for: a known name other than the link last applied, else None.

    `seen` is the known name the page found in its URL on its previous run; the same value
    again is a rerun (or the person's own choice written back), which must not undo a later pick.
    """
    wanted = known_consultant(param, names)
    return wanted if wanted is not None and wanted != seen else None


def known_consultant(param: str | None, names: Sequence[str]) -> str | None:
    """`param` when it is one of `names` (surrounding spaces ignored), else None."""
    if not param:
        return None
    wanted = param.strip()
    return wanted if wanted in names else None


def due_list(wb: LoadedWorkbook, on: date, horizon: int, lang: str) -> pd.DataFrame:
    """The workbook's due list as of `on` (plus `horizon` days), computed once per file version."""
    return per_version.once(
        wb,
        ("due", on, horizon, lang),
        lambda: due_followups(wb.frames, wb.settings, on, horizon_days=horizon, lang=lang),
    )


def grade_notes(wb: LoadedWorkbook, on: date, lang: str) -> dict[str, list[str]]:
    """Grade-consistency messages per customer ID, computed once per file version."""

    def make() -> dict[str, list[str]]:
        warnings = by_customer(grade_warnings(wb.frames, wb.settings, on))
        return {k: [w.message(lang) for w in ws] for k, ws in warnings.items()}

    return per_version.once(wb, ("grade", on, lang), make)


def _esc(v: object) -> str:
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else html_text(v)


def _tel(phone: object) -> str:
    text = _esc(phone)
    digits = "".join(ch for ch in text if ch.isdigit() or ch == "+")
    return f'<a class="due-tel" href="tel:{digits}">{text}</a>' if digits else ""


def when_text(overdue_days: int, t: Callable[..., str]) -> tuple[str, str]:
    """(css class, text) for an item's timing: overdue N days, due today, in N days."""
    if overdue_days > 0:
        return "due-late", t("due.page.overdue_n", n=overdue_days)
    if overdue_days == 0:
        return "due-today", t("due.page.due_today")
    return "due-soon", t("due.page.in_n", n=-overdue_days)


def grouped_html(
    groups: Sequence[pd.DataFrame],
    t: Callable[..., str],
    *,
    scripts: bool = True,
    notes: dict[str, list[str]] | None = None,
) -> str:
    """One card per customer: name, grade, tap-to-call phone, grade notes, then each item with its script."""
    out = [stylesheet("due")]
    notes = notes or {}
    for g in groups:
        first = g.iloc[0]
        late = bool((g["overdue_days"] > 0).any())
        owners = ", ".join(dict.fromkeys(str(x) for x in g["consultant"].dropna()))
        meta = " · ".join(
            x
            for x in (
                _esc(first["customer_id"]),
                t("due.page.grade", grade=_esc(first["grade"])) if _esc(first["grade"]) else "",
                _esc(owners),
            )
            if x
        )
        parts = [
            f'<div class="due-card{" late" if late else ""}" data-customer="{_esc(first["customer_id"])}">',
            f'<div class="due-head">{_esc(first["customer"])} {_tel(first["phone"])}<span class="due-meta">{meta}</span></div>',
        ]
        for note in notes.get(_esc(first["customer_id"]), []):
            parts.append(f'<div class="due-note">{_esc(note)}</div>')
        for _, r in g.iterrows():
            cls, when = when_text(int(r["overdue_days"]), t)
            last = t("due.page.last", date=r["last_contact"].isoformat()) if r["last_contact"] else t("due.page.never")
            fest = f" · {_esc(r['festival'])}" if r["festival"] else ""
            tries = ""
            if r["attempts"]:  # no-answer tries since the item opened, and the manager's flag once they are many
                tries = t("due.page.tries", n=int(r["attempts"]), date=r["last_attempt"].isoformat())
                tries = f' · <span class="due-late">{_esc(tries)}</span>'
                if r["out_of_contact"]:
                    tries += f' · <span class="due-late"><b>{_esc(t("due.page.out_of_contact"))}</b></span>'
            parts.append(
                f'<div class="due-item" data-kind="{_esc(r["kind"])}"><b>{_esc(r["label"])}</b>{fest} · '
                f'{_esc(r["due"].isoformat())} · <span class="{cls}">{_esc(when)}</span> · <span class="due-soon">{_esc(last)}</span>{tries}</div>'
            )
            if scripts:
                parts.append(f'<div class="due-script">{_esc(r["script"])}</div>')
        parts.append("</div>")
        out.append("".join(parts))
    return "".join(out)


def export_rows(due: pd.DataFrame, t: Callable[..., str]) -> pd.DataFrame:
    """The due list as a plain table with headers in the UI language (for the .xlsx export)."""
    cols = ("due", "overdue_days", "consultant", "customer_id", "customer", "phone", "label", "last_contact", "script")
    out = pd.DataFrame({t(f"due.col.{'kind' if c == 'label' else c}"): due[c].tolist() for c in cols})
    return out


def export_bytes(due: pd.DataFrame, t: Callable[..., str], title: str, lang: str) -> bytes:
    """An A4-landscape .xlsx of the list (a new file, `workbook.export`'s one print setup)."""
    return export_workbook({title: export_rows(due, t)}, lang=lang, title=title)


def download(due: pd.DataFrame, title: str, file_name: str, *, key: str) -> None:
    """A download button for the filtered list as .xlsx, made when it is clicked (the whole store's list
    takes 0.2 s to write, on every rerun of the page otherwise)."""
    t, lang = session.t, session.lang()
    rows = export_rows(due, t)  # the headers in the language shown now: the click comes outside the run
    st.download_button(
        t("due.page.export"),
        lambda: export_workbook({title: rows}, lang=lang, title=title),
        file_name=file_name,
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=key,
        on_click="ignore",  # a download needs no rerun, and a rerun meanwhile could drop the click
        icon=":material/download:",
    )


ALL = "__all__"  # the "everyone" entry of the consultant filter
LINK_SEEN = "_due_link_seen"  # the known ?consultant= name found on the last run


def on_staff_phone(ctx: session.Ctx) -> bool:
    """Whether this is a staff member's phone: its own list as of today (no other day, no other consultant)."""
    return lan.is_remote() and not ctx.is_manager


def _consultant_pick(ctx: session.Ctx, names: Sequence[str]) -> str:
    """The consultant filter (ALL for everyone), kept in the page's address."""
    t = ctx.t
    who_key = f"due_consultant_{ctx.actor or ''}"  # follows the sidebar's "acting as"
    options = [ALL, *names]
    param = st.query_params.get(CONSULTANT_PARAM)
    linked = linked_consultant(param, names, st.session_state.get(LINK_SEEN))
    st.session_state[LINK_SEEN] = known_consultant(param, names)
    if linked is not None or st.session_state.get(who_key) not in options:
        fallback = ctx.actor if ctx.actor in names and not ctx.is_manager else ALL
        st.session_state[who_key] = linked or known_consultant(param, names) or fallback
    session.relabel(who_key)  # "everyone" in the language now shown
    who = st.selectbox(
        t("due.page.consultant"),
        options,
        format_func=lambda n: t("due.page.everyone") if n == ALL else plain(n),
        key=who_key,
    )
    # The address says what is shown (a bookmark keeps it), so a rerun never puts the link's name back.
    shown_name = who if who in names else None
    if shown_name != known_consultant(param, names):
        if shown_name is None:
            st.query_params.pop(CONSULTANT_PARAM, None)
        else:
            st.query_params[CONSULTANT_PARAM] = shown_name
        st.session_state[LINK_SEEN] = shown_name
    return who


def filter_bar(ctx: session.Ctx, names: Sequence[str]) -> tuple[str | None, list[str], date, int, bool]:
    """The page's filters: (consultant or None for everyone, kinds, as-of day, days ahead, overdue only)."""
    t, lang = ctx.t, ctx.lang
    phone = on_staff_phone(ctx)
    with st.container(key="due_filters", horizontal=True, vertical_alignment="bottom"):
        who = (ctx.actor if ctx.actor in names else ALL) if phone else _consultant_pick(ctx, names)
        # the rarer filters wait in a popover, so the first card is on the first screen (also on a phone)
        with st.popover(t("cards.filters"), icon=":material/filter_list:", key="due_more_filters"):
            kinds = st.multiselect(
                t("due.page.kinds"),
                list(KINDS),
                format_func=lambda k: schema.choice_list("followup_kind").label(k, lang),  # type: ignore[arg-type]
                placeholder=t("due.page.all_kinds"),
                key="due_kinds",
            )
            on = ctx.today
            if not phone:
                on = st.date_input(t("due.page.as_of"), value=ctx.today, key=f"due_as_of_{ctx.today.isoformat()}")
            ahead = st.number_input(t("due.page.ahead"), min_value=0, max_value=60, value=0, step=1, key="due_ahead")
            overdue_only = st.toggle(t("due.page.overdue_only"), key="due_overdue_only")
    return (None if who == ALL else who), kinds, on, int(ahead), overdue_only  # type: ignore[return-value]
