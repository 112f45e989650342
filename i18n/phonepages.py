"""Strings of the pages a phone shows (issue 19): the front desk's showroom form."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "phonepages.showroom.more": (
        "更多：信息来源、意向车型、预约、竞品、现用车、交接顾问",
        "More: source, model, next visit, competitor, current car, hand-over",
    ),
}
