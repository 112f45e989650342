"""Cell values as managers really type them, parsed to the reader's types.

`parse_value(raw, column_type, ...)` parses one cell; `parse_column(raw_values, column, ...)`
parses a whole column by parsing each DISTINCT value once (dates, grades, consultants and
choices repeat heavily, so a 900k-row column costs a few thousand parses plus a factorize).

A parse gives a `Parsed(value, code, params, accepted)`: `code` None is a clean value;
`accepted` True with a code is a value read with a note (year guessed, ambiguous date, a
phone that lost its leading zero); `accepted` False means the value is not valid.

Decisions (documented here, since managers will ask):
- Dates: real Excel dates; Excel serial numbers (1900 or 1904 system); 2026-11-03,
  2026/11/3, 2026.11.3, 2026年11月3日, 20261103; with a time for date-time columns.
  11月3日 or 11/3 (no year) takes the year that puts the date nearest to today, warned.
  A year-last date (3/11/2026) is read day-first when the first number cannot be a month,
  month-first when the second cannot be; when both can, month-first (as Excel shows dates
  in en-US), warned with the other reading.
- Phones: digits with an optional leading +; spaces, dashes, dots and brackets dropped; a
  number cell becomes its digits (never 1.38e+10 or a trailing .0); a number cell whose
  digits do not start with 1 (not a mobile) may have lost its leading 0 and is warned.
- Money accepts 150000, 150,000, ¥150000, 15万 / 15w (x 10000).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from workbook import schema
from workbook.schema import Column

_NAT = np.datetime64("NaT", "us")
EPOCH_1900 = dt.datetime(1899, 12, 30)
EPOCH_1904 = dt.datetime(1904, 1, 1)
_MIN_YEAR = 1900
_MAX_YEAR = 2200


_NO_PARAMS: dict[str, Any] = {}


class Parsed(NamedTuple):
    """One cell's parse: the typed value (None for empty or invalid) and any note."""

    value: Any = None
    code: str | None = None
    params: dict[str, Any] = _NO_PARAMS
    accepted: bool = True


EMPTY = Parsed()


def is_blank(v: object) -> bool:
    """True for what a manager sees as an empty cell."""
    if v is None:
        return True
    if isinstance(v, str):
        return not v.strip()
    if isinstance(v, float):
        return math.isnan(v)
    return False


def _text(v: object) -> str:
    """A cell as text: numbers without a trailing .0, normalised to half-width."""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 1e16:
            return str(int(v))
        return repr(v)
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M") if (v.hour or v.minute) else v.strftime("%Y-%m-%d")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, dt.time):
        return v.strftime("%H:%M")
    return str(v).strip()


def shown(v: object) -> str:
    """The cell's text as a problem reports it."""
    return _text(v)


def _nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s).strip()


# --------------------------------------------------------------------------- dates

_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")
_YMD8 = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MD = re.compile(r"^(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*[日号]?$")
_DMY = re.compile(r"^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})$")
_TIME_TAIL = re.compile(
    r"^(.*?)(?:[\sT]+|(?<=[日号]))(\d{1,2})\s*[:：点時时]\s*(\d{1,2})?\s*分?(?:\s*[:：]\s*(\d{1,2})(?:\.\d+)?)?\s*$"
)


def _date_or_none(y: int, m: int, d: int) -> dt.date | None:
    if not (_MIN_YEAR <= y <= _MAX_YEAR):
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _nearest_year(m: int, d: int, today: dt.date) -> dt.date | None:
    best = None
    for y in (today.year - 1, today.year, today.year + 1):
        c = _date_or_none(y, m, d)
        if c is not None and (best is None or abs((c - today).days) < abs((best - today).days)):
            best = c
    return best


def _serial(v: float, date1904: bool) -> dt.datetime | None:
    if not (0 < v < 2_958_466):  # 9999-12-31
        return None
    epoch = EPOCH_1904 if date1904 else EPOCH_1900
    try:
        out = epoch + dt.timedelta(days=v)
    except OverflowError:
        return None
    if not (_MIN_YEAR <= out.year <= _MAX_YEAR):
        return None
    # Excel timestamps are stored to the millisecond; round away float noise
    return (out + dt.timedelta(microseconds=500)).replace(microsecond=0)


