"""One codec per column type: how a cell is read, how a key compares, how a value is written.

The reader (`values.parse_column`), the writer (`writing._Binding`) and the overlay
(`overlay.overlay`) all go through `codec_for(sheet_key, column)`, so a value the reader
understood is one the writer finds, and what the overlay shows is what a write then a read give:

    codec.parse(cell)        the reader's typed value of a cell as read (a `Parsed`)
    codec.canon(value)       an operation's value or a cell in comparable form (the reader's value)
    codec.cell(value, lang)  the cell to write, in the sheet's language; `Refusal` when it cannot be

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
- Written: dates and date-times as Excel dates, numbers as numbers, times as "HH:MM" and
  months as "YYYY-MM" text, choices and grades as their label in the sheet's language,
  yes/no as schema.YES_NO_LABELS; text as given (XML-illegal characters dropped).
- The settings sheet: a row's name is the setting (by key or label, either language); its
  value is read and written by the setting's own type (`parse_setting`, `setting_cell`).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from workbook import schema
from workbook.cells import MAX_TEXT, Written, clean_text
from workbook.operations import plain
from workbook.schema import Column, Lang

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


YEAR_GUESSED = "problem.date_year_guessed"  # the one place `today` enters a read: a date typed without a year


def depends_on_today(codes: Iterable[str]) -> bool:
    """Whether a read that reported problems of these codes depends on the `today` it was made for: a date
    typed without a year was placed by it (the reader's sheet reads and the snapshot both ask this)."""
    return any(code == YEAR_GUESSED for code in codes)


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
        return Parsed(d, YEAR_GUESSED, {"date": d.isoformat()})
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
    """Text, trimmed; numbers without a trailing .0."""
    if is_blank(v):
        return EMPTY
    return Parsed(_text(v))


# --------------------------------------------------------------------------- codecs


class Refusal(Exception):
    """A value a column cannot take: a code and parameters (`expected` is a kind code the
    message layer translates, e.g. "write.type.date"); the writer adds sheet and column."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def _bad(expected: str, **params: Any) -> Refusal:
    return Refusal("write.bad_value", expected=expected, **params)


@dataclass(frozen=True)
class Codec:
    """How one column type is read, compared and written."""

    kind: schema.ColType
    choices: schema.ChoiceList | None = None
    max_length: int = MAX_TEXT

    def parse(self, raw: object, *, date1904: bool = False, today: dt.date | None = None) -> Parsed:
        """A cell as read (calamine's value, or the writer's raw cell) in the reader's terms."""
        if self.choices is not None:
            return parse_choice(raw, choices=self.choices)
        return _PARSERS[self.kind](raw, date1904=date1904, today=today)

    def canon(self, value: object, *, date1904: bool = False, today: dt.date | None = None) -> Any:
        """A value in comparable form: the reader's typed value, None for blank; a value the
        reader does not understand compares as its trimmed text (it then matches only itself)."""
        value = plain(value)
        if is_blank(value):
            return None
        p = self.parse(value, date1904=date1904, today=today)
        if p.accepted and p.value is not None:
            return p.value.replace(microsecond=0) if isinstance(p.value, dt.datetime) else p.value
        return _text(value)

    def cell(self, value: object, lang: Lang) -> Written:
        """The cell to write for an operation's value, in a sheet of language `lang`."""
        value = plain(value)
        if value is None:
            return Written("empty")
        kind = self.kind
        if kind in ("text", "phone"):
            if isinstance(value, bool):
                raise _bad("write.type.text")
            text = clean_text(_text(value) if not isinstance(value, str) else value)
            if kind == "phone":
                text = text.strip()
            if len(text) > self.max_length:
                raise Refusal("write.too_long", length=len(text), limit=self.max_length)
            return Written("text", text)
        if self.choices is not None:
            code = _lookup(self.choices, _nfkc(_text(value))) if not isinstance(value, bool) else None
            if code is not None:
                return Written("text", self.choices.label(code, lang))
            if self.choices.open and isinstance(value, str):
                return Written("text", clean_text(value))
            raise _bad("write.type.choice", choices=", ".join(self.choices.codes()))
        p = self.parse(value)
        if not p.accepted or p.value is None:
            raise _bad(f"write.type.{kind}")
        if kind == "date":
            return Written("date", p.value)
        if kind == "datetime":
            return Written("datetime", p.value.replace(microsecond=0))
        if kind in ("integer", "money"):
            return Written("number", p.value)
        if kind == "yesno":
            yes, no = schema.YES_NO_LABELS[lang]
            return Written("text", yes if p.value else no)
        return Written("text", p.value)  # time "HH:MM", month "YYYY-MM": the reader's form


_PARSERS = {
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


@functools.lru_cache(maxsize=512)
def codec_for(column: Column, sheet_key: str = "") -> Codec:
    """The codec of `column` (of sheet `sheet_key`: the settings sheet's name column is a setting)."""
    if sheet_key == "settings" and column.key == "name":
        return SettingName()
    if column.type == "grade":
        return Codec("grade", schema.GRADES)
    if column.type == "choice":
        return Codec("choice", schema.choice_list(column.choices or ""))
    return Codec(column.type, max_length=min(column.max_length, MAX_TEXT))


def key(column: Column, value: object, sheet_key: str = "") -> Any:
    """The one key canonicaliser: an operation's key value, or a cell, in comparable form."""
    return codec_for(column, sheet_key).canon(value)


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class SettingName(Codec):
    """The settings sheet's name column: a setting named by key or label, either language."""

    kind: schema.ColType = "text"

    def canon(self, value: object, *, date1904: bool = False, today: dt.date | None = None) -> Any:
        value = plain(value)
        if is_blank(value):
            return None
        s = schema.match_setting(_text(value))
        return s.key if s is not None else schema.normalize_token(value)

    def cell(self, value: object, lang: Lang) -> Written:
        value = plain(value)
        if value is None:
            return Written("empty")
        s = schema.SETTINGS_BY_KEY.get(str(value))
        return Written("text", s.label(lang) if s else clean_text(str(value)))


_LANGUAGE_WORDS = (
    ("zh", ("zh", "中文", "汉语", "chinese", "zh-cn", "简体中文")),
    ("en", ("en", "english", "英文", "英语")),
)


def parse_setting(setting: schema.Setting, raw: object) -> Parsed:
    """A setting's value cell as typed by the setting's type; not accepted with the code of
    what was expected ("problem.expect.integer", ...) and its parameters."""
    kind = setting.type
    if kind in ("integer", "yesno", "time"):
        p = _PARSERS[kind](raw)
        if p.accepted and p.value is not None:
            return Parsed(p.value)
        return Parsed(None, f"problem.expect.{kind}", accepted=False)
    text = _text(raw)
    if kind == "list":
        return Parsed(tuple(x for x in (part.strip() for part in _split_list(text)) if x))
    if kind == "choice" and setting.key == "language":
        tok = schema.normalize_token(text)
        for code, words in _LANGUAGE_WORDS:
            if tok in {schema.normalize_token(w) for w in words}:
                return Parsed(code)
        return Parsed(None, "problem.expect.choice", {"choices": "zh/en"}, accepted=False)
    return Parsed(text)


def _split_list(text: str) -> list[str]:
    for sep in ("，", "、", ";", "；", "\n"):
        text = text.replace(sep, ",")
    return text.split(",")


def setting_cell(setting: schema.Setting, value: object, lang: Lang) -> Written:
    """The value cell to write for `setting`, in a sheet of language `lang`."""
    value = plain(value)
    if value is None:
        return Written("empty")
    kind = setting.type
    if kind == "integer":
        p = parse_integer(value)
        if not p.accepted or p.value is None:
            raise _bad("write.type.integer")
        return Written("number", p.value)
    if kind == "yesno":
        p = parse_yesno(value)
        if not p.accepted or p.value is None:
            raise _bad("write.type.yesno")
        yes, no = schema.YES_NO_LABELS[lang]
        return Written("text", yes if p.value else no)
    if kind == "list" and isinstance(value, list | tuple):
        return Written("text", ",".join(str(v) for v in value))
    if kind == "time":
        p = parse_time(value)
        if p.accepted and p.value is not None:
            return Written("text", p.value)
    return Written("text", clean_text(_text(value) if not isinstance(value, str) else value))


def setting_note(setting_key: object, lang: Lang) -> str | None:
    """The note the writer puts beside a setting it adds (None for none or an unknown setting)."""
    s = schema.SETTINGS_BY_KEY.get(str(setting_key))
    if s is None:
        return None
    return (s.note_zh if lang == "zh" else s.note_en) or None


# --------------------------------------------------------------------------- as read back


def as_read(written: Written) -> object:
    """The value a reader gets back for a written cell (calamine's types: text, float, datetime, bool)."""
    if written.kind == "empty":
        return None
    if written.kind == "number":
        return float(written.value)
    if written.kind == "date":
        d = written.value
        return dt.datetime(d.year, d.month, d.day)
    return written.value
