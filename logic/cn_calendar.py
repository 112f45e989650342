"""The Chinese calendar a sales floor needs: holidays, make-up days, festivals, lunar dates.

Public holidays and make-up working days come from `holidays.China`; the workbook's
calendar sheet overrides them (and covers years the library does not know). Festivals for
greetings are computed from fixed solar dates or, for lunar festivals, with lunar-python.
Nothing here raises for an odd year or an impossible lunar date: it falls back and says so.

A 4S store opens on weekends and most public holidays, so due dates move only for days the
store is closed (calendar kind "closed") and, when the settings ask for it, to the
consultant's next day on duty (rota shift "on"; a day with no rota row counts as on duty).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import pandas as pd

from logic.lunar_table import MONTHS

MAX_MOVE_DAYS = 60  # a consultant off for two months is a data problem, not a due date

# name -> (how, month, day, English name). "lunar" months/days are lunar; "eve" is the last
# day of the lunar year; "qingming" is the solar term.
FESTIVALS: dict[str, tuple[str, int, int, str]] = {
    "元旦": ("solar", 1, 1, "New Year's Day"),
    "除夕": ("eve", 12, 0, "New Year's Eve (lunar)"),
    "春节": ("lunar", 1, 1, "Spring Festival"),
    "元宵节": ("lunar", 1, 15, "Lantern Festival"),
    "妇女节": ("solar", 3, 8, "Women's Day"),
    "清明节": ("qingming", 4, 5, "Qingming Festival"),
    "劳动节": ("solar", 5, 1, "Labour Day"),
    "端午节": ("lunar", 5, 5, "Dragon Boat Festival"),
    "儿童节": ("solar", 6, 1, "Children's Day"),
    "七夕": ("lunar", 7, 7, "Qixi Festival"),
    "教师节": ("solar", 9, 10, "Teachers' Day"),
    "中秋节": ("lunar", 8, 15, "Mid-Autumn Festival"),
    "国庆节": ("solar", 10, 1, "National Day"),
    "重阳节": ("lunar", 9, 9, "Double Ninth Festival"),
    "腊八节": ("lunar", 12, 8, "Laba Festival"),
    "圣诞节": ("solar", 12, 25, "Christmas"),
}
_ALIASES: dict[str, str] = {
    "新年": "元旦",
    "new year": "元旦",
    "new year's day": "元旦",
    "大年三十": "除夕",
    "春节前": "春节",
    "春节初一": "春节",
    "大年初一": "春节",
    "spring festival": "春节",
    "chinese new year": "春节",
    "元宵": "元宵节",
    "lantern festival": "元宵节",
    "端午": "端午节",
    "dragon boat festival": "端午节",
    "中秋": "中秋节",
    "mid-autumn festival": "中秋节",
    "mid-autumn": "中秋节",
    "国庆": "国庆节",
    "national day": "国庆节",
    "清明": "清明节",
    "五一": "劳动节",
    "labour day": "劳动节",
    "labor day": "劳动节",
    "三八": "妇女节",
    "重阳": "重阳节",
    "腊八": "腊八节",
    "christmas": "圣诞节",
    "七夕节": "七夕",
}


def festival_key(name: str) -> str | None:
    """The festival a name (Chinese, English or a common short form) stands for; None if unknown."""
    s = str(name).strip()
    if s in FESTIVALS:
        return s
    low = s.lower()
    if low in _ALIASES:
        return _ALIASES[low]
    for key, (_, _, _, en) in FESTIVALS.items():
        if en.lower() == low:
            return key
    return None


def festival_name(key: str, lang: str) -> str:
    """A festival's name in `lang` (unknown names as given)."""
    spec = FESTIVALS.get(key)
    if spec is None or lang == "zh":
        return key
    return spec[3]


# --------------------------------------------------------------------------- lunar dates


@lru_cache(maxsize=256)
def _lunar_months(year: int) -> dict[int, tuple[date, int]]:
    """{regular lunar month: (its first solar day, its length)} of a lunar year; {} if unknown."""
    known = MONTHS.get(year)
    if known is not None:
        return {m: (date.fromordinal(first), length) for m, (first, length) in enumerate(known, start=1)}
    try:
        from lunar_python import LunarYear, Solar

        out: dict[int, tuple[date, int]] = {}
        for m in LunarYear.fromYear(int(year)).getMonths():
            if m.getYear() != year or m.isLeap() or m.getMonth() < 0:
                continue
            s = Solar.fromJulianDay(m.getFirstJulianDay())
            out[m.getMonth()] = (date(s.getYear(), s.getMonth(), s.getDay()), m.getDayCount())
        return out
    except Exception:
        return {}


