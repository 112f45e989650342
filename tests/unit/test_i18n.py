"""The one string table is complete: both languages, the same {params}, and every key the UI uses exists."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

import i18n
from ui import pages as ui_pages

ROOT = Path(__file__).resolve().parents[2]
KEY_FUNCS = {"t", "page_setup"}  # t("key"), ctx.t("key"), session.t("key"), i18n.t("key", lang), page_setup("key")


def _params(text: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(text) if name}


def _ui_sources() -> list[Path]:
    files = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]
    return [f for f in files if f.is_file()]


def _used_keys() -> list[tuple[str, str]]:
    found = []
    for f in _ui_sources():
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            arg = node.args[0]
            if name in KEY_FUNCS and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.append((f.relative_to(ROOT).as_posix(), arg.value))
    return found


@pytest.mark.parametrize("key", sorted(i18n.STRINGS))
def test_every_string_has_chinese_and_english(key):
    pair = i18n.STRINGS[key]
    assert isinstance(pair, tuple) and len(pair) == 2, f"{key}: expected (zh, en)"
    zh, en = pair
    assert isinstance(zh, str) and zh.strip(), f"{key}: Chinese text missing"
    assert isinstance(en, str) and en.strip(), f"{key}: English text missing"


@pytest.mark.parametrize("key", sorted(i18n.STRINGS))
def test_both_languages_use_the_same_parameters(key):
    zh, en = i18n.STRINGS[key]
    assert _params(zh) == _params(en), f"{key}: zh uses {_params(zh)}, en uses {_params(en)}"


def test_the_key_scanner_finds_keys_in_the_ui():
    keys = {k for _, k in _used_keys()}
    assert "ui.sidebar.open" in keys and "ui.page.health" in keys


def test_every_key_the_ui_uses_is_in_the_table():
    missing = sorted({f"{f}: {k}" for f, k in _used_keys() if k not in i18n.STRINGS})
    assert not missing, "keys used but not in i18n/: " + ", ".join(missing)


def test_every_page_title_is_in_the_table():
    assert [p.title_key for p in ui_pages.PAGES if p.title_key not in i18n.STRINGS] == []


def test_an_unknown_key_shows_itself_rather_than_crashing():
    assert i18n.t("no.such.key", "en") == "no.such.key"
