"""The sidebar: which workbook is open and its state, open another, language, acting as, as-of date.

Also the watcher: a fragment that polls the file's stat every second and reruns the
app when the manager saved in Excel, unless someone on the page has unsaved edits.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import streamlit as st

import i18n
from logic.followups import MANAGER_ROLES
from ui import config, customers, lan, loading, phones, session
from ui import pages as ui_pages
from ui.text import md, plain
from workbook import journal, locks, operations, writing

# An outside save shows within about a second plus the re-read of what changed (at 3 s the poll alone
# added about 1.9 s on average, issue 17): the poll's body, a few stats, measured 0.74 ms on the shared
# 2-core machine, a small price beside a fragment rerun's own cost for each open page.
WATCH_SECONDS = 1
CUSTOMER_SEARCH_KEY = "ui_customer_search"
_CUSTOMER_GO_KEY = "_ui_customer_go"
_CUSTOMER_KEEP_KEY = "_ui_customer_keep_lang"


def lock_holder(path: Path) -> str | None:
    """Who holds the workbook open (the user its lock file names, else the program); None if free."""
    found = locks.holder(path)
    return None if found is None else str(found)


def pending_count(path: Path) -> int:
    """How many operations wait in the journal for this workbook."""
    return len(writing.pending(path))


def _on_as_of_change() -> None:
    value = st.session_state.get("ui_as_of_widget")
    st.session_state[session.AS_OF_KEY] = None if value in (None, session.base_today()) else value


def _open_clicked() -> None:
    error = session.open_path(st.session_state.get("ui_open_path", ""))
    if error:
        st.session_state["_ui_open_error"] = error
    else:
        st.session_state.pop("_ui_open_error", None)
        st.session_state["ui_open_path"] = ""
        st.session_state.pop(session.ACTOR_KEY, None)  # another workbook, another staff list


def open_form(key: str = "ui_open") -> None:
    """Type or paste a path on disk and open it (no upload: the file stays where it is)."""
    st.text_input(
        session.t("ui.sidebar.path"),
        key="ui_open_path",
        help=session.t("ui.sidebar.path_help"),
        placeholder="D:\\销售\\工作簿.xlsx",
    )
    st.button(session.t("ui.sidebar.open"), key=f"{key}_button", on_click=_open_clicked, icon=":material/folder_open:")
    error = st.session_state.get("_ui_open_error")
    if error:
        st.error(md(error), icon="")  # names the path typed, which is shown as typed


def _make_default() -> None:
    session.write([operations.set_setting("language", session.lang())])


def workbook_box(res: loading.LoadResult | None) -> None:
    p = session.path()
    st.caption(session.t("ui.sidebar.workbook"))
    if p is None:
        st.warning(session.t("ui.sidebar.not_found", path="-"), icon="")
        return
    st.markdown(f"**{md(p.name)}**")
    st.caption(md(p.parent))
    if config.is_demo(p):
        st.caption(session.t("ui.sidebar.demo"))
    key = loading.stat_key(p)
    if key is not None:
        when = datetime.fromtimestamp(key[1] / 1e9).strftime("%Y-%m-%d %H:%M")
        st.caption(session.t("ui.sidebar.saved", when=when))
    wb = res.workbook if res is not None else None
    if wb is None:
        st.error(session.t("ui.sidebar.unusable"), icon=":material/error:")
    else:
        probs = loading.all_problems(wb, session.lang())
        errors = sum(1 for x in probs if x.severity == "error")
        warnings = len(probs) - errors
        if probs:
            st.markdown(f":red[{session.t('ui.sidebar.problems', errors=errors, warnings=warnings)}]")
            if ui_pages.spec(ui_pages.HEALTH).exists():
                st.page_link(ui_pages.HEALTH, label=session.t("ui.sidebar.see_problems"), icon=":material/fact_check:")
        else:
            st.caption(session.t("ui.sidebar.no_problems"))
    holder = lock_holder(p)
    if holder:
        st.warning(session.t("ui.sidebar.locked", holder=md(holder)), icon=":material/lock:")
    waiting = pending_count(p)
    if waiting:
        st.info(session.t("ui.sidebar.pending", count=waiting), icon=":material/schedule:")
    rejected_box(p)


def rejected_reason(entry: dict, lang: str) -> str:
    """A rejected change's reason for a Markdown caption: the journal's values (and an unknown code) shown as text."""
    code = str(entry.get("code", ""))
    params = entry.get("params") if isinstance(entry.get("params"), dict) else {}
    if code not in i18n.STRINGS:
        return md(i18n.t(code, lang, **params))
    return i18n.t(code, lang, **{k: md(v) if isinstance(v, str) else v for k, v in params.items()})


def rejected_box(path: Path) -> None:
    """Waiting changes that could not be written when the file came free, with the reason."""
    try:
        entries = journal.rejected(path)
    except (OSError, ValueError):  # a line torn by a crash: the sidebar still shows
        entries = []
    if not entries:
        return
    with st.expander(session.t("ui.sidebar.rejected", count=len(entries)), icon=":material/error:"):
        for e in entries[-10:]:
            when = md(str(e.get("rejected_at", ""))[:16].replace("T", " "))
            st.caption(f"{when} · {rejected_reason(e, session.lang())}")


def people_box(res: loading.LoadResult | None) -> None:
    wb = res.workbook if res is not None else None
    roles = session.staff_roles(wb) if wb is not None else {}
    options: list[str] = ["", *roles]
    if st.session_state.get(session.ACTOR_KEY) not in options:
        st.session_state[session.ACTOR_KEY] = ""

    lang = session.lang()  # bound now: format_func may be called outside this run

    def fmt(name: str) -> str:
        if not name:
            return i18n.t("ui.sidebar.nobody", lang)
        if roles.get(name) in MANAGER_ROLES:
            return i18n.t("ui.sidebar.manager_flag", lang, name=plain(name))
        return plain(name)  # an option is shown as text, but a bidi control would still reorder it

    # the widget's key carries the language: under one fixed key the browser kept showing the
    # other language's "(nobody)"; the choice itself lives in ACTOR_KEY, copied in and out
    wkey = f"{session.ACTOR_KEY}_{lang}"
    st.session_state[wkey] = st.session_state[session.ACTOR_KEY]

    def picked() -> None:
        st.session_state[session.ACTOR_KEY] = st.session_state[wkey]

    with st.container(key=session.ACTOR_KEY):  # a stable CSS hook (.st-key-ui_actor) for either language
        st.selectbox(session.t("ui.sidebar.acting_as"), options, key=wkey, format_func=fmt, on_change=picked)
    if "ui_as_of_widget" not in st.session_state:
        st.session_state["ui_as_of_widget"] = session.today()
    st.date_input(
        session.t("ui.sidebar.as_of"),
        key="ui_as_of_widget",
        on_change=_on_as_of_change,
        help=session.t("ui.sidebar.as_of_help"),
        format="YYYY-MM-DD",
    )


def language_box(res: loading.LoadResult | None) -> None:
    st.selectbox(
        session.t("ui.sidebar.language"),
        ["zh", "en"],
        key=session.LANG_KEY,
        format_func=lambda code: i18n.t(f"ui.lang.{code}", code),
    )
    wb = res.workbook if res is not None else None
    if (
        wb is not None
        and session.workbook_lang_setting(wb) != session.lang()
        and st.button(session.t("ui.sidebar.make_default"), key="ui_make_default", icon=":material/save:")
    ):
        _make_default()


@st.fragment(run_every=WATCH_SECONDS)
def watch() -> None:
    """Rerun the app when the file changed on disk, unless an edit is unsaved."""
    p = session.path()
    if p is None:
        return
    now = loading.stat_key(p)
    shown = st.session_state.get(session.SHOWN_KEY)
    if now is None or shown is None or now == shown:
        return
    if session.is_dirty():
        st.caption(session.t("ui.refresh_waiting"))
        return
    st.rerun(scope="app")


# --------------------------------------------------------------------------- find a customer (any page)


def _customer_search_typed() -> None:
    query = str(st.session_state.get(CUSTOMER_SEARCH_KEY) or "").strip()
    st.session_state[CUSTOMER_SEARCH_KEY] = ""  # the box empties: the customers page keeps the query
    if query:
        st.session_state[customers.SEARCH_PENDING_KEY] = query
        st.session_state[_CUSTOMER_GO_KEY] = query


def customer_search_go() -> None:
    """Open the customers page on the query just typed; called after the sidebar's other widgets are drawn, since
    a widget a run does not draw loses its value (the language, the as-of date)."""
    go = st.session_state.pop(_CUSTOMER_GO_KEY, None)
    if go and ui_pages.spec(customers.PAGE).exists():
        # a page switch made by the script drops every widget's value, the language's too: kept for the next run
        st.session_state[_CUSTOMER_KEEP_KEY] = session.lang()
        st.switch_page(customers.PAGE, query_params={customers.QUERY_PARAM: go})


def customer_search_box() -> None:
    """A search box on every page that opens the customers page with the query typed (name, phone digits, ID)."""
    kept = st.session_state.pop(_CUSTOMER_KEEP_KEY, None)
    if kept is not None and st.session_state.get(session.LANG_KEY) != kept:
        st.session_state[session.LANG_KEY] = kept
        st.rerun()  # the menu above was drawn in the workbook's language: once more in the session's
    st.text_input(
        session.t("cust.search.label"),
        key=CUSTOMER_SEARCH_KEY,
        placeholder=session.t("cust.search.placeholder"),
        on_change=_customer_search_typed,
        icon=":material/person_search:",
    )


def render(res: loading.LoadResult | None) -> None:
    """The whole sidebar."""
    if res is not None:  # before watch(): a full run shows this version, so the watcher must not rerun
        st.session_state[session.SHOWN_KEY] = res.key
    with st.sidebar:
        if lan.is_remote():  # a signed-in phone: who it is and the language; no workbook, date or acting-as
            phones.signed_in_box()
            if session.may_open("pages/customers.py"):
                customer_search_box()
            language_box(None)
            watch()
            if session.may_open("pages/customers.py"):
                customer_search_go()
            return
        customer_search_box()
        workbook_box(res)
        people_box(res)
        language_box(res)
        with st.expander(session.t("lan.sidebar_on" if lan.lan_mode() else "lan.sidebar_off"), expanded=lan.lan_mode()):
            phones.status(qr=True)
        with st.expander(session.t("ui.sidebar.open_other"), expanded=res is None or res.workbook is None):
            open_form()
        watch()
        customer_search_go()
