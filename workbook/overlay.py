"""Operations shown as made on the frames the reader made: `overlay(frames, ops, ids=None)`.

Every value goes the way a write then a read would take it: the column's codec makes the
cell the writer would write (`codecs.Codec.cell`), and the reader's parse of that cell is
what the frame shows; keys are matched by the same key canonicaliser as the writer's, and a
record about a customer gets the customer's name, phone and consultant by the writer's rule
(`operations.customer_fills`). So, after the app's own write, `overlay(read(f), ops,
result.ids)` is `read(f)` after the write, new IDs included (`_row` of an appended row is NA:
only the file knows it). Without `ids` the operations are queued, not written: touched rows
are marked `_pending` True and new rows keep their IDs NA until the file is written.
`settings(wb.settings, ops)` does the same for the typed settings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd

from workbook import codecs, operations, schema
from workbook.schema import Lang

PENDING = "_pending"
ROW = "_row"


def overlay(
    frames: dict[str, pd.DataFrame],
    ops: Any,
    ids: Sequence[str] | None = None,
    *,
    lang: Lang = "zh",
) -> dict[str, pd.DataFrame]:
    """`frames` with `ops` applied; `ids` are the IDs the write allocated (`WriteResult.ids`, in
    order), None for operations still waiting (their rows are marked `_pending`).

    `lang` is the workbook's language: it decides the words the writer puts in cells that are
    read back as text (a setting's name and note)."""
    queued = ids is None
    allocated = iter(ids or ())
    out = dict(frames)
    for op in operations.flatten(ops):
        frame = out.get(op.sheet)
        if frame is None:
            continue
        frame = frame.copy()
        if queued and PENDING not in frame.columns:
            # nullable, like every flag the reader types: rows a page builds beside the read ones
            # (a showroom visit counted as a contact) carry NA here, which plain bool cannot hold
            frame[PENDING] = pd.Series(False, index=frame.index, dtype="boolean")
        decl = schema.sheet(op.sheet)
        if isinstance(op, operations.Append):
            frame = _append(frame, decl, dict(op.values), out, allocated, queued, lang)
        else:
            mask = _matches(frame, decl, op.key)
            if mask.any():
                _update(frame, decl, mask, dict(op.values), allocated, queued, lang)
            elif isinstance(op, operations.Upsert):
                frame = _append(frame, decl, {**op.values, **op.key}, out, allocated, queued, lang)
        out[op.sheet] = frame
    return out


def settings(current: dict[str, object], ops: Any, *, lang: Lang = "zh") -> dict[str, object]:
    """The typed settings (`LoadedWorkbook.settings`) with the operations on the settings sheet
    applied, as the reader would type them from the cells the writer makes (a blank or bad
    value reads as the default)."""
    out = dict(current)
    name_column = schema.sheet("settings").column("name")
    for op in operations.flatten(ops):
        if op.sheet != "settings":
            continue
        named = op.values.get("name") if isinstance(op, operations.Append) else op.key.get("name")
        setting = schema.SETTINGS_BY_KEY.get(str(codecs.key(name_column, named, "settings")))
        if setting is None or (not isinstance(op, operations.Append) and "value" not in op.values):
            continue
        try:
            cell = codecs.setting_cell(setting, op.values.get("value"), lang)
        except codecs.Refusal:
            continue  # the write will refuse it
        raw = codecs.as_read(cell)
        parsed = codecs.parse_setting(setting, raw) if not codecs.is_blank(raw) else codecs.EMPTY
        out[setting.key] = parsed.value if parsed.accepted and parsed.value is not None else setting.default
    return out


# --------------------------------------------------------------------------- values


def _as_written_then_read(decl: schema.Sheet, column: schema.Column, value: Any, lang: Lang, setting: Any) -> Any:
    """The reader's typed value of the cell the writer makes for `value` (plain Python, None blank)."""
    codec = codecs.codec_for(column, decl.key)
    try:
        if decl.key == "settings" and column.key == "value" and setting in schema.SETTINGS_BY_KEY:
            written = codecs.setting_cell(schema.SETTINGS_BY_KEY[str(setting)], value, lang)
        else:
            written = codec.cell(value, lang)
    except codecs.Refusal:
        # the write will refuse it; meanwhile the value is shown as the operation gave it
        return operations.plain(value)
    return codec.parse(codecs.as_read(written)).value


def _frame_value(value: Any, series: pd.Series) -> Any:
    """A plain Python value as a cell of `series` (NaT/NaN/NA for blank, by the column's dtype)."""
    kind = series.dtype.kind
    if value is None:
        return pd.NaT if kind == "M" else (np.nan if kind == "f" else pd.NA)
    if isinstance(value, dt.date):
        return pd.Timestamp(value)
    return value


def _matches(frame: pd.DataFrame, decl: schema.Sheet, key: dict[str, Any]) -> pd.Series:
    """Rows whose key columns hold `key`, compared as the writer compares (the codecs' canonical form)."""
    mask = pd.Series(True, index=frame.index)
    for k, v in key.items():
        if v in (None, "") or k not in frame.columns:
            continue
        column = decl.column(k)
        target = codecs.key(column, v, decl.key)
        series = frame[k]
        if isinstance(codecs.codec_for(column, decl.key), codecs.SettingName):
            # a settings row is named by key or label: compare every name's canonical form
            names = [codecs.key(column, cell, "settings") for cell in series.tolist()]
            hit = pd.Series([name == target for name in names], index=frame.index)
        else:
            want = _frame_value(target, series)
            try:
                hit = series.eq(want)
            except (TypeError, ValueError):  # a value of another kind (text in a date column) matches nothing
                hit = pd.Series(False, index=frame.index)
        mask &= hit.fillna(False).astype(bool)
    return mask


# --------------------------------------------------------------------------- rows


def _update(
    frame: pd.DataFrame,
    decl: schema.Sheet,
    mask: pd.Series,
    values: dict[str, Any],
    allocated: Iterator[str],
    queued: bool,
    lang: Lang,
) -> None:
    idc = decl.id_column
    if idc and idc in frame.columns and values.get(idc) in (None, "") and frame.loc[mask, idc].isna().any():
        values[idc] = next(allocated, None)  # a hand-added row gets its ID the first time it is written
    setting = None
    if decl.key == "settings" and "name" in frame.columns:
        setting = codecs.key(decl.column("name"), frame.loc[mask, "name"].iloc[0], "settings")
    for k, v in values.items():
        if k in frame.columns:
            typed = _as_written_then_read(decl, decl.column(k), v, lang, setting)
            frame.loc[mask, k] = _frame_value(typed, frame[k])
    if queued:
        frame.loc[mask, PENDING] = True


def _append(
    frame: pd.DataFrame,
    decl: schema.Sheet,
    values: dict[str, Any],
    frames: dict[str, pd.DataFrame],
    allocated: Iterator[str],
    queued: bool,
    lang: Lang,
) -> pd.DataFrame:
    _fill_from_customer(decl, values, frames)
    idc = decl.id_column
    if idc and idc in frame.columns and values.get(idc) in (None, ""):
        values[idc] = next(allocated, None)  # None: allocated when the file is written
    setting = values.get("name") if decl.key == "settings" else None
    if decl.key == "settings" and "note" in frame.columns and values.get("note") is None:
        values["note"] = codecs.setting_note(setting, lang)
    row: dict[str, Any] = {}
    keys = decl.column_keys()
    for c in frame.columns:
        if c in (ROW, PENDING) or c not in keys:
            continue
        typed = _as_written_then_read(decl, decl.column(c), values.get(c), lang, setting)
        row[c] = _frame_value(typed, frame[c])
    if ROW in frame.columns:
        row[ROW] = pd.NA  # an appended row's Excel row is known to the file only
        frame = frame.assign(**{ROW: frame[ROW].astype("Int64")})
    if queued:
        row[PENDING] = True
    new = pd.DataFrame([row], columns=frame.columns)
    for c in frame.columns:
        try:
            new[c] = new[c].astype(frame[c].dtype)
        except (TypeError, ValueError):
            new[c] = new[c].astype(object)
    if frame.empty:
        return new.reset_index(drop=True)
    return pd.concat([frame, new], ignore_index=True)


def _fill_from_customer(decl: schema.Sheet, values: dict[str, Any], frames: dict[str, pd.DataFrame]) -> None:
    """Name, phone and consultant of a record's customer, by the writer's rule, from the customers frame."""
    fills = operations.customer_fills(decl.key, values)
    customers = frames.get("customers")
    if not fills or customers is None or "customer_id" not in customers.columns:
        return
    hit = customers[_matches(customers, schema.sheet("customers"), {"customer_id": values["customer_id"]})]
    if len(hit) != 1:
        return
    for k, src in fills:
        if src in hit.columns:
            v = operations.plain(hit.iloc[0][src])
            if v not in (None, ""):
                values[k] = v
