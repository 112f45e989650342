"""Write a NEW, formatted workbook: every schema sheet as an Excel table, ready for Excel.

`write_workbook(path, lang, data, settings)` is used by `cli.py new`, by the sample
generator and by tests. It never opens an existing workbook; it writes a fresh file through
a temporary file in the same folder and replaces `path` only when the file is complete.

Per sheet: an Excel table (`Sheet.table_name`) with filter buttons, frozen header, column
widths and number formats, dropdowns (choice lists in the workbook's language, yes/no words,
staff names from the staff table), conditional formats, the A4 landscape print setup of `workbook.export.print_setup`.
`data` rows are dicts by column key; choice/grade values are codes and are written as the
label in `lang`; text is always written as text (a leading "=" never becomes a formula).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_range
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from workbook import schema
from workbook.checklist_defaults import default_rows
from workbook.export import print_setup
from workbook.schema import Column, Lang, Sheet

# Daily sheets first, configuration last: what a manager opens the file for comes first.
SHEET_ORDER: tuple[str, ...] = (
    "customers", "contacts", "showroom_log", "plans", "rota", "targets", "deliveries", "checklist", "lost",
    "meetings", "reschedules", "calendar", "staff", "checklist_items", "settings",
)  # fmt: skip
LISTS_SHEET = "_lists"  # hidden; holds only the lists too long for an inline dropdown
STAFF_NAMES = "StaffNames"  # defined name over the staff table's name column
ITEM_IDS = "ChecklistItemIds"
DV_HEADROOM = 2000  # dropdowns and formats reach this many rows below the data
BIG_SHEET_ROWS = 200_000  # above this, conditional formats avoid whole-column COUNTIFS
TABLE_STYLE = "TableStyleMedium2"
TITLE: dict[Lang, str] = {"zh": "销售管理工作簿", "en": "Dealership workbook"}  # the file's document title
MAX_ROWS = 1_048_575  # data rows below the header in one Excel sheet
WRAP_WIDTH = 24  # text columns at least this wide wrap
# Columns holding a staff member's name get the staff dropdown.
STAFF_COLUMNS = frozenset({"consultant", "service_advisor", "recorded_by", "by", "decided_by"})

NUMBER_FORMATS: dict[str, str] = {
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
    "phone": "@",
    "time": "@",
    "month": "@",
    "integer": "0",
    "money": "#,##0",
}
GRADE_COLOURS: dict[str, tuple[str, str]] = {  # code -> (fill, font)
    "H": ("#F8CBAD", "#9C0006"),
    "A": ("#FCE4D6", "#833C0B"),
    "B": ("#FFF2CC", "#7F6000"),
    "C": ("#DDEBF7", "#1F4E78"),
    "O": ("#E2EFDA", "#375623"),
    "D": ("#C6E0B4", "#375623"),
    "F": ("#EDEDED", "#7F7F7F"),
    "Z": ("#EDEDED", "#A6A6A6"),
}


def write_workbook(
    path: str | os.PathLike[str],
    lang: Lang = "zh",
    data: Mapping[str, Iterable[Mapping[str, Any]]] | None = None,
    settings: Mapping[str, object] | None = None,
    *,
    constant_memory: bool = False,
    created: datetime | None = None,
) -> Path:
    """Write a new formatted workbook at `path` and return it.

    `data`: sheet key -> row dicts (any iterable; rows are streamed, so generators are fine).
    Without rows for "settings" and "checklist_items" those sheets get the documented
    defaults; `settings` overrides default values by setting key. `constant_memory` keeps
    one row in memory (for very large workbooks). `created` fixes the document time so the
    same input gives the same bytes.
    """
    if lang not in schema.LANGS:
        raise ValueError(f"lang must be one of {schema.LANGS}, not {lang!r}")
    target = Path(path)
    data = dict(data or {})
    unknown = set(data) - set(schema.SHEETS_BY_KEY)
    if unknown:
        raise ValueError(f"unknown sheets: {sorted(unknown)}")
    if "settings" not in data:
        data["settings"] = settings_rows(lang, settings)
    if "checklist_items" not in data:
        data["checklist_items"] = default_rows()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    os.close(fd)
    try:
        _write(Path(tmp_name), lang, data, constant_memory, created)
        os.chmod(tmp_name, 0o666 & ~_umask())  # mkstemp makes 0600; a new file gets the usual mode
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return target


def settings_rows(lang: Lang, overrides: Mapping[str, object] | None = None) -> list[dict[str, object]]:
    """The settings sheet's rows: every documented setting with its default (or override)."""
    overrides = dict(overrides or {})
    unknown = set(overrides) - set(schema.SETTINGS_BY_KEY)
    if unknown:
        raise ValueError(f"unknown settings: {sorted(unknown)}")
    yes, no = schema.YES_NO_LABELS[lang]
    rows: list[dict[str, object]] = []
    for s in schema.SETTINGS:
        value = overrides.get(s.key, lang if s.key == "language" else s.default)
        if s.type == "yesno" and isinstance(value, bool):
            value = yes if value else no
        elif s.type == "list" and isinstance(value, list | tuple):
            value = ",".join(str(v) for v in value)
        note = s.note_zh if lang == "zh" else s.note_en
        rows.append({"name": s.label(lang), "value": value, "note": note or None})
    return rows


