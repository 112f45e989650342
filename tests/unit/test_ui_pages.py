"""The page list: declared once, shown when the file exists, the morning meeting first."""

from __future__ import annotations

from ui import pages as ui_pages


def test_only_pages_whose_file_exists_are_offered(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "health.py").write_text("", encoding="utf-8")
    assert [p.file for p in ui_pages.available(tmp_path)] == ["pages/health.py"]


def test_the_morning_meeting_is_the_first_screen_when_it_exists(tmp_path):
    (tmp_path / "pages").mkdir()
    for name in ("due.py", "morning.py", "health.py"):
        (tmp_path / "pages" / name).write_text("", encoding="utf-8")
    first = ui_pages.default_page(ui_pages.available(tmp_path))
    assert first is not None and first.file == "pages/morning.py"


def test_without_the_morning_meeting_the_due_list_comes_first(tmp_path):
    (tmp_path / "pages").mkdir()
    for name in ("due.py", "health.py"):
        (tmp_path / "pages" / name).write_text("", encoding="utf-8")
    first = ui_pages.default_page(ui_pages.available(tmp_path))
    assert first is not None and first.file == "pages/due.py"


def test_url_paths_are_the_file_stems_and_unique():
    paths = [p.url_path for p in ui_pages.PAGES]
    assert len(paths) == len(set(paths)) and "due" in paths
