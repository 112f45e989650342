"""The hot-lead page through AppTest on the sample workbook: month, filters and both languages."""

from __future__ import annotations

import pytest

import i18n
from tests.apptest_helpers import app_test, make_sample


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
