"""The one table of every string the product shows, in Chinese (zh) and English (en).

Each area keeps its rows in its own module here (`common`, `problems`, `writing`, `pages_*`,
...); they are merged into `STRINGS` at import and a duplicate key is an error. A row is
`key: (zh, en)`; both texts are `str.format` templates over the same named parameters.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

STRINGS: dict[str, tuple[str, str]] = {}


def _load() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        table = getattr(module, "STRINGS", None)
        if not isinstance(table, dict):
            continue
        for key, pair in table.items():
            if key in STRINGS:
                raise RuntimeError(f"i18n key {key!r} is defined twice (again in {info.name})")
            STRINGS[key] = pair


_load()


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
