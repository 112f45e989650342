"""Call scripts (话术) for each follow-up kind, filled with the customer's and caller's names.

The templates live in `i18n/due.py` under `due.script.<kind>`; this module only chooses the
template and the parameters: how to address the customer (surname + 先生/女士, or the full
name when the sex is unknown), the caller, the store and brand, the festival.
"""

from __future__ import annotations

from collections.abc import Mapping
from string import Formatter
from typing import Any

import numpy as np
import pandas as pd

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


def _blank(values: np.ndarray) -> np.ndarray:
    out = values.astype(object)
    out[pd.isna(out)] = ""
    return out


def scripts_for(items: pd.DataFrame, settings: Mapping[str, Any], lang: str) -> np.ndarray:
    """Scripts for every row of a due-items frame (columns customer, sex, consultant, kind, festival)."""
    n = len(items)
    names: dict[tuple[Any, Any], str] = {}
    who = np.empty(n, dtype=object)
    for i, key in enumerate(
        zip(_blank(items["customer"].to_numpy()).tolist(), _blank(items["sex"].to_numpy()).tolist(), strict=True)
    ):
        got = names.get(key)
        if got is None:
            got = names[key] = address(key[0] or None, key[1] or None, lang)
        who[i] = got
    fest = np.array(
        [festival_name(f, lang) if f else "" for f in _blank(items["festival"].to_numpy()).tolist()], dtype=object
    )
    params = {
        "customer": who,
        "consultant": _blank(items["consultant"].to_numpy()),
        "store": np.full(n, store_phrase(settings), dtype=object),
        "festival": fest,
    }
    kinds = items["kind"].to_numpy(dtype=object)
    out = np.full(n, "", dtype=object)
    # one template per kind, filled by whole columns: string concatenation instead of n formats
    for kind in pd.unique(kinds):
        m = kinds == kind
        acc = np.full(int(m.sum()), "", dtype=object)
        for literal, field, _, _ in Formatter().parse(_template(str(kind), lang)):
            if literal:
                acc = acc + literal
            if field:
                acc = acc + params[field][m] if field in params else acc + "{" + field + "}"
        out[m] = acc
    return out
