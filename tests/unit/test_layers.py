"""Imports point one way: logic/ is pure, workbook/ knows no streamlit, pages/ stay thin."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STDLIB = frozenset(__import__("sys").stdlib_module_names)
PAGE_ALLOWED = {"ui", "logic", "workbook", "i18n", "streamlit", "pandas", "altair"}
FILE_IO_CALLS = {"open"}
FILE_IO_ATTRS = {"read_text", "write_text", "read_bytes", "write_bytes", "unlink", "mkdir", "touch", "iterdir", "glob"}
FILE_IO_MODULES = {"shutil", "tempfile", "glob"}


def _files(folder: str) -> list[Path]:
    return sorted(p for p in (ROOT / folder).rglob("*.py") if ".venv" not in p.parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        elif _is_import_module_call(node):
            found.add(node.args[0].value.split(".")[0])
    return found


def _is_import_module_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "import_module"
        and bool(node.args)
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    )


def _file_io(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name) and f.id in FILE_IO_CALLS:
                calls.append(f"{f.id}() line {node.lineno}")
            elif isinstance(f, ast.Attribute) and f.attr in FILE_IO_ATTRS:
                calls.append(f"{f.attr}() line {node.lineno}")
    calls.extend(f"import {m}" for m in sorted(_imports(path) & FILE_IO_MODULES))
    return calls


@pytest.mark.parametrize("path", _files("logic"), ids=lambda p: p.name)
def test_logic_imports_neither_streamlit_nor_openpyxl(path):
    bad = _imports(path) & {"streamlit", "openpyxl", "python_calamine", "xlsxwriter", "ui", "pages"}
    assert not bad, f"{path.name} imports {sorted(bad)}"


@pytest.mark.parametrize("path", _files("logic"), ids=lambda p: p.name)
def test_logic_does_no_file_io(path):
    assert not _file_io(path), f"{path.name}: {_file_io(path)}"


@pytest.mark.parametrize("path", _files("workbook"), ids=lambda p: p.name)
def test_workbook_never_imports_streamlit_or_the_ui(path):
    bad = _imports(path) & {"streamlit", "ui", "pages"}
    assert not bad, f"{path.name} imports {sorted(bad)}"


@pytest.mark.parametrize("path", _files("pages"), ids=lambda p: p.name)
def test_pages_import_only_the_ui_logic_workbook_i18n_and_a_few_libraries(path):
    bad = {m for m in _imports(path) if m not in PAGE_ALLOWED and m not in STDLIB and m != "__future__"}
    assert not bad, f"{path.name} imports {sorted(bad)}"


def test_the_import_scanner_sees_imports():
    assert {"streamlit", "ui"} <= _imports(ROOT / "app.py")


def test_the_file_io_scanner_sees_open_calls(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text("def f(p):\n    return open(p).read() + p.read_text()\n", encoding="utf-8")
    assert len(_file_io(sample)) == 2
