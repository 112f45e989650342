"""Browser fixtures: one app server and one Chromium per test session (per xdist worker)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.browser import helpers
from tests.support.sample import SAMPLE_TODAY, make_sample


@pytest.fixture(scope="session")
def browser_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("browser-home")


@pytest.fixture(scope="session")
def sample_workbook(browser_home) -> Path:
    """The S sample for SAMPLE_TODAY, written fresh for this session (never the checked-in one)."""
    return make_sample(browser_home / "sample-zh.xlsx", "zh")


@pytest.fixture(scope="session")
def app_server(sample_workbook, browser_home):
    server = helpers.start_server(sample_workbook, SAMPLE_TODAY, browser_home / "home")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def own_server(sample_workbook, tmp_path_factory, request):
    """(server, workbook path): a server of the test module's own on a copy of the sample, for a
    journey that writes to its workbook (the shared server's file stays as generated)."""
    name = request.module.__name__.rsplit(".", 1)[-1]
    home = tmp_path_factory.mktemp(name)
    copy = home / f"{name}.xlsx"
    shutil.copyfile(sample_workbook, copy)
    server = helpers.start_server(copy, SAMPLE_TODAY, home / "home")
    yield server, copy
    server.stop()


@pytest.fixture(scope="session")
def app_url(app_server) -> str:
    return app_server.url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=helpers.CHROMIUM, args=helpers.CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, request, tmp_path_factory):
    """A fresh browser session (new Streamlit session) with a desk-sized window.

    When the test fails, a screenshot is kept (path printed in the report) to see what a person saw.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(helpers.RUN_TIMEOUT_MS)
    yield pg
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        shot = tmp_path_factory.mktemp("failed") / f"{request.node.name[:80]}.png"
        try:
            pg.screenshot(path=str(shot))
            request.node.add_report_section("teardown", "screenshot", str(shot))
        except Exception:
            pass
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)
