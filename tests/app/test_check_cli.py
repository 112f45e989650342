"""`cli.py check` in a real subprocess: a calamine abort would show as a failed test here,
not as a dead pytest. Every refused file gets one clear message, exit 2, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from tests.support import hostile
from tests.support.cli import run_cli
from tests.support.shared import CORPUS, needs_corpus
from workbook.template import write_workbook

ROOT = Path(__file__).resolve().parents[2]


def check(path: Path, *extra: str) -> tuple[int, dict | str, str]:
    """Run the command; (exit code, parsed JSON or text, stderr)."""
    proc = run_cli("check", str(path), *extra)
    out: dict | str = json.loads(proc.stdout) if "--json" in extra and proc.stdout.strip() else proc.stdout
    return proc.returncode, out, proc.stderr


@pytest.mark.slow
def test_the_sample_from_the_cli_checks_usable_without_errors(tmp_path):
    path = tmp_path / "s.xlsx"
    made = run_cli("sample", str(path), "--today", "2026-11-20", timeout=300)
    assert made.returncode == 0, made.stderr
    code, out, err = check(path, "--json", "--today", "2026-11-20")
    assert code == 0, err
    assert out["usable"] is True
    assert [p for p in out["problems"] if p["severity"] == "error"] == []
    for p in out["problems"]:
        assert set(p) >= {"severity", "sheet", "row", "column", "value", "message"}


def test_problems_print_as_a_table_in_the_chosen_language(tmp_path):
    path = write_workbook(tmp_path / "t.xlsx", lang="zh")
    code, out, _ = check(path, "--lang", "en")
    assert code == 0 and "Usable: 0 errors, 0 warnings" in out


HOSTILE = {
    "stray XFD1048576": (lambda p: hostile.stray_cell(p), "problem.stray_cell"),
    "absurd extent": (lambda p: hostile.stray_cell(p, ref="XEZ1000000"), "problem.sheet_too_large"),
    "zip bomb": (lambda p: hostile.zip_bomb(p, inflated_mb=40), "problem.zip_bomb"),
    "lying zip": (lambda p: hostile.lying_zip_bomb(p, inflated_mb=2), "problem.zip_bomb"),
    "entity bomb": (lambda p: hostile.entity_bomb(p), "problem.xml_entities"),
    "old xls": (lambda p: hostile.ole2(p), "problem.old_xls"),
    "encrypted": (lambda p: hostile.ole2(p, encrypted=True), "problem.encrypted"),
    "csv renamed": (lambda p: hostile.csv_renamed(p), "problem.csv_renamed"),
    "empty": (lambda p: p.write_bytes(b""), "problem.file_empty"),
    "not a workbook": (lambda p: p.write_bytes(bytes(range(256)) * 8), "problem.not_workbook"),
    "cells without refs past XFD": (lambda p: hostile.wide_cells_without_refs(p, 17000), "problem.stray_cell"),
    "a required sheet calamine cannot parse": (
        lambda p: hostile.full_workbook(p, {"客户": hostile.broken_sheet("bad_number")}),
        "problem.read_failed",
    ),
    "an unknown shared string": (
        lambda p: hostile.full_workbook(p, {"接触记录": hostile.broken_sheet("bad_shared_string")}),
        "problem.read_failed",
    ),
    "no sheets we know": (
        lambda p: hostile.raw_xlsx(p, [("Sheet1", hostile.sheet_xml([["a", "b"], [1, 2]]))]),
        "problem.required_sheet_missing",
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_refused_file_gets_one_clear_message_exit_2_and_no_traceback(tmp_path, name):
    build, code_expected = HOSTILE[name]
    path = tmp_path / "f.xlsx"
    build(path)
    t0 = time.perf_counter()
    code, out, err = check(path, "--json", "--lang", "en")
    assert time.perf_counter() - t0 < 60
    assert code == 2, err
    assert "Traceback" not in err
    assert out["usable"] is False
    (problem,) = out["problems"]
    assert problem["code"] == code_expected
    assert problem["sheet"] is None and problem["severity"] == "error" and problem["message"]


def test_a_truncated_sample_is_damaged(tmp_path):
    good = write_workbook(tmp_path / "t.xlsx", lang="zh")
    code, out, err = check(hostile.truncated(tmp_path / "cut.xlsx", good), "--json")
    assert code == 2 and out["problems"][0]["code"] == "problem.damaged" and "Traceback" not in err


@pytest.mark.parametrize("target", ["missing.xlsx", "."])
def test_a_missing_path_or_a_folder_exits_2_with_one_line(tmp_path, target):
    code, out, err = check(tmp_path / target)
    assert code == 2 and "Traceback" not in err and len(out.strip().splitlines()) == 1


def test_an_optional_sheet_calamine_cannot_parse_is_a_warning_and_the_rest_is_read(tmp_path):
    path = hostile.full_workbook(tmp_path / "f.xlsx", {"会议记录": hostile.broken_sheet("bad_number")})
    code, out, err = check(path, "--json")
    assert code == 0, err
    assert out["usable"] is True
    assert [(p["code"], p["sheet"], p["severity"]) for p in out["problems"]] == [
        ("problem.sheet_unreadable", "会议记录", "warning")
    ]


@needs_corpus
def test_calamine_reads_every_excel_saved_corpus_workbook_the_guard_passes_without_dying():
    script = (
        "import sys, glob\n"
        "from workbook.reading import read_workbook\n"
        "from workbook.errors import UnusableWorkbook\n"
        "for p in sorted(glob.glob(sys.argv[1] + '/*.xls[xm]')):\n"
        "    try:\n"
        "        read_workbook(p)\n"
        "    except UnusableWorkbook as e:\n"
        "        print(e.code)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(CORPUS)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    codes = proc.stdout.split()
    assert len(codes) == len([*CORPUS.glob("*.xlsx"), *CORPUS.glob("*.xlsm")])
    assert set(codes) == {"problem.required_sheet_missing"}


def test_a_consultant_and_a_customer_id_pointing_nowhere_are_warnings_in_the_json(tmp_path):
    day = date(2026, 11, 20)
    data = {
        "staff": [{"name": "王芳", "role": "consultant"}],
        "customers": [
            {"customer_id": "C00001", "name": "赵一", "phone": "13800000001", "consultant": "赵无名",
             "first_contact": day, "grade": "A"},
        ],
        "plans": [{"date": day, "consultant": "王芳", "customer_id": "C99999", "activity": "call"}],
    }  # fmt: skip
    path = write_workbook(tmp_path / "refs.xlsx", lang="zh", data=data)
    code, out, err = check(path, "--json", "--lang", "en")
    assert code == 0, err
    assert out["usable"] is True
    found = {p["code"]: p for p in out["problems"]}
    consultant, customer = found["problem.unknown_consultant"], found["problem.unknown_customer"]
    assert (consultant["severity"], consultant["sheet"], consultant["column"], consultant["value"]) == (
        "warning", "客户", "销售顾问", "赵无名",
    )  # fmt: skip
    assert (customer["sheet"], customer["column"], customer["value"]) == ("活动预订", "客户编号", "C99999")
    assert isinstance(consultant["row"], int) and isinstance(customer["row"], int)
    assert "is not on the 员工 sheet" in consultant["message"]
    code, text, _ = check(path)
    assert "客户编号 C99999 不在客户表中" in text and "可以使用: 0 个错误,2 个警告" in text
