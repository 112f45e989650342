"""Imports point one way: logic/ is pure; workbook/ knows no streamlit, rules or languages and is the only
layer making .xlsx files; the shell imports its modules by name, at the top (issue #14)."""

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
PROJECT = {"ui", "pages", "logic", "workbook", "i18n", "commands", "access"}
PRODUCT_OUTSIDE_WORKBOOK = ("ui", "pages", "logic", "commands", "i18n", "access", "app.py", "cli.py")


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


def _imports_inside_functions(path: Path) -> list[str]:
    """The project modules `path` imports inside a function body (where an import cycle hides)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(fn):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            else:
                continue
            found += [f"{n} line {node.lineno}" for n in names if n.split(".")[0] in PROJECT]
    return found


def _product_files_outside_workbook() -> list[Path]:
    out: list[Path] = []
    for part in PRODUCT_OUTSIDE_WORKBOOK:
        out += [ROOT / part] if part.endswith(".py") else _files(part)
    return out


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


@pytest.mark.parametrize("path", _files("access"), ids=lambda p: p.name)
def test_access_stands_alone(path):
    # PINs, tokens and lockouts: the standard library only, so the command line and the app share them
    bad = _imports(path) & (PROJECT - {"access"} | {"streamlit", "pandas"})
    assert not bad, f"{path.name} imports {sorted(bad)}"


@pytest.mark.parametrize("path", _files("workbook"), ids=lambda p: p.name)
def test_workbook_imports_no_rules_from_logic(path):
    assert "logic" not in _imports(path), f"{path.name} imports logic/: the caller should pass the figures"


@pytest.mark.parametrize("path", _files("workbook"), ids=lambda p: p.name)
def test_workbook_imports_no_translations(path):
    # errors and problems carry codes and parameters; whoever shows them words them (i18n.describe)
    assert "i18n" not in _imports(path), f"{path.name} imports i18n: the caller should pass the texts"


@pytest.mark.parametrize("path", _product_files_outside_workbook(), ids=lambda p: str(p.relative_to(ROOT)))
def test_only_workbook_makes_or_opens_xlsx_files(path):
    bad = _imports(path) & {"xlsxwriter", "openpyxl", "python_calamine"}
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}: .xlsx files are workbook/'s"


@pytest.mark.parametrize(
    "path", [*_files("ui"), *_files("pages"), ROOT / "app.py", ROOT / "cli.py"], ids=lambda p: p.name
)
def test_the_shell_imports_modules_by_name_not_by_string(path):
    text = path.read_text(encoding="utf-8")
    assert "importlib" not in _imports(path) and "optional(" not in text, path.name


@pytest.mark.parametrize("path", [*_files("ui"), *_files("pages")], ids=lambda p: p.name)
def test_the_shell_imports_project_modules_at_the_top(path):
    assert not _imports_inside_functions(path), f"{path.name}: {_imports_inside_functions(path)}"


def test_the_import_scanner_sees_imports():
    assert {"streamlit", "ui"} <= _imports(ROOT / "app.py")


def test_the_scanner_sees_imports_inside_functions(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text("import os\n\ndef f():\n    from ui import session\n    import json\n", encoding="utf-8")
    assert _imports_inside_functions(sample) == ["ui line 4"]
    assert "ui" in _imports(sample)


def test_the_file_io_scanner_sees_open_calls(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text("def f(p):\n    return open(p).read() + p.read_text()\n", encoding="utf-8")
    assert len(_file_io(sample)) == 2
