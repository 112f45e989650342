"""Names and IDs that point nowhere: a consultant not on the staff sheet, a customer ID not on the customers sheet.

`reference_problems(frames, sheet_names=..., headers=..., lang=...)` returns one warning
(`workbook.errors.Problem`, severity "warning") per cell, placed like the reader's own
problems: the sheet as named in the file, the Excel row (`_row`), the header as found, the
value as found. `workbook_problems(wb)` does the same for a `LoadedWorkbook`, with the
wrong numbers still on the customers' cards (`wrong_number_problems`).

Decisions:
- Names and IDs are compared stripped and otherwise exactly, as `logic/` matches them
  (a consultant "王 伟" is not "王伟" to the meetings or the due list either).
- Empty cells are not problems. Inactive staff are still on the staff sheet: known.
- With an empty staff sheet no consultant is checked (there is no list to check against);
  the same for customer IDs with an empty customers sheet.
- Rows the reader left out (errors) are not in the frames; when the staff or customers
  sheet lost rows that way, the message says the name or ID may be on one of them.
- A wrong number (a contact whose outcome is wrong_number, not void) is a warning on the
  customer's phone cell until that cell differs from the number dialled (the contact's own
  phone when it records none); the customer stays in every list meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from workbook import schema
from workbook.errors import Problem

# every sheet whose rows name a consultant (the staff sheet is the list itself)
CONSULTANT_SHEETS: tuple[str, ...] = tuple(
    s.key for s in schema.SHEETS if s.key != "staff" and "consultant" in s.column_keys()
)
# every sheet whose rows point at a customer by ID
CUSTOMER_SHEETS: tuple[str, ...] = tuple(
    s.key for s in schema.SHEETS if s.key != "customers" and "customer_id" in s.column_keys()
)
# every sheet the checks here read: a workbook whose other sheets changed (a checklist tick) has the same problems
READS: tuple[str, ...] = tuple(dict.fromkeys(("staff", "customers", *CONSULTANT_SHEETS, *CUSTOMER_SHEETS)))
_ARROW_TEXT = pd.StringDtype("pyarrow")
CODES = ("problem.unknown_consultant", "problem.unknown_customer", "problem.wrong_number")


def _stripped(series: pd.Series) -> list[str | None]:
    """Stripped text, None for blanks (as logic/ compares names and IDs); plain Python: pandas' string isin is slow."""
    out: list[str | None] = []
    for v in series.to_numpy(dtype=object, na_value=None):
        text = None if v is None else str(v).strip()
        out.append(text or None)
    return out


def _look_up(series: pd.Series, keys: set[str], value_set: pa.Array | None = None) -> tuple[np.ndarray, dict[int, str]]:
    """(the positions whose cell is one of `keys` as it stands, {position: stripped text} of the other
    non-blank cells). The first is one Arrow look-up over the column (most of 900k contacts at L); only
    the others are stripped one by one. `value_set`: `keys` as an Arrow array, when the caller has it."""
    text = series if series.dtype == _ARROW_TEXT else series.astype(_ARROW_TEXT)
    a = pa.array(text.array)
    a = a.combine_chunks() if isinstance(a, pa.ChunkedArray) else a  # a snapshot's batches, the overlay's concat
    wanted = value_set if value_set is not None else _value_set(keys)
    hit = pc.is_in(a, value_set=wanted if wanted.type == a.type else wanted.cast(a.type)).to_numpy(zero_copy_only=False)
    blank = series.isna().to_numpy(dtype=bool)
    rest = np.flatnonzero(~(hit | blank))
    others: dict[int, str] = {}
    if len(rest):
        for i, v in zip(rest.tolist(), _stripped(series.iloc[rest]), strict=True):
            if v is not None:
                others[i] = v
    return np.flatnonzero(hit & ~blank), others


def _value_set(keys: set[str]) -> pa.Array:
    return pa.array(sorted(keys), type=pa.large_string())


def _unknown(series: pd.Series, known: set[str], value_set: pa.Array | None = None) -> tuple[dict[int, str], list[int]]:
    """The positions of the values that, stripped, are not in `known` (blanks are never unknown), with
    those values stripped."""
    _exact, others = _look_up(series, known, value_set)
    values = {i: v for i, v in others.items() if v not in known}
    return values, list(values)


def _known(frame: pd.DataFrame | None, column: str) -> set[str]:
    if frame is None or column not in frame.columns or frame.empty:
        return set()
    return {v for v in _stripped(frame[column]) if v}