def lunar_to_solar(year: int, month: int, day: int) -> date | None:
    """The solar date of lunar `year`-`month`-`day` (regular month); None if not convertible.

    A day past the end of a short month (a 30th in a 29-day month) becomes the month's last
    day; a leap month is never chosen (a birthday is kept in the regular month).
    """
    if not (1 <= month <= 12) or day < 1:
        return None
    found = _lunar_months(int(year)).get(int(month))
    if found is None:
        return None
    first, length = found
    try:
        return first + timedelta(days=min(int(day), length) - 1)
    except OverflowError:
        return None


def lunar_birthday_near(month: int, day: int, today: date) -> tuple[date | None, date | None]:
    """The latest solar date <= today and the first > today of a lunar month/day birthday."""
    dates = sorted(
        d for y in (today.year - 2, today.year - 1, today.year, today.year + 1) if (d := lunar_to_solar(y, month, day))
    )
    past = [d for d in dates if d <= today]
    future = [d for d in dates if d > today]
    return (past[-1] if past else None), (future[0] if future else None)


def solar_birthday(month: int, day: int, year: int) -> date:
    """A solar birthday in `year` (29 February becomes 28 February in other years)."""
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, 28) if month == 2 else date(year, month, min(day, 30))


# --------------------------------------------------------------------------- festivals


@lru_cache(maxsize=512)
def festival_date(key: str, year: int) -> date | None:
    """The date of a known festival in a solar year; None when it cannot be computed."""
    spec = FESTIVALS.get(key)
    if spec is None:
        return None
    how, month, day, _ = spec
    try:
        if how == "solar":
            return date(year, month, day)
        if how == "lunar":
            return lunar_to_solar(year, month, day)
        if how == "eve":
            nxt = lunar_to_solar(year, 1, 1)
            return nxt - timedelta(days=1) if nxt else None
        if how == "qingming":
            from lunar_python import Solar

            jq = Solar.fromYmd(year, 6, 1).getLunar().getJieQiTable()["清明"]
            return date(jq.getYear(), jq.getMonth(), jq.getDay())
    except Exception:
        return date(year, month, day) if how in ("solar", "qingming") else None
    return None


def festivals_between(
    names: Iterable[str], start: date, end: date, calendar: pd.DataFrame | None = None
) -> list[tuple[date, str]]:
    """(date, festival name) of each greeted festival from start to end inclusive, in date order.

    `names` are the settings' festival names. The calendar sheet overrides by date: a row with
    greeting = yes adds its own festival (unless one is already greeted that day); a row with
    greeting = no on a festival's day drops that year's greeting.
    """
    rows = None
    if calendar is not None and len(calendar) and "greeting" in calendar.columns:
        rows = zip(calendar["date"], calendar["name"], calendar["greeting"], strict=True)
    return greeted_festivals(names, start, end, rows)


def greeted_festivals(
    names: Iterable[str], start: date, end: date, rows: Iterable[tuple[Any, Any, Any]] | None = None
) -> list[tuple[date, str]]:
    """`festivals_between` with the calendar sheet given as (date, name, greeting) rows."""
    found: dict[date, str] = {}
    for name in names:
        key = festival_key(name)
        if key is None:
            continue
        for year in range(start.year - 1, end.year + 2):
            d = festival_date(key, year)
            if d is not None and start <= d <= end:
                found.setdefault(d, key)
    for d, name, greet in rows or ():
        if pd.isna(d) or pd.isna(greet):
            continue
        dd = pd.Timestamp(d).date()
        if not start <= dd <= end:
            continue
        label = "" if pd.isna(name) else str(name).strip()
        if bool(greet):
            found.setdefault(dd, festival_key(label) or label or dd.isoformat())
        elif dd in found and (not label or festival_key(label) in (None, found[dd])):
            del found[dd]
    return sorted(found.items())


# --------------------------------------------------------------------------- public holidays


