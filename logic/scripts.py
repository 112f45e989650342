"""Call scripts (话术) for each follow-up kind, filled with the customer's and caller's names.

The templates live in `i18n/due.py` under `due.script.<kind>`; this module only chooses the
template and the parameters: how to address the customer (surname + 先生/女士, or the full
name when the sex is unknown), the caller, the store and brand, the festival.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from string import Formatter
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from i18n import STRINGS, t
from logic.cn_calendar import festival_name

COMPOUND_SURNAMES = (
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "司徒",
    "夏侯", "长孙", "宇文", "轩辕", "端木", "独孤", "南宫", "西门", "百里", "呼延", "澹台",
)  # fmt: skip


def surname(name: str) -> str:
    """The family name of a Chinese name (two characters for compound surnames), or the first word."""
    name = name.strip()
    if " " in name:
        return name.split()[0]
    if name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    return name[:1]


def address(name: str | None, sex: str | None, lang: str) -> str:
    """How a caller addresses the customer: 王先生 / 李女士 / Mr. Wang, else the full name."""
    if not name:
        return t("due.script.you", lang)
    if sex not in ("M", "F") or len(name.strip()) < 2:
        return name.strip()
    key = "due.script.mr" if sex == "M" else "due.script.ms"
    return t(key, lang, surname=surname(name))


_address = lru_cache(maxsize=65536)(address)  # the same customers come back on every refresh


def store_phrase(settings: Mapping[str, Any]) -> str:
    """Brand and store as said on the phone, without repeating a brand the store name starts with."""
    store = str(settings.get("store_name") or "").strip()
    brand = str(settings.get("brand") or "").strip()
    if brand and not store.startswith(brand):
        return f"{brand}{store}" if store else brand
    return store


def _template(kind: str, lang: str) -> str:
    pair = STRINGS.get(f"due.script.{kind}")
    if pair is None:
        return "{customer}"
    return pair[0] if lang == "zh" else pair[1]


def script(kind: str, lang: str, *, customer: str, consultant: str, store: str, festival: str = "") -> str:
    """The filled script for one item."""
    return _template(kind, lang).format(customer=customer, consultant=consultant or "", store=store, festival=festival)


def _factor(values: Any) -> tuple[np.ndarray, list[str]]:
    """(codes, distinct values as text, "" for blanks) of a column: work once per distinct value."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=False)
    return codes, ["" if u is None or (not isinstance(u, str) and pd.isna(u)) else str(u) for u in uniques]


_PYTHON_ROWS = 2000


def scripts_for(items: pd.DataFrame | Mapping[str, Any], settings: Mapping[str, Any], lang: str) -> np.ndarray:
    """Scripts for every row of a due-items frame, or a mapping of its columns (customer, sex, consultant, kind, festival)."""
    n = len(items["kind"])
    name_codes, names = _factor(np.asarray(items["customer"]))
    sex_codes, sexes = _factor(np.asarray(items["sex"]))
    pair_codes, pairs = pd.factorize(name_codes.astype(np.int64) * 8 + sex_codes)
    said = [_address(names[p // 8] or None, sexes[p % 8] or None, lang) for p in pairs]
    fest_codes, fests = _factor(np.asarray(items["festival"]))
    caller_codes, callers = _factor(np.asarray(items["consultant"]))
    params = {
        "customer": np.array(said, dtype=object)[pair_codes],
        "consultant": np.array(callers, dtype=object)[caller_codes],
        "store": np.full(n, store_phrase(settings), dtype=object),
        "festival": np.array([festival_name(f, lang) if f else "" for f in fests], dtype=object)[fest_codes],
    }
    kind_codes, kinds = _factor(np.asarray(items["kind"]))
    out = np.full(n, "", dtype=object)
    # one template per kind: a few hundred rows are filled faster by Python's format, whole
    # columns of thousands in Arrow (C++); both join the same pieces (a format spec is ignored)
    for k, kind in enumerate(kinds):
        m = kind_codes == k
        fmt, fields = "", []
        for literal, field, _, _ in Formatter().parse(_template(kind, lang)):
            fmt += literal.replace("{", "{{").replace("}", "}}")
            if field and field in params:
                fmt += "{}"
                fields.append(field)
            elif field:
                fmt += "{{" + field + "}}"  # an unknown field stays as written
        count = int(m.sum())
        if not fields or count <= _PYTHON_ROWS:
            columns = [params[f][m] for f in fields]
            out[m] = [fmt.format(*v) for v in zip(*columns, strict=True)] if fields else fmt.format()
            continue
        pieces: list[Any] = []
        for literal, field, _, _ in Formatter().parse(_template(kind, lang)):
            if literal:
                pieces.append(literal)
            if field:
                pieces.append(pa.array(params[field][m], type=pa.string()) if field in params else "{" + field + "}")
        out[m] = pc.binary_join_element_wise(*pieces, "").to_numpy(zero_copy_only=False)
    return out