# --------------------------------------------------------------------------- internals


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class _Formats:
    """The workbook's cell formats, made once."""

    def __init__(self, wb: Workbook) -> None:
        self.header = wb.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "border": 1})
        self.text = wb.add_format({})
        self.long_text = wb.add_format({"text_wrap": True, "valign": "top"})
        self.by_type = {k: wb.add_format({"num_format": v}) for k, v in NUMBER_FORMATS.items()}
        self.grade = {
            code: wb.add_format({"bg_color": fill, "font_color": font, "bold": code == "H"})
            for code, (fill, font) in GRADE_COLOURS.items()
        }
        self.overdue = wb.add_format({"font_color": "#C00000", "bold": True, "bg_color": "#FFE5E5"})
        self.open_item = wb.add_format({"bg_color": "#FFF2CC"})
        self.today = wb.add_format({"bg_color": "#E2EFDA", "bold": True})
        self.muted = wb.add_format({"font_color": "#A6A6A6"})
        self.bold = wb.add_format({"bold": True})

    def for_column(self, c: Column) -> Any:
        if c.type == "text" and c.width >= WRAP_WIDTH:
            return self.long_text  # notes and results wrap instead of being cut off in print
        return self.by_type.get(c.type, self.text)


def _write(
    path: Path,
    lang: Lang,
    data: dict[str, Iterable[Mapping[str, Any]]],
    constant_memory: bool,
    created: datetime | None,
) -> None:
    options = {
        "constant_memory": constant_memory,
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    }
    wb = xlsxwriter.Workbook(str(path), options)
    try:
        wb.set_properties(
            {
                "title": TITLE[lang],
                "created": created or datetime.now(UTC).replace(tzinfo=None, microsecond=0),
            }
        )
        fmt = _Formats(wb)
        order = [k for k in SHEET_ORDER if k in schema.SHEETS_BY_KEY]
        order += [s.key for s in schema.SHEETS if s.key not in order]
        sheets = [schema.sheet(k) for k in order]
        long_lists = _long_lists(lang)
        _define_names(wb, lang, long_lists)
        for sh in sheets:
            ws = wb.add_worksheet(sh.name(lang))
            n = _write_rows(ws, sh, lang, data.get(sh.key, ()), fmt)
            _add_table(ws, sh, lang, n, fmt)
            _add_validations(ws, sh, lang, n, long_lists)
            _add_conditional_formats(ws, sh, lang, n, fmt)
            print_setup(ws, sh.name(lang), repeat=(0, 0))
            if sh.key == "customers":
                ws.activate()
        if long_lists:
            _write_lists_sheet(wb, long_lists)
    finally:
        wb.close()


