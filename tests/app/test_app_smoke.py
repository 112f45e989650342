"""Every page file in pages/ opens through app.py in both languages without an exception."""

from __future__ import annotations

from pathlib import Path

import pytest

import i18n
from tests.support.apptest_helpers import ROOT, app_test
from tests.support.sample import make_sample
from ui import pages as ui_pages

PAGE_FILES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py") if p.name != "__init__.py")


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return make_sample(tmp_path_factory.mktemp("wb") / "sample.xlsx")


def test_every_page_file_is_declared_in_ui_pages():
    declared = {p.file for p in ui_pages.PAGES}
    assert set(PAGE_FILES) <= declared, f"declare these in ui/pages.py: {sorted(set(PAGE_FILES) - declared)}"


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGE_FILES)
def test_page_shows_its_title_without_an_exception(page, lang, sample, tmp_path, monkeypatch):
    at = app_test(monkeypatch, tmp_path, sample, page=page, lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    title = i18n.t(ui_pages.spec(page).title_key, lang)
    assert title in [e.value for e in at.title]
    assert not [e.value for e in at.error], "a page on the sample workbook shows an error"


def test_app_opens_on_the_morning_meeting_or_the_first_page_there_is(sample, tmp_path, monkeypatch):
    at = app_test(monkeypatch, tmp_path, sample, lang="zh")
    assert not at.exception
    first = ui_pages.default_page(ui_pages.available())
    assert first is not None
    assert i18n.t(first.title_key, "zh") in [e.value for e in at.title]