def reference_problems(
    frames: Mapping[str, pd.DataFrame],
    *,
    sheet_names: Mapping[str, str] | None = None,
    headers: Mapping[str, Mapping[str, str]] | None = None,
    left_out: Mapping[str, int] | None = None,
    lang: str = "zh",
) -> list[Problem]:
    """A warning per consultant name not on the staff sheet and per customer ID not on the customers sheet.

    `sheet_names` / `headers`: as found in the file (`LoadedWorkbook`); missing ones fall back
    to the schema's in `lang`. `left_out`: sheet key -> rows the reader left out for errors.
    """
    names = sheet_names or {}
    found = headers or {}
    lost = left_out or {}

    def sheet_name(key: str) -> str:
        return names.get(key) or schema.sheet(key).name(lang)  # type: ignore[arg-type]

    def header(key: str, column: str) -> str:
        return (found.get(key) or {}).get(column) or schema.sheet(key).column(column).header(lang)  # type: ignore[arg-type]

    out: list[Problem] = []
    checks: list[tuple[Iterable[str], str, str, str, str]] = [
        (CONSULTANT_SHEETS, "consultant", "staff", "name", "problem.unknown_consultant"),
        (CUSTOMER_SHEETS, "customer_id", "customers", "customer_id", "problem.unknown_customer"),
    ]
    for sheets, column, target, target_column, code in checks:
        known = _known(frames.get(target), target_column)
        if not known:
            continue
        value_set = _value_set(known)  # once for every sheet checked against it
        target_name = sheet_name(target)
        missing_rows = int(lost.get(target, 0))
        code_here = code + "_maybe_left_out" if missing_rows else code
        for key in sheets:
            frame = frames.get(key)
            if frame is None or frame.empty or column not in frame.columns:
                continue
            values, bad = _unknown(frame[column], known, value_set)
            if not bad:
                continue
            name, head = sheet_name(key), header(key, column)
            raw = frame[column].to_numpy(dtype=object, na_value=None)
            rows = (
                frame["_row"].to_numpy(dtype=object, na_value=None) if "_row" in frame.columns else [None] * len(frame)
            )
            for i in bad:
                params: dict[str, Any] = {
                    "sheet": name,
                    "column": head,
                    "value": values[i],
                    "target": target_name,
                    "left_out": missing_rows,
                }
                excel_row = None if rows[i] is None else int(rows[i])
                out.append(Problem("warning", code_here, params, name, excel_row, head, str(raw[i])))
    return out


def wrong_number_problems(
    frames: Mapping[str, pd.DataFrame],
    *,
    sheet_names: Mapping[str, str] | None = None,
    headers: Mapping[str, Mapping[str, str]] | None = None,
    lang: str = "zh",
) -> list[Problem]:
    """A warning per customer whose phone cell still holds a number a contact found wrong."""
    contacts, customers = frames.get("contacts"), frames.get("customers")
    if contacts is None or customers is None or contacts.empty or "outcome" not in contacts.columns:
        return []
    wrong = contacts["outcome"].astype("string").eq("wrong_number").fillna(False).astype(bool)
    if "void" in contacts.columns:
        wrong &= ~contacts["void"].isin([True]).astype(bool)
    if not wrong.any():
        return []
    hit = contacts.loc[wrong]
    dialled = _stripped(hit["dialled"]) if "dialled" in hit.columns else [None] * len(hit)
    phones = _stripped(hit["phone"]) if "phone" in hit.columns else [None] * len(hit)
    days = hit["date"].tolist() if "date" in hit.columns else [None] * len(hit)
    found: dict[str, tuple[str | None, Any]] = {}  # customer ID -> (number dialled, day), the last row winning
    for cid, number, phone, day in zip(_stripped(hit["customer_id"]), dialled, phones, days, strict=True):
        if cid:
            found[cid] = (number or phone, day)
    name = (sheet_names or {}).get("customers") or schema.sheet("customers").name(lang)  # type: ignore[arg-type]
    head = ((headers or {}).get("customers") or {}).get("phone") or schema.sheet("customers").column("phone").header(
        lang  # type: ignore[arg-type]
    )
    out: list[Problem] = []
    # the cards of those customers only: each card's ID and phone stripped would cost 0.1 s at L's 100k
    exact, others = _look_up(customers["customer_id"], set(found))
    at = np.array(sorted([*exact.tolist(), *(i for i, v in others.items() if v in found)]), dtype=np.int64)
    cards = customers.iloc[at]
    ids, phones = _stripped(cards["customer_id"]), _stripped(cards["phone"])
    rows = cards["_row"].tolist() if "_row" in cards.columns else [None] * len(cards)
    names = cards["name"].tolist() if "name" in cards.columns else [None] * len(cards)
    for cid, phone, row, who in zip(ids, phones, rows, names, strict=True):
        if cid not in found:
            continue
        number, day = found[cid]
        if number is not None and phone != number:
            continue  # the phone was corrected since
        when = "" if day is None or pd.isna(day) else pd.Timestamp(day).date().isoformat()
        params = {"sheet": name, "column": head, "value": phone or "", "customer": str(who or cid), "date": when}
        out.append(
            Problem("warning", "problem.wrong_number", params, name, None if row is None else int(row), head, phone)
        )
    return out


def left_out_rows(problems: Iterable[Problem], sheet_names: Mapping[str, str]) -> dict[str, int]:
    """Sheet key -> how many of its rows the reader left out (distinct rows with an error)."""
    by_name = {v: k for k, v in sheet_names.items()}
    rows: dict[str, set[int]] = {}
    for p in problems:
        # a missing column is reported on the header row, which is no data row left out
        if p.severity == "error" and p.row is not None and p.sheet in by_name and p.code != "problem.column_missing":
            rows.setdefault(by_name[p.sheet], set()).add(p.row)
    return {k: len(v) for k, v in rows.items()}


def workbook_problems(wb: Any, lang: str | None = None) -> list[Problem]:
    """`reference_problems` and `wrong_number_problems` for a `LoadedWorkbook` (sheet names and headers as found in it)."""
    return [
        *reference_problems(
            wb.frames,
            sheet_names=wb.sheet_names,
            headers=wb.headers,
            left_out=left_out_rows(wb.problems, wb.sheet_names),
            lang=lang or wb.lang,
        ),
        *wrong_number_problems(wb.frames, sheet_names=wb.sheet_names, headers=wb.headers, lang=lang or wb.lang),
    ]