def _write_rows(ws: Worksheet, sh: Sheet, lang: Lang, rows: Iterable[Mapping[str, Any]], fmt: _Formats) -> int:
    """Write the header and the rows in order (constant_memory-safe); return the row count."""
    for j, c in enumerate(sh.columns):
        ws.write_string(0, j, c.header(lang), fmt.header)
    writers = [(j, c.key, _cell_writer(ws, c, lang, fmt)) for j, c in enumerate(sh.columns)]
    n = 0
    for n, row in enumerate(rows, start=1):
        if n > MAX_ROWS:  # xlsxwriter would silently drop the rest; never lose rows quietly
            raise ValueError(f"sheet {sh.key!r} has more rows than Excel allows ({MAX_ROWS:,})")
        get = row.get
        for j, key, put in writers:
            value = get(key)
            if value is not None and value != "":
                put(n, j, value)
    return n


def _cell_writer(ws: Worksheet, c: Column, lang: Lang, fmt: _Formats) -> Any:
    """A function (row, col, value) writing one cell of column `c` as Excel expects it."""
    # The underscore methods are what the public ones call after parsing A1-style arguments;
    # skipping that step saves a quarter of the writing time of the large samples.
    w_str = getattr(ws, "_write_string", ws.write_string)
    w_num = getattr(ws, "_write_number", ws.write_number)
    w_dt = getattr(ws, "_write_datetime", ws.write_datetime)
    f = fmt.for_column(c)
    kind = c.type
    yes, no = schema.YES_NO_LABELS[lang]
    labels: dict[str, str] = {}
    if kind == "grade":
        labels = {code: schema.GRADES.label(code, lang) for code in schema.GRADES.codes()}
    elif kind == "choice" and c.choices:
        cl = schema.choice_list(c.choices)
        labels = {code: cl.label(code, lang) for code in cl.codes()}

    def put(r: int, j: int, value: Any) -> None:
        if isinstance(value, str):
            # Text stays text (a leading "=" never becomes a formula); codes become labels.
            w_str(r, j, labels.get(value, value) if labels else value, f)
        elif isinstance(value, bool):
            w_str(r, j, (yes if value else no) if kind == "yesno" else str(value), f)
        elif isinstance(value, int | float):
            if kind in ("phone", "time", "month"):
                w_str(r, j, str(value), f)
            else:
                w_num(r, j, value, f)
        elif isinstance(value, datetime):
            if kind == "date":
                w_dt(r, j, value.date(), f)
            elif kind == "month":
                w_str(r, j, value.strftime("%Y-%m"), f)
            else:
                w_dt(r, j, value, f)
        elif isinstance(value, date):
            w_str(r, j, value.strftime("%Y-%m"), f) if kind == "month" else w_dt(r, j, value, f)
        elif isinstance(value, time):
            w_str(r, j, value.strftime("%H:%M"), f)
        else:
            w_str(r, j, str(value), f)

    return put


def _add_table(ws: Worksheet, sh: Sheet, lang: Lang, n: int, fmt: _Formats) -> None:
    last_col = len(sh.columns) - 1
    columns = [{"header": c.header(lang), "header_format": fmt.header} for c in sh.columns]
    options = {"name": sh.table_name, "columns": columns, "style": TABLE_STYLE, "autofilter": True}
    # xlsxwriter refuses add_table() in constant_memory mode only because it would write the
    # header cells; ours are already written (row 0 is flushed), so the cells it writes into
    # row 0 now are never output. The table part itself is independent of the cell data.
    saved = ws.constant_memory
    ws.constant_memory = 0
    try:
        # add_table() remembers every cell of its range to detect overlaps: 15 million dict
        # entries (2 GB) for the L sample's contacts. Declare it over the header and one row,
        # then widen the range written into the table part (its only use of the range).
        if ws.add_table(0, 0, 1, last_col, options) != 0:
            raise ValueError(f"could not add the table of sheet {sh.key!r}")
        table = ws.tables[-1]
        table["range"] = table["a_range"] = xl_range(0, 0, max(n, 1), last_col)
        if table.get("autofilter"):
            table["autofilter"] = table["range"]
    finally:
        ws.constant_memory = saved
    for j, c in enumerate(sh.columns):
        ws.set_column(j, j, c.width, fmt.for_column(c))
    ws.set_row(0, 30)  # two-line headers (long labels wrap) without hiding the filter buttons
    ws.freeze_panes(1, 2 if sh.key == "customers" else 0)


