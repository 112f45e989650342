"""What the deliveries, follow-ups, hot-lead and health screens show uses no emoji or dingbats:
Debian (and many managers' laptops) has no emoji font, so they render as empty boxes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from i18n import cards, deliveries, due, health, hot

# Miscellaneous Symbols, Dingbats, Miscellaneous Symbols and Arrows, emoji planes, variation selector
ROOT = Path(__file__).resolve().parents[2]
PICTOGRAPHS = re.compile("[\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f]")


@pytest.mark.parametrize("module", [cards, deliveries, due, health, hot], ids=lambda m: m.__name__)
def test_no_string_of_the_area_holds_an_emoji(module):
    found = {key: text for key, pair in module.STRINGS.items() for text in pair if PICTOGRAPHS.search(text)}
    assert found == {}


@pytest.mark.parametrize("path", ["pages/deliveries.py", "pages/due.py", "pages/hot.py", "pages/health.py",
                                  "ui/deliveries.py", "ui/due.py", "ui/hot.py", "ui/print.py", "ui/due_card.py",
                                  "ui/card_actions.py"])  # fmt: skip
def test_no_label_written_in_the_code_holds_an_emoji(path):
    lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
    assert [f"{path}:{n}: {line.strip()}" for n, line in enumerate(lines, 1) if PICTOGRAPHS.search(line)] == []
