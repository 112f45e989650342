"""Monthly hot-lead table (月度Hot管理表): counts by grade, what moved, the hot list, charts, export."""

from __future__ import annotations

import streamlit as st

from logic import hot_leads as hl
from logic.hot_view import filter_choices, month_choices, unknown_consultants
from logic.plan_actual import consultants
from ui import hot as view
from ui import print as ui_print
from ui import session
from ui.text import md, plain, plain_frame

ctx = session.page_setup("ui.page.hot")
t, lang = ctx.t, ctx.lang
view.css()

month = st.selectbox(t("hot.month"), month_choices(ctx.today), key="hot_month")
printing = ui_print.print_controls(f"{t('hot.title')} {month}", key="hot_print")
ui_print.print_header(f"{t('hot.title')} {month}")

data = view.month_data(ctx.wb, month, ctx.today)
st.caption(t("hot.as_of", start=data.start.isoformat(), now=data.now.isoformat()))

# --------------------------------------------------------------------------- the table
by_options = list(hl.GROUPINGS)
by = (
    st.segmented_control(
        t("hot.group_by"), by_options, format_func=lambda b: t(f"hot.by.{b}"), default="consultant", key="hot_by"
    )
    or "consultant"
)
groups = consultants(ctx.wb.frames) if by == "consultant" else []
table = hl.monthly_table(data.customers, by, groups=groups)
st.html(view.table_html(table, by, lang))
if by == "consultant" and (unknown := unknown_consultants(ctx.frame("staff"), list(table.index))):
    st.warning(t("hot.unknown_consultants", names=("、" if lang == "zh" else ", ").join(map(md, unknown))), icon="")
st.caption(t("hot.rules"))

# --------------------------------------------------------------------------- the hot list
st.subheader(t("hot.list.title"))
hot = hl.hot_list(ctx.wb.frames, ctx.today, due=view.due_frame(ctx.wb, ctx.today), history=data.history)
if not printing:
    cols = st.columns(4)
    choices = filter_choices(hot)
    chosen = {}
    for col, (name, options) in zip(cols, choices.items(), strict=True):
        with col:
            chosen[name] = st.multiselect(
                t(f"hot.filter.{name}"),
                options,
                key=f"hot_filter_{name}",
                format_func=(lambda v: plain(view.value_label("source", v, lang))) if name == "source" else plain,
                placeholder=t("hot.filter.all"),
            )
    shown = hl.filter_hot(hot, **chosen)
else:
    shown = hot
warnings = view.grade_warnings(ctx.wb, ctx.today, lang)
rows = view.list_view(shown, data, warnings, lang)
flagged = int((rows["warnings"] != "").sum())
st.caption(t("hot.list.count", shown=len(shown), total=len(hot)))
if flagged:
    st.warning(t("hot.warnings.count", count=flagged), icon=":material/warning:")
config = view.list_columns(lang)
st.dataframe(
    plain_frame(rows[list(config)]),
    column_config=config,
    hide_index=True,
    key="hot_list",
    height="auto" if printing else 560,
    row_height=view.LIST_ROW_HEIGHT,
)

# --------------------------------------------------------------------------- charts
st.subheader(t("hot.charts.title"))
specs = view.chart_specs(ctx.wb, data, ctx.today, lang)
left, right = st.columns(2)
for i, (name, title, chart) in enumerate(specs):
    with left if i % 2 == 0 else right:
        # theme=None keeps the chart's own projector fonts and CJK font
        st.altair_chart(chart, key=f"hot_chart_{name}", width="stretch", theme=None)
        if not printing:
            st.download_button(
                t("hot.export.png", name=title),
                view.png_maker(chart),
                file_name=f"hot-{name}-{month}.png",
                mime="image/png",
                key=f"hot_png_{name}",
                on_click="ignore",  # a download needs no rerun, and a rerun meanwhile could drop the click
                icon=":material/image:",
            )

# --------------------------------------------------------------------------- export
if not printing:
    store = str(ctx.settings.get("store_name") or "")
    st.download_button(
        t("hot.export.button"),
        view.export_maker(data, specs, lang=lang, today=ctx.today, store=store),
        file_name=f"hot-{month}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="hot_export",
        on_click="ignore",  # a download needs no rerun, and a rerun meanwhile could drop the click
        icon=":material/download:",
        type="primary",
    )
