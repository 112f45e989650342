"""What each role may see from the showroom network (CONTRACTS.md "Who is acting": the table of roles).

A browser on the manager's own machine is the manager's and sees everything. A signed-in phone sees only the
pages of its staff member's role; everything else answers "not available", never the data.
"""

from __future__ import annotations

import pandas as pd

from logic.followups import MANAGER_ROLES

# page files by role: a page not listed for a role is not reachable for it
PAGES_BY_ROLE: dict[str, frozenset[str]] = {
    "consultant": frozenset({"pages/due.py", "pages/customers.py", "pages/deliveries.py"}),
    "front_desk": frozenset({"pages/showroom.py"}),
    "service_advisor": frozenset({"pages/deliveries.py"}),
}

# sheets each role may write to from a phone (the manager writes everything)
SHEETS_BY_ROLE: dict[str, frozenset[str]] = {
    "consultant": frozenset({"contacts", "customers", "reschedules", "plans", "checklist", "lost"}),
    "front_desk": frozenset({"showroom_log"}),
    "service_advisor": frozenset({"checklist"}),
}
# where an operation names the customer it concerns
CUSTOMER_SHEETS = frozenset({"contacts", "reschedules", "lost", "customers", "deliveries"})


def is_manager_role(role: str | None) -> bool:
    """Whether a staff role code is a manager's (manager or director)."""
    return role in MANAGER_ROLES


def may_see(role: str | None, page_file: str) -> bool:
    """Whether a signed-in staff member of `role` may open the page `page_file` (e.g. "pages/due.py")."""
    if is_manager_role(role):
        return True
    return page_file in PAGES_BY_ROLE.get(role or "", frozenset())


def sees_only_own(role: str | None) -> bool:
    """Whether lists are cut to the staff member's own customers (a consultant's)."""
    return role == "consultant"


def active_staff(staff: pd.DataFrame | None) -> dict[str, str]:
    """Active staff name -> role code, in sheet order (a row without a name, or not active, is left out)."""
    if staff is None or staff.empty or "name" not in staff.columns:
        return {}
    out: dict[str, str] = {}
    for _, row in staff.iterrows():
        name = row.get("name")
        if pd.isna(name) or not str(name).strip():
            continue
        active = row.get("active")
        if active is not pd.NA and active is not None and not pd.isna(active) and not bool(active):
            continue
        role = row.get("role")
        out[str(name).strip()] = "" if pd.isna(role) else str(role)
    return out


def refused_sheets(
    role: str | None, name: str, writes: list[tuple[str, str | None]], owners: dict[str, str]
) -> list[str]:
    """The sheets among `writes` (sheet, customer ID or None) that `name` of `role` may not write from a phone:
    a sheet outside the role, or a customer who is not the consultant's own (`owners`: customer ID ->
    consultant). Empty when everything may be written."""
    if is_manager_role(role):
        return []
    allowed = SHEETS_BY_ROLE.get(role or "", frozenset())
    bad = []
    for sheet, customer in writes:
        if sheet not in allowed or (
            sees_only_own(role) and customer is not None and owners.get(customer, name) != name
        ):
            bad.append(sheet)
    return bad


def own_frames(frames: dict[str, pd.DataFrame], name: str) -> dict[str, pd.DataFrame]:
    """The sheets as a consultant's phone sees them: their own customers, and of every sheet that names a
    customer (or a delivery) only the rows of those; plans, rota and targets only their own rows; the
    rest (staff, settings, the calendar) whole."""
    out = dict(frames)
    customers = frames.get("customers")
    if customers is None or "consultant" not in customers.columns:
        return out
    mine = customers[customers["consultant"].astype("string").str.strip() == name]
    out["customers"] = mine
    ids = set(mine["customer_id"].dropna().astype(str)) if "customer_id" in mine.columns else set()
    for key, frame in frames.items():
        if key == "customers" or frame is None:
            continue
        if "customer_id" in frame.columns:
            out[key] = frame[frame["customer_id"].astype("string").isin(ids).fillna(False)]
        elif key in ("plans", "rota", "targets", "meetings") and "consultant" in frame.columns:
            out[key] = frame[(frame["consultant"].astype("string").str.strip() == name).fillna(False)]
    deliveries = out.get("deliveries")
    checklist = frames.get("checklist")
    if deliveries is not None and checklist is not None and "delivery_id" in checklist.columns:
        own = set(deliveries["delivery_id"].dropna().astype(str))
        out["checklist"] = checklist[checklist["delivery_id"].astype("string").isin(own).fillna(False)]
    return out
