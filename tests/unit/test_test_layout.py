"""The tests stay placeable: every test module in a level folder, the unit level runs no app, helpers come from support."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
LEVELS = ("unit", "app", "browser")
# what only the app and browser levels may use: the Streamlit app run whole, or a real browser
APP_ONLY = ("streamlit.testing", "tests.support.apptest_helpers", "playwright", "tests.support.browser")


def _modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


def _test_modules() -> list[Path]:
    return sorted(TESTS.rglob("test_*.py"))


def test_every_test_module_sits_in_a_level_folder() -> None:
    misplaced = [
        p.relative_to(TESTS).as_posix() for p in _test_modules() if p.relative_to(TESTS).parts[0] not in LEVELS
    ]
    assert misplaced == [], f"move these into tests/unit, tests/app or tests/browser: {misplaced}"


@pytest.mark.parametrize("path", sorted((TESTS / "unit").glob("test_*.py")), ids=lambda p: p.name)
def test_a_unit_test_runs_no_app_and_no_browser(path: Path) -> None:
    used = sorted(m for m in _modules(path) if m.startswith(APP_ONLY))
    assert used == [], f"{path.name} belongs in tests/app or tests/browser: it imports {used}"


@pytest.mark.parametrize(
    "path", _test_modules() + sorted(TESTS.rglob("support/**/*.py")), ids=lambda p: p.relative_to(TESTS).as_posix()
)
def test_no_test_imports_another_test_module_or_a_conftest(path: Path) -> None:
    other = sorted(
        m for m in _modules(path) if m.startswith("tests.") and (".test_" in m or m.split(".")[-1] == "conftest")
    )
    assert other == [], f"{path.name}: put what is shared in tests/support instead of importing {other}"