def _long_lists(lang: Lang) -> dict[str, list[str]]:
    """Choice lists whose labels exceed Excel's 255-character inline dropdown limit."""
    return {
        key: cl.labels(lang)
        for key, cl in schema.CHOICE_LISTS.items()
        if len(",".join(cl.labels(lang))) > 250 or any("," in x for x in cl.labels(lang))
    }


def _list_name(key: str) -> str:
    return "List_" + key


def _define_names(wb: Workbook, lang: Lang, long_lists: dict[str, list[str]]) -> None:
    staff = schema.sheet("staff")
    wb.define_name(STAFF_NAMES, f"={staff.table_name}[{staff.column('name').header(lang)}]")
    items = schema.sheet("checklist_items")
    wb.define_name(ITEM_IDS, f"={items.table_name}[{items.column('item_id').header(lang)}]")
    for j, (key, labels) in enumerate(long_lists.items()):
        col = xl_col_to_name(j)
        wb.define_name(_list_name(key), f"={_quoted(LISTS_SHEET)}!${col}$1:${col}${len(labels)}")


def _write_lists_sheet(wb: Workbook, long_lists: dict[str, list[str]]) -> None:
    ws = wb.add_worksheet(LISTS_SHEET)
    # Rows in order (constant_memory-safe): row i holds the i-th label of every list.
    depth = max(len(v) for v in long_lists.values())
    for i in range(depth):
        for j, labels in enumerate(long_lists.values()):
            if i < len(labels):
                ws.write_string(i, j, labels[i])
    ws.hide()


def _validation_for(sh: Sheet, c: Column, lang: Lang, long_lists: dict[str, list[str]]) -> dict[str, Any] | None:
    yes, no = schema.YES_NO_LABELS[lang]
    if c.key in STAFF_COLUMNS and sh.key != "staff":
        return {"validate": "list", "source": f"={STAFF_NAMES}", "error_type": "warning"}
    if sh.key == "checklist" and c.key == "item_id":
        return {"validate": "list", "source": f"={ITEM_IDS}", "error_type": "warning"}
    if c.type == "yesno":
        return {"validate": "list", "source": [yes, no], "error_type": "warning"}
    if c.type == "grade":
        return {"validate": "list", "source": schema.GRADES.labels(lang), "error_type": "warning"}
    if c.type == "choice" and c.choices:
        cl = schema.choice_list(c.choices)
        # Open lists accept other values (kept as typed): say so, don't object.
        error_type = "information" if cl.open else "warning"
        if c.choices in long_lists:
            return {"validate": "list", "source": f"={_list_name(c.choices)}", "error_type": error_type}
        return {"validate": "list", "source": cl.labels(lang), "error_type": error_type}
    if c.type in ("date", "datetime"):
        return {
            "validate": "date",
            "criteria": "between",
            "minimum": date(2000, 1, 1),
            "maximum": date(2099, 12, 31),
            "error_type": "warning",
            "error_message": "yyyy-mm-dd" + (" hh:mm" if c.type == "datetime" else ""),
        }
    if c.type == "integer":
        return {"validate": "integer", "criteria": ">=", "value": 0, "error_type": "warning"}
    return None


def dropdown_rule(sh: Sheet, c: Column, lang: Lang) -> dict[str, Any] | None:
    """The data validation the template gives column `c` of `sh` (xlsxwriter's terms): also what
    `workbook.upgrade` gives a column or sheet it adds to an older workbook."""
    return _validation_for(sh, c, lang, _long_lists(lang))


def _add_validations(ws: Worksheet, sh: Sheet, lang: Lang, n: int, long_lists: dict[str, list[str]]) -> None:
    last = min(max(n, 1) + DV_HEADROOM, 1_048_575)
    for j, c in enumerate(sh.columns):
        dv = _validation_for(sh, c, lang, long_lists)
        if dv is not None:
            ws.data_validation(1, j, last, j, dv)


