"""The S sample every level of tests shares: the day it is generated for, and a fresh one written where a test asks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from workbook.sample import write_sample

SAMPLE_TODAY = date(2026, 11, 20)  # as sample_data/ (see its README)
SAMPLE_SEED = 1


def make_sample(path: Path, lang: str = "zh", today: date = SAMPLE_TODAY, size: str = "S") -> Path:
    """Write the sample workbook from the product's own generator at `path` (seed 1) and return the path."""
    return Path(write_sample(path, size, lang, today, SAMPLE_SEED))
