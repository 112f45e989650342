"""What the staff page shows: each staff member with their customers, and whose customers a bulk move takes.

A customer counts under the consultant its card names; cards merged into another count nowhere.
Open customers are those still to be sold or delivered (grades H, A, B, C and O); delivered (D),
lost (F) and dormant (Z) customers are not open.
"""

from __future__ import annotations

import pandas as pd

from logic.ownership import live_customers

OPEN_GRADES: tuple[str, ...] = ("H", "A", "B", "C", "O")
STAFF_COLUMNS: tuple[str, ...] = ("name", "role", "active", "customers", "open")


def _names(series: pd.Series) -> pd.Series:
    return series.astype("string").str.strip()


def _active(value: object) -> bool:
    """A blank "active" cell means active; only a no makes someone inactive."""
    return value is None or bool(pd.isna(value)) or bool(value)


def staff_table(staff: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    """One row per staff member (then per consultant named on cards but not on the staff sheet): role,
    whether active, how many customers and how many open customers their cards name."""
    live = live_customers(customers)
    owner = _names(live["consultant"])
    is_open = live["grade"].astype("string").str.strip().str.upper().isin(OPEN_GRADES)
    total = owner.value_counts()
    open_ = owner[is_open.fillna(False).to_numpy(dtype=bool)].value_counts()
    names = [str(n).strip() for n in staff["name"].dropna() if str(n).strip()]
    roles = dict(zip(_names(staff["name"]), staff["role"], strict=True))
    active = dict(zip(_names(staff["name"]), staff["active"], strict=True))
    names += [str(n) for n in total.index if str(n) not in names]
    rows = [
        {
            "name": n,
            "role": None if pd.isna(roles.get(n, pd.NA)) else roles.get(n),
            "active": n in roles and _active(active.get(n)),
            "customers": int(total.get(n, 0)),
            "open": int(open_.get(n, 0)),
        }
        for n in dict.fromkeys(names)
    ]
    return pd.DataFrame(rows, columns=list(STAFF_COLUMNS))


def customers_of(customers: pd.DataFrame, consultant: str, *, open_only: bool = False) -> list[str]:
    """The IDs of the live cards under `consultant` (only the open ones with `open_only`), in sheet order."""
    live = live_customers(customers)
    mine = live[_names(live["consultant"]).eq(consultant).fillna(False).to_numpy(dtype=bool)]
    if open_only:
        grades = mine["grade"].astype("string").str.strip().str.upper()
        mine = mine[grades.isin(OPEN_GRADES).fillna(False).to_numpy(dtype=bool)]
    return [str(c).strip() for c in mine["customer_id"].dropna() if str(c).strip()]
