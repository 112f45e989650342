"""A messy workbook like those QA brings from real stores: the S sample's data with long
consultant names, written as a NEW file the way a manager's hand-kept one looks — a title row
above each header, a column moved, dates typed as text, no Excel tables or dropdowns."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

LONG_NAMES = (  # names as long as the staff sheet of a real store has them
    "买买提·艾力江·阿不都热合曼",
    "欧阳司马·慕容晓雪",
    "Alexandrina Montgomery-Fitzgerald",
    "娜仁高娃·额尔德尼其其格",
    "上官·司徒·诸葛明月",
    "热依汗古丽·阿卜杜拉",
    "皇甫端木·令狐长青",
    "Maximilian Oyelaran-Whitcombe",
)
TEXT_DATES = {"customers": ("first_contact", "birthday"), "contacts": ("date",)}
MOVED = {"customers": "consultant"}  # moved to the last column


def _rename(data: dict[str, list[dict]]) -> dict[str, str]:
    """Give every staff member a long name, everywhere their name stands (attendee lists included)."""
    names = {str(r["name"]): LONG_NAMES[i % len(LONG_NAMES)] + ("" if i < len(LONG_NAMES) else str(i))
             for i, r in enumerate(data["staff"])}  # fmt: skip
    for rows in data.values():
        for r in rows:
            for k, v in r.items():
                if isinstance(v, str) and v in names:
                    r[k] = names[v]
                elif k == "attendees" and isinstance(v, str):
                    for old, new in names.items():
                        v = v.replace(old, new)
                    r[k] = v
    return names


def _as_text(v: object) -> object:
    if isinstance(v, datetime):
        v = v.date()
    if isinstance(v, date):
        return f"{v.year}年{v.month}月{v.day}日"
    return v


def write_messy(path: Path, today: date, lang: str = "zh") -> Path:
    """Write the messy workbook to `path` (a new file); returns it."""
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    from workbook import sample, schema
    from workbook.template import write_workbook

    data = sample.generate("S", lang, today, 1)
    _rename(data)
    clean = path.with_name(path.stem + "-clean.xlsx")
    write_workbook(clean, lang=lang, data=data)
    book = CalamineWorkbook.from_path(str(clean))
    out = Workbook()
    out.remove(out.active)
    for name in book.sheet_names:
        sheet = schema.match_sheet(name)
        rows = book.get_sheet_by_name(name).to_python()
        ws = out.create_sheet(name)
        if sheet is None or not rows:
            for r in rows:
                ws.append(list(r))
            continue
        header = [str(h) for h in rows[0]]
        order = list(range(len(header)))
        moved = MOVED.get(sheet.key)
        if moved is not None:
            at = header.index(sheet.column(moved).header(lang))
            order = [i for i in order if i != at] + [at]
        texts = {header.index(sheet.column(k).header(lang)) for k in TEXT_DATES.get(sheet.key, ())}
        ws.append([f"{name} ({today:%Y年%m月})"])  # a title row above the header
        ws.append([header[i] for i in order])
        for r in rows[1:]:
            if not any(v not in (None, "") for v in r):
                continue
            ws.append([_as_text(r[i]) if i in texts else (None if r[i] == "" else r[i]) for i in order])
    out.save(path)
    clean.unlink()
    return path
