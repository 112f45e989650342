"""Which workbook the app opens first, and what "today" is (CONTRACTS.md order)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from ui import config
from ui import pages as ui_pages

TODAY = date(2026, 11, 20)


@pytest.fixture
def user_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path


def test_command_line_workbook_and_today_win_over_the_environment(tmp_path):
    s = config.parse_startup(
        ["--workbook", "a.xlsx", "--today", "2027-01-02"], {"DEALER_WORKBOOK": "b.xlsx", "DEALER_TODAY": "2026-01-01"}
    )
    assert s.workbook is not None and s.workbook.name == "a.xlsx"
    assert s.today == date(2027, 1, 2)


def test_environment_gives_workbook_and_today_when_the_command_line_does_not():
    s = config.parse_startup([], {"DEALER_WORKBOOK": "b.xlsx", "DEALER_TODAY": "2026-01-01"})
    assert s.workbook is not None and s.workbook.name == "b.xlsx"
    assert s.today == date(2026, 1, 1)


def test_a_bad_today_falls_back_to_the_real_date_instead_of_crashing():
    assert config.parse_startup(["--today", "yesterday"], {}).today is None


def test_unknown_arguments_are_ignored():
    assert config.parse_startup(["--server.port", "1"], {}).workbook is None


def test_the_workbook_opened_last_is_remembered_outside_the_repository(user_dirs):
    wb = user_dirs / "mine.xlsx"
    wb.write_bytes(b"PK")
    config.remember(wb)
    saved = config.config_dir() / "last.json"
    assert json.loads(saved.read_text(encoding="utf-8"))["workbook"] == str(wb.resolve())
    assert not str(saved).startswith(str(ui_pages.ROOT))
    assert config.startup_workbook(config.Startup(None, None), TODAY) == wb.resolve()


def test_a_remembered_workbook_that_is_gone_is_not_opened(user_dirs):
    wb = user_dirs / "gone.xlsx"
    wb.write_bytes(b"PK")
    config.remember(wb)
    wb.unlink()
    assert config.last_opened() is None


@pytest.mark.slow
def test_without_any_workbook_a_demo_dated_today_is_made_in_the_data_folder(user_dirs):
    first = config.startup_workbook(config.Startup(None, None), TODAY)
    assert first == config.demo_path(TODAY) and first.is_file()
    assert config.is_demo(first)
    later = config.demo_workbook(date(2026, 11, 21))
    assert later.is_file() and not first.exists(), "a stale demo is replaced by one dated for the new day"


def test_the_servers_start_names_the_demo_only_once_it_is_made(user_dirs):
    startup = config.Startup(None, None)
    assert config.startup_workbook(startup, TODAY, make_demo=False) is None
    assert not config.demo_path(TODAY).exists(), "the start leaves making it to the first run"
    config.demo_path(TODAY).parent.mkdir(parents=True, exist_ok=True)
    config.demo_path(TODAY).write_bytes(b"PK")
    assert config.startup_workbook(startup, TODAY, make_demo=False) == config.demo_path(TODAY)
