"""Staff and customers: who has how many customers, and a manager's bulk move of a leaving consultant's customers."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from logic.ownership import spread
from logic.staff_view import customers_of, staff_table
from ui import acting, session
from ui.text import plain, plain_frame
from workbook import operations, schema

ctx = session.page_setup("staff.title")
t = ctx.t
table = staff_table(ctx.frame("staff"), ctx.frame("customers"))
roles = schema.choice_list("role")
shown = pd.DataFrame(
    {
        t("staff.col.name"): table["name"],
        t("staff.col.role"): [roles.label(r, ctx.lang) if isinstance(r, str) else "" for r in table["role"]],  # type: ignore[arg-type]
        t("staff.col.active"): table["active"],
        t("staff.col.customers"): table["customers"],
        t("staff.col.open"): table["open"],
    }
)
st.dataframe(plain_frame(shown), hide_index=True, width="stretch")

# --------------------------------------------------------------------------- the bulk move
st.subheader(t("staff.bulk.title"))
st.caption(t("staff.bulk.intro"))
counts = dict(zip(table["name"], table["customers"], strict=True))
givers = [n for n in table["name"] if counts.get(n, 0) > 0]
takers = [n for n, r, a in zip(table["name"], table["role"], table["active"], strict=True) if a and r == "consultant"]
with st.form("staff_bulk"):
    source = st.selectbox(
        t("staff.bulk.from"),
        givers,
        format_func=lambda n: f"{plain(n)} ({counts.get(n, 0)})",
        key="staff_bulk_from",
    )
    targets = st.multiselect(t("staff.bulk.to"), takers, format_func=plain, key="staff_bulk_to")
    open_only = st.checkbox(t("staff.bulk.open_only"), value=True, key="staff_bulk_open")
    reason = st.text_input(t("staff.bulk.reason"), value=t("staff.bulk.reason_default"), key="staff_bulk_reason")
    acting.field(ctx, "staff_bulk")
    submitted = st.form_submit_button(t("staff.bulk.submit"), type="primary")
if submitted and source:
    receivers = [n for n in targets if n != source]
    moving = customers_of(ctx.frame("customers"), source, open_only=open_only)
    if not receivers:
        st.error(t("staff.bulk.pick_to"), icon="")
    elif not moving:
        st.error(t("staff.bulk.none", name=plain(source)), icon="")
    elif (who := acting.manager(ctx, "staff_bulk")) is not None:
        moves = [(cid, source, to) for cid, to in spread(moving, receivers)]
        now = datetime.now().replace(microsecond=0)
        session.write([operations.reassign_many(moves, by=who, reason=reason.strip() or None, at=now)])

# --------------------------------------------------------------------------- the record
records = ctx.frame("reassignments")
if not records.empty:
    st.subheader(t("staff.bulk.records"))
    sheet = schema.sheet("reassignments")
    keys = ["recorded_at", "by", "customer_id", "customer", "from_consultant", "to_consultant", "reason"]
    latest = records.sort_values("recorded_at", ascending=False, kind="stable").head(20)[keys]
    latest.columns = [sheet.column(k).header(ctx.lang) for k in keys]  # type: ignore[arg-type]
    st.dataframe(plain_frame(latest), hide_index=True, width="stretch")
