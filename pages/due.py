"""Follow-ups due (跟进到期): each consultant's calls for the day, with scripts, and the actions that clear them."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import streamlit as st

from logic import cn_calendar
from logic import followups as fu
from ui import due as view
from ui import print as ui_print
from ui import session
from workbook import operations as wops
from workbook import schema

PER_PAGE = 50  # customers per screen page
ALL = "__all__"
LOG_TYPES = ("call", "message", "visit", "home_visit", "test_drive", "quote", "other")

ctx = session.page_setup("ui.page.due")
t, lang = ctx.t, ctx.lang
roles = ctx.staff
customers = ctx.frame("customers")
names = list(dict.fromkeys([*roles, *(str(n) for n in customers["consultant"].dropna())]))
consultants = [n for n in names if roles.get(n, "consultant") == "consultant"] or names

# --------------------------------------------------------------------------- filters
LINK_SEEN = "_due_link_seen"  # the known ?consultant= name found on the last run (ui/due.py)
who_key = f"due_consultant_{ctx.actor or ''}"  # follows the sidebar's "acting as"


with st.container(key="due_filters", horizontal=True, vertical_alignment="bottom"):
    options = [ALL, *names]
    param = st.query_params.get(view.CONSULTANT_PARAM)
    linked = view.linked_consultant(param, names, st.session_state.get(LINK_SEEN))
    st.session_state[LINK_SEEN] = view.known_consultant(param, names)
    if linked is not None or st.session_state.get(who_key) not in options:
        fallback = ctx.actor if ctx.actor in names and not ctx.is_manager else ALL
        st.session_state[who_key] = linked or view.known_consultant(param, names) or fallback
    who = st.selectbox(
        t("due.page.consultant"),
        options,
        format_func=lambda n: t("due.page.everyone") if n == ALL else n,
        key=who_key,
    )
    # The address says what is shown (a bookmark keeps it), so a rerun never puts the link's name back.
    shown_name = who if who in names else None
    if shown_name != view.known_consultant(param, names):
        if shown_name is None:
            st.query_params.pop(view.CONSULTANT_PARAM, None)
        else:
            st.query_params[view.CONSULTANT_PARAM] = shown_name
        st.session_state[LINK_SEEN] = shown_name
    kinds = st.multiselect(
        t("due.page.kinds"),
        list(fu.KINDS),
        format_func=lambda k: schema.choice_list("followup_kind").label(k, lang),  # type: ignore[arg-type]
        placeholder=t("due.page.all_kinds"),
        key="due_kinds",
    )
    on = st.date_input(t("due.page.as_of"), value=ctx.today, key=f"due_as_of_{ctx.today.isoformat()}")
    ahead = st.number_input(t("due.page.ahead"), min_value=0, max_value=60, value=0, step=1, key="due_ahead")
    overdue_only = st.toggle(t("due.page.overdue_only"), key="due_overdue_only")

due = view.due_list(ctx.wb, on, int(ahead), lang)
mine = fu.filter_items(due, kinds=kinds, overdue_only=overdue_only)
shown = fu.filter_items(mine, consultant=None if who == ALL else who)
groups = fu.by_customer(shown)

st.caption(
    t(
        "due.calling_hours",
        start=ctx.settings.get("calling_hours_start", "09:00"),
        end=ctx.settings.get("calling_hours_end", "20:00"),
    )
)
day_note = cn_calendar.describe_day(on, ctx.frame("calendar"))
if day_note is not None:
    st.info(t(day_note[0], **day_note[1]), icon=":material/event:")
if cn_calendar.public_calendar([on.year], ctx.frame("calendar")).fallback:
    st.warning(t("due.calendar.unknown_year", years=on.year))
late = int((shown["overdue_days"] > 0).sum())
today_n = int((shown["overdue_days"] == 0).sum())
cols = st.columns(4)
cols[0].metric(t("due.page.m_today"), today_n, border=True)
cols[1].metric(t("due.page.m_overdue"), late, border=True)
cols[2].metric(t("due.page.m_customers"), len(groups), border=True)
cols[3].metric(t("due.page.m_upcoming"), int((shown["overdue_days"] < 0).sum()), border=True)

if ctx.is_manager or who == ALL:
    with st.expander(t("due.page.per_consultant"), expanded=ctx.is_manager):
        counts = fu.counts_by_consultant(mine)
        st.dataframe(
            counts,
            hide_index=True,
            key="due_counts",
            column_config={c: st.column_config.Column(t(f"due.page.c_{c}")) for c in counts.columns},
        )

printing = ui_print.print_controls(t("ui.page.due"), key="due_print")
view.download(shown, t("ui.page.due"), f"due_{on.isoformat()}.xlsx", key="due_export")

if not groups:
    st.success(t("due.page.nothing"))
    st.stop()
notes = view.grade_notes(ctx.wb, on, lang)
if printing:
    st.html(view.grouped_html(groups, t, notes=notes))
    st.stop()

pages = max(1, -(-len(groups) // PER_PAGE))
page = 1
if pages > 1:
    page = int(st.number_input(t("due.page.page", n=pages), 1, pages, 1, key="due_page"))
st.html(view.grouped_html(groups[(page - 1) * PER_PAGE : page * PER_PAGE], t, notes=notes))

# --------------------------------------------------------------------------- acting on one customer
st.subheader(t("due.page.act"))


def _plain(v: object) -> str:
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


def _clock() -> str:
    """The time of logging ("HH:MM", the contacts sheet's time column): the clock's, also on an "as of" day."""
    return datetime.now().strftime("%H:%M")


labels = {}
for g in groups:
    first = g.iloc[0]
    key = _plain(first["customer_id"]) or f"#{_plain(first['phone'])}"
    labels[key] = t("due.page.pick", name=_plain(first["customer"]), phone=_plain(first["phone"]), n=len(g))
picked = st.selectbox(t("due.page.customer"), list(labels), format_func=lambda k: labels.get(k, k), key="due_customer")
group = next(g for g in groups if (_plain(g.iloc[0]["customer_id"]) or f"#{_plain(g.iloc[0]['phone'])}") == picked)
kinds_here = group["kind"].tolist()
kind = st.selectbox(
    t("due.page.item"),
    kinds_here,
    format_func=lambda k: (
        f"{group.loc[group['kind'] == k, 'label'].iloc[0]} · {group.loc[group['kind'] == k, 'due'].iloc[0]}"
    ),
    key="due_item",
)
item = group[group["kind"] == kind].iloc[0]
cid = _plain(item["customer_id"]) or None
ckey = {"customer_id": cid} if cid else {"phone": _plain(item["phone"])}
st.info(_plain(item["script"]), icon=":material/record_voice_over:")

log_tab, move_tab, reassign_tab = st.tabs(
    [t("due.page.tab_log"), t("due.page.tab_reschedule"), t("due.page.tab_reassign")]
)
with log_tab, st.form("due_log_form", clear_on_submit=True):
    ctype = st.selectbox(
        t("due.page.type"),
        LOG_TYPES,
        format_func=lambda c: schema.choice_list("contact_type").label(c, lang),  # type: ignore[arg-type]
        key="due_log_type",
    )
    note = st.text_area(t("due.page.note"), key="due_log_note", max_chars=2000)
    grade_options = ["", *schema.GRADES.codes()]
    current = _plain(item["grade"])
    grade = st.selectbox(
        t("due.page.new_grade"),
        grade_options,
        format_func=lambda g: t("due.page.grade_same", grade=current or "-") if g == "" else g,
        key="due_log_grade",
    )
    next_date = st.date_input(t("due.page.next_date"), value=None, key="due_log_next")
    if st.form_submit_button(t("due.page.log"), type="primary", key="due_log_submit"):
        by = ctx.actor or _plain(item["consultant"]) or None
        op = wops.log_contact(
            cid,  # type: ignore[arg-type]
            ctype,
            on,
            result=note.strip() or None,
            next_date=next_date,
            grade_after=grade or None,
            consultant=by,
            followup_kind=kind,
            time=_clock(),
            recorded_by=ctx.actor,
            customer=_plain(item["customer"]) or None,
            phone=_plain(item["phone"]) or None,
            update_grade=cid is not None,
        )
        ops = [op]
        if grade and cid is None:
            ops.append(wops.update_customer(ckey, {"grade": grade}))
        session.write(ops)

with move_tab:
    if cid is None:
        st.warning(t("due.page.needs_id"))
    else:
        with st.form("due_move_form"):
            new_due = st.date_input(
                t("due.page.new_due"), value=on + timedelta(days=1), min_value=on, key="due_move_date"
            )
            reason = st.text_input(t("due.page.reason"), key="due_move_reason", max_chars=500)
            if st.form_submit_button(t("due.page.reschedule"), key="due_move_submit"):
                if not reason.strip():
                    st.error(t("due.page.reason_needed"))
                else:
                    session.write(
                        [
                            wops.reschedule(
                                cid,
                                kind,
                                new_due,
                                original_due=item["due"],
                                reason=reason.strip(),
                                by=ctx.actor,
                                at=datetime.now().replace(microsecond=0),
                            )
                        ]
                    )

with reassign_tab:
    if session.require_manager(ctx):
        owner = _plain(item["customer_consultant"])
        others = [n for n in consultants if n != owner]
        with st.form("due_reassign_form"):
            target = st.selectbox(t("due.page.reassign_to"), others, key="due_reassign_to")
            if st.form_submit_button(t("due.page.reassign"), key="due_reassign_submit") and target:
                ops = [wops.reassign(ckey if cid is None else cid, target, expect_consultant=owner or None)]
                if kind == "dormancy_review" and cid:
                    note = t("due.page.reassigned_note", old=owner, new=target)
                    ops.append(wops.log_contact(cid, "other", on, result=note, consultant=ctx.actor, time=_clock(),
                                                followup_kind="dormancy_review", recorded_by=ctx.actor))  # fmt: skip
                session.write(ops)
        if kind == "dormancy_review" and cid and st.button(t("due.page.make_dormant"), key="due_make_dormant"):
            session.write(
                [
                    wops.log_contact(
                        cid, "other", on, result=t("due.page.dormant_note"), grade_after="Z", consultant=ctx.actor,
                        followup_kind="dormancy_review", recorded_by=ctx.actor, time=_clock(),
                    )
                ]
            )  # fmt: skip
