"""The pages' style sheets are files under ui/styles, each loaded as one <style> block."""

from pathlib import Path

import pytest

from ui.styles import stylesheet

SHEETS = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "ui" / "styles").glob("*.css"))


def test_every_page_with_styles_has_its_sheet():
    assert {"deliveries", "due", "hot", "meetings"} <= set(SHEETS)


@pytest.mark.parametrize("name", SHEETS)
def test_a_sheet_loads_as_one_style_block_with_its_rules(name):
    block = stylesheet(name)
    assert block.startswith("<style>") and block.rstrip().endswith("</style>")
    assert block.count("<style>") == 1 and "{" in block


def test_an_unknown_sheet_is_an_error_not_an_empty_style():
    with pytest.raises(FileNotFoundError):
        stylesheet("no-such-sheet")
