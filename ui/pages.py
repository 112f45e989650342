"""Every screen of the product, declared once: file, title key, icon; app.py shows those that exist.

The morning meeting is the first screen because the app runs on the manager's laptop;
consultants open "Follow-ups due" (or get a bookmark to /due).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class PageSpec:
    """One page: its file under the repo root, the i18n key of its title, a Material icon."""

    file: str
    title_key: str
    icon: str

    @property
    def url_path(self) -> str:
        return Path(self.file).stem

    def exists(self, root: Path = ROOT) -> bool:
        return (root / self.file).is_file()


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/morning.py", "ui.page.morning", ":material/wb_sunny:"),
    PageSpec("pages/evening.py", "ui.page.evening", ":material/nights_stay:"),
    PageSpec("pages/due.py", "ui.page.due", ":material/call:"),
    PageSpec("pages/plan_actual.py", "ui.page.plan_actual", ":material/bar_chart:"),
    PageSpec("pages/hot.py", "ui.page.hot", ":material/local_fire_department:"),
    PageSpec("pages/deliveries.py", "ui.page.deliveries", ":material/directions_car:"),
    PageSpec("pages/health.py", "ui.page.health", ":material/fact_check:"),
    PageSpec("pages/customers.py", "cust.page", ":material/person_search:"),
    PageSpec("pages/showroom.py", "showroom.page", ":material/storefront:"),
    PageSpec("pages/staff.py", "staff.title", ":material/group:"),
    PageSpec("pages/phones.py", "lan.page.title", ":material/smartphone:"),
)
DEFAULT_ORDER: tuple[str, ...] = ("pages/morning.py", "pages/due.py", "pages/health.py")
HEALTH = "pages/health.py"


def available(root: Path = ROOT) -> list[PageSpec]:
    """The declared pages whose file exists, in menu order."""
    return [p for p in PAGES if p.exists(root)]


def default_page(pages: list[PageSpec]) -> PageSpec | None:
    """The first screen: the morning meeting if present, else the first that exists."""
    files = {p.file: p for p in pages}
    for f in DEFAULT_ORDER:
        if f in files:
            return files[f]
    return pages[0] if pages else None


def root_name(page: PageSpec) -> str:
    """The internal name of the first page, served at the root (its own path is kept for a hidden twin)."""
    return f"{page.url_path}-first"


def spec(file: str) -> PageSpec:
    """The declaration of a page file."""
    for p in PAGES:
        if p.file == file:
            return p
    raise KeyError(file)


def by_title(title_key: str) -> PageSpec | None:
    """The page declared with this title key (page_setup knows its page by its title)."""
    for p in PAGES:
        if p.title_key == title_key:
            return p
    return None
