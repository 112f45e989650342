"""`markup.occurs`: the quick search for a short needle across a whole sheet says what `bytes.find` says."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workbook import markup

# few letters, so that needles stand in the data, and the first byte of each is often a false start
_BYTES = st.binary(max_size=400).map(lambda b: bytes(b"<r>&#_x"[v % 7] for v in b))


@settings(max_examples=400, deadline=None)
@given(data=_BYTES, needle=st.binary(min_size=1, max_size=4), bounds=st.data())
def test_occurs_agrees_with_find_for_any_needle_and_bounds(data: bytes, needle: bytes, bounds: st.DataObject) -> None:
    needle = bytes(b"<r>&#_x"[v % 7] for v in needle)
    start = bounds.draw(st.integers(-2, len(data) + 2), label="start")
    end = bounds.draw(st.integers(-2, len(data) + 2), label="end")
    assert markup.occurs(data, needle, start, end) == (data.find(needle, start, end) >= 0)


def test_a_needle_cut_by_the_end_bound_does_not_stand_there() -> None:
    assert not markup.occurs(b"ab<r>", b"<r>", 0, 4)
    assert markup.occurs(b"ab<r>", b"<r>", 0, 5)
    assert not markup.occurs(b"ab&#", b"&#", 0, 3)


def test_a_needle_past_many_false_starts_is_found_by_its_pattern_and_only_within_the_bounds() -> None:
    false_starts = b"<c>" * (markup._FIRST_BYTE_TRIES * 2)
    data = false_starts + b"<r>" + false_starts
    at = len(false_starts)
    assert markup.occurs(data, b"<r>", 0, len(data))
    assert markup.occurs(data, b"<r>", at, at + 3)
    assert not markup.occurs(data, b"<r>", 0, at + 2)  # cut through it
    assert not markup.occurs(data, b"<r>", at + 1, len(data))
    assert not markup.occurs(false_starts, b"<r>", 0, len(false_starts))


def test_a_needle_whose_first_byte_never_stands_is_not_found() -> None:
    data = b"<row><c><v>1</v></c></row>" * 1000
    assert not markup.occurs(data, b"&#", 0, len(data))
    assert not markup.occurs(data, b"_x", 0, len(data))
    assert markup.occurs(data + b"_x0041_", b"_x", 0, len(data) + 7)