def _col(sh: Sheet, key: str) -> str:
    """The column letter of `key` in `sh`."""
    return xl_col_to_name(sh.column_keys().index(key))


def _add_conditional_formats(ws: Worksheet, sh: Sheet, lang: Lang, n: int, fmt: _Formats) -> None:
    last = min(max(n, 1) + DV_HEADROOM, 1_048_575)
    yes, no = schema.YES_NO_LABELS[lang]
    keys = sh.column_keys()

    def rule(col_key: str, options: dict[str, Any]) -> None:
        j = keys.index(col_key)
        ws.conditional_format(1, j, last, j, options)

    for c in sh.columns:
        if c.type == "grade":
            for code, f in fmt.grade.items():
                label = schema.GRADES.label(code, lang)
                rule(c.key, {"type": "cell", "criteria": "==", "value": f'"{label}"', "format": f})
    if sh.key == "contacts":
        nd, cid, d = _col(sh, "next_date"), _col(sh, "customer_id"), _col(sh, "date")
        overdue = f"AND(ISNUMBER(${nd}2),${nd}2<TODAY()"
        if n <= BIG_SHEET_ROWS:
            # Overdue only if nothing later was logged for the customer (its latest contact).
            later = f'COUNTIFS(${cid}$2:${cid}${last + 1},${cid}2,${d}$2:${d}${last + 1},">"&${d}2)'
            overdue += f',OR(${cid}2="",{later}=0)'
        rule("next_date", {"type": "formula", "criteria": f"={overdue})", "format": fmt.overdue})
    elif sh.key == "checklist":
        done, item = _col(sh, "done"), _col(sh, "item_id")
        items = schema.sheet("checklist_items")
        src = _quoted(items.name(lang))
        iid, req = _col(items, "item_id"), _col(items, "required")
        required = f'COUNTIFS({src}!${iid}:${iid},${item}2,{src}!${req}:${req},"{yes}")>0'
        formula = f'=AND(${item}2<>"",${done}2<>"{yes}",{required})'
        ws.conditional_format(
            1, 0, last, len(keys) - 1, {"type": "formula", "criteria": formula, "format": fmt.open_item}
        )
    elif sh.key == "checklist_items":
        req = _col(sh, "required")
        ws.conditional_format(
            1, 0, last, len(keys) - 1, {"type": "formula", "criteria": f'=${req}2="{yes}"', "format": fmt.bold}
        )
    elif sh.key == "deliveries":
        sched, status = _col(sh, "scheduled"), _col(sh, "status")
        planned = schema.choice_list("delivery_status").label("planned", lang)
        formula = f'=AND(ISNUMBER(${sched}2),INT(${sched}2)=TODAY(),${status}2="{planned}")'
        ws.conditional_format(1, 0, last, len(keys) - 1, {"type": "formula", "criteria": formula, "format": fmt.today})
    elif sh.key == "lost":
        pending = schema.choice_list("decision").label("pending", lang)
        rule("decision", {"type": "cell", "criteria": "==", "value": f'"{pending}"', "format": fmt.open_item})
    elif sh.key == "rota":
        shift = _col(sh, "shift")
        on = schema.choice_list("shift").label("on", lang)
        ws.conditional_format(
            1,
            0,
            last,
            len(keys) - 1,
            {"type": "formula", "criteria": f'=AND(${shift}2<>"",${shift}2<>"{on}")', "format": fmt.muted},
        )
    elif sh.key == "staff":
        active = _col(sh, "active")
        ws.conditional_format(
            1, 0, last, len(keys) - 1, {"type": "formula", "criteria": f'=${active}2="{no}"', "format": fmt.muted}
        )
    elif sh.key == "plans":
        d = _col(sh, "date")
        rule("date", {"type": "formula", "criteria": f"=${d}2=TODAY()", "format": fmt.today})


def _quoted(name: str) -> str:
    """A sheet name quoted for a formula (always quoted: safe for spaces and CJK)."""
    return "'" + name.replace("'", "''") + "'"


def _escape_hf(text: str) -> str:
    """Header/footer text with Excel's control character '&' escaped."""
    return text.replace("&", "&&")