def parse_date_text(s: str, today: dt.date) -> Parsed:
    """A date typed as text, or not-a-date."""
    s = _nfkc(s)
    m = _YMD.match(s) or _YMD8.match(s)
    if m:
        d = _date_or_none(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return Parsed(d) if d else Parsed(None, "problem.bad_date", accepted=False)
    m = _DMY.match(s)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        month_first = _date_or_none(y, a, b)
        day_first = _date_or_none(y, b, a)
        if month_first and day_first and month_first != day_first:
            return Parsed(
                month_first,
                "problem.date_ambiguous",
                {"date": month_first.isoformat(), "alt": day_first.isoformat()},
            )
        d = month_first or day_first
        return Parsed(d) if d else Parsed(None, "problem.bad_date", accepted=False)
    m = _MD.match(s)
    if m:
        d = _nearest_year(int(m.group(1)), int(m.group(2)), today)
        if d is None:
            return Parsed(None, "problem.bad_date", accepted=False)
        return Parsed(d, "problem.date_year_guessed", {"date": d.isoformat()})
    return Parsed(None, "problem.bad_date", accepted=False)


def parse_date(v: object, *, date1904: bool = False, today: dt.date | None = None) -> Parsed:
    """A calendar date (datetime.date)."""
    if is_blank(v):
        return EMPTY
    if isinstance(v, dt.datetime):
        return Parsed(v.date())
    if isinstance(v, dt.date):
        return Parsed(v)
    if isinstance(v, bool | dt.time):
        return Parsed(None, "problem.bad_date", accepted=False)
    if isinstance(v, int | float):
        out = _serial(float(v), date1904)
        return Parsed(out.date()) if out else Parsed(None, "problem.bad_date", accepted=False)
    p = parse_date_text(str(v), today or dt.date.today())
    if not p.accepted:
        t = _TIME_TAIL.match(_nfkc(str(v)))
        if t and t.group(1):  # a date with a time in a date column: keep the date
            q = parse_date_text(t.group(1), today or dt.date.today())
            if q.accepted:
                return q
    return p


def parse_datetime(v: object, *, date1904: bool = False, today: dt.date | None = None) -> Parsed:
    """A date and time (datetime.datetime); a bare date is midnight."""
    if is_blank(v):
        return EMPTY
    if isinstance(v, dt.datetime):
        return Parsed(v)
    if isinstance(v, dt.date):
        return Parsed(dt.datetime(v.year, v.month, v.day))
    if isinstance(v, bool | dt.time):
        return Parsed(None, "problem.bad_datetime", accepted=False)
    if isinstance(v, int | float):
        out = _serial(float(v), date1904)
        return Parsed(out) if out else Parsed(None, "problem.bad_datetime", accepted=False)
    s = _nfkc(str(v))
    t = _TIME_TAIL.match(s)
    date_part, hm = (t.group(1), t) if t and t.group(1) else (s, None)
    p = parse_date_text(date_part, today or dt.date.today())
    if not p.accepted:
        return Parsed(None, "problem.bad_datetime", accepted=False)
    hour = minute = second = 0
    if hm is not None:
        hour, minute, second = int(hm.group(2)), int(hm.group(3) or 0), int(hm.group(4) or 0)
        if hour > 23 or minute > 59 or second > 59:
            return Parsed(None, "problem.bad_datetime", accepted=False)
    out = dt.datetime(p.value.year, p.value.month, p.value.day, hour, minute, second)
    return Parsed(out, p.code, p.params) if p.code else Parsed(out)


# --------------------------------------------------------------------------- time, month

_HM = re.compile(r"^(\d{1,2})\s*[:：点時时.]\s*(\d{1,2})?\s*分?(?:\s*[:：]\s*\d{1,2}(?:\.\d+)?)?$")
_HM4 = re.compile(r"^(\d{1,2})(\d{2})$")
_HALF_DAY = re.compile(r"^(上午|下午|晚上|早上)|(am|pm)$")  # compiled once, at import


def parse_time(v: object, **_: Any) -> Parsed:
    """A time of day as text "HH:MM"."""
    if is_blank(v):
        return EMPTY
    if isinstance(v, dt.datetime):
        return Parsed(v.strftime("%H:%M"))
    if isinstance(v, dt.time):
        return Parsed(v.strftime("%H:%M"))
    if isinstance(v, dt.timedelta):
        minutes = round(v.total_seconds() / 60)
        if 0 <= minutes < 24 * 60:
            return Parsed(f"{minutes // 60:02d}:{minutes % 60:02d}")
        return Parsed(None, "problem.bad_time", accepted=False)
    if isinstance(v, bool | dt.date):
        return Parsed(None, "problem.bad_time", accepted=False)
    if isinstance(v, int | float):
        f = float(v)
        if 0 <= f < 1:  # a fraction of a day, as Excel stores times
            minutes = round(f * 24 * 60)
            if minutes < 24 * 60:
                return Parsed(f"{minutes // 60:02d}:{minutes % 60:02d}")
        return Parsed(None, "problem.bad_time", accepted=False)
    s = _nfkc(str(v)).lower().replace(" ", "")
    pm = s.endswith("pm") or s.startswith("下午") or s.startswith("晚上")
    s = _HALF_DAY.sub("", s)
    m = _HM.match(s) or _HM4.match(s)
    if not m:
        return Parsed(None, "problem.bad_time", accepted=False)
    h, mi = int(m.group(1)), int(m.group(2) or 0)
    if pm and h < 12:
        h += 12
    if h > 23 or mi > 59:
        return Parsed(None, "problem.bad_time", accepted=False)
    return Parsed(f"{h:02d}:{mi:02d}")


_YM = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:\s*[-/.]\s*\d{1,2}\s*日?)?$")
_YM6 = re.compile(r"^(\d{4})(\d{2})$")


