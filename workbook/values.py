"""Whole columns of cells parsed to the reader's types: `parse_column(raw_values, column, ...)`.

Each DISTINCT value is parsed once by the column's codec (`workbook.codecs`, where the
accepted forms of dates, phones, money ... are decided): dates, grades, consultants and
choices repeat heavily, so a 900k-row column costs a few thousand parses plus a factorize.

A parse gives a `Parsed(value, code, params, accepted)`: `code` None is a clean value;
`accepted` True with a code is a value read with a note (year guessed, ambiguous date, a
phone that lost its leading zero); `accepted` False means the value is not valid.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from workbook.codecs import EMPTY, Parsed, codec_for, is_blank, parse_date, parse_datetime, parse_phone, shown
from workbook.schema import Column

_NAT = np.datetime64("NaT", "us")


def parse_value(v: object, column: Column, *, date1904: bool = False, today: dt.date | None = None) -> Parsed:
    """One cell of `column`."""
    return codec_for(column).parse(v, date1904=date1904, today=today)


# --------------------------------------------------------------------------- whole columns


@dataclass(frozen=True)
class CellNote:
    """A note on one cell of a column: its position, the code and whether it was accepted."""

    index: int
    code: str
    params: dict[str, Any]
    accepted: bool
    raw: object


def empty_array(column: Column, n: int) -> Any:
    """An all-missing array of the reader's dtype for `column` (built directly: pd.array over
    a list of None costs ~1 ms a column, which adds up over every sheet's absent columns)."""
    kind = column.type
    if kind in ("date", "datetime"):
        return np.full(n, np.datetime64("NaT", "ns"))
    if kind == "integer":
        return pd.arrays.IntegerArray(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool))
    if kind == "money":
        return np.full(n, np.nan)
    if kind == "yesno":
        return pd.arrays.BooleanArray(np.zeros(n, dtype=bool), np.ones(n, dtype=bool))
    return pd.arrays.ArrowStringArray(pa.nulls(n, pa.large_string()))


def dtype_for(column: Column) -> Any:
    return {
        "date": "datetime64[ns]",
        "datetime": "datetime64[ns]",
        "integer": "Int64",
        "money": "float64",
        "yesno": "boolean",
    }.get(column.type, "string")


@dataclass(frozen=True)
class ParsedColumn:
    """A parsed column: typed values, notes on odd or bad cells, and which cells were blank."""

    array: Any  # numpy or pandas extension array of the reader's dtype
    notes: list[CellNote]
    blank: np.ndarray

    @property
    def series(self) -> pd.Series:
        return pd.Series(self.array, copy=False)


def parse_column(
    raw: Sequence[object], column: Column, *, date1904: bool = False, today: dt.date | None = None
) -> tuple[pd.Series, list[CellNote]]:
    """A whole column: typed Series (the reader's dtype) and notes on odd or bad cells."""
    parsed = parse_column_ex(raw, column, date1904=date1904, today=today)
    return parsed.series, parsed.notes


def parse_column_ex(
    raw: Sequence[object], column: Column, *, date1904: bool = False, today: dt.date | None = None
) -> ParsedColumn:
    """`parse_column`, with the blank-cell mask the reader uses to skip blank rows."""
    n = len(raw)
    if n == 0:
        return ParsedColumn(empty_array(column, 0), [], np.zeros(0, dtype=bool))
    if column.type in ("text", "phone") and n >= 1000:  # Arrow's set-up only pays off on long columns
        fast = _strings_fast(raw, column)
        if fast is not None:
            return fast
    # factorize with a dict numbering each new value as it is first seen: same order and
    # equality as pd.factorize (1 == 1.0 == True), without copying the cells into an object
    # array first, and the loop stays in C (map over the dict's __getitem__)
    index: defaultdict[object, int] = defaultdict(itertools.count().__next__)
    codes = np.fromiter(map(index.__getitem__, raw), dtype=np.intp, count=n)
    parsed = _parse_uniques(list(index), column, date1904, today)
    blank_u = np.fromiter([p is EMPTY for p in parsed], dtype=bool, count=len(parsed))
    typed = _typed([p.value for p in parsed], column)
    notes: list[CellNote] = []
    flagged = [k for k, p in enumerate(parsed) if p.code]
    if flagged:
        is_flagged = np.zeros(len(parsed), dtype=bool)
        is_flagged[flagged] = True
        for i in np.flatnonzero(is_flagged[codes]):
            p = parsed[codes[i]]
            notes.append(CellNote(int(i), p.code or "", p.params, p.accepted, raw[i]))
    return ParsedColumn(typed.take(codes), notes, blank_u[codes])


