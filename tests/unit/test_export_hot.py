"""The month's hot table exported as a new A4 workbook, and the chart builders behind its images."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from logic.grade_history import grade_history
from logic.hot_leads import month_customers, month_sheet, monthly_table, weekly_notes
from tests.support.frames_hot import contact, customer, frames
from ui import charts
from ui.hot_export import hot_export, week_headers

TODAY = date(2026, 11, 20)
NOV = "2026-11"


def _frames(customers=(), contacts=()):
    return frames(
        customers=[
            customer("C1", "A", name="张三", consultant="李娜", model="星辰X5", expected_purchase=date(2026, 12, 1)),
            customer("C2", "O", name="李四", consultant="王强", model="星辰X3"),
            customer("C3", "Z", name="王五", consultant="王强"),  # dormant all along: not listed
            *customers,
        ],
        contacts=[
            contact("C1", date(2026, 10, 5), "B", "首次到店", consultant="李娜"),
            contact("C1", date(2026, 11, 2), "A", "试驾满意", consultant="李娜"),
            contact("C1", date(2026, 11, 3), None, "=报价 25万", consultant="李娜"),
            contact("C2", date(2026, 10, 8), "H", consultant="王强"),
            contact("C2", date(2026, 11, 16), "O", "签约", consultant="王强"),
            contact("C3", date(2026, 9, 8), "Z", consultant="王强"),
            *contacts,
        ],
    )


def _export(lang: str = "zh", images=(), f=None) -> openpyxl.Workbook:
    f = f if f is not None else _frames()
    hist = grade_history(f, TODAY)
    mc = month_customers(f, NOV, TODAY, hist)
    rows = month_sheet(mc, weekly_notes(f, NOV, TODAY, hist))
    data = hot_export(
        rows,
        monthly_table(mc),
        month=NOV,
        lang=lang,
        start=date(2026, 10, 31),
        now=TODAY,
        today=TODAY,
        store="星辰汽车4S店",
        images=images,
    )
    return openpyxl.load_workbook(io.BytesIO(data))


def _cells(ws) -> list[list[object]]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_export_lists_each_hot_customer_with_grades_and_weekly_notes():
    wb = _export()
    ws = wb.worksheets[0]
    rows = _cells(ws)
    assert rows[0][0] == "星辰汽车4S店 月度Hot管理表 2026-11"
    assert rows[3][:6] == ["销售顾问", "客户", "车型", "月初级别", "当前级别", "预计购买"]
    assert rows[3][6] == "W1 11/01-11/07"
    body = {r[1]: r for r in rows[4:] if r[1]}
    assert set(body) == {"张三", "李四"}
    zhang = body["张三"]
    assert zhang[:5] == ["李娜", "张三", "星辰X5", "B", "A"]
    assert zhang[5].date() == date(2026, 12, 1)
    assert zhang[6] == "11/02 试驾满意 →A\n11/03 =报价 25万"  # text, never a formula
    assert body["李四"][8] == "11/16 签约 →O"  # W3


def test_export_totals_sheet_counts_per_consultant_and_in_all():
    ws = _export().worksheets[1]
    rows = _cells(ws)
    header = rows[4]
    by_name = {r[0]: r for r in rows[5:] if r[0]}
    assert by_name["李娜"][header.index("A", 16)] == 1  # now A (the last H/A/B/C group is "now")
    ordered = rows[3].index("订单(O)")
    assert by_name["王强"][ordered] == 1
    assert by_name["合计"][ordered] == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_export_prints_on_a4_landscape_fitted_to_the_width(lang):
    for ws in _export(lang).worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.paperSize == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth in (None, 1)  # 1 is the default, left out of the file
        assert ws.page_setup.fitToHeight == 0  # as many pages down as the rows need
    assert _export("en").worksheets[0].cell(4, 4).value == "Grade at start"


def test_week_headers_end_with_the_months_last_day():
    assert week_headers("2027-02") == ["W1 02/01-02/07", "W2 02/08-02/14", "W3 02/15-02/21", "W4 02/22-02/28"]
    assert week_headers(NOV)[-1] == "W5 11/29-11/30"


def _mix_chart(title: str) -> object:
    data = pd.DataFrame({"who": ["李娜", "李娜", "王强"], "grade": ["H", "A", "B"], "n": [2, 1, 3]})
    return charts.stacked_bars(
        data,
        x="who",
        y="n",
        color="grade",
        title=title,
        x_title="顾问",
        y_title="客户数",
        color_title="级别",
        color_order=["H", "A", "B", "C"],
    )


def test_charts_use_the_cjk_font_and_projector_sized_text():
    spec = _mix_chart("级别构成").to_dict()
    assert spec["config"]["font"] == "Noto Sans CJK SC"
    assert spec["config"]["axis"]["labelFontSize"] >= 16
    assert spec["config"]["title"]["fontSize"] >= 24
    assert spec["title"]["text"] == "级别构成"


@pytest.mark.slow
def test_chart_png_is_embedded_in_the_export():
    image = charts.png(_mix_chart("级别构成"), scale=1)
    assert image[:8] == b"\x89PNG\r\n\x1a\n"
    wb = _export(images=[("级别构成", image)])
    assert [ws.title for ws in wb.worksheets] == ["Hot客户", "顾问汇总", "图表"]
    assert len(wb.worksheets[2]._images) == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_export_new_leads_group_adds_up_to_its_subtotal(lang):
    from i18n import t

    # two leads new this month: one still B, one already lost (F)
    f = _frames(
        customers=[
            customer("C4", "B", date(2026, 11, 4), consultant="李娜"),
            customer("C5", "F", date(2026, 11, 5), consultant="李娜"),
        ],
        contacts=[
            contact("C4", date(2026, 11, 4), "B", consultant="李娜"),
            contact("C5", date(2026, 11, 5), "B", consultant="李娜"),
            contact("C5", date(2026, 11, 9), "F", "买了别家", consultant="李娜"),
        ],
    )
    rows = _cells(_export(lang, f=f).worksheets[1])
    group, header = rows[3], rows[4]
    first = group.index(t("hot.col.new", lang))
    other = header.index(t("hot.col.new_other", lang), first)
    total = header.index(t("hot.col.new_total", lang), first)
    assert header[first:other] == ["H", "A", "B", "C"] and total == other + 1
    body = {r[0]: r for r in rows[5:] if r[0] and isinstance(r[1], int)}
    assert body["李娜"][first : total + 1] == [0, 0, 1, 0, 1, 2]
    for r in body.values():
        assert sum(r[first:other]) + r[other] == r[total]
