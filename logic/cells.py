"""A value of the reader's frames shown as text: missing values (None, NaN, NA) as ""."""

from __future__ import annotations

import pandas as pd


def cell_text(value: object) -> str:
    """The value as text, "" when missing."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