def _parse_uniques(uniques: list[object], column: Column, date1904: bool, today: dt.date | None) -> list[Parsed]:
    """Parse each distinct value; text and phones (often all distinct) take a lean path."""
    if column.type == "text":
        out = []
        for u in uniques:
            t = u.strip() if u.__class__ is str else (None if is_blank(u) else shown(u))
            out.append(Parsed(t) if t else EMPTY)
        return out
    if column.type == "phone":
        clean = _CLEAN_PHONE_RE.match
        out = []
        for u in uniques:
            if u.__class__ is str and clean(u):
                out.append(Parsed(u))
            else:
                out.append(parse_phone(u))
        return out
    if column.type in ("date", "datetime"):
        # real Excel dates and date-times (most distinct values, as calamine gives them) are
        # typed here directly, as parse_date / parse_datetime would; the rest go through them
        want_date = column.type == "date"
        parser = parse_date if want_date else parse_datetime
        date_, datetime_ = dt.date, dt.datetime
        out = []
        for u in uniques:
            cls = u.__class__
            if cls is datetime_:
                out.append(Parsed(u.date() if want_date else u))
            elif cls is date_:
                out.append(Parsed(u if want_date else datetime_(u.year, u.month, u.day)))
            elif cls is str and not u:
                out.append(EMPTY)
            else:
                out.append(parser(u, date1904=date1904, today=today))
        return out
    parse = codec_for(column).parse
    return [parse(u, date1904=date1904, today=today) for u in uniques]


def _typed(values: list[object], column: Column) -> Any:
    """The distinct values as an array of the reader's dtype (taken by codes afterwards)."""
    kind = column.type
    if kind in ("date", "datetime"):
        try:  # Arrow converts dates (date32) and naive datetimes (timestamp[us]) at C speed
            arr = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
            arr = None
        # a date column holds dates only, a datetime column datetimes only (see the parsers);
        # anything else (Arrow would cut a datetime among dates to its day) takes numpy's path
        if arr is not None and (pa.types.is_date32(arr.type) if kind == "date" else arr.type == pa.timestamp("us")):
            return arr.to_numpy(zero_copy_only=False).astype("datetime64[ns]")
        if len(values) < 5000:  # few distinct dates: numpy directly beats to_datetime's set-up
            return np.array([_NAT if v is None else np.datetime64(v, "us") for v in values], dtype="datetime64[ns]")
        return pd.to_datetime(pd.Series(values, dtype=object), errors="coerce").astype("datetime64[ns]").to_numpy()
    if kind == "integer":
        return pd.array(values, dtype="Int64")
    if kind == "money":
        return pd.array(values, dtype="Float64").to_numpy(dtype="float64", na_value=np.nan)
    if kind == "yesno":
        return pd.array(values, dtype="boolean")
    try:  # straight to Arrow (pandas' string dtype stores large_string): skips pd.array's checks
        return pd.arrays.ArrowStringArray(pa.array(values, type=pa.large_string()))
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return pd.array(values, dtype="string")


_CLEAN_PHONE_RE = re.compile(r"\+?\d{5,20}\Z")


def _strings_fast(raw: Sequence[object], column: Column) -> ParsedColumn | None:
    """An all-string text or phone column through Arrow (IDs, names and phones are mostly
    distinct, so parsing each distinct value in Python would cost seconds on 900k rows);
    None when some cells are not strings (numbers, dates), for the general path."""
    try:
        strings = pa.array(raw, type=pa.large_string())
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return None
    trimmed = pc.utf8_trim_whitespace(strings)
    # byte length, not utf8_length: zero either way, and it reads the offsets only (~20x faster)
    empty = pc.fill_null(pc.equal(pc.binary_length(trimmed), 0), True)
    blank = empty.to_numpy(zero_copy_only=False)
    result = pc.if_else(empty, pa.scalar(None, pa.large_string()), trimmed) if blank.any() else trimmed
    array = pd.arrays.ArrowStringArray(result)
    notes: list[CellNote] = []
    if column.type == "phone":
        odd = ~pc.fill_null(pc.match_substring_regex(trimmed, r"^\+?\d{5,20}$"), True).to_numpy(zero_copy_only=False)
        odd &= ~blank
        fixes: dict[int, object] = {}
        for i in np.flatnonzero(odd):
            p = parse_phone(raw[i])
            fixes[int(i)] = p.value
            if p.code:
                notes.append(CellNote(int(i), p.code, p.params, p.accepted, raw[i]))
        if fixes:
            series = pd.Series(array, copy=False)
            series.iloc[list(fixes)] = list(fixes.values())
            array = series.array
    return ParsedColumn(array, notes, blank)
