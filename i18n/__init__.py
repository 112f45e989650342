"""The one table of every string the product shows, in Chinese (zh) and English (en).

Each area keeps its rows in its own module here (`common`, `ui`, `problems`, `due`, ...), listed
once in `TABLES`; they are merged into `STRINGS` at import and a duplicate key is an error. A row is
`key: (zh, en)`; both texts are `str.format` templates over the same named parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from i18n import (
    cards,
    common,
    customers,
    deliveries,
    due,
    fit,
    health,
    hot,
    lan,
    meetings,
    owners,
    phonepages,
    present,
    problems,
    readcost,
    rules,
    sample,
    showroom,
    ui,
    writing,
)

TABLES: dict[str, dict[str, tuple[str, str]]] = {
    "cards": cards.STRINGS,
    "common": common.STRINGS,
    "customers": customers.STRINGS,
    "deliveries": deliveries.STRINGS,
    "due": due.STRINGS,
    "fit": fit.STRINGS,
    "health": health.STRINGS,
    "hot": hot.STRINGS,
    "lan": lan.STRINGS,
    "meetings": meetings.STRINGS,
    "owners": owners.STRINGS,
    "present": present.STRINGS,
    "phonepages": phonepages.STRINGS,
    "problems": problems.STRINGS,
    "rules": rules.STRINGS,
    "readcost": readcost.STRINGS,
    "sample": sample.STRINGS,
    "showroom": showroom.STRINGS,
    "ui": ui.STRINGS,
    "writing": writing.STRINGS,
}


def _merged() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for area, table in TABLES.items():
        for key, pair in table.items():
            if key in merged:
                raise RuntimeError(f"i18n key {key!r} is defined twice (again in {area})")
            merged[key] = pair
    return merged


STRINGS = _merged()


class Coded(Protocol):
    """What the workbook layer reports (a problem, an error): a code and its parameters, no text."""

    @property
    def code(self) -> str: ...

    @property
    def params(self) -> Mapping[str, Any]: ...


def describe(found: Coded, lang: str = "zh") -> str:
    """The text of a problem or error in `lang`. Its `expected` parameter may itself be a key (what a
    refusal expected: `write.type.date`), made into text in the same language with the same parameters."""
    params = dict(found.params)
    expected = params.get("expected")
    if isinstance(expected, str) and expected in STRINGS:
        params["expected"] = t(expected, lang, **{k: v for k, v in params.items() if k != "expected"})
    return t(found.code, lang, **params)


def t(key: str, lang: str = "zh", /, **params: Any) -> str:
    """The text for `key` in `lang`, formatted with `params`; an unknown key shows itself."""
    pair = STRINGS.get(key)
    if pair is None:
        return key if not params else f"{key} {params}"
    text = pair[0] if lang == "zh" else pair[1]
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text
