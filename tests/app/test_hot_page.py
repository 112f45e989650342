"""The hot-lead page through AppTest on the sample workbook: month, filters and both languages."""

from __future__ import annotations

import re

import pytest

import i18n
from tests.support.apptest_helpers import app_test
from tests.support.sample import make_sample


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return make_sample(tmp_path_factory.mktemp("hot-page") / "sample.xlsx")


def _html(at) -> str:
    return "".join(str(getattr(h, "body", "")) for h in at.get("html"))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hot_page_shows_the_table_list_and_charts(sample, tmp_path, monkeypatch, lang):
    at = app_test(monkeypatch, tmp_path, sample, page="pages/hot.py", lang=lang, timeout=180)
    assert not at.exception
    assert 'data-testid="hot-table"' in _html(at)
    assert i18n.t("hot.total", lang) in _html(at)
    assert at.selectbox(key="hot_month").value == "2026-11"
    assert len(at.get("vega_lite_chart")) == 4
    assert len(at.get("download_button")) == 5  # four chart PNGs and the workbook


@pytest.mark.slow
def test_a_past_month_and_a_grade_filter_rerun_without_errors(sample, tmp_path, monkeypatch):
    at = app_test(monkeypatch, tmp_path, sample, page="pages/hot.py", lang="zh", timeout=180)
    shown_all = next(c.value for c in at.caption if "共" in str(c.value))
    at.multiselect(key="hot_filter_grade").set_value(["H"]).run(timeout=180)
    assert not at.exception
    shown_h = next(c.value for c in at.caption if "共" in str(c.value))
    assert shown_h != shown_all
    at.selectbox(key="hot_month").set_value("2026-10").run(timeout=180)
    assert not at.exception
    assert "2026-10-31" in " ".join(str(c.value) for c in at.caption)


def _new_leads_workbook(path):
    """Five customers first met this November: now H, A, C, O and F (two of them no longer hot)."""
    import datetime as dt

    from workbook.template import write_workbook

    grades = ["H", "A", "C", "O", "F"]
    customers = [
        {"customer_id": f"C{i:05d}", "name": f"客户{i}", "phone": f"1380000000{i}", "consultant": "王芳",
         "first_contact": dt.date(2026, 11, 3), "grade": g}
        for i, g in enumerate(grades, start=1)
    ]  # fmt: skip
    return write_workbook(
        path, lang="zh", data={"staff": [{"name": "王芳", "role": "consultant"}], "customers": customers}
    )


def _rows(table_html: str) -> list[list[str]]:
    body = table_html.split("<tbody>", 1)[1]
    return [re.findall(r"<td[^>]*>([^<]*)</td>", tr) for tr in body.split("</tr>") if "<td" in tr]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_new_leads_subtotal_is_the_sum_of_its_cells_with_the_ones_now_no_longer_hot(tmp_path, lang):
    import html as html_lib

    from logic import hot_leads as hl
    from logic.grade_history import grade_history
    from tests.support.apptest_helpers import TODAY
    from ui.hot import table_html
    from workbook.reading import read_workbook

    wb = read_workbook(_new_leads_workbook(tmp_path / "new.xlsx"), today=TODAY)
    mc = hl.month_customers(wb.frames, "2026-11", TODAY, grade_history(wb.frames, TODAY))
    out = table_html(hl.monthly_table(mc, "consultant", groups=["王芳"]), "consultant", lang)
    heads = [html_lib.unescape(h) for h in re.findall(r"<th[^>]*>([^<]*)</th>", out)]
    other, total = i18n.t("hot.col.new_other", lang), i18n.t("hot.col.new_total", lang)
    assert heads[heads.index(other) + 1] == total  # the extra column sits just before the subtotal
    assert i18n.t("hot.col.new_other.help", lang) in html_lib.unescape(out)  # its hover text says what it is
    for row in _rows(out):
        # name | start H A B C hot | new H A B C other total | ...
        new = [int(x) for x in row[6:12]]
        assert sum(new[:5]) == new[5], row
    wang = _rows(out)[0]
    assert wang[0] == "王芳" and [int(x) for x in wang[6:12]] == [1, 1, 0, 1, 2, 5]


def test_a_consultant_not_on_the_staff_sheet_is_flagged_under_the_table_and_in_the_list(tmp_path, monkeypatch):
    import datetime as dt

    from workbook.template import write_workbook

    customers = [
        {"customer_id": f"C0000{i}", "name": f"客户{i}", "phone": f"1380000000{i}", "consultant": who,
         "first_contact": dt.date(2026, 11, 3), "grade": "H"}
        for i, who in enumerate(["王芳", "赵无名"], start=1)
    ]  # fmt: skip
    data = {"staff": [{"name": "王芳", "role": "consultant"}], "customers": customers}
    path = write_workbook(tmp_path / "unknown.xlsx", lang="zh", data=data)
    at = app_test(monkeypatch, tmp_path, path, page="pages/hot.py", lang="zh", timeout=120)
    assert not at.exception, at.exception
    [warning] = [w.value for w in at.warning if "员工表" in w.value]
    assert warning.startswith("赵无名 不在员工表中")
    # the list shows each warning after the customer's name and ID, in the one cell that wraps under the name
    [listed] = [d.value for d in at.dataframe if "who" in d.value.columns]
    flags = {who.split(" ")[0]: who for who in listed["who"]}
    assert flags["客户2"].startswith("客户2 C00002 ") and "销售顾问“赵无名”不在员工表中" in flags["客户2"]
    assert flags["客户1"].startswith("客户1 C00001") and "员工表" not in flags["客户1"]