def parse_month(v: object, *, date1904: bool = False, **_: Any) -> Parsed:
    """A month as text "YYYY-MM"."""
    if is_blank(v):
        return EMPTY
    if isinstance(v, dt.date):
        return Parsed(f"{v.year:04d}-{v.month:02d}")
    if isinstance(v, int | float) and not isinstance(v, bool):
        out = _serial(float(v), date1904) if float(v) > 10000 and not _YM6.match(_text(v)) else None
        if out:
            return Parsed(f"{out.year:04d}-{out.month:02d}")
    s = _nfkc(_text(v))
    m = _YM.match(s) or _YM6.match(s)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        if _MIN_YEAR <= y <= _MAX_YEAR and 1 <= mo <= 12:
            return Parsed(f"{y:04d}-{mo:02d}")
    return Parsed(None, "problem.bad_month", accepted=False)


# --------------------------------------------------------------------------- numbers


def parse_integer(v: object, **_: Any) -> Parsed:
    """A whole number."""
    if is_blank(v):
        return EMPTY
    if isinstance(v, bool):
        return Parsed(None, "problem.bad_integer", accepted=False)
    if isinstance(v, int):
        return Parsed(v)
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 1e15:
            return Parsed(int(v))
        return Parsed(None, "problem.bad_integer", accepted=False)
    if isinstance(v, str):
        s = _nfkc(v).replace(",", "").rstrip("人个次台辆")
        if _INTEGER.fullmatch(s):
            return Parsed(int(float(s)))
    return Parsed(None, "problem.bad_integer", accepted=False)


_MONEY = re.compile(r"^[-+]?\d+(\.\d+)?$")
_INTEGER = re.compile(r"[-+]?\d{1,15}(\.0*)?")


def parse_money(v: object, **_: Any) -> Parsed:
    """An amount in yuan (float)."""
    if is_blank(v):
        return EMPTY
    if isinstance(v, bool):
        return Parsed(None, "problem.bad_money", accepted=False)
    if isinstance(v, int | float):
        f = float(v)
        return Parsed(f) if math.isfinite(f) else Parsed(None, "problem.bad_money", accepted=False)
    if isinstance(v, str):
        s = _nfkc(v).lower().replace(",", "").replace(" ", "")
        s = s.lstrip("¥￥").removeprefix("rmb").removeprefix("cny").removesuffix("元").removesuffix("rmb")
        factor = 1.0
        if s.endswith("万") or s.endswith("w"):
            s, factor = s[:-1], 10000.0
        elif s.endswith("k"):
            s, factor = s[:-1], 1000.0
        if _MONEY.match(s):
            return Parsed(float(s) * factor)
    return Parsed(None, "problem.bad_money", accepted=False)


# --------------------------------------------------------------------------- phone

_PHONE_SEP = re.compile(r"[\s\-–—.()（）/]")
_PHONE = re.compile(r"^\+?\d{5,20}$")


