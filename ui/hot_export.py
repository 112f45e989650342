"""The month's hot-lead export made from the figures of `logic.hot_leads` and the words of i18n.

`workbook.export_hot` lays the workbook out and knows no rules and no language; this turns
the hot page's month sheet and totals into its `HotExport`: the week columns' day ranges,
the totals' columns by group, labels in the UI language.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import pandas as pd

from i18n import t
from logic.hot_leads import MOVES, TOTAL, WEEKS, month_bounds
from workbook.export_hot import HotExport, HotRow, TotalsRow, hot_workbook
from workbook.schema import HOT_GRADES, Lang

# the totals' columns by group (i18n title key, "" for columns standing alone); new leads now
# O/D/F/Z have their own column, so H+A+B+C+it is the new leads' subtotal (as on the page)
TOTAL_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("hot.col.start", (*(f"start_{g}" for g in HOT_GRADES), "start_hot")),
    ("hot.col.new", (*(f"new_{g}" for g in HOT_GRADES), "new_other", "new")),
    ("", ("upgraded", "downgraded", *MOVES)),
    ("hot.col.now", (*(f"now_{g}" for g in HOT_GRADES), "now_hot")),
)


def week_headers(month: str | date) -> list[str]:
    """Column titles W1..W5 with their day ranges, e.g. "W1 11/01-11/07"."""
    first, last = month_bounds(month)
    out = []
    for i, w in enumerate(WEEKS):
        a = first + timedelta(days=7 * i)
        if a > last:
            break
        b = last if i == len(WEEKS) - 1 else min(a + timedelta(days=6), last)
        out.append(f"{w} {a:%m/%d}-{b:%m/%d}")
    return out


def hot_export(
    rows: pd.DataFrame,
    totals: pd.DataFrame,
    *,
    month: str,
    lang: Lang,
    start: date,
    now: date,
    today: date,
    store: str = "",
    images: Sequence[tuple[str, bytes]] = (),
) -> bytes:
    """The export workbook as bytes.

    `rows`: one per customer with consultant, name, model, start, now, expected_purchase and
    W1..W5 (`logic.hot_leads.month_sheet`); `totals`: `monthly_table(..., by="consultant")`;
    `images`: (title, PNG bytes) pairs placed on the charts sheet.
    """
    weeks = week_headers(month)
    heads = ("consultant", "customer", "model", "start_grade", "now_grade", "expected")
    return hot_workbook(
        HotExport(
            lang=lang,
            title=t("hot.export.title", lang, store=store, month=month).strip(),
            as_of=t("hot.export.as_of", lang, start=start.isoformat(), now=now.isoformat(), today=today.isoformat()),
            list_sheet=t("hot.export.sheet.list", lang),
            list_headers=[*(t(f"hot.col.{h}", lang) for h in heads), *weeks],
            rows=[_hot_row(rec, len(weeks)) for rec in rows.to_dict("records")],
            empty=t("hot.empty", lang),
            totals_sheet=t("hot.export.sheet.totals", lang),
            totals_corner=t("hot.col.consultant", lang),
            totals_groups=[
                (t(g, lang) if g else "", [_total_label(c, lang) for c in cols]) for g, cols in TOTAL_GROUPS
            ],
            totals=[_totals_row(name, rec, lang) for name, rec in totals.iterrows()],
            rules=t("hot.rules", lang),
            charts_sheet=t("hot.export.sheet.charts", lang),
            images=tuple(images),
        )
    )


def _hot_row(rec: dict[str, object], weeks: int) -> HotRow:
    return HotRow(
        consultant=_text(rec.get("consultant")),
        customer=_text(rec.get("name")),
        model=_text(rec.get("model")),
        start=_text(rec.get("start")),
        now=_text(rec.get("now")),
        expected=_day(rec.get("expected_purchase")),
        notes=[_text(rec.get(w)) for w in WEEKS[:weeks]],
    )


def _total_label(col: str, lang: str) -> str:
    if col == "new_other":
        return t("hot.col.new_other", lang)
    if col == "new":
        return t("hot.col.new_total", lang)
    if col.endswith("_hot"):
        return t("hot.col.hot", lang)
    if col[-2:-1] == "_" and col[-1] in HOT_GRADES:
        return col[-1]
    return t(f"hot.col.{col}", lang)


def _totals_row(name: object, rec: pd.Series, lang: str) -> TotalsRow:
    values = []
    for _, cols in TOTAL_GROUPS:
        for col in cols:
            if col == "new_other":  # new leads already turned O/D/F/Z: all new less those still H/A/B/C
                values.append(int(rec["new"]) - sum(int(rec[f"new_{g}"]) for g in HOT_GRADES))
            else:
                values.append(int(rec[col]))
    is_total = name == TOTAL
    label = t("hot.total", lang) if is_total else (_text(name) or t("hot.none", lang))
    return TotalsRow(label, values, is_total)


def _text(v: object) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    return str(v)


def _day(v: object) -> date | None:
    if v is None or v is pd.NaT or (not isinstance(v, str) and pd.isna(v)):
        return None
    return pd.Timestamp(v).date()
