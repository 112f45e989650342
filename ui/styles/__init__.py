"""The pages' style sheets (`ui/styles/NAME.css`), kept as CSS files so an editor and a linter can read them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_HERE = Path(__file__).parent


@cache
def stylesheet(name: str) -> str:
    """The `<style>` block of `ui/styles/{name}.css`, ready for `st.html`."""
    return f"<style>\n{(_HERE / f'{name}.css').read_text(encoding='utf-8')}</style>\n"
