"""A frame's value shown as text: missing values blank, anything else as written."""

import pandas as pd
import pytest

from logic.cells import cell_text


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, ""), (float("nan"), ""), (pd.NA, ""), (pd.NaT, ""), ("", ""), ("王伟", "王伟"), (3, "3"), ("nan", "nan")],
    ids=["none", "nan", "na", "nat", "empty text", "a name", "a number", "the word nan"],
)
def test_a_missing_value_is_blank_and_anything_else_is_its_text(value, expected) -> None:
    assert cell_text(value) == expected