def parse_phone(v: object, **_: Any) -> Parsed:
    """Digits with an optional leading +, as text."""
    if is_blank(v):
        return EMPTY
    if isinstance(v, bool):
        return Parsed(None, "problem.bad_phone", accepted=False)
    if isinstance(v, int | float):
        f = float(v)
        if not f.is_integer() or f <= 0 or f >= 1e20:
            return Parsed(None, "problem.bad_phone", accepted=False)
        digits = str(int(f))
        if not _PHONE.match(digits):
            return Parsed(None, "problem.bad_phone", accepted=False)
        if not digits.startswith("1") and len(digits) >= 7:
            return Parsed(digits, "problem.phone_lost_zero")
        return Parsed(digits)
    s = _nfkc(str(v))
    if s.endswith(".0") and s[:-2].isdigit():  # a number pasted as text from another system
        s = s[:-2]
    s = _PHONE_SEP.sub("", s)
    if _PHONE.match(s):
        return Parsed(s)
    return Parsed(None, "problem.bad_phone", accepted=False)


# --------------------------------------------------------------------------- yes/no, grade, choice

_YES = {schema.normalize_token(w) for w in schema.YES_WORDS}
_NO = {schema.normalize_token(w) for w in schema.NO_WORDS}


def parse_yesno(v: object, **_: Any) -> Parsed:
    """True / False from 是/否, √/×, Y/N, TRUE/FALSE, 1/0 ..."""
    if is_blank(v):
        return EMPTY
    if isinstance(v, bool):
        return Parsed(v)
    if isinstance(v, int | float) and v in (0, 1):
        return Parsed(bool(v))
    tok = schema.normalize_token(_nfkc(_text(v)))
    if tok in _YES:
        return Parsed(True)
    if tok in _NO:
        return Parsed(False)
    return Parsed(None, "problem.bad_yesno", accepted=False)


_LOOKUPS: dict[str, dict[str, str]] = {}


def _lookup(choices: schema.ChoiceList, text: str) -> str | None:
    """`ChoiceList.lookup`, through a table built once per list (it is called per distinct value)."""
    table = _LOOKUPS.get(choices.key)
    if table is None:
        table = {}
        for c in choices.choices:
            for n in (c.code, c.zh, c.en, *c.aliases):
                table.setdefault(schema.normalize_token(n), c.code)
        _LOOKUPS[choices.key] = table
    return table.get(schema.normalize_token(text))


def parse_choice(v: object, *, choices: schema.ChoiceList, **_: Any) -> Parsed:
    """The code of a choice given by code, label in either language or alias."""
    if is_blank(v):
        return EMPTY
    text = _nfkc(_text(v))
    code = _lookup(choices, text)
    if code is not None:
        return Parsed(code)
    if choices.open:
        return Parsed(text)
    code_name = "problem.bad_grade" if choices is schema.GRADES else "problem.bad_choice"
    return Parsed(None, code_name, {"choices": "/".join(choices.labels("zh"))}, accepted=False)


def parse_text(v: object, **_: Any) -> Parsed:
    if is_blank(v):
        return EMPTY
    return Parsed(_text(v))


PARSERS = {
    "text": parse_text,
    "date": parse_date,
    "datetime": parse_datetime,
    "time": parse_time,
    "month": parse_month,
    "integer": parse_integer,
    "money": parse_money,
    "phone": parse_phone,
    "yesno": parse_yesno,
}


def parse_value(v: object, column: Column, *, date1904: bool = False, today: dt.date | None = None) -> Parsed:
    """One cell of `column`."""
    if column.type in ("choice", "grade"):
        cl = schema.GRADES if column.type == "grade" else schema.choice_list(column.choices or "")
        return parse_choice(v, choices=cl)
    return PARSERS[column.type](v, date1904=date1904, today=today)


# --------------------------------------------------------------------------- whole columns


@dataclass(frozen=True)
class CellNote:
    """A note on one cell of a column: its position, the code and whether it was accepted."""

    index: int
    code: str
    params: dict[str, Any]
    accepted: bool
    raw: object


def empty_series(column: Column, n: int) -> pd.Series:
    """An all-missing column of the reader's dtype for `column`."""
    return pd.Series(empty_array(column, n), copy=False)


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
            t = u.strip() if u.__class__ is str else (None if is_blank(u) else _text(u))
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
    return [parse_value(u, column, date1904=date1904, today=today) for u in uniques]


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
