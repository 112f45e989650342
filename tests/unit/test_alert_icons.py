"""Every alert the pages draw names its icon (`icon=""` for none): an alert without one makes Streamlit look
for a leading emoji in its text. Looking compiles a pattern of every emoji on the first alert with non-ASCII
text (0.26 s of the app's first page, measured), and finding one would take it off the text: a name from
the workbook that starts with an emoji would lose it."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ALERTS = {"warning", "error", "info", "success"}


def _alerts_without_icon(source: str) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ALERTS
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "st"
            and not any(k.arg == "icon" for k in node.keywords)
        ):
            lines.append(node.lineno)
    return lines


def test_the_check_finds_an_alert_without_an_icon() -> None:
    assert _alerts_without_icon('st.warning("x")\nst.info("y", icon="")\n') == [1]


def test_every_alert_of_the_app_names_its_icon() -> None:
    files = [ROOT / "app.py", *(ROOT / "ui").rglob("*.py"), *(ROOT / "pages").rglob("*.py")]
    missing = {str(f.relative_to(ROOT)): lines for f in files if (lines := _alerts_without_icon(f.read_text("utf-8")))}
    assert missing == {}