@dataclass
class PublicCalendar:
    """Public holidays and make-up working days for some years, and whether that is certain."""

    holidays: dict[date, str] = field(default_factory=dict)
    workdays: set[date] = field(default_factory=set)  # make-up working days (调休上班)
    closed: set[date] = field(default_factory=set)  # days the store is closed
    unknown_years: set[int] = field(default_factory=set)  # neither library nor workbook knew

    def is_holiday(self, day: date) -> bool:
        return day in self.holidays

    def is_makeup_workday(self, day: date) -> bool:
        return day in self.workdays

    def is_office_workday(self, day: date) -> bool:
        """An office working day (Mon-Fri, not a holiday, or a make-up day) — not the store's."""
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def is_store_open(self, day: date) -> bool:
        return day not in self.closed

    @property
    def fallback(self) -> bool:
        """True when some year was known neither to the library nor to the calendar sheet."""
        return bool(self.unknown_years)


_LIB_RANGE = (1950, 2100)


def _library_year(year: int) -> tuple[dict[date, str], set[date]] | None:
    if not (_LIB_RANGE[0] <= year <= _LIB_RANGE[1]):
        return None
    try:
        import holidays

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cn = holidays.China(years=[year], language="zh_CN")
            days = {d: str(n) for d, n in cn.items() if d.year == year}
            work = {d for d in getattr(cn, "weekend_workdays", set()) if d.year == year}
        return days, work
    except Exception:
        return None


def closed_days(calendar: pd.DataFrame | None) -> set[date]:
    """The days the store is closed, from the calendar sheet (kind "closed")."""
    if calendar is None or not len(calendar):
        return set()
    rows = calendar[(calendar["kind"] == "closed").fillna(False) & calendar["date"].notna()]
    return {pd.Timestamp(d).date() for d in rows["date"]}


def public_calendar(years: Iterable[int], calendar: pd.DataFrame | None = None) -> PublicCalendar:
    """Holidays and make-up days for `years`: the library's, overridden by the calendar sheet."""
    out = PublicCalendar(closed=closed_days(calendar))
    sheet_years: set[int] = set()
    rows: list[tuple[date, str, str]] = []
    if calendar is not None and len(calendar):
        for d, kind, name in zip(calendar["date"], calendar["kind"], calendar["name"], strict=True):
            if pd.isna(d) or pd.isna(kind):
                continue
            dd = pd.Timestamp(d).date()
            rows.append((dd, str(kind), "" if pd.isna(name) else str(name)))
            if kind in ("holiday", "workday"):
                sheet_years.add(dd.year)
    for year in sorted(set(years)):
        lib = _library_year(year)
        if lib is None:
            if year not in sheet_years:
                out.unknown_years.add(year)
            continue
        out.holidays.update(lib[0])
        out.workdays.update(lib[1])
    # the sheet wins: a holiday row cancels a make-up day and the other way round
    for dd, kind, name in rows:
        if kind == "holiday":
            out.holidays[dd] = name or out.holidays.get(dd, "")
            out.workdays.discard(dd)
        elif kind == "workday":
            out.workdays.add(dd)
            out.holidays.pop(dd, None)
    return out


# --------------------------------------------------------------------------- moving due dates


def blocked_days(
    calendar: pd.DataFrame | None, rota: pd.DataFrame | None, *, use_rota: bool
) -> tuple[set[date], dict[str, set[date]]]:
    """(store-closed days, {consultant: days they are not on duty}) for moving due dates."""
    closed = closed_days(calendar)
    off: dict[str, set[date]] = {}
    if use_rota and rota is not None and len(rota):
        r = rota[rota["shift"].notna() & (rota["shift"] != "on") & rota["date"].notna() & rota["consultant"].notna()]
        for name, grp in r.groupby("consultant", sort=False):
            off[str(name)] = {pd.Timestamp(d).date() for d in grp["date"]}
    return closed, off


def next_open_day(day: date, consultant: str | None, closed: set[date], off: dict[str, set[date]]) -> date:
    """The first day from `day` on that the store is open and the consultant is on duty."""
    mine = off.get(consultant or "", set())
    d = day
    for _ in range(MAX_MOVE_DAYS):
        if d not in closed and d not in mine:
            return d
        d += timedelta(days=1)
    return day  # never on duty for two months: leave the date where the rule put it


def describe_day(day: date, calendar: pd.DataFrame | None = None) -> tuple[str, dict[str, object]] | None:
    """What kind of day `day` is for the store, as (i18n key, params): closed, holiday, make-up day."""
    pc = public_calendar([day.year], calendar)
    if not pc.is_store_open(day):
        return "due.day.closed", {}
    if pc.is_holiday(day):
        return "due.day.holiday", {"name": pc.holidays.get(day) or ""}
    if pc.is_makeup_workday(day):
        return "due.day.makeup", {}
    return None
